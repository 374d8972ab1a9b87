//! The investment portfolio (investeringsplan) and scenarios: defer, advance, cut or add
//! projects and see the consequences side by side (capital costs per year and unit,
//! självfinansieringsgrad, the result against the financial goal).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Asset, CapitalTerms, Component, PlanningError};
use crate::amount::Amount;
use crate::finance::self_financing;
use crate::ledger::ProjectId;
use crate::org::OrgUnitId;
use crate::period::{Month, Year};
use crate::ratio::Ratio;

/// A planned investment project: its spending by month, and the asset it becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedProject {
    /// The id.
    pub id: ProjectId,
    /// The name.
    pub name: String,
    /// The unit that will bear its capital costs.
    pub unit: OrgUnitId,
    /// The planned spending (utgifter) by month, positive.
    pub spending: Vec<(Month, Amount)>,
    /// The planned activation month.
    pub activated: Month,
    /// The components it is activated into; their costs sum to the spending.
    pub components: Vec<Component>,
}

impl PlannedProject {
    fn asset(&self) -> Asset {
        Asset {
            id: self.id.clone(),
            unit: self.unit.clone(),
            activated: self.activated,
            components: self.components.clone(),
        }
    }

    fn shifted(&self, months: i32) -> Option<PlannedProject> {
        let spending = self
            .spending
            .iter()
            .map(|(m, a)| Some((m.checked_add(months)?, *a)))
            .collect::<Option<Vec<_>>>()?;
        Some(PlannedProject {
            spending,
            activated: self.activated.checked_add(months)?,
            ..self.clone()
        })
    }

    fn check(&self) -> Result<(), PlanningError> {
        let refuse = |reason: String| PlanningError::Asset {
            asset: self.id.clone(),
            reason,
        };
        let spent = Amount::checked_sum(self.spending.iter().map(|(_, a)| *a))
            .map_err(PlanningError::amount(format!("project {}", self.id)))?;
        let cost = self.asset().cost()?;
        if spent != cost {
            return Err(refuse(format!(
                "the components cost {cost} kr but the spending is {spent} kr; an activated project's value is what it cost"
            )));
        }
        if self.spending.iter().any(|(_, a)| a.ore() < 0) {
            return Err(refuse("a month's spending is negative".into()));
        }
        self.asset().check()
    }
}

/// A change a scenario makes to the portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioChange {
    /// Spending and activation later by months (senarelägga).
    Defer {
        /// The project.
        project: ProjectId,
        /// By how many months.
        months: u32,
    },
    /// Spending and activation earlier by months (tidigarelägga).
    Advance {
        /// The project.
        project: ProjectId,
        /// By how many months.
        months: u32,
    },
    /// The project is dropped (stryka).
    Cut {
        /// The project.
        project: ProjectId,
    },
    /// A project is added.
    Add(PlannedProject),
}

/// A named set of changes; the empty scenario is the plan as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scenario {
    /// Its name ("Senarelägg skolan ett år").
    pub name: String,
    /// The changes, applied in order.
    pub changes: Vec<ScenarioChange>,
}

/// One year of the financial plan the portfolio is weighed against, in the presentation sign
/// (a surplus and revenue positive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearPlan {
    /// The year.
    pub year: Year,
    /// The planned result before the portfolio's depreciation.
    pub result_before: Amount,
    /// Tax revenue plus general grants and equalisation.
    pub taxes_and_grants: Amount,
    /// Depreciation of assets outside the portfolio.
    pub other_depreciation: Amount,
    /// Investments outside the portfolio.
    pub other_investments: Amount,
}

/// The financial plan: its years and the result goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinancialPlan {
    /// The years, in order.
    pub years: Vec<YearPlan>,
    /// The financial goal: the result at least this per cent of taxes and grants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_goal_percent: Option<Decimal>,
}

/// A scenario's consequences for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearConsequence {
    /// The year.
    pub year: Year,
    /// The portfolio's spending.
    pub investments: Amount,
    /// The portfolio's depreciation.
    pub depreciation: Amount,
    /// The portfolio's internal interest.
    pub internal_interest: Amount,
    /// Capital costs (depreciation and internal interest) per unit.
    pub by_unit: Vec<(OrgUnitId, Amount)>,
    /// The result after the portfolio's depreciation. Internal interest is paid by the units
    /// to the finance unit, so it does not change the municipality's result.
    pub result: Amount,
    /// The result as a share of taxes and grants.
    pub result_share: Option<Ratio>,
    /// (result + all depreciation) / all investments (självfinansieringsgrad).
    pub self_financing: Option<Ratio>,
    /// Whether the result meets the goal; `None` without a goal.
    pub meets_goal: Option<bool>,
}

/// A scenario's consequences for every year of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consequences {
    /// The scenario's name.
    pub scenario: String,
    /// The projects after its changes.
    pub projects: Vec<ProjectId>,
    /// Year by year.
    pub years: Vec<YearConsequence>,
}

/// Planned projects and the capital cost terms they are costed with.
///
/// ```
/// use styrmodell::planning::Scenario;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let (portfolio, plan) = styrmodell::demo::investment_portfolio()?;
/// let defer = Scenario { name: "Defer".into(), changes: vec![
///     styrmodell::planning::ScenarioChange::Defer { project: "KS-2023-010".parse()?, months: 12 }] };
/// let side_by_side = portfolio.compare(&[Scenario::default(), defer], &plan)?;
/// // The new preschool a year later: no depreciation of it in 2025, the year it would open.
/// assert!(side_by_side[1].years[2].depreciation < side_by_side[0].years[2].depreciation);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Portfolio {
    /// The projects.
    pub projects: Vec<PlannedProject>,
    /// The capital cost terms.
    pub terms: CapitalTerms,
}

