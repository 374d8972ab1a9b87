//! Carrying 10 M facts across three reorganisations: 100 merges, 100 splits (half of them with
//! an account rule) and a committee merger with 50 closures, from the organisation of 2022 onto
//! that of 2025. Prints the cost per fact.
#![allow(
    clippy::arithmetic_side_effects,
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::doc_markdown
)]

mod support;

use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use styrmodell::reorg::{Change, OrgHistory, Reorganisation, Selector, SplitPart, SplitRule};
use styrmodell::{Decimal, DecisionRef, NaiveDate, OrgUnit, OrgUnitId, OrgUnitKind, Organisation};

fn id(text: &str) -> OrgUnitId {
    text.parse().unwrap()
}

fn day(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 1, 1).unwrap()
}

fn reorganisation(y: i32, changes: Vec<Change>) -> Reorganisation {
    Reorganisation {
        date: day(y),
        decision: DecisionRef::new(id("U0"), day(y - 1)),
        changes,
    }
}

fn new_unit(name: &str, parent: &OrgUnitId) -> OrgUnit {
    OrgUnit::new(name, name, OrgUnitKind::Unit)
        .unwrap()
        .with_parent(parent.as_str())
        .unwrap()
}

/// The three reorganisations, on 2023-01-01, 2024-01-01 and 2025-01-01.
fn history(org: &Organisation) -> OrgHistory {
    let parent = |i: usize| org.get(&format!("U{i}")).unwrap().parent.clone().unwrap();
    let mut history = OrgHistory::new(day(2021), org.clone());
    // 2023: units U251, U253, ... merge into U250, U252, ...
    let merges = (0..100)
        .map(|k| Change::Merge {
            units: vec![id(&format!("U{}", 251 + 2 * k))],
            into: id(&format!("U{}", 250 + 2 * k)),
        })
        .collect();
    history.reorganise(reorganisation(2023, merges)).unwrap();
    // 2024: units U500..U599 split 70/30, every other one with salaries by rule.
    let mut splits = Vec::new();
    for i in 500..600 {
        let (a, b) = (format!("S{i}A"), format!("S{i}B"));
        splits.push(Change::Create {
            unit: new_unit(&a, &parent(i)),
        });
        splits.push(Change::Create {
            unit: new_unit(&b, &parent(i)),
        });
        let rules = if i % 2 == 0 {
            vec![SplitRule {
                selector: Selector::Accounts {
                    first: "5000".parse().unwrap(),
                    last: "5999".parse().unwrap(),
                },
                unit: id(&b),
            }]
        } else {
            Vec::new()
        };
        splits.push(Change::Split {
            unit: id(&format!("U{i}")),
            parts: vec![
                SplitPart {
                    unit: id(&a),
                    share: Decimal::new(7, 1),
                },
                SplitPart {
                    unit: id(&b),
                    share: Decimal::new(3, 1),
                },
            ],
            rules,
        });
    }
    history.reorganise(reorganisation(2024, splits)).unwrap();
    // 2025: committees U1 and U2 merge into a new one; units U900..U949 close.
    let mut changes = vec![
        Change::Create {
            unit: OrgUnit::new("N1", "Ny nämnd", OrgUnitKind::Committee)
                .unwrap()
                .with_parent("U0")
                .unwrap(),
        },
        Change::Merge {
            units: vec![id("U1"), id("U2")],
            into: id("N1"),
        },
    ];
    changes.extend((900..950).map(|i| Change::Close {
        unit: id(&format!("U{i}")),
    }));
    history.reorganise(reorganisation(2025, changes)).unwrap();
    history
}

fn carry(c: &mut Criterion) {
    let org = support::organisation();
    let n = 10_000_000usize;
    let ledger = support::ledger_of(&org, n);
    let history = history(&org);
    let mapping = history
        .mapping(NaiveDate::from_ymd_opt(2022, 12, 31).unwrap(), day(2025))
        .unwrap();
    let mut group = c.benchmark_group("reorg");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("carry_10M_facts_3_reorganisations", |b| {
        b.iter(|| mapping.carry_ledger(black_box(&ledger)).unwrap());
    });
    group.finish();
    let started = std::time::Instant::now();
    let carried = mapping.carry_ledger(&ledger).unwrap();
    let elapsed = started.elapsed();
    eprintln!(
        "carried {n} facts as {} facts on {} units ({} contributions from changed units) in {:.0} ms: {:.1} ns a fact",
        carried.ledger.len(),
        carried.ledger.organisation().len(),
        carried.contributions.len(),
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e9 / n as f64
    );
}

criterion_group!(benches, carry);
criterion_main!(benches);
