//! Writing the Avro binary encoding into a `Vec<u8>`.
//!
//! Three ways to write, producing the same bytes:
//!
//! - the free functions ([`long`], [`string`], ...) each append one value to a `&mut Vec<u8>`;
//! - [`put`] appends a run of values (a tuple of [`Fields`]) with one room check: the size is
//!   bounded from the values, reserved once, and the values written through a local pointer.
//!   This is the reserve-once writing a careful hand-written encoder does, and the form
//!   generated code is meant to take: one `put` per record's run of fields (nested records
//!   flattened into it, a union splitting it), one per array item or map entry. Its cost does
//!   not depend on inlining decisions, so it is the same in every build profile (BENCHMARKS.md);
//! - a [`Sink`] writes many values into the spare capacity of a `Vec<u8>` through a local cursor,
//!   checking the room at each write. Generated [`Encode`](crate::Encode) implementations use it
//!   today: one `Sink` per top-level `encode` ([`Sink::append`]), written by
//!   [`Encode::encode_to`](crate::Encode::encode_to).
//!
//! None ever fails: the checks that can fail (decimal scale, fixed sizes) happen in
//! [`crate::logical`]. All the unsafe code of encoding is in this module, each block with the
//! proof of why it is sound; the callers of `put` and `Sink` write safe code.

use std::mem::MaybeUninit;

/// Maximum length in bytes of an encoded `int`.
pub const MAX_INT_LEN: usize = 5;
/// Maximum length in bytes of an encoded `long`.
pub const MAX_LONG_LEN: usize = 10;

#[inline]
fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// The varint encoding of `v < 2^56` as one little-endian word and its length `n` (1 to 8) (see
/// [`varint_parts`]). Bytes after the `n`-th are zero and not part of the encoding.
#[inline(always)]
fn varint_word(v: u64) -> ([u8; 8], usize) {
    debug_assert!(v < 1 << 56);
    let (word, _, n) = varint_parts(v);
    (word.to_le_bytes(), n)
}

/// The low 56 bits of `v` as eight 7-bit groups, one in each byte of the result (top bits 0).
#[inline(always)]
fn spread(v: u64) -> u64 {
    // Halves of 28 bits into the two 32-bit lanes, then quarters of 14 bits into the 16-bit
    // lanes, then groups of 7 bits into the bytes.
    let x = (v & 0x0fff_ffff) | ((v << 4) & 0x0fff_ffff_0000_0000);
    let x = (x & 0x0000_3fff_0000_3fff) | ((x << 2) & 0x3fff_0000_3fff_0000);
    (x & 0x007f_007f_007f_007f) | ((x << 1) & 0x7f00_7f00_7f00_7f00)
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
        let (word, n) = varint_word(v);
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

// ---------------------------------------------------------------------------------------------
// Reserve-once writing: `put`
// ---------------------------------------------------------------------------------------------

/// Appends `fields` (one value, or a tuple of values written one after the other) to `out`
/// with one room check for all of them.
///
/// This is how a hand-written encoder that reserves once per record writes, and what generated
/// code is meant to emit (one `put` per record's run of fields, or per array item): the room
/// needed is bounded from the values themselves ([`Fields::bound`]: 10 bytes per `long`, 5 per
/// `int`, a string's length plus 10, ...), reserved with one capacity check, and then every
/// value is written through a local pointer with no further check and without touching the
/// vector's length until the end. The bound is computed by this crate from the same values it
/// then writes (the [`Fields`] trait is sealed), so no caller can get it wrong.
///
/// The bytes are those of the free functions ([`long`], [`string`], ...) called one after the
/// other:
///
/// ```
/// use avro_runtime::encode::{self, Bytes, Index};
///
/// let (id, name, note, payload) = (42_i64, "click", Some("hi"), [1_u8, 2, 3]);
/// let mut out = Vec::new();
/// encode::put(&mut out, (id, name, Index(usize::from(note.is_some())), note, Bytes(&payload)));
///
/// let mut expected = Vec::new();
/// encode::long(&mut expected, id);
/// encode::string(&mut expected, name);
/// encode::union_index(&mut expected, 1);
/// encode::string(&mut expected, "hi");
/// encode::bytes(&mut expected, &payload);
/// assert_eq!(out, expected);
/// ```
///
/// Panics only where `Vec::reserve` does (the bound exceeds `isize::MAX` bytes).
#[inline(always)]
pub fn put<F: Fields>(out: &mut Vec<u8>, fields: F) {
    // The scratch is room for the word stores of the branch-free varint past a value's bound.
    let room = fields.bound().saturating_add(SCRATCH);
    out.reserve(room);
    let len = out.len();
    // SAFETY: after the `reserve`, `out.capacity() - len >= room`: the `room` bytes from
    // `start` are inside the vector's allocation, past its initialised contents, and nothing
    // else refers to them while `out` is borrowed here. `write_at` needs `bound() + SCRATCH`
    // writable bytes (its contract), which is `room` (had the sum saturated, `reserve` would
    // have panicked before this). It returns the end of what it wrote, at most `bound()`
    // bytes after `start` (debug-asserted), so `len + written <= capacity` and every byte
    // below the new length was just written.
    unsafe {
        let start = out.as_mut_ptr().add(len);
        let end = fields.write_at(start);
        let written = end.offset_from_unsigned(start);
        debug_assert!(
            written <= room - SCRATCH,
            "{written} > bound {}",
            room - SCRATCH
        );
        out.set_len(len + written);
    }
}

/// Bytes that [`Fields::write_at`] may store past the end of a value's bound, which the next
/// value overwrites or the vector's length leaves out: the branch-free varint stores a whole
/// word (8 bytes) for an `int` of at most 5 bytes.
const SCRATCH: usize = 8;

mod sealed {
    pub trait Sealed {}
}

/// Values that [`put`] writes: one Avro value, or a tuple of them (up to 12, and tuples nest).
///
/// | Rust | writes the Avro | bound (bytes) |
/// |---|---|---:|
/// | `bool` | `boolean` | 1 |
/// | `i32` | `int` | 5 |
/// | `i64` | `long` | 10 |
/// | `f32` / `f64` | `float` / `double` | 4 / 8 |
/// | `&str` | `string` | length + 10 |
/// | [`Bytes`] | `bytes` | length + 10 |
/// | `&[u8; N]` | `fixed` of size N | N |
/// | [`Index`] | a union branch or enum symbol index, an array/map block count | 10 |
/// | `()` | `null` (nothing) | 0 |
/// | `Option<T>` | `T` when `Some`, nothing when `None` (the union index is a separate [`Index`]) | `T`'s or 0 |
/// | `(A, B, ...)` | each in turn | the sum |
///
/// Sealed: only this crate implements it, so that [`put`] can trust the bounds.
pub trait Fields: sealed::Sealed + Copy {
    /// An upper bound of the bytes [`Fields::write_at`] writes (saturating).
    fn bound(&self) -> usize;

    /// Writes the encoding at `dst` and returns the end of what it wrote (at most
    /// [`Fields::bound`] bytes after `dst`).
    ///
    /// # Safety
    ///
    /// `dst` must be valid for writes of `self.bound() + 8` bytes (the value may store scratch
    /// bytes past its end, up to 8 bytes past its bound); nothing else may access them during
    /// the call. Use [`put`], which upholds this.
    #[doc(hidden)]
    unsafe fn write_at(self, dst: *mut u8) -> *mut u8;
}

/// An Avro `bytes` value for [`put`]: the length as a `long`, then the bytes.
#[derive(Debug, Clone, Copy)]
pub struct Bytes<'a>(pub &'a [u8]);

