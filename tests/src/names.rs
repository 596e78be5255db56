//! Named-type lookup shared by the JSON converter and the value generator.

use apache_avro::schema::{
    DecimalSchema, InnerDecimalSchema, Name, ResolvedSchema, Schema, UuidSchema,
};
use std::collections::{HashMap, HashSet};

/// Every named type (record, enum, fixed, and logical types on fixed) of a schema and the extra
/// schemata it references, by full name. Owns clones so strategies can be `'static`.
#[derive(Debug, Clone)]
pub(crate) struct NameTable {
    map: HashMap<Name, Schema>,
}

impl NameTable {
    pub(crate) fn new(schema: &Schema, schemata: &[&Schema]) -> Result<Self, String> {
        let mut all = Vec::with_capacity(schemata.len() + 1);
        // referenced schemata first: apache-avro resolves the list in order
        all.extend_from_slice(schemata);
        all.push(schema);
        let resolved = ResolvedSchema::new_with_schemata(all)
            .map_err(|e| format!("cannot resolve named types: {e}"))?;
        let map = resolved
            .get_names()
            .iter()
            .map(|(n, s)| (n.clone(), (*s).clone()))
            .collect();
        Ok(Self { map })
    }

    /// Follows a `Schema::Ref`: returns the referenced schema and the namespace that encloses
    /// its contents (the namespace of the referenced name).
    pub(crate) fn resolve<'a>(
        &'a self,
        name: &Name,
        enclosing: Option<&str>,
    ) -> Result<(&'a Schema, Option<String>), String> {
        let full = name.fully_qualified_name(enclosing);
        match self.map.get_key_value(full.as_ref()) {
            Some((n, s)) => Ok((s, n.namespace().map(str::to_owned))),
            None => Err(format!("unknown named type {:?}", full.fullname(None))),
        }
    }

    /// The smallest nesting of records needed to build a value of `schema` (arrays and maps
    /// may be empty, unions take their cheapest branch); `None` if no finite value exists
    /// (a record that requires itself).
    pub(crate) fn min_height(&self, schema: &Schema, ns: Option<&str>) -> Option<u32> {
        self.min_height_inner(schema, ns, &mut HashSet::new())
    }

    fn min_height_inner(
        &self,
        schema: &Schema,
        ns: Option<&str>,
        visiting: &mut HashSet<Name>,
    ) -> Option<u32> {
        match schema {
            Schema::Ref { name } => {
                let full = name.fully_qualified_name(ns).into_owned();
                if !visiting.insert(full.clone()) {
                    return None;
                }
                let result = match self.resolve(name, ns) {
                    Ok((target, target_ns)) => {
                        self.min_height_inner(target, target_ns.as_deref(), visiting)
                    }
                    Err(_) => None,
                };
                visiting.remove(&full);
                result
            }
            Schema::Record(r) => {
                let inner_ns = r.name.namespace().or(ns);
                let full = r.name.fully_qualified_name(ns).into_owned();
                let fresh = visiting.insert(full.clone());
                let mut height = 0;
                let mut finite = true;
                for f in &r.fields {
                    match self.min_height_inner(&f.schema, inner_ns, visiting) {
                        Some(h) => height = height.max(h),
                        None => {
                            finite = false;
                            break;
                        }
                    }
                }
                if fresh {
                    visiting.remove(&full);
                }
                finite.then_some(height + 1)
            }
            Schema::Union(u) => u
                .variants()
                .iter()
                .filter_map(|b| self.min_height_inner(b, ns, visiting))
                .min(),
            _ => Some(0),
        }
    }
}

/// The name of a union branch in the Avro JSON encoding: the full name for named types, the
/// (underlying) type name otherwise.
pub(crate) fn branch_name(schema: &Schema, ns: Option<&str>) -> String {
    let s = match schema {
        Schema::Null => "null",
        Schema::Boolean => "boolean",
        Schema::Int | Schema::Date | Schema::TimeMillis => "int",
        Schema::Long
        | Schema::TimeMicros
        | Schema::TimestampMillis
        | Schema::TimestampMicros
        | Schema::TimestampNanos
        | Schema::LocalTimestampMillis
        | Schema::LocalTimestampMicros
        | Schema::LocalTimestampNanos => "long",
        Schema::Float => "float",
        Schema::Double => "double",
        Schema::Bytes | Schema::BigDecimal | Schema::Uuid(UuidSchema::Bytes) => "bytes",
        Schema::Decimal(DecimalSchema {
            inner: InnerDecimalSchema::Bytes,
            ..
        }) => "bytes",
        Schema::String | Schema::Uuid(UuidSchema::String) => "string",
        Schema::Array(_) => "array",
        Schema::Map(_) => "map",
        Schema::Union(_) => "union",
        Schema::Record(r) => return r.name.fullname(ns),
        Schema::Enum(e) => return e.name.fullname(ns),
        Schema::Fixed(f) | Schema::Duration(f) | Schema::Uuid(UuidSchema::Fixed(f)) => {
            return f.name.fullname(ns)
        }
        Schema::Decimal(DecimalSchema {
            inner: InnerDecimalSchema::Fixed(f),
            ..
        }) => return f.name.fullname(ns),
        Schema::Ref { name } => return name.fullname(ns),
    };
    s.to_owned()
}
