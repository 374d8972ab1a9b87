//! Each bad input of the foundation gives its typed error, and the message names the value.

use styrmodell::*;

fn unit(id: &str, parent: Option<&str>) -> OrgUnit {
    let unit = OrgUnit::new(id, id, OrgUnitKind::Unit).unwrap();
    match parent {
        Some(parent) => unit.with_parent(parent).unwrap(),
        None => unit,
    }
}

fn build_errors(units: Vec<OrgUnit>) -> OrgErrors {
    Organisation::from_units(units).unwrap_err()
}

fn id(text: &str) -> OrgUnitId {
    text.parse().unwrap()
}

#[test]
fn duplicate_id() {
    let errors = build_errors(vec![
        unit("ROOT", None),
        unit("DUP", Some("ROOT")),
        unit("DUP", Some("ROOT")),
    ]);
    assert_eq!(
        errors.0,
        vec![OrgError::DuplicateId {
            id: id("DUP"),
            first: 2,
            second: 3
        }]
    );
    assert!(errors.to_string().contains("DUP"));
}

#[test]
fn unknown_parent() {
    let errors = build_errors(vec![unit("ROOT", None), unit("CHILD", Some("GHOST"))]);
    assert_eq!(
        errors.0,
        vec![OrgError::UnknownParent {
            id: id("CHILD"),
            parent: id("GHOST")
        }]
    );
    assert!(errors.to_string().contains("GHOST"));
}

#[test]
fn cycle() {
    let errors = build_errors(vec![
        unit("ROOT", None),
        unit("A", Some("C")),
        unit("B", Some("A")),
        unit("C", Some("B")),
    ]);
    assert_eq!(
        errors.0,
        vec![OrgError::Cycle {
            ids: vec![id("A"), id("C"), id("B")]
        }]
    );
    assert!(errors.to_string().contains("A -> C -> B -> A"), "{errors}");
}

#[test]
fn two_roots() {
    let errors = build_errors(vec![unit("KF1", None), unit("KF2", None)]);
    assert_eq!(
        errors.0,
        vec![OrgError::MultipleRoots {
            ids: vec![id("KF1"), id("KF2")]
        }]
    );
    let text = errors.to_string();
    assert!(text.contains("KF1") && text.contains("KF2"), "{text}");
}

#[test]
fn share_above_one() {
    let share = Decimal::new(15, 1);
    let company = OrgUnit::new("AB", "Bolaget AB", OrgUnitKind::Company)
        .unwrap()
        .with_parent("ROOT")
        .unwrap()
        .with_company(CompanyInfo::new(
            "556123-4567".parse().unwrap(),
            share,
            Financing::Fee,
        ));
    let errors = build_errors(vec![unit("ROOT", None), company]);
    assert_eq!(
        errors.0,
        vec![OrgError::ShareOutOfRange {
            id: id("AB"),
            share
        }]
    );
    let text = errors.to_string();
    assert!(text.contains("AB") && text.contains("1.5"), "{text}");
}

#[test]
fn account_with_a_letter() {
    let err = "12a4".parse::<AccountCode>().unwrap_err();
    assert_eq!(
        err,
        ChartError::InvalidAccount {
            input: "12a4".into()
        }
    );
    assert!(err.to_string().contains("12a4"));
}

#[test]
fn month_thirteen() {
    let err = "2022-13".parse::<Month>().unwrap_err();
    assert_eq!(
        err,
        PeriodError::MonthOutOfRange {
            year: 2022,
            month: 13
        }
    );
    assert!(err.to_string().contains("13") && err.to_string().contains("2022"));
}

#[test]
fn amount_with_two_points() {
    let err = "12.5.0".parse::<Amount>().unwrap_err();
    assert!(matches!(err, AmountError::Parse { ref input, .. } if input == "12.5.0"));
    assert!(err.to_string().contains("12.5.0"));
}

#[test]
fn json_with_a_bad_month() {
    let json = r#"{"year":"2022","points":[{"kind":"interim","as_of":"2022-13","assesses_goals":true,"forecast_basis":null}]}"#;
    let err = serde_json::from_str::<ReportingCalendar>(json).unwrap_err();
    assert!(
        err.to_string().contains("2022-13") || err.to_string().contains("month 13"),
        "{err}"
    );
    let err = serde_json::from_str::<Month>("\"2022-13\"").unwrap_err();
    assert!(err.to_string().contains("13"), "{err}");
}

#[test]
fn umbrella_error_keeps_the_message() {
    let err: Error = "2022-13".parse::<Month>().unwrap_err().into();
    assert!(matches!(
        err,
        Error::Period(PeriodError::MonthOutOfRange { .. })
    ));
    assert!(err.to_string().contains("13"));
}
