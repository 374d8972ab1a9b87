//! An indicator's value at a scope unit for a period: from the ledger, from a share of units,
//! or aggregated from the observations of the scope's subtree.

use foldhash::{HashMap, HashMapExt};

use rust_decimal::Decimal;

use super::AssessmentMode;
use super::wording::{Arg, Phrase, Wording};
use crate::as_of::AsOf;
use crate::ledger::Ledger;
use crate::org::{OrgUnitKind, UnitIndex};
use crate::ratio::Ratio;
use crate::rollup::{AccountGrouping, Bucket, Measure};
use crate::steering::observation_index::{ObservationIndex, Visible};
use crate::steering::{
    Aggregation, Basis, Gender, Indicator, IndicatorSource, KeyRatio, LedgerFormula, Measured,
    ObservationPeriod, Reading, SteeringModel, Term, TestResult,
};

/// A value with the words that explain where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Explained {
    pub(crate) value: Option<Measured>,
    pub(crate) text: Wording,
}

impl Explained {
    fn none(phrase: Phrase, args: Vec<Arg>) -> Explained {
        Explained {
            value: None,
            text: Wording::new(phrase, args),
        }
    }

    fn of(value: Measured, phrase: Phrase, args: Vec<Arg>) -> Explained {
        Explained {
            value: Some(value),
            text: Wording::new(phrase, args),
        }
    }
}

fn text(value: impl Into<String>) -> Arg {
    Arg::Text(value.into())
}

