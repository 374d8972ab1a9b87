//! The economy on the demo municipality and on small hand-made ledgers.

use styrmodell::finance::{self, BalanceRequirement, IncomeStatement};
use styrmodell::forecast::{self, ForecastBasis, ForecastError, ForecastMethod};
use styrmodell::group::{ConsolidationMethod, consolidate};
use styrmodell::periodise::{PeriodisationKey, PeriodiseError, Precision, split};
use styrmodell::*;

fn kr(kronor: i64) -> Amount {
    Amount::from_kronor(kronor)
}

fn id(text: &str) -> OrgUnitId {
    text.parse().unwrap()
}

fn august() -> AsOf {
    AsOf::end_of("2022-08".parse().unwrap())
}

#[test]
fn source_report_investment_table_comes_out_exactly() {
    let project = demo::steering_system_project().unwrap();
    let report = project.final_report(crate::closed_2022()).unwrap().unwrap();
    assert_eq!(report.date.to_string(), "2023-01-04");
    let budgets: Vec<Amount> = report.lines.iter().map(|l| l.budget).collect();
    assert_eq!(
        budgets,
        [
            700_000, 700_000, 100_000, 700_000, 500_000, 350_000, 150_000
        ]
        .map(kr)
    );
    let outcomes: Vec<Option<Amount>> = report.lines.iter().map(|l| l.outcome).collect();
    assert_eq!(
        outcomes,
        [
            Some(kr(719_000)),
            Some(kr(504_000)),
            None,
            Some(kr(386_659)),
            Some(kr(1_026_200)),
            None,
            None
        ]
    );
    let deviations: Vec<Option<Amount>> = report.lines.iter().map(|l| l.deviation).collect();
    assert_eq!(
        deviations,
        [
            Some(kr(-19_000)),
            Some(kr(196_000)),
            Some(kr(100_000)),
            Some(kr(313_341)),
            Some(kr(-526_200)),
            None,
            None
        ]
    );
    // "Totalt 3 200 000 inkl VA / 2 700 000 exkl VA / 2 635 859 / 64 141": the deviation
    // only excluding the water company, whose lines were withdrawn.
    let [including, excluding] = &report.totals[..] else {
        panic!("two totals: {:?}", report.totals)
    };
    assert_eq!(including.label, "inkl. VA");
    assert_eq!(including.budget, kr(3_200_000));
    assert_eq!(including.outcome, kr(2_635_859));
    assert_eq!(including.deviation, None);
    assert_eq!(excluding.label, "exkl. VA");
    assert_eq!(excluding.budget, kr(2_700_000));
    assert_eq!(excluding.outcome, kr(2_635_859));
    assert_eq!(excluding.deviation, Some(kr(64_141)));
    assert_eq!(
        kr(2_635_859).report().scale(Scale::Tkr).to_string(),
        "2 636"
    );
}

#[test]
fn a_final_report_is_not_known_before_its_date() {
    let project = demo::steering_system_project().unwrap();
    assert_eq!(project.final_report(august()).unwrap(), None);
    // Dated 2023-01-04: not in a report known on the last day of 2022.
    let year_end = AsOf::end_of("2022-12".parse().unwrap());
    assert_eq!(project.final_report(year_end).unwrap(), None);
}

#[test]
fn investment_projects_carry_over_and_forecast() {
    let projects = demo::investment_projects().unwrap();
    let school = &projects[1];
    let year = Year::new(2022).unwrap();
    let year_end = AsOf::end_of("2022-12".parse().unwrap());
    assert_eq!(school.outcome_in(year).unwrap(), kr(5_270_000));
    assert_eq!(school.carry_over(year).unwrap(), kr(1_730_000));
    let moved = school.with_carry_over(year).unwrap();
    assert_eq!(moved.yearly_budgets[&year], kr(5_270_000));
    assert_eq!(
        moved.yearly_budgets[&Year::new(2023).unwrap()],
        kr(6_730_000)
    );
    assert_eq!(
        school.remaining_appropriation(year_end).unwrap(),
        kr(6_730_000)
    );
    // In August, eight twelfths of the year's 5 270 000 spread evenly in whole kronor over
    // its three lines: 3 513 333.33, within a krona per line.
    let august_outcome = school.accumulated_outcome(august()).unwrap();
    assert!(
        (august_outcome.ore() - 351_333_333).abs() <= 300,
        "{august_outcome}"
    );
    // Unspent line budgets are assumed to be spent: the forecast equals the appropriation.
    assert_eq!(
        school.forecast_at_completion(year_end).unwrap(),
        kr(12_000_000)
    );
}

