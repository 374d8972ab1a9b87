#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use super::*;
use crate::amount::Amount;
use crate::demo;
use crate::ledger::{Fact, Layer, Ledger};
use crate::period::PlanHorizon;
use crate::period::Year;
use crate::steering::{Aggregation, MeasureUnit, Polarity, Reading};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn id(text: &str) -> OrgUnitId {
    text.parse().unwrap()
}

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn reorganisation(date: NaiveDate, changes: Vec<Change>) -> Reorganisation {
    Reorganisation {
        date,
        decision: DecisionRef::new(id("KF"), date),
        changes,
    }
}

fn demo_history() -> OrgHistory {
    demo::org_history().unwrap()
}

#[test]
fn the_demo_reorganisation_changes_the_tree_from_its_date() {
    let history = demo_history();
    let before = history.organisation_at(day(2022, 12, 31)).unwrap();
    let after = history.organisation_at(day(2023, 1, 1)).unwrap();
    assert!(before.get("BSN").is_some() && before.get("BUKN").is_none());
    assert!(
        after.get("BSN").is_none() && after.get("KFN").is_none() && after.get("TF-FAST").is_none()
    );
    // The merged committees' administrations move under the new committee.
    assert_eq!(after.get("BUF").unwrap().parent, Some(id("BUKN")));
    assert_eq!(after.get("KFF").unwrap().parent, Some(id("BUKN")));
    assert_eq!(after.len(), before.len() - 3 + 3);
    assert_eq!(
        history.validity("BSN"),
        Some(Validity {
            from: day(2019, 1, 1),
            until: Some(day(2022, 12, 31))
        })
    );
    assert_eq!(
        history.validity("BUKN"),
        Some(Validity {
            from: day(2023, 1, 1),
            until: None
        })
    );
    assert_eq!(history.validity("NOPE"), None);
    assert_eq!(
        history
            .reorganisations_between(day(2022, 12, 31), day(2023, 1, 1))
            .len(),
        1
    );
    assert!(
        history
            .reorganisations_between(day(2023, 1, 1), day(2024, 1, 1))
            .is_empty()
    );
    assert!(matches!(
        history.organisation_at(day(2018, 12, 31)),
        Err(ReorgError::BeforeStart { .. })
    ));
}

#[test]
fn bad_reorganisations_are_refused_and_leave_the_history_unchanged() {
    let mut history = demo_history();
    let before = history.clone();
    let unit = |i: &str, parent: &str| {
        OrgUnit::new(i, "Ny", crate::org::OrgUnitKind::Unit)
            .unwrap()
            .with_parent(parent)
            .unwrap()
    };
    let cases: Vec<(Reorganisation, &str)> = vec![
        (reorganisation(day(2022, 1, 1), vec![]), "not after"),
        (
            reorganisation(
                day(2024, 1, 1),
                vec![Change::Create {
                    unit: unit("BSN", "KF"),
                }],
            ),
            "never reused",
        ),
        (
            reorganisation(day(2024, 1, 1), vec![Change::Close { unit: id("BSN") }]),
            "does not exist then",
        ),
        (
            reorganisation(day(2024, 1, 1), vec![Change::Close { unit: id("KSK") }]),
            "still has children",
        ),
        (
            reorganisation(
                day(2024, 1, 1),
                vec![Change::Close {
                    unit: id("KONCERN"),
                }],
            ),
            "still has children",
        ),
        (
            reorganisation(
                day(2024, 1, 1),
                vec![Change::Split {
                    unit: id("TF-GATA"),
                    parts: vec![
                        SplitPart {
                            unit: id("TF-LOKAL"),
                            share: Decimal::new(5, 1),
                        },
                        SplitPart {
                            unit: id("KSK-FAST"),
                            share: Decimal::new(4, 1),
                        },
                    ],
                    rules: vec![],
                }],
            ),
            "sum to 0.9, not 1",
        ),
        (
            reorganisation(
                day(2024, 1, 1),
                vec![Change::Move {
                    unit: id("KF"),
                    parent: id("BUF"),
                }],
            ),
            "not a valid tree",
        ),
        (
            reorganisation(
                day(2024, 1, 1),
                vec![Change::Merge {
                    units: vec![id("BUKN")],
                    into: id("BUF"),
                }],
            ),
            "lies below it",
        ),
    ];
    for (bad, expected) in cases {
        let err = history.reorganise(bad).unwrap_err();
        assert!(
            err.to_string().contains(expected),
            "{err} should say {expected:?}"
        );
        assert_eq!(history, before);
    }
}

