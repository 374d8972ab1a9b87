//! Periodisation (periodisering): exact splits of a yearly or multi-month amount into months.
//!
//! Parts always sum back to the whole at the chosen precision (öre, whole kronor or tkr) by
//! largest-remainder rounding: each month first gets its exact share rounded toward zero, and
//! the units left over go to the months with the largest remainders, earlier months first on
//! ties. So every part lies within one unit of its exact share.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::chart::AccountCode;
use crate::ledger::{Fact, Layer, Ledger, LedgerError};
use crate::org::OrgUnitId;
use crate::period::{Month, PeriodRange, Year};
use crate::rollup::{AccountGrouping, Bucket, Measure};

/// How an amount is spread over months (periodiseringsnyckel).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodisationKey {
    /// Equal parts (tolftedelar for a year).
    Even,
    /// In proportion to each month's calendar days.
    CalendarDays,
    /// In proportion to one non-negative weight per month; at least one above zero.
    Weights(Vec<Decimal>),
    /// Given amounts per month, which must add up to the whole.
    Manual(Vec<Amount>),
}

impl PeriodisationKey {
    /// A historical profile: weights from the monthly outcome of `unit`'s subtree in `year`
    /// (for `bucket`, or all income-statement accounts). A revenue profile (negative outcome)
    /// is turned positive.
    ///
    /// # Errors
    /// [`PeriodiseError::Ledger`] for an unknown unit or an overflowing sum, and
    /// [`PeriodiseError::NegativeWeight`] for a month against the year's direction.
    pub fn historical(
        ledger: &Ledger,
        unit: &OrgUnitId,
        bucket: Option<Bucket>,
        year: Year,
    ) -> Result<PeriodisationKey, PeriodiseError> {
        let grouping = match bucket {
            None | Some(Bucket::Line(_)) => AccountGrouping::IncomeStatementLine,
            Some(Bucket::All) => AccountGrouping::All,
            Some(Bucket::Class(_)) => AccountGrouping::Class,
            Some(Bucket::Account(_)) => AccountGrouping::Account,
        };
        let cube = ledger.roll_up(grouping, year.months());
        let monthly = year
            .months()
            .months()
            .map(|month| cube.value_of(unit, Measure::Outcome, bucket, PeriodRange::single(month)))
            .collect::<Result<Vec<Amount>, LedgerError>>()?;
        let total = monthly.iter().map(|a| a.ore()).sum::<i128>();
        let weights = year
            .months()
            .months()
            .zip(monthly)
            .map(|(month, amount)| {
                let weight = if total < 0 { amount.negated() } else { amount }.to_decimal();
                if weight.is_sign_negative() && !weight.is_zero() {
                    Err(PeriodiseError::NegativeWeight { month, weight })
                } else {
                    Ok(weight)
                }
            })
            .collect::<Result<Vec<Decimal>, PeriodiseError>>()?;
        Ok(PeriodisationKey::Weights(weights))
    }
}

/// The smallest unit parts are rounded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// Öre.
    #[default]
    Ore,
    /// Whole kronor.
    Kronor,
    /// Whole thousands of kronor (tkr).
    Tkr,
}

impl Precision {
    /// The unit in öre.
    pub fn ore(self) -> i128 {
        match self {
            Precision::Ore => 1,
            Precision::Kronor => 100,
            Precision::Tkr => 100_000,
        }
    }
}

/// Why an amount could not be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodiseError {
    /// A weights or manual key with the wrong number of months.
    #[error("periodisation key has {found} values for {expected} months ({months})")]
    WrongLength {
        /// The months of the split.
        months: PeriodRange,
        /// How many were needed.
        expected: usize,
        /// How many were given.
        found: usize,
    },
    /// A negative weight.
    #[error("weight {weight} for {month} is negative")]
    NegativeWeight {
        /// The month.
        month: Month,
        /// The weight.
        weight: Decimal,
    },
    /// Weights that are all zero.
    #[error("all weights are zero for {months}")]
    ZeroWeights {
        /// The months of the split.
        months: PeriodRange,
    },
    /// Manual amounts that do not add up to the whole.
    #[error("manual amounts add up to {found}, not {expected}")]
    ManualMismatch {
        /// The whole.
        expected: Amount,
        /// Their sum.
        found: Amount,
    },
    /// An amount that is not a whole number of the precision.
    #[error("amount {amount} is not a whole number of {precision:?}")]
    NotWhole {
        /// The amount.
        amount: Amount,
        /// The precision asked for.
        precision: Precision,
    },
    /// Numbers too large to split exactly.
    #[error("amount {amount} with these weights is too large to split exactly")]
    Overflow {
        /// The amount.
        amount: Amount,
    },
    /// A ledger query for a historical profile failed.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// A yearly amount of a unit and account could not be periodised.
    #[error("periodising {account} of {unit} for {year}: {source}")]
    Of {
        /// The unit.
        unit: crate::org::OrgUnitId,
        /// The account.
        account: crate::chart::AccountCode,
        /// The year.
        year: Year,
        /// Why.
        source: Box<PeriodiseError>,
    },
}

