//! Investment projects (investeringsprojekt): multi-year appropriations, yearly budgets, cost
//! lines by category and participating entity, forecast at completion, carry-over of unspent
//! budget (ombudgetering) and the final report (slutredovisning).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::amount::{Amount, AmountError};
use crate::ledger::ProjectId;
use crate::org::OrgUnitId;
use crate::period::Year;

/// What kind of investment a project is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvestmentCategory {
    /// New investment (nyinvestering).
    New,
    /// Reinvestment (reinvestering).
    Reinvestment,
    /// Exploitation (exploatering).
    Exploitation,
    /// Pool of minor investments (mindre investeringar).
    MinorPool,
}

/// The kind of cost on a line of a project (kostnadsslag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    /// Pre-study, needs and market analysis, procurement (förstudie).
    PreStudy,
    /// Design (projektering).
    Design,
    /// Contract or supplier delivery (entreprenad, leverantör).
    Contract,
    /// The client's own costs: project management, permits (byggherrekostnader).
    ClientCosts,
    /// Equipment (inventarier).
    Equipment,
    /// Consultancy (konsulttjänster).
    Consultancy,
    /// Training and knowledge transfer (kompetensöverföring).
    Training,
    /// Contingency (oförutsett).
    Contingency,
    /// Other costs.
    Other,
    /// Income such as grants and connection fees (inkomster), negative.
    Income,
}

/// One cost line of a project: its budget over the whole project and its outcome per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostLine {
    /// What the line is for, as in the decision.
    pub name: String,
    /// The kind of cost.
    pub category: CostCategory,
    /// The participating entity that bears the line (the municipality or a company).
    pub entity: OrgUnitId,
    /// The budget for the whole project.
    pub budget: Amount,
    /// Outcome per year; no entry means no outcome at all.
    #[serde(default)]
    pub outcome: BTreeMap<Year, Amount>,
    /// The expected remaining cost, if estimated; else the unspent budget is assumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast_remaining: Option<Amount>,
}

impl CostLine {
    /// The accumulated outcome over all years, or `None` if the line has none.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn accumulated(&self) -> Result<Option<Amount>, AmountError> {
        if self.outcome.is_empty() {
            return Ok(None);
        }
        Amount::checked_sum(self.outcome.values().copied()).map(Some)
    }
}

/// An investment project (investeringsprojekt).
///
/// ```
/// let project = styrmodell::demo::steering_system_project()?;
/// assert_eq!(project.appropriation.to_string(), "3200000.00");
/// assert_eq!(project.accumulated_outcome()?.to_string(), "2635859.00");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestmentProject {
    /// The project id.
    pub id: ProjectId,
    /// Its name.
    pub name: String,
    /// The owning org unit.
    pub owner: OrgUnitId,
    /// The kind of investment.
    pub category: InvestmentCategory,
    /// The decision's diary number (diarienummer), such as `KS 2020-339`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diary_number: Option<String>,
    /// The total appropriation over all years (investeringsanslag, utgiftsram).
    pub appropriation: Amount,
    /// The budget per year.
    #[serde(default)]
    pub yearly_budgets: BTreeMap<Year, Amount>,
    /// The cost lines.
    pub lines: Vec<CostLine>,
    /// Where the project stands.
    #[serde(default)]
    pub status: InvestmentStatus,
}

/// Where an investment project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvestmentStatus {
    /// Planned, not yet approved.
    Planned,
    /// Running (pågående).
    #[default]
    InProgress,
    /// Completed, awaiting its final report (avslutat).
    Completed,
    /// Final report approved (slutredovisat).
    FinalReported,
    /// Cancelled.
    Cancelled,
}

impl InvestmentStatus {
    /// Whether the project is finished and gets a final report.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            InvestmentStatus::Completed | InvestmentStatus::FinalReported
        )
    }
}

fn sum<I: IntoIterator<Item = Result<Amount, AmountError>>>(
    amounts: I,
) -> Result<Amount, AmountError> {
    amounts
        .into_iter()
        .try_fold(Amount::ZERO, |acc, amount| acc.checked_add(amount?))
}

