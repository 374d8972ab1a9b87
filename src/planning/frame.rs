//! Frames (ramar) per committee and their distribution down the tree: by hand, by key or by a
//! resource allocation model (resursfördelning).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PlanningError;
use crate::amount::{Amount, Rounding};
use crate::as_of::AsOf;
use crate::decision::DecisionRef;
use crate::org::{OrgUnitId, Organisation, UnitIndex};
use crate::period::Year;
use crate::periodise::allocate;
use crate::steering::{IndicatorId, Measured, ObservationPeriod, Reading, SteeringModel, Subject};

/// A committee's frame (ram, kommunbidrag) for a year: the net amount the council gives it at
/// the binding level it sets, ledger-signed (a net cost is positive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    /// The committee (or the executive board).
    pub committee: OrgUnitId,
    /// The budget year.
    pub year: Year,
    /// The net amount.
    pub net: Amount,
    /// The council's decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionRef>,
}

/// Where a unit's volume in a resource allocation model comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VolumeSource {
    /// A volume given in the model (a planned number of pupils).
    Given(Decimal),
    /// The unit's own observation of an indicator for a period (pupils counted on the
    /// census date), as known on the distribution's date.
    Observed {
        /// The indicator.
        indicator: IndicatorId,
        /// The period.
        period: ObservationPeriod,
    },
}

/// One unit's line of a resource allocation model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceLine {
    /// The unit.
    pub unit: OrgUnitId,
    /// Its volume.
    pub volume: VolumeSource,
}

/// A resource allocation model (resursfördelningsmodell): each unit gets volume × price, such
/// as pupils × a per-pupil amount (elevpeng) or home-care hours × an hourly price; or, without
/// a price, the amount distributed in proportion to the volumes (the price is then what fits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceModel {
    /// What is allocated ("elevpeng grundskola").
    pub name: String,
    /// The price per volume unit: each unit gets volume × price, to the öre, and the rest
    /// stays at the parent. `None`: the amount is split in proportion to the volumes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Amount>,
    /// The units and their volumes.
    pub lines: Vec<ResourceLine>,
}

/// How an amount is distributed to units below.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// Amounts set by hand; what they leave is the rest.
    ByHand(Vec<(OrgUnitId, Amount)>),
    /// In proportion to non-negative weights, to the öre, by largest remainder.
    ByKey(Vec<(OrgUnitId, Decimal)>),
    /// By a resource allocation model.
    Resource(ResourceModel),
}

/// A distribution's result: the parts and the rest, which always sum exactly to the amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distributed {
    /// The unit distributed from.
    pub parent: OrgUnitId,
    /// The amount distributed.
    pub amount: Amount,
    /// Each unit's part, in the distribution's order.
    pub parts: Vec<(OrgUnitId, Amount)>,
    /// What is left at the parent (negative when the parts exceed the amount).
    pub rest: Amount,
    /// How each part was reached, one line a unit ("312 × 98 500,00 kr").
    pub basis: Vec<String>,
}

