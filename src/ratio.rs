//! Exact shares (andel): numerator over denominator, compared with thresholds without rounding.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::amount::Rounding;

/// An exact share (andel), kept as numerator and denominator.
///
/// "62 of 100 managers" stays 62/100: comparing it with "more than 80 %" multiplies out
/// (`62 * 100 > 80 * 100`) instead of rounding a percentage first. The denominator is never zero
/// and is kept positive (a negative one moves its sign to the numerator).
///
/// Equality (`==`) compares the stored parts, so 62/100 and 31/50 are different values that
/// compare [`Ordering::Equal`] with [`Ratio::cmp_value`].
///
/// # Example
///
/// ```
/// use styrmodell::{Decimal, Ratio};
///
/// # fn main() -> Result<(), styrmodell::RatioError> {
/// let managers = Ratio::new(Decimal::from(62), Decimal::from(100))?;
/// assert!(!managers.exceeds_percent(Decimal::from(80))?);
/// assert_eq!(managers.format_percent(0), "62 %");
/// assert!(Ratio::new(Decimal::ONE, Decimal::ZERO).is_err());
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RatioParts", into = "RatioParts")]
pub struct Ratio {
    numerator: Decimal,
    denominator: Decimal,
}

/// Why a share could not be made or compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RatioError {
    /// The denominator is zero.
    #[error("share {numerator}/0 has a zero denominator")]
    ZeroDenominator {
        /// The numerator that was given.
        numerator: Decimal,
    },
    /// A quotient, percentage or product needed for an exact comparison is beyond a decimal's
    /// range.
    #[error("share {numerator}/{denominator}: {operation} is beyond a decimal's range")]
    Overflow {
        /// The share's numerator.
        numerator: Decimal,
        /// The share's denominator.
        denominator: Decimal,
        /// What was computed: "as a decimal", "in per cent", "compared with 80 %".
        operation: String,
    },
}

/// The wire form of a [`Ratio`]: `{"numerator": "62", "denominator": "100"}`.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Serialize, Deserialize)]
struct RatioParts {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    numerator: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    denominator: Decimal,
}

impl TryFrom<RatioParts> for Ratio {
    type Error = RatioError;
    fn try_from(parts: RatioParts) -> Result<Ratio, RatioError> {
        Ratio::new(parts.numerator, parts.denominator)
    }
}

impl From<Ratio> for RatioParts {
    fn from(ratio: Ratio) -> RatioParts {
        RatioParts {
            numerator: ratio.numerator,
            denominator: ratio.denominator,
        }
    }
}

