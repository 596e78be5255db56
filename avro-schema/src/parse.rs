//! Schema text → JSON: `serde_json` (with `preserve_order`, so key order survives) after blanking
//! out `//` and `/* */` comments, which many `.avsc` files in the wild contain (Java's parser
//! accepts them).

use std::borrow::Cow;
use std::path::Path;

use serde_json::Value;

use crate::diagnostics::Diagnostic;

/// Parses the text of one schema file into JSON.
///
/// Comments outside strings are replaced by spaces (line breaks kept), so line and column numbers
/// in error messages refer to the original text. A leading byte-order mark is ignored. Errors
/// name the line and column; a file with nothing but whitespace and comments is an error
/// (`empty file, no schema`).
pub fn parse_json(file: &Path, text: &str) -> Result<Value, Diagnostic> {
    let text = strip_comments(text).map_err(|(line, column)| {
        Diagnostic::error(
            file,
            "",
            format!(
                "not valid JSON: unterminated /* comment starting at line {line}, column {column}"
            ),
        )
    })?;
    if text
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return Err(Diagnostic::error(file, "", "empty file, no schema"));
    }
    serde_json::from_str(&text).map_err(|e| {
        let full = e.to_string();
        let what = match full.rfind(" at line ") {
            Some(i) => &full[..i],
            None => full.as_str(),
        };
        Diagnostic::error(
            file,
            "",
            format!(
                "not valid JSON: {what} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })
}

/// Replaces comments outside JSON strings by spaces, keeping line breaks and the byte length
/// (so `serde_json`'s line/column stay right), and a leading BOM by spaces. On an unterminated
/// block comment, returns the 1-based line and column where it starts.
fn strip_comments(text: &str) -> Result<Cow<'_, str>, (usize, usize)> {
    let bytes = text.as_bytes();
    let has_bom = text.starts_with('\u{feff}');
    if !has_bom && !bytes.contains(&b'/') {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = bytes.to_vec();
    let mut i = 0;
    if has_bom {
        out[..3].fill(b' ');
        i = 3;
    }
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1, // skip the escaped byte (never a multi-byte start that matters)
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match (b, bytes.get(i + 1)) {
            (b'"', _) => {
                in_string = true;
                i += 1;
            }
            (b'/', Some(b'/')) => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            (b'/', Some(b'*')) => {
                let start = i;
                out[i] = b' ';
                out[i + 1] = b' ';
                i += 2;
                loop {
                    if i >= bytes.len() {
                        return Err(line_column(bytes, start));
                    }
                    if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        out[i] = b' ';
                        out[i + 1] = b' ';
                        i += 2;
                        break;
                    }
                    if bytes[i] != b'\n' && bytes[i] != b'\r' {
                        out[i] = b' ';
                    }
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes were written, and only whole multi-byte characters were blanked (every
    // byte of a character inside a comment), so the result is still UTF-8.
    Ok(Cow::Owned(
        String::from_utf8(out).expect("comment stripping keeps UTF-8 valid"),
    ))
}

/// 1-based line and column (in bytes, like `serde_json`) of byte offset `at`.
fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, at - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Result<Value, Diagnostic> {
        parse_json(Path::new("t.avsc"), text)
    }

    #[test]
    fn plain_json() {
        assert_eq!(parse(r#"{"type": "int"}"#).unwrap(), json!({"type": "int"}));
    }

    #[test]
    fn comments_are_blanked() {
        let text = "// leading\n{\"type\": /* inline */ \"record\", // trailing\n \"name\": \"R\", /* multi\nline é */ \"fields\": []}\n// end";
        assert_eq!(
            parse(text).unwrap(),
            json!({"type": "record", "name": "R", "fields": []})
        );
    }

    #[test]
    fn comment_markers_inside_strings_are_kept() {
        let text = r#"{"doc": "http://x/*y*/ \"// not a comment\" \\", "type": "string"} // c"#;
        let v = parse(text).unwrap();
        assert_eq!(v["doc"], json!("http://x/*y*/ \"// not a comment\" \\"));
    }

    #[test]
    fn key_order_is_preserved() {
        let v = parse(r#"{"z": 1, "a": 2, "m": 3}"#).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn errors_keep_original_positions() {
        let text = "/* a\n comment */\n{\"type\": \"int\",}";
        let e = parse(text).unwrap_err();
        assert!(e.message.contains("line 3"), "{}", e.message);
        assert!(e.message.contains("trailing comma"), "{}", e.message);
        assert!(e.message.contains("column 16"), "{}", e.message);
    }

    #[test]
    fn empty_and_comment_only_files() {
        for text in ["", "  \n", "// nothing\n/* here */"] {
            assert_eq!(parse(text).unwrap_err().message, "empty file, no schema");
        }
    }

    #[test]
    fn unterminated_block_comment() {
        let e = parse("{\"type\": \"int\"}\n  /* open").unwrap_err();
        assert!(e.message.contains("line 2, column 3"), "{}", e.message);
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        assert_eq!(parse("\u{feff}\"int\"").unwrap(), json!("int"));
    }
}
