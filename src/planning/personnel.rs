//! The personnel budget (personalbudget): positions turned into exact monthly costs on the
//! personnel accounts.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PlanningError;
use crate::amount::{Amount, Rounding};
use crate::chart::AccountCode;
use crate::ledger::{Fact, Layer};
use crate::org::OrgUnitId;
use crate::period::{Month, Year};
use crate::periodise::{PeriodisationKey, Precision, split};

/// A position (befattning) of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The title ("förskollärare").
    pub title: String,
    /// The FTE share (sysselsättningsgrad), above 0 and at most 1.
    pub fte: Decimal,
    /// The full-time monthly salary before the year's revision.
    pub monthly_salary: Amount,
    /// The first month of the year the position is filled, if not January.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Month>,
    /// The last month, if not December.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Month>,
}

/// The declared terms a personnel budget is costed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonnelTerms {
    /// The month the salary revision takes effect (lönerevision), 1–12.
    pub revision_month: u32,
    /// The revision as a fraction (0.03 for 3 %).
    pub revision_rate: Decimal,
    /// Employer's contributions and pension as a fraction of salaries
    /// (personalomkostnadspålägg, PO), such as 0.4015.
    pub overhead_rate: Decimal,
    /// The month the holiday supplement (semestertillägg) is paid, 1–12.
    pub holiday_month: u32,
    /// The holiday supplement as a fraction of that month's salary (0.605 % a day of paid
    /// holiday under the municipal agreement AB: 25 days give 0.15125).
    pub holiday_rate: Decimal,
    /// The salary account (5011 månadslöner in Kommun-Bas).
    pub salary_account: AccountCode,
    /// The account of the overhead (sociala avgifter).
    pub overhead_account: AccountCode,
}

/// A unit's personnel budget for a year.
///
/// ```
/// use styrmodell::{Amount, Decimal, planning::{PersonnelBudget, PersonnelTerms, Position}};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let terms = PersonnelTerms {
///     revision_month: 4, revision_rate: Decimal::new(3, 2),
///     overhead_rate: Decimal::new(4015, 4),
///     holiday_month: 8, holiday_rate: Decimal::ZERO,
///     salary_account: "5011".parse()?, overhead_account: "5610".parse()?,
/// };
/// let budget = PersonnelBudget {
///     unit: "FSK-ANGEN".parse()?, year: "2023".parse()?, terms,
///     positions: vec![Position { title: "Förskollärare".into(), fte: Decimal::new(75, 2),
///         monthly_salary: Amount::from_kronor(36_000), from: None, until: None }],
/// };
/// let costs = budget.costs()?;
/// // 36 000 × 0,75 = 27 000 kr a month, 27 810 from April: 3 × 27 000 + 9 × 27 810.
/// assert_eq!(costs.yearly_salaries, Amount::from_kronor(331_290));
/// assert_eq!(costs.salaries[3].1, Amount::from_kronor(27_810));
/// // PO 40,15 %: 133 012,935 kr, rounded to the öre once for the year.
/// assert_eq!(costs.yearly_overhead.to_string(), "133012.94");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonnelBudget {
    /// The unit.
    pub unit: OrgUnitId,
    /// The year.
    pub year: Year,
    /// The positions.
    pub positions: Vec<Position>,
    /// The terms.
    pub terms: PersonnelTerms,
}

/// A personnel budget's costs: each yearly total rounded to the öre once, its months split by
/// largest remainder so they add up to it exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonnelCosts {
    /// Salaries per month, holiday supplement included.
    pub salaries: Vec<(Month, Amount)>,
    /// Overhead per month.
    pub overhead: Vec<(Month, Amount)>,
    /// The year's salaries.
    pub yearly_salaries: Amount,
    /// The year's overhead.
    pub yearly_overhead: Amount,
    /// Full-time equivalents in January... December summed and divided by 12 (årsarbetare).
    pub full_time_equivalents: Decimal,
}

impl PersonnelCosts {
    /// Salaries and overhead of the year.
    ///
    /// # Errors
    /// [`PlanningError::Amount`] on overflow.
    pub fn yearly_total(&self) -> Result<Amount, PlanningError> {
        self.yearly_salaries
            .checked_add(self.yearly_overhead)
            .map_err(PlanningError::amount("personnel costs"))
    }
}

