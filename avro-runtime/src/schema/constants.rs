//! [`Constants`]: the `AvroSchema` constants of any [`AvroType`], including generic types, whose
//! text lengths cannot size an array (`[u8; json_len(T::SCHEMA)]` is not allowed while `T` is a
//! parameter).

use core::marker::PhantomData;

use super::write::{write, Form};
use super::{as_str, canonical_len, json_len, md5, rabin, sha256, Schema};
use crate::AvroType;

/// The `AvroSchema` constants of `T`, computed at compile time from `T::SCHEMA` in buffers of a
/// fixed size: the fallback for generic types (`impl<T: AvroType> AvroSchema for Wrapper<T>`),
/// where [`impl_avro_schema!`](crate::impl_avro_schema) cannot size its arrays exactly.
///
/// A text is written into the smallest of the buffer sizes 64 B, 256 B, 1 KiB, 4 KiB, 16 KiB,
/// 64 KiB and 256 KiB ([`Constants::CAPACITY`]) that holds it, and the constant is a prefix of
/// that buffer; the other sizes are zero-filled without running the writer. A text longer than
/// 256 KiB stops compilation with a message.
///
/// Binary size: the sizes bound what a compiler that emits the whole buffer of a used constant
/// would store to four times the text (at least 64 bytes). rustc emits only the text: in a test
/// binary (rustc 1.95, debug and release) a 4.4 KiB `SCHEMA_JSON` from its 16 KiB buffer took
/// 4.4 KiB of `.rodata`, no padding, like the exact array of `impl_avro_schema!`.
///
/// Compile time: evaluated only for the instantiations a program uses (generic constants are
/// lazy), two walks per text (the length, then the bytes).
///
/// This type is never constructed; use its associated constants:
///
/// ```
/// use avro_runtime::schema::{Constants, Schema};
/// use avro_runtime::{AvroSchema, AvroType};
///
/// struct Wrapper<T>(Vec<T>);
/// impl<T: AvroType> AvroType for Wrapper<T> {
///     const SCHEMA: &'static Schema = &Schema::Array(T::SCHEMA);
/// }
/// impl<T: AvroType> AvroSchema for Wrapper<T> {
///     const SCHEMA_JSON: &'static str = Constants::<Self>::SCHEMA_JSON;
///     const CANONICAL_FORM: &'static str = Constants::<Self>::CANONICAL_FORM;
///     const RABIN_FINGERPRINT: u64 = Constants::<Self>::RABIN_FINGERPRINT;
///     const MD5_FINGERPRINT: [u8; 16] = Constants::<Self>::MD5_FINGERPRINT;
///     const SHA256_FINGERPRINT: [u8; 32] = Constants::<Self>::SHA256_FINGERPRINT;
/// }
///
/// struct Item;
/// impl AvroType for Item {
///     const SCHEMA: &'static Schema = &Schema::Long;
/// }
/// assert_eq!(Wrapper::<Item>::SCHEMA_JSON, r#"{"type":"array","items":"long"}"#);
/// ```
pub struct Constants<T: ?Sized>(PhantomData<fn() -> *const T>);

/// The smallest buffer: texts up to this long all use it.
const SMALLEST: usize = 64;

/// A buffer of `CAP` bytes holding `schema` in `form` when `CAP` is the buffer size chosen for a
/// text of `len` bytes (the smallest size that holds it, the sizes growing by four), else zeros
/// without running the writer.
const fn buffer<const CAP: usize>(schema: &Schema, form: Form, len: usize) -> [u8; CAP] {
    let mut bytes = [0u8; CAP];
    if len <= CAP && (CAP == SMALLEST || len > CAP / 4) {
        write(schema, form, &mut bytes);
    }
    bytes
}

/// The first `len` bytes of the buffer chosen for `len` among `buffers` (sizes 64 to 256 KiB).
const fn chosen(len: usize, buffers: [&'static [u8]; 7], what: &str) -> &'static str {
    let mut i = 0;
    while i < buffers.len() {
        if len <= buffers[i].len() {
            let (text, _) = buffers[i].split_at(len);
            return as_str(text);
        }
        i += 1;
    }
    let _ = what;
    panic!(
        "the schema of this generic type is longer than 256 KiB, the most \
         avro_runtime::schema::Constants holds: implement AvroSchema for a concrete type with \
         impl_avro_schema!, whose buffers have the exact size"
    )
}

/// Declares, for one text form, the text's length, one buffer constant per size, and the text.
macro_rules! sized_text {
    ($form:expr, $len_fn:ident, $len:ident, $text:ident, $what:literal,
     [$($buffer:ident = $cap:literal),* $(,)?]) => {
        const $len: usize = $len_fn(T::SCHEMA);
        $(const $buffer: &'static [u8] = &buffer::<$cap>(T::SCHEMA, $form, Self::$len);)*
        #[doc = concat!("The ", $what, " of `T`'s schema.")]
        pub const $text: &'static str = chosen(Self::$len, [$(Self::$buffer),*], $what);
    };
}

impl<T: AvroType + ?Sized> Constants<T> {
    /// The largest text the buffers hold (256 KiB).
    pub const CAPACITY: usize = 256 * 1024;

    sized_text!(
        Form::Json,
        json_len,
        JSON_LEN,
        SCHEMA_JSON,
        "full JSON",
        [
            JSON_64 = 64,
            JSON_256 = 256,
            JSON_1K = 1024,
            JSON_4K = 4096,
            JSON_16K = 16384,
            JSON_64K = 65536,
            JSON_256K = 262144,
        ]
    );

    sized_text!(
        Form::Canonical,
        canonical_len,
        CANONICAL_LEN,
        CANONICAL_FORM,
        "Parsing Canonical Form",
        [
            CANONICAL_64 = 64,
            CANONICAL_256 = 256,
            CANONICAL_1K = 1024,
            CANONICAL_4K = 4096,
            CANONICAL_16K = 16384,
            CANONICAL_64K = 65536,
            CANONICAL_256K = 262144,
        ]
    );

    /// CRC-64-AVRO (Rabin) fingerprint of the canonical form.
    pub const RABIN_FINGERPRINT: u64 = rabin(Self::CANONICAL_FORM.as_bytes());
    /// MD5 fingerprint of the canonical form.
    pub const MD5_FINGERPRINT: [u8; 16] = md5(Self::CANONICAL_FORM.as_bytes());
    /// SHA-256 fingerprint of the canonical form.
    pub const SHA256_FINGERPRINT: [u8; 32] = sha256(Self::CANONICAL_FORM.as_bytes());
}
