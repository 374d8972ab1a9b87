//! An indicator's value at a scope unit for a period: from the ledger, from a share of units,
//! or aggregated from the observations of the scope's subtree.

use foldhash::{HashMap, HashMapExt};
use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::AssessmentMode;
use crate::as_of::AsOf;
use crate::ledger::Ledger;
use crate::org::{OrgUnitKind, UnitIndex};
use crate::ratio::Ratio;
use crate::rollup::{AccountGrouping, Bucket, Measure};
use crate::steering::{
    Aggregation, Gender, Indicator, IndicatorSource, LedgerFormula, Measured, MunicipalityCode,
    ObservationPeriod, Reading, SteeringModel, Subject, Term, TestResult,
};

/// A value with the words that explain where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Explained {
    pub(crate) value: Option<Measured>,
    pub(crate) text: String,
}

impl Explained {
    fn none(text: impl Into<String>) -> Explained {
        Explained {
            value: None,
            text: text.into(),
        }
    }
}

type Key = (usize, ObservationPeriod, Gender);

/// Observations grouped by indicator, period and gender, each group sorted by unit pre-order.
pub(crate) struct ObservationIndex {
    by_unit: HashMap<Key, Vec<(u32, Reading)>>,
    /// What the values were counted from, where an observation says (by unit pre-order).
    bases: HashMap<(usize, ObservationPeriod), Vec<(u32, String)>>,
    by_municipality: HashMap<(usize, ObservationPeriod, Gender, MunicipalityCode), Reading>,
}

impl ObservationIndex {
    /// The observations known as of `as_of` (final ones only in the final mode).
    pub(crate) fn new(
        model: &SteeringModel,
        mode: AssessmentMode,
        as_of: AsOf,
    ) -> ObservationIndex {
        let mut by_unit: HashMap<Key, Vec<(u32, Reading)>> = HashMap::new();
        let mut by_municipality = HashMap::new();
        let mut bases: HashMap<(usize, ObservationPeriod), Vec<(u32, String)>> = HashMap::new();
        for (observation, position) in model.observations_resolved() {
            if mode == AssessmentMode::Final && observation.preliminary
                || !as_of.knows(observation.known_from())
            {
                continue;
            }
            let Some(indicator) = position.indicator.and_then(|i| usize::try_from(i).ok()) else {
                continue;
            };
            let key = (indicator, observation.period, observation.gender);
            match &observation.subject {
                Subject::Unit(_) => {
                    if let Some(index) = position.unit {
                        let raw = u32::try_from(index.get()).unwrap_or(u32::MAX);
                        if let (Some(basis), Gender::Total) = (&observation.basis, key.2) {
                            bases
                                .entry((key.0, key.1))
                                .or_default()
                                .push((raw, basis.clone()));
                        }
                        by_unit
                            .entry(key)
                            .or_default()
                            .push((raw, observation.reading));
                    }
                }
                Subject::Municipality(code) => {
                    by_municipality.insert((key.0, key.1, key.2, *code), observation.reading);
                }
            }
        }
        for list in by_unit.values_mut() {
            // The model refuses duplicate observations, so units are unique per key.
            list.sort_unstable_by_key(|(unit, _)| *unit);
        }
        for list in bases.values_mut() {
            list.sort_unstable_by_key(|(unit, _)| *unit);
        }
        ObservationIndex {
            by_unit,
            bases,
            by_municipality,
        }
    }

    fn readings(&self, key: &Key) -> &[(u32, Reading)] {
        self.by_unit.get(key).map_or(&[], Vec::as_slice)
    }
}

