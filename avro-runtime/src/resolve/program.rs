//! The transcoding program: a resolution plan ([`avro_schema::resolve::Resolved`]) compiled once
//! into a flat vector of [`Op`]s plus side tables (enum symbol maps, union branch tables, record
//! re-ordering tables, a pool of constant bytes for defaults and union indices).
//!
//! Layout: code is built in *blocks* (the root, one per record resolution, one per skipped writer
//! record, one per array item / map value body) that reference each other by block id; at the end
//! the blocks are laid out one after another and every block id is replaced by a program counter.
//! Records, array items and map values are subroutines ending in [`Op::Return`] (the interpreter
//! recurses into them); union branches are inline code selected by a jump table.

use std::collections::HashMap;

use avro_schema::ir::{DefaultValue, NamedId, NamedKind, Primitive, Schema, SchemaSet};
use avro_schema::resolve::{FieldStep, Resolution, Resolved, UnionBranch};

use crate::encode;

/// "None" in `u32` table slots.
pub(crate) const NONE: u32 = u32::MAX;

/// [`Op::Seq`] item: a `long` varint.
pub(crate) const SEQ_LONG: u32 = 1 << 31;
/// [`Op::Seq`] item: an `int` varint (checked).
pub(crate) const SEQ_INT: u32 = SEQ_LONG + 1;
/// [`Op::Seq`] item: a length-prefixed value.
pub(crate) const SEQ_BYTES: u32 = SEQ_LONG + 2;
/// [`Op::Seq`] items below this are fixed sizes.
const SEQ_MAX_FIXED: u32 = SEQ_LONG - 1;

/// One instruction. `Copy*` ops copy the writer's bytes unchanged (the encodings agree), the
/// conversions decode a writer value and encode the reader's, `Skip*` ops only consume input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// An `int` varint checked to fit in 32 bits, copied (int→long).
    Int,
    /// A `long` varint, copied.
    Long,
    /// `n` raw bytes copied (float, double, fixed, and runs of them merged).
    Copy(u32),
    /// A length-prefixed value copied (bytes, string, string↔bytes).
    Bytes,
    /// A run of values copied as one block: `Program::seqs[start..start + len]` says how to find
    /// the end of each ([`SEQ_LONG`], [`SEQ_INT`], [`SEQ_BYTES`], or a fixed size).
    Seq(u32, u32),
    /// int → float.
    IntToFloat,
    /// int → double.
    IntToDouble,
    /// long → float.
    LongToFloat,
    /// long → double.
    LongToDouble,
    /// float → double.
    FloatToDouble,
    /// Writes `consts[start..start + len]` (defaults, reader union indices).
    Const(u32, u32),
    /// Reads a writer enum index and writes the reader's (table in `Program::enums`).
    Enum(u32),
    /// Reads a writer union index, writes the reader's (if any) and jumps to the branch code
    /// (table in `Program::unions`).
    Union(u32),
    /// Continues at this program counter.
    Jump(u32),
    /// Array: per writer block, the same count then each item through subroutine `body`;
    /// `min` is the least number of writer bytes an item takes.
    Array {
        /// Item subroutine.
        body: u32,
        /// Least writer bytes per item.
        min: u32,
    },
    /// Map: per writer block, the same count then each key (copied) and value through `body`.
    Map {
        /// Value subroutine.
        body: u32,
        /// Least writer bytes per value.
        min: u32,
    },
    /// Runs a subroutine (a record).
    Call(u32),
    /// Runs the subroutine of a recursive record, within the reader's nesting limit
    /// ([`crate::Reader::enter`]).
    CallRec(u32),
    /// Ends a subroutine (or the program).
    Return,
    /// Skips an `int`/`long`/enum index varint.
    SkipVarint,
    /// Skips a length-prefixed value.
    SkipBytes,
    /// Skips `n` bytes.
    Skip(u32),
    /// Skips an array whose items go through subroutine `body`.
    SkipArray {
        /// Item skip subroutine.
        body: u32,
    },
    /// Skips an array whose items all take exactly `n` bytes.
    SkipArrayFixed(u32),
    /// Skips a map whose values go through subroutine `body`.
    SkipMap {
        /// Value skip subroutine.
        body: u32,
    },
    /// Starts a record whose fields are written in another order than the reader's: reserves
    /// `n` marks (one per group of read fields that stay together) plus one.
    RecStart(u32),
    /// Marks the start of group `slot` (writer order) of a re-ordered record with `n` groups.
    Mark {
        /// Slot (index among the fields read, in writer order).
        slot: u32,
        /// Number of slots of the record.
        n: u32,
    },
    /// Ends a re-ordered record: rewrites its fields in reader order (table in
    /// `Program::assembles`), inserting defaults.
    Assemble(u32),
}

