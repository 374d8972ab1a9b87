//! Synthetic data shared by the benchmarks and the DuckDB comparison: 1 000 units in five
//! levels, 200 accounts, 12 months of 2022, three layers (budget, forecast, outcome), and a
//! steering model of 10 000 goals over them.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::doc_markdown,
    clippy::cast_possible_wrap,
    clippy::cast_possible_truncation,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "bench support: synthetic data"
)]

#[cfg(feature = "sie")]
pub mod sie;

use styrmodell::steering::{
    Aggregation, Comparator, FulfilmentRule, Goal, GoalKind, GoalLevel, Indicator, IndicatorLink,
    MeasureUnit, Measured, Observation, ObservationPeriod, Polarity, SteeringParts, Threshold,
};
use styrmodell::{
    AccountCode, Amount, Chart, Decimal, Layer, Ledger, Month, OrgUnit, OrgUnitKind, Organisation,
    PlanHorizon, Ratio, UnitIndex, Year,
};

/// Units per level: 1 + 9 + 40 + 200 + 750 = 1 000.
pub const LEVELS: [usize; 5] = [1, 9, 40, 200, 750];
pub const ACCOUNTS: usize = 200;

/// One fact in compact form: unit index, account index, month (0–11), layer (0–2), öre.
#[derive(Clone, Copy)]
pub struct Row {
    pub unit: u32,
    pub account: u16,
    pub month: u8,
    pub layer: u8,
    pub ore: i64,
}

/// A deterministic generator (64-bit LCG), so every run and tool sees the same rows.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// Each unit's parent position in generation order (parents before children), level by level.
pub fn parents() -> Vec<Option<usize>> {
    let mut parents = Vec::new();
    let mut level_start = 0;
    for (depth, &count) in LEVELS.iter().enumerate() {
        let previous = if depth == 0 { 0 } else { LEVELS[depth - 1] };
        let previous_start = level_start - previous;
        for i in 0..count {
            parents.push(if depth == 0 {
                None
            } else {
                Some(previous_start + i % previous)
            });
        }
        level_start += count;
    }
    parents
}

pub fn organisation() -> Organisation {
    let kinds = [
        OrgUnitKind::Council,
        OrgUnitKind::Committee,
        OrgUnitKind::Administration,
        OrgUnitKind::Department,
        OrgUnitKind::Unit,
    ];
    let mut depth_of = Vec::new();
    let units: Vec<OrgUnit> = parents()
        .into_iter()
        .enumerate()
        .map(|(i, parent)| {
            let depth = parent.map_or(0, |p: usize| depth_of[p] + 1);
            depth_of.push(depth);
            let unit = OrgUnit::new(&format!("U{i}"), &format!("Enhet {i}"), kinds[depth]).unwrap();
            match parent {
                Some(p) => unit.with_parent(&format!("U{p}")).unwrap(),
                None => unit,
            }
        })
        .collect();
    Organisation::from_units(units).unwrap()
}

pub fn account_codes() -> Vec<AccountCode> {
    (0..ACCOUNTS)
        .map(|i| format!("{}", 3000 + i * 25).parse().unwrap())
        .collect()
}

pub fn chart() -> Chart {
    account_codes()
        .into_iter()
        .fold(Chart::kommun_bas(), |chart, code| {
            chart.with_account(code, "konto")
        })
}

pub fn layers() -> [Layer; 3] {
    [
        Layer::ORIGINAL_BUDGET,
        Layer::Forecast {
            made: "2022-08".parse().unwrap(),
        },
        Layer::Outcome,
    ]
}

pub fn rows(n: usize) -> Vec<Row> {
    let mut rng = Lcg::new(42);
    (0..n)
        .map(|_| Row {
            unit: (rng.next() % 1000) as u32,
            account: (rng.next() % ACCOUNTS as u64) as u16,
            month: (rng.next() % 12) as u8,
            layer: (rng.next() % 3) as u8,
            ore: (rng.next() % 2_000_000) as i64 - 500_000,
        })
        .collect()
}

/// The unit index of each generated unit id `U{i}` in the organisation's pre-order.
pub fn unit_indices(org: &Organisation) -> Vec<UnitIndex> {
    (0..org.len())
        .map(|i| org.index_of(&format!("U{i}")).unwrap())
        .collect()
}

/// Builds the ledger from rows the way an importer does: units resolved once, facts pushed.
pub fn build(
    org: &Organisation,
    chart: &Chart,
    units: &[UnitIndex],
    codes: &[AccountCode],
    months: &[Month],
    rows: &[Row],
) -> Ledger {
    builder_with(org, chart, units, codes, months, rows, false)
        .build()
        .unwrap()
}

/// A ledger of `n` generated facts on the generated organisation, built as [`build`] does.
pub fn ledger_of(org: &Organisation, n: usize) -> Ledger {
    build(
        org,
        &chart(),
        &unit_indices(org),
        &account_codes(),
        &months(),
        &rows(n),
    )
}

