//! Assessment (bedömning): each indicator's result against its threshold, progress and
//! trend, and each goal's fulfilment from its criteria, indicators and contributing goals by
//! the goal's declared rule, with a manual assessment kept beside the computed one and a trace
//! that explains every step with its numbers.

mod trace;
mod values;

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use trace::Trace;
pub(crate) use values::combine;
pub(crate) use values::percent_text;

use crate::as_of::AsOf;
use crate::ledger::Ledger;
use crate::org::{OrgUnitId, UnitIndex};
use crate::ratio::Ratio;
use crate::steering::{
    Fulfilment, FulfilmentRule, Goal, GoalId, Indicator, IndicatorId, Measured, MissingPolicy,
    ObservationPeriod, Override, Polarity, SteeringModel, TestResult, Threshold,
};
use values::{Explained, ObservationIndex, ValueSource};

/// Whether the assessment forecasts the year or judges it when it is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentMode {
    /// During the year (tertial, interim report): "bedöms bli uppfyllt"; uses preliminary
    /// values and, for ledger indicators, the latest forecast.
    Forecast,
    /// At year end (annual report): final values and outcome only.
    #[default]
    Final,
}

/// Which way an indicator moved since the previous period (or its baseline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Better in the indicator's direction.
    Improving,
    /// Within the indicator's unchanged band.
    Unchanged,
    /// Worse in the indicator's direction.
    Worsening,
    /// Nothing to compare with, or no direction (neutral indicators).
    NoData,
}

/// An indicator's result for a goal at a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorResult {
    /// The indicator.
    pub indicator: IndicatorId,
    /// Its name, for reports.
    #[serde(default)]
    pub name: String,
    /// The unit of its values, for reports.
    #[serde(default = "count_unit")]
    pub unit: crate::steering::MeasureUnit,
    /// The unit whose subtree was measured (the goal's owner).
    pub scope: OrgUnitId,
    /// The value, if any.
    pub value: Option<Measured>,
    /// The threshold tested, if any.
    pub threshold: Option<Threshold>,
    /// Met, partly met, not met or no data.
    pub result: TestResult,
    /// How far from the baseline toward the target, 0–1.
    pub progress: Option<Decimal>,
    /// The move since the previous period or baseline.
    pub trend: Trend,
    /// How the value came about, in words.
    pub explanation: String,
}

/// The unit of a result read without one: a plain count.
fn count_unit() -> crate::steering::MeasureUnit {
    crate::steering::MeasureUnit::Count
}

/// How many inputs are in each state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Distribution {
    /// Fulfilled.
    pub fulfilled: u32,
    /// Partly fulfilled.
    pub partly: u32,
    /// Not fulfilled.
    pub not_fulfilled: u32,
    /// Not assessed or no data.
    pub not_assessed: u32,
}

impl Distribution {
    fn add(&mut self, state: Fulfilment) {
        match state {
            Fulfilment::Fulfilled => self.fulfilled = self.fulfilled.saturating_add(1),
            Fulfilment::PartlyFulfilled => self.partly = self.partly.saturating_add(1),
            Fulfilment::NotFulfilled => self.not_fulfilled = self.not_fulfilled.saturating_add(1),
            Fulfilment::NotAssessed => self.not_assessed = self.not_assessed.saturating_add(1),
        }
    }

    fn total(self) -> u32 {
        self.fulfilled
            .saturating_add(self.partly)
            .saturating_add(self.not_fulfilled)
            .saturating_add(self.not_assessed)
    }
}

/// A goal's assessment (bedömning) for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalAssessment {
    /// The goal.
    pub goal: GoalId,
    /// Its title.
    pub title: String,
    /// The period.
    pub period: ObservationPeriod,
    /// Forecast or final.
    pub mode: AssessmentMode,
    /// What the rule gives.
    pub computed: Fulfilment,
    /// A manual assessment with its motivation, kept beside the computed one.
    pub manual: Option<Override>,
    /// The results of the goal's criteria and indicators.
    pub indicators: Vec<IndicatorResult>,
    /// The states of the contributing goals.
    pub children: Distribution,
    /// Every step, in words with its numbers.
    pub trace: Trace,
}

