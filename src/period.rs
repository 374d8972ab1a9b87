//! Periods (perioder): months, years, tertials, quarters, half-years, ranges, fiscal years, the
//! plan horizon of a budget and the follow-up calendar.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "years are validated to 1–9999 and months to 1–12, so ordinals and their differences stay far inside u32 and i64"
)]

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The first and last year a period may fall in: four-digit years only.
const MIN_YEAR: i32 = 1;
const MAX_YEAR: i32 = 9999;

/// Why a period could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    /// The text is not a period of the expected form.
    #[error("invalid {kind} {input:?}: expected {expected}")]
    Parse {
        /// What was being read: month, year, tertial, ...
        kind: &'static str,
        /// The text that was given.
        input: String,
        /// The form that was expected.
        expected: &'static str,
    },
    /// A month number outside 1–12.
    #[error("month {month} of {year} is outside 1-12")]
    MonthOutOfRange {
        /// The year given.
        year: i32,
        /// The month given.
        month: u32,
    },
    /// A year outside 1–9999.
    #[error("year {year} is outside 1-9999")]
    YearOutOfRange {
        /// The year given.
        year: i32,
    },
    /// A part of a year (tertial, quarter, half-year) outside its range.
    #[error("{kind} {number} of {year} does not exist")]
    PartOutOfRange {
        /// tertial, quarter or half-year.
        kind: &'static str,
        /// The year given.
        year: i32,
        /// The number given.
        number: u32,
    },
    /// A range whose end comes before its start.
    #[error("period range {start}..{end} ends before it starts")]
    RangeReversed {
        /// The first month given.
        start: Month,
        /// The last month given.
        end: Month,
    },
    /// A knowledge date before the end of the period it reports on: a month's figures cannot
    /// be known before the month is over.
    #[error("knowledge date {known} is before the end of {as_of}; a report as of {as_of} is known from {} on", .as_of.last_day())]
    KnownBeforePeriodEnd {
        /// The last month of the period.
        as_of: Month,
        /// The knowledge date given.
        known: NaiveDate,
    },
    /// A forecast basis that was not yet made when the report is known.
    #[error(
        "forecast basis {basis} lies after the report's month {as_of} or its knowledge date {known}"
    )]
    BasisAfterAsOf {
        /// The forecast's month.
        basis: Month,
        /// The last month of the period.
        as_of: Month,
        /// The knowledge date.
        known: NaiveDate,
    },
    /// A plan horizon with too many plan years.
    #[error("plan horizon for {budget_year} has {plan_years} plan years; at most 10 are allowed")]
    TooManyPlanYears {
        /// The budget year.
        budget_year: Year,
        /// The plan years given.
        plan_years: u8,
    },
    /// A follow-up point that does not fit its calendar.
    #[error("reporting calendar {year}: {kind} point as of {as_of}: {reason}")]
    CalendarPoint {
        /// The calendar's year.
        year: Year,
        /// The kind of the offending point.
        kind: ReportKind,
        /// The as-of month of the offending point.
        as_of: Month,
        /// What is wrong with it.
        reason: &'static str,
    },
}

fn parse_error(kind: &'static str, input: &str, expected: &'static str) -> PeriodError {
    PeriodError::Parse {
        kind,
        input: input.to_owned(),
        expected,
    }
}

/// Parses exactly `digits` ASCII digits.
fn fixed_digits(text: &str, digits: usize) -> Option<u32> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Serialises through `Display` and deserialises through `FromStr`, so bad text is rejected.
macro_rules! serde_via_str {
    ($type:ty) => {
        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $type {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($type).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "description": concat!(stringify!($type), " in its text form") })
            }
        }

        impl Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use serde_via_str;

/// A calendar year (år), 1–9999.
///
/// ```
/// use styrmodell::Year;
/// let year: Year = "2022".parse().unwrap();
/// assert_eq!(year.months().month_count(), 12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Year(i32);

impl Year {
    /// Makes a year.
    ///
    /// # Errors
    /// [`PeriodError::YearOutOfRange`] outside 1–9999.
    pub fn new(year: i32) -> Result<Year, PeriodError> {
        if (MIN_YEAR..=MAX_YEAR).contains(&year) {
            Ok(Year(year))
        } else {
            Err(PeriodError::YearOutOfRange { year })
        }
    }

    /// The year as a number.
    pub fn number(self) -> i32 {
        self.0
    }

    /// The year `years` later (earlier when negative), if still within 1–9999.
    pub fn checked_add(self, years: i32) -> Option<Year> {
        Year::new(self.0.checked_add(years)?).ok()
    }

