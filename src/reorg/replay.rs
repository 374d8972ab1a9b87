//! A reorganisation applied to a copy of the units, change by change.
//!
//! Units are found by id through an index and children through a map of each unit's children,
//! so no change scans every unit: a reorganisation of many changes on a large organisation
//! costs in proportion to its changes.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};
use rust_decimal::Decimal;

use super::{Change, ReorgError, Route, SplitPart, SplitRule, Step, Validity};
use crate::org::{OrgUnit, OrgUnitId, Organisation};

pub(super) struct Replay {
    date: NaiveDate,
    /// The units in the order given (a removed unit leaves `None`, so positions stay).
    units: Vec<Option<OrgUnit>>,
    /// The position of each unit present.
    index: HashMap<OrgUnitId, usize>,
    /// The positions of each unit's children, in order.
    children: HashMap<OrgUnitId, BTreeSet<usize>>,
    validity: BTreeMap<OrgUnitId, Validity>,
    steps: Vec<Step>,
}

impl Replay {
    pub(super) fn new(
        date: NaiveDate,
        org: &Organisation,
        validity: BTreeMap<OrgUnitId, Validity>,
    ) -> Replay {
        let mut replay = Replay {
            date,
            units: Vec::with_capacity(org.len()),
            index: HashMap::with_capacity(org.len()),
            children: HashMap::new(),
            validity,
            steps: Vec::new(),
        };
        for unit in org.units() {
            replay.add(unit.clone());
        }
        replay
    }

    /// The units after the changes, their validity and the routes of the units that ended.
    pub(super) fn into_parts(self) -> (Vec<OrgUnit>, BTreeMap<OrgUnitId, Validity>, Vec<Step>) {
        (
            self.units.into_iter().flatten().collect(),
            self.validity,
            self.steps,
        )
    }

    fn add(&mut self, unit: OrgUnit) {
        let at = self.units.len();
        if let Some(parent) = &unit.parent {
            self.children.entry(parent.clone()).or_default().insert(at);
        }
        self.index.insert(unit.id.clone(), at);
        self.units.push(Some(unit));
    }

    pub(super) fn apply(&mut self, change: usize, what: &Change) -> Result<(), ReorgError> {
        match what {
            Change::Create { unit } => self.create(change, unit),
            Change::Rename { unit, name } => {
                let at = self.position(change, unit)?;
                if let Some(Some(u)) = self.units.get_mut(at) {
                    u.name.clone_from(name);
                }
                Ok(())
            }
            Change::Move { unit, parent } => {
                let at = self.position(change, unit)?;
                self.position(change, parent)?;
                self.set_parent(at, parent);
                Ok(())
            }
            Change::Merge { units, into } => self.merge(change, units, into),
            Change::Split { unit, parts, rules } => self.split(change, unit, parts, rules),
            Change::Close { unit } => {
                self.childless(change, unit)?;
                let at = self.position(change, unit)?;
                let Some(parent) = self.parent_of(at) else {
                    return Err(self.bad(change, format!("{unit} is the root and cannot close")));
                };
                self.end(at, Route::Whole(parent));
                Ok(())
            }
        }
    }

    fn bad(&self, change: usize, reason: String) -> ReorgError {
        ReorgError::BadChange {
            date: self.date,
            change,
            reason,
        }
    }

    fn position(&self, change: usize, unit: &OrgUnitId) -> Result<usize, ReorgError> {
        self.index
            .get(unit)
            .copied()
            .ok_or_else(|| ReorgError::NotValid {
                date: self.date,
                change,
                unit: unit.clone(),
                valid: self.validity.get(unit).copied(),
            })
    }

    fn parent_of(&self, at: usize) -> Option<OrgUnitId> {
        self.units.get(at)?.as_ref()?.parent.clone()
    }

    fn set_parent(&mut self, at: usize, parent: &OrgUnitId) {
        if let Some(old) = self.parent_of(at) {
            if let Some(siblings) = self.children.get_mut(&old) {
                siblings.remove(&at);
            }
        }
        self.children.entry(parent.clone()).or_default().insert(at);
        if let Some(Some(unit)) = self.units.get_mut(at) {
            unit.parent = Some(parent.clone());
        }
    }

    /// The positions of `unit`'s children, in order.
    fn children_of(&self, unit: &OrgUnitId) -> Vec<usize> {
        self.children
            .get(unit)
            .map(|set| set.iter().copied().collect())
            .unwrap_or_default()
    }

    fn id_at(&self, at: usize) -> Option<OrgUnitId> {
        Some(self.units.get(at)?.as_ref()?.id.clone())
    }

