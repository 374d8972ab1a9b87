//! The status of a report: draft → submitted → approved, and back to draft by reopening.

use std::fmt;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Being written (utkast).
    #[default]
    Draft,
    /// Handed in for approval (inlämnad).
    Submitted,
    /// Approved (godkänd, fastställd).
    Approved,
}

impl fmt::Display for ReportStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Approved => "approved",
        })
    }
}

/// One change of status: who made it, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    /// The status before.
    pub from: ReportStatus,
    /// The status after.
    pub to: ReportStatus,
    /// Who.
    pub by: String,
    /// When.
    pub at: NaiveDateTime,
}

/// A status change that the workflow does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {from} report cannot become {to}")]
pub struct WorkflowError {
    /// The status it had.
    pub from: ReportStatus,
    /// The status asked for.
    pub to: ReportStatus,
}

/// A report's status with its history.
///
/// ```
/// use styrmodell::report::{ReportStatus, Workflow};
/// use styrmodell::NaiveDate;
/// let at = NaiveDate::from_ymd_opt(2022, 9, 20).unwrap().and_hms_opt(10, 0, 0).unwrap();
/// let mut workflow = Workflow::default();
/// workflow.submit("ekonomichef", at).unwrap();
/// assert!(workflow.submit("ekonomichef", at).is_err());
/// workflow.approve("kommunstyrelsen", at).unwrap();
/// assert_eq!(workflow.status(), ReportStatus::Approved);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Workflow {
    status: ReportStatus,
    history: Vec<Transition>,
}

impl Workflow {
    /// The current status.
    pub fn status(&self) -> ReportStatus {
        self.status
    }

    /// Every change so far, oldest first.
    pub fn history(&self) -> &[Transition] {
        &self.history
    }

    fn go(
        &mut self,
        allowed_from: ReportStatus,
        to: ReportStatus,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<(), WorkflowError> {
        if self.status != allowed_from {
            return Err(WorkflowError {
                from: self.status,
                to,
            });
        }
        self.history.push(Transition {
            from: self.status,
            to,
            by: by.to_owned(),
            at,
        });
        self.status = to;
        Ok(())
    }

    /// Hands a draft in for approval.
    ///
    /// # Errors
    /// [`WorkflowError`] unless the report is a draft.
    pub fn submit(&mut self, by: &str, at: NaiveDateTime) -> Result<(), WorkflowError> {
        self.go(ReportStatus::Draft, ReportStatus::Submitted, by, at)
    }

    /// Approves a submitted report.
    ///
    /// # Errors
    /// [`WorkflowError`] unless the report is submitted.
    pub fn approve(&mut self, by: &str, at: NaiveDateTime) -> Result<(), WorkflowError> {
        self.go(ReportStatus::Submitted, ReportStatus::Approved, by, at)
    }

    /// Takes a submitted or approved report back to draft.
    ///
    /// # Errors
    /// [`WorkflowError`] when the report already is a draft.
    pub fn reopen(&mut self, by: &str, at: NaiveDateTime) -> Result<(), WorkflowError> {
        let from = self.status;
        if from == ReportStatus::Draft {
            return Err(WorkflowError {
                from,
                to: ReportStatus::Draft,
            });
        }
        self.go(from, ReportStatus::Draft, by, at)
    }
}
