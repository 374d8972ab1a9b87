//! The balance requirement (balanskravet, Kommunallagen 11 kap.) and its statement
//! (balanskravsutredning): the year's result adjusted as the law says, the reserve for result
//! equalisation (resultatutjämningsreserv, RUR) and deficits to restore within three years.
//!
//! Amounts are in the presentation sign: a surplus and a deposit positive.

use serde::{Deserialize, Serialize};

use super::{Deficit, Reserve};
use crate::amount::{Amount, AmountError};
use crate::period::Year;

/// One other adjustment of the result (balanskravsjustering), added to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// What it is.
    pub description: String,
    /// The amount added to the result (negative to deduct).
    pub amount: Amount,
}

/// One year's balance requirement: the rows every Swedish municipality shows.
///
/// ```
/// use styrmodell::{Amount, finance::BalanceRequirement};
/// # fn main() -> Result<(), styrmodell::AmountError> {
/// // Sjöbo 2020 (mnkr): 37,9 − 1,6 = 36,3 after adjustments; − 22,0 to the reserve = 14,3.
/// let sjobo = BalanceRequirement {
///     realisation_gains: "1.6".parse()?,
///     to_reserve: "22.0".parse()?,
///     ..BalanceRequirement::of_result("37.9".parse()?)
/// };
/// assert_eq!(sjobo.adjusted_result()?, "36.3".parse()?);
/// assert_eq!(sjobo.balance_result()?, "14.3".parse()?);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceRequirement {
    /// Årets resultat.
    pub result: Amount,
    /// Samtliga realisationsvinster, deducted (a net realisation loss is negative and adds).
    #[serde(default)]
    pub realisation_gains: Amount,
    /// Vissa realisationsvinster enligt undantagsmöjlighet, added back.
    #[serde(default)]
    pub exempt_gains: Amount,
    /// Vissa realisationsförluster enligt undantagsmöjlighet, added back.
    #[serde(default)]
    pub exempt_losses: Amount,
    /// Orealiserade förluster i värdepapper, added back.
    #[serde(default)]
    pub unrealised_losses: Amount,
    /// Återföring av orealiserade förluster i värdepapper, deducted.
    #[serde(default)]
    pub reversed_unrealised_losses: Amount,
    /// Other adjustments, added.
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
    /// Medel till resultatutjämningsreserv, deducted.
    #[serde(default)]
    pub to_reserve: Amount,
    /// Medel från resultatutjämningsreserv, added.
    #[serde(default)]
    pub from_reserve: Amount,
    /// Synnerliga skäl: what the council decided not to restore, added.
    #[serde(default)]
    pub exceptional_reasons: Amount,
}

impl Default for BalanceRequirement {
    /// A result of zero and no adjustments.
    fn default() -> BalanceRequirement {
        BalanceRequirement::of_result(Amount::ZERO)
    }
}

impl BalanceRequirement {
    /// A year with only its result: every adjustment zero.
    pub fn of_result(result: Amount) -> BalanceRequirement {
        BalanceRequirement {
            result,
            realisation_gains: Amount::ZERO,
            exempt_gains: Amount::ZERO,
            exempt_losses: Amount::ZERO,
            unrealised_losses: Amount::ZERO,
            reversed_unrealised_losses: Amount::ZERO,
            adjustments: Vec::new(),
            to_reserve: Amount::ZERO,
            from_reserve: Amount::ZERO,
            exceptional_reasons: Amount::ZERO,
        }
    }

