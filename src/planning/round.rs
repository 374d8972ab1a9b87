//! A budget year's round (budgetprocess) and its phases.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::PlanningError;
use crate::decision::DecisionRef;
use crate::period::Year;

/// The phases of a budget round, in the order they come.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// The executive board's directives and assumptions (budgetdirektiv, planeringsförutsättningar).
    Directives,
    /// Frames per committee adopted by the council (ramar, kommunbidrag).
    Frames,
    /// The committees distribute their frames (nämndernas internbudget).
    CommitteeBudgets,
    /// Units enter their budgets (enheternas budget).
    UnitBudgets,
    /// The detailed budget is adopted (fastställande).
    Adoption,
}

impl PhaseKind {
    /// Every phase in order.
    pub const ALL: [PhaseKind; 5] = [
        PhaseKind::Directives,
        PhaseKind::Frames,
        PhaseKind::CommitteeBudgets,
        PhaseKind::UnitBudgets,
        PhaseKind::Adoption,
    ];

    /// The Swedish name: `ramar`, `enheternas budget`, ...
    pub fn label_sv(self) -> &'static str {
        match self {
            PhaseKind::Directives => "budgetdirektiv",
            PhaseKind::Frames => "ramar",
            PhaseKind::CommitteeBudgets => "nämndernas internbudget",
            PhaseKind::UnitBudgets => "enheternas budget",
            PhaseKind::Adoption => "fastställande",
        }
    }
}

impl fmt::Display for PhaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PhaseKind::Directives => "directives",
            PhaseKind::Frames => "frames",
            PhaseKind::CommitteeBudgets => "committee budgets",
            PhaseKind::UnitBudgets => "unit budgets",
            PhaseKind::Adoption => "adoption",
        })
    }
}

/// One phase: when it opens, its deadline and the decision that closed it, if any.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    /// Which phase.
    pub kind: PhaseKind,
    /// The first day.
    pub opens: NaiveDate,
    /// The last day (sista dag).
    pub deadline: NaiveDate,
    /// The decision that ends it (the council's frames, the adoption).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionRef>,
}

/// A budget year's round: every phase once, in order, each opening no earlier than the one
/// before and ending no earlier than it; checked when built and when read.
///
/// ```
/// use styrmodell::planning::{BudgetRound, Phase, PhaseKind};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let day = |m, d| styrmodell::NaiveDate::from_ymd_opt(2022, m, d).ok_or("date");
/// let phases = [(2, 1, 3, 15), (3, 16, 6, 20), (6, 21, 9, 30), (8, 15, 10, 15), (10, 16, 11, 21)];
/// let phases = PhaseKind::ALL.iter().zip(phases).map(|(kind, (m1, d1, m2, d2))| {
///     Ok(Phase { kind: *kind, opens: day(m1, d1)?, deadline: day(m2, d2)?, decision: None })
/// }).collect::<Result<Vec<_>, &str>>()?;
/// let round = BudgetRound::new("2023".parse()?, phases)?;
/// assert_eq!(round.open_on(day(9, 1)?), vec![PhaseKind::CommitteeBudgets, PhaseKind::UnitBudgets]);
/// assert!(round.is_late(PhaseKind::UnitBudgets, day(10, 16)?));
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RoundParts")]
pub struct BudgetRound {
    year: Year,
    phases: Vec<Phase>,
}

/// A round as read, before its checks.
#[derive(Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
struct RoundParts {
    year: Year,
    phases: Vec<Phase>,
}

impl TryFrom<RoundParts> for BudgetRound {
    type Error = PlanningError;
    fn try_from(parts: RoundParts) -> Result<BudgetRound, PlanningError> {
        BudgetRound::new(parts.year, parts.phases)
    }
}

impl BudgetRound {
    /// A round for `year`.
    ///
    /// # Errors
    /// [`PlanningError::Round`] when a phase is missing, repeated or out of order, ends before
    /// it opens, opens before the phase before it or ends before it, or when the adoption's
    /// deadline is after the budget year has ended.
    pub fn new(year: Year, phases: Vec<Phase>) -> Result<BudgetRound, PlanningError> {
        let refuse = |reason: String| PlanningError::Round { year, reason };
        let kinds: Vec<PhaseKind> = phases.iter().map(|p| p.kind).collect();
        if kinds != PhaseKind::ALL {
            return Err(refuse(format!(
                "phases must be {} once each in that order, found {}",
                names(&PhaseKind::ALL),
                names(&kinds)
            )));
        }
        for phase in &phases {
            if phase.deadline < phase.opens {
                return Err(refuse(format!(
                    "{} ends {} before it opens {}",
                    phase.kind, phase.deadline, phase.opens
                )));
            }
        }
        for pair in phases.windows(2) {
            if let [before, after] = pair {
                if after.opens < before.opens || after.deadline < before.deadline {
                    return Err(refuse(format!(
                        "{} ({} – {}) comes before {} ({} – {})",
                        after.kind,
                        after.opens,
                        after.deadline,
                        before.kind,
                        before.opens,
                        before.deadline
                    )));
                }
            }
        }
        let year_end = year.last_month().last_day();
        if let Some(last) = phases.last().filter(|p| p.deadline > year_end) {
            return Err(refuse(format!(
                "{} on {} is after the budget year ends",
                last.kind, last.deadline
            )));
        }
        Ok(BudgetRound { year, phases })
    }

    /// The budget year.
    pub fn year(&self) -> Year {
        self.year
    }

    /// The phases in order.
    pub fn phases(&self) -> &[Phase] {
        &self.phases
    }

    /// The phase of `kind`.
    pub fn phase(&self, kind: PhaseKind) -> Option<&Phase> {
        self.phases.iter().find(|p| p.kind == kind)
    }

    /// The phases open on `date`.
    pub fn open_on(&self, date: NaiveDate) -> Vec<PhaseKind> {
        self.phases
            .iter()
            .filter(|p| p.opens <= date && date <= p.deadline)
            .map(|p| p.kind)
            .collect()
    }

    /// Whether something for phase `kind` done on `date` is after its deadline.
    pub fn is_late(&self, kind: PhaseKind, date: NaiveDate) -> bool {
        self.phase(kind).is_some_and(|p| date > p.deadline)
    }
}

fn names(kinds: &[PhaseKind]) -> String {
    kinds
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
