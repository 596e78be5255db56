//! Property tests of the public API: round trips, and no panic on any input.

use avro_runtime::avro_type::{kind, DecimalValue, Logical};
use avro_runtime::encode::Sink;
use avro_runtime::{encode, Decimal, Duration, ErrorKind, Reader};
use proptest::prelude::*;

/// What `write` writes to a sink.
fn written(
    write: impl FnOnce(&mut Sink<'_>) -> avro_runtime::Result<()>,
) -> avro_runtime::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut sink = Sink::new(&mut out, 0);
    let result = write(&mut sink);
    sink.finish();
    result.map(|()| out)
}

/// Reads a value with every method in turn from arbitrary bytes; must never panic.
fn exercise(bytes: &[u8], ops: &[u8]) {
    let mut r = Reader::new(bytes);
    for &op in ops {
        let before = r.position();
        let ok = match op % 24 {
            0 => r.read_boolean().is_ok(),
            1 => r.read_int().is_ok(),
            2 => r.read_long().is_ok(),
            3 => r.read_float().is_ok(),
            4 => r.read_double().is_ok(),
            5 => r.read_bytes().is_ok(),
            6 => r.read_str().is_ok(),
            7 => r.read_string().is_ok(),
            8 => r.read_byte_vec().is_ok(),
            9 => r.read_fixed::<3>().is_ok(),
            10 => r.read_fixed_slice(5).is_ok(),
            11 => r.read_union_index(3).is_ok(),
            12 => r.read_enum_index(2).is_ok(),
            13 => r.read_block_len(1).is_ok(),
            14 => r.read_block_len(0).is_ok(),
            15 => r.skip_array(|r| r.skip_long()).is_ok(),
            16 => r.skip_map(|r| r.skip_string()).is_ok(),
            17 => r.skip_array(|_| Ok(())).is_ok(),
            18 => Decimal::decode_bytes(&mut r, 2).is_ok(),
            19 => Decimal::decode_fixed(&mut r, 2, 4).is_ok(),
            20 => <Duration as Logical<kind::Duration>>::decode(&mut r).is_ok(),
            21 => r.skip_array(|r| r.skip_array(|r| r.skip_int())).is_ok(),
            22 => r.skip_map(|r| r.skip_fixed(2)).is_ok(),
            _ => r.finish().is_ok(),
        };
        assert!(r.position() <= bytes.len());
        if !ok {
            // Errors never leave the reader past the input; stop like a decoder would.
            assert!(r.position() >= before);
            break;
        }
    }
}

/// A sample record encoding: {id: long, name: string, tags: array<string>, score: double,
/// flag: boolean, kind: union[null, int]}.
fn encode_sample(
    id: i64,
    name: &str,
    tags: &[String],
    score: f64,
    flag: bool,
    kind: Option<i32>,
) -> Vec<u8> {
    let mut out = Vec::new();
    encode::long(&mut out, id);
    encode::string(&mut out, name);
    if !tags.is_empty() {
        encode::block_len(&mut out, tags.len());
        for t in tags {
            encode::string(&mut out, t);
        }
    }
    encode::block_len(&mut out, 0);
    encode::double(&mut out, score);
    encode::boolean(&mut out, flag);
    match kind {
        None => encode::union_index(&mut out, 0),
        Some(k) => {
            encode::union_index(&mut out, 1);
            encode::int(&mut out, k);
        }
    }
    out
}

type Sample = (i64, String, Vec<String>, f64, bool, Option<i32>);