/// As [`build`], with every tenth budget fact also entered as budget revision 1 (decided
/// 2022-04-25): the current budget then has two revisions to choose between.
pub fn build_with_revision(
    org: &Organisation,
    chart: &Chart,
    units: &[UnitIndex],
    codes: &[AccountCode],
    months: &[Month],
    rows: &[Row],
) -> Ledger {
    let mut builder = builder_with(org, chart, units, codes, months, rows, true);
    let decided = styrmodell::NaiveDate::from_ymd_opt(2022, 4, 25).unwrap();
    builder.decide_revision(
        1,
        styrmodell::DecisionRef::new(org.root().id.clone(), decided),
    );
    builder.build().unwrap()
}

/// A builder holding `rows`, and with `revision` every tenth budget fact again as revision 1.
fn builder_with(
    org: &Organisation,
    chart: &Chart,
    units: &[UnitIndex],
    codes: &[AccountCode],
    months: &[Month],
    rows: &[Row],
    revision: bool,
) -> styrmodell::LedgerBuilder {
    let layers = layers();
    let horizon = PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap();
    let mut builder = Ledger::builder(org.clone(), chart.clone(), horizon);
    builder.reserve(rows.len() + if revision { rows.len() / 30 } else { 0 });
    for (i, row) in rows.iter().enumerate() {
        let (unit, account, month) = (
            units[row.unit as usize],
            codes[row.account as usize],
            months[row.month as usize],
        );
        let amount = Amount::from_ore(i128::from(row.ore)).unwrap();
        builder.push_indexed(unit, account, month, layers[row.layer as usize], amount);
        if revision && row.layer == 0 && i % 10 == 0 {
            builder.push_indexed(unit, account, month, Layer::Budget { revision: 1 }, amount);
        }
    }
    builder
}

pub fn months() -> Vec<Month> {
    Year::new(2022).unwrap().months().months().collect()
}

const OBSERVATIONS_PER_INDICATOR: usize = 20;

/// A steering model of 10 000 goals (each on five indicators, contributing to one of 100
/// top goals), 50 000 indicators and 1 000 000 observations over the organisation.
pub fn steering_parts(org: &styrmodell::Organisation) -> SteeringParts {
    steering_parts_sized(org, 10_000)
}

/// As [`steering_parts`] with `goals` goals (at least 100): five indicators a goal and twenty
/// observations an indicator.
pub fn steering_parts_sized(org: &styrmodell::Organisation, goals: usize) -> SteeringParts {
    let goal_count = goals;
    let indicator_count = goals * 5;
    let mut rng = Lcg::new(7);
    let year = Year::new(2022).unwrap();
    let period = ObservationPeriod::Year(year);
    let ids: Vec<String> = org.units().iter().map(|u| u.id.to_string()).collect();
    let indicators: Vec<Indicator> = (0..indicator_count)
        .map(|i| {
            let percent = i % 2 == 0;
            let (unit, aggregation) = if percent {
                (MeasureUnit::Percent, Aggregation::PooledRatio)
            } else {
                (MeasureUnit::Count, Aggregation::Sum)
            };
            let threshold = Threshold::new(Comparator::Ge, Decimal::from(50), unit.clone())
                .with_tolerance(Decimal::from(10));
            Indicator::new(
                format!("I{i}").parse().unwrap(),
                "indikator",
                unit,
                Polarity::HigherIsBetter,
            )
            .with_aggregation(aggregation)
            .with_target(year, threshold)
        })
        .collect();
    let mut observations = Vec::with_capacity(indicator_count * OBSERVATIONS_PER_INDICATOR);
    for (i, indicator) in indicators.iter().enumerate() {
        // Twenty distinct units per indicator, spread over the whole tree.
        let first = (rng.next() % 1000) as usize;
        for k in 0..OBSERVATIONS_PER_INDICATOR {
            let unit = &ids[(first + k * 37) % ids.len()];
            let value = if i % 2 == 0 {
                Measured::Share(Ratio::of_counts(rng.next() % 100, 100).unwrap())
            } else {
                Measured::Number(Decimal::from(rng.next() % 10))
            };
            observations.push(Observation::of_unit(
                indicator.id.clone(),
                unit.parse().unwrap(),
                period,
                value,
            ));
        }
    }
    let goals: Vec<Goal> = (0..goal_count)
        .map(|g| {
            let owner = ids[(rng.next() % 250) as usize].parse().unwrap();
            let mut goal = Goal::new(
                format!("G{g}").parse().unwrap(),
                "mål",
                GoalLevel::Committee,
                GoalKind::Operational,
                owner,
                (year, year),
            );
            goal.indicators = (0..5)
                .map(|k| IndicatorLink {
                    indicator: indicators[g * 5 + k].id.clone(),
                    threshold: None,
                })
                .collect();
            goal.rule = FulfilmentRule::Majority;
            if g >= 100 {
                goal.contributes_to = vec![format!("G{}", g % 100).parse().unwrap()];
            }
            goal
        })
        .collect();
    SteeringParts {
        goals,
        indicators,
        observations,
        ..SteeringParts::default()
    }
}

/// The process's peak resident memory in bytes, from /proc (Linux).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|kb| kb * 1024)
}
