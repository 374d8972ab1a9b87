//! Budget, forecast and follow-up submissions per unit (inrapportering): who entered them, when,
//! from what proposal, and their approval per organisational level.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ForecastProposal, PlanningError};
use crate::amount::Amount;
use crate::chart::{AccountCode, Counterpart};
use crate::id::text_id;
use crate::ledger::{Fact, Layer};
use crate::org::{OrgUnitId, OrgUnitKind, Organisation};
use crate::period::{Month, Year};
use crate::periodise::{PeriodisationKey, Precision, YearlyAmount};
pub use crate::steering::Role;

text_id!(
    /// A person's id in the planning records (an employee number, a user name).
    PersonId,
    "person"
);

text_id!(
    /// A submission's id.
    SubmissionId,
    "submission"
);

/// A person who enters or approves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The id.
    pub id: PersonId,
    /// The name.
    pub name: String,
}

/// Who manages a unit from when (chef för enheten).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manager {
    /// The unit.
    pub unit: OrgUnitId,
    /// The manager.
    pub person: PersonId,
    /// The first day.
    pub from: NaiveDate,
    /// The last day, `None` while still the manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

impl Manager {
    /// Whether this is the unit's manager on `date`.
    pub fn on(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date <= until)
    }
}

/// What a submission is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionKind {
    /// The unit's budget for a year (budget).
    Budget {
        /// The budget year.
        year: Year,
    },
    /// A forecast of the full year, made in a month (prognos).
    Forecast {
        /// The month it was made.
        made: Month,
    },
    /// A follow-up as of a month (uppföljning, delårsrapport): the unit's or committee's
    /// comments and forecast handed in for the report.
    FollowUp {
        /// The month followed up.
        as_of: Month,
    },
}

impl SubmissionKind {
    /// The year the submission is for.
    pub fn year(self) -> Year {
        match self {
            SubmissionKind::Budget { year } => year,
            SubmissionKind::Forecast { made } => made.year(),
            SubmissionKind::FollowUp { as_of } => as_of.year(),
        }
    }
}

impl fmt::Display for SubmissionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubmissionKind::Budget { year } => write!(f, "budget {year}"),
            SubmissionKind::Forecast { made } => write!(f, "forecast {made}"),
            SubmissionKind::FollowUp { as_of } => write!(f, "follow-up {as_of}"),
        }
    }
}

/// One line of a budget: a yearly amount on an account, ledger-signed, and how it is spread
/// over the months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    /// The account.
    pub account: AccountCode,
    /// The yearly amount.
    pub amount: Amount,
    /// The month profile (periodiseringsnyckel).
    pub key: PeriodisationKey,
    /// The counterpart of an internal purchase (a company of the group), kept so the
    /// purchase can be eliminated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterpart: Option<Counterpart>,
}

/// An approval action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Hand in for approval (skicka in); again after a return, approvals start over.
    Submit,
    /// Approve at the next organisational level (godkänn).
    Approve,
    /// Send back with a comment (returnera): to be changed and submitted again.
    Return,
    /// Lock once approved (lås): no more changes.
    Lock,
    /// Open a locked submission again (lås upp), which returns it.
    Reopen,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Return => "return",
            Action::Lock => "lock",
            Action::Reopen => "reopen",
        })
    }
}

/// One recorded step of the approval: who, in what role, at what level, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The action.
    pub action: Action,
    /// Who took it.
    pub by: PersonId,
    /// In what role.
    pub role: Role,
    /// The organisational level acting (the unit that approves).
    pub level: OrgUnitId,
    /// When.
    pub date: NaiveDate,
    /// The comment (required in substance for a return).
    #[serde(default)]
    pub comment: String,
}

/// Where a submission stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Entered, not handed in.
    Draft,
    /// Handed in; approved so far by the levels listed, lowest first.
    Submitted {
        /// The levels that have approved.
        approved_by: Vec<OrgUnitId>,
    },
    /// Sent back to be changed.
    Returned,
    /// Approved by every level.
    Approved,
    /// Approved and locked.
    Locked,
}