/// One writer union branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Branch {
    /// Where the branch's code starts.
    pub target: u32,
    /// Reader union index to write, or [`NONE`].
    pub index: u32,
    /// Message id when the branch cannot be read, else [`NONE`].
    pub message: u32,
}

/// One piece of a re-ordered record, in reader order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece {
    /// The bytes transcoded for group `k` (fields read one after the other in both orders).
    Slot(u32),
    /// Constant bytes (a default): `consts[start..start + len]`.
    Const(u32, u32),
}

/// Rewriting table of a re-ordered record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assembly {
    /// Number of groups of read fields.
    pub slots: u32,
    /// The reader's fields, in reader order.
    pub pieces: Box<[Piece]>,
}

/// A compiled plan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Program {
    /// All code; blocks laid out one after the other.
    pub ops: Box<[Op]>,
    /// Where the root value's code starts.
    pub entry: u32,
    /// Constant bytes.
    pub consts: Box<[u8]>,
    /// Enum tables: for each writer symbol, the reader index, or `UNREADABLE_BIT | message id`.
    pub enums: Box<[Box<[u32]>]>,
    /// Union tables: one entry per writer branch.
    pub unions: Box<[Box<[Branch]>]>,
    /// Re-ordering tables.
    pub assembles: Box<[Assembly]>,
    /// Messages of unreadable parts.
    pub messages: Box<[String]>,
    /// Items of [`Op::Seq`] runs.
    pub seqs: Box<[u32]>,
    /// Whether any record is re-ordered (the interpreter then needs a mark stack).
    pub reorders: bool,
}

/// Marks an enum table entry as "unreadable, message id in the low bits".
pub(crate) const UNREADABLE_BIT: u32 = 1 << 31;

/// Code of one block under construction.
#[derive(Default)]
struct Code {
    ops: Vec<Op>,
    /// Ops before this index may not be merged with the next one (a jump target follows).
    barrier: usize,
    /// Union tables whose targets are relative to this block.
    unions: Vec<u32>,
}

impl Code {
    /// Appends `op`, merging it into the previous op when both are copies, skips or constants.
    fn push(&mut self, op: Op) {
        if self.ops.len() > self.barrier {
            if let Some(last) = self.ops.last_mut() {
                let merged = match (*last, op) {
                    (Op::Copy(a), Op::Copy(b)) => a.checked_add(b).map(Op::Copy),
                    (Op::Skip(a), Op::Skip(b)) => a.checked_add(b).map(Op::Skip),
                    (Op::Const(s, a), Op::Const(t, b)) if s.checked_add(a) == Some(t) => {
                        a.checked_add(b).map(|l| Op::Const(s, l))
                    }
                    _ => None,
                };
                if let Some(m) = merged {
                    *last = m;
                    return;
                }
            }
        }
        match op {
            Op::Copy(0) | Op::Skip(0) | Op::Const(_, 0) => {}
            _ => self.ops.push(op),
        }
    }

    /// The current position as a jump target (no merging across it).
    fn label(&mut self) -> u32 {
        self.barrier = self.ops.len();
        self.ops.len() as u32
    }
}

/// Compiles plans into programs.
pub(crate) struct Compiler<'a> {
    writer: &'a SchemaSet,
    reader: &'a SchemaSet,
    plan: &'a Resolved,
    blocks: Vec<Code>,
    consts: Vec<u8>,
    enums: Vec<Box<[u32]>>,
    enum_memo: HashMap<usize, u32>,
    unions: Vec<Vec<Branch>>,
    assembles: Vec<Assembly>,
    messages: Vec<String>,
    record_memo: HashMap<usize, u32>,
    skip_memo: HashMap<NamedId, u32>,
    /// Least writer sizes of record resolutions (memo; `None` while being computed).
    record_min: HashMap<usize, Option<u32>>,
    /// Least writer sizes of writer records (memo; `None` while being computed).
    named_min: HashMap<NamedId, Option<u32>>,
    reorders: bool,
}

