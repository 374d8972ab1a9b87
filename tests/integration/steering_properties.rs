//! Laws of assessment: pooled shares at every node, monotone results, order independence,
//! serde round-trips.

use crate::closed_2022;
use proptest::prelude::*;
use styrmodell::assess::{AssessmentMode, assess, indicator_value};
use styrmodell::steering::*;
use styrmodell::*;

fn year() -> ObservationPeriod {
    "2022".parse().unwrap()
}

/// Shares observed at the leaves of a generated organisation.
fn leaf_shares() -> impl Strategy<Value = (Organisation, Vec<(usize, u64, u64)>)> {
    strategy::organisation(80).prop_flat_map(|org| {
        let n = org.len();
        (
            Just(org),
            proptest::collection::vec((0..n, 0u64..50, 1u64..50), 0..60),
        )
    })
}

fn model_with(
    org: Organisation,
    indicators: Vec<Indicator>,
    goals: Vec<Goal>,
    observations: Vec<Observation>,
) -> SteeringModel {
    let parts = SteeringParts {
        goals,
        indicators,
        observations,
        ..SteeringParts::default()
    };
    SteeringModel::new(org, parts).unwrap()
}

/// A goal on the root over `k` percent indicators, with generated thresholds, rule and values.
fn scored_model() -> impl Strategy<Value = (SteeringModel, usize)> {
    let rule = prop_oneof![
        Just(FulfilmentRule::All),
        Just(FulfilmentRule::Any),
        Just(FulfilmentRule::Majority),
        Just(FulfilmentRule::WorstOf),
        Just(FulfilmentRule::Share {
            fulfilled: Ratio::of_counts(2, 3).unwrap(),
            partly: Ratio::of_counts(1, 3).unwrap()
        }),
    ];
    let indicator = (
        0i64..100,
        any::<bool>(),
        0i64..10,
        prop_oneof![
            Just(Polarity::HigherIsBetter),
            Just(Polarity::LowerIsBetter)
        ],
    );
    (
        strategy::organisation(30),
        proptest::collection::vec(indicator, 1..4),
        rule,
        proptest::collection::vec((0usize..30, 0usize..4, 0u64..100), 1..40),
    )
        .prop_map(|(org, specs, rule, values)| {
            let y = Year::new(2022).unwrap();
            let indicators: Vec<Indicator> = specs
                .iter()
                .enumerate()
                .map(|(i, (target, strict, tolerance, polarity))| {
                    let comparator = match (polarity, strict) {
                        (Polarity::HigherIsBetter, true) => Comparator::Gt,
                        (Polarity::HigherIsBetter, false) => Comparator::Ge,
                        (_, true) => Comparator::Lt,
                        (_, false) => Comparator::Le,
                    };
                    let threshold =
                        Threshold::new(comparator, Decimal::from(*target), MeasureUnit::Count)
                            .with_tolerance(Decimal::from(*tolerance));
                    Indicator::new(
                        format!("I{i}").parse().unwrap(),
                        "I",
                        MeasureUnit::Count,
                        *polarity,
                    )
                    .with_aggregation(Aggregation::Sum)
                    .with_target(y, threshold)
                })
                .collect();
            let root = org.root().id.clone();
            let mut goal = Goal::new(
                "G".parse().unwrap(),
                "G",
                GoalLevel::Council,
                GoalKind::Operational,
                root,
                (y, y),
            );
            goal.rule = rule;
            goal.indicators = indicators
                .iter()
                .map(|i| IndicatorLink {
                    indicator: i.id.clone(),
                    threshold: None,
                })
                .collect();
            let mut seen = std::collections::HashSet::new();
            let observations: Vec<Observation> = values
                .into_iter()
                .filter_map(|(unit, indicator, value)| {
                    let unit = org.units().get(unit % org.len())?.id.clone();
                    let indicator = indicators.get(indicator % indicators.len())?.id.clone();
                    seen.insert((unit.clone(), indicator.clone())).then(|| {
                        Observation::of_unit(
                            indicator,
                            unit,
                            year(),
                            Measured::Number(Decimal::from(value)),
                        )
                    })
                })
                .collect();
            let count = observations.len();
            (model_with(org, indicators, vec![goal], observations), count)
        })
}

