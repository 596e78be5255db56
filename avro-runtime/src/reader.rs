//! [`Reader`]: decoding of the Avro binary encoding from a byte slice.

use crate::error::{Error, ErrorKind, Result};

/// A cursor over Avro binary data.
///
/// Every method checks its input and returns an [`Error`] (with the byte offset) instead of
/// panicking; a declared length larger than the remaining input is rejected before anything is
/// allocated. Borrowed reads ([`Reader::read_str`], [`Reader::read_bytes`]) return slices of the
/// input with its lifetime `'a`.
///
/// ```
/// use avro_runtime::{encode, Reader};
///
/// // A record { id: long, tags: array<string> }.
/// let mut out = Vec::new();
/// encode::long(&mut out, 64);
/// encode::block_len(&mut out, 2);
/// encode::string(&mut out, "a");
/// encode::string(&mut out, "b");
/// encode::block_len(&mut out, 0);
/// assert_eq!(out, [0x80, 0x01, 0x04, 0x02, b'a', 0x02, b'b', 0x00]);
///
/// let mut r = Reader::new(&out);
/// let id = r.read_long()?;
/// let mut tags: Vec<&str> = Vec::new();
/// loop {
///     let n = r.read_block_len(1)?; // a string takes at least 1 byte
///     if n == 0 {
///         break;
///     }
///     tags.reserve(n);
///     for _ in 0..n {
///         tags.push(r.read_str()?);
///     }
/// }
/// r.finish()?;
/// assert_eq!((id, tags), (64, vec!["a", "b"]));
/// # Ok::<(), avro_runtime::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    /// The bytes not read yet.
    buf: &'a [u8],
    /// Length of the whole input, so that `position = len - buf.len()`.
    len: usize,
    /// Nesting of recursive records currently being decoded, and its limit: decoders of
    /// recursive types call [`Reader::enter`], so hostile input cannot overflow the stack.
    depth: u32,
    max_depth: u32,
    /// How many more array/map items that take no bytes (see [`Reader::read_block_len`]) this
    /// reader accepts.
    zero_size_items_left: u64,
}

/// Default limit of nested recursive records (see [`Reader::set_max_depth`]).
pub const DEFAULT_MAX_DEPTH: u32 = 128;

/// Default limit of array/map items that take no bytes (`null`, empty records) one reader
/// accepts in total (see [`Reader::set_max_zero_size_items`]).
pub const DEFAULT_MAX_ZERO_SIZE_ITEMS: u64 = 1 << 24;

