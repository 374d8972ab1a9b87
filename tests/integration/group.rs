//! Group consolidation by relation, worked by hand on small groups: subsidiaries and
//! associates at their owned share, small holdings left out, ownership multiplied through a
//! holding company, a kommunalförbund at the member's share, eliminations only between the
//! two consolidated parties, and transactions within one party left to that party.

use styrmodell::group::{ConsolidationMethod, Membership, consolidate};
use styrmodell::*;

/// A party: id, kind, parent, share in per cent (None for no company information).
type Party = (&'static str, OrgUnitKind, &'static str, Option<i64>);

fn org(parties: &[Party]) -> Organisation {
    let mut units = vec![
        OrgUnit::new("G", "Koncern", OrgUnitKind::Group).unwrap(),
        OrgUnit::new("KF", "Kommunen", OrgUnitKind::Council)
            .unwrap()
            .with_parent("G")
            .unwrap(),
        OrgUnit::new("A", "Enhet A", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("KF")
            .unwrap(),
        OrgUnit::new("B", "Enhet B", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("KF")
            .unwrap(),
    ];
    for &(id, kind, parent, percent) in parties {
        let mut unit = OrgUnit::new(id, id, kind)
            .unwrap()
            .with_parent(parent)
            .unwrap();
        if let Some(percent) = percent {
            unit = unit.with_company(CompanyInfo::new(
                "556123-4567".parse().unwrap(),
                Decimal::new(percent, 2),
                Financing::Fee,
            ));
        }
        units.push(unit);
    }
    Organisation::from_units(units).unwrap()
}

/// A fact of 2022-03 outcome in kronor on `account`, with an optional counterpart.
fn fact(unit: &str, account: &str, kronor: i64, counterpart: Option<Counterpart>) -> Fact {
    let fact = Fact::new(
        unit.parse().unwrap(),
        account.parse().unwrap(),
        "2022-03".parse().unwrap(),
        Layer::Outcome,
        Amount::from_kronor(kronor),
    );
    match counterpart {
        Some(c) => fact.with_counterpart(c),
        None => fact,
    }
}

fn with(id: &str) -> Option<Counterpart> {
    id.parse().ok().map(Counterpart::GroupEntity)
}

fn consolidated(
    parties: &[Party],
    facts: Vec<Fact>,
    method: ConsolidationMethod,
) -> group::Consolidation {
    let chart = Chart::kommun_bas()
        .with_account("3010".parse().unwrap(), "Försäljning")
        .with_account("4610".parse().unwrap(), "Köp");
    let mut builder = Ledger::builder(
        org(parties),
        chart,
        PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap(),
    );
    builder.extend(facts);
    let ledger = builder.build().unwrap();
    consolidate(&ledger, Year::new(2022).unwrap().into(), method).unwrap()
}

fn line(c: &group::Consolidation, line: IncomeStatementLine) -> &group::ConsolidatedLine {
    c.lines.iter().find(|l| l.line == line).unwrap()
}

fn member<'a>(c: &'a group::Consolidation, id: &str) -> &'a group::GroupMember {
    c.members.iter().find(|m| m.entity.as_str() == id).unwrap()
}

const REVENUE: IncomeStatementLine = IncomeStatementLine::OperatingRevenue;
const COSTS: IncomeStatementLine = IncomeStatementLine::OperatingCosts;

#[test]
fn a_five_per_cent_holding_is_not_consolidated() {
    let parties = [("SMALL", OrgUnitKind::Company, "G", Some(5))];
    let c = consolidated(
        &parties,
        vec![
            fact("A", "3010", -1_000, None),
            fact("SMALL", "3010", -10_000, None),
        ],
        ConsolidationMethod::Proportional,
    );
    assert_eq!(member(&c, "SMALL").membership, Membership::NotConsolidated);
    // The group's revenue is the municipality's alone, not 5 % of the holding's on top.
    assert_eq!(line(&c, REVENUE).group, Amount::from_kronor(-1_000));
}

