//! Building a ledger and rolling it up at 100 k, 1 M and 10 M facts: 1 000 units in five
//! levels, 200 accounts, 12 months, 3 layers. The i128 baseline sums the same amounts per unit
//! with no ledger at all, as a floor.
#![allow(
    clippy::arithmetic_side_effects,
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::doc_markdown
)]

mod support;

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use styrmodell::{AccountGrouping, Measure, PeriodRange, Year};

/// The organisation, chart and lookup tables the generated rows are built against.
struct Fixture {
    org: styrmodell::Organisation,
    chart: styrmodell::Chart,
    units: Vec<styrmodell::UnitIndex>,
    codes: Vec<styrmodell::AccountCode>,
    months: Vec<styrmodell::Month>,
    year: PeriodRange,
}

impl Fixture {
    fn new() -> Fixture {
        let org = support::organisation();
        Fixture {
            chart: support::chart(),
            units: support::unit_indices(&org),
            codes: support::account_codes(),
            months: support::months(),
            year: PeriodRange::from(Year::new(2022).unwrap()),
            org,
        }
    }

    fn build(&self, rows: &[support::Row]) -> styrmodell::Ledger {
        support::build(
            &self.org,
            &self.chart,
            &self.units,
            &self.codes,
            &self.months,
            rows,
        )
    }
}

fn ledger(c: &mut Criterion) {
    let fixture = Fixture::new();
    let Fixture {
        org,
        chart,
        units,
        codes,
        months,
        year,
    } = &fixture;
    let year = *year;
    let mut group = c.benchmark_group("ledger");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000, 10_000_000] {
        let rows = support::rows(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("build", n), &rows, |b, rows| {
            b.iter(|| fixture.build(black_box(rows)));
        });
        let built = fixture.build(&rows);
        eprintln!(
            "{n} facts: columns {} MB, compact facts {} MB",
            built.column_bytes() / 1_000_000,
            n * 16 / 1_000_000
        );
        group.bench_with_input(BenchmarkId::new("roll_up", n), &built, |b, ledger| {
            b.iter(|| {
                let cube = ledger.roll_up(AccountGrouping::All, year);
                cube.subtotals(Measure::Outcome, None, year).unwrap()
            });
        });
        let revised = support::build_with_revision(org, chart, units, codes, months, &rows);
        group.bench_with_input(
            BenchmarkId::new("roll_up_current_budget_two_revisions", n),
            &revised,
            |b, ledger| {
                b.iter(|| {
                    let cube = ledger.roll_up(AccountGrouping::All, year);
                    cube.subtotals(Measure::Budget(styrmodell::BudgetRule::Current), None, year)
                        .unwrap()
                });
            },
        );
        group.bench_with_input(
            BenchmarkId::new("build_and_roll_up", n),
            &rows,
            |b, rows| {
                b.iter(|| {
                    let ledger = fixture.build(black_box(rows));
                    let cube = ledger.roll_up(AccountGrouping::All, year);
                    cube.subtotals(Measure::Outcome, None, year).unwrap()
                });
            },
        );
        group.bench_with_input(BenchmarkId::new("i128_baseline", n), &rows, |b, rows| {
            b.iter(|| {
                let mut per_unit = vec![0i128; 1000];
                for row in black_box(rows) {
                    per_unit[row.unit as usize] += i128::from(row.ore);
                }
                per_unit
            });
        });
    }
    group.finish();
}

/// The roll-up's cost per fact at 1 M, 10 M and 50 M facts, best of five at each size: flat
/// when nothing grows faster than the facts.
fn roll_up_scaling(_: &mut Criterion) {
    // Runs with the whole bench or when asked for by name, not beside other filters.
    let mut filters = std::env::args().skip(1).filter(|a| !a.starts_with('-'));
    if filters.any(|a| !"roll_up_scaling".contains(a.as_str())) {
        return;
    }
    let fixture = Fixture::new();
    let year = fixture.year;
    for n in [1_000_000usize, 10_000_000, 50_000_000] {
        let ledger = fixture.build(&support::rows(n));
        let best = (0..5)
            .map(|_| {
                let start = std::time::Instant::now();
                let cube = ledger.roll_up(AccountGrouping::All, year);
                black_box(cube.subtotals(Measure::Outcome, None, year).unwrap());
                start.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min);
        println!(
            "roll-up scaling, {n} facts: best {:.1} ms = {:.2} ns a fact",
            best * 1e3,
            best * 1e9 / f64::from(u32::try_from(n).unwrap())
        );
    }
}

criterion_group!(benches, ledger, roll_up_scaling);
criterion_main!(benches);
