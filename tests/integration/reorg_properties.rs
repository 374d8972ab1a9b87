//! Laws of reorganisations: the organisation as of any date is a valid tree of exactly the
//! units valid then; carrying history conserves every total; mapping onto the same date is the
//! identity; two steps equal the combined step; a history reads back from JSON.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use styrmodell::reorg::{OrgHistory, UnitMapping};
use styrmodell::steering::{
    Aggregation, Indicator, MeasureUnit, Measured, Observation, ObservationPeriod, Polarity,
    Reading,
};
use styrmodell::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn start() -> NaiveDate {
    let (y, m, d) = strategy::HISTORY_START;
    date(y, m, d)
}

/// After every generated reorganisation.
fn end() -> NaiveDate {
    date(2024, 12, 31)
}

/// A day between the start and the end.
fn any_day() -> impl Strategy<Value = NaiveDate> {
    (0i64..=(end() - start()).num_days()).prop_map(|days| start() + chrono::Duration::days(days))
}

/// Ledger and history on its organisation.
fn ledger_and_history() -> impl Strategy<Value = (Ledger, Vec<Fact>, OrgHistory)> {
    strategy::ledger(30, 200).prop_flat_map(|(ledger, facts)| {
        let org = ledger.organisation().clone();
        (Just(ledger), Just(facts), strategy::reorganised(org, 4))
    })
}

const ACCOUNTS: [&str; 8] = [
    "1290", "3010", "3110", "4610", "5011", "6410", "7910", "8010",
];

/// `route` of `unit` on `account`, then each part through `next`.
fn composed(
    first: &UnitMapping,
    next: &UnitMapping,
    unit: &OrgUnitId,
    account: AccountCode,
) -> BTreeMap<OrgUnitId, Decimal> {
    let mut shares = BTreeMap::new();
    for (middle, share) in first.route(unit, account, None).unwrap().0 {
        for (target, part) in next.route(&middle, account, None).unwrap().0 {
            *shares.entry(target).or_insert(Decimal::ZERO) += share * part;
        }
    }
    shares.retain(|_, s| !s.is_zero());
    shares
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_organisation_of_any_date_is_a_valid_tree_of_the_units_valid_then(
        history in strategy::org_history(25, 4),
        day in any_day(),
    ) {
        let org = history.organisation_at(day).unwrap();
        prop_assert!(Organisation::from_units(org.units().to_vec()).is_ok());
        let in_tree: BTreeSet<&OrgUnitId> = org.units().iter().map(|u| &u.id).collect();
        let valid: BTreeSet<&OrgUnitId> = history
            .validities()
            .filter(|(_, v)| v.contains(day))
            .map(|(id, _)| id)
            .collect();
        prop_assert_eq!(in_tree, valid);
    }

    #[test]
    fn carrying_a_ledger_conserves_every_total((ledger, facts, history) in ledger_and_history()) {
        let mapping = history.mapping(start(), end()).unwrap();
        let carried = mapping.carry_ledger(&ledger).unwrap();
        prop_assert_eq!(carried.ledger.organisation(), mapping.target());
        // Per account, month and layer, the carried facts sum to the facts.
        let key = |f: &Fact| (f.account, f.month, f.layer);
        let mut before: BTreeMap<_, i128> = BTreeMap::new();
        for f in &facts {
            *before.entry(key(f)).or_default() += f.amount.ore();
        }
        let mut after: BTreeMap<_, i128> = BTreeMap::new();
        for f in carried.ledger.facts() {
            *after.entry(key(&f)).or_default() += f.amount.ore();
        }
        before.retain(|_, v| *v != 0);
        after.retain(|_, v| *v != 0);
        prop_assert_eq!(before, after);
        // Each changed unit's facts are all accounted for, layer by layer, in the provenance.
        let changed: BTreeSet<OrgUnitId> = mapping.changed_units().into_iter().collect();
        let mut recorded: BTreeMap<(OrgUnitId, Layer), i128> = BTreeMap::new();
        for c in &carried.contributions {
            *recorded.entry((c.source.clone(), c.layer)).or_default() += c.amount.ore();
        }
        let mut booked: BTreeMap<(OrgUnitId, Layer), i128> = BTreeMap::new();
        for f in facts.iter().filter(|f| changed.contains(&f.unit)) {
            *booked.entry((f.unit.clone(), f.layer)).or_default() += f.amount.ore();
        }
        recorded.retain(|_, v| *v != 0);
        booked.retain(|_, v| *v != 0);
        prop_assert_eq!(recorded, booked);
    }

    #[test]
    fn mapping_onto_the_same_date_is_the_identity((ledger, _facts, history) in ledger_and_history()) {
        let mapping = history.mapping(start(), start()).unwrap();
        prop_assert!(mapping.is_identity());
        prop_assert_eq!(mapping.carry_ledger(&ledger).unwrap().ledger, ledger);
    }

    #[test]
    fn two_steps_equal_the_combined_step(
        history in strategy::org_history(25, 4),
        middle in any_day(),
    ) {
        let first = history.mapping(start(), middle).unwrap();
        let next = history.mapping(middle, end()).unwrap();
        let whole = history.mapping(start(), end()).unwrap();
        for unit in first.source().units() {
            for account in ACCOUNTS {
                let account: AccountCode = account.parse().unwrap();
                let direct: BTreeMap<OrgUnitId, Decimal> =
                    whole.route(&unit.id, account, None).unwrap().0.into_iter().collect();
                prop_assert_eq!(&composed(&first, &next, &unit.id, account), &direct);
                prop_assert_eq!(direct.values().sum::<Decimal>(), Decimal::ONE);
            }
        }
    }

    #[test]
    fn summed_observations_keep_their_total(
        history in strategy::org_history(25, 4),
        values in proptest::collection::vec(-1_000_000i64..1_000_000, 25),
    ) {
        let mapping = history.mapping(start(), end()).unwrap();
        let indicator = Indicator {
            aggregation: Aggregation::Sum,
            ..Indicator::new("ANTAL".parse().unwrap(), "Antal", MeasureUnit::Count, Polarity::HigherIsBetter)
        };
        let period = ObservationPeriod::Year("2021".parse().unwrap());
        let observations: Vec<Observation> = mapping
            .source()
            .units()
            .iter()
            .zip(&values)
            .map(|(unit, v)| Observation::of_unit(indicator.id.clone(), unit.id.clone(), period, Measured::Number(Decimal::new(*v, 2))))
            .collect();
        let carried = mapping.carry_observations(&observations, std::slice::from_ref(&indicator)).unwrap();
        prop_assert!(carried.not_combined.is_empty());
        let total = |list: &[Observation]| -> Decimal {
            list.iter()
                .map(|o| match o.reading {
                    Reading::Value(Measured::Number(v)) => v,
                    _ => Decimal::ZERO,
                })
                .sum()
        };
        prop_assert_eq!(total(&carried.observations), total(&observations));
        for o in &carried.observations {
            if let styrmodell::steering::Subject::Unit(unit) = &o.subject {
                prop_assert!(mapping.target().get(unit.as_str()).is_some());
            }
        }
    }

    #[test]
    fn a_history_reads_back_from_json(history in strategy::org_history(25, 4)) {
        let json = serde_json::to_string(&history).unwrap();
        let back: OrgHistory = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, history);
    }
}
