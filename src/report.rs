//! Follow-up reports (uppföljningsrapporter): the monthly report (månadsrapport), tertial
//! report, interim report (delårsrapport) and annual report (årsredovisning,
//! verksamhetsberättelse) for a unit with its subtree, the municipality or the group.
//!
//! A [`Report`] is plain data assembled from the ledger, the steering model, the investment
//! projects, the follow-up calendar and the narratives; [`render`] turns it into Markdown,
//! self-contained HTML or JSON.

mod activities;
mod comparison;
mod narrative;
pub mod render;
mod statutory;
mod workflow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use activities::ActivityRow;
pub use comparison::{CarriedFrom, Comparison, ComparisonRow, ComparisonSection, ComparisonShape};
pub use narrative::{Comment, CommentRule, Entity, MissingComment, MissingReason, Narratives};
pub use statutory::{StatementColumn, StatementsSection, Statutory};
pub use workflow::{ReportStatus, Transition, Workflow, WorkflowError};

use crate::amount::{Amount, AmountError};
use crate::as_of::AsOf;
use crate::assess::{AssessmentMode, GoalAssessment, assess};
use crate::finance::IncomeStatement;
use crate::follow_up::{FollowUp, FollowUpOptions};
use crate::group::{Consolidation, ConsolidationMethod, GroupError, consolidate_as_of};
use crate::investment::{FinalReport, InvestmentProject, InvestmentStatus};
use crate::ledger::{Ledger, LedgerError, ProjectId};
use crate::ledger_as_of::LedgerAsOf;
use crate::org::{OrgError, OrgUnitId, OrgUnitKind};
use crate::period::{Month, PeriodError, PeriodRange, ReportKind, ReportingCalendar, Year};
use crate::ratio::Ratio;
use crate::rollup::{AccountGrouping, BudgetRule, Measure};
use crate::steering::{
    AssignmentCounts, AssignmentId, AssignmentStatus, Fulfilment, GoalKind, SteeringModel,
    TestResult,
};

/// What a report covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportScope {
    /// A unit (a committee, say) with everything below it.
    Unit(OrgUnitId),
    /// The municipality: the council's subtree.
    Municipality,
    /// The municipal group (koncern): the municipality and its companies.
    Group,
}

/// Everything a report is assembled from.
#[derive(Debug, Clone, Copy)]
pub struct ReportInputs<'a> {
    /// Budget, forecasts and outcome.
    pub ledger: &'a Ledger,
    /// Goals, indicators, observations, assignments.
    pub model: &'a SteeringModel,
    /// Investment projects.
    pub projects: &'a [InvestmentProject],
    /// The follow-up calendar, which says what each report carries.
    pub calendar: &'a ReportingCalendar,
    /// Comments and the rules for when they are required.
    pub narratives: &'a Narratives,
    /// The previous year to compare with, if any: its ledger and how the organisation changed
    /// since.
    pub comparison: Option<Comparison<'a>>,
    /// The planning records, if any: the activity plans' activities are shown under the goals
    /// they serve.
    pub planning: Option<&'a crate::planning::PlanningRecords>,
    /// Items affecting comparability and the balance requirement's adjustments and history,
    /// if any: the municipality's interim and annual reports then carry the balance
    /// requirement statement.
    pub statutory: Option<&'a Statutory>,
}

