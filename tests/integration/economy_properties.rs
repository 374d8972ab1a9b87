//! Laws of the economy: roll-ups conserve totals, periodisation splits exactly, eliminations
//! net to zero, the fast summation path agrees with plain decimals.

use std::collections::HashMap;

use proptest::prelude::*;
use styrmodell::group::{ConsolidationMethod, consolidate};
use styrmodell::periodise::{PeriodisationKey, Precision, split};
use styrmodell::*;

fn all_months() -> PeriodRange {
    "2022-01..2024-12".parse().unwrap()
}

/// Each unit's own outcome, summed with plain decimals.
fn own_sums(ledger: &Ledger, facts: &[Fact]) -> Vec<Decimal> {
    let mut own = vec![Decimal::ZERO; ledger.organisation().len()];
    for fact in facts.iter().filter(|f| f.layer == Layer::Outcome) {
        let i = ledger
            .organisation()
            .index_of(fact.unit.as_str())
            .unwrap()
            .get();
        own[i] += fact.amount.to_decimal();
    }
    own
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn root_is_the_sum_of_all_facts_and_nodes_are_own_plus_children((ledger, facts) in strategy::ledger(60, 400)) {
        let cube = ledger.roll_up(AccountGrouping::All, all_months());
        let totals = cube.subtotals(Measure::Outcome, None, all_months()).unwrap();
        let own = own_sums(&ledger, &facts);
        let everything: Decimal = own.iter().sum();
        prop_assert_eq!(totals[0].to_decimal(), everything);
        let org = ledger.organisation();
        for (i, unit) in org.units().iter().enumerate() {
            let children: Decimal = org
                .children(&unit.id)
                .unwrap()
                .iter()
                .map(|c| totals[org.index_of(c.id.as_str()).unwrap().get()].to_decimal())
                .sum();
            prop_assert_eq!(totals[i].to_decimal(), own[i] + children);
        }
    }

    #[test]
    fn results_do_not_depend_on_fact_order(
        (ledger, shuffled) in strategy::ledger(30, 300).prop_flat_map(|(ledger, facts)| (Just(ledger), Just(facts).prop_shuffle()))
    ) {
        let mut builder = Ledger::builder(ledger.organisation().clone(), ledger.chart().clone(), ledger.horizon());
        builder.extend(shuffled);
        if let Some(decision) = ledger.revision_decision(1) {
            builder.decide_revision(1, decision.clone());
        }
        let other = builder.build().unwrap();
        for grouping in [AccountGrouping::All, AccountGrouping::IncomeStatementLine, AccountGrouping::Class] {
            let a = ledger.roll_up(grouping, all_months());
            let b = other.roll_up(grouping, all_months());
            for measure in [Measure::Outcome, Measure::Budget(BudgetRule::Current), Measure::Budget(BudgetRule::Revision(0))] {
                prop_assert_eq!(a.subtotals(measure, None, all_months()).unwrap(), b.subtotals(measure, None, all_months()).unwrap());
            }
        }
    }

    #[test]
    fn fast_summation_equals_plain_decimal_summation((ledger, facts) in strategy::ledger(10, 500)) {
        let cube = ledger.roll_up(AccountGrouping::Account, all_months());
        let mut by_account: HashMap<AccountCode, Decimal> = HashMap::new();
        for fact in facts.iter().filter(|f| f.layer == Layer::Outcome) {
            *by_account.entry(fact.account).or_default() += fact.amount.to_decimal();
        }
        let root = ledger.organisation().index_of(ledger.organisation().root().id.as_str()).unwrap();
        for (account, expected) in by_account {
            let value = cube.value(root, Measure::Outcome, Some(Bucket::Account(account)), all_months()).unwrap();
            prop_assert_eq!(value.to_decimal(), expected);
        }
    }

    #[test]
    fn periodisation_sums_exactly_and_parts_are_within_one_unit(
        amount in strategy::amount(),
        weights in proptest::collection::vec(0u32..1000, 12),
        precision in prop_oneof![Just(Precision::Ore), Just(Precision::Kronor), Just(Precision::Tkr)],
    ) {
        prop_assume!(weights.iter().any(|w| *w > 0));
        let unit = precision.ore();
        let amount = Amount::from_ore(amount.ore() / unit * unit).unwrap();
        let months = PeriodRange::from(Year::new(2022).unwrap());
        let key = PeriodisationKey::Weights(weights.iter().map(|w| Decimal::from(*w)).collect());
        let parts = split(amount, months, &key, precision).unwrap();
        prop_assert_eq!(Amount::checked_sum(parts.iter().map(|(_, a)| *a)).unwrap(), amount);
        let total_weight: u32 = weights.iter().sum();
        for ((_, part), weight) in parts.iter().zip(&weights) {
            prop_assert_eq!(part.ore() % unit, 0);
            // |part − amount × w / W| < one unit, compared exactly in integers.
            let exact_numerator = amount.ore() * i128::from(*weight);
            let distance = (part.ore() * i128::from(total_weight) - exact_numerator).abs();
            prop_assert!(distance < unit * i128::from(total_weight));
        }
    }

    #[test]
    fn eliminations_net_to_zero(
        shares in proptest::collection::vec(1u32..=100, 1..4),
        sales in proptest::collection::vec((0usize..4, 0usize..4, 1i64..1_000_000, 1u32..=12), 0..40),
        full in any::<bool>(),
    ) {
        let (ledger, _) = group_ledger(&shares, &sales);
        let method = if full { ConsolidationMethod::Full } else { ConsolidationMethod::Proportional };
        let group = consolidate(&ledger, PeriodRange::from(Year::new(2022).unwrap()), method).unwrap();
        prop_assert!(group.mismatches.is_empty());
        let total = Amount::checked_sum(group.eliminations.iter().map(|e| e.amount)).unwrap();
        prop_assert!(total.is_zero());
        // With every company a subsidiary taken in full (or wholly owned), all internal sales
        // vanish from the group.
        if full && shares.iter().all(|s| *s > 50) || shares.iter().all(|s| *s == 100) {
            prop_assert!(group.lines.iter().all(|l| l.group.is_zero()), "{:?}", group.lines);
        }
    }
}