/// Computes indicator values for one assessment.
pub(crate) struct ValueSource<'a> {
    pub(crate) model: &'a SteeringModel,
    pub(crate) ledger: Option<&'a Ledger>,
    pub(crate) index: &'a ObservationIndex,
    pub(crate) mode: AssessmentMode,
    pub(crate) as_of: AsOf,
    /// The manual assessments by goal, indexed once per run.
    pub(crate) overrides: HashMap<&'a crate::steering::GoalId, Vec<&'a crate::steering::Override>>,
    /// Roll-ups of the ledger made in this run, by months, grouping and whether they carry the
    /// full-year forecast: every ledger-computed indicator of the run shares them.
    pub(crate) cubes: CubeCache<'a>,
}

/// The roll-ups of one assessment run.
pub(crate) type CubeCache<'a> = std::cell::RefCell<
    HashMap<
        (crate::period::PeriodRange, AccountGrouping, bool),
        std::rc::Rc<crate::rollup::Cube<'a>>,
    >,
>;

/// The manual assessments of `model` by goal.
pub(crate) fn override_index(
    model: &SteeringModel,
) -> HashMap<&crate::steering::GoalId, Vec<&crate::steering::Override>> {
    let mut index: HashMap<_, Vec<_>> = HashMap::new();
    for manual in &model.parts().overrides {
        index.entry(&manual.goal).or_default().push(manual);
    }
    index
}

