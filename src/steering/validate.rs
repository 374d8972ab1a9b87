//! Validation and lint of a steering model.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use chrono::NaiveDate;

use super::observation_index::SubjectKey;
use super::{
    Goal, GoalId, GoalKind, IndicatorId, ObservationPosition, SteeringError, SteeringErrors,
    SteeringModel, SteeringParts, Subject, Threshold, Warning,
};
use crate::org::{OrgUnitId, Organisation};
use crate::period::Year;

/// Indexes ids, reporting duplicates.
fn index<'a, K: std::hash::Hash + Eq + Clone + ToString + 'a>(
    kind: &'static str,
    ids: impl Iterator<Item = &'a K>,
    errors: &mut Vec<SteeringError>,
) -> HashMap<K, usize> {
    let mut index = HashMap::new();
    for (i, id) in ids.enumerate() {
        if index.insert(id.clone(), i).is_some() {
            errors.push(SteeringError::DuplicateId {
                kind,
                id: id.to_string(),
            });
        }
    }
    index
}

/// The positions of the observations of known indicators, grouped by indicator in the
/// indicators' order, and where each indicator's group ends: a counting sort, one pass to
/// count and one to place.
fn observations_by_indicator(
    positions: &[ObservationPosition],
    indicators: usize,
) -> (Vec<usize>, Vec<usize>) {
    let indicator_of = |p: &ObservationPosition| p.indicator.and_then(|i| usize::try_from(i).ok());
    // ends[i]: where indicator i's group ends once placed; counted first, then summed.
    let mut ends = vec![0usize; indicators];
    for i in positions.iter().filter_map(indicator_of) {
        if let Some(count) = ends.get_mut(i) {
            *count = count.saturating_add(1);
        }
    }
    let mut total = 0usize;
    for end in &mut ends {
        total = total.saturating_add(*end);
        *end = total;
    }
    let mut order = vec![0usize; total];
    let mut next: Vec<usize> = std::iter::once(0).chain(ends.iter().copied()).collect();
    for (n, i) in positions
        .iter()
        .enumerate()
        .filter_map(|(n, p)| Some((n, indicator_of(p)?)))
    {
        if let Some(slot) = next.get_mut(i) {
            if let Some(place) = order.get_mut(*slot) {
                *place = n;
            }
            *slot = slot.saturating_add(1);
        }
    }
    (order, ends)
}

struct Checker<'a> {
    org: &'a Organisation,
    parts: &'a SteeringParts,
    goals: HashMap<GoalId, usize>,
    indicators: HashMap<IndicatorId, usize>,
    /// Per observation, its indicator's position and its unit's index, once resolved here.
    observation_positions: Vec<ObservationPosition>,
    errors: Vec<SteeringError>,
}

