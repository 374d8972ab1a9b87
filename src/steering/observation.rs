//! Observations (mätvärden): an indicator's value for a unit or a municipality, a period and
//! a gender, or the reason it is missing.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::indicator::{IndicatorId, MeasureUnit};
use crate::org::OrgUnitId;
use crate::period::{HalfYear, Month, PeriodError, PeriodRange, Quarter, Tertial, Year};
use crate::ratio::{Ratio, RatioError};

/// A measured value.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measured {
    /// A number in the indicator's unit.
    Number(
        #[serde(with = "rust_decimal::serde::str")]
        #[cfg_attr(feature = "schemars", schemars(with = "String"))]
        Decimal,
    ),
    /// An exact share, for indicators in per cent: 62 of 100.
    Share(Ratio),
    /// Yes or no.
    YesNo(bool),
}

impl Measured {
    /// The value as a number in the indicator's unit: a share in per cent, yes as 1 (100 for
    /// per cent) and no as 0. Exact except for shares, correct to 28 digits; `None` for a
    /// share whose percentage is beyond a decimal's range.
    pub fn as_number(&self, unit: &MeasureUnit) -> Option<Decimal> {
        match self {
            Measured::Number(value) => Some(*value),
            Measured::Share(share) => share.percent(28, crate::amount::Rounding::HalfEven).ok(),
            Measured::YesNo(yes) => Some(yes_value(*yes, unit)),
        }
    }

    /// The value as a number, shares in per cent and yes as 1.
    pub(crate) fn as_decimal(&self) -> Option<Decimal> {
        self.as_number(&MeasureUnit::Count)
    }

    /// Compares the value with `target` in `unit`, exactly for shares.
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when a share's exact comparison does not fit.
    pub fn cmp_number(&self, target: Decimal, unit: &MeasureUnit) -> Result<Ordering, RatioError> {
        match self {
            Measured::Number(value) => Ok(value.cmp(&target)),
            Measured::Share(share) => share.cmp_percent(target),
            Measured::YesNo(yes) => Ok(yes_value(*yes, unit).cmp(&target)),
        }
    }

    /// Compares two values, exactly when both are shares.
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when a share's exact comparison does not fit.
    pub fn cmp_value(&self, other: &Measured) -> Result<Ordering, RatioError> {
        match (self, other) {
            (Measured::Share(a), Measured::Share(b)) => a.cmp_value(*b),
            (a, b) => Ok(a.as_decimal().cmp(&b.as_decimal())),
        }
    }
}

fn yes_value(yes: bool, unit: &MeasureUnit) -> Decimal {
    match (yes, unit) {
        (false, _) => Decimal::ZERO,
        (true, MeasureUnit::Percent) => Decimal::ONE_HUNDRED,
        (true, _) => Decimal::ONE,
    }
}

impl fmt::Display for Measured {
    /// `62 of 100 = 62 %`, `4.5`, `yes`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Measured::Number(value) => write!(f, "{}", value.normalize()),
            Measured::Share(share) => {
                let (n, d) = (
                    share.numerator().normalize(),
                    share.denominator().normalize(),
                );
                // Counts read as "62 of 100"; money and other large parts only as a percentage.
                let countable = |x: Decimal| x.scale() == 0 && x.abs() < Decimal::from(10_000_000);
                if countable(n) && countable(d) {
                    write!(f, "{n} of {d} = {}", crate::assess::percent_text(*share))
                } else {
                    f.write_str(&crate::assess::percent_text(*share))
                }
            }
            Measured::YesNo(true) => f.write_str("yes"),
            Measured::YesNo(false) => f.write_str("no"),
        }
    }
}

/// Why a value is missing (Kolada's and the municipalities' reasons).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// No answer (bortfall, "-").
    NonResponse,
    /// Not applicable (ej tillämplig, ".").
    NotApplicable,
    /// Confidential (sekretess, "..").
    Confidential,
    /// Cannot be measured (kan inte mätas).
    NotMeasurable,
    /// The method changed, so the value does not compare (metodbyte).
    MethodChanged,
}

/// A reading: a value or the reason there is none.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// A value.
    Value(Measured),
    /// No value, and why.
    Missing(MissingReason),
}

/// Gender (kön) of a value: total, women or men (Kolada's T, K, M).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Everyone (totalt, T).
    #[default]
    Total,
    /// Women (kvinnor, K).
    Women,
    /// Men (män, M).
    Men,
}

/// A four-digit Swedish municipality code (kommunkod), such as `0188` for Norrtälje.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MunicipalityCode(u16);

impl FromStr for MunicipalityCode {
    type Err = PeriodError;
    fn from_str(input: &str) -> Result<MunicipalityCode, PeriodError> {
        let valid = input.len() == 4 && input.bytes().all(|b| b.is_ascii_digit());
        match input.parse::<u16>() {
            Ok(code) if valid => Ok(MunicipalityCode(code)),
            _ => Err(PeriodError::Parse {
                kind: "municipality code",
                input: input.to_owned(),
                expected: "four digits",
            }),
        }
    }
}

impl fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}
crate::period::serde_via_str!(MunicipalityCode);

