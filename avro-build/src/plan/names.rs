//! Rust identifiers for Avro names: types UpperCamelCase, fields and modules snake_case,
//! keywords escaped, collisions numbered.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

pub(crate) fn unique(base: String, used: &mut HashSet<String>) -> String {
    let mut candidate = base.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}{n}");
        n += 1;
    }
    candidate
}

fn escape_keyword(ident: String) -> String {
    if NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// An UpperCamelCase type or variant identifier for an Avro name.
pub fn type_ident(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    let camel = if camel.is_empty() {
        // Names made only of underscores keep a readable, valid spelling.
        format!("U{}", name.len())
    } else if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{camel}")
    } else {
        camel
    };
    escape_keyword(camel)
}

/// Prelude value constructors that generated code calls unqualified (`Ok(..)`, `Some(..)`): a
/// generated type of that name (a fixed is a tuple struct, a constructor in the value namespace)
/// would shadow them in its module.
const PRELUDE_CONSTRUCTORS: &[&str] = &["Ok", "Err", "Some", "None"];

/// The identifier of a generated named type: [`type_ident`], with a trailing underscore where
/// it would shadow a prelude constructor the generated code uses (`Ok_` for an Avro `Ok`).
pub fn named_type_ident(name: &str) -> String {
    let ident = type_ident(name);
    if PRELUDE_CONSTRUCTORS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// A snake_case field identifier for an Avro field name.
pub fn field_ident(name: &str) -> String {
    let snake = name.to_snake_case();
    let snake = if snake.is_empty() {
        format!("field{}", name.len())
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    };
    escape_keyword(snake)
}

/// A snake_case module identifier for a namespace component.
pub fn module_ident(component: &str) -> String {
    field_ident(component)
}

/// Relative path text (`super::other::Name`) from module `from` to an item in `module`.
pub fn relative_path(from: &[String], module: &[String], ident: &str) -> String {
    let common = from.iter().zip(module).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(std::iter::repeat_n("super", from.len() - common));
    parts.extend(module[common..].iter().map(String::as_str));
    parts.push(ident);
    parts.join("::")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid_rust() {
        assert_eq!(type_ident("my_record"), "MyRecord");
        assert_eq!(type_ident("SPADES"), "Spades");
        assert_eq!(type_ident("Self"), "Self_");
        assert_eq!(named_type_ident("ok"), "Ok_");
        assert_eq!(named_type_ident("None"), "None_");
        assert_eq!(named_type_ident("Option"), "Option");
        assert_eq!(type_ident("_"), "U1");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("firstName"), "first_name");
        assert_eq!(field_ident("_1"), "_1");
        assert_eq!(module_ident("Example"), "example");
    }

    #[test]
    fn relative_paths() {
        let a = vec!["com".to_string(), "a".to_string()];
        let b = vec!["com".to_string(), "b".to_string()];
        assert_eq!(relative_path(&a, &b, "X"), "super::b::X");
        assert_eq!(relative_path(&a, &a, "X"), "X");
        assert_eq!(relative_path(&[], &a, "X"), "com::a::X");
        assert_eq!(relative_path(&a, &[], "X"), "super::super::X");
    }
}