    /// January of the year.
    pub fn first_month(self) -> Month {
        Month::from_valid(self.0, 1)
    }

    /// December of the year.
    pub fn last_month(self) -> Month {
        Month::from_valid(self.0, 12)
    }

    /// All twelve months.
    pub fn months(self) -> PeriodRange {
        PeriodRange {
            start: self.first_month(),
            end: self.last_month(),
        }
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

impl FromStr for Year {
    type Err = PeriodError;
    fn from_str(input: &str) -> Result<Year, PeriodError> {
        let year = fixed_digits(input, 4).ok_or_else(|| parse_error("year", input, "YYYY"))?;
        Year::new(i32::try_from(year).unwrap_or(0))
    }
}
serde_via_str!(Year);

/// A calendar month (månad), written `YYYY-MM`.
///
/// Months are ordered, count (`months_since`) and step (`checked_add`) across years.
///
/// ```
/// use styrmodell::Month;
/// # fn main() -> Result<(), styrmodell::PeriodError> {
/// let august: Month = "2022-08".parse()?;
/// assert_eq!(august.checked_add(5).unwrap().to_string(), "2023-01");
/// assert_eq!(august.tertial().to_string(), "2022-T2");
/// assert!("2022-13".parse::<Month>().is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    /// Months since January of year 0: year * 12 + (month − 1).
    ordinal: u32,
}

impl Month {
    /// Makes the month `month` (1–12) of `year`.
    ///
    /// # Errors
    /// [`PeriodError::MonthOutOfRange`] or [`PeriodError::YearOutOfRange`].
    pub fn new(year: i32, month: u32) -> Result<Month, PeriodError> {
        Year::new(year)?;
        if !(1..=12).contains(&month) {
            return Err(PeriodError::MonthOutOfRange { year, month });
        }
        Ok(Month::from_valid(year, month))
    }

    /// The month of a valid year and month number.
    fn from_valid(year: i32, month: u32) -> Month {
        Month {
            ordinal: year.unsigned_abs() * 12 + month - 1,
        }
    }

    /// Reads the compact `YYYYMM` that SIE files (`#PSALDO 0 202201 …`) and many ERP exports
    /// write; `None` for anything else.
    ///
    /// ```
    /// use styrmodell::Month;
    /// assert_eq!(Month::from_compact("202203"), Month::new(2022, 3).ok());
    /// assert_eq!(Month::from_compact("202213"), None);
    /// assert_eq!(Month::from_compact("2022-03"), None);
    /// ```
    pub fn from_compact(text: &str) -> Option<Month> {
        let year = fixed_digits(text.get(..4)?, 4)?;
        let month = fixed_digits(text.get(4..)?, 2)?;
        Month::new(i32::try_from(year).ok()?, month).ok()
    }

    /// The month that holds `date`.
    ///
    /// # Errors
    /// [`PeriodError::YearOutOfRange`] for dates outside years 1–9999.
    pub fn from_date(date: NaiveDate) -> Result<Month, PeriodError> {
        use chrono::Datelike;
        Month::new(date.year(), date.month())
    }

    /// The year the month is in.
    pub fn year(self) -> Year {
        Year(i32::try_from(self.ordinal / 12).unwrap_or(MAX_YEAR))
    }

    /// The month number, 1–12.
    pub fn number(self) -> u32 {
        self.ordinal % 12 + 1
    }

    /// Counts months from a fixed origin; consecutive months have consecutive ordinals, so this
    /// is a dense index for arrays of months.
    pub fn ordinal(self) -> u32 {
        self.ordinal
    }

    /// The month `months` later (earlier when negative), if still within years 1–9999.
    pub fn checked_add(self, months: i32) -> Option<Month> {
        let ordinal = u32::try_from(i64::from(self.ordinal) + i64::from(months)).ok()?;
        let month = Month { ordinal };
        (MIN_YEAR..=MAX_YEAR)
            .contains(&month.year().0)
            .then_some(month)
    }

    /// The next month.
    pub fn next(self) -> Option<Month> {
        self.checked_add(1)
    }

    /// The previous month.
    pub fn previous(self) -> Option<Month> {
        self.checked_add(-1)
    }

    /// Months from `earlier` to this month: `2022-08` is 7 months since `2022-01`.
    pub fn months_since(self, earlier: Month) -> i64 {
        i64::from(self.ordinal) - i64::from(earlier.ordinal)
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year().0, self.number(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.next()
            .and_then(|next| next.first_day().pred_opt())
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(MAX_YEAR, 12, 31).unwrap_or(NaiveDate::MAX))
    }