    /// Årets resultat efter balanskravsjusteringar.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn adjusted_result(&self) -> Result<Amount, AmountError> {
        let fixed = self
            .result
            .checked_sub(self.realisation_gains)?
            .checked_add(self.exempt_gains)?
            .checked_add(self.exempt_losses)?
            .checked_add(self.unrealised_losses)?
            .checked_sub(self.reversed_unrealised_losses)?;
        self.adjustments
            .iter()
            .try_fold(fixed, |acc, a| acc.checked_add(a.amount))
    }

    /// Årets balanskravsresultat: the adjusted result less the deposit to the reserve, plus the
    /// withdrawal from it and what the council decided not to restore for exceptional reasons.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn balance_result(&self) -> Result<Amount, AmountError> {
        self.adjusted_result()?
            .checked_sub(self.to_reserve)?
            .checked_add(self.from_reserve)?
            .checked_add(self.exceptional_reasons)
    }

    /// Checks the reserve's rules of Kommunallagen 11 kap. 14 §: a deposit only from the part
    /// of the adjusted result above 1 % of taxes, general grants and equalisation (2 % when
    /// equity including the pension commitments is negative), and a withdrawal only to cover
    /// a negative adjusted result. Without a `base` the deposit's limit is not checked (a
    /// published statement reproduced without its year's taxes, say).
    ///
    /// ```
    /// use styrmodell::{Amount, Year, finance::{BalanceRequirement, ReserveBase}};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // Göteborg 2018 (mnkr): adjusted result 1 053; 1 % of 27 590 + 3 705 is 312,95; so at
    /// // most 740,05 may be set aside. Göteborg set aside 740.
    /// let base = ReserveBase { taxes_and_grants: "31295".parse()?, equity_with_pensions_negative: false };
    /// let year = BalanceRequirement { realisation_gains: "739".parse()?, to_reserve: "740".parse()?,
    ///     ..BalanceRequirement::of_result("1792".parse()?) };
    /// year.check_reserve(Year::new(2018)?, Some(&base))?;
    /// let too_much = BalanceRequirement { to_reserve: "741".parse()?, ..year };
    /// let err = too_much.check_reserve(Year::new(2018)?, Some(&base)).unwrap_err();
    /// assert!(err.to_string().contains("740.05"), "{err}");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`BalanceError`] naming the year, the amount asked and the limit.
    pub fn check_reserve(
        &self,
        year: Year,
        base: Option<&ReserveBase>,
    ) -> Result<(), BalanceError> {
        let amount = |source| BalanceError::Amount { year, source };
        if self.to_reserve.is_negative() || self.from_reserve.is_negative() {
            return Err(BalanceError::Negative { year });
        }
        let adjusted = self.adjusted_result().map_err(amount)?;
        if let Some(base) = base.filter(|_| !self.to_reserve.is_zero()) {
            let percent = if base.equity_with_pensions_negative {
                2
            } else {
                1
            };
            let floor = base
                .taxes_and_grants
                .checked_mul(
                    rust_decimal::Decimal::new(percent, 2),
                    crate::amount::Rounding::HalfEven,
                )
                .map_err(amount)?;
            let limit = adjusted
                .checked_sub(floor)
                .map_err(amount)?
                .max(Amount::ZERO);
            if self.to_reserve > limit {
                return Err(BalanceError::ReserveAboveLimit {
                    year,
                    asked: self.to_reserve,
                    limit,
                    percent: percent.unsigned_abs(),
                });
            }
        }
        let allowed = adjusted.negated().max(Amount::ZERO);
        if self.from_reserve > allowed {
            return Err(BalanceError::WithdrawalAboveDeficit {
                year,
                asked: self.from_reserve,
                allowed,
            });
        }
        Ok(())
    }
}

/// What the reserve's limit is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReserveBase {
    /// Skatteintäkter plus generella statsbidrag och utjämning, positive.
    pub taxes_and_grants: Amount,
    /// Whether equity including the pension commitments reported outside the balance sheet
    /// is negative (the limit is then 2 %).
    pub equity_with_pensions_negative: bool,
}

/// A year of the statement: its requirement and, to check the reserve's rules, its base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceYear {
    /// The year.
    pub year: Year,
    /// Its rows.
    pub requirement: BalanceRequirement,
    /// Taxes and grants and the equity condition, when the reserve's limit is to be checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<ReserveBase>,
}

/// One year of the balance requirement statement, every row computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceRow {
    /// The year.
    pub year: Year,
    /// Its inputs.
    pub requirement: BalanceRequirement,
    /// Årets resultat efter balanskravsjusteringar.
    pub adjusted_result: Amount,
    /// Årets balanskravsresultat.
    pub balance_result: Amount,
    /// Balanskravsunderskott från tidigare år (not yet restored at the start of the year),
    /// negative or zero.
    pub deficit_from_earlier: Amount,
    /// The balance result and the earlier deficit together (summa).
    pub total: Amount,
    /// Balanskravsresultat att återställa at the end of the year, positive or zero.
    pub to_restore: Amount,
    /// Deficits past their three years and not restored, by the year they arose.
    pub overdue: Vec<(Year, Amount)>,
    /// The reserve at the end of the year, when its opening balance was given.
    pub reserve: Option<Reserve>,
}

