//! Proptest strategies (feature `proptest`) for property tests of code built on this crate.
//!
//! Values stay within domain bounds: amounts within ±10^12 kr with 0–2 decimals, months in
//! 1990–2100, organisations of valid trees with the units given in shuffled order, ledgers of
//! facts over such organisations.
//!
//! ```
//! use proptest::prelude::*;
//! use styrmodell::strategy;
//!
//! proptest!(|(org in strategy::organisation(50))| {
//!     for unit in org.units() {
//!         let path = org.path(&unit.id).unwrap();
//!         prop_assert_eq!(&path[0].id, &org.root().id);
//!     }
//! });
//! ```
#![allow(
    clippy::arithmetic_side_effects,
    reason = "generators of test data with small fixed bounds"
)]

use proptest::collection::vec;
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::amount::Amount;
use crate::chart::{AccountCode, Chart};
use crate::decision::DecisionRef;
use crate::ledger::{Fact, Layer, Ledger};
use crate::org::{OrgError, OrgUnit, OrgUnitKind, Organisation};
use crate::period::{Month, PeriodRange, PlanHorizon};
use crate::ratio::Ratio;
use crate::reorg::{Change, OrgHistory, Reorganisation, Selector, SplitPart, SplitRule};

/// The largest amount generated, in öre: 10^12 kr.
const MAX_ORE: i64 = 100_000_000_000_000;

/// Amounts within ±10^12 kr: whole kronor, whole tens of öre, or any öre.
pub fn amount() -> impl Strategy<Value = Amount> {
    let ore = -MAX_ORE..=MAX_ORE;
    prop_oneof![
        ore.clone().prop_map(|ore| ore / 100 * 100),
        ore.clone().prop_map(|ore| ore / 10 * 10),
        ore,
    ]
    .prop_map(|ore| Amount::from_ore(i128::from(ore)).unwrap_or(Amount::ZERO))
}

/// Shares with a numerator in 0–10 000 and a denominator in 1–10 000, in whole numbers or with
/// up to two decimals.
pub fn ratio() -> impl Strategy<Value = Ratio> {
    (0i64..=1_000_000, 1i64..=1_000_000, 0u32..=2).prop_filter_map(
        "zero denominator",
        |(n, d, scale)| {
            let divisor = 10i64.pow(2 - scale);
            Ratio::new(
                Decimal::new(n / divisor, scale),
                Decimal::new(d / divisor, scale),
            )
            .ok()
        },
    )
}

/// Months from January 1990 to December 2100.
pub fn month() -> impl Strategy<Value = Month> {
    (1990i32..=2100, 1u32..=12)
        .prop_filter_map("valid month", |(year, month)| Month::new(year, month).ok())
}

/// Ranges of 1 to 36 months starting within 1990–2100.
pub fn period_range() -> impl Strategy<Value = PeriodRange> {
    (month(), 0i32..36).prop_filter_map("range within years", |(start, extra)| {
        PeriodRange::new(start, start.checked_add(extra)?).ok()
    })
}

/// The kind a unit at `depth` has in generated organisations.
fn kind_at(depth: usize) -> OrgUnitKind {
    match depth {
        0 => OrgUnitKind::Council,
        1 => OrgUnitKind::Committee,
        2 => OrgUnitKind::Administration,
        3 => OrgUnitKind::Department,
        _ => OrgUnitKind::Unit,
    }
}

/// Valid organisations of 1 to `max_units` units (a few thousand work well), with random
/// shapes (each unit's parent is any earlier unit) and the units given in shuffled order.
pub fn organisation(max_units: usize) -> impl Strategy<Value = Organisation> {
    (1..=max_units.max(1))
        .prop_flat_map(|n| vec(any::<prop::sample::Index>(), n.saturating_sub(1)))
        .prop_filter_map("valid ids", |parents| tree_units(&parents).ok())
        .prop_shuffle()
        .prop_filter_map("valid tree", |units| Organisation::from_units(units).ok())
}