    /// The number of days in the month (28–31).
    pub fn days(self) -> u32 {
        use chrono::Datelike;
        self.last_day().day()
    }

    /// The tertial the month is in (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec).
    pub fn tertial(self) -> Tertial {
        Tertial::from_valid(self.year(), (self.number() - 1) / 4 + 1)
    }

    /// The quarter the month is in.
    pub fn quarter(self) -> Quarter {
        Quarter::from_valid(self.year(), (self.number() - 1) / 3 + 1)
    }

    /// The half-year the month is in.
    pub fn half_year(self) -> HalfYear {
        HalfYear::from_valid(self.year(), (self.number() - 1) / 6 + 1)
    }
}

impl fmt::Display for Month {
    /// `2022-08`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year(), self.number())
    }
}

impl FromStr for Month {
    type Err = PeriodError;
    /// Reads `YYYY-MM`.
    fn from_str(input: &str) -> Result<Month, PeriodError> {
        let fail = || parse_error("month", input, "YYYY-MM");
        let (year, month) = input.split_once('-').ok_or_else(fail)?;
        let year = fixed_digits(year, 4).ok_or_else(fail)?;
        let month = fixed_digits(month, 2).ok_or_else(fail)?;
        Month::new(i32::try_from(year).map_err(|_| fail())?, month)
    }
}
serde_via_str!(Month);

/// Defines a part of a year made of consecutive months: tertial, quarter, half-year.
macro_rules! year_part {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $letter:literal, $parts:literal, $months:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name {
            year: Year,
            number: u32,
        }

        impl $name {
            #[doc = concat!("Makes ", $kind, " `number` (1–", $parts, ") of `year`.")]
            ///
            /// # Errors
            /// [`PeriodError::PartOutOfRange`] for a number outside the range.
            pub fn new(year: Year, number: u32) -> Result<$name, PeriodError> {
                if (1..=$parts).contains(&number) {
                    Ok($name::from_valid(year, number))
                } else {
                    Err(PeriodError::PartOutOfRange { kind: $kind, year: year.0, number })
                }
            }

            fn from_valid(year: Year, number: u32) -> $name {
                $name { year, number }
            }

            /// The year it is part of.
            pub fn year(self) -> Year {
                self.year
            }

            #[doc = concat!("Its number within the year, 1–", $parts, ".")]
            pub fn number(self) -> u32 {
                self.number
            }

            /// Its months.
            pub fn months(self) -> PeriodRange {
                let first = (self.number - 1) * $months + 1;
                PeriodRange {
                    start: Month::from_valid(self.year.0, first),
                    end: Month::from_valid(self.year.0, first + $months - 1),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}-{}{}", self.year, $letter, self.number)
            }
        }

        impl FromStr for $name {
            type Err = PeriodError;
            fn from_str(input: &str) -> Result<$name, PeriodError> {
                let fail = || parse_error($kind, input, concat!("YYYY-", $letter, "N"));
                let (year, part) = input.split_once('-').ok_or_else(fail)?;
                let number = part.strip_prefix($letter).ok_or_else(fail)?;
                let number = fixed_digits(number, 1).ok_or_else(fail)?;
                $name::new(year.parse().map_err(|_| fail())?, number)
            }
        }
        serde_via_str!($name);

        impl From<$name> for PeriodRange {
            fn from(part: $name) -> PeriodRange {
                part.months()
            }
        }
    };
}

year_part!(
    /// A tertial (tertial): T1 January–April, T2 May–August, T3 September–December; written
    /// `2022-T2`.
    Tertial, "tertial", "T", 3, 4
);
year_part!(
    /// A quarter (kvartal), written `2022-Q3`.
    Quarter, "quarter", "Q", 4, 3
);
year_part!(
    /// A half-year (halvår), written `2022-H1`.
    HalfYear, "half-year", "H", 2, 6
);

/// A run of consecutive months, both ends included; written `2022-01..2022-08`.
///
/// ```
/// use styrmodell::{Month, PeriodRange};
/// # fn main() -> Result<(), styrmodell::PeriodError> {
/// let ytd = PeriodRange::year_to_date("2022-08".parse()?);
/// assert_eq!(ytd.to_string(), "2022-01..2022-08");
/// assert!(ytd.contains("2022-03".parse()?));
/// assert_eq!(ytd.months().count(), 8);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeriodRange {
    start: Month,
    end: Month,
}

impl PeriodRange {
    /// Makes the range from `start` to `end`, both included.
    ///
    /// # Errors
    /// [`PeriodError::RangeReversed`] when `end` is before `start`.
    pub fn new(start: Month, end: Month) -> Result<PeriodRange, PeriodError> {
        if end < start {
            return Err(PeriodError::RangeReversed { start, end });
        }
        Ok(PeriodRange { start, end })
    }

