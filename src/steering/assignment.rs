//! Assignments (uppdrag): commissions from the council or a board to a body, with due date and
//! a status history.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::goal::{DecisionRef, GoalId};
use crate::org::OrgUnitId;

crate::id::text_id!(
    /// The id of an assignment, such as `U-2022-07`.
    AssignmentId,
    "assignment"
);

/// The status of an assignment.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    /// Not started (ej påbörjat).
    NotStarted,
    /// In progress (påbörjat, pågår).
    InProgress,
    /// Delayed (försenat).
    Delayed,
    /// Completed (genomfört, avslutat).
    Completed,
    /// Cancelled (avfört, inställt).
    Cancelled,
}

impl AssignmentStatus {
    /// Whether the assignment is closed.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            AssignmentStatus::Completed | AssignmentStatus::Cancelled
        )
    }
}

impl fmt::Display for AssignmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AssignmentStatus::NotStarted => "not started",
            AssignmentStatus::InProgress => "in progress",
            AssignmentStatus::Delayed => "delayed",
            AssignmentStatus::Completed => "completed",
            AssignmentStatus::Cancelled => "cancelled",
        })
    }
}

/// One follow-up of an assignment: its status on a date, with a comment.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEntry {
    /// When.
    pub date: NaiveDate,
    /// The status.
    pub status: AssignmentStatus,
    /// What was said.
    #[serde(default)]
    pub comment: String,
}

/// An assignment (uppdrag).
///
/// ```
/// use styrmodell::steering::{Assignment, AssignmentStatus, StatusEntry};
/// use styrmodell::NaiveDate;
/// let date = |m, d| NaiveDate::from_ymd_opt(2022, m, d).unwrap();
/// let mut assignment = Assignment::new("U-1".parse().unwrap(), "Utred hemtjänstens taxor", "SN".parse().unwrap());
/// assignment.due = Some(date(6, 30));
/// assignment.history.push(StatusEntry { date: date(4, 30), status: AssignmentStatus::InProgress, comment: String::new() });
/// assert!(assignment.is_overdue(date(8, 31)));
/// assert_eq!(assignment.status_on(date(3, 1)), AssignmentStatus::NotStarted);
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// Its id.
    pub id: AssignmentId,
    /// What is to be done.
    pub title: String,
    /// The decision that issued it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_by: Option<DecisionRef>,
    /// The body that carries it out.
    pub assignee: OrgUnitId,
    /// The goal it serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<GoalId>,
    /// When it is to be reported back (återrapportering).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Its follow-ups in any order.
    #[serde(default)]
    pub history: Vec<StatusEntry>,
}

impl Assignment {
    /// An assignment not started, with no due date.
    pub fn new(id: AssignmentId, title: &str, assignee: OrgUnitId) -> Assignment {
        Assignment {
            id,
            title: title.to_owned(),
            issued_by: None,
            assignee,
            goal: None,
            due: None,
            history: Vec::new(),
        }
    }

    /// The latest follow-up on or before `date`.
    pub fn latest_entry(&self, date: NaiveDate) -> Option<&StatusEntry> {
        self.history
            .iter()
            .filter(|entry| entry.date <= date)
            .max_by_key(|entry| entry.date)
    }

    /// The status on `date`: that of the latest follow-up, else not started.
    pub fn status_on(&self, date: NaiveDate) -> AssignmentStatus {
        self.latest_entry(date)
            .map_or(AssignmentStatus::NotStarted, |entry| entry.status)
    }

    /// Whether the due date has passed on `date` with the assignment still open.
    pub fn is_overdue(&self, date: NaiveDate) -> bool {
        self.due.is_some_and(|due| due < date) && !self.status_on(date).is_closed()
    }
}
