//! Thresholds (målvärden) and their exact test against a measured value.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::indicator::{MeasureUnit, Polarity};
use super::observation::Measured;
use crate::ratio::RatioError;

/// How a value is compared with a threshold.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// More than (fler än, mer än): `>`.
    Gt,
    /// At least (minst): `≥`.
    Ge,
    /// Less than (färre än, mindre än): `<`.
    Lt,
    /// At most (högst): `≤`.
    Le,
    /// Exactly: `=`, such as 100 %.
    Eq,
    /// Between the value and `upper`, both included.
    Between,
    /// Better than the previous period in the indicator's direction ("ska öka", "starkare än
    /// föregående år").
    ImproveOnPrevious,
}

/// The result of testing a value against a threshold.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestResult {
    /// Not met (ej uppnått).
    NotMet,
    /// Partly met: within the tolerance band (delvis uppnått).
    PartlyMet,
    /// Met (uppnått).
    Met,
    /// No value to test (inget värde).
    NoData,
}

impl fmt::Display for TestResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TestResult::Met => "met",
            TestResult::PartlyMet => "partly met",
            TestResult::NotMet => "not met",
            TestResult::NoData => "no data",
        })
    }
}

/// A target value (målvärde) with its comparator, unit and optional tolerance band.
///
/// Values are in the indicator's unit: a percent threshold of 80 means 80 %. Shares are
/// compared exactly: 62 of 100 against "more than 80 %" multiplies out, it never rounds.
///
/// ```
/// use styrmodell::steering::{Comparator, Measured, MeasureUnit, Polarity, TestResult, Threshold};
/// use styrmodell::{Decimal, Ratio};
/// # fn main() -> Result<(), styrmodell::RatioError> {
/// let more_than_80 = Threshold::new(Comparator::Gt, Decimal::from(80), MeasureUnit::Percent);
/// let managers = Measured::Share(Ratio::of_counts(62, 100).unwrap());
/// assert_eq!(more_than_80.test(&managers, None, Polarity::HigherIsBetter)?, TestResult::NotMet);
/// let with_band = more_than_80.clone().with_tolerance(Decimal::from(20));
/// assert_eq!(with_band.test(&managers, None, Polarity::HigherIsBetter)?, TestResult::PartlyMet);
/// assert_eq!(more_than_80.to_string(), "> 80 %");
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Threshold {
    /// How values are compared.
    pub comparator: Comparator,
    /// The target value (the lower bound for `Between`; unused for `ImproveOnPrevious`).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub value: Decimal,
    /// The upper bound for `Between`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::str_option"
    )]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub upper: Option<Decimal>,
    /// The unit, which must be the indicator's.
    pub unit: MeasureUnit,
    /// How far from the target still counts as partly met (the yellow band).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::str_option"
    )]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub tolerance: Option<Decimal>,
    /// Test the mean over these years instead of the single period (Munkedal: 2 % on average
    /// over the plan period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_over: Option<(crate::period::Year, crate::period::Year)>,
}

impl Threshold {
    /// A threshold with no tolerance band.
    pub fn new(comparator: Comparator, value: Decimal, unit: MeasureUnit) -> Threshold {
        Threshold {
            comparator,
            value,
            upper: None,
            unit,
            tolerance: None,
            mean_over: None,
        }
    }

    /// A band from `low` to `high`, both included.
    pub fn between(low: Decimal, high: Decimal, unit: MeasureUnit) -> Threshold {
        Threshold {
            upper: Some(high),
            ..Threshold::new(Comparator::Between, low, unit)
        }
    }

