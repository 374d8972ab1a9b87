//! Forecasts (prognoser) of the full year: figures made by a declared method that record their
//! inputs, and forecast accuracy (prognossäkerhet) against the final outcome.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::amount::{Amount, Rounding};
use crate::as_of::AsOf;
use crate::chart::IncomeStatementLine;
use crate::ledger::{Ledger, LedgerError};
use crate::org::{OrgUnitId, UnitIndex};
use crate::period::{Month, PeriodRange, Year};
use crate::ratio::Ratio;
use crate::rollup::{AccountGrouping, Bucket, BudgetRule, Cube, Measure};

/// How to forecast the full year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ForecastMethod {
    /// Outcome to date plus the budget for the rest of the year.
    OutcomePlusRemainingBudget,
    /// Outcome to date extrapolated linearly: outcome / months elapsed × 12 (linjär prognos).
    RunRate,
    /// Outcome to date scaled by the season of `reference`'s outcome: outcome to date × the
    /// reference year's full outcome / its outcome to the same month.
    Seasonal {
        /// The year whose monthly pattern is used, usually the previous one.
        reference: Year,
    },
    /// The full-year figure of the forecast made in `made`, carried unchanged.
    CarryPrevious {
        /// When that forecast was made.
        made: Month,
    },
    /// A figure set by hand.
    Manual(Amount),
}

/// What a forecast figure was computed from, by method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastBasis {
    /// Outcome plus remaining budget.
    RemainingBudget {
        /// The current budget for the months after the as-of month.
        remaining_budget: Amount,
    },
    /// Linear extrapolation.
    RunRate {
        /// Months of outcome.
        months_elapsed: u32,
    },
    /// Seasonal profile.
    Seasonal {
        /// The reference year.
        reference: Year,
        /// Its outcome to the same month.
        reference_to_date: Amount,
        /// Its full-year outcome.
        reference_full_year: Amount,
    },
    /// A previous forecast carried.
    Carried {
        /// When it was made.
        made: Month,
    },
    /// Set by hand.
    Manual,
}

/// A full-year forecast for a unit's subtree, with how it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastFigure {
    /// The unit.
    pub unit: OrgUnitId,
    /// The income-statement line, or `None` for the net of all lines.
    pub line: Option<IncomeStatementLine>,
    /// The last month of outcome used.
    pub as_of: Month,
    /// Outcome to the as-of month.
    pub outcome_to_date: Amount,
    /// The method and its inputs.
    pub basis: ForecastBasis,
    /// The forecast for the full year, ledger-signed.
    pub full_year: Amount,
}

/// Why a forecast could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ForecastError {
    /// The seasonal reference has no outcome to date to scale by.
    #[error("seasonal forecast for {unit}: reference year {reference} has no outcome to {as_of}")]
    NoReference {
        /// The unit.
        unit: OrgUnitId,
        /// The reference year.
        reference: Year,
        /// The as-of month.
        as_of: Month,
    },
    /// The ledger has no forecast made in that month.
    #[error("no forecast made {made} to carry for {unit}")]
    NoPreviousForecast {
        /// The unit.
        unit: OrgUnitId,
        /// The month asked for.
        made: Month,
    },
    /// A figure beyond the range of an amount.
    #[error("forecast for {unit} overflows")]
    Overflow {
        /// The unit.
        unit: OrgUnitId,
    },
    /// A ledger query failed.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// Forecasts the full year of `unit`'s subtree as of `as_of`, for one income-statement line
/// or (with `None`) the net of all lines.
///
/// # Errors
/// [`ForecastError`] for an unknown unit, a seasonal reference without outcome, a missing
/// previous forecast, or a figure out of range.
///
/// ```
/// use styrmodell::{demo, forecast::{forecast, ForecastMethod}};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ledger = demo::ledger()?;
/// let figure = forecast(&ledger, &"SN".parse()?, None, "2022-08".parse()?, ForecastMethod::RunRate)?;
/// assert_eq!(figure.outcome_to_date.checked_mul(12.into(), Default::default())?
///     .checked_sub(figure.full_year.checked_mul(8.into(), Default::default())?)?.abs()
///     .ore() < 800, true);
/// # Ok(())
/// # }
/// ```
pub fn forecast(
    ledger: &Ledger,
    unit: &OrgUnitId,
    line: Option<IncomeStatementLine>,
    as_of: Month,
    method: ForecastMethod,
) -> Result<ForecastFigure, ForecastError> {
    let index = ledger.query_index(unit)?;
    let year = as_of.year().months();
    // Only what was known at the end of the as-of month.
    let view = ledger.as_of(AsOf::end_of(as_of));
    let cube = view.roll_up(AccountGrouping::IncomeStatementLine, year);
    let bucket = line.map(Bucket::Line);
    let to_date = PeriodRange::year_to_date(as_of);
    let outcome_to_date = cube.value(index, Measure::Outcome, bucket, to_date)?;
    let overflow = || ForecastError::Overflow { unit: unit.clone() };
    let (basis, full_year) = match method {
        ForecastMethod::OutcomePlusRemainingBudget => {
            let remaining = match as_of.next().filter(|next| year.contains(*next)) {
                Some(next) => {
                    let rest = PeriodRange::new(next, year.end()).map_err(|_| overflow())?;
                    cube.value(index, Measure::Budget(BudgetRule::Current), bucket, rest)?
                }
                None => Amount::ZERO,
            };
            let full = outcome_to_date
                .checked_add(remaining)
                .map_err(|_| overflow())?;
            (
                ForecastBasis::RemainingBudget {
                    remaining_budget: remaining,
                },
                full,
            )
        }
        ForecastMethod::RunRate => {
            let months = as_of.number();
            let factor = Decimal::from(12)
                .checked_div(Decimal::from(months))
                .ok_or_else(overflow)?;
            let full = outcome_to_date
                .checked_mul(factor, Rounding::HalfAwayFromZero)
                .map_err(|_| overflow())?;
            (
                ForecastBasis::RunRate {
                    months_elapsed: months,
                },
                full,
            )
        }
        ForecastMethod::Seasonal { reference } => seasonal(
            ledger,
            index,
            unit,
            bucket,
            as_of,
            reference,
            outcome_to_date,
        )?,
        ForecastMethod::CarryPrevious { made } => {
            if made > as_of {
                // Not made yet at the end of the as-of month.
                return Err(ForecastError::NoPreviousForecast {
                    unit: unit.clone(),
                    made,
                });
            }
            let full = carried(&cube, index, unit, bucket, made, ledger)?;
            (ForecastBasis::Carried { made }, full)
        }
        ForecastMethod::Manual(amount) => (ForecastBasis::Manual, amount),
    };
    Ok(ForecastFigure {
        unit: unit.clone(),
        line,
        as_of,
        outcome_to_date,
        basis,
        full_year,
    })
}