impl Ratio {
    /// Makes the share `numerator / denominator`.
    ///
    /// # Errors
    /// [`RatioError::ZeroDenominator`] when `denominator` is zero.
    pub fn new(numerator: Decimal, denominator: Decimal) -> Result<Ratio, RatioError> {
        if denominator.is_zero() {
            return Err(RatioError::ZeroDenominator { numerator });
        }
        let (numerator, denominator) = if denominator.is_sign_negative() {
            // Decimal's range is symmetric: turning a sign never overflows.
            #[allow(
                clippy::arithmetic_side_effects,
                reason = "negation of a Decimal cannot overflow"
            )]
            (-numerator, -denominator)
        } else {
            (numerator, denominator)
        };
        Ok(Ratio {
            numerator,
            denominator,
        })
    }

    /// Makes `part` of `whole` from counts, or `None` when `whole` is zero.
    ///
    /// ```
    /// let share = styrmodell::Ratio::of_counts(9, 10).unwrap();
    /// assert!(share.exceeds_percent(80.into()).unwrap());
    /// assert!(styrmodell::Ratio::of_counts(0, 0).is_none());
    /// ```
    pub fn of_counts(part: u64, whole: u64) -> Option<Ratio> {
        Ratio::new(Decimal::from(part), Decimal::from(whole)).ok()
    }

    /// Makes `part` of a non-zero `whole`; never fails.
    ///
    /// ```
    /// use std::num::NonZeroU64;
    /// let elapsed = styrmodell::Ratio::of_nonzero(8, NonZeroU64::MIN.saturating_add(11));
    /// assert_eq!(elapsed.to_string(), "8/12");
    /// ```
    pub fn of_nonzero(part: u64, whole: std::num::NonZeroU64) -> Ratio {
        Ratio {
            numerator: Decimal::from(part),
            denominator: Decimal::from(whole.get()),
        }
    }

    /// The numerator (täljare).
    pub fn numerator(self) -> Decimal {
        self.numerator
    }

    /// The denominator (nämnare), always positive.
    pub fn denominator(self) -> Decimal {
        self.denominator
    }

    /// The share as a decimal fraction, correct to 28 significant digits.
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when the quotient is beyond a decimal's range (a large
    /// numerator over a denominator below one).
    ///
    /// ```
    /// let share = styrmodell::Ratio::of_counts(1, 4).unwrap();
    /// assert_eq!(share.to_decimal().unwrap().to_string(), "0.25");
    /// ```
    pub fn to_decimal(self) -> Result<Decimal, RatioError> {
        self.numerator
            .checked_div(self.denominator)
            .ok_or_else(|| self.overflow("as a decimal".to_owned()))
    }

    /// The share in percent, rounded to `decimals` by `rounding`.
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when the percentage does not fit in a decimal.
    pub fn percent(self, decimals: u32, rounding: Rounding) -> Result<Decimal, RatioError> {
        let hundredfold = self
            .numerator
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or_else(|| self.overflow("in per cent".to_owned()))?;
        let percent = hundredfold
            .checked_div(self.denominator)
            .ok_or_else(|| self.overflow("in per cent".to_owned()))?;
        Ok(percent.round_dp_with_strategy(decimals, rounding.strategy()))
    }

    /// Writes the share as a Swedish percentage with `decimals` decimals (at most
    /// [`crate::amount::MAX_FORMAT_DECIMALS`]), rounded half away from zero: `62 %`, `66,7 %`.
    /// Falls back to `–` (no value) if the percentage does not fit.
    pub fn format_percent(self, decimals: u32) -> String {
        let decimals = decimals.min(crate::amount::MAX_FORMAT_DECIMALS);
        match self.percent(decimals, Rounding::HalfAwayFromZero) {
            Ok(value) => {
                format!("{} %", crate::amount::fixed_point(value, decimals)).replace('.', ",")
            }
            Err(_) => "–".to_owned(),
        }
    }

    /// Compares the share with `percent` per cent, exactly.
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when the cross products do not fit in a decimal.
    pub fn cmp_percent(self, percent: Decimal) -> Result<Ordering, RatioError> {
        let left = exact_mul(self.numerator, Decimal::ONE_HUNDRED)
            .ok_or_else(|| self.overflow(format!("compared with {percent} %")))?;
        let right = exact_mul(percent, self.denominator)
            .ok_or_else(|| self.overflow(format!("compared with {percent} %")))?;
        Ok(left.cmp(&right))
    }

    /// Whether the share is more than `percent` per cent ("fler än 80 %").
    ///
    /// # Errors
    /// As [`Ratio::cmp_percent`].
    pub fn exceeds_percent(self, percent: Decimal) -> Result<bool, RatioError> {
        Ok(self.cmp_percent(percent)? == Ordering::Greater)
    }

    /// Whether the share is at least `percent` per cent ("minst 80 %").
    ///
    /// # Errors
    /// As [`Ratio::cmp_percent`].
    pub fn at_least_percent(self, percent: Decimal) -> Result<bool, RatioError> {
        Ok(self.cmp_percent(percent)? != Ordering::Less)
    }

    /// Compares the values of two shares exactly (62/100 equals 31/50).
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when the cross products do not fit in a decimal.
    pub fn cmp_value(self, other: Ratio) -> Result<Ordering, RatioError> {
        let overflow = || self.overflow(format!("compared with {other}"));
        let left = exact_mul(self.numerator, other.denominator).ok_or_else(overflow)?;
        let right = exact_mul(other.numerator, self.denominator).ok_or_else(overflow)?;
        Ok(left.cmp(&right))
    }

    /// Pools shares by summing their parts (Σ numerators / Σ denominators), the way a
    /// percentage indicator rolls up from units to the whole. `None` for no shares.
    ///
    /// ```
    /// use styrmodell::Ratio;
    /// let pooled = Ratio::pooled([Ratio::of_counts(1, 2).unwrap(), Ratio::of_counts(9, 10).unwrap()]);
    /// assert_eq!(pooled.unwrap().unwrap(), Ratio::of_counts(10, 12).unwrap());
    /// ```
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when a sum does not fit in a decimal.
    pub fn pooled<I: IntoIterator<Item = Ratio>>(shares: I) -> Option<Result<Ratio, RatioError>> {
        let mut iter = shares.into_iter();
        let first = iter.next()?;
        Some(iter.try_fold(first, |acc, share| {
            let overflow = || acc.overflow(format!("pooled with {share}"));
            Ok(Ratio {
                numerator: acc
                    .numerator
                    .checked_add(share.numerator)
                    .ok_or_else(overflow)?,
                denominator: acc
                    .denominator
                    .checked_add(share.denominator)
                    .ok_or_else(overflow)?,
            })
        }))
    }

    fn overflow(self, operation: String) -> RatioError {
        RatioError::Overflow {
            numerator: self.numerator,
            denominator: self.denominator,
            operation,
        }
    }
}