/// Splits `amount` over `months` by `key`, rounding parts to `precision`.
///
/// # Errors
/// [`PeriodiseError`] for a key of the wrong length, negative or all-zero weights, manual
/// amounts that do not add up, an amount that is not a whole number of `precision`, or
/// numbers too large to split exactly.
///
/// # Example
///
/// ```
/// use styrmodell::{Amount, PeriodRange, periodise::{split, PeriodisationKey, Precision}};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let year = PeriodRange::from(styrmodell::Year::new(2022)?);
/// let parts = split(Amount::from_kronor(100), year, &PeriodisationKey::Even, Precision::Kronor)?;
/// let kronor: Vec<_> = parts.iter().map(|(_, a)| a.to_string()).collect();
/// assert_eq!(kronor[..5], ["9.00", "9.00", "9.00", "9.00", "8.00"]);
/// assert_eq!(Amount::checked_sum(parts.iter().map(|(_, a)| *a))?, Amount::from_kronor(100));
/// # Ok(())
/// # }
/// ```
pub fn split(
    amount: Amount,
    months: PeriodRange,
    key: &PeriodisationKey,
    precision: Precision,
) -> Result<Vec<(Month, Amount)>, PeriodiseError> {
    let count = months.month_count() as usize;
    let check_length = |found: usize| {
        if found == count {
            Ok(())
        } else {
            Err(PeriodiseError::WrongLength {
                months,
                expected: count,
                found,
            })
        }
    };
    let weights: Vec<i128> = match key {
        PeriodisationKey::Even => vec![1; count],
        PeriodisationKey::CalendarDays => months.months().map(|m| i128::from(m.days())).collect(),
        PeriodisationKey::Weights(weights) => {
            check_length(weights.len())?;
            integer_weights(months, weights).ok_or(PeriodiseError::Overflow { amount })??
        }
        PeriodisationKey::Manual(parts) => {
            check_length(parts.len())?;
            return manual(amount, months, parts);
        }
    };
    let unit = precision.ore();
    // The precision's unit is 1, 100 or 100 000 öre: never zero.
    if amount.ore().checked_rem(unit) != Some(0) {
        return Err(PeriodiseError::NotWhole { amount, precision });
    }
    let quanta = amount
        .ore()
        .checked_div(unit)
        .and_then(|whole| allocate(whole, &weights))
        .ok_or(PeriodiseError::Overflow { amount })?;
    months
        .months()
        .zip(quanta)
        .map(|(month, q)| {
            Ok((
                month,
                q.checked_mul(unit)
                    .and_then(|ore| Amount::from_ore(ore).ok())
                    .ok_or(PeriodiseError::Overflow { amount })?,
            ))
        })
        .collect()
}

/// Checks manual parts against the whole.
fn manual(
    amount: Amount,
    months: PeriodRange,
    parts: &[Amount],
) -> Result<Vec<(Month, Amount)>, PeriodiseError> {
    let found = Amount::checked_sum(parts.iter().copied())
        .map_err(|_| PeriodiseError::Overflow { amount })?;
    if found != amount {
        return Err(PeriodiseError::ManualMismatch {
            expected: amount,
            found,
        });
    }
    Ok(months.months().zip(parts.iter().copied()).collect())
}