    /// The range of one month.
    pub fn single(month: Month) -> PeriodRange {
        PeriodRange {
            start: month,
            end: month,
        }
    }

    /// January to `month` of the same year (ackumulerat, hittills i år).
    pub fn year_to_date(month: Month) -> PeriodRange {
        PeriodRange {
            start: month.year().first_month(),
            end: month,
        }
    }

    /// The first month.
    pub fn start(self) -> Month {
        self.start
    }

    /// The last month.
    pub fn end(self) -> Month {
        self.end
    }

    /// The number of months, at least one.
    pub fn month_count(self) -> u32 {
        self.end.ordinal - self.start.ordinal + 1
    }

    /// Whether `month` lies in the range.
    pub fn contains(self, month: Month) -> bool {
        self.start <= month && month <= self.end
    }

    /// Whether all of `other` lies in the range.
    pub fn covers(self, other: PeriodRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The months both ranges hold, if any.
    pub fn intersection(self, other: PeriodRange) -> Option<PeriodRange> {
        PeriodRange::new(self.start.max(other.start), self.end.min(other.end)).ok()
    }

    /// The months in order.
    #[allow(
        clippy::range_plus_one,
        reason = "an inclusive u32 range is not an ExactSizeIterator"
    )]
    pub fn months(self) -> impl DoubleEndedIterator<Item = Month> + ExactSizeIterator + Clone {
        (self.start.ordinal..self.end.ordinal + 1).map(|ordinal| Month { ordinal })
    }
}

impl From<Year> for PeriodRange {
    fn from(year: Year) -> PeriodRange {
        year.months()
    }
}

impl From<Month> for PeriodRange {
    fn from(month: Month) -> PeriodRange {
        PeriodRange::single(month)
    }
}

impl fmt::Display for PeriodRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl FromStr for PeriodRange {
    type Err = PeriodError;
    /// Reads `YYYY-MM..YYYY-MM`.
    fn from_str(input: &str) -> Result<PeriodRange, PeriodError> {
        let fail = || parse_error("period range", input, "YYYY-MM..YYYY-MM");
        let (start, end) = input.split_once("..").ok_or_else(fail)?;
        PeriodRange::new(
            start.parse().map_err(|_| fail())?,
            end.parse().map_err(|_| fail())?,
        )
    }
}
serde_via_str!(PeriodRange);

/// A fiscal year (räkenskapsår) of twelve months from a start month.
///
/// Municipalities use the calendar year by law; companies in the group may have broken fiscal
/// years, such as July–June.
///
/// ```
/// use styrmodell::{FiscalYear, Month};
/// # fn main() -> Result<(), styrmodell::PeriodError> {
/// let fy = FiscalYear::containing("2023-03".parse()?, 7)?;
/// assert_eq!(fy.to_string(), "2022/23");
/// assert_eq!(fy.months().to_string(), "2022-07..2023-06");
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear {
    start: Month,
}

impl FiscalYear {
    /// The fiscal year that begins in `start`.
    pub fn starting(start: Month) -> FiscalYear {
        FiscalYear { start }
    }

    /// The calendar year as a fiscal year.
    pub fn calendar(year: Year) -> FiscalYear {
        FiscalYear {
            start: year.first_month(),
        }
    }

    /// The fiscal year, beginning in month `start_month` (1–12), that holds `month`.
    ///
    /// # Errors
    /// [`PeriodError::MonthOutOfRange`] for a start month outside 1–12, or
    /// [`PeriodError::YearOutOfRange`] when the fiscal year would begin before year 1.
    pub fn containing(month: Month, start_month: u32) -> Result<FiscalYear, PeriodError> {
        let year = month.year().0;
        let start_year = if month.number() >= start_month {
            year
        } else {
            year - 1
        };
        Ok(FiscalYear {
            start: Month::new(start_year, start_month)?,
        })
    }

    /// The first month.
    pub fn start(self) -> Month {
        self.start
    }

    /// Its twelve months (fewer only if it would run past year 9999).
    pub fn months(self) -> PeriodRange {
        let end = self
            .start
            .checked_add(11)
            .unwrap_or_else(|| Year(MAX_YEAR).last_month());
        PeriodRange {
            start: self.start,
            end,
        }
    }

    /// Whether `month` lies in the fiscal year.
    pub fn contains(self, month: Month) -> bool {
        self.months().contains(month)
    }

    /// Whether it is a calendar year.
    pub fn is_calendar_year(self) -> bool {
        self.start.number() == 1
    }
}

