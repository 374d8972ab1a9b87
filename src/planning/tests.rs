//! Unit tests of the planning records, worked by hand.
#![allow(clippy::cast_possible_truncation, clippy::arithmetic_side_effects)]

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::amount::Amount;
use crate::as_of::AsOf;
use crate::org::{OrgUnit, OrgUnitKind, Organisation};
use crate::period::{Month, Year};
use crate::periodise::PeriodisationKey;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn kr(text: &str) -> Amount {
    text.parse().unwrap()
}

/// KF – SN (committee) – ALD (department) – HEM, BO (units); KF – TN (committee).
fn org() -> Organisation {
    Organisation::builder()
        .unit(OrgUnit::new("KF", "Kommunfullmäktige", OrgUnitKind::Council).unwrap())
        .unit(
            OrgUnit::new("SN", "Socialnämnden", OrgUnitKind::Committee)
                .unwrap()
                .with_parent("KF")
                .unwrap(),
        )
        .unit(
            OrgUnit::new("ALD", "Äldreomsorg", OrgUnitKind::Department)
                .unwrap()
                .with_parent("SN")
                .unwrap(),
        )
        .unit(
            OrgUnit::new("HEM", "Hemtjänst", OrgUnitKind::Unit)
                .unwrap()
                .with_parent("ALD")
                .unwrap(),
        )
        .unit(
            OrgUnit::new("BO", "Boende", OrgUnitKind::Unit)
                .unwrap()
                .with_parent("ALD")
                .unwrap(),
        )
        .unit(
            OrgUnit::new("TN", "Tekniska nämnden", OrgUnitKind::Committee)
                .unwrap()
                .with_parent("KF")
                .unwrap(),
        )
        .build()
        .unwrap()
}

fn step(action: Action, level: &str, date: NaiveDate) -> Step {
    Step {
        action,
        by: "p1".parse().unwrap(),
        role: Role::Manager,
        level: level.parse().unwrap(),
        date,
        comment: String::new(),
    }
}

fn budget(unit: &str, lines: &[(&str, &str)]) -> Submission {
    let mut s = Submission::new(
        format!("B-{unit}").parse().unwrap(),
        unit.parse().unwrap(),
        SubmissionKind::Budget {
            year: Year::new(2023).unwrap(),
        },
        "p1".parse().unwrap(),
        Role::Manager,
        day(2022, 10, 1),
    );
    s.lines = lines
        .iter()
        .map(|(account, amount)| BudgetLine {
            account: account.parse().unwrap(),
            amount: kr(amount),
            key: PeriodisationKey::Even,
            counterpart: None,
        })
        .collect();
    s
}

fn approve_all(s: &mut Submission, org: &Organisation, from: u32) {
    s.record(
        step(Action::Submit, s.unit.as_str(), day(2022, 10, from)),
        org,
    )
    .unwrap();
    for (n, level) in s.approval_levels(org).unwrap().into_iter().enumerate() {
        s.record(
            step(
                Action::Approve,
                level.as_str(),
                day(2022, 10, from + 1 + n as u32),
            ),
            org,
        )
        .unwrap();
    }
}

#[test]
fn a_unit_is_approved_by_each_level_up_to_its_committee_in_order() {
    let org = org();
    let mut s = budget("HEM", &[("5011", "1200")]);
    assert_eq!(
        s.approval_levels(&org).unwrap(),
        vec!["ALD".parse().unwrap(), "SN".parse().unwrap()]
    );
    s.record(step(Action::Submit, "HEM", day(2022, 10, 2)), &org)
        .unwrap();
    // The committee cannot approve before the department.
    let err = s
        .record(step(Action::Approve, "SN", day(2022, 10, 3)), &org)
        .unwrap_err();
    assert!(
        matches!(err, PlanningError::WrongLevel { ref expected, .. } if expected.as_str() == "ALD"),
        "{err}"
    );
    assert_eq!(s.steps.len(), 1, "a refused step is not kept");
    s.record(step(Action::Approve, "ALD", day(2022, 10, 3)), &org)
        .unwrap();
    assert_eq!(
        s.status_on(&org, day(2022, 10, 3)).unwrap(),
        Status::Submitted {
            approved_by: vec!["ALD".parse().unwrap()]
        }
    );
    s.record(step(Action::Approve, "SN", day(2022, 10, 4)), &org)
        .unwrap();
    assert_eq!(
        s.status_on(&org, day(2022, 10, 4)).unwrap(),
        Status::Approved
    );
    // As of the day before, it was not approved yet: no facts then.
    assert!(matches!(
        s.budget_facts(
            &org,
            crate::ledger::Layer::ORIGINAL_BUDGET,
            day(2022, 10, 3)
        ),
        Err(PlanningError::NotApproved { .. })
    ));
    let facts = s
        .budget_facts(
            &org,
            crate::ledger::Layer::ORIGINAL_BUDGET,
            day(2022, 10, 4),
        )
        .unwrap();
    assert_eq!(facts.len(), 12);
    assert!(facts.iter().all(|f| f.amount == kr("100")));
}

