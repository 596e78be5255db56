//! Schema file bytes → text → JSON.
//!
//! [`decode`] reads the bytes of a schema file in the encoding Java's parser (Jackson) would
//! detect, as RFC 4627 section 3 describes: UTF-8 (with or without a byte-order mark), UTF-16 or
//! UTF-32 in either byte order, with or without a byte-order mark; anything but UTF-8 comes with
//! a warning naming the encoding. [`parse_json`] parses text with [`crate::json`] (comments
//! allowed) into a `serde_json::Value`, for callers that work with those.

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Location};
use crate::json::{self, Span};

/// The text encodings a schema file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (the specification's encoding).
    Utf8,
    /// UTF-16, big-endian.
    Utf16Be,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-32, big-endian.
    Utf32Be,
    /// UTF-32, little-endian.
    Utf32Le,
}

impl Encoding {
    /// The name `iconv` knows the encoding by.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf32Be => "UTF-32BE",
            Encoding::Utf32Le => "UTF-32LE",
        }
    }

    /// The encoding of `bytes` and the length of its byte-order mark: the mark if there is one,
    /// else the pattern of zero bytes among the first four (JSON text starts with an ASCII
    /// character).
    pub fn detect(bytes: &[u8]) -> (Encoding, usize) {
        match bytes {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (Encoding::Utf32Be, 4),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (Encoding::Utf32Le, 4),
            [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
            [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
            [0x00, 0x00, 0x00, _, ..] => (Encoding::Utf32Be, 0),
            [_, 0x00, 0x00, 0x00, ..] => (Encoding::Utf32Le, 0),
            [0x00, _, ..] => (Encoding::Utf16Be, 0),
            [_, 0x00, ..] => (Encoding::Utf16Le, 0),
            _ => (Encoding::Utf8, 0),
        }
    }
}

/// A schema file's text, and the warning to show when it was not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text (without byte-order mark).
    pub text: String,
    /// The encoding it was in.
    pub encoding: Encoding,
    /// A warning naming the encoding, when it is not UTF-8.
    pub warning: Option<Diagnostic>,
}