impl GoalAssessment {
    /// The fulfilment that stands: the manual one where given, else the computed one.
    pub fn fulfilment(&self) -> Fulfilment {
        self.manual.as_ref().map_or(self.computed, |m| m.fulfilment)
    }
}

/// Every goal's assessment for a period, in the model's goal order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The period.
    pub period: ObservationPeriod,
    /// Forecast or final.
    pub mode: AssessmentMode,
    /// One per goal, in the model's order.
    pub goals: Vec<GoalAssessment>,
}

impl Assessment {
    /// The assessment of `goal`.
    pub fn goal(&self, goal: &GoalId) -> Option<&GoalAssessment> {
        self.goals.iter().find(|g| &g.goal == goal)
    }
}

/// Assesses every goal of `model` for `period`.
///
/// Ledger indicators need the `ledger`; without one they have no data.
///
/// ```
/// use styrmodell::{assess::{assess, AssessmentMode}, demo, steering::Fulfilment};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let model = demo::steering_model()?;
/// let ledger = demo::ledger()?;
/// let assessment = assess(&model, Some(&ledger), "2022".parse()?, AssessmentMode::Final, styrmodell::AsOf::end_of("2022-12".parse()?));
/// // "Fler än 80 % av enheterna och 100 % av nämnderna": in 2022 no unit, every committee.
/// let em5 = assessment.goal(&"EM5".parse()?).unwrap();
/// assert_eq!(em5.computed, Fulfilment::PartlyFulfilled);
/// assert!(em5.trace.to_string().contains("0 of 14 = 0 % (pooled over 14 units), target > 80 %: not met"));
/// # Ok(())
/// # }
/// ```
pub fn assess(
    model: &SteeringModel,
    ledger: Option<&Ledger>,
    period: ObservationPeriod,
    mode: AssessmentMode,
    as_of: AsOf,
) -> Assessment {
    let index = ObservationIndex::new(model, mode, as_of);
    let source = ValueSource {
        model,
        ledger,
        index: &index,
        mode,
        as_of,
        overrides: values::override_index(model),
        cubes: values::CubeCache::default(),
    };
    let goals = &model.parts().goals;
    let year = period.months().end().year();
    let mut results: Vec<Option<GoalAssessment>> = vec![None; goals.len()];
    for &i in model.goal_order() {
        let Some(goal) = goals.get(i) else { continue };
        if year < goal.valid.0 || year > goal.valid.1 {
            continue; // a goal is assessed only in the years it is valid
        }
        let children: Vec<(GoalId, Fulfilment)> = model
            .contributor_indices(i)
            .iter()
            .filter_map(|&c| {
                results
                    .get(c)
                    .and_then(Option::as_ref)
                    .map(|a| (a.goal.clone(), a.fulfilment()))
            })
            .collect();
        let assessment = assess_goal(&source, goal, &children, period, mode);
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(assessment);
        }
    }
    Assessment {
        period,
        mode,
        goals: results.into_iter().flatten().collect(),
    }
}