/// Why a report could not be assembled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The calendar has no report of this kind as of this month.
    #[error(
        "the reporting calendar {year} has no {kind} report as of {as_of}; it has: {available}"
    )]
    NotInCalendar {
        /// The calendar's year.
        year: crate::period::Year,
        /// The kind asked for.
        kind: ReportKind,
        /// The month asked for.
        as_of: Month,
        /// The points it has, as `kind as-of` pairs.
        available: String,
    },
    /// A report that cannot be true: the year has no budget or no outcome known by the
    /// knowledge date, or is a plan year of the ledger's horizon.
    #[error("no {kind} report as of {as_of} (known {known}): {reason}")]
    NoData {
        /// The kind asked for.
        kind: ReportKind,
        /// The month asked for.
        as_of: Month,
        /// The knowledge date.
        known: NaiveDate,
        /// What is missing.
        reason: String,
    },
    /// The calendar point's dates contradict each other.
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// A scope the organisation does not have.
    #[error("unknown report scope {scope}; the organisation's units are: {units}")]
    UnknownScope {
        /// The scope asked for.
        scope: String,
        /// The ids of the organisation's units, in pre-order.
        units: String,
    },
    /// The ledger and the steering model are of different organisations.
    #[error(
        "the ledger's organisation (root {ledger}) is not the steering model's (root {model}); build both on one organisation"
    )]
    OrganisationMismatch {
        /// The root of the ledger's organisation.
        ledger: String,
        /// The root of the model's organisation.
        model: String,
    },
    /// An organisation query.
    #[error(transparent)]
    Scope(#[from] OrgError),
    /// A ledger sum.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// An amount.
    #[error(transparent)]
    Amount(#[from] AmountError),
    /// The group consolidation.
    #[error(transparent)]
    Group(#[from] GroupError),
    /// The comparison across a reorganisation.
    #[error(transparent)]
    Reorg(#[from] crate::reorg::ReorgError),
    /// The balance requirement statement breaks the law's rules.
    #[error(transparent)]
    Balance(#[from] crate::finance::BalanceError),
    /// The balance sheet could not be drawn up.
    #[error(transparent)]
    BalanceSheet(#[from] crate::balance_sheet::BalanceSheetError),
    /// A statement that does not add up cannot be true.
    #[error("the {what} at {at} does not add up: {difference} unexplained")]
    Unbalanced {
        /// Which statement.
        what: String,
        /// As of when.
        at: String,
        /// What does not add up.
        difference: Amount,
    },
}

/// Cumulative budget and outcome of the scope at the end of a month, for the line chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyPoint {
    /// The month.
    pub month: Month,
    /// The periodised current budget from January to this month.
    pub budget: Amount,
    /// Outcome from January to this month; `None` after the as-of month.
    pub outcome: Option<Amount>,
}

/// The economy of the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EconomySection {
    /// The follow-up per unit and income-statement line.
    pub follow_up: FollowUp,
    /// Cumulative budget and outcome by month.
    pub monthly: Vec<MonthlyPoint>,
    /// The income statement, outcome to date.
    pub statement: IncomeStatement,
    /// The result share (resultatandel) of the full-year forecast, or of the outcome in the
    /// annual report; `None` when no forecast was made by the knowledge date.
    pub result_share: Option<Ratio>,
}

/// One investment project's figures for the year and in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestmentRow {
    /// The project.
    pub project: ProjectId,
    /// Its name.
    pub name: String,
    /// Its owner.
    pub owner: OrgUnitId,
    /// Its status as of the report.
    pub status: InvestmentStatus,
    /// The budget for the year.
    pub yearly_budget: Amount,
    /// Outcome of the year to the as-of month, from the ledger.
    pub outcome_to_date: Amount,
    /// The total appropriation.
    pub appropriation: Amount,
    /// The budget of lines withdrawn by then (utgått), which the deviation leaves out.
    pub withdrawn: Amount,
    /// Outcome over all years to the as-of month.
    pub accumulated: Amount,
    /// The expected total at completion.
    pub forecast_at_completion: Amount,
    /// Appropriation − withdrawn − forecast at completion, better is positive.
    pub deviation: Amount,
}

/// Investment projects of the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestmentSection {
    /// One row per project.
    pub rows: Vec<InvestmentRow>,
    /// The final reports dated by the knowledge date, with the totals each declares.
    pub final_reports: Vec<FinalReport>,
}

/// One assignment as of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRow {
    /// The assignment.
    pub id: AssignmentId,
    /// What is to be done.
    pub title: String,
    /// Who does it.
    pub assignee: OrgUnitId,
    /// When it is due.
    pub due: Option<NaiveDate>,
    /// Its status on the report date.
    pub status: AssignmentStatus,
    /// Whether it is overdue.
    pub overdue: bool,
    /// Its latest comment.
    pub comment: String,
}