/// A non-negative `long` for [`put`]: a union branch index, an enum symbol index, an array or
/// map block count (`Index(0)` ends the array or map).
#[derive(Debug, Clone, Copy)]
pub struct Index(pub usize);

/// Writes the varint of `v` at `dst` and returns the end of it.
///
/// Strategy, measured on the benchmark schemas (BENCHMARKS.md): a value below 128 (most
/// lengths, indices, small numbers) is one byte store; longer ones take the branch-free word
/// store of [`varint_parts`], whose cost does not depend on the length. A byte loop executes
/// fewer instructions (hand-written reserve-once encoder: 299 instead of 313 per event_a
/// record, 7,633 instead of 8,412 per batch_b, 2,594 instead of 2,614 per wide_c) but its exit
/// branch mispredicts when lengths vary (60 instead of 25 mispredicted branches per wide_c
/// record), and in time the word store was faster: 1.14x (event_a), 1.06x (batch_b), 1.57x
/// (wide_c) on cold records.
///
/// # Safety
///
/// `dst` valid for writes of [`MAX_LONG_LEN`] bytes.
#[inline(always)]
unsafe fn varint_at(dst: *mut u8, v: u64) -> *mut u8 {
    // SAFETY: `dst..dst + 10` is writable (the contract); the stores cover `dst..dst + 1`, or
    // `dst..dst + 8` and `dst + 8..dst + 10`, and the result is at most 10 bytes further.
    unsafe {
        if v < 0x80 {
            dst.write(v as u8);
            return dst.add(1);
        }
        let (word, tail, n) = varint_parts(v);
        dst.cast::<[u8; 8]>().write_unaligned(word.to_le_bytes());
        dst.add(8)
            .cast::<[u8; 2]>()
            .write_unaligned(tail.to_le_bytes());
        dst.add(n)
    }
}

/// [`varint_at`] for an `int`'s zigzag (below 2^32, at most 5 bytes).
///
/// # Safety
///
/// `dst` valid for writes of 8 bytes.
#[inline(always)]
unsafe fn varint32_at(dst: *mut u8, v: u32) -> *mut u8 {
    // SAFETY: `dst..dst + 8` is writable (the contract); a value below 2^32 has at most 5
    // varint bytes, all in the word, and the result is at most 5 bytes further.
    unsafe {
        if v < 0x80 {
            dst.write(v as u8);
            return dst.add(1);
        }
        let (word, _, n) = varint_parts(u64::from(v));
        dst.cast::<[u8; 8]>().write_unaligned(word.to_le_bytes());
        dst.add(n)
    }
}

/// Copies `bytes` to `dst` after their length.
///
/// # Safety
///
/// `dst` valid for writes of `bytes.len() + MAX_LONG_LEN` bytes, not overlapping `bytes`.
#[inline(always)]
unsafe fn len_and_bytes_at(dst: *mut u8, bytes: &[u8]) -> *mut u8 {
    // SAFETY: the varint needs 10 writable bytes and takes at most 10; the copy then needs
    // `bytes.len()` more, within the `bytes.len() + 10` of the contract.
    unsafe {
        let dst = varint_at(dst, zigzag(bytes.len() as i64));
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, bytes.len());
        dst.add(bytes.len())
    }
}