#[inline]
fn zigzag_decode(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

impl<'a> Reader<'a> {
    /// Creates a reader at the start of `bytes`.
    #[inline]
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader {
            buf: bytes,
            len: bytes.len(),
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            zero_size_items_left: DEFAULT_MAX_ZERO_SIZE_ITEMS,
        }
    }

    /// Sets how many array/map items that take no bytes in the input (items of `null`, of
    /// empty records, ...) this reader accepts in total (default
    /// [`DEFAULT_MAX_ZERO_SIZE_ITEMS`]). Their count cannot be checked against the input's
    /// length, so without a limit a few bytes declaring 2^62 of them would keep a decoder busy
    /// for ages (Java has a similar limit on collection sizes).
    pub fn set_max_zero_size_items(&mut self, max: u64) {
        self.zero_size_items_left = max;
    }

    /// Sets how deeply recursive records may nest (default [`DEFAULT_MAX_DEPTH`]). Each level
    /// costs a stack frame of the decoder; raise it only with a thread stack to match.
    pub fn set_max_depth(&mut self, max_depth: u32) {
        self.max_depth = max_depth;
    }

    /// The nesting limit in force (see [`Reader::set_max_depth`]).
    pub fn max_depth(&self) -> u32 {
        self.max_depth
    }

    /// Called by decoders of recursive types before decoding a nested value: fails once the
    /// nesting limit is reached. Pair with [`Reader::leave`] after a successful decode (after an
    /// error the reader is not used further).
    #[inline]
    pub fn enter(&mut self) -> Result<()> {
        if self.depth >= self.max_depth {
            return Err(self.too_deep());
        }
        self.depth += 1;
        Ok(())
    }

    /// Ends a nesting level started with [`Reader::enter`].
    #[inline]
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    #[cold]
    fn too_deep(&self) -> Error {
        Error::new(
            ErrorKind::TooDeep {
                limit: self.max_depth,
            },
            Some(self.position()),
        )
    }

    /// Number of bytes read so far (the offset of the next byte in the input).
    #[inline]
    pub fn position(&self) -> usize {
        self.len - self.buf.len()
    }

    /// Number of bytes left to read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.buf.len()
    }

    /// Whether the whole input has been read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The bytes not read yet.
    #[inline]
    pub fn remaining_slice(&self) -> &'a [u8] {
        self.buf
    }

    /// Succeeds when the whole input has been read, else fails with [`ErrorKind::TrailingBytes`].
    #[inline]
    pub fn finish(&self) -> Result<()> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(self.error(ErrorKind::TrailingBytes(self.buf.len())))
        }
    }

    // ---- errors (cold) ----

    /// An error of `kind` at the current position.
    #[cold]
    #[inline(never)]
    fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, Some(self.position()))
    }

    #[cold]
    #[inline(never)]
    fn error_at(pos: usize, kind: ErrorKind) -> Error {
        Error::new(kind, Some(pos))
    }

    #[cold]
    #[inline(never)]
    fn eof(&self, needed: usize) -> Error {
        self.error(ErrorKind::UnexpectedEof {
            needed,
            remaining: self.buf.len(),
        })
    }

    // ---- primitives ----

    /// Takes the next `n` bytes.
    #[inline]
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n <= self.buf.len() {
            let (head, tail) = self.buf.split_at(n);
            self.buf = tail;
            Ok(head)
        } else {
            Err(self.eof(n))
        }
    }

    /// Reads a boolean: one byte, 0 or 1.
    #[inline]
    pub fn read_boolean(&mut self) -> Result<bool> {
        match self.buf.split_first() {
            Some((&b, rest)) if b <= 1 => {
                self.buf = rest;
                Ok(b == 1)
            }
            Some((&b, _)) => Err(self.error(ErrorKind::InvalidBoolean(b))),
            None => Err(self.eof(1)),
        }
    }

    /// Reads an unsigned varint of at most `MAX` bytes (5 or 10). The last byte may not have the
    /// continuation bit and, for `MAX == 10`, may only be 0 or 1 (else it overflows 64 bits).
    #[inline(never)]
    fn read_varint_slow<const MAX: usize>(&mut self) -> Result<u64> {
        if let Some(chunk) = self.buf.first_chunk::<MAX>() {
            // Common case: no bounds checks per byte; the loop is unrolled.
            let mut value = 0u64;
            for (i, &b) in chunk[..MAX - 1].iter().enumerate() {
                value |= u64::from(b & 0x7f) << (7 * i);
                if b < 0x80 {
                    self.buf = &self.buf[i + 1..];
                    return Ok(value);
                }
            }
            let last = chunk[MAX - 1];
            if last >= 0x80 || (MAX == 10 && last > 1) {
                return Err(self.error(ErrorKind::VarintTooLong));
            }
            self.buf = &self.buf[MAX..];
            return Ok(value | (u64::from(last) << (7 * (MAX - 1))));
        }
        // Fewer than MAX bytes left: the varint must end within them.
        let buf = self.buf;
        let mut value = 0u64;
        for (i, &b) in buf.iter().enumerate() {
            value |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.buf = &buf[i + 1..];
                return Ok(value);
            }
        }
        Err(self.eof(buf.len() + 1))
    }

    /// Reads an `int`: a zigzag varint of at most 5 bytes whose value must fit in `i32`.
    #[inline]
    pub fn read_int(&mut self) -> Result<i32> {
        if let Some((&b, rest)) = self.buf.split_first() {
            if b < 0x80 {
                self.buf = rest;
                return Ok(((b >> 1) as i32) ^ -((b & 1) as i32));
            }
        }
        self.read_int_slow()
    }

    #[inline(never)]
    fn read_int_slow(&mut self) -> Result<i32> {
        let start = self.position();
        let v = zigzag_decode(self.read_varint_slow::<5>()?);
        match i32::try_from(v) {
            Ok(v) => Ok(v),
            Err(_) => Err(Self::error_at(start, ErrorKind::IntOutOfRange(v))),
        }
    }

    /// Reads a `long`: a zigzag varint of at most 10 bytes.
    #[inline]
    pub fn read_long(&mut self) -> Result<i64> {
        if let Some((&b, rest)) = self.buf.split_first() {
            if b < 0x80 {
                self.buf = rest;
                return Ok(zigzag_decode(u64::from(b)));
            }
        }
        Ok(zigzag_decode(self.read_varint_slow::<10>()?))
    }

    /// Reads a `float`: 4 bytes, little-endian IEEE 754.
    #[inline]
    pub fn read_float(&mut self) -> Result<f32> {
        match self.buf.split_first_chunk::<4>() {
            Some((b, rest)) => {
                self.buf = rest;
                Ok(f32::from_le_bytes(*b))
            }
            None => Err(self.eof(4)),
        }
    }

    /// Reads a `double`: 8 bytes, little-endian IEEE 754.
    #[inline]
    pub fn read_double(&mut self) -> Result<f64> {
        match self.buf.split_first_chunk::<8>() {
            Some((b, rest)) => {
                self.buf = rest;
                Ok(f64::from_le_bytes(*b))
            }
            None => Err(self.eof(8)),
        }
    }

    /// Reads a length prefix (a `long`) and checks it is non-negative and within the input.
    #[inline]
    fn read_len(&mut self) -> Result<usize> {
        let start = self.position();
        let len = self.read_long()?;
        if len >= 0 && (len as u64) <= self.buf.len() as u64 {
            Ok(len as usize)
        } else {
            Err(self.bad_len(start, len))
        }
    }

    #[cold]
    #[inline(never)]
    fn bad_len(&self, start: usize, len: i64) -> Error {
        if len < 0 {
            Self::error_at(start, ErrorKind::NegativeLength(len))
        } else {
            Self::error_at(
                start,
                ErrorKind::LengthExceedsInput {
                    declared: len as u64,
                    remaining: self.buf.len(),
                },
            )
        }
    }

    /// Reads `bytes`: a `long` length then that many bytes, borrowed from the input.
    #[inline]
    pub fn read_bytes(&mut self) -> Result<&'a [u8]> {
        let len = self.read_len()?;
        let (head, tail) = self.buf.split_at(len);
        self.buf = tail;
        Ok(head)
    }

    /// Reads a `string`, borrowed from the input and validated as UTF-8.
    #[inline]
    pub fn read_str(&mut self) -> Result<&'a str> {
        let bytes = self.read_bytes()?;
        if bytes.is_ascii() {
            // SAFETY: ASCII is valid UTF-8. Checking it first is a word-at-a-time scan, cheaper
            // than the full validation for the common all-ASCII string.
            return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s),
            Err(e) => Err(Self::error_at(
                self.position() - bytes.len() + e.valid_up_to(),
                ErrorKind::InvalidUtf8,
            )),
        }
    }

    /// Reads a `string` into a new `String`.
    #[inline]
    pub fn read_string(&mut self) -> Result<String> {
        self.read_str().map(str::to_owned)
    }

    /// Reads `bytes` into a new `Vec<u8>`.
    #[inline]
    pub fn read_byte_vec(&mut self) -> Result<Vec<u8>> {
        self.read_bytes().map(<[u8]>::to_vec)
    }

    /// Reads a `fixed` of size `N`.
    #[inline]
    pub fn read_fixed<const N: usize>(&mut self) -> Result<[u8; N]> {
        match self.buf.split_first_chunk::<N>() {
            Some((b, rest)) => {
                self.buf = rest;
                Ok(*b)
            }
            None => Err(self.eof(N)),
        }
    }

    /// Reads a `fixed` of size `len`, borrowed from the input.
    #[inline]
    pub fn read_fixed_slice(&mut self, len: usize) -> Result<&'a [u8]> {
        self.take(len)
    }

    /// Reads a union branch index and checks it is below `branches`.
    #[inline]
    pub fn read_union_index(&mut self, branches: usize) -> Result<usize> {
        self.read_index(branches, |index| ErrorKind::UnionIndexOutOfRange {
            index,
            branches,
        })
    }

    /// Reads an enum symbol index and checks it is below `symbols`.
    #[inline]
    pub fn read_enum_index(&mut self, symbols: usize) -> Result<usize> {
        self.read_index(symbols, |index| ErrorKind::EnumIndexOutOfRange {
            index,
            symbols,
        })
    }

    /// Reads a `long` index below `limit`; an index out of range is the error `out_of_range`
    /// makes, at the index's offset.
    #[inline]
    fn read_index(
        &mut self,
        limit: usize,
        out_of_range: impl FnOnce(i64) -> ErrorKind,
    ) -> Result<usize> {
        let start = self.position();
        let index = self.read_long()?;
        if index >= 0 && (index as u64) < limit as u64 {
            Ok(index as usize)
        } else {
            Err(Self::error_at(start, out_of_range(index)))
        }
    }

    /// Reads one array/map block header and returns its item count, 0 at the end marker.
    ///
    /// A negative count is followed by the block's size in bytes, which must be within the
    /// input; the absolute count is returned. When `min_item_size > 0` (the least number of
    /// bytes one item can take), `count * min_item_size` must not exceed the remaining input,
    /// so that callers may `reserve(count)` safely; when it is 0, the count comes out of the
    /// reader's allowance of such items ([`Reader::set_max_zero_size_items`]).
    #[inline]
    pub fn read_block_len(&mut self, min_item_size: usize) -> Result<usize> {
        let start = self.position();
        let n = self.read_block_count(min_item_size)?;
        if min_item_size == 0 {
            let declared = n as u64;
            if declared > self.zero_size_items_left {
                return Err(Self::error_at(
                    start,
                    ErrorKind::TooManyZeroSizeItems {
                        declared,
                        left: self.zero_size_items_left,
                    },
                ));
            }
            self.zero_size_items_left -= declared;
        }
        Ok(n)
    }

    /// [`Reader::read_block_len`] without the allowance of items that take no bytes, for
    /// callers that never go through such items one by one (the resolution transcoder
    /// transcodes one and repeats its bytes, or copies the count).
    #[inline]
    pub(crate) fn read_block_count(&mut self, min_item_size: usize) -> Result<usize> {
        let start = self.position();
        let count = self.read_long()?;
        if count == 0 {
            return Ok(0);
        }
        let n = if count < 0 {
            self.read_block_size()?;
            count.unsigned_abs()
        } else {
            count as u64
        };
        let remaining = self.buf.len() as u64;
        if min_item_size > 0 && n.saturating_mul(min_item_size as u64) > remaining {
            return Err(Self::error_at(
                start,
                ErrorKind::LengthExceedsInput {
                    declared: n.saturating_mul(min_item_size as u64),
                    remaining: self.buf.len(),
                },
            ));
        }
        match usize::try_from(n) {
            Ok(n) => Ok(n),
            Err(_) => Err(Self::error_at(
                start,
                ErrorKind::LengthExceedsInput {
                    declared: n,
                    remaining: self.buf.len(),
                },
            )),
        }
    }

    /// Reads the byte size that follows a negative block count; checks it is within the input.
    #[inline]
    fn read_block_size(&mut self) -> Result<usize> {
        self.read_len()
    }

    // ---- skipping ----

    /// Skips a `boolean` (validating it).
    #[inline]
    pub fn skip_boolean(&mut self) -> Result<()> {
        self.read_boolean().map(drop)
    }

    /// Skips an `int` (validating it).
    #[inline]
    pub fn skip_int(&mut self) -> Result<()> {
        self.read_int().map(drop)
    }

    /// Skips a `long` (validating it).
    #[inline]
    pub fn skip_long(&mut self) -> Result<()> {
        self.read_long().map(drop)
    }

    /// Skips a `float`.
    #[inline]
    pub fn skip_float(&mut self) -> Result<()> {
        self.take(4).map(drop)
    }

    /// Skips a `double`.
    #[inline]
    pub fn skip_double(&mut self) -> Result<()> {
        self.take(8).map(drop)
    }

    /// Skips `bytes`.
    #[inline]
    pub fn skip_bytes(&mut self) -> Result<()> {
        self.read_bytes().map(drop)
    }

    /// Skips a `string` (without validating UTF-8).
    #[inline]
    pub fn skip_string(&mut self) -> Result<()> {
        self.read_bytes().map(drop)
    }

    /// Skips a `fixed` of size `len`.
    #[inline]
    pub fn skip_fixed(&mut self, len: usize) -> Result<()> {
        self.take(len).map(drop)
    }

    /// Skips an array, calling `skip_item` for each item; blocks with a byte size (negative count)
    /// are jumped over without looking at their items.
    pub fn skip_array(&mut self, mut skip_item: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        loop {
            let count = self.read_long()?;
            if count == 0 {
                return Ok(());
            }
            if count < 0 {
                let size = self.read_block_size()?;
                self.buf = &self.buf[size..];
                continue;
            }
            // An item that takes no bytes (null, empty record, fixed(0)) takes none whatever its
            // value, so the rest of the block can be skipped at once instead of looping `count`
            // times (the count may be as large as i64::MAX).
            let before = self.buf.len();
            skip_item(self)?;
            if self.buf.len() == before {
                continue;
            }
            for _ in 1..count {
                skip_item(self)?;
            }
        }
    }

    /// Skips a map, skipping each string key then calling `skip_value`; blocks with a byte size
    /// (negative count) are jumped over without looking at their entries.
    pub fn skip_map(&mut self, mut skip_value: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        loop {
            let count = self.read_long()?;
            if count == 0 {
                return Ok(());
            }
            if count < 0 {
                let size = self.read_block_size()?;
                self.buf = &self.buf[size..];
                continue;
            }
            // Each entry takes at least one byte (its key's length), so `count` is bounded by the
            // input: the loop ends with an error once the input runs out.
            for _ in 0..count {
                self.skip_string()?;
                skip_value(self)?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind<T: std::fmt::Debug>(r: Result<T>) -> ErrorKind {
        r.unwrap_err().kind().clone()
    }

    #[test]
    fn known_long_vectors() {
        let cases: &[(&[u8], i64)] = &[
            (&[0x00], 0),
            (&[0x02], 1),
            (&[0x01], -1),
            (&[0x03], -2),
            (&[0x7f], -64),
            (&[0x7e], 63),
            (&[0x80, 0x01], 64),
            (&[0x81, 0x01], -65),
            (&[0xfe, 0xff, 0xff, 0xff, 0x0f], i32::MAX as i64),
            (&[0xff, 0xff, 0xff, 0xff, 0x0f], i32::MIN as i64),
            (
                &[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
                i64::MAX,
            ),
            (
                &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
                i64::MIN,
            ),
        ];
        for &(bytes, v) in cases {
            let mut r = Reader::new(bytes);
            assert_eq!(r.read_long().unwrap(), v, "{bytes:02x?}");
            r.finish().unwrap();
            if let Ok(v32) = i32::try_from(v) {
                let mut r = Reader::new(bytes);
                assert_eq!(r.read_int().unwrap(), v32);
                assert!(r.is_empty());
            }
        }
    }

    #[test]
    fn non_minimal_varints_are_accepted() {
        assert_eq!(Reader::new(&[0x80, 0x00]).read_long().unwrap(), 0);
        assert_eq!(Reader::new(&[0x82, 0x80, 0x00]).read_int().unwrap(), 1);
    }

    #[test]
    fn overlong_varints() {
        // 11-byte long.
        let mut b = vec![0x80u8; 10];
        b.push(0x00);
        assert_eq!(kind(Reader::new(&b).read_long()), ErrorKind::VarintTooLong);
        // 10th byte with bits beyond 64.
        let mut b = vec![0xffu8; 9];
        b.push(0x02);
        assert_eq!(kind(Reader::new(&b).read_long()), ErrorKind::VarintTooLong);
        let mut b = vec![0xffu8; 9];
        b.push(0x7f);
        assert_eq!(kind(Reader::new(&b).read_long()), ErrorKind::VarintTooLong);
        // 6-byte int.
        let b = [0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
        assert_eq!(kind(Reader::new(&b).read_int()), ErrorKind::VarintTooLong);
        // 5-byte int whose value exceeds 32 bits.
        let b = [0x80, 0x80, 0x80, 0x80, 0x10];
        let e = Reader::new(&b).read_int().unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::IntOutOfRange(1 << 31));
        assert_eq!(e.offset(), Some(0));
        let b = [0xff, 0xff, 0xff, 0xff, 0x7f];
        assert!(matches!(
            kind(Reader::new(&b).read_int()),
            ErrorKind::IntOutOfRange(_)
        ));
        // A long-range value read as int.
        let b = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(kind(Reader::new(&b).read_int()), ErrorKind::VarintTooLong);
    }

    #[test]
    fn truncated_varints() {
        for b in [&[0x80u8][..], &[0xff, 0xff], &[]] {
            assert!(matches!(
                kind(Reader::new(b).read_long()),
                ErrorKind::UnexpectedEof { .. }
            ));
            assert!(matches!(
                kind(Reader::new(b).read_int()),
                ErrorKind::UnexpectedEof { .. }
            ));
        }
    }

    #[test]
    fn booleans() {
        let mut r = Reader::new(&[0, 1, 2]);
        assert!(!r.read_boolean().unwrap());
        assert!(r.read_boolean().unwrap());
        let e = r.read_boolean().unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidBoolean(2));
        assert_eq!(e.offset(), Some(2));
        assert_eq!(r.position(), 2);
        assert!(matches!(
            kind(Reader::new(&[]).read_boolean()),
            ErrorKind::UnexpectedEof {
                needed: 1,
                remaining: 0
            }
        ));
    }

    #[test]
    fn floats() {
        let mut b = Vec::new();
        b.extend_from_slice(&1.5f32.to_le_bytes());
        b.extend_from_slice(&(-2.25f64).to_le_bytes());
        let mut r = Reader::new(&b);
        assert_eq!(r.read_float().unwrap(), 1.5);
        assert_eq!(r.read_double().unwrap(), -2.25);
        r.finish().unwrap();
        assert!(Reader::new(&[0; 3]).read_float().is_err());
        assert!(Reader::new(&[0; 7]).read_double().is_err());
        assert!(Reader::new(&[0; 3]).skip_float().is_err());
        assert!(Reader::new(&[0; 7]).skip_double().is_err());
    }

    #[test]
    fn strings_and_bytes() {
        let b = [0x06, b'a', b'b', b'c', 0x04, 0xff, 0x00];
        let mut r = Reader::new(&b);
        assert_eq!(r.read_str().unwrap(), "abc");
        assert_eq!(r.read_bytes().unwrap(), &[0xff, 0x00]);
        r.finish().unwrap();
        let mut r = Reader::new(&b);
        assert_eq!(r.read_string().unwrap(), "abc");
        assert_eq!(r.read_byte_vec().unwrap(), vec![0xff, 0x00]);
        let mut r = Reader::new(&b);
        r.skip_string().unwrap();
        r.skip_bytes().unwrap();
        assert!(r.is_empty());
    }

    #[test]
    fn invalid_utf8_offset() {
        let b = [0x02, b'x', 0x06, b'a', 0xc3, 0x28];
        let mut r = Reader::new(&b);
        r.read_str().unwrap();
        let e = r.read_str().unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
        assert_eq!(e.offset(), Some(4));
        // skip_string does not validate.
        let mut r = Reader::new(&b[2..]);
        r.skip_string().unwrap();
    }

    #[test]
    fn negative_and_huge_lengths() {
        let e = Reader::new(&[0x01]).read_bytes().unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::NegativeLength(-1));
        // Length i32::MAX: rejected before allocation.
        let b = [0xfe, 0xff, 0xff, 0xff, 0x0f];
        let e = Reader::new(&b).read_byte_vec().unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::LengthExceedsInput {
                declared: i32::MAX as u64,
                remaining: 0
            }
        );
        assert_eq!(e.offset(), Some(0));
        let b = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert!(Reader::new(&b).read_string().is_err());
        assert!(Reader::new(&b).skip_bytes().is_err());
        assert!(Reader::new(&[0x04, 0x00]).read_bytes().is_err());
    }

    #[test]
    fn fixed() {
        let b = [1, 2, 3, 4, 5];
        let mut r = Reader::new(&b);
        assert_eq!(r.read_fixed::<2>().unwrap(), [1, 2]);
        assert_eq!(r.read_fixed_slice(2).unwrap(), &[3, 4]);
        assert_eq!(r.read_fixed::<0>().unwrap(), [0u8; 0]);
        assert!(r.read_fixed::<2>().is_err());
        assert!(r.read_fixed_slice(2).is_err());
        assert!(r.skip_fixed(2).is_err());
        assert_eq!(r.remaining_slice(), &[5]);
        r.skip_fixed(1).unwrap();
        r.finish().unwrap();
        assert!(Reader::new(&[0; 3]).read_fixed_slice(usize::MAX).is_err());
    }

    #[test]
    fn union_and_enum_indices() {
        let b = [0x00, 0x02, 0x04, 0x01];
        let mut r = Reader::new(&b);
        assert_eq!(r.read_union_index(2).unwrap(), 0);
        assert_eq!(r.read_union_index(2).unwrap(), 1);
        let e = r.read_union_index(2).unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::UnionIndexOutOfRange {
                index: 2,
                branches: 2
            }
        );
        assert_eq!(e.offset(), Some(2));
        let mut r = Reader::new(&b[2..]);
        assert_eq!(r.read_enum_index(3).unwrap(), 2);
        assert_eq!(
            kind(r.read_enum_index(3)),
            ErrorKind::EnumIndexOutOfRange {
                index: -1,
                symbols: 3
            }
        );
        assert!(Reader::new(&[0x00]).read_enum_index(0).is_err());
    }

    #[test]
    fn finish_reports_trailing() {
        let mut r = Reader::new(&[0x02, 0x00, 0x00]);
        r.read_long().unwrap();
        let e = r.finish().unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::TrailingBytes(2));
        assert_eq!(e.offset(), Some(1));
        assert_eq!(r.remaining(), 2);
    }

    /// Encodes array of longs [1, 2] [3] as: block count 2, items, block -1 with byte size, item, end.
    fn blocks() -> Vec<u8> {
        vec![0x04, 0x02, 0x04, 0x01, 0x02, 0x06, 0x00]
    }

    #[test]
    fn block_reading() {
        let b = blocks();
        let mut r = Reader::new(&b);
        let mut v = Vec::new();
        loop {
            let n = r.read_block_len(1).unwrap();
            if n == 0 {
                break;
            }
            v.reserve(n);
            for _ in 0..n {
                v.push(r.read_long().unwrap());
            }
        }
        assert_eq!(v, [1, 2, 3]);
        r.finish().unwrap();
    }

    #[test]
    fn block_skipping() {
        let mut b = blocks();
        b.push(0x2a);
        let mut r = Reader::new(&b);
        let mut calls = 0;
        r.skip_array(|r| {
            calls += 1;
            r.skip_long()
        })
        .unwrap();
        assert_eq!(calls, 2, "the sized block is jumped over");
        assert_eq!(r.read_long().unwrap(), 21);
        // map {"a": 1} then sized block {"b": 2}
        let b = [
            0x02, 0x02, b'a', 0x02, 0x01, 0x06, 0x02, b'b', 0x04, 0x00, 0x2a,
        ];
        let mut r = Reader::new(&b);
        r.skip_map(|r| r.skip_long()).unwrap();
        assert_eq!(r.read_long().unwrap(), 21);
    }

    #[test]
    fn zero_size_items_share_one_allowance_across_blocks() {
        // Blocks of 3 items each, then the end marker.
        let b = [0x06, 0x06, 0x06, 0x00];
        let mut r = Reader::new(&b);
        r.set_max_zero_size_items(7);
        assert_eq!(r.read_block_len(0).unwrap(), 3);
        assert_eq!(r.read_block_len(0).unwrap(), 3);
        assert_eq!(
            kind(r.read_block_len(0)),
            ErrorKind::TooManyZeroSizeItems {
                declared: 3,
                left: 1,
            }
        );
        // Items with a size do not use the allowance.
        let mut r = Reader::new(&b);
        r.set_max_zero_size_items(0);
        assert_eq!(r.read_block_len(1).unwrap(), 3);
    }

    #[test]
    fn block_errors() {
        // Huge positive count, items of at least 1 byte.
        let b = [0xfe, 0xff, 0xff, 0xff, 0x0f, 0x00];
        assert!(matches!(
            kind(Reader::new(&b).read_block_len(1)),
            ErrorKind::LengthExceedsInput { .. }
        ));
        // Zero-size items cannot be checked against the input: they come out of the reader's
        // allowance, 2^24 by default.
        assert_eq!(
            kind(Reader::new(&b).read_block_len(0)),
            ErrorKind::TooManyZeroSizeItems {
                declared: i32::MAX as u64,
                left: DEFAULT_MAX_ZERO_SIZE_ITEMS,
            }
        );
        let mut r = Reader::new(&b);
        r.set_max_zero_size_items(u64::MAX);
        assert_eq!(r.read_block_len(0).unwrap(), i32::MAX as usize);
        // count * min_item_size overflow saturates.
        let b = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert!(Reader::new(&b).read_block_len(usize::MAX).is_err());
        // i64::MIN count with a byte size that fits.
        let b = [
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00,
        ];
        assert!(Reader::new(&b).read_block_len(0).is_err());
        let mut r = Reader::new(&b);
        r.set_max_zero_size_items(u64::MAX);
        let n = r.read_block_len(0);
        if usize::BITS >= 64 {
            assert_eq!(n.unwrap(), 1usize << 63);
        } else {
            assert!(n.is_err());
        }
        assert!(Reader::new(&b).read_block_len(1).is_err());
        // Negative count, negative byte size.
        let b = [0x01, 0x01];
        assert_eq!(
            kind(Reader::new(&b).read_block_len(0)),
            ErrorKind::NegativeLength(-1)
        );
        assert!(Reader::new(&b).skip_array(|r| r.skip_long()).is_err());
        // Negative count, byte size beyond the input.
        let b = [0x01, 0x0a, 0x00];
        assert!(matches!(
            kind(Reader::new(&b).read_block_len(0)),
            ErrorKind::LengthExceedsInput {
                declared: 5,
                remaining: 1
            }
        ));
        assert!(Reader::new(&b).skip_array(|r| r.skip_long()).is_err());
        assert!(Reader::new(&b).skip_map(|r| r.skip_long()).is_err());
        // Missing byte size.
        assert!(Reader::new(&[0x01]).read_block_len(0).is_err());
        // Missing end marker.
        assert!(Reader::new(&[0x02, 0x02])
            .skip_array(|r| r.skip_long())
            .is_err());
    }

    #[test]
    fn skip_zero_sized_items_is_fast() {
        // i64::MAX nulls, then end marker.
        let b = [
            0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00,
        ];
        let mut r = Reader::new(&b);
        let mut calls = 0u32;
        r.skip_array(|_| {
            calls += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(calls, 1);
        r.finish().unwrap();
        // Huge map count fails once the input runs out.
        let b = [
            0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00,
        ];
        assert!(Reader::new(&b).skip_map(|_| Ok(())).is_err());
    }
}