fn rank(f: Fulfilment) -> u8 {
    match f {
        Fulfilment::NotFulfilled => 0,
        Fulfilment::PartlyFulfilled => 1,
        Fulfilment::Fulfilled => 2,
        Fulfilment::NotAssessed => 3,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn pooled_ratios_equal_the_ratio_of_summed_parts_at_every_node((org, shares) in leaf_shares()) {
        let leaves: Vec<usize> = (0..org.len()).filter(|&i| org.children(&org.units()[i].id).unwrap().is_empty()).collect();
        prop_assume!(!leaves.is_empty());
        let mut seen = std::collections::HashSet::new();
        let mut observations = Vec::new();
        let mut parts_of = vec![None; org.len()];
        for (pick, numerator, denominator) in shares {
            let leaf = leaves[pick % leaves.len()];
            if !seen.insert(leaf) {
                continue;
            }
            parts_of[leaf] = Some((numerator, denominator));
            let share = Measured::Share(Ratio::of_counts(numerator, denominator).unwrap());
            observations.push(Observation::of_unit("P".parse().unwrap(), org.units()[leaf].id.clone(), year(), share));
        }
        let indicator = Indicator::new("P".parse().unwrap(), "P", MeasureUnit::Percent, Polarity::HigherIsBetter);
        let model = model_with(org.clone(), vec![indicator], vec![], observations);
        for unit in org.units() {
            let (value, _) = indicator_value(&model, None, &"P".parse().unwrap(), &unit.id, year(), AssessmentMode::Final, closed_2022()).unwrap();
            let (mut n, mut d) = (0u64, 0u64);
            for member in org.subtree(&unit.id).unwrap() {
                if let Some((num, den)) = parts_of[org.index_of(member.id.as_str()).unwrap().get()] {
                    n += num;
                    d += den;
                }
            }
            let expected = Ratio::of_counts(n, d);
            match (value, expected) {
                (Some(Measured::Share(share)), Some(expected)) => prop_assert_eq!(share.cmp_value(expected).unwrap(), std::cmp::Ordering::Equal),
                (None, None) => {}
                (value, expected) => prop_assert!(false, "{:?} vs {:?}", value, expected),
            }
        }
    }

    #[test]
    fn improving_a_value_never_lowers_results((model, count) in scored_model(), pick in any::<prop::sample::Index>(), step in 1u64..50) {
        prop_assume!(count > 0);
        let before = assess(&model, None, year(), AssessmentMode::Final, closed_2022());
        let mut parts = model.parts().clone();
        let at = pick.index(count);
        let indicator = model.indicator(&parts.observations[at].indicator).unwrap().clone();
        if let Reading::Value(Measured::Number(value)) = parts.observations[at].reading {
            let delta = Decimal::from(step);
            let better = if indicator.polarity == Polarity::LowerIsBetter { value - delta } else { value + delta };
            parts.observations[at].reading = Reading::Value(Measured::Number(better));
        }
        let improved = SteeringModel::new(model.organisation().clone(), parts).unwrap();
        let after = assess(&improved, None, year(), AssessmentMode::Final, closed_2022());
        let (old, new) = (&before.goals[0], &after.goals[0]);
        for (a, b) in old.indicators.iter().zip(&new.indicators) {
            if a.result != TestResult::NoData && b.result != TestResult::NoData {
                prop_assert!(b.result >= a.result, "{} {:?} -> {:?}", a.indicator, a.result, b.result);
            }
        }
        if old.computed != Fulfilment::NotAssessed && new.computed != Fulfilment::NotAssessed {
            prop_assert!(rank(new.computed) >= rank(old.computed));
        }
    }

    #[test]
    fn assessment_does_not_depend_on_input_order(
        (model, _) in scored_model(),
        seed in any::<usize>(),
    ) {
        let mut parts = model.parts().clone();
        // Reverse or rotate the observations and indicators by the seed.
        let shift = seed % parts.observations.len().max(1);
        parts.observations.rotate_left(shift);
        parts.observations.reverse();
        parts.indicators.reverse();
        let reordered = SteeringModel::new(model.organisation().clone(), parts).unwrap();
        let a = assess(&model, None, year(), AssessmentMode::Final, closed_2022());
        let b = assess(&reordered, None, year(), AssessmentMode::Final, closed_2022());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn serde_round_trip_of_generated_models((model, _) in scored_model()) {
        let json = serde_json::to_string(&model).unwrap();
        let back: SteeringModel = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, model);
    }
}

#[test]
fn goal_order_in_the_input_does_not_change_the_assessment() {
    let model = demo::steering_model().unwrap();
    let mut parts = model.parts().clone();
    parts.goals.reverse();
    parts.observations.reverse();
    let reversed = SteeringModel::new(model.organisation().clone(), parts).unwrap();
    let a = assess(&model, None, year(), AssessmentMode::Final, closed_2022());
    let b = assess(
        &reversed,
        None,
        year(),
        AssessmentMode::Final,
        closed_2022(),
    );
    for goal in &a.goals {
        assert_eq!(goal, b.goal(&goal.goal).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Observations drawn again (any of the demo's, any number of times, in any order) are
    /// refused exactly where a set of (indicator, subject, period, gender) seen so far in
    /// order would find them again.
    #[test]
    fn duplicate_observations_are_the_repeats_in_order(
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..40),
        keep in proptest::collection::vec(any::<bool>(), 0..200),
    ) {
        let model = demo::steering_model().unwrap();
        let all = model.parts().observations.clone();
        let mut parts = model.parts().clone();
        // A subset of the demo's own (no repeats among them), then the drawn ones.
        parts.observations = all
            .iter()
            .zip(keep.iter().chain(std::iter::repeat(&true)))
            .filter(|(_, kept)| **kept)
            .map(|(o, _)| o.clone())
            .collect();
        parts.observations.extend(picks.iter().map(|i| i.get(&all).clone()));
        let mut seen = std::collections::HashSet::new();
        let expected: Vec<usize> = parts
            .observations
            .iter()
            .enumerate()
            .filter(|(_, o)| !seen.insert((o.indicator.clone(), o.subject.clone(), o.period, o.gender)))
            .map(|(n, _)| n + 1)
            .collect();
        let found: Vec<usize> = match SteeringModel::new(model.organisation().clone(), parts) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .0
                .iter()
                .map(|e| match e {
                    SteeringError::DuplicateObservation { position, .. } => *position,
                    other => panic!("only duplicates expected, got {other}"),
                })
                .collect(),
        };
        prop_assert_eq!(found, expected);
    }
}
