//! Sound financial management (god ekonomisk hushållning): the income statement, financial
//! key ratios and the balance requirement (balanskrav) with the reserve for result
//! equalisation (resultatutjämningsreserv, RUR).

mod balance;

use std::collections::BTreeMap;

pub use balance::{
    Adjustment, BalanceError, BalanceRequirement, BalanceRow, BalanceYear, ReserveBase,
    balance_requirement_statement,
};

use serde::{Deserialize, Serialize};

use crate::amount::{Amount, AmountError};
use crate::chart::IncomeStatementLine;
use crate::ledger::{Ledger, LedgerError};
use crate::org::OrgUnitId;
use crate::period::{PeriodRange, Year};
use crate::ratio::Ratio;
use crate::rollup::{AccountGrouping, Bucket, Cube, Measure};

/// An income statement (resultaträkning), each line ledger-signed (revenue negative).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IncomeStatement {
    /// The amount of each line.
    pub lines: BTreeMap<IncomeStatementLine, Amount>,
}

impl IncomeStatement {
    /// The income statement of `unit`'s subtree for `measure` over `months`.
    ///
    /// # Errors
    /// [`LedgerError`] for an unknown unit or a sum out of range.
    ///
    /// ```
    /// use styrmodell::{Measure, PeriodRange, demo, finance::IncomeStatement};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let ledger = demo::ledger()?;
    /// let year = PeriodRange::from(ledger.horizon().budget_year());
    /// let statement = IncomeStatement::of(&ledger, &"KF".parse()?, Measure::Outcome, year)?;
    /// assert!(statement.result()?.is_negative() == false);
    /// # Ok(())
    /// # }
    /// ```
    pub fn of(
        ledger: &Ledger,
        unit: &OrgUnitId,
        measure: Measure,
        months: PeriodRange,
    ) -> Result<IncomeStatement, LedgerError> {
        let cube = ledger.roll_up(AccountGrouping::IncomeStatementLine, months);
        IncomeStatement::from_cube(&cube, unit, measure, months)
    }

    /// As [`IncomeStatement::of`], read from a cube already rolled up by
    /// [`AccountGrouping::IncomeStatementLine`] over (at least) `months`, so a caller that
    /// needs several statements of one year rolls the ledger up once.
    ///
    /// # Errors
    /// [`LedgerError`] for an unknown unit or a sum out of range.
    ///
    /// ```
    /// use styrmodell::{AccountGrouping, BudgetRule, Measure, PeriodRange, demo, finance::IncomeStatement};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let ledger = demo::ledger()?;
    /// let year = PeriodRange::from(ledger.horizon().budget_year());
    /// let cube = ledger.roll_up(AccountGrouping::IncomeStatementLine, year);
    /// let kf = "KF".parse()?;
    /// let budget = IncomeStatement::from_cube(&cube, &kf, Measure::Budget(BudgetRule::Current), year)?;
    /// let outcome = IncomeStatement::from_cube(&cube, &kf, Measure::Outcome, year)?;
    /// assert_eq!(outcome, IncomeStatement::of(&ledger, &kf, Measure::Outcome, year)?);
    /// assert_ne!(budget, outcome);
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_cube(
        cube: &Cube<'_>,
        unit: &OrgUnitId,
        measure: Measure,
        months: PeriodRange,
    ) -> Result<IncomeStatement, LedgerError> {
        let lines = IncomeStatementLine::ALL
            .into_iter()
            .map(|line| {
                Ok((
                    line,
                    cube.value_of(unit, measure, Some(Bucket::Line(line)), months)?,
                ))
            })
            .collect::<Result<_, LedgerError>>()?;
        Ok(IncomeStatement { lines })
    }

    fn line(&self, line: IncomeStatementLine) -> Amount {
        self.lines.get(&line).copied().unwrap_or(Amount::ZERO)
    }

    fn sum(&self, lines: &[IncomeStatementLine]) -> Result<Amount, AmountError> {
        Amount::checked_sum(lines.iter().map(|line| self.line(*line)))
    }

    /// Net operating costs (verksamhetens nettokostnader): revenue, costs and depreciation,
    /// ledger-signed (a cost is positive).
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn net_operating_costs(&self) -> Result<Amount, AmountError> {
        use IncomeStatementLine::{Depreciation, OperatingCosts, OperatingRevenue};
        self.sum(&[OperatingRevenue, OperatingCosts, Depreciation])
    }

