//! Vision, core values, goal areas and goals (mål) with their success criteria, indicators and
//! the rule that judges their fulfilment.

use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::decision::DecisionRef;

use super::indicator::IndicatorId;
use super::observation::ObservationPeriod;
use super::threshold::Threshold;
use crate::org::OrgUnitId;
use crate::period::Year;
use crate::ratio::Ratio;

crate::id::text_id!(
    /// The id of a goal, such as `KF-1` or `EM4`.
    GoalId,
    "goal"
);

crate::id::text_id!(
    /// The id of a goal area (målområde).
    GoalAreaId,
    "goal area"
);

/// The vision (vision).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Vision {
    /// Its text.
    pub text: String,
}

/// A core value (värdeord in the värdegrund).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoreValue {
    /// Its name.
    pub name: String,
    /// What it means.
    #[serde(default)]
    pub description: String,
}

/// A goal area (målområde, fokusområde, inriktningsmål).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalArea {
    /// Its id.
    pub id: GoalAreaId,
    /// Its name.
    pub name: String,
}

/// The level a goal is set at.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalLevel {
    /// Council goal (KF-mål).
    Council,
    /// Committee goal (nämndmål).
    Committee,
    /// Company goal (bolagsmål).
    Company,
    /// Administration goal (förvaltningsmål).
    Administration,
    /// Unit goal (enhetsmål).
    Unit,
    /// A level of the municipality's own, by rank (0 highest) and name.
    Named {
        /// Its rank.
        rank: u8,
        /// Its name, such as "Verksamhetsområdesmål".
        name: String,
    },
}

/// What kind of goal it is.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalKind {
    /// An operational goal (verksamhetsmål).
    Operational,
    /// A financial goal (finansiellt mål).
    Financial,
    /// An effect goal (effektmål): the benefit expected from a project.
    Effect,
}

/// A success criterion (framgångskriterium): "vi vet att vi är på rätt väg när ..." made
/// measurable as an indicator, a threshold and a deadline.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuccessCriterion {
    /// The words of the decision.
    pub text: String,
    /// The indicator measured.
    pub indicator: IndicatorId,
    /// The threshold to reach.
    pub threshold: Threshold,
    /// When it is to be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<ObservationPeriod>,
    /// The unit whose subtree is measured, when not the goal's owner (a project owned by the
    /// executive board may measure the whole group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<OrgUnitId>,
}

/// The rule that judges a goal from its inputs (criteria, indicators, contributing goals).
///
/// Each input is fulfilled (met), partly or not; a partly input counts half where shares are
/// counted.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FulfilmentRule {
    /// Fulfilled when all are, not fulfilled when none is even partly, else partly.
    #[default]
    All,
    /// Fulfilled when any is, partly when any is partly, else not.
    Any,
    /// Fulfilled when more than half are, not when more than half are not, else partly.
    Majority,
    /// By the share fulfilled: at least `fulfilled` → fulfilled, at least `partly` → partly
    /// (for example ≥ 2/3 and ≥ 1/3).
    Share {
        /// The share for fulfilled.
        fulfilled: Ratio,
        /// The share for partly fulfilled.
        partly: Ratio,
    },
    /// By a weighted share: weights per input id (criteria by position `C1`, `C2`, ...,
    /// indicators and goals by id; missing weights count 1).
    Weighted {
        /// Weights by input id.
        weights: Vec<(String, u32)>,
        /// The weighted share for fulfilled.
        fulfilled: Ratio,
        /// The weighted share for partly fulfilled.
        partly: Ratio,
    },
    /// The worst input decides.
    WorstOf,
    /// Not computed: set by a manual assessment only.
    Manual,
}

/// What missing data counts as.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingPolicy {
    /// Leave the input out.
    #[default]
    Ignore,
    /// Count it as not met.
    CountAsNotMet,
    /// Count it as partly met (Vårgårda: "cannot be measured" sits in the middle).
    CountAsPartly,
    /// Any missing input makes the goal not assessed.
    Block,
}

/// An indicator linked to a goal, with the threshold to use instead of the indicator's yearly
/// target, if any.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorLink {
    /// The indicator.
    pub indicator: IndicatorId,
    /// A threshold for this goal; `None` uses the indicator's target for the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Threshold>,
}

/// A goal (mål).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// Its id.
    pub id: GoalId,
    /// Its title.
    pub title: String,
    /// Its description.
    #[serde(default)]
    pub description: String,
    /// The level it is set at.
    pub level: GoalLevel,
    /// Operational, financial or effect goal.
    pub kind: GoalKind,
    /// The unit that owns it (decided it or ordered the project).
    pub owner: OrgUnitId,
    /// Units assigned to contribute.
    #[serde(default)]
    pub assigned_to: Vec<OrgUnitId>,
    /// The goals it contributes to.
    #[serde(default)]
    pub contributes_to: Vec<GoalId>,
    /// Its goal area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<GoalAreaId>,
    /// The years it is valid (giltighet), first and last.
    pub valid: (Year, Year),
    /// The decision behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionRef>,
    /// Its success criteria.
    #[serde(default)]
    pub criteria: Vec<SuccessCriterion>,
    /// Its indicators.
    #[serde(default)]
    pub indicators: Vec<IndicatorLink>,
    /// How its fulfilment is judged.
    #[serde(default)]
    pub rule: FulfilmentRule,
    /// What missing data counts as.
    #[serde(default)]
    pub missing: MissingPolicy,
    /// For effect goals: when the effect is to be measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<ObservationPeriod>,
}

impl Goal {
    /// A goal valid for `valid`, with no criteria, indicators or links yet.
    pub fn new(
        id: GoalId,
        title: &str,
        level: GoalLevel,
        kind: GoalKind,
        owner: OrgUnitId,
        valid: (Year, Year),
    ) -> Goal {
        Goal {
            id,
            title: title.to_owned(),
            description: String::new(),
            level,
            kind,
            owner,
            assigned_to: Vec::new(),
            contributes_to: Vec::new(),
            area: None,
            valid,
            decision: None,
            criteria: Vec::new(),
            indicators: Vec::new(),
            rule: FulfilmentRule::All,
            missing: MissingPolicy::Ignore,
            deadline: None,
        }
    }
}

impl fmt::Display for GoalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GoalKind::Operational => "operational",
            GoalKind::Financial => "financial",
            GoalKind::Effect => "effect",
        })
    }
}

/// How far a goal is fulfilled (måluppfyllelse).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fulfilment {
    /// Not fulfilled (ej uppfyllt).
    NotFulfilled,
    /// Partly fulfilled (delvis uppfyllt).
    PartlyFulfilled,
    /// Fulfilled (uppfyllt).
    Fulfilled,
    /// Not assessed (ej bedömt, kan inte bedömas).
    NotAssessed,
}

impl fmt::Display for Fulfilment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Fulfilment::Fulfilled => "fulfilled",
            Fulfilment::PartlyFulfilled => "partly fulfilled",
            Fulfilment::NotFulfilled => "not fulfilled",
            Fulfilment::NotAssessed => "not assessed",
        })
    }
}

/// A manual assessment (bedömning) of a goal for a period, kept beside the computed one with
/// its written motivation (motivering).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// The goal.
    pub goal: GoalId,
    /// The period assessed.
    pub period: ObservationPeriod,
    /// The fulfilment decided.
    pub fulfilment: Fulfilment,
    /// Why; must not be empty.
    pub motivation: String,
    /// Who decided (a person or body).
    pub by: String,
    /// The date of the assessment: it counts from this day.
    pub date: chrono::NaiveDate,
    /// The decision that adopted it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionRef>,
}