#[test]
fn return_lock_and_reopen_follow_the_allowed_transitions() {
    let org = org();
    let mut s = budget("HEM", &[("5011", "1200")]);
    // Nothing can be approved or locked before it is handed in.
    assert!(
        s.record(step(Action::Approve, "ALD", day(2022, 10, 2)), &org)
            .is_err()
    );
    assert!(
        s.record(step(Action::Lock, "SN", day(2022, 10, 2)), &org)
            .is_err()
    );
    s.record(step(Action::Submit, "HEM", day(2022, 10, 2)), &org)
        .unwrap();
    s.record(step(Action::Return, "ALD", day(2022, 10, 3)), &org)
        .unwrap();
    assert_eq!(
        s.status_on(&org, day(2022, 10, 3)).unwrap(),
        Status::Returned
    );
    // A returned budget cannot be locked; handed in again, approvals start over.
    assert!(
        s.record(step(Action::Lock, "SN", day(2022, 10, 4)), &org)
            .is_err()
    );
    approve_all(&mut s, &org, 5);
    s.record(step(Action::Lock, "SN", day(2022, 12, 1)), &org)
        .unwrap();
    assert_eq!(s.status_on(&org, day(2022, 12, 1)).unwrap(), Status::Locked);
    // A locked budget cannot be returned without reopening it, which returns it.
    assert!(
        s.record(step(Action::Return, "SN", day(2022, 12, 2)), &org)
            .is_err()
    );
    s.record(step(Action::Reopen, "SN", day(2022, 12, 2)), &org)
        .unwrap();
    assert_eq!(
        s.status_on(&org, day(2022, 12, 2)).unwrap(),
        Status::Returned
    );
    // Steps out of date order are refused.
    let err = s
        .record(step(Action::Submit, "HEM", day(2022, 11, 1)), &org)
        .unwrap_err();
    assert!(matches!(err, PlanningError::StepOrder { .. }), "{err}");
}

#[test]
fn frames_and_distributions_list_every_difference() {
    let org = org();
    let sn = "SN".parse().unwrap();
    let frame = Frame {
        committee: "SN".parse().unwrap(),
        year: Year::new(2023).unwrap(),
        net: kr("1000"),
        decision: None,
    };
    let by_hand = Distribution::ByHand(vec![
        ("HEM".parse().unwrap(), kr("600")),
        ("BO".parse().unwrap(), kr("350")),
    ]);
    let split = distribute(
        &org,
        None,
        AsOf::end_of(Month::new(2022, 10).unwrap()),
        &sn,
        kr("1000"),
        &by_hand,
    )
    .unwrap();
    // 1 000 − 600 − 350: 50 kr left at the committee, nothing lost.
    assert_eq!(split.rest, kr("50"));
    let budgets = vec![
        ("HEM".parse().unwrap(), kr("600")),
        ("BO".parse().unwrap(), kr("360")),
    ];
    let differences = check_frames(
        &org,
        std::slice::from_ref(&frame),
        std::slice::from_ref(&split),
        &budgets,
    )
    .unwrap();
    // The committee: 960 against 1 000; BO: 360 against 350. HEM agrees.
    let found: Vec<(String, Option<Amount>)> = differences
        .iter()
        .map(|d| (d.unit.to_string(), d.difference))
        .collect();
    assert_eq!(
        found,
        vec![
            ("SN".into(), Some(kr("-40"))),
            ("BO".into(), Some(kr("10")))
        ]
    );
    // No approved budget at all is listed as missing, not as zero.
    let differences = check_frames(&org, &[frame], &[], &[]).unwrap();
    assert_eq!(differences[0].found, None);
    // Units outside the parent's subtree, or named twice, are refused.
    let refused = |distribution: &Distribution| {
        let as_of = AsOf::end_of(Month::new(2022, 10).unwrap());
        distribute(&org, None, as_of, &sn, kr("1"), distribution).is_err()
    };
    assert!(refused(&Distribution::ByHand(vec![(
        "TN".parse().unwrap(),
        kr("1")
    )])));
    let hem = || ("HEM".parse().unwrap(), Decimal::ONE);
    assert!(refused(&Distribution::ByKey(vec![hem(), hem()])));
}

