//! The crate's umbrella error.
//!
//! Each module has a narrow error for callers that act on it ([`AmountError`],
//! [`RatioError`], [`PeriodError`], [`OrgError`] and [`OrgErrors`], [`ChartError`], ...);
//! [`Error`] gathers every one of them, so `?` works across the whole pipeline from a SIE file
//! to a report.

use crate::amount::AmountError;
use crate::chart::ChartError;
use crate::org::{OrgError, OrgErrors};
use crate::period::PeriodError;
use crate::ratio::RatioError;
use crate::{
    demo::DemoError, forecast::ForecastError, group::GroupError, id::IdError, ledger::LedgerError,
    ledger::LedgerErrors, periodise::PeriodiseError, report::ReportError, report::WorkflowError,
    steering::SteeringError, steering::SteeringErrors,
};

/// Any error of this crate.
///
/// ```
/// fn month(text: &str) -> Result<styrmodell::Month, styrmodell::Error> {
///     Ok(text.parse()?)
/// }
/// assert!(month("2022-13").unwrap_err().to_string().contains("2022"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An amount of money.
    #[error(transparent)]
    Amount(#[from] AmountError),
    /// A share.
    #[error(transparent)]
    Ratio(#[from] RatioError),
    /// A period.
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// One problem with an organisation or a query on it.
    #[error(transparent)]
    Org(#[from] OrgError),
    /// Every problem found while building an organisation.
    #[error(transparent)]
    OrgBuild(#[from] OrgErrors),
    /// The chart of accounts.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// An id of the wrong form.
    #[error(transparent)]
    Id(#[from] IdError),
    /// A fact or a ledger sum.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// Every bad fact of a ledger.
    #[error(transparent)]
    LedgerBuild(#[from] LedgerErrors),
    /// A forecast.
    #[error(transparent)]
    Forecast(#[from] ForecastError),
    /// A group consolidation.
    #[error(transparent)]
    Group(#[from] GroupError),
    /// A periodisation.
    #[error(transparent)]
    Periodise(#[from] PeriodiseError),
    /// A steering model item.
    #[error(transparent)]
    Steering(#[from] SteeringError),
    /// Every problem of a steering model.
    #[error(transparent)]
    SteeringBuild(#[from] SteeringErrors),
    /// A reorganisation or a placement outside a unit's validity.
    #[error(transparent)]
    Reorg(#[from] crate::reorg::ReorgError),
    /// A report.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// A report's workflow.
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    /// The demo data (boxed: it holds an [`Error`] itself).
    #[error(transparent)]
    Demo(Box<DemoError>),
    /// A CSV export.
    #[cfg(feature = "csv")]
    #[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
    #[error(transparent)]
    Csv(#[from] crate::csv_import::CsvError),
    /// Kolada JSON (boxed: its positions make it large).
    #[cfg(feature = "kolada")]
    #[cfg_attr(docsrs, doc(cfg(feature = "kolada")))]
    #[error(transparent)]
    Kolada(Box<crate::kolada::KoladaError>),
    /// A SIE file.
    #[cfg(feature = "sie")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sie")))]
    #[error(transparent)]
    Sie(#[from] crate::sie::SieError),
    /// A SIE file read from a source.
    #[cfg(feature = "sie")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sie")))]
    #[error(transparent)]
    SieRead(#[from] crate::sie::SieReadError),
}

#[cfg(feature = "kolada")]
impl From<crate::kolada::KoladaError> for Error {
    fn from(err: crate::kolada::KoladaError) -> Error {
        Error::Kolada(Box::new(err))
    }
}

impl From<DemoError> for Error {
    fn from(err: DemoError) -> Error {
        Error::Demo(Box::new(err))
    }
}
