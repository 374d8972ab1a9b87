//! The group's statements together (sammanställda räkenskaper): the income statement, the
//! balance sheets at the start of the year and at the balance day, the cash flow between
//! them and the key ratios, each for the municipality and the group side by side.

use serde::{Deserialize, Serialize};

use super::balance::{
    Acquisition, GroupBalanceSheet, consolidate_closing, consolidate_opening_balance_sheet,
};
use super::{Consolidation, GroupError, overflow};
use crate::amount::Amount;
use crate::balance_sheet::{CashFlow, KeyRatios, RatioInputs};
use crate::chart::IncomeStatementLine;
use crate::finance::IncomeStatement;
use crate::ledger_as_of::LedgerAsOf;
use crate::period::Month;
use crate::statements::{IncomeStatementRkr, Sign};

/// The municipality and the group, statement by statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAccounts {
    /// The income statement of the year to the balance day (ledger-signed lines, with each
    /// party's part and the eliminations).
    pub income: Consolidation,
    /// The municipality's income statement in the RKR layout, in the presentation sign.
    pub municipality_statement: IncomeStatementRkr,
    /// The group's income statement in the RKR layout, in the presentation sign.
    pub group_statement: IncomeStatementRkr,
    /// The balance sheets at the start of the year.
    pub opening: GroupBalanceSheet,
    /// The balance sheets at the balance day.
    pub closing: GroupBalanceSheet,
    /// The municipality's cash flow of the year to the balance day.
    pub municipality_cash_flow: CashFlow,
    /// The group's cash flow.
    pub group_cash_flow: CashFlow,
    /// The municipality's key ratios.
    pub municipality_ratios: KeyRatios,
    /// The group's key ratios (the pension commitment outside the balance sheet is the
    /// municipality's: the companies' pensions are in their balance sheets).
    pub group_ratios: KeyRatios,
}

/// The group's statements at the end of `month` as known in `view`, by proportional
/// consolidation, with the pension commitment reported outside the balance sheet when known.
///
/// ```
/// use styrmodell::{AsOf, demo, group::group_accounts};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ledger = demo::ledger()?;
/// let view = ledger.as_of(AsOf::end_of("2022-12".parse()?));
/// let accounts = group_accounts(&view, "2022-12".parse()?, &demo::acquisitions()?, None)?;
/// // The group's balance sheet balances, and its cash flow explains the change in cash.
/// assert!(accounts.closing.group.difference()?.is_zero());
/// assert!(accounts.group_cash_flow.unexplained()?.is_zero());
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// As [`super::consolidate_balance_sheet`], for either balance day.
pub fn group_accounts(
    view: &LedgerAsOf<'_>,
    month: Month,
    acquisitions: &[Acquisition],
    pension_commitment: Option<Amount>,
) -> Result<GroupAccounts, GroupError> {
    let income = super::consolidate_as_of_month(view, month)?;
    let opening = consolidate_opening_balance_sheet(view, month.year(), acquisitions)?;
    let closing = consolidate_closing(view, month, acquisitions, &income)?;
    let side = |pick: &dyn Fn(&super::ConsolidatedLine) -> Amount| IncomeStatement {
        lines: income.lines.iter().map(|l| (l.line, pick(l))).collect(),
    };
    let (municipal_lines, group_lines) = (side(&|l| l.municipality), side(&|l| l.group));
    let flow = |lines: &IncomeStatement, opening, closing| {
        let depreciation = lines
            .lines
            .get(&IncomeStatementLine::Depreciation)
            .copied()
            .unwrap_or(Amount::ZERO);
        CashFlow::between(opening, closing, depreciation).map_err(|_| overflow("cash flow"))
    };
    let municipality_cash_flow = flow(
        &municipal_lines,
        &opening.municipality,
        &closing.municipality,
    )?;
    let group_cash_flow = flow(&group_lines, &opening.group, &closing.group)?;
    let statement = |lines: &IncomeStatement| {
        IncomeStatementRkr::new(lines, &[], Sign::Presentation)
            .map_err(|_| overflow("income statement"))
    };
    let (municipality_statement, group_statement) =
        (statement(&municipal_lines)?, statement(&group_lines)?);
    let ratios = |statement: &IncomeStatementRkr, sheet, cash_flow| {
        let inputs =
            RatioInputs::of_statement(statement, pension_commitment.unwrap_or(Amount::ZERO))
                .map_err(|_| overflow("key ratios"))?;
        let mut ratios =
            KeyRatios::of(sheet, Some(cash_flow), &inputs).map_err(|_| overflow("key ratios"))?;
        if pension_commitment.is_none() {
            ratios.equity_ratio_with_pensions = None;
        }
        Ok::<KeyRatios, GroupError>(ratios)
    };
    Ok(GroupAccounts {
        municipality_ratios: ratios(
            &municipality_statement,
            &closing.municipality,
            &municipality_cash_flow,
        )?,
        group_ratios: ratios(&group_statement, &closing.group, &group_cash_flow)?,
        municipality_statement,
        group_statement,
        income,
        opening,
        closing,
        municipality_cash_flow,
        group_cash_flow,
    })
}