impl PersonnelBudget {
    /// The costs of the year.
    ///
    /// # Errors
    /// [`PlanningError::Position`] for an FTE outside (0, 1], a negative salary, months
    /// outside the year or in the wrong order, terms out of range, or an overflow.
    pub fn costs(&self) -> Result<PersonnelCosts, PlanningError> {
        self.check_terms()?;
        let months = self.year.months();
        let mut exact = vec![Decimal::ZERO; 12];
        let mut fte_months = Decimal::ZERO;
        for position in &self.positions {
            let refuse = |reason: &str| self.refuse(position, reason);
            let (first, last) = self.active(position)?;
            for (slot, month) in exact.iter_mut().zip(months.months()) {
                if month < first || month > last {
                    continue;
                }
                let salary = self
                    .monthly(position, month)
                    .ok_or_else(|| refuse("overflow"))?;
                *slot = slot.checked_add(salary).ok_or_else(|| refuse("overflow"))?;
                fte_months = fte_months
                    .checked_add(position.fte)
                    .ok_or_else(|| refuse("overflow"))?;
            }
        }
        let total: Decimal = exact
            .iter()
            .try_fold(Decimal::ZERO, |acc, m| acc.checked_add(*m))
            .ok_or_else(|| self.overflow())?;
        let yearly_salaries = Amount::from_decimal_rounded(total, Rounding::HalfAwayFromZero)
            .map_err(PlanningError::amount(self.what()))?;
        let yearly_overhead = yearly_salaries
            .checked_mul(self.terms.overhead_rate, Rounding::HalfAwayFromZero)
            .map_err(PlanningError::amount(self.what()))?;
        let key = PeriodisationKey::Weights(exact);
        Ok(PersonnelCosts {
            salaries: self.spread(yearly_salaries, &key)?,
            overhead: self.spread(yearly_overhead, &key)?,
            yearly_salaries,
            yearly_overhead,
            full_time_equivalents: fte_months
                .checked_div(Decimal::from(12))
                .unwrap_or_default(),
        })
    }

    /// The costs as monthly facts on the salary and overhead accounts, on `layer`.
    ///
    /// # Errors
    /// As [`PersonnelBudget::costs`].
    pub fn facts(&self, layer: Layer) -> Result<Vec<Fact>, PlanningError> {
        let costs = self.costs()?;
        let fact = |account: AccountCode| {
            move |(month, amount): (Month, Amount)| {
                Fact::new(self.unit.clone(), account, month, layer, amount)
            }
        };
        Ok(costs
            .salaries
            .into_iter()
            .map(fact(self.terms.salary_account))
            .chain(
                costs
                    .overhead
                    .into_iter()
                    .map(fact(self.terms.overhead_account)),
            )
            .filter(|f| !f.amount.ore().eq(&0))
            .collect())
    }

    /// One position's exact salary in `month`: FTE × salary, revised from the revision month,
    /// with the holiday supplement in the holiday month.
    fn monthly(&self, position: &Position, month: Month) -> Option<Decimal> {
        let terms = &self.terms;
        let mut salary = position
            .monthly_salary
            .to_decimal()
            .checked_mul(position.fte)?;
        if month.number() >= terms.revision_month {
            salary = salary.checked_mul(Decimal::ONE.checked_add(terms.revision_rate)?)?;
        }
        if month.number() == terms.holiday_month {
            salary = salary.checked_add(salary.checked_mul(terms.holiday_rate)?)?;
        }
        Some(salary)
    }

    fn active(&self, position: &Position) -> Result<(Month, Month), PlanningError> {
        let months = self.year.months();
        let first = position.from.unwrap_or(months.start());
        let last = position.until.unwrap_or(months.end());
        if !months.contains(first) || !months.contains(last) || last < first {
            return Err(self.refuse(
                position,
                &format!(
                    "months {first} – {last} are not within {} in order",
                    self.year
                ),
            ));
        }
        if position.fte <= Decimal::ZERO || position.fte > Decimal::ONE {
            return Err(self.refuse(
                position,
                &format!("FTE {} is not above 0 and at most 1", position.fte),
            ));
        }
        if position.monthly_salary.ore() < 0 {
            return Err(self.refuse(position, "the salary is negative"));
        }
        Ok((first, last))
    }

    fn check_terms(&self) -> Result<(), PlanningError> {
        let terms = &self.terms;
        let month_ok = |m: u32| (1..=12).contains(&m);
        let rates = [terms.revision_rate, terms.overhead_rate, terms.holiday_rate];
        if !month_ok(terms.revision_month)
            || !month_ok(terms.holiday_month)
            || rates
                .iter()
                .any(|r| r.is_sign_negative() && !r.is_zero() || *r > Decimal::ONE)
        {
            return Err(PlanningError::Position {
                unit: self.unit.clone(),
                year: self.year,
                position: "(terms)".into(),
                reason: "months must be 1–12 and rates between 0 and 1".into(),
            });
        }
        Ok(())
    }

    fn spread(
        &self,
        yearly: Amount,
        key: &PeriodisationKey,
    ) -> Result<Vec<(Month, Amount)>, PlanningError> {
        if yearly.ore() == 0 {
            return Ok(self
                .year
                .months()
                .months()
                .map(|m| (m, Amount::ZERO))
                .collect());
        }
        split(yearly, self.year.months(), key, Precision::Ore).map_err(|err| {
            PlanningError::Position {
                unit: self.unit.clone(),
                year: self.year,
                position: "(all)".into(),
                reason: err.to_string(),
            }
        })
    }

    fn refuse(&self, position: &Position, reason: &str) -> PlanningError {
        PlanningError::Position {
            unit: self.unit.clone(),
            year: self.year,
            position: position.title.clone(),
            reason: reason.to_owned(),
        }
    }

    fn what(&self) -> String {
        format!("personnel budget of {} {}", self.unit, self.year)
    }

    fn overflow(&self) -> PlanningError {
        PlanningError::Position {
            unit: self.unit.clone(),
            year: self.year,
            position: "(all)".into(),
            reason: "overflow".into(),
        }
    }
}
