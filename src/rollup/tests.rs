use super::*;
use crate::as_of::AsOf;
use crate::ledger::tests::{fact, horizon, small_chart, small_org};
use crate::period::Year;

fn year() -> PeriodRange {
    Year::new(2022).unwrap().months()
}

fn ledger(facts: Vec<crate::ledger::Fact>) -> Ledger {
    let mut builder = Ledger::builder(small_org(), small_chart(), horizon());
    builder.extend(facts);
    builder.decide_revision(1, decision(2022, 4, 25));
    builder.build().unwrap()
}

fn decision(year: i32, month: u32, day: u32) -> crate::decision::DecisionRef {
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day).unwrap();
    crate::decision::DecisionRef::new("KF".parse().unwrap(), date).paragraph("§ 66")
}

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn kronor(amount: Amount) -> i128 {
    amount.ore() / 100
}

#[test]
fn every_node_holds_its_subtree() {
    let ledger = ledger(vec![
        fact("U1", "5011", "2022-01", Layer::Outcome, 100),
        fact("U2", "5011", "2022-02", Layer::Outcome, 20),
        fact("SN", "3110", "2022-02", Layer::Outcome, -3),
        fact("KF", "5011", "2022-03", Layer::Outcome, 1),
    ]);
    let cube = ledger.roll_up(AccountGrouping::All, year());
    let totals: Vec<i128> = cube
        .subtotals(Measure::Outcome, None, year())
        .unwrap()
        .into_iter()
        .map(kronor)
        .collect();
    assert_eq!(totals, [118, 117, 100, 20]);
    let feb = PeriodRange::single("2022-02".parse().unwrap());
    assert_eq!(
        kronor(
            cube.value_of(&"SN".parse().unwrap(), Measure::Outcome, None, feb)
                .unwrap()
        ),
        17
    );
}

#[test]
fn buckets_split_by_line_and_leave_balance_accounts_out() {
    let ledger = ledger(vec![
        fact("U1", "5011", "2022-01", Layer::Outcome, 100),
        fact("U1", "3110", "2022-01", Layer::Outcome, -30),
        fact("U1", "1290", "2022-01", Layer::Outcome, 999),
    ]);
    let cube = ledger.roll_up(AccountGrouping::IncomeStatementLine, year());
    let u1 = "U1".parse().unwrap();
    let costs = Some(Bucket::Line(IncomeStatementLine::OperatingCosts));
    assert_eq!(
        kronor(cube.value_of(&u1, Measure::Outcome, costs, year()).unwrap()),
        100
    );
    assert_eq!(
        kronor(cube.value_of(&u1, Measure::Outcome, None, year()).unwrap()),
        70
    );
    let all = ledger.roll_up(AccountGrouping::All, year());
    assert_eq!(
        kronor(all.value_of(&u1, Measure::Outcome, None, year()).unwrap()),
        1069
    );
    let by_account = ledger.roll_up(AccountGrouping::Account, year());
    let wages = Some(Bucket::Account("5011".parse().unwrap()));
    assert_eq!(
        kronor(
            by_account
                .value_of(&u1, Measure::Outcome, wages, year())
                .unwrap()
        ),
        100
    );
}

#[test]
fn current_budget_takes_the_latest_revision_per_unit_and_account() {
    let revised = Layer::Budget { revision: 1 };
    let ledger = ledger(vec![
        fact("U1", "5011", "2022-01", Layer::ORIGINAL_BUDGET, 100),
        fact("U1", "5011", "2022-02", Layer::ORIGINAL_BUDGET, 100),
        fact("U1", "5011", "2022-01", revised, 150),
        fact("U1", "5011", "2022-02", revised, 0),
        fact("U2", "5011", "2022-01", Layer::ORIGINAL_BUDGET, 40),
        fact("U1", "5011", "2023-01", Layer::ORIGINAL_BUDGET, 70),
    ]);
    let cube = ledger.roll_up(AccountGrouping::All, horizon().months());
    let sn = "SN".parse().unwrap();
    let value = |rule| {
        kronor(
            cube.value_of(&sn, Measure::Budget(rule), None, year())
                .unwrap(),
        )
    };
    assert_eq!(value(BudgetRule::Current), 190);
    assert_eq!(value(BudgetRule::Revision(0)), 240);
    assert_eq!(value(BudgetRule::Revision(1)), 150);
    assert_eq!(value(BudgetRule::Revision(7)), 0);
    let next_year = Year::new(2023).unwrap().months();
    assert_eq!(
        kronor(
            cube.value_of(&sn, Measure::Budget(BudgetRule::Current), None, next_year)
                .unwrap()
        ),
        70
    );
}

#[test]
fn months_outside_the_ledger_give_zero() {
    let ledger = ledger(vec![fact("U1", "5011", "2022-01", Layer::Outcome, 100)]);
    let past = Year::new(2010).unwrap().months();
    let cube = ledger.roll_up(AccountGrouping::All, past);
    assert!(
        cube.value_of(&"U1".parse().unwrap(), Measure::Outcome, None, past)
            .unwrap()
            .is_zero()
    );
    let err = cube
        .value_of(&"NOPE".parse().unwrap(), Measure::Outcome, None, past)
        .unwrap_err();
    assert!(err.to_string().contains("NOPE"));
}