    /// Sets the tolerance band within which a miss counts as partly met.
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Decimal) -> Threshold {
        self.tolerance = Some(tolerance.abs());
        self
    }

    /// Tests the mean over `from`..=`to` instead of a single period.
    #[must_use]
    pub fn with_mean_over(
        mut self,
        from: crate::period::Year,
        to: crate::period::Year,
    ) -> Threshold {
        self.mean_over = Some((from, to));
        self
    }

    /// Tests `value` (and, for `ImproveOnPrevious`, `previous`) against the threshold.
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when an exact comparison of a share does not fit.
    pub fn test(
        &self,
        value: &Measured,
        previous: Option<&Measured>,
        polarity: Polarity,
    ) -> Result<TestResult, RatioError> {
        let tolerance = self.tolerance.unwrap_or(Decimal::ZERO);
        let cmp = |target: Decimal| value.cmp_number(target, &self.unit);
        let met_or = |met: bool, partly: bool| {
            if met {
                TestResult::Met
            } else if partly && self.tolerance.is_some() {
                TestResult::PartlyMet
            } else {
                TestResult::NotMet
            }
        };
        // A band past the end of a decimal's range covers everything beyond it.
        let (low, high) = (
            self.value.checked_sub(tolerance).unwrap_or(Decimal::MIN),
            self.value.checked_add(tolerance).unwrap_or(Decimal::MAX),
        );
        Ok(match self.comparator {
            Comparator::Gt => met_or(cmp(self.value)?.is_gt(), cmp(low)?.is_ge()),
            Comparator::Ge => met_or(cmp(self.value)?.is_ge(), cmp(low)?.is_ge()),
            Comparator::Lt => met_or(cmp(self.value)?.is_lt(), cmp(high)?.is_le()),
            Comparator::Le => met_or(cmp(self.value)?.is_le(), cmp(high)?.is_le()),
            Comparator::Eq => met_or(
                cmp(self.value)?.is_eq(),
                cmp(low)?.is_ge() && cmp(high)?.is_le(),
            ),
            Comparator::Between => {
                let upper = self.upper.unwrap_or(self.value);
                let inside = cmp(self.value)?.is_ge() && cmp(upper)?.is_le();
                let above = upper.checked_add(tolerance).unwrap_or(Decimal::MAX);
                let near = cmp(low)?.is_ge() && cmp(above)?.is_le();
                met_or(inside, near)
            }
            Comparator::ImproveOnPrevious => match previous {
                None => TestResult::NoData,
                Some(previous) => improve_on(value, previous, polarity, tolerance)?,
            },
        })
    }
}

/// Whether `value` is better than `previous` in the direction of `polarity`.
fn improve_on(
    value: &Measured,
    previous: &Measured,
    polarity: Polarity,
    tolerance: Decimal,
) -> Result<TestResult, RatioError> {
    let ordering = value.cmp_value(previous)?;
    let better = match polarity {
        Polarity::HigherIsBetter => ordering == Ordering::Greater,
        Polarity::LowerIsBetter => ordering == Ordering::Less,
        Polarity::InBand | Polarity::Neutral => false,
    };
    if better {
        return Ok(TestResult::Met);
    }
    let close = value
        .as_decimal()
        .zip(previous.as_decimal())
        .and_then(|(a, b)| a.checked_sub(b))
        .is_some_and(|difference| difference.abs() <= tolerance);
    Ok(if close && !tolerance.is_zero() {
        TestResult::PartlyMet
    } else {
        TestResult::NotMet
    })
}

/// The words of a threshold's text in one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ThresholdWords {
    pub(crate) yes: &'static str,
    pub(crate) no: &'static str,
    pub(crate) days: &'static str,
    pub(crate) better: &'static str,
    pub(crate) on_average: &'static str,
    /// Written between a number's whole part and its decimals.
    pub(crate) decimal_mark: char,
}

impl ThresholdWords {
    /// The words of [`Threshold`]'s `Display`.
    pub(crate) const ENGLISH: ThresholdWords = ThresholdWords {
        yes: "yes",
        no: "no",
        days: "days",
        better: "better than the previous period",
        on_average: "on average",
        decimal_mark: '.',
    };
}

impl Threshold {
    /// The threshold's text in `words`: `> 80 %`, `= yes`, `5–10 days`.
    pub(crate) fn text(&self, words: &ThresholdWords) -> String {
        let number = |value: Decimal| {
            let text = value.normalize().to_string();
            text.replace('.', &words.decimal_mark.to_string())
        };
        if self.unit == MeasureUnit::YesNo && self.comparator == Comparator::Eq {
            let answer = if self.value.is_zero() {
                words.no
            } else {
                words.yes
            };
            return format!("= {answer}");
        }
        let unit = match &self.unit {
            MeasureUnit::Days => words.days,
            unit => unit.symbol(),
        };
        let sep = if unit.is_empty() { "" } else { " " };
        let symbol = match self.comparator {
            Comparator::Gt => ">",
            Comparator::Ge => "≥",
            Comparator::Lt => "<",
            Comparator::Le => "≤",
            Comparator::Eq => "=",
            Comparator::Between => {
                let upper = self.upper.unwrap_or(self.value);
                return format!("{}–{}{sep}{unit}", number(self.value), number(upper));
            }
            Comparator::ImproveOnPrevious => return words.better.to_owned(),
        };
        let text = format!("{symbol} {}{sep}{unit}", number(self.value));
        match self.mean_over {
            Some((from, to)) => format!("{text} {} {from}–{to}", words.on_average),
            None => text,
        }
    }
}

