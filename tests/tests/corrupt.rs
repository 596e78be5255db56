//! Bad bytes: truncation at every offset and random mutations of valid encodings give an
//! `Error`, never a panic, and decoding never allocates far beyond the input size. A counting
//! global allocator measures the peak each decode allocates (per thread).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use avro_tests::fixture_index;
use avro_tests::generated::{root_codecs, RootCodec};
use proptest::prelude::*;

struct Counting;

thread_local! {
    static CURRENT: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; the thread-local counters are const-initialised
// `Cell<usize>`s without destructors, so touching them never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = CURRENT.try_with(|c| {
            let now = c.get() + layout.size();
            c.set(now);
            let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
        });
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = CURRENT.try_with(|c| c.set(c.get().saturating_sub(layout.size())));
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak bytes allocated on this thread while running `f`.
fn peak_allocation(f: impl FnOnce()) -> usize {
    let base = CURRENT.with(Cell::get);
    PEAK.with(|p| p.set(base));
    f();
    PEAK.with(Cell::get) - base
}

/// A decode may allocate a constant factor of its input (Rust values are larger than their
/// encoding), never the sizes that corrupt lengths declare.
fn allowed(input_len: usize) -> usize {
    64 * 1024 + 256 * input_len
}

fn samples() -> Vec<(RootCodec, Vec<Vec<u8>>)> {
    let index = fixture_index();
    root_codecs()
        .into_iter()
        .filter_map(|codec| {
            let entry = index
                .iter()
                .find(|e| e.schema.trim_start_matches("tests/data/") == codec.schema_file)?;
            let datums: Vec<Vec<u8>> = entry
                .datums()
                .into_iter()
                .map(|(b, _)| b)
                .take(40)
                .collect();
            Some((codec, datums))
        })
        .collect()
}

#[test]
fn every_truncation_is_an_error() {
    let mut cases = 0;
    for (codec, datums) in samples() {
        for datum in &datums {
            for len in 0..datum.len() {
                let prefix = &datum[..len];
                let result = (codec.decode_only)(prefix);
                assert!(
                    result.is_err(),
                    "{}: prefix of {len}/{} bytes decoded",
                    codec.unit,
                    datum.len()
                );
                cases += 1;
            }
        }
    }
    assert!(cases > 10_000, "only {cases} truncations tried");
}

#[test]
fn random_mutations_never_panic_or_overallocate() {
    let samples = samples();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(3000));
    let strategy = (
        0..samples.len(),
        any::<prop::sample::Index>(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
    );
    runner
        .run(&strategy, |(s, datum_index, edits)| {
            let (codec, datums) = &samples[s];
            if datums.is_empty() {
                return Ok(());
            }
            let mut bytes = datum_index.get(datums).clone();
            if bytes.is_empty() {
                return Ok(());
            }
            for (at, value) in edits {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            let peak = peak_allocation(|| {
                let _ = (codec.decode_only)(&bytes);
            });
            prop_assert!(
                peak <= allowed(bytes.len()),
                "{}: {peak} bytes allocated for {} input bytes",
                codec.unit,
                bytes.len()
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn huge_declared_lengths_fail_before_allocating() {
    use avro_runtime::Decode;
    use avro_tests::generated::bench_batch_b::bench::Batch;
    // id 0, source "", created 0, then an items block declaring 2^40 records.
    let mut bytes = vec![0, 0, 0];
    let mut n: u64 = 1 << 41; // zigzag(2^40)
    while n >= 0x80 {
        bytes.push((n as u8) | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
    let peak = peak_allocation(|| {
        let err = Batch::from_avro_slice(&bytes).unwrap_err();
        assert!(
            err.to_string().contains("items"),
            "error names the field: {err}"
        );
    });
    assert!(peak < 4096, "{peak} bytes allocated");

    // A string whose declared length exceeds the input.
    let bytes = [0x00, 0xfe, 0xff, 0xff, 0xff, 0x0f];
    let peak = peak_allocation(|| {
        assert!(Batch::from_avro_slice(&bytes).is_err());
    });
    assert!(peak < 4096, "{peak} bytes allocated");
}

mod edge {
    avro_derive::include_schema!("data/project/json-edge-shapes.avsc");
}

#[test]
fn huge_counts_of_items_that_take_no_bytes_are_refused() {
    use avro_runtime::{Decode, ErrorKind};
    use edge::org::example::json::EdgeShapes;
    // `nulls` (an array of null) declares 2^40 items: nothing in the input bounds that count,
    // so decoding them one by one would take hours; the reader's allowance refuses it.
    let mut bytes = Vec::new();
    let mut n: u64 = 1 << 41; // zigzag(2^40)
    while n >= 0x80 {
        bytes.push((n as u8) | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
    bytes.push(0);
    let err = EdgeShapes::from_avro_slice(&bytes).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::TooManyZeroSizeItems {
                declared: 1_099_511_627_776,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("nulls"), "names the field: {err}");
}

#[test]
fn deeply_nested_recursive_data_is_an_error_not_a_stack_overflow() {
    use avro_runtime::Decode;
    use avro_tests::generated::all_types::org::example::oracle::LinkedList;
    // LinkedList { value: int, next: ["null", LinkedList] }: each level is value 0, branch 1.
    let nested = |levels: usize| {
        let mut bytes = [0u8, 2].repeat(levels);
        bytes.extend([0, 0]);
        bytes
    };
    let err = LinkedList::from_avro_slice(&nested(100_000)).unwrap_err();
    assert!(err.to_string().contains("nested more than"), "{err}");

    let list = LinkedList::from_avro_slice(&nested(100)).unwrap();
    let mut depth = 0;
    let mut node = &list;
    while let Some(next) = &node.next {
        depth += 1;
        node = next;
    }
    assert_eq!(depth, 100);
}
