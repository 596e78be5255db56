//! The hand-written reference codec: what a careful programmer writes by hand for the three
//! benchmark schemas, on the same Rust types as the generated code (`ours::bench::*`), following
//! the techniques of `shared/bench/README.md`. The yardstick every ratio is taken against.
//!
//! - Decode ([`decode_event`], ...): safe Rust; one straight-line function per record over a
//!   byte-slice reader ([`Input`]), fields decoded in schema order into the struct; varints with a
//!   one-byte fast path; strings validated with `std::str::from_utf8` on the borrowed slice and
//!   copied once. Errors are a short static message (no position): the hand-written codec only
//!   needs to be correct on valid input and never panic on bad input.
//! - Encode, safe ([`push`]): `Vec::push` / `extend_from_slice` per value, a varint loop.
//! - Encode, reserve-once ([`encode_event_put`], ...): one `avro_runtime::encode::put` per
//!   record (per item and per map entry for `batch_b`), which bounds the size from the values,
//!   reserves once and writes through a local pointer with no further room check. This is the
//!   code the generator is meant to emit; the unsafe writes live in the runtime, with their
//!   proofs.
//!
//! `wide_c`'s 100 fields are written out by `build.rs` in exactly this style (`hand_wide.rs`).

use std::collections::HashMap;

use avro_runtime::encode::{put, Bytes, Index};
use avro_runtime::TimestampMillis;

use crate::ours::bench::{Batch, Event, Item, Kind, Wide};

/// Why the hand-written decoder rejected its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandError(pub &'static str);

impl std::fmt::Display for HandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// A result of the hand-written decoder.
pub type Result<T> = std::result::Result<T, HandError>;

const TRUNCATED: HandError = HandError("input ends inside a value");

/// The rest of the input: a shrinking byte slice.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a>(pub &'a [u8]);

impl<'a> Input<'a> {
    /// An unsigned LEB128 varint of at most 10 bytes.
    #[inline(always)]
    fn varint(&mut self) -> Result<u64> {
        match self.0 {
            [b, rest @ ..] if *b < 0x80 => {
                self.0 = rest;
                Ok(u64::from(*b))
            }
            _ => self.varint_slow(),
        }
    }

    #[inline(never)]
    fn varint_slow(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for (i, &b) in self.0.iter().enumerate().take(10) {
            v |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                if i == 9 && b > 1 {
                    return Err(HandError("varint overflows 64 bits"));
                }
                self.0 = &self.0[i + 1..];
                return Ok(v);
            }
        }
        Err(if self.0.len() < 10 {
            TRUNCATED
        } else {
            HandError("varint longer than 10 bytes")
        })
    }

    /// A `long`.
    #[inline(always)]
    pub fn long(&mut self) -> Result<i64> {
        let z = self.varint()?;
        Ok((z >> 1) as i64 ^ -((z & 1) as i64))
    }

    /// An `int`.
    #[inline(always)]
    pub fn int(&mut self) -> Result<i32> {
        i32::try_from(self.long()?).map_err(|_| HandError("int out of range"))
    }

    /// A length, count or index: a non-negative `long`.
    #[inline(always)]
    fn len(&mut self) -> Result<usize> {
        usize::try_from(self.long()?).map_err(|_| HandError("negative length"))
    }

    /// `n` raw bytes.
    #[inline(always)]
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.0.len() {
            return Err(TRUNCATED);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    /// A `double`.
    #[inline(always)]
    pub fn double(&mut self) -> Result<f64> {
        let (head, rest) = self.0.split_first_chunk::<8>().ok_or(TRUNCATED)?;
        self.0 = rest;
        Ok(f64::from_le_bytes(*head))
    }

    /// A `float`.
    #[inline(always)]
    pub fn float(&mut self) -> Result<f32> {
        let (head, rest) = self.0.split_first_chunk::<4>().ok_or(TRUNCATED)?;
        self.0 = rest;
        Ok(f32::from_le_bytes(*head))
    }

    /// A `boolean`.
    #[inline(always)]
    pub fn boolean(&mut self) -> Result<bool> {
        match self.0 {
            [b @ (0 | 1), rest @ ..] => {
                self.0 = rest;
                Ok(*b == 1)
            }
            [] => Err(TRUNCATED),
            _ => Err(HandError("boolean byte is neither 0 nor 1")),
        }
    }

    /// A `string`, validated and copied once.
    #[inline(always)]
    pub fn string(&mut self) -> Result<String> {
        let n = self.len()?;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| HandError("string is not UTF-8"))
    }

    /// A `bytes`, copied once.
    #[inline(always)]
    pub fn bytes(&mut self) -> Result<Vec<u8>> {
        let n = self.len()?;
        Ok(self.take(n)?.to_vec())
    }

    /// The end of a datum: no bytes may be left.
    #[inline(always)]
    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(HandError("trailing bytes after the datum"))
        }
    }

    /// A block count of an array or map (negative counts carry a byte size, skipped here).
    #[inline(always)]
    fn block(&mut self) -> Result<usize> {
        let n = self.long()?;
        if n >= 0 {
            return Ok(n as usize);
        }
        self.long()?;
        usize::try_from(n.unsigned_abs()).map_err(|_| HandError("block count out of range"))
    }
}

