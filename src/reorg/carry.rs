//! Carrying a ledger's facts and a model's observations onto a later organisation.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Distribution, ReorgError, UnitMapping};
use crate::amount::Amount;
use crate::ledger::{Layer, Ledger, Row};
use crate::org::{OrgUnitId, UnitIndex};
use crate::steering::{
    Aggregation, Gender, Indicator, IndicatorId, Measured, Observation, ObservationPeriod, Reading,
    Subject,
};

/// How much of one layer a target unit got from one source unit that was merged, split or
/// closed: where a carried figure came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// The unit in the later organisation.
    pub target: OrgUnitId,
    /// The unit the facts were recorded on.
    pub source: OrgUnitId,
    /// The layer (budget revision, forecast, outcome).
    pub layer: Layer,
    /// The sum carried.
    pub amount: Amount,
}

/// A ledger carried onto a later organisation, with where its changed units' figures came
/// from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedLedger {
    /// The same facts on the later organisation's units; chart, horizon, decisions and
    /// closings unchanged.
    pub ledger: Ledger,
    /// Per target, source and layer, the sums carried from units that changed, by target,
    /// source and layer.
    pub contributions: Vec<Contribution>,
}

/// Observations that could not be carried without inventing a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotCombined {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The unit in the later organisation.
    pub target: OrgUnitId,
    /// The period.
    pub period: ObservationPeriod,
    /// Why.
    pub reason: String,
}

/// Observations carried onto a later organisation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CarriedObservations {
    /// The carried observations: municipality observations unchanged, unit observations on
    /// the later units.
    pub observations: Vec<Observation>,
    /// Targets left without a value, and why (missing data is never made up).
    pub not_combined: Vec<NotCombined>,
}

/// A source unit's route as target indices and integer weights on a common scale.
type Weights = Vec<(u32, i128)>;

impl UnitMapping {
    /// Carries every fact of `ledger`, recorded in the source organisation, onto the target
    /// organisation: merged units sum, split units divide by largest remainder at öre (the
    /// parts add up to each fact exactly), closed units' facts go to their parent.
    ///
    /// # Errors
    /// [`ReorgError::OrganisationMismatch`] when the ledger is not on the source organisation;
    /// [`ReorgError::SharesTooPrecise`] or [`ReorgError::Overflow`].
    pub fn carry_ledger(&self, ledger: &Ledger) -> Result<CarriedLedger, ReorgError> {
        if ledger.organisation() != self.source() {
            return Err(ReorgError::OrganisationMismatch {
                what: "ledger",
                date: self.from(),
            });
        }
        let mut routes = Routes::new(self, ledger)?;
        let mut sums: HashMap<(u32, u32, u8), i128> = HashMap::new();
        let carried = ledger.with_units_mapped(self.target().clone(), |row, pieces| {
            let weights = routes.of(row)?;
            allocate_row(row, weights, pieces).ok_or_else(|| routes.overflow(row.unit))?;
            if routes.changed(row.unit) {
                for &(target, amount) in pieces.iter() {
                    let sum = sums.entry((target, row.unit, row.layer)).or_insert(0);
                    *sum = sum.saturating_add(i128::from(amount));
                }
            }
            Ok(())
        })?;
        let contributions = self.contributions(ledger, sums);
        Ok(CarriedLedger {
            ledger: carried,
            contributions,
        })
    }

    fn contributions(
        &self,
        ledger: &Ledger,
        sums: HashMap<(u32, u32, u8), i128>,
    ) -> Vec<Contribution> {
        let mut list: Vec<Contribution> = sums
            .into_iter()
            .filter_map(|((target, source, layer), ore)| {
                Some(Contribution {
                    target: self
                        .target()
                        .unit_at(UnitIndex::from_raw(target))?
                        .id
                        .clone(),
                    source: self
                        .source()
                        .unit_at(UnitIndex::from_raw(source))?
                        .id
                        .clone(),
                    layer: *ledger.layer_table().get(usize::from(layer))?,
                    amount: Amount::from_ore(ore).ok()?,
                })
            })
            .collect();
        list.sort_by(|a, b| (&a.target, &a.source, a.layer).cmp(&(&b.target, &b.source, b.layer)));
        list
    }