/// Implements [`Fields`] for a type whose bound is a constant, with `$write(self, dst)`.
macro_rules! fixed_size_fields {
    ($($ty:ty => $bound:expr, |$v:ident, $dst:ident| $write:expr;)*) => {$(
        impl sealed::Sealed for $ty {}
        impl Fields for $ty {
            #[inline(always)]
            fn bound(&self) -> usize {
                $bound
            }
            #[inline(always)]
            unsafe fn write_at(self, $dst: *mut u8) -> *mut u8 {
                let $v = self;
                // SAFETY: `$dst` is valid for `$bound + 8` bytes (the contract of `write_at`),
                // which covers each store below (sizes given with each type).
                unsafe { $write }
            }
        }
    )*};
}

fixed_size_fields! {
    // One byte.
    bool => 1, |v, dst| { dst.write(u8::from(v)); dst.add(1) };
    // At most 5 bytes; the word store needs 8 = 5 + 3 < bound + 8.
    i32 => MAX_INT_LEN, |v, dst| varint32_at(dst, ((v << 1) ^ (v >> 31)) as u32);
    // At most 10 bytes, stores within 10.
    i64 => MAX_LONG_LEN, |v, dst| varint_at(dst, zigzag(v));
    // Four bytes.
    f32 => 4, |v, dst| { dst.cast::<[u8; 4]>().write_unaligned(v.to_le_bytes()); dst.add(4) };
    // Eight bytes.
    f64 => 8, |v, dst| { dst.cast::<[u8; 8]>().write_unaligned(v.to_le_bytes()); dst.add(8) };
    // At most 10 bytes, stores within 10.
    Index => MAX_LONG_LEN, |v, dst| varint_at(dst, zigzag(v.0 as i64));
}

impl sealed::Sealed for () {}
impl Fields for () {
    #[inline(always)]
    fn bound(&self) -> usize {
        0
    }
    #[inline(always)]
    unsafe fn write_at(self, dst: *mut u8) -> *mut u8 {
        dst
    }
}

impl sealed::Sealed for &str {}
impl Fields for &str {
    #[inline(always)]
    fn bound(&self) -> usize {
        self.len().saturating_add(MAX_LONG_LEN)
    }
    #[inline(always)]
    unsafe fn write_at(self, dst: *mut u8) -> *mut u8 {
        // SAFETY: `dst` is valid for `len + 10 (+ 8)` bytes (the contract of `write_at`), and
        // cannot overlap `self`, which is borrowed shared while `dst` is exclusive.
        unsafe { len_and_bytes_at(dst, self.as_bytes()) }
    }
}

impl sealed::Sealed for Bytes<'_> {}
impl Fields for Bytes<'_> {
    #[inline(always)]
    fn bound(&self) -> usize {
        self.0.len().saturating_add(MAX_LONG_LEN)
    }
    #[inline(always)]
    unsafe fn write_at(self, dst: *mut u8) -> *mut u8 {
        // SAFETY: as for `&str`.
        unsafe { len_and_bytes_at(dst, self.0) }
    }
}

impl<const N: usize> sealed::Sealed for &[u8; N] {}
impl<const N: usize> Fields for &[u8; N] {
    #[inline(always)]
    fn bound(&self) -> usize {
        N
    }
    #[inline(always)]
    unsafe fn write_at(self, dst: *mut u8) -> *mut u8 {
        // SAFETY: `dst` is valid for `N (+ 8)` bytes (the contract of `write_at`), and cannot
        // overlap `self` (shared borrow).
        unsafe {
            dst.cast::<[u8; N]>().write_unaligned(*self);
            dst.add(N)
        }
    }
}

impl<T: Fields> sealed::Sealed for Option<T> {}
impl<T: Fields> Fields for Option<T> {
    #[inline(always)]
    fn bound(&self) -> usize {
        self.as_ref().map_or(0, T::bound)
    }
    #[inline(always)]
    unsafe fn write_at(self, dst: *mut u8) -> *mut u8 {
        match self {
            // SAFETY: the bound of `Some(v)` is `v`'s: the contract passes on unchanged.
            Some(v) => unsafe { v.write_at(dst) },
            None => dst,
        }
    }
}

/// Implements [`Fields`] for tuples: the values one after the other.
macro_rules! tuple_fields {
    ($(($($t:ident),+))*) => {$(
        impl<$($t: Fields),+> sealed::Sealed for ($($t,)+) {}
        impl<$($t: Fields),+> Fields for ($($t,)+) {
            #[inline(always)]
            fn bound(&self) -> usize {
                #[allow(non_snake_case)]
                let ($($t,)+) = self;
                0usize $(.saturating_add($t.bound()))+
            }
            #[inline(always)]
            unsafe fn write_at(self, dst: *mut u8) -> *mut u8 {
                #[allow(non_snake_case)]
                let ($($t,)+) = self;
                // SAFETY: each value starts where the previous one ended, at most the sum of
                // the previous bounds after `dst`, so it has its own bound (+ 8) of the room
                // the contract gives for the sum (+ 8); the sum does not saturate, or `put`
                // would have failed to reserve it.
                unsafe {
                    $(let dst = $t.write_at(dst);)+
                    dst
                }
            }
        }
    )*};
}

tuple_fields! {
    (A)
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
    (A, B, C, D, E, F, G)
    (A, B, C, D, E, F, G, H)
    (A, B, C, D, E, F, G, H, I)
    (A, B, C, D, E, F, G, H, I, J)
    (A, B, C, D, E, F, G, H, I, J, K)
    (A, B, C, D, E, F, G, H, I, J, K, L)
}