/// Multiplies two decimals, or `None` where the product would be rounded or overflow.
///
/// Works on the mantissas in an `i128` so no digit is ever silently dropped.
fn exact_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (a, b) = (a.normalize(), b.normalize());
    let mantissa = a.mantissa().checked_mul(b.mantissa())?;
    Decimal::try_from_i128_with_scale(mantissa, a.scale().saturating_add(b.scale())).ok()
}

impl fmt::Display for Ratio {
    /// `62/100`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(n: i64, d: i64) -> Ratio {
        Ratio::new(n.into(), d.into()).unwrap()
    }

    #[test]
    fn compares_with_thresholds_exactly() {
        assert!(!ratio(62, 100).exceeds_percent(80.into()).unwrap());
        assert!(!ratio(80, 100).exceeds_percent(80.into()).unwrap());
        assert!(ratio(80, 100).at_least_percent(80.into()).unwrap());
        // 2/3 is 66.666...%: more than 66.6666 %, less than 66.6667 %.
        assert!(
            ratio(2, 3)
                .exceeds_percent(Decimal::new(666_666, 4))
                .unwrap()
        );
        assert!(
            !ratio(2, 3)
                .exceeds_percent(Decimal::new(666_667, 4))
                .unwrap()
        );
        assert_eq!(
            ratio(1, 1).cmp_percent(100.into()).unwrap(),
            Ordering::Equal
        );
    }

    #[test]
    fn zero_denominator_is_an_error() {
        let err = Ratio::new(Decimal::from(5), Decimal::ZERO).unwrap_err();
        assert_eq!(
            err,
            RatioError::ZeroDenominator {
                numerator: 5.into()
            }
        );
        assert!(err.to_string().contains("5/0"));
    }

    #[test]
    fn negative_denominator_moves_sign() {
        let r = ratio(1, -4);
        assert_eq!(r.numerator(), Decimal::from(-1));
        assert_eq!(r.denominator(), Decimal::from(4));
    }

    #[test]
    fn value_comparison_and_percent() {
        assert_eq!(
            ratio(62, 100).cmp_value(ratio(31, 50)).unwrap(),
            Ordering::Equal
        );
        assert_ne!(ratio(62, 100), ratio(31, 50));
        assert_eq!(
            ratio(2, 3).percent(1, Rounding::HalfAwayFromZero).unwrap(),
            Decimal::new(667, 1)
        );
        assert_eq!(ratio(2, 3).format_percent(1), "66,7 %");
    }

    #[test]
    fn exact_mul_refuses_rounded_products() {
        let big = Decimal::MAX;
        assert!(exact_mul(big, Decimal::new(5, 1)).is_none());
        assert_eq!(
            exact_mul(Decimal::new(15, 1), Decimal::new(2, 0)),
            Some(Decimal::new(30, 1))
        );
        let err = Ratio::new(big, Decimal::new(7, 28))
            .unwrap()
            .cmp_percent(80.into());
        assert!(matches!(err, Err(RatioError::Overflow { .. })));
    }

    #[test]
    fn serde_round_trip_and_rejects_zero() {
        let r = ratio(62, 100);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"numerator":"62","denominator":"100"}"#);
        assert_eq!(serde_json::from_str::<Ratio>(&json).unwrap(), r);
        assert!(serde_json::from_str::<Ratio>(r#"{"numerator":"1","denominator":"0"}"#).is_err());
    }
}