fn seasonal(
    ledger: &Ledger,
    index: UnitIndex,
    unit: &OrgUnitId,
    bucket: Option<Bucket>,
    as_of: Month,
    reference: Year,
    outcome_to_date: Amount,
) -> Result<(ForecastBasis, Amount), ForecastError> {
    let no_reference = || ForecastError::NoReference {
        unit: unit.clone(),
        reference,
        as_of,
    };
    let reference_months = reference.months();
    let cube = ledger.roll_up(AccountGrouping::IncomeStatementLine, reference_months);
    let same_month = crate::period::Month::new(reference.number(), as_of.number())
        .map_err(|_| no_reference())?;
    let reference_to_date = cube.value(
        index,
        Measure::Outcome,
        bucket,
        PeriodRange::year_to_date(same_month),
    )?;
    let reference_full_year = cube.value(index, Measure::Outcome, bucket, reference_months)?;
    if reference_to_date.is_zero() {
        return Err(no_reference());
    }
    let factor = reference_full_year
        .to_decimal()
        .checked_div(reference_to_date.to_decimal())
        .ok_or_else(|| ForecastError::Overflow { unit: unit.clone() })?;
    let full = outcome_to_date
        .checked_mul(factor, Rounding::HalfAwayFromZero)
        .map_err(|_| ForecastError::Overflow { unit: unit.clone() })?;
    let basis = ForecastBasis::Seasonal {
        reference,
        reference_to_date,
        reference_full_year,
    };
    Ok((basis, full))
}

fn carried(
    cube: &Cube<'_>,
    index: UnitIndex,
    unit: &OrgUnitId,
    bucket: Option<Bucket>,
    made: Month,
    ledger: &Ledger,
) -> Result<Amount, ForecastError> {
    if !ledger
        .forecasts_made_in(PeriodRange::single(made))
        .contains(&made)
    {
        return Err(ForecastError::NoPreviousForecast {
            unit: unit.clone(),
            made,
        });
    }
    Ok(cube.value(index, Measure::Forecast(made), bucket, cube.months())?)
}

/// How far one forecast was from the final outcome (prognossäkerhet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastAccuracy {
    /// The unit.
    pub unit: OrgUnitId,
    /// When the forecast was made.
    pub made: Month,
    /// Its full-year figure.
    pub forecast: Amount,
    /// The final outcome of the year.
    pub outcome: Amount,
    /// Forecast − outcome.
    pub error: Amount,
    /// The error over the magnitude of the outcome; `None` for a zero outcome.
    pub relative: Option<Ratio>,
}

/// The accuracy of every forecast made during `year`, for every unit, net of the income
/// statement; units in pre-order, forecasts oldest first.
///
/// # Errors
/// [`LedgerError::Overflow`] for sums beyond the range of an amount.
pub fn accuracy(ledger: &Ledger, year: Year) -> Result<Vec<ForecastAccuracy>, LedgerError> {
    let cube = ledger.roll_up(AccountGrouping::IncomeStatementLine, year.months());
    let forecasts = ledger.forecasts_made_in(year.months());
    let outcomes = cube.subtotals(Measure::Outcome, None, year.months())?;
    let mut results = Vec::new();
    for (unit, outcome) in ledger.organisation().units().iter().zip(outcomes) {
        let index = ledger.query_index(&unit.id)?;
        for &made in &forecasts {
            let forecast = cube.value(index, Measure::Forecast(made), None, year.months())?;
            let error = forecast
                .checked_sub(outcome)
                .map_err(|_| LedgerError::Overflow {
                    unit: unit.id.to_string(),
                    what: "forecast error".to_owned(),
                })?;
            results.push(ForecastAccuracy {
                unit: unit.id.clone(),
                made,
                forecast,
                outcome,
                error,
                relative: Ratio::new(error.to_decimal(), outcome.abs().to_decimal()).ok(),
            });
        }
    }
    Ok(results)
}