impl Status {
    /// Approved or locked: what counts as the unit's figures.
    pub fn is_approved(&self) -> bool {
        matches!(self, Status::Approved | Status::Locked)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Draft => f.write_str("a draft"),
            Status::Submitted { approved_by } if approved_by.is_empty() => f.write_str("submitted"),
            Status::Submitted { approved_by } => {
                let levels: Vec<&str> = approved_by.iter().map(OrgUnitId::as_str).collect();
                write!(f, "submitted, approved by {}", levels.join(", "))
            }
            Status::Returned => f.write_str("returned"),
            Status::Approved => f.write_str("approved"),
            Status::Locked => f.write_str("locked"),
        }
    }
}

/// A unit's budget, forecast or follow-up as entered, with its approval history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// The id.
    pub id: SubmissionId,
    /// The unit it is for.
    pub unit: OrgUnitId,
    /// What it is.
    pub kind: SubmissionKind,
    /// Who entered it.
    pub entered_by: PersonId,
    /// In what role.
    pub role: Role,
    /// When.
    pub entered: NaiveDate,
    /// The proposal it started from (a forecast proposal the system made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<ForecastProposal>,
    /// The full-year figure entered, for a forecast (net, ledger-signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_year: Option<Amount>,
    /// The budget lines, for a budget.
    #[serde(default)]
    pub lines: Vec<BudgetLine>,
    /// The comment.
    #[serde(default)]
    pub comment: String,
    /// The approval steps, oldest first.
    #[serde(default)]
    pub steps: Vec<Step>,
}

impl Submission {
    /// A draft entered by `entered_by` in `role` on `entered`.
    pub fn new(
        id: SubmissionId,
        unit: OrgUnitId,
        kind: SubmissionKind,
        entered_by: PersonId,
        role: Role,
        entered: NaiveDate,
    ) -> Submission {
        Submission {
            id,
            unit,
            kind,
            entered_by,
            role,
            entered,
            proposal: None,
            full_year: None,
            lines: Vec::new(),
            comment: String::new(),
            steps: Vec::new(),
        }
    }

    /// The levels that approve, lowest first: the unit's ancestors up to and including the
    /// nearest committee or executive board; a committee or board approves its own.
    ///
    /// # Errors
    /// [`PlanningError::UnknownUnit`] when the unit is not in `org`.
    pub fn approval_levels(&self, org: &Organisation) -> Result<Vec<OrgUnitId>, PlanningError> {
        let unit = org
            .get(self.unit.as_str())
            .ok_or_else(|| self.unknown_unit())?;
        if is_approving_body(unit.kind) {
            return Ok(vec![unit.id.clone()]);
        }
        let ancestors = org.ancestors(&self.unit).map_err(|_| self.unknown_unit())?;
        let mut levels = Vec::new();
        for ancestor in ancestors {
            levels.push(ancestor.id.clone());
            if is_approving_body(ancestor.kind) {
                break;
            }
        }
        Ok(levels)
    }

    fn unknown_unit(&self) -> PlanningError {
        PlanningError::UnknownUnit {
            record: format!("submission {}", self.id),
            unit: self.unit.clone(),
        }
    }

    /// Adds a step after checking that the status on its date allows it.
    ///
    /// # Errors
    /// As [`Submission::status_on`] for the history with the step added; the submission is
    /// left as it was.
    pub fn record(&mut self, step: Step, org: &Organisation) -> Result<(), PlanningError> {
        self.steps.push(step);
        if let Err(err) = self.status_on(org, NaiveDate::MAX) {
            self.steps.pop();
            return Err(err);
        }
        Ok(())
    }

    /// The status on `date`, replaying the steps up to it.
    ///
    /// # Errors
    /// [`PlanningError::Transition`] for a step the status before it does not allow,
    /// [`PlanningError::WrongLevel`] for an approval out of level order,
    /// [`PlanningError::StepOrder`] for steps out of date order, and
    /// [`PlanningError::UnknownUnit`] for a unit outside `org`.
    pub fn status_on(&self, org: &Organisation, date: NaiveDate) -> Result<Status, PlanningError> {
        let levels = self.approval_levels(org)?;
        // The whole history is in date order, whatever the date asked about.
        let mut earlier = self.entered;
        for (n, step) in self.steps.iter().enumerate() {
            if step.date < earlier {
                return Err(PlanningError::StepOrder {
                    submission: self.id.clone(),
                    step: n.saturating_add(1),
                    date: step.date,
                    earlier,
                });
            }
            earlier = step.date;
        }
        let mut status = Status::Draft;
        for (n, step) in self.steps.iter().enumerate() {
            if step.date > date {
                break;
            }
            status = self.next(status, step, n.saturating_add(1), &levels)?;
        }
        Ok(status)
    }