type CResult<T> = std::result::Result<T, String>;

fn bad(what: impl std::fmt::Display) -> String {
    format!("inconsistent resolution plan: {what}")
}

fn u32_of(n: usize, what: &str) -> CResult<u32> {
    u32::try_from(n).map_err(|_| bad(format!("{what} too large")))
}

impl<'a> Compiler<'a> {
    /// Compiles `plan` (made for `writer` → `reader`).
    pub(crate) fn compile(
        writer: &'a SchemaSet,
        reader: &'a SchemaSet,
        plan: &'a Resolved,
    ) -> CResult<Program> {
        let mut c = Compiler {
            writer,
            reader,
            plan,
            blocks: vec![Code::default()],
            consts: Vec::new(),
            enums: Vec::new(),
            enum_memo: HashMap::new(),
            unions: Vec::new(),
            assembles: Vec::new(),
            messages: Vec::new(),
            record_memo: HashMap::new(),
            skip_memo: HashMap::new(),
            record_min: HashMap::new(),
            named_min: HashMap::new(),
            reorders: false,
        };
        let mut root = Code::default();
        c.value(&mut root, &plan.root)?;
        root.ops.push(Op::Return);
        // A root that is only a call starts at the callee.
        let entry_block = match root.ops.as_slice() {
            [Op::Call(b), Op::Return] => *b,
            _ => 0,
        };
        c.blocks[0] = root;
        c.layout(entry_block)
    }