fn count(n: usize) -> Arg {
    Arg::Count(n as u64)
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
    /// Which observations this assessment sees.
    fn visible(&self) -> Visible {
        Visible {
            as_of: self.as_of,
            final_only: self.mode == AssessmentMode::Final,
        }
    }

    /// What the observations within `scope`'s subtree were counted from, one step a unit:
    /// `GRS-NORR Norrskolan: manager Anna Berg: yes; ...`.
    pub(crate) fn bases(
        &self,
        position: usize,
        scope: UnitIndex,
        period: ObservationPeriod,
    ) -> Vec<(Phrase, Vec<Arg>)> {
        let org = self.model.organisation();
        let range = org.subtree_range(scope);
        let visible = self.visible();
        let within: Vec<(&crate::org::OrgUnit, &Basis)> = self
            .index
            .bases(position, period)
            .iter()
            .filter(|entry| visible.sees(entry) && range.contains(&(entry.unit as usize)))
            .filter_map(|entry| Some((org.unit_at(UnitIndex::from_raw(entry.unit))?, &entry.value)))
            .collect();
        match within.as_slice() {
            // One basis for many units reads once, with the units named.
            [(_, first), _, ..] if within.iter().all(|(_, b)| b == first) => {
                let ids: Vec<String> = within.iter().map(|(u, _)| u.id.to_string()).collect();
                let basis = Arg::Basis((*first).clone());
                vec![(
                    Phrase::BasisOfUnits,
                    vec![count(ids.len()), Arg::List(ids), basis],
                )]
            }
            _ => within
                .iter()
                .map(|(unit, basis)| {
                    let args = vec![
                        text(unit.id.as_str()),
                        text(&unit.name),
                        Arg::Basis((*basis).clone()),
                    ];
                    (Phrase::BasisOfUnit, args)
                })
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
            IndicatorSource::KeyRatio(ratio) => self.key_ratio(ratio, scope, period),
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
            return Explained::none(Phrase::NoLedger, vec![]);
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
                return Explained::none(Phrase::NoForecast, vec![]);
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
            return Explained::none(Phrase::LedgerOverflow, vec![]);
        };
        let outcome = measure == Measure::Outcome;
        match Ratio::new(numerator, denominator) {
            Ok(share) => Explained::of(
                Measured::Share(share),
                if outcome {
                    Phrase::OutcomeShare
                } else {
                    Phrase::ForecastShare
                },
                vec![
                    Arg::Kronor(numerator),
                    Arg::Kronor(denominator),
                    Arg::Percent(share),
                ],
            ),
            Err(_) if outcome => Explained::none(Phrase::OutcomeZeroDenominator, vec![]),
            Err(_) => Explained::none(Phrase::ForecastZeroDenominator, vec![]),
        }
    }

    /// A key ratio of `scope` at the end of the period, or of the last month known.
    fn key_ratio(
        &self,
        ratio: &KeyRatio,
        scope: UnitIndex,
        period: ObservationPeriod,
    ) -> Explained {
        use crate::balance_sheet::{BalanceSheet, CashFlow, KeyRatios, RatioInputs};
        let Some(ledger) = self.ledger else {
            return Explained::none(Phrase::NoLedger, vec![]);
        };
        let Some(unit) = self.model.organisation().unit_at(scope) else {
            return Explained::none(Phrase::NoData, vec![]);
        };
        let month = period.months().end().min(self.as_of.month());
        let view = ledger.as_of(self.as_of);
        let months = crate::period::PeriodRange::year_to_date(month);
        let computed = (|| {
            let opening = BalanceSheet::opening(&view, &unit.id, month.year()).ok()?;
            let closing = BalanceSheet::at(&view, &unit.id, month).ok()?;
            let cube = view.roll_up(AccountGrouping::IncomeStatementLine, months);
            let lines = crate::finance::IncomeStatement::from_cube(
                &cube,
                &unit.id,
                Measure::Outcome,
                months,
            )
            .ok()?;
            let flow = CashFlow::between(&opening, &closing, lines.depreciation()).ok()?;
            let net_costs = lines
                .net_operating_costs()
                .ok()?
                .checked_add(
                    lines
                        .lines
                        .get(&crate::chart::IncomeStatementLine::FinancialIncome)
                        .copied()
                        .unwrap_or_default(),
                )
                .ok()?
                .checked_add(
                    lines
                        .lines
                        .get(&crate::chart::IncomeStatementLine::FinancialCosts)
                        .copied()
                        .unwrap_or_default(),
                )
                .ok()?;
            let pension_commitment = match ratio {
                KeyRatio::EquityRatioWithPensions { pension_commitment } => *pension_commitment,
                _ => crate::amount::Amount::ZERO,
            };
            let inputs = RatioInputs {
                net_costs,
                taxes_and_grants: lines.taxes_and_grants().ok()?,
                pension_commitment,
            };
            KeyRatios::of(&closing, Some(&flow), &inputs).ok()
        })();
        let Some(ratios) = computed else {
            return Explained::none(Phrase::NoBalanceSheet, vec![Arg::Text(month.to_string())]);
        };
        let value = match ratio {
            KeyRatio::EquityRatio => ratios.equity_ratio,
            KeyRatio::EquityRatioWithPensions { .. } => ratios.equity_ratio_with_pensions,
            KeyRatio::DebtRatio => ratios.debt_ratio,
            KeyRatio::QuickRatio => ratios.quick_ratio,
            KeyRatio::SelfFinancing => ratios.self_financing,
            KeyRatio::NetCostShare => ratios.net_cost_share,
        };
        match value {
            Some(share) => Explained::of(
                Measured::Share(share),
                Phrase::KeyRatioAt,
                vec![Arg::Text(month.to_string()), Arg::Percent(share)],
            ),
            None => Explained::none(Phrase::NoBalanceSheet, vec![Arg::Text(month.to_string())]),
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
            return Explained::none(Phrase::NoLedger, vec![]);
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
                return Explained::none(Phrase::UnitOverflow, vec![text(unit.id.as_str())]);
            };
            if budget.is_zero() {
                // No budget is missing data, not a budget of zero.
                return Explained::none(
                    Phrase::NoBudget,
                    vec![text(unit.id.as_str()), text(until.to_string())],
                );
            }
            if outcome <= budget {
                within.push(unit.id.to_string());
            } else {
                over.push(unit.id.to_string());
            }
        }
        let len = |v: &Vec<String>| v.len() as u64;
        let Some(share) = Ratio::of_counts(len(&within), len(&within).saturating_add(len(&over)))
        else {
            return Explained::none(Phrase::NoneInScope, vec![Arg::UnitKind(kind)]);
        };
        let mut wording = Wording::new(
            Phrase::WithinBudget,
            vec![
                count(within.len()),
                count(within.len().saturating_add(over.len())),
                Arg::UnitKind(kind),
                text(until.to_string()),
                Arg::Percent(share),
            ],
        );
        for (phrase, units) in [(Phrase::Within, within), (Phrase::Over, over)] {
            if !units.is_empty() {
                wording = Wording::new(
                    phrase,
                    vec![Arg::Wording(Box::new(wording)), Arg::List(units)],
                );
            }
        }
        Explained {
            value: Some(Measured::Share(share)),
            text: wording,
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
        let visible = self.visible();
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
                .binary_search_by_key(&raw, |entry| entry.unit)
                .ok()
                .and_then(|at| readings.get(at))
                .filter(|entry| visible.sees(entry));
            match reading.map(|entry| &entry.value) {
                Some(Reading::Value(Measured::YesNo(true))) => yes = yes.saturating_add(1),
                Some(Reading::Value(_)) => {}
                _ => unanswered.push(unit.id.to_string()),
            }
        }
        let Some(share) = Ratio::of_counts(yes, population) else {
            return Explained::none(Phrase::NoneInScope, vec![Arg::UnitKind(kind)]);
        };
        if unanswered.len() as u64 == population {
            return Explained::none(
                Phrase::NoneAnswered,
                vec![Arg::Count(population), Arg::UnitKind(kind)],
            );
        }
        if !unanswered.is_empty() {
            // A unit without an answer is missing, not a "no": the goal's missing-data policy
            // decides what the indicator's missing value means.
            return Explained::none(
                Phrase::SomeUnanswered,
                vec![
                    count(unanswered.len()),
                    Arg::Count(population),
                    Arg::UnitKind(kind),
                    Arg::List(unanswered),
                ],
            );
        }
        Explained::of(
            Measured::Share(share),
            Phrase::ShareOfUnits,
            vec![
                Arg::Count(yes),
                Arg::Count(population),
                Arg::UnitKind(kind),
                Arg::Percent(share),
            ],
        )
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
        let visible = self.visible();
        let range = org.subtree_range(scope);
        let start = readings.partition_point(|entry| (entry.unit as usize) < range.start);
        let mut values = Vec::new();
        let mut missing = Vec::new();
        let mut covered_until = 0usize;
        for entry in readings.get(start..).unwrap_or_default() {
            let (unit, i) = (entry.unit, entry.unit as usize);
            if i >= range.end {
                break;
            }
            // Not seen on the knowledge date: as if not observed.
            if i < covered_until || !visible.sees(entry) {
                continue;
            }
            covered_until = org.subtree_range(UnitIndex::from_raw(unit)).end;
            match entry.value {
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
            return self.municipality_value(position, indicator, scope, period, missing.len());
        }
        let own = u32::try_from(scope.get()).unwrap_or(u32::MAX);
        if let [(unit, value)] = values.as_slice() {
            if *unit == own || indicator.aggregation == Aggregation::NotAggregatable {
                return Explained::of(
                    *value,
                    Phrase::Value,
                    vec![Arg::Value(*value, indicator.unit.clone())],
                );
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
        let aggregation = Arg::Aggregation(indicator.aggregation.clone());
        let mut text = match &value {
            Some(value) => Wording::new(
                Phrase::Aggregated,
                vec![
                    Arg::Value(*value, indicator.unit.clone()),
                    aggregation,
                    count(values.len()),
                ],
            ),
            None if indicator.aggregation == Aggregation::PooledRatio => {
                Wording::new(Phrase::CannotPool, vec![count(values.len())])
            }
            None => Wording::new(
                Phrase::CannotCombine,
                vec![count(values.len()), aggregation],
            ),
        };
        if !missing.is_empty() {
            text = Wording::new(
                Phrase::UnitsMissing,
                vec![Arg::Wording(Box::new(text)), count(missing.len())],
            );
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
                let shown = value.map_or(text("–"), |v| Arg::Value(v, indicator.unit.clone()));
                return Explained {
                    value,
                    text: Wording::new(Phrase::Latest, vec![text(p.to_string()), shown]),
                };
            }
            at = p.previous();
        }
        Explained::none(Phrase::NoValueIn24, vec![])
    }

    fn municipality_value(
        &self,
        position: usize,
        indicator: &Indicator,
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
        let reading = code
            .and_then(|code| {
                self.index
                    .municipality((position, period, Gender::Total), code)
            })
            .filter(|entry| self.visible().sees(entry))
            .map(|entry| &entry.value);
        match reading {
            Some(Reading::Value(value)) => Explained::of(
                *value,
                Phrase::Municipality,
                vec![Arg::Value(*value, indicator.unit.clone())],
            ),
            Some(Reading::Missing(reason)) => {
                Explained::none(Phrase::Missing, vec![text(format!("{reason:?}"))])
            }
            None if missing > 0 => {
                Explained::none(Phrase::NoDataUnitsMissing, vec![count(missing)])
            }
            None => Explained::none(Phrase::NoData, vec![]),
        }
    }
}

/// A share in per cent with one decimal, without a trailing ",0".
pub(crate) fn percent_text(share: Ratio) -> String {
    share.format_percent(1).replace(",0 %", " %")
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