    /// Tax revenue plus general grants and equalisation (skatteintäkter och generella
    /// statsbidrag och utjämning), as a positive amount.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn taxes_and_grants(&self) -> Result<Amount, AmountError> {
        use IncomeStatementLine::{GeneralGrantsAndEqualisation, TaxRevenue};
        Ok(self
            .sum(&[TaxRevenue, GeneralGrantsAndEqualisation])?
            .negated())
    }

    /// The result of the year (årets resultat), positive for a surplus.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn result(&self) -> Result<Amount, AmountError> {
        Ok(self.sum(&IncomeStatementLine::ALL)?.negated())
    }

    /// Depreciation (avskrivningar), as a positive cost.
    pub fn depreciation(&self) -> Amount {
        self.line(IncomeStatementLine::Depreciation)
    }

    /// The result share (resultatandel): the result over taxes and general grants; `None`
    /// when those are zero.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn result_share(&self) -> Result<Option<Ratio>, AmountError> {
        Ok(Ratio::new(
            self.result()?.to_decimal(),
            self.taxes_and_grants()?.to_decimal(),
        )
        .ok())
    }
}

/// Self-financing of investments (självfinansieringsgrad): (result + depreciation) over net
/// investments; `None` without investments.
///
/// # Errors
/// [`AmountError::Overflow`] for a sum out of range.
pub fn self_financing(
    result: Amount,
    depreciation: Amount,
    net_investments: Amount,
) -> Result<Option<Ratio>, AmountError> {
    let own_funds = result.checked_add(depreciation)?;
    Ok(Ratio::new(own_funds.to_decimal(), net_investments.to_decimal()).ok())
}

/// Budget adherence (budgetföljsamhet): (budget − outcome) over budget; `None` for a zero
/// budget.
///
/// # Errors
/// [`AmountError::Overflow`] for a sum out of range.
pub fn budget_adherence(budget: Amount, outcome: Amount) -> Result<Option<Ratio>, AmountError> {
    Ok(Ratio::new(
        budget.checked_sub(outcome)?.to_decimal(),
        budget.to_decimal(),
    )
    .ok())
}

/// Forecast accuracy (prognossäkerhet): (forecast − outcome) over the outcome's magnitude;
/// `None` for a zero outcome.
///
/// # Errors
/// [`AmountError::Overflow`] for a sum out of range.
pub fn forecast_accuracy(forecast: Amount, outcome: Amount) -> Result<Option<Ratio>, AmountError> {
    Ok(Ratio::new(
        forecast.checked_sub(outcome)?.to_decimal(),
        outcome.abs().to_decimal(),
    )
    .ok())
}

/// A negative balance requirement result that must be restored within three years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deficit {
    /// The year of the deficit.
    pub year: Year,
    /// The deficit, as a positive amount.
    pub amount: Amount,
    /// The last year it may be restored in.
    pub restore_by: Year,
    /// What is still to restore after later surpluses.
    pub remaining: Amount,
}

/// Tracks deficits over the years: each negative balance requirement result must be made
/// good by positive results within the three following years, oldest deficit first; a deficit
/// not made good by then is still owed and a later surplus restores it (its `restore_by` tells
/// that it was late). As [`balance_requirement_statement`] carries them.
///
/// # Errors
/// [`AmountError::Overflow`] for a sum out of range.
///
/// ```
/// use styrmodell::{Amount, Year, finance::deficits};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let history = [
///     (Year::new(2020)?, Amount::from_kronor(-10)),
///     (Year::new(2021)?, Amount::from_kronor(4)),
/// ];
/// let open = deficits(&history)?;
/// assert_eq!(open[0].remaining, Amount::from_kronor(6));
/// assert_eq!(open[0].restore_by, Year::new(2023)?);
/// # Ok(())
/// # }
/// ```
pub fn deficits(history: &[(Year, Amount)]) -> Result<Vec<Deficit>, AmountError> {
    let mut sorted = history.to_vec();
    sorted.sort_by_key(|(year, _)| *year);
    let mut open: Vec<Deficit> = Vec::new();
    for (year, result) in sorted {
        balance::restore(&mut open, year, result)?;
    }
    Ok(open)
}

/// The reserve for result equalisation (resultatutjämningsreserv, RUR) over a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reserve {
    /// The balance at the start of the year.
    pub opening: Amount,
    /// Set aside during the year.
    pub deposited: Amount,
    /// Drawn during the year.
    pub drawn: Amount,
}

impl Reserve {
    /// The balance at the end of the year.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn closing(&self) -> Result<Amount, AmountError> {
        self.opening
            .checked_add(self.deposited)?
            .checked_sub(self.drawn)
    }
}
