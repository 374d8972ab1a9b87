//! The model's observations grouped for assessment, built once per model by its first
//! assessment: by indicator, period and gender, each group sorted by unit pre-order, with what
//! each assessment needs to tell whether it may see an observation (its knowledge date and
//! whether it is preliminary).
//!
//! Built per assessment before, it was a third of each assessment's time (1 M observations
//! hashed into their groups on every call); now later assessments only filter what they read.
//! Built at validation instead, it doubled validation's time for models never assessed.

use chrono::NaiveDate;
use foldhash::HashMap;

use super::{Basis, Gender, MunicipalityCode, Observation, ObservationPeriod, Reading};
use crate::as_of::AsOf;

/// Indicator position, period and gender.
pub(crate) type Key = (usize, ObservationPeriod, Gender);

/// An observation as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Indexed<T> {
    /// The unit's pre-order index (unused for a municipality).
    pub(crate) unit: u32,
    pub(crate) value: T,
    known_from: NaiveDate,
    preliminary: bool,
}

/// An observation's subject by position, so the duplicate check compares numbers, not ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SubjectKey {
    Unit(crate::org::UnitIndex),
    Municipality(MunicipalityCode),
}

impl<T> Indexed<T> {
    /// `value` of `observation` of `unit`, its period ending on `period_end` (worked out once
    /// for the observation's group).
    fn of(observation: &Observation, period_end: NaiveDate, unit: u32, value: T) -> Indexed<T> {
        Indexed {
            unit,
            value,
            known_from: observation.known_from_after(period_end),
            preliminary: observation.preliminary,
        }
    }
}

/// Which observations an assessment may see: those known on its knowledge date, and in the
/// final mode only final ones.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Visible {
    pub(crate) as_of: AsOf,
    pub(crate) final_only: bool,
}

impl Visible {
    /// Whether the assessment sees `entry`.
    #[inline]
    pub(crate) fn sees<T>(self, entry: &Indexed<T>) -> bool {
        !(self.final_only && entry.preliminary) && self.as_of.knows(entry.known_from)
    }
}

/// The observations of one indicator, period and gender.
#[derive(Debug, Clone)]
struct Group {
    period: ObservationPeriod,
    gender: Gender,
    /// The period's last day, from which its observations can be known.
    period_end: NaiveDate,
    /// By unit pre-order.
    readings: Vec<Indexed<Reading>>,
    /// What the values were counted from, where an observation says (by unit pre-order).
    bases: Vec<Indexed<Basis>>,
}

impl Group {
    fn new(period: ObservationPeriod, gender: Gender) -> Group {
        Group {
            period,
            gender,
            period_end: period.months().end().last_day(),
            readings: Vec::new(),
            bases: Vec::new(),
        }
    }
}

/// Observations grouped by indicator, period and gender, each group sorted by unit pre-order.
///
/// Groups are found by the indicator's position, then among its periods and genders: no key
/// is hashed per observation.
#[derive(Debug, Clone, Default)]
pub(crate) struct ObservationIndex {
    /// Per indicator position, its groups.
    by_indicator: Vec<Vec<Group>>,
    by_municipality: HashMap<(Key, MunicipalityCode), Indexed<Reading>>,
}

impl ObservationIndex {
    /// Every observation with a resolved indicator and subject, whatever its dates.
    pub(crate) fn new<'m>(
        observations: impl Iterator<Item = (&'m Observation, super::ObservationPosition)>,
    ) -> ObservationIndex {
        let mut index = ObservationIndex::default();
        for (observation, position) in observations {
            let Some(indicator) = position.indicator.and_then(|i| usize::try_from(i).ok()) else {
                continue;
            };
            let subject = match (&observation.subject, position.unit) {
                (super::Subject::Unit(_), Some(unit)) => SubjectKey::Unit(unit),
                (super::Subject::Unit(_), None) => continue,
                (super::Subject::Municipality(code), _) => SubjectKey::Municipality(*code),
            };
            let key = (indicator, observation.period, observation.gender);
            index.push(key, subject, observation);
        }
        index.finish()
    }

    /// Adds `observation`, of `key` and about `subject`.
    fn push(&mut self, key: Key, subject: SubjectKey, observation: &Observation) {
        match subject {
            SubjectKey::Unit(unit) => {
                let raw = u32::try_from(unit.get()).unwrap_or(u32::MAX);
                let Some(group) = self.group_mut(key) else {
                    return;
                };
                let end = group.period_end;
                if let (Some(basis), Gender::Total) = (&observation.basis, key.2) {
                    let entry = Indexed::of(observation, end, raw, basis.clone());
                    group.bases.push(entry);
                }
                let entry = Indexed::of(observation, end, raw, observation.reading);
                group.readings.push(entry);
            }
            SubjectKey::Municipality(code) => {
                let end = key.1.months().end().last_day();
                let entry = Indexed::of(observation, end, 0, observation.reading);
                self.by_municipality.insert((key, code), entry);
            }
        }
    }

    /// The index, every group sorted by unit (units are unique in a group: the model refuses
    /// duplicate observations).
    fn finish(mut self) -> ObservationIndex {
        for group in self.by_indicator.iter_mut().flatten() {
            group.readings.sort_unstable_by_key(|entry| entry.unit);
            group.bases.sort_unstable_by_key(|entry| entry.unit);
        }
        self
    }

