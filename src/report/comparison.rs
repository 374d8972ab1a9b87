//! Comparison with the same period of the previous year (jämförelse med föregående år), either
//! as it was recorded or carried onto the report's organisation through the reorganisations
//! between.

use serde::{Deserialize, Serialize};

use super::ReportError;
use crate::amount::Amount;
use crate::as_of::AsOf;
use crate::follow_up::FollowUp;
use crate::ledger::Ledger;
use crate::org::{OrgUnitId, Organisation};
use crate::period::{Month, PeriodRange};
use crate::reorg::{OrgHistory, ReorgError, Reorganisation, UnitMapping};
use crate::rollup::{AccountGrouping, Measure};

/// How the previous year's figures are shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComparisonShape {
    /// As recorded (som det var): a unit that did not exist then has no comparison figure.
    AsItWas,
    /// In the report's organisation (i dagens organisation): merged units summed, split units
    /// divided, as the reorganisations between say.
    TodaysShape,
}

/// What the previous year is compared from.
#[derive(Debug, Clone, Copy)]
pub struct Comparison<'a> {
    /// The previous year's ledger, on the organisation valid at that year's end.
    pub ledger: &'a Ledger,
    /// The organisation's history, which says how the two organisations relate.
    pub history: &'a OrgHistory,
    /// As it was, or in today's shape.
    pub shape: ComparisonShape,
}

/// A changed unit of the previous year whose figures are part of a row's comparison figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedFrom {
    /// The unit of the previous year's organisation.
    pub unit: OrgUnitId,
    /// Its name then.
    pub name: String,
    /// Whether all of its figures are in the row (else a part, by a split).
    pub whole: bool,
}

/// One unit's outcome to date against the same months of the previous year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonRow {
    /// The unit (of the report's organisation).
    pub unit: OrgUnitId,
    /// Its name.
    pub name: String,
    /// Its depth below the scope.
    pub depth: u32,
    /// Net outcome to date this year.
    pub outcome_to_date: Amount,
    /// Net outcome of the same months last year; `None` where there is none to compare
    /// (a unit that did not exist, as it was; or no outcome recorded).
    pub previous: Option<Amount>,
    /// This year − last year.
    pub change: Option<Amount>,
    /// Changed units of last year whose figures this row's comparison figure holds (in
    /// today's shape only).
    pub carried_from: Vec<CarriedFrom>,
}

/// The comparison section of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonSection {
    /// As it was, or in today's shape.
    pub shape: ComparisonShape,
    /// This year's months to date.
    pub months: PeriodRange,
    /// The same months of the previous year.
    pub previous_months: PeriodRange,
    /// The reorganisations between the two years' organisations, with their decisions.
    pub reorganisations: Vec<Reorganisation>,
    /// One row per row of the economy table.
    pub rows: Vec<ComparisonRow>,
}

/// The comparison of `follow_up`'s rows with the previous year's outcome to date, known as of
/// `as_of`.
pub(super) fn section(
    comparison: &Comparison<'_>,
    current: &Ledger,
    follow_up: &FollowUp,
    as_of: AsOf,
) -> Result<ComparisonSection, ReportError> {
    let month = follow_up.as_of;
    let previous_month = month.checked_add(-12).ok_or(ReportError::Period(
        crate::period::PeriodError::YearOutOfRange {
            year: month.year().number().saturating_sub(1),
        },
    ))?;
    let (from, onto) = (previous_year_end(previous_month), month.last_day());
    let history = comparison.history;
    check_organisation(history, comparison.ledger, "previous year's ledger", from)?;
    check_organisation(history, current, "report's ledger", onto)?;
    let mapping = history.mapping(from, onto)?;
    let previous_months = PeriodRange::year_to_date(previous_month);
    let previous = match comparison.shape {
        ComparisonShape::TodaysShape => {
            let carried = mapping.carry_ledger(comparison.ledger)?;
            previous_outcome(&carried.ledger, previous_months, as_of, follow_up)?
        }
        ComparisonShape::AsItWas => {
            previous_outcome(comparison.ledger, previous_months, as_of, follow_up)?
        }
    };
    let rows = follow_up
        .rows
        .iter()
        .zip(previous)
        .map(|(row, previous)| ComparisonRow {
            unit: row.unit.clone(),
            name: row.name.clone(),
            depth: row.depth,
            outcome_to_date: row.net.outcome_to_date,
            previous,
            change: previous.and_then(|p| row.net.outcome_to_date.checked_sub(p).ok()),
            carried_from: match comparison.shape {
                ComparisonShape::TodaysShape => carried_from(&mapping, &row.unit),
                ComparisonShape::AsItWas => Vec::new(),
            },
        })
        .collect();
    Ok(ComparisonSection {
        shape: comparison.shape,
        months: PeriodRange::year_to_date(month),
        previous_months,
        reorganisations: history.reorganisations_between(from, onto).to_vec(),
        rows,
    })
}

fn previous_year_end(previous_month: Month) -> chrono::NaiveDate {
    previous_month.year().last_month().last_day()
}

fn check_organisation(
    history: &OrgHistory,
    ledger: &Ledger,
    what: &'static str,
    date: chrono::NaiveDate,
) -> Result<(), ReportError> {
    if history.organisation_at(date)? == ledger.organisation() {
        Ok(())
    } else {
        Err(ReorgError::OrganisationMismatch { what, date }.into())
    }
}

/// Each row's net outcome over `months` in `ledger`, known as of `as_of`; `None` for units
/// the ledger's organisation does not have and for all when no outcome of the year is known.
fn previous_outcome(
    ledger: &Ledger,
    months: PeriodRange,
    as_of: AsOf,
    follow_up: &FollowUp,
) -> Result<Vec<Option<Amount>>, ReportError> {
    let view = ledger.as_of(as_of);
    let covered =
        ledger.months().contains(months.start()) && view.has_outcome(months.start().year());
    if !covered {
        return Ok(vec![None; follow_up.rows.len()]);
    }
    let cube = view.roll_up(AccountGrouping::IncomeStatementLine, months);
    follow_up
        .rows
        .iter()
        .map(|row| match ledger.organisation().get(row.unit.as_str()) {
            Some(_) => Ok(Some(cube.value_of(
                &row.unit,
                Measure::Outcome,
                None,
                months,
            )?)),
            None => Ok(None),
        })
        .collect()
}

/// Changed units of the source organisation whose figures reach `unit`'s subtree.
fn carried_from(mapping: &UnitMapping, unit: &OrgUnitId) -> Vec<CarriedFrom> {
    let target = mapping.target();
    let Some(index) = target.index_of(unit.as_str()) else {
        return Vec::new();
    };
    let subtree = target
        .units()
        .get(target.subtree_range(index))
        .unwrap_or_default();
    let inside = |id: &OrgUnitId| subtree.iter().any(|u| u.id == *id);
    mapping
        .changed_units()
        .into_iter()
        .filter_map(|source| {
            let targets = mapping.possible_targets(&source);
            let reached = targets.iter().filter(|t| inside(t)).count();
            (reached > 0).then(|| CarriedFrom {
                name: name_in(mapping.source(), &source),
                whole: reached == targets.len(),
                unit: source,
            })
        })
        .collect()
}

fn name_in(org: &Organisation, unit: &OrgUnitId) -> String {
    org.get(unit.as_str())
        .map_or_else(|| unit.to_string(), |u| u.name.clone())
}
