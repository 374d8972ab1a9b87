use super::*;
use crate::ledger::tests::{fact, horizon, small_chart, small_org};
use crate::period::Year;

fn year() -> PeriodRange {
    Year::new(2022).unwrap().months()
}

fn ledger(facts: Vec<crate::ledger::Fact>) -> Ledger {
    let mut builder = Ledger::builder(small_org(), small_chart(), horizon());
    builder.extend(facts);
    builder.build().unwrap()
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
