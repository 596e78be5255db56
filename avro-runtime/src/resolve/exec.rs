//! The interpreter: runs a [`Program`] over writer bytes, appending reader bytes.

use super::program::{Op, Piece, Program, NONE, UNREADABLE_BIT};
use crate::{encode, Error, ErrorKind, Reader, Result};

/// Deepest nesting of records, arrays and maps the transcoder follows (recursive schemas can
/// otherwise nest as deep as the input is long, and overflow the stack).
pub const MAX_DEPTH: usize = 1024;

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
    depth: usize,
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
            depth: 0,
            budget: MAX_ZERO_WIDTH_OUTPUT,
            track: Vec::new(),
        }
    }

    #[inline]
    fn enter(&mut self, r: &Reader<'_>) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(too_deep(r.position()));
        }
        Ok(())
    }
}

#[cold]
#[inline(never)]
fn too_deep(at: usize) -> Error {
    Error::new(
        ErrorKind::Custom(format!(
            "values nested deeper than {MAX_DEPTH} levels (records, arrays, maps)"
        )),
        Some(at),
    )
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

/// Copies the bytes `r` consumed while running `f`.
#[inline(always)]
fn copy_consumed<'a>(
    r: &mut Reader<'a>,
    out: &mut Vec<u8>,
    f: impl FnOnce(&mut Reader<'a>) -> Result<()>,
) -> Result<()> {
    let before = r.remaining_slice();
    f(r)?;
    let n = before.len() - r.remaining();
    if n == 1 {
        out.push(before[0]);
    } else {
        out.extend_from_slice(&before[..n]);
    }
    Ok(())
}

impl Program {
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
                let copy = matches!(op, Op::Bool | Op::Int | Op::Long | Op::Copy(_) | Op::Bytes);
                st.track.push(Track {
                    out: out.len(),
                    inp: r.position(),
                    copy,
                });
            }
            match op {
                Op::Bool => {
                    let b = r.read_boolean()?;
                    out.push(u8::from(b));
                }
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
                Op::Copy(n) => out.extend_from_slice(r.read_fixed_slice(n as usize)?),
                Op::Bytes => copy_consumed(r, out, Reader::skip_bytes)?,
                Op::IntToFloat => encode::float(out, r.read_int()? as f32),
                Op::IntToDouble => encode::double(out, f64::from(r.read_int()?)),
                Op::LongToFloat => encode::float(out, r.read_long()? as f32),
                Op::LongToDouble => encode::double(out, r.read_long()? as f64),
                Op::FloatToDouble => encode::double(out, f64::from(r.read_float()?)),
                Op::Const(start, len) => {
                    out.extend_from_slice(&self.consts[start as usize..(start + len) as usize])
                }
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
                Op::Call(t) => {
                    st.enter(r)?;
                    self.run::<TRACK>(t as usize, r, out, st)?;
                    st.depth -= 1;
                }
                Op::Return => return Ok(()),
                Op::Array { body, min } => {
                    st.enter(r)?;
                    self.array::<TRACK>(body as usize, min as usize, r, out, st)?;
                    st.depth -= 1;
                }
                Op::Map { body, min } => {
                    st.enter(r)?;
                    self.map::<TRACK>(body as usize, min as usize, r, out, st)?;
                    st.depth -= 1;
                }
                Op::SkipVarint => r.skip_long()?,
                Op::SkipBytes => r.skip_bytes()?,
                Op::Skip(n) => r.skip_fixed(n as usize)?,
                Op::SkipArray { body } => {
                    st.enter(r)?;
                    r.skip_array(|r| self.run::<TRACK>(body as usize, r, out, st))?;
                    st.depth -= 1;
                }
                Op::SkipArrayFixed(n) => skip_array_fixed(r, n as usize)?,
                Op::SkipMap { body } => {
                    st.enter(r)?;
                    r.skip_map(|r| self.run::<TRACK>(body as usize, r, out, st))?;
                    st.depth -= 1;
                }
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
                Op::Assemble(t) => self.assemble::<TRACK>(t as usize, r, out, st),
            }
        }
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
            let n = r.read_block_len(min)?;
            if n == 0 {
                out.push(0);
                return Ok(());
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
                self.run::<TRACK>(body, r, out, st)?;
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
                } else if tr.out >= base && tr.out < end {
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
        let n = r.read_block_len(size)?;
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