impl<'a> ValueSource<'a> {
    /// What the observations within `scope`'s subtree were counted from, one line a unit:
    /// `GRS-NORR Norrskolan: manager Anna Berg: yes; ...`.
    pub(crate) fn bases(
        &self,
        position: usize,
        scope: UnitIndex,
        period: ObservationPeriod,
    ) -> Vec<String> {
        let org = self.model.organisation();
        let range = org.subtree_range(scope);
        let within: Vec<(&crate::org::OrgUnit, &str)> = self
            .index
            .bases
            .get(&(position, period))
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|(unit, _)| range.contains(&(*unit as usize)))
            .filter_map(|(unit, basis)| {
                Some((org.unit_at(UnitIndex::from_raw(*unit))?, basis.as_str()))
            })
            .collect();
        match within.as_slice() {
            // One basis for many units reads once, with the units named.
            [(_, first), _, ..] if within.iter().all(|(_, b)| b == first) => {
                let ids: Vec<&str> = within.iter().map(|(u, _)| u.id.as_str()).collect();
                vec![format!("{} units ({}): {first}", ids.len(), ids.join(", "))]
            }
            _ => within
                .iter()
                .map(|(unit, basis)| format!("{} {}: {basis}", unit.id, unit.name))
                .collect(),
        }
    }

    /// The value of `indicator` (at position `position`) at `scope` for `period`.
    pub(crate) fn value(
        &self,
        position: usize,
        indicator: &Indicator,
        scope: UnitIndex,
        period: ObservationPeriod,
    ) -> Explained {
        match &indicator.source {
            IndicatorSource::Ledger(formula) => self.ledger_value(formula, scope, period),
            IndicatorSource::ShareOfUnits(kind) => {
                self.share_of_units(position, *kind, scope, period)
            }
            IndicatorSource::UnitsWithinBudget(kind) => {
                self.units_within_budget(*kind, scope, period)
            }
            _ => self.aggregate(position, indicator, scope, period),
        }
    }

    fn ledger_value(
        &self,
        formula: &LedgerFormula,
        scope: UnitIndex,
        period: ObservationPeriod,
    ) -> Explained {
        let Some(ledger) = self.ledger else {
            return Explained::none("no ledger given");
        };
        let months = period.months();
        // During the year the full-year forecast the report's economy section shows; the
        // outcome in the final mode and for periods already over.
        let this_year = months == self.as_of.month().year().months();
        let forecast = self.mode == AssessmentMode::Forecast && this_year;
        let roll_up = |grouping| self.cube(ledger, grouping, months, forecast);
        let cube = roll_up(AccountGrouping::IncomeStatementLine);
        let measure = if forecast {
            if cube.full_year_basis().is_none() {
                return Explained::none("no forecast made by the knowledge date");
            }
            Measure::FullYearForecast
        } else {
            Measure::Outcome
        };
        let account_cube = roll_up(AccountGrouping::Account);
        let sum = |terms: &[Term]| -> Option<Decimal> {
            terms.iter().try_fold(Decimal::ZERO, |acc, term| {
                let (bucket, sign) = match term {
                    Term::Plus(b) => (Some(*b), Decimal::ONE),
                    Term::Minus(b) => (Some(*b), Decimal::NEGATIVE_ONE),
                    Term::PlusPrefix(_) => (None, Decimal::ONE),
                    Term::MinusPrefix(_) => (None, Decimal::NEGATIVE_ONE),
                };
                let amount = match (term, bucket) {
                    (_, Some(Bucket::All)) => cube.value(scope, measure, None, months).ok()?,
                    (_, Some(bucket)) => cube.value(scope, measure, Some(bucket), months).ok()?,
                    (Term::PlusPrefix(prefix) | Term::MinusPrefix(prefix), None) => {
                        let mut total = crate::amount::Amount::ZERO;
                        for bucket in account_cube.buckets() {
                            if let Bucket::Account(code) = bucket {
                                if prefix.matches(*code) {
                                    total = total
                                        .checked_add(
                                            account_cube
                                                .value(scope, measure, Some(*bucket), months)
                                                .ok()?,
                                        )
                                        .ok()?;
                                }
                            }
                        }
                        total
                    }
                    _ => return None,
                };
                acc.checked_add(amount.to_decimal().checked_mul(sign)?)
            })
        };
        let (Some(numerator), Some(denominator)) =
            (sum(&formula.numerator), sum(&formula.denominator))
        else {
            return Explained::none("the ledger sums overflow");
        };
        let layer = if measure == Measure::Outcome {
            "outcome"
        } else {
            "forecast"
        };
        match Ratio::new(numerator, denominator) {
            Ok(share) => Explained {
                value: Some(Measured::Share(share)),
                text: format!(
                    "{layer} {} kr of {} kr = {}",
                    kronor(numerator),
                    kronor(denominator),
                    percent_text(share)
                ),
            },
            Err(_) => Explained::none(format!("{layer}: the denominator is zero")),
        }
    }

    /// The share of units of `kind` in the scope whose outcome to the as-of month is at most
    /// their budget to then (budget − outcome ≥ 0, net, current budget); the trace names them.
    fn units_within_budget(
        &self,
        kind: OrgUnitKind,
        scope: UnitIndex,
        period: ObservationPeriod,
    ) -> Explained {
        let Some(ledger) = self.ledger else {
            return Explained::none("no ledger given");
        };
        let org = self.model.organisation();
        // To the end of the period, or of what is known of it.
        let until = period.months().end().min(self.as_of.month());
        let to_date = crate::period::PeriodRange::year_to_date(until);
        let cube = ledger
            .as_of(self.as_of)
            .roll_up(AccountGrouping::IncomeStatementLine, to_date);
        let mut within = Vec::new();
        let mut over = Vec::new();
        for i in org.subtree_range(scope) {
            let Some(unit) = org.units().get(i).filter(|u| u.kind == kind) else {
                continue;
            };
            let index = UnitIndex::from_raw(u32::try_from(i).unwrap_or(u32::MAX));
            let budget = cube.value(
                index,
                Measure::Budget(crate::rollup::BudgetRule::Current),
                None,
                to_date,
            );
            let outcome = cube.value(index, Measure::Outcome, None, to_date);
            let (Ok(budget), Ok(outcome)) = (budget, outcome) else {
                return Explained::none(format!("the sums of {} overflow", unit.id));
            };
            if budget.is_zero() {
                // No budget is missing data, not a budget of zero.
                return Explained::none(format!("no budget for {} to {until}", unit.id));
            }
            if outcome <= budget {
                within.push(unit.id.to_string());
            } else {
                over.push(unit.id.to_string());
            }
        }
        let count = |v: &Vec<String>| v.len() as u64;
        let Some(share) =
            Ratio::of_counts(count(&within), count(&within).saturating_add(count(&over)))
        else {
            return Explained::none(format!("no {} in scope", kind.label_sv()));
        };
        let mut text = format!(
            "{} of {} units of kind {} within budget to {until} = {}",
            within.len(),
            within.len().saturating_add(over.len()),
            kind.label_sv(),
            percent_text(share)
        );
        if !within.is_empty() {
            let _ = write!(text, "; within: {}", within.join(", "));
        }
        if !over.is_empty() {
            let _ = write!(text, "; over: {}", over.join(", "));
        }
        Explained {
            value: Some(Measured::Share(share)),
            text,
        }
    }

    /// The run's roll-up of `ledger` by `grouping` over `months` (the full year with its
    /// forecast when `forecast`), made once.
    fn cube(
        &self,
        ledger: &'a Ledger,
        grouping: AccountGrouping,
        months: crate::period::PeriodRange,
        forecast: bool,
    ) -> std::rc::Rc<crate::rollup::Cube<'a>> {
        let key = (months, grouping, forecast);
        if let Some(cube) = self.cubes.borrow().get(&key) {
            return std::rc::Rc::clone(cube);
        }
        let view = ledger.as_of(self.as_of);
        let cube = std::rc::Rc::new(if forecast {
            view.full_year(grouping)
        } else {
            view.roll_up(grouping, months)
        });
        self.cubes
            .borrow_mut()
            .insert(key, std::rc::Rc::clone(&cube));
        cube
    }

    fn share_of_units(
        &self,
        position: usize,
        kind: OrgUnitKind,
        scope: UnitIndex,
        period: ObservationPeriod,
    ) -> Explained {
        let org = self.model.organisation();
        let readings = self.index.readings(&(position, period, Gender::Total));
        let mut yes = 0u64;
        let mut population = 0u64;
        let mut unanswered = Vec::new();
        for i in org.subtree_range(scope) {
            let Some(unit) = org.units().get(i).filter(|u| u.kind == kind) else {
                continue;
            };
            population = population.saturating_add(1);
            let raw = u32::try_from(i).unwrap_or(u32::MAX);
            let reading = readings
                .binary_search_by_key(&raw, |(u, _)| *u)
                .ok()
                .and_then(|at| readings.get(at));
            match reading.map(|(_, r)| r) {
                Some(Reading::Value(Measured::YesNo(true))) => yes = yes.saturating_add(1),
                Some(Reading::Value(_)) => {}
                _ => unanswered.push(unit.id.to_string()),
            }
        }
        let Some(share) = Ratio::of_counts(yes, population) else {
            return Explained::none(format!("no {} in scope", kind.label_sv()));
        };
        if unanswered.len() as u64 == population {
            return Explained::none(format!(
                "no data: none of the {population} units of kind {} has answered",
                kind.label_sv()
            ));
        }
        if !unanswered.is_empty() {
            // A unit without an answer is missing, not a "no": the goal's missing-data policy
            // decides what the indicator's missing value means.
            return Explained::none(format!(
                "no data: {} of {population} units of kind {} did not answer ({})",
                unanswered.len(),
                kind.label_sv(),
                unanswered.join(", ")
            ));
        }
        let text = format!(
            "{yes} of {population} units of kind {} answered yes = {}",
            kind.label_sv(),
            percent_text(share)
        );
        Explained {
            value: Some(Measured::Share(share)),
            text,
        }
    }

    /// The topmost observed units of the scope's subtree: a unit's own value wins over values
    /// below it.
    fn contributing(
        &self,
        position: usize,
        scope: UnitIndex,
        period: ObservationPeriod,
    ) -> (Vec<(u32, Measured)>, Vec<u32>) {
        let org = self.model.organisation();
        let readings = self.index.readings(&(position, period, Gender::Total));
        let range = org.subtree_range(scope);
        let start = readings.partition_point(|(u, _)| (*u as usize) < range.start);
        let mut values = Vec::new();
        let mut missing = Vec::new();
        let mut covered_until = 0usize;
        for &(unit, reading) in readings.get(start..).unwrap_or_default() {
            let i = unit as usize;
            if i >= range.end {
                break;
            }
            if i < covered_until {
                continue;
            }
            covered_until = org.subtree_range(UnitIndex::from_raw(unit)).end;
            match reading {
                Reading::Value(value) => values.push((unit, value)),
                Reading::Missing(_) => missing.push(unit),
            }
        }
        (values, missing)
    }

    fn aggregate(
        &self,
        position: usize,
        indicator: &Indicator,
        scope: UnitIndex,
        period: ObservationPeriod,
    ) -> Explained {
        if indicator.aggregation == Aggregation::Latest {
            return self.latest(position, indicator, scope, period);
        }
        let (values, missing) = self.contributing(position, scope, period);
        if values.is_empty() {
            return self.municipality_value(position, scope, period, missing.len());
        }
        let own = u32::try_from(scope.get()).unwrap_or(u32::MAX);
        if let [(unit, value)] = values.as_slice() {
            if *unit == own || indicator.aggregation == Aggregation::NotAggregatable {
                return Explained {
                    value: Some(*value),
                    text: value.to_string(),
                };
            }
        }
        let value = combine(
            &indicator.aggregation,
            indicator,
            &values,
            |weights, unit| {
                let weights = self.model.indicator_position(weights)?;
                let (readings, _) = self.contributing(weights, UnitIndex::from_raw(unit), period);
                readings.first().and_then(|(_, v)| v.as_decimal())
            },
        );
        let mut text = match &value {
            Some(value) => format!(
                "{value} ({} over {} units)",
                aggregation_name(&indicator.aggregation),
                values.len()
            ),
            None if indicator.aggregation == Aggregation::PooledRatio => format!(
                "cannot pool {} units: pooling needs each unit's numerator and denominator, \
                 and some values are plain numbers (declare a mean instead)",
                values.len()
            ),
            None => format!(
                "cannot combine {} units by {}",
                values.len(),
                aggregation_name(&indicator.aggregation)
            ),
        };
        if !missing.is_empty() {
            let _ = write!(text, "; {} units missing", missing.len());
        }
        Explained { value, text }
    }

    fn latest(
        &self,
        position: usize,
        indicator: &Indicator,
        scope: UnitIndex,
        period: ObservationPeriod,
    ) -> Explained {
        let mut at = Some(period);
        for _ in 0..24 {
            let Some(p) = at else { break };
            let (values, _) = self.contributing(position, scope, p);
            if !values.is_empty() {
                let value = combine(&Aggregation::Mean, indicator, &values, |_, _| None);
                return Explained {
                    value,
                    text: format!(
                        "latest value, {p}: {}",
                        value.map_or("–".to_owned(), |v| v.to_string())
                    ),
                };
            }
            at = p.previous();
        }
        Explained::none("no value in the last 24 periods")
    }

    fn municipality_value(
        &self,
        position: usize,
        scope: UnitIndex,
        period: ObservationPeriod,
        missing: usize,
    ) -> Explained {
        // The group and the council stand for the municipality as a whole.
        let org = self.model.organisation();
        let whole = org
            .unit_at(scope)
            .is_some_and(|u| matches!(u.kind, OrgUnitKind::Group | OrgUnitKind::Council));
        let code = self.model.parts().municipality.filter(|_| whole);
        let reading = code.and_then(|code| {
            self.index
                .by_municipality
                .get(&(position, period, Gender::Total, code))
        });
        match reading {
            Some(Reading::Value(value)) => Explained {
                value: Some(*value),
                text: format!("{value} (municipality)"),
            },
            Some(Reading::Missing(reason)) => Explained::none(format!("missing: {reason:?}")),
            None if missing > 0 => Explained::none(format!("no data ({missing} units missing)")),
            None => Explained::none("no data"),
        }
    }
}

