//! Synthetic data shared by the ledger benchmark and the DuckDB comparison: 1 000 units in
//! five levels, 200 accounts, 12 months of 2022, three layers (budget, forecast, outcome).
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

use styrmodell::{
    AccountCode, Amount, Chart, Layer, Ledger, Month, OrgUnit, OrgUnitKind, Organisation,
    PlanHorizon, UnitIndex, Year,
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
    let layers = layers();
    let horizon = PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap();
    let mut builder = Ledger::builder(org.clone(), chart.clone(), horizon);
    builder.reserve(rows.len());
    for row in rows {
        builder.push_indexed(
            units[row.unit as usize],
            codes[row.account as usize],
            months[row.month as usize],
            layers[row.layer as usize],
            Amount::from_ore(i128::from(row.ore)).unwrap(),
        );
    }
    builder.build().unwrap()
}

pub fn months() -> Vec<Month> {
    Year::new(2022).unwrap().months().months().collect()
}
