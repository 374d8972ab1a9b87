//! What an observation was counted from (underlag): free text, or what the planning records
//! showed, kept as data so it can be worded in the report's language.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::period::Year;

/// In what role a person acted.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// A manager (chef) of a unit, department or administration.
    Manager,
    /// A controller or financial officer (controller, ekonom).
    Controller,
    /// An administrator or assistant (handläggare, assistent).
    Administrator,
    /// An elected body or its chair (nämnd, ordförande).
    Politician,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Manager => "manager",
            Role::Controller => "controller",
            Role::Administrator => "administrator",
            Role::Politician => "politician",
        })
    }
}

/// How a submission was handed in, as counted for a unit.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    /// None was handed in.
    Missing,
    /// Handed in by the unit's own manager.
    ByManager {
        /// The submission.
        id: String,
        /// When it was handed in.
        date: NaiveDate,
    },
    /// Entered by someone else.
    ByOther {
        /// The submission.
        id: String,
        /// When it was handed in.
        date: NaiveDate,
        /// Who entered it, by name.
        by: String,
        /// In what role.
        role: Role,
    },
}

/// What an observation was counted or computed from.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Basis {
    /// In words, as given (a quotation of a decision, a survey).
    Text(String),
    /// A unit's manager and whether they handed in the unit's budget and a forecast.
    Manager {
        /// The manager's name.
        manager: String,
        /// Whether both were the manager's own.
        yes: bool,
        /// The budget.
        budget: Entry,
        /// The forecast.
        forecast: Entry,
    },
    /// A unit's activity plan for a year: its activities' ids (none: no plan).
    ActivityPlan {
        /// The year.
        year: Year,
        /// The activities.
        activities: Vec<String>,
    },
    /// A committee's follow-ups of a year: month, date handed in, by whom (none: no follow-up).
    FollowUps {
        /// The year.
        year: Year,
        /// Each follow-up handed in.
        handed_in: Vec<(String, NaiveDate, String)>,
    },
    /// Investment projects and whether each has a current forecast.
    Projects {
        /// How old an estimate may be, in months.
        within_months: u32,
        /// Each project and whether it is current.
        projects: Vec<(String, bool)>,
    },
    /// A company's reporting in a year.
    Company {
        /// The year.
        year: Year,
        /// Indicator values reported.
        values: u64,
        /// Assignments followed up.
        followed: u64,
        /// Assignments given.
        assignments: u64,
    },
}