#[test]
fn a_revision_counts_from_its_decision_date() {
    let revised = Layer::Budget { revision: 1 };
    let ledger = ledger(vec![
        fact("U1", "5011", "2022-01", Layer::ORIGINAL_BUDGET, 100),
        fact("U1", "5011", "2022-01", revised, 150),
    ]);
    let u1 = "U1".parse().unwrap();
    let current = |as_of: &str| {
        let cube = ledger
            .as_of(AsOf::end_of(month(as_of)))
            .roll_up(AccountGrouping::All, year());
        kronor(
            cube.value_of(&u1, Measure::Budget(BudgetRule::Current), None, year())
                .unwrap(),
        )
    };
    // Decided on 25 April: the March report knows only the original budget.
    assert_eq!(current("2022-03"), 100);
    assert_eq!(current("2022-04"), 150);
}

#[test]
fn a_revision_missing_a_decision_is_refused() {
    let mut builder = Ledger::builder(small_org(), small_chart(), horizon());
    builder.push(fact(
        "U1",
        "5011",
        "2022-01",
        Layer::Budget { revision: 2 },
        1,
    ));
    let err = builder.build().unwrap_err();
    assert_eq!(
        err.0,
        [crate::ledger::LedgerError::RevisionWithoutDecision { revision: 2 }]
    );
}

#[test]
fn the_current_budget_is_resolved_over_the_whole_year_whatever_months_are_asked() {
    // Revision 1 is the year's budget for U1 and 5011 (the rule is per unit, account and
    // year); it names September to December only, so January to August are zero in it.
    let revised = Layer::Budget { revision: 1 };
    let mut facts: Vec<_> = (1..=12)
        .map(|m| {
            fact(
                "U1",
                "5011",
                &format!("2022-{m:02}"),
                Layer::ORIGINAL_BUDGET,
                10,
            )
        })
        .collect();
    facts.extend((9..=12).map(|m| fact("U1", "5011", &format!("2022-{m:02}"), revised, 20)));
    let ledger = ledger(facts);
    let cube = ledger.roll_up(AccountGrouping::All, year());
    let u1 = "U1".parse().unwrap();
    let spring = PeriodRange::new(month("2022-01"), month("2022-08")).unwrap();
    let autumn = PeriodRange::new(month("2022-09"), month("2022-12")).unwrap();
    let current = |months| {
        kronor(
            cube.value_of(&u1, Measure::Budget(BudgetRule::Current), None, months)
                .unwrap(),
        )
    };
    assert_eq!(current(autumn), 80);
    assert_eq!(current(spring), 0);
    // The same figures whatever window the roll-up was made over: a roll-up of spring alone
    // does not fall back on the original.
    let spring_cube = ledger.roll_up(AccountGrouping::All, spring);
    assert_eq!(
        kronor(
            spring_cube
                .value_of(&u1, Measure::Budget(BudgetRule::Current), None, spring)
                .unwrap()
        ),
        0
    );
    let autumn_cube = ledger.roll_up(AccountGrouping::All, autumn);
    assert_eq!(
        kronor(
            autumn_cube
                .value_of(&u1, Measure::Budget(BudgetRule::Current), None, autumn)
                .unwrap()
        ),
        80
    );
}

#[test]
fn the_full_year_forecast_fills_uncovered_keys_with_outcome_plus_remaining_budget() {
    let made = month("2022-08");
    let forecast = Layer::Forecast { made };
    let mut facts = Vec::new();
    for m in 1..=12 {
        let m = format!("2022-{m:02}");
        facts.push(fact("U1", "5011", &m, Layer::ORIGINAL_BUDGET, 10));
        facts.push(fact("U1", "5011", &m, forecast, 12));
        facts.push(fact("U2", "5011", &m, Layer::ORIGINAL_BUDGET, 5));
        facts.push(fact("U2", "5011", &m, Layer::Outcome, 7));
    }
    let ledger = ledger(facts);
    let cube = ledger
        .as_of(AsOf::end_of(made))
        .full_year(AccountGrouping::All);
    let value = |unit: &str| {
        kronor(
            cube.value_of(
                &unit.parse().unwrap(),
                Measure::FullYearForecast,
                None,
                year(),
            )
            .unwrap(),
        )
    };
    // U1 is forecast: 12 × 12. U2 is not: outcome to August 8 × 7, then budget 4 × 5.
    assert_eq!(value("U1"), 144);
    assert_eq!(value("U2"), 56 + 20);
    assert_eq!(value("SN"), 144 + 76);
    let filled = cube.filled_forecasts();
    assert_eq!(filled.len(), 1);
    assert_eq!(filled[0].unit.as_str(), "U2");
    assert_eq!(kronor(filled[0].outcome_to_date), 56);
    assert_eq!(kronor(filled[0].remaining_budget), 20);
}

#[test]
fn the_dense_and_the_hashed_table_of_latest_revisions_agree() {
    let mut dense = Latest {
        first_year: 2022,
        cells: LatestCells::Dense {
            table: vec![0; 2 * 3 * 2],
            accounts: 3,
            years: 2,
        },
    };
    let mut hashed = Latest {
        first_year: 2022,
        cells: LatestCells::Hashed(HashMap::new()),
    };
    let notes = [
        (0, 1, 2022, 0),
        (0, 1, 2022, 2),
        (1, 2, 2023, 1),
        (1, 0, 2022, 0),
    ];
    for (unit, account, year, revision) in notes {
        dense.note(unit, account, year, revision);
        hashed.note(unit, account, year, revision);
    }
    for unit in 0..2 {
        for account in 0..3 {
            for year in [2022, 2023] {
                for revision in 0..3 {
                    assert_eq!(
                        dense.is_latest(unit, account, year, revision),
                        hashed.is_latest(unit, account, year, revision),
                        "{unit} {account} {year} {revision}"
                    );
                }
            }
        }
    }
    assert!(dense.is_latest(0, 1, 2022, 2));
    assert!(!dense.is_latest(0, 1, 2022, 0));
}