/// The balance requirement statement over several years (balanskravsutredning), oldest first:
/// each year's rows, deficits carried and restored oldest first within three years, and the
/// reserve carried when `reserve_opening` (its balance before the first year) is given.
///
/// # Errors
/// [`BalanceError::YearsOutOfOrder`] unless the years follow one another, and the errors of
/// [`BalanceRequirement::check_reserve`] and of a withdrawal beyond the reserve.
pub fn balance_requirement_statement(
    years: &[BalanceYear],
    earlier_deficits: &[(Year, Amount)],
    reserve_opening: Option<Amount>,
) -> Result<Vec<BalanceRow>, BalanceError> {
    let mut open: Vec<Deficit> = earlier_deficits
        .iter()
        .filter(|(_, amount)| !amount.is_zero())
        .map(|(year, amount)| Deficit {
            year: *year,
            amount: amount.abs(),
            restore_by: year.checked_add(3).unwrap_or(*year),
            remaining: amount.abs(),
        })
        .collect();
    let mut reserve = reserve_opening;
    let mut rows = Vec::with_capacity(years.len());
    let mut previous: Option<Year> = None;
    for entry in years {
        let year = entry.year;
        if previous.is_some_and(|p| p.checked_add(1) != Some(year)) {
            return Err(BalanceError::YearsOutOfOrder { year });
        }
        previous = Some(year);
        let amount = |source| BalanceError::Amount { year, source };
        let requirement = &entry.requirement;
        requirement.check_reserve(year, entry.base.as_ref())?;
        let adjusted_result = requirement.adjusted_result().map_err(amount)?;
        let balance_result = requirement.balance_result().map_err(amount)?;
        let earlier = Amount::checked_sum(open.iter().map(|d| d.remaining)).map_err(amount)?;
        restore(&mut open, year, balance_result).map_err(amount)?;
        let to_restore = Amount::checked_sum(open.iter().map(|d| d.remaining)).map_err(amount)?;
        let carried = reserve
            .map(|opening| carry_reserve(year, opening, requirement))
            .transpose()?;
        rows.push(BalanceRow {
            year,
            requirement: requirement.clone(),
            adjusted_result,
            balance_result,
            deficit_from_earlier: earlier.negated(),
            total: balance_result.checked_sub(earlier).map_err(amount)?,
            to_restore,
            overdue: open
                .iter()
                .filter(|d| d.restore_by < year && !d.remaining.is_zero())
                .map(|d| (d.year, d.remaining))
                .collect(),
            reserve: carried,
        });
        reserve = carried.map(|r| r.closing()).transpose().map_err(amount)?;
    }
    Ok(rows)
}

/// A surplus restores open deficits oldest first (a deficit past its three years too: it is
/// still owed); a deficit opens one to restore within the three following years. Restored
/// deficits stay in the list with nothing remaining.
pub(super) fn restore(
    open: &mut Vec<Deficit>,
    year: Year,
    balance_result: Amount,
) -> Result<(), AmountError> {
    if balance_result.is_negative() {
        open.push(Deficit {
            year,
            amount: balance_result.abs(),
            restore_by: year.checked_add(3).unwrap_or(year),
            remaining: balance_result.abs(),
        });
        return Ok(());
    }
    let mut surplus = balance_result;
    for deficit in open.iter_mut().filter(|d| d.year < year) {
        let used = surplus.min(deficit.remaining);
        deficit.remaining = deficit.remaining.checked_sub(used)?;
        surplus = surplus.checked_sub(used)?;
    }
    Ok(())
}

fn carry_reserve(
    year: Year,
    opening: Amount,
    requirement: &BalanceRequirement,
) -> Result<Reserve, BalanceError> {
    if requirement.from_reserve > opening {
        return Err(BalanceError::WithdrawalAboveReserve {
            year,
            asked: requirement.from_reserve,
            reserve: opening,
        });
    }
    Ok(Reserve {
        opening,
        deposited: requirement.to_reserve,
        drawn: requirement.from_reserve,
    })
}

/// A balance requirement that breaks the law's rules or cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BalanceError {
    /// A deposit above what the law allows.
    #[error(
        "{year}: {asked} set aside to the reserve, but at most {limit} may be: the part of the adjusted result above {percent} % of taxes and grants"
    )]
    ReserveAboveLimit {
        /// The year.
        year: Year,
        /// The deposit.
        asked: Amount,
        /// The most allowed.
        limit: Amount,
        /// 1 or 2 (%).
        percent: u64,
    },
    /// A withdrawal that does more than cover a negative adjusted result.
    #[error(
        "{year}: {asked} drawn from the reserve, but only a negative adjusted result may be covered: at most {allowed}"
    )]
    WithdrawalAboveDeficit {
        /// The year.
        year: Year,
        /// The withdrawal.
        asked: Amount,
        /// The most allowed.
        allowed: Amount,
    },
    /// A withdrawal beyond what the reserve holds.
    #[error("{year}: {asked} drawn from a reserve of {reserve}")]
    WithdrawalAboveReserve {
        /// The year.
        year: Year,
        /// The withdrawal.
        asked: Amount,
        /// The reserve before it.
        reserve: Amount,
    },
    /// A negative deposit or withdrawal.
    #[error("{year}: deposits to and withdrawals from the reserve are given as positive amounts")]
    Negative {
        /// The year.
        year: Year,
    },
    /// Years that do not follow one another.
    #[error("{year} does not follow the year before it; give the years in order without gaps")]
    YearsOutOfOrder {
        /// The year.
        year: Year,
    },
    /// A sum out of range.
    #[error("{year}: {source}")]
    Amount {
        /// The year.
        year: Year,
        /// The overflow.
        source: AmountError,
    },
}
