//! The steering model and its assessment on the demo municipality and small hand-made models.

use crate::closed_2022;
use styrmodell::assess::{AssessmentMode, assess, indicator_value};
use styrmodell::steering::*;
use styrmodell::*;

fn id<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().unwrap()
}

fn year() -> ObservationPeriod {
    id("2022")
}

#[test]
fn source_report_verdict_all_five_effect_goals_partly_fulfilled() {
    // The final report (§ 43): "Alla de fem effektmålen har delvis uppnåtts enligt
    // slutredovisningen." It gives figures for goals 4 and 5 only (80 %, 100 %) and states
    // for goal 5: "Systemet används inte av enheter i dagsläget, endast på nämndsnivå."
    let model = demo::steering_model().unwrap();
    let ledger = demo::ledger().unwrap();
    let assessment = assess(
        &model,
        Some(&ledger),
        year(),
        AssessmentMode::Final,
        closed_2022(),
    );
    for goal in ["EM1", "EM2", "EM3", "EM4", "EM5"] {
        let result = assessment.goal(&id(goal)).unwrap();
        assert_eq!(result.fulfilment(), Fulfilment::PartlyFulfilled, "{goal}");
        let manual = result.manual.as_ref().unwrap();
        assert_eq!(
            manual.decision.as_ref().unwrap().paragraph.as_deref(),
            Some("§ 43")
        );
        assert!(
            manual.motivation.starts_with("Projektet har resulterat i"),
            "{goal}"
        );
        // One success criterion each in the source's words (goal 5's in two parts).
        let criteria = model.goal(&id(goal)).unwrap().criteria.len();
        assert_eq!(criteria, if goal == "EM5" { 2 } else { 1 }, "{goal}");
    }
    // Without planning records for 2022, goals 1–4 cannot be computed: only judged by hand.
    for goal in ["EM1", "EM2", "EM3", "EM4"] {
        assert_eq!(
            assessment.goal(&id(goal)).unwrap().computed,
            Fulfilment::NotAssessed
        );
    }
    // Goal 5 as the source states it: no unit (0 of 14), every committee (4 of 4).
    let em5 = assessment.goal(&id("EM5")).unwrap();
    assert_eq!(em5.computed, Fulfilment::PartlyFulfilled);
    let trace = em5.trace.to_string();
    assert!(trace.contains("0 of 14 = 0 %"), "{trace}");
    assert!(
        trace.contains("4 of 4 = 100 % (pooled over 4 units), target = 100 %: met"),
        "{trace}"
    );
    assert!(trace.contains("endast på nämndsnivå"), "{trace}");
    let em3 = assessment.goal(&id("EM3")).unwrap();
    assert!(
        em3.manual
            .as_ref()
            .unwrap()
            .motivation
            .contains("koncernen")
    );
}

#[test]
fn council_goals_roll_up_from_committee_goals() {
    let model = demo::steering_model().unwrap();
    let ledger = demo::ledger().unwrap();
    let assessment = assess(
        &model,
        Some(&ledger),
        year(),
        AssessmentMode::Final,
        closed_2022(),
    );
    let kf2 = assessment.goal(&id("KF-2")).unwrap();
    assert_eq!(kf2.children.partly, 1);
    assert_eq!(kf2.fulfilment(), Fulfilment::PartlyFulfilled);
    let bsn = assessment.goal(&id("BSN-1")).unwrap();
    assert_eq!(bsn.indicators[0].trend, assess::Trend::Improving);
    // The financial goal is computed from the ledger, and agrees with the income statement.
    let fin = assessment.goal(&id("KF-FIN")).unwrap();
    let statement = finance::IncomeStatement::of(
        &ledger,
        &id("KF"),
        Measure::Outcome,
        PeriodRange::from(Year::new(2022).unwrap()),
    )
    .unwrap();
    let share = statement.result_share().unwrap().unwrap();
    assert_eq!(fin.indicators[0].value, Some(Measured::Share(share)));
    assert_eq!(fin.fulfilment(), Fulfilment::NotFulfilled);
    // Without a ledger, ledger indicators have no data.
    let without = assess(&model, None, year(), AssessmentMode::Final, closed_2022());
    assert_eq!(
        without.goal(&id("KF-FIN")).unwrap().fulfilment(),
        Fulfilment::NotAssessed
    );
}

