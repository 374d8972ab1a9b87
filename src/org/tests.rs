use super::*;

fn unit(id: &str, kind: OrgUnitKind, parent: Option<&str>) -> OrgUnit {
    let unit = OrgUnit::new(id, &format!("Unit {id}"), kind).unwrap();
    match parent {
        Some(parent) => unit.with_parent(parent).unwrap(),
        None => unit,
    }
}

fn id(text: &str) -> OrgUnitId {
    text.parse().unwrap()
}

fn company(share: Decimal) -> CompanyInfo {
    CompanyInfo::new("212000-0142".parse().unwrap(), share, Financing::Fee)
}

fn sample() -> Organisation {
    // Given out of order on purpose: the tree must not depend on input order.
    Organisation::from_units(vec![
        unit("S1", OrgUnitKind::Unit, Some("ADM")),
        unit("KF", OrgUnitKind::Council, None),
        unit("BSN", OrgUnitKind::Committee, Some("KF")),
        unit("ADM", OrgUnitKind::Administration, Some("BSN")),
        unit("S2", OrgUnitKind::Unit, Some("ADM")),
        unit("SN", OrgUnitKind::Committee, Some("KF")),
        unit("H1", OrgUnitKind::Unit, Some("SN")),
    ])
    .unwrap()
}

#[test]
fn builds_pre_order_with_children_in_given_order() {
    let org = sample();
    let ids: Vec<&str> = org.units().iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["KF", "BSN", "ADM", "S1", "S2", "SN", "H1"]);
    assert_eq!(org.root().id.as_str(), "KF");
    let bsn = org.index_of("BSN").unwrap();
    assert_eq!(org.subtree_range(bsn), 1..5);
}

#[test]
fn queries() {
    let org = sample();
    assert_eq!(org.parent(&id("ADM")).unwrap().unwrap().id.as_str(), "BSN");
    assert!(org.parent(&id("KF")).unwrap().is_none());
    let names = |units: Vec<&OrgUnit>| units.iter().map(|u| u.id.to_string()).collect::<Vec<_>>();
    assert_eq!(names(org.children(&id("KF")).unwrap()), ["BSN", "SN"]);
    assert_eq!(names(org.children(&id("ADM")).unwrap()), ["S1", "S2"]);
    assert!(org.children(&id("S1")).unwrap().is_empty());
    assert_eq!(
        names(org.ancestors(&id("S2")).unwrap()),
        ["ADM", "BSN", "KF"]
    );
    assert_eq!(
        names(org.path(&id("S2")).unwrap()),
        ["KF", "BSN", "ADM", "S2"]
    );
    assert_eq!(org.depth(&id("S2")).unwrap(), 3);
    assert_eq!(org.descendants(&id("BSN")).unwrap().len(), 3);
    assert_eq!(
        names(org.of_kind_within(&id("KF"), OrgUnitKind::Unit).unwrap()),
        ["S1", "S2", "H1"]
    );
    assert_eq!(
        names(
            org.of_kind_within(&id("SN"), OrgUnitKind::Committee)
                .unwrap()
        ),
        ["SN"]
    );
    let err = org.depth(&id("XX")).unwrap_err();
    assert_eq!(err, OrgError::UnknownUnit { id: "XX".into() });
    assert!(err.to_string().contains("XX"));
}

#[test]
fn reports_every_problem_at_once() {
    let mut bad_company = unit("AB", OrgUnitKind::Company, Some("KF"));
    bad_company.company = Some(company(Decimal::new(15, 1)));
    let errors = Organisation::from_units(vec![
        unit("KF", OrgUnitKind::Council, None),
        unit("KF", OrgUnitKind::Committee, None),
        unit("X", OrgUnitKind::Unit, Some("NOPE")),
        unit("ROOT2", OrgUnitKind::Council, None),
        unit("A", OrgUnitKind::Unit, Some("B")),
        unit("B", OrgUnitKind::Unit, Some("A")),
        bad_company,
    ])
    .unwrap_err();
    let text = errors.to_string();
    assert!(
        errors.0.contains(&OrgError::DuplicateId {
            id: id("KF"),
            first: 1,
            second: 2
        }),
        "{text}"
    );
    assert!(
        errors.0.contains(&OrgError::UnknownParent {
            id: id("X"),
            parent: id("NOPE")
        }),
        "{text}"
    );
    assert!(
        errors.0.contains(&OrgError::MultipleRoots {
            ids: vec![id("KF"), id("ROOT2")]
        }),
        "{text}"
    );
    assert!(
        errors.0.contains(&OrgError::Cycle {
            ids: vec![id("A"), id("B")]
        }),
        "{text}"
    );
    assert!(
        errors.0.contains(&OrgError::ShareOutOfRange {
            id: id("AB"),
            share: Decimal::new(15, 1)
        }),
        "{text}"
    );
    for needle in ["KF", "NOPE", "ROOT2", "A -> B -> A", "1.5"] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
}

