//! The planning records on the demo's 2023 round and on small hand-made records: every figure
//! agrees with the others, and the effect goals count what the records say.

use styrmodell::planning::*;
use styrmodell::steering::{Observation, SteeringModel, SteeringParts};
use styrmodell::*;

fn id<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn year() -> Year {
    Year::new(2023).unwrap()
}

#[test]
fn the_demo_round_is_consistent_from_frame_to_ledger() {
    let records = demo::planning_2023().unwrap();
    let org = demo::organisation_2023().unwrap();
    assert!(records.check(&org).is_empty(), "{:?}", records.check(&org));
    // Approved budgets add up exactly to every frame and distributed part.
    assert_eq!(
        records
            .check_budgets(&org, year(), day(2022, 12, 31))
            .unwrap(),
        vec![]
    );
    // Before the last approvals in October, not every unit has an approved budget.
    assert!(
        !records
            .check_budgets(&org, year(), day(2022, 10, 5))
            .unwrap()
            .is_empty()
    );
    // The 2023 ledger's original budget of each committee is its frame.
    let ledger = demo::ledger_2023().unwrap();
    let cube = ledger.roll_up(AccountGrouping::IncomeStatementLine, year().months());
    for frame in &records.frames {
        let budget = cube
            .value_of(
                &frame.committee,
                Measure::Budget(BudgetRule::Revision(0)),
                None,
                year().months(),
            )
            .unwrap();
        // KS also carries the finance unit's taxes, grants and financial items, which are
        // not part of a frame.
        if frame.committee.as_str() == "KS" {
            continue;
        }
        assert_eq!(budget, frame.net, "{}", frame.committee);
    }
    // The schools' parts follow the pupils: 412, 455 and 318 of 1 185, to the öre.
    let schools = records
        .distributions
        .iter()
        .map(|(_, d)| d)
        .find(|d| d.parent.as_str() == "GRS")
        .unwrap();
    assert_eq!(schools.rest, Amount::ZERO);
    let total = schools.amount.ore();
    for ((_, part), pupils) in schools.parts.iter().zip([412i128, 455, 318]) {
        let exact_times_1185 = total * pupils;
        assert!(
            (part.ore() * 1185 - exact_times_1185).abs() < 1185,
            "{part:?}"
        );
    }
}

#[test]
fn the_demo_personnel_and_capital_costs_are_worked_by_hand() {
    let records = demo::planning_2023().unwrap();
    let angen = records
        .personnel
        .iter()
        .find(|p| p.unit.as_str() == "FSK-ANGEN")
        .unwrap();
    let costs = angen.costs().unwrap();
    // 10 × 35 500 + 7 × 28 500 + 2 × 0,75 × 28 500 + 27 800 = 625 050 kr a month;
    // January–March 3 × 625 050 = 1 875 150; April–December 9 × 643 801,50 = 5 794 213,50;
    // holiday supplement in June 643 801,50 × 0,15125 = 97 374,976875:
    // 7 766 738,476875 → 7 766 738,48 kr. Overhead 40,15 % = 3 118 345,49972 → 3 118 345,50.
    assert_eq!(costs.yearly_salaries, id::<Amount>("7766738.48"));
    assert_eq!(costs.yearly_overhead, id::<Amount>("3118345.50"));
    let months = Amount::checked_sum(costs.salaries.iter().map(|(_, a)| *a)).unwrap();
    assert_eq!(months, costs.yearly_salaries);
    // The steering system, 2 635 859 kr over 60 months: 263 585 900 öre = 60 × 4 393 098 + 20,
    // so its first 20 months take 43 930,99 and 2023 has 12 of them: 527 171,88 kr.
    let asset = &records.assets[0];
    let terms = demo::investment_portfolio().unwrap().0.terms;
    let months = asset.capital_costs(&terms, year().months()).unwrap();
    let depreciation = Amount::checked_sum(months.iter().map(|m| m.depreciation)).unwrap();
    assert_eq!(depreciation, id::<Amount>("527171.88"));
    // January's interest: 2 635 859 × 1,5 % / 12 = 3 294,82375 → 3 294,82 kr.
    assert_eq!(months[0].interest, id::<Amount>("3294.82"));
}