fn decode_sample(r: &mut Reader<'_>) -> avro_runtime::Result<Sample> {
    let id = r.read_long()?;
    let name = r.read_string()?;
    let mut tags = Vec::new();
    loop {
        let n = r.read_block_len(1)?;
        if n == 0 {
            break;
        }
        tags.reserve(n);
        for _ in 0..n {
            tags.push(r.read_string()?);
        }
    }
    let score = r.read_double()?;
    let flag = r.read_boolean()?;
    let kind = match r.read_union_index(2)? {
        0 => None,
        _ => Some(r.read_int()?),
    };
    Ok((id, name, tags, score, flag, kind))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn long_round_trip(v in any::<i64>()) {
        let mut out = Vec::new();
        encode::long(&mut out, v);
        prop_assert!(out.len() <= encode::MAX_LONG_LEN);
        let mut r = Reader::new(&out);
        prop_assert_eq!(r.read_long().unwrap(), v);
        prop_assert!(r.finish().is_ok());
        for cut in 0..out.len() {
            prop_assert!(Reader::new(&out[..cut]).read_long().is_err());
        }
    }

    #[test]
    fn int_round_trip(v in any::<i32>()) {
        let mut out = Vec::new();
        encode::int(&mut out, v);
        prop_assert!(out.len() <= encode::MAX_INT_LEN);
        let mut long = Vec::new();
        encode::long(&mut long, i64::from(v));
        prop_assert_eq!(&out, &long);
        let mut r = Reader::new(&out);
        prop_assert_eq!(r.read_int().unwrap(), v);
        prop_assert!(r.finish().is_ok());
        for cut in 0..out.len() {
            prop_assert!(Reader::new(&out[..cut]).read_int().is_err());
        }
    }

    #[test]
    fn int_rejects_longs_out_of_range(v in any::<i64>()) {
        let mut out = Vec::new();
        encode::long(&mut out, v);
        let res = Reader::new(&out).read_int();
        match i32::try_from(v) {
            Ok(v32) => prop_assert_eq!(res.unwrap(), v32),
            Err(_) => prop_assert!(matches!(
                res.unwrap_err().kind(),
                ErrorKind::IntOutOfRange(_) | ErrorKind::VarintTooLong
            )),
        }
    }

    #[test]
    fn no_panic_on_arbitrary_input(bytes in proptest::collection::vec(any::<u8>(), 0..64),
                                   ops in proptest::collection::vec(any::<u8>(), 1..16)) {
        exercise(&bytes, &ops);
    }

    #[test]
    fn no_panic_on_varint_heavy_input(bytes in proptest::collection::vec(
                                          prop_oneof![Just(0xffu8), Just(0x80), Just(0x01), Just(0x00), any::<u8>()], 0..40),
                                      ops in proptest::collection::vec(any::<u8>(), 1..16)) {
        exercise(&bytes, &ops);
    }

    #[test]
    fn sample_round_trip_and_truncation(id in any::<i64>(), name in ".{0,12}",
                                        tags in proptest::collection::vec("[a-z]{0,5}", 0..5),
                                        score in any::<f64>(), flag in any::<bool>(), kind in any::<Option<i32>>()) {
        let out = encode_sample(id, &name, &tags, score, flag, kind);
        let mut r = Reader::new(&out);
        let (id2, name2, tags2, score2, flag2, kind2) = decode_sample(&mut r).unwrap();
        prop_assert!(r.finish().is_ok());
        prop_assert_eq!(id2, id);
        prop_assert_eq!(name2, name);
        prop_assert_eq!(tags2, tags);
        prop_assert_eq!(score2.to_bits(), score.to_bits());
        prop_assert_eq!(flag2, flag);
        prop_assert_eq!(kind2, kind);
        for cut in 0..out.len() {
            prop_assert!(decode_sample(&mut Reader::new(&out[..cut])).is_err(), "cut at {}", cut);
        }
    }

    /// Arrays split into blocks, some with negative counts and byte sizes: reading and skipping
    /// agree with the items written.
    #[test]
    fn blocks_read_and_skip(items in proptest::collection::vec(any::<i64>(), 0..40),
                            splits in proptest::collection::vec((1usize..6, any::<bool>()), 1..20)) {
        let mut out = Vec::new();
        let mut rest = &items[..];
        let mut i = 0;
        while !rest.is_empty() {
            let (n, sized) = splits[i % splits.len()];
            i += 1;
            let n = n.min(rest.len());
            let mut block = Vec::new();
            for &v in &rest[..n] {
                encode::long(&mut block, v);
            }
            if sized {
                encode::long(&mut out, -(n as i64));
                encode::long(&mut out, block.len() as i64);
            } else {
                encode::block_len(&mut out, n);
            }
            out.extend_from_slice(&block);
            rest = &rest[n..];
        }
        encode::block_len(&mut out, 0);
        out.push(0x2a);

        let mut r = Reader::new(&out);
        let mut got = Vec::new();
        loop {
            let n = r.read_block_len(1).unwrap();
            if n == 0 {
                break;
            }
            got.reserve(n);
            for _ in 0..n {
                got.push(r.read_long().unwrap());
            }
        }
        prop_assert_eq!(&got, &items);
        prop_assert_eq!(r.read_long().unwrap(), 21);

        let mut r = Reader::new(&out);
        r.skip_array(|r| r.skip_long()).unwrap();
        prop_assert_eq!(r.read_long().unwrap(), 21);

        for cut in 0..out.len() - 1 {
            prop_assert!(Reader::new(&out[..cut]).skip_array(|r| r.skip_long()).is_err());
        }
    }

    #[test]
    fn decimal_i128(v in any::<i128>(), scale in 0u32..40) {
        let d = Decimal::from_i128(v, scale);
        prop_assert_eq!(d.to_i128(), Some(v));
        prop_assert_eq!(d.scale(), scale);
        // Display matches the integer with a point inserted.
        let digits = v.unsigned_abs().to_string();
        let s = scale as usize;
        let body = if s == 0 {
            digits
        } else if digits.len() > s {
            format!("{}.{}", &digits[..digits.len() - s], &digits[digits.len() - s..])
        } else {
            format!("0.{}{}", "0".repeat(s - digits.len()), digits)
        };
        let expected = if v < 0 { format!("-{body}") } else { body };
        prop_assert_eq!(d.to_string(), expected);
        // Sign-extended bytes are equal.
        let mut padded = vec![if v < 0 { 0xff } else { 0x00 }; 3];
        padded.extend_from_slice(d.unscaled_bytes());
        let p = Decimal::from_unscaled_bytes(padded.clone(), scale);
        prop_assert_eq!(&p, &d);
        prop_assert_eq!(p.to_i128(), Some(v));
        // bytes encoding keeps the bytes; fixed(16)/fixed(20) round trip.
        let out = written(|sink| p.encode_bytes(sink, scale)).unwrap();
        let back = Decimal::decode_bytes(&mut Reader::new(&out), scale).unwrap();
        prop_assert_eq!(back.unscaled_bytes(), &padded[..]);
        for size in [16usize, 20] {
            let out = written(|sink| d.encode_fixed(sink, scale, size)).unwrap();
            prop_assert_eq!(out.len(), size);
            let back = Decimal::decode_fixed(&mut Reader::new(&out), scale, size).unwrap();
            prop_assert_eq!(back.to_i128(), Some(v));
        }
        // Sizes too small overflow exactly when the minimal form is longer.
        let min_len = d.unscaled_bytes().len();
        for size in 0..min_len {
            let res = written(|sink| d.encode_fixed(sink, scale, size));
            let zero_fits = v == 0;
            prop_assert_eq!(res.is_ok(), zero_fits);
        }
    }

    #[test]
    fn duration_round_trip(months in any::<u32>(), days in any::<u32>(), millis in any::<u32>()) {
        let d = Duration { months, days, millis };
        let out = written(|sink| Logical::<kind::Duration>::encode_to(&d, sink)).unwrap();
        prop_assert_eq!(out.len(), 12);
        prop_assert_eq!(
            <Duration as Logical<kind::Duration>>::decode(&mut Reader::new(&out)).unwrap(),
            d
        );
    }
}

#[test]
fn huge_declared_lengths_do_not_allocate() {
    // i32::MAX and i64::MAX declared lengths with almost no input.
    for b in [
        &[0xfe, 0xff, 0xff, 0xff, 0x0f][..],
        &[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
    ] {
        assert!(matches!(
            Reader::new(b).read_byte_vec().unwrap_err().kind(),
            ErrorKind::LengthExceedsInput { .. }
        ));
        assert!(Reader::new(b).read_string().is_err());
        assert!(Decimal::decode_bytes(&mut Reader::new(b), 0).is_err());
        assert!(Reader::new(b).read_block_len(1).is_err());
    }
}