#[test]
fn placing_a_fact_outside_a_units_validity_names_both() {
    let history = demo_history();
    assert!(
        history
            .check_placement("fact 1", &id("BSN"), month("2022-12"), month("2022-12"))
            .is_ok()
    );
    let err = history
        .check_placement("fact 1", &id("BSN"), month("2023-02"), month("2023-02"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "fact 1 in 2023-02 is placed on BSN, which exists 2019-01-01–2022-12-31 only"
    );
    let fact = Fact::new(
        id("BUKN"),
        "5011".parse().unwrap(),
        month("2022-06"),
        Layer::Outcome,
        Amount::from_kronor(1),
    );
    let errors = history.check_facts([&fact]);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .to_string()
            .contains("BUKN, which exists from 2023-01-01 only")
    );
}

#[test]
fn unit_texts_are_read_by_the_organisation_of_their_month() {
    let history = demo_history();
    assert_eq!(history.unit_on("200", month("2022-12")).unwrap(), id("BSN"));
    assert_eq!(history.unit_on("BSN", month("2022-12")).unwrap(), id("BSN"));
    assert_eq!(
        history.unit_on("250", month("2023-01")).unwrap(),
        id("BUKN")
    );
    let err = history
        .unit_on("200", month("2023-01"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("BSN Barn- och skolnämnden, which exists 2019-01-01–2022-12-31"),
        "{err}"
    );
    let (valid, retired) = history.unit_objects(month("2023-01"), month("2023-12"));
    assert_eq!(valid["40300"], id("TF-LOKAL"));
    assert!(
        !valid.contains_key("40200"),
        "TF-FAST's code is not valid in 2023"
    );
    assert!(retired["40200"].contains("TF-FAST"));
}

/// A ledger of the demo's 2022 organisation with the facts given.
fn ledger_2022(facts: Vec<Fact>) -> Ledger {
    let mut builder = Ledger::builder(
        demo::organisation().unwrap(),
        demo::chart().unwrap(),
        PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap(),
    );
    builder.extend(facts);
    builder.build().unwrap()
}

fn fact(unit: &str, account: &str, ore: i128) -> Fact {
    Fact::new(
        id(unit),
        account.parse().unwrap(),
        month("2022-03"),
        Layer::Outcome,
        Amount::from_ore(ore).unwrap(),
    )
}

#[test]
fn a_split_divides_each_fact_exactly_by_rules_then_shares() {
    let history = demo_history();
    let mapping = history.mapping(day(2022, 12, 31), day(2023, 1, 1)).unwrap();
    // Worked by hand: 6010 (premises rents) goes wholly to KSK-FAST by the rule; 100,01 kr on
    // 5011 is 60 % = 60,006 kr and 40 % = 40,004 kr: 60,00 and 40,00 kr rounded down, and the
    // öre left goes to the larger remainder (0,6 öre against 0,4 öre), KSK-FAST.
    let ledger = ledger_2022(vec![
        fact("TF-FAST", "6010", 100_000),
        fact("TF-FAST", "5011", 10_001),
        fact("BSN", "5011", 500),
        fact("KFN", "5011", 250),
        fact("GRS-NORR", "5011", 7),
    ]);
    let carried = mapping.carry_ledger(&ledger).unwrap();
    let got: Vec<(String, String, i128)> = carried
        .ledger
        .facts()
        .map(|f| (f.unit.to_string(), f.account.to_string(), f.amount.ore()))
        .collect();
    let want = [
        ("KSK-FAST", "6010", 100_000),
        ("KSK-FAST", "5011", 6_001),
        ("TF-LOKAL", "5011", 4_000),
        ("BUKN", "5011", 500),
        ("BUKN", "5011", 250),
        ("GRS-NORR", "5011", 7),
    ];
    let want: Vec<(String, String, i128)> = want
        .iter()
        .map(|(u, a, o)| ((*u).to_owned(), (*a).to_owned(), *o))
        .collect();
    assert_eq!(got, want);
    assert_eq!(carried.ledger.organisation(), mapping.target());
    let from_fast: Vec<(&str, i128)> = carried
        .contributions
        .iter()
        .filter(|c| c.source.as_str() == "TF-FAST")
        .map(|c| (c.target.as_str(), c.amount.ore()))
        .collect();
    assert_eq!(from_fast, [("KSK-FAST", 106_001), ("TF-LOKAL", 4_000)]);
    assert!(
        carried
            .contributions
            .iter()
            .all(|c| c.source.as_str() != "GRS-NORR")
    );
    // The route says the same in shares.
    let route = mapping
        .route(&id("TF-FAST"), "5011".parse().unwrap(), None)
        .unwrap();
    assert_eq!(route.to_string(), "KSK-FAST × 0.6, TF-LOKAL × 0.4");
    assert_eq!(
        mapping.possible_targets(&id("TF-FAST")),
        [id("KSK-FAST"), id("TF-LOKAL")]
    );
    assert_eq!(
        mapping.changed_units(),
        [id("BSN"), id("TF-FAST"), id("KFN")]
    );
    let sources: Vec<OrgUnitId> = mapping
        .sources_of("BUKN")
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    assert_eq!(sources, [id("BSN"), id("KFN")]);
}

#[test]
fn mapping_onto_the_same_date_is_the_identity_and_backwards_is_refused() {
    let history = demo_history();
    let ledger = demo::ledger().unwrap();
    let mapping = history
        .mapping(day(2022, 6, 30), day(2022, 12, 31))
        .unwrap();
    assert!(mapping.is_identity());
    assert_eq!(mapping.carry_ledger(&ledger).unwrap().ledger, ledger);
    assert!(matches!(
        history.mapping(day(2023, 1, 1), day(2022, 12, 31)),
        Err(ReorgError::Backwards { .. })
    ));
    let later = history.mapping(day(2023, 1, 1), day(2023, 6, 1)).unwrap();
    assert!(matches!(
        later.carry_ledger(&ledger),
        Err(ReorgError::OrganisationMismatch { .. })
    ));
}

fn indicator(
    code: &str,
    unit: MeasureUnit,
    aggregation: Aggregation,
) -> crate::steering::Indicator {
    crate::steering::Indicator {
        aggregation,
        ..crate::steering::Indicator::new(
            code.parse().unwrap(),
            code,
            unit,
            Polarity::HigherIsBetter,
        )
    }
}

#[test]
fn observations_follow_the_mapping_by_their_aggregation() {
    use crate::ratio::Ratio;
    use crate::steering::{Measured, Observation, ObservationPeriod};
    let history = demo_history();
    let mapping = history.mapping(day(2022, 12, 31), day(2023, 1, 1)).unwrap();
    let year = ObservationPeriod::Year(Year::new(2022).unwrap());
    let obs = |code: &str, unit: &str, value: Measured| {
        Observation::of_unit(code.parse().unwrap(), id(unit), year, value)
    };
    let share = |n: i64, d: i64| Measured::Share(Ratio::new(n.into(), d.into()).unwrap());
    let indicators = [
        indicator("COUNT", MeasureUnit::Count, Aggregation::Sum),
        indicator("SHARE", MeasureUnit::Percent, Aggregation::PooledRatio),
        indicator("PLAN", MeasureUnit::Count, Aggregation::NotAggregatable),
    ];
    let observations = [
        obs("COUNT", "TF-FAST", Measured::Number(Decimal::new(10, 0))),
        obs("COUNT", "BSN", Measured::Number(Decimal::new(3, 0))),
        obs("COUNT", "KFN", Measured::Number(Decimal::new(2, 0))),
        obs("SHARE", "BSN", share(3, 4)),
        obs("SHARE", "KFN", share(1, 4)),
        obs("PLAN", "BSN", Measured::YesNo(true)),
        obs("PLAN", "KFN", Measured::YesNo(false)),
        obs("PLAN", "GRS-NORR", Measured::YesNo(true)),
    ];
    let carried = mapping
        .carry_observations(&observations, &indicators)
        .unwrap();
    let value = |code: &str, unit: &str| {
        carried
            .observations
            .iter()
            .find(|o| {
                o.indicator.as_str() == code
                    && o.subject == crate::steering::Subject::Unit(id(unit))
            })
            .map(|o| o.reading)
    };
    // Counts: a split divides by the shares (10 × 0,6 and 10 × 0,4), a merge sums.
    assert_eq!(
        value("COUNT", "KSK-FAST"),
        Some(Reading::Value(Measured::Number(Decimal::new(6, 0))))
    );
    assert_eq!(
        value("COUNT", "TF-LOKAL"),
        Some(Reading::Value(Measured::Number(Decimal::new(4, 0))))
    );
    assert_eq!(
        value("COUNT", "BUKN"),
        Some(Reading::Value(Measured::Number(Decimal::new(5, 0))))
    );
    // Shares pool: 3 of 4 and 1 of 4 are 4 of 8.
    assert_eq!(value("SHARE", "BUKN"), Some(Reading::Value(share(4, 8))));
    // A yes and a no do not make one unit's answer: nothing is invented.
    assert_eq!(value("PLAN", "BUKN"), None);
    assert_eq!(
        value("PLAN", "GRS-NORR"),
        Some(Reading::Value(Measured::YesNo(true)))
    );
    assert_eq!(carried.not_combined.len(), 1);
    assert_eq!(carried.not_combined[0].target, id("BUKN"));
}

#[test]
fn a_history_reads_back_from_json_and_checks_again() {
    let history = demo_history();
    let json = serde_json::to_string(&history).unwrap();
    let back: OrgHistory = serde_json::from_str(&json).unwrap();
    assert_eq!(back, history);
    // The same document with a change that reuses an id is refused when read.
    let bad = json.replace("\"BUKN\",\"name\"", "\"BSN\",\"name\"");
    assert_ne!(bad, json);
    let err = serde_json::from_str::<OrgHistory>(&bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("ids are never reused"), "{err}");
}

#[test]
fn goals_and_assignments_that_outlive_their_unit_are_found() {
    let history = demo_history();
    let model = demo::steering_model().unwrap();
    assert!(
        history.check_model(&model).is_empty(),
        "the 2022 model fits 2022"
    );
    let mut parts = model.parts().clone();
    let goal = parts
        .goals
        .iter_mut()
        .find(|g| g.owner.as_str() == "BSN")
        .unwrap();
    let goal_id = goal.id.clone();
    goal.valid = (Year::new(2022).unwrap(), Year::new(2024).unwrap());
    let assignment = parts
        .assignments
        .iter_mut()
        .find(|a| a.assignee.as_str() == "BSN");
    let assignment = assignment.unwrap();
    let mut late = assignment.history.last().unwrap().clone();
    late.date = day(2023, 2, 1);
    assignment.history.push(late);
    let assignment_id = assignment.id.clone();
    let changed = crate::steering::SteeringModel::new(model.organisation().clone(), parts).unwrap();
    let problems: Vec<String> = history
        .check_model(&changed)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            format!(
                "goal {goal_id} in 2022-01–2024-12 is placed on BSN, which exists 2019-01-01–2022-12-31 only"
            ),
            format!(
                "assignment {assignment_id} in 2023-02-01 is placed on BSN, which exists 2019-01-01–2022-12-31 only"
            ),
        ]
    );
}