/// Decimal weights as integers on a common scale; `None` on overflow, an error for negative
/// or all-zero weights.
fn integer_weights(
    months: PeriodRange,
    weights: &[Decimal],
) -> Option<Result<Vec<i128>, PeriodiseError>> {
    if let Some((month, weight)) = months
        .months()
        .zip(weights)
        .find(|(_, w)| w.is_sign_negative() && !w.is_zero())
    {
        return Some(Err(PeriodiseError::NegativeWeight {
            month,
            weight: *weight,
        }));
    }
    let normalised: Vec<Decimal> = weights.iter().map(Decimal::normalize).collect();
    let scale = normalised.iter().map(Decimal::scale).max().unwrap_or(0);
    let integers: Option<Vec<i128>> = normalised
        .iter()
        .map(|w| {
            w.mantissa()
                .checked_mul(10i128.checked_pow(scale.checked_sub(w.scale())?)?)
        })
        .collect();
    let integers = integers?;
    if integers.iter().all(|w| *w == 0) {
        return Some(Err(PeriodiseError::ZeroWeights { months }));
    }
    Some(Ok(integers))
}

/// Splits `total` units by non-negative `weights` (not all zero) with largest remainders;
/// `None` on overflow. Negative totals are split as their magnitude, then negated, so the
/// rounding is symmetric.
pub(crate) fn allocate(total: i128, weights: &[i128]) -> Option<Vec<i128>> {
    let magnitude = total.checked_abs()?;
    let sum = weights
        .iter()
        .try_fold(0i128, |acc, w| acc.checked_add(*w))?;
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, weight) in weights.iter().enumerate() {
        let product = magnitude.checked_mul(*weight)?;
        parts.push(product.checked_div(sum)?);
        remainders.push((product.checked_rem(sum)?, i));
    }
    let allocated = parts.iter().try_fold(0i128, |acc, p| acc.checked_add(*p))?;
    let left = magnitude.checked_sub(allocated)?;
    // Largest remainder first; on ties the earlier month.
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(usize::try_from(left).ok()?) {
        if let Some(part) = parts.get_mut(i) {
            *part = part.checked_add(1)?;
        }
    }
    let sign = total.signum();
    parts.into_iter().map(|p| p.checked_mul(sign)).collect()
}

/// A yearly amount for one unit and account, to be periodised into monthly facts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct YearlyAmount {
    /// The org unit.
    pub unit: OrgUnitId,
    /// The account.
    pub account: AccountCode,
    /// The year.
    pub year: Year,
    /// The layer, usually a budget revision.
    pub layer: Layer,
    /// The yearly amount, ledger-signed.
    pub amount: Amount,
}

