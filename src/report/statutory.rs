//! The statutory statements of the municipality's interim and annual reports: the income
//! statement in the RKR layout (resultaträkning) beside the budget and the year before, and
//! the balance requirement statement (balanskravsutredning).

use serde::{Deserialize, Serialize};

use super::ReportError;
use crate::amount::Amount;
use crate::balance_sheet::{BalanceSheet, BalanceSheetError, CashFlow, KeyRatios, RatioInputs};
use crate::finance::{
    BalanceRequirement, BalanceRow, BalanceYear, ReserveBase, balance_requirement_statement,
};
use crate::ledger_as_of::LedgerAsOf;
use crate::org::OrgUnitId;
use crate::period::{Month, PeriodRange, ReportKind, Year};
use crate::rollup::{BudgetRule, Measure};
use crate::statements::{
    ComparabilityItem, IncomeStatementRkr, RkrRow, Sign, eliminated_lines, internal_part,
};

/// What the statements need besides the ledger: declared items affecting comparability, the
/// balance requirement's adjustments of the report's year and the statements of earlier years.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Statutory {
    /// Items affecting comparability (jämförelsestörande poster) of the report's year.
    #[serde(default)]
    pub comparability: Vec<ComparabilityItem>,
    /// The balance requirement's adjustments and reserve decisions of the report's year; its
    /// `result` is replaced by the statement's (the outcome, or the full-year forecast in an
    /// interim report).
    pub this_year: BalanceRequirement,
    /// The balance requirement statements of the years before, oldest first, as adopted.
    #[serde(default)]
    pub earlier_years: Vec<BalanceYear>,
    /// Deficits to restore from before the first of those years.
    #[serde(default)]
    pub earlier_deficits: Vec<(Year, Amount)>,
    /// The reserve (RUR) before the first year, when it is to be carried.
    #[serde(default)]
    pub reserve_opening: Option<Amount>,
    /// Whether equity including the pension commitments is negative (the reserve's floor is
    /// then 2 % instead of 1 %); also found from the balance sheet when the ledger has one and
    /// the pension commitment is given.
    #[serde(default)]
    pub equity_with_pensions_negative: bool,
    /// The pension commitment reported outside the balance sheet (ansvarsförbindelse för
    /// pensionsförpliktelser), for soliditet including it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pension_commitment: Option<Amount>,
    /// The sign the income statement is shown in: the presentation sign of annual reports by
    /// default, or the ledger's.
    #[serde(default)]
    pub sign: Sign,
    /// Each company's equity when its shares were acquired: the group report's balance sheet
    /// eliminates the holders' shares against it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acquisitions: Vec<crate::group::Acquisition>,
}

/// A column of the income statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementColumn {
    /// Outcome of the year to the as-of month (the whole year in the annual report).
    Outcome(PeriodRange),
    /// The full-year forecast.
    FullYearForecast,
    /// The current budget of the whole year.
    Budget(Year),
    /// The outcome of the same months the year before.
    OutcomeYearBefore(PeriodRange),
}

/// The statutory statements of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementsSection {
    /// The sign the income statement is to be shown in (its figures here are in the
    /// presentation sign).
    #[serde(default)]
    pub sign: Sign,
    /// The income statement, column by column, in the presentation sign.
    pub income: Vec<(StatementColumn, IncomeStatementRkr)>,
    /// The balance requirement statement, oldest year first, when [`Statutory`] was given.
    pub balance: Option<Vec<BalanceRow>>,
    /// The balance sheet at the start of the year and at the as-of month, when the ledger has
    /// the year's opening balances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance_sheet: Option<(BalanceSheet, BalanceSheet)>,
    /// The cash-flow statement of the year to the as-of month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_flow: Option<CashFlow>,
    /// The financial key ratios.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratios: Option<KeyRatios>,
}

