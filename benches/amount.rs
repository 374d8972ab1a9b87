//! Summing amounts: the checked `Amount::checked_sum` against plain `Decimal` addition and a
//! raw `i128` baseline, over the same values.
#![allow(missing_docs, clippy::arithmetic_side_effects)]

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use styrmodell::{Amount, Decimal};

fn amounts(n: usize) -> Vec<Amount> {
    // A cheap deterministic spread of positive and negative öre values.
    (0..n)
        .map(|i| {
            let ore = (i as i128 * 7_919 % 10_000_019) - 5_000_000;
            Amount::from_ore(ore).unwrap_or(Amount::ZERO)
        })
        .collect()
}

fn sum(c: &mut Criterion) {
    let mut group = c.benchmark_group("sum");
    for n in [1_000usize, 1_000_000] {
        let values = amounts(n);
        let decimals: Vec<Decimal> = values.iter().map(|a| a.to_decimal()).collect();
        let raw: Vec<i128> = values.iter().map(|a| a.ore()).collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new("amount_checked_sum", n),
            &values,
            |b, v| b.iter(|| Amount::checked_sum(black_box(v).iter().copied())),
        );
        group.bench_with_input(BenchmarkId::new("decimal_add", n), &decimals, |b, v| {
            b.iter(|| black_box(v).iter().fold(Decimal::ZERO, |acc, d| acc + d));
        });
        group.bench_with_input(BenchmarkId::new("i128_baseline", n), &raw, |b, v| {
            b.iter(|| black_box(v).iter().sum::<i128>());
        });
    }
    group.finish();
}

criterion_group!(benches, sum);
criterion_main!(benches);
