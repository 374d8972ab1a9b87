//! All planning records of a municipality in one place, and the questions asked of them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    Activity, Asset, BudgetRound, Distributed, Frame, FrameDifference, Manager, Person, PersonId,
    PersonnelBudget, PlanningError, Submission, SubmissionKind, check_frames,
};
use crate::amount::Amount;
use crate::ledger::{Fact, Layer};
use crate::org::{OrgUnitId, Organisation};
use crate::period::Year;
use crate::steering::GoalId;

/// The planning records (planeringsunderlag): people and managers, budget rounds, frames and
/// their distributions, submissions with their approvals, personnel budgets, activated assets
/// and activity plans. Plain data; [`PlanningRecords::check`] lists every problem at once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlanningRecords {
    /// The people who enter, approve or own activities.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Who managed which unit when.
    #[serde(default)]
    pub managers: Vec<Manager>,
    /// Budget rounds.
    #[serde(default)]
    pub rounds: Vec<BudgetRound>,
    /// Frames adopted by the council.
    #[serde(default)]
    pub frames: Vec<Frame>,
    /// Distributions decided, by budget year.
    #[serde(default)]
    pub distributions: Vec<(Year, Distributed)>,
    /// Budget, forecast and follow-up submissions.
    #[serde(default)]
    pub submissions: Vec<Submission>,
    /// Personnel budgets.
    #[serde(default)]
    pub personnel: Vec<PersonnelBudget>,
    /// Activated assets.
    #[serde(default)]
    pub assets: Vec<Asset>,
    /// Activities of the units' activity plans.
    #[serde(default)]
    pub activities: Vec<Activity>,
}

impl PlanningRecords {
    /// The person with `id`.
    pub fn person(&self, id: &PersonId) -> Option<&Person> {
        self.people.iter().find(|p| &p.id == id)
    }

    /// A person's name, or the id when the records do not have the person.
    pub fn name_of<'a>(&'a self, id: &'a PersonId) -> &'a str {
        self.person(id).map_or(id.as_str(), |p| p.name.as_str())
    }

    /// The manager of `unit` on `date`.
    pub fn manager_on(&self, unit: &OrgUnitId, date: NaiveDate) -> Option<&Manager> {
        self.managers.iter().find(|m| &m.unit == unit && m.on(date))
    }

    /// The activities serving `goal` in `year`.
    pub fn activities_for<'a>(
        &'a self,
        goal: &'a GoalId,
        year: Year,
    ) -> impl Iterator<Item = &'a Activity> + 'a {
        self.activities
            .iter()
            .filter(move |a| a.year == year && a.goals.contains(goal))
    }

    /// Every problem of the records against `org`: units and people that do not exist,
    /// approval histories that break the allowed transitions. Empty when all is well.
    pub fn check(&self, org: &Organisation) -> Vec<PlanningError> {
        let mut errors = Vec::new();
        let mut unit = |record: String, unit: &OrgUnitId| {
            if org.get(unit.as_str()).is_none() {
                errors.push(PlanningError::UnknownUnit {
                    record,
                    unit: unit.clone(),
                });
            }
        };
        for m in &self.managers {
            unit(format!("manager {} of {}", m.person, m.unit), &m.unit);
        }
        for f in &self.frames {
            unit(format!("frame {} {}", f.committee, f.year), &f.committee);
        }
        for a in &self.activities {
            unit(format!("activity {}", a.id), &a.unit);
        }
        for p in &self.personnel {
            unit(format!("personnel budget {} {}", p.unit, p.year), &p.unit);
        }
        for a in &self.assets {
            unit(format!("asset {}", a.id), &a.unit);
        }
        let people = self
            .managers
            .iter()
            .map(|m| (format!("manager of {}", m.unit), &m.person))
            .chain(
                self.activities
                    .iter()
                    .map(|a| (format!("activity {}", a.id), &a.owner)),
            )
            .chain(self.submissions.iter().flat_map(|s| {
                std::iter::once((format!("submission {}", s.id), &s.entered_by)).chain(
                    s.steps
                        .iter()
                        .map(move |step| (format!("submission {}", s.id), &step.by)),
                )
            }));
        let known: std::collections::BTreeSet<&str> =
            self.people.iter().map(|p| p.id.as_str()).collect();
        for (record, person) in people {
            if !known.contains(person.as_str()) {
                errors.push(PlanningError::UnknownPerson {
                    record,
                    person: person.clone(),
                });
            }
        }
        for submission in &self.submissions {
            if let Err(err) = submission.status_on(org, NaiveDate::MAX) {
                errors.push(err);
            }
        }
        errors
    }

    /// The approved budgets of `year` on `date`, one a unit.
    ///
    /// # Errors
    /// [`PlanningError::TwoApproved`] when a unit has two, and the errors of
    /// [`Submission::status_on`].
    pub fn approved_budgets(
        &self,
        org: &Organisation,
        year: Year,
        date: NaiveDate,
    ) -> Result<Vec<&Submission>, PlanningError> {
        let mut by_unit: BTreeMap<&OrgUnitId, &Submission> = BTreeMap::new();
        for submission in &self.submissions {
            if submission.kind != (SubmissionKind::Budget { year })
                || !submission.status_on(org, date)?.is_approved()
            {
                continue;
            }
            if let Some(first) = by_unit.insert(&submission.unit, submission) {
                return Err(PlanningError::TwoApproved {
                    unit: submission.unit.clone(),
                    year,
                    first: first.id.clone(),
                    second: submission.id.clone(),
                });
            }
        }
        Ok(by_unit.into_values().collect())
    }

    /// The approved budgets of `year` on `date` as ledger facts on `layer`: a budget becomes a
    /// ledger revision only once approved.
    ///
    /// # Errors
    /// As [`PlanningRecords::approved_budgets`] and [`Submission::budget_facts`].
    pub fn approved_budget_facts(
        &self,
        org: &Organisation,
        year: Year,
        layer: Layer,
        date: NaiveDate,
    ) -> Result<Vec<Fact>, PlanningError> {
        let mut facts = Vec::new();
        for submission in self.approved_budgets(org, year, date)? {
            facts.extend(submission.budget_facts(org, layer, date)?);
        }
        Ok(facts)
    }

    /// The approved budgets of `year` on `date` against the year's frames and distributions:
    /// every committee or unit whose budgets do not add up to exactly what it was given.
    ///
    /// # Errors
    /// As [`PlanningRecords::approved_budgets`] and [`check_frames`].
    pub fn check_budgets(
        &self,
        org: &Organisation,
        year: Year,
        date: NaiveDate,
    ) -> Result<Vec<FrameDifference>, PlanningError> {
        let budgets = self
            .approved_budgets(org, year, date)?
            .into_iter()
            .map(|s| Ok((s.unit.clone(), s.net()?)))
            .collect::<Result<Vec<(OrgUnitId, Amount)>, PlanningError>>()?;
        let frames: Vec<Frame> = self
            .frames
            .iter()
            .filter(|f| f.year == year)
            .cloned()
            .collect();
        let distributed: Vec<Distributed> = self
            .distributions
            .iter()
            .filter(|(y, _)| *y == year)
            .map(|(_, d)| d.clone())
            .collect();
        check_frames(org, &frames, &distributed, &budgets)
    }
}