impl InvestmentProject {
    /// The outcome of every line in `year`.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn outcome_in(&self, year: Year) -> Result<Amount, AmountError> {
        Amount::checked_sum(
            self.lines
                .iter()
                .filter_map(|line| line.outcome.get(&year).copied()),
        )
    }

    /// The accumulated outcome of the whole project (ackumulerat utfall).
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn accumulated_outcome(&self) -> Result<Amount, AmountError> {
        sum(self
            .lines
            .iter()
            .map(|line| Ok(line.accumulated()?.unwrap_or(Amount::ZERO))))
    }

    /// The appropriation not yet spent.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn remaining_appropriation(&self) -> Result<Amount, AmountError> {
        self.appropriation.checked_sub(self.accumulated_outcome()?)
    }

    /// The expected total cost at completion (slutprognos): each line's outcome plus its
    /// estimated remaining cost, or plus its unspent budget where none is estimated.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn forecast_at_completion(&self) -> Result<Amount, AmountError> {
        sum(self.lines.iter().map(|line| {
            let spent = line.accumulated()?.unwrap_or(Amount::ZERO);
            let remaining = match line.forecast_remaining {
                Some(remaining) => remaining,
                None => line.budget.checked_sub(spent)?.max(Amount::ZERO),
            };
            spent.checked_add(remaining)
        }))
    }

    /// The unspent part of `year`'s budget that may move to the next year (ombudgetering):
    /// budget − outcome when positive, else zero.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn carry_over(&self, year: Year) -> Result<Amount, AmountError> {
        let budget = self
            .yearly_budgets
            .get(&year)
            .copied()
            .unwrap_or(Amount::ZERO);
        Ok(budget
            .checked_sub(self.outcome_in(year)?)?
            .max(Amount::ZERO))
    }

    /// The project with `year`'s unspent budget moved to the following year: `year`'s budget
    /// becomes its outcome and the next year's budget grows by the same amount, so the total
    /// is unchanged.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn with_carry_over(&self, year: Year) -> Result<InvestmentProject, AmountError> {
        let carry = self.carry_over(year)?;
        let mut project = self.clone();
        let Some(next) = year.checked_add(1) else {
            return Ok(project);
        };
        if carry.is_zero() {
            return Ok(project);
        }
        let this_year = project.yearly_budgets.entry(year).or_insert(Amount::ZERO);
        *this_year = this_year.checked_sub(carry)?;
        let next_year = project.yearly_budgets.entry(next).or_insert(Amount::ZERO);
        *next_year = next_year.checked_add(carry)?;
        Ok(project)
    }

    /// The final report (slutredovisning): per line budget, outcome and deviation, with totals
    /// for all entities and, when `excluding` names an entity, totals without its lines.
    ///
    /// A line's deviation is budget − outcome (better is positive), with no outcome counted as
    /// zero; only lines of the excluded entity that have no outcome show no deviation (that
    /// entity left the project).
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn final_report(&self, excluding: Option<&OrgUnitId>) -> Result<FinalReport, AmountError> {
        let lines = self
            .lines
            .iter()
            .map(|line| {
                let outcome = line.accumulated()?;
                let excluded = excluding == Some(&line.entity);
                let deviation = match (outcome, excluded) {
                    (None, true) => None,
                    (outcome, _) => Some(line.budget.checked_sub(outcome.unwrap_or(Amount::ZERO))?),
                };
                Ok(FinalReportLine {
                    name: line.name.clone(),
                    category: line.category,
                    entity: line.entity.clone(),
                    budget: line.budget,
                    outcome,
                    deviation,
                })
            })
            .collect::<Result<Vec<_>, AmountError>>()?;
        let total = Totals::of(lines.iter())?;
        let excluding = match excluding {
            Some(entity) => Some(ExcludedTotals {
                entity: entity.clone(),
                totals: Totals::of(lines.iter().filter(|line| &line.entity != entity))?,
            }),
            None => None,
        };
        Ok(FinalReport {
            project: self.id.clone(),
            name: self.name.clone(),
            lines,
            total,
            excluding,
        })
    }
}

/// One line of a final report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalReportLine {
    /// What the line is for.
    pub name: String,
    /// The kind of cost.
    pub category: CostCategory,
    /// The entity bearing it.
    pub entity: OrgUnitId,
    /// Budget (budget).
    pub budget: Amount,
    /// Outcome (utfall), if any.
    pub outcome: Option<Amount>,
    /// Budget − outcome (avvikelse), better is positive.
    pub deviation: Option<Amount>,
}

/// Budget, outcome and deviation summed over lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Total budget.
    pub budget: Amount,
    /// Total outcome.
    pub outcome: Amount,
    /// Total budget − total outcome.
    pub deviation: Amount,
}

impl Totals {
    fn of<'a, I: Iterator<Item = &'a FinalReportLine> + Clone>(
        lines: I,
    ) -> Result<Totals, AmountError> {
        let budget = Amount::checked_sum(lines.clone().map(|line| line.budget))?;
        let outcome = Amount::checked_sum(lines.filter_map(|line| line.outcome))?;
        Ok(Totals {
            budget,
            outcome,
            deviation: budget.checked_sub(outcome)?,
        })
    }
}

/// Totals without one participating entity's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedTotals {
    /// The entity left out.
    pub entity: OrgUnitId,
    /// The totals of the other lines.
    pub totals: Totals,
}

/// The final report of an investment project (slutredovisning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalReport {
    /// The project.
    pub project: ProjectId,
    /// Its name.
    pub name: String,
    /// Its lines, in the project's order.
    pub lines: Vec<FinalReportLine>,
    /// Totals over every line.
    pub total: Totals,
    /// Totals without one entity, when asked for.
    pub excluding: Option<ExcludedTotals>,
}
