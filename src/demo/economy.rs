//! The demo municipality's economy for 2022: chart of accounts, a periodised budget with a
//! spring revision, plan years 2023–2024, outcome for 2021 and 2022, forecasts made in April
//! and August, the water and housing companies with internal transactions, and investment
//! projects, among them the steering-system project of the source report.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "fixed demo data, checked by a test"
)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::amount::{Amount, AmountError, Rounding};
use crate::chart::{AccountCode, Chart, ChartError, Counterpart};
use crate::decision::DecisionRef;
use crate::error::Error;
use crate::id::IdError;
use crate::investment::{
    CostCategory, CostLine, FinalReportSpec, InvestmentCategory, InvestmentProject,
    InvestmentStatus, StatusChange, TotalSpec, Withdrawal,
};
use crate::ledger::{Fact, Layer, Ledger, LedgerErrors};
use crate::org::{OrgUnitId, Organisation};
use crate::period::{Month, PeriodError, PlanHorizon, Year};
use crate::periodise::{PeriodisationKey, PeriodiseError, Precision, split};

/// Why the demo data could not be built; it always builds, and a test checks that.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DemoError {
    /// The organisation, a period or an amount.
    #[error(transparent)]
    Core(#[from] Error),
    /// An account code.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// A periodisation.
    #[error(transparent)]
    Periodise(#[from] PeriodiseError),
    /// The ledger's facts.
    #[error(transparent)]
    Ledger(#[from] LedgerErrors),
    /// A project id.
    #[error(transparent)]
    Id(#[from] IdError),
    /// The steering model.
    #[error(transparent)]
    Steering(#[from] crate::steering::SteeringErrors),
    /// The planning records.
    #[error(transparent)]
    Planning(#[from] crate::planning::PlanningError),
}

impl From<AmountError> for DemoError {
    fn from(err: AmountError) -> DemoError {
        DemoError::Core(err.into())
    }
}

impl From<PeriodError> for DemoError {
    fn from(err: PeriodError) -> DemoError {
        DemoError::Core(err.into())
    }
}

const ACCOUNTS: &[(&str, &str)] = &[
    ("1110", "Byggnader och tekniska anläggningar"),
    ("1220", "Inventarier"),
    ("1290", "Pågående investeringar"),
    ("1310", "Aktier och andelar i koncernföretag"),
    ("1510", "Kundfordringar"),
    ("1930", "Bank"),
    ("2010", "Eget kapital"),
    ("2210", "Avsättningar för pensioner"),
    ("2310", "Långfristiga lån"),
    ("2440", "Leverantörsskulder"),
    ("3010", "Försäljning av verksamhet"),
    ("3110", "Taxor och avgifter"),
    ("3510", "Statsbidrag"),
    ("4610", "Köp av huvudverksamhet"),
    ("5011", "Månadslöner"),
    ("5610", "Sociala avgifter"),
    ("6010", "Lokalhyror"),
    ("6410", "Förbrukningsmaterial"),
    ("6990", "Intern ränta"),
    ("7410", "Konsulttjänster"),
    ("7910", "Avskrivningar"),
    ("8010", "Kommunalskatt"),
    ("8210", "Generella statsbidrag och utjämning"),
    ("8410", "Finansiella intäkter"),
    ("8510", "Finansiella kostnader"),
];

/// The demo chart of accounts: twenty-five Kommun-Bas accounts, nine of them on the balance sheet.
///
/// # Errors
/// Never in practice; a test builds it.
pub fn chart() -> Result<Chart, ChartError> {
    ACCOUNTS
        .iter()
        .try_fold(Chart::kommun_bas(), |chart, (code, name)| {
            Ok(chart.with_account(code.parse()?, name))
        })
}

/// A unit's yearly operating budget in kronor and how its outcome runs: per mille over (+)
/// or under (−) budget.
const OPERATIONS: &[(&str, i64, i64)] = &[
    ("EKO", 14_000_000, -20),
    ("HR", 11_000_000, 10),
    ("IT", 18_000_000, 35),
    ("BUF", 9_000_000, 0),
    ("FSK-ANGEN", 16_000_000, -15),
    ("FSK-BJORKEN", 13_500_000, 5),
    ("GRS-NORR", 38_000_000, -10),
    ("GRS-SODER", 42_000_000, 25),
    ("GRS-HAGA", 29_000_000, -5),
    ("SOF", 8_000_000, 0),
    ("ALD-HEMN", 31_000_000, 45),
    ("ALD-HEMS", 27_500_000, 30),
    ("ALD-LINDEN", 46_000_000, 60),
    ("IFO-BU", 24_000_000, 90),
    ("IFO-EB", 19_000_000, -40),
    ("TF-GATA", 21_000_000, 15),
    ("TF-FAST", 33_000_000, -25),
    ("KFF-BIBL", 9_500_000, -10),
    ("KFF-IDROTT", 12_500_000, 20),
    ("VATTEN", 85_000_000, -30),
    ("BOSTAD", 140_000_000, 10),
    ("ENERGI", 60_000_000, 5),
];

/// How a unit's gross budget spreads over accounts, in per mille; revenue negative.
const MIX: &[(&str, i64)] = &[
    ("5011", 520),
    ("5610", 165),
    ("6010", 120),
    ("6410", 65),
    ("7910", 25),
    ("4610", 105),
    ("3110", -70),
    ("3510", -30),
];

/// A fee-financed company's budget over accounts: fees cover costs with a small surplus.
const COMPANY_MIX: &[(&str, i64)] = &[
    ("5011", 290),
    ("5610", 90),
    ("4610", 250),
    ("6410", 150),
    ("7910", 180),
    ("8510", 30),
    ("3110", -1000),
];

/// Salaries dip in July (holiday) and peak in June (holiday pay).
const SALARY_PROFILE: [i64; 12] = [100, 100, 100, 100, 100, 115, 55, 95, 100, 100, 100, 100];

/// Internal transactions: buyer, account, seller, yearly kronor.
const INTERNAL: &[(&str, &str, &str, i64)] = &[
    ("TF-FAST", "4610", "VATTEN", 2_400_000),
    ("KFF-BIBL", "6010", "BOSTAD", 1_800_000),
];

/// The demo ledger: budget 2022 (original, periodised; revision 1 in April for elderly care),
/// plan years 2023–2024, outcome 2021 and 2022, forecasts made in April and August 2022,
/// taxes and grants at the finance unit, internal sales between the municipality and its
/// companies, and the 2022 investment outcome tagged by project. Figures are synthetic.
///
/// # Errors
/// Never in practice; a test builds it.
pub fn ledger() -> Result<Ledger, DemoError> {
    let org = super::organisation()?;
    let budget_year = Year::new(2022)?;
    let mut builder =
        Ledger::builder(org.clone(), chart()?, PlanHorizon::new(budget_year, 2)?).with_history(1);
    let mut net_cost = Amount::ZERO;
    for &(unit, size, overrun) in OPERATIONS {
        let unit: OrgUnitId = unit.parse().map_err(Error::from)?;
        let company = is_company(&org, &unit);
        for &(account, share) in if company { COMPANY_MIX } else { MIX } {
            let yearly = Amount::from_kronor(size * share / 1000);
            if !company {
                net_cost = net_cost.checked_add(yearly)?;
            }
            let facts = UnitAccount {
                unit: unit.clone(),
                account: account.parse()?,
                yearly,
                overrun,
            };
            builder.extend(facts.facts(budget_year)?);
        }
    }
    builder.extend(central_finance(net_cost, budget_year)?);
    builder.extend(internal_sales(budget_year, INTERNAL)?);
    builder.extend(investment_outcome(budget_year)?);
    let settled = settlement(&org, &builder.facts_so_far(), budget_year)?;
    builder.extend(settled);
    let fin: OrgUnitId = "FIN".parse().map_err(Error::from)?;
    for (account, amount) in opening_balances(budget_year)? {
        builder.opening_balance(budget_year, &fin, account.parse()?, amount);
    }
    super::group::add_companies(&mut builder, &org, &fin)?;
    // The council's decision on elderly care's supplementary appropriation (synthetic).
    builder.decide_revision(
        1,
        DecisionRef::new("KF".parse().map_err(Error::from)?, day_of(2022, 4, 25)?)
            .paragraph("§ 66"),
    );
    Ok(builder.build()?)
}

/// The amount with its öre dropped, as budgets are set in whole kronor.
fn whole_kronor(amount: Amount) -> Amount {
    Amount::from_ore(amount.ore() / 100 * 100).unwrap_or(amount)
}

fn is_company(org: &Organisation, unit: &OrgUnitId) -> bool {
    org.get(unit.as_str()).is_some_and(|u| u.company.is_some())
}

/// One unit's budget on one account and how its outcome deviates.
struct UnitAccount {
    unit: OrgUnitId,
    account: AccountCode,
    yearly: Amount,
    overrun: i64,
}

impl UnitAccount {
    fn key(&self) -> PeriodisationKey {
        if self.account.to_string() == "5011" {
            PeriodisationKey::Weights(SALARY_PROFILE.iter().map(|w| Decimal::from(*w)).collect())
        } else {
            PeriodisationKey::CalendarDays
        }
    }

    fn monthly(&self, yearly: Amount, year: Year) -> Result<Vec<(Month, Amount)>, DemoError> {
        Ok(split(
            yearly,
            year.months(),
            &self.key(),
            Precision::Kronor,
        )?)
    }

    fn fact(&self, month: Month, layer: Layer, amount: Amount) -> Fact {
        Fact::new(self.unit.clone(), self.account, month, layer, amount)
    }

    /// Scales by per mille: 1000 + `per_mille`.
    fn scaled(amount: Amount, per_mille: i64) -> Result<Amount, AmountError> {
        amount.checked_mul(
            Decimal::new(1000 + per_mille, 3),
            Rounding::HalfAwayFromZero,
        )
    }

    fn facts(&self, year: Year) -> Result<Vec<Fact>, DemoError> {
        let mut facts = Vec::new();
        let budget = self.monthly(self.yearly, year)?;
        facts.extend(
            budget
                .iter()
                .map(|&(m, a)| self.fact(m, Layer::ORIGINAL_BUDGET, a)),
        );
        // Elderly care got a supplementary appropriation in April: salaries +3 %.
        let revised = self.unit.as_str().starts_with("ALD-") && self.account.to_string() == "5011";
        let current = if revised {
            let yearly = Self::scaled(self.yearly, 30)?;
            let yearly = whole_kronor(yearly);
            let monthly = self.monthly(yearly, year)?;
            facts.extend(
                monthly
                    .iter()
                    .map(|&(m, a)| self.fact(m, Layer::Budget { revision: 1 }, a)),
            );
            monthly
        } else {
            budget.clone()
        };
        for (plan, per_mille) in [(1, 30), (2, 60)] {
            let Some(plan_year) = year.checked_add(plan) else {
                continue;
            };
            let yearly = Self::scaled(self.yearly, per_mille)?;
            let yearly = whole_kronor(yearly);
            let monthly = split(
                yearly,
                plan_year.months(),
                &PeriodisationKey::Even,
                Precision::Kronor,
            )?;
            facts.extend(
                monthly
                    .iter()
                    .map(|&(m, a)| self.fact(m, Layer::ORIGINAL_BUDGET, a)),
            );
        }
        let outcome = self.outcome(&current)?;
        facts.extend(
            outcome
                .iter()
                .map(|&(m, a)| self.fact(m, Layer::Outcome, a)),
        );
        if let Some(previous) = year.checked_add(-1) {
            for (month, amount) in &budget {
                let last_year = Month::new(previous.number(), month.number())?;
                facts.push(self.fact(
                    last_year,
                    Layer::Outcome,
                    Self::scaled(*amount, self.overrun / 2 - 35)?,
                ));
            }
        }
        for made in [4, 8] {
            let made = Month::new(year.number(), made)?;
            facts.extend(self.forecast(made, &current, &outcome)?);
        }
        Ok(facts)
    }

    /// Outcome: the current budget off by the unit's overrun, plus a small monthly wobble.
    fn outcome(&self, current: &[(Month, Amount)]) -> Result<Vec<(Month, Amount)>, DemoError> {
        current
            .iter()
            .map(|&(month, amount)| {
                let wobble = i64::from(month.number() * 7 % 5) * 4 - 8;
                Ok((month, Self::scaled(amount, self.overrun + wobble)?))
            })
            .collect()
    }

    /// A forecast made in `made`: outcome so far, then the current budget adjusted by the
    /// overrun seen so far (half of it in April, all of it in August).
    fn forecast(
        &self,
        made: Month,
        current: &[(Month, Amount)],
        outcome: &[(Month, Amount)],
    ) -> Result<Vec<Fact>, DemoError> {
        let insight = if made.number() <= 4 {
            self.overrun / 2
        } else {
            self.overrun
        };
        current
            .iter()
            .zip(outcome)
            .map(|(&(month, budget), &(_, actual))| {
                let amount = if month <= made {
                    actual
                } else {
                    Self::scaled(budget, insight)?
                };
                Ok(self.fact(month, Layer::Forecast { made }, amount))
            })
            .collect()
    }
}

/// Taxes, general grants and financial items at the finance unit, sized so the budgeted
/// result is about 2 % of taxes and grants.
pub(super) fn central_finance(net_cost: Amount, year: Year) -> Result<Vec<Fact>, DemoError> {
    let fin: OrgUnitId = "FIN".parse().map_err(Error::from)?;
    let taxes_and_grants =
        net_cost.checked_mul(Decimal::new(1040, 3), Rounding::HalfAwayFromZero)?;
    let lines = [
        ("8010", Decimal::new(-78, 2), 0),
        ("8210", Decimal::new(-22, 2), 0),
        ("8410", Decimal::new(-2, 3), 5),
        ("8510", Decimal::new(3, 3), -10),
    ];
    let mut facts = Vec::new();
    for (account, share, outcome_per_mille) in lines {
        let base = if account.starts_with("84") || account.starts_with("85") {
            net_cost
        } else {
            taxes_and_grants
        };
        let yearly = base.checked_mul(share, Rounding::HalfAwayFromZero)?;
        let yearly = whole_kronor(yearly);
        let budget = split(
            yearly,
            year.months(),
            &PeriodisationKey::Even,
            Precision::Kronor,
        )?;
        let account: AccountCode = account.parse()?;
        for (month, amount) in budget {
            let outcome = amount.checked_mul(
                Decimal::new(1000 + outcome_per_mille, 3),
                Rounding::HalfAwayFromZero,
            )?;
            facts.push(Fact::new(
                fin.clone(),
                account,
                month,
                Layer::ORIGINAL_BUDGET,
                amount,
            ));
            facts.push(Fact::new(
                fin.clone(),
                account,
                month,
                Layer::Outcome,
                outcome,
            ));
            for made in [4, 8] {
                let made = Month::new(year.number(), made)?;
                let forecast = if month <= made { outcome } else { amount };
                facts.push(Fact::new(
                    fin.clone(),
                    account,
                    month,
                    Layer::Forecast { made },
                    forecast,
                ));
            }
        }
    }
    Ok(facts)
}

/// The municipality buys water and rents premises from its companies; both sides are booked
/// with the other as counterpart, so the group eliminates them.
pub(super) fn internal_sales(
    year: Year,
    table: &[(&str, &str, &str, i64)],
) -> Result<Vec<Fact>, DemoError> {
    let municipality: OrgUnitId = "KF".parse().map_err(Error::from)?;
    let sales: AccountCode = "3010".parse()?;
    let mut facts = Vec::new();
    for &(buyer, account, seller, yearly) in table {
        let buyer: OrgUnitId = buyer.parse().map_err(Error::from)?;
        let seller: OrgUnitId = seller.parse().map_err(Error::from)?;
        let account: AccountCode = account.parse()?;
        for (month, amount) in split(
            Amount::from_kronor(yearly),
            year.months(),
            &PeriodisationKey::Even,
            Precision::Kronor,
        )? {
            // Budget and outcome agree month by month, so each forecast carries the same
            // amount: the forecasts cover the internal purchases as they cover the rest.
            let mut layers = vec![Layer::ORIGINAL_BUDGET, Layer::Outcome];
            for made in [4, 8] {
                layers.push(Layer::Forecast {
                    made: Month::new(year.number(), made)?,
                });
            }
            for layer in layers {
                let cost = Fact::new(buyer.clone(), account, month, layer, amount)
                    .with_counterpart(Counterpart::GroupEntity(seller.clone()));
                let revenue = Fact::new(seller.clone(), sales, month, layer, amount.negated())
                    .with_counterpart(Counterpart::GroupEntity(municipality.clone()));
                facts.push(cost);
                facts.push(revenue);
            }
        }
    }
    Ok(facts)
}

/// Each project's outcome of `year` on the investment account, month by month as its cost
/// lines have it, so the ledger and the projects agree.
/// The municipality's balance sheet on 1 January 2022 (synthetic), ledger-signed and kept at
/// the finance unit: buildings,
/// equipment, shares in the companies, receivables and the bank; the projects' outcome of the
/// years before as work in progress; pensions, loans and payables; equity what balances them.
fn opening_balances(year: Year) -> Result<Vec<(&'static str, Amount)>, DemoError> {
    let mut in_progress = Amount::ZERO;
    for project in investment_projects()? {
        for line in &project.lines {
            for (_, amount) in line.outcome.range(..year.first_month()) {
                in_progress = in_progress.checked_add(*amount)?;
            }
        }
    }
    let mut balances = vec![
        ("1110", Amount::from_kronor(520_000_000)),
        ("1220", Amount::from_kronor(45_000_000)),
        ("1290", in_progress),
        ("1310", Amount::from_kronor(30_000_000)),
        ("1510", Amount::from_kronor(28_000_000)),
        ("1930", Amount::from_kronor(75_000_000)),
        ("2210", Amount::from_kronor(-40_000_000)),
        ("2310", Amount::from_kronor(-300_000_000)),
        ("2440", Amount::from_kronor(-62_000_000)),
    ];
    let rest = Amount::checked_sum(balances.iter().map(|(_, a)| *a))?;
    balances.push(("2010", rest.negated()));
    // The parts held against the companies are given with their counterparts.
    for (account, _, thousands) in super::group::MUNICIPALITY_INTERNAL {
        if let Some((_, amount)) = balances.iter_mut().find(|(a, _)| a == account) {
            *amount = amount.checked_sub(Amount::from_kronor(thousands * 1000))?;
        }
    }
    Ok(balances.into_iter().filter(|(_, a)| !a.is_zero()).collect())
}

/// What the demo's statutory statements need besides the ledger (synthetic): no balance
/// requirement adjustments are declared, the pension commitment reported outside the
/// balance sheet (ansvarsförbindelse) is 350 mnkr, and the companies' equity at acquisition
/// is [`super::acquisitions`]'s.
///
/// # Errors
/// Never in practice; a test builds it.
pub fn statutory() -> Result<crate::report::Statutory, DemoError> {
    Ok(crate::report::Statutory {
        pension_commitment: Some(Amount::from_kronor(350_000_000)),
        acquisitions: super::group::acquisitions()?,
        ..crate::report::Statutory::default()
    })
}

/// What settles the municipality's outcome each month of `year`, so its ledger balances:
/// depreciation (group 79) lowers the buildings' book value; everything else (operations,
/// taxes, financial items, investments) goes through the bank, at the finance unit.
/// Synthetic.
fn settlement(org: &Organisation, facts: &[Fact], year: Year) -> Result<Vec<Fact>, DemoError> {
    let fin: OrgUnitId = "FIN".parse().map_err(Error::from)?;
    let municipal = org
        .index_of("KF")
        .map(|kf| org.subtree_range(kf))
        .unwrap_or_default();
    settle(facts, &|fact| {
        let inside = org
            .index_of(fact.unit.as_str())
            .is_some_and(|i| municipal.contains(&i.get()));
        (inside && fact.month.year() == year).then(|| fin.clone())
    })
}

/// Settles each month's outcome of the facts `booked_at` gives a unit for, at that unit:
/// depreciation (group 79) against the buildings, the rest against the bank.
pub(super) fn settle(
    facts: &[Fact],
    booked_at: &dyn Fn(&Fact) -> Option<OrgUnitId>,
) -> Result<Vec<Fact>, DemoError> {
    let (bank, buildings): (AccountCode, AccountCode) = ("1930".parse()?, "1110".parse()?);
    let mut by_month: BTreeMap<(OrgUnitId, Month, AccountCode), Amount> = BTreeMap::new();
    for fact in facts.iter().filter(|f| f.layer == Layer::Outcome) {
        let Some(unit) = booked_at(fact) else {
            continue;
        };
        let against = if fact.account.group() == 79 {
            buildings
        } else {
            bank
        };
        let cell = by_month
            .entry((unit, fact.month, against))
            .or_insert(Amount::ZERO);
        *cell = cell.checked_add(fact.amount)?;
    }
    Ok(by_month
        .into_iter()
        .map(|((unit, month, account), amount)| {
            Fact::new(unit, account, month, Layer::Outcome, amount.negated())
        })
        .collect())
}

fn investment_outcome(year: Year) -> Result<Vec<Fact>, DemoError> {
    let account: AccountCode = "1290".parse()?;
    let mut facts = Vec::new();
    for project in investment_projects()? {
        let mut monthly: BTreeMap<Month, Amount> = BTreeMap::new();
        for line in &project.lines {
            for (&month, &amount) in line.outcome.range(year.first_month()..=year.last_month()) {
                let sum = monthly.entry(month).or_insert(Amount::ZERO);
                *sum = sum.checked_add(amount)?;
            }
        }
        for (month, amount) in monthly {
            facts.push(
                Fact::new(
                    project.owner.clone(),
                    account,
                    month,
                    Layer::Outcome,
                    amount,
                )
                .with_project(project.id.clone()),
            );
        }
    }
    Ok(facts)
}

/// A cost line with its outcome per year spread evenly over the year's months in whole kronor
/// (the monthly split is synthetic; the yearly sums are the line's).
fn line(
    name: &str,
    category: CostCategory,
    entity: &str,
    budget: i64,
    outcome: &[(i32, i64)],
) -> Result<CostLine, DemoError> {
    let mut monthly = BTreeMap::new();
    for &(year, kronor) in outcome {
        let months = Year::new(year)?.months();
        monthly.extend(split(
            Amount::from_kronor(kronor),
            months,
            &PeriodisationKey::Even,
            Precision::Kronor,
        )?);
    }
    Ok(CostLine {
        name: name.to_owned(),
        category,
        entity: entity.parse().map_err(Error::from)?,
        budget: Amount::from_kronor(budget),
        outcome: monthly,
        remaining_estimate: None,
        withdrawn: None,
    })
}

/// A date of the demo.
pub(super) fn day_of(year: i32, month: u32, day: u32) -> Result<NaiveDate, DemoError> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| PeriodError::MonthOutOfRange { year, month }.into())
}

/// A status history from `(year, month, day, status)` entries.
fn history(entries: &[(i32, u32, u32, InvestmentStatus)]) -> Result<Vec<StatusChange>, DemoError> {
    entries
        .iter()
        .map(|&(year, month, day, status)| {
            Ok(StatusChange {
                date: day_of(year, month, day)?,
                status,
            })
        })
        .collect()
}

fn yearly(budgets: &[(i32, i64)]) -> Result<BTreeMap<Year, Amount>, DemoError> {
    budgets
        .iter()
        .map(|&(year, kronor)| Ok((Year::new(year)?, Amount::from_kronor(kronor))))
        .collect()
}

/// The source report's project: "Nytt beslut- och ledningsstödsystem", Dnr KS 2020-339, with
/// the budget and outcome per cost line exactly as in its final report (the split of outcome
/// between 2021 and 2022 and over the months is synthetic). The water company's two lines are
/// withdrawn: it chose not to implement the system (the source gives no date; the demo's
/// 2021-12-31 is synthetic). The final report is dated 2023-01-04, as the source dates its
/// outcome, and shows the source's two totals: "inkl. VA" without a deviation and "exkl. VA"
/// with one. The other dates of the status history are synthetic.
///
/// # Errors
/// Never in practice; a test builds it.
pub fn steering_system_project() -> Result<InvestmentProject, DemoError> {
    use CostCategory::{ClientCosts, Consultancy, Contract, PreStudy, Training};
    let water: OrgUnitId = "VATTEN".parse().map_err(Error::from)?;
    let withdrawn = |line: CostLine| CostLine {
        withdrawn: Some(Withdrawal {
            by: water.clone(),
            date: NaiveDate::from_ymd_opt(2021, 12, 31).unwrap_or_default(),
            reason: "VA-bolaget valde att inte implementera systemet".to_owned(),
        }),
        ..line
    };
    Ok(InvestmentProject {
        id: "KS-2020-339".parse()?,
        name: "Nytt beslut- och ledningsstödsystem".to_owned(),
        owner: "KS".parse().map_err(Error::from)?,
        category: InvestmentCategory::New,
        diary_number: Some("KS 2020-339".to_owned()),
        appropriation: Amount::from_kronor(3_200_000),
        yearly_budgets: yearly(&[(2021, 1_500_000), (2022, 1_700_000)])?,
        lines: vec![
            line(
                "Förstudie, behovs- och marknadsanalys, avrop",
                PreStudy,
                "KF",
                700_000,
                &[(2021, 719_000)],
            )?,
            line(
                "Införandeprojekt, leverantör",
                Contract,
                "KF",
                700_000,
                &[(2021, 300_000), (2022, 204_000)],
            )?,
            line(
                "Kompetensöverföring, leverantör",
                Training,
                "KF",
                100_000,
                &[],
            )?,
            line(
                "Konsulttjänster, leverantör",
                Consultancy,
                "KF",
                700_000,
                &[(2022, 386_659)],
            )?,
            line(
                "Interna fackmän och externt biträdande projektstöd",
                ClientCosts,
                "KF",
                500_000,
                &[(2021, 400_000), (2022, 626_200)],
            )?,
            withdrawn(line(
                "Införandeprojekt, leverantör (VA-bolaget)",
                Contract,
                "VATTEN",
                350_000,
                &[],
            )?),
            withdrawn(line(
                "Interna fackmän och externt biträdande projektstöd (VA-bolaget)",
                ClientCosts,
                "VATTEN",
                150_000,
                &[],
            )?),
        ],
        status: history(&[
            (2021, 1, 1, InvestmentStatus::InProgress),
            (2022, 12, 31, InvestmentStatus::Completed),
            (2023, 1, 4, InvestmentStatus::FinalReported),
        ])?,
        final_report: Some(FinalReportSpec {
            date: day_of(2023, 1, 4)?,
            decision: None,
            totals: vec![
                TotalSpec {
                    label: "inkl. VA".to_owned(),
                    excluding: Vec::new(),
                    compared: false,
                },
                TotalSpec {
                    label: "exkl. VA".to_owned(),
                    excluding: vec![water.clone()],
                    compared: true,
                },
            ],
        }),
    })
}

/// The demo's investment projects: the steering-system project of the source report, a
/// school refurbishment running into 2023, and the executive board's pool of minor
/// investments.
///
/// # Errors
/// Never in practice; a test builds them.
pub fn investment_projects() -> Result<Vec<InvestmentProject>, DemoError> {
    use CostCategory::{ClientCosts, Contingency, Contract, Design, Equipment};
    let school = InvestmentProject {
        id: "TN-2022-014".parse()?,
        name: "Ombyggnad Norrskolan".to_owned(),
        owner: "TN".parse().map_err(Error::from)?,
        category: InvestmentCategory::Reinvestment,
        diary_number: Some("TN 2021-214".to_owned()),
        appropriation: Amount::from_kronor(12_000_000),
        yearly_budgets: yearly(&[(2022, 7_000_000), (2023, 5_000_000)])?,
        lines: vec![
            line("Projektering", Design, "KF", 800_000, &[(2022, 760_000)])?,
            line(
                "Entreprenad",
                Contract,
                "KF",
                10_000_000,
                &[(2022, 4_200_000)],
            )?,
            line(
                "Byggherrekostnader",
                ClientCosts,
                "KF",
                700_000,
                &[(2022, 310_000)],
            )?,
            line("Oförutsett", Contingency, "KF", 500_000, &[])?,
        ],
        status: history(&[(2022, 1, 1, InvestmentStatus::InProgress)])?,
        final_report: None,
    };
    let pool = InvestmentProject {
        id: "KS-2022-005".parse()?,
        name: "Mindre investeringar kommunstyrelsen".to_owned(),
        owner: "KS".parse().map_err(Error::from)?,
        category: InvestmentCategory::MinorPool,
        diary_number: None,
        appropriation: Amount::from_kronor(1_500_000),
        yearly_budgets: yearly(&[(2022, 1_500_000)])?,
        lines: vec![line(
            "Inventarier",
            Equipment,
            "KF",
            1_500_000,
            &[(2022, 1_120_000)],
        )?],
        status: history(&[(2022, 1, 1, InvestmentStatus::InProgress)])?,
        final_report: None,
    };
    Ok(vec![steering_system_project()?, school, pool])
}
