//! Embedded demo data: a synthetic municipality, "Demokommun", shaped like the one in the
//! source report (a children and school committee, a social committee, a water company).
//!
//! The main example (`cargo run --example follow_up`) and many tests run on it. The names and
//! figures are made up, except where a doc comment says they come from the source report.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "fixed demo data, checked by a test"
)]

use rust_decimal::Decimal;

use crate::error::Error;

mod economy;
mod group;

use crate::org::{CompanyInfo, Financing, OrgUnit, OrgUnitKind, Organisation};
mod narratives;
mod planning;
mod reorg;
mod steering;

pub use economy::{
    DemoError, chart, investment_projects, ledger, statutory, steering_system_project,
};
pub use group::acquisitions;
pub use narratives::narratives;
pub use planning::{investment_portfolio, planning_2023};
pub use reorg::{ledger_2023, org_history, organisation_2023, steering_model_2023};
pub use steering::steering_model;

/// One unit of the demo organisation: id, name, kind, parent, responsibility code.
type DemoUnit = (
    &'static str,
    &'static str,
    OrgUnitKind,
    Option<&'static str>,
    &'static str,
);

#[rustfmt::skip]
const UNITS: &[DemoUnit] = &[
    ("KONCERN", "Demokommunens koncern", OrgUnitKind::Group, None, "0"),
    ("KF", "Kommunfullmäktige", OrgUnitKind::Council, Some("KONCERN"), "100"),
    ("KS", "Kommunstyrelsen", OrgUnitKind::ExecutiveBoard, Some("KF"), "110"),
    ("KSK", "Kommunstyrelsekontoret", OrgUnitKind::Administration, Some("KS"), "1100"),
    ("EKO", "Ekonomiavdelningen", OrgUnitKind::Department, Some("KSK"), "11010"),
    ("HR", "HR-avdelningen", OrgUnitKind::Department, Some("KSK"), "11020"),
    ("IT", "IT-avdelningen", OrgUnitKind::Department, Some("KSK"), "11030"),
    ("FIN", "Finansförvaltning", OrgUnitKind::Department, Some("KS"), "1900"),
    ("BSN", "Barn- och skolnämnden", OrgUnitKind::Committee, Some("KF"), "200"),
    ("BUF", "Barn- och utbildningsförvaltningen", OrgUnitKind::Administration, Some("BSN"), "2000"),
    ("FSK", "Förskola", OrgUnitKind::Department, Some("BUF"), "2100"),
    ("FSK-ANGEN", "Förskolan Ängen", OrgUnitKind::Unit, Some("FSK"), "21010"),
    ("FSK-BJORKEN", "Förskolan Björken", OrgUnitKind::Unit, Some("FSK"), "21020"),
    ("GRS", "Grundskola", OrgUnitKind::Department, Some("BUF"), "2200"),
    ("GRS-NORR", "Norrskolan", OrgUnitKind::Unit, Some("GRS"), "22010"),
    ("GRS-SODER", "Söderskolan", OrgUnitKind::Unit, Some("GRS"), "22020"),
    ("GRS-HAGA", "Hagaskolan", OrgUnitKind::Unit, Some("GRS"), "22030"),
    ("SN", "Socialnämnden", OrgUnitKind::Committee, Some("KF"), "300"),
    ("SOF", "Socialförvaltningen", OrgUnitKind::Administration, Some("SN"), "3000"),
    ("ALD", "Äldreomsorg", OrgUnitKind::Department, Some("SOF"), "3100"),
    ("ALD-HEMN", "Hemtjänst norr", OrgUnitKind::Unit, Some("ALD"), "31010"),
    ("ALD-HEMS", "Hemtjänst söder", OrgUnitKind::Unit, Some("ALD"), "31020"),
    ("ALD-LINDEN", "Särskilt boende Linden", OrgUnitKind::Unit, Some("ALD"), "31030"),
    ("IFO", "Individ- och familjeomsorg", OrgUnitKind::Department, Some("SOF"), "3200"),
    ("IFO-BU", "Barn och unga", OrgUnitKind::Unit, Some("IFO"), "32010"),
    ("IFO-EB", "Ekonomiskt bistånd", OrgUnitKind::Unit, Some("IFO"), "32020"),
    ("TN", "Tekniska nämnden", OrgUnitKind::Committee, Some("KF"), "400"),
    ("TF", "Tekniska förvaltningen", OrgUnitKind::Administration, Some("TN"), "4000"),
    ("TF-GATA", "Gata och park", OrgUnitKind::Unit, Some("TF"), "40100"),
    ("TF-FAST", "Fastighet", OrgUnitKind::Unit, Some("TF"), "40200"),
    ("KFN", "Kultur- och fritidsnämnden", OrgUnitKind::Committee, Some("KF"), "500"),
    ("KFF", "Kultur- och fritidsförvaltningen", OrgUnitKind::Administration, Some("KFN"), "5000"),
    ("KFF-BIBL", "Biblioteket", OrgUnitKind::Unit, Some("KFF"), "50100"),
    ("KFF-IDROTT", "Idrottsanläggningar", OrgUnitKind::Unit, Some("KFF"), "50200"),
];

/// The demo companies: id, name, organisation number, ownership share in per cent, financing.
#[rustfmt::skip]
const COMPANIES: &[(&str, &str, &str, i64, Financing)] = &[
    (
        "VATTEN",
        "Demo Vatten AB",
        "556123-4567",
        100,
        Financing::Fee,
    ),
    (
        "BOSTAD",
        "Demobostäder AB",
        "556765-4321",
        100,
        Financing::Fee,
    ),
    (
        "ENERGI",
        "Regionenergi AB",
        "556234-5677",
        30,
        Financing::Fee,
    ),
];

/// The demo municipality's organisation: the group (koncern) with the council, the executive
/// board, four committees with their administrations and units, a water company, a housing
/// company and an associated energy company.
///
/// # Errors
/// Never in practice; the data is checked like any other input and a test builds it.
///
/// ```
/// let org = styrmodell::demo::organisation().unwrap();
/// assert_eq!(org.root().id.as_str(), "KONCERN");
/// assert!(org.get("BSN").is_some());
/// ```
pub fn organisation() -> Result<Organisation, Error> {
    let mut units = Vec::with_capacity(UNITS.len() + COMPANIES.len());
    for &(id, name, kind, parent, code) in UNITS {
        let unit = OrgUnit::new(id, name, kind)?.with_responsibility_code(code);
        units.push(match parent {
            Some(parent) => unit.with_parent(parent)?,
            None => unit,
        });
    }
    for &(id, name, org_number, percent, financing) in COMPANIES {
        let share = Decimal::new(percent, 2);
        let mut company = CompanyInfo::new(org_number.parse()?, share, financing);
        if id == "ENERGI" {
            // The energy company's fiscal year runs May–April (brutet räkenskapsår).
            company = company.with_fiscal_year_start(5);
        }
        units.push(
            OrgUnit::new(id, name, OrgUnitKind::Company)?
                .with_parent("KONCERN")?
                .with_company(company),
        );
    }
    Ok(Organisation::from_units(units)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_organisation_builds() {
        let org = organisation().unwrap();
        assert_eq!(org.len(), UNITS.len() + COMPANIES.len());
        let committees = org
            .of_kind_within(&"KF".parse().unwrap(), OrgUnitKind::Committee)
            .unwrap();
        assert_eq!(committees.len(), 4);
        let energy = org.get("ENERGI").unwrap().company.as_ref().unwrap();
        assert_eq!(energy.relation, crate::org::GroupRelation::Associate);
    }
}
