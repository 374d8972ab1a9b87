//! Effect goals measured from the planning records: what a [`RecordMeasure`] counts, unit by
//! unit, with the names of the people and units counted.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::{
    Action, Activity, Manager, PersonId, PlanningError, PlanningRecords, Role, Submission,
    SubmissionKind,
};
use crate::as_of::AsOf;
use crate::investment::InvestmentProject;
use crate::org::{OrgUnitId, OrgUnitKind};
use crate::period::Year;
use crate::ratio::Ratio;
use crate::steering::{
    Basis, Entry, IndicatorId, IndicatorSource, Measured, Observation, ObservationPeriod,
    RecordMeasure, SteeringModel, Subject,
};

/// One unit's count: `counted` of `of` (1 of 1 or 0 of 1 for a unit; k of n projects), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedItem {
    /// The unit.
    pub unit: OrgUnitId,
    /// How many counted.
    pub counted: u64,
    /// Of how many.
    pub of: u64,
    /// What was found, naming people, submissions, activities or projects.
    pub basis: Basis,
}

/// What a measure counted for a year, as known on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counted {
    /// The measure.
    pub measure: RecordMeasure,
    /// The year.
    pub year: Year,
    /// The knowledge date.
    pub known: NaiveDate,
    /// Unit by unit, in the organisation's order.
    pub items: Vec<CountedItem>,
}

impl Counted {
    /// The share over all items: Σ counted / Σ of; `None` when nothing was counted.
    pub fn share(&self) -> Option<Ratio> {
        let counted = self
            .items
            .iter()
            .map(|i| i.counted)
            .fold(0u64, u64::saturating_add);
        let of = self
            .items
            .iter()
            .map(|i| i.of)
            .fold(0u64, u64::saturating_add);
        Ratio::of_counts(counted, of)
    }

    /// One observation of `indicator` a unit, for the year, with its basis. Preliminary while
    /// the knowledge date is before the year's end; known from the later of the year's end
    /// and the knowledge date.
    pub fn observations(&self, indicator: &IndicatorId) -> Vec<Observation> {
        let period = ObservationPeriod::Year(self.year);
        let year_end = self.year.last_month().last_day();
        self.items
            .iter()
            .filter_map(|item| {
                let share = Ratio::of_counts(item.counted, item.of)?;
                let mut observation = Observation::of_unit(
                    indicator.clone(),
                    item.unit.clone(),
                    period,
                    Measured::Share(share),
                );
                observation.preliminary = self.known < year_end;
                observation.published = (self.known > year_end).then_some(self.known);
                observation.basis = Some(item.basis.clone());
                Some(observation)
            })
            .collect()
    }
}

impl PlanningRecords {
    /// Counts `measure` for `year` over `model`'s organisation from the records known by
    /// `as_of` (a submission counts from the day it was handed in, an activity from the day it
    /// was entered). The records are the system of record, so a unit without a submission
    /// counts as "no", not as missing. The records are indexed by unit once, so the count
    /// grows with the records, not with units × records.
    ///
    /// # Errors
    /// None yet: the count reads what was handed in and does not judge approval histories;
    /// the `Result` leaves room for measures that will.
    pub fn count(
        &self,
        measure: &RecordMeasure,
        model: &SteeringModel,
        projects: &[InvestmentProject],
        year: Year,
        as_of: AsOf,
    ) -> Result<Counted, PlanningError> {
        let known = as_of.known();
        let org = model.organisation();
        let units = |kind: OrgUnitKind| org.units().iter().filter(move |u| u.kind == kind);
        let counter = Counter::new(self, year, known);
        let mut items = Vec::new();
        match measure {
            RecordMeasure::ManagersOwnBudgetAndForecast => {
                for unit in units(OrgUnitKind::Unit) {
                    items.extend(counter.own_budget_and_forecast(&unit.id));
                }
            }
            RecordMeasure::UnitsWithActivityPlan => {
                for unit in units(OrgUnitKind::Unit) {
                    items.push(counter.activity_plan(&unit.id));
                }
            }
            RecordMeasure::CommitteesWithFollowUp => {
                for unit in units(OrgUnitKind::Committee) {
                    items.push(counter.follow_up(&unit.id));
                }
            }
            RecordMeasure::ProjectsWithCurrentForecast { within_months } => {
                items.extend(current_forecasts(projects, *within_months, year, as_of));
            }
            RecordMeasure::CompaniesReporting => {
                for unit in units(OrgUnitKind::Company) {
                    items.push(company_reporting(model, &unit.id, year, known));
                }
            }
        }
        Ok(Counted {
            measure: measure.clone(),
            year,
            known,
            items,
        })
    }

