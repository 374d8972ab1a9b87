//! Figures true as of their date: the non-interference law (nothing known after a report's
//! knowledge date changes it), a report built from all data equals one built from the data cut
//! at its date, every report of the demo agrees with itself, and reports that cannot be true
//! are refused.

use proptest::prelude::*;
use styrmodell::assess::{AssessmentMode, assess};
use styrmodell::investment::{InvestmentProject, InvestmentStatus, StatusChange};
use styrmodell::report::render;
use styrmodell::report::{Narratives, ReportError, ReportInputs, ReportRequest};
use styrmodell::steering::{Measured, Observation, SteeringModel};
use styrmodell::*;

struct Data {
    ledger: Ledger,
    model: SteeringModel,
    projects: Vec<InvestmentProject>,
}

fn demo_data() -> Data {
    Data {
        ledger: demo::ledger().unwrap(),
        model: demo::steering_model().unwrap(),
        projects: demo::investment_projects().unwrap(),
    }
}

fn calendar() -> ReportingCalendar {
    ReportingCalendar::typical(Year::new(2022).unwrap())
}

/// Every report of the calendar, at every scope, as JSON.
/// The demo's municipality report at the calendar's point in `month`, as JSON.
fn municipality_report_at(month: &str) -> serde_json::Value {
    let point = calendar()
        .point_at(month.parse().unwrap())
        .copied()
        .unwrap();
    let json = report_json(&demo_data(), &point, &ReportScope::Municipality);
    serde_json::from_str(&json).unwrap()
}

fn report_json(data: &Data, point: &ReportPoint, scope: &ReportScope) -> String {
    let calendar = calendar();
    let narratives = Narratives::default();
    let inputs = ReportInputs {
        ledger: &data.ledger,
        model: &data.model,
        projects: &data.projects,
        calendar: &calendar,
        narratives: &narratives,
        comparison: None,
        planning: None,
        statutory: None,
    };
    let report = ReportRequest::new(point.kind, point.as_of)
        .scope(scope.clone())
        .build(&inputs)
        .unwrap_or_else(|e| panic!("{} {}: {e}", point.kind, point.as_of));
    render::json(&report).unwrap()
}

fn assessment_json(data: &Data, as_of: AsOf) -> String {
    let assessment = assess(
        &data.model,
        Some(&data.ledger),
        "2022".parse().unwrap(),
        AssessmentMode::Forecast,
        as_of,
    );
    serde_json::to_string(&assessment).unwrap()
}

fn scopes() -> [ReportScope; 3] {
    [
        ReportScope::Municipality,
        ReportScope::Group,
        ReportScope::Unit("SN".parse().unwrap()),
    ]
}

/// What may be added after a knowledge date.
#[derive(Debug, Clone)]
enum Later {
    /// A budget revision decided `days` after the knowledge date.
    Revision { days: u32, unit: usize, kronor: i64 },
    /// A forecast made in a month after the period's.
    Forecast {
        months: u32,
        unit: usize,
        kronor: i64,
    },
    /// Outcome of a month after the period's.
    Outcome {
        months: u32,
        unit: usize,
        kronor: i64,
    },
    /// An observation published `days` after the knowledge date.
    Observation { days: u32, percent: u32 },
    /// A project status change `days` after the knowledge date.
    Status { days: u32, project: usize },
}

fn later() -> impl Strategy<Value = Later> {
    prop_oneof![
        (1u32..400, 0usize..20, -9_000_000i64..9_000_000)
            .prop_map(|(days, unit, kronor)| Later::Revision { days, unit, kronor }),
        (1u32..12, 0usize..20, -9_000_000i64..9_000_000).prop_map(|(months, unit, kronor)| {
            Later::Forecast {
                months,
                unit,
                kronor,
            }
        }),
        (1u32..24, 0usize..20, -9_000_000i64..9_000_000).prop_map(|(months, unit, kronor)| {
            Later::Outcome {
                months,
                unit,
                kronor,
            }
        }),
        (1u32..400, 0u32..=100).prop_map(|(days, percent)| Later::Observation { days, percent }),
        (1u32..400, 0usize..3).prop_map(|(days, project)| Later::Status { days, project }),
    ]
}