/// Assignments of the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentSection {
    /// Counts by status and the overdue ones.
    pub counts: AssignmentCounts,
    /// Every assignment.
    pub rows: Vec<AssignmentRow>,
}

/// A follow-up report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Monthly, tertial, interim or annual.
    pub kind: ReportKind,
    /// The last month of outcome.
    pub as_of: Month,
    /// The knowledge date (kunskapsdatum): the report shows what was known on this day.
    pub known: NaiveDate,
    /// What it covers.
    pub scope: ReportScope,
    /// The unit standing for the scope.
    pub scope_unit: OrgUnitId,
    /// Its name.
    pub scope_name: String,
    /// The forecast basis the calendar declares; the forecast used is
    /// `economy.follow_up.forecast_made`.
    pub forecast_basis: Option<Month>,
    /// Forecast during the year, final at year end.
    pub mode: AssessmentMode,
    /// Economy.
    pub economy: EconomySection,
    /// Investments.
    pub investments: InvestmentSection,
    /// Goal assessments with indicators, when the calendar says goals are assessed.
    pub goals: Option<Vec<GoalAssessment>>,
    /// The financial goals (finansiella mål) among the assessed goals.
    pub financial_goals: Vec<crate::steering::GoalId>,
    /// Assignments, when goals are assessed.
    pub assignments: Option<AssignmentSection>,
    /// The statutory statements (resultaträkning, balanskravsutredning) of the municipality's
    /// interim and annual reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statements: Option<StatementsSection>,
    /// The activity plans' activities under the assessed goals, when goals are assessed and
    /// planning records were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activities: Option<Vec<ActivityRow>>,
    /// The municipality beside the group, for group reports.
    pub group: Option<Consolidation>,
    /// The group's balance sheets, cash flow and key ratios beside the municipality's, in the
    /// group's interim and annual reports when [`Statutory`] was given and the ledger has
    /// opening balances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_accounts: Option<crate::group::GroupAccounts>,
    /// The same months of the previous year, when a comparison was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<ComparisonSection>,
    /// The comments written for this report.
    pub comments: Vec<Comment>,
    /// Comments the rules require but nobody wrote.
    pub missing_comments: Vec<MissingComment>,
    /// Draft, submitted or approved.
    pub workflow: Workflow,
}

/// What to report: kind, as-of month, scope and how deep the unit table goes.
///
/// ```
/// use styrmodell::{ReportKind, ReportingCalendar, Year, demo, report::{Narratives, ReportInputs, ReportRequest, ReportScope}};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let (ledger, model, projects) = (demo::ledger()?, demo::steering_model()?, demo::investment_projects()?);
/// let calendar = ReportingCalendar::typical(Year::new(2022)?);
/// let narratives = Narratives::default();
/// let inputs = ReportInputs { ledger: &ledger, model: &model, projects: &projects, calendar: &calendar, narratives: &narratives, comparison: None, planning: None, statutory: None };
/// let report = ReportRequest::new(ReportKind::Interim, "2022-08".parse()?).scope(ReportScope::Municipality).build(&inputs)?;
/// assert!(report.goals.is_some());
/// let monthly = ReportRequest::new(ReportKind::Monthly, "2022-05".parse()?).build(&inputs)?;
/// assert!(monthly.goals.is_none(), "monthly reports carry economy only");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    kind: ReportKind,
    as_of: Month,
    scope: ReportScope,
    depth: u32,
}

impl ReportRequest {
    /// A report of `kind` as of `as_of` for the municipality, with units one level down.
    pub fn new(kind: ReportKind, as_of: Month) -> ReportRequest {
        ReportRequest {
            kind,
            as_of,
            scope: ReportScope::Municipality,
            depth: 1,
        }
    }