#[test]
fn a_resource_model_prices_volumes_and_never_reads_a_missing_volume_as_zero() {
    let org = org();
    let ald = "ALD".parse().unwrap();
    let as_of = AsOf::end_of(Month::new(2022, 10).unwrap());
    let line = |unit: &str, hours: i64| ResourceLine {
        unit: unit.parse().unwrap(),
        volume: VolumeSource::Given(Decimal::from(hours)),
    };
    // Home-care hours × 512,50 kr an hour: 1 200 h = 615 000 kr, 340 h = 174 250 kr.
    let model = ResourceModel {
        name: "Timpeng".into(),
        price: Some(kr("512.50")),
        lines: vec![line("HEM", 1200), line("BO", 340)],
    };
    let split = distribute(
        &org,
        None,
        as_of,
        &ald,
        kr("800000"),
        &Distribution::Resource(model.clone()),
    )
    .unwrap();
    assert_eq!(split.parts[0].1, kr("615000"));
    assert_eq!(split.parts[1].1, kr("174250"));
    assert_eq!(split.rest, kr("10750"));
    // Without a price the amount is split by the volumes: 100 kr as 1 200 : 340.
    let scaled = ResourceModel {
        price: None,
        ..model
    };
    let split = distribute(
        &org,
        None,
        as_of,
        &ald,
        kr("100"),
        &Distribution::Resource(scaled),
    )
    .unwrap();
    // 100 × 1200 / 1540 = 77,922… → 77,92; 100 × 340 / 1540 = 22,077… → 22,08 (larger remainder).
    assert_eq!(split.parts[0].1, kr("77.92"));
    assert_eq!(split.parts[1].1, kr("22.08"));
    assert_eq!(split.rest, Amount::ZERO);
    // A volume to be observed, with no observation: an error naming the unit.
    let observed = ResourceModel {
        name: "Elevpeng".into(),
        price: Some(kr("1")),
        lines: vec![ResourceLine {
            unit: "HEM".parse().unwrap(),
            volume: VolumeSource::Observed {
                indicator: "ELEVER".parse().unwrap(),
                period: "2022".parse().unwrap(),
            },
        }],
    };
    let err = distribute(
        &org,
        None,
        as_of,
        &ald,
        kr("1"),
        &Distribution::Resource(observed),
    )
    .unwrap_err();
    assert!(err.to_string().contains("HEM"), "{err}");
}

