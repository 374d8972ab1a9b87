//! Economic follow-up (ekonomisk uppföljning): per unit and income-statement line, the annual
//! budget, the periodised budget to date, outcome to date, deviation, share of budget used
//! against share of year elapsed, and the latest full-year forecast with its deviation.

use std::num::NonZeroU64;

use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::as_of::AsOf;
use crate::chart::IncomeStatementLine;
use crate::ledger::{Ledger, LedgerError};
use crate::ledger_as_of::LedgerAsOf;
use crate::org::{OrgUnitId, OrgUnitKind, UnitIndex};
use crate::period::{Month, PeriodRange};
use crate::ratio::Ratio;
use crate::rollup::{AccountGrouping, Bucket, BudgetRule, Cube, FilledForecast, Measure};

/// The figures of one row or line of a follow-up. Amounts keep the ledger sign; deviations are
/// "better is positive": budget − outcome, so a surplus is positive for cost and revenue rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// The budget for the whole year (årsbudget).
    pub annual_budget: Amount,
    /// The periodised budget to the as-of month (budget hittills i år).
    pub budget_to_date: Amount,
    /// Outcome to the as-of month (utfall hittills i år).
    pub outcome_to_date: Amount,
    /// Budget to date − outcome to date (avvikelse), better is positive.
    pub deviation_to_date: Amount,
    /// Outcome to date over the annual budget (förbrukningsgrad) where the budget is a cost
    /// (positive in the ledger sign); `None` for a revenue, surplus or zero budget, where a
    /// share "used" means nothing.
    pub budget_used: Option<Ratio>,
    /// The full-year forecast (helårsprognos): the forecast the follow-up rests on, with
    /// units and accounts it does not cover filled in by outcome to date plus remaining
    /// budget; `None` when no forecast was made by the as-of date.
    pub forecast: Option<Amount>,
    /// Annual budget − forecast (prognosavvikelse), better is positive.
    pub forecast_deviation: Option<Amount>,
}

/// One unit's follow-up: net over the income statement and per line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpRow {
    /// The unit.
    pub unit: OrgUnitId,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: OrgUnitKind,
    /// Its depth below the follow-up's scope (0 for the scope itself).
    pub depth: u32,
    /// Net over all income-statement lines (nettokostnad for a committee).
    pub net: Figures,
    /// Per income-statement line with any figure, in statement order.
    pub lines: Vec<(IncomeStatementLine, Figures)>,
}

/// A follow-up as of a month for a unit and its subtree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The last month of outcome.
    pub as_of: Month,
    /// The knowledge date: what was known on this day counts.
    pub known: chrono::NaiveDate,
    /// The budget compared with.
    pub budget: BudgetRule,
    /// The month the forecast used was made, if any forecast was.
    pub forecast_made: Option<Month>,
    /// Units and accounts the forecast did not cover, filled in by outcome to date plus
    /// remaining budget.
    pub filled_forecasts: Vec<FilledForecast>,
    /// Months elapsed over months in the year (andel av året).
    pub year_elapsed: Ratio,
    /// The scope first, then its subtree in pre-order down to the depth asked for.
    pub rows: Vec<FollowUpRow>,
}

/// Options of a follow-up: scope, depth and budget rule.
///
/// ```
/// use styrmodell::{FollowUpOptions, demo};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ledger = demo::ledger()?;
/// let follow_up = FollowUpOptions::new("2022-08".parse()?).scope("KF".parse()?).max_depth(1).compute(&ledger)?;
/// assert_eq!(follow_up.rows[0].unit.as_str(), "KF");
/// assert_eq!(follow_up.forecast_made, Some("2022-08".parse()?));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpOptions {
    as_of: AsOf,
    scope: Option<OrgUnitId>,
    max_depth: Option<u32>,
    budget: BudgetRule,
}

impl FollowUpOptions {
    /// A follow-up as of the end of `month`, known on its last day, of the whole organisation,
    /// every depth, current budget.
    pub fn new(month: Month) -> FollowUpOptions {
        FollowUpOptions {
            as_of: AsOf::end_of(month),
            scope: None,
            max_depth: None,
            budget: BudgetRule::Current,
        }
    }

    /// Sets the period end and knowledge date (a later knowledge date, say, for a follow-up
    /// that includes year-end entries).
    #[must_use]
    pub fn as_of(mut self, as_of: AsOf) -> FollowUpOptions {
        self.as_of = as_of;
        self
    }

    /// Limits the follow-up to `unit` and its subtree.
    #[must_use]
    pub fn scope(mut self, unit: OrgUnitId) -> FollowUpOptions {
        self.scope = Some(unit);
        self
    }

    /// Shows units at most `depth` levels below the scope.
    #[must_use]
    pub fn max_depth(mut self, depth: u32) -> FollowUpOptions {
        self.max_depth = Some(depth);
        self
    }

    /// Compares with `rule` instead of the current budget.
    #[must_use]
    pub fn budget(mut self, rule: BudgetRule) -> FollowUpOptions {
        self.budget = rule;
        self
    }