/// Reads the bytes of schema file `file` as text (see the module documentation). Bytes that are
/// not valid in the detected encoding are an error saying where.
pub fn decode(file: &Path, bytes: &[u8]) -> Result<Decoded, Diagnostic> {
    let (encoding, bom) = Encoding::detect(bytes);
    let body = &bytes[bom..];
    let text = match encoding {
        Encoding::Utf8 => match std::str::from_utf8(body) {
            Ok(text) => text.to_string(),
            Err(e) => {
                let good = &body[..e.valid_up_to()];
                let lossy = String::from_utf8_lossy(body);
                let at = good.len();
                let mut d = Diagnostic::error(
                    file,
                    "",
                    format!(
                        "the file is not valid UTF-8: byte 0x{:02X} at offset {} (Avro schema files \
                         are UTF-8; is it in Latin-1 or Windows-1252? convert it with `iconv -f \
                         WINDOWS-1252 -t UTF-8`)",
                        body[at],
                        at + bom
                    ),
                );
                // The lossy text has the same bytes up to the error.
                d.location = Some(Box::new(Location::of(
                    &lossy,
                    Span {
                        start: at,
                        end: at + 1,
                    },
                )));
                return Err(d);
            }
        },
        Encoding::Utf16Be | Encoding::Utf16Le => {
            if !body.len().is_multiple_of(2) {
                return Err(Diagnostic::error(
                    file,
                    "",
                    format!(
                        "the file looks like {} but has an odd number of bytes",
                        encoding.name()
                    ),
                ));
            }
            let units = body.chunks_exact(2).map(|c| match encoding {
                Encoding::Utf16Be => u16::from_be_bytes([c[0], c[1]]),
                _ => u16::from_le_bytes([c[0], c[1]]),
            });
            let mut text = String::with_capacity(body.len() / 2);
            for (i, c) in char::decode_utf16(units).enumerate() {
                match c {
                    Ok(c) => text.push(c),
                    Err(e) => {
                        return Err(Diagnostic::error(
                            file,
                            "",
                            format!(
                                "the file is {} but has an unpaired surrogate 0x{:04X} at byte \
                                 offset {}",
                                encoding.name(),
                                e.unpaired_surrogate(),
                                bom + 2 * i
                            ),
                        ))
                    }
                }
            }
            text
        }
        Encoding::Utf32Be | Encoding::Utf32Le => {
            if !body.len().is_multiple_of(4) {
                return Err(Diagnostic::error(
                    file,
                    "",
                    format!(
                        "the file looks like {} but its length is not a multiple of 4 bytes",
                        encoding.name()
                    ),
                ));
            }
            let mut text = String::with_capacity(body.len() / 4);
            for (i, c) in body.chunks_exact(4).enumerate() {
                let unit = match encoding {
                    Encoding::Utf32Be => u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
                    _ => u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                };
                match char::from_u32(unit) {
                    Some(c) => text.push(c),
                    None => {
                        return Err(Diagnostic::error(
                            file,
                            "",
                            format!(
                                "the file is {} but holds 0x{unit:08X}, not a character, at byte \
                                 offset {}",
                                encoding.name(),
                                bom + 4 * i
                            ),
                        ))
                    }
                }
            }
            text
        }
    };
    let warning = (encoding != Encoding::Utf8).then(|| {
        Diagnostic::warning(
            file,
            "",
            format!(
                "the file is {} ({}), not UTF-8; it was read as such, as Java's parser does, but \
                 other Avro tools expect UTF-8: convert it with `iconv -f {} -t UTF-8`",
                encoding.name(),
                if bom > 0 {
                    "with a byte-order mark"
                } else {
                    "without a byte-order mark"
                },
                encoding.name()
            ),
        )
    });
    Ok(Decoded {
        text,
        encoding,
        warning,
    })
}

/// Parses the text of one schema file into a `serde_json::Value` (comments allowed, key order
/// kept).
///
/// Errors name the line and column. A file with nothing but whitespace and comments is an error
/// (`empty file, no schema`), and so is a number beyond the range of `f64`, which
/// `serde_json::Value` cannot hold (integers beyond 64 bits become the nearest `f64`, as
/// `serde_json` reads them). Validation works on [`crate::json`] values directly and has no such
/// limit.
pub fn parse_json(file: &Path, text: &str) -> Result<Value, Diagnostic> {
    let doc = parse_document(file, text)?;
    doc.root.to_serde().map_err(|(path, n)| {
        let mut d = Diagnostic::error(
            file,
            &path,
            format!("the number {n} is beyond the range of a 64-bit float"),
        );
        d.locate_in(text, &doc.root);
        d
    })
}