/// Room a [`Sink`] asks for beyond what it writes.
///
/// A sink stores a varint as a 10-byte block however short the varint is (so it first asks for
/// [`MAX_LONG_LEN`] bytes of room), hence a varint at the very end of a correct size bound may
/// need up to 9 bytes past it; [`Sink::append`] reserves this margin beyond the size hint so that
/// one reservation is always enough, and the cold paths beyond what they append.
pub(crate) const MARGIN: usize = 16;

/// A writer into the spare capacity of a `Vec<u8>`, through a local cursor.
///
/// Generated [`Encode::encode`](crate::Encode::encode) implementations create one per call
/// ([`Sink::append`], which reserves the value's [`size_hint`](crate::Encode::size_hint) in a
/// vector without spare room), then write every field through
/// [`Encode::encode_to`](crate::Encode::encode_to) with the methods below; nested records write
/// into the same sink. Each write checks the room left in the sink's own slice of spare capacity
/// (no access to the vector's length, capacity or pointer, which the compiler would otherwise
/// reload after every store); when the room runs out (a size hint that is too small, a reused
/// vector that is too short, a hand-written `Encode`) a cold path commits the bytes written so
/// far to the vector, grows it and writing continues. A wrong size hint therefore costs a
/// reallocation, never correctness. `Sink` has no unsafe API: every write is bounds-checked.
///
/// The bytes are the same as those of the free functions of this module. Dropping a sink
/// without [`Sink::finish`] leaves the vector as if nothing had been written since it was created
/// or since the last [`Sink::with_vec`] or growth.
///
/// ```
/// use avro_runtime::encode::{self, Sink};
///
/// let mut out = vec![0xaa];
/// let mut sink = Sink::new(&mut out, 0);
/// sink.long(-2);
/// sink.string("hi");
/// sink.finish();
///
/// let mut expected = vec![0xaa];
/// encode::long(&mut expected, -2);
/// encode::string(&mut expected, "hi");
/// assert_eq!(out, expected);
/// ```
pub struct Sink<'a> {
    /// The spare capacity of `vec` (empty while detached from it: in `with_vec`, or while a
    /// cold path commits and grows the vector).
    buf: &'a mut [MaybeUninit<u8>],
    /// The cursor: `buf[..pos]` has been written (initialised), `buf[pos..]` is free.
    ///
    /// Invariant: `pos <= buf.len()`, and `pos` only moves past bytes just written at the
    /// cursor (in [`Sink::put`] and [`Sink::varint`], the only places that advance it).
    pos: usize,
    vec: &'a mut Vec<u8>,
}

// Code generation notes (measured on the wide_c benchmark, 100 fields). The write methods are
// inlined into the (often very large) generated `encode_to`, so they are kept small: a room
// check, a few register operations (a branch-free varint, with table lookups rather than
// arithmetic for its length and continuation bits), one or two stores; inlining a larger
// varint, or a cold path with more code at each call site, made `encode_to` outgrow the
// instruction cache and encoding up to 15% slower. Lengths, counts and indices take a one-byte
// branch first (`Sink::len`). The cold paths are free functions that receive the vector and
// return the new spare capacity, never the `Sink` itself: a `Sink` whose address is never
// passed to a call can live in registers once `encode_to` is inlined.

impl<'a> Sink<'a> {
    /// Starts writing at the end of `vec`, after reserving room for `additional` bytes.
    #[inline]
    pub fn new(vec: &'a mut Vec<u8>, additional: usize) -> Self {
        vec.reserve(additional);
        // SAFETY: the slice goes into the new sink's `buf`, which holds `vec` for `'a` and
        // follows the contract of `spare_capacity` (see there).
        let buf = unsafe { spare_capacity(vec) };
        Sink { buf, pos: 0, vec }
    }

    /// Appends the encoding of `value` to `out` with [`Encode::encode_to`](crate::Encode::encode_to)
    /// through one sink. On an error `out` may hold a partial datum, as with
    /// [`Encode::encode`](crate::Encode::encode).
    ///
    /// A vector without spare room (a new one) first reserves the value's
    /// [`size_hint`](crate::Encode::size_hint); one with room (typically reused for many values)
    /// grows on demand instead, as computing the hint is a pass over the value (over every map
    /// and array in it): skipping it made encoding 8-11% faster in the benchmarks.
    ///
    /// `T` must implement `encode_to` itself (the default `encode_to` calls `encode`, which
    /// would call this again).
    #[inline]
    pub fn append<T: crate::Encode + ?Sized>(out: &mut Vec<u8>, value: &T) -> crate::Result<()> {
        let additional = if out.capacity() - out.len() < MARGIN {
            value.size_hint().saturating_add(MARGIN)
        } else {
            0
        };
        let mut sink = Sink::new(out, additional);
        let result = value.encode_to(&mut sink);
        sink.finish();
        result
    }

    /// Makes everything written part of the vector (its length grows by the bytes written).
    #[inline]
    pub fn finish(self) {
        // `buf` is dropped here, before `commit` changes the vector.
        let Sink { pos, vec, .. } = self;
        commit(vec, pos);
    }