    /// Blocks that can reach themselves through calls and bodies (recursive records).
    fn recursive_blocks(&self) -> Vec<bool> {
        let edges: Vec<Vec<u32>> = self
            .blocks
            .iter()
            .map(|b| {
                b.ops
                    .iter()
                    .filter_map(|op| match *op {
                        Op::Call(t) | Op::CallRec(t) => Some(t),
                        Op::Array { body, .. } | Op::Map { body, .. } => Some(body),
                        Op::SkipArray { body } | Op::SkipMap { body } => Some(body),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        (0..self.blocks.len())
            .map(|start| {
                let mut seen = vec![false; edges.len()];
                let mut stack: Vec<u32> = edges[start].clone();
                while let Some(b) = stack.pop() {
                    if b as usize == start {
                        return true;
                    }
                    if !std::mem::replace(&mut seen[b as usize], true) {
                        stack.extend_from_slice(&edges[b as usize]);
                    }
                }
                false
            })
            .collect()
    }

    /// Replaces runs of two or more copy ops in a block by one [`Op::Seq`] (never across a jump
    /// target), remapping the block's jump and union targets.
    fn fuse(code: &mut Code, unions: &mut [Vec<Branch>], seqs: &mut Vec<u32>) {
        fn item(op: Op) -> Option<u32> {
            match op {
                Op::Long => Some(SEQ_LONG),
                Op::Int => Some(SEQ_INT),
                Op::Bytes => Some(SEQ_BYTES),
                Op::Copy(n) if n <= SEQ_MAX_FIXED => Some(n),
                _ => None,
            }
        }
        let ops = &code.ops;
        let mut targets = vec![false; ops.len() + 1];
        for op in ops {
            if let Op::Jump(t) = op {
                targets[*t as usize] = true;
            }
        }
        for &u in &code.unions {
            for b in &unions[u as usize] {
                targets[b.target as usize] = true;
            }
        }
        let mut fused = Vec::with_capacity(ops.len());
        let mut new_index = vec![0u32; ops.len() + 1];
        let mut i = 0;
        while i < ops.len() {
            new_index[i] = fused.len() as u32;
            let mut j = i + 1;
            if item(ops[i]).is_some() {
                while j < ops.len() && !targets[j] && item(ops[j]).is_some() {
                    j += 1;
                }
            }
            if j - i >= 2 {
                let start = seqs.len();
                for &op in &ops[i..j] {
                    let it = item(op).expect("checked");
                    let n = seqs.len();
                    if n > start
                        && seqs[n - 1] <= SEQ_MAX_FIXED
                        && it <= SEQ_MAX_FIXED
                        && seqs[n - 1] + it <= SEQ_MAX_FIXED
                    {
                        seqs[n - 1] += it;
                    } else {
                        seqs.push(it);
                    }
                }
                fused.push(Op::Seq(start as u32, (seqs.len() - start) as u32));
                for k in i + 1..j {
                    new_index[k] = new_index[i];
                }
            } else {
                fused.push(ops[i]);
            }
            i = j;
        }
        new_index[ops.len()] = fused.len() as u32;
        for op in &mut fused {
            if let Op::Jump(t) = op {
                *t = new_index[*t as usize];
            }
        }
        for &u in &code.unions {
            for b in &mut unions[u as usize] {
                b.target = new_index[b.target as usize];
            }
        }
        code.ops = fused;
    }

    /// Lays the blocks out and turns block ids into program counters.
    fn layout(mut self, entry_block: u32) -> CResult<Program> {
        let mut seqs = Vec::new();
        for b in &mut self.blocks {
            Self::fuse(b, &mut self.unions, &mut seqs);
        }
        let recursive = self.recursive_blocks();
        let mut base = Vec::with_capacity(self.blocks.len());
        let mut total = 0usize;
        for b in &self.blocks {
            base.push(u32_of(total, "program")?);
            total += b.ops.len();
        }
        let pc = |b: u32| base[b as usize];
        let mut unions = self.unions;
        let mut ops = Vec::with_capacity(total);
        for (i, b) in self.blocks.iter().enumerate() {
            let at = base[i];
            for &u in &b.unions {
                for br in &mut unions[u as usize] {
                    br.target += at;
                }
            }
            for &op in &b.ops {
                ops.push(match op {
                    Op::Jump(t) => Op::Jump(t + at),
                    Op::Call(b) | Op::CallRec(b) if recursive[b as usize] => Op::CallRec(pc(b)),
                    Op::Call(b) | Op::CallRec(b) => Op::Call(pc(b)),
                    Op::Array { body, min } => Op::Array {
                        body: pc(body),
                        min,
                    },
                    Op::Map { body, min } => Op::Map {
                        body: pc(body),
                        min,
                    },
                    Op::SkipArray { body } => Op::SkipArray { body: pc(body) },
                    Op::SkipMap { body } => Op::SkipMap { body: pc(body) },
                    other => other,
                });
            }
        }
        Ok(Program {
            ops: ops.into(),
            // The root record's own nesting level counts when it is recursive.
            entry: pc(if recursive[entry_block as usize] {
                0
            } else {
                entry_block
            }),
            consts: self.consts.into(),
            enums: self.enums.into(),
            unions: unions.into_iter().map(Vec::into_boxed_slice).collect(),
            assembles: self.assembles.into(),
            messages: self.messages.into(),
            seqs: seqs.into(),
            reorders: self.reorders,
        })
    }

    fn new_block(&mut self) -> u32 {
        self.blocks.push(Code::default());
        (self.blocks.len() - 1) as u32
    }

    fn message(&mut self, m: &str) -> CResult<u32> {
        self.messages.push(m.to_string());
        let id = u32_of(self.messages.len() - 1, "message table")?;
        if id >= UNREADABLE_BIT {
            return Err(bad("too many messages"));
        }
        Ok(id)
    }

    fn add_const(&mut self, bytes: &[u8]) -> CResult<Op> {
        let start = u32_of(self.consts.len(), "constant pool")?;
        self.consts.extend_from_slice(bytes);
        Ok(Op::Const(start, u32_of(bytes.len(), "constant")?))
    }

    /// A subroutine holding the code of `f`.
    fn subroutine(&mut self, f: impl FnOnce(&mut Self, &mut Code) -> CResult<()>) -> CResult<u32> {
        let id = self.new_block();
        let mut code = Code::default();
        f(self, &mut code)?;
        code.ops.push(Op::Return);
        self.blocks[id as usize] = code;
        Ok(id)
    }

    // ---- reading ----

    /// Code that reads one writer value per `res` and writes the reader's encoding.
    fn value(&mut self, code: &mut Code, res: &Resolution) -> CResult<()> {
        match res {
            Resolution::Same(p) => code.push(match p {
                Primitive::Null => return Ok(()),
                // Copied unchecked: the generated decoder checks booleans and the int range of
                // what it reads, and its errors are mapped back to writer offsets.
                Primitive::Boolean => Op::Copy(1),
                Primitive::Int => Op::Long,
                Primitive::Long => Op::Long,
                Primitive::Float => Op::Copy(4),
                Primitive::Double => Op::Copy(8),
                Primitive::Bytes | Primitive::String => Op::Bytes,
            }),
            Resolution::Promote { writer, reader } => {
                use Primitive as P;
                code.push(match (writer, reader) {
                    (P::Int, P::Long) => Op::Int,
                    (P::Int, P::Float) => Op::IntToFloat,
                    (P::Int, P::Double) => Op::IntToDouble,
                    (P::Long, P::Float) => Op::LongToFloat,
                    (P::Long, P::Double) => Op::LongToDouble,
                    (P::Float, P::Double) => Op::FloatToDouble,
                    (P::String, P::Bytes) | (P::Bytes, P::String) => Op::Bytes,
                    (w, r) if w == r => return self.value(code, &Resolution::Same(*w)),
                    (w, r) => {
                        return Err(bad(format!(
                            "no promotion from {} to {}",
                            w.name(),
                            r.name()
                        )))
                    }
                })
            }
            Resolution::Fixed { size, .. } => code.push(Op::Copy(u32_of(*size, "fixed size")?)),
            Resolution::Array(item) => {
                let min = self.min_of(item)?;
                let body = self.subroutine(|c, code| c.value(code, item))?;
                code.push(Op::Array { body, min });
            }
            Resolution::Map(val) => {
                let min = self.min_of(val)?;
                let body = self.subroutine(|c, code| c.value(code, val))?;
                code.push(Op::Map { body, min });
            }
            Resolution::Enum(i) => {
                let t = self.enum_table(*i)?;
                code.push(Op::Enum(t));
            }
            Resolution::Record(i) => {
                let b = self.record(*i)?;
                code.push(Op::Call(b));
            }
            Resolution::ReaderBranch { branch, resolution } => {
                let mut idx = Vec::new();
                encode::union_index(&mut idx, *branch);
                let op = self.add_const(&idx)?;
                code.push(op);
                self.value(code, resolution)?;
            }
            Resolution::WriterUnion(branches) => {
                let table = u32_of(self.unions.len(), "union tables")?;
                self.unions.push(Vec::new());
                code.unions.push(table);
                code.push(Op::Union(table));
                let mut entries = Vec::with_capacity(branches.len());
                let mut jumps = Vec::new();
                let mut to_end = Vec::new();
                for (i, b) in branches.iter().enumerate() {
                    match b {
                        UnionBranch::Unreadable(u) => entries.push(Branch {
                            target: 0,
                            index: NONE,
                            message: self.message(&u.message)?,
                        }),
                        UnionBranch::Read {
                            reader_branch,
                            resolution,
                        } => {
                            let index = match reader_branch {
                                Some(r) => u32_of(*r, "union branch")?,
                                None => NONE,
                            };
                            let target = code.label();
                            self.value(code, resolution)?;
                            if code.ops.len() as u32 == target {
                                to_end.push(i);
                            } else if i + 1 < branches.len() {
                                jumps.push(code.ops.len());
                                code.ops.push(Op::Jump(0));
                            }
                            entries.push(Branch {
                                target,
                                index,
                                message: NONE,
                            });
                        }
                    }
                }
                let end = code.label();
                for j in jumps {
                    code.ops[j] = Op::Jump(end);
                }
                for i in to_end {
                    entries[i].target = end;
                }
                for e in &mut entries {
                    if e.message != NONE {
                        e.target = end;
                    }
                }
                self.unions[table as usize] = entries;
            }
        }
        Ok(())
    }

    fn enum_table(&mut self, i: usize) -> CResult<u32> {
        if let Some(&t) = self.enum_memo.get(&i) {
            return Ok(t);
        }
        let e = self
            .plan
            .enums
            .get(i)
            .ok_or_else(|| bad(format!("no enum resolution {i}")))?;
        let mut table = Vec::with_capacity(e.symbols.len());
        for s in &e.symbols {
            table.push(match s {
                Ok(r) => {
                    let r = u32_of(*r, "enum symbol")?;
                    if r >= UNREADABLE_BIT {
                        return Err(bad("enum symbol index too large"));
                    }
                    r
                }
                Err(u) => UNREADABLE_BIT | self.message(&u.message)?,
            });
        }
        let t = u32_of(self.enums.len(), "enum tables")?;
        self.enums.push(table.into());
        self.enum_memo.insert(i, t);
        Ok(t)
    }

    /// The subroutine of record resolution `i`.
    fn record(&mut self, i: usize) -> CResult<u32> {
        if let Some(&b) = self.record_memo.get(&i) {
            return Ok(b);
        }
        let rec = self
            .plan
            .records
            .get(i)
            .ok_or_else(|| bad(format!("no record resolution {i}")))?;
        let id = self.new_block();
        self.record_memo.insert(i, id);
        let mut code = Code::default();
        let reader_fields = match &self.reader.named.get(rec.reader.0).map(|n| &n.kind) {
            Some(NamedKind::Record { fields, .. }) => fields.len(),
            _ => return Err(bad("reader of a record resolution is not a record")),
        };
        // Reader field -> Some(default bytes) when defaulted.
        let mut defaults: Vec<Option<Vec<u8>>> = vec![None; reader_fields];
        for &f in &rec.defaulted {
            let v = Resolved::default_of(self.reader, rec, f)
                .ok_or_else(|| bad(format!("reader field {f} has no default")))?;
            let mut bytes = Vec::new();
            encode_default(v, &mut bytes);
            *defaults
                .get_mut(f)
                .ok_or_else(|| bad(format!("no reader field {f}")))? = Some(bytes);
        }
        let reads: Vec<usize> = rec
            .steps
            .iter()
            .filter_map(|s| match s {
                FieldStep::Read { reader_field, .. } => Some(*reader_field),
                FieldStep::Skip(_) => None,
            })
            .collect();
        let mut covered = vec![false; reader_fields];
        for &r in &reads {
            match covered.get_mut(r) {
                Some(c) if !*c && defaults[r].is_none() => *c = true,
                _ => return Err(bad(format!("reader field {r} read twice or out of range"))),
            }
        }
        for (f, d) in defaults.iter().enumerate() {
            if d.is_some() {
                covered[f] = true;
            }
        }
        if let Some(f) = covered.iter().position(|c| !c) {
            return Err(bad(format!("reader field {f} neither read nor defaulted")));
        }
        let in_order = reads.windows(2).all(|w| w[0] < w[1]);
        if in_order {
            let mut next = 0usize;
            for step in &rec.steps {
                match step {
                    FieldStep::Read {
                        reader_field,
                        resolution,
                    } => {
                        for d in defaults[next..*reader_field].iter().flatten() {
                            let op = self.add_const(d)?;
                            code.push(op);
                        }
                        next = reader_field + 1;
                        self.value(&mut code, resolution)?;
                    }
                    FieldStep::Skip(s) => self.skip(&mut code, s)?,
                }
            }
            for d in defaults[next..].iter().flatten() {
                let op = self.add_const(d)?;
                code.push(op);
            }
        } else {
            self.reorders = true;
            // Slot k is the k-th field read (writer order), for reader field reads[k]. Slots
            // whose reader fields follow each other stay together: each such group is marked and
            // moved as one.
            let mut group_of_slot = Vec::with_capacity(reads.len());
            let mut groups = 0u32;
            for (k, &f) in reads.iter().enumerate() {
                if k == 0 || reads[k - 1] + 1 != f {
                    groups += 1;
                }
                group_of_slot.push(groups - 1);
            }
            code.push(Op::RecStart(groups));
            let mut k = 0usize;
            for step in &rec.steps {
                match step {
                    FieldStep::Read { resolution, .. } => {
                        if k == 0 || group_of_slot[k - 1] != group_of_slot[k] {
                            code.push(Op::Mark {
                                slot: group_of_slot[k],
                                n: groups,
                            });
                        }
                        k += 1;
                        self.value(&mut code, resolution)?;
                    }
                    FieldStep::Skip(s) => self.skip(&mut code, s)?,
                }
            }
            let mut pieces = Vec::with_capacity(reader_fields);
            for (f, d) in defaults.iter().enumerate() {
                match d {
                    Some(bytes) => match self.add_const(bytes)? {
                        Op::Const(s, l) => pieces.push(Piece::Const(s, l)),
                        _ => unreachable!("add_const returns Const"),
                    },
                    None => {
                        let k = reads.iter().position(|&r| r == f).expect("covered");
                        if k == 0 || group_of_slot[k - 1] != group_of_slot[k] {
                            pieces.push(Piece::Slot(group_of_slot[k]));
                        }
                    }
                }
            }
            let n = groups;
            let t = u32_of(self.assembles.len(), "record tables")?;
            self.assembles.push(Assembly {
                slots: n,
                pieces: pieces.into(),
            });
            code.ops.push(Op::Assemble(t));
        }
        code.ops.push(Op::Return);
        self.blocks[id as usize] = code;
        Ok(id)
    }

    // ---- skipping ----

    /// Code that skips one value of writer schema `s`.
    fn skip(&mut self, code: &mut Code, s: &Schema) -> CResult<()> {
        if let Some(n) = self.fixed_size(s, 0)? {
            code.push(Op::Skip(n));
            return Ok(());
        }
        match s {
            Schema::Primitive { ty, .. } => code.push(match ty {
                Primitive::Int | Primitive::Long => Op::SkipVarint,
                Primitive::Bytes | Primitive::String => Op::SkipBytes,
                _ => unreachable!("fixed-size primitives handled above"),
            }),
            Schema::Array { items, .. } => match self.fixed_size(items, 0)? {
                Some(n) => code.push(Op::SkipArrayFixed(n)),
                None => {
                    let body = self.subroutine(|c, code| c.skip(code, items))?;
                    code.push(Op::SkipArray { body });
                }
            },
            Schema::Map { values, .. } => {
                let body = self.subroutine(|c, code| c.skip(code, values))?;
                code.push(Op::SkipMap { body });
            }
            Schema::Union(branches) => {
                let table = u32_of(self.unions.len(), "union tables")?;
                self.unions.push(Vec::new());
                code.unions.push(table);
                code.push(Op::Union(table));
                let mut entries = Vec::with_capacity(branches.len());
                let mut jumps = Vec::new();
                let mut to_end = Vec::new();
                for (i, b) in branches.iter().enumerate() {
                    let target = code.label();
                    self.skip(code, b)?;
                    if code.ops.len() as u32 == target {
                        to_end.push(i);
                    } else if i + 1 < branches.len() {
                        jumps.push(code.ops.len());
                        code.ops.push(Op::Jump(0));
                    }
                    entries.push(Branch {
                        target,
                        index: NONE,
                        message: NONE,
                    });
                }
                let end = code.label();
                for j in jumps {
                    code.ops[j] = Op::Jump(end);
                }
                for i in to_end {
                    entries[i].target = end;
                }
                self.unions[table as usize] = entries;
            }
            Schema::Named(id) => match &self.named(*id)?.kind {
                NamedKind::Enum { .. } => code.push(Op::SkipVarint),
                NamedKind::Fixed { .. } => unreachable!("fixed handled above"),
                NamedKind::Record { .. } => {
                    let b = self.skip_record(*id)?;
                    code.push(Op::Call(b));
                }
            },
        }
        Ok(())
    }

    fn named(&self, id: NamedId) -> CResult<&'a avro_schema::ir::NamedType> {
        self.writer
            .named
            .get(id.0)
            .ok_or_else(|| bad(format!("no writer named type {}", id.0)))
    }

    fn skip_record(&mut self, id: NamedId) -> CResult<u32> {
        if let Some(&b) = self.skip_memo.get(&id) {
            return Ok(b);
        }
        let b = self.new_block();
        self.skip_memo.insert(id, b);
        let mut code = Code::default();
        if let NamedKind::Record { fields, .. } = &self.named(id)?.kind {
            for f in fields {
                self.skip(&mut code, &f.schema)?;
            }
        }
        code.ops.push(Op::Return);
        self.blocks[b as usize] = code;
        Ok(b)
    }

    /// The size of every value of writer schema `s` when it is the same for all values.
    fn fixed_size(&self, s: &Schema, depth: usize) -> CResult<Option<u32>> {
        if depth > 64 {
            return Ok(None);
        }
        Ok(match s {
            Schema::Primitive { ty, .. } => match ty {
                Primitive::Null => Some(0),
                Primitive::Boolean => Some(1),
                Primitive::Float => Some(4),
                Primitive::Double => Some(8),
                _ => None,
            },
            Schema::Array { .. } | Schema::Map { .. } | Schema::Union(_) => None,
            Schema::Named(id) => match &self.named(*id)?.kind {
                NamedKind::Enum { .. } => None,
                NamedKind::Fixed { size, .. } => Some(u32_of(*size, "fixed size")?),
                NamedKind::Record { fields, .. } => {
                    let mut total = 0u32;
                    for f in fields {
                        match self.fixed_size(&f.schema, depth + 1)? {
                            Some(n) => match total.checked_add(n) {
                                Some(t) => total = t,
                                None => return Ok(None),
                            },
                            None => return Ok(None),
                        }
                    }
                    Some(total)
                }
            },
        })
    }

    // ---- least writer sizes ----

    /// The least number of writer bytes a value read with `res` takes.
    fn min_of(&mut self, res: &Resolution) -> CResult<u32> {
        Ok(match res {
            Resolution::Same(p) | Resolution::Promote { writer: p, .. } => prim_min(*p),
            Resolution::Array(_) | Resolution::Map(_) => 1,
            Resolution::WriterUnion(_) | Resolution::Enum(_) => 1,
            Resolution::Fixed { size, .. } => u32_of(*size, "fixed size")?,
            Resolution::ReaderBranch { resolution, .. } => self.min_of(resolution)?,
            Resolution::Record(i) => {
                match self.record_min.get(i) {
                    Some(Some(n)) => return Ok(*n),
                    // Recursion: the cycle goes through a union, array or map, which take at
                    // least one byte elsewhere; 0 is a safe lower bound.
                    Some(None) => return Ok(0),
                    None => {}
                }
                self.record_min.insert(*i, None);
                let rec = self
                    .plan
                    .records
                    .get(*i)
                    .ok_or_else(|| bad(format!("no record resolution {i}")))?;
                let mut total = 0u32;
                for step in &rec.steps {
                    let n = match step {
                        FieldStep::Read { resolution, .. } => self.min_of(resolution)?,
                        FieldStep::Skip(s) => self.schema_min(s)?,
                    };
                    total = total.saturating_add(n);
                }
                self.record_min.insert(*i, Some(total));
                total
            }
        })
    }

    /// The least number of bytes a value of writer schema `s` takes.
    fn schema_min(&mut self, s: &Schema) -> CResult<u32> {
        Ok(match s {
            Schema::Primitive { ty, .. } => prim_min(*ty),
            Schema::Array { .. } | Schema::Map { .. } | Schema::Union(_) => 1,
            Schema::Named(id) => match &self.named(*id)?.kind {
                NamedKind::Enum { .. } => 1,
                NamedKind::Fixed { size, .. } => u32_of(*size, "fixed size")?,
                NamedKind::Record { fields, .. } => {
                    match self.named_min.get(id) {
                        Some(Some(n)) => return Ok(*n),
                        Some(None) => return Ok(0),
                        None => {}
                    }
                    self.named_min.insert(*id, None);
                    let mut total = 0u32;
                    for f in fields {
                        total = total.saturating_add(self.schema_min(&f.schema)?);
                    }
                    self.named_min.insert(*id, Some(total));
                    total
                }
            },
        })
    }
}

fn prim_min(p: Primitive) -> u32 {
    match p {
        Primitive::Null => 0,
        Primitive::Float => 4,
        Primitive::Double => 8,
        _ => 1,
    }
}

/// Appends the binary encoding of a (validated) default value.
pub(crate) fn encode_default(v: &DefaultValue, out: &mut Vec<u8>) {
    match v {
        DefaultValue::Null => {}
        DefaultValue::Boolean(b) => encode::boolean(out, *b),
        DefaultValue::Int(i) => encode::int(out, *i),
        DefaultValue::Long(l) => encode::long(out, *l),
        DefaultValue::Float(f) => encode::float(out, *f),
        DefaultValue::Double(d) => encode::double(out, *d),
        DefaultValue::Bytes(b) => encode::bytes(out, b),
        DefaultValue::String(s) => encode::string(out, s),
        DefaultValue::Array(items) => {
            if !items.is_empty() {
                encode::block_len(out, items.len());
                for i in items {
                    encode_default(i, out);
                }
            }
            encode::block_len(out, 0);
        }
        DefaultValue::Map(entries) => {
            if !entries.is_empty() {
                encode::block_len(out, entries.len());
                for (k, v) in entries {
                    encode::string(out, k);
                    encode_default(v, out);
                }
            }
            encode::block_len(out, 0);
        }
        DefaultValue::Record(fields) => {
            for f in fields {
                encode_default(f, out);
            }
        }
        DefaultValue::Enum(i) => encode::enum_index(out, *i),
        DefaultValue::Fixed(b) => encode::fixed(out, b),
        DefaultValue::Union(i, v) => {
            encode::union_index(out, *i);
            encode_default(v, out);
        }
    }
}
