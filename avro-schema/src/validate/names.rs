//! Name rules of the specification: names, namespaces, primitive names.

use crate::ir::Primitive;

/// The pattern every name, enum symbol and field name must match (shown in messages).
pub(crate) const NAME_PATTERN: &str = "[A-Za-z_][A-Za-z0-9_]*";

/// Whether `s` matches `[A-Za-z_][A-Za-z0-9_]*`.
pub(crate) fn is_valid_name(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The primitive called `name`, if any.
pub(crate) fn primitive(name: &str) -> Option<Primitive> {
    Some(match name {
        "null" => Primitive::Null,
        "boolean" => Primitive::Boolean,
        "int" => Primitive::Int,
        "long" => Primitive::Long,
        "float" => Primitive::Float,
        "double" => Primitive::Double,
        "bytes" => Primitive::Bytes,
        "string" => Primitive::String,
        _ => return None,
    })
}

/// Checks a non-empty dotted namespace; the message says what is wrong.
pub(crate) fn check_namespace(ns: &str) -> Result<(), String> {
    if ns.split('.').any(str::is_empty) {
        return Err(format!("namespace `{ns}` has an empty component"));
    }
    match ns.split('.').find(|c| !is_valid_name(c)) {
        Some(bad) => Err(format!(
            "namespace `{ns}`: component `{bad}` does not match `{NAME_PATTERN}`"
        )),
        None => Ok(()),
    }
}

/// Checks a full name (`a.b.C`, `C`, or `.C` for `C` in the null namespace, as Java reads it)
/// as written for an alias or a dotted `name`.
pub(crate) fn check_full_name(what: &str, full: &str) -> Result<(), String> {
    match full.rsplit_once('.') {
        Some(("", short)) if is_valid_name(short) => Ok(()),
        None if is_valid_name(full) => Ok(()),
        None => Err(format!("{what} `{full}` does not match `{NAME_PATTERN}`")),
        Some((ns, short)) => {
            check_namespace(ns).map_err(|e| format!("{what} `{full}`: {e}"))?;
            if is_valid_name(short) {
                Ok(())
            } else {
                Err(format!(
                    "{what} `{full}`: `{short}` does not match `{NAME_PATTERN}`"
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["a", "_", "A1_b", "_9"] {
            assert!(is_valid_name(ok), "{ok}");
        }
        for bad in ["", "1a", "a-b", "a b", "a.b", "é"] {
            assert!(!is_valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn namespaces() {
        assert!(check_namespace("com.example").is_ok());
        assert!(check_namespace("com..example")
            .unwrap_err()
            .contains("empty component"));
        assert!(check_namespace(".x").is_err());
        assert!(check_namespace("x.").is_err());
        assert!(check_namespace("com.1x").unwrap_err().contains("`1x`"));
    }
}