    /// Hands the underlying vector, holding everything written so far, to `f` (which may append
    /// to it), then continues writing after whatever it appended. For encoders that only exist
    /// for `Vec<u8>`, such as the logical-type adapters.
    #[inline]
    pub fn with_vec<R>(&mut self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        self.buf = &mut [];
        commit(self.vec, std::mem::take(&mut self.pos));
        let result = f(self.vec);
        // SAFETY: `f` is done with the vector; the fresh slice replaces the empty `buf` of this
        // sink, which holds the vector (the contract of `spare_capacity`, see there).
        self.buf = unsafe { spare_capacity(self.vec) };
        result
    }

    /// Writes `bytes` at the cursor and moves past them.
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        let pos = self.pos;
        match self
            .buf
            .get_mut(pos..)
            .and_then(|free| free.get_mut(..bytes.len()))
        {
            Some(dst) => {
                dst.copy_from_slice(as_uninit(bytes));
                self.pos = pos + bytes.len();
            }
            None => {
                self.buf = &mut [];
                // SAFETY: `buf` is emptied above, and the new slice goes into this sink's
                // `buf`, which holds the vector (the contract of `spare_capacity`).
                self.buf = unsafe { put_cold(self.vec, std::mem::take(&mut self.pos), bytes) };
            }
        }
    }

    /// Writes `v` as an unsigned LEB128 varint (at most [`MAX_LONG_LEN`] bytes).
    ///
    /// Branch-free (varint lengths vary unpredictably in real records): the bytes are built in
    /// registers ([`varint_parts`]) and stored as one 8-byte word and a 2-byte tail, and the
    /// cursor moves past the varint's length; the bytes stored beyond it are scratch,
    /// overwritten by the next write or left in the spare capacity. Needs [`MAX_LONG_LEN`] bytes
    /// of room whatever the length.
    #[inline(always)]
    fn varint(&mut self, v: u64) {
        let pos = self.pos;
        match self
            .buf
            .get_mut(pos..)
            .and_then(|free| free.first_chunk_mut::<MAX_LONG_LEN>())
        {
            Some(dst) => {
                let (word, tail, n) = varint_parts(v);
                dst[..8].copy_from_slice(as_uninit(&word.to_le_bytes()));
                dst[8..].copy_from_slice(as_uninit(&tail.to_le_bytes()));
                debug_assert!((1..=MAX_LONG_LEN).contains(&n));
                self.pos = pos + n;
            }
            None => {
                self.buf = &mut [];
                // SAFETY: as in `Sink::put`.
                self.buf = unsafe { varint_cold(self.vec, std::mem::take(&mut self.pos), v) };
            }
        }
    }

    /// Writes a length, count or index (a non-negative `long`): one byte when it is below 64.
    ///
    /// Lengths, counts and indices are mostly small, so the branch predicts well at each call
    /// site, and a one-byte store beats the branch-free varint (measured on batch_b, whose
    /// varints are nearly all lengths of one byte). Data values (`int`, `long`) have no such
    /// typical size and always take the branch-free varint.
    #[inline(always)]
    fn len(&mut self, n: usize) {
        if n < 64 {
            self.put(&[(n as u8) << 1]);
        } else {
            self.long(n as i64);
        }
    }

    /// Writes a `boolean` (one byte, 0 or 1).
    #[inline]
    pub fn boolean(&mut self, v: bool) {
        self.put(&[u8::from(v)]);
    }

    /// Writes an `int` (zigzag varint, at most [`MAX_INT_LEN`] bytes).
    #[inline]
    pub fn int(&mut self, v: i32) {
        // The 32-bit zigzag (the same value as the 64-bit one of `v`) tells the compiler that
        // the varint has at most 5 bytes.
        self.varint(u64::from(((v << 1) ^ (v >> 31)) as u32));
    }

    /// Writes a `long` (zigzag varint, at most [`MAX_LONG_LEN`] bytes).
    #[inline]
    pub fn long(&mut self, v: i64) {
        self.varint(zigzag(v));
    }

    /// Writes a `float` (4 bytes, little-endian).
    #[inline]
    pub fn float(&mut self, v: f32) {
        self.put(&v.to_le_bytes());
    }

    /// Writes a `double` (8 bytes, little-endian).
    #[inline]
    pub fn double(&mut self, v: f64) {
        self.put(&v.to_le_bytes());
    }

    /// Writes `bytes`: the length as a `long`, then the bytes.
    #[inline]
    pub fn bytes(&mut self, v: &[u8]) {
        self.len(v.len());
        self.put(v);
    }

    /// Writes a `string`: the UTF-8 length as a `long`, then the bytes.
    #[inline]
    pub fn string(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }

    /// Writes a `fixed`: the raw bytes, no length.
    #[inline]
    pub fn fixed(&mut self, v: &[u8]) {
        self.put(v);
    }

    /// Writes a union branch index (as a `long`).
    #[inline]
    pub fn union_index(&mut self, index: usize) {
        self.len(index);
    }

    /// Writes an enum symbol index (as an `int`, which shares the `long` encoding).
    #[inline]
    pub fn enum_index(&mut self, index: usize) {
        self.len(index);
    }

    /// Writes an array/map block item count.
    #[inline]
    pub fn block_len(&mut self, count: usize) {
        self.len(count);
    }

    /// Writes the end marker of an array or map (a block of 0 items).
    #[inline]
    pub fn block_end(&mut self) {
        self.put(&[0]);
    }
}

