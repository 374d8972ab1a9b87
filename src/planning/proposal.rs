//! Forecast proposals (prognosförslag) by declared methods, and how the managers' changes to
//! them fared against the outcome.

use serde::{Deserialize, Serialize};

use super::{PersonId, PlanningError, Submission, SubmissionKind};
use crate::amount::Amount;
use crate::as_of::AsOf;
use crate::forecast::{ForecastMethod, forecast};
use crate::ledger::Ledger;
use crate::org::OrgUnitId;
use crate::period::{Month, PeriodRange, Year};
use crate::rollup::{AccountGrouping, Measure};

/// A full-year forecast the system proposed for a unit, and by which method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastProposal {
    /// The method.
    pub method: ForecastMethod,
    /// The month it was made as of.
    pub made: Month,
    /// The proposed full-year net (ledger-signed).
    pub full_year: Amount,
}

/// Proposals for `unit` as of `as_of` by each of `methods` (outcome to date plus remaining
/// budget, run rate, last year's seasonal profile, ...), from what the ledger knew at the end
/// of that month.
///
/// ```
/// use styrmodell::{demo, forecast::ForecastMethod, planning::propose};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ledger = demo::ledger()?;
/// let proposals = propose(&ledger, &"SN".parse()?, "2022-08".parse()?,
///     &[ForecastMethod::OutcomePlusRemainingBudget, ForecastMethod::RunRate])?;
/// assert_eq!(proposals.len(), 2);
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// [`PlanningError::Proposal`] naming the unit, month and method that could not be computed.
pub fn propose(
    ledger: &Ledger,
    unit: &OrgUnitId,
    as_of: Month,
    methods: &[ForecastMethod],
) -> Result<Vec<ForecastProposal>, PlanningError> {
    methods
        .iter()
        .map(|method| {
            let figure = forecast(ledger, unit, None, as_of, *method).map_err(|err| {
                PlanningError::Proposal {
                    unit: unit.clone(),
                    as_of,
                    reason: format!("{method:?}: {err}"),
                }
            })?;
            Ok(ForecastProposal {
                method: *method,
                made: as_of,
                full_year: figure.full_year,
            })
        })
        .collect()
}

/// A forecast submission made from a proposal, against the year's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalAccuracy {
    /// The unit.
    pub unit: OrgUnitId,
    /// The month the forecast was made.
    pub made: Month,
    /// Who entered it.
    pub entered_by: PersonId,
    /// The proposal.
    pub proposal: Amount,
    /// The figure entered.
    pub submitted: Amount,
    /// The year's outcome (net).
    pub outcome: Amount,
    /// `outcome − proposal`.
    pub proposal_error: Amount,
    /// `outcome − submitted`.
    pub submitted_error: Amount,
}

impl ProposalAccuracy {
    /// Whether the person's change brought the forecast closer to the outcome (`None` when the
    /// proposal was accepted unchanged or both are as close).
    pub fn change_helped(&self) -> Option<bool> {
        let proposal = self.proposal_error.ore().unsigned_abs();
        let submitted = self.submitted_error.ore().unsigned_abs();
        (self.proposal != self.submitted && proposal != submitted).then_some(submitted < proposal)
    }
}

/// Every forecast submission of `year` that started from a proposal, with the proposal, the
/// figure entered and the year's outcome, so the accuracy of proposals and people can be
/// compared.
///
/// # Errors
/// [`PlanningError::OutcomeNotKnown`] unless the year's last month of outcome is known by
/// `as_of`, [`PlanningError::UnknownUnit`] for a unit the ledger does not have.
pub fn proposal_accuracy(
    submissions: &[Submission],
    ledger: &Ledger,
    year: Year,
    as_of: AsOf,
) -> Result<Vec<ProposalAccuracy>, PlanningError> {
    if !as_of.knows(ledger.outcome_known_from(year.last_month())) {
        return Err(PlanningError::OutcomeNotKnown {
            year,
            known: as_of.known(),
        });
    }
    let cube = ledger
        .as_of(as_of)
        .roll_up(AccountGrouping::IncomeStatementLine, year.months());
    let months: PeriodRange = year.months();
    let mut list = Vec::new();
    for submission in submissions {
        let (SubmissionKind::Forecast { made }, Some(proposal), Some(submitted)) =
            (submission.kind, submission.proposal, submission.full_year)
        else {
            continue;
        };
        if made.year() != year {
            continue;
        }
        let outcome = cube
            .value_of(&submission.unit, Measure::Outcome, None, months)
            .map_err(|_| PlanningError::UnknownUnit {
                record: format!("submission {}", submission.id),
                unit: submission.unit.clone(),
            })?;
        let what = format!("submission {}", submission.id);
        list.push(ProposalAccuracy {
            unit: submission.unit.clone(),
            made,
            entered_by: submission.entered_by.clone(),
            proposal: proposal.full_year,
            submitted,
            outcome,
            proposal_error: outcome
                .checked_sub(proposal.full_year)
                .map_err(PlanningError::amount(what.clone()))?,
            submitted_error: outcome
                .checked_sub(submitted)
                .map_err(PlanningError::amount(what))?,
        });
    }
    Ok(list)
}