impl fmt::Display for FiscalYear {
    /// `2022` for a calendar year, `2022/23` for a broken one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let start = self.start.year().0;
        if self.is_calendar_year() {
            write!(f, "{start:04}")
        } else {
            write!(f, "{start:04}/{:02}", (start + 1) % 100)
        }
    }
}

/// The horizon of a budget: the budget year and its plan years ("Mål och budget 2022 med plan
/// 2023–2024").
///
/// ```
/// use styrmodell::{PlanHorizon, Year};
/// # fn main() -> Result<(), styrmodell::PeriodError> {
/// let horizon = PlanHorizon::new(Year::new(2022)?, 2)?;
/// assert_eq!(horizon.label_sv(), "Mål och budget 2022 med plan 2023–2024");
/// assert_eq!(horizon.months().to_string(), "2022-01..2024-12");
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PlanHorizonParts", into = "PlanHorizonParts")]
pub struct PlanHorizon {
    budget_year: Year,
    plan_years: u8,
}

#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Serialize, Deserialize)]
struct PlanHorizonParts {
    budget_year: Year,
    plan_years: u8,
}

impl TryFrom<PlanHorizonParts> for PlanHorizon {
    type Error = PeriodError;
    fn try_from(parts: PlanHorizonParts) -> Result<PlanHorizon, PeriodError> {
        PlanHorizon::new(parts.budget_year, parts.plan_years)
    }
}

impl From<PlanHorizon> for PlanHorizonParts {
    fn from(horizon: PlanHorizon) -> PlanHorizonParts {
        PlanHorizonParts {
            budget_year: horizon.budget_year,
            plan_years: horizon.plan_years,
        }
    }
}

impl PlanHorizon {
    /// The most plan years a horizon may have.
    pub const MAX_PLAN_YEARS: u8 = 10;

    /// Makes the horizon of `budget_year` with `plan_years` plan years (two by custom).
    ///
    /// # Errors
    /// [`PeriodError::TooManyPlanYears`] beyond ten plan years or past year 9999.
    pub fn new(budget_year: Year, plan_years: u8) -> Result<PlanHorizon, PeriodError> {
        if plan_years > Self::MAX_PLAN_YEARS
            || budget_year.checked_add(i32::from(plan_years)).is_none()
        {
            return Err(PeriodError::TooManyPlanYears {
                budget_year,
                plan_years,
            });
        }
        Ok(PlanHorizon {
            budget_year,
            plan_years,
        })
    }

    /// The budget year.
    pub fn budget_year(self) -> Year {
        self.budget_year
    }

    /// How many plan years follow it.
    pub fn plan_years(self) -> u8 {
        self.plan_years
    }

    /// The last plan year (the budget year when there are none).
    pub fn last_year(self) -> Year {
        Year(self.budget_year.0 + i32::from(self.plan_years))
    }

    /// The budget year and the plan years, in order.
    pub fn years(self) -> impl Iterator<Item = Year> {
        (self.budget_year.0..=self.last_year().0).map(Year)
    }

    /// Every month from January of the budget year to December of the last plan year.
    pub fn months(self) -> PeriodRange {
        PeriodRange {
            start: self.budget_year.first_month(),
            end: self.last_year().last_month(),
        }
    }

    /// Whether `month` lies within the horizon.
    pub fn contains(self, month: Month) -> bool {
        self.months().contains(month)
    }

    /// The Swedish title: `Mål och budget 2022 med plan 2023–2024`.
    pub fn label_sv(self) -> String {
        match self.plan_years {
            0 => format!("Mål och budget {}", self.budget_year),
            1 => format!(
                "Mål och budget {} med plan {}",
                self.budget_year,
                self.last_year()
            ),
            _ => format!(
                "Mål och budget {} med plan {}–{}",
                self.budget_year,
                Year(self.budget_year.0 + 1),
                self.last_year()
            ),
        }
    }
}

impl fmt::Display for PlanHorizon {
    /// `2022–2024`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.plan_years == 0 {
            write!(f, "{}", self.budget_year)
        } else {
            write!(f, "{}–{}", self.budget_year, self.last_year())
        }
    }
}

/// The kind of a follow-up report.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReportKind {
    /// Monthly report (månadsrapport, månadsuppföljning), often economy only.
    Monthly,
    /// Tertial report (tertialrapport).
    Tertial,
    /// Interim report (delårsrapport), usually as of August.
    Interim,
    /// Annual report (årsredovisning; a committee's verksamhetsberättelse).
    Annual,
}