/// The spare capacity of `vec`, for a [`Sink`] to write into while it holds `vec`.
///
/// # Safety
///
/// The returned slice is not tied to the borrow of `vec` (its lifetime is the caller's
/// choice), so the caller must make sure that, for as long as it uses the slice:
/// - the vector's buffer stays where it is and stays alive: nothing reserves, shrinks, moves
///   or drops the vector;
/// - nothing else reads or writes that memory: no other call of this function on the same
///   vector while the slice is in use, no access to the vector's contents beyond `vec.len()`.
///
/// [`Sink`] upholds this: the slice lives only in `Sink::buf` of the `Sink<'a>` that holds
/// `vec: &'a mut Vec<u8>` (so the buffer outlives it), `Sink::vec` is private, and every use of
/// it that can touch or move the buffer (`commit`, the cold paths, `with_vec`) comes after the
/// sink has replaced `buf` with an empty slice, which it later replaces only with a fresh
/// `spare_capacity`.
#[inline]
unsafe fn spare_capacity<'a>(vec: &mut Vec<u8>) -> &'a mut [MaybeUninit<u8>] {
    let spare = vec.spare_capacity_mut();
    let (ptr, len) = (spare.as_mut_ptr(), spare.len());
    // SAFETY: `ptr..ptr + len` is the spare capacity of `*vec`: allocated, aligned, and
    // `MaybeUninit<u8>` needs no initialisation. The slice covers only bytes after
    // `vec.len()`, never the vector's initialised contents; that it stays valid and unaliased
    // for the lifetime the caller picks is the caller's obligation (see `# Safety`).
    unsafe { std::slice::from_raw_parts_mut(ptr, len) }
}

/// Extends `vec`'s length over the `written` bytes of its spare capacity that a [`Sink`] has
/// written. The sink must have dropped its `buf`, which no longer covers them.
#[inline]
fn commit(vec: &mut Vec<u8>, written: usize) {
    assert!(
        written <= vec.capacity() - vec.len(),
        "avro_runtime::encode::Sink: cursor past the spare capacity"
    );
    // SAFETY: `written` is within the spare capacity (checked above), and the sink has
    // initialised those bytes: they are `buf[..pos]` (`written` is the sink's `pos`), `buf` was
    // taken from the spare capacity of this same vector (`spare_capacity`) and the vector has
    // not changed since, and by the invariant of `Sink::pos` every byte before it was written.
    unsafe { vec.set_len(vec.len() + written) }
}

/// Cold path of [`Sink::put`]: commits the `written` bytes, appends `bytes` to the vector
/// (growing it, by at least doubling), and returns its new spare capacity.
///
/// # Safety
///
/// As [`spare_capacity`], for the returned slice; and the caller has dropped the slice it
/// held before (its sink's `buf`, emptied), whose bytes `commit` hands to the vector.
#[cold]
#[inline(never)]
unsafe fn put_cold<'a>(
    vec: &mut Vec<u8>,
    written: usize,
    bytes: &[u8],
) -> &'a mut [MaybeUninit<u8>] {
    commit(vec, written);
    vec.reserve(bytes.len() + MARGIN);
    vec.extend_from_slice(bytes);
    // SAFETY: passed on to the caller (this function's own contract).
    unsafe { spare_capacity(vec) }
}

/// Cold path of [`Sink::varint`], as [`put_cold`].
///
/// # Safety
///
/// As [`put_cold`].
#[cold]
#[inline(never)]
unsafe fn varint_cold<'a>(vec: &mut Vec<u8>, written: usize, v: u64) -> &'a mut [MaybeUninit<u8>] {
    commit(vec, written);
    vec.reserve(MAX_LONG_LEN + MARGIN);
    varint(vec, v);
    // SAFETY: passed on to the caller (this function's own contract).
    unsafe { spare_capacity(vec) }
}

/// For `lz`, the number of leading zero bits of `v | 1`: the length of the varint of `v`.
const VARINT_LEN: [u8; 65] = {
    let mut t = [0; 65];
    let mut lz: usize = 0;
    while lz < 64 {
        t[lz] = (64 - lz).div_ceil(7) as u8;
        lz += 1;
    }
    t
};

/// For `lz` as in [`VARINT_LEN`]: the continuation bits of the varint's first 8 bytes (on all
/// but its last byte).
const VARINT_CONTINUATION: [u64; 65] = {
    let mut t = [0; 65];
    let mut lz: usize = 0;
    while lz < 64 {
        let n = (64 - lz).div_ceil(7);
        t[lz] = if n > 8 {
            0x8080_8080_8080_8080
        } else {
            0x8080_8080_8080_8080 & ((1 << (8 * (n - 1))) - 1)
        };
        lz += 1;
    }
    t
};

/// The unsigned LEB128 varint of `v` as its first 8 bytes (a little-endian word), the 2 bytes
/// after them, and its length `n` (1 to 10); the bytes from the `n`-th on are not part of it.
/// Branch-free: the 7-bit groups are spread into the bytes of one word ([`spread`]), and the
/// continuation bits and length looked up by the number of leading zeros.
#[inline(always)]
fn varint_parts(v: u64) -> (u64, u16, usize) {
    let lz = (v | 1).leading_zeros() as usize;
    let word = spread(v) | VARINT_CONTINUATION[lz];
    // Byte 8 is bits 56..=63 of `v`: the ninth 7-bit group, and bit 63 as its continuation bit,
    // set exactly when byte 9 (bit 63 again) follows.
    let tail = ((v >> 56) | ((v >> 63) << 8)) as u16;
    (word, tail, usize::from(VARINT_LEN[lz]))
}

impl std::fmt::Debug for Sink<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sink")
            .field("committed", &self.vec.len())
            .field("written", &self.pos)
            .field("room", &(self.buf.len() - self.pos))
            .finish()
    }
}