/// A share in per cent with one decimal, without a trailing ",0".
pub(crate) fn percent_text(share: Ratio) -> String {
    share.format_percent(1).replace(",0 %", " %")
}

/// Whole kronor in report style.
fn kronor(value: Decimal) -> String {
    crate::amount::Amount::from_decimal_rounded(value, crate::amount::Rounding::HalfAwayFromZero)
        .map_or_else(
            |_| value.normalize().to_string(),
            |a| a.report().to_string(),
        )
}

fn aggregation_name(aggregation: &Aggregation) -> &'static str {
    match aggregation {
        Aggregation::Sum => "sum",
        Aggregation::PooledRatio => "pooled",
        Aggregation::Mean => "mean",
        Aggregation::WeightedMean(_) => "weighted mean",
        Aggregation::Min => "min",
        Aggregation::Max => "max",
        Aggregation::Latest => "latest",
        Aggregation::ShareMeeting(_) => "share meeting the threshold",
        Aggregation::NotAggregatable => "not aggregatable",
    }
}

/// The sum of `values`, or `None` past a decimal's range.
pub(crate) fn checked_sum(values: &[Decimal]) -> Option<Decimal> {
    values
        .iter()
        .try_fold(Decimal::ZERO, |total, value| total.checked_add(*value))
}

