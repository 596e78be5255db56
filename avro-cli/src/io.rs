//! Inputs and outputs: files or `-` for standard input and output, buffered; hex text.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::Path;

use crate::{is_std, Failure};

/// Bytes written to stdout or a file are buffered up to this many before a write.
pub const OUTPUT_BUFFER: usize = 64 << 10;

/// Opens `path` for reading (`-`: standard input).
pub fn input(path: &Path) -> Result<Box<dyn Read>, Failure> {
    if is_std(path) {
        Ok(Box::new(io::stdin().lock()))
    } else {
        let file = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        Ok(Box::new(file))
    }
}

/// Reads all of `path` (`-`: standard input).
pub fn read_all(path: &Path) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    input(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(bytes)
}

/// Opens `path` for writing (`-`: standard output), buffered. `binary` output is refused on a
/// terminal, where it would only garble the screen.
pub fn output(path: &Path, binary: bool) -> Result<BufWriter<Box<dyn Write>>, Failure> {
    let out: Box<dyn Write> = if is_std(path) {
        if binary && io::stdout().is_terminal() {
            return Err(
                "refusing to write binary data to a terminal: redirect the output or use -o FILE"
                    .into(),
            );
        }
        Box::new(io::stdout().lock())
    } else {
        let file =
            File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Box::new(file)
    };
    Ok(BufWriter::with_capacity(OUTPUT_BUFFER, out))
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
    out
}

/// The bytes of a hex string (whitespace around it ignored; either case).
pub fn unhex(text: &str) -> Result<Vec<u8>, String> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return Err(format!("not hex: an odd number of digits ({})", text.len()));
    }
    let digit = |c: u8, at: usize| match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(format!(
            "not hex: {:?} at character {}",
            char::from(c),
            at + 1
        )),
    };
    text.as_bytes()
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| Ok(digit(pair[0], 2 * i)? << 4 | digit(pair[1], 2 * i + 1)?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(unhex(&hex(&all)).unwrap(), all);
        assert_eq!(unhex(" 0A0b \n").unwrap(), [10, 11]);
        assert_eq!(unhex("").unwrap(), Vec::<u8>::new());
        assert_eq!(
            unhex("abc").unwrap_err(),
            "not hex: an odd number of digits (3)"
        );
        assert_eq!(unhex("0g").unwrap_err(), "not hex: 'g' at character 2");
    }
}
