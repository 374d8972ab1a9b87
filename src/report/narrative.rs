//! Narratives (kommentarer, analyser): comments keyed by entity, month and report kind, and
//! the rules that say when a comment is required.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::ledger::ProjectId;
use crate::org::OrgUnitId;
use crate::period::{Month, ReportKind};
use crate::steering::{GoalId, IndicatorId};

/// What a comment is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// An org unit's economy.
    Unit(OrgUnitId),
    /// A goal.
    Goal(GoalId),
    /// An indicator.
    Indicator(IndicatorId),
    /// An investment project.
    Project(ProjectId),
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Entity::Unit(id) => write!(f, "unit {id}"),
            Entity::Goal(id) => write!(f, "goal {id}"),
            Entity::Indicator(id) => write!(f, "indicator {id}"),
            Entity::Project(id) => write!(f, "project {id}"),
        }
    }
}

/// A comment (kommentar, analys) for one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// What it is about.
    pub entity: Entity,
    /// The report's as-of month.
    pub as_of: Month,
    /// The report's kind.
    pub kind: ReportKind,
    /// The text.
    pub text: String,
    /// Who wrote it.
    #[serde(default)]
    pub author: String,
}

/// When a comment is required.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentRule {
    /// A unit whose deviation to date or forecast deviation exceeds `percent` of its budget
    /// or `amount` in kronor, either way.
    Deviation {
        /// Per cent of the budget.
        #[serde(with = "rust_decimal::serde::str")]
        percent: Decimal,
        /// Kronor.
        amount: Amount,
    },
    /// A goal that is not fulfilled (or only partly).
    GoalNotFulfilled,
    /// An indicator whose result is not met (red).
    RedIndicator,
}

/// Why a rule requires a comment, with the figures, for the renderers to word in the report's
/// language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// A deviation beyond the rule's limit (budget − outcome, better is positive).
    Deviation {
        /// The deviation.
        deviation: Amount,
        /// The budget it is measured against.
        budget: Amount,
    },
    /// A goal not fulfilled, or only partly.
    Goal(crate::steering::Fulfilment),
    /// An indicator whose result is not met.
    IndicatorNotMet {
        /// The value, if any.
        value: Option<crate::steering::Measured>,
        /// The unit of its values.
        unit: crate::steering::MeasureUnit,
        /// The threshold it missed.
        threshold: Option<crate::steering::Threshold>,
    },
}

/// A comment that a rule requires but the report lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingComment {
    /// What needs a comment.
    pub entity: Entity,
    /// Why, with the figures.
    pub reason: MissingReason,
}

/// The comments written and the rules for when they are required.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Narratives {
    /// The comments.
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<CommentRule>,
}

impl Narratives {
    /// The comment on `entity` for the report of `kind` as of `as_of`, if written.
    pub fn find(&self, entity: &Entity, kind: ReportKind, as_of: Month) -> Option<&Comment> {
        self.comments
            .iter()
            .find(|c| &c.entity == entity && c.kind == kind && c.as_of == as_of)
    }
}