    /// Sets the scope.
    #[must_use]
    pub fn scope(mut self, scope: ReportScope) -> ReportRequest {
        self.scope = scope;
        self
    }

    /// Shows units down to `depth` levels below the scope in the economy table.
    #[must_use]
    pub fn depth(mut self, depth: u32) -> ReportRequest {
        self.depth = depth;
        self
    }

    /// Assembles the report.
    ///
    /// # Errors
    /// [`ReportError`] when the calendar has no such report, the scope is unknown, or a sum
    /// is out of range.
    pub fn build(&self, inputs: &ReportInputs<'_>) -> Result<Report, ReportError> {
        let point = inputs
            .calendar
            .points()
            .iter()
            .find(|p| p.as_of == self.as_of && p.kind == self.kind)
            .ok_or_else(|| self.not_in_calendar(inputs.calendar))?;
        let org = inputs.model.organisation();
        if inputs.ledger.organisation() != org {
            return Err(ReportError::OrganisationMismatch {
                ledger: inputs.ledger.organisation().root().id.to_string(),
                model: org.root().id.to_string(),
            });
        }
        let (scope_unit, scope_name) = self.scope_of(org)?;
        let mode = if self.kind == ReportKind::Annual {
            AssessmentMode::Final
        } else {
            AssessmentMode::Forecast
        };
        let as_of = point.as_of()?;
        let view = inputs.ledger.as_of(as_of);
        self.check_data(&view)?;
        let economy = self.economy(&view, &scope_unit)?;
        let investments = self.investments(inputs, &view, &scope_unit)?;
        let (goals, financial_goals, assignments) = if point.assesses_goals {
            self.goal_sections(inputs, &scope_unit, mode, as_of)?
        } else {
            (None, Vec::new(), None)
        };
        let activities = inputs
            .planning
            .zip(goals.as_deref())
            .map(|(records, goals)| {
                activities::rows(records, goals, self.as_of.year(), as_of.known())
            });
        let statements = match self.scope {
            ReportScope::Municipality => {
                statutory::section(&view, self.kind, self.as_of, &scope_unit, inputs.statutory)?
            }
            _ => None,
        };
        let group = match self.scope {
            ReportScope::Group => {
                Some(consolidate_as_of(&view, ConsolidationMethod::Proportional)?)
            }
            _ => None,
        };
        let group_accounts = match (&self.scope, inputs.statutory) {
            (ReportScope::Group, Some(statutory))
                if matches!(self.kind, ReportKind::Interim | ReportKind::Annual) =>
            {
                group_accounts(&view, self.as_of, statutory)?
            }
            _ => None,
        };
        let comparison = match &inputs.comparison {
            Some(comparison) => Some(comparison::section(
                comparison,
                inputs.ledger,
                &economy.follow_up,
                as_of,
            )?),
            None => None,
        };
        let comments: Vec<Comment> = inputs
            .narratives
            .comments
            .iter()
            .filter(|c| c.kind == self.kind && c.as_of == self.as_of)
            .cloned()
            .collect();
        let mut report = Report {
            kind: self.kind,
            as_of: self.as_of,
            known: as_of.known(),
            scope: self.scope.clone(),
            scope_unit,
            scope_name,
            forecast_basis: point.forecast_basis,
            mode,
            economy,
            investments,
            goals,
            financial_goals,
            assignments,
            statements,
            activities,
            group,
            group_accounts,
            comparison,
            comments,
            missing_comments: Vec::new(),
            workflow: Workflow::default(),
        };
        report.missing_comments = missing_comments(&report, inputs.narratives);
        Ok(report)
    }