/// Parses `text` with [`json::parse`], turning a syntax error into a located diagnostic.
pub(crate) fn parse_document(file: &Path, text: &str) -> Result<json::Document, Diagnostic> {
    json::parse(text).map_err(|e| {
        let message = if e.message == "empty file, no schema" {
            e.message
        } else {
            format!("not valid JSON: {}", e.message)
        };
        let mut d = Diagnostic::error(file, "", message);
        if !text.trim().is_empty() {
            d.location = Some(Box::new(Location::of(text, e.span)));
        }
        d
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Result<Value, Diagnostic> {
        parse_json(Path::new("t.avsc"), text)
    }

    #[test]
    fn plain_json_keeps_key_order() {
        assert_eq!(parse(r#"{"type": "int"}"#).unwrap(), json!({"type": "int"}));
        let v = parse(r#"{"z": 1, "a": 2, "m": 3}"#).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn comments_are_ignored() {
        let text = "// leading\n{\"type\": /* inline */ \"record\", // trailing\n \"name\": \"R\", /* multi\nline é */ \"fields\": []}\n// end";
        assert_eq!(
            parse(text).unwrap(),
            json!({"type": "record", "name": "R", "fields": []})
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let text = "/* a\n comment */\n{\"type\": \"int\",}";
        let e = parse(text).unwrap_err();
        assert!(e.message.contains("trailing comma"), "{}", e.message);
        let loc = e.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 15));
        assert_eq!(e.to_string(), "t.avsc:3:15: not valid JSON: trailing comma before `}` (JSON allows no comma after the last item)");
    }

    #[test]
    fn empty_and_comment_only_files() {
        for text in ["", "  \n", "// nothing\n/* here */"] {
            assert_eq!(parse(text).unwrap_err().message, "empty file, no schema");
        }
    }

    #[test]
    fn numbers_beyond_f64_are_located() {
        let e = parse("{\"type\": \"double\",\n \"x\": 1e999}").unwrap_err();
        assert_eq!(e.json_path, "x");
        assert_eq!(e.location.unwrap().line, 2);
    }

    #[test]
    fn encodings_are_detected() {
        let text = "{\"doc\": \"h\u{e9}\u{1F600}\"}";
        let utf16 = |be: bool| -> Vec<u8> {
            text.encode_utf16()
                .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                .collect()
        };
        let utf32 = |be: bool| -> Vec<u8> {
            text.chars()
                .flat_map(|c| {
                    let u = u32::from(c);
                    if be {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    }
                })
                .collect()
        };
        let with = |bom: &[u8], body: Vec<u8>| [bom, &body].concat();
        let cases: Vec<(Vec<u8>, Encoding, bool)> = vec![
            (text.as_bytes().to_vec(), Encoding::Utf8, false),
            (
                with(&[0xEF, 0xBB, 0xBF], text.as_bytes().to_vec()),
                Encoding::Utf8,
                true,
            ),
            (utf16(true), Encoding::Utf16Be, false),
            (utf16(false), Encoding::Utf16Le, false),
            (with(&[0xFE, 0xFF], utf16(true)), Encoding::Utf16Be, true),
            (with(&[0xFF, 0xFE], utf16(false)), Encoding::Utf16Le, true),
            (utf32(true), Encoding::Utf32Be, false),
            (utf32(false), Encoding::Utf32Le, false),
            (
                with(&[0, 0, 0xFE, 0xFF], utf32(true)),
                Encoding::Utf32Be,
                true,
            ),
            (
                with(&[0xFF, 0xFE, 0, 0], utf32(false)),
                Encoding::Utf32Le,
                true,
            ),
        ];
        for (bytes, encoding, bom) in cases {
            let d = decode(Path::new("e.avsc"), &bytes).unwrap();
            assert_eq!(d.text, text, "{encoding:?}");
            assert_eq!(d.encoding, encoding);
            match d.warning {
                None => assert_eq!(encoding, Encoding::Utf8),
                Some(w) => {
                    assert!(w.message.contains(encoding.name()), "{}", w.message);
                    assert!(w
                        .message
                        .contains(if bom { "with a byte-order" } else { "without" }));
                }
            }
        }
    }

    #[test]
    fn undecodable_bytes_say_where() {
        let e = decode(Path::new("l.avsc"), b"{\"doc\": \"caf\xe9\"}").unwrap_err();
        assert!(
            e.message
                .contains("not valid UTF-8: byte 0xE9 at offset 12"),
            "{}",
            e.message
        );
        assert_eq!(e.location.unwrap().column, 13);
        let e = decode(Path::new("s.avsc"), &[b'{', 0, 0x00, 0xD8, b'}', 0]).unwrap_err();
        assert!(
            e.message.contains("unpaired surrogate 0xD800"),
            "{}",
            e.message
        );
        let e = decode(Path::new("o.avsc"), &[b'{', 0, b'}']).unwrap_err();
        assert!(e.message.contains("odd number of bytes"), "{}", e.message);
    }
}
