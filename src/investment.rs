//! Investment projects (investeringsprojekt): multi-year appropriations, yearly budgets, cost
//! lines by category and participating entity with monthly outcome, a dated status history,
//! forecast at completion, carry-over of unspent budget (ombudgetering) and the final report
//! (slutredovisning). Every figure is computed as of a date ([`AsOf`]) and sees only what was
//! known then.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::amount::{Amount, AmountError};
use crate::as_of::AsOf;
use crate::decision::DecisionRef;
use crate::ledger::ProjectId;
use crate::org::OrgUnitId;
use crate::period::{Month, Year};

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
#[non_exhaustive]
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

/// One cost line of a project: its budget over the whole project and its outcome per month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostLine {
    /// What the line is for, as in the decision.
    pub name: String,
    /// The kind of cost.
    pub category: CostCategory,
    /// The participating entity bearing the cost (a company's lines may be shown apart).
    pub entity: OrgUnitId,
    /// The budget over the whole project; income lines are negative.
    pub budget: Amount,
    /// Outcome per month (utfall per månad).
    #[serde(default)]
    pub outcome: BTreeMap<Month, Amount>,
    /// The latest estimate of what remains, when someone made one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_estimate: Option<RemainingEstimate>,
    /// Set when the line was withdrawn (utgått): it then counts nothing more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Withdrawal>,
}

/// An estimate of what remains to be spent on a line (prognos för återstående), made in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemainingEstimate {
    /// The month the estimate was made; it counts from the end of that month.
    pub made: Month,
    /// What remains, ledger-signed (negative for income still to come).
    pub amount: Amount,
}

/// Who withdrew a line, when and why (a party that chose not to take part, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    /// The party that withdrew.
    pub by: OrgUnitId,
    /// From when.
    pub date: NaiveDate,
    /// Why, in the source's words.
    pub reason: String,
}

impl CostLine {
    /// Outcome to the end of `month`; `None` when the line has no outcome by then.
    ///
    /// # Errors
    /// [`AmountError`] when the sum overflows.
    pub fn outcome_to(&self, month: Month) -> Result<Option<Amount>, AmountError> {
        let mut months = self.outcome.range(..=month).peekable();
        if months.peek().is_none() {
            return Ok(None);
        }
        Amount::checked_sum(months.map(|(_, amount)| *amount)).map(Some)
    }

    /// Outcome in `year`.
    ///
    /// # Errors
    /// [`AmountError`] when the sum overflows.
    pub fn outcome_in(&self, year: Year) -> Result<Amount, AmountError> {
        Amount::checked_sum(
            self.outcome
                .range(year.first_month()..=year.last_month())
                .map(|(_, amount)| *amount),
        )
    }

    /// Whether the line was withdrawn on or before `date`.
    pub fn is_withdrawn_on(&self, date: NaiveDate) -> bool {
        self.withdrawn.as_ref().is_some_and(|w| w.date <= date)
    }

    /// What is expected to remain as of `as_of`: the estimate made by then, else budget less
    /// outcome, never past zero in the line's own direction (a cost line spent beyond its budget
    /// expects no refund, an income line keeps the income still to come).
    fn remaining(&self, spent: Amount, as_of: AsOf) -> Result<Amount, AmountError> {
        if let Some(estimate) = self
            .remaining_estimate
            .filter(|e| as_of.knows_forecast(e.made))
        {
            return Ok(estimate.amount);
        }
        let left = self.budget.checked_sub(spent)?;
        Ok(if self.budget.is_negative() {
            left.min(Amount::ZERO)
        } else {
            left.max(Amount::ZERO)
        })
    }
}

/// An investment project (investeringsprojekt).
///
/// ```
/// use styrmodell::AsOf;
/// let project = styrmodell::demo::steering_system_project()?;
/// assert_eq!(project.appropriation.to_string(), "3200000.00");
/// let year_end = AsOf::end_of("2022-12".parse()?);
/// assert_eq!(project.accumulated_outcome(year_end)?.to_string(), "2635859.00");
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
    /// Where the project stood when: each change of status with its date, oldest first.
    #[serde(default)]
    pub status: Vec<StatusChange>,
    /// How the final report is drawn up, once the project is finally reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_report: Option<FinalReportSpec>,
}

