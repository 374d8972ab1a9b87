//! Placing figures on units: checks against each unit's validity, and unit texts (ids and
//! responsibility codes) read by the organisation of their period.
//!
//! The checks are for figures as recorded. History carried by a [`super::UnitMapping`] is in
//! the shape of its target date by design (2022's outcome on a committee formed in 2023), so
//! it is not checked against validity.

use std::collections::BTreeMap;

use super::{OrgHistory, ReorgError};
use crate::org::OrgUnitId;
use crate::period::Month;
use crate::steering::{SteeringModel, Subject};

impl OrgHistory {
    /// Checks that `what` may be placed on `unit` for every day of `first..=last` month.
    ///
    /// # Errors
    /// [`ReorgError::OutsideValidity`] naming the unit, its validity and the period.
    pub fn check_placement(
        &self,
        what: &str,
        unit: &OrgUnitId,
        first: Month,
        last: Month,
    ) -> Result<(), ReorgError> {
        let valid = self.validity(unit.as_str());
        let inside = valid.is_some_and(|v| v.covers(first) && v.covers(last));
        if inside {
            return Ok(());
        }
        let period = if first == last {
            first.to_string()
        } else {
            format!("{first}–{last}")
        };
        Err(ReorgError::OutsideValidity {
            what: what.to_owned(),
            unit: unit.clone(),
            valid,
            period,
        })
    }

    /// Checks every fact of `facts` against its unit's validity; returns every problem, with
    /// the fact's position counting from 1.
    pub fn check_facts<'f>(
        &self,
        facts: impl IntoIterator<Item = &'f crate::ledger::Fact>,
    ) -> Vec<ReorgError> {
        facts
            .into_iter()
            .enumerate()
            .filter_map(|(i, fact)| {
                let what = format!("fact {}", i.saturating_add(1));
                self.check_placement(&what, &fact.unit, fact.month, fact.month)
                    .err()
            })
            .collect()
    }

    /// The unit that `text` names through `month`: the unit with that id, else the unit with
    /// that responsibility code (ansvarskod), among the units valid on every day of the month.
    ///
    /// # Errors
    /// [`ReorgError::NoUnit`], saying what the text named before or after, if anything.
    pub fn unit_on(&self, text: &str, month: Month) -> Result<OrgUnitId, ReorgError> {
        let org = self.organisation_at(month.first_day())?;
        let valid = |id: &OrgUnitId| self.validity(id.as_str()).is_some_and(|v| v.covers(month));
        let by_id = org.get(text).map(|u| &u.id).filter(|id| valid(id));
        let by_code = || {
            org.units()
                .iter()
                .find(|u| u.responsibility_code.as_deref() == Some(text) && valid(&u.id))
                .map(|u| &u.id)
        };
        if let Some(id) = by_id.or_else(by_code) {
            return Ok(id.clone());
        }
        let elsewhere = self.shapes().find_map(|org| {
            org.units()
                .iter()
                .find(|u| u.id.as_str() == text || u.responsibility_code.as_deref() == Some(text))
                .map(|u| {
                    let valid = self.validity(u.id.as_str());
                    let valid = valid.map_or(String::new(), |v| format!(", which exists {v}"));
                    format!("{} {}{valid}", u.id, u.name)
                })
        });
        Err(ReorgError::NoUnit {
            text: text.to_owned(),
            month,
            elsewhere,
        })
    }

    /// The units' responsibility codes (ansvarskoder) valid through `first..=last`, as SIE
    /// object names for [`crate::sie::Mapping::units`]; codes of units that ended or began
    /// within the period are left out and listed with their validity, so a reader can name
    /// them in its diagnostics.
    pub fn unit_objects(
        &self,
        first: Month,
        last: Month,
    ) -> (BTreeMap<String, OrgUnitId>, BTreeMap<String, String>) {
        let mut valid = BTreeMap::new();
        let mut other = BTreeMap::new();
        for org in self.shapes() {
            for unit in org.units() {
                let (Some(code), Some(validity)) =
                    (&unit.responsibility_code, self.validity(unit.id.as_str()))
                else {
                    continue;
                };
                if validity.covers(first) && validity.covers(last) {
                    valid.insert(code.clone(), unit.id.clone());
                } else {
                    other.entry(code.clone()).or_insert_with(|| {
                        format!("{} {}, which exists {validity}", unit.id, unit.name)
                    });
                }
            }
        }
        other.retain(|code, _| !valid.contains_key(code));
        (valid, other)
    }

    /// Checks every observation, goal and assignment of `model` against its unit's validity:
    /// an observation's unit through its period, a goal's owner and assignees through the
    /// years it is valid, an assignment's assignee on each dated status. Returns every
    /// problem; a goal that outlives its owner (an orphan after a reorganisation) is one.
    pub fn check_model(&self, model: &SteeringModel) -> Vec<ReorgError> {
        let parts = model.parts();
        let mut problems = Vec::new();
        for observation in &parts.observations {
            if let Subject::Unit(unit) = &observation.subject {
                let months = observation.period.months();
                let what = format!("an observation of {}", observation.indicator);
                problems.extend(
                    self.check_placement(&what, unit, months.start(), months.end())
                        .err(),
                );
            }
        }
        for goal in &parts.goals {
            let (first, last) = (goal.valid.0.first_month(), goal.valid.1.last_month());
            let what = format!("goal {}", goal.id);
            for unit in std::iter::once(&goal.owner).chain(&goal.assigned_to) {
                problems.extend(self.check_placement(&what, unit, first, last).err());
            }
        }
        for assignment in &parts.assignments {
            let what = format!("assignment {}", assignment.id);
            for entry in &assignment.history {
                let valid = self.validity(assignment.assignee.as_str());
                if !valid.is_some_and(|v| v.contains(entry.date)) {
                    problems.push(ReorgError::OutsideValidity {
                        what: what.clone(),
                        unit: assignment.assignee.clone(),
                        valid,
                        period: entry.date.to_string(),
                    });
                }
            }
        }
        problems
    }
}
