//! The demo municipality's reorganisation on 2023-01-01 and its 2023 economy, in the new
//! organisation. Synthetic: the decision, the shares and the 2023 figures are made up.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "fixed demo data, checked by a test"
)]

use rust_decimal::Decimal;

use super::economy::{DemoError, central_finance, chart, day_of as day, internal_sales};
use crate::amount::{Amount, Rounding};
use crate::as_of::AsOf;
use crate::chart::Counterpart;
use crate::decision::DecisionRef;
use crate::error::Error;
use crate::ledger::{Fact, Layer, Ledger};
use crate::org::{OrgUnit, OrgUnitKind, Organisation};
use crate::period::{Month, PlanHorizon, Year};
use crate::reorg::{
    Change, OrgHistory, ReorgError, Reorganisation, Selector, SplitPart, SplitRule,
};
use crate::steering::{SteeringModel, SteeringParts};

/// The first day of the demo's organisation history.
const HISTORY_START: (i32, u32, u32) = (2019, 1, 1);

impl From<ReorgError> for DemoError {
    fn from(err: ReorgError) -> DemoError {
        DemoError::Core(err.into())
    }
}

/// The reorganisation of 2023-01-01 (synthetic): the children and school committee and the
/// culture and leisure committee merge into a new children, education and culture committee
/// (their administrations move under it); the property unit of the technical administration
/// is split between a new property department of the executive board's office (premises
/// rents, account 6010, and 60 % of the rest) and a new cleaning unit of the technical
/// administration (40 %).
fn reorganisation_2023() -> Result<Reorganisation, DemoError> {
    let unit = |id: &str, name: &str, kind, parent: &str, code: &str| -> Result<OrgUnit, Error> {
        Ok(OrgUnit::new(id, name, kind)?
            .with_parent(parent)?
            .with_responsibility_code(code))
    };
    let id = |text: &str| text.parse().map_err(Error::from);
    Ok(Reorganisation {
        date: day(2023, 1, 1)?,
        decision: DecisionRef::new(id("KF")?, day(2022, 6, 20)?).paragraph("§ 88"),
        changes: vec![
            Change::Create {
                unit: unit(
                    "BUKN",
                    "Barn-, utbildnings- och kulturnämnden",
                    OrgUnitKind::Committee,
                    "KF",
                    "250",
                )?,
            },
            Change::Merge {
                units: vec![id("BSN")?, id("KFN")?],
                into: id("BUKN")?,
            },
            Change::Create {
                unit: unit(
                    "KSK-FAST",
                    "Fastighetsavdelningen",
                    OrgUnitKind::Department,
                    "KSK",
                    "11040",
                )?,
            },
            Change::Create {
                unit: unit("TF-LOKAL", "Lokalvård", OrgUnitKind::Unit, "TF", "40300")?,
            },
            Change::Split {
                unit: id("TF-FAST")?,
                parts: vec![
                    SplitPart {
                        unit: id("KSK-FAST")?,
                        share: Decimal::new(6, 1),
                    },
                    SplitPart {
                        unit: id("TF-LOKAL")?,
                        share: Decimal::new(4, 1),
                    },
                ],
                rules: vec![SplitRule {
                    selector: Selector::Accounts {
                        first: "6010".parse()?,
                        last: "6010".parse()?,
                    },
                    unit: id("KSK-FAST")?,
                }],
            },
        ],
    })
}

/// The demo organisation through time: [`super::organisation`] from 2019, reorganised on
/// 2023-01-01 (see the module docs; synthetic).
///
/// # Errors
/// Never in practice; a test builds it.
///
/// ```
/// let history = styrmodell::demo::org_history()?;
/// let date = |y, m, d| styrmodell::NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert!(history.organisation_at(date(2022, 12, 31))?.get("BSN").is_some());
/// assert!(history.organisation_at(date(2023, 1, 1))?.get("BUKN").is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn org_history() -> Result<OrgHistory, DemoError> {
    let (y, m, d) = HISTORY_START;
    let mut history = OrgHistory::new(day(y, m, d)?, super::organisation()?);
    history.reorganise(reorganisation_2023()?)?;
    Ok(history)
}