#[test]
fn ownership_is_multiplied_through_a_holding_company() {
    // The municipality owns all of a holding company, which owns 60 % of X and 30 % of Y;
    // Y owns 40 % of Z, an associate's associate, which is not consolidated.
    let parties = [
        ("HOLD", OrgUnitKind::Company, "G", Some(100)),
        ("X", OrgUnitKind::Company, "HOLD", Some(60)),
        ("Y", OrgUnitKind::Company, "HOLD", Some(30)),
        ("Z", OrgUnitKind::Company, "Y", Some(40)),
    ];
    let c = consolidated(
        &parties,
        vec![
            fact("X", "3010", -1_000, None),
            fact("Y", "3010", -1_000, None),
            fact("Z", "3010", -1_000, None),
        ],
        ConsolidationMethod::Proportional,
    );
    assert_eq!(member(&c, "X").share, Decimal::new(6, 1));
    assert_eq!(member(&c, "X").membership, Membership::Subsidiary);
    assert_eq!(member(&c, "Y").membership, Membership::Associate);
    assert_eq!(member(&c, "Z").membership, Membership::NotConsolidated);
    assert_eq!(member(&c, "Z").share, Decimal::new(12, 2));
    // 60 % of X's 1 000 and 30 % of Y's 1 000.
    assert_eq!(line(&c, REVENUE).group, Amount::from_kronor(-900));
    // In full, the subsidiary X counts wholly; the associate Y still at 30 %.
    let full = consolidated(
        &parties,
        vec![
            fact("X", "3010", -1_000, None),
            fact("Y", "3010", -1_000, None),
        ],
        ConsolidationMethod::Full,
    );
    assert_eq!(line(&full, REVENUE).group, Amount::from_kronor(-1_300));
}

#[test]
fn a_kommunalforbund_enters_at_the_member_share() {
    let parties = [("FORB", OrgUnitKind::Association, "G", Some(25))];
    let c = consolidated(
        &parties,
        vec![fact("FORB", "4610", 8_000, None)],
        ConsolidationMethod::Proportional,
    );
    assert_eq!(member(&c, "FORB").membership, Membership::Federation);
    assert_eq!(line(&c, COSTS).group, Amount::from_kronor(2_000));
}

#[test]
fn a_kommunalforbund_without_its_share_is_an_error_that_names_it() {
    let chart = Chart::kommun_bas();
    let ledger = Ledger::builder(
        org(&[("FORB", OrgUnitKind::Association, "G", None)]),
        chart,
        PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap(),
    )
    .build()
    .unwrap();
    let err = consolidate(
        &ledger,
        Year::new(2022).unwrap().into(),
        ConsolidationMethod::Full,
    )
    .unwrap_err();
    assert!(err.to_string().contains("FORB"), "{err}");
}

#[test]
fn transactions_within_one_party_stay_within_it() {
    // Internal rent between two units of the municipality, and a company's own internal
    // transaction: neither changes the municipality's or the group's revenue.
    let parties = [("AB", OrgUnitKind::Company, "G", Some(100))];
    let internal = Some(Counterpart::Internal);
    let c = consolidated(
        &parties,
        vec![
            fact("A", "3010", -500, internal.clone()),
            fact("B", "4610", 500, internal.clone()),
            fact("A", "3010", -1_000, None),
            fact("AB", "3010", -300, internal.clone()),
            fact("AB", "4610", 300, internal),
        ],
        ConsolidationMethod::Proportional,
    );
    let revenue = line(&c, REVENUE);
    assert_eq!(revenue.municipality, Amount::from_kronor(-1_000));
    assert_eq!(revenue.group, Amount::from_kronor(-1_000));
    assert_eq!(line(&c, COSTS).municipality, Amount::ZERO);
}

#[test]
fn eliminations_only_between_the_two_consolidated_parties_at_the_smaller_share() {
    // The municipality buys 1 000 from a 40 % associate and 1 000 from a 10 % holding.
    let parties = [
        ("ASSOC", OrgUnitKind::Company, "G", Some(40)),
        ("SMALL", OrgUnitKind::Company, "G", Some(10)),
    ];
    let c = consolidated(
        &parties,
        vec![
            fact("A", "4610", 1_000, with("ASSOC")),
            fact("ASSOC", "3010", -1_000, with("KF")),
            fact("A", "4610", 1_000, with("SMALL")),
            fact("SMALL", "3010", -1_000, with("KF")),
        ],
        ConsolidationMethod::Proportional,
    );
    // With the associate: 40 % of the purchase is eliminated against its 40 % sale; the other
    // 60 % is bought from its other owners. The small holding is outside: nothing eliminated.
    assert_eq!(line(&c, COSTS).group, Amount::from_kronor(600 + 1_000));
    assert_eq!(line(&c, REVENUE).group, Amount::ZERO);
    assert!(
        c.eliminations
            .iter()
            .all(|e| e.entity.as_str() != "SMALL" && e.counterpart.as_str() != "SMALL")
    );
    assert!(c.mismatches.is_empty());
}