#[test]
fn a_personnel_budget_costs_part_years_revision_and_holiday_pay_exactly() {
    let terms = PersonnelTerms {
        revision_month: 4,
        revision_rate: Decimal::new(2, 2),
        overhead_rate: Decimal::new(4, 1),
        holiday_month: 6,
        holiday_rate: Decimal::new(1, 1),
        salary_account: "5011".parse().unwrap(),
        overhead_account: "5610".parse().unwrap(),
    };
    let budget = PersonnelBudget {
        unit: "HEM".parse().unwrap(),
        year: Year::new(2023).unwrap(),
        positions: vec![Position {
            title: "Undersköterska".into(),
            fte: Decimal::new(5, 1),
            monthly_salary: kr("30000"),
            from: Some(Month::new(2023, 3).unwrap()),
            until: Some(Month::new(2023, 8).unwrap()),
        }],
        terms,
    };
    let costs = budget.costs().unwrap();
    // March 15 000; April–August 15 300; June's holiday supplement 10 % of 15 300 = 1 530.
    // 15 000 + 5 × 15 300 + 1 530 = 93 030; overhead 40 % = 37 212.
    assert_eq!(costs.yearly_salaries, kr("93030"));
    assert_eq!(costs.yearly_overhead, kr("37212"));
    let month = |m: usize| costs.salaries[m - 1].1;
    assert_eq!(
        (month(2), month(3), month(4), month(6), month(9)),
        (
            Amount::ZERO,
            kr("15000"),
            kr("15300"),
            kr("16830"),
            Amount::ZERO
        )
    );
    // Half time over six months is a quarter of a full-time equivalent for the year.
    assert_eq!(costs.full_time_equivalents, Decimal::new(25, 2));
    assert_eq!(
        budget
            .facts(crate::ledger::Layer::ORIGINAL_BUDGET)
            .unwrap()
            .len(),
        12
    );
    let mut wrong = budget.clone();
    wrong.positions[0].fte = Decimal::new(11, 1);
    assert!(matches!(wrong.costs(), Err(PlanningError::Position { .. })));
}

#[test]
fn depreciation_spreads_the_cost_exactly_and_interest_follows_the_book_value() {
    let asset = Asset {
        id: "P".parse().unwrap(),
        unit: "HEM".parse().unwrap(),
        activated: Month::new(2023, 1).unwrap(),
        components: vec![Component {
            name: "Inventarier".into(),
            cost: kr("100000"),
            life_years: 3,
        }],
    };
    let terms = CapitalTerms {
        internal_rate: Decimal::new(3, 2),
        depreciation_account: "7910".parse().unwrap(),
        interest_account: "6990".parse().unwrap(),
    };
    let months = crate::period::PeriodRange::new(
        Month::new(2023, 1).unwrap(),
        Month::new(2026, 12).unwrap(),
    )
    .unwrap();
    let costs = asset.capital_costs(&terms, months).unwrap();
    // 10 000 000 öre over 36 months: 277 777 öre each and 28 left, one to each of the first 28.
    assert_eq!(costs[0].depreciation, kr("2777.78"));
    assert_eq!(costs[27].depreciation, kr("2777.78"));
    assert_eq!(costs[28].depreciation, kr("2777.77"));
    assert_eq!(costs[36].depreciation, Amount::ZERO);
    let total = Amount::checked_sum(costs.iter().map(|c| c.depreciation)).unwrap();
    assert_eq!(total, kr("100000"));
    // Interest 3 % / 12 on the book value: 250,00 in January, 243,06 in February
    // (97 222,22 × 0,0025 = 243,055…).
    assert_eq!(costs[0].interest, kr("250"));
    assert_eq!(costs[1].book_value, kr("97222.22"));
    assert_eq!(costs[1].interest, kr("243.06"));
    assert_eq!(costs[36].book_value, Amount::ZERO);
    let long = Asset {
        components: vec![Component {
            name: "x".into(),
            cost: kr("1"),
            life_years: 0,
        }],
        ..asset
    };
    assert!(matches!(long.check(), Err(PlanningError::Asset { .. })));
}

fn plan() -> FinancialPlan {
    FinancialPlan {
        years: vec![YearPlan {
            year: Year::new(2024).unwrap(),
            result_before: kr("3000"),
            taxes_and_grants: kr("100000"),
            other_depreciation: kr("1000"),
            other_investments: kr("2000"),
        }],
        result_goal_percent: Some(Decimal::from(2)),
    }
}

fn project(id: &str, cost: i64, activated: (i32, u32)) -> PlannedProject {
    PlannedProject {
        id: id.parse().unwrap(),
        name: id.into(),
        unit: "HEM".parse().unwrap(),
        spending: vec![(Month::new(2023, 6).unwrap(), Amount::from_kronor(cost))],
        activated: Month::new(activated.0, activated.1).unwrap(),
        components: vec![Component {
            name: "Stomme".into(),
            cost: Amount::from_kronor(cost),
            life_years: 10,
        }],
    }
}

