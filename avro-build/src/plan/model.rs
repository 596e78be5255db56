//! The Rust-type model: what Rust type holds each schema position, with every decision already
//! made (union shape, where `Box` breaks a cycle, every mapping chosen by the options, names).
//! The emitters fold over it and never look at an option; `avro-derive` lowers its attribute
//! model into the same [`Ty`] and uses the same codec emitters.

use proc_macro2::{Span, TokenStream};

use crate::ir::NamedId;

/// How an Avro `string` or `bytes` value is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// `String`, `Vec<u8>`.
    Owned,
    /// `&'a str`, `&'a [u8]`: borrowed from the input when decoding.
    Borrowed,
    /// `Cow<'a, str>`, `Cow<'a, [u8]>`: borrowed from the input when decoding.
    Cow,
}

/// The Rust map type of an Avro map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapKind {
    /// `std::collections::HashMap`.
    Hash,
    /// `std::collections::BTreeMap`.
    BTree,
    /// `indexmap::IndexMap` (through the runtime's re-export).
    Index,
}

/// The length of a `[u8; N]`.
#[derive(Debug, Clone)]
pub enum FixedLen {
    /// Known when planning.
    Known(usize),
    /// An expression as written in a derived type (`[u8; SIZE]`), evaluated by the compiler.
    Expr(TokenStream),
}

/// An Avro logical type held by a Rust type through `avro_runtime::avro_type::Logical<K>`, the
/// runtime's one front door for logical types (`K` is the marker of the same name in
/// `avro_runtime::avro_type::kind`). Decimals, which have parameters, go through
/// `avro_runtime::avro_type::DecimalValue` instead ([`Ty::Decimal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogicalKind {
    /// `date` on `int`.
    Date,
    /// `time-millis` on `int`.
    TimeMillis,
    /// `time-micros` on `long`.
    TimeMicros,
    /// `timestamp-millis` on `long`.
    TimestampMillis,
    /// `timestamp-micros` on `long`.
    TimestampMicros,
    /// `timestamp-nanos` on `long`.
    TimestampNanos,
    /// `local-timestamp-millis` on `long`.
    LocalTimestampMillis,
    /// `local-timestamp-micros` on `long`.
    LocalTimestampMicros,
    /// `local-timestamp-nanos` on `long`.
    LocalTimestampNanos,
    /// `uuid` on `string`.
    Uuid,
    /// `uuid` on a `fixed` of 16 bytes.
    UuidFixed,
    /// `duration` on a `fixed` of 12 bytes.
    Duration,
}

/// The Avro type under a logical type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogicalBase {
    /// `int`
    Int,
    /// `long`
    Long,
    /// `string`
    String,
    /// `fixed` of this many bytes.
    Fixed(usize),
}