/// Distributes `amount` of `parent` to units in its subtree.
///
/// Volumes from observations are the unit's own value for the period, as known by `as_of`;
/// a volume that is missing is an error, never zero.
///
/// ```
/// use styrmodell::{Amount, demo, planning::{distribute, Distribution}};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let org = demo::organisation()?;
/// let by_key = Distribution::ByKey(vec![("GRS-NORR".parse()?, 1.into()), ("GRS-SODER".parse()?, 2.into())]);
/// let split = distribute(&org, None, styrmodell::AsOf::end_of("2022-12".parse()?),
///     &"GRS".parse()?, Amount::from_ore(100)?, &by_key)?;
/// // 1,00 kr by 1 : 2 is 0,33 and 0,67 (the larger remainder gets the öre); nothing is lost.
/// assert_eq!(split.parts[0].1, Amount::from_ore(33)?);
/// assert_eq!(split.parts[1].1, Amount::from_ore(67)?);
/// assert_eq!(split.rest, Amount::ZERO);
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// [`PlanningError::UnknownUnit`] for a unit outside the organisation,
/// [`PlanningError::Distribution`] for a unit outside the parent's subtree, a unit named
/// twice, negative or all-zero weights, a missing or non-numeric volume, or an overflow.
pub fn distribute(
    org: &Organisation,
    model: Option<&SteeringModel>,
    as_of: AsOf,
    parent: &OrgUnitId,
    amount: Amount,
    distribution: &Distribution,
) -> Result<Distributed, PlanningError> {
    let refuse = |reason: String| PlanningError::Distribution {
        parent: parent.clone(),
        reason,
    };
    let units: Vec<&OrgUnitId> = match distribution {
        Distribution::ByHand(parts) => parts.iter().map(|(u, _)| u).collect(),
        Distribution::ByKey(weights) => weights.iter().map(|(u, _)| u).collect(),
        Distribution::Resource(resource) => resource.lines.iter().map(|l| &l.unit).collect(),
    };
    check_units(org, parent, &units).map_err(refuse)?;
    let (parts, basis) = match distribution {
        Distribution::ByHand(parts) => (
            parts.clone(),
            parts.iter().map(|(u, _)| format!("{u}: by hand")).collect(),
        ),
        Distribution::ByKey(weights) => {
            let values: Vec<Decimal> = weights.iter().map(|(_, w)| *w).collect();
            let amounts = split_by(amount, &values).map_err(refuse)?;
            let parts = weights
                .iter()
                .map(|(u, _)| u.clone())
                .zip(amounts)
                .collect();
            let basis = weights
                .iter()
                .map(|(u, w)| format!("{u}: key {w}"))
                .collect();
            (parts, basis)
        }
        Distribution::Resource(resource) => resource_parts(model, as_of, amount, resource)
            .map_err(|reason| refuse(format!("{}: {reason}", resource.name)))?,
    };
    let given = Amount::checked_sum(parts.iter().map(|(_, a)| *a))
        .map_err(PlanningError::amount(format!("distribution of {parent}")))?;
    let rest = amount
        .checked_sub(given)
        .map_err(PlanningError::amount(format!("distribution of {parent}")))?;
    Ok(Distributed {
        parent: parent.clone(),
        amount,
        parts,
        rest,
        basis,
    })
}

fn check_units(org: &Organisation, parent: &OrgUnitId, units: &[&OrgUnitId]) -> Result<(), String> {
    let top = org
        .index_of(parent.as_str())
        .ok_or_else(|| format!("{parent} is not in the organisation"))?;
    let subtree = org.subtree_range(top);
    let mut seen = std::collections::BTreeSet::new();
    for unit in units {
        let inside = org
            .index_of(unit.as_str())
            .is_some_and(|i| subtree.contains(&i.get()) && i != top);
        if !inside {
            return Err(format!("{unit} is not a unit below {parent}"));
        }
        if !seen.insert(unit.as_str()) {
            return Err(format!("{unit} is named twice"));
        }
    }
    Ok(())
}

/// Splits `amount` by non-negative decimal weights, exactly to the öre.
fn split_by(amount: Amount, weights: &[Decimal]) -> Result<Vec<Amount>, String> {
    if weights.iter().any(|w| w.is_sign_negative() && !w.is_zero()) {
        return Err("a weight is negative".into());
    }
    let scale = weights
        .iter()
        .map(|w| w.normalize().scale())
        .max()
        .unwrap_or(0);
    let integers = weights
        .iter()
        .map(|w| {
            let w = w.normalize();
            10i128
                .checked_pow(scale.checked_sub(w.scale())?)
                .and_then(|f| w.mantissa().checked_mul(f))
        })
        .collect::<Option<Vec<i128>>>()
        .ok_or("the weights are out of range")?;
    if integers.iter().all(|w| *w == 0) {
        return Err("every weight is zero".into());
    }
    allocate(amount.ore(), &integers)
        .ok_or("the amount is out of range")?
        .into_iter()
        .map(|ore| Amount::from_ore(ore).map_err(|e| e.to_string()))
        .collect()
}

