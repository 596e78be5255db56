//! Schema registry story, Kafka with Confluent framing: a producer on customer schema v1 and one
//! on v2 (new optional field `phone`) publish through an in-memory registry enforcing FULL
//! compatibility; a v2 consumer and a v1 consumer read every message; then the compatibility
//! verdicts of three changes (add optional field, remove field, rename without alias) under
//! BACKWARD, FORWARD, FULL and NONE.
//!
//! Run: `cargo run -p examples --example registry`

use avro_runtime::framing::CompatibilityMode;
use examples::registry_story::{exchange, hex_head, subject_names, verdicts, CHANGES, MODES};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let story = exchange(6)?;

    println!("subject names for com.example.crm.Customer on topic \"customers\":");
    for (strategy, subject) in subject_names()? {
        println!("  {strategy:<24} {subject}");
    }

    println!(
        "\nregistry, subject {} ({}):",
        story.subject,
        story.registry.compatibility(&story.subject)
    );
    for version in story.registry.versions(&story.subject) {
        if let Some(r) = story.registry.version(&story.subject, version) {
            println!("  version {} -> schema id {}", r.version, r.id);
        }
    }

    println!("\nmessages (magic, schema id | datum) and how each consumer read them:");
    for (message, read) in story.messages.iter().zip(&story.consumed) {
        let (new, new_path) = &read.by_new;
        let (old, old_path) = &read.by_old;
        println!("  {}", hex_head(message, 16));
        println!(
            "    v2 consumer, {new_path:?}: id {} {:?} email {:?} phone {:?}",
            new.id, new.name, new.email, new.phone
        );
        println!(
            "    v1 consumer, {old_path:?}: id {} {:?} email {:?}",
            old.id, old.name, old.email
        );
    }

    println!("\nregistering \"rename without alias\" as version 3:");
    for line in story.rename_refused.lines() {
        println!("  {line}");
    }

    let verdicts = verdicts()?;
    println!("\ncompatibility of changes to v1 (registry semantics; yes = allowed):");
    let mut header = format!("  {:<22}", "change");
    for mode in MODES {
        header.push_str(&format!(" {:<9}", mode.as_str()));
    }
    println!("{}", header.trim_end());
    for (change, _) in CHANGES {
        let mut row = format!("  {change:<22}");
        for mode in MODES {
            let v = verdicts
                .iter()
                .find(|v| v.change == change && v.mode == mode)
                .ok_or("missing verdict")?;
            row.push_str(&format!(
                " {:<9}",
                if v.compatible() { "yes" } else { "no" }
            ));
        }
        println!("{}", row.trim_end());
    }
    println!("\nwhy (FULL checks both directions):");
    for v in verdicts
        .iter()
        .filter(|v| v.mode == CompatibilityMode::Full)
    {
        if v.compatible() {
            println!("  {}: compatible both ways", v.change);
        }
        for p in &v.problems {
            println!("  {}: {p}", v.change);
        }
    }
    Ok(())
}
