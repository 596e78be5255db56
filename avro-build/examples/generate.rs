//! Prints the code generated for the schema files given as arguments.
//!
//! `cargo run -p avro-build --example generate -- schemas/bench/event_a.avsc`

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    match avro_build::Config::new().generate(&paths) {
        Ok(generated) => {
            for w in &generated.warnings {
                eprintln!("warning: {w}");
            }
            print!("{}", generated.code);
        }
        Err(errors) => {
            eprint!("{errors}");
            std::process::exit(1);
        }
    }
}
