//! The steering model (styrmodell): vision, core values, goal areas, goals and effect goals
//! with success criteria, indicators with observations, assignments (uppdrag) and manual
//! assessments, validated together against the organisation.

mod assignment;
mod basis;
mod goal;
mod indicator;
mod observation;
pub(crate) mod observation_index;
mod threshold;

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use assignment::{Assignment, AssignmentId, AssignmentStatus, StatusEntry};
pub use basis::{Basis, Entry, Role};
pub use goal::{
    CoreValue, DecisionRef, Fulfilment, FulfilmentRule, Goal, GoalArea, GoalAreaId, GoalId,
    GoalKind, GoalLevel, IndicatorLink, MissingPolicy, Override, SuccessCriterion, Vision,
};
pub use indicator::{
    Aggregation, Indicator, IndicatorId, IndicatorSource, KeyRatio, LedgerFormula, MeasureUnit,
    Periodicity, Polarity, RecordMeasure, Term,
};
pub use observation::{
    Gender, Measured, MissingReason, MunicipalityCode, Observation, ObservationPeriod, Reading,
    Subject,
};
pub(crate) use threshold::ThresholdWords;
pub use threshold::{Comparator, TestResult, Threshold};

use crate::org::{OrgUnitId, Organisation};
use crate::period::Year;

/// Everything a steering model holds besides the organisation, as plain data.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SteeringParts {
    /// The municipality's code, for Kolada observations of itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<MunicipalityCode>,
    /// The vision.
    #[serde(default)]
    pub vision: Vision,
    /// The core values (värdegrund).
    #[serde(default)]
    pub values: Vec<CoreValue>,
    /// The goal areas.
    #[serde(default)]
    pub areas: Vec<GoalArea>,
    /// The goals.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// The indicators.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// The observations.
    #[serde(default)]
    pub observations: Vec<Observation>,
    /// The assignments.
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// Manual assessments.
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// A broken reference or rule in a steering model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SteeringError {
    /// Two items of a kind with one id.
    #[error("duplicate {kind} id {id}")]
    DuplicateId {
        /// goal, indicator, assignment, goal area.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// A reference to an org unit the organisation does not have.
    #[error("{context} names unknown org unit {unit}")]
    UnknownUnit {
        /// Where the reference is, such as "goal KF-1 owner".
        context: String,
        /// The unit named.
        unit: OrgUnitId,
    },
    /// A reference to an unknown indicator.
    #[error("{context} names unknown indicator {indicator}")]
    UnknownIndicator {
        /// Where the reference is.
        context: String,
        /// The indicator named.
        indicator: IndicatorId,
    },
    /// A reference to an unknown goal.
    #[error("{context} names unknown goal {goal}")]
    UnknownGoal {
        /// Where the reference is.
        context: String,
        /// The goal named.
        goal: GoalId,
    },
    /// A reference to an unknown goal area.
    #[error("goal {goal} names unknown goal area {area}")]
    UnknownArea {
        /// The goal.
        goal: GoalId,
        /// The area named.
        area: GoalAreaId,
    },
    /// Goals that contribute to themselves through others.
    #[error("goals contribute to each other in a cycle: {}", cycle_text(.goals))]
    Cycle {
        /// The goals of the cycle.
        goals: Vec<GoalId>,
    },
    /// A threshold in another unit than its indicator's.
    #[error("{context}: threshold in {threshold:?} does not fit indicator {indicator} in {unit:?}")]
    ThresholdUnit {
        /// Where the threshold is.
        context: String,
        /// The indicator.
        indicator: IndicatorId,
        /// The threshold's unit.
        threshold: MeasureUnit,
        /// The indicator's unit.
        unit: MeasureUnit,
    },
    /// A goal valid from a later year than it ends.
    #[error("goal {goal} is valid from {from} to {to}, which ends before it starts")]
    ValidityReversed {
        /// The goal.
        goal: GoalId,
        /// First year.
        from: Year,
        /// Last year.
        to: Year,
    },
    /// Two observations of one indicator for the same subject, period and gender.
    #[error(
        "observation {position}: indicator {indicator} already has a value for {subject:?}, {period}, {gender:?}"
    )]
    DuplicateObservation {
        /// The later observation's position, counting from 1.
        position: usize,
        /// The indicator.
        indicator: IndicatorId,
        /// Who it is about.
        subject: Subject,
        /// The period.
        period: ObservationPeriod,
        /// The gender.
        gender: Gender,
    },
    /// A manual assessment without a motivation.
    #[error("manual assessment of goal {goal} for {period} has no motivation")]
    MissingMotivation {
        /// The goal.
        goal: GoalId,
        /// The period.
        period: ObservationPeriod,
    },
    /// A second manual assessment of one goal and period: which one stands would be a guess.
    #[error(
        "goal {goal} has more than one manual assessment for {period}; keep one (the later decision replaces the earlier)"
    )]
    DuplicateOverride {
        /// The goal.
        goal: GoalId,
        /// The period.
        period: ObservationPeriod,
    },
    /// An observation whose kind of value does not fit its indicator's unit (a yes/no for a
    /// percentage, a share for a count).
    #[error(
        "observation {position}: indicator {indicator} is measured in {unit}, but the value is {found}"
    )]
    ObservationKind {
        /// The observation's position, counting from 1.
        position: usize,
        /// The indicator.
        indicator: IndicatorId,
        /// The indicator's unit.
        unit: String,
        /// The kind of value given.
        found: &'static str,
    },
    /// An aggregation that means nothing for the indicator's unit (a sum of percentages, a
    /// pooled ratio of counts).
    #[error("indicator {indicator}: {aggregation} cannot combine values measured in {unit}")]
    AggregationUnit {
        /// The indicator.
        indicator: IndicatorId,
        /// The aggregation declared.
        aggregation: &'static str,
        /// The indicator's unit.
        unit: String,
    },
}

