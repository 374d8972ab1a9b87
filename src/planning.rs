//! The planning half of steering (planering): how a budget comes to be, and the records that
//! show who planned.
//!
//! - [`BudgetRound`]: a budget year's round (budgetprocess) with its phases and deadlines:
//!   directives (direktiv), frames adopted by the council (ramar), the committees' internal
//!   budgets (internbudget), the units' budgets and the adoption (fastställande).
//! - [`Frame`] (ram, kommunbidrag) per committee and its [`Distribution`] down the tree by hand,
//!   by key or by a [`ResourceModel`] (resursfördelning: volume × price, volumes from
//!   observations); [`check_frames`] lists every difference between a frame and the budgets
//!   under it.
//! - [`Submission`]: a unit's budget, forecast or follow-up as entered, by whom ([`Person`],
//!   [`Role`]), when and from what [`ForecastProposal`], with its approval history
//!   ([`Step`]: submit, approve per organisational level, return with a comment, lock,
//!   reopen). A budget becomes ledger facts only once approved
//!   ([`PlanningRecords::approved_budget_facts`]).
//! - [`PersonnelBudget`] (personalbudget): positions with FTE, salaries, the salary revision,
//!   the declared overhead (personalomkostnadspålägg) and holiday pay, as exact monthly facts.
//! - [`Asset`] and [`Component`]: activation of a finished investment, component depreciation
//!   (komponentavskrivning) and internal interest (internränta) as capital costs; a
//!   [`Portfolio`] of planned projects compared under [`Scenario`]s.
//! - [`Activity`] (aktivitet) of a unit's activity plan (verksamhetsplan), linked to goals.
//! - Effect goals measured from these records: [`PlanningRecords::count`] counts a
//!   [`RecordMeasure`] (the share of managers who made their own budget and forecast, of units
//!   with an activity plan, ...) and gives observations with the names counted, so an
//!   indicator declared with [`IndicatorSource::Records`](crate::steering::IndicatorSource)
//!   is assessed like any other.
//!
//! ```
//! use styrmodell::{demo, planning::RecordMeasure};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let records = demo::planning_2023()?;
//! let model = demo::steering_model_2023()?;
//! let as_of = styrmodell::AsOf::end_of("2023-12".parse()?);
//! let counted = records.count(
//!     &RecordMeasure::ManagersOwnBudgetAndForecast, &model, &[], "2023".parse()?, as_of)?;
//! // 11 of the 14 units' managers entered both their budget and a forecast themselves:
//! // 78,6 %, not "more than 80 %".
//! assert_eq!(counted.share().map(|s| s.to_string()), Some("11/14".to_owned()));
//! # Ok(())
//! # }
//! ```

mod activity;
mod capital;
mod effect;
mod frame;
mod personnel;
mod portfolio;
mod proposal;
mod records;
mod round;
mod submission;
#[cfg(test)]
mod tests;

pub use activity::{Activity, ActivityEntry, ActivityId, ActivityStatus};
pub use capital::{Asset, CapitalCostMonth, CapitalTerms, Component, MAX_LIFE_YEARS};
pub use effect::{Counted, CountedItem};
pub use frame::{
    Distributed, Distribution, Frame, FrameDifference, ResourceLine, ResourceModel, VolumeSource,
    check_frames, distribute,
};
pub use personnel::{PersonnelBudget, PersonnelCosts, PersonnelTerms, Position};
pub use portfolio::{
    Consequences, FinancialPlan, PlannedProject, Portfolio, Scenario, ScenarioChange,
    YearConsequence, YearPlan,
};
pub use proposal::{ForecastProposal, ProposalAccuracy, proposal_accuracy, propose};
pub use records::PlanningRecords;
pub use round::{BudgetRound, Phase, PhaseKind};
pub use submission::{
    Action, BudgetLine, Manager, Person, PersonId, Role, Status, Step, Submission, SubmissionId,
    SubmissionKind,
};

pub use crate::steering::RecordMeasure;

use chrono::NaiveDate;

use crate::amount::AmountError;
use crate::ledger::ProjectId;
use crate::org::OrgUnitId;
use crate::period::{Month, Year};

