//! Third pass: field defaults checked against their types by the specification's JSON encoding
//! of default values; records filled with their fields' defaults; union defaults matched by the
//! Avro 1.12 rule (the first branch the value matches).

use std::collections::{HashMap, HashSet};

use super::walk::show;
use crate::diagnostics::path;
use crate::ir::{DefaultValue, NamedKind, NamedType, Primitive, Schema};
use crate::json::{Json, Kind, Number};

/// Something worth a warning inside an accepted default.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub text: String,
}

/// Why a default does not match: where inside the value, and what.
#[derive(Debug, Clone)]
pub(crate) struct Mismatch {
    /// Path inside the default value (`x[1]`), empty for the value itself.
    pub at: String,
    pub text: String,
    /// `text` reads "`value` does not match type `T`..." (can follow the word "default").
    pub simple: bool,
}

type Outcome = Result<(DefaultValue, Vec<Note>), Mismatch>;

enum Memo {
    Todo,
    InProgress,
    Done(Option<Outcome>),
}

/// Checks every field default of a set of named types.
pub(crate) struct Checker<'a> {
    named: &'a [NamedType],
    /// The defaults as written, by named type and field.
    defaults: &'a [Vec<Option<Json>>],
    memo: Vec<Vec<Memo>>,
    /// Symbol → index, per enum, built when first needed (so long enums stay linear).
    symbol_index: HashMap<usize, HashMap<&'a str, usize>>,
}