impl fmt::Display for ReportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReportKind::Monthly => "monthly",
            ReportKind::Tertial => "tertial",
            ReportKind::Interim => "interim",
            ReportKind::Annual => "annual",
        })
    }
}

/// One follow-up point of the year (uppföljningstillfälle).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReportPoint {
    /// What kind of report is made.
    pub kind: ReportKind,
    /// The last month of outcome it covers.
    pub as_of: Month,
    /// Whether goals and indicators are assessed at this point, or economy only.
    pub assesses_goals: bool,
    /// The month the full-year forecast is based on (Motala: outcome to August, forecast from
    /// June); `None` for the latest forecast made by the knowledge date.
    pub forecast_basis: Option<Month>,
    /// The knowledge date (kunskapsdatum): what was known on this day counts. `None` for the
    /// last day of the as-of month; an annual report's is its closing date (bokslutsdag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known: Option<NaiveDate>,
}

impl ReportPoint {
    /// The point's period end, knowledge date and forecast basis.
    ///
    /// # Errors
    /// [`PeriodError::KnownBeforePeriodEnd`] or [`PeriodError::BasisAfterAsOf`] for a point
    /// whose dates contradict each other.
    pub fn as_of(&self) -> Result<crate::as_of::AsOf, PeriodError> {
        let mut as_of = crate::as_of::AsOf::end_of(self.as_of);
        if let Some(known) = self.known {
            as_of = as_of.known_on(known)?;
        }
        match self.forecast_basis {
            Some(basis) => as_of.with_forecast_basis(basis),
            None => Ok(as_of),
        }
    }
}

/// A municipality's follow-up points for one year as data (uppföljningsplan): which reports
/// are made as of which month, which assess goals, and which month forecasts rest on.
///
/// ```
/// use styrmodell::{ReportingCalendar, ReportKind, Year};
/// # fn main() -> Result<(), styrmodell::PeriodError> {
/// let calendar = ReportingCalendar::typical(Year::new(2022)?);
/// let interim = calendar.point_at("2022-08".parse()?).unwrap();
/// assert_eq!(interim.kind, ReportKind::Interim);
/// assert!(interim.assesses_goals);
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "CalendarParts", into = "CalendarParts")]
pub struct ReportingCalendar {
    year: Year,
    points: Vec<ReportPoint>,
}

#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Serialize, Deserialize)]
struct CalendarParts {
    year: Year,
    points: Vec<ReportPoint>,
}

impl TryFrom<CalendarParts> for ReportingCalendar {
    type Error = PeriodError;
    fn try_from(parts: CalendarParts) -> Result<ReportingCalendar, PeriodError> {
        ReportingCalendar::new(parts.year, parts.points)
    }
}

impl From<ReportingCalendar> for CalendarParts {
    fn from(calendar: ReportingCalendar) -> CalendarParts {
        CalendarParts {
            year: calendar.year,
            points: calendar.points,
        }
    }
}

impl ReportingCalendar {
    /// Makes the calendar of `year` from its points, sorted by as-of month.
    ///
    /// # Errors
    /// [`PeriodError::CalendarPoint`] for a point outside the year, two points as of the same
    /// month, a forecast basis after the as-of month or outside the year, an annual report
    /// before December, or an interim report (delårsrapport) outside half to two thirds of the
    /// year (as of June, July or August, as LKBR 13 kap. requires).
    pub fn new(year: Year, mut points: Vec<ReportPoint>) -> Result<ReportingCalendar, PeriodError> {
        points.sort_by_key(|point| point.as_of);
        let months = year.months();
        let mut previous: Option<Month> = None;
        for point in &points {
            let fail = |reason| PeriodError::CalendarPoint {
                year,
                kind: point.kind,
                as_of: point.as_of,
                reason,
            };
            if !months.contains(point.as_of) {
                return Err(fail("the as-of month is outside the year"));
            }
            if previous == Some(point.as_of) {
                return Err(fail("another point has the same as-of month"));
            }
            if let Some(basis) = point.forecast_basis {
                if basis > point.as_of || !months.contains(basis) {
                    return Err(fail(
                        "the forecast basis must lie in the year, not after the as-of month",
                    ));
                }
            }
            if point.kind == ReportKind::Annual && point.as_of != year.last_month() {
                return Err(fail("an annual report is as of December"));
            }
            if point.kind == ReportKind::Interim && !(6..=8).contains(&point.as_of.number()) {
                return Err(fail(
                    "an interim report (delårsrapport) covers at least half and at most two thirds of the year (LKBR 13 kap.): as of June, July or August",
                ));
            }
            if point
                .known
                .is_some_and(|known| known < point.as_of.last_day())
            {
                return Err(fail(
                    "the knowledge date lies before the end of the as-of month",
                ));
            }
            previous = Some(point.as_of);
        }
        Ok(ReportingCalendar { year, points })
    }

