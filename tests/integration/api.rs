//! The public API's promises: every type is `Debug + Clone + Send + Sync`, errors are real
//! errors, and serde round-trips hold.

use serde::Serialize;
use serde::de::DeserializeOwned;
use styrmodell::*;

fn assert_value_type<T: std::fmt::Debug + Clone + Send + Sync + 'static>() {}
fn assert_error_type<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn public_types_are_debug_clone_send_sync() {
    assert_value_type::<Amount>();
    assert_value_type::<ReportFormat>();
    assert_value_type::<Scale>();
    assert_value_type::<Rounding>();
    assert_value_type::<Ratio>();
    assert_value_type::<Month>();
    assert_value_type::<Year>();
    assert_value_type::<Tertial>();
    assert_value_type::<Quarter>();
    assert_value_type::<HalfYear>();
    assert_value_type::<PeriodRange>();
    assert_value_type::<FiscalYear>();
    assert_value_type::<PlanHorizon>();
    assert_value_type::<ReportingCalendar>();
    assert_value_type::<ReportPoint>();
    assert_value_type::<ReportKind>();
    assert_value_type::<Organisation>();
    assert_value_type::<OrganisationBuilder>();
    assert_value_type::<OrgUnit>();
    assert_value_type::<OrgUnitId>();
    assert_value_type::<OrgUnitKind>();
    assert_value_type::<UnitIndex>();
    assert_value_type::<CompanyInfo>();
    assert_value_type::<OrgNumber>();
    assert_value_type::<GroupRelation>();
    assert_value_type::<Financing>();
    assert_value_type::<Chart>();
    assert_value_type::<AccountCode>();
    assert_value_type::<AccountPrefix>();
    assert_value_type::<AccountClass>();
    assert_value_type::<AccountNature>();
    assert_value_type::<IncomeStatementLine>();
    assert_value_type::<ActivityCode>();
    assert_value_type::<Counterpart>();
}

#[test]
fn errors_are_std_errors() {
    assert_error_type::<Error>();
    assert_error_type::<AmountError>();
    assert_error_type::<RatioError>();
    assert_error_type::<PeriodError>();
    assert_error_type::<OrgError>();
    assert_error_type::<OrgErrors>();
    assert_error_type::<ChartError>();
}

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, value, "{json}");
}

#[test]
fn serde_round_trips() {
    round_trip(&"-1 234,56".parse::<Amount>().unwrap());
    round_trip(&Ratio::of_counts(62, 100).unwrap());
    round_trip(&"2022-08".parse::<Month>().unwrap());
    round_trip(&"2022".parse::<Year>().unwrap());
    round_trip(&"2022-T2".parse::<Tertial>().unwrap());
    round_trip(&"2022-Q3".parse::<Quarter>().unwrap());
    round_trip(&"2022-H1".parse::<HalfYear>().unwrap());
    round_trip(&"2022-01..2022-08".parse::<PeriodRange>().unwrap());
    round_trip(&FiscalYear::starting("2022-07".parse().unwrap()));
    round_trip(&PlanHorizon::new(Year::new(2022).unwrap(), 2).unwrap());
    round_trip(&ReportingCalendar::typical(Year::new(2022).unwrap()));
    round_trip(&demo::organisation().unwrap());
    round_trip(&"30144".parse::<AccountCode>().unwrap());
    round_trip(&Chart::kommun_bas().with_account("3010".parse().unwrap(), "Försäljning"));
    round_trip(&Counterpart::GroupEntity("VATTEN".parse().unwrap()));
    round_trip(&ReportFormat::default());
}

#[test]
fn wire_format_is_text_for_exact_values() {
    let month: Month = "2022-08".parse().unwrap();
    assert_eq!(serde_json::to_string(&month).unwrap(), "\"2022-08\"");
    let amount: Amount = "2635859".parse().unwrap();
    assert_eq!(serde_json::to_string(&amount).unwrap(), "\"2635859.00\"");
    let kind = serde_json::to_string(&OrgUnitKind::ExecutiveBoard).unwrap();
    assert_eq!(kind, "\"executive_board\"");
}

/// Every public error converts into the umbrella `Error`, so `?` works across the pipeline.
#[test]
fn every_public_error_converts_into_the_umbrella_error() {
    fn into<E: Into<Error>>(_: Option<E>) {}
    fn goal(text: &str) -> Result<steering::GoalId, Error> {
        Ok(text.parse()?)
    }
    into::<AmountError>(None);
    into::<RatioError>(None);
    into::<PeriodError>(None);
    into::<OrgError>(None);
    into::<OrgErrors>(None);
    into::<ChartError>(None);
    into::<IdError>(None);
    into::<LedgerError>(None);
    into::<LedgerErrors>(None);
    into::<forecast::ForecastError>(None);
    into::<group::GroupError>(None);
    into::<periodise::PeriodiseError>(None);
    into::<steering::SteeringError>(None);
    into::<steering::SteeringErrors>(None);
    into::<report::ReportError>(None);
    into::<report::WorkflowError>(None);
    into::<reorg::ReorgError>(None);
    into::<demo::DemoError>(None);
    #[cfg(feature = "csv")]
    into::<csv_import::CsvError>(None);
    #[cfg(feature = "kolada")]
    into::<kolada::KoladaError>(None);
    #[cfg(feature = "sie")]
    into::<sie::SieError>(None);
    #[cfg(feature = "sie")]
    into::<sie::SieReadError>(None);
    assert!(goal("EM4").is_ok());
    assert!(goal("").is_err());
}
