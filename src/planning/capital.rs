//! Capital costs (kapitalkostnader): an investment activated into an asset of components,
//! depreciated straight-line over each component's useful life (komponentavskrivning) from the
//! activation month, and internal interest (internränta) on the book value.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PlanningError;
use crate::amount::{Amount, Rounding};
use crate::chart::AccountCode;
use crate::ledger::{Fact, Layer, ProjectId};
use crate::org::OrgUnitId;
use crate::period::{Month, PeriodRange};

/// The longest useful life accepted, in years.
pub const MAX_LIFE_YEARS: u32 = 100;

/// A component (komponent) of an asset with its own useful life (nyttjandeperiod).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// What it is ("stomme", "tak", "licens").
    pub name: String,
    /// Its cost (anskaffningsvärde), not negative.
    pub cost: Amount,
    /// Its useful life in years, 1 to [`MAX_LIFE_YEARS`].
    pub life_years: u32,
}

impl Component {
    /// Months of life.
    fn life_months(&self) -> i128 {
        i128::from(self.life_years).saturating_mul(12)
    }

    /// The depreciation of the `k`-th month of life (from 0): the cost in equal öre over
    /// the life, the öre left over going to the first months, so the months sum to the cost.
    fn depreciation_at(&self, k: i128) -> i128 {
        let n = self.life_months();
        if k < 0 || k >= n {
            return 0;
        }
        let (base, rest) = self.base_and_rest();
        base.saturating_add(i128::from(k < rest))
    }

    /// The whole öre a month and the öre left over (a life of 0 months depreciates nothing).
    fn base_and_rest(&self) -> (i128, i128) {
        let n = self.life_months();
        let cost = self.cost.ore();
        (
            cost.checked_div(n).unwrap_or_default(),
            cost.checked_rem(n).unwrap_or_default(),
        )
    }

    /// What is depreciated before the `k`-th month of life.
    fn depreciated_before(&self, k: i128) -> i128 {
        let k = k.clamp(0, self.life_months());
        let (base, rest) = self.base_and_rest();
        base.saturating_mul(k).saturating_add(k.min(rest))
    }
}

/// The declared terms of capital costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapitalTerms {
    /// The internal interest rate a year (0.015 for 1,5 %, as SKR recommends each year).
    pub internal_rate: Decimal,
    /// The depreciation account (7910 in the demo chart).
    pub depreciation_account: AccountCode,
    /// The internal interest account.
    pub interest_account: AccountCode,
}

/// An activated investment (aktiverad anläggning) of a unit.
///
/// ```
/// use styrmodell::{Amount, Decimal, planning::{Asset, CapitalTerms, Component}};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let asset = Asset {
///     id: "P1".parse()?, unit: "IT".parse()?, activated: "2023-01".parse()?,
///     components: vec![Component { name: "Licens".into(), cost: Amount::from_kronor(120_000), life_years: 5 }],
/// };
/// let terms = CapitalTerms { internal_rate: Decimal::new(15, 3),
///     depreciation_account: "7910".parse()?, interest_account: "7990".parse()? };
/// let months = asset.capital_costs(&terms, "2023".parse::<styrmodell::Year>()?.months())?;
/// // 120 000 kr over 60 months is 2 000 kr a month; interest 1,5 % / 12 on the book value.
/// assert_eq!(months[0].depreciation, Amount::from_kronor(2_000));
/// assert_eq!(months[0].interest.to_string(), "150.00");
/// assert_eq!(months[1].interest.to_string(), "147.50");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    /// The investment project it came from.
    pub id: ProjectId,
    /// The unit that bears its capital costs.
    pub unit: OrgUnitId,
    /// The month it was activated (taken into use); depreciation starts that month.
    pub activated: Month,
    /// Its components.
    pub components: Vec<Component>,
}

/// An asset's capital costs in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapitalCostMonth {
    /// The month.
    pub month: Month,
    /// The book value at the start of the month (bokfört värde).
    pub book_value: Amount,
    /// The depreciation.
    pub depreciation: Amount,
    /// Internal interest: the book value at the start of the month × the rate / 12, to the öre.
    pub interest: Amount,
}