/// The value of `indicator` over the subtree of `unit` for `period`, recomputed from the
/// observations by the indicator's declared aggregation (or from the ledger, or as a share of
/// units), with the words that explain it. `None` for an unknown indicator or unit.
///
/// ```
/// use styrmodell::{assess::{indicator_value, AssessmentMode}, demo, steering::Measured, Ratio};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let model = demo::steering_model()?;
/// let (value, why) = indicator_value(&model, None, &"BSN-GODKANDA".parse()?, &"BSN".parse()?, "2022".parse()?, AssessmentMode::Final, styrmodell::AsOf::end_of("2022-12".parse()?)).unwrap();
/// assert_eq!(value, Some(Measured::Share(Ratio::of_counts(237, 315).unwrap())));
/// assert!(why.contains("pooled over 3 units"));
/// # Ok(())
/// # }
/// ```
pub fn indicator_value(
    model: &SteeringModel,
    ledger: Option<&Ledger>,
    indicator: &IndicatorId,
    unit: &OrgUnitId,
    period: ObservationPeriod,
    mode: AssessmentMode,
    as_of: AsOf,
) -> Option<(Option<Measured>, String)> {
    let index = ObservationIndex::new(model, mode, as_of);
    let source = ValueSource {
        model,
        ledger,
        index: &index,
        mode,
        as_of,
        overrides: values::override_index(model),
        cubes: values::CubeCache::default(),
    };
    let position = model.indicator_position(indicator)?;
    let scope = model.organisation().index_of(unit.as_str())?;
    let explained = source.value(position, model.indicator(indicator)?, scope, period);
    Some((explained.value, explained.text))
}

/// The manual assessment of `goal` for `period` known by the knowledge date, if any.
fn manual_of(source: &ValueSource<'_>, goal: &Goal, period: ObservationPeriod) -> Option<Override> {
    source
        .overrides
        .get(&goal.id)
        .into_iter()
        .flatten()
        .find(|o| o.period == period && source.as_of.knows(o.date))
        .map(|o| (*o).clone())
}

fn assess_goal(
    source: &ValueSource<'_>,
    goal: &Goal,
    children: &[(GoalId, Fulfilment)],
    period: ObservationPeriod,
    mode: AssessmentMode,
) -> GoalAssessment {
    let model = source.model;
    let mut trace = Trace::default();
    trace.line(
        0,
        format!(
            "goal {} \"{}\" ({} goal, owner {}), {period}, {}:",
            goal.id,
            goal.title,
            goal.kind,
            goal.owner,
            mode_name(mode)
        ),
    );
    let org = model.organisation();
    let mut inputs: Vec<(String, Fulfilment)> = Vec::new();
    let mut indicator_results = Vec::new();
    let tests = goal
        .criteria
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let label = format!("criterion {} \"{}\"", n.saturating_add(1), c.text);
            (
                format!("C{}", n.saturating_add(1)),
                label,
                &c.indicator,
                Some(c.threshold.clone()),
                c.scope.as_ref().unwrap_or(&goal.owner),
            )
        })
        .chain(goal.indicators.iter().map(|link| {
            (
                link.indicator.to_string(),
                format!("indicator {}", link.indicator),
                &link.indicator,
                link.threshold.clone(),
                &goal.owner,
            )
        }));
    for (id, label, indicator_id, threshold, scope_id) in tests {
        let scope = org.index_of(scope_id.as_str());
        let (Some(scope), Some(position)) = (scope, model.indicator_position(indicator_id)) else {
            continue;
        };
        let Some(indicator) = model.indicator(indicator_id) else {
            continue;
        };
        let threshold = threshold.or_else(|| indicator.targets.get(&period.year()).cloned());
        let result = indicator_result(
            source, position, indicator, scope, period, threshold, scope_id,
        );
        trace.line(1, format!("{label}: {}", result_text(&result)));
        for basis in source.bases(position, scope, period) {
            trace.line(2, basis);
        }
        inputs.push((id, to_fulfilment(result.result)));
        indicator_results.push(result);
    }
    let mut distribution = Distribution::default();
    for (child, state) in children {
        trace.line(1, format!("contributing goal {child}: {state}"));
        inputs.push((child.to_string(), *state));
        distribution.add(*state);
    }
    let computed = judge(&goal.rule, goal.missing, &inputs, &mut trace);
    let manual = manual_of(source, goal, period);
    if let Some(manual) = &manual {
        trace.line(
            1,
            format!(
                "manual assessment by {}: {} (computed: {computed}), motivation: {}",
                manual.by, manual.fulfilment, manual.motivation
            ),
        );
    }
    if distribution.total() > 0 {
        trace.line(
            1,
            format!(
                "contributing goals: {} fulfilled, {} partly, {} not fulfilled, {} not assessed",
                distribution.fulfilled,
                distribution.partly,
                distribution.not_fulfilled,
                distribution.not_assessed
            ),
        );
    }
    GoalAssessment {
        goal: goal.id.clone(),
        title: goal.title.clone(),
        period,
        mode,
        computed,
        manual,
        indicators: indicator_results,
        children: distribution,
        trace,
    }
}

