//! Laws of the foundation types, over generated values.

use std::collections::BTreeSet;

use proptest::prelude::*;
use styrmodell::{Amount, Month, PeriodRange, strategy};

proptest! {
    #[test]
    fn month_display_parse_round_trip(month in strategy::month()) {
        let text = month.to_string();
        prop_assert_eq!(text.len(), 7);
        prop_assert_eq!(text.parse::<Month>().unwrap(), month);
    }

    #[test]
    fn month_arithmetic_is_consistent(month in strategy::month(), steps in -600i32..600) {
        let moved = month.checked_add(steps).unwrap();
        prop_assert_eq!(moved.months_since(month), i64::from(steps));
        prop_assert_eq!(moved.checked_add(-steps).unwrap(), month);
        prop_assert_eq!(steps > 0, moved > month);
        let next = month.next().unwrap();
        prop_assert!(next.number() == month.number() + 1 || (month.number() == 12 && next.number() == 1));
    }

    #[test]
    fn ranges_hold_their_months(range in strategy::period_range()) {
        let months: Vec<Month> = range.months().collect();
        prop_assert_eq!(months.len(), range.month_count() as usize);
        prop_assert!(months.iter().all(|m| range.contains(*m)));
        prop_assert_eq!(range.to_string().parse::<PeriodRange>().unwrap(), range);
        let ytd = PeriodRange::year_to_date(range.end());
        prop_assert_eq!(ytd.month_count(), range.end().number());
    }

    #[test]
    fn amount_display_parse_round_trip(amount in strategy::amount()) {
        prop_assert_eq!(amount.to_string().parse::<Amount>().unwrap(), amount);
        let swedish = amount.report().decimals(2).to_string();
        prop_assert_eq!(swedish.parse::<Amount>().unwrap(), amount);
    }

    #[test]
    fn sums_do_not_depend_on_order(amounts in proptest::collection::vec(strategy::amount(), 0..200)) {
        let forward = Amount::checked_sum(amounts.iter().copied()).unwrap();
        let backward = Amount::checked_sum(amounts.iter().rev().copied()).unwrap();
        prop_assert_eq!(forward, backward);
        let mut stepwise = Amount::ZERO;
        for a in &amounts {
            stepwise = stepwise.checked_add(*a).unwrap();
        }
        prop_assert_eq!(forward, stepwise);
    }

    #[test]
    fn exact_percent_comparison_agrees_with_pooled_parts(a in strategy::ratio(), b in strategy::ratio()) {
        let pooled = styrmodell::Ratio::pooled([a, b]).unwrap().unwrap();
        prop_assert_eq!(pooled.numerator(), a.numerator() + b.numerator());
        // The pooled share lies between its parts.
        let (low, high) = if a.cmp_value(b).unwrap().is_le() { (a, b) } else { (b, a) };
        prop_assert!(low.cmp_value(pooled).unwrap().is_le());
        prop_assert!(pooled.cmp_value(high).unwrap().is_le());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn ancestors_end_at_the_root(org in strategy::organisation(2_000)) {
        let root = &org.root().id;
        for unit in org.units() {
            let ancestors = org.ancestors(&unit.id).unwrap();
            prop_assert_eq!(ancestors.len(), org.depth(&unit.id).unwrap() as usize);
            let top = ancestors.last().map_or(&unit.id, |last| &last.id);
            prop_assert_eq!(top, root);
        }
    }

    #[test]
    fn childrens_descendants_partition_a_nodes_descendants(org in strategy::organisation(2_000)) {
        for unit in org.units() {
            let descendants: BTreeSet<&str> =
                org.descendants(&unit.id).unwrap().iter().map(|u| u.id.as_str()).collect();
            let mut covered = BTreeSet::new();
            for child in org.children(&unit.id).unwrap() {
                for member in org.subtree(&child.id).unwrap() {
                    // Disjoint: no unit is under two children.
                    prop_assert!(covered.insert(member.id.as_str()));
                }
            }
            prop_assert_eq!(covered, descendants);
        }
    }
}