    /// The observations of every indicator of `model` counted from the records
    /// ([`IndicatorSource::Records`]) for `year`, as known by `as_of`.
    ///
    /// # Errors
    /// As [`PlanningRecords::count`].
    pub fn observations(
        &self,
        model: &SteeringModel,
        projects: &[InvestmentProject],
        year: Year,
        as_of: AsOf,
    ) -> Result<Vec<Observation>, PlanningError> {
        let mut observations = Vec::new();
        for indicator in &model.parts().indicators {
            if let IndicatorSource::Records(measure) = &indicator.source {
                let counted = self.count(measure, model, projects, year, as_of)?;
                observations.extend(counted.observations(&indicator.id));
            }
        }
        Ok(observations)
    }
}

/// The records of one count, indexed by unit.
struct Counter<'a> {
    year: Year,
    known: NaiveDate,
    people: BTreeMap<&'a str, &'a str>,
    submissions: BTreeMap<&'a str, Vec<&'a Submission>>,
    managers: BTreeMap<&'a str, Vec<&'a Manager>>,
    activities: BTreeMap<&'a str, Vec<&'a Activity>>,
}

impl<'a> Counter<'a> {
    fn new(records: &'a PlanningRecords, year: Year, known: NaiveDate) -> Counter<'a> {
        let mut counter = Counter {
            year,
            known,
            people: records
                .people
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str()))
                .collect(),
            submissions: BTreeMap::new(),
            managers: BTreeMap::new(),
            activities: BTreeMap::new(),
        };
        for s in &records.submissions {
            counter
                .submissions
                .entry(s.unit.as_str())
                .or_default()
                .push(s);
        }
        for m in &records.managers {
            counter.managers.entry(m.unit.as_str()).or_default().push(m);
        }
        for a in &records.activities {
            counter
                .activities
                .entry(a.unit.as_str())
                .or_default()
                .push(a);
        }
        counter
    }

    fn name_of(&self, id: &'a PersonId) -> &'a str {
        self.people.get(id.as_str()).copied().unwrap_or(id.as_str())
    }

    fn managers_of(&self, unit: &OrgUnitId) -> &[&'a Manager] {
        self.managers.get(unit.as_str()).map_or(&[], Vec::as_slice)
    }

    /// Whether the unit's manager on the entry day entered it, in the manager's role.
    fn by_own_manager(&self, s: &Submission) -> bool {
        s.role == Role::Manager
            && self
                .managers_of(&s.unit)
                .iter()
                .any(|m| m.person == s.entered_by && m.on(s.entered))
    }

    /// Submissions of `unit` that match `kind` and were handed in by the knowledge date.
    fn handed_in(
        &self,
        unit: &OrgUnitId,
        kind: impl Fn(SubmissionKind) -> bool,
    ) -> Vec<(&'a Submission, NaiveDate)> {
        self.submissions
            .get(unit.as_str())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|s| kind(s.kind))
            .filter_map(|s| {
                let submitted = s
                    .steps
                    .iter()
                    .find(|step| step.action == Action::Submit && step.date <= self.known)?;
                Some((*s, submitted.date))
            })
            .collect()
    }

    fn own_budget_and_forecast(&self, unit: &OrgUnitId) -> Option<CountedItem> {
        let year = self.year;
        let first = year.first_month().first_day();
        let last = year.last_month().last_day().min(self.known);
        let manager = self
            .managers_of(unit)
            .iter()
            .rev()
            .find(|m| m.from <= last && m.until.is_none_or(|u| u >= first))?;
        let name = self.name_of(&manager.person);
        let describe = |found: Option<(&Submission, NaiveDate)>| match found {
            Some((s, date)) if self.by_own_manager(s) => (
                true,
                Entry::ByManager {
                    id: s.id.to_string(),
                    date,
                },
            ),
            Some((s, date)) => (
                false,
                Entry::ByOther {
                    id: s.id.to_string(),
                    date,
                    by: self.name_of(&s.entered_by).to_owned(),
                    role: s.role,
                },
            ),
            None => (false, Entry::Missing),
        };
        let pick = |kind: &dyn Fn(SubmissionKind) -> bool| {
            let all = self.handed_in(unit, kind);
            all.iter()
                .copied()
                .find(|(s, _)| self.by_own_manager(s))
                .or_else(|| all.first().copied())
        };
        let (budget_ok, budget) = describe(pick(&|k| k == SubmissionKind::Budget { year }));
        let (forecast_ok, forecast) = describe(pick(
            &|k| matches!(k, SubmissionKind::Forecast { made } if made.year() == year),
        ));
        let yes = budget_ok && forecast_ok;
        Some(CountedItem {
            unit: unit.clone(),
            counted: u64::from(yes),
            of: 1,
            basis: Basis::Manager {
                manager: name.to_owned(),
                yes,
                budget,
                forecast,
            },
        })
    }

    fn activity_plan(&self, unit: &OrgUnitId) -> CountedItem {
        let year = self.year;
        let ids: Vec<String> = self
            .activities
            .get(unit.as_str())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|a| a.year == year && a.created <= self.known)
            .map(|a| a.id.to_string())
            .collect();
        CountedItem {
            unit: unit.clone(),
            counted: u64::from(!ids.is_empty()),
            of: 1,
            basis: Basis::ActivityPlan {
                year,
                activities: ids,
            },
        }
    }

    fn follow_up(&self, unit: &OrgUnitId) -> CountedItem {
        let year = self.year;
        let found: Vec<(String, NaiveDate, String)> = self
            .handed_in(
                unit,
                |k| matches!(k, SubmissionKind::FollowUp { as_of } if as_of.year() == year),
            )
            .into_iter()
            .map(|(s, date)| {
                let month = match s.kind {
                    SubmissionKind::FollowUp { as_of } => as_of.to_string(),
                    other => other.to_string(),
                };
                (month, date, self.name_of(&s.entered_by).to_owned())
            })
            .collect();
        CountedItem {
            unit: unit.clone(),
            counted: u64::from(!found.is_empty()),
            of: 1,
            basis: Basis::FollowUps {
                year,
                handed_in: found,
            },
        }
    }
}

