//! Laws of planning: distributions and allocations sum exactly to what they distribute; a
//! personnel budget's months sum to its yearly cost; depreciation over a component's life sums
//! to its cost; a scenario's capital costs are the sum of its projects'; an approval history
//! follows only the allowed transitions.

use proptest::prelude::*;
use styrmodell::planning::*;
use styrmodell::*;

fn id<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().unwrap()
}

/// The demo's units directly below the administration of schools and preschools (BUF).
const BELOW_BUF: [&str; 7] = [
    "FSK",
    "FSK-ANGEN",
    "FSK-BJORKEN",
    "GRS",
    "GRS-NORR",
    "GRS-SODER",
    "GRS-HAGA",
];

fn ore() -> impl Strategy<Value = Amount> {
    (-10_000_000_000_000i64..10_000_000_000_000).prop_map(|o| Amount::from_ore(o.into()).unwrap())
}

fn as_of() -> AsOf {
    AsOf::end_of(id("2022-12"))
}

proptest! {
    #[test]
    fn distributions_lose_nothing(
        amount in ore(),
        weights in prop::collection::vec(0u32..1_000_000, 1..7),
        hand in prop::collection::vec(-1_000_000i64..1_000_000, 1..7),
    ) {
        let org = demo::organisation().unwrap();
        let buf: OrgUnitId = id("BUF");
        let units = || BELOW_BUF.iter().map(|u| id::<OrgUnitId>(u));
        // By key: the parts sum exactly to the amount, each within an öre of its exact share.
        if weights.iter().any(|w| *w > 0) {
            let key = Distribution::ByKey(units().zip(weights.iter().map(|w| (*w).into())).collect());
            let split = distribute(&org, None, as_of(), &buf, amount, &key).unwrap();
            prop_assert_eq!(split.rest, Amount::ZERO);
            let sum: i128 = split.parts.iter().map(|(_, a)| a.ore()).sum();
            prop_assert_eq!(sum, amount.ore());
            let total: i128 = weights.iter().map(|w| i128::from(*w)).sum();
            for ((_, part), w) in split.parts.iter().zip(&weights) {
                let exact = amount.ore() * i128::from(*w);
                prop_assert!((part.ore() * total - exact).abs() < total);
            }
            // Without a price, a resource model is the same split by volumes.
            let lines = units().zip(&weights).map(|(unit, w)| ResourceLine { unit, volume: VolumeSource::Given((*w).into()) }).collect();
            let model = ResourceModel { name: "x".into(), price: None, lines };
            let by_volume = distribute(&org, None, as_of(), &buf, amount, &Distribution::Resource(model)).unwrap();
            prop_assert_eq!(by_volume.parts, split.parts);
        }
        // By hand: whatever the parts, parts and rest give back the amount.
        let parts = units().zip(hand.iter().map(|k| Amount::from_kronor(*k))).collect();
        let split = distribute(&org, None, as_of(), &buf, amount, &Distribution::ByHand(parts)).unwrap();
        let sum: i128 = split.parts.iter().map(|(_, a)| a.ore()).sum::<i128>() + split.rest.ore();
        prop_assert_eq!(sum, amount.ore());
    }

    #[test]
    fn a_personnel_budgets_months_sum_to_its_yearly_cost(
        positions in prop::collection::vec((1u32..=100, 0i64..20_000_000, 1u32..=12, 0u32..12), 0..12),
        revision_month in 1u32..=12,
        holiday_month in 1u32..=12,
        revision in 0u32..=100,
        overhead in 0u32..=6000,
        holiday in 0u32..=2000,
    ) {
        let year = Year::new(2023).unwrap();
        let positions = positions
            .into_iter()
            .map(|(percent, salary_ore, from, length)| Position {
                title: "Tjänst".into(),
                fte: Decimal::new(percent.into(), 2),
                monthly_salary: Amount::from_ore(salary_ore.into()).unwrap(),
                from: Some(Month::new(2023, from).unwrap()),
                until: Some(Month::new(2023, (from + length).min(12)).unwrap()),
            })
            .collect();
        let budget = PersonnelBudget {
            unit: id("FSK-ANGEN"),
            year,
            positions,
            terms: PersonnelTerms {
                revision_month,
                revision_rate: Decimal::new(revision.into(), 3),
                overhead_rate: Decimal::new(overhead.into(), 4),
                holiday_month,
                holiday_rate: Decimal::new(holiday.into(), 4),
                salary_account: id("5011"),
                overhead_account: id("5610"),
            },
        };
        let costs = budget.costs().unwrap();
        let salaries: i128 = costs.salaries.iter().map(|(_, a)| a.ore()).sum();
        let overhead_sum: i128 = costs.overhead.iter().map(|(_, a)| a.ore()).sum();
        prop_assert_eq!(salaries, costs.yearly_salaries.ore());
        prop_assert_eq!(overhead_sum, costs.yearly_overhead.ore());
        prop_assert!(costs.salaries.iter().all(|(_, a)| a.ore() >= 0));
        let facts: i128 = budget.facts(Layer::ORIGINAL_BUDGET).unwrap().iter().map(|f| f.amount.ore()).sum();
        prop_assert_eq!(facts, costs.yearly_total().unwrap().ore());
    }

    #[test]
    fn depreciation_over_a_life_sums_to_the_cost(
        cost in 0i64..1_000_000_000_000,
        life_years in 1u32..=100,
        start in 1u32..=12,
    ) {
        let component = Component { name: "c".into(), cost: Amount::from_ore(cost.into()).unwrap(), life_years };
        let asset = Asset { id: id("P"), unit: id("IT"), activated: Month::new(2023, start).unwrap(), components: vec![component] };
        let terms = CapitalTerms { internal_rate: Decimal::new(15, 3), depreciation_account: id("7910"), interest_account: id("6990") };
        let from = Month::new(2022, 1).unwrap();
        let to = Month::new(2023 + i32::try_from(life_years).unwrap() + 1, 12).unwrap();
        let months = asset.capital_costs(&terms, PeriodRange::new(from, to).unwrap()).unwrap();
        let total: i128 = months.iter().map(|m| m.depreciation.ore()).sum();
        prop_assert_eq!(total, i128::from(cost));
        prop_assert!(months.iter().all(|m| m.book_value.ore() >= 0 && m.depreciation.ore() >= 0));
        prop_assert_eq!(months.last().unwrap().book_value, Amount::ZERO);
        // Nothing before activation.
        prop_assert!(months.iter().filter(|m| m.month < asset.activated).all(|m| m.depreciation == Amount::ZERO && m.interest == Amount::ZERO));
    }

    #[test]
    fn a_scenarios_capital_costs_are_the_sum_of_its_projects(
        projects in prop::collection::vec((1i64..50_000_000, 1u32..=60, 0i32..36, 1u32..=12), 1..6),
        changes in prop::collection::vec((0usize..6, 0u8..3, 1u32..=24), 0..4),
    ) {
        let planned: Vec<PlannedProject> = projects
            .iter()
            .enumerate()
            .map(|(n, (kronor, life, start, spend_month))| PlannedProject {
                id: id(&format!("P{n}")),
                name: format!("Projekt {n}"),
                unit: id(if n % 2 == 0 { "IT" } else { "TF-GATA" }),
                spending: vec![(Month::new(2022, *spend_month).unwrap(), Amount::from_kronor(*kronor))],
                activated: Month::new(2022, 1).unwrap().checked_add(*start).unwrap(),
                components: vec![Component { name: "c".into(), cost: Amount::from_kronor(*kronor), life_years: *life }],
            })
            .collect();
        let terms = CapitalTerms { internal_rate: Decimal::new(2, 2), depreciation_account: id("7910"), interest_account: id("6990") };
        let portfolio = Portfolio { projects: planned.clone(), terms: terms.clone() };
        let scenario = Scenario {
            name: "s".into(),
            changes: changes
                .iter()
                .filter(|(n, ..)| *n < planned.len())
                .map(|(n, kind, months)| {
                    let project = id(&format!("P{n}"));
                    match kind {
                        0 => ScenarioChange::Defer { project, months: *months },
                        1 => ScenarioChange::Advance { project, months: *months },
                        _ => ScenarioChange::Cut { project },
                    }
                })
                .collect(),
        };
        let plan = FinancialPlan {
            years: (2022..=2026)
                .map(|y| YearPlan {
                    year: Year::new(y).unwrap(),
                    result_before: Amount::from_kronor(1_000_000),
                    taxes_and_grants: Amount::from_kronor(100_000_000),
                    other_depreciation: Amount::ZERO,
                    other_investments: Amount::ZERO,
                })
                .collect(),
            result_goal_percent: None,
        };
        // A change may name a project already cut: the scenario is refused, never misread.
        let Ok(after) = portfolio.apply(&scenario) else { return Ok(()); };
        let whole = portfolio.consequences(&scenario, &plan).unwrap();
        for (n, year) in whole.years.iter().enumerate() {
            let mut depreciation = 0i128;
            let mut interest = 0i128;
            for project in &after {
                let alone = Portfolio { projects: vec![project.clone()], terms: terms.clone() };
                let one = alone.consequences(&Scenario::default(), &plan).unwrap();
                depreciation += one.years[n].depreciation.ore();
                interest += one.years[n].internal_interest.ore();
            }
            prop_assert_eq!(year.depreciation.ore(), depreciation);
            prop_assert_eq!(year.internal_interest.ore(), interest);
            let by_unit: i128 = year.by_unit.iter().map(|(_, a)| a.ore()).sum();
            prop_assert_eq!(by_unit, depreciation + interest);
        }
    }

    #[test]
    fn an_approval_history_follows_only_the_allowed_transitions(
        steps in prop::collection::vec((0u8..5, 0usize..4), 0..16),
    ) {
        // The reference: the status as a small state machine written out here.
        #[derive(Clone, Copy, PartialEq, Debug)]
        enum S { Draft, Submitted(usize), Returned, Approved, Locked }
        // GRS-NORR is approved by GRS, BUF and BSN, in that order.
        let org = demo::organisation().unwrap();
        let levels = ["GRS", "BUF", "BSN", "KF"];
        let mut submission = Submission::new(
            id("B"), id("GRS-NORR"), SubmissionKind::Budget { year: Year::new(2023).unwrap() },
            id("p"), Role::Manager, NaiveDate::from_ymd_opt(2022, 10, 1).unwrap());
        let mut reference = S::Draft;
        for (n, (action, level)) in steps.into_iter().enumerate() {
            let action = [Action::Submit, Action::Approve, Action::Return, Action::Lock, Action::Reopen][usize::from(action)];
            // Choice 3 is the level the submission waits for, so histories reach approval.
            let level = match (level, reference) {
                (3, S::Submitted(k)) => levels[k.min(2)],
                (n, _) => levels[n],
            };
            let expected = match (action, reference) {
                (Action::Submit, S::Draft | S::Returned) => Some(S::Submitted(0)),
                (Action::Approve, S::Submitted(k)) if levels.get(k) == Some(&level) && k < 3 => {
                    Some(if k == 2 { S::Approved } else { S::Submitted(k + 1) })
                }
                (Action::Return, S::Submitted(_) | S::Approved) | (Action::Reopen, S::Locked) => Some(S::Returned),
                (Action::Lock, S::Approved) => Some(S::Locked),
                _ => None,
            };
            let date = NaiveDate::from_ymd_opt(2022, 10, 2).unwrap() + chrono::Days::new(n as u64);
            let step = Step { action, by: id("p"), role: Role::Manager, level: id(level), date, comment: String::new() };
            let before = submission.clone();
            let result = submission.record(step, &org);
            prop_assert_eq!(result.is_ok(), expected.is_some(), "{:?} from {:?}", action, reference);
            if let Some(next) = expected {
                reference = next;
            } else {
                prop_assert_eq!(&submission, &before, "a refused step leaves the submission as it was");
            }
            let status = submission.status_on(&org, date).unwrap();
            let matches = match (reference, &status) {
                (S::Draft, Status::Draft) | (S::Returned, Status::Returned) | (S::Approved, Status::Approved) | (S::Locked, Status::Locked) => true,
                (S::Submitted(k), Status::Submitted { approved_by }) => approved_by.len() == k,
                _ => false,
            };
            prop_assert!(matches, "{:?} against {:?}", status, reference);
        }
    }
}