#[test]
fn effect_goals_4_and_5_are_counted_from_the_demo_records() {
    let records = demo::planning_2023().unwrap();
    let model = demo::steering_model_2023().unwrap();
    let end = AsOf::end_of(id("2023-12"));
    let count = |measure| records.count(&measure, &model, &[], year(), end).unwrap();
    let managers = count(RecordMeasure::ManagersOwnBudgetAndForecast);
    assert_eq!(managers.share(), Ratio::of_counts(11, 14));
    let no: Vec<&str> = managers
        .items
        .iter()
        .filter(|i| i.counted == 0)
        .map(|i| i.unit.as_str())
        .collect();
    assert_eq!(no, ["ALD-LINDEN", "TF-LOKAL", "GRS-HAGA"]);
    let haga = managers
        .items
        .iter()
        .find(|i| i.unit.as_str() == "GRS-HAGA")
        .unwrap();
    assert!(
        matches!(&haga.basis, steering::Basis::Manager {
            yes: false,
            budget: steering::Entry::ByOther { by, role: Role::Controller, .. },
            forecast: steering::Entry::ByManager { .. },
            ..
        } if by == "Eva Ekman"),
        "{:?}",
        haga.basis
    );
    assert_eq!(
        count(RecordMeasure::UnitsWithActivityPlan).share(),
        Ratio::of_counts(12, 14)
    );
    assert_eq!(
        count(RecordMeasure::CommitteesWithFollowUp).share(),
        Ratio::of_counts(3, 3)
    );
    // Known before the forecasts were handed in (May 2023), no manager has done both.
    let april = AsOf::end_of(id("2023-04"));
    let early = records
        .count(
            &RecordMeasure::ManagersOwnBudgetAndForecast,
            &model,
            &[],
            year(),
            april,
        )
        .unwrap();
    assert_eq!(early.share(), Ratio::of_counts(0, 14));
    // Observations counted before the year's end are preliminary and known from the year end.
    let observations = early.observations(&id("EM4-CHEFER"));
    assert!(
        observations
            .iter()
            .all(|o| o.preliminary && o.known_from() == day(2023, 12, 31))
    );
}

/// A council with two units, A and B, each with a manager.
fn small_model() -> SteeringModel {
    let org = Organisation::builder()
        .unit(OrgUnit::new("KF", "Kommunfullmäktige", OrgUnitKind::Council).unwrap())
        .unit(
            OrgUnit::new("N", "Nämnden", OrgUnitKind::Committee)
                .unwrap()
                .with_parent("KF")
                .unwrap(),
        )
        .unit(
            OrgUnit::new("A", "Enhet A", OrgUnitKind::Unit)
                .unwrap()
                .with_parent("N")
                .unwrap(),
        )
        .unit(
            OrgUnit::new("B", "Enhet B", OrgUnitKind::Unit)
                .unwrap()
                .with_parent("N")
                .unwrap(),
        )
        .unit(
            OrgUnit::new("C", "Enhet C", OrgUnitKind::Unit)
                .unwrap()
                .with_parent("N")
                .unwrap(),
        )
        .unit(
            OrgUnit::new("BOLAG", "Bolaget AB", OrgUnitKind::Company)
                .unwrap()
                .with_parent("KF")
                .unwrap()
                .with_company(CompanyInfo::new(
                    id("556123-4567"),
                    Decimal::ONE,
                    Financing::Fee,
                )),
        )
        .build()
        .unwrap();
    SteeringModel::new(org, SteeringParts::default()).unwrap()
}

fn handed_in(unit: &str, kind: SubmissionKind, by: &str, role: Role, on: NaiveDate) -> Submission {
    let mut s = Submission::new(
        id(&format!("{unit}-{kind}")),
        id(unit),
        kind,
        id(by),
        role,
        on,
    );
    s.steps.push(Step {
        action: Action::Submit,
        by: id(by),
        role,
        level: id(unit),
        date: on,
        comment: String::new(),
    });
    s
}