/// Appends values with `Vec::push` / `extend_from_slice`: the safe hand-written encoder.
pub mod push {
    /// A `long` (zigzag, then a varint loop).
    #[inline(always)]
    pub fn long(out: &mut Vec<u8>, v: i64) {
        let mut z = ((v << 1) ^ (v >> 63)) as u64;
        while z >= 0x80 {
            out.push(z as u8 | 0x80);
            z >>= 7;
        }
        out.push(z as u8);
    }

    /// An `int`.
    #[inline(always)]
    pub fn int(out: &mut Vec<u8>, v: i32) {
        long(out, i64::from(v));
    }

    /// A `string` or `bytes`.
    #[inline(always)]
    pub fn bytes(out: &mut Vec<u8>, v: &[u8]) {
        long(out, v.len() as i64);
        out.extend_from_slice(v);
    }

    /// A `double`.
    #[inline(always)]
    pub fn double(out: &mut Vec<u8>, v: f64) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    /// A `float`.
    #[inline(always)]
    pub fn float(out: &mut Vec<u8>, v: f32) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    /// A `boolean`.
    #[inline(always)]
    pub fn boolean(out: &mut Vec<u8>, v: bool) {
        out.push(u8::from(v));
    }
}

// ---------------------------------------------------------------------------------------------
// event_a
// ---------------------------------------------------------------------------------------------

fn kind(index: usize) -> Result<Kind> {
    Ok(match index {
        0 => Kind::Click,
        1 => Kind::View,
        2 => Kind::Purchase,
        3 => Kind::Signup,
        4 => Kind::Logout,
        _ => return Err(HandError("enum index out of range")),
    })
}

/// Decodes one `event_a` datum (the whole slice).
pub fn decode_event(bytes: &[u8]) -> Result<Event> {
    let mut r = Input(bytes);
    let event = Event {
        id: r.long()?,
        name: r.string()?,
        count: r.int()?,
        score: r.double()?,
        active: r.boolean()?,
        note: match r.len()? {
            0 => None,
            1 => Some(r.string()?),
            _ => return Err(HandError("union index out of range")),
        },
        kind: kind(r.len()?)?,
        ts: TimestampMillis(r.long()?),
        payload: r.bytes()?,
        description: r.string()?,
    };
    r.finish()?;
    Ok(event)
}

/// Appends one `event_a` datum, value by value.
pub fn encode_event_push(e: &Event, out: &mut Vec<u8>) {
    push::long(out, e.id);
    push::bytes(out, e.name.as_bytes());
    push::int(out, e.count);
    push::double(out, e.score);
    push::boolean(out, e.active);
    match &e.note {
        None => out.push(0),
        Some(note) => {
            out.push(2);
            push::bytes(out, note.as_bytes());
        }
    }
    push::long(out, e.kind as i64);
    push::long(out, e.ts.0);
    push::bytes(out, &e.payload);
    push::bytes(out, e.description.as_bytes());
}