fn mode_name(mode: AssessmentMode) -> &'static str {
    match mode {
        AssessmentMode::Forecast => "forecast",
        AssessmentMode::Final => "final",
    }
}

fn result_text(result: &IndicatorResult) -> String {
    match &result.threshold {
        Some(threshold) => format!(
            "{}, target {threshold}: {}",
            result.explanation, result.result
        ),
        None => format!("{}, no target: {}", result.explanation, result.result),
    }
}

fn to_fulfilment(result: TestResult) -> Fulfilment {
    match result {
        TestResult::Met => Fulfilment::Fulfilled,
        TestResult::PartlyMet => Fulfilment::PartlyFulfilled,
        TestResult::NotMet => Fulfilment::NotFulfilled,
        TestResult::NoData => Fulfilment::NotAssessed,
    }
}

fn indicator_result(
    source: &ValueSource<'_>,
    position: usize,
    indicator: &Indicator,
    scope: UnitIndex,
    period: ObservationPeriod,
    threshold: Option<Threshold>,
    owner: &OrgUnitId,
) -> IndicatorResult {
    let tested = match threshold.as_ref().and_then(|t| t.mean_over) {
        Some((from, to)) => mean_over(source, position, indicator, scope, from, to),
        None => source.value(position, indicator, scope, period),
    };
    let previous = period
        .previous()
        .map(|p| source.value(position, indicator, scope, p))
        .and_then(|e| e.value);
    let result = match (&tested.value, &threshold) {
        (Some(value), Some(threshold)) => threshold
            .test(value, previous.as_ref(), indicator.polarity)
            .unwrap_or(TestResult::NoData),
        _ => TestResult::NoData,
    };
    let baseline = indicator.baseline.as_ref().map(|(_, v)| *v);
    IndicatorResult {
        indicator: indicator.id.clone(),
        name: indicator.name.clone(),
        unit: indicator.unit.clone(),
        scope: owner.clone(),
        value: tested.value,
        progress: progress(
            indicator,
            tested.value.as_ref(),
            baseline.as_ref(),
            threshold.as_ref(),
        ),
        trend: trend(
            indicator,
            tested.value.as_ref(),
            previous.or(baseline).as_ref(),
        ),
        threshold,
        result,
        explanation: tested.text,
    }
}

/// The mean of the yearly values over `from`..=`to` (years without a value left out).
fn mean_over(
    source: &ValueSource<'_>,
    position: usize,
    indicator: &Indicator,
    scope: UnitIndex,
    from: crate::period::Year,
    to: crate::period::Year,
) -> Explained {
    let values: Vec<Decimal> = (from.number()..=to.number())
        .filter_map(|y| crate::period::Year::new(y).ok())
        .filter_map(|y| source.value(position, indicator, scope, y.into()).value)
        .filter_map(|v| v.as_number(&indicator.unit))
        .collect();
    if values.is_empty() {
        return Explained {
            value: None,
            text: format!("no values {from}–{to}"),
        };
    }
    let Some(mean) =
        values::checked_sum(&values).and_then(|sum| sum.checked_div(Decimal::from(values.len())))
    else {
        return Explained {
            value: None,
            text: format!("the mean {from}–{to} is beyond a decimal's range"),
        };
    };
    Explained {
        value: Some(Measured::Number(mean)),
        text: format!(
            "mean {} over {} years {from}–{to}",
            mean.round_dp(2).normalize(),
            values.len()
        ),
    }
}