fn cycle_text(goals: &[GoalId]) -> String {
    let mut text = goals
        .iter()
        .map(GoalId::as_str)
        .collect::<Vec<_>>()
        .join(" -> ");
    if let Some(first) = goals.first() {
        text.push_str(" -> ");
        text.push_str(first.as_str());
    }
    text
}

/// Every problem found in a steering model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in the steering model: {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct SteeringErrors(pub Vec<SteeringError>);

/// A gap the lint found: not an error, but something a follow-up will miss.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Warning {
    /// A goal with neither indicator nor success criterion nor contributing goal.
    GoalWithoutMeasure {
        /// The goal.
        goal: GoalId,
    },
    /// An indicator without a baseline (utgångsvärde).
    IndicatorWithoutBaseline {
        /// The indicator.
        indicator: IndicatorId,
    },
    /// An indicator without a target for the year.
    IndicatorWithoutTarget {
        /// The indicator.
        indicator: IndicatorId,
        /// The year.
        year: Year,
    },
    /// An effect goal without a date to measure the effect.
    EffectGoalWithoutDeadline {
        /// The goal.
        goal: GoalId,
    },
    /// An assignment past due with no follow-up in the last 90 days.
    StaleAssignment {
        /// The assignment.
        assignment: AssignmentId,
        /// Its due date.
        due: NaiveDate,
        /// Its latest follow-up, if any.
        last_update: Option<NaiveDate>,
    },
}

/// Assignments by status on a date, with the overdue ones (see
/// [`SteeringModel::assignment_counts`]).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AssignmentCounts {
    /// How many are in each status.
    pub by_status: BTreeMap<AssignmentStatus, usize>,
    /// The overdue ones.
    pub overdue: Vec<AssignmentId>,
}

/// A validated steering model: the organisation with goals, indicators, observations,
/// assignments and manual assessments whose references all resolve, and whose goals
/// contribute to each other without cycles.
///
/// ```
/// let model = styrmodell::demo::steering_model()?;
/// assert!(model.goal(&"EM4".parse()?).is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "ModelParts", into = "ModelParts")]
pub struct SteeringModel {
    org: Organisation,
    parts: SteeringParts,
    goal_index: HashMap<GoalId, usize>,
    indicator_index: HashMap<IndicatorId, usize>,
    /// Per observation (in `parts`), what validation resolved its ids to.
    observation_positions: Vec<ObservationPosition>,
    /// Goals in an order where every contributing goal comes before the goals it serves.
    goal_order: Vec<usize>,
    /// For each goal, the goals that contribute to it.
    contributors: Vec<Vec<usize>>,
    /// The observations grouped for assessment: built by the first assessment and shared by
    /// every later one (a model validated but never assessed does not pay for it).
    observation_index: std::sync::OnceLock<observation_index::ObservationIndex>,
}

/// An observation's indicator position and unit index (none for a municipality).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ObservationPosition {
    pub(crate) indicator: Option<u32>,
    pub(crate) unit: Option<crate::org::UnitIndex>,
}

