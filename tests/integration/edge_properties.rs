//! Arbitrary values from the whole accepted range, edges included (the largest, the smallest,
//! zero, one öre), through every public arithmetic and formatting function and every
//! aggregation: an exact result or a typed error, never a panic.

use proptest::prelude::*;
use styrmodell::assess::{AssessmentMode, assess};
use styrmodell::steering::*;
use styrmodell::*;

const MAX_ORE: i128 = 922_337_203_685_477_580_799;
/// The largest mantissa a `Decimal` holds (2^96 − 1).
const DECIMAL_MANTISSA: i128 = 79_228_162_514_264_337_593_543_950_335;

fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        Just(MAX_ORE),
        Just(-MAX_ORE),
        Just(0),
        Just(1),
        Just(-1),
        -MAX_ORE..=MAX_ORE,
        -1_000_000_000i128..1_000_000_000,
    ]
    .prop_map(|ore| Amount::from_ore(ore).unwrap())
}

/// Decimals across the whole range: the ends, zero, the smallest step, and anything between.
fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        Just(Decimal::new(1, 28)),
        Just(Decimal::ONE),
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        (-DECIMAL_MANTISSA..=DECIMAL_MANTISSA, 0u32..=28)
            .prop_map(|(m, s)| Decimal::try_from_i128_with_scale(m, s).unwrap_or_default()),
    ]
}

fn rounding() -> impl Strategy<Value = Rounding> {
    prop::sample::select(vec![
        Rounding::HalfAwayFromZero,
        Rounding::HalfEven,
        Rounding::TowardZero,
        Rounding::AwayFromZero,
        Rounding::Floor,
        Rounding::Ceiling,
    ])
}

