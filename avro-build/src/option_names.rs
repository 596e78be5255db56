//! The option enums by name (`"Chrono"`, `"BTreeMap"`, `"rust_decimal"`), for `include_schema!`
//! and other front ends that take options as text: `FromStr`, `Display` and the list of every
//! value. One list per enum, beside an exhaustive `match`, so that a new variant cannot be
//! forgotten here: the `match` stops compiling until the variant is added to the list.

use std::fmt;
use std::str::FromStr;

use crate::{DateTimeMapping, DecimalMapping, MapType, UuidMapping};

/// A name that is none of an option's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOptionValue {
    /// The option (`map_type`, ...).
    pub option: &'static str,
    /// What was given.
    pub input: String,
    /// The accepted names.
    pub expected: Vec<String>,
}

impl fmt::Display for UnknownOptionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} `{}` (expected one of: {})",
            self.option,
            self.input,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownOptionValue {}

/// Whether `input` names `name`, ignoring ASCII case, `_` and `-` (`rust_decimal` names
/// `RustDecimal`, `btree-map` names `BTreeMap`).
fn names(input: &str, name: &str) -> bool {
    let simple = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    simple(input) == simple(name)
}

macro_rules! option_names {
    ($ty:ident, $option:literal, [$($variant:ident),+ $(,)?]) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The value's name: the variant's name.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => stringify!($variant)),+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl FromStr for $ty {
            type Err = UnknownOptionValue;

            /// The value named by `s`: its variant name, ignoring ASCII case, `_` and `-`.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::ALL
                    .iter()
                    .copied()
                    .find(|v| names(s, v.name()))
                    .ok_or_else(|| UnknownOptionValue {
                        option: $option,
                        input: s.to_string(),
                        expected: $ty::ALL.iter().map(|v| v.name().to_string()).collect(),
                    })
            }
        }
    };
}

option_names!(DateTimeMapping, "date_time", [Newtypes, Chrono, Time]);
option_names!(UuidMapping, "uuid", [Plain, Uuid]);
option_names!(DecimalMapping, "decimal", [Runtime, RustDecimal]);
option_names!(MapType, "map_type", [HashMap, BTreeMap, IndexMap]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_by_name() {
        assert_eq!("Chrono".parse(), Ok(DateTimeMapping::Chrono));
        assert_eq!("time".parse(), Ok(DateTimeMapping::Time));
        assert_eq!("rust_decimal".parse(), Ok(DecimalMapping::RustDecimal));
        assert_eq!("btree-map".parse(), Ok(MapType::BTreeMap));
        assert_eq!("uuid".parse(), Ok(UuidMapping::Uuid));
        for v in MapType::ALL {
            assert_eq!(v.to_string().parse(), Ok(*v));
        }
        let e = "sorted".parse::<MapType>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown map_type `sorted` (expected one of: HashMap, BTreeMap, IndexMap)"
        );
    }
}