/// Models are equal when their organisations and parts are: everything else is built from them.
impl PartialEq for SteeringModel {
    fn eq(&self, other: &Self) -> bool {
        self.org == other.org && self.parts == other.parts
    }
}

impl Eq for SteeringModel {}

#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Serialize, Deserialize)]
struct ModelParts {
    organisation: Organisation,
    #[serde(flatten)]
    parts: SteeringParts,
}

impl TryFrom<ModelParts> for SteeringModel {
    type Error = SteeringErrors;
    fn try_from(parts: ModelParts) -> Result<SteeringModel, SteeringErrors> {
        SteeringModel::new(parts.organisation, parts.parts)
    }
}

impl From<SteeringModel> for ModelParts {
    fn from(model: SteeringModel) -> ModelParts {
        ModelParts {
            organisation: model.org,
            parts: model.parts,
        }
    }
}

mod validate;

impl SteeringModel {
    /// Checks every reference and builds the model.
    ///
    /// # Errors
    /// [`SteeringErrors`] with every duplicate id, unknown unit, indicator, goal or area,
    /// contribution cycle, threshold in the wrong unit, reversed validity and manual
    /// assessment without motivation.
    pub fn new(org: Organisation, parts: SteeringParts) -> Result<SteeringModel, SteeringErrors> {
        validate::build(org, parts)
    }

    /// The organisation.
    pub fn organisation(&self) -> &Organisation {
        &self.org
    }

    /// The plain parts.
    pub fn parts(&self) -> &SteeringParts {
        &self.parts
    }

    /// The goal with `id`.
    pub fn goal(&self, id: &GoalId) -> Option<&Goal> {
        self.goal_index
            .get(id)
            .and_then(|&i| self.parts.goals.get(i))
    }

    /// The indicator with `id`.
    pub fn indicator(&self, id: &IndicatorId) -> Option<&Indicator> {
        self.indicator_index
            .get(id)
            .and_then(|&i| self.parts.indicators.get(i))
    }

    /// The goals that contribute to `id`.
    pub fn contributors(&self, id: &GoalId) -> Vec<&Goal> {
        self.goal_index
            .get(id)
            .and_then(|&i| self.contributors.get(i))
            .map(|list| {
                list.iter()
                    .filter_map(|&c| self.parts.goals.get(c))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(crate) fn goal_order(&self) -> &[usize] {
        &self.goal_order
    }

    pub(crate) fn contributor_indices(&self, goal: usize) -> &[usize] {
        self.contributors.get(goal).map_or(&[], Vec::as_slice)
    }

    /// The observations grouped for assessment, built on first use.
    pub(crate) fn observation_index(&self) -> &observation_index::ObservationIndex {
        self.observation_index.get_or_init(|| {
            let observations = self.parts.observations.iter();
            observation_index::ObservationIndex::new(
                observations.zip(self.observation_positions.iter().copied()),
            )
        })
    }

    pub(crate) fn indicator_position(&self, id: &IndicatorId) -> Option<usize> {
        self.indicator_index.get(id).copied()
    }

    /// How many assignments of `unit` (with `subtree`, also of every unit below it) are in
    /// each status on `date`, and how many of them are overdue.
    ///
    /// # Errors
    /// [`crate::OrgError::UnknownUnit`] for a unit the organisation does not have.
    pub fn assignment_counts(
        &self,
        unit: &OrgUnitId,
        subtree: bool,
        date: NaiveDate,
    ) -> Result<AssignmentCounts, crate::org::OrgError> {
        let units: HashSet<&str> = if subtree {
            self.org
                .subtree(unit)?
                .iter()
                .map(|u| u.id.as_str())
                .collect()
        } else {
            self.org
                .subtree(unit)?
                .first()
                .map(|u| u.id.as_str())
                .into_iter()
                .collect()
        };
        let mut counts = AssignmentCounts::default();
        for assignment in self
            .parts
            .assignments
            .iter()
            .filter(|a| units.contains(a.assignee.as_str()))
        {
            let count = counts
                .by_status
                .entry(assignment.status_on(date))
                .or_default();
            *count = count.saturating_add(1);
            if assignment.is_overdue(date) {
                counts.overdue.push(assignment.id.clone());
            }
        }
        Ok(counts)
    }

    /// Gaps a follow-up will miss (see [`Warning`]), for `year` and as of `today`.
    pub fn lint(&self, year: Year, today: NaiveDate) -> Vec<Warning> {
        validate::lint(self, year, today)
    }
}