fn aggregation() -> impl Strategy<Value = Aggregation> {
    prop::sample::select(vec![
        Aggregation::Sum,
        Aggregation::Mean,
        Aggregation::Min,
        Aggregation::Max,
        Aggregation::Latest,
        Aggregation::WeightedMean("W".parse().unwrap()),
        Aggregation::NotAggregatable,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn amount_arithmetic_is_exact_or_an_overflow(a in amount(), b in amount(), factor in decimal(), r in rounding()) {
        let exact = a.ore() + b.ore();
        match a.checked_add(b) {
            Ok(sum) => prop_assert_eq!(sum.ore(), exact),
            Err(_) => prop_assert!(exact.abs() > MAX_ORE),
        }
        let exact = a.ore() - b.ore();
        match a.checked_sub(b) {
            Ok(difference) => prop_assert_eq!(difference.ore(), exact),
            Err(_) => prop_assert!(exact.abs() > MAX_ORE),
        }
        match Amount::checked_sum([a, b, a]) {
            Ok(sum) => prop_assert_eq!(sum.ore(), 2 * a.ore() + b.ore()),
            Err(_) => prop_assert!((2 * a.ore() + b.ore()).abs() > MAX_ORE),
        }
        if let Ok(product) = a.checked_mul(factor, r) {
            prop_assert!(product.ore().abs() <= MAX_ORE);
        }
        prop_assert_eq!(a.negated().negated(), a);
        prop_assert_eq!(a.abs().ore(), a.ore().abs());
    }

    #[test]
    fn amount_formatting_never_panics(a in amount(), decimals in 0u32..80, r in rounding()) {
        for scale in [Scale::Kr, Scale::Tkr, Scale::Mnkr] {
            let _ = a.scaled(scale, decimals, r);
            let text = a.report().scale(scale).decimals(decimals).to_string();
            prop_assert!(!text.is_empty());
            let format = ReportFormat::default().scale(scale).decimals(decimals).rounding(r);
            let text = format.format(a);
            let shown = text.rsplit_once(',').map_or(0, |(_, d)| d.len());
            prop_assert!(shown <= MAX_FORMAT_DECIMALS as usize);
        }
    }

    #[test]
    fn ratios_compare_and_print_or_give_typed_errors(
        n in decimal(), d in decimal(), m in decimal(), e in decimal(), percent in decimal(), decimals in 0u32..40,
    ) {
        let (Ok(a), Ok(b)) = (Ratio::new(n, d), Ratio::new(m, e)) else {
            prop_assert!(d.is_zero() || e.is_zero());
            return Ok(());
        };
        let _ = a.to_decimal();
        let _ = a.percent(decimals, Rounding::HalfAwayFromZero);
        let text = a.format_percent(decimals);
        prop_assert!(text.ends_with('%') || text == "–");
        let _ = a.cmp_value(b);
        let _ = a.cmp_percent(percent);
        let _ = Ratio::pooled([a, b]);
        for unit in [MeasureUnit::Percent, MeasureUnit::Count] {
            let _ = Measured::Share(a).as_number(&unit);
        }
    }

    #[test]
    fn thresholds_test_any_value_without_a_panic(
        target in decimal(), upper in decimal(), tolerance in decimal(), value in decimal(), previous in decimal(),
    ) {
        for comparator in [
            Comparator::Gt, Comparator::Ge, Comparator::Lt, Comparator::Le, Comparator::Eq,
            Comparator::Between, Comparator::ImproveOnPrevious,
        ] {
            let mut threshold = Threshold::new(comparator, target, MeasureUnit::Count)
                .with_tolerance(tolerance.abs());
            threshold.upper = Some(upper);
            for polarity in [Polarity::HigherIsBetter, Polarity::LowerIsBetter] {
                let _ = threshold.test(&Measured::Number(value), Some(&Measured::Number(previous)), polarity);
            }
        }
    }

    #[test]
    fn every_aggregation_gives_a_value_or_none(
        values in proptest::collection::vec(decimal(), 1..4),
        weights in proptest::collection::vec(decimal(), 4),
        aggregation in aggregation(),
        target in decimal(),
        tolerance in decimal(),
    ) {
        let model = model(&values, &weights, aggregation.clone(), target, tolerance.abs());
        let as_of = AsOf::end_of("2022-12".parse().unwrap());
        let assessment = assess(&model, None, "2022".parse().unwrap(), AssessmentMode::Final, as_of);
        let value = assessment.goals[0].indicators[0].value;
        // A sum is exact where it fits.
        if aggregation == Aggregation::Sum {
            let exact = values.iter().try_fold(Decimal::ZERO, |s, v| s.checked_add(*v));
            if let (Some(exact), Some(Measured::Number(found))) = (exact, value) {
                prop_assert_eq!(found, exact);
            }
        }
    }
}

/// A council with one unit per value, an indicator aggregated by `aggregation` from them, a
/// weights indicator, and a goal on it.
fn model(
    values: &[Decimal],
    weights: &[Decimal],
    aggregation: Aggregation,
    target: Decimal,
    tolerance: Decimal,
) -> SteeringModel {
    let mut units = vec![OrgUnit::new("KF", "KF", OrgUnitKind::Council).unwrap()];
    for i in 0..values.len() {
        units.push(
            OrgUnit::new(&format!("U{i}"), "Enhet", OrgUnitKind::Unit)
                .unwrap()
                .with_parent("KF")
                .unwrap(),
        );
    }
    let org = Organisation::from_units(units).unwrap();
    let year: Year = "2022".parse().unwrap();
    let threshold =
        Threshold::new(Comparator::Ge, target, MeasureUnit::Count).with_tolerance(tolerance);
    let indicator = Indicator::new(
        "I".parse().unwrap(),
        "I",
        MeasureUnit::Count,
        Polarity::HigherIsBetter,
    )
    .with_aggregation(aggregation)
    .with_target(year, threshold);
    let weights_indicator = Indicator::new(
        "W".parse().unwrap(),
        "W",
        MeasureUnit::Count,
        Polarity::Neutral,
    );
    let mut goal = Goal::new(
        "G".parse().unwrap(),
        "G",
        GoalLevel::Council,
        GoalKind::Operational,
        "KF".parse().unwrap(),
        (year, year),
    );
    goal.indicators = vec![IndicatorLink {
        indicator: "I".parse().unwrap(),
        threshold: None,
    }];
    let mut observations = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let unit: OrgUnitId = format!("U{i}").parse().unwrap();
        observations.push(Observation::of_unit(
            "I".parse().unwrap(),
            unit.clone(),
            year.into(),
            Measured::Number(*value),
        ));
        observations.push(Observation::of_unit(
            "W".parse().unwrap(),
            unit,
            year.into(),
            Measured::Number(weights[i]),
        ));
    }
    let parts = SteeringParts {
        goals: vec![goal],
        indicators: vec![indicator, weights_indicator],
        observations,
        ..SteeringParts::default()
    };
    SteeringModel::new(org, parts).unwrap()
}
