//! Removing `//` and `/* */` comments from schema files.

/// Removes `//` line comments and `/* */` block comments that are outside JSON strings.
///
/// Java's schema parser (and the oracle, `avro_oracle.py`) accept such comments in `.avsc`
/// files; `serde_json` and apache-avro do not. Text inside strings, including escaped quotes,
/// is kept verbatim; line comments keep their terminating newline so line numbers in later
/// JSON errors stay right. An unterminated block comment runs to the end of the input.
///
/// ```
/// let text = "{\"a\": \"//not a comment\", /* gone */ \"b\": 1} // gone too";
/// assert_eq!(
///     avro_tests::strip_json_comments(text),
///     "{\"a\": \"//not a comment\",  \"b\": 1} "
/// );
/// ```
pub fn strip_json_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    let mut in_string = false;
    while let Some((i, c)) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some((_, escaped)) = chars.next() {
                    out.push(escaped);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '/' if text[i..].starts_with("/*") => {
                chars.next(); // '*'
                let mut prev = '\0';
                for (_, d) in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            '/' if text[i..].starts_with("//") => {
                while let Some(&(_, d)) = chars.peek() {
                    if d == '\n' {
                        break;
                    }
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_json_comments;

    #[test]
    fn keeps_plain_json() {
        let text = r#"{"type": "record", "name": "R", "fields": []}"#;
        assert_eq!(strip_json_comments(text), text);
    }

    #[test]
    fn removes_block_and_line_comments() {
        let text = "/* licence\n * header */\n{\"type\": // the type\n \"int\"}\n";
        assert_eq!(strip_json_comments(text), "\n{\"type\": \n \"int\"}\n");
        let parsed: serde_json::Value = serde_json::from_str(&strip_json_comments(text)).unwrap();
        assert_eq!(parsed["type"], "int");
    }

    #[test]
    fn ignores_comment_markers_in_strings() {
        let text = r#"{"doc": "a // b /* c */ \" // d", "x": "/*"}"#;
        assert_eq!(strip_json_comments(text), text);
    }

    #[test]
    fn block_comment_star_slash_edge_cases() {
        assert_eq!(strip_json_comments("1/**/2"), "12");
        assert_eq!(strip_json_comments("1/***/2"), "12");
        assert_eq!(strip_json_comments("1/* ** */2"), "12");
        assert_eq!(strip_json_comments("1/* unterminated"), "1");
        assert_eq!(strip_json_comments("1 // no newline"), "1 ");
        assert_eq!(strip_json_comments("\"é\" /* ü */ \"日\""), "\"é\"  \"日\"");
    }
}
