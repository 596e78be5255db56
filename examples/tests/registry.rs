//! The registry story: both consumers read every message by the expected decoder with the values
//! the resolution rules give, the registry enforces FULL, and the compatibility verdicts are the
//! registry's.

use avro_runtime::framing::{confluent, CompatibilityMode, DecodePath};
use examples::registry_story::{
    customers, exchange, hex_head, subject_names, verdicts, CHANGES, MODES,
};

#[test]
fn both_consumers_read_every_message_by_the_expected_decoder() {
    let story = exchange(40).unwrap();
    assert_eq!(story.subject, "customers-value");
    assert_eq!(story.ids, [1, 2]);
    assert_eq!(story.registry.versions("customers-value"), [1, 2]);
    assert_eq!(story.messages.len(), 40);
    assert_eq!(story.consumed.len(), 40);

    let (v1, v2) = customers(40);
    let (mut v1, mut v2) = (v1.into_iter(), v2.into_iter());
    for (message, read) in story.messages.iter().zip(&story.consumed) {
        assert_eq!(confluent::schema_id_of(message).unwrap(), read.schema_id);
        let (new, new_path) = &read.by_new;
        let (old, old_path) = &read.by_old;
        match read.schema_id {
            1 => {
                let written = v1.next().unwrap();
                // Generated decoder for the known writer v1: phone takes its default.
                assert_eq!(*new_path, DecodePath::KnownWriter);
                assert_eq!(
                    (new.id, &new.name, &new.email, &new.phone),
                    (written.id, &written.name, &written.email, &None)
                );
                assert_eq!(*old_path, DecodePath::Own);
                assert_eq!(*old, written);
            }
            2 => {
                let written = v2.next().unwrap();
                assert_eq!(*new_path, DecodePath::Own);
                assert_eq!(*new, written);
                // Run-time resolution from the registry's schema: phone skipped.
                assert_eq!(*old_path, DecodePath::Resolved);
                assert_eq!(
                    (old.id, &old.name, &old.email),
                    (written.id, &written.name, &written.email)
                );
            }
            id => panic!("unexpected schema id {id}"),
        }
    }
    assert!(v1.next().is_none() && v2.next().is_none());
    // Some v2 customers have a phone, some old ones an email: the defaults were really exercised.
    assert!(story.consumed.iter().any(|c| c.by_new.0.phone.is_some()));
    assert!(story.consumed.iter().any(|c| c.by_old.0.email.is_some()));
    assert!(hex_head(&story.messages[0], 8).starts_with("00 00 00 00 01 | "));
    assert!(hex_head(&story.messages[1], 5).starts_with("00 00 00 00 02 | "));
}

#[test]
fn the_registry_refuses_the_rename_without_alias_under_full() {
    let story = exchange(2).unwrap();
    assert_eq!(
        story.registry.compatibility("customers-value"),
        CompatibilityMode::Full
    );
    let msg = &story.rename_refused;
    assert!(
        msg.starts_with(
            "subject `customers-value` (FULL): the new schema is incompatible, 2 problems"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("reader field `full_name` (string) has no default"),
        "{msg}"
    );
    assert!(
        msg.contains("reader field `name` (string) has no default"),
        "{msg}"
    );
    assert_eq!(story.registry.versions("customers-value"), [1, 2]);
}

#[test]
fn compatibility_verdicts() {
    let verdicts = verdicts().unwrap();
    let table: Vec<(&str, Vec<bool>)> = CHANGES
        .iter()
        .map(|(change, _)| {
            let row = MODES
                .iter()
                .map(|mode| {
                    verdicts
                        .iter()
                        .find(|v| v.change == *change && v.mode == *mode)
                        .unwrap()
                        .compatible()
                })
                .collect();
            (*change, row)
        })
        .collect();
    // BACKWARD, FORWARD, FULL, NONE
    assert_eq!(
        table,
        [
            ("add optional field", vec![true, true, true, true]),
            ("remove field", vec![true, false, false, true]),
            ("rename without alias", vec![false, false, false, true]),
            ("rename with alias", vec![true, false, false, true]),
        ]
    );
    // A rename without alias is a removal plus an addition: FULL lists both directions.
    let full = verdicts
        .iter()
        .find(|v| v.change == "rename without alias" && v.mode == CompatibilityMode::Full)
        .unwrap();
    assert_eq!(full.problems.len(), 2, "{:?}", full.problems);
    assert!(full.problems[0].starts_with("the changed schema cannot read data written with v1"));
    assert!(full.problems[1].starts_with("v1 cannot read data written with the changed schema"));
}

#[test]
fn subject_name_strategies() {
    let names = subject_names().unwrap();
    assert_eq!(
        names.map(|(_, s)| s),
        [
            "customers-value",
            "com.example.crm.Customer",
            "customers-com.example.crm.Customer"
        ]
    );
}
