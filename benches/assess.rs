//! Assessing a steering model of 10 000 goals, 50 000 indicators and 1 000 000 observations
//! over 1 000 units (five levels): validation of the model, then the assessment of every goal.
#![allow(
    clippy::arithmetic_side_effects,
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::doc_markdown
)]

mod support;

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use styrmodell::Year;
use styrmodell::assess::{AssessmentMode, assess};
use styrmodell::steering::{ObservationPeriod, SteeringModel};

fn assessment(c: &mut Criterion) {
    let org = support::organisation();
    let parts = support::steering_parts(&org);
    let mut group = c.benchmark_group("assess");
    group.sample_size(10);
    group.bench_function("validate_model", |b| {
        b.iter_batched(
            || parts.clone(),
            |parts| SteeringModel::new(org.clone(), parts).unwrap(),
            criterion::BatchSize::LargeInput,
        );
    });
    let model = SteeringModel::new(org.clone(), parts).unwrap();
    let period = ObservationPeriod::Year(Year::new(2022).unwrap());
    let as_of = styrmodell::AsOf::end_of("2022-12".parse().unwrap());
    group.bench_function("assess_10k_goals_50k_indicators_1m_observations", |b| {
        b.iter(|| {
            assess(
                black_box(&model),
                None,
                period,
                AssessmentMode::Final,
                as_of,
            )
        });
    });
    group.finish();
}

criterion_group!(benches, assessment);
criterion_main!(benches);