    /// Computes the follow-up.
    ///
    /// # Errors
    /// [`LedgerError::UnknownQueryUnit`] for an unknown scope, [`LedgerError::Overflow`] for a
    /// sum beyond the range of an amount.
    pub fn compute(&self, ledger: &Ledger) -> Result<FollowUp, LedgerError> {
        self.compute_from(
            &ledger
                .as_of(self.as_of)
                .full_year(AccountGrouping::IncomeStatementLine),
        )
    }

    /// As [`FollowUpOptions::compute`], on a ledger already seen as of a date (whose as-of
    /// replaces the options').
    ///
    /// # Errors
    /// As [`FollowUpOptions::compute`].
    pub fn compute_as_of(&self, view: &LedgerAsOf<'_>) -> Result<FollowUp, LedgerError> {
        let options = FollowUpOptions {
            as_of: view.as_of(),
            ..self.clone()
        };
        options.compute_from(&view.full_year(AccountGrouping::IncomeStatementLine))
    }

    /// As [`FollowUpOptions::compute`], from `cube`: a full-year roll-up by income-statement
    /// line as of the options' date, for callers that read more from the same roll-up.
    pub(crate) fn compute_from(&self, cube: &Cube<'_>) -> Result<FollowUp, LedgerError> {
        let ledger = cube.ledger();
        let org = ledger.organisation();
        let scope = ledger.query_index(self.scope.as_ref().unwrap_or(&org.root().id))?;
        let forecast_made = cube.full_year_basis();
        let as_of = self.as_of.month();
        let figures = FigureSource {
            cube,
            as_of,
            budget: self.budget,
            forecast_made,
        };
        let base_depth = org.depth_at(scope);
        let mut rows = Vec::new();
        for index in org.subtree_range(scope) {
            let index = UnitIndex::from_raw(u32::try_from(index).unwrap_or(u32::MAX));
            let depth = org.depth_at(index).saturating_sub(base_depth);
            if self.max_depth.is_some_and(|max| depth > max) {
                continue;
            }
            let Some(unit) = org.unit_at(index) else {
                continue;
            };
            rows.push(FollowUpRow {
                unit: unit.id.clone(),
                name: unit.name.clone(),
                kind: unit.kind,
                depth,
                net: figures.of(index, None)?,
                lines: figures.lines(index)?,
            });
        }
        let in_scope = |unit: &crate::org::OrgUnitId| {
            org.index_of(unit.as_str())
                .is_some_and(|i| org.subtree_range(scope).contains(&i.get()))
        };
        Ok(FollowUp {
            as_of,
            known: self.as_of.known(),
            budget: self.budget,
            forecast_made,
            filled_forecasts: cube
                .filled_forecasts()
                .iter()
                .filter(|f| in_scope(&f.unit))
                .cloned()
                .collect(),
            year_elapsed: Ratio::of_nonzero(u64::from(as_of.number()), MONTHS_IN_YEAR),
            rows,
        })
    }
}

/// Twelve, as the denominator of the share of the year elapsed.
const MONTHS_IN_YEAR: NonZeroU64 = NonZeroU64::MIN.saturating_add(11);

/// Reads the figures of units from a cube.
struct FigureSource<'c, 'l> {
    cube: &'c Cube<'l>,
    as_of: Month,
    budget: BudgetRule,
    forecast_made: Option<Month>,
}

impl FigureSource<'_, '_> {
    fn of(&self, unit: UnitIndex, bucket: Option<Bucket>) -> Result<Figures, LedgerError> {
        let year = self.as_of.year().months();
        let to_date = PeriodRange::year_to_date(self.as_of);
        let budget = Measure::Budget(self.budget);
        let annual_budget = self.cube.value(unit, budget, bucket, year)?;
        let budget_to_date = self.cube.value(unit, budget, bucket, to_date)?;
        let outcome_to_date = self.cube.value(unit, Measure::Outcome, bucket, to_date)?;
        let forecast = match self.forecast_made {
            Some(_) => Some(
                self.cube
                    .value(unit, Measure::FullYearForecast, bucket, year)?,
            ),
            None => None,
        };
        let overflow = || LedgerError::Overflow {
            unit: format!("#{}", unit.get()),
            what: "deviation".to_owned(),
        };
        Ok(Figures {
            annual_budget,
            budget_to_date,
            outcome_to_date,
            deviation_to_date: budget_to_date
                .checked_sub(outcome_to_date)
                .map_err(|_| overflow())?,
            budget_used: (annual_budget > Amount::ZERO)
                .then(|| Ratio::new(outcome_to_date.to_decimal(), annual_budget.to_decimal()).ok())
                .flatten(),
            forecast,
            forecast_deviation: forecast
                .map(|f| annual_budget.checked_sub(f))
                .transpose()
                .map_err(|_| overflow())?,
        })
    }

    fn lines(&self, unit: UnitIndex) -> Result<Vec<(IncomeStatementLine, Figures)>, LedgerError> {
        let mut lines = Vec::new();
        for line in IncomeStatementLine::ALL {
            let figures = self.of(unit, Some(Bucket::Line(line)))?;
            let empty = figures.annual_budget.is_zero()
                && figures.outcome_to_date.is_zero()
                && figures.forecast.is_none_or(Amount::is_zero);
            if !empty {
                lines.push((line, figures));
            }
        }
        Ok(lines)
    }
}