/// The statements of the municipality (`scope`) for an interim or annual report; `None` for
/// other kinds.
pub(super) fn section(
    view: &LedgerAsOf<'_>,
    kind: ReportKind,
    as_of: Month,
    scope: &OrgUnitId,
    statutory: Option<&Statutory>,
) -> Result<Option<StatementsSection>, ReportError> {
    if !matches!(kind, ReportKind::Interim | ReportKind::Annual) {
        return Ok(None);
    }
    let internal = internal_part(view.ledger());
    let year = as_of.year();
    let to_date = PeriodRange::year_to_date(as_of);
    let comparability = statutory.map_or(&[][..], |s| s.comparability.as_slice());
    let mut columns = vec![(StatementColumn::Outcome(to_date), Measure::Outcome, false)];
    if kind == ReportKind::Interim && view.forecast_basis().is_some() {
        columns.push((
            StatementColumn::FullYearForecast,
            Measure::FullYearForecast,
            true,
        ));
    }
    columns.push((
        StatementColumn::Budget(year),
        Measure::Budget(BudgetRule::Current),
        false,
    ));
    let before = year
        .checked_add(-1)
        .and_then(|y| Month::new(y.number(), as_of.number()).ok())
        .map(PeriodRange::year_to_date)
        .filter(|range| view.ledger().months().covers(*range));
    if let Some(range) = before {
        columns.push((
            StatementColumn::OutcomeYearBefore(range),
            Measure::Outcome,
            false,
        ));
    }
    let mut income: Vec<(StatementColumn, IncomeStatementRkr)> = Vec::with_capacity(columns.len());
    for (column, measure, full_year) in columns {
        let months = match column {
            StatementColumn::Outcome(range) | StatementColumn::OutcomeYearBefore(range) => range,
            StatementColumn::FullYearForecast | StatementColumn::Budget(_) => year.months(),
        };
        let lines = eliminated_lines(view, &internal, scope, measure, months, full_year)?;
        // Items affecting comparability are the year's outcome's: they are marked there.
        let marked = if matches!(column, StatementColumn::Outcome(_)) {
            comparability
        } else {
            &[]
        };
        let statement = IncomeStatementRkr::new(&lines, marked, Sign::Presentation)?;
        // The year before is shown only when the ledger holds it whole: a year of operations
        // without its taxes would print a result that never was.
        let taxed = |s: &IncomeStatementRkr| !s.amount(RkrRow::TaxRevenue).is_zero();
        let whole = !matches!(column, StatementColumn::OutcomeYearBefore(_))
            || income
                .first()
                .is_none_or(|(_, first)| !taxed(first) || taxed(&statement));
        if whole {
            income.push((column, statement));
        }
    }
    let stocks = stocks(view, scope, as_of, &income, statutory)?;
    let negative = stocks
        .as_ref()
        .zip(statutory.and_then(|s| s.pension_commitment))
        .map(|((_, closing, _, _), pensions)| {
            closing
                .equity()
                .and_then(|e| e.checked_sub(pensions))
                .map(Amount::is_negative)
        })
        .transpose()?
        .unwrap_or(false);
    let balance = statutory
        .map(|s| balance(s, negative, year, kind, &income))
        .transpose()?;
    let (balance_sheet, cash_flow, ratios) = match stocks {
        Some((opening, closing, flow, ratios)) => {
            (Some((opening, closing)), Some(flow), Some(ratios))
        }
        None => (None, None, None),
    };
    Ok(Some(StatementsSection {
        sign: statutory.map_or(Sign::Presentation, |s| s.sign),
        income,
        balance,
        balance_sheet,
        cash_flow,
        ratios,
    }))
}

/// The opening and closing balance sheets, the cash flow between them and the key ratios;
/// `None` without the year's opening balances. A balance sheet that does not balance, or a
/// cash flow that does not explain the change in cash, cannot be true and is refused.
fn stocks(
    view: &LedgerAsOf<'_>,
    scope: &OrgUnitId,
    as_of: Month,
    income: &[(StatementColumn, IncomeStatementRkr)],
    statutory: Option<&Statutory>,
) -> Result<Option<(BalanceSheet, BalanceSheet, CashFlow, KeyRatios)>, ReportError> {
    let opening = match BalanceSheet::opening(view, scope, as_of.year()) {
        Ok(sheet) => sheet,
        Err(BalanceSheetError::NoOpening { .. }) => return Ok(None),
        Err(err) => return Err(err.into()),
    };
    let closing = BalanceSheet::at(view, scope, as_of)?;
    for sheet in [&opening, &closing] {
        let difference = sheet.difference()?;
        if !difference.is_zero() {
            return Err(ReportError::Unbalanced {
                what: "balance sheet".into(),
                at: sheet
                    .month
                    .map_or_else(|| format!("{} opening", sheet.year), |m| m.to_string()),
                difference,
            });
        }
    }
    let Some((_, outcome)) = income.first() else {
        return Ok(None);
    };
    let depreciation = outcome.amount(RkrRow::Depreciation).negated();
    let flow = CashFlow::between(&opening, &closing, depreciation)?;
    let unexplained = flow.unexplained()?;
    if !unexplained.is_zero() {
        return Err(ReportError::Unbalanced {
            what: "cash flow".into(),
            at: as_of.to_string(),
            difference: unexplained,
        });
    }
    let inputs = RatioInputs::of_statement(
        outcome,
        statutory
            .and_then(|s| s.pension_commitment)
            .unwrap_or(Amount::ZERO),
    )?;
    let mut ratios = KeyRatios::of(&closing, Some(&flow), &inputs)?;
    if statutory.and_then(|s| s.pension_commitment).is_none() {
        // Without the commitment the ratio including it is not known.
        ratios.equity_ratio_with_pensions = None;
    }
    Ok(Some((opening, closing, flow, ratios)))
}

/// The balance requirement statement: the earlier years and this year with the result of the
/// outcome (annual) or the full-year forecast (interim).
fn balance(
    statutory: &Statutory,
    equity_with_pensions_negative: bool,
    year: Year,
    kind: ReportKind,
    income: &[(StatementColumn, IncomeStatementRkr)],
) -> Result<Vec<BalanceRow>, ReportError> {
    let wanted = |c: &StatementColumn| match kind {
        ReportKind::Annual => matches!(c, StatementColumn::Outcome(_)),
        _ => matches!(c, StatementColumn::FullYearForecast),
    };
    let mut years = statutory.earlier_years.clone();
    if let Some((_, statement)) = income.iter().find(|(c, _)| wanted(c)) {
        let taxes_and_grants = statement
            .amount(RkrRow::TaxRevenue)
            .checked_add(statement.amount(RkrRow::GeneralGrantsAndEqualisation))?;
        years.push(BalanceYear {
            year,
            requirement: BalanceRequirement {
                result: statement.amount(RkrRow::ResultOfTheYear),
                ..statutory.this_year.clone()
            },
            base: Some(ReserveBase {
                taxes_and_grants,
                equity_with_pensions_negative: statutory.equity_with_pensions_negative
                    || equity_with_pensions_negative,
            }),
        });
    }
    Ok(balance_requirement_statement(
        &years,
        &statutory.earlier_deficits,
        statutory.reserve_opening,
    )?)
}