/// The organisation from 2023-01-01.
///
/// # Errors
/// Never in practice; a test builds it.
pub fn organisation_2023() -> Result<Organisation, DemoError> {
    Ok(org_history()?.organisation_at(day(2023, 1, 1)?)?.clone())
}

/// How 2023's outcome runs against budget per unit, in per mille (synthetic).
const OVERRUN_2023: &[(&str, i64)] = &[
    ("EKO", -10),
    ("HR", 5),
    ("IT", 20),
    ("KSK-FAST", -15),
    ("BUF", 0),
    ("FSK-ANGEN", -5),
    ("FSK-BJORKEN", 10),
    ("GRS-NORR", 0),
    ("GRS-SODER", 30),
    ("GRS-HAGA", -10),
    ("SOF", 0),
    ("ALD-HEMN", 35),
    ("ALD-HEMS", 25),
    ("ALD-LINDEN", 40),
    ("IFO-BU", 70),
    ("IFO-EB", -30),
    ("TF-GATA", 10),
    ("TF-LOKAL", 20),
    ("KFF-BIBL", -5),
    ("KFF-IDROTT", 15),
    ("VATTEN", -20),
    ("BOSTAD", 5),
];

/// Internal purchases of 2023 (buyer, account, seller, yearly kronor): the water bought by the
/// property unit in 2022 is bought by its two successors, 60 and 40 %, as the split divides
/// it.
pub(super) const INTERNAL_2023: &[(&str, &str, &str, i64)] = &[
    ("KSK-FAST", "4610", "VATTEN", 1_440_000),
    ("TF-LOKAL", "4610", "VATTEN", 960_000),
    ("KFF-BIBL", "6010", "BOSTAD", 1_800_000),
];

/// The demo ledger of 2023 in the new organisation: 2022 carried onto it as history (so
/// year-over-year figures compare like with like), the municipality's 2023 operating budget
/// as the budget round approved it ([`super::planning_2023`]: the 2022 plan's first plan year
/// carried, with the schools' allocation by pupils, two personnel budgets and the steering
/// system's capital costs), the companies' from their plan, 2023 outcome by month and forecasts made in
/// April and August, taxes, grants and financial items at the finance unit, and internal
/// purchases from the companies. Investment outcome of 2023 is not in the demo. Synthetic.
///
/// # Errors
/// Never in practice; a test builds it.
pub fn ledger_2023() -> Result<Ledger, DemoError> {
    let history = org_history()?;
    let mapping = history.mapping(day(2022, 12, 31)?, day(2023, 1, 1)?)?;
    let carried = mapping.carry_ledger(&super::ledger()?)?;
    let year = Year::new(2023).map_err(Error::from)?;
    let mut builder = Ledger::builder(
        organisation_2023()?,
        chart()?,
        PlanHorizon::new(year, 1).map_err(Error::from)?,
    )
    .with_history(1);
    let first = Month::new(2022, 1).map_err(Error::from)?;
    let org = builder.organisation().clone();
    let municipal = org
        .index_of("KF")
        .map(|kf| org.subtree_range(kf))
        .unwrap_or_default();
    // The municipality's 2023 budget is the budget round's, approved; the companies' is
    // carried from their plan.
    let mut budget_2023 = super::planning::approved_budget_2023()?;
    for fact in carried.ledger.facts().filter(|f| f.month >= first) {
        if fact.month.year() == year && fact.layer == Layer::ORIGINAL_BUDGET {
            let in_municipality = org
                .index_of(fact.unit.as_str())
                .is_some_and(|i| municipal.contains(&i.get()));
            if in_municipality {
                continue;
            }
            budget_2023.push(fact.clone());
        }
        builder.push(fact);
    }
    builder.extend(budget_2023.iter().cloned());
    let mut net_cost = Amount::ZERO;
    for fact in &budget_2023 {
        // Internal purchases get their outcome and forecasts with the sales below, and are
        // priced within the group, so they do not size the taxes.
        if matches!(fact.counterpart, Some(Counterpart::GroupEntity(_))) {
            continue;
        }
        // Internal interest is booked as budgeted on both sides.
        if fact.counterpart == Some(Counterpart::Internal) {
            builder.extend(as_budgeted(fact)?);
            continue;
        }
        builder.extend(outcome_and_forecasts(fact)?);
        let company = org
            .get(fact.unit.as_str())
            .is_some_and(|u| u.company.is_some());
        if !company {
            net_cost = net_cost.checked_add(fact.amount)?;
        }
    }
    builder.extend(central_finance(net_cost, year)?);
    // The buyers' budget for internal purchases came with the round; the sellers' is here.
    builder.extend(
        internal_sales(year, INTERNAL_2023)?
            .into_iter()
            .filter(|f| {
                f.layer != Layer::ORIGINAL_BUDGET
                    || !org
                        .index_of(f.unit.as_str())
                        .is_some_and(|i| municipal.contains(&i.get()))
            }),
    );
    if let Some(decision) = carried.ledger.revision_decision(1) {
        builder.decide_revision(1, decision.clone());
    }
    Ok(builder.build()?)
}