#[test]
fn only_the_managers_own_handed_in_budget_and_forecast_count() {
    let model = small_model();
    let budget = SubmissionKind::Budget { year: year() };
    let forecast = SubmissionKind::Forecast {
        made: id("2023-04"),
    };
    let manager = |unit: &str, person: &str| Manager {
        unit: id(unit),
        person: id(person),
        from: day(2020, 1, 1),
        until: None,
    };
    let mut draft = handed_in("B", forecast, "b", Role::Manager, day(2023, 5, 2));
    draft.steps.clear();
    let records = PlanningRecords {
        managers: vec![manager("A", "a"), manager("B", "b")],
        submissions: vec![
            // A: both by the manager.
            handed_in("A", budget, "a", Role::Manager, day(2022, 10, 1)),
            handed_in("A", forecast, "a", Role::Manager, day(2023, 5, 2)),
            // B: the budget by the manager, the forecast only a draft.
            handed_in("B", budget, "b", Role::Manager, day(2022, 10, 1)),
            draft,
        ],
        ..PlanningRecords::default()
    };
    let end = AsOf::end_of(id("2023-12"));
    let managers = |records: &PlanningRecords| {
        records
            .count(
                &RecordMeasure::ManagersOwnBudgetAndForecast,
                &model,
                &[],
                year(),
                end,
            )
            .unwrap()
    };
    let counted = managers(&records);
    // C has no manager on record: not a manager to count. A yes, B no: 1 of 2.
    assert_eq!(counted.share(), Ratio::of_counts(1, 2));
    assert!(
        matches!(
            counted.items[1].basis,
            steering::Basis::Manager {
                forecast: steering::Entry::Missing,
                ..
            }
        ),
        "{:?}",
        counted.items[1].basis
    );
    // The same forecast of A entered by a controller does not count as the manager's own.
    let mut by_controller = records.clone();
    by_controller.submissions[1] = handed_in("A", forecast, "x", Role::Controller, day(2023, 5, 2));
    let counted = managers(&by_controller);
    assert_eq!(counted.share(), Ratio::of_counts(0, 2));
    // A manager who left before the entry: the entry is not the manager's own.
    let mut left = records.clone();
    left.managers[0].until = Some(day(2022, 9, 30));
    left.managers.push(Manager {
        unit: id("A"),
        person: id("a2"),
        from: day(2022, 10, 1),
        until: None,
    });
    let counted = managers(&left);
    assert_eq!(counted.items[0].counted, 0, "{:?}", counted.items[0].basis);
    // Observations: one a unit, 1 of 1 or 0 of 1, pooled by the assessment.
    let observations: Vec<Observation> = managers(&records).observations(&id("CHEFER"));
    assert_eq!(observations.len(), 2);
    assert!(
        observations
            .iter()
            .all(|o| matches!(o.basis, Some(steering::Basis::Manager { .. })))
    );
}

#[test]
fn companies_report_when_they_give_values_and_follow_up_their_assignments() {
    let mut parts = small_model().parts().clone();
    let model = small_model();
    let org = model.organisation().clone();
    parts.indicators.push(steering::Indicator::new(
        id("X"),
        "x",
        steering::MeasureUnit::Count,
        steering::Polarity::HigherIsBetter,
    ));
    parts.observations.push(Observation::of_unit(
        id("X"),
        id("BOLAG"),
        id("2023"),
        steering::Measured::Number(1.into()),
    ));
    let mut assignment = steering::Assignment::new(id("U1"), "Utred", id("BOLAG"));
    parts.assignments.push(assignment.clone());
    let records = PlanningRecords::default();
    let end = AsOf::end_of(id("2023-12"));
    let model = SteeringModel::new(org.clone(), parts.clone()).unwrap();
    let counted = records
        .count(&RecordMeasure::CompaniesReporting, &model, &[], year(), end)
        .unwrap();
    // A value, but the assignment has no follow-up in 2023: no.
    assert_eq!(counted.share(), Ratio::of_counts(0, 1));
    assignment.history.push(steering::StatusEntry {
        date: day(2023, 6, 1),
        status: steering::AssignmentStatus::InProgress,
        comment: String::new(),
    });
    parts.assignments = vec![assignment];
    let model = SteeringModel::new(org, parts).unwrap();
    let counted = records
        .count(&RecordMeasure::CompaniesReporting, &model, &[], year(), end)
        .unwrap();
    assert_eq!(counted.share(), Ratio::of_counts(1, 1));
}

#[test]
fn projects_count_as_current_with_a_recent_estimate_on_every_open_line() {
    let model = demo::steering_model().unwrap();
    let projects = demo::investment_projects().unwrap();
    let records = PlanningRecords::default();
    let as_of = AsOf::end_of(id("2022-08"));
    let counted = records
        .count(
            &RecordMeasure::ProjectsWithCurrentForecast { within_months: 4 },
            &model,
            &projects,
            Year::new(2022).unwrap(),
            as_of,
        )
        .unwrap();
    let total: u64 = counted.items.iter().map(|i| i.of).sum();
    let open = projects
        .iter()
        .filter(|p| !p.status_on(as_of).is_finished())
        .count() as u64;
    assert_eq!(total, open);
    for item in &counted.items {
        let steering::Basis::Projects { projects, .. } = &item.basis else {
            panic!("{:?}", item.basis);
        };
        assert_eq!(projects.len() as u64, item.of);
        assert_eq!(
            projects.iter().filter(|(_, current)| *current).count() as u64,
            item.counted
        );
    }
}

