//! The interpreter: runs a [`Program`] over writer bytes, appending reader bytes.

use super::program::{Op, Piece, Program, NONE, SEQ_BYTES, SEQ_INT, SEQ_LONG, UNREADABLE_BIT};
use crate::{encode, Error, ErrorKind, Reader, Result};

/// Most bytes that items taking no writer bytes at all (`null`, empty records, `fixed` of size 0,
/// read as something that does take bytes, e.g. `["null", "int"]`) may produce in one datum. Such
/// items cost nothing in the input, so their count is otherwise unbounded.
pub const MAX_ZERO_WIDTH_OUTPUT: usize = 1 << 24;

/// Where one value of the output came from, for mapping decode errors back to writer offsets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Track {
    /// Start of the value in the output.
    pub out: usize,
    /// Start of the value in the input.
    pub inp: usize,
    /// Whether the output bytes are a copy of the input bytes (offsets inside correspond).
    pub copy: bool,
}

/// Per-run state.
pub(crate) struct State<'m> {
    /// Mark stack of re-ordered records.
    pub marks: &'m mut Vec<usize>,
    /// Bytes zero-width items may still produce.
    budget: usize,
    /// Filled in tracking runs only.
    pub track: Vec<Track>,
}

impl<'m> State<'m> {
    pub(crate) fn new(marks: &'m mut Vec<usize>) -> Self {
        marks.clear();
        State {
            marks,
            budget: MAX_ZERO_WIDTH_OUTPUT,
            track: Vec::new(),
        }
    }
}

#[cold]
#[inline(never)]
fn unreadable(msg: &str, at: usize) -> Error {
    Error::new(ErrorKind::Custom(msg.to_string()), Some(at))
}

#[cold]
#[inline(never)]
fn too_large(declared: u64, at: usize, remaining: usize) -> Error {
    Error::new(
        ErrorKind::LengthExceedsInput {
            declared,
            remaining,
        },
        Some(at),
    )
}

/// Appends the first `n` bytes of `src` to `out`. Values are mostly short: up to 16 bytes are
/// copied as one fixed-size block when `src` is long enough, instead of calling `memcpy`.
#[inline(always)]
fn put_prefix(out: &mut Vec<u8>, src: &[u8], n: usize) {
    const BLOCK: usize = 16;
    match src.first_chunk::<BLOCK>() {
        Some(block) if n <= BLOCK => {
            if out.capacity() - out.len() < BLOCK {
                out.reserve(BLOCK);
            }
            let len = out.len();
            let spare = &mut out.spare_capacity_mut()[..BLOCK];
            for (dst, &b) in spare.iter_mut().zip(block) {
                dst.write(b);
            }
            // SAFETY: the BLOCK bytes at `len..len + BLOCK` were just initialised through
            // `spare_capacity_mut` (its indexing would have panicked rather than go beyond the
            // capacity), and `n <= BLOCK`: the new length covers initialised bytes only.
            unsafe { out.set_len(len + n) };
        }
        _ => out.extend_from_slice(&src[..n]),
    }
}

/// Copies the bytes `r` consumed while running `f`.
#[inline(always)]
fn copy_consumed<'a>(
    r: &mut Reader<'a>,
    out: &mut Vec<u8>,
    f: impl FnOnce(&mut Reader<'a>) -> Result<()>,
) -> Result<()> {
    let before = r.remaining_slice();
    f(r)?;
    put_prefix(out, before, before.len() - r.remaining());
    Ok(())
}