impl YearlyAmount {
    /// Turns the yearly amount into twelve monthly facts by `key`.
    ///
    /// ```
    /// use styrmodell::{Amount, Layer, periodise::{PeriodisationKey, Precision, YearlyAmount}};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let budget = YearlyAmount {
    ///     unit: "GRS-NORR".parse()?,
    ///     account: "5011".parse()?,
    ///     year: styrmodell::Year::new(2022)?,
    ///     layer: Layer::ORIGINAL_BUDGET,
    ///     amount: Amount::from_kronor(9_600_000),
    /// };
    /// let facts = budget.periodise(&PeriodisationKey::CalendarDays, Precision::Kronor)?;
    /// assert_eq!(facts.len(), 12);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`PeriodiseError::Of`], naming the unit, account and year, around what [`split`] gives.
    pub fn periodise(
        &self,
        key: &PeriodisationKey,
        precision: Precision,
    ) -> Result<Vec<Fact>, PeriodiseError> {
        let parts = split(self.amount, self.year.months(), key, precision).map_err(|err| {
            PeriodiseError::Of {
                unit: self.unit.clone(),
                account: self.account,
                year: self.year,
                source: Box::new(err),
            }
        })?;
        Ok(parts
            .into_iter()
            .map(|(month, amount)| {
                Fact::new(self.unit.clone(), self.account, month, self.layer, amount)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year() -> PeriodRange {
        Year::new(2022).unwrap().months()
    }

    fn amounts(parts: &[(Month, Amount)]) -> Vec<i128> {
        parts.iter().map(|(_, a)| a.ore()).collect()
    }

    #[test]
    fn a_yearly_amount_that_cannot_be_split_names_its_unit_and_account() {
        let budget = YearlyAmount {
            unit: "GRS-NORR".parse().unwrap(),
            account: "5011".parse().unwrap(),
            year: Year::new(2022).unwrap(),
            layer: crate::ledger::Layer::ORIGINAL_BUDGET,
            amount: Amount::from_kronor(100),
        };
        let err = budget
            .periodise(
                &PeriodisationKey::Weights(vec![Decimal::ONE; 3]),
                Precision::Kronor,
            )
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("5011") && text.contains("GRS-NORR") && text.contains("2022"),
            "{text}"
        );
    }

    #[test]
    fn even_split_gives_remainders_to_early_months() {
        let parts = split(
            Amount::from_ore(1_000).unwrap(),
            year(),
            &PeriodisationKey::Even,
            Precision::Ore,
        )
        .unwrap();
        assert_eq!(
            amounts(&parts),
            [84, 84, 84, 84, 83, 83, 83, 83, 83, 83, 83, 83]
        );
    }

    #[test]
    fn negative_amounts_split_symmetrically() {
        let parts = split(
            Amount::from_ore(-1_000).unwrap(),
            year(),
            &PeriodisationKey::Even,
            Precision::Ore,
        )
        .unwrap();
        assert_eq!(
            amounts(&parts),
            [-84, -84, -84, -84, -83, -83, -83, -83, -83, -83, -83, -83]
        );
    }

    #[test]
    fn calendar_days_follow_the_month_lengths() {
        let parts = split(
            Amount::from_kronor(365),
            year(),
            &PeriodisationKey::CalendarDays,
            Precision::Kronor,
        )
        .unwrap();
        let kronor: Vec<i128> = amounts(&parts).iter().map(|o| o / 100).collect();
        assert_eq!(kronor, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    }

    #[test]
    fn weights_and_their_errors() {
        let mut weights = vec![Decimal::ZERO; 12];
        weights[6] = Decimal::new(5, 1);
        weights[7] = Decimal::ONE;
        let parts = split(
            Amount::from_kronor(300),
            year(),
            &PeriodisationKey::Weights(weights.clone()),
            Precision::Kronor,
        )
        .unwrap();
        assert_eq!(parts[6].1, Amount::from_kronor(100));
        assert_eq!(parts[7].1, Amount::from_kronor(200));
        weights[0] = Decimal::NEGATIVE_ONE;
        let err = split(
            Amount::from_kronor(300),
            year(),
            &PeriodisationKey::Weights(weights),
            Precision::Kronor,
        )
        .unwrap_err();
        assert!(
            matches!(err, PeriodiseError::NegativeWeight { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("2022-01"));
        let zero = PeriodisationKey::Weights(vec![Decimal::ZERO; 12]);
        assert!(matches!(
            split(Amount::from_kronor(1), year(), &zero, Precision::Ore),
            Err(PeriodiseError::ZeroWeights { .. })
        ));
        let short = PeriodisationKey::Weights(vec![Decimal::ONE; 11]);
        assert!(matches!(
            split(Amount::from_kronor(1), year(), &short, Precision::Ore),
            Err(PeriodiseError::WrongLength { .. })
        ));
    }

    #[test]
    fn manual_must_add_up() {
        let mut parts = vec![Amount::from_kronor(10); 12];
        assert!(
            split(
                Amount::from_kronor(120),
                year(),
                &PeriodisationKey::Manual(parts.clone()),
                Precision::Ore
            )
            .is_ok()
        );
        parts[3] = Amount::from_kronor(11);
        let err = split(
            Amount::from_kronor(120),
            year(),
            &PeriodisationKey::Manual(parts),
            Precision::Ore,
        )
        .unwrap_err();
        assert_eq!(
            err,
            PeriodiseError::ManualMismatch {
                expected: Amount::from_kronor(120),
                found: Amount::from_kronor(121)
            }
        );
        assert!(err.to_string().contains("121.00"));
    }

    #[test]
    fn precision_must_divide_the_amount() {
        let err = split(
            Amount::from_ore(150).unwrap(),
            year(),
            &PeriodisationKey::Even,
            Precision::Kronor,
        )
        .unwrap_err();
        assert!(matches!(err, PeriodiseError::NotWhole { .. }));
        let parts = split(
            Amount::from_kronor(1_000_000),
            year(),
            &PeriodisationKey::Even,
            Precision::Tkr,
        )
        .unwrap();
        assert!(parts.iter().all(|(_, a)| a.ore() % 100_000 == 0));
    }
}
