// Records that contain themselves, by name or `Self`, behind Box, Option, Vec and maps.
use std::collections::{BTreeMap, HashMap};

use avro_derive::AvroSchema;
use avro_runtime::{AvroSchema, Decode, Encode};

#[derive(AvroSchema, Debug, PartialEq)]
#[avro(namespace = "ui.pass")]
struct Node {
    value: i32,
    next: Option<Box<Node>>,
    children: Vec<Self>,
    by_name: HashMap<String, Node>,
    sorted: BTreeMap<String, Box<Self>>,
    maybe_many: Option<Vec<Node>>,
}

fn main() {
    let leaf = |v| Node {
        value: v,
        next: None,
        children: vec![],
        by_name: HashMap::new(),
        sorted: BTreeMap::new(),
        maybe_many: None,
    };
    let mut tree = leaf(1);
    tree.next = Some(Box::new(leaf(2)));
    tree.children.push(leaf(3));
    tree.maybe_many = Some(vec![leaf(4)]);
    assert_eq!(Node::from_avro_slice(&tree.to_avro_vec().unwrap()).unwrap(), tree);
    assert!(Node::SCHEMA_JSON.contains(r#"{"name":"next","type":["null","Node"]}"#));
}