    /// Carries unit observations onto the target organisation, each indicator by its declared
    /// aggregation (Kommunallagen's committees merged: the sum of counts, pooled shares, the
    /// mean of means). A split part takes its share of a sum and its whole's value of anything
    /// else. Where sources cannot be combined without inventing a value (a missing source
    /// among values, an indicator that does not aggregate and sources that disagree), the
    /// target gets no observation and is listed in `not_combined`.
    ///
    /// # Errors
    /// [`ReorgError::OutsideValidity`] for an observation on a unit outside the source
    /// organisation; [`ReorgError::SharesTooPrecise`].
    pub fn carry_observations(
        &self,
        observations: &[Observation],
        indicators: &[Indicator],
    ) -> Result<CarriedObservations, ReorgError> {
        type Key = (IndicatorId, ObservationPeriod, Gender, OrgUnitId);
        let by_id: BTreeMap<&IndicatorId, &Indicator> =
            indicators.iter().map(|i| (&i.id, i)).collect();
        let mut groups: BTreeMap<Key, Vec<(Decimal, &Observation)>> = BTreeMap::new();
        let mut carried = CarriedObservations::default();
        for observation in observations {
            let Subject::Unit(unit) = &observation.subject else {
                carried.observations.push(observation.clone());
                continue;
            };
            let route =
                self.route_with(unit, |_| false)
                    .map_err(|_| ReorgError::OutsideValidity {
                        what: format!("an observation of {}", observation.indicator),
                        unit: unit.clone(),
                        valid: None,
                        period: observation.period.to_string(),
                    })?;
            for (target, share) in route.0 {
                let key = (
                    observation.indicator.clone(),
                    observation.period,
                    observation.gender,
                    target,
                );
                groups.entry(key).or_default().push((share, observation));
            }
        }
        for ((indicator, period, gender, target), sources) in groups {
            let aggregation = by_id.get(&indicator).map(|i| &i.aggregation);
            match combined(aggregation, by_id.get(&indicator).copied(), &sources) {
                Ok(reading) => carried.observations.push(Observation {
                    indicator,
                    subject: Subject::Unit(target),
                    period,
                    gender,
                    reading,
                    preliminary: sources.iter().any(|(_, o)| o.preliminary),
                    published: sources.iter().filter_map(|(_, o)| o.published).max(),
                    basis: None,
                }),
                Err(reason) => carried.not_combined.push(NotCombined {
                    indicator,
                    target,
                    period,
                    reason,
                }),
            }
        }
        Ok(carried)
    }
}

/// One target's reading from its sources and their shares, or why there is none.
fn combined(
    aggregation: Option<&Aggregation>,
    indicator: Option<&Indicator>,
    sources: &[(Decimal, &Observation)],
) -> Result<Reading, String> {
    let readings: Vec<Reading> = sources.iter().map(|(_, o)| o.reading).collect();
    if let [(share, only)] = sources {
        return match (aggregation, only.reading) {
            (Some(Aggregation::Sum), Reading::Value(Measured::Number(value)))
                if *share != Decimal::ONE =>
            {
                super::mapping::multiply_exact(value, *share)
                    .map(|v| Reading::Value(Measured::Number(v)))
                    .ok_or_else(|| format!("{value} × {share} needs more than 28 decimals"))
            }
            (_, reading) => Ok(reading),
        };
    }
    if readings.windows(2).all(|w| w.first() == w.get(1)) {
        if let Some(first) = readings.first() {
            if !matches!(aggregation, Some(Aggregation::Sum))
                || matches!(first, Reading::Missing(_))
            {
                return Ok(*first);
            }
        }
    }
    let values: Option<Vec<(u32, Measured)>> = sources
        .iter()
        .zip(0u32..)
        .map(|((share, o), i)| match o.reading {
            Reading::Value(Measured::Number(v))
                if matches!(aggregation, Some(Aggregation::Sum)) =>
            {
                super::mapping::multiply_exact(v, *share).map(|v| (i, Measured::Number(v)))
            }
            Reading::Value(v) => Some((i, v)),
            Reading::Missing(_) => None,
        })
        .collect();
    let Some(values) = values else {
        return Err(format!("{} sources, some missing", sources.len()));
    };
    let (Some(aggregation), Some(indicator)) = (aggregation, indicator) else {
        return Err("the indicator is not declared, so its aggregation is unknown".to_owned());
    };
    let combinable = matches!(
        aggregation,
        Aggregation::Sum
            | Aggregation::PooledRatio
            | Aggregation::Mean
            | Aggregation::Min
            | Aggregation::Max
    );
    if !combinable {
        return Err(format!(
            "{} sources disagree and the indicator's aggregation does not combine units into one",
            values.len()
        ));
    }
    crate::assess::combine(aggregation, indicator, &values, |_, _| None)
        .map(Reading::Value)
        .ok_or_else(|| {
            format!(
                "{} sources do not combine by the indicator's aggregation",
                values.len()
            )
        })
}