/// Why a planning record or computation was refused; each names the record it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanningError {
    /// A budget round's phases are missing, repeated, out of order or end before they open.
    #[error("budget round {year}: {reason}")]
    Round {
        /// The budget year.
        year: Year,
        /// What is wrong.
        reason: String,
    },
    /// A record names a unit the organisation does not have.
    #[error("{record}: unit {unit} is not in the organisation")]
    UnknownUnit {
        /// The record (`submission B-GRS-NORR`, `frame BUKN 2023`, ...).
        record: String,
        /// The unit.
        unit: OrgUnitId,
    },
    /// A record names a person the records do not have.
    #[error("{record}: person {person} is not in the planning records")]
    UnknownPerson {
        /// The record.
        record: String,
        /// The person's id.
        person: PersonId,
    },
    /// A step that the submission's status on its date does not allow.
    #[error(
        "submission {submission}, step {step} on {date}: cannot {action} a submission that is {status}"
    )]
    Transition {
        /// The submission.
        submission: SubmissionId,
        /// The step, counting from 1.
        step: usize,
        /// Its date.
        date: NaiveDate,
        /// The action tried.
        action: Action,
        /// The status it met.
        status: Status,
    },
    /// An approval at another level than the next one the submission needs.
    #[error(
        "submission {submission}, step {step} on {date}: approved at {found}, but the next level to approve is {expected}"
    )]
    WrongLevel {
        /// The submission.
        submission: SubmissionId,
        /// The step, counting from 1.
        step: usize,
        /// Its date.
        date: NaiveDate,
        /// The level that should approve next.
        expected: OrgUnitId,
        /// The level given.
        found: OrgUnitId,
    },
    /// A step dated before the submission was entered or before the step before it.
    #[error(
        "submission {submission}, step {step}: dated {date}, before {earlier}; steps come in date order after the entry"
    )]
    StepOrder {
        /// The submission.
        submission: SubmissionId,
        /// The step, counting from 1.
        step: usize,
        /// Its date.
        date: NaiveDate,
        /// The entry or the step before.
        earlier: NaiveDate,
    },
    /// Facts asked of a submission that is not approved.
    #[error(
        "submission {submission} is {status} on {date}; only an approved budget becomes ledger facts"
    )]
    NotApproved {
        /// The submission.
        submission: SubmissionId,
        /// Its status then.
        status: Status,
        /// The date asked about.
        date: NaiveDate,
    },
    /// Two approved budgets for the same unit and year.
    #[error("unit {unit} has two approved budgets for {year}: {first} and {second}")]
    TwoApproved {
        /// The unit.
        unit: OrgUnitId,
        /// The budget year.
        year: Year,
        /// The first submission.
        first: SubmissionId,
        /// The second.
        second: SubmissionId,
    },
    /// A distribution that cannot be made.
    #[error("distribution of {parent}: {reason}")]
    Distribution {
        /// The unit whose amount is distributed.
        parent: OrgUnitId,
        /// What is wrong.
        reason: String,
    },
    /// A position that cannot be costed.
    #[error("personnel budget of {unit} {year}, position {position:?}: {reason}")]
    Position {
        /// The unit.
        unit: OrgUnitId,
        /// The year.
        year: Year,
        /// The position's title.
        position: String,
        /// What is wrong.
        reason: String,
    },
    /// An asset or planned project that cannot be depreciated.
    #[error("asset {asset}: {reason}")]
    Asset {
        /// The asset or project.
        asset: ProjectId,
        /// What is wrong.
        reason: String,
    },
    /// A scenario change names a project the portfolio does not have.
    #[error("scenario {scenario:?}: {reason}")]
    Scenario {
        /// The scenario.
        scenario: String,
        /// What is wrong.
        reason: String,
    },
    /// A forecast proposal could not be made.
    #[error("forecast proposal for {unit} as of {as_of}: {reason}")]
    Proposal {
        /// The unit.
        unit: OrgUnitId,
        /// The month.
        as_of: Month,
        /// Why.
        reason: String,
    },
    /// Forecast accuracy asked before the year's outcome is known.
    #[error(
        "the outcome of {year} is not known as of {known}: forecast accuracy needs the full year"
    )]
    OutcomeNotKnown {
        /// The year.
        year: Year,
        /// The knowledge date.
        known: NaiveDate,
    },
    /// A sum out of range.
    #[error("{what}: {source}")]
    Amount {
        /// What was being computed.
        what: String,
        /// The overflow.
        source: AmountError,
    },
}

impl PlanningError {
    pub(crate) fn amount(what: impl Into<String>) -> impl FnOnce(AmountError) -> PlanningError {
        let what = what.into();
        move |source| PlanningError::Amount { what, source }
    }
}