impl Checker<'_> {
    fn unit(&mut self, context: impl FnOnce() -> String, unit: &OrgUnitId) {
        if self.org.get(unit.as_str()).is_none() {
            self.errors.push(SteeringError::UnknownUnit {
                context: context(),
                unit: unit.clone(),
            });
        }
    }

    fn indicator(
        &mut self,
        context: impl FnOnce() -> String,
        indicator: &IndicatorId,
    ) -> Option<usize> {
        let found = self.indicators.get(indicator).copied();
        if found.is_none() {
            self.errors.push(SteeringError::UnknownIndicator {
                context: context(),
                indicator: indicator.clone(),
            });
        }
        found
    }

    fn threshold(
        &mut self,
        context: impl FnOnce() -> String,
        indicator: usize,
        threshold: &Threshold,
    ) {
        let Some(indicator) = self.parts.indicators.get(indicator) else {
            return;
        };
        if threshold.unit != indicator.unit {
            self.errors.push(SteeringError::ThresholdUnit {
                context: context(),
                indicator: indicator.id.clone(),
                threshold: threshold.unit.clone(),
                unit: indicator.unit.clone(),
            });
        }
    }

    fn goal(&mut self, goal: &Goal) {
        let id = &goal.id;
        self.unit(|| format!("goal {id} owner"), &goal.owner);
        for unit in &goal.assigned_to {
            self.unit(|| format!("goal {id} assignment"), unit);
        }
        for parent in &goal.contributes_to {
            if !self.goals.contains_key(parent) {
                self.errors.push(SteeringError::UnknownGoal {
                    context: format!("goal {id}"),
                    goal: parent.clone(),
                });
            }
        }
        if let Some(area) = &goal.area {
            if !self.parts.areas.iter().any(|a| &a.id == area) {
                self.errors.push(SteeringError::UnknownArea {
                    goal: id.clone(),
                    area: area.clone(),
                });
            }
        }
        if goal.valid.0 > goal.valid.1 {
            self.errors.push(SteeringError::ValidityReversed {
                goal: id.clone(),
                from: goal.valid.0,
                to: goal.valid.1,
            });
        }
        for (n, criterion) in goal.criteria.iter().enumerate() {
            let context = || format!("goal {id} criterion {}", n.saturating_add(1));
            if let Some(scope) = &criterion.scope {
                self.unit(context, scope);
            }
            if let Some(i) = self.indicator(context, &criterion.indicator) {
                self.threshold(context, i, &criterion.threshold);
            }
        }
        for link in &goal.indicators {
            let context = || format!("goal {id}");
            if let (Some(i), Some(threshold)) =
                (self.indicator(context, &link.indicator), &link.threshold)
            {
                self.threshold(context, i, threshold);
            }
        }
    }

    fn indicators(&mut self) {
        for (i, indicator) in self.parts.indicators.iter().enumerate() {
            let id = &indicator.id;
            for (year, threshold) in &indicator.targets {
                self.threshold(|| format!("indicator {id} target {year}"), i, threshold);
            }
            if let super::Aggregation::WeightedMean(weights) = &indicator.aggregation {
                self.indicator(|| format!("indicator {id} weights"), weights);
            }
            if let Some(aggregation) = aggregation_misfit(&indicator.aggregation, &indicator.unit) {
                self.errors.push(SteeringError::AggregationUnit {
                    indicator: id.clone(),
                    aggregation,
                    unit: unit_name(&indicator.unit),
                });
            }
        }
    }

    /// Whether observation `n`'s value fits its indicator's unit.
    fn observation_kind(&mut self, n: usize, observation: &super::Observation, indicator: usize) {
        use super::{IndicatorSource, MeasureUnit, Measured, Reading};
        let (Reading::Value(value), Some(indicator)) =
            (&observation.reading, self.parts.indicators.get(indicator))
        else {
            return;
        };
        // A share of units is computed from each unit's yes or no.
        let share_of_units = matches!(indicator.source, IndicatorSource::ShareOfUnits(_));
        let fits = match (value, &indicator.unit) {
            _ if share_of_units => matches!(value, Measured::YesNo(_)),
            (Measured::YesNo(_), MeasureUnit::YesNo)
            | (Measured::Share(_), MeasureUnit::Percent) => true,
            (Measured::Number(_), unit) => *unit != MeasureUnit::YesNo,
            _ => false,
        };
        if fits {
            return;
        }
        let found = match value {
            Measured::YesNo(_) => "a yes/no",
            Measured::Share(_) => "a share",
            Measured::Number(_) => "a number",
        };
        self.errors.push(SteeringError::ObservationKind {
            position: n.saturating_add(1),
            indicator: indicator.id.clone(),
            unit: unit_name(&indicator.unit),
            found,
        });
    }

    fn observations(&mut self) {
        for (n, observation) in self.parts.observations.iter().enumerate() {
            let context = || format!("observation {}", n.saturating_add(1));
            let indicator = self.indicator(context, &observation.indicator);
            if let Some(i) = indicator {
                self.observation_kind(n, observation, i);
            }
            let unit = match &observation.subject {
                Subject::Unit(unit) => {
                    let index = self.org.index_of(unit.as_str());
                    if index.is_none() {
                        self.unit(context, unit);
                    }
                    index
                }
                Subject::Municipality(_) => None,
            };
            // An indicator's position fits 32 bits: 2^32 indicators would not fit in memory.
            let indicator = indicator.and_then(|i| u32::try_from(i).ok());
            self.observation_positions
                .push(ObservationPosition { indicator, unit });
        }
        self.duplicate_observations();
    }

    /// Reports each observation of an indicator, subject, period and gender after the first.
    /// Observations are grouped by indicator (a counting sort) and each small group sorted,
    /// rather than put in one set of every key, which would not stay in cache. Unknown
    /// indicators and units are errors already and are not compared.
    fn duplicate_observations(&mut self) {
        let (order, ends) =
            observations_by_indicator(&self.observation_positions, self.indicators.len());
        let mut group = Vec::new();
        let mut duplicates = Vec::new();
        let mut start = 0;
        for end in ends {
            let members = order.get(start..end).unwrap_or_default();
            start = end;
            group.clear();
            group.extend(members.iter().filter_map(|&n| {
                let observation = self.parts.observations.get(n)?;
                let subject = match &observation.subject {
                    Subject::Unit(_) => SubjectKey::Unit(self.observation_positions.get(n)?.unit?),
                    Subject::Municipality(code) => SubjectKey::Municipality(*code),
                };
                Some(((subject, observation.period, observation.gender), n))
            }));
            group.sort_unstable();
            duplicates.extend(group.windows(2).filter_map(|pair| match pair {
                [(key, _), (same, later)] if key == same => Some(*later),
                _ => None,
            }));
        }
        duplicates.sort_unstable();
        for n in duplicates {
            let Some(observation) = self.parts.observations.get(n) else {
                continue;
            };
            self.errors.push(SteeringError::DuplicateObservation {
                position: n.saturating_add(1),
                indicator: observation.indicator.clone(),
                subject: observation.subject.clone(),
                period: observation.period,
                gender: observation.gender,
            });
        }
    }

    fn assignments_and_overrides(&mut self) {
        let mut seen = HashSet::new();
        for assignment in &self.parts.assignments {
            let id = &assignment.id;
            if !seen.insert(id) {
                self.errors.push(SteeringError::DuplicateId {
                    kind: "assignment",
                    id: id.to_string(),
                });
            }
            self.unit(|| format!("assignment {id} assignee"), &assignment.assignee);
            if let Some(goal) = assignment
                .goal
                .as_ref()
                .filter(|g| !self.goals.contains_key(*g))
            {
                self.errors.push(SteeringError::UnknownGoal {
                    context: format!("assignment {id}"),
                    goal: goal.clone(),
                });
            }
        }
        let mut decided = HashSet::new();
        for o in &self.parts.overrides {
            if !decided.insert((&o.goal, o.period)) {
                self.errors.push(SteeringError::DuplicateOverride {
                    goal: o.goal.clone(),
                    period: o.period,
                });
            }
            if !self.goals.contains_key(&o.goal) {
                self.errors.push(SteeringError::UnknownGoal {
                    context: "manual assessment".to_owned(),
                    goal: o.goal.clone(),
                });
            }
            if o.motivation.trim().is_empty() {
                self.errors.push(SteeringError::MissingMotivation {
                    goal: o.goal.clone(),
                    period: o.period,
                });
            }
        }
    }
}

