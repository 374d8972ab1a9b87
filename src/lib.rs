//! # styrmodell
//!
//! The exact, fast core of a Swedish municipality's steering model (*mål- och
//! resultatstyrning*): the organisation tree, the chart of accounts, money and shares, periods
//! and the follow-up calendar that goals, indicators, assignments (uppdrag), budgets, forecasts
//! and outcomes stand on.
//!
//! The crate is a pure domain library: it reads bytes it is handed, keeps no clock and no global
//! state, and gives the same output for the same input. Money is [`Amount`] (exact SEK on
//! [`Decimal`], never floats); shares are [`Ratio`] (kept as numerator and denominator, so
//! "62 of 100 managers" is compared with "more than 80 %" without rounding).
//!
//! ## A first look
//!
//! ```
//! use styrmodell::{Amount, Month, Organisation, OrgUnit, OrgUnitKind, PeriodRange, Ratio};
//!
//! # fn main() -> Result<(), styrmodell::Error> {
//! // An organisation (organisation) is a validated tree of units.
//! let org = Organisation::builder()
//!     .unit(OrgUnit::new("KF", "Kommunfullmäktige", OrgUnitKind::Council)?)
//!     .unit(OrgUnit::new("KS", "Kommunstyrelsen", OrgUnitKind::ExecutiveBoard)?.with_parent("KF")?)
//!     .unit(OrgUnit::new("BSN", "Barn- och skolnämnden", OrgUnitKind::Committee)?.with_parent("KF")?)
//!     .build()?;
//! assert_eq!(org.depth(&"BSN".parse()?)?, 1);
//!
//! // Amounts (belopp) parse Swedish notation and print in report style.
//! let outcome: Amount = "2 635 859".parse()?;
//! assert_eq!(outcome.to_string(), "2635859.00");
//! assert_eq!(outcome.report().scale(styrmodell::Scale::Tkr).to_string(), "2 636");
//!
//! // Shares (andel) compare exactly with thresholds.
//! let managers = Ratio::new(62.into(), 100.into())?;
//! assert!(!managers.exceeds_percent(80.into())?);
//!
//! // Periods: year to date as of August.
//! let ytd = PeriodRange::year_to_date("2022-08".parse::<Month>()?);
//! assert_eq!(ytd.month_count(), 8);
//! # Ok(())
//! # }
//! ```
//!
//! ## Where things live
//!
//! | concept | Swedish | type |
//! |---|---|---|
//! | amount of money | belopp | [`Amount`], [`ReportFormat`], [`Scale`], [`Rounding`] |
//! | exact share | andel | [`Ratio`] |
//! | month, year, tertial | månad, år, tertial | [`Month`], [`Year`], [`Tertial`], [`Quarter`], [`HalfYear`], [`PeriodRange`] |
//! | fiscal year | räkenskapsår | [`FiscalYear`] |
//! | goals and budget with plan years | Mål och budget med plan | [`PlanHorizon`] |
//! | follow-up calendar | uppföljningsplan | [`ReportingCalendar`], [`ReportPoint`], [`ReportKind`] |
//! | organisation | organisation | [`Organisation`], [`OrgUnit`], [`OrgUnitKind`], [`CompanyInfo`] |
//! | the organisation through time | omorganisation | [`reorg`] |
//! | chart of accounts | kontoplan (Kommun-Bas) | [`Chart`], [`AccountCode`], [`AccountClass`], [`IncomeStatementLine`] |
//! | activity, counterpart | verksamhet, motpart | [`ActivityCode`], [`Counterpart`] |
//! | ledger of budget, forecast and outcome | huvudbok, budget, prognos, utfall | [`Ledger`], [`Fact`], [`Layer`] |
//! | figures as of a date | per, kunskapsdatum, beslut | [`AsOf`], [`LedgerAsOf`], [`DecisionRef`] |
//! | roll-up of every node's subtotal | summering | [`Cube`], [`AccountGrouping`], [`Measure`], [`BudgetRule`] |
//! | follow-up per unit and line | ekonomisk uppföljning, avvikelse | [`FollowUpOptions`], [`FollowUp`] |
//! | exact monthly split | periodisering | [`periodise`] |
//! | full-year forecasts, accuracy | prognos, prognossäkerhet | [`forecast`] |
//! | investment projects, final report | investeringar, slutredovisning | [`investment`] |
//! | municipal group | kommunkoncern, sammanställd redovisning | [`group`] |
//! | key ratios, balance requirement | finansiella nyckeltal, balanskrav, resultatutjämningsreserv | [`finance`] |
//! | income statement in the RKR layout | resultaträkning | [`statements`] |
//! | balance sheet, cash flow, key ratios | balansräkning, kassaflödesanalys, soliditet | [`balance_sheet`] |
//! | goals, indicators, observations, assignments | mål, effektmål, indikatorer, uppdrag | [`steering`] |
//! | fulfilment with trace | måluppfyllelse, bedömning | [`assess`] |
//! | budget round, frames, approvals, personnel budget, capital costs, activity plans | budgetprocess, ram, attest, personalbudget, kapitalkostnader, verksamhetsplan | [`planning`] |
//! | peer comparison | jämförelse, Kolada | [`compare`] |
//! | follow-up reports | månadsrapport, delårsrapport, årsredovisning | [`report`], [`report::render`] |
//! | ERP files and open data | SIE, CSV, Kolada | `sie`, `csv_import`, `kolada` (default features) |
//!
//! ## The economy in one example
//!
//! ```
//! use styrmodell::{FollowUpOptions, demo};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let ledger = demo::ledger()?;
//! let follow_up = FollowUpOptions::new("2022-08".parse()?).scope("SN".parse()?).max_depth(0).compute(&ledger)?;
//! let social = &follow_up.rows[0].net;
//! // Deviation is better-is-positive: the social committee is over budget.
//! assert!(social.deviation_to_date.is_negative());
//!
//! // The final report is dated 2023-01-04: the annual report 2022, closed in February, has it.
//! let closing = styrmodell::NaiveDate::from_ymd_opt(2023, 2, 15).ok_or("date")?;
//! let annual = styrmodell::AsOf::end_of("2022-12".parse()?).known_on(closing)?;
//! let report = demo::steering_system_project()?.final_report(annual)?.ok_or("not dated yet")?;
//! assert_eq!(report.totals[1].deviation.map(|d| d.to_string()), Some("64141.00".to_owned()));
//! # Ok(())
//! # }
//! ```
//!
//! ## Goals in one example
//!
//! ```
//! use styrmodell::{assess::{assess, AssessmentMode}, demo, steering::Fulfilment};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let model = demo::steering_model()?;
//! let assessment = assess(&model, None, "2022".parse()?, AssessmentMode::Final, styrmodell::AsOf::end_of("2022-12".parse()?));
//! let em5 = assessment.goal(&"EM5".parse()?).unwrap();
//! // "Fler än 80 % av enheterna och 100 % av nämnderna": in 2022 no unit, every committee.
//! assert_eq!(em5.fulfilment(), Fulfilment::PartlyFulfilled);
//! println!("{}", em5.trace);
//! # Ok(())
//! # }
//! ```
//!
//! Errors are typed: each module has a narrow error ([`AmountError`], [`RatioError`],
//! [`PeriodError`], [`OrgError`], [`ChartError`], [`LedgerError`], ...) and [`Error`]
//! gathers the foundation's.
//!
//! ## Design
//!
//! Data flows one way: validated inputs (organisation, chart, ledger facts, projects) feed
//! computations (periodisation, roll-up, forecasts, consolidation, key ratios) whose results
//! are plain serialisable values. The ledger stores facts in compact columns (unit `u32`,
//! account `u16`, month `u8`, layer `u8`, amount `i64` öre: 16 bytes) and a roll-up is one
//! pass over them into per-unit cells, summed in `i128`, then one reverse pre-order pass over
//! the tree, so every node's subtotal is there at once.
//!
//! ## Features
//!
//! - `sie`, `kolada`, `csv` (on by default): the adapters for SIE files, Kolada JSON and CSV
//!   exports.
//! - `schemars` (off): `schema::input_schema`, the JSON Schema of the input types.
//! - `proptest` (off): `strategy` exports proptest strategies for amounts, ratios, months,
//!   ranges, valid organisations and ledgers, for your own property tests.
#![forbid(unsafe_code)]
// docs.rs builds with every feature and `--cfg docsrs`: feature-gated items say so.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod amount;
mod as_of;
pub mod assess;
pub mod balance_sheet;
mod chart;
pub mod compare;
#[cfg(feature = "csv")]
#[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
pub mod csv_import;
mod decision;
pub mod demo;
pub mod error;
pub mod finance;
mod follow_up;
pub mod forecast;
pub mod group;
mod id;
pub mod investment;
#[cfg(feature = "kolada")]
#[cfg_attr(docsrs, doc(cfg(feature = "kolada")))]
pub mod kolada;
mod language;
mod ledger;
mod ledger_as_of;
mod org;
mod period;
pub mod periodise;
pub mod planning;
mod ratio;
pub mod reorg;
pub mod report;
mod rollup;
#[cfg(feature = "schemars")]
#[cfg_attr(docsrs, doc(cfg(feature = "schemars")))]
pub mod schema;
#[cfg(feature = "sie")]
#[cfg_attr(docsrs, doc(cfg(feature = "sie")))]
pub mod sie;
pub mod statements;
pub mod steering;
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategy;