    fn childless(&self, change: usize, unit: &OrgUnitId) -> Result<(), ReorgError> {
        let children: Vec<OrgUnitId> = self
            .children_of(unit)
            .into_iter()
            .filter_map(|at| self.id_at(at))
            .collect();
        if children.is_empty() {
            Ok(())
        } else {
            Err(ReorgError::HasChildren {
                date: self.date,
                change,
                unit: unit.clone(),
                children,
            })
        }
    }

    fn create(&mut self, change: usize, unit: &OrgUnit) -> Result<(), ReorgError> {
        if let Some(valid) = self.validity.get(&unit.id) {
            return Err(ReorgError::IdReused {
                date: self.date,
                change,
                unit: unit.id.clone(),
                valid: *valid,
            });
        }
        match &unit.parent {
            Some(parent) => self.position(change, parent).map(drop)?,
            None => return Err(self.bad(change, format!("new unit {} needs a parent", unit.id))),
        }
        let valid = Validity {
            from: self.date,
            until: None,
        };
        self.validity.insert(unit.id.clone(), valid);
        self.add(unit.clone());
        Ok(())
    }

    fn merge(
        &mut self,
        change: usize,
        units: &[OrgUnitId],
        into: &OrgUnitId,
    ) -> Result<(), ReorgError> {
        self.position(change, into)?;
        if units.is_empty() || units.contains(into) {
            return Err(self.bad(
                change,
                format!("a merge into {into} needs other units to merge"),
            ));
        }
        let distinct: BTreeSet<&OrgUnitId> = units.iter().collect();
        if distinct.len() != units.len() {
            return Err(self.bad(change, format!("a merge into {into} names a unit twice")));
        }
        for unit in units {
            let at = self.position(change, unit)?;
            if self.is_ancestor(unit, into) {
                return Err(self.bad(
                    change,
                    format!("{unit} cannot merge into {into}, which lies below it"),
                ));
            }
            for child in self.children_of(unit) {
                self.set_parent(child, into);
            }
            self.end(at, Route::Whole(into.clone()));
        }
        Ok(())
    }

    /// Whether `ancestor` is above `unit`: a walk up the parents, at most once per unit.
    fn is_ancestor(&self, ancestor: &OrgUnitId, unit: &OrgUnitId) -> bool {
        let mut at = self.index.get(unit).copied();
        for _ in 0..=self.units.len() {
            let Some(parent) = at.and_then(|at| self.parent_of(at)) else {
                return false;
            };
            if parent == *ancestor {
                return true;
            }
            at = self.index.get(&parent).copied();
        }
        false
    }

    fn split(
        &mut self,
        change: usize,
        unit: &OrgUnitId,
        parts: &[SplitPart],
        rules: &[SplitRule],
    ) -> Result<(), ReorgError> {
        let at = self.position(change, unit)?;
        self.childless(change, unit)?;
        if parts.is_empty() {
            return Err(self.bad(change, format!("a split of {unit} needs parts")));
        }
        for target in parts
            .iter()
            .map(|p| &p.unit)
            .chain(rules.iter().map(|r| &r.unit))
        {
            if target == unit {
                return Err(self.bad(change, format!("{unit} cannot be a part of its own split")));
            }
            self.position(change, target)?;
        }
        let mut sum = Decimal::ZERO;
        for part in parts {
            if part.share.is_sign_negative() || part.share > Decimal::ONE {
                return Err(self.bad(
                    change,
                    format!("share {} of {} is outside 0–1", part.share, part.unit),
                ));
            }
            sum = sum
                .checked_add(part.share)
                .ok_or_else(|| self.bad(change, "shares overflow".to_owned()))?;
        }
        if sum != Decimal::ONE {
            return Err(self.bad(
                change,
                format!("the shares of the split of {unit} sum to {sum}, not 1"),
            ));
        }
        self.end(
            at,
            Route::Split {
                parts: parts.to_vec(),
                rules: rules.to_vec(),
            },
        );
        Ok(())
    }

    /// Removes the unit at `at`, closes its validity the day before and records its route.
    fn end(&mut self, at: usize, route: Route) {
        let Some(unit) = self.units.get_mut(at).and_then(Option::take) else {
            return;
        };
        if let Some(parent) = &unit.parent {
            if let Some(siblings) = self.children.get_mut(parent) {
                siblings.remove(&at);
            }
        }
        self.index.remove(&unit.id);
        let last = self.date.pred_opt().unwrap_or(self.date);
        if let Some(valid) = self.validity.get_mut(&unit.id) {
            valid.until = Some(last);
        }
        self.steps.push(Step {
            date: self.date,
            unit: unit.id,
            route,
        });
    }
}