/// A unit's projects: current, all, and each with whether it is current.
type ProjectCount = (u64, u64, Vec<(String, bool)>);

/// Projects open on the knowledge date, counted at their owning unit.
fn current_forecasts(
    projects: &[InvestmentProject],
    within_months: u32,
    year: Year,
    as_of: AsOf,
) -> Vec<CountedItem> {
    let now = as_of.month();
    let oldest = now.checked_add(0i32.saturating_sub_unsigned(within_months));
    let mut by_unit: BTreeMap<OrgUnitId, ProjectCount> = BTreeMap::new();
    for project in projects {
        if project.status_on(as_of).is_finished() || now.year() < year {
            continue;
        }
        let open: Vec<_> = project
            .lines
            .iter()
            .filter(|l| l.withdrawn.as_ref().is_none_or(|w| w.date > as_of.known()))
            .collect();
        let current = !open.is_empty()
            && open.iter().all(|l| {
                l.remaining_estimate
                    .is_some_and(|e| e.made <= now && oldest.is_none_or(|o| e.made >= o))
            });
        let slot = by_unit.entry(project.owner.clone()).or_default();
        slot.0 = slot.0.saturating_add(u64::from(current));
        slot.1 = slot.1.saturating_add(1);
        slot.2.push((project.id.to_string(), current));
    }
    by_unit
        .into_iter()
        .map(|(unit, (counted, of, names))| CountedItem {
            unit,
            counted,
            of,
            basis: Basis::Projects {
                within_months,
                projects: names,
            },
        })
        .collect()
}

/// Whether a company reported an indicator value for the year and followed up every
/// assignment given to it.
fn company_reporting(
    model: &SteeringModel,
    unit: &OrgUnitId,
    year: Year,
    known: NaiveDate,
) -> CountedItem {
    let parts = model.parts();
    let values = parts
        .observations
        .iter()
        .filter(|o| {
            matches!(&o.subject, Subject::Unit(u) if u == unit)
                && o.period.year() == year
                && o.known_from() <= known
        })
        .count();
    let assignments: Vec<_> = parts
        .assignments
        .iter()
        .filter(|a| &a.assignee == unit)
        .collect();
    let followed = assignments
        .iter()
        .filter(|a| {
            a.history
                .iter()
                .any(|e| e.date <= known && e.date.year() == year.number())
        })
        .count();
    let yes = values > 0 && followed == assignments.len();
    CountedItem {
        unit: unit.clone(),
        counted: u64::from(yes),
        of: 1,
        basis: Basis::Company {
            year,
            values: values as u64,
            followed: followed as u64,
            assignments: assignments.len() as u64,
        },
    }
}