    /// The scope's unit and its name.
    fn scope_of(&self, org: &crate::org::Organisation) -> Result<(OrgUnitId, String), ReportError> {
        let scope_unit = match &self.scope {
            ReportScope::Unit(id) => id.clone(),
            ReportScope::Municipality => org
                .units()
                .iter()
                .find(|u| u.kind == OrgUnitKind::Council)
                .unwrap_or(org.root())
                .id
                .clone(),
            ReportScope::Group => org.root().id.clone(),
        };
        let scope_name = org
            .get(scope_unit.as_str())
            .ok_or_else(|| ReportError::UnknownScope {
                scope: scope_unit.to_string(),
                units: org
                    .units()
                    .iter()
                    .map(|u| u.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?
            .name
            .clone();
        Ok((scope_unit, scope_name))
    }

    /// Goal assessments of goals owned within the scope, the financial ones among them, and
    /// the scope's assignments.
    #[allow(
        clippy::type_complexity,
        reason = "a private triple of the report's goal sections"
    )]
    fn goal_sections(
        &self,
        inputs: &ReportInputs<'_>,
        scope: &OrgUnitId,
        mode: AssessmentMode,
        as_of: AsOf,
    ) -> Result<
        (
            Option<Vec<GoalAssessment>>,
            Vec<crate::steering::GoalId>,
            Option<AssignmentSection>,
        ),
        ReportError,
    > {
        let model = inputs.model;
        let in_scope = ids_within(model.organisation(), scope)?;
        let owned = |goal: &GoalAssessment| {
            model
                .goal(&goal.goal)
                .is_some_and(|g| in_scope.contains(&g.owner.as_str()))
        };
        let goals: Vec<GoalAssessment> = assess(
            model,
            Some(inputs.ledger),
            self.as_of.year().into(),
            mode,
            as_of,
        )
        .goals
        .into_iter()
        .filter(owned)
        .collect();
        let financial = goals
            .iter()
            .filter(|g| {
                model
                    .goal(&g.goal)
                    .is_some_and(|goal| goal.kind == GoalKind::Financial)
            })
            .map(|g| g.goal.clone())
            .collect();
        Ok((
            Some(goals),
            financial,
            Some(self.assignments(model, scope)?),
        ))
    }

    fn not_in_calendar(&self, calendar: &ReportingCalendar) -> ReportError {
        let available = calendar
            .points()
            .iter()
            .map(|p| format!("{} {}", p.kind, p.as_of))
            .collect::<Vec<_>>()
            .join(", ");
        ReportError::NotInCalendar {
            year: calendar.year(),
            kind: self.kind,
            as_of: self.as_of,
            available,
        }
    }

    /// Refuses a report that cannot be true: a plan year, or a year without known budget or
    /// outcome.
    fn check_data(&self, view: &LedgerAsOf<'_>) -> Result<(), ReportError> {
        let year = self.as_of.year();
        let horizon = view.ledger().horizon();
        let refuse = |reason: String| ReportError::NoData {
            kind: self.kind,
            as_of: self.as_of,
            known: view.as_of().known(),
            reason,
        };
        if year > horizon.budget_year() && year <= horizon.last_year() {
            return Err(refuse(format!(
                "{year} is a plan year of the ledger's {}; it has no outcome to follow up",
                horizon.label_sv()
            )));
        }
        let missing: Vec<&str> = [
            (!view.has_budget(year)).then_some("budget"),
            (!view.has_outcome(year)).then_some("outcome"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(refuse(format!(
                "the ledger has no {} for {year} known by then (it holds {})",
                missing.join(" and "),
                view.ledger().months()
            )))
        }
    }

    fn economy(
        &self,
        view: &LedgerAsOf<'_>,
        scope: &OrgUnitId,
    ) -> Result<EconomySection, ReportError> {
        let year = self.as_of.year().months();
        // The annual report shows the year's outcome; a forecast has nothing left to tell.
        let cube = if self.kind == ReportKind::Annual {
            view.roll_up(AccountGrouping::IncomeStatementLine, year)
        } else {
            view.full_year(AccountGrouping::IncomeStatementLine)
        };
        let follow_up = FollowUpOptions::new(self.as_of)
            .as_of(view.as_of())
            .scope(scope.clone())
            .max_depth(self.depth)
            .compute_from(&cube)?;
        let mut monthly = Vec::new();
        for month in year.months() {
            let to_date = PeriodRange::year_to_date(month);
            let budget =
                cube.value_of(scope, Measure::Budget(BudgetRule::Current), None, to_date)?;
            let outcome = if month <= self.as_of {
                Some(cube.value_of(scope, Measure::Outcome, None, to_date)?)
            } else {
                None
            };
            monthly.push(MonthlyPoint {
                month,
                budget,
                outcome,
            });
        }
        let statement = IncomeStatement::from_cube(
            &cube,
            scope,
            Measure::Outcome,
            PeriodRange::year_to_date(self.as_of),
        )?;
        let full_year_measure = match (self.kind, follow_up.forecast_made) {
            (ReportKind::Annual, _) => Some(Measure::Outcome),
            (_, Some(_)) => Some(Measure::FullYearForecast),
            (_, None) => None,
        };
        // A result share of taxes and grants means something only where there are taxes.
        let taxed = statement
            .lines
            .get(&crate::chart::IncomeStatementLine::TaxRevenue)
            .is_some_and(|tax| !tax.is_zero());
        let result_share = match full_year_measure {
            Some(measure) if taxed => {
                IncomeStatement::from_cube(&cube, scope, measure, year)?.result_share()?
            }
            _ => None,
        };
        Ok(EconomySection {
            follow_up,
            monthly,
            statement,
            result_share,
        })
    }

    fn investments(
        &self,
        inputs: &ReportInputs<'_>,
        view: &LedgerAsOf<'_>,
        scope: &OrgUnitId,
    ) -> Result<InvestmentSection, ReportError> {
        let org = inputs.model.organisation();
        let in_scope = ids_within(org, scope)?;
        let as_of = view.as_of();
        let year = self.as_of.year();
        let mut rows = Vec::new();
        let mut final_reports = Vec::new();
        for project in inputs
            .projects
            .iter()
            .filter(|p| in_scope.contains(&p.owner.as_str()))
        {
            let forecast = project.forecast_at_completion(as_of)?;
            let withdrawn = project.withdrawn_budget(as_of)?;
            rows.push(InvestmentRow {
                project: project.id.clone(),
                name: project.name.clone(),
                owner: project.owner.clone(),
                status: project.status_on(as_of),
                yearly_budget: yearly_budget(project, year),
                outcome_to_date: view
                    .project_outcome(&project.id, PeriodRange::year_to_date(self.as_of))?,
                appropriation: project.appropriation,
                withdrawn,
                accumulated: project.accumulated_outcome(as_of)?,
                forecast_at_completion: forecast,
                deviation: project
                    .appropriation
                    .checked_sub(withdrawn)?
                    .checked_sub(forecast)?,
            });
            final_reports.extend(project.final_report(as_of)?);
        }
        Ok(InvestmentSection {
            rows,
            final_reports,
        })
    }

    fn assignments(
        &self,
        model: &SteeringModel,
        scope: &OrgUnitId,
    ) -> Result<AssignmentSection, ReportError> {
        let date = self.as_of.last_day();
        let counts = model.assignment_counts(scope, true, date)?;
        let in_scope = ids_within(model.organisation(), scope)?;
        let rows = model
            .parts()
            .assignments
            .iter()
            .filter(|a| in_scope.contains(&a.assignee.as_str()))
            .map(|a| AssignmentRow {
                id: a.id.clone(),
                title: a.title.clone(),
                assignee: a.assignee.clone(),
                due: a.due,
                status: a.status_on(date),
                overdue: a.is_overdue(date),
                comment: a
                    .latest_entry(date)
                    .map(|e| e.comment.clone())
                    .unwrap_or_default(),
            })
            .collect();
        Ok(AssignmentSection { counts, rows })
    }
}

/// A project's budget for `year`, zero when it has none that year.
fn yearly_budget(project: &InvestmentProject, year: Year) -> Amount {
    project
        .yearly_budgets
        .get(&year)
        .copied()
        .unwrap_or(Amount::ZERO)
}

/// The ids of `scope` and every unit below it.
fn ids_within<'a>(
    org: &'a crate::org::Organisation,
    scope: &OrgUnitId,
) -> Result<Vec<&'a str>, OrgError> {
    Ok(org.subtree(scope)?.iter().map(|u| u.id.as_str()).collect())
}