/// A 2023 budget fact's outcome and forecasts exactly as budgeted.
fn as_budgeted(budget: &Fact) -> Result<Vec<Fact>, DemoError> {
    let mut facts = vec![Fact {
        layer: Layer::Outcome,
        ..budget.clone()
    }];
    for made in [4, 8] {
        facts.push(Fact {
            layer: Layer::Forecast {
                made: Month::new(2023, made).map_err(Error::from)?,
            },
            ..budget.clone()
        });
    }
    Ok(facts)
}

/// A 2023 budget fact's outcome (the budget off by the unit's overrun) and the forecasts
/// made in April (half the overrun seen) and August (all of it).
fn outcome_and_forecasts(budget: &Fact) -> Result<Vec<Fact>, DemoError> {
    let overrun = OVERRUN_2023
        .iter()
        .find(|(unit, _)| *unit == budget.unit.as_str())
        .map_or(0, |(_, per_mille)| *per_mille);
    let scaled = |per_mille: i64| -> Result<Amount, DemoError> {
        Ok(budget.amount.checked_mul(
            Decimal::new(1000 + per_mille, 3),
            Rounding::HalfAwayFromZero,
        )?)
    };
    let outcome = scaled(overrun)?;
    let mut facts = vec![Fact {
        layer: Layer::Outcome,
        amount: outcome,
        ..budget.clone()
    }];
    for (made, insight) in [(4, overrun / 2), (8, overrun)] {
        let made = Month::new(2023, made).map_err(Error::from)?;
        let amount = if budget.month <= made {
            outcome
        } else {
            scaled(insight)?
        };
        facts.push(Fact {
            layer: Layer::Forecast { made },
            amount,
            ..budget.clone()
        });
    }
    Ok(facts)
}

/// The demo steering model on the 2023 organisation: the vision, values, goal areas and
/// indicators of [`super::steering_model`], and its observations carried onto the new
/// organisation. Its goals are the council's goals that run through 2024 (KF-1, KF-2) and
/// effect goals 4 and 5 of the source, followed up for 2023 from the planning records
/// ([`super::planning_2023`]) as they stood at the end of 2023. The 2023 assignments are not
/// in the demo.
///
/// # Errors
/// Never in practice; a test builds it.
pub fn steering_model_2023() -> Result<SteeringModel, DemoError> {
    let model = super::steering_model()?;
    let history = org_history()?;
    let mapping = history.mapping(day(2022, 12, 31)?, day(2023, 1, 1)?)?;
    let parts = model.parts();
    let carried = mapping.carry_observations(&parts.observations, &parts.indicators)?;
    let year = Year::new(2023).map_err(Error::from)?;
    let mut goals: Vec<_> = parts
        .goals
        .iter()
        .filter(|g| g.valid.1 >= year && g.owner.as_str() == "KF")
        .cloned()
        .collect();
    goals.extend(super::steering::effect_goals(
        (year, year),
        &["EM4", "EM5"],
    )?);
    let parts = SteeringParts {
        goals,
        assignments: Vec::new(),
        overrides: Vec::new(),
        observations: carried.observations,
        ..parts.clone()
    };
    let without_records = SteeringModel::new(mapping.target().clone(), parts.clone())?;
    let counted = super::planning_2023()?.observations(
        &without_records,
        &super::investment_projects()?,
        year,
        AsOf::end_of(year.last_month()),
    )?;
    let mut parts = parts;
    parts.observations.extend(counted);
    Ok(SteeringModel::new(mapping.target().clone(), parts)?)
}