/// Each unit's part, and the words of how it was reached.
type Parts = (Vec<(OrgUnitId, Amount)>, Vec<String>);

/// The parts of a resource model and the basis of each.
fn resource_parts(
    model: Option<&SteeringModel>,
    as_of: AsOf,
    amount: Amount,
    resource: &ResourceModel,
) -> Result<Parts, String> {
    let mut volumes = Vec::with_capacity(resource.lines.len());
    let mut sources = Vec::with_capacity(resource.lines.len());
    for line in &resource.lines {
        let (volume, from) = volume_of(model, as_of, line)?;
        if volume.is_sign_negative() && !volume.is_zero() {
            return Err(format!("{}: volume {volume} is negative", line.unit));
        }
        sources.push(from);
        volumes.push(volume);
    }
    let total = volumes
        .iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v))
        .ok_or("the volumes are out of range")?;
    let amounts = match resource.price {
        None => split_by(amount, &volumes)?,
        Some(price) => volumes
            .iter()
            .map(|v| {
                price
                    .checked_mul(*v, Rounding::HalfAwayFromZero)
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<Amount>, String>>()?,
    };
    let basis = resource
        .lines
        .iter()
        .zip(volumes.iter().zip(&sources))
        .map(|(line, (volume, from))| match resource.price {
            Some(price) => format!("{}: {volume}{from} × {} kr", line.unit, price.to_decimal()),
            None => format!("{}: {volume}{from} of {total}", line.unit),
        })
        .collect();
    let units = resource.lines.iter().map(|l| l.unit.clone());
    Ok((units.zip(amounts).collect(), basis))
}

fn volume_of(
    model: Option<&SteeringModel>,
    as_of: AsOf,
    line: &ResourceLine,
) -> Result<(Decimal, String), String> {
    let (indicator, period) = match &line.volume {
        VolumeSource::Given(volume) => return Ok((*volume, String::new())),
        VolumeSource::Observed { indicator, period } => (indicator, *period),
    };
    let model = model.ok_or_else(|| {
        format!(
            "{}: the volume is observed ({indicator}), but no steering model was given",
            line.unit
        )
    })?;
    let unit_measure = model
        .indicator(indicator)
        .map(|i| i.unit.clone())
        .ok_or_else(|| format!("{}: indicator {indicator} is not in the model", line.unit))?;
    let found = model.parts().observations.iter().find(|o| {
        &o.indicator == indicator
            && o.period == period
            && o.gender == crate::steering::Gender::Total
            && matches!(&o.subject, Subject::Unit(u) if *u == line.unit)
            && as_of.knows(o.known_from())
    });
    match found.map(|o| &o.reading) {
        Some(Reading::Value(value)) => value
            .as_number(&unit_measure)
            .filter(|_| matches!(value, Measured::Number(_)))
            .map(|v| (v, format!(" ({indicator} {period})")))
            .ok_or_else(|| format!("{}: {indicator} {period} is not a number", line.unit)),
        Some(Reading::Missing(reason)) => Err(format!(
            "{}: {indicator} {period} is missing ({reason:?}); a missing volume is not zero",
            line.unit
        )),
        None => Err(format!(
            "{}: no observation of {indicator} for {period} known {}",
            line.unit,
            as_of.known()
        )),
    }
}

/// A difference between what a unit was given and what the budgets under it add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameDifference {
    /// The committee (or the unit distributed to).
    pub unit: OrgUnitId,
    /// Its frame or distributed part.
    pub expected: Amount,
    /// The sum of the budgets in its subtree; `None` when no unit there has a budget.
    pub found: Option<Amount>,
    /// `found − expected` (over the frame when positive, for a net cost); `None` with `found`.
    pub difference: Option<Amount>,
}