    /// A common Swedish calendar: monthly reports in February, March, May, June, October and
    /// November; tertial report as of April and interim report as of August, both with goals
    /// and forecast; the annual report as of December, known on 15 February of the next year
    /// (its closing date, bokslutsdag), so year-end entries and final reports dated in January
    /// belong to it.
    pub fn typical(year: Year) -> ReportingCalendar {
        let month = |number| Month::from_valid(year.0, number);
        // The books of the year are closed by 15 February (bokslutsdag).
        let closing = NaiveDate::from_ymd_opt(year.0.saturating_add(1), 2, 15);
        let point = |kind, number, assesses_goals| ReportPoint {
            kind,
            as_of: month(number),
            assesses_goals,
            forecast_basis: (kind != ReportKind::Annual).then(|| month(number)),
            known: if kind == ReportKind::Annual {
                closing
            } else {
                None
            },
        };
        let mut points: Vec<ReportPoint> = [2, 3, 5, 6, 10, 11]
            .into_iter()
            .map(|number| point(ReportKind::Monthly, number, false))
            .collect();
        points.push(point(ReportKind::Tertial, 4, true));
        points.push(point(ReportKind::Interim, 8, true));
        points.push(point(ReportKind::Annual, 12, true));
        points.sort_by_key(|point| point.as_of);
        ReportingCalendar { year, points }
    }

    /// The calendar's year.
    pub fn year(&self) -> Year {
        self.year
    }

    /// The points in as-of order.
    pub fn points(&self) -> &[ReportPoint] {
        &self.points
    }

    /// The point as of `month`, if there is one.
    pub fn point_at(&self, month: Month) -> Option<&ReportPoint> {
        self.points.iter().find(|point| point.as_of == month)
    }

