//! The integrator's path: a real SIE 4 export to an assessed goal and a report.
//!
//! `cargo run --example sie_follow_up` reads `tests/data/sie/SIE4_Exempelfil_med_underdim.SE`
//! (Visma's sample company, two offices as unit objects), builds the chart from the file's
//! accounts, maps the vouchers to two units, adds a budget for 2021, declares the goal "more
//! than 80 % of the units keep their budget" computed from the ledger, and prints the annual
//! report 2021 of the administration as Markdown. The budget is synthetic (the file has
//! none); everything else comes from the file.

use std::path::Path;
use std::process::ExitCode;

use styrmodell::periodise::{PeriodisationKey, Precision, YearlyAmount};
use styrmodell::report::render::{self, RenderOptions};
use styrmodell::report::{Narratives, ReportInputs, ReportRequest};
use styrmodell::sie::{self, Mapping, ReadOptions};
use styrmodell::steering::{
    Comparator, FulfilmentRule, Goal, GoalKind, GoalLevel, Indicator, IndicatorLink,
    IndicatorSource, MeasureUnit, Polarity, SteeringModel, SteeringParts, Threshold,
};
use styrmodell::{
    Amount, ChartError, Error, IncomeStatementLine, Layer, Ledger, OrgUnit, OrgUnitKind,
    Organisation, PlanHorizon, ReportKind, ReportScope, ReportingCalendar, Year,
};

fn main() -> ExitCode {
    match run() {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("sie_follow_up: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, Error> {
    // 1. Read the file. A refused file says why first and still hands back what it read.
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/sie/SIE4_Exempelfil_med_underdim.SE");
    let bytes = std::fs::read(&path)
        .map_err(|e| Error::from(sie::SieReadError::Io(format!("{}: {e}", path.display()))))?;
    let import = sie::read(&bytes, &ReadOptions::default())?;
    let document = &import.document;

    // 2. The organisation: the administration and its two offices (the file's unit objects).
    let org = Organisation::from_units(vec![
        OrgUnit::new("FORV", "Övningsbolaget", OrgUnitKind::Administration)?,
        OrgUnit::new("NORD", "Kontor Nord", OrgUnitKind::Unit)?.with_parent("FORV")?,
        OrgUnit::new("SYD", "Kontor Syd", OrgUnitKind::Unit)?.with_parent("FORV")?,
    ])?;

    // 3. Map the vouchers (a type 4 file) to units: objects Nord and Syd of dimension 1; rows
    //    without a unit object (bank, VAT) go to the administration.
    let mapping = Mapping::for_document(document, "FORV".parse()?)
        .unit("Nord", "NORD".parse()?)
        .unit("Syd", "SYD".parse()?);
    let mapped = mapping.map(document);

    // 4. A ledger on the file's own chart, with the outcome and a budget for 2021. The file
    //    is a company's (BAS, not Kommun-Bas): its class 8 is financial items, so groups
    //    80–83 are financial income and 84 financial costs, not taxes and state grants;
    //    appropriations and tax (88–89) have no line of the municipal statement.
    let year = Year::new(2021)?;
    let chart = [
        ("80", Some(IncomeStatementLine::FinancialIncome)),
        ("81", Some(IncomeStatementLine::FinancialIncome)),
        ("82", Some(IncomeStatementLine::FinancialIncome)),
        ("83", Some(IncomeStatementLine::FinancialIncome)),
        ("84", Some(IncomeStatementLine::FinancialCosts)),
        ("88", None),
        ("89", None),
    ]
    .into_iter()
    .try_fold(document.chart(), |chart, (prefix, line)| {
        Ok::<_, ChartError>(chart.with_line(prefix.parse()?, line))
    })?;
    let mut ledger = Ledger::builder(org.clone(), chart, PlanHorizon::new(year, 0)?);
    ledger.extend(mapped.facts);
    for (unit, kronor) in [("NORD", 400_000), ("SYD", 650_000)] {
        let budget = YearlyAmount {
            unit: unit.parse()?,
            account: "7010".parse()?,
            year,
            layer: Layer::ORIGINAL_BUDGET,
            amount: Amount::from_kronor(kronor),
        };
        ledger.extend(budget.periodise(&PeriodisationKey::Even, Precision::Kronor)?);
    }
    let ledger = ledger.build()?;

    // 5. The goal, with an indicator computed from the ledger: no observations by hand.
    let indicator = Indicator::new(
        "ENHETER-I-BUDGET".parse()?,
        "Andel enheter inom budget",
        MeasureUnit::Percent,
        Polarity::HigherIsBetter,
    )
    .with_source(IndicatorSource::UnitsWithinBudget(OrgUnitKind::Unit))
    .with_target(
        year,
        Threshold::new(Comparator::Gt, 80.into(), MeasureUnit::Percent),
    );
    let mut goal = Goal::new(
        "EKONOMI".parse()?,
        "Fler än 80 % av enheterna håller sin budget",
        GoalLevel::Administration,
        GoalKind::Financial,
        "FORV".parse()?,
        (year, year),
    );
    goal.indicators = vec![IndicatorLink {
        indicator: indicator.id.clone(),
        threshold: None,
    }];
    goal.rule = FulfilmentRule::All;
    let model = SteeringModel::new(
        org,
        SteeringParts {
            goals: vec![goal],
            indicators: vec![indicator],
            ..SteeringParts::default()
        },
    )?;

    // 6. The annual report 2021 of the administration, goals assessed as of its closing date.
    let calendar = ReportingCalendar::typical(year);
    let narratives = Narratives::default();
    let inputs = ReportInputs {
        ledger: &ledger,
        model: &model,
        projects: &[],
        calendar: &calendar,
        narratives: &narratives,
        comparison: None,
        planning: None,
        statutory: None,
    };
    let report = ReportRequest::new(ReportKind::Annual, year.last_month())
        .scope(ReportScope::Unit("FORV".parse()?))
        .build(&inputs)?;
    Ok(render::markdown(&report, &RenderOptions::default()))
}