pub use amount::{
    Amount, AmountError, FormattedAmount, MAX_FORMAT_DECIMALS, ReportFormat, Rounding, Scale,
};
pub use as_of::AsOf;
pub use chart::{
    AccountClass, AccountCode, AccountNature, AccountPrefix, ActivityCode, Chart, ChartError,
    Counterpart, IncomeStatementLine,
};
pub use decision::DecisionRef;
pub use error::Error;
pub use follow_up::{Figures, FollowUp, FollowUpOptions, FollowUpRow};
pub use id::IdError;
pub use ledger::{Fact, Layer, Ledger, LedgerBuilder, LedgerError, LedgerErrors, ProjectId, Tags};
pub use ledger_as_of::LedgerAsOf;
pub use org::{
    CompanyInfo, Financing, GroupRelation, OrgError, OrgErrors, OrgNumber, OrgUnit, OrgUnitId,
    OrgUnitKind, Organisation, OrganisationBuilder, UnitIndex,
};
pub use period::{
    FiscalYear, HalfYear, Month, PeriodError, PeriodRange, PlanHorizon, Quarter, ReportKind,
    ReportPoint, ReportingCalendar, Tertial, Year,
};
pub use ratio::{Ratio, RatioError};
pub use report::{Report, ReportScope};
pub use rollup::{AccountGrouping, Bucket, BudgetRule, Cube, FilledForecast, Measure};

pub use chrono::NaiveDate;
pub use rust_decimal::Decimal;

/// The README's examples run as doc tests, so the README cannot drift from the code.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
