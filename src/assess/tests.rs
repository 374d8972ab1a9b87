use super::*;

fn states(list: &[Fulfilment]) -> Vec<(String, Fulfilment)> {
    list.iter()
        .enumerate()
        .map(|(i, s)| (format!("C{}", i.saturating_add(1)), *s))
        .collect()
}

fn judged(rule: &FulfilmentRule, missing: MissingPolicy, list: &[Fulfilment]) -> Fulfilment {
    judge(rule, missing, &states(list), &mut Trace::default())
}

use Fulfilment::{Fulfilled as F, NotAssessed as X, NotFulfilled as N, PartlyFulfilled as P};

#[test]
fn rules() {
    let ignore = MissingPolicy::Ignore;
    assert_eq!(judged(&FulfilmentRule::All, ignore, &[F, F]), F);
    assert_eq!(judged(&FulfilmentRule::All, ignore, &[F, N]), P);
    assert_eq!(judged(&FulfilmentRule::All, ignore, &[N, N]), N);
    assert_eq!(judged(&FulfilmentRule::Any, ignore, &[N, F]), F);
    assert_eq!(judged(&FulfilmentRule::Any, ignore, &[N, P]), P);
    assert_eq!(judged(&FulfilmentRule::Majority, ignore, &[F, F, N]), F);
    assert_eq!(judged(&FulfilmentRule::Majority, ignore, &[F, N, N]), N);
    assert_eq!(judged(&FulfilmentRule::Majority, ignore, &[F, P, N]), P);
    assert_eq!(judged(&FulfilmentRule::WorstOf, ignore, &[F, P, F]), P);
    let thirds = FulfilmentRule::Share {
        fulfilled: Ratio::of_counts(2, 3).unwrap(),
        partly: Ratio::of_counts(1, 3).unwrap(),
    };
    assert_eq!(judged(&thirds, ignore, &[F, F, N]), F);
    assert_eq!(judged(&thirds, ignore, &[F, N]), P);
    assert_eq!(judged(&thirds, ignore, &[F, N, N]), P);
    assert_eq!(judged(&thirds, ignore, &[P, N, N]), N);
    let weighted = FulfilmentRule::Weighted {
        weights: vec![("C1".into(), 3)],
        fulfilled: Ratio::of_counts(3, 4).unwrap(),
        partly: Ratio::of_counts(1, 2).unwrap(),
    };
    assert_eq!(judged(&weighted, ignore, &[F, N]), F);
    assert_eq!(judged(&weighted, ignore, &[N, F]), N);
    assert_eq!(judged(&weighted, ignore, &[P, F]), P);
    assert_eq!(judged(&FulfilmentRule::Manual, ignore, &[F]), X);
}

#[test]
fn missing_data_policies() {
    assert_eq!(
        judged(&FulfilmentRule::All, MissingPolicy::Ignore, &[F, X]),
        F
    );
    assert_eq!(
        judged(&FulfilmentRule::All, MissingPolicy::CountAsNotMet, &[F, X]),
        P
    );
    assert_eq!(
        judged(
            &FulfilmentRule::WorstOf,
            MissingPolicy::CountAsPartly,
            &[F, X]
        ),
        P
    );
    assert_eq!(
        judged(&FulfilmentRule::All, MissingPolicy::Block, &[F, X]),
        X
    );
    assert_eq!(judged(&FulfilmentRule::All, MissingPolicy::Ignore, &[X]), X);
}

#[test]
fn trend_and_progress_follow_polarity() {
    use crate::steering::{Indicator, MeasureUnit};
    let number = |n: i64| Measured::Number(Decimal::from(n));
    let mut indicator = Indicator::new(
        "I".parse().unwrap(),
        "I",
        MeasureUnit::Days,
        Polarity::LowerIsBetter,
    );
    assert_eq!(
        trend(&indicator, Some(&number(5)), Some(&number(7))),
        Trend::Improving
    );
    assert_eq!(
        trend(&indicator, Some(&number(8)), Some(&number(7))),
        Trend::Worsening
    );
    indicator.unchanged_band = Decimal::ONE;
    assert_eq!(
        trend(&indicator, Some(&number(8)), Some(&number(7))),
        Trend::Unchanged
    );
    assert_eq!(trend(&indicator, None, Some(&number(7))), Trend::NoData);
    let target = Threshold::new(
        crate::steering::Comparator::Le,
        Decimal::from(10),
        MeasureUnit::Days,
    );
    // From a baseline of 20 days toward 10: 15 days is half way; 5 days is clamped to 1.
    assert_eq!(
        progress(
            &indicator,
            Some(&number(15)),
            Some(&number(20)),
            Some(&target)
        ),
        Some(Decimal::new(5, 1))
    );
    assert_eq!(
        progress(
            &indicator,
            Some(&number(5)),
            Some(&number(20)),
            Some(&target)
        ),
        Some(Decimal::ONE)
    );
    assert_eq!(
        progress(
            &indicator,
            Some(&number(25)),
            Some(&number(20)),
            Some(&target)
        ),
        Some(Decimal::ZERO)
    );
}
