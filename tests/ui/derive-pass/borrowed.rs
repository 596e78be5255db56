// Zero-copy decoding: `&'a str`, `&'a [u8]`, `Cow`, in wrappers and as map keys, with several
// lifetimes.
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use avro_derive::AvroSchema;
use avro_runtime::{AvroSchema, Decode, Encode};

#[derive(AvroSchema, Debug, PartialEq)]
struct View<'a, 'b: 'a> {
    name: &'a str,
    data: &'b [u8],
    label: Cow<'a, str>,
    blob: Cow<'b, [u8]>,
    list: Vec<&'a str>,
    maybe: Option<&'b [u8]>,
    map: HashMap<&'a str, &'b str>,
    cow_keys: BTreeMap<Cow<'a, str>, i32>,
    #[avro(fixed = 2)]
    pair: &'a [u8],
    inner: Inner<'a>,
}

#[derive(AvroSchema, Debug, PartialEq)]
struct Inner<'x> {
    text: &'x str,
}

fn decode_borrowed(bytes: &[u8]) -> View<'_, '_> {
    View::from_avro_slice(bytes).unwrap()
}

fn main() {
    let v = View {
        name: "n",
        data: b"d",
        label: Cow::Borrowed("l"),
        blob: Cow::Owned(vec![1]),
        list: vec!["x"],
        maybe: Some(b"m"),
        map: HashMap::from([("k", "v")]),
        cow_keys: BTreeMap::from([(Cow::Borrowed("c"), 1)]),
        pair: b"pq",
        inner: Inner { text: "i" },
    };
    let bytes = v.to_avro_vec().unwrap();
    assert_eq!(decode_borrowed(&bytes), v);
    assert!(View::SCHEMA_JSON.starts_with(r#"{"type":"record","name":"View""#));
}