#[test]
fn only_a_finished_project_is_activated_at_what_it_cost() {
    let project = demo::steering_system_project().unwrap();
    let licence = |kronor| Component {
        name: "Licens".into(),
        cost: Amount::from_kronor(kronor),
        life_years: 5,
    };
    // In October 2022 the project was still in progress.
    let october = AsOf::end_of(id("2022-10"));
    let err = Asset::activate(
        &project,
        october,
        id("IT"),
        id("2023-01"),
        vec![licence(2_635_859)],
    )
    .unwrap_err();
    assert!(err.to_string().contains("only a finished project"), "{err}");
    // Closed: activated at its outcome, 2 635 859 kr, and at nothing else.
    let closed = crate::closed_2022();
    assert!(
        Asset::activate(
            &project,
            closed,
            id("IT"),
            id("2023-01"),
            vec![licence(2_635_859)]
        )
        .is_ok()
    );
    let err = Asset::activate(
        &project,
        closed,
        id("IT"),
        id("2023-01"),
        vec![licence(3_200_000)],
    )
    .unwrap_err();
    assert!(err.to_string().contains("2635859.00"), "{err}");
}

#[test]
fn the_managers_changes_to_the_proposals_are_kept_and_judged_against_the_outcome() {
    let records = demo::planning_2023().unwrap();
    let ledger = demo::ledger_2023().unwrap();
    // Not before the year's outcome is known.
    let june = AsOf::end_of(id("2023-06"));
    assert!(matches!(
        proposal_accuracy(&records.submissions, &ledger, year(), june),
        Err(PlanningError::OutcomeNotKnown { .. })
    ));
    let end = AsOf::end_of(id("2023-12"));
    let accuracy = proposal_accuracy(&records.submissions, &ledger, year(), end).unwrap();
    // Two forecasts (April, August) for each of the 14 units.
    assert_eq!(accuracy.len(), 28);
    for row in &accuracy {
        assert_eq!(
            row.outcome.checked_sub(row.proposal).unwrap(),
            row.proposal_error
        );
        assert_eq!(
            row.outcome.checked_sub(row.submitted).unwrap(),
            row.submitted_error
        );
    }
    // Norrskolan runs on budget: its forecast is the proposal, unchanged.
    let norr = accuracy
        .iter()
        .find(|r| r.unit.as_str() == "GRS-NORR")
        .unwrap();
    assert_eq!(norr.change_helped(), None);
    // Linden runs 4 % over budget; in April the controller's forecast saw half of that, closer
    // to the outcome than the proposal of outcome to date plus the remaining budget.
    let linden = accuracy
        .iter()
        .find(|r| r.unit.as_str() == "ALD-LINDEN" && r.made == id("2023-04"))
        .unwrap();
    assert_eq!(linden.entered_by.as_str(), "c02");
    assert_eq!(linden.change_helped(), Some(true));
}

#[test]
fn the_annual_report_shows_activities_under_their_goals() {
    let ledger = demo::ledger_2023().unwrap();
    let model = demo::steering_model_2023().unwrap();
    let projects = demo::investment_projects().unwrap();
    let calendar = ReportingCalendar::typical(year());
    let narratives = report::Narratives::default();
    let records = demo::planning_2023().unwrap();
    let inputs = report::ReportInputs {
        ledger: &ledger,
        model: &model,
        projects: &projects,
        calendar: &calendar,
        narratives: &narratives,
        comparison: None,
        planning: Some(&records),
        statutory: None,
    };
    let report = report::ReportRequest::new(ReportKind::Annual, id("2023-12"))
        .build(&inputs)
        .unwrap();
    let rows = report.activities.as_ref().unwrap();
    // Every activity of 2023 serves one assessed goal: 12 units' and two of the finance unit's.
    assert_eq!(rows.len(), 14);
    let em4: Vec<&str> = rows
        .iter()
        .filter(|r| r.goal.as_str() == "EM4")
        .map(|r| r.owner.as_str())
        .collect();
    assert_eq!(em4, ["Anna Berg", "Per Holmgren"]);
    // Done in June, as known on the closing date.
    let first = rows
        .iter()
        .find(|r| r.activity.as_str() == "A2023-03")
        .unwrap();
    assert_eq!(first.status, ActivityStatus::Done);
    let text = report::render::markdown(&report, &report::render::RenderOptions::default());
    assert!(
        text.contains("### Aktiviteter i verksamhetsplanerna"),
        "{text}"
    );
    assert!(text.contains("| EM4 | A2023-13 Utbildning av chefer i budget och prognos i systemet | EKO | Anna Berg | genomförd"), "{text}");
    // Without planning records there is no such section.
    let inputs = report::ReportInputs {
        planning: None,
        statutory: None,
        ..inputs
    };
    let report = report::ReportRequest::new(ReportKind::Annual, id("2023-12"))
        .build(&inputs)
        .unwrap();
    assert!(report.activities.is_none());
}

#[test]
fn planning_records_read_back_from_json() {
    let records = demo::planning_2023().unwrap();
    let json = serde_json::to_string(&records).unwrap();
    let back: PlanningRecords = serde_json::from_str(&json).unwrap();
    assert_eq!(back, records);
}
