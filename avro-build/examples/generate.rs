//! Prints the code generated for the schema files given as arguments.
//!
//! `cargo run -p avro-build --example generate -- schemas/bench/event_a.avsc`
//! `cargo run -p avro-build --example generate -- --versions schemas/log_event`

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut config = avro_build::Config::new();
    while let Some(i) = args.iter().position(|a| a == "--versions") {
        args.remove(i);
        config.version_dir(args.remove(i));
    }
    match config.generate(&args) {
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