#[test]
fn share_of_units_counts_the_units_of_the_later_organisation() {
    use crate::steering::{Comparator, Measured, Observation, ObservationPeriod, Threshold};
    let history = demo_history();
    let mapping = history.mapping(day(2022, 12, 31), day(2023, 1, 1)).unwrap();
    let meets = Threshold::new(Comparator::Ge, Decimal::ONE, MeasureUnit::Count);
    let plans = indicator("PLAN", MeasureUnit::Count, Aggregation::ShareMeeting(meets));
    let year = ObservationPeriod::Year(Year::new(2022).unwrap());
    let has_plan = |unit: &str, yes: bool| {
        Observation::of_unit(plans.id.clone(), id(unit), year, Measured::YesNo(yes))
    };
    // 2022: BSN and KFN have plans, TF-FAST has one, TF-GATA has none: 3 of 4 units.
    let observations = [
        has_plan("BSN", true),
        has_plan("KFN", true),
        has_plan("TF-FAST", true),
        has_plan("TF-GATA", false),
    ];
    let carried = mapping.carry_observations(&observations, &[plans]).unwrap();
    let counted: Vec<(&str, bool)> = carried
        .observations
        .iter()
        .map(|o| match (&o.subject, o.reading) {
            (crate::steering::Subject::Unit(u), Reading::Value(Measured::YesNo(yes))) => {
                (u.as_str(), yes)
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    // In 2023's shape the merged committee counts once and the split unit's two successors
    // count each: 3 of 4 units again, but not the same units.
    assert_eq!(
        counted,
        [
            ("BUKN", true),
            ("KSK-FAST", true),
            ("TF-GATA", false),
            ("TF-LOKAL", true)
        ]
    );
}

#[test]
fn a_history_past_its_limit_is_refused() {
    let mut history = demo_history();
    let before = history.clone();
    // The demo's two organisations hold 37 units each; a third would make 111.
    let rename = Change::Rename {
        unit: id("KF"),
        name: "Fullmäktige".to_owned(),
    };
    let err = history
        .reorganise_within(reorganisation(day(2024, 1, 1), vec![rename]), 100)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the organisation history would hold 111 units over its reorganisations, more than 100"
    );
    assert_eq!(history, before);
}