/// Units `U0`..`Un` where unit i+1 hangs under the unit `parents[i]` picks among 0..=i.
fn tree_units(parents: &[prop::sample::Index]) -> Result<Vec<OrgUnit>, OrgError> {
    let mut depths = vec![0usize];
    let mut units = vec![OrgUnit::new("U0", "Enhet 0", kind_at(0))?];
    for (i, pick) in parents.iter().enumerate() {
        let parent = pick.index(i + 1);
        let depth = depths.get(parent).map_or(1, |d| d + 1);
        depths.push(depth);
        let id = format!("U{}", i + 1);
        let unit = OrgUnit::new(&id, &format!("Enhet {}", i + 1), kind_at(depth))?
            .with_parent(&format!("U{parent}"))?
            .with_responsibility_code(&format!("{:05}", 10_001 + i));
        units.push(unit);
    }
    Ok(units)
}

/// The accounts of generated ledgers: revenue, costs, depreciation, taxes and a balance
/// account, so every kind of bucket has facts.
const LEDGER_ACCOUNTS: [&str; 8] = [
    "1290", "3010", "3110", "4610", "5011", "6410", "7910", "8010",
];

/// A chart listing [`LEDGER_ACCOUNTS`].
fn ledger_chart() -> Chart {
    LEDGER_ACCOUNTS
        .iter()
        .filter_map(|code| code.parse::<AccountCode>().ok())
        .fold(Chart::kommun_bas(), |chart, code| {
            chart.with_account(code, "konto")
        })
}

/// The layers of generated facts: the original budget, a revision, two forecasts, outcome.
fn layer() -> impl Strategy<Value = Layer> {
    prop_oneof![
        Just(Layer::ORIGINAL_BUDGET),
        Just(Layer::Budget { revision: 1 }),
        (1u32..=12).prop_filter_map("month", |m| Month::new(2022, m)
            .ok()
            .map(|made| Layer::Forecast { made })),
        Just(Layer::Outcome),
    ]
}

/// Valid ledgers of up to `max_units` units and `max_facts` facts in 2022–2024, with the facts
/// they were built from (in the order given), for checking roll-ups against plain sums. Budget
/// revision 1 is decided on 2022-04-25.
pub fn ledger(max_units: usize, max_facts: usize) -> impl Strategy<Value = (Ledger, Vec<Fact>)> {
    organisation(max_units)
        .prop_flat_map(move |org| {
            let units = org.len();
            let fact = (
                0..units,
                0..LEDGER_ACCOUNTS.len(),
                0i32..36,
                layer(),
                amount(),
            );
            (Just(org), vec(fact, 0..=max_facts))
        })
        .prop_filter_map("valid ledger", |(org, raw)| {
            let start = Month::new(2022, 1).ok()?;
            let facts: Vec<Fact> = raw
                .into_iter()
                .filter_map(|(unit, account, month, layer, amount)| {
                    let unit = org.units().get(unit)?.id.clone();
                    let account = LEDGER_ACCOUNTS.get(account)?.parse().ok()?;
                    Some(Fact::new(
                        unit,
                        account,
                        start.checked_add(month)?,
                        layer,
                        amount,
                    ))
                })
                .collect();
            let horizon = PlanHorizon::new(start.year(), 2).ok()?;
            let root = org.root().id.clone();
            let mut builder = Ledger::builder(org, ledger_chart(), horizon);
            builder.extend(facts.clone());
            // Revision 1 is decided by the council on 25 April 2022.
            let decided = chrono::NaiveDate::from_ymd_opt(2022, 4, 25)?;
            builder.decide_revision(1, crate::decision::DecisionRef::new(root, decided));
            Some((builder.build().ok()?, facts))
        })
}

/// The first day of generated organisation histories.
pub const HISTORY_START: (i32, u32, u32) = (2020, 1, 1);

/// Histories of organisations of up to `max_units` units with up to `max_reorganisations`
/// reorganisations (see [`reorganised`]).
pub fn org_history(
    max_units: usize,
    max_reorganisations: usize,
) -> impl Strategy<Value = OrgHistory> {
    organisation(max_units).prop_flat_map(move |org| reorganised(org, max_reorganisations))
}

/// One planned change: its kind, two unit picks, a share in tenths and whether a split takes
/// accounts 5000–5999 by rule.
type PlannedChange = (u8, prop::sample::Index, prop::sample::Index, u8, bool);

