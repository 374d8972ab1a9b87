use super::*;
use crate::org::{OrgUnit, OrgUnitKind};
use crate::period::Year;

pub(crate) fn small_org() -> Organisation {
    Organisation::from_units(vec![
        OrgUnit::new("KF", "KF", OrgUnitKind::Council).unwrap(),
        OrgUnit::new("SN", "SN", OrgUnitKind::Committee)
            .unwrap()
            .with_parent("KF")
            .unwrap(),
        OrgUnit::new("U1", "U1", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("SN")
            .unwrap(),
        OrgUnit::new("U2", "U2", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("SN")
            .unwrap(),
    ])
    .unwrap()
}

pub(crate) fn small_chart() -> Chart {
    Chart::kommun_bas()
        .with_account("3110".parse().unwrap(), "Avgifter")
        .with_account("5011".parse().unwrap(), "Löner")
        .with_account("1290".parse().unwrap(), "Pågående investeringar")
}

pub(crate) fn horizon() -> PlanHorizon {
    PlanHorizon::new(Year::new(2022).unwrap(), 2).unwrap()
}

pub(crate) fn fact(unit: &str, account: &str, month: &str, layer: Layer, kronor: i64) -> Fact {
    Fact::new(
        unit.parse().unwrap(),
        account.parse().unwrap(),
        month.parse().unwrap(),
        layer,
        Amount::from_kronor(kronor),
    )
}

#[test]
fn stores_and_gives_back_facts() {
    let mut builder = Ledger::builder(small_org(), small_chart(), horizon());
    let facts = vec![
        fact("U1", "5011", "2022-01", Layer::Outcome, 100),
        fact("U2", "3110", "2024-12", Layer::ORIGINAL_BUDGET, -50)
            .with_project("P1".parse().unwrap())
            .with_counterpart(Counterpart::External),
        fact(
            "SN",
            "5011",
            "2022-03",
            Layer::Forecast {
                made: "2022-02".parse().unwrap(),
            },
            7,
        ),
    ];
    builder.extend(facts.clone());
    let ledger = builder.build().unwrap();
    assert_eq!(ledger.len(), 3);
    // Back grouped by unit in pre-order (KF, SN, U1, U2), in the order added within a unit.
    let grouped = vec![facts[2].clone(), facts[0].clone(), facts[1].clone()];
    assert_eq!(ledger.facts().collect::<Vec<_>>(), grouped);
    assert_eq!(
        ledger.forecasts_made_in(Year::new(2022).unwrap().months()),
        vec!["2022-02".parse::<Month>().unwrap()]
    );
}

#[test]
fn reports_every_bad_fact_with_its_position() {
    let mut builder = Ledger::builder(small_org(), small_chart(), horizon());
    builder.push(fact("U1", "5011", "2022-01", Layer::Outcome, 1));
    builder.push(fact("GHOST", "5011", "2022-01", Layer::Outcome, 1));
    builder.push(fact("U1", "4999", "2022-01", Layer::Outcome, 1));
    builder.push(fact("U1", "5011", "2025-01", Layer::Outcome, 1));
    builder.push(fact("U2", "5011", "2021-12", Layer::Outcome, 1));
    let big = Amount::from_ore(i128::from(i64::MAX) + 1).unwrap();
    builder.push(Fact::new(
        "U1".parse().unwrap(),
        "5011".parse().unwrap(),
        "2022-01".parse().unwrap(),
        Layer::Outcome,
        big,
    ));
    let errors = builder.build().unwrap_err();
    assert_eq!(errors.0.len(), 5, "{errors}");
    assert_eq!(
        errors.0[0],
        LedgerError::UnknownUnit {
            position: 2,
            unit: "GHOST".into()
        }
    );
    assert_eq!(
        errors.0[1],
        LedgerError::UnknownAccount {
            position: 3,
            account: "4999".parse().unwrap()
        }
    );
    assert!(matches!(
        errors.0[2],
        LedgerError::OutsideHorizon { position: 4, .. }
    ));
    assert!(matches!(
        errors.0[3],
        LedgerError::OutsideHorizon { position: 5, .. }
    ));
    assert!(matches!(
        errors.0[4],
        LedgerError::AmountTooLarge { position: 6, .. }
    ));
    let text = errors.to_string();
    for needle in ["fact 2", "GHOST", "4999", "2025-01", "2021-12"] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
}

#[test]
fn partial_build_keeps_the_good_facts() {
    let mut builder = Ledger::builder(small_org(), small_chart(), horizon());
    builder.push(fact("U1", "5011", "2022-01", Layer::Outcome, 1));
    builder.push(fact("GHOST", "5011", "2022-01", Layer::Outcome, 1));
    builder.push(fact("U2", "5011", "2022-01", Layer::Outcome, 2));
    let (ledger, errors) = builder.build_partial();
    assert_eq!(ledger.len(), 2);
    assert_eq!(errors.len(), 1);
}

#[test]
fn history_years_extend_the_months() {
    let mut builder = Ledger::builder(small_org(), small_chart(), horizon()).with_history(1);
    builder.push(fact("U2", "5011", "2021-01", Layer::Outcome, 1));
    let ledger = builder.build().unwrap();
    assert_eq!(ledger.months().to_string(), "2021-01..2024-12");
}

#[test]
fn tags_cost_nothing_until_used() {
    let mut builder = Ledger::builder(small_org(), small_chart(), horizon());
    builder.reserve(2);
    builder.push(fact("U1", "5011", "2022-01", Layer::Outcome, 1));
    builder.push(fact("U1", "5011", "2022-02", Layer::Outcome, 1));
    let untagged = builder.clone().build().unwrap();
    assert!(untagged.columns.tag.is_empty());
    builder
        .push(fact("U1", "1290", "2022-02", Layer::Outcome, 1).with_project("P".parse().unwrap()));
    let tagged = builder.build().unwrap();
    assert_eq!(tagged.columns.tag, vec![0, 0, 1]);
}

#[test]
fn project_ids_are_validated() {
    assert!("KS-2020-339".parse::<ProjectId>().is_ok());
    let err = " P".parse::<ProjectId>().unwrap_err();
    assert!(err.to_string().contains("\" P\"") && err.to_string().contains("project"));
}