/// A change of a project's status on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// From when.
    pub date: NaiveDate,
    /// The new status.
    pub status: InvestmentStatus,
}

/// Where an investment project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum InvestmentStatus {
    /// Planned, not yet approved.
    #[default]
    Planned,
    /// Running (pågående).
    InProgress,
    /// Completed, final report pending (avslutat).
    Completed,
    /// Final report approved (slutredovisat).
    FinalReported,
    /// Cancelled (avbrutet).
    Cancelled,
}

impl InvestmentStatus {
    /// Whether the project is finished (completed or final-reported).
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            InvestmentStatus::Completed | InvestmentStatus::FinalReported
        )
    }
}

/// How a final report is drawn up: its date and decision, and the totals it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalReportSpec {
    /// The date of its figures (outcome "per 2023-01-04").
    pub date: NaiveDate,
    /// The decision that approved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionRef>,
    /// The totals shown, in order.
    pub totals: Vec<TotalSpec>,
}

/// One total of a final report: its label, the parties left out and whether a deviation is
/// shown (the source shows "3 200 000 inkl VA" with no deviation, "2 700 000 exkl VA" with
/// one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalSpec {
    /// The label, such as `inkl. VA` or `exkl. VA`.
    pub label: String,
    /// The parties whose lines the total leaves out.
    #[serde(default)]
    pub excluding: Vec<OrgUnitId>,
    /// Whether budget and outcome are compared: a deviation is shown.
    pub compared: bool,
}

fn sum<I: IntoIterator<Item = Result<Amount, AmountError>>>(
    amounts: I,
) -> Result<Amount, AmountError> {
    amounts
        .into_iter()
        .try_fold(Amount::ZERO, |acc, amount| acc.checked_add(amount?))
}

impl InvestmentProject {
    /// The status known on the knowledge date of `as_of` (planned before the first entry).
    pub fn status_on(&self, as_of: AsOf) -> InvestmentStatus {
        self.status
            .iter()
            .take_while(|change| as_of.knows(change.date))
            .last()
            .map_or(InvestmentStatus::Planned, |change| change.status)
    }

    /// Outcome in `year`, over every line.
    ///
    /// # Errors
    /// [`AmountError`] when the sum overflows.
    pub fn outcome_in(&self, year: Year) -> Result<Amount, AmountError> {
        sum(self.lines.iter().map(|line| line.outcome_in(year)))
    }

    /// Outcome over every line and month up to the as-of month.
    ///
    /// # Errors
    /// [`AmountError`] when the sum overflows.
    pub fn accumulated_outcome(&self, as_of: AsOf) -> Result<Amount, AmountError> {
        sum(self
            .lines
            .iter()
            .map(|line| Ok(line.outcome_to(as_of.month())?.unwrap_or(Amount::ZERO))))
    }

    /// The budget of the lines withdrawn by the knowledge date of `as_of`.
    ///
    /// # Errors
    /// [`AmountError`] when the sum overflows.
    pub fn withdrawn_budget(&self, as_of: AsOf) -> Result<Amount, AmountError> {
        Amount::checked_sum(
            self.lines
                .iter()
                .filter(|line| line.is_withdrawn_on(as_of.known()))
                .map(|line| line.budget),
        )
    }

    /// Appropriation − accumulated outcome.
    ///
    /// # Errors
    /// [`AmountError`] when the difference overflows.
    pub fn remaining_appropriation(&self, as_of: AsOf) -> Result<Amount, AmountError> {
        self.appropriation
            .checked_sub(self.accumulated_outcome(as_of)?)
    }

    /// The expected total at completion (slutprognos) as of `as_of`, by status: a finished or
    /// cancelled project's is its outcome; otherwise each line's outcome plus what remains
    /// ([`CostLine`]'s estimate, else its budget less outcome), withdrawn lines adding nothing
    /// more and income lines keeping their sign.
    ///
    /// # Errors
    /// [`AmountError`] when a sum overflows.
    pub fn forecast_at_completion(&self, as_of: AsOf) -> Result<Amount, AmountError> {
        let status = self.status_on(as_of);
        if status.is_finished() || status == InvestmentStatus::Cancelled {
            return self.accumulated_outcome(as_of);
        }
        sum(self.lines.iter().map(|line| {
            let spent = line.outcome_to(as_of.month())?.unwrap_or(Amount::ZERO);
            if line.is_withdrawn_on(as_of.known()) {
                return Ok(spent);
            }
            spent.checked_add(line.remaining(spent, as_of)?)
        }))
    }

