//! Binary datum → Avro JSON text, written straight into a byte buffer.

use super::{Node, SchemaCodec};
use crate::{Reader, Result};

impl SchemaCodec {
    /// Reads one datum from `reader` (leaving it after the datum) and appends its Avro JSON text
    /// to `out` (compact, record fields in schema order). On error `out` may hold part of the
    /// datum's JSON; the error has the byte offset and the field path.
    #[inline]
    pub fn write_json(&self, reader: &mut Reader<'_>, out: &mut Vec<u8>) -> Result<()> {
        self.value(self.root, reader, out)
    }

    /// Reads exactly one datum from `bytes` (trailing bytes are an error) and appends its JSON.
    pub fn datum_to_json(&self, bytes: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let mut reader = Reader::new(bytes);
        self.write_json(&mut reader, out)?;
        reader.finish()
    }

    fn value(&self, node: u32, r: &mut Reader<'_>, out: &mut Vec<u8>) -> Result<()> {
        match self.nodes[node as usize] {
            Node::Null => out.extend_from_slice(b"null"),
            Node::Boolean => {
                let v = r.read_boolean()?;
                out.extend_from_slice(if v { b"true" } else { b"false" });
            }
            Node::Int => {
                let v = r.read_int()?;
                out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
            }
            Node::Long => {
                let v = r.read_long()?;
                out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
            }
            Node::Float => push_double(out, f64::from(r.read_float()?)),
            Node::Double => push_double(out, r.read_double()?),
            Node::Bytes => push_code_points(out, r.read_bytes()?),
            Node::String => push_string(out, r.read_str()?),
            Node::Fixed(size) => push_code_points(out, r.read_fixed_slice(size)?),
            Node::Enum(e) => {
                let symbols = &self.enums[e as usize].symbols_json;
                let i = r.read_enum_index(symbols.len())?;
                out.extend_from_slice(symbols[i].as_bytes());
            }
            Node::Array { items, min } => {
                out.push(b'[');
                let mut index = 0usize;
                loop {
                    let n = r.read_block_len(min)?;
                    if n == 0 {
                        break;
                    }
                    for _ in 0..n {
                        if index > 0 {
                            out.push(b',');
                        }
                        self.value(items, r, out).map_err(|e| e.in_index(index))?;
                        index += 1;
                    }
                }
                out.push(b']');
            }
            Node::Map { values, min } => {
                out.push(b'{');
                let mut first = true;
                loop {
                    let n = r.read_block_len(min)?;
                    if n == 0 {
                        break;
                    }
                    for _ in 0..n {
                        if !first {
                            out.push(b',');
                        }
                        first = false;
                        let key = r.read_str()?;
                        push_string(out, key);
                        out.push(b':');
                        self.value(values, r, out).map_err(|e| e.in_key(key))?;
                    }
                }
                out.push(b'}');
            }
            Node::Union(u) => {
                let union = &self.unions[u as usize];
                let i = r.read_union_index(union.branches.len())?;
                let branch = &union.branches[i];
                if branch.open_json.is_empty() {
                    out.extend_from_slice(b"null");
                } else {
                    out.extend_from_slice(branch.open_json.as_bytes());
                    self.value(branch.node, r, out)
                        .map_err(|e| e.in_key(&union.names[i]))?;
                    out.push(b'}');
                }
            }
            Node::Record(rec) => {
                let record = &self.records[rec as usize];
                if record.recursive {
                    r.enter()?;
                }
                out.push(b'{');
                for (i, field) in record.fields.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice(field.key_json.as_bytes());
                    self.value(field.node, r, out)
                        .map_err(|e| e.in_field_named(&field.name))?;
                }
                out.push(b'}');
                if record.recursive {
                    r.leave();
                }
            }
        }
        Ok(())
    }
}

/// A `double` (or a `float` widened exactly) as `serde_json` writes it; NaN and the infinities
/// as the strings the [`json`](crate::json) module writes.
fn push_double(out: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(v).as_bytes());
    } else if v.is_nan() {
        out.extend_from_slice(b"\"NaN\"");
    } else if v > 0.0 {
        out.extend_from_slice(b"\"Infinity\"");
    } else {
        out.extend_from_slice(b"\"-Infinity\"");
    }
}

/// The escape of each ASCII byte in a JSON string, as `serde_json` writes them: `0` for none,
/// `u` for `\u00XX`, else the letter after the backslash.
const ESCAPE: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut i = 0;
    while i < 0x20 {
        table[i] = b'u';
        i += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

#[inline]
fn push_escape(out: &mut Vec<u8>, byte: u8, escape: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    if escape == b'u' {
        out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[(byte >> 4) as usize],
            HEX[(byte & 0xf) as usize],
        ]);
    } else {
        out.extend_from_slice(&[b'\\', escape]);
    }
}

/// `text` as a JSON string literal, escaped as `serde_json` escapes (quote, backslash, control
/// characters; everything else as it is).
pub(super) fn push_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x80 {
            let escape = ESCAPE[b as usize];
            if escape != 0 {
                out.extend_from_slice(&bytes[start..i]);
                push_escape(out, b, escape);
                start = i + 1;
            }
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// `bytes` or `fixed` as a JSON string of code points U+0000 to U+00FF, one per byte.
fn push_code_points(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() * 2 + 2);
    out.push(b'"');
    for &b in bytes {
        if b < 0x80 {
            let escape = ESCAPE[b as usize];
            if escape == 0 {
                out.push(b);
            } else {
                push_escape(out, b, escape);
            }
        } else {
            out.extend_from_slice(&[0xc0 | (b >> 6), 0x80 | (b & 0x3f)]);
        }
    }
    out.push(b'"');
}