/// A short description of a schema for messages: `int`, `com.x.Point`, `array<int>`,
/// `[null, string]`.
pub(crate) fn describe(named: &[NamedType], schema: &Schema) -> String {
    match schema {
        Schema::Primitive { ty, .. } => ty.name().to_string(),
        Schema::Array { items, .. } => format!("array<{}>", describe(named, items)),
        Schema::Map { values, .. } => format!("map<{}>", describe(named, values)),
        Schema::Union(branches) => format!(
            "[{}]",
            branches
                .iter()
                .map(|b| describe(named, b))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Schema::Named(id) => named[id.0].name.full(),
    }
}

fn fields_of(n: &NamedType) -> &[crate::ir::Field] {
    match &n.kind {
        NamedKind::Record { fields, .. } => fields,
        _ => &[],
    }
}

impl<'a> Checker<'a> {
    pub(crate) fn new(named: &'a [NamedType], defaults: &'a [Vec<Option<Json>>]) -> Self {
        let memo = named
            .iter()
            .map(|n| fields_of(n).iter().map(|_| Memo::Todo).collect())
            .collect();
        Checker {
            named,
            defaults,
            memo,
            symbol_index: HashMap::new(),
        }
    }

    /// The outcome for field `fi` of named type `id` (`None`: no default written).
    pub(crate) fn field(&mut self, id: usize, fi: usize) -> Option<&Outcome> {
        self.compute(id, fi);
        match &self.memo[id][fi] {
            Memo::Done(o) => o.as_ref(),
            _ => None,
        }
    }

    fn compute(&mut self, id: usize, fi: usize) {
        if !matches!(self.memo[id][fi], Memo::Todo) {
            return;
        }
        let named = self.named;
        let field = &fields_of(&named[id])[fi];
        let Some(json) = &self.defaults[id][fi] else {
            self.memo[id][fi] = Memo::Done(None);
            return;
        };
        self.memo[id][fi] = Memo::InProgress;
        let mut notes = Vec::new();
        let result = self
            .check(&field.schema, json, "", &mut notes)
            .map(|v| (v, notes));
        self.memo[id][fi] = Memo::Done(Some(result));
    }

    /// The checked default of a nested field, for filling a record default that leaves it out.
    fn nested_default(&mut self, id: usize, fi: usize) -> Result<DefaultValue, &'static str> {
        if matches!(self.memo[id][fi], Memo::InProgress) {
            return Err("whose default needs itself");
        }
        match self.field(id, fi) {
            None => Err("which has no default"),
            Some(Ok((v, _))) => Ok(v.clone()),
            Some(Err(_)) => Err("whose own default is invalid"),
        }
    }

    fn check(
        &mut self,
        schema: &Schema,
        json: &Json,
        at: &str,
        notes: &mut Vec<Note>,
    ) -> Result<DefaultValue, Mismatch> {
        let named = self.named;
        let mismatch = |detail: &str| Mismatch {
            at: at.to_string(),
            text: format!(
                "`{}` does not match type `{}`{detail}",
                show(json),
                describe(named, schema)
            ),
            simple: true,
        };
        match schema {
            Schema::Primitive { ty, .. } => match (ty, &json.kind) {
                (Primitive::Null, Kind::Null) => Ok(DefaultValue::Null),
                (Primitive::Boolean, Kind::Bool(b)) => Ok(DefaultValue::Boolean(*b)),
                (Primitive::Int, Kind::Number(n)) => match integer(n, 32) {
                    Ok(v) => Ok(DefaultValue::Int(v as i32)),
                    Err(why) => Err(mismatch(&why)),
                },
                (Primitive::Long, Kind::Number(n)) => match integer(n, 64) {
                    Ok(v) => Ok(DefaultValue::Long(v)),
                    Err(why) => Err(mismatch(&why)),
                },
                (Primitive::Float | Primitive::Double, _) => {
                    let v = match &json.kind {
                        Kind::Number(n) => Some(n.as_f64()),
                        Kind::String(s) => match s.as_str() {
                            "NaN" => Some(f64::NAN),
                            "Infinity" => Some(f64::INFINITY),
                            "-Infinity" => Some(f64::NEG_INFINITY),
                            _ => None,
                        },
                        _ => None,
                    };
                    let written_number = matches!(json.kind, Kind::Number(_));
                    match (v, ty) {
                        (Some(v), Primitive::Float)
                            if written_number && (v as f32).is_infinite() =>
                        {
                            Err(mismatch(
                                " (out of range: the largest `float` is about 3.4e38)",
                            ))
                        }
                        (Some(v), Primitive::Float) => Ok(DefaultValue::Float(v as f32)),
                        (Some(v), _) if written_number && v.is_infinite() => Err(mismatch(
                            " (out of range: the largest `double` is about 1.8e308)",
                        )),
                        (Some(v), _) => Ok(DefaultValue::Double(v)),
                        (None, _) => Err(mismatch("")),
                    }
                }
                (Primitive::Bytes, Kind::String(s)) => latin1(s)
                    .map(DefaultValue::Bytes)
                    .ok_or_else(|| mismatch(" (bytes defaults are strings of code points 0-255)")),
                (Primitive::String, Kind::String(s)) => Ok(DefaultValue::String(s.clone())),
                _ => Err(mismatch("")),
            },
            Schema::Array { items, .. } => {
                let Kind::Array(elems) = &json.kind else {
                    return Err(mismatch(""));
                };
                let mut out = Vec::with_capacity(elems.len());
                for (i, e) in elems.iter().enumerate() {
                    out.push(self.check(items, e, &path::index(at, i), notes)?);
                }
                Ok(DefaultValue::Array(out))
            }
            Schema::Map { values, .. } => {
                let Kind::Object(entries) = &json.kind else {
                    return Err(mismatch(""));
                };
                let mut out = Vec::with_capacity(entries.len());
                for m in entries.members() {
                    out.push((
                        m.key.clone(),
                        self.check(values, &m.value, &path::key(at, &m.key), notes)?,
                    ));
                }
                Ok(DefaultValue::Map(out))
            }
            Schema::Union(branches) => {
                for (i, b) in branches.iter().enumerate() {
                    let mut local = Vec::new();
                    if let Ok(v) = self.check(b, json, at, &mut local) {
                        notes.extend(local);
                        if i > 0 {
                            let where_ = if at.is_empty() {
                                String::new()
                            } else {
                                format!(" (at `{at}`)")
                            };
                            notes.push(Note {
                                text: format!(
                                    "default `{}`{where_} matches branch {i} (`{}`) of the union \
                                     `{}`, not the first branch: valid under Avro 1.12, but older \
                                     readers (spec ≤ 1.11) require the first branch",
                                    show(json),
                                    describe(named, b),
                                    describe(named, schema)
                                ),
                            });
                        }
                        return Ok(DefaultValue::Union(i, Box::new(v)));
                    }
                }
                Err(Mismatch {
                    at: at.to_string(),
                    text: format!(
                        "`{}` does not match type `{}` (no branch of the union accepts it)",
                        show(json),
                        describe(named, schema)
                    ),
                    simple: true,
                })
            }
            Schema::Named(id) => {
                let n = &named[id.0];
                match &n.kind {
                    NamedKind::Enum { symbols, .. } => {
                        let Kind::String(s) = &json.kind else {
                            return Err(mismatch(""));
                        };
                        self.symbol_index
                            .entry(id.0)
                            .or_insert_with(|| {
                                let mut index = HashMap::with_capacity(symbols.len());
                                for (i, x) in symbols.iter().enumerate() {
                                    index.entry(x.as_str()).or_insert(i);
                                }
                                index
                            })
                            .get(s.as_str())
                            .map(|&i| DefaultValue::Enum(i))
                            .ok_or_else(|| mismatch(" (not one of its symbols)"))
                    }
                    NamedKind::Fixed { size, .. } => {
                        let Kind::String(s) = &json.kind else {
                            return Err(mismatch(""));
                        };
                        match latin1(s) {
                            Some(b) if b.len() == *size => Ok(DefaultValue::Fixed(b)),
                            Some(b) => Err(mismatch(&format!(
                                " ({} bytes, the size is {size})",
                                b.len()
                            ))),
                            None => Err(mismatch(
                                " (fixed defaults are strings of code points 0-255)",
                            )),
                        }
                    }
                    NamedKind::Record { fields, .. } => {
                        let Kind::Object(obj) = &json.kind else {
                            return Err(mismatch(""));
                        };
                        let given: HashMap<&str, &Json> = obj
                            .members()
                            .iter()
                            .map(|m| (m.key.as_str(), &m.value))
                            .collect();
                        let mut out = Vec::with_capacity(fields.len());
                        for (fi, f) in fields.iter().enumerate() {
                            match given.get(f.name.as_str()) {
                                Some(v) => out.push(self.check(
                                    &f.schema,
                                    v,
                                    &path::key(at, &f.name),
                                    notes,
                                )?),
                                None => match self.nested_default(id.0, fi) {
                                    Ok(v) => out.push(v),
                                    Err(why) => {
                                        return Err(Mismatch {
                                            at: at.to_string(),
                                            text: format!(
                                                "missing field `{}` of record `{}`, {why}",
                                                f.name,
                                                n.name.full()
                                            ),
                                            simple: false,
                                        })
                                    }
                                },
                            }
                        }
                        let names: HashSet<&str> = fields.iter().map(|f| f.name.as_str()).collect();
                        for m in obj.members() {
                            if names.contains(m.key.as_str()) {
                                continue;
                            }
                            if let Err((p, n)) = m.value.to_serde() {
                                let inner = path::key(at, &m.key);
                                return Err(Mismatch {
                                    at: if p.is_empty() {
                                        inner
                                    } else if p.starts_with('[') {
                                        format!("{inner}{p}")
                                    } else {
                                        format!("{inner}.{p}")
                                    },
                                    text: format!(
                                        "the number {n} is beyond the range of a 64-bit float, \
                                         so the default cannot be kept in the schema"
                                    ),
                                    simple: false,
                                });
                            }
                            notes.push(Note {
                                text: format!(
                                    "default for record `{}` has `{}`, which is not one of \
                                     its fields; it is ignored",
                                    n.name.full(),
                                    m.key
                                ),
                            });
                        }
                        Ok(DefaultValue::Record(out))
                    }
                }
            }
        }
    }
}