    /// The part of `year`'s budget left unspent (carried over to the next year, ombudgetering);
    /// zero when the year was overspent.
    ///
    /// # Errors
    /// [`AmountError`] when the difference overflows.
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

    /// The project with `year`'s unspent budget moved to the next year.
    ///
    /// # Errors
    /// [`AmountError`] when a budget overflows.
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

    /// The final report (slutredovisning) as its spec declares it, once its date is known by
    /// `as_of`: per line budget, outcome to the report's date and deviation (none for a
    /// withdrawn line), then each declared total.
    ///
    /// ```
    /// use styrmodell::{AsOf, NaiveDate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let project = styrmodell::demo::steering_system_project()?;
    /// let closing = NaiveDate::from_ymd_opt(2023, 2, 15).ok_or("date")?;
    /// let annual = AsOf::end_of("2022-12".parse()?).known_on(closing)?;
    /// let report = project.final_report(annual)?.ok_or("no final report")?;
    /// let excluding = &report.totals[1];
    /// assert_eq!(excluding.label, "exkl. VA");
    /// assert_eq!(excluding.deviation.map(|d| d.to_string()), Some("64141.00".to_owned()));
    /// // Not known in August 2022.
    /// assert!(project.final_report(AsOf::end_of("2022-08".parse()?))?.is_none());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`AmountError`] when a sum overflows.
    pub fn final_report(&self, as_of: AsOf) -> Result<Option<FinalReport>, AmountError> {
        let Some(spec) = self.final_report.as_ref().filter(|s| as_of.knows(s.date)) else {
            return Ok(None);
        };
        let through = Month::from_date(spec.date).unwrap_or(as_of.month());
        let lines = self
            .lines
            .iter()
            .map(|line| {
                let outcome = line.outcome_to(through)?;
                let deviation = if line.is_withdrawn_on(spec.date) {
                    None
                } else {
                    Some(line.budget.checked_sub(outcome.unwrap_or(Amount::ZERO))?)
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
        let totals = spec
            .totals
            .iter()
            .map(|total| Totals::of(total, &lines))
            .collect::<Result<Vec<_>, AmountError>>()?;
        Ok(Some(FinalReport {
            project: self.id.clone(),
            name: self.name.clone(),
            date: spec.date,
            decision: spec.decision.clone(),
            lines,
            totals,
        }))
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
    /// Budget − outcome (avvikelse), better is positive; `None` for a withdrawn line.
    pub deviation: Option<Amount>,
}

/// One declared total of a final report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Its label, as declared.
    pub label: String,
    /// Budget of the lines it covers.
    pub budget: Amount,
    /// Outcome of the lines it covers.
    pub outcome: Amount,
    /// Budget − outcome, when the total is compared.
    pub deviation: Option<Amount>,
}

impl Totals {
    fn of(spec: &TotalSpec, lines: &[FinalReportLine]) -> Result<Totals, AmountError> {
        let covered = || {
            lines
                .iter()
                .filter(|line| !spec.excluding.contains(&line.entity))
        };
        let budget = Amount::checked_sum(covered().map(|line| line.budget))?;
        let outcome = Amount::checked_sum(covered().filter_map(|line| line.outcome))?;
        let deviation = if spec.compared {
            Some(budget.checked_sub(outcome)?)
        } else {
            None
        };
        Ok(Totals {
            label: spec.label.clone(),
            budget,
            outcome,
            deviation,
        })
    }
}

/// The final report of an investment project (slutredovisning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalReport {
    /// The project.
    pub project: ProjectId,
    /// Its name.
    pub name: String,
    /// The date of its figures.
    pub date: NaiveDate,
    /// The decision that approved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionRef>,
    /// Its lines, in the project's order.
    pub lines: Vec<FinalReportLine>,
    /// The declared totals, in order.
    pub totals: Vec<Totals>,
}
