//! `impl AvroSchema`: the full schema JSON, the Parsing Canonical Form and its three
//! fingerprints, computed once per type and written as literals.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{bytes_literal, fingerprint_literal};
use crate::ir::{NamedId, Schema, SchemaSet};
use crate::{canonical, fingerprint};

/// The schema facts of a generated type.
pub struct SchemaConstants {
    /// The full schema JSON.
    pub json: String,
    /// The Parsing Canonical Form.
    pub canonical_form: String,
    /// CRC-64-AVRO of the canonical form.
    pub rabin: u64,
}

impl SchemaConstants {
    /// The constants of named type `id`.
    pub fn of(set: &SchemaSet, id: NamedId) -> Self {
        let schema = Schema::Named(id);
        let canonical_form = canonical::canonical_form(set, &schema);
        SchemaConstants {
            json: canonical::full_json(set, &schema),
            rabin: fingerprint::rabin(canonical_form.as_bytes()),
            canonical_form,
        }
    }

    /// `impl AvroSchema` for the type named `name`.
    pub fn avro_schema_impl(&self, name: &Ident) -> TokenStream {
        let json = &self.json;
        let canonical_form = &self.canonical_form;
        let rabin = fingerprint_literal(self.rabin);
        let md5 = bytes_literal(&fingerprint::md5(canonical_form.as_bytes()));
        let sha256 = bytes_literal(&fingerprint::sha256(canonical_form.as_bytes()));
        quote! {
            impl ::avro_runtime::AvroSchema for #name {
                const SCHEMA_JSON: &'static str = #json;
                const CANONICAL_FORM: &'static str = #canonical_form;
                const RABIN_FINGERPRINT: u64 = #rabin;
                const MD5_FINGERPRINT: [u8; 16] = #md5;
                const SHA256_FINGERPRINT: [u8; 32] = #sha256;
            }
        }
    }
}
