//! The activities of the units' activity plans under the goals they serve (aktiviteter), as they
//! stood on the report's knowledge date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assess::GoalAssessment;
use crate::org::OrgUnitId;
use crate::period::Year;
use crate::planning::{ActivityId, ActivityStatus, PlanningRecords};
use crate::steering::GoalId;

/// One activity under one goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    /// The goal it serves.
    pub goal: GoalId,
    /// The activity.
    pub activity: ActivityId,
    /// What is to be done.
    pub title: String,
    /// The unit whose plan it is in.
    pub unit: OrgUnitId,
    /// Who is responsible, by name.
    pub owner: String,
    /// Its status on the knowledge date.
    pub status: ActivityStatus,
    /// The comment of the latest status change.
    pub comment: String,
    /// Its planned end.
    pub end: NaiveDate,
}

/// The activities of `year` entered by `known`, under each assessed goal they serve, in the
/// goals' order; an activity serving two goals shows under both.
pub(super) fn rows(
    records: &PlanningRecords,
    goals: &[GoalAssessment],
    year: Year,
    known: NaiveDate,
) -> Vec<ActivityRow> {
    let mut rows = Vec::new();
    for goal in goals {
        for activity in records.activities_for(&goal.goal, year) {
            let Some(status) = activity.status_on(known) else {
                continue;
            };
            rows.push(ActivityRow {
                goal: goal.goal.clone(),
                activity: activity.id.clone(),
                title: activity.title.clone(),
                unit: activity.unit.clone(),
                owner: records.name_of(&activity.owner).to_owned(),
                status,
                comment: activity
                    .entry_on(known)
                    .map(|e| e.comment.clone())
                    .unwrap_or_default(),
                end: activity.end,
            });
        }
    }
    rows
}
