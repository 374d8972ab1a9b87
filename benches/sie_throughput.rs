//! SIE reading measured by criterion, in MB/s, each path beside the bare tokenizer (its upper
//! bound: lines and fields split, `#TRANS` amounts parsed, nothing checked) in one run: a
//! generated file of 100 000 vouchers (about 10 MB) straight into a ledger, summed by a unit
//! table, into a whole document, and in CP437 with Swedish letters in every voucher text.
//! `cargo bench --bench sie_read` measures the 100 MB file, its peak memory and the scaling.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::doc_markdown
)]

mod support;

use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use styrmodell::sie::ReadOptions;
use styrmodell::{Ledger, PlanHorizon, Year};

const VOUCHERS: usize = 100_000;

/// Reads `bytes` straight into a new ledger of the bench organisation; the facts.
fn read_into(bytes: &[u8]) -> usize {
    let org = support::organisation();
    let chart = support::chart().with_account("1930".parse().unwrap(), "Bank");
    let horizon = PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap();
    let mut builder = Ledger::builder(org, chart, horizon);
    let (_, diagnostics) = support::sie::unit_mapping()
        .read_into(bytes, &ReadOptions::default(), &mut builder)
        .unwrap();
    assert!(diagnostics.is_empty());
    builder.build().unwrap().len()
}

fn sie(c: &mut Criterion) {
    let ascii = support::sie::text(VOUCHERS).into_bytes();
    let cp437 = support::sie::cp437_variant(&ascii);
    let mapping = support::sie::unit_mapping();
    assert_eq!(read_into(&cp437), 2 * VOUCHERS);
    let mut group = c.benchmark_group("sie");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(ascii.len() as u64));
    group.bench_function("bare_tokenizer", |b| {
        b.iter(|| support::sie::bare_tokenize(black_box(&ascii)));
    });
    group.bench_function("read_into", |b| b.iter(|| read_into(black_box(&ascii))));
    group.bench_function("read_and_map", |b| {
        b.iter(|| {
            mapping
                .read_and_map(black_box(&ascii), &ReadOptions::default())
                .unwrap()
        });
    });
    group.bench_function("whole_document", |b| {
        b.iter(|| styrmodell::sie::read(black_box(&ascii), &ReadOptions::default()).unwrap());
    });
    group.throughput(Throughput::Bytes(cp437.len() as u64));
    group.bench_function("read_into_cp437", |b| {
        b.iter(|| read_into(black_box(&cp437)));
    });
    group.finish();
}

criterion_group!(benches, sie);
criterion_main!(benches);
