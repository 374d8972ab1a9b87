//! The crate's umbrella error.
//!
//! Each module has a narrow error for callers that act on it ([`AmountError`],
//! [`RatioError`], [`PeriodError`], [`OrgError`] and [`OrgErrors`], [`ChartError`]); [`Error`]
//! gathers them for callers that only pass errors on with `?`.

use crate::amount::AmountError;
use crate::chart::ChartError;
use crate::org::{OrgError, OrgErrors};
use crate::period::PeriodError;
use crate::ratio::RatioError;

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
}