/// (value − baseline) / (target − baseline), clamped to 0–1.
fn progress(
    indicator: &Indicator,
    value: Option<&Measured>,
    baseline: Option<&Measured>,
    threshold: Option<&Threshold>,
) -> Option<Decimal> {
    let (value, baseline, target) = (value?, baseline?, threshold?);
    let unit = &indicator.unit;
    let base = baseline.as_number(unit)?;
    let span = target.value.checked_sub(base)?;
    if span.is_zero() {
        return None;
    }
    let share = value
        .as_number(unit)?
        .checked_sub(base)?
        .checked_div(span)?;
    Some(share.clamp(Decimal::ZERO, Decimal::ONE))
}

fn trend(indicator: &Indicator, value: Option<&Measured>, before: Option<&Measured>) -> Trend {
    let (Some(value), Some(before)) = (value, before) else {
        return Trend::NoData;
    };
    let unit = &indicator.unit;
    let change = value
        .as_number(unit)
        .zip(before.as_number(unit))
        .and_then(|(now, then)| now.checked_sub(then));
    match change {
        None => return Trend::NoData,
        Some(change) if change.abs() <= indicator.unchanged_band => return Trend::Unchanged,
        Some(_) => {}
    }
    let Ok(ordering) = value.cmp_value(before) else {
        return Trend::NoData;
    };
    match (indicator.polarity, ordering) {
        (Polarity::HigherIsBetter, Ordering::Greater)
        | (Polarity::LowerIsBetter, Ordering::Less) => Trend::Improving,
        (Polarity::HigherIsBetter, Ordering::Less)
        | (Polarity::LowerIsBetter, Ordering::Greater) => Trend::Worsening,
        (_, Ordering::Equal) => Trend::Unchanged,
        _ => Trend::NoData,
    }
}

/// Applies the missing-data policy and the rule to the inputs.
fn judge(
    rule: &FulfilmentRule,
    missing: MissingPolicy,
    inputs: &[(String, Fulfilment)],
    trace: &mut Trace,
) -> Fulfilment {
    let any_missing = inputs.iter().any(|(_, s)| *s == Fulfilment::NotAssessed);
    if *rule == FulfilmentRule::Manual {
        trace.line(1, "rule: manual assessment only".to_owned());
        return Fulfilment::NotAssessed;
    }
    if any_missing && missing == MissingPolicy::Block {
        trace.line(
            1,
            "rule: missing data blocks the assessment: not assessed".to_owned(),
        );
        return Fulfilment::NotAssessed;
    }
    let states: Vec<(&str, Fulfilment)> = inputs
        .iter()
        .filter_map(|(id, state)| match (state, missing) {
            (Fulfilment::NotAssessed, MissingPolicy::CountAsNotMet) => {
                Some((id.as_str(), Fulfilment::NotFulfilled))
            }
            (Fulfilment::NotAssessed, MissingPolicy::CountAsPartly) => {
                Some((id.as_str(), Fulfilment::PartlyFulfilled))
            }
            (Fulfilment::NotAssessed, _) => None,
            (state, _) => Some((id.as_str(), *state)),
        })
        .collect();
    if states.is_empty() {
        trace.line(1, "rule: nothing to assess: not assessed".to_owned());
        return Fulfilment::NotAssessed;
    }
    let (result, how) = apply_rule(rule, &states);
    trace.line(1, format!("rule {how}: {result}"));
    result
}

/// Counts of fulfilled, partly and not fulfilled among the states.
fn counts(states: &[(&str, Fulfilment)]) -> (u64, u64, u64) {
    let count = |wanted| states.iter().filter(|(_, s)| *s == wanted).count() as u64;
    (
        count(Fulfilment::Fulfilled),
        count(Fulfilment::PartlyFulfilled),
        count(Fulfilment::NotFulfilled),
    )
}