/// Checks `budgets` (net per unit) against each frame and each distributed part: every unit
/// whose subtree's budgets do not add up to exactly what it was given is listed.
///
/// # Errors
/// [`PlanningError::UnknownUnit`] for a frame, part or budget of a unit outside the
/// organisation; [`PlanningError::Amount`] when a sum overflows.
pub fn check_frames(
    org: &Organisation,
    frames: &[Frame],
    distributed: &[Distributed],
    budgets: &[(OrgUnitId, Amount)],
) -> Result<Vec<FrameDifference>, PlanningError> {
    let sums = budget_sums(org, budgets)?;
    let mut differences = Vec::new();
    for (unit, expected, nested) in coverage(org, frames, distributed) {
        let index = unit_index(org, unit, "frame")?;
        let mut found: Option<i128> = None;
        for (at, ore) in sums.range(org.subtree_range(index)) {
            if nested.iter().any(|r| r.contains(at)) {
                continue;
            }
            found = Some(
                found
                    .unwrap_or(0)
                    .checked_add(*ore)
                    .ok_or_else(|| overflow(unit))?,
            );
        }
        let found = found
            .map(Amount::from_ore)
            .transpose()
            .map_err(PlanningError::amount(format!("budgets under {unit}")))?;
        if found == Some(expected) {
            continue;
        }
        let difference = found
            .map(|f| f.checked_sub(expected))
            .transpose()
            .map_err(PlanningError::amount(format!("budgets under {unit}")))?;
        differences.push(FrameDifference {
            unit: unit.clone(),
            expected,
            found,
            difference,
        });
    }
    Ok(differences)
}

fn unit_index(
    org: &Organisation,
    unit: &OrgUnitId,
    what: &str,
) -> Result<UnitIndex, PlanningError> {
    org.index_of(unit.as_str())
        .ok_or_else(|| PlanningError::UnknownUnit {
            record: format!("{what} of {unit}"),
            unit: unit.clone(),
        })
}

/// The budgets' sums by unit position.
fn budget_sums(
    org: &Organisation,
    budgets: &[(OrgUnitId, Amount)],
) -> Result<BTreeMap<usize, i128>, PlanningError> {
    let mut sums: BTreeMap<usize, i128> = BTreeMap::new();
    for (unit, amount) in budgets {
        let cell = sums
            .entry(unit_index(org, unit, "budget")?.get())
            .or_default();
        *cell = cell
            .checked_add(amount.ore())
            .ok_or_else(|| overflow(unit))?;
    }
    Ok(sums)
}

/// What each frame and part covers: a frame the committee's whole subtree; a distributed part
/// its unit's subtree except the subtrees of the other parts of the same distribution inside
/// it (an administration's own budget beside its schools' parts).
fn coverage<'a>(
    org: &Organisation,
    frames: &'a [Frame],
    distributed: &'a [Distributed],
) -> Vec<(&'a OrgUnitId, Amount, Vec<std::ops::Range<usize>>)> {
    let mut checks: Vec<_> = frames
        .iter()
        .map(|f| (&f.committee, f.net, Vec::new()))
        .collect();
    for distribution in distributed {
        let ranges = distribution
            .parts
            .iter()
            .filter_map(|(u, _)| org.index_of(u.as_str()).map(|i| org.subtree_range(i)))
            .collect::<Vec<_>>();
        for (unit, amount) in &distribution.parts {
            let own = org.index_of(unit.as_str()).map(|i| org.subtree_range(i));
            let nested = ranges
                .iter()
                .filter(|r| {
                    own.as_ref()
                        .is_some_and(|o| o.start < r.start && r.end <= o.end)
                })
                .cloned()
                .collect();
            checks.push((unit, *amount, nested));
        }
    }
    checks
}

fn overflow(unit: &OrgUnitId) -> PlanningError {
    PlanningError::Amount {
        what: format!("budgets under {unit}"),
        source: crate::amount::AmountError::Overflow {
            operation: "sum of budgets".into(),
        },
    }
}