/// Runs the ops that are a whole value on their own (the common array items and map values)
/// without entering the interpreter loop; `false` for any other op.
#[inline(always)]
fn simple_value(op: Op, r: &mut Reader<'_>, out: &mut Vec<u8>) -> Result<bool> {
    match op {
        Op::Bytes => copy_consumed(r, out, Reader::skip_bytes)?,
        Op::Long => copy_consumed(r, out, Reader::skip_long)?,
        Op::Int => copy_consumed(r, out, Reader::skip_int)?,
        Op::Copy(n) => {
            let src = r.remaining_slice();
            r.skip_fixed(n as usize)?;
            put_prefix(out, src, n as usize);
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Runs a skip op that skips a whole value.
#[inline(always)]
fn simple_skip(op: Op, r: &mut Reader<'_>) -> Result<()> {
    match op {
        Op::SkipVarint => r.skip_long(),
        Op::SkipBytes => r.skip_bytes(),
        Op::Skip(n) => r.skip_fixed(n as usize),
        _ => unreachable!("checked by simple_body"),
    }
}

impl Program {
    /// Runs [`Op::Seq`]: finds the end of each value, then copies them all at once.
    #[inline(always)]
    fn seq(&self, start: u32, len: u32, r: &mut Reader<'_>, out: &mut Vec<u8>) -> Result<()> {
        let begin = r.remaining_slice();
        for &item in &self.seqs[start as usize..(start + len) as usize] {
            match item {
                SEQ_LONG => r.skip_long()?,
                SEQ_BYTES => r.skip_bytes()?,
                SEQ_INT => r.skip_int()?,
                n => r.skip_fixed(n as usize)?,
            }
        }
        put_prefix(out, begin, begin.len() - r.remaining());
        Ok(())
    }

    /// The op of a subroutine that is a single skip op, and whether it is one.
    #[inline]
    fn simple_body(&self, body: usize) -> (Op, bool) {
        let op = self.ops[body];
        let simple = matches!(op, Op::SkipVarint | Op::SkipBytes | Op::Skip(_))
            && self.ops.get(body + 1) == Some(&Op::Return);
        (op, simple)
    }

    /// Runs the code at `pc` until its `Return`.
    ///
    /// `TRACK` runs (only after a decode error, to find the writer offset) also record where
    /// each output value came from.
    pub(crate) fn run<const TRACK: bool>(
        &self,
        mut pc: usize,
        r: &mut Reader<'_>,
        out: &mut Vec<u8>,
        st: &mut State<'_>,
    ) -> Result<()> {
        loop {
            let op = self.ops[pc];
            pc += 1;
            if TRACK {
                let copy = matches!(
                    op,
                    Op::Int | Op::Long | Op::Copy(_) | Op::Bytes | Op::Seq(..)
                );
                st.track.push(Track {
                    out: out.len(),
                    inp: r.position(),
                    copy,
                });
            }
            match op {
                Op::Int => {
                    let s = r.remaining_slice();
                    match s.first() {
                        Some(&b) if b < 0x80 => {
                            out.push(b);
                            r.skip_fixed(1)?;
                        }
                        _ => copy_consumed(r, out, Reader::skip_int)?,
                    }
                }
                Op::Long => {
                    let s = r.remaining_slice();
                    match s.first() {
                        Some(&b) if b < 0x80 => {
                            out.push(b);
                            r.skip_fixed(1)?;
                        }
                        _ => copy_consumed(r, out, Reader::skip_long)?,
                    }
                }
                Op::Copy(n) => {
                    let src = r.remaining_slice();
                    r.skip_fixed(n as usize)?;
                    put_prefix(out, src, n as usize);
                }
                Op::Bytes => copy_consumed(r, out, Reader::skip_bytes)?,
                Op::Seq(start, len) => self.seq(start, len, r, out)?,
                Op::Enum(t) => {
                    let table = &self.enums[t as usize];
                    let at = r.position();
                    let i = r.read_enum_index(table.len())?;
                    let v = table[i];
                    if v & UNREADABLE_BIT != 0 {
                        return Err(unreadable(
                            &self.messages[(v & !UNREADABLE_BIT) as usize],
                            at,
                        ));
                    }
                    if v < 64 {
                        out.push((v as u8) << 1);
                    } else {
                        encode::enum_index(out, v as usize);
                    }
                }
                Op::Union(t) => {
                    let table = &self.unions[t as usize];
                    let at = r.position();
                    let i = r.read_union_index(table.len())?;
                    let b = table[i];
                    if b.message != NONE {
                        return Err(unreadable(&self.messages[b.message as usize], at));
                    }
                    if b.index != NONE {
                        if b.index < 64 {
                            out.push((b.index as u8) << 1);
                        } else {
                            encode::union_index(out, b.index as usize);
                        }
                    }
                    pc = b.target as usize;
                }
                Op::Jump(t) => pc = t as usize,
                Op::Const(start, len) => {
                    out.extend_from_slice(&self.consts[start as usize..(start + len) as usize])
                }
                Op::Call(t) => self.run::<TRACK>(t as usize, r, out, st)?,
                Op::CallRec(t) => {
                    // A recursive record: the reader's nesting limit bounds the recursion, as in
                    // generated decoders.
                    r.enter()?;
                    self.run::<TRACK>(t as usize, r, out, st)?;
                    r.leave();
                }
                Op::Return => return Ok(()),
                Op::IntToFloat => encode::float(out, r.read_int()? as f32),
                Op::IntToDouble => encode::double(out, f64::from(r.read_int()?)),
                Op::LongToFloat => encode::float(out, r.read_long()? as f32),
                Op::LongToDouble => encode::double(out, r.read_long()? as f64),
                Op::FloatToDouble => encode::double(out, f64::from(r.read_float()?)),
                Op::SkipVarint => r.skip_long()?,
                Op::SkipBytes => r.skip_bytes()?,
                Op::Skip(n) => r.skip_fixed(n as usize)?,
                Op::RecStart(n) => {
                    let track_len = st.track.len();
                    let len = st.marks.len();
                    st.marks.resize(len + n as usize, 0);
                    st.marks.push(track_len);
                }
                Op::Mark { slot, n } => {
                    let i = st.marks.len() - 1 - n as usize + slot as usize;
                    st.marks[i] = out.len();
                }
                _ => self.other::<TRACK>(op, r, out, st)?,
            }
        }
    }

    /// Arrays, maps and re-ordered records: out of line, so that [`Program::run`] keeps a small
    /// stack frame (it recurses once per nesting level) and a tight loop.
    #[inline(never)]
    fn other<const TRACK: bool>(
        &self,
        op: Op,
        r: &mut Reader<'_>,
        out: &mut Vec<u8>,
        st: &mut State<'_>,
    ) -> Result<()> {
        match op {
            Op::Array { body, min } => {
                self.array::<TRACK>(body as usize, min as usize, r, out, st)?;
            }
            Op::Map { body, min } => {
                self.map::<TRACK>(body as usize, min as usize, r, out, st)?;
            }
            Op::SkipArray { body } => {
                let (op, simple) = self.simple_body(body as usize);
                if simple && !TRACK {
                    r.skip_array(|r| simple_skip(op, r))?;
                } else {
                    r.skip_array(|r| self.run::<TRACK>(body as usize, r, out, st))?;
                }
            }
            Op::SkipArrayFixed(n) => skip_array_fixed(r, n as usize)?,
            Op::SkipMap { body } => {
                let (op, simple) = self.simple_body(body as usize);
                if simple && !TRACK {
                    r.skip_map(|r| simple_skip(op, r))?;
                } else {
                    r.skip_map(|r| self.run::<TRACK>(body as usize, r, out, st))?;
                }
            }
            Op::Assemble(t) => self.assemble::<TRACK>(t as usize, r, out, st),
            _ => unreachable!("handled in run"),
        }
        Ok(())
    }

    #[inline]
    fn array<const TRACK: bool>(
        &self,
        body: usize,
        min: usize,
        r: &mut Reader<'_>,
        out: &mut Vec<u8>,
        st: &mut State<'_>,
    ) -> Result<()> {
        loop {
            // No allowance of zero-size items: they are transcoded once (see below).
            let n = r.read_block_count(min)?;
            if n == 0 {
                out.push(0);
                return Ok(());
            }
            if min == 0 && n > i64::MAX as usize {
                // Only a count of i64::MIN gets here; it cannot be written back as a count.
                return Err(too_large(n as u64, r.position(), r.remaining()));
            }
            encode::block_len(out, n);
            if min == 0 {
                // Items that take no writer bytes are all the same: transcode one, repeat it.
                let (at, before, start) = (r.position(), r.remaining(), out.len());
                self.run::<TRACK>(body, r, out, st)?;
                let k = out.len() - start;
                if r.remaining() != before {
                    // Only for schemas whose least size was underestimated: go item by item.
                    for _ in 1..n {
                        self.run::<TRACK>(body, r, out, st)?;
                    }
                    continue;
                }
                if k > 0 {
                    let total = (n as u64 - 1).saturating_mul(k as u64);
                    if total > st.budget as u64 {
                        return Err(too_large(total, at, r.remaining()));
                    }
                    st.budget -= total as usize;
                    out.reserve(total as usize);
                    for _ in 1..n {
                        out.extend_from_within(start..start + k);
                    }
                }
                continue;
            }
            out.reserve(n);
            // Items of one op (strings, longs, ...) are copied without a call per item.
            let op = self.ops[body];
            if !TRACK && self.ops.get(body + 1) == Some(&Op::Return) && simple_value(op, r, out)? {
                for _ in 1..n {
                    simple_value(op, r, out)?;
                }
                continue;
            }
            for _ in 0..n {
                self.run::<TRACK>(body, r, out, st)?;
            }
        }
    }

    #[inline]
    fn map<const TRACK: bool>(
        &self,
        body: usize,
        min: usize,
        r: &mut Reader<'_>,
        out: &mut Vec<u8>,
        st: &mut State<'_>,
    ) -> Result<()> {
        loop {
            let n = r.read_block_len(min.saturating_add(1))?;
            if n == 0 {
                out.push(0);
                return Ok(());
            }
            encode::block_len(out, n);
            for _ in 0..n {
                if TRACK {
                    st.track.push(Track {
                        out: out.len(),
                        inp: r.position(),
                        copy: true,
                    });
                }
                copy_consumed(r, out, Reader::skip_string)?;
                if TRACK
                    || self.ops.get(body + 1) != Some(&Op::Return)
                    || !simple_value(self.ops[body], r, out)?
                {
                    self.run::<TRACK>(body, r, out, st)?;
                }
            }
        }
    }

    /// Rewrites the fields of a re-ordered record in reader order.
    fn assemble<const TRACK: bool>(
        &self,
        t: usize,
        r: &Reader<'_>,
        out: &mut Vec<u8>,
        st: &mut State<'_>,
    ) {
        let a = &self.assembles[t];
        let n = a.slots as usize;
        let frame = st.marks.len() - 1 - n;
        let end = out.len();
        let base = if n > 0 { st.marks[frame] } else { end };
        // Slot k spans marks[frame + k] .. marks[frame + k + 1] (or the end).
        let slot = |marks: &[usize], k: usize| {
            let s = marks[frame + k];
            let e = if k + 1 < n { marks[frame + k + 1] } else { end };
            (s, e)
        };
        let mut new_start = if TRACK { vec![0usize; n] } else { Vec::new() };
        for p in a.pieces.iter() {
            match *p {
                Piece::Slot(k) => {
                    let (s, e) = slot(st.marks, k as usize);
                    if TRACK {
                        new_start[k as usize] = out.len() - end + base;
                    }
                    out.extend_from_within(s..e);
                }
                Piece::Const(s, l) => {
                    if TRACK {
                        st.track.push(Track {
                            out: out.len(),
                            inp: r.position(),
                            copy: false,
                        });
                    }
                    out.extend_from_slice(&self.consts[s as usize..(s + l) as usize]);
                }
            }
        }
        let len = out.len() - end;
        out.copy_within(end.., base);
        out.truncate(base + len);
        if TRACK {
            let first = st.marks[frame + n];
            let consts_from = st.track.len()
                - a.pieces
                    .iter()
                    .filter(|p| matches!(p, Piece::Const(..)))
                    .count();
            for (i, tr) in st.track[first..].iter_mut().enumerate() {
                if first + i >= consts_from {
                    // Defaults, recorded at their final position relative to `end`.
                    tr.out = tr.out - end + base;
                } else if tr.out >= end {
                    // Ops after the last field (skips, this one): after the record, which
                    // grew by its defaults.
                    tr.out = base + len;
                } else if tr.out >= base {
                    for (k, &to) in new_start.iter().enumerate() {
                        let (s, e) = slot(st.marks, k);
                        if tr.out >= s && tr.out < e {
                            tr.out = to + (tr.out - s);
                            break;
                        }
                    }
                }
            }
        }
        st.marks.truncate(frame);
    }

    /// Runs the whole program once over one datum.
    #[inline]
    pub(crate) fn transcode(
        &self,
        r: &mut Reader<'_>,
        out: &mut Vec<u8>,
        marks: &mut Vec<usize>,
    ) -> Result<()> {
        let mut st = State::new(marks);
        self.run::<false>(self.entry as usize, r, out, &mut st)
    }

    /// Maps an offset in the output of transcoding `input` to the writer offset it came from.
    #[cold]
    pub(crate) fn writer_offset(&self, mut input: Reader<'_>, out_offset: usize) -> Option<usize> {
        let mut marks = Vec::new();
        let mut st = State::new(&mut marks);
        let mut out = Vec::new();
        self.run::<true>(self.entry as usize, &mut input, &mut out, &mut st)
            .ok()?;
        let mut track = st.track;
        track.sort_by_key(|t| t.out);
        let i = track.partition_point(|t| t.out <= out_offset);
        if i == 0 {
            return Some(track.first().map_or(input.position(), |t| t.inp));
        }
        if out_offset >= out.len() {
            return Some(input.position());
        }
        // Among the values starting at the same output offset (a union index and its value),
        // the last one is the innermost.
        let t = track[i - 1];
        Some(if t.copy {
            t.inp + (out_offset - t.out)
        } else {
            t.inp
        })
    }
}

/// Skips an array whose items take exactly `size` bytes each.
fn skip_array_fixed(r: &mut Reader<'_>, size: usize) -> Result<()> {
    loop {
        let at = r.position();
        // Skipped in one step whatever the count: no allowance of zero-size items needed.
        let n = r.read_block_count(size)?;
        if n == 0 {
            return Ok(());
        }
        // read_block_len checked n * size against the input when size > 0.
        let bytes = n
            .checked_mul(size)
            .ok_or_else(|| too_large(u64::MAX, at, r.remaining()))?;
        r.skip_fixed(bytes)?;
    }
}