/// The value of an integer default of `bits` bits, or why it is not one.
fn integer(n: &Number, bits: u32) -> Result<i64, String> {
    let (article, ty) = if bits == 32 {
        ("an", "int")
    } else {
        ("a", "long")
    };
    if !n.is_integer() {
        return Err(format!(
            " (not an integer: {article} `{ty}` default is written without fraction or exponent)"
        ));
    }
    let (min, max) = if bits == 32 {
        (i64::from(i32::MIN), i64::from(i32::MAX))
    } else {
        (i64::MIN, i64::MAX)
    };
    match n.as_i64() {
        Some(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(format!(
            " (out of range: {article} `{ty}` is a signed {bits}-bit integer, {min} to {max})"
        )),
    }
}

/// A JSON string as bytes, each character a byte (code points 0-255), as the specification
/// encodes `bytes` and `fixed` defaults.
fn latin1(s: &str) -> Option<Vec<u8>> {
    s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

/// The message for a default that does not match `schema`.
pub(crate) fn message(named: &[NamedType], schema: &Schema, json: &Json, m: &Mismatch) -> String {
    let nullable = match schema {
        Schema::Primitive {
            ty: Primitive::Null,
            ..
        } => true,
        Schema::Union(b) => b.iter().any(|b| {
            matches!(
                b,
                Schema::Primitive {
                    ty: Primitive::Null,
                    ..
                }
            )
        }),
        _ => false,
    };
    if json.is_null() && !nullable {
        return format!(
            "default `null` for a `{}` field: only `null`, or a union with \"null\", accepts a \
             null default",
            describe(named, schema)
        );
    }
    if m.at.is_empty() && m.simple {
        return format!("default {}", m.text);
    }
    let at = if m.at.is_empty() {
        String::new()
    } else {
        format!("at `{}`: ", m.at)
    };
    format!(
        "default `{}` does not match type `{}`: {at}{}",
        show(json),
        describe(named, schema),
        m.text
    )
}