/// Who a value is about: an org unit of the model, or a municipality (for comparisons).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// An org unit.
    Unit(OrgUnitId),
    /// A municipality by code.
    Municipality(MunicipalityCode),
}

/// The period a value is for: a month, tertial, quarter, half-year or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObservationPeriod {
    /// A month.
    Month(Month),
    /// A tertial.
    Tertial(Tertial),
    /// A quarter.
    Quarter(Quarter),
    /// A half-year.
    HalfYear(HalfYear),
    /// A year.
    Year(Year),
}

impl ObservationPeriod {
    /// Its months.
    pub fn months(self) -> PeriodRange {
        match self {
            ObservationPeriod::Month(m) => PeriodRange::single(m),
            ObservationPeriod::Tertial(t) => t.months(),
            ObservationPeriod::Quarter(q) => q.months(),
            ObservationPeriod::HalfYear(h) => h.months(),
            ObservationPeriod::Year(y) => y.months(),
        }
    }

    /// The year it ends in.
    pub fn year(self) -> Year {
        self.months().end().year()
    }

    /// The period of the same kind before it.
    pub fn previous(self) -> Option<ObservationPeriod> {
        Some(match self {
            ObservationPeriod::Month(m) => ObservationPeriod::Month(m.previous()?),
            ObservationPeriod::Tertial(t) => {
                ObservationPeriod::Tertial(t.months().start().checked_add(-4)?.tertial())
            }
            ObservationPeriod::Quarter(q) => {
                ObservationPeriod::Quarter(q.months().start().checked_add(-3)?.quarter())
            }
            ObservationPeriod::HalfYear(h) => {
                ObservationPeriod::HalfYear(h.months().start().checked_add(-6)?.half_year())
            }
            ObservationPeriod::Year(y) => ObservationPeriod::Year(y.checked_add(-1)?),
        })
    }
}

impl fmt::Display for ObservationPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObservationPeriod::Month(m) => m.fmt(f),
            ObservationPeriod::Tertial(t) => t.fmt(f),
            ObservationPeriod::Quarter(q) => q.fmt(f),
            ObservationPeriod::HalfYear(h) => h.fmt(f),
            ObservationPeriod::Year(y) => y.fmt(f),
        }
    }
}

impl FromStr for ObservationPeriod {
    type Err = PeriodError;
    /// Reads `2022`, `2022-08`, `2022-T2`, `2022-Q3` or `2022-H1`.
    fn from_str(input: &str) -> Result<ObservationPeriod, PeriodError> {
        let kind = input.split_once('-').map(|(_, rest)| rest.chars().next());
        match kind {
            None => input.parse().map(ObservationPeriod::Year),
            Some(Some('T')) => input.parse().map(ObservationPeriod::Tertial),
            Some(Some('Q')) => input.parse().map(ObservationPeriod::Quarter),
            Some(Some('H')) => input.parse().map(ObservationPeriod::HalfYear),
            Some(_) => input.parse().map(ObservationPeriod::Month),
        }
    }
}
crate::period::serde_via_str!(ObservationPeriod);

impl From<Year> for ObservationPeriod {
    fn from(year: Year) -> ObservationPeriod {
        ObservationPeriod::Year(year)
    }
}

impl From<Month> for ObservationPeriod {
    fn from(month: Month) -> ObservationPeriod {
        ObservationPeriod::Month(month)
    }
}

/// One observation (mätvärde) of an indicator.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Observation {
    /// The indicator.
    pub indicator: IndicatorId,
    /// Who it is about.
    pub subject: Subject,
    /// The period.
    pub period: ObservationPeriod,
    /// Total, women or men.
    #[serde(default)]
    pub gender: Gender,
    /// The value or why it is missing.
    pub reading: Reading,
    /// Whether the value is preliminary.
    #[serde(default)]
    pub preliminary: bool,
    /// When the value was published (Kolada's publication date, say); `None` when it is known
    /// from the end of its period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<chrono::NaiveDate>,
    /// What the value was counted or computed from (the managers and units counted from the
    /// planning records, a quotation); shown in the assessment's trace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<super::Basis>,
}

impl Observation {
    /// An observation of a unit's total value.
    pub fn of_unit(
        indicator: IndicatorId,
        unit: OrgUnitId,
        period: ObservationPeriod,
        value: Measured,
    ) -> Observation {
        Observation {
            indicator,
            subject: Subject::Unit(unit),
            period,
            gender: Gender::Total,
            reading: Reading::Value(value),
            preliminary: false,
            published: None,
            basis: None,
        }
    }

    /// The day from which the observation counts: the last day of its period, or its
    /// publication date when that is later (a value is never known before its period ends).
    pub fn known_from(&self) -> chrono::NaiveDate {
        self.known_from_after(self.period.months().end().last_day())
    }

    /// [`Observation::known_from`] given its period's last day, worked out once for many.
    pub(crate) fn known_from_after(&self, period_end: chrono::NaiveDate) -> chrono::NaiveDate {
        self.published.map_or(period_end, |p| p.max(period_end))
    }
}