/// Every comment the rules require that the narratives lack.
fn missing_comments(report: &Report, narratives: &Narratives) -> Vec<MissingComment> {
    // The entities this report has comments for, and those already found missing: sets, so
    // the rules cost one lookup per entity however many there are.
    let written: std::collections::HashSet<&Entity> = narratives
        .comments
        .iter()
        .filter(|c| c.kind == report.kind && c.as_of == report.as_of)
        .map(|c| &c.entity)
        .collect();
    let mut required: std::collections::HashSet<Entity> = std::collections::HashSet::new();
    let mut missing = Vec::new();
    let mut require = |entity: Entity, reason: MissingReason| {
        if !written.contains(&entity) && required.insert(entity.clone()) {
            missing.push(MissingComment { entity, reason });
        }
    };
    for rule in &narratives.rules {
        match rule {
            CommentRule::Deviation { percent, amount } => {
                for row in &report.economy.follow_up.rows {
                    let figures = &row.net;
                    let checks = [
                        (figures.deviation_to_date, figures.budget_to_date),
                        (
                            figures.forecast_deviation.unwrap_or(Amount::ZERO),
                            figures.annual_budget,
                        ),
                    ];
                    for (deviation, budget) in checks {
                        let beyond_amount = deviation.abs() > *amount;
                        // Both products are of amounts below 10^18 kr and a percentage: an
                        // overflow can only mean a percentage beyond any deviation.
                        let hundredfold = deviation
                            .abs()
                            .to_decimal()
                            .checked_mul(rust_decimal::Decimal::ONE_HUNDRED);
                        let limit = percent.checked_mul(budget.abs().to_decimal());
                        let beyond_percent = !budget.is_zero()
                            && matches!((hundredfold, limit), (Some(h), Some(l)) if h > l);
                        if beyond_amount || beyond_percent {
                            require(
                                Entity::Unit(row.unit.clone()),
                                MissingReason::Deviation { deviation, budget },
                            );
                        }
                    }
                }
            }
            CommentRule::GoalNotFulfilled => {
                for goal in report.goals.iter().flatten() {
                    let state = goal.fulfilment();
                    if matches!(
                        state,
                        Fulfilment::NotFulfilled | Fulfilment::PartlyFulfilled
                    ) {
                        require(Entity::Goal(goal.goal.clone()), MissingReason::Goal(state));
                    }
                }
            }
            CommentRule::RedIndicator => {
                for goal in report.goals.iter().flatten() {
                    for result in goal
                        .indicators
                        .iter()
                        .filter(|r| r.result == TestResult::NotMet)
                    {
                        require(
                            Entity::Indicator(result.indicator.clone()),
                            MissingReason::IndicatorNotMet {
                                value: result.value,
                                unit: result.unit.clone(),
                                threshold: result.threshold.clone(),
                            },
                        );
                    }
                }
            }
        }
    }
    missing
}

/// The group's statements; `None` when the ledger has no opening balances for the year (the
/// statements then cannot be made, as for the municipality's).
fn group_accounts(
    view: &LedgerAsOf<'_>,
    as_of: Month,
    statutory: &Statutory,
) -> Result<Option<crate::group::GroupAccounts>, ReportError> {
    match crate::group::group_accounts(
        view,
        as_of,
        &statutory.acquisitions,
        statutory.pension_commitment,
    ) {
        Ok(accounts) => Ok(Some(accounts)),
        Err(GroupError::NoOpening { .. })
            if view
                .ledger()
                .opening_balances(as_of.year())
                .next()
                .is_none() =>
        {
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}
