//! Assessment (bedömning): each indicator's result against its threshold, progress and
//! trend, and each goal's fulfilment from its criteria, indicators and contributing goals by
//! the goal's declared rule, with a manual assessment kept beside the computed one and a trace
//! that explains every step with its numbers.

mod trace;
mod values;
mod wording;

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use crate::language::Lang;
pub use trace::{Trace, TraceStep};
pub(crate) use values::combine;
pub(crate) use values::percent_text;
pub use wording::{Arg, Phrase, Wording};

use crate::as_of::AsOf;
use crate::ledger::Ledger;
use crate::org::{OrgUnitId, UnitIndex};
use crate::ratio::Ratio;
use crate::steering::{
    Fulfilment, FulfilmentRule, Goal, GoalId, Indicator, IndicatorId, Measured, MissingPolicy,
    ObservationPeriod, Override, Polarity, SteeringModel, TestResult, Threshold,
};
use values::{Explained, ValueSource};

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
    pub explanation: Wording,
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
/// Ledger indicators need the `ledger`; without one they have no data. Only observations
/// known on `as_of` count (and in [`AssessmentMode::Final`] only final ones). The model's first
/// assessment groups its observations by indicator, period and gender; the groups stay with
/// the model and serve every later assessment, at any knowledge date and from any thread.
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
    let source = ValueSource {
        model,
        ledger,
        index: model.observation_index(),
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
/// assert!(why.to_string().contains("pooled over 3 units"));
/// assert!(why.text(styrmodell::report::render::Lang::Sv).contains("poolat av 3 enheter"));
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
) -> Option<(Option<Measured>, Wording)> {
    let source = ValueSource {
        model,
        ledger,
        index: model.observation_index(),
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
    trace.step(0, Phrase::Goal, goal_args(goal, period, mode));
    let org = model.organisation();
    let mut inputs: Vec<(String, Fulfilment)> = Vec::new();
    let mut indicator_results = Vec::new();
    let tests = goal
        .criteria
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let label = Some((n.saturating_add(1), c.text.clone()));
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
                None,
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
        let (phrase, args) = result_step(label.as_ref().map(|(n, t)| (*n, t.as_str())), &result);
        trace.step(1, phrase, args);
        for (phrase, args) in source.bases(position, scope, period) {
            trace.step(2, phrase, args);
        }
        inputs.push((id, to_fulfilment(result.result)));
        indicator_results.push(result);
    }
    let mut distribution = Distribution::default();
    for (child, state) in children {
        trace.step(
            1,
            Phrase::ContributingGoal,
            vec![Arg::Text(child.to_string()), Arg::Fulfilment(*state)],
        );
        inputs.push((child.to_string(), *state));
        distribution.add(*state);
    }
    let computed = judge(&goal.rule, goal.missing, &inputs, &mut trace);
    let manual = manual_of(source, goal, period);
    if let Some(manual) = &manual {
        trace.step(
            1,
            Phrase::Manual,
            vec![
                Arg::Text(manual.by.clone()),
                Arg::Fulfilment(manual.fulfilment),
                Arg::Fulfilment(computed),
                Arg::Text(manual.motivation.clone()),
            ],
        );
    }
    if distribution.total() > 0 {
        trace.step(
            1,
            Phrase::ContributingGoals,
            [
                distribution.fulfilled,
                distribution.partly,
                distribution.not_fulfilled,
                distribution.not_assessed,
            ]
            .map(|n| Arg::Count(u64::from(n)))
            .to_vec(),
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

/// The words of a goal's first trace step: id, title, kind, owner, period, mode.
fn goal_args(goal: &Goal, period: ObservationPeriod, mode: AssessmentMode) -> Vec<Arg> {
    vec![
        Arg::Text(goal.id.to_string()),
        Arg::Text(goal.title.clone()),
        Arg::GoalKind(goal.kind),
        Arg::Text(goal.owner.to_string()),
        Arg::Text(period.to_string()),
        Arg::Mode(mode),
    ]
}

/// The trace step of a criterion (its number and text) or a linked indicator.
fn result_step(label: Option<(usize, &str)>, result: &IndicatorResult) -> (Phrase, Vec<Arg>) {
    let explanation = Arg::Wording(Box::new(result.explanation.clone()));
    let outcome = Arg::Result(result.result);
    let mut args = match &label {
        Some((n, text)) => vec![Arg::Count(*n as u64), Arg::Text((*text).to_owned())],
        None => vec![Arg::Text(result.indicator.to_string())],
    };
    args.push(explanation);
    let phrase = match (&label, &result.threshold) {
        (Some(_), Some(threshold)) => {
            args.push(Arg::Threshold(threshold.clone()));
            Phrase::Criterion
        }
        (Some(_), None) => Phrase::CriterionNoTarget,
        (None, Some(threshold)) => {
            args.push(Arg::Threshold(threshold.clone()));
            Phrase::Indicator
        }
        (None, None) => Phrase::IndicatorNoTarget,
    };
    args.push(outcome);
    (phrase, args)
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
            text: Wording::new(Phrase::NoValuesBetween, years(from, to)),
        };
    }
    let Some(mean) =
        values::checked_sum(&values).and_then(|sum| sum.checked_div(Decimal::from(values.len())))
    else {
        return Explained {
            value: None,
            text: Wording::new(Phrase::MeanOutOfRange, years(from, to)),
        };
    };
    let mut args = vec![Arg::Number(mean), Arg::Count(values.len() as u64)];
    args.extend(years(from, to));
    Explained {
        value: Some(Measured::Number(mean)),
        text: Wording::new(Phrase::MeanOver, args),
    }
}

fn years(from: crate::period::Year, to: crate::period::Year) -> Vec<Arg> {
    vec![Arg::Text(from.to_string()), Arg::Text(to.to_string())]
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
        trace.step(1, Phrase::RuleManualOnly, vec![]);
        return Fulfilment::NotAssessed;
    }
    if any_missing && missing == MissingPolicy::Block {
        trace.step(1, Phrase::RuleBlocked, vec![]);
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
        trace.step(1, Phrase::RuleNothing, vec![]);
        return Fulfilment::NotAssessed;
    }
    let (result, how) = apply_rule(rule, &states);
    trace.step(
        1,
        Phrase::Rule,
        vec![Arg::Wording(Box::new(how)), Arg::Fulfilment(result)],
    );
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
fn apply_rule(rule: &FulfilmentRule, states: &[(&str, Fulfilment)]) -> (Fulfilment, Wording) {
    let (f, p, n) = counts(states);
    let total = f + p + n;
    let tally = || vec![Arg::Count(f), Arg::Count(total), Arg::Count(p)];
    let with = |phrase: Phrase, mut args: Vec<Arg>, more: Vec<Arg>| {
        args.extend(more);
        Wording::new(phrase, args)
    };
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
            (result, Wording::new(Phrase::RuleAll, tally()))
        }
        FulfilmentRule::Any => {
            let result = if f > 0 {
                Fulfilment::Fulfilled
            } else if p > 0 {
                Fulfilment::PartlyFulfilled
            } else {
                Fulfilment::NotFulfilled
            };
            (result, Wording::new(Phrase::RuleAny, tally()))
        }
        FulfilmentRule::Majority => {
            let result = if 2 * f > total {
                Fulfilment::Fulfilled
            } else if 2 * n > total {
                Fulfilment::NotFulfilled
            } else {
                Fulfilment::PartlyFulfilled
            };
            (result, Wording::new(Phrase::RuleMajority, tally()))
        }
        FulfilmentRule::Share { fulfilled, partly } => {
            let score = Ratio::of_counts(2 * f + p, 2 * total)
                .unwrap_or_else(|| Ratio::of_nonzero(0, std::num::NonZeroU64::MIN));
            let how = with(
                Phrase::RuleShare,
                vec![
                    Arg::Text(fulfilled.to_string()),
                    Arg::Text(partly.to_string()),
                ],
                [tally(), vec![Arg::Text(score.format_percent(0))]].concat(),
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
                with(
                    Phrase::RuleWeighted,
                    tally(),
                    vec![Arg::Text(score.format_percent(0))],
                ),
            )
        }
        FulfilmentRule::WorstOf => {
            let worst = states
                .iter()
                .map(|(_, s)| *s)
                .min()
                .unwrap_or(Fulfilment::NotAssessed);
            (worst, Wording::new(Phrase::RuleWorst, tally()))
        }
        FulfilmentRule::Manual => (
            Fulfilment::NotAssessed,
            Wording::new(Phrase::RuleManual, vec![]),
        ),
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