/// A municipality (entity 0) and companies with the given owned percentages, with matched
/// internal sales between entity pairs: the seller books revenue, the buyer the same cost.
fn group_ledger(shares: &[u32], sales: &[(usize, usize, i64, u32)]) -> (Ledger, Vec<Fact>) {
    let mut units = vec![
        OrgUnit::new("G", "Koncern", OrgUnitKind::Group).unwrap(),
        OrgUnit::new("KF", "Kommunen", OrgUnitKind::Council)
            .unwrap()
            .with_parent("G")
            .unwrap(),
    ];
    for (i, percent) in shares.iter().enumerate() {
        let info = CompanyInfo::new(
            "556123-4567".parse().unwrap(),
            Decimal::new(i64::from(*percent), 2),
            Financing::Fee,
        );
        units.push(
            OrgUnit::new(&format!("AB{i}"), "Bolag", OrgUnitKind::Company)
                .unwrap()
                .with_parent("G")
                .unwrap()
                .with_company(info),
        );
    }
    let org = Organisation::from_units(units).unwrap();
    let entity = |i: usize| {
        if i == 0 || i > shares.len() {
            "KF".to_owned()
        } else {
            format!("AB{}", i - 1)
        }
    };
    let chart = Chart::kommun_bas()
        .with_account("3010".parse().unwrap(), "Försäljning")
        .with_account("4610".parse().unwrap(), "Köp");
    let mut facts = Vec::new();
    for &(seller, buyer, ore, month) in sales {
        let (seller, buyer) = (entity(seller), entity(buyer));
        if seller == buyer {
            continue;
        }
        let month = Month::new(2022, month).unwrap();
        let amount = Amount::from_ore(i128::from(ore)).unwrap();
        facts.push(
            Fact::new(
                seller.parse().unwrap(),
                "3010".parse().unwrap(),
                month,
                Layer::Outcome,
                amount.negated(),
            )
            .with_counterpart(Counterpart::GroupEntity(buyer.parse().unwrap())),
        );
        facts.push(
            Fact::new(
                buyer.parse().unwrap(),
                "4610".parse().unwrap(),
                month,
                Layer::Outcome,
                amount,
            )
            .with_counterpart(Counterpart::GroupEntity(seller.parse().unwrap())),
        );
    }
    let mut builder = Ledger::builder(
        org,
        chart,
        PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap(),
    );
    builder.extend(facts.clone());
    (builder.build().unwrap(), facts)
}