/// Histories that start from `org` on 2020-01-01 and reorganise it up to `max_reorganisations`
/// times, four months apart from 2022-01-01 (inside generated ledgers' months): renames,
/// moves, merges (into an existing or a new unit), splits by shares in tenths (some with an
/// account rule) and closures, each kept only where it is valid at its point.
pub fn reorganised(
    org: Organisation,
    max_reorganisations: usize,
) -> impl Strategy<Value = OrgHistory> {
    let change = (
        0u8..7,
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        1u8..10,
        any::<bool>(),
    );
    vec(vec(change, 1..5), 0..=max_reorganisations)
        .prop_filter_map("a start date", move |plan| history_of(org.clone(), &plan))
}

fn history_of(org: Organisation, plan: &[Vec<PlannedChange>]) -> Option<OrgHistory> {
    let (y, m, d) = HISTORY_START;
    let start = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    let mut history = OrgHistory::new(start, org);
    for (i, changes) in plan.iter().enumerate() {
        let date = Month::new(2022, 1)
            .ok()?
            .checked_add(i32::try_from(i * 4).ok()?)?
            .first_day();
        let mut accepted: Vec<Change> = Vec::new();
        let mut working = history.organisation_at(date).ok()?.clone();
        for (n, planned) in changes.iter().enumerate() {
            let new_id = format!("R{i}N{n}");
            let mut candidate = accepted.clone();
            candidate.extend(planned_change(&working, planned, &new_id));
            let mut trial = history.clone();
            let reorganisation = Reorganisation {
                date,
                decision: DecisionRef::new(working.root().id.clone(), date),
                changes: candidate.clone(),
            };
            if trial.reorganise(reorganisation).is_ok() {
                working = trial.organisation_at(date).ok()?.clone();
                accepted = candidate;
            }
        }
        if !accepted.is_empty() {
            let root = history.organisation_at(date).ok()?.root().id.clone();
            history
                .reorganise(Reorganisation {
                    date,
                    decision: DecisionRef::new(root, date),
                    changes: accepted,
                })
                .ok()?;
        }
    }
    Some(history)
}

/// The changes one plan item stands for in `org`; new units get ids from `new_id`.
fn planned_change(
    org: &Organisation,
    &(kind, a, b, tenths, rule): &PlannedChange,
    new_id: &str,
) -> Vec<Change> {
    let units = org.units();
    let (Some(a), Some(b)) = (
        units.get(a.index(units.len())),
        units.get(b.index(units.len())),
    ) else {
        return Vec::new();
    };
    let parent = a.parent.clone().unwrap_or_else(|| org.root().id.clone());
    let new_unit = |suffix: &str| {
        OrgUnit::new(&format!("{new_id}{suffix}"), "Ny enhet", OrgUnitKind::Unit)
            .ok()
            .map(|u| OrgUnit {
                parent: Some(parent.clone()),
                ..u
            })
    };
    let share = Decimal::new(i64::from(tenths), 1);
    let (Some(one), Some(two)) = (new_unit("A"), new_unit("B")) else {
        return Vec::new();
    };
    match kind {
        0 => vec![Change::Rename {
            unit: a.id.clone(),
            name: format!("{} (nytt namn)", a.name),
        }],
        1 => vec![Change::Move {
            unit: a.id.clone(),
            parent: b.id.clone(),
        }],
        2 => vec![Change::Merge {
            units: vec![a.id.clone()],
            into: b.id.clone(),
        }],
        3 => vec![
            Change::Create { unit: one.clone() },
            Change::Merge {
                units: vec![a.id.clone(), b.id.clone()],
                into: one.id,
            },
        ],
        4 => {
            let rules = match ("5000".parse(), "5999".parse()) {
                (Ok(first), Ok(last)) if rule => vec![SplitRule {
                    selector: Selector::Accounts { first, last },
                    unit: one.id.clone(),
                }],
                _ => Vec::new(),
            };
            vec![
                Change::Create { unit: one.clone() },
                Change::Create { unit: two.clone() },
                Change::Split {
                    unit: a.id.clone(),
                    parts: vec![
                        SplitPart {
                            unit: one.id,
                            share,
                        },
                        SplitPart {
                            unit: two.id,
                            share: Decimal::ONE - share,
                        },
                    ],
                    rules,
                },
            ]
        }
        5 => vec![Change::Close { unit: a.id.clone() }],
        _ => vec![Change::Create {
            unit: OrgUnit {
                parent: Some(a.id.clone()),
                ..one
            },
        }],
    }
}