impl fmt::Display for Threshold {
    /// `> 80 %`, `≥ 2 %`, `5–10 days`, `better than the previous period`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(&ThresholdWords::ENGLISH))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratio::Ratio;

    fn number(n: i64) -> Measured {
        Measured::Number(Decimal::from(n))
    }

    fn test(threshold: &Threshold, value: &Measured) -> TestResult {
        threshold
            .test(value, None, Polarity::HigherIsBetter)
            .unwrap()
    }

    #[test]
    fn comparators_with_and_without_tolerance() {
        let unit = MeasureUnit::Count;
        let cases = [
            (
                Comparator::Gt,
                10,
                [
                    (11, TestResult::Met),
                    (10, TestResult::NotMet),
                    (9, TestResult::NotMet),
                ],
            ),
            (
                Comparator::Ge,
                10,
                [
                    (10, TestResult::Met),
                    (9, TestResult::NotMet),
                    (11, TestResult::Met),
                ],
            ),
            (
                Comparator::Lt,
                10,
                [
                    (9, TestResult::Met),
                    (10, TestResult::NotMet),
                    (11, TestResult::NotMet),
                ],
            ),
            (
                Comparator::Le,
                10,
                [
                    (10, TestResult::Met),
                    (11, TestResult::NotMet),
                    (9, TestResult::Met),
                ],
            ),
            (
                Comparator::Eq,
                10,
                [
                    (10, TestResult::Met),
                    (11, TestResult::NotMet),
                    (9, TestResult::NotMet),
                ],
            ),
        ];
        for (comparator, target, expectations) in cases {
            let threshold = Threshold::new(comparator, Decimal::from(target), unit.clone());
            for (value, expected) in expectations {
                assert_eq!(
                    test(&threshold, &number(value)),
                    expected,
                    "{comparator:?} {value}"
                );
            }
        }
        let band = Threshold::new(Comparator::Gt, Decimal::from(10), unit.clone())
            .with_tolerance(Decimal::from(2));
        assert_eq!(test(&band, &number(8)), TestResult::PartlyMet);
        assert_eq!(test(&band, &number(7)), TestResult::NotMet);
        let low = Threshold::new(Comparator::Le, Decimal::from(10), unit.clone())
            .with_tolerance(Decimal::ONE);
        assert_eq!(test(&low, &number(11)), TestResult::PartlyMet);
        let between = Threshold::between(Decimal::from(5), Decimal::from(8), unit)
            .with_tolerance(Decimal::ONE);
        assert_eq!(test(&between, &number(6)), TestResult::Met);
        assert_eq!(test(&between, &number(9)), TestResult::PartlyMet);
        assert_eq!(test(&between, &number(3)), TestResult::NotMet);
        assert_eq!(between.to_string(), "5–8");
    }

    #[test]
    fn shares_compare_exactly() {
        let more_than = Threshold::new(Comparator::Gt, Decimal::from(80), MeasureUnit::Percent);
        let exactly_80 = Measured::Share(Ratio::of_counts(4, 5).unwrap());
        assert_eq!(test(&more_than, &exactly_80), TestResult::NotMet);
        let just_above = Measured::Share(Ratio::of_counts(800_001, 1_000_000).unwrap());
        assert_eq!(test(&more_than, &just_above), TestResult::Met);
        let all = Threshold::new(Comparator::Eq, Decimal::from(100), MeasureUnit::Percent);
        assert_eq!(
            test(&all, &Measured::Share(Ratio::of_counts(4, 4).unwrap())),
            TestResult::Met
        );
        assert_eq!(
            test(&all, &Measured::Share(Ratio::of_counts(3, 4).unwrap())),
            TestResult::NotMet
        );
    }

    #[test]
    fn improvement_follows_polarity() {
        let improve = Threshold::new(
            Comparator::ImproveOnPrevious,
            Decimal::ZERO,
            MeasureUnit::Count,
        );
        let (now, before) = (number(5), number(7));
        assert_eq!(
            improve
                .test(&now, Some(&before), Polarity::LowerIsBetter)
                .unwrap(),
            TestResult::Met
        );
        assert_eq!(
            improve
                .test(&now, Some(&before), Polarity::HigherIsBetter)
                .unwrap(),
            TestResult::NotMet
        );
        assert_eq!(
            improve.test(&now, None, Polarity::HigherIsBetter).unwrap(),
            TestResult::NoData
        );
        let lenient = improve.clone().with_tolerance(Decimal::from(2));
        assert_eq!(
            lenient
                .test(&now, Some(&before), Polarity::HigherIsBetter)
                .unwrap(),
            TestResult::PartlyMet
        );
    }
}
