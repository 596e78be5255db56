//! A schema file with `//` and `/* */` comments (and comment-like text inside strings).
mod avro {
    avro_derive::include_schema!(file = "../../schemas/commented.avsc");
}

fn main() {
    let c = avro::Commented::default();
    assert_eq!(c.url, "http://example.com/a//b");
    assert_eq!(c.note, "/* not a comment */");
}
