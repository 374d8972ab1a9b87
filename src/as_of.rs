//! As of (per): the two times of every report, assessment and forecast. The period ends with a
//! month (as of the end of August); the knowledge date (kunskapsdatum) says what was known
//! then. Every input carries its own knowledge time (a budget revision its decision date, a
//! forecast the end of the month it was made, outcome the closing of its month, an observation
//! its period or publication date) and a computation as of a date sees only what was known by
//! it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::period::{Month, PeriodError};

/// The period end and knowledge date of a report, assessment or forecast.
///
/// By default the knowledge date is the last day of the period; an annual report's is its
/// closing date (bokslutsdag) early next year, so year-end entries dated then belong to it.
///
/// ```
/// use styrmodell::{AsOf, NaiveDate};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let august = AsOf::end_of("2022-08".parse()?);
/// assert_eq!(august.known(), NaiveDate::from_ymd_opt(2022, 8, 31).ok_or("date")?);
/// // The annual report 2022 is closed in February 2023.
/// let annual = AsOf::end_of("2022-12".parse()?)
///     .known_on(NaiveDate::from_ymd_opt(2023, 2, 15).ok_or("date")?)?;
/// assert!(annual.knows(NaiveDate::from_ymd_opt(2023, 1, 4).ok_or("date")?));
/// assert!(!august.knows(NaiveDate::from_ymd_opt(2023, 1, 4).ok_or("date")?));
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AsOf {
    month: Month,
    known: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forecast_basis: Option<Month>,
}

impl AsOf {
    /// As of the end of `month`, known on its last day, using the latest forecast made by then.
    pub fn end_of(month: Month) -> AsOf {
        AsOf {
            month,
            known: month.last_day(),
            forecast_basis: None,
        }
    }

    /// Sets the knowledge date.
    ///
    /// # Errors
    /// [`PeriodError::KnownBeforePeriodEnd`] when `date` is before the period's last day, or
    /// [`PeriodError::BasisAfterAsOf`] when the forecast basis set would not be made by then.
    pub fn known_on(self, date: NaiveDate) -> Result<AsOf, PeriodError> {
        if date < self.month.last_day() {
            return Err(PeriodError::KnownBeforePeriodEnd {
                as_of: self.month,
                known: date,
            });
        }
        let with_date = AsOf {
            known: date,
            ..self
        };
        match self.forecast_basis {
            Some(basis) => with_date.with_forecast_basis(basis),
            None => Ok(with_date),
        }
    }

    /// Uses the forecast made in `basis` (the calendar's forecast basis) instead of the latest.
    ///
    /// # Errors
    /// [`PeriodError::BasisAfterAsOf`] when `basis` lies after the period's month or was not
    /// made by the knowledge date.
    pub fn with_forecast_basis(self, basis: Month) -> Result<AsOf, PeriodError> {
        if basis > self.month || basis.last_day() > self.known {
            return Err(PeriodError::BasisAfterAsOf {
                basis,
                as_of: self.month,
                known: self.known,
            });
        }
        Ok(AsOf {
            forecast_basis: Some(basis),
            ..self
        })
    }

    /// The last month of the period (outcome through this month).
    pub fn month(self) -> Month {
        self.month
    }

    /// The knowledge date: what was known on this day counts.
    pub fn known(self) -> NaiveDate {
        self.known
    }

    /// The declared forecast basis, if any.
    pub fn forecast_basis(self) -> Option<Month> {
        self.forecast_basis
    }

    /// Whether something dated `date` was known by the knowledge date.
    pub fn knows(self, date: NaiveDate) -> bool {
        date <= self.known
    }

    /// Whether a forecast made in `made` counts: it counts from the end of that month, and
    /// never when it was made after the period's month.
    pub fn knows_forecast(self, made: Month) -> bool {
        made <= self.month && self.knows(made.last_day())
    }
}

impl From<Month> for AsOf {
    /// As of the end of the month, known on its last day.
    fn from(month: Month) -> AsOf {
        AsOf::end_of(month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_knowledge_date_before_the_period_end_is_refused() {
        let err = AsOf::end_of(month("2022-08")).known_on(date(2022, 8, 30));
        assert!(matches!(err, Err(PeriodError::KnownBeforePeriodEnd { .. })));
    }

    #[test]
    fn a_forecast_counts_from_the_end_of_its_month_and_not_after_the_period() {
        let april = AsOf::end_of(month("2022-04"));
        assert!(april.knows_forecast(month("2022-04")));
        assert!(!april.knows_forecast(month("2022-08")));
        assert!(april.with_forecast_basis(month("2022-08")).is_err());
        let annual = AsOf::end_of(month("2022-12"))
            .known_on(date(2023, 2, 15))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !annual.knows_forecast(month("2023-01")),
            "made after the period"
        );
    }
}