#[test]
fn forecast_at_completion_follows_the_status() {
    let steering = demo::steering_system_project().unwrap();
    let year_end = AsOf::end_of("2022-12".parse().unwrap());
    // Completed on 2022-12-31: the forecast is the outcome.
    assert_eq!(
        steering.status_on(year_end),
        styrmodell::investment::InvestmentStatus::Completed
    );
    assert_eq!(
        steering.forecast_at_completion(year_end).unwrap(),
        kr(2_635_859)
    );
    // In August it was running: overrun lines at their outcome (719 000, and 400 000 plus
    // eight twelfths of 626 200 on the internal staff line), the others at their budget
    // (700 000 + 100 000 + 700 000), the withdrawn water-company lines at nothing.
    let august_forecast = steering.forecast_at_completion(august()).unwrap();
    let expected = 719_000 + 400_000 + 417_467 + 700_000 + 100_000 + 700_000;
    assert!(
        (august_forecast.ore() - i128::from(expected) * 100).abs() <= 100,
        "{august_forecast}"
    );
}

#[test]
fn income_lines_keep_their_sign_in_the_forecast() {
    use styrmodell::investment::*;
    let mut project = demo::investment_projects().unwrap()[1].clone();
    let grant_months = [("2022-03", -200_000)]
        .map(|(m, k)| (m.parse::<Month>().unwrap(), kr(k)))
        .into_iter()
        .collect();
    project.lines.push(CostLine {
        name: "Statsbidrag".to_owned(),
        category: CostCategory::Income,
        entity: id("KF"),
        budget: kr(-500_000),
        outcome: grant_months,
        remaining_estimate: None,
        withdrawn: None,
    });
    let year_end = AsOf::end_of("2022-12".parse().unwrap());
    // The cost lines come to the appropriation, 12 000 000; the grant to its budget, −500 000.
    assert_eq!(
        project.forecast_at_completion(year_end).unwrap(),
        kr(11_500_000)
    );
}

#[test]
fn demo_follow_up_is_consistent() {
    let ledger = demo::ledger().unwrap();
    let follow_up = FollowUpOptions::new("2022-08".parse().unwrap())
        .scope(id("SN"))
        .compute(&ledger)
        .unwrap();
    assert_eq!(follow_up.rows[0].unit, id("SN"));
    assert_eq!(follow_up.year_elapsed, Ratio::of_counts(8, 12).unwrap());
    for row in &follow_up.rows {
        let net = &row.net;
        assert_eq!(
            net.deviation_to_date,
            net.budget_to_date.checked_sub(net.outcome_to_date).unwrap()
        );
        let forecast = net.forecast.unwrap();
        assert_eq!(
            net.forecast_deviation.unwrap(),
            net.annual_budget.checked_sub(forecast).unwrap()
        );
        let line_sum =
            Amount::checked_sum(row.lines.iter().map(|(_, f)| f.outcome_to_date)).unwrap();
        assert_eq!(line_sum, net.outcome_to_date, "{}", row.unit);
    }
    // Elderly care's salaries were revised up by 3 %, so the current budget exceeds the original.
    let original = FollowUpOptions::new("2022-08".parse().unwrap())
        .scope(id("ALD"))
        .max_depth(0)
        .budget(BudgetRule::Revision(0))
        .compute(&ledger)
        .unwrap();
    let current = FollowUpOptions::new("2022-08".parse().unwrap())
        .scope(id("ALD"))
        .max_depth(0)
        .compute(&ledger)
        .unwrap();
    assert_eq!(current.rows.len(), 1);
    assert!(current.rows[0].net.annual_budget > original.rows[0].net.annual_budget);
}

