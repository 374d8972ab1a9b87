//! Assessing a steering model of 10 000 goals, 50 000 indicators and 1 000 000 observations
//! over 1 000 units (five levels): validation of the model, then the assessment of every goal
//! (a model's first, which also groups its observations for later ones, and a later one).
//! And 100 financial goals computed from a ledger of 1 000 000 facts, one per unit of the
//! upper levels: the roll-ups are made once per run and shared by every goal.
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
    // A model's first assessment also groups its observations for every later one.
    group.bench_function("first_assessment_of_a_model", |b| {
        b.iter_batched(
            || SteeringModel::new(org.clone(), model.parts().clone()).unwrap(),
            |fresh| {
                // The assessment is dropped within the time, as in the benchmark below; the
                // model after it.
                black_box(assess(
                    black_box(&fresh),
                    None,
                    period,
                    AssessmentMode::Final,
                    as_of,
                ));
                fresh
            },
            criterion::BatchSize::LargeInput,
        );
    });
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

fn ledger_goals(c: &mut Criterion) {
    use styrmodell::steering::{
        Goal, GoalKind, GoalLevel, Indicator, IndicatorLink, IndicatorSource, LedgerFormula,
        MeasureUnit, Polarity, SteeringParts,
    };
    let org = support::organisation();
    let ledger = support::ledger_of(&org, 1_000_000);
    let year = Year::new(2022).unwrap();
    let indicator = Indicator::new(
        "RESULTAT".parse().unwrap(),
        "Resultatandel",
        MeasureUnit::Percent,
        Polarity::HigherIsBetter,
    )
    .with_source(IndicatorSource::Ledger(LedgerFormula::result_share()));
    let goals = org
        .units()
        .iter()
        .take(100)
        .enumerate()
        .map(|(i, unit)| {
            let mut goal = Goal::new(
                format!("FIN{i}").parse().unwrap(),
                "Resultatet",
                GoalLevel::Council,
                GoalKind::Financial,
                unit.id.clone(),
                (year, year),
            );
            goal.indicators = vec![IndicatorLink {
                indicator: indicator.id.clone(),
                threshold: None,
            }];
            goal
        })
        .collect();
    let parts = SteeringParts {
        goals,
        indicators: vec![indicator],
        ..SteeringParts::default()
    };
    let model = SteeringModel::new(org.clone(), parts).unwrap();
    let as_of = styrmodell::AsOf::end_of("2022-12".parse().unwrap());
    let period = ObservationPeriod::Year(year);
    let mut group = c.benchmark_group("assess");
    group.sample_size(10);
    group.bench_function("assess_100_ledger_goals_1m_facts", |b| {
        b.iter(|| {
            assess(
                black_box(&model),
                Some(&ledger),
                period,
                AssessmentMode::Final,
                as_of,
            )
        });
    });
    group.finish();
}

/// Assessment time against model size: 2 500, 10 000 and 40 000 goals (five indicators a
/// goal, twenty observations an indicator). Throughput per goal should stay flat.
fn scaling(c: &mut Criterion) {
    let org = support::organisation();
    let period = ObservationPeriod::Year(Year::new(2022).unwrap());
    let as_of = styrmodell::AsOf::end_of("2022-12".parse().unwrap());
    let mut group = c.benchmark_group("assess_scaling");
    group.sample_size(10);
    for goals in [2_500, 10_000, 40_000] {
        let model =
            SteeringModel::new(org.clone(), support::steering_parts_sized(&org, goals)).unwrap();
        group.throughput(criterion::Throughput::Elements(goals as u64));
        group.bench_with_input(
            criterion::BenchmarkId::from_parameter(goals),
            &model,
            |b, model| {
                b.iter(|| assess(black_box(model), None, period, AssessmentMode::Final, as_of));
            },
        );
    }
    group.finish();
}

/// 20 000 goals with 200 000 manual assessments (bedömningar): ten periods a goal, the year
/// assessed among them, so every goal finds its own among all of them.
fn overrides(c: &mut Criterion) {
    use styrmodell::steering::{Fulfilment, Override};
    let org = support::organisation();
    let year = Year::new(2022).unwrap();
    let mut parts = support::steering_parts_sized(&org, 20_000);
    let periods: Vec<ObservationPeriod> = std::iter::once(ObservationPeriod::Year(year))
        .chain(year.months().months().take(9).map(ObservationPeriod::Month))
        .collect();
    parts.overrides = parts
        .goals
        .iter()
        .flat_map(|goal| {
            periods.iter().map(|&period| Override {
                goal: goal.id.clone(),
                period,
                fulfilment: Fulfilment::PartlyFulfilled,
                motivation: "Nämndens bedömning".to_owned(),
                by: "nämnden".to_owned(),
                date: styrmodell::NaiveDate::from_ymd_opt(2022, 12, 1).unwrap(),
                decision: None,
            })
        })
        .collect();
    assert_eq!(parts.overrides.len(), 200_000);
    let model = SteeringModel::new(org, parts).unwrap();
    let as_of = styrmodell::AsOf::end_of("2022-12".parse().unwrap());
    let once = assess(
        &model,
        None,
        ObservationPeriod::Year(year),
        AssessmentMode::Final,
        as_of,
    );
    assert!(
        once.goals.iter().all(|g| g
            .manual
            .as_ref()
            .is_some_and(|o| o.period == ObservationPeriod::Year(year))),
        "every goal finds its manual assessment for the year"
    );
    let mut group = c.benchmark_group("assess");
    group.sample_size(10);
    group.bench_function("assess_20k_goals_200k_overrides", |b| {
        b.iter(|| {
            assess(
                black_box(&model),
                None,
                ObservationPeriod::Year(year),
                AssessmentMode::Final,
                as_of,
            )
        });
    });
    group.finish();
}

criterion_group!(benches, assessment, ledger_goals, scaling, overrides);
criterion_main!(benches);