/// Combines the units' values by `aggregation`; `None` where they cannot combine.
pub(crate) fn combine(
    aggregation: &Aggregation,
    indicator: &Indicator,
    values: &[(u32, Measured)],
    weight_of: impl Fn(&crate::steering::IndicatorId, u32) -> Option<Decimal>,
) -> Option<Measured> {
    // `None` where a value or a sum is beyond a decimal's range: no value, never a panic.
    let numbers = || {
        values
            .iter()
            .map(|(_, v)| v.as_number(&indicator.unit))
            .collect::<Option<Vec<Decimal>>>()
    };
    let count = Decimal::from(values.len());
    match aggregation {
        Aggregation::Sum => checked_sum(&numbers()?).map(Measured::Number),
        Aggregation::PooledRatio => {
            let shares: Option<Vec<Ratio>> = values
                .iter()
                .map(|(_, v)| {
                    if let Measured::Share(s) = v {
                        Some(*s)
                    } else {
                        None
                    }
                })
                .collect();
            // Pooling needs numerators and denominators: plain numbers cannot be pooled.
            Ratio::pooled(shares?)?.ok().map(Measured::Share)
        }
        Aggregation::Mean | Aggregation::Latest => checked_sum(&numbers()?)?
            .checked_div(count)
            .map(Measured::Number),
        Aggregation::WeightedMean(weights) => {
            let mut total = Decimal::ZERO;
            let mut weight_sum = Decimal::ZERO;
            for (unit, value) in values {
                let weight = weight_of(weights, *unit)?;
                let part = value.as_number(&indicator.unit)?.checked_mul(weight)?;
                total = total.checked_add(part)?;
                weight_sum = weight_sum.checked_add(weight)?;
            }
            total.checked_div(weight_sum).map(Measured::Number)
        }
        Aggregation::Min => numbers()?.into_iter().min().map(Measured::Number),
        Aggregation::Max => numbers()?.into_iter().max().map(Measured::Number),
        Aggregation::ShareMeeting(threshold) => {
            let met = values
                .iter()
                .filter(|(_, v)| {
                    threshold
                        .test(v, None, indicator.polarity)
                        .is_ok_and(|r| r == TestResult::Met)
                })
                .count();
            Ratio::of_counts(met as u64, values.len() as u64).map(Measured::Share)
        }
        Aggregation::NotAggregatable => None,
    }
}