/// A council with two units, an indicator in per cent and a goal on it.
fn two_units(
    aggregation: Aggregation,
    a: (u64, u64),
    b: (u64, u64),
    threshold: i64,
) -> SteeringModel {
    let org = Organisation::from_units(vec![
        OrgUnit::new("KF", "KF", OrgUnitKind::Council).unwrap(),
        OrgUnit::new("A", "A", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("KF")
            .unwrap(),
        OrgUnit::new("B", "B", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("KF")
            .unwrap(),
    ])
    .unwrap();
    let y = Year::new(2022).unwrap();
    let indicator = Indicator::new(
        id("I"),
        "Andel",
        MeasureUnit::Percent,
        Polarity::HigherIsBetter,
    )
    .with_aggregation(aggregation)
    .with_target(
        y,
        Threshold::new(
            Comparator::Gt,
            Decimal::from(threshold),
            MeasureUnit::Percent,
        ),
    );
    let mut goal = Goal::new(
        id("G"),
        "Mål",
        GoalLevel::Council,
        GoalKind::Operational,
        id("KF"),
        (y, y),
    );
    goal.indicators = vec![IndicatorLink {
        indicator: id("I"),
        threshold: None,
    }];
    let share = |(n, d)| Measured::Share(Ratio::of_counts(n, d).unwrap());
    let parts = SteeringParts {
        goals: vec![goal],
        indicators: vec![indicator],
        observations: vec![
            Observation::of_unit(id("I"), id("A"), year(), share(a)),
            Observation::of_unit(id("I"), id("B"), year(), share(b)),
        ],
        ..SteeringParts::default()
    };
    SteeringModel::new(org, parts).unwrap()
}

#[test]
fn pooled_share_is_used_unless_the_indicator_declares_the_mean() {
    // A: 9 of 10 = 90 %, B: 10 of 100 = 10 %. Mean of percentages 50 %; pooled 19/110 ≈ 17 %.
    let pooled = two_units(Aggregation::PooledRatio, (9, 10), (10, 100), 40);
    let result = assess(&pooled, None, year(), AssessmentMode::Final, closed_2022());
    let goal = result.goal(&id("G")).unwrap();
    assert_eq!(
        goal.indicators[0].value,
        Some(Measured::Share(Ratio::of_counts(19, 110).unwrap()))
    );
    assert_eq!(goal.indicators[0].result, TestResult::NotMet);
    let mean = two_units(Aggregation::Mean, (9, 10), (10, 100), 40);
    let result = assess(&mean, None, year(), AssessmentMode::Final, closed_2022());
    let goal = result.goal(&id("G")).unwrap();
    assert_eq!(
        goal.indicators[0].value,
        Some(Measured::Number(Decimal::from(50)))
    );
    assert_eq!(goal.indicators[0].result, TestResult::Met);
}

#[test]
fn a_units_own_value_is_never_overwritten() {
    let mut model = two_units(Aggregation::Mean, (1, 2), (1, 2), 0)
        .parts()
        .clone();
    let org = Organisation::from_units(vec![
        OrgUnit::new("KF", "KF", OrgUnitKind::Council).unwrap(),
        OrgUnit::new("A", "A", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("KF")
            .unwrap(),
        OrgUnit::new("B", "B", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("KF")
            .unwrap(),
    ])
    .unwrap();
    model.indicators[0].unit = MeasureUnit::Count;
    model.indicators[0].aggregation = Aggregation::Sum;
    model.indicators[0].targets.clear();
    model.observations = vec![
        Observation::of_unit(id("I"), id("A"), year(), Measured::Number(Decimal::from(3))),
        Observation::of_unit(id("I"), id("B"), year(), Measured::Number(Decimal::from(4))),
    ];
    let summed = SteeringModel::new(org.clone(), model.clone()).unwrap();
    let value = indicator_value(
        &summed,
        None,
        &id("I"),
        &id("KF"),
        year(),
        AssessmentMode::Final,
        closed_2022(),
    )
    .unwrap()
    .0;
    assert_eq!(value, Some(Measured::Number(Decimal::from(7))));
    model.observations.push(Observation::of_unit(
        id("I"),
        id("KF"),
        year(),
        Measured::Number(Decimal::from(10)),
    ));
    let entered = SteeringModel::new(org, model).unwrap();
    let value = indicator_value(
        &entered,
        None,
        &id("I"),
        &id("KF"),
        year(),
        AssessmentMode::Final,
        closed_2022(),
    )
    .unwrap()
    .0;
    assert_eq!(value, Some(Measured::Number(Decimal::from(10))));
}

#[test]
fn assignments_overdue_and_counted_by_status() {
    let model = demo::steering_model().unwrap();
    let date = NaiveDate::from_ymd_opt(2022, 9, 30).unwrap();
    let all = model.assignment_counts(&id("KF"), true, date).unwrap();
    assert_eq!(all.by_status.values().sum::<usize>(), 5);
    assert_eq!(all.by_status[&AssignmentStatus::Delayed], 1);
    assert_eq!(all.by_status[&AssignmentStatus::Cancelled], 1);
    assert_eq!(
        all.overdue,
        vec![id::<AssignmentId>("U-2022-01"), id("U-2022-04")]
    );
    let own = model.assignment_counts(&id("KF"), false, date).unwrap();
    assert!(own.by_status.is_empty());
    let sn = model.assignment_counts(&id("SN"), true, date).unwrap();
    assert_eq!(sn.by_status[&AssignmentStatus::NotStarted], 1);
    let end = model
        .assignment_counts(
            &id("KS"),
            false,
            NaiveDate::from_ymd_opt(2022, 12, 31).unwrap(),
        )
        .unwrap();
    assert_eq!(end.by_status[&AssignmentStatus::Completed], 1);
}

#[test]
fn lint_finds_the_gaps() {
    let model = demo::steering_model().unwrap();
    let warnings = model.lint(
        Year::new(2022).unwrap(),
        NaiveDate::from_ymd_opt(2022, 9, 30).unwrap(),
    );
    assert!(warnings.contains(&Warning::IndicatorWithoutBaseline {
        indicator: id("FIN-RESULTAT")
    }));
    assert!(warnings.contains(&Warning::StaleAssignment {
        assignment: id("U-2022-04"),
        due: NaiveDate::from_ymd_opt(2022, 5, 31).unwrap(),
        last_update: None,
    }));
    // U-2022-01 is overdue but was followed up in August: not stale.
    assert!(!warnings.iter().any(|w| matches!(w, Warning::StaleAssignment { assignment, .. } if assignment.as_str() == "U-2022-01")));
    let mut parts = model.parts().clone();
    parts.goals[0].indicators.clear();
    parts.goals.push(Goal::new(
        id("EFF"),
        "Effekt",
        GoalLevel::Unit,
        GoalKind::Effect,
        id("KS"),
        (Year::new(2022).unwrap(), Year::new(2022).unwrap()),
    ));
    let gappy = SteeringModel::new(model.organisation().clone(), parts).unwrap();
    let warnings = gappy.lint(
        Year::new(2022).unwrap(),
        NaiveDate::from_ymd_opt(2022, 9, 30).unwrap(),
    );
    assert!(warnings.contains(&Warning::GoalWithoutMeasure { goal: id("EFF") }));
    assert!(warnings.contains(&Warning::EffectGoalWithoutDeadline { goal: id("EFF") }));
    // Indicators only used by criteria carry no yearly target, and need none.
    assert!(!warnings.iter().any(|w| matches!(w, Warning::IndicatorWithoutTarget { indicator, .. } if indicator.as_str() == "EM4-CHEFER")));
}

#[test]
fn serde_round_trip_of_the_whole_model() {
    let model = demo::steering_model().unwrap();
    let json = serde_json::to_string(&model).unwrap();
    let back: SteeringModel = serde_json::from_str(&json).unwrap();
    assert_eq!(back, model);
}

#[test]
fn peer_comparison_on_kolada_values() {
    use compare::{Bands, TrafficLight, rank};
    let model = demo::steering_model().unwrap();
    let values: Vec<(MunicipalityCode, Option<Decimal>)> = model
        .parts()
        .observations
        .iter()
        .filter(|o| o.indicator.as_str() == "N15419")
        .filter_map(|o| match (&o.subject, o.reading) {
            (Subject::Municipality(code), Reading::Value(Measured::Number(v))) => {
                Some((*code, Some(v)))
            }
            _ => None,
        })
        .collect();
    let ranked = rank(&values, Polarity::HigherIsBetter, Bands::default());
    let order: Vec<String> = ranked.iter().map(|r| r.municipality.to_string()).collect();
    assert_eq!(order, ["0180", "9999", "0188", "0191"]);
    assert_eq!(ranked[0].colour, Some(TrafficLight::Green));
    assert_eq!(ranked[1].colour, Some(TrafficLight::Yellow));
    assert_eq!(ranked[3].colour, Some(TrafficLight::Red));
}

mod bad_input {
    use super::*;

    fn rejected(edit: impl FnOnce(&mut SteeringParts)) -> SteeringErrors {
        let model = demo::steering_model().unwrap();
        let mut parts = model.parts().clone();
        edit(&mut parts);
        SteeringModel::new(model.organisation().clone(), parts).unwrap_err()
    }

    fn assert_names(errors: &SteeringErrors, needle: &str) {
        assert!(
            errors.to_string().contains(needle),
            "{needle} not in {errors}"
        );
    }

    #[test]
    fn unknown_unit() {
        let errors = rejected(|p| p.goals[0].owner = id("GHOST"));
        assert!(
            matches!(&errors.0[0], SteeringError::UnknownUnit { unit, .. } if unit.as_str() == "GHOST")
        );
        assert_names(&errors, "goal KF-1 owner names unknown org unit GHOST");
    }

    #[test]
    fn unknown_indicator() {
        let errors = rejected(|p| p.goals[0].indicators[0].indicator = id("NOPE"));
        assert!(
            matches!(&errors.0[0], SteeringError::UnknownIndicator { indicator, .. } if indicator.as_str() == "NOPE")
        );
        assert_names(&errors, "NOPE");
    }

    #[test]
    fn unknown_goal() {
        let errors = rejected(|p| p.goals[3].contributes_to = vec![id("KF-99")]);
        assert!(
            matches!(&errors.0[0], SteeringError::UnknownGoal { goal, .. } if goal.as_str() == "KF-99")
        );
        assert_names(&errors, "KF-99");
    }

    #[test]
    fn contribution_cycle() {
        let errors = rejected(|p| p.goals[0].contributes_to = vec![id("BSN-1")]);
        assert!(matches!(&errors.0[0], SteeringError::Cycle { goals } if goals.len() == 2));
        assert_names(&errors, "KF-1");
        assert_names(&errors, "BSN-1");
    }

    #[test]
    fn threshold_in_the_wrong_unit() {
        let errors = rejected(|p| {
            p.goals[0].indicators[0].threshold = Some(Threshold::new(
                Comparator::Gt,
                Decimal::ONE,
                MeasureUnit::Sek,
            ));
        });
        assert!(
            matches!(&errors.0[0], SteeringError::ThresholdUnit { indicator, .. } if indicator.as_str() == "N15419")
        );
        assert_names(&errors, "N15419");
    }

    #[test]
    fn duplicate_ids_and_other_references() {
        let errors = rejected(|p| {
            let copy = p.goals[0].clone();
            p.goals.push(copy);
            p.goals[1].area = Some(id("NOWHERE"));
            p.goals[2].valid = (Year::new(2023).unwrap(), Year::new(2022).unwrap());
            p.overrides[0].motivation = "  ".into();
            p.observations[0].indicator = id("MISSING");
        });
        let text = errors.to_string();
        for needle in [
            "duplicate goal id KF-1",
            "unknown goal area NOWHERE",
            "KF-FIN is valid from 2023",
            "EM1",
            "MISSING",
        ] {
            assert!(text.contains(needle), "{needle} not in {text}");
        }
        assert!(
            errors
                .0
                .iter()
                .any(|e| matches!(e, SteeringError::MissingMotivation { .. }))
        );
    }

    #[test]
    fn json_with_a_broken_reference_is_rejected() {
        let model = demo::steering_model().unwrap();
        let json = serde_json::to_string(&model)
            .unwrap()
            .replace("\"owner\":\"BSN\"", "\"owner\":\"BSN-GONE\"");
        let err = serde_json::from_str::<SteeringModel>(&json).unwrap_err();
        assert!(err.to_string().contains("BSN-GONE"), "{err}");
    }
}

#[test]
fn plain_numbers_are_not_pooled() {
    // 90 and 10 entered as plain numbers: pooling needs numerator and denominator, so the
    // value is refused, not a mean presented as "pooled".
    let mut model = two_units(Aggregation::PooledRatio, (9, 10), (1, 10), 40)
        .parts()
        .clone();
    model.observations = vec![
        Observation::of_unit(
            id("I"),
            id("A"),
            year(),
            Measured::Number(Decimal::from(90)),
        ),
        Observation::of_unit(
            id("I"),
            id("B"),
            year(),
            Measured::Number(Decimal::from(10)),
        ),
    ];
    let org = two_units(Aggregation::Mean, (1, 2), (1, 2), 0)
        .organisation()
        .clone();
    let model = SteeringModel::new(org, model).unwrap();
    let (value, why) = indicator_value(
        &model,
        None,
        &id("I"),
        &id("KF"),
        year(),
        AssessmentMode::Final,
        closed_2022(),
    )
    .unwrap();
    assert_eq!(value, None);
    assert!(why.to_string().contains("cannot pool"), "{why}");
}

#[test]
fn validation_refuses_misfit_values_aggregations_and_a_second_manual_assessment() {
    let base = two_units(Aggregation::Mean, (1, 2), (1, 2), 0);
    let org = base.organisation().clone();
    // A sum of percentages.
    let mut parts = base.parts().clone();
    parts.indicators[0].aggregation = Aggregation::Sum;
    let err = SteeringModel::new(org.clone(), parts).unwrap_err();
    assert!(
        err.to_string()
            .contains("a sum cannot combine values measured in per cent"),
        "{err}"
    );
    // A yes/no for a percentage.
    let mut parts = base.parts().clone();
    parts.observations[0].reading = Reading::Value(Measured::YesNo(true));
    let err = SteeringModel::new(org.clone(), parts).unwrap_err();
    assert!(
        err.to_string().contains(
            "observation 1: indicator I is measured in per cent, but the value is a yes/no"
        ),
        "{err}"
    );
    // Two manual assessments of one goal and year.
    let mut parts = base.parts().clone();
    let manual = Override {
        goal: id("G"),
        period: year(),
        fulfilment: Fulfilment::Fulfilled,
        motivation: "Beslutat".into(),
        by: "KF".into(),
        date: NaiveDate::from_ymd_opt(2023, 1, 10).unwrap(),
        decision: None,
    };
    parts.overrides = vec![manual.clone(), manual];
    let err = SteeringModel::new(org, parts).unwrap_err();
    assert!(
        err.to_string().contains("more than one manual assessment"),
        "{err}"
    );
}

#[test]
fn a_unit_without_an_answer_is_missing_and_the_goal_policy_decides() {
    let model = demo::steering_model().unwrap();
    let mut parts = model.parts().clone();
    // "The whole group uses the system": two of the three companies answered yes, the
    // associated energy company did not answer.
    parts.indicators.push(
        Indicator::new(
            id("KONCERN-SYSTEM"),
            "Bolag som använder systemet",
            MeasureUnit::Percent,
            Polarity::HigherIsBetter,
        )
        .with_source(IndicatorSource::ShareOfUnits(OrgUnitKind::Company)),
    );
    for company in ["VATTEN", "BOSTAD"] {
        parts.observations.push(Observation::of_unit(
            id("KONCERN-SYSTEM"),
            id(company),
            year(),
            Measured::YesNo(true),
        ));
    }
    let model = SteeringModel::new(model.organisation().clone(), parts).unwrap();
    let (value, why) = indicator_value(
        &model,
        None,
        &id("KONCERN-SYSTEM"),
        &id("KONCERN"),
        year(),
        AssessmentMode::Final,
        closed_2022(),
    )
    .unwrap();
    assert_eq!(value, None, "not counted as a no");
    assert!(
        why.to_string()
            .contains("1 of 3 units of kind company did not answer (ENERGI)"),
        "{why}"
    );
    assert!(
        why.text(report::render::Lang::Sv)
            .contains("1 av 3 enheter av typen bolag har inte svarat (ENERGI)"),
        "{why}"
    );
}

#[test]
fn units_within_budget_counts_from_the_ledger_and_a_missing_budget_is_no_data() {
    // The council with units A and B.
    let org = two_units(Aggregation::Mean, (1, 2), (1, 2), 0)
        .organisation()
        .clone();
    let fact = |unit: &str, layer, kronor| {
        Fact::new(
            id(unit),
            id("5011"),
            id("2022-03"),
            layer,
            Amount::from_kronor(kronor),
        )
    };
    let ledger = |facts: Vec<Fact>| {
        let chart = Chart::kommun_bas().with_account(id("5011"), "Löner");
        let mut builder = Ledger::builder(
            org.clone(),
            chart,
            PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap(),
        );
        builder.extend(facts);
        builder.build().unwrap()
    };
    let indicator = Indicator::new(
        id("I"),
        "Inom budget",
        MeasureUnit::Percent,
        Polarity::HigherIsBetter,
    )
    .with_source(IndicatorSource::UnitsWithinBudget(OrgUnitKind::Unit));
    let model = SteeringModel::new(
        org.clone(),
        SteeringParts {
            indicators: vec![indicator],
            ..SteeringParts::default()
        },
    )
    .unwrap();
    let value = |ledger: &Ledger| {
        indicator_value(
            &model,
            Some(ledger),
            &id("I"),
            &id("KF"),
            year(),
            AssessmentMode::Final,
            closed_2022(),
        )
        .unwrap()
    };
    // A spends 90 of 100, B 120 of 100: one of two within budget.
    let both = ledger(vec![
        fact("A", Layer::ORIGINAL_BUDGET, 100),
        fact("A", Layer::Outcome, 90),
        fact("B", Layer::ORIGINAL_BUDGET, 100),
        fact("B", Layer::Outcome, 120),
    ]);
    let (found, why) = value(&both);
    assert_eq!(
        found,
        Some(Measured::Share(Ratio::of_counts(1, 2).unwrap())),
        "{why}"
    );
    assert!(why.to_string().contains("within: A; over: B"), "{why}");
    // Without a budget for B its share is not known: no data, not "within".
    let (found, why) = value(&ledger(vec![
        fact("A", Layer::ORIGINAL_BUDGET, 100),
        fact("A", Layer::Outcome, 90),
        fact("B", Layer::Outcome, 120),
    ]));
    assert_eq!(found, None);
    assert!(why.to_string().contains("no budget for B"), "{why}");
}

/// A second observation of the same indicator, subject, period and gender is refused at its
/// own position; the same one for another gender, period or subject is not a duplicate.
#[test]
fn duplicate_observations_are_refused_at_the_later_position() {
    let model = demo::steering_model().unwrap();
    let mut parts = model.parts().clone();
    let count = parts.observations.len();
    let unit_one = parts
        .observations
        .iter()
        .find(|o| matches!(o.subject, Subject::Unit(_)) && o.gender == Gender::Total)
        .unwrap()
        .clone();
    let municipal = parts
        .observations
        .iter()
        .find(|o| matches!(o.subject, Subject::Municipality(_)))
        .unwrap()
        .clone();
    let mut other_gender = unit_one.clone();
    other_gender.gender = Gender::Women;
    let mut other_period = unit_one.clone();
    other_period.period = ObservationPeriod::Year(Year::new(1999).unwrap());
    let already_women = parts.observations.iter().any(|o| {
        o.indicator == other_gender.indicator
            && o.subject == other_gender.subject
            && o.period == other_gender.period
            && o.gender == Gender::Women
    });
    assert!(!already_women, "the demo has no women's value for this one");
    parts.observations.extend([
        unit_one.clone(), // count + 1: duplicate
        other_gender,     // count + 2: new
        other_period,     // count + 3: new
        municipal,        // count + 4: duplicate
        unit_one,         // count + 5: duplicate again
    ]);
    let errors = SteeringModel::new(model.organisation().clone(), parts).unwrap_err();
    let positions: Vec<usize> = errors
        .0
        .iter()
        .map(|e| match e {
            SteeringError::DuplicateObservation { position, .. } => *position,
            other => panic!("only duplicates expected, got {other}"),
        })
        .collect();
    assert_eq!(positions, vec![count + 1, count + 4, count + 5]);
}