    /// The group of `key`, made when new. An indicator's groups are kept sorted by period and
    /// gender, so one with many periods (monthly values over years) is searched, not scanned.
    fn group_mut(&mut self, (indicator, period, gender): Key) -> Option<&mut Group> {
        if self.by_indicator.len() <= indicator {
            self.by_indicator
                .resize_with(indicator.saturating_add(1), Vec::new);
        }
        let groups = self.by_indicator.get_mut(indicator)?;
        let at = match groups.binary_search_by_key(&(period, gender), |g| (g.period, g.gender)) {
            Ok(at) => at,
            Err(at) => {
                groups.insert(at, Group::new(period, gender));
                at
            }
        };
        groups.get_mut(at)
    }

    fn group(&self, (indicator, period, gender): Key) -> Option<&Group> {
        let groups = self.by_indicator.get(indicator)?;
        let at = groups
            .binary_search_by_key(&(period, gender), |g| (g.period, g.gender))
            .ok()?;
        groups.get(at)
    }

    /// The readings of `key` by unit pre-order, whatever an assessment may see of them.
    pub(crate) fn readings(&self, key: &Key) -> &[Indexed<Reading>] {
        self.group(*key).map_or(&[], |g| g.readings.as_slice())
    }

    /// The bases of an indicator's total values in `period`, by unit pre-order.
    pub(crate) fn bases(&self, indicator: usize, period: ObservationPeriod) -> &[Indexed<Basis>] {
        self.group((indicator, period, Gender::Total))
            .map_or(&[], |g| g.bases.as_slice())
    }

    /// The municipality's reading of `key`.
    pub(crate) fn municipality(
        &self,
        key: Key,
        code: MunicipalityCode,
    ) -> Option<&Indexed<Reading>> {
        self.by_municipality.get(&(key, code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::UnitIndex;
    use crate::steering::Measured;

    fn indexed(published: Option<&str>, preliminary: bool) -> Indexed<Reading> {
        let mut observation = Observation::of_unit(
            "I".parse().unwrap(),
            "U".parse().unwrap(),
            "2022".parse().unwrap(),
            Measured::YesNo(true),
        );
        observation.published = published.map(|d| d.parse().unwrap());
        observation.preliminary = preliminary;
        Indexed::of(
            &observation,
            "2022-12-31".parse().unwrap(),
            0,
            observation.reading,
        )
    }

    #[test]
    fn an_assessment_sees_what_was_known_and_final_when_it_asks_for_final() {
        let year_end = Visible {
            as_of: AsOf::end_of("2022-12".parse().unwrap()),
            final_only: true,
        };
        // Known from the period's end, 31 December 2022.
        assert!(year_end.sees(&indexed(None, false)));
        // Published after the knowledge date: not yet known.
        assert!(!year_end.sees(&indexed(Some("2023-02-15"), false)));
        // Preliminary: only an assessment during the year sees it.
        assert!(!year_end.sees(&indexed(None, true)));
        let during = Visible {
            final_only: false,
            ..year_end
        };
        assert!(during.sees(&indexed(None, true)));
        // Before the period ends nothing of it is known.
        let august = Visible {
            as_of: AsOf::end_of("2022-08".parse().unwrap()),
            final_only: false,
        };
        assert!(!august.sees(&indexed(None, false)));
    }

    #[test]
    fn groups_are_sorted_by_unit_and_keep_every_observation() {
        let observation = |unit: &str| {
            Observation::of_unit(
                "I".parse().unwrap(),
                unit.parse().unwrap(),
                "2022".parse().unwrap(),
                Measured::YesNo(true),
            )
        };
        // Units out of order: sorted when the index is finished.
        let mut index = ObservationIndex::default();
        for (unit, raw) in [("C", 2), ("A", 0), ("B", 1)] {
            let observation = observation(unit);
            let key = (0, observation.period, Gender::Total);
            let subject = SubjectKey::Unit(UnitIndex::from_raw(raw));
            index.push(key, subject, &observation);
        }
        let index = index.finish();
        let units: Vec<u32> = index
            .readings(&(0, "2022".parse().unwrap(), Gender::Total))
            .iter()
            .map(|entry| entry.unit)
            .collect();
        assert_eq!(units, [0, 1, 2]);
        // A later period first, then an earlier one: each found in its own group.
        let mut index = ObservationIndex::default();
        for year in ["2023", "2021", "2022"] {
            let mut observation = observation("A");
            observation.period = year.parse().unwrap();
            let key = (0, observation.period, Gender::Total);
            let subject = SubjectKey::Unit(UnitIndex::from_raw(7));
            index.push(key, subject, &observation);
        }
        let index = index.finish();
        for year in ["2021", "2022", "2023"] {
            let readings = index.readings(&(0, year.parse().unwrap(), Gender::Total));
            assert_eq!(readings.len(), 1, "{year}");
        }
        assert!(
            index
                .readings(&(1, "2022".parse().unwrap(), Gender::Total))
                .is_empty()
        );
    }
}
