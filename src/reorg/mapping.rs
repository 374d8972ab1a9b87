//! The mapping from one date's units to a later date's, through the reorganisations between.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{ReorgError, Route, Step};
use crate::chart::{AccountCode, ActivityCode};
use crate::org::{OrgUnitId, Organisation};

/// Where a unit's figures go: target units and their exact shares, summing to 1, by unit id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution(pub Vec<(OrgUnitId, Decimal)>);

impl Distribution {
    /// Everything to one unit.
    pub fn whole(unit: OrgUnitId) -> Distribution {
        Distribution(vec![(unit, Decimal::ONE)])
    }

    /// The share that goes to `unit` (zero when none does).
    pub fn share_of(&self, unit: &str) -> Decimal {
        self.0
            .iter()
            .find(|(u, _)| u.as_str() == unit)
            .map_or(Decimal::ZERO, |(_, share)| *share)
    }
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (unit, share)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            if *share == Decimal::ONE {
                write!(f, "{unit}")?;
            } else {
                write!(f, "{unit} × {}", share.normalize())?;
            }
        }
        Ok(())
    }
}

/// Carries figures recorded in the organisation of one date onto the organisation of a later
/// date: made by [`super::OrgHistory::mapping`].
///
/// Renames and moves keep a unit's id, so they carry figures unchanged; merges, splits and
/// closures route them. Mapping onto the same date is the identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMapping {
    from: NaiveDate,
    onto: NaiveDate,
    source: Organisation,
    target: Organisation,
    steps: Vec<Step>,
}

impl UnitMapping {
    pub(crate) fn new(
        from: NaiveDate,
        onto: NaiveDate,
        source: Organisation,
        target: Organisation,
        steps: Vec<Step>,
    ) -> UnitMapping {
        UnitMapping {
            from,
            onto,
            source,
            target,
            steps,
        }
    }

    /// The date whose organisation figures are recorded in.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// The date whose organisation figures are carried onto.
    pub fn onto(&self) -> NaiveDate {
        self.onto
    }

    /// The organisation figures come from.
    pub fn source(&self) -> &Organisation {
        &self.source
    }

    /// The organisation figures go to.
    pub fn target(&self) -> &Organisation {
        &self.target
    }

    /// Whether every unit keeps its figures (no merge, split or closure in between).
    pub fn is_identity(&self) -> bool {
        self.steps.is_empty()
    }

    /// Where the figures of `unit` on `account` (with `activity`) go.
    ///
    /// # Errors
    /// [`ReorgError::OutsideValidity`] for a unit not in the source organisation;
    /// [`ReorgError::SharesTooPrecise`] when the shares multiplied through the splits need
    /// more than 28 decimals.
    pub fn route(
        &self,
        unit: &OrgUnitId,
        account: AccountCode,
        activity: Option<&ActivityCode>,
    ) -> Result<Distribution, ReorgError> {
        self.route_with(unit, |selector| selector.takes(account, activity))
    }

    /// Whether the route of `unit` depends on the account or activity (a split rule on its
    /// way).
    pub(crate) fn has_rules(&self, unit: &OrgUnitId) -> bool {
        self.walk(unit)
            .0
            .iter()
            .any(|step| matches!(&step.route, Route::Split { rules, .. } if !rules.is_empty()))
    }

    /// The steps some fact of `unit` takes, whatever its account or activity, and the target
    /// units such facts may reach at the end.
    fn walk(&self, unit: &OrgUnitId) -> (Vec<&Step>, Vec<OrgUnitId>) {
        let mut reached: Vec<&OrgUnitId> = vec![unit];
        let mut taken = Vec::new();
        for step in &self.steps {
            if !reached.contains(&&step.unit) {
                continue;
            }
            reached.retain(|u| *u != &step.unit);
            match &step.route {
                Route::Whole(to) => reached.push(to),
                Route::Split { parts, rules } => {
                    reached.extend(parts.iter().filter(|p| !p.share.is_zero()).map(|p| &p.unit));
                    reached.extend(rules.iter().map(|r| &r.unit));
                }
            }
            taken.push(step);
        }
        let mut targets: Vec<OrgUnitId> = reached.into_iter().cloned().collect();
        targets.sort();
        targets.dedup();
        (taken, targets)
    }