impl LogicalKind {
    /// The marker type's name in `avro_runtime::avro_type::kind`.
    pub fn marker(self) -> &'static str {
        match self {
            LogicalKind::Date => "Date",
            LogicalKind::TimeMillis => "TimeMillis",
            LogicalKind::TimeMicros => "TimeMicros",
            LogicalKind::TimestampMillis => "TimestampMillis",
            LogicalKind::TimestampMicros => "TimestampMicros",
            LogicalKind::TimestampNanos => "TimestampNanos",
            LogicalKind::LocalTimestampMillis => "LocalTimestampMillis",
            LogicalKind::LocalTimestampMicros => "LocalTimestampMicros",
            LogicalKind::LocalTimestampNanos => "LocalTimestampNanos",
            LogicalKind::Uuid => "Uuid",
            LogicalKind::UuidFixed => "UuidFixed",
            LogicalKind::Duration => "Duration",
        }
    }

    /// The `logicalType` as written in a schema.
    pub fn avro_name(self) -> &'static str {
        match self {
            LogicalKind::Date => "date",
            LogicalKind::TimeMillis => "time-millis",
            LogicalKind::TimeMicros => "time-micros",
            LogicalKind::TimestampMillis => "timestamp-millis",
            LogicalKind::TimestampMicros => "timestamp-micros",
            LogicalKind::TimestampNanos => "timestamp-nanos",
            LogicalKind::LocalTimestampMillis => "local-timestamp-millis",
            LogicalKind::LocalTimestampMicros => "local-timestamp-micros",
            LogicalKind::LocalTimestampNanos => "local-timestamp-nanos",
            LogicalKind::Uuid | LogicalKind::UuidFixed => "uuid",
            LogicalKind::Duration => "duration",
        }
    }

    /// The underlying Avro type.
    pub fn base(self) -> LogicalBase {
        match self {
            LogicalKind::Date | LogicalKind::TimeMillis => LogicalBase::Int,
            LogicalKind::Uuid => LogicalBase::String,
            LogicalKind::UuidFixed => LogicalBase::Fixed(16),
            LogicalKind::Duration => LogicalBase::Fixed(12),
            _ => LogicalBase::Long,
        }
    }

    /// The largest encoding of a value, when it does not depend on the value.
    pub fn max_size(self) -> Option<usize> {
        match self.base() {
            LogicalBase::Int => Some(5),
            LogicalBase::Long => Some(10),
            LogicalBase::String => None,
            LogicalBase::Fixed(n) => Some(n),
        }
    }

    /// The smallest encoding of a value.
    pub fn min_size(self) -> usize {
        match self.base() {
            LogicalBase::Fixed(n) => n,
            _ => 1,
        }
    }
}

/// The Rust type of one schema position (a record field, an array item, a union branch...),
/// and so how each output reads, writes and converts it.
#[derive(Debug, Clone)]
pub enum Ty {
    /// `()`: Avro `null`.
    Null,
    /// `bool`
    Boolean,
    /// `i32`
    Int,
    /// `i64`
    Long,
    /// `f32`
    Float,
    /// `f64`
    Double,
    /// Avro `string`.
    String(Text),
    /// Avro `bytes`.
    Bytes(Text),
    /// `[u8; N]`: an Avro `fixed` without a generated type of its own.
    Fixed(FixedLen),
    /// Bytes held in a byte vector, slice or `Cow`, written as a `fixed` of `size` bytes.
    FixedBytes {
        /// The fixed size.
        size: usize,
        /// How the bytes are held.
        text: Text,
    },
    /// A logical type through `Logical<K>`.
    Logical {
        /// Which logical type.
        kind: LogicalKind,
        /// The Rust type holding it.
        rust: TokenStream,
    },
    /// A `decimal` through `DecimalValue`.
    Decimal {
        /// The schema's scale.
        scale: u32,
        /// The fixed size when on a `fixed`; `None` on `bytes`.
        fixed: Option<usize>,
        /// The Rust type holding it.
        rust: TokenStream,
    },
    /// `Option<T>`: a union of `null` and one other branch.
    Option {
        /// Position of `null` in the union (the other branch is at `1 - null_index`).
        null_index: usize,
        /// The other branch.
        some: Box<Ty>,
    },
    /// A generated union enum ([`super::Plan::unions`]), `Option` of it when the union has
    /// `null` too.
    Union {
        /// Index into [`super::Plan::unions`].
        union: usize,
        /// Position of `null` in this union, if present.
        null_index: Option<usize>,
    },
    /// A union of one branch (`["T"]`, or `["null"]`): the branch's type.
    OneBranch(Box<Ty>),
    /// `Box<T>`, where a cycle of inline types needs it.
    Boxed(Box<Ty>),
    /// `Vec<T>`: an Avro array.
    Array(Box<Ty>),
    /// An Avro map.
    Map {
        /// The Rust map type.
        kind: MapKind,
        /// How keys are held.
        key: Text,
        /// The value type.
        values: Box<Ty>,
    },
    /// A generated record, enum or fixed type.
    Named(NamedId),
    /// Any other Rust type, through its own `AvroType`, `Encode` and `Decode` impls (derive).
    Leaf(TokenStream),
}

impl Ty {
    /// The span of a type written by a user (derive), for messages about it; call site else.
    pub fn span(tokens: &TokenStream) -> Span {
        tokens
            .clone()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |t| t.span())
    }
}