fn small_ledger(facts: Vec<Fact>) -> Ledger {
    let org = Organisation::from_units(vec![
        OrgUnit::new("KF", "KF", OrgUnitKind::Council).unwrap(),
        OrgUnit::new("U", "U", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("KF")
            .unwrap(),
    ])
    .unwrap();
    let chart = Chart::kommun_bas().with_account("5011".parse().unwrap(), "Löner");
    let mut builder = Ledger::builder(
        org,
        chart,
        PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap(),
    )
    .with_history(1);
    builder.extend(facts);
    builder.build().unwrap()
}

fn fact(month: &str, layer: Layer, kronor: i64) -> Fact {
    Fact::new(
        id("U"),
        "5011".parse().unwrap(),
        month.parse().unwrap(),
        layer,
        kr(kronor),
    )
}

fn year_of(year: i32, layer: Layer, monthly: impl Fn(u32) -> i64) -> Vec<Fact> {
    (1..=12)
        .map(|m| fact(&format!("{year}-{m:02}"), layer, monthly(m)))
        .collect()
}

#[test]
fn forecast_methods_record_their_inputs() {
    let mut facts = year_of(2022, Layer::ORIGINAL_BUDGET, |_| 100);
    facts.extend(year_of(
        2022,
        Layer::Outcome,
        |m| if m <= 4 { 120 } else { 0 },
    ));
    facts.extend(year_of(
        2021,
        Layer::Outcome,
        |m| if m <= 4 { 50 } else { 100 },
    ));
    let made: Month = "2022-02".parse().unwrap();
    facts.extend(year_of(2022, Layer::Forecast { made }, |_| 110));
    let ledger = small_ledger(facts);
    let as_of: Month = "2022-04".parse().unwrap();
    let run = |method| forecast::forecast(&ledger, &id("U"), None, as_of, method).unwrap();
    let remaining = run(ForecastMethod::OutcomePlusRemainingBudget);
    assert_eq!(remaining.outcome_to_date, kr(480));
    assert_eq!(
        remaining.basis,
        ForecastBasis::RemainingBudget {
            remaining_budget: kr(800)
        }
    );
    assert_eq!(remaining.full_year, kr(1280));
    assert_eq!(run(ForecastMethod::RunRate).full_year, kr(1440));
    // Last year 200 by April of 1000: this year's 480 scales to 2400.
    let seasonal = run(ForecastMethod::Seasonal {
        reference: Year::new(2021).unwrap(),
    });
    assert_eq!(seasonal.full_year, kr(2400));
    assert_eq!(
        run(ForecastMethod::CarryPrevious { made }).full_year,
        kr(1320)
    );
    assert_eq!(run(ForecastMethod::Manual(kr(7))).full_year, kr(7));
    let missing = forecast::forecast(
        &ledger,
        &id("U"),
        None,
        as_of,
        ForecastMethod::CarryPrevious { made: as_of },
    );
    assert!(matches!(
        missing,
        Err(ForecastError::NoPreviousForecast { .. })
    ));
    let no_reference = ForecastMethod::Seasonal {
        reference: Year::new(2019).unwrap(),
    };
    assert!(matches!(
        forecast::forecast(&ledger, &id("U"), None, as_of, no_reference),
        Err(ForecastError::NoReference { .. })
    ));
}

#[test]
fn historical_profile_follows_last_years_outcome() {
    // Last year's outcome: nothing in July, double in December.
    let ledger = small_ledger(year_of(2021, Layer::Outcome, |m| match m {
        7 => 0,
        12 => 200,
        _ => 100,
    }));
    let key =
        PeriodisationKey::historical(&ledger, &id("U"), None, Year::new(2021).unwrap()).unwrap();
    let parts = split(
        kr(1_200_000),
        Year::new(2022).unwrap().months(),
        &key,
        Precision::Kronor,
    )
    .unwrap();
    assert_eq!(parts[6].1, Amount::ZERO);
    assert_eq!(parts[11].1, kr(200_000));
    assert_eq!(parts[0].1, kr(100_000));
    // A month against the year's direction cannot be a weight.
    let mixed = small_ledger(year_of(
        2021,
        Layer::Outcome,
        |m| if m == 3 { -5 } else { 100 },
    ));
    let err =
        PeriodisationKey::historical(&mixed, &id("U"), None, Year::new(2021).unwrap()).unwrap_err();
    assert!(
        matches!(err, PeriodiseError::NegativeWeight { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("2021-03"));
}

#[test]
fn forecast_accuracy_for_every_forecast() {
    let ledger = demo::ledger().unwrap();
    let accuracy = forecast::accuracy(&ledger, Year::new(2022).unwrap()).unwrap();
    let sn: Vec<_> = accuracy.iter().filter(|a| a.unit == id("SN")).collect();
    assert_eq!(sn.len(), 2);
    assert_eq!(sn[0].made, "2022-04".parse().unwrap());
    for a in &sn {
        assert_eq!(a.error, a.forecast.checked_sub(a.outcome).unwrap());
    }
    // The August forecast knows more, so it is closer than April's.
    assert!(sn[1].error.abs() < sn[0].error.abs(), "{sn:?}");
}

#[test]
fn group_consolidation_eliminates_internal_sales() {
    let ledger = demo::ledger().unwrap();
    let year = PeriodRange::from(Year::new(2022).unwrap());
    let proportional = consolidate(&ledger, year, ConsolidationMethod::Proportional).unwrap();
    assert!(proportional.mismatches.is_empty());
    let eliminated =
        Amount::checked_sum(proportional.eliminations.iter().map(|e| e.amount)).unwrap();
    assert!(eliminated.is_zero());
    let revenue = &proportional.lines[0];
    assert_eq!(revenue.line, IncomeStatementLine::OperatingRevenue);
    // The 4.2 million kronor the municipality pays its companies is no group revenue: the
    // group's revenue is the municipality's, the wholly owned companies' in full and 30 % of
    // the associated energy company's, less the companies' sales to the municipality.
    let full = consolidate(&ledger, year, ConsolidationMethod::Full).unwrap();
    let cube = ledger.roll_up(AccountGrouping::IncomeStatementLine, year);
    let revenue_of = |c: &str| {
        cube.value_of(
            &id(c),
            Measure::Outcome,
            Some(Bucket::Line(IncomeStatementLine::OperatingRevenue)),
            year,
        )
        .unwrap()
    };
    let energy = revenue_of("ENERGI")
        .checked_mul(Decimal::new(3, 1), Rounding::HalfAwayFromZero)
        .unwrap();
    let expected = Amount::checked_sum([
        revenue.municipality,
        revenue_of("VATTEN"),
        revenue_of("BOSTAD"),
        energy,
        kr(4_200_000),
    ])
    .unwrap();
    assert_eq!(full.lines[0].group, expected);
    // Each line is traced: the weighted parts less the line's eliminations.
    for line in &full.lines {
        let parts = Amount::checked_sum(line.parts.iter().map(|p| p.weighted)).unwrap();
        let eliminated = Amount::checked_sum(
            full.eliminations
                .iter()
                .filter(|e| e.line == line.line)
                .map(|e| e.amount),
        )
        .unwrap();
        assert_eq!(
            line.group,
            parts.checked_sub(eliminated).unwrap(),
            "{:?}",
            line.line
        );
    }
}

#[test]
fn finance_key_ratios() {
    let ledger = demo::ledger().unwrap();
    let year = PeriodRange::from(Year::new(2022).unwrap());
    let budget = IncomeStatement::of(
        &ledger,
        &id("KF"),
        Measure::Budget(BudgetRule::Current),
        year,
    )
    .unwrap();
    let share = budget.result_share().unwrap().unwrap();
    assert!(
        share.exceeds_percent(1.into()).unwrap() && !share.exceeds_percent(4.into()).unwrap(),
        "{share}"
    );
    let outcome = IncomeStatement::of(&ledger, &id("KF"), Measure::Outcome, year).unwrap();
    let result = outcome.result().unwrap();
    let sum = Amount::checked_sum(outcome.lines.values().copied()).unwrap();
    assert_eq!(result, sum.negated());
    let self_financing = finance::self_financing(kr(10), kr(5), kr(30))
        .unwrap()
        .unwrap();
    assert_eq!(
        self_financing.cmp_percent(50.into()).unwrap(),
        std::cmp::Ordering::Equal
    );
    assert_eq!(
        finance::budget_adherence(kr(200), kr(199))
            .unwrap()
            .unwrap()
            .format_percent(1),
        "0,5 %"
    );
    assert_eq!(
        finance::forecast_accuracy(kr(101), kr(100))
            .unwrap()
            .unwrap()
            .format_percent(0),
        "1 %"
    );
    assert!(
        finance::budget_adherence(Amount::ZERO, kr(1))
            .unwrap()
            .is_none()
    );
    let requirement = BalanceRequirement {
        realisation_gains: kr(10),
        adjustments: vec![finance::Adjustment {
            description: "orealiserade förluster".into(),
            amount: kr(5),
        }],
        to_reserve: kr(20),
        from_reserve: kr(3),
        ..BalanceRequirement::of_result(kr(100))
    };
    assert_eq!(requirement.balance_result().unwrap(), kr(78));
}

#[test]
fn deficits_are_restored_within_three_years() {
    let y = |n| Year::new(n).unwrap();
    let history = [
        (y(2019), kr(-10)),
        (y(2020), kr(-5)),
        (y(2021), kr(12)),
        (y(2023), kr(100)),
    ];
    let open = finance::deficits(&history).unwrap();
    assert_eq!(open[0].remaining, Amount::ZERO);
    // 2021's surplus covered 2019 fully and 2 of 2020's 5; 2023 is within 2020's window.
    assert_eq!(open[1].remaining, Amount::ZERO);
    // A deficit not restored within its three years is still owed: a later surplus restores
    // it, late (2023 is after 2019's last year to restore, 2022).
    let late = finance::deficits(&[(y(2019), kr(-10)), (y(2020), kr(0))]).unwrap();
    assert_eq!(late[0].remaining, kr(10));
    assert_eq!(late[0].restore_by, y(2022));
    let restored_late = finance::deficits(&[(y(2019), kr(-10)), (y(2023), kr(100))]).unwrap();
    assert_eq!(restored_late[0].remaining, Amount::ZERO);
}

mod bad_input {
    use super::*;

    #[test]
    fn unknown_unit_and_account_name_the_fact() {
        let org = demo::organisation().unwrap();
        let chart = demo::chart().unwrap();
        let mut builder = Ledger::builder(
            org,
            chart,
            PlanHorizon::new(Year::new(2022).unwrap(), 2).unwrap(),
        );
        builder.push(Fact::new(
            id("BSN"),
            "5011".parse().unwrap(),
            "2022-01".parse().unwrap(),
            Layer::Outcome,
            kr(1),
        ));
        builder.push(Fact::new(
            id("NOWHERE"),
            "5011".parse().unwrap(),
            "2022-01".parse().unwrap(),
            Layer::Outcome,
            kr(1),
        ));
        builder.push(Fact::new(
            id("BSN"),
            "9999".parse().unwrap(),
            "2022-01".parse().unwrap(),
            Layer::Outcome,
            kr(1),
        ));
        builder.push(Fact::new(
            id("BSN"),
            "5011".parse().unwrap(),
            "2030-01".parse().unwrap(),
            Layer::Outcome,
            kr(1),
        ));
        let errors = builder.build().unwrap_err();
        assert_eq!(
            errors.0[0],
            LedgerError::UnknownUnit {
                position: 2,
                unit: "NOWHERE".into()
            }
        );
        assert_eq!(
            errors.0[1],
            LedgerError::UnknownAccount {
                position: 3,
                account: "9999".parse().unwrap()
            }
        );
        assert!(
            matches!(&errors.0[2], LedgerError::OutsideHorizon { position: 4, month, .. } if month.to_string() == "2030-01")
        );
        let text = errors.to_string();
        assert!(text.contains("fact 2: unknown org unit NOWHERE"), "{text}");
        assert!(text.contains("fact 3: unknown account 9999"), "{text}");
        assert!(text.contains("fact 4: month 2030-01"), "{text}");
    }

    #[test]
    fn manual_split_that_does_not_add_up() {
        let months = PeriodRange::from(Year::new(2022).unwrap());
        let parts = vec![kr(100); 12];
        let err = split(
            kr(1000),
            months,
            &PeriodisationKey::Manual(parts),
            Precision::Ore,
        )
        .unwrap_err();
        assert_eq!(
            err,
            PeriodiseError::ManualMismatch {
                expected: kr(1000),
                found: kr(1200)
            }
        );
        assert!(err.to_string().contains("1200.00") && err.to_string().contains("1000.00"));
    }

    #[test]
    fn overflowing_sums_are_errors_naming_the_unit() {
        let huge = Amount::from_ore(i128::from(i64::MAX)).unwrap();
        let facts: Vec<Fact> = (0..101)
            .map(|_| {
                Fact::new(
                    id("U"),
                    "5011".parse().unwrap(),
                    "2022-01".parse().unwrap(),
                    Layer::Outcome,
                    huge,
                )
            })
            .collect();
        let ledger = small_ledger(facts);
        let year = PeriodRange::from(Year::new(2022).unwrap());
        let cube = ledger.roll_up(AccountGrouping::All, year);
        let err = cube
            .value_of(&id("U"), Measure::Outcome, None, year)
            .unwrap_err();
        assert!(
            matches!(&err, LedgerError::Overflow { unit, .. } if unit == "U"),
            "{err}"
        );
        assert!(err.to_string().contains("org unit U"));
    }

    #[test]
    fn amount_too_large_for_the_ledger() {
        let org =
            Organisation::from_units(vec![OrgUnit::new("U", "U", OrgUnitKind::Unit).unwrap()])
                .unwrap();
        let chart = Chart::kommun_bas().with_account("5011".parse().unwrap(), "Löner");
        let mut builder = Ledger::builder(
            org,
            chart,
            PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap(),
        );
        let too_big = Amount::from_ore(i128::from(i64::MAX) + 1).unwrap();
        builder.push(Fact::new(
            id("U"),
            "5011".parse().unwrap(),
            "2022-01".parse().unwrap(),
            Layer::Outcome,
            too_big,
        ));
        let errors = builder.build().unwrap_err();
        assert!(matches!(
            errors.0[0],
            LedgerError::AmountTooLarge { position: 1, .. }
        ));
        assert!(errors.to_string().contains("fact 1"));
    }
}

#[test]
fn a_forecast_as_of_a_month_cannot_carry_a_later_one() {
    let ledger = demo::ledger().unwrap();
    let err = forecast::forecast(
        &ledger,
        &id("SN"),
        None,
        "2022-04".parse().unwrap(),
        ForecastMethod::CarryPrevious {
            made: "2022-08".parse().unwrap(),
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, ForecastError::NoPreviousForecast { .. }),
        "{err}"
    );
}

/// Förbrukat (budget used) is a cost row's figure: the council's surplus budget and the
/// revenue lines have none, the social committee's net cost has outcome over budget.
#[test]
fn budget_used_is_given_for_cost_budgets_only() {
    let ledger = demo::ledger().unwrap();
    let follow_up = FollowUpOptions::new("2022-08".parse().unwrap())
        .scope("KF".parse().unwrap())
        .max_depth(1)
        .compute(&ledger)
        .unwrap();
    let row = |unit: &str| {
        follow_up
            .rows
            .iter()
            .find(|r| r.unit.as_str() == unit)
            .unwrap()
    };
    let council = row("KF");
    assert!(council.net.annual_budget < Amount::ZERO);
    assert_eq!(council.net.budget_used, None);
    let social = row("SN");
    let expected = Ratio::new(
        social.net.outcome_to_date.to_decimal(),
        social.net.annual_budget.to_decimal(),
    )
    .unwrap();
    assert_eq!(social.net.budget_used, Some(expected));
    for (line, figures) in &council.lines {
        let cost = figures.annual_budget > Amount::ZERO;
        assert_eq!(figures.budget_used.is_some(), cost, "{line:?}");
    }
}