/// The aggregation's name when it means nothing for `unit`: a sum of percentages, a pooled
/// ratio of anything but shares.
fn aggregation_misfit(
    aggregation: &super::Aggregation,
    unit: &super::MeasureUnit,
) -> Option<&'static str> {
    use super::{Aggregation, MeasureUnit};
    match (aggregation, unit) {
        (Aggregation::Sum, MeasureUnit::Percent) => Some("a sum"),
        (Aggregation::PooledRatio, unit) if *unit != MeasureUnit::Percent => Some("a pooled ratio"),
        _ => None,
    }
}

/// A unit of measure as a person names it.
fn unit_name(unit: &super::MeasureUnit) -> String {
    use super::MeasureUnit;
    match unit {
        MeasureUnit::Percent => "per cent".to_owned(),
        MeasureUnit::Count => "a count".to_owned(),
        MeasureUnit::Sek => "kronor".to_owned(),
        MeasureUnit::SekPerInhabitant => "kronor per inhabitant".to_owned(),
        MeasureUnit::Days => "days".to_owned(),
        MeasureUnit::Index => "an index".to_owned(),
        MeasureUnit::YesNo => "yes/no".to_owned(),
        MeasureUnit::Custom(name) => name.clone(),
    }
}

/// Visit states of the depth-first search over contributions.
const NEW: u8 = 0;
const ON_PATH: u8 = 1;
const DONE: u8 = 2;

