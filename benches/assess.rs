//! Assessing a steering model of 10 000 goals, 50 000 indicators and 1 000 000 observations
//! over 1 000 units (five levels): validation of the model, then the assessment of every goal.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::doc_markdown
)]

mod support;

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use styrmodell::assess::{AssessmentMode, assess};
use styrmodell::steering::{
    Aggregation, Comparator, FulfilmentRule, Goal, GoalKind, GoalLevel, Indicator, IndicatorLink,
    MeasureUnit, Measured, Observation, ObservationPeriod, Polarity, SteeringModel, SteeringParts,
    Threshold,
};
use styrmodell::{Decimal, Ratio, Year};

const GOALS: usize = 10_000;
const INDICATORS: usize = 50_000;
const OBSERVATIONS_PER_INDICATOR: usize = 20;

fn parts(org: &styrmodell::Organisation) -> SteeringParts {
    let mut rng = support::Lcg::new(7);
    let year = Year::new(2022).unwrap();
    let period = ObservationPeriod::Year(year);
    let ids: Vec<String> = org.units().iter().map(|u| u.id.to_string()).collect();
    let indicators: Vec<Indicator> = (0..INDICATORS)
        .map(|i| {
            let percent = i % 2 == 0;
            let (unit, aggregation) = if percent {
                (MeasureUnit::Percent, Aggregation::PooledRatio)
            } else {
                (MeasureUnit::Count, Aggregation::Sum)
            };
            let threshold = Threshold::new(Comparator::Ge, Decimal::from(50), unit.clone())
                .with_tolerance(Decimal::from(10));
            Indicator::new(
                format!("I{i}").parse().unwrap(),
                "indikator",
                unit,
                Polarity::HigherIsBetter,
            )
            .with_aggregation(aggregation)
            .with_target(year, threshold)
        })
        .collect();
    let mut observations = Vec::with_capacity(INDICATORS * OBSERVATIONS_PER_INDICATOR);
    for (i, indicator) in indicators.iter().enumerate() {
        // Twenty distinct units per indicator, spread over the whole tree.
        let first = (rng.next() % 1000) as usize;
        for k in 0..OBSERVATIONS_PER_INDICATOR {
            let unit = &ids[(first + k * 37) % ids.len()];
            let value = if i % 2 == 0 {
                Measured::Share(Ratio::of_counts(rng.next() % 100, 100).unwrap())
            } else {
                Measured::Number(Decimal::from(rng.next() % 10))
            };
            observations.push(Observation::of_unit(
                indicator.id.clone(),
                unit.parse().unwrap(),
                period,
                value,
            ));
        }
    }
    let goals: Vec<Goal> = (0..GOALS)
        .map(|g| {
            let owner = ids[(rng.next() % 250) as usize].parse().unwrap();
            let mut goal = Goal::new(
                format!("G{g}").parse().unwrap(),
                "mål",
                GoalLevel::Committee,
                GoalKind::Operational,
                owner,
                (year, year),
            );
            goal.indicators = (0..5)
                .map(|k| IndicatorLink {
                    indicator: indicators[g * 5 + k].id.clone(),
                    threshold: None,
                })
                .collect();
            goal.rule = FulfilmentRule::Majority;
            if g >= 100 {
                goal.contributes_to = vec![format!("G{}", g % 100).parse().unwrap()];
            }
            goal
        })
        .collect();
    SteeringParts {
        goals,
        indicators,
        observations,
        ..SteeringParts::default()
    }
}

fn assessment(c: &mut Criterion) {
    let org = support::organisation();
    let parts = parts(&org);
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
    group.bench_function("assess_10k_goals_50k_indicators_1m_observations", |b| {
        b.iter(|| assess(black_box(&model), None, period, AssessmentMode::Final));
    });
    group.finish();
}

criterion_group!(benches, assessment);
criterion_main!(benches);