/// `bytes` as a slice of `MaybeUninit<u8>`, to copy into spare capacity.
#[inline(always)]
fn as_uninit(bytes: &[u8]) -> &[MaybeUninit<u8>] {
    // SAFETY: `MaybeUninit<u8>` has the size, alignment and layout of `u8`, and every
    // initialised byte is a valid `MaybeUninit<u8>`; the result covers the same memory for the
    // same lifetime and is shared, so nothing can write an uninitialised byte through it.
    unsafe { &*(bytes as *const [u8] as *const [MaybeUninit<u8>]) }
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

    /// Interesting `long`s: both sides of every varint length boundary, extremes, and a
    /// pseudo-random spread over all bit lengths.
    fn sample_longs() -> Vec<i64> {
        let mut values = vec![0, 1, -1, i64::MIN, i64::MAX, i64::MIN + 1, i64::MAX - 1];
        for k in 0..64 {
            let p = 1_i64.wrapping_shl(k);
            values.extend([
                p,
                p.wrapping_sub(1),
                p.wrapping_neg(),
                p.wrapping_neg().wrapping_sub(1),
            ]);
        }
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        // Miri is about 10,000 times slower.
        for _ in 0..if cfg!(miri) { 100 } else { 2000 } {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            let bits = (z % 64) as u32;
            values.push(((z >> 6) >> (63 - bits)) as i64 * if z & 1 == 0 { 1 } else { -1 });
        }
        values
    }

    /// Writes the same values through the free functions into `a` and through a sink into `b`.
    fn write_both(a: &mut Vec<u8>, sink: &mut Sink<'_>, values: &[i64]) {
        for (i, &v) in values.iter().enumerate() {
            long(a, v);
            sink.long(v);
            int(a, v as i32);
            sink.int(v as i32);
            let text = &"abcdefghijklmnopqrstuvwxyz0123456789"[..i % 37];
            string(a, text);
            sink.string(text);
            let some = &text.as_bytes()[..text.len().min(i % 5)];
            bytes(a, some);
            sink.bytes(some);
            fixed(a, &[i as u8; 3]);
            sink.fixed(&[i as u8; 3]);
            double(a, v as f64);
            sink.double(v as f64);
            float(a, v as f32);
            sink.float(v as f32);
            boolean(a, v < 0);
            sink.boolean(v < 0);
            union_index(a, i % 3);
            sink.union_index(i % 3);
            enum_index(a, i);
            sink.enum_index(i);
            block_len(a, i);
            sink.block_len(i);
            block_len(a, 0);
            sink.block_end();
            if i % 97 == 0 {
                long(a, -7);
                sink.with_vec(|out| long(out, -7));
            }
        }
    }

    #[test]
    fn sink_writes_the_bytes_of_the_free_functions_whatever_the_room() {
        let values = sample_longs();
        for reserve in [0, 1, 9, 10, 11, 17, 64, 1 << 20] {
            for prefix in [0, 3, 16] {
                let mut a = vec![0xaa; prefix];
                let mut b = Vec::with_capacity(prefix + (reserve % 7));
                b.extend_from_slice(&a);
                let mut sink = Sink::new(&mut b, reserve);
                write_both(&mut a, &mut sink, &values);
                sink.finish();
                assert_eq!(a, b, "reserve {reserve}, prefix {prefix}");
            }
        }
        // Every long and int, checked one at a time from an empty vector.
        for &v in &values {
            let mut b = Vec::new();
            let mut sink = Sink::new(&mut b, 0);
            sink.long(v);
            sink.finish();
            assert_eq!(b, enc_long(v), "{v}");
            let mut b = Vec::new();
            let mut sink = Sink::new(&mut b, 0);
            sink.int(v as i32);
            sink.finish();
            assert_eq!(b, enc_int(v as i32), "{v}");
        }
    }

    /// A value whose size hint is given, to exercise `Sink::append` with wrong hints.
    struct Hinted(usize, Vec<i64>);

    impl crate::Encode for Hinted {
        fn encode(&self, out: &mut Vec<u8>) -> crate::Result<()> {
            Sink::append(out, self)
        }
        fn encode_to(&self, sink: &mut Sink<'_>) -> crate::Result<()> {
            for &v in &self.1 {
                sink.long(v);
                sink.string("hint");
            }
            Ok(())
        }
        fn size_hint(&self) -> usize {
            self.0
        }
    }

    #[test]
    fn append_is_correct_with_any_size_hint() {
        use crate::Encode;
        let values = sample_longs();
        let mut expected = vec![1, 2];
        for &v in &values {
            long(&mut expected, v);
            string(&mut expected, "hint");
        }
        for hint in [0, 1, 100, expected.len(), usize::MAX / 2, usize::MAX] {
            let value = Hinted(hint, values.clone());
            if hint >= usize::MAX / 2 {
                // A hint that cannot be reserved panics (capacity overflow) as `Vec` does, before
                // anything is written.
                let r = std::panic::catch_unwind(|| value.encode(&mut vec![1, 2]));
                assert!(r.is_err());
                continue;
            }
            let mut out = vec![1, 2];
            value.encode(&mut out).unwrap();
            assert_eq!(out, expected, "hint {hint}");
        }
    }

    #[test]
    fn sink_starts_after_existing_content_and_keeps_it() {
        let mut out = b"head".to_vec();
        let mut sink = Sink::new(&mut out, 0);
        sink.string("tail");
        sink.with_vec(|v| v.extend_from_slice(b"mid"));
        sink.boolean(true);
        sink.finish();
        assert_eq!(out, b"head\x08tailmid\x01");
        // A sink dropped without `finish` leaves the vector as it was.
        let mut out = b"head".to_vec();
        {
            let mut sink = Sink::new(&mut out, 100);
            sink.long(1);
        }
        assert_eq!(out, b"head");
    }

    /// `put` of every kind of value, alone and in tuples, writes what the free functions
    /// write, after any existing content and whatever the spare capacity.
    #[test]
    fn put_writes_the_bytes_of_the_free_functions() {
        let values = sample_longs();
        for (i, &v) in values.iter().enumerate() {
            let text = &"abcdefghijklmnopqrstuvwxyz0123456789é"[..i % 37];
            let some = &text.as_bytes()[..text.len().min(i % 5)];
            let fixed3 = [i as u8, 1, 2];
            let note = (i % 2 == 0).then_some(text);
            let mut expected = vec![0xaa; i % 3];
            long(&mut expected, v);
            int(&mut expected, v as i32);
            string(&mut expected, text);
            bytes(&mut expected, some);
            fixed(&mut expected, &fixed3);
            double(&mut expected, v as f64);
            float(&mut expected, v as f32);
            boolean(&mut expected, v < 0);
            union_index(&mut expected, usize::from(note.is_some()));
            if let Some(s) = note {
                string(&mut expected, s);
            }
            enum_index(&mut expected, i);
            block_len(&mut expected, 0);
            for cap in [0, i % 3, expected.len(), expected.len() + 64] {
                let mut out = Vec::with_capacity(cap);
                out.extend(std::iter::repeat_n(0xaa, i % 3));
                put(
                    &mut out,
                    (
                        v,
                        v as i32,
                        text,
                        Bytes(some),
                        &fixed3,
                        v as f64,
                        v as f32,
                        v < 0,
                        (Index(usize::from(note.is_some())), note),
                        Index(i),
                        (),
                        Index(0),
                    ),
                );
                assert_eq!(out, expected, "value {v}, capacity {cap}");
            }
            // One at a time, each into a vector without spare room.
            let mut out = vec![0xaa; i % 3];
            out.shrink_to_fit();
            put(&mut out, v);
            put(&mut out, v as i32);
            put(&mut out, text);
            put(&mut out, Bytes(some));
            put(&mut out, &fixed3);
            put(&mut out, (v as f64, v as f32));
            put(&mut out, v < 0);
            put(&mut out, Index(usize::from(note.is_some())));
            put(&mut out, note);
            put(&mut out, ((Index(i),), Index(0)));
            assert_eq!(out, expected, "value {v}, one at a time");
        }
    }

    /// Every value writes at most its bound, and the widest values reach it.
    #[test]
    fn put_bounds_hold_and_are_reached() {
        fn written<F: Fields>(f: F) -> (usize, usize) {
            let mut out = Vec::new();
            put(&mut out, f);
            (out.len(), f.bound())
        }
        assert_eq!(written(i64::MIN), (10, 10));
        assert_eq!(written(i32::MIN), (5, 5));
        assert_eq!(written(Index(usize::MAX >> 1)), (10, 10));
        assert_eq!(written(true), (1, 1));
        assert_eq!(written(1.5f32), (4, 4));
        assert_eq!(written(1.5f64), (8, 8));
        assert_eq!(written(&[7u8; 16]), (16, 16));
        assert_eq!(written(()), (0, 0));
        assert_eq!(written(None::<&str>), (0, 0));
        assert_eq!(written("abc"), (4, 13));
        assert_eq!(written(Bytes(&[0; 200])), (202, 210));
        for &v in &sample_longs() {
            let (n, bound) = written((v, v as i32, Index(v.unsigned_abs() as usize >> 1)));
            assert!(n <= bound && bound == 25, "{v}: {n} > {bound}");
        }
    }

    /// The room reserved is exactly the bound plus the scratch: a vector with that much spare
    /// capacity is not reallocated, and the scratch stores stay inside it.
    #[test]
    fn put_reserves_the_bound_and_scratch_only() {
        let fields = (i32::MIN, "hello", i64::MAX);
        let room = fields.bound() + SCRATCH;
        let mut out = Vec::with_capacity(room);
        let before = out.as_ptr();
        put(&mut out, fields);
        assert_eq!(out.as_ptr(), before, "reallocated");
        let mut expected = Vec::new();
        int(&mut expected, i32::MIN);
        string(&mut expected, "hello");
        long(&mut expected, i64::MAX);
        assert_eq!(out, expected);
        // Nested tuples: the bounds add up, and so do the bytes.
        let s = "x".repeat(1 << 10);
        let s = s.as_str();
        let nested = ((s, s, s, s, s, s, s, s, s, s, s), s);
        assert_eq!(nested.bound(), 12 * (1024 + 10));
        let mut out = Vec::new();
        put(&mut out, nested);
        assert_eq!(out.len(), 12 * (1024 + 2));
    }

    #[test]
    fn varint_tables() {
        for (lz, &len) in VARINT_LEN[..64].iter().enumerate() {
            assert_eq!(usize::from(len), (64 - lz).div_ceil(7));
        }
        assert_eq!(VARINT_CONTINUATION[63], 0);
        assert_eq!(VARINT_CONTINUATION[56], 0x80);
        assert_eq!(VARINT_CONTINUATION[0], 0x8080_8080_8080_8080);
    }
}