/// The demo with `additions` made after `as_of`'s knowledge date.
fn with_later(base: &Data, as_of: AsOf, additions: &[Later]) -> Data {
    let org = base.ledger.organisation().clone();
    let units: Vec<OrgUnitId> = org.units().iter().map(|u| u.id.clone()).collect();
    let unit = |i: usize| units[i % units.len()].clone();
    let account: AccountCode = "5011".parse().unwrap();
    let after = |months: u32| {
        as_of
            .month()
            .checked_add(i32::try_from(months).unwrap())
            .unwrap()
    };
    let mut builder =
        Ledger::builder(org, base.ledger.chart().clone(), base.ledger.horizon()).with_history(1);
    builder.extend(base.ledger.facts());
    copy_openings(&base.ledger, &mut builder);
    builder.decide_revision(1, base.ledger.revision_decision(1).unwrap().clone());
    let mut model = base.model.parts().clone();
    let mut projects = base.projects.clone();
    for addition in additions {
        match *addition {
            Later::Revision {
                days,
                unit: u,
                kronor,
            } => {
                let date = as_of.known() + chrono::Days::new(u64::from(days));
                builder.decide_revision(2, DecisionRef::new("KF".parse().unwrap(), date));
                builder.push(Fact::new(
                    unit(u),
                    account,
                    "2022-11".parse().unwrap(),
                    Layer::Budget { revision: 2 },
                    Amount::from_kronor(kronor),
                ));
            }
            Later::Forecast {
                months,
                unit: u,
                kronor,
            } => {
                let made = after(months);
                push_in_horizon(
                    &mut builder,
                    unit(u),
                    made,
                    Layer::Forecast { made },
                    kronor,
                );
            }
            Later::Outcome {
                months,
                unit: u,
                kronor,
            } => {
                push_in_horizon(&mut builder, unit(u), after(months), Layer::Outcome, kronor);
            }
            Later::Observation { days, percent } => {
                // A unit with no observation of the indicator yet: new data, not a replacement.
                let mut observation = Observation::of_unit(
                    "EM4-CHEFER".parse().unwrap(),
                    "SN".parse().unwrap(),
                    "2022".parse().unwrap(),
                    Measured::Share(Ratio::of_counts(percent.into(), 100).unwrap()),
                );
                observation.published = Some(as_of.known() + chrono::Days::new(u64::from(days)));
                if !model.observations.iter().any(|o| {
                    o.indicator == observation.indicator
                        && o.period == observation.period
                        && o.subject == observation.subject
                }) {
                    model.observations.push(observation);
                }
            }
            Later::Status { days, project } => {
                let project = &mut projects[project % 3];
                let date = as_of.known() + chrono::Days::new(u64::from(days));
                if project.status.last().is_none_or(|s| s.date < date) {
                    project.status.push(StatusChange {
                        date,
                        status: InvestmentStatus::Cancelled,
                    });
                }
            }
        }
    }
    Data {
        ledger: builder.build().unwrap(),
        model: SteeringModel::new(base.model.organisation().clone(), model).unwrap(),
        projects,
    }
}

/// Adds a fact on account 5011 when `month` lies within the demo ledger's months.
fn push_in_horizon(
    builder: &mut LedgerBuilder,
    unit: OrgUnitId,
    month: Month,
    layer: Layer,
    kronor: i64,
) {
    let account: AccountCode = "5011".parse().unwrap();
    let months = PeriodRange::new("2021-01".parse().unwrap(), "2024-12".parse().unwrap());
    if months.unwrap().contains(month) {
        builder.push(Fact::new(
            unit,
            account,
            month,
            layer,
            Amount::from_kronor(kronor),
        ));
    }
}