    /// The latest point as of `month` or earlier.
    pub fn latest_until(&self, month: Month) -> Option<&ReportPoint> {
        self.points.iter().rev().find(|point| point.as_of <= month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        text.parse().unwrap()
    }

    #[test]
    fn month_parses_strictly() {
        assert_eq!(month("2022-08"), Month::new(2022, 8).unwrap());
        for bad in [
            "2022-13",
            "2022-00",
            "2022-8",
            "22-08",
            "2022/08",
            "2022-08-01",
            "",
            "0000-01",
        ] {
            let err = bad.parse::<Month>().unwrap_err();
            assert!(
                err.to_string().contains(bad) || err.to_string().contains("outside"),
                "{bad}: {err}"
            );
        }
        assert_eq!(
            "2022-13".parse::<Month>().unwrap_err(),
            PeriodError::MonthOutOfRange {
                year: 2022,
                month: 13
            }
        );
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        assert_eq!(month("2022-12").next().unwrap(), month("2023-01"));
        assert_eq!(month("2022-01").previous().unwrap(), month("2021-12"));
        assert_eq!(month("2022-08").months_since(month("2021-08")), 12);
        assert!(month("9999-12").next().is_none());
        assert!(month("0001-01").previous().is_none());
        assert_eq!(month("2024-02").days(), 29);
        assert_eq!(month("2023-02").days(), 28);
        assert_eq!(
            month("2022-12").last_day(),
            NaiveDate::from_ymd_opt(2022, 12, 31).unwrap()
        );
    }

    #[test]
    fn parts_of_year() {
        assert_eq!(month("2022-04").tertial().to_string(), "2022-T1");
        assert_eq!(month("2022-05").tertial().to_string(), "2022-T2");
        assert_eq!(
            month("2022-09").tertial().months().to_string(),
            "2022-09..2022-12"
        );
        assert_eq!(month("2022-07").quarter().to_string(), "2022-Q3");
        assert_eq!(month("2022-07").half_year().to_string(), "2022-H2");
        assert_eq!("2022-T3".parse::<Tertial>().unwrap().number(), 3);
        assert!("2022-T4".parse::<Tertial>().is_err());
        assert!("2022-Q5".parse::<Quarter>().is_err());
        assert!("2022-H0".parse::<HalfYear>().is_err());
    }

    #[test]
    fn ranges() {
        let range: PeriodRange = "2022-03..2022-06".parse().unwrap();
        assert_eq!(range.month_count(), 4);
        assert!(!range.contains(month("2022-07")));
        assert!(PeriodRange::new(month("2022-06"), month("2022-03")).is_err());
        assert!("2022-06..2022-03".parse::<PeriodRange>().is_err());
        let ytd = PeriodRange::year_to_date(month("2022-05"));
        assert_eq!(
            ytd.intersection(range).unwrap().to_string(),
            "2022-03..2022-05"
        );
        assert!(
            ytd.intersection("2023-01..2023-02".parse().unwrap())
                .is_none()
        );
        assert_eq!(range.months().next_back(), Some(month("2022-06")));
    }

    #[test]
    fn fiscal_years() {
        let fy = FiscalYear::containing(month("2022-07"), 7).unwrap();
        assert_eq!(fy.start(), month("2022-07"));
        assert!(fy.contains(month("2023-06")));
        assert!(!fy.contains(month("2023-07")));
        assert_eq!(
            FiscalYear::calendar(Year::new(2022).unwrap()).to_string(),
            "2022"
        );
        assert!(FiscalYear::containing(month("2022-07"), 13).is_err());
        assert_eq!(
            FiscalYear::containing(month("2099-12"), 1)
                .unwrap()
                .to_string(),
            "2099"
        );
        assert_eq!(
            FiscalYear::containing(month("2099-01"), 7)
                .unwrap()
                .to_string(),
            "2098/99"
        );
    }

    #[test]
    fn plan_horizon() {
        let year = Year::new(2022).unwrap();
        let horizon = PlanHorizon::new(year, 2).unwrap();
        assert_eq!(
            horizon.years().map(Year::number).collect::<Vec<_>>(),
            [2022, 2023, 2024]
        );
        assert!(horizon.contains(month("2024-12")));
        assert!(!horizon.contains(month("2025-01")));
        assert_eq!(horizon.to_string(), "2022–2024");
        assert!(PlanHorizon::new(year, 11).is_err());
        assert!(PlanHorizon::new(Year::new(9999).unwrap(), 1).is_err());
        let json = serde_json::to_string(&horizon).unwrap();
        assert_eq!(serde_json::from_str::<PlanHorizon>(&json).unwrap(), horizon);
    }

    #[test]
    fn calendar_validates_points() {
        let year = Year::new(2022).unwrap();
        let point = |kind, as_of: &str, basis: Option<&str>| ReportPoint {
            known: None,
            kind,
            as_of: month(as_of),
            assesses_goals: false,
            forecast_basis: basis.map(month),
        };
        // Motala: outcome to August, forecast from June.
        let calendar = ReportingCalendar::new(
            year,
            vec![
                point(ReportKind::Interim, "2022-08", Some("2022-06")),
                point(ReportKind::Tertial, "2022-04", None),
            ],
        )
        .unwrap();
        assert_eq!(calendar.points()[0].as_of, month("2022-04"));
        assert_eq!(
            calendar.latest_until(month("2022-07")).unwrap().kind,
            ReportKind::Tertial
        );
        for bad in [
            vec![point(ReportKind::Monthly, "2023-01", None)],
            vec![
                point(ReportKind::Monthly, "2022-03", None),
                point(ReportKind::Tertial, "2022-03", None),
            ],
            vec![point(ReportKind::Interim, "2022-08", Some("2022-09"))],
            vec![point(ReportKind::Annual, "2022-11", None)],
        ] {
            let err = ReportingCalendar::new(year, bad).unwrap_err();
            assert!(matches!(err, PeriodError::CalendarPoint { .. }), "{err}");
        }
        // A delårsrapport covers half to two thirds of the year: as of June to August only.
        for (as_of, fits) in [
            ("2022-05", false),
            ("2022-06", true),
            ("2022-07", true),
            ("2022-08", true),
            ("2022-09", false),
        ] {
            let made = ReportingCalendar::new(year, vec![point(ReportKind::Interim, as_of, None)]);
            assert_eq!(made.is_ok(), fits, "{as_of}");
        }
        let err = ReportingCalendar::new(year, vec![point(ReportKind::Interim, "2022-09", None)])
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("at least half and at most two thirds"),
            "{err}"
        );
        let typical = ReportingCalendar::typical(year);
        let json = serde_json::to_string(&typical).unwrap();
        assert_eq!(
            serde_json::from_str::<ReportingCalendar>(&json).unwrap(),
            typical
        );
    }

    #[test]
    fn serde_uses_text() {
        assert_eq!(
            serde_json::to_string(&month("2022-08")).unwrap(),
            "\"2022-08\""
        );
        assert!(serde_json::from_str::<Month>("\"2022-13\"").is_err());
        let range: PeriodRange = "2022-01..2022-08".parse().unwrap();
        assert_eq!(
            serde_json::from_str::<PeriodRange>(&serde_json::to_string(&range).unwrap()).unwrap(),
            range
        );
    }
}