#[test]
fn self_parent_is_a_cycle() {
    let errors = Organisation::from_units(vec![
        unit("KF", OrgUnitKind::Council, None),
        unit("L", OrgUnitKind::Unit, Some("L")),
    ])
    .unwrap_err();
    assert_eq!(errors.0, vec![OrgError::Cycle { ids: vec![id("L")] }]);
}

#[test]
fn company_information_must_match_kind() {
    let errors = Organisation::from_units(vec![
        unit("KF", OrgUnitKind::Council, None),
        unit("AB", OrgUnitKind::Company, Some("KF")),
        unit("U", OrgUnitKind::Unit, Some("KF")).with_company(company(Decimal::ONE)),
    ])
    .unwrap_err();
    assert_eq!(
        errors.0,
        vec![
            OrgError::MissingCompanyInfo { id: id("AB") },
            OrgError::UnexpectedCompanyInfo {
                id: id("U"),
                kind: OrgUnitKind::Unit
            }
        ]
    );
}

#[test]
fn empty_is_an_error() {
    assert_eq!(
        Organisation::from_units(vec![]).unwrap_err().0,
        vec![OrgError::Empty]
    );
}

#[test]
fn relation_follows_share() {
    assert_eq!(
        GroupRelation::from_share(Decimal::ONE),
        GroupRelation::Subsidiary
    );
    assert_eq!(
        GroupRelation::from_share(Decimal::new(5, 1)),
        GroupRelation::Associate
    );
    assert_eq!(
        GroupRelation::from_share(Decimal::new(2, 1)),
        GroupRelation::Associate
    );
    assert_eq!(
        GroupRelation::from_share(Decimal::new(1, 1)),
        GroupRelation::Other
    );
}

#[test]
fn org_numbers() {
    assert_eq!(
        "212000-0142".parse::<OrgNumber>().unwrap().to_string(),
        "212000-0142"
    );
    for bad in [
        "212000-0143",
        "21200-00142",
        "2120000142x",
        "212000--0142",
        "",
    ] {
        let err = bad.parse::<OrgNumber>().unwrap_err();
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
    }
}

#[test]
fn ids_are_validated() {
    for bad in ["", " A", "A ", "A\nB"] {
        assert!(
            matches!(bad.parse::<OrgUnitId>(), Err(OrgError::InvalidId { .. })),
            "{bad:?}"
        );
    }
    assert!("x".repeat(65).parse::<OrgUnitId>().is_err());
    assert!("Förskola Ängen 2".parse::<OrgUnitId>().is_ok());
}

#[test]
fn serde_round_trip_validates() {
    let org = sample();
    let json = serde_json::to_string(&org).unwrap();
    let back: Organisation = serde_json::from_str(&json).unwrap();
    assert_eq!(back, org);
    let cyclic = r#"{"units":[{"id":"A","name":"A","kind":"unit","parent":"B"},{"id":"B","name":"B","kind":"unit","parent":"A"}]}"#;
    let err = serde_json::from_str::<Organisation>(cyclic).unwrap_err();
    assert!(err.to_string().contains("cycle"), "{err}");
}

#[test]
fn renders_tree() {
    let text = sample().render_tree();
    assert!(
        text.starts_with("Unit KF (KF, kommunfullmäktige)\n  Unit BSN (BSN, nämnd)\n"),
        "{text}"
    );
}