impl Portfolio {
    /// The projects after `scenario`'s changes.
    ///
    /// # Errors
    /// [`PlanningError::Scenario`] for a change naming a project the portfolio does not have
    /// (or no longer has), an added id already there, or a shift beyond the calendar.
    pub fn apply(&self, scenario: &Scenario) -> Result<Vec<PlannedProject>, PlanningError> {
        let mut projects = self.projects.clone();
        let refuse = |reason: String| PlanningError::Scenario {
            scenario: scenario.name.clone(),
            reason,
        };
        for change in &scenario.changes {
            let (project, shift) = match change {
                ScenarioChange::Add(project) => {
                    if projects.iter().any(|p| p.id == project.id) {
                        return Err(refuse(format!("project {} is already there", project.id)));
                    }
                    projects.push(project.clone());
                    continue;
                }
                ScenarioChange::Cut { project } => (project, None),
                ScenarioChange::Defer { project, months } => {
                    (project, Some(i32::try_from(*months).unwrap_or(i32::MAX)))
                }
                ScenarioChange::Advance { project, months } => (
                    project,
                    Some(i32::try_from(*months).map_or(i32::MIN, i32::saturating_neg)),
                ),
            };
            let at = projects
                .iter()
                .position(|p| &p.id == project)
                .ok_or_else(|| refuse(format!("project {project} is not in the portfolio")))?;
            match shift {
                None => {
                    projects.remove(at);
                }
                Some(months) => {
                    let moved = projects
                        .get(at)
                        .and_then(|p| p.shifted(months))
                        .ok_or_else(|| {
                            refuse(format!("project {project} shifted beyond the calendar"))
                        })?;
                    if let Some(slot) = projects.get_mut(at) {
                        *slot = moved;
                    }
                }
            }
        }
        Ok(projects)
    }

    /// The consequences of `scenario` for each year of `plan`.
    ///
    /// # Errors
    /// As [`Portfolio::apply`]; [`PlanningError::Asset`] for a project whose components do
    /// not cost what it spends or cannot be depreciated; [`PlanningError::Amount`] on
    /// overflow.
    pub fn consequences(
        &self,
        scenario: &Scenario,
        plan: &FinancialPlan,
    ) -> Result<Consequences, PlanningError> {
        let projects = self.apply(scenario)?;
        let years = plan
            .years
            .iter()
            .map(|year| self.year_consequence(&projects, year, plan.result_goal_percent))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Consequences {
            scenario: scenario.name.clone(),
            projects: projects.iter().map(|p| p.id.clone()).collect(),
            years,
        })
    }

    /// The consequences of each scenario, side by side.
    ///
    /// # Errors
    /// As [`Portfolio::consequences`].
    pub fn compare(
        &self,
        scenarios: &[Scenario],
        plan: &FinancialPlan,
    ) -> Result<Vec<Consequences>, PlanningError> {
        scenarios
            .iter()
            .map(|s| self.consequences(s, plan))
            .collect()
    }

    fn year_consequence(
        &self,
        projects: &[PlannedProject],
        plan: &YearPlan,
        goal: Option<Decimal>,
    ) -> Result<YearConsequence, PlanningError> {
        let what = format!("portfolio {}", plan.year);
        let add = |a: Amount, b: Amount| {
            a.checked_add(b)
                .map_err(PlanningError::amount(what.clone()))
        };
        let mut investments = Amount::ZERO;
        let mut depreciation = Amount::ZERO;
        let mut interest = Amount::ZERO;
        let mut by_unit: BTreeMap<OrgUnitId, Amount> = BTreeMap::new();
        for project in projects {
            project.check()?;
            for (month, amount) in &project.spending {
                if month.year() == plan.year {
                    investments = add(investments, *amount)?;
                }
            }
            for month in project
                .asset()
                .capital_costs(&self.terms, plan.year.months())?
            {
                depreciation = add(depreciation, month.depreciation)?;
                interest = add(interest, month.interest)?;
                let cell = by_unit.entry(project.unit.clone()).or_insert(Amount::ZERO);
                *cell = add(add(*cell, month.depreciation)?, month.interest)?;
            }
        }
        let result = plan
            .result_before
            .checked_sub(depreciation)
            .map_err(PlanningError::amount(what.clone()))?;
        let result_share = Ratio::new(result.to_decimal(), plan.taxes_and_grants.to_decimal()).ok();
        let self_financing = self_financing(
            result,
            add(plan.other_depreciation, depreciation)?,
            add(plan.other_investments, investments)?,
        )
        .map_err(PlanningError::amount(what.clone()))?;
        let meets_goal = match (goal, result_share) {
            (Some(goal), Some(share)) => Some(
                share
                    .cmp_percent(goal)
                    .map_err(|_| PlanningError::Amount {
                        what: what.clone(),
                        source: crate::amount::AmountError::Overflow {
                            operation: "result share against the goal".into(),
                        },
                    })?
                    .is_ge(),
            ),
            _ => None,
        };
        Ok(YearConsequence {
            year: plan.year,
            investments,
            depreciation,
            internal_interest: interest,
            by_unit: by_unit.into_iter().collect(),
            result,
            result_share,
            self_financing,
            meets_goal,
        })
    }
}
