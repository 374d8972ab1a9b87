//! Activities (aktiviteter) of a unit's activity plan (verksamhetsplan), linked to the goals they
//! serve, with owner, dates and status history.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::PersonId;
use crate::id::text_id;
use crate::org::OrgUnitId;
use crate::period::Year;
use crate::steering::GoalId;

text_id!(
    /// An activity's id.
    ActivityId,
    "activity"
);

/// Where an activity stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Planned, not started (planerad).
    Planned,
    /// Under way (pågår).
    Started,
    /// Done (genomförd).
    Done,
    /// Moved to a later date (senarelagd).
    Postponed,
    /// Dropped (avbruten).
    Cancelled,
}

impl ActivityStatus {
    /// The Swedish word.
    pub fn label_sv(self) -> &'static str {
        match self {
            ActivityStatus::Planned => "planerad",
            ActivityStatus::Started => "pågår",
            ActivityStatus::Done => "genomförd",
            ActivityStatus::Postponed => "senarelagd",
            ActivityStatus::Cancelled => "avbruten",
        }
    }
}

impl fmt::Display for ActivityStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ActivityStatus::Planned => "planned",
            ActivityStatus::Started => "started",
            ActivityStatus::Done => "done",
            ActivityStatus::Postponed => "postponed",
            ActivityStatus::Cancelled => "cancelled",
        })
    }
}

/// A change of an activity's status on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// When.
    pub date: NaiveDate,
    /// The new status.
    pub status: ActivityStatus,
    /// The comment.
    #[serde(default)]
    pub comment: String,
}

/// An activity of a unit's plan for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// The id.
    pub id: ActivityId,
    /// What is to be done.
    pub title: String,
    /// The unit whose plan it is in.
    pub unit: OrgUnitId,
    /// The plan's year.
    pub year: Year,
    /// The goals it serves.
    #[serde(default)]
    pub goals: Vec<GoalId>,
    /// Who is responsible (ansvarig).
    pub owner: PersonId,
    /// When it was entered in the plan.
    pub created: NaiveDate,
    /// Planned start.
    pub start: NaiveDate,
    /// Planned end.
    pub end: NaiveDate,
    /// Status changes, oldest first; planned until the first.
    #[serde(default)]
    pub history: Vec<ActivityEntry>,
}

impl Activity {
    /// The status on `date`; `None` before the activity was entered in the plan.
    ///
    /// ```
    /// use styrmodell::planning::ActivityStatus;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let records = styrmodell::demo::planning_2023()?;
    /// let activity = &records.activities[0];
    /// assert_eq!(activity.status_on(activity.created), Some(ActivityStatus::Planned));
    /// # Ok(())
    /// # }
    /// ```
    pub fn status_on(&self, date: NaiveDate) -> Option<ActivityStatus> {
        if date < self.created {
            return None;
        }
        Some(
            self.history
                .iter()
                .take_while(|e| e.date <= date)
                .last()
                .map_or(ActivityStatus::Planned, |e| e.status),
        )
    }

    /// The latest status entry on or before `date`, with its comment.
    pub fn entry_on(&self, date: NaiveDate) -> Option<&ActivityEntry> {
        self.history.iter().take_while(|e| e.date <= date).last()
    }
}