#[allow(
    clippy::arithmetic_side_effects,
    reason = "counts of a goal's inputs and u32 weights times 2 stay far inside u64"
)]
fn apply_rule(rule: &FulfilmentRule, states: &[(&str, Fulfilment)]) -> (Fulfilment, String) {
    let (f, p, n) = counts(states);
    let total = f + p + n;
    let tally = format!("{f} of {total} fulfilled, {p} partly");
    let by_share = |score: Ratio, fulfilled: Ratio, partly: Ratio| {
        if score.cmp_value(fulfilled).is_ok_and(Ordering::is_ge) {
            Fulfilment::Fulfilled
        } else if score.cmp_value(partly).is_ok_and(Ordering::is_ge) {
            Fulfilment::PartlyFulfilled
        } else {
            Fulfilment::NotFulfilled
        }
    };
    match rule {
        FulfilmentRule::All => {
            let result = if f == total {
                Fulfilment::Fulfilled
            } else if n == total {
                Fulfilment::NotFulfilled
            } else {
                Fulfilment::PartlyFulfilled
            };
            (result, format!("all ({tally})"))
        }
        FulfilmentRule::Any => {
            let result = if f > 0 {
                Fulfilment::Fulfilled
            } else if p > 0 {
                Fulfilment::PartlyFulfilled
            } else {
                Fulfilment::NotFulfilled
            };
            (result, format!("any ({tally})"))
        }
        FulfilmentRule::Majority => {
            let result = if 2 * f > total {
                Fulfilment::Fulfilled
            } else if 2 * n > total {
                Fulfilment::NotFulfilled
            } else {
                Fulfilment::PartlyFulfilled
            };
            (result, format!("majority ({tally})"))
        }
        FulfilmentRule::Share { fulfilled, partly } => {
            let score = Ratio::of_counts(2 * f + p, 2 * total)
                .unwrap_or_else(|| Ratio::of_nonzero(0, std::num::NonZeroU64::MIN));
            let how = format!(
                "share (≥ {fulfilled} fulfilled, ≥ {partly} partly; partly counts half): {tally} = {}",
                score.format_percent(0)
            );
            (by_share(score, *fulfilled, *partly), how)
        }
        FulfilmentRule::Weighted {
            weights,
            fulfilled,
            partly,
        } => {
            let weight = |id: &str| {
                weights
                    .iter()
                    .find(|(w, _)| w == id)
                    .map_or(1, |(_, w)| u64::from(*w))
            };
            let points: u64 = states
                .iter()
                .map(|(id, s)| weight(id) * fulfilment_points(*s))
                .sum::<u64>();
            let all = states.iter().map(|(id, _)| 2 * weight(id)).sum::<u64>();
            let score = Ratio::of_counts(points, all)
                .unwrap_or_else(|| Ratio::of_nonzero(0, std::num::NonZeroU64::MIN));
            (
                by_share(score, *fulfilled, *partly),
                format!("weighted ({tally}) = {}", score.format_percent(0)),
            )
        }
        FulfilmentRule::WorstOf => {
            let worst = states
                .iter()
                .map(|(_, s)| *s)
                .min()
                .unwrap_or(Fulfilment::NotAssessed);
            (worst, format!("worst of ({tally})"))
        }
        FulfilmentRule::Manual => (Fulfilment::NotAssessed, "manual".to_owned()),
    }
}

/// Fulfilled 2, partly 1, not 0: partly counts half.
fn fulfilment_points(state: Fulfilment) -> u64 {
    match state {
        Fulfilment::Fulfilled => 2,
        Fulfilment::PartlyFulfilled => 1,
        _ => 0,
    }
}

impl fmt::Display for Trend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Trend::Improving => "improving",
            Trend::Unchanged => "unchanged",
            Trend::Worsening => "worsening",
            Trend::NoData => "no data",
        })
    }
}

#[cfg(test)]
mod tests;
