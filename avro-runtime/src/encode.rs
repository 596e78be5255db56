//! Writing the Avro binary encoding into a `Vec<u8>`.
//!
//! Each function appends one value to `out`. They never fail: the checks that can fail (decimal
//! scale, fixed sizes) happen in [`crate::logical`].

/// Maximum length in bytes of an encoded `int`.
pub const MAX_INT_LEN: usize = 5;
/// Maximum length in bytes of an encoded `long`.
pub const MAX_LONG_LEN: usize = 10;

#[inline]
fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// Appends `v` as an unsigned LEB128 varint (at most [`MAX_LONG_LEN`] bytes).
///
/// Branch-free for values below 2^56 (at most 8 bytes): the 7-bit groups are spread into the
/// bytes of one word, continuation bits set by a mask, and the word stored at once. Lengths vary
/// unpredictably in real records, and a byte loop mispredicts on them (measured 1.6x slower on
/// the wide_c benchmark).
#[inline(always)]
fn varint(out: &mut Vec<u8>, v: u64) {
    // One byte (small ints, union and enum indices, short lengths) is the most common case, and
    // a plain push beats the word store there (measured on event_a).
    if v < 0x80 {
        out.push(v as u8);
        return;
    }
    if out.capacity() - out.len() < MAX_LONG_LEN {
        out.reserve(MAX_LONG_LEN);
    }
    let len = out.len();
    if v < 1 << 56 {
        let spread = (v & 0x7f)
            | ((v << 1) & (0x7f << 8))
            | ((v << 2) & (0x7f << 16))
            | ((v << 3) & (0x7f << 24))
            | ((v << 4) & (0x7f << 32))
            | ((v << 5) & (0x7f << 40))
            | ((v << 6) & (0x7f << 48))
            | ((v << 7) & (0x7f << 56));
        // Number of 7-bit groups, at least one (v = 0 is one byte).
        let n = (64 - (v | 1).leading_zeros() as usize).div_ceil(7);
        let continuation = 0x8080_8080_8080_8080_u64 & ((1_u64 << (8 * (n - 1))) - 1);
        let word = (spread | continuation).to_le_bytes();
        debug_assert!(n <= 8 && out.capacity() - len >= 8);
        // SAFETY: the reserve above leaves at least MAX_LONG_LEN (10) >= 8 spare bytes at `len`,
        // so the 8-byte unaligned write stays inside the allocation; the new length `len + n`
        // (n <= 8) only covers bytes that were just written.
        unsafe {
            std::ptr::write_unaligned(out.as_mut_ptr().add(len).cast::<[u8; 8]>(), word);
            out.set_len(len + n);
        }
    } else {
        // 9 or 10 bytes: rare, a plain loop.
        let mut v = v;
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
}

/// Appends a `boolean` (one byte, 0 or 1).
#[inline]
pub fn boolean(out: &mut Vec<u8>, v: bool) {
    out.push(u8::from(v));
}

/// Appends an `int` (zigzag varint, at most [`MAX_INT_LEN`] bytes).
#[inline]
pub fn int(out: &mut Vec<u8>, v: i32) {
    varint(out, zigzag(i64::from(v)));
}

/// Appends a `long` (zigzag varint, at most [`MAX_LONG_LEN`] bytes).
#[inline]
pub fn long(out: &mut Vec<u8>, v: i64) {
    varint(out, zigzag(v));
}

/// Appends a `float` (4 bytes, little-endian).
#[inline]
pub fn float(out: &mut Vec<u8>, v: f32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends a `double` (8 bytes, little-endian).
#[inline]
pub fn double(out: &mut Vec<u8>, v: f64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends `bytes`: the length as a `long`, then the bytes.
#[inline]
pub fn bytes(out: &mut Vec<u8>, v: &[u8]) {
    out.reserve(MAX_LONG_LEN + v.len());
    long(out, v.len() as i64);
    out.extend_from_slice(v);
}

/// Appends a `string`: the UTF-8 length as a `long`, then the bytes.
#[inline]
pub fn string(out: &mut Vec<u8>, v: &str) {
    bytes(out, v.as_bytes());
}

/// Appends a `fixed`: the raw bytes, no length.
#[inline]
pub fn fixed(out: &mut Vec<u8>, v: &[u8]) {
    out.extend_from_slice(v);
}

/// Appends a union branch index (as a `long`).
#[inline]
pub fn union_index(out: &mut Vec<u8>, index: usize) {
    long(out, index as i64);
}

/// Appends an enum symbol index (as an `int`, which shares the `long` encoding).
#[inline]
pub fn enum_index(out: &mut Vec<u8>, index: usize) {
    long(out, index as i64);
}

/// Appends an array/map block item count (the end marker is `block_len(out, 0)`).
#[inline]
pub fn block_len(out: &mut Vec<u8>, count: usize) {
    long(out, count as i64);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Reader;

    fn enc_long(v: i64) -> Vec<u8> {
        let mut out = Vec::new();
        long(&mut out, v);
        out
    }

    fn enc_int(v: i32) -> Vec<u8> {
        let mut out = Vec::new();
        int(&mut out, v);
        out
    }

    #[test]
    fn known_vectors() {
        assert_eq!(enc_long(0), [0x00]);
        assert_eq!(enc_long(1), [0x02]);
        assert_eq!(enc_long(-1), [0x01]);
        assert_eq!(enc_long(2), [0x04]);
        assert_eq!(enc_long(-2), [0x03]);
        assert_eq!(enc_long(63), [0x7e]);
        assert_eq!(enc_long(-64), [0x7f]);
        assert_eq!(enc_long(64), [0x80, 0x01]);
        assert_eq!(enc_long(-65), [0x81, 0x01]);
        assert_eq!(enc_long(8191), [0xfe, 0x7f]);
        assert_eq!(enc_long(-8192), [0xff, 0x7f]);
        assert_eq!(enc_long(8192), [0x80, 0x80, 0x01]);
        assert_eq!(enc_int(i32::MAX), [0xfe, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(enc_int(i32::MIN), [0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(enc_int(-1), [0x01]);
        assert_eq!(
            enc_long(i64::MAX),
            [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
        );
        assert_eq!(
            enc_long(i64::MIN),
            [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
        );
    }

    #[test]
    fn length_boundaries() {
        // zigzag(v) < 2^(7k) needs k bytes: boundaries at v = 2^(7k-1) (positive) and
        // -2^(7k-1) - 1 (negative).
        for k in 1..10u32 {
            let pos_last = (1i64 << (7 * k - 1)) - 1;
            let neg_last = -(1i64 << (7 * k - 1));
            assert_eq!(enc_long(pos_last).len(), k as usize, "{pos_last}");
            assert_eq!(enc_long(neg_last).len(), k as usize, "{neg_last}");
            assert_eq!(enc_long(pos_last + 1).len(), k as usize + 1);
            assert_eq!(enc_long(neg_last - 1).len(), k as usize + 1);
            for v in [pos_last, neg_last, pos_last + 1, neg_last - 1] {
                let b = enc_long(v);
                let mut r = Reader::new(&b);
                assert_eq!(r.read_long().unwrap(), v);
                r.finish().unwrap();
                if let Ok(v) = i32::try_from(v) {
                    assert_eq!(enc_int(v), b);
                    assert!(b.len() <= MAX_INT_LEN);
                    assert_eq!(Reader::new(&b).read_int().unwrap(), v);
                }
            }
        }
    }

    #[test]
    fn writes_after_existing_content_and_any_capacity() {
        for cap in 0..24 {
            let mut out = Vec::with_capacity(cap);
            out.extend(std::iter::repeat_n(0xaa, cap.min(7)));
            long(&mut out, i64::MIN);
            int(&mut out, 300);
            boolean(&mut out, true);
            float(&mut out, 1.0);
            double(&mut out, 2.0);
            string(&mut out, "hé");
            bytes(&mut out, &[1, 2]);
            fixed(&mut out, &[9, 9]);
            union_index(&mut out, 1);
            enum_index(&mut out, 70);
            block_len(&mut out, 0);
            let mut r = Reader::new(&out);
            r.skip_fixed(cap.min(7)).unwrap();
            assert_eq!(r.read_long().unwrap(), i64::MIN);
            assert_eq!(r.read_int().unwrap(), 300);
            assert!(r.read_boolean().unwrap());
            assert_eq!(r.read_float().unwrap(), 1.0);
            assert_eq!(r.read_double().unwrap(), 2.0);
            assert_eq!(r.read_str().unwrap(), "hé");
            assert_eq!(r.read_bytes().unwrap(), &[1, 2]);
            assert_eq!(r.read_fixed::<2>().unwrap(), [9, 9]);
            assert_eq!(r.read_union_index(2).unwrap(), 1);
            assert_eq!(r.read_enum_index(71).unwrap(), 70);
            assert_eq!(r.read_block_len(1).unwrap(), 0);
            r.finish().unwrap();
        }
    }
}