/// Appends one `event_a` datum with one reservation.
pub fn encode_event_put(e: &Event, out: &mut Vec<u8>) {
    let note = e.note.as_deref();
    put(
        out,
        (
            e.id,
            e.name.as_str(),
            e.count,
            e.score,
            e.active,
            (Index(usize::from(note.is_some())), note),
            Index(e.kind as usize),
            e.ts.0,
            Bytes(&e.payload),
            e.description.as_str(),
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// batch_b
// ---------------------------------------------------------------------------------------------

/// At most this many items or entries are reserved before they are read (a hostile count
/// must not allocate far beyond the input).
const UPFRONT: usize = 64;

fn decode_item(r: &mut Input<'_>) -> Result<Item> {
    let sku = r.string()?;
    let qty = r.int()?;
    let price = r.double()?;
    let mut attrs = HashMap::new();
    loop {
        let n = r.block()?;
        if n == 0 {
            break;
        }
        attrs.reserve(n.min(UPFRONT));
        for _ in 0..n {
            let k = r.string()?;
            let v = r.string()?;
            attrs.insert(k, v);
        }
    }
    Ok(Item {
        sku,
        qty,
        price,
        attrs,
    })
}

/// Decodes one `batch_b` datum (the whole slice).
pub fn decode_batch(bytes: &[u8]) -> Result<Batch> {
    let mut r = Input(bytes);
    let id = r.long()?;
    let source = r.string()?;
    let created = TimestampMillis(r.long()?);
    let mut items = Vec::new();
    loop {
        let n = r.block()?;
        if n == 0 {
            break;
        }
        items.reserve(n.min(UPFRONT));
        for _ in 0..n {
            items.push(decode_item(&mut r)?);
        }
    }
    r.finish()?;
    Ok(Batch {
        id,
        source,
        created,
        items,
    })
}

/// Appends one `batch_b` datum, value by value.
pub fn encode_batch_push(b: &Batch, out: &mut Vec<u8>) {
    push::long(out, b.id);
    push::bytes(out, b.source.as_bytes());
    push::long(out, b.created.0);
    if !b.items.is_empty() {
        push::long(out, b.items.len() as i64);
        for item in &b.items {
            push::bytes(out, item.sku.as_bytes());
            push::int(out, item.qty);
            push::double(out, item.price);
            if !item.attrs.is_empty() {
                push::long(out, item.attrs.len() as i64);
                for (k, v) in &item.attrs {
                    push::bytes(out, k.as_bytes());
                    push::bytes(out, v.as_bytes());
                }
            }
            out.push(0);
        }
    }
    out.push(0);
}

/// Appends one `batch_b` datum with one reservation for the head, one per item and one per
/// map entry (the size of a map is not known without a pass over it).
pub fn encode_batch_put(b: &Batch, out: &mut Vec<u8>) {
    let items = b.items.len();
    put(out, (b.id, b.source.as_str(), b.created.0, Index(items)));
    for item in &b.items {
        let attrs = item.attrs.len();
        put(out, (item.sku.as_str(), item.qty, item.price, Index(attrs)));
        for (k, v) in &item.attrs {
            put(out, (k.as_str(), v.as_str()));
        }
        if attrs != 0 {
            put(out, Index(0));
        }
    }
    if items != 0 {
        put(out, Index(0));
    }
}

// ---------------------------------------------------------------------------------------------
// wide_c (written out by build.rs in the style above)
// ---------------------------------------------------------------------------------------------

include!(concat!(env!("OUT_DIR"), "/hand_wide.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoder_rejects_bad_input_without_panicking() {
        let mut bytes = Vec::new();
        encode_event_push(
            &Event {
                id: -1,
                name: "name".into(),
                count: 3,
                score: 1.5,
                active: true,
                note: Some("n".into()),
                kind: Kind::Signup,
                ts: TimestampMillis(7),
                payload: vec![1; 16],
                description: "d".into(),
            },
            &mut bytes,
        );
        assert!(decode_event(&bytes).is_ok());
        for cut in 0..bytes.len() {
            assert!(decode_event(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert_eq!(
            decode_event(&trailing),
            Err(HandError("trailing bytes after the datum"))
        );
        assert_eq!(
            Input(&[0xff; 11]).long(),
            Err(HandError("varint longer than 10 bytes"))
        );
        assert_eq!(
            Input(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]).long(),
            Err(HandError("varint overflows 64 bits"))
        );
    }
}