/// The data of `base` cut at `as_of`: only the ledger facts known then.
fn cut_at(base: &Data, as_of: AsOf) -> Data {
    let view = base.ledger.as_of(as_of);
    let mut builder = Ledger::builder(
        base.ledger.organisation().clone(),
        base.ledger.chart().clone(),
        base.ledger.horizon(),
    )
    .with_history(1);
    builder.extend(base.ledger.facts().filter(|f| view.knows(f)));
    // Opening balances are known from the start of their year.
    copy_openings(&base.ledger, &mut builder);
    let decision = base.ledger.revision_decision(1).unwrap().clone();
    if as_of.knows(decision.date) {
        builder.decide_revision(1, decision);
    }
    Data {
        ledger: builder.build().unwrap(),
        model: base.model.clone(),
        projects: base.projects.clone(),
    }
}

/// The opening balances of every year of `ledger` into `builder`.
fn copy_openings(ledger: &Ledger, builder: &mut styrmodell::LedgerBuilder) {
    for year in ledger.months().start().year().number()..=ledger.months().end().year().number() {
        let year = Year::new(year).unwrap();
        for (unit, account, counterpart, amount) in ledger.opening_balances(year) {
            match counterpart {
                Some(other) => builder.opening_balance_against(year, unit, account, other, amount),
                None => builder.opening_balance(year, unit, account, amount),
            };
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Nothing decided, made, reported, observed or changed after a report's knowledge date
    /// changes the report or the assessment as of that date.
    #[test]
    fn later_data_never_changes_an_earlier_report(
        point in 0usize..9,
        additions in proptest::collection::vec(later(), 1..6),
    ) {
        let base = demo_data();
        let point = calendar().points()[point];
        let as_of = point.as_of().unwrap();
        let extended = with_later(&base, as_of, &additions);
        for scope in scopes() {
            prop_assert_eq!(report_json(&base, &point, &scope), report_json(&extended, &point, &scope));
        }
        prop_assert_eq!(assessment_json(&base, as_of), assessment_json(&extended, as_of));
    }
}

#[test]
fn a_report_from_all_data_equals_one_from_the_data_cut_at_its_date() {
    let base = demo_data();
    for point in calendar().points() {
        let cut = cut_at(&base, point.as_of().unwrap());
        for scope in scopes() {
            assert_eq!(
                report_json(&base, point, &scope),
                report_json(&cut, point, &scope),
                "{} {}",
                point.kind,
                point.as_of
            );
        }
    }
}

#[test]
fn reports_that_cannot_be_true_are_refused() {
    let data = demo_data();
    let narratives = Narratives::default();
    let refused = |kind, as_of: &str| {
        let calendar = ReportingCalendar::typical(as_of.parse::<Month>().unwrap().year());
        let inputs = ReportInputs {
            ledger: &data.ledger,
            model: &data.model,
            projects: &data.projects,
            calendar: &calendar,
            narratives: &narratives,
            comparison: None,
            planning: None,
            statutory: None,
        };
        ReportRequest::new(kind, as_of.parse().unwrap())
            .build(&inputs)
            .unwrap_err()
    };
    // 2020: before the ledger's history.
    let err = refused(ReportKind::Annual, "2020-12");
    assert!(matches!(err, ReportError::NoData { .. }), "{err}");
    assert!(
        err.to_string().contains("no budget and outcome for 2020"),
        "{err}"
    );
    // 2023: a plan year, with budget but no outcome.
    let err = refused(ReportKind::Monthly, "2023-05");
    assert!(err.to_string().contains("2023 is a plan year"), "{err}");
    // 2021: outcome kept as history, but no budget.
    let err = refused(ReportKind::Interim, "2021-08");
    assert!(err.to_string().contains("no budget for 2021"), "{err}");
}

#[test]
fn february_has_no_forecast_and_no_full_year_result_share() {
    let json = municipality_report_at("2022-02");
    assert_eq!(json["economy"]["result_share"], serde_json::Value::Null);
    assert_eq!(
        json["economy"]["follow_up"]["forecast_made"],
        serde_json::Value::Null
    );
}

#[test]
fn the_april_report_judges_the_financial_goal_by_the_april_forecast() {
    let json = municipality_report_at("2022-04");
    assert_eq!(json["economy"]["follow_up"]["forecast_made"], "2022-04");
    let share = &json["economy"]["result_share"];
    let goal = json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["goal"] == "KF-FIN")
        .unwrap();
    // The goal's indicator value is the economy section's result share, exactly.
    assert_eq!(&goal["indicators"][0]["value"]["share"], share);
}

#[test]
fn goals_are_assessed_only_in_their_years() {
    let mut parts = demo::steering_model().unwrap().parts().clone();
    let goal = parts
        .goals
        .iter_mut()
        .find(|g| g.id.as_str() == "EM4")
        .unwrap();
    goal.valid = (Year::new(2015).unwrap(), Year::new(2018).unwrap());
    let model = SteeringModel::new(demo::organisation().unwrap(), parts).unwrap();
    let assessment = assess(
        &model,
        None,
        "2022".parse().unwrap(),
        AssessmentMode::Final,
        crate::closed_2022(),
    );
    assert!(assessment.goal(&"EM4".parse().unwrap()).is_none());
    assert!(assessment.goal(&"EM5".parse().unwrap()).is_some());
}

#[test]
fn an_observation_counts_from_its_period_end_or_later_publication() {
    let data = demo_data();
    let em5 = "EM5".parse().unwrap();
    let value = |as_of: AsOf| {
        assess(
            &data.model,
            None,
            "2022".parse().unwrap(),
            AssessmentMode::Final,
            as_of,
        )
        .goal(&em5)
        .map(|g| g.indicators[0].value)
    };
    // Units using the system in 2022 (none, as the final report states), an observation of
    // the year 2022: unknown in August, known once the year is closed.
    assert_eq!(value(AsOf::end_of("2022-08".parse().unwrap())), Some(None));
    assert!(matches!(
        value(crate::closed_2022()),
        Some(Some(Measured::Share(_)))
    ));
}

/// Every report of the demo agrees with itself: units sum to their parent, deviations are
/// budget less outcome and budget less forecast, the investment table and the final reports
/// agree, and the financial goal's figure is the economy section's.
#[test]
fn every_demo_report_agrees_with_itself() {
    let data = demo_data();
    for point in calendar().points() {
        for scope in scopes() {
            let json: serde_json::Value =
                serde_json::from_str(&report_json(&data, point, &scope)).unwrap();
            let context = format!("{} {} {:?}", point.kind, point.as_of, scope);
            check_follow_up(&json["economy"]["follow_up"], &data.ledger, &context);
            // The demo's forecasts cover every unit and account they forecast.
            assert_eq!(
                json["economy"]["follow_up"]["filled_forecasts"],
                serde_json::json!([]),
                "{context}"
            );
            check_investments(&json["investments"], &context);
            check_financial_goal(&json, &context);
            check_group(&json, &data.ledger, &context);
        }
    }
}

fn amount(value: &serde_json::Value) -> Amount {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not an amount: {value}"))
        .parse()
        .unwrap()
}

fn check_follow_up(follow_up: &serde_json::Value, ledger: &Ledger, context: &str) {
    let org = ledger.organisation();
    let rows = follow_up["rows"].as_array().unwrap();
    for row in rows {
        let net = &row["net"];
        let (budget, to_date, outcome) = (
            amount(&net["annual_budget"]),
            amount(&net["budget_to_date"]),
            amount(&net["outcome_to_date"]),
        );
        assert_eq!(
            amount(&net["deviation_to_date"]),
            to_date.checked_sub(outcome).unwrap(),
            "{context}: {}",
            row["unit"]
        );
        if !net["forecast"].is_null() {
            assert_eq!(
                amount(&net["forecast_deviation"]),
                budget.checked_sub(amount(&net["forecast"])).unwrap(),
                "{context}: {}",
                row["unit"]
            );
        }
    }
    // Where every child of a unit is shown, their figures and the unit's own facts make the
    // unit's: check the sum of children never exceeds what the ledger holds by checking each
    // parent against a fresh roll-up of its children.
    let as_of: Month = follow_up["as_of"].as_str().unwrap().parse().unwrap();
    let known: NaiveDate = follow_up["known"].as_str().unwrap().parse().unwrap();
    let view = ledger.as_of(AsOf::end_of(as_of).known_on(known).unwrap());
    let year = as_of.year().months();
    let cube = view.roll_up(AccountGrouping::IncomeStatementLine, year);
    for row in rows {
        let id: OrgUnitId = row["unit"].as_str().unwrap().parse().unwrap();
        let unit = org.get(id.as_str()).unwrap();
        let children: Vec<&OrgUnit> = org.children(&id).unwrap();
        let own = Amount::checked_sum(
            ledger
                .facts()
                .filter(|f| f.unit == id && f.layer == Layer::Outcome && view.knows(f))
                .filter(|f| f.month <= as_of && f.month.year() == as_of.year())
                .filter(|f| ledger.chart().line(f.account).is_some())
                .map(|f| f.amount),
        )
        .unwrap();
        let from_children = Amount::checked_sum(children.iter().map(|c| {
            cube.value_of(
                &c.id,
                Measure::Outcome,
                None,
                PeriodRange::year_to_date(as_of),
            )
            .unwrap()
        }))
        .unwrap();
        assert_eq!(
            amount(&row["net"]["outcome_to_date"]),
            own.checked_add(from_children).unwrap(),
            "{context}: {} is its own outcome plus its children's",
            unit.id
        );
    }
}

fn check_investments(investments: &serde_json::Value, context: &str) {
    for row in investments["rows"].as_array().unwrap() {
        let expected = amount(&row["appropriation"])
            .checked_sub(amount(&row["withdrawn"]))
            .unwrap()
            .checked_sub(amount(&row["forecast_at_completion"]))
            .unwrap();
        assert_eq!(amount(&row["deviation"]), expected, "{context}");
        for report in investments["final_reports"].as_array().unwrap() {
            if report["project"] != row["project"] {
                continue;
            }
            // A finished project's forecast is its outcome, which the final report's
            // compared total shows, and so do their deviations.
            let compared = report["totals"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| !t["deviation"].is_null())
                .unwrap();
            assert_eq!(
                amount(&compared["outcome"]),
                amount(&row["forecast_at_completion"]),
                "{context}"
            );
            assert_eq!(
                amount(&compared["deviation"]),
                amount(&row["deviation"]),
                "{context}"
            );
        }
    }
}

fn check_financial_goal(report: &serde_json::Value, context: &str) {
    let Some(goals) = report["goals"].as_array() else {
        return;
    };
    let scope_is_municipality = report["scope"] == "municipality";
    for goal in goals.iter().filter(|g| g["goal"] == "KF-FIN") {
        if scope_is_municipality {
            assert_eq!(
                goal["indicators"][0]["value"]["share"], report["economy"]["result_share"],
                "{context}"
            );
        }
    }
}

/// The group table: each line is its parts less its eliminations, and the municipality column
/// is the council's own income statement to date (the demo has no transactions within a party).
fn check_group(report: &serde_json::Value, ledger: &Ledger, context: &str) {
    let group = &report["group"];
    if group.is_null() {
        return;
    }
    let as_of: Month = report["as_of"].as_str().unwrap().parse().unwrap();
    let known: NaiveDate = report["known"].as_str().unwrap().parse().unwrap();
    let view = ledger.as_of(AsOf::end_of(as_of).known_on(known).unwrap());
    let to_date = PeriodRange::year_to_date(as_of);
    let cube = view.roll_up(AccountGrouping::IncomeStatementLine, to_date);
    let council = styrmodell::finance::IncomeStatement::from_cube(
        &cube,
        &"KF".parse().unwrap(),
        Measure::Outcome,
        to_date,
    )
    .unwrap();
    let eliminations = group["eliminations"].as_array().unwrap();
    for line in group["lines"].as_array().unwrap() {
        let parts = Amount::checked_sum(
            line["parts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| amount(&p["weighted"])),
        )
        .unwrap();
        let eliminated = Amount::checked_sum(
            eliminations
                .iter()
                .filter(|e| e["line"] == line["line"])
                .map(|e| amount(&e["amount"])),
        )
        .unwrap();
        assert_eq!(
            amount(&line["group"]),
            parts.checked_sub(eliminated).unwrap(),
            "{context}: {}",
            line["line"]
        );
        let name: IncomeStatementLine = serde_json::from_value(line["line"].clone()).unwrap();
        let own = council.lines.get(&name).copied().unwrap_or(Amount::ZERO);
        assert_eq!(
            amount(&line["municipality"]),
            own,
            "{context}: {}",
            line["line"]
        );
    }
}

#[cfg(feature = "proptest")]
/// Later facts for a generated ledger: forecasts made, outcome of months, and a revision
/// decided after the month `m`.
fn later_facts(
    org: &Organisation,
    m: Month,
    raw: &[(usize, u8, u32, i64)],
) -> (Vec<Fact>, Option<DecisionRef>) {
    let accounts = ["3010", "5011", "8010"];
    let mut decision = None;
    let facts = raw
        .iter()
        .filter_map(|&(unit, what, months, kronor)| {
            let unit = org.units()[unit % org.len()].id.clone();
            let account: AccountCode = accounts[unit.as_str().len() % 3].parse().unwrap();
            let after = m.checked_add(i32::try_from(months).unwrap())?;
            if after.year().number() > 2024 {
                return None;
            }
            let layer = match what % 3 {
                0 if after.year() == m.year() => Layer::Forecast { made: after },
                1 => Layer::Outcome,
                _ => {
                    decision = Some(DecisionRef::new(org.root().id.clone(), after.first_day()));
                    Layer::Budget { revision: 2 }
                }
            };
            let month = if matches!(layer, Layer::Budget { .. }) {
                m
            } else {
                after
            };
            Some(Fact::new(
                unit,
                account,
                month,
                layer,
                Amount::from_kronor(kronor),
            ))
        })
        .collect();
    (facts, decision)
}

#[cfg(feature = "proptest")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// For any generated ledger and month, facts made known after the month leave the
    /// follow-up as of that month unchanged, and a ledger cut at the month gives the same.
    #[test]
    fn a_generated_follow_up_sees_nothing_after_its_month(
        (ledger, _) in styrmodell::strategy::ledger(12, 80),
        month in 1u32..=12,
        raw in proptest::collection::vec((0usize..50, 0u8..3, 1u32..14, -1_000_000i64..1_000_000), 0..12),
    ) {
        let m = Month::new(2022, month).unwrap();
        let follow_up = |ledger: &Ledger| {
            serde_json::to_string(&FollowUpOptions::new(m).compute(ledger).unwrap()).unwrap()
        };
        let org = ledger.organisation().clone();
        let (later, decision) = later_facts(&org, m, &raw);
        let rebuild = |facts: &mut dyn Iterator<Item = Fact>, extra: Option<DecisionRef>| {
            let mut builder = Ledger::builder(org.clone(), ledger.chart().clone(), ledger.horizon());
            builder.extend(facts);
            if let Some(d) = ledger.revision_decision(1) {
                builder.decide_revision(1, d.clone());
            }
            if let Some(d) = extra {
                builder.decide_revision(2, d);
            }
            builder.build().unwrap()
        };
        let base = follow_up(&ledger);
        let extended = rebuild(&mut ledger.facts().chain(later), decision);
        prop_assert_eq!(&base, &follow_up(&extended));
        let view = ledger.as_of(AsOf::end_of(m));
        let cut = rebuild(&mut ledger.facts().filter(|f| view.knows(f)), None);
        prop_assert_eq!(&base, &follow_up(&cut));
    }
}