#[test]
fn a_scenario_shows_capital_costs_result_and_self_financing() {
    let terms = CapitalTerms {
        internal_rate: Decimal::ZERO,
        depreciation_account: "7910".parse().unwrap(),
        interest_account: "6990".parse().unwrap(),
    };
    let portfolio = Portfolio {
        projects: vec![
            project("A", 12000, (2024, 1)),
            project("B", 24000, (2024, 7)),
        ],
        terms,
    };
    let base = portfolio
        .consequences(&Scenario::default(), &plan())
        .unwrap();
    let year = &base.years[0];
    // A: 12 000 over 120 months = 100 a month, 1 200 in 2024; B: 200 a month from July, 1 200.
    assert_eq!(year.depreciation, kr("2400"));
    // Result 3 000 − 2 400 = 600 = 0,6 % of 100 000: below the goal of 2 %.
    assert_eq!(year.result, kr("600"));
    assert_eq!(year.meets_goal, Some(false));
    // Self-financing: (600 + 1 000 + 2 400) / (2 000 + 0) = 200 %.
    assert_eq!(
        year.self_financing
            .unwrap()
            .percent(0, crate::amount::Rounding::HalfEven)
            .unwrap(),
        Decimal::from(200)
    );
    // Cutting B: 1 800 result, 1,8 %; still below.
    let cut = Scenario {
        name: "Stryk B".into(),
        changes: vec![ScenarioChange::Cut {
            project: "B".parse().unwrap(),
        }],
    };
    let without_b = portfolio.consequences(&cut, &plan()).unwrap();
    assert_eq!(without_b.years[0].result, kr("1800"));
    assert_eq!(without_b.projects, vec!["A".parse().unwrap()]);
    // Deferring A by a year: no depreciation of A in 2024.
    let defer = Scenario {
        name: "Skjut A".into(),
        changes: vec![ScenarioChange::Defer {
            project: "A".parse().unwrap(),
            months: 12,
        }],
    };
    assert_eq!(
        portfolio.consequences(&defer, &plan()).unwrap().years[0].depreciation,
        kr("1200")
    );
    let unknown = Scenario {
        name: "?".into(),
        changes: vec![ScenarioChange::Cut {
            project: "X".parse().unwrap(),
        }],
    };
    assert!(matches!(
        portfolio.consequences(&unknown, &plan()),
        Err(PlanningError::Scenario { .. })
    ));
    let mut wrong = portfolio.clone();
    wrong.projects[0].components[0].cost = Amount::from_kronor(1);
    assert!(matches!(
        wrong.consequences(&Scenario::default(), &plan()),
        Err(PlanningError::Asset { .. })
    ));
}

#[test]
fn budget_rounds_refuse_phases_out_of_order() {
    let phase = |kind, m1, m2| Phase {
        kind,
        opens: day(2022, m1, 1),
        deadline: day(2022, m2, 1),
        decision: None,
    };
    let good: Vec<Phase> = PhaseKind::ALL
        .iter()
        .enumerate()
        .map(|(n, k)| phase(*k, n as u32 + 1, n as u32 + 2))
        .collect();
    let round = BudgetRound::new(Year::new(2023).unwrap(), good.clone()).unwrap();
    assert!(round.is_late(PhaseKind::Frames, day(2022, 3, 2)));
    assert!(!round.is_late(PhaseKind::Frames, day(2022, 3, 1)));
    let mut swapped = good.clone();
    swapped.swap(1, 2);
    assert!(BudgetRound::new(Year::new(2023).unwrap(), swapped).is_err());
    let mut backwards = good.clone();
    backwards[3] = phase(PhaseKind::UnitBudgets, 5, 4);
    assert!(BudgetRound::new(Year::new(2023).unwrap(), backwards).is_err());
    let json = serde_json::to_string(&round).unwrap();
    assert_eq!(serde_json::from_str::<BudgetRound>(&json).unwrap(), round);
    let broken = json.replace("\"frames\"", "\"adoption\"");
    assert!(serde_json::from_str::<BudgetRound>(&broken).is_err());
}