/// The current budget per unit (own facts only) worked the plain way: per unit, account and
/// year the latest revision seen that has any fact there, its facts within `months` summed.
fn plain_current_budget(
    ledger: &Ledger,
    facts: &[Fact],
    sees: impl Fn(u16) -> bool,
    months: PeriodRange,
) -> Vec<Decimal> {
    let mut latest: HashMap<(OrgUnitId, AccountCode, i32), u16> = HashMap::new();
    for fact in facts {
        if let Layer::Budget { revision } = fact.layer {
            if sees(revision) {
                let key = (fact.unit.clone(), fact.account, fact.month.year().number());
                let entry = latest.entry(key).or_insert(revision);
                *entry = (*entry).max(revision);
            }
        }
    }
    let org = ledger.organisation();
    let mut own = vec![Decimal::ZERO; org.len()];
    for fact in facts {
        let Layer::Budget { revision } = fact.layer else {
            continue;
        };
        let key = (fact.unit.clone(), fact.account, fact.month.year().number());
        if latest.get(&key) == Some(&revision) && months.contains(fact.month) {
            own[org.index_of(fact.unit.as_str()).unwrap().get()] += fact.amount.to_decimal();
        }
    }
    own
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Three revisions (0; 1 decided 2022-04-25; 2 decided 2022-09-01, entered for some of
    /// revision 1's facts): as of June two are seen, as of December all three, and each
    /// roll-up path gives the plain current budget of every unit's subtree.
    #[test]
    fn the_current_budget_is_the_latest_revision_seen_per_unit_account_and_year(
        (ledger, facts) in strategy::ledger(20, 300),
        every in 1usize..4,
    ) {
        let mut facts = facts;
        let third: Vec<Fact> = facts
            .iter()
            .filter(|f| f.layer == Layer::Budget { revision: 1 })
            .step_by(every)
            .map(|f| Fact { layer: Layer::Budget { revision: 2 }, ..f.clone() })
            .collect();
        facts.extend(third);
        let mut builder = Ledger::builder(ledger.organisation().clone(), ledger.chart().clone(), ledger.horizon());
        builder.extend(facts.clone());
        let root = ledger.organisation().root().id.clone();
        builder.decide_revision(1, DecisionRef::new(root.clone(), NaiveDate::from_ymd_opt(2022, 4, 25).unwrap()));
        builder.decide_revision(2, DecisionRef::new(root, NaiveDate::from_ymd_opt(2022, 9, 1).unwrap()));
        let ledger = builder.build().unwrap();
        let months = all_months();
        let org = ledger.organisation();
        for (as_of, seen) in [("2022-03", 0u16), ("2022-06", 1), ("2022-12", 2)] {
            let view = ledger.as_of(AsOf::end_of(as_of.parse().unwrap()));
            let cube = view.roll_up(AccountGrouping::All, months);
            let totals = cube.subtotals(Measure::Budget(BudgetRule::Current), None, months).unwrap();
            let own = plain_current_budget(&ledger, &facts, |r| r <= seen, months);
            for (i, unit) in org.units().iter().enumerate() {
                let index = org.index_of(unit.id.as_str()).unwrap();
                let expected: Decimal = own[org.subtree_range(index)].iter().sum();
                prop_assert_eq!(totals[i].to_decimal(), expected, "unit {} as of {}", unit.id, as_of);
            }
        }
        // Everything seen, without a date: the bits made at build.
        let cube = ledger.roll_up(AccountGrouping::All, months);
        let totals = cube.subtotals(Measure::Budget(BudgetRule::Current), None, months).unwrap();
        let own = plain_current_budget(&ledger, &facts, |_| true, months);
        prop_assert_eq!(totals[0].to_decimal(), own.iter().sum::<Decimal>());
    }
}

#[test]
fn sums_beyond_i64_are_exact() {
    // Two facts of 6·10^18 öre on one unit and cell: their sum, 1.2·10^19 öre, is past i64, so
    // the unit is summed in i128 straight (worked by hand: 2 × 60 000 000 000 000 000 kr).
    let org = strategy_free_org();
    let chart = Chart::kommun_bas().with_account("5011".parse().unwrap(), "Löner");
    let mut builder = Ledger::builder(
        org,
        chart,
        PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap(),
    );
    let huge = Amount::from_ore(6_000_000_000_000_000_000).unwrap();
    for _ in 0..2 {
        builder.push(Fact::new(
            "U".parse().unwrap(),
            "5011".parse().unwrap(),
            "2022-03".parse().unwrap(),
            Layer::Outcome,
            huge,
        ));
    }
    builder.push(Fact::new(
        "V".parse().unwrap(),
        "5011".parse().unwrap(),
        "2022-03".parse().unwrap(),
        Layer::Outcome,
        Amount::from_ore(1).unwrap(),
    ));
    let ledger = builder.build().unwrap();
    let months: PeriodRange = "2022-01..2022-12".parse().unwrap();
    let cube = ledger.roll_up(AccountGrouping::All, months);
    let value = |unit: &str| {
        cube.value_of(&unit.parse().unwrap(), Measure::Outcome, None, months)
            .unwrap()
            .ore()
    };
    assert_eq!(value("U"), 12_000_000_000_000_000_000);
    assert_eq!(value("V"), 1);
    assert_eq!(value("R"), 12_000_000_000_000_000_001);
}

fn strategy_free_org() -> Organisation {
    Organisation::builder()
        .unit(OrgUnit::new("R", "Rot", OrgUnitKind::Council).unwrap())
        .unit(
            OrgUnit::new("U", "U", OrgUnitKind::Unit)
                .unwrap()
                .with_parent("R")
                .unwrap(),
        )
        .unit(
            OrgUnit::new("V", "V", OrgUnitKind::Unit)
                .unwrap()
                .with_parent("R")
                .unwrap(),
        )
        .build()
        .unwrap()
}