    fn next(
        &self,
        status: Status,
        step: &Step,
        number: usize,
        levels: &[OrgUnitId],
    ) -> Result<Status, PlanningError> {
        let refuse = |status: Status| PlanningError::Transition {
            submission: self.id.clone(),
            step: number,
            date: step.date,
            action: step.action,
            status,
        };
        match (step.action, status) {
            (Action::Submit, Status::Draft | Status::Returned) => Ok(Status::Submitted {
                approved_by: Vec::new(),
            }),
            (Action::Approve, Status::Submitted { mut approved_by }) => {
                let Some(expected) = levels.get(approved_by.len()) else {
                    return Err(refuse(Status::Submitted { approved_by }));
                };
                if *expected != step.level {
                    return Err(PlanningError::WrongLevel {
                        submission: self.id.clone(),
                        step: number,
                        date: step.date,
                        expected: expected.clone(),
                        found: step.level.clone(),
                    });
                }
                approved_by.push(step.level.clone());
                if approved_by.len() == levels.len() {
                    Ok(Status::Approved)
                } else {
                    Ok(Status::Submitted { approved_by })
                }
            }
            (Action::Return, Status::Submitted { .. } | Status::Approved)
            | (Action::Reopen, Status::Locked) => Ok(Status::Returned),
            (Action::Lock, Status::Approved) => Ok(Status::Locked),
            (_, status) => Err(refuse(status)),
        }
    }

    /// Whether the unit's own manager entered it: entered in the manager's role by the
    /// person who managed the unit on the day.
    pub fn by_own_manager(&self, managers: &[Manager]) -> bool {
        self.role == Role::Manager
            && managers
                .iter()
                .any(|m| m.unit == self.unit && m.person == self.entered_by && m.on(self.entered))
    }

    /// The net of the budget lines (ledger-signed: a net cost is positive).
    ///
    /// # Errors
    /// [`PlanningError::Amount`] when the sum overflows.
    pub fn net(&self) -> Result<Amount, PlanningError> {
        Amount::checked_sum(self.lines.iter().map(|l| l.amount))
            .map_err(PlanningError::amount(format!("submission {}", self.id)))
    }

    /// The budget's monthly facts on `layer`, once approved as of `date`.
    ///
    /// # Errors
    /// [`PlanningError::NotApproved`] unless the budget is approved or locked on `date`, the
    /// errors of [`Submission::status_on`], and [`PlanningError::Distribution`] for a line
    /// whose month profile does not fit (naming the account).
    pub fn budget_facts(
        &self,
        org: &Organisation,
        layer: Layer,
        date: NaiveDate,
    ) -> Result<Vec<Fact>, PlanningError> {
        let status = self.status_on(org, date)?;
        let SubmissionKind::Budget { year } = self.kind else {
            return Err(PlanningError::NotApproved {
                submission: self.id.clone(),
                status,
                date,
            });
        };
        if !status.is_approved() {
            return Err(PlanningError::NotApproved {
                submission: self.id.clone(),
                status,
                date,
            });
        }
        let mut facts = Vec::with_capacity(self.lines.len().saturating_mul(12));
        for line in &self.lines {
            let yearly = YearlyAmount {
                unit: self.unit.clone(),
                account: line.account,
                year,
                layer,
                amount: line.amount,
            };
            let monthly = yearly.periodise(&line.key, Precision::Ore).map_err(|err| {
                PlanningError::Distribution {
                    parent: self.unit.clone(),
                    reason: format!("submission {}: {err}", self.id),
                }
            })?;
            match &line.counterpart {
                Some(counterpart) => facts.extend(
                    monthly
                        .into_iter()
                        .map(|f| f.with_counterpart(counterpart.clone())),
                ),
                None => facts.extend(monthly),
            }
        }
        Ok(facts)
    }
}

fn is_approving_body(kind: OrgUnitKind) -> bool {
    matches!(
        kind,
        OrgUnitKind::Committee
            | OrgUnitKind::ExecutiveBoard
            | OrgUnitKind::Council
            | OrgUnitKind::Group
            | OrgUnitKind::Company
    )
}