/// Orders goals so contributors come first; reports each cycle once.
fn order_goals(
    parts: &SteeringParts,
    goals: &HashMap<GoalId, usize>,
) -> (Vec<usize>, Vec<Vec<usize>>, Vec<SteeringError>) {
    let n = parts.goals.len();
    let mut contributors = vec![Vec::new(); n];
    for (i, goal) in parts.goals.iter().enumerate() {
        for parent in &goal.contributes_to {
            if let Some(list) = goals.get(parent).and_then(|&p| contributors.get_mut(p)) {
                list.push(i);
            }
        }
    }
    for list in &mut contributors {
        list.sort_by(|a, b| {
            parts
                .goals
                .get(*a)
                .map(|g| &g.id)
                .cmp(&parts.goals.get(*b).map(|g| &g.id))
        });
    }
    // Depth-first from every goal over its contributors; a goal met again on the current path
    // closes a cycle.
    let mut state = vec![NEW; n];
    let mut order = Vec::with_capacity(n);
    let mut errors = Vec::new();
    for start in 0..n {
        if state.get(start) != Some(&NEW) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        if let Some(s) = state.get_mut(start) {
            *s = ON_PATH;
        }
        while let Some(&mut (goal, ref mut next)) = stack.last_mut() {
            let child = contributors
                .get(goal)
                .and_then(|list| list.get(*next))
                .copied();
            *next = next.saturating_add(1);
            let Some(child) = child else {
                if let Some(s) = state.get_mut(goal) {
                    *s = DONE;
                }
                order.push(goal);
                stack.pop();
                continue;
            };
            match state.get(child).copied() {
                Some(NEW) => {
                    if let Some(s) = state.get_mut(child) {
                        *s = ON_PATH;
                    }
                    stack.push((child, 0));
                }
                Some(ON_PATH) => {
                    let from = stack.iter().position(|(g, _)| *g == child).unwrap_or(0);
                    let on_path = stack.get(from..).unwrap_or_default();
                    let goals = on_path
                        .iter()
                        .filter_map(|(g, _)| parts.goals.get(*g))
                        .map(|g| g.id.clone())
                        .collect();
                    errors.push(SteeringError::Cycle { goals });
                }
                _ => {}
            }
        }
    }
    (order, contributors, errors)
}

pub(super) fn build(
    org: Organisation,
    parts: SteeringParts,
) -> Result<SteeringModel, SteeringErrors> {
    let mut errors = Vec::new();
    let goals = index("goal", parts.goals.iter().map(|g| &g.id), &mut errors);
    let indicators = index(
        "indicator",
        parts.indicators.iter().map(|i| &i.id),
        &mut errors,
    );
    index("goal area", parts.areas.iter().map(|a| &a.id), &mut errors);
    let mut checker = Checker {
        org: &org,
        parts: &parts,
        goals,
        indicators,
        observation_positions: Vec::with_capacity(parts.observations.len()),
        errors,
    };
    for goal in &parts.goals {
        checker.goal(goal);
    }
    checker.indicators();
    checker.observations();
    checker.assignments_and_overrides();
    let Checker {
        goals,
        indicators,
        observation_positions,
        mut errors,
        ..
    } = checker;
    let (goal_order, contributors, cycles) = order_goals(&parts, &goals);
    errors.extend(cycles);
    if !errors.is_empty() {
        return Err(SteeringErrors(errors));
    }
    Ok(SteeringModel {
        org,
        parts,
        goal_index: goals,
        indicator_index: indicators,
        observation_positions,
        goal_order,
        contributors,
        observation_index: std::sync::OnceLock::new(),
    })
}

pub(super) fn lint(model: &SteeringModel, year: Year, today: NaiveDate) -> Vec<Warning> {
    let parts = &model.parts;
    let mut warnings = Vec::new();
    for (i, goal) in parts.goals.iter().enumerate() {
        let has_contributors = model.contributors.get(i).is_some_and(|c| !c.is_empty());
        if goal.criteria.is_empty() && goal.indicators.is_empty() && !has_contributors {
            warnings.push(Warning::GoalWithoutMeasure {
                goal: goal.id.clone(),
            });
        }
        if goal.kind == GoalKind::Effect
            && goal.deadline.is_none()
            && goal.criteria.iter().all(|c| c.deadline.is_none())
        {
            warnings.push(Warning::EffectGoalWithoutDeadline {
                goal: goal.id.clone(),
            });
        }
    }
    // Criteria carry their own thresholds; only indicators judged by their yearly target need one.
    let judged_by_target: HashSet<&IndicatorId> = parts
        .goals
        .iter()
        .flat_map(|g| {
            g.indicators
                .iter()
                .filter(|l| l.threshold.is_none())
                .map(|l| &l.indicator)
        })
        .collect();
    for indicator in &parts.indicators {
        if indicator.baseline.is_none() {
            warnings.push(Warning::IndicatorWithoutBaseline {
                indicator: indicator.id.clone(),
            });
        }
        if judged_by_target.contains(&indicator.id) && !indicator.targets.contains_key(&year) {
            warnings.push(Warning::IndicatorWithoutTarget {
                indicator: indicator.id.clone(),
                year,
            });
        }
    }
    let recent = today
        .checked_sub_days(chrono::Days::new(90))
        .unwrap_or(today);
    for assignment in &parts.assignments {
        let Some(due) = assignment.due else { continue };
        let last_update = assignment.latest_entry(today).map(|e| e.date);
        if assignment.is_overdue(today) && last_update.is_none_or(|d| d < recent) {
            warnings.push(Warning::StaleAssignment {
                assignment: assignment.id.clone(),
                due,
                last_update,
            });
        }
    }
    warnings
}