/// Route per source unit, resolved once (per account and tag where a split rule decides).
struct Routes<'m> {
    mapping: &'m UnitMapping,
    ledger: &'m Ledger,
    /// Per source unit: its weights when they do not depend on the fact, and whether it
    /// changed.
    fixed: Vec<Option<Weights>>,
    changed: Vec<bool>,
    by_fact: HashMap<(u32, u16, u32), Weights>,
}

impl<'m> Routes<'m> {
    fn new(mapping: &'m UnitMapping, ledger: &'m Ledger) -> Result<Routes<'m>, ReorgError> {
        let units = mapping.source().units();
        let mut fixed = Vec::with_capacity(units.len());
        let mut changed = Vec::with_capacity(units.len());
        for unit in units {
            if mapping.has_rules(&unit.id) {
                fixed.push(None);
                changed.push(true);
            } else {
                let route = mapping.route_with(&unit.id, |_| false)?;
                changed.push(route != Distribution::whole(unit.id.clone()));
                fixed.push(Some(weights(mapping, &unit.id, &route)?));
            }
        }
        Ok(Routes {
            mapping,
            ledger,
            fixed,
            changed,
            by_fact: HashMap::new(),
        })
    }

    fn changed(&self, unit: u32) -> bool {
        self.changed.get(unit as usize).copied().unwrap_or(true)
    }

    fn overflow(&self, unit: u32) -> ReorgError {
        ReorgError::Overflow {
            unit: self.unit_id(unit),
        }
    }

    fn unit_id(&self, unit: u32) -> OrgUnitId {
        self.mapping
            .source()
            .unit_at(UnitIndex::from_raw(unit))
            .map_or_else(|| self.mapping.source().root().id.clone(), |u| u.id.clone())
    }

    fn of(&mut self, row: Row) -> Result<&Weights, ReorgError> {
        if let Some(Some(weights)) = self.fixed.get(row.unit as usize) {
            // A second borrow of `self.fixed` keeps the borrow checker content.
            return Ok(weights);
        }
        let key = (row.unit, row.account, row.tag);
        if !self.by_fact.contains_key(&key) {
            let unit = self.unit_id(row.unit);
            let account = self
                .ledger
                .account_codes()
                .get(usize::from(row.account))
                .copied();
            let activity = self
                .ledger
                .tags_of(row.tag)
                .and_then(|t| t.activity.as_ref());
            let route = self.mapping.route_with(&unit, |selector| {
                account.is_some_and(|account| selector.takes(account, activity))
            })?;
            let weights = weights(self.mapping, &unit, &route)?;
            self.by_fact.insert(key, weights);
        }
        self.by_fact
            .get(&key)
            .ok_or_else(|| self.overflow(row.unit))
    }
}

/// A distribution as target indices and integer weights on its shares' common scale.
fn weights(
    mapping: &UnitMapping,
    unit: &OrgUnitId,
    route: &Distribution,
) -> Result<Weights, ReorgError> {
    let scale = route
        .0
        .iter()
        .map(|(_, s)| s.normalize().scale())
        .max()
        .unwrap_or(0);
    route
        .0
        .iter()
        .map(|(target, share)| {
            let index = mapping.target().index_of(target.as_str());
            let share = share.normalize();
            let weight = scale
                .checked_sub(share.scale())
                .and_then(|shift| 10i128.checked_pow(shift))
                .and_then(|factor| share.mantissa().checked_mul(factor));
            match (index, weight) {
                (Some(index), Some(weight)) => {
                    Ok((u32::try_from(index.get()).unwrap_or(u32::MAX), weight))
                }
                _ => Err(ReorgError::SharesTooPrecise {
                    unit: unit.clone(),
                    from: mapping.from(),
                }),
            }
        })
        .collect()
}

/// Splits one row's amount by `weights` into `pieces`; `None` on overflow.
fn allocate_row(row: Row, weights: &Weights, pieces: &mut Vec<(u32, i64)>) -> Option<()> {
    if let [(target, _)] = weights.as_slice() {
        pieces.push((*target, row.amount));
        return Some(());
    }
    let integer: Vec<i128> = weights.iter().map(|(_, w)| *w).collect();
    let parts = crate::periodise::allocate(i128::from(row.amount), &integer)?;
    for ((target, _), part) in weights.iter().zip(parts) {
        pieces.push((*target, i64::try_from(part).ok()?));
    }
    Some(())
}
