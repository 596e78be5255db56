//! A directory (searched recursively: `Tag` is defined in a subdirectory) and an option.
use avro_runtime::{Decode, Encode};

mod avro {
    avro_derive::include_schema!(
        file = "../../schemas/options",
        map_type = "BTreeMap",
    );
}

use avro::ui::opts::{Event, Tag};

fn main() {
    let event = Event {
        labels: std::collections::BTreeMap::from([("k".to_string(), "v".to_string())]),
        at: avro_runtime::TimestampMillis(1),
        id: "00000000-0000-0000-0000-000000000000".to_string(),
        price: avro_runtime::Decimal::from_i128(1, 2),
        tag: Tag::Green,
    };
    let bytes = event.to_avro_vec().unwrap();
    assert_eq!(Event::from_avro_slice(&bytes).unwrap(), event);
}