impl Asset {
    /// Activates a finished investment project (aktivering): an asset of `components` borne by
    /// `unit` from `activated`, whose costs must add up to the project's accumulated outcome
    /// as of `as_of` (an asset is worth what it cost).
    ///
    /// ```
    /// use styrmodell::{AsOf, Amount, planning::{Asset, Component}};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let project = styrmodell::demo::steering_system_project()?;
    /// let closed = AsOf::end_of("2022-12".parse()?).known_on(styrmodell::NaiveDate::from_ymd_opt(2023, 2, 15).ok_or("date")?)?;
    /// let licence = Component { name: "Licenser och införande".into(), cost: Amount::from_kronor(2_635_859), life_years: 5 };
    /// let asset = Asset::activate(&project, closed, "IT".parse()?, "2023-01".parse()?, vec![licence])?;
    /// assert_eq!(asset.cost()?, Amount::from_kronor(2_635_859));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`PlanningError::Asset`] when the project is not finished as of `as_of`, when the
    /// components do not cost what the project did, or as [`Asset::check`].
    pub fn activate(
        project: &crate::investment::InvestmentProject,
        as_of: crate::as_of::AsOf,
        unit: OrgUnitId,
        activated: Month,
        components: Vec<Component>,
    ) -> Result<Asset, PlanningError> {
        let asset = Asset {
            id: project.id.clone(),
            unit,
            activated,
            components,
        };
        let status = project.status_on(as_of);
        if !status.is_finished() {
            return Err(asset.refuse(format!(
                "the project is {status:?} as of {}; only a finished project is activated",
                as_of.known()
            )));
        }
        let spent = project
            .accumulated_outcome(as_of)
            .map_err(PlanningError::amount(format!("project {}", project.id)))?;
        let cost = asset.cost()?;
        if cost != spent {
            return Err(asset.refuse(format!(
                "the components cost {cost} kr but the project's outcome is {spent} kr"
            )));
        }
        asset.check()?;
        Ok(asset)
    }

    /// Checks the components.
    ///
    /// # Errors
    /// [`PlanningError::Asset`] for a negative cost or a life outside 1 to
    /// [`MAX_LIFE_YEARS`] years.
    pub fn check(&self) -> Result<(), PlanningError> {
        for component in &self.components {
            if component.cost.ore() < 0 {
                return Err(self.refuse(format!(
                    "component {:?} has a negative cost",
                    component.name
                )));
            }
            if !(1..=MAX_LIFE_YEARS).contains(&component.life_years) {
                return Err(self.refuse(format!(
                    "component {:?} has a life of {} years; 1 to {MAX_LIFE_YEARS} are accepted",
                    component.name, component.life_years
                )));
            }
        }
        Ok(())
    }

    /// The cost of all components.
    ///
    /// # Errors
    /// [`PlanningError::Amount`] on overflow.
    pub fn cost(&self) -> Result<Amount, PlanningError> {
        Amount::checked_sum(self.components.iter().map(|c| c.cost))
            .map_err(PlanningError::amount(format!("asset {}", self.id)))
    }

    /// Capital costs for each month of `months` (zero before activation and after the last
    /// component's life).
    ///
    /// # Errors
    /// As [`Asset::check`]; [`PlanningError::Amount`] on overflow.
    pub fn capital_costs(
        &self,
        terms: &CapitalTerms,
        months: PeriodRange,
    ) -> Result<Vec<CapitalCostMonth>, PlanningError> {
        self.check()?;
        let cost = self.cost()?.ore();
        let what = || format!("capital costs of {}", self.id);
        months
            .months()
            .map(|month| {
                let k = i128::from(month.months_since(self.activated));
                let sum = |f: &dyn Fn(&Component) -> i128| {
                    self.components
                        .iter()
                        .try_fold(0i128, |acc, c| acc.checked_add(f(c)))
                        .ok_or_else(|| PlanningError::Amount {
                            what: what(),
                            source: crate::amount::AmountError::Overflow {
                                operation: "sum of components".into(),
                            },
                        })
                };
                let depreciated = sum(&|c| c.depreciated_before(k))?;
                let depreciation = sum(&|c| c.depreciation_at(k))?;
                let book_value = Amount::from_ore(cost.saturating_sub(depreciated).max(0))
                    .map_err(PlanningError::amount(what()))?;
                let book_value = if k < 0 { Amount::ZERO } else { book_value };
                let rate = terms
                    .internal_rate
                    .checked_div(Decimal::from(12))
                    .unwrap_or_default();
                let interest = book_value
                    .checked_mul(rate, Rounding::HalfAwayFromZero)
                    .map_err(PlanningError::amount(what()))?;
                Ok(CapitalCostMonth {
                    month,
                    book_value,
                    depreciation: Amount::from_ore(depreciation)
                        .map_err(PlanningError::amount(what()))?,
                    interest,
                })
            })
            .collect()
    }

    /// The capital costs of `months` as facts on the terms' accounts, on `layer`.
    ///
    /// # Errors
    /// As [`Asset::capital_costs`].
    pub fn facts(
        &self,
        terms: &CapitalTerms,
        months: PeriodRange,
        layer: Layer,
    ) -> Result<Vec<Fact>, PlanningError> {
        let mut facts = Vec::new();
        for month in self.capital_costs(terms, months)? {
            for (account, amount) in [
                (terms.depreciation_account, month.depreciation),
                (terms.interest_account, month.interest),
            ] {
                if amount.ore() != 0 {
                    facts.push(
                        Fact::new(self.unit.clone(), account, month.month, layer, amount)
                            .with_project(self.id.clone()),
                    );
                }
            }
        }
        Ok(facts)
    }

    fn refuse(&self, reason: String) -> PlanningError {
        PlanningError::Asset {
            asset: self.id.clone(),
            reason,
        }
    }
}