    /// The route of `unit`, a split rule taking a fact when `takes` says so.
    pub(crate) fn route_with(
        &self,
        unit: &OrgUnitId,
        takes: impl Fn(&super::Selector) -> bool,
    ) -> Result<Distribution, ReorgError> {
        if self.source.get(unit.as_str()).is_none() {
            return Err(ReorgError::OutsideValidity {
                what: "figures".to_owned(),
                unit: unit.clone(),
                valid: None,
                period: format!("the organisation of {}", self.from),
            });
        }
        let mut shares: BTreeMap<OrgUnitId, Decimal> = BTreeMap::new();
        shares.insert(unit.clone(), Decimal::ONE);
        for step in &self.steps {
            let Some(share) = shares.remove(&step.unit) else {
                continue;
            };
            for (to, part) in step_targets(&step.route, &takes) {
                let scaled =
                    multiply_exact(share, part).ok_or_else(|| ReorgError::SharesTooPrecise {
                        unit: unit.clone(),
                        from: self.from,
                    })?;
                let entry = shares.entry(to.clone()).or_insert(Decimal::ZERO);
                *entry = entry
                    .checked_add(scaled)
                    .ok_or_else(|| ReorgError::SharesTooPrecise {
                        unit: unit.clone(),
                        from: self.from,
                    })?;
            }
        }
        Ok(Distribution(
            shares.into_iter().filter(|(_, s)| !s.is_zero()).collect(),
        ))
    }

    /// The source units whose figures reach `target`, each with the route that takes them
    /// there: the answer to "where did this figure come from?".
    pub fn sources_of(&self, target: &str) -> Vec<(OrgUnitId, String)> {
        self.source
            .units()
            .iter()
            .filter_map(|unit| {
                let (steps, targets) = self.walk(&unit.id);
                targets.iter().any(|t| t.as_str() == target).then(|| {
                    let text = if steps.is_empty() {
                        "unchanged".to_owned()
                    } else {
                        steps
                            .iter()
                            .map(|step| step_text(step))
                            .collect::<Vec<_>>()
                            .join("; ")
                    };
                    (unit.id.clone(), text)
                })
            })
            .collect()
    }

    /// The target units some fact of `unit` may reach, whatever its account or activity.
    pub fn possible_targets(&self, unit: &OrgUnitId) -> Vec<OrgUnitId> {
        self.walk(unit).1
    }

    /// The units of the source organisation that were merged, split or closed on the way.
    pub fn changed_units(&self) -> Vec<OrgUnitId> {
        self.source
            .units()
            .iter()
            .filter(|u| self.steps.iter().any(|s| s.unit == u.id))
            .map(|u| u.id.clone())
            .collect()
    }
}

/// A step worded: `BSN into BUKN on 2023-01-01`, `TF-FAST split on 2023-01-01: ...`.
fn step_text(step: &Step) -> String {
    match &step.route {
        Route::Whole(to) => format!("{} into {to} on {}", step.unit, step.date),
        Route::Split { parts, rules } => {
            let parts: Vec<String> = parts
                .iter()
                .map(|p| format!("{} {}", p.unit, p.share.normalize()))
                .chain(
                    rules
                        .iter()
                        .map(|r| format!("{} by {}", r.unit, r.selector)),
                )
                .collect();
            format!("{} split on {}: {}", step.unit, step.date, parts.join(", "))
        }
    }
}

/// The targets of one step for a fact: a rule's unit, else the parts by share.
fn step_targets<'s>(
    route: &'s Route,
    takes: &impl Fn(&super::Selector) -> bool,
) -> Vec<(&'s OrgUnitId, Decimal)> {
    match route {
        Route::Whole(to) => vec![(to, Decimal::ONE)],
        Route::Split { parts, rules } => match rules.iter().find(|r| takes(&r.selector)) {
            Some(rule) => vec![(&rule.unit, Decimal::ONE)],
            None => parts.iter().map(|p| (&p.unit, p.share)).collect(),
        },
    }
}

/// `a × b`, exactly or not at all: `None` when the product needs more than 28 decimals.
pub(super) fn multiply_exact(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (a, b) = (a.normalize(), b.normalize());
    if a.scale().checked_add(b.scale())? > 28 {
        return None;
    }
    a.checked_mul(b)
}
