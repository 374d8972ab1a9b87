//! Amounts of money (belopp): exact SEK with two decimals and the ledger sign.

use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The largest magnitude an [`Amount`] holds, in öre: every whole number of kronor an `i64`
/// holds, with its öre (±9 223 372 036 854 775 807,99 kr, about ±9.2·10^18 kr). The bound keeps
/// every sum of up to 10^17 amounts inside an `i128`.
const MAX_ORE: i128 = 922_337_203_685_477_580_799;

/// The number of decimals every amount carries (öre).
const DECIMALS: u32 = 2;

/// An exact amount of Swedish kronor (belopp) with two decimals (öre).
///
/// Amounts keep the **ledger sign**: costs and assets are debit and positive, revenue and
/// liabilities are credit and negative. Arithmetic is checked: a result beyond ±9.2·10^18 kr is an
/// [`AmountError::Overflow`], never a panic or a silent wrap. There are no `+`/`-` operators on
/// purpose; use [`Amount::checked_add`], [`Amount::checked_sub`] and [`Amount::checked_sum`].
///
/// # Example
///
/// ```
/// use styrmodell::Amount;
///
/// # fn main() -> Result<(), styrmodell::AmountError> {
/// let a: Amount = "-1 234,50".parse()?;
/// let b: Amount = "1234".parse()?;
/// assert_eq!(a.checked_add(b)?.to_string(), "-0.50");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Amount(Decimal);

/// Why an amount could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AmountError {
    /// The text is not an amount.
    #[error("invalid amount {input:?}: {reason}")]
    Parse {
        /// The text that was given.
        input: String,
        /// What was wrong with it.
        reason: &'static str,
    },
    /// The value has more than two decimals, so it is not a whole number of öre.
    #[error("amount {value} has more than 2 decimals (öre)")]
    TooPrecise {
        /// The offending value.
        value: Decimal,
    },
    /// The value or the result of an operation is beyond ±9.2·10^18 kr.
    #[error("amount overflow: {operation} gives a value beyond ±9.2·10^18 kr")]
    Overflow {
        /// The operation, with its operands.
        operation: String,
    },
}

impl Amount {
    /// Zero kronor.
    pub const ZERO: Amount = Amount(Decimal::from_parts(0, 0, 0, false, DECIMALS));

    /// Makes an amount from whole kronor; every `i64` is in range.
    ///
    /// ```
    /// assert_eq!(styrmodell::Amount::from_kronor(700_000).to_string(), "700000.00");
    /// ```
    pub fn from_kronor(kronor: i64) -> Amount {
        // |i64| · 100 fits an i128 and the amount's range.
        Amount(Decimal::from_i128_with_scale(
            i128::from(kronor).saturating_mul(100),
            DECIMALS,
        ))
    }

    /// Makes an amount from öre (hundredths of a krona).
    ///
    /// # Errors
    /// [`AmountError::Overflow`] when `ore` is beyond ±9.2·10^20 (±9.2·10^18 kr).
    pub fn from_ore(ore: i128) -> Result<Amount, AmountError> {
        if ore.unsigned_abs() > MAX_ORE.unsigned_abs() {
            return Err(AmountError::Overflow {
                operation: format!("{ore} öre"),
            });
        }
        Ok(Amount(Decimal::from_i128_with_scale(ore, DECIMALS)))
    }

    /// Makes an amount from a decimal that has at most two decimals (trailing zeros aside).
    ///
    /// # Errors
    /// [`AmountError::TooPrecise`] for a value with fractions of öre, and
    /// [`AmountError::Overflow`] for one beyond ±9.2·10^18 kr. Use [`Amount::from_decimal_rounded`]
    /// to round instead.
    pub fn from_decimal(value: Decimal) -> Result<Amount, AmountError> {
        let trimmed = value.normalize();
        if trimmed.scale() > DECIMALS {
            return Err(AmountError::TooPrecise { value });
        }
        Self::from_whole_ore_decimal(trimmed)
    }

    /// Makes an amount from any decimal, rounding to öre by `rounding`.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a value beyond ±9.2·10^18 kr.
    pub fn from_decimal_rounded(value: Decimal, rounding: Rounding) -> Result<Amount, AmountError> {
        if value.scale() <= DECIMALS {
            return Self::from_whole_ore_decimal(value);
        }
        Self::from_whole_ore_decimal(value.round_dp_with_strategy(DECIMALS, rounding.strategy()))
    }

    fn from_whole_ore_decimal(value: Decimal) -> Result<Amount, AmountError> {
        let overflow = || AmountError::Overflow {
            operation: value.to_string(),
        };
        // A whole number of öre: scale the mantissa up to two decimals, exactly.
        let scale = value.scale();
        let ore = if scale <= DECIMALS {
            10i128
                .checked_pow(DECIMALS.saturating_sub(scale))
                .and_then(|factor| value.mantissa().checked_mul(factor))
        } else {
            value
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|ore| ore.trunc().to_i128())
        }
        .ok_or_else(overflow)?;
        Self::from_ore(ore).map_err(|_| overflow())
    }

    /// The amount as a decimal with exactly two decimals.
    pub fn to_decimal(self) -> Decimal {
        self.0
    }

    /// The amount in öre; exact, since every amount is a whole number of öre.
    pub fn ore(self) -> i128 {
        self.0.mantissa()
    }

    /// Whether the amount is zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Whether the amount is below zero (credit in the ledger sign).
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// The amount without its sign.
    #[must_use]
    pub fn abs(self) -> Amount {
        Amount::from_valid_ore(self.ore().abs())
    }

    /// The amount with its sign turned; never overflows since the range is symmetric.
    #[must_use]
    pub fn negated(self) -> Amount {
        Amount::from_valid_ore(self.ore().saturating_neg())
    }

    /// Makes an amount from öre already known to be within range (no negative zero either).
    fn from_valid_ore(ore: i128) -> Amount {
        Amount(Decimal::from_i128_with_scale(ore, DECIMALS))
    }

    /// Adds two amounts.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] when the sum is beyond ±9.2·10^18 kr.
    pub fn checked_add(self, other: Amount) -> Result<Amount, AmountError> {
        let sum = self.ore().saturating_add(other.ore());
        Self::from_ore(sum).map_err(|_| AmountError::Overflow {
            operation: format!("{self} + {other}"),
        })
    }

    /// Subtracts `other` from this amount.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] when the difference is beyond ±9.2·10^18 kr.
    pub fn checked_sub(self, other: Amount) -> Result<Amount, AmountError> {
        let difference = self.ore().saturating_sub(other.ore());
        Self::from_ore(difference).map_err(|_| AmountError::Overflow {
            operation: format!("{self} - {other}"),
        })
    }

    /// Multiplies by a factor (a price, a share, a count) and rounds to öre by `rounding`.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] when the product is beyond ±9.2·10^18 kr.
    pub fn checked_mul(self, factor: Decimal, rounding: Rounding) -> Result<Amount, AmountError> {
        let overflow = || AmountError::Overflow {
            operation: format!("{self} * {factor}"),
        };
        let product = self.0.checked_mul(factor).ok_or_else(overflow)?;
        Self::from_decimal_rounded(product, rounding).map_err(|_| overflow())
    }

    /// Sums amounts exactly; the order of the items never changes the result.
    ///
    /// Sums run on whole öre in an `i128`, so only the final total is checked against the range.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] when the total is beyond ±9.2·10^18 kr.
    ///
    /// ```
    /// use styrmodell::Amount;
    /// let parts = [700_000, 700_000, 100_000, 700_000, 500_000].map(Amount::from_kronor);
    /// assert_eq!(Amount::checked_sum(parts).unwrap(), Amount::from_kronor(2_700_000));
    /// ```
    pub fn checked_sum<I: IntoIterator<Item = Amount>>(amounts: I) -> Result<Amount, AmountError> {
        let mut total: i128 = 0;
        let mut count: u64 = 0;
        for amount in amounts {
            // Each item is below 10^20 öre, so 10^18 of them cannot overflow an i128.
            total = total.saturating_add(amount.ore());
            count = count.saturating_add(1);
        }
        Self::from_ore(total).map_err(|_| AmountError::Overflow {
            operation: format!("the sum of {count} amounts"),
        })
    }

    /// Rounds to whole kronor by `rounding` (budgets are set in whole kronor).
    ///
    /// ```
    /// use styrmodell::{Amount, Rounding};
    /// let amount: Amount = "2 635 858,50".parse()?;
    /// assert_eq!(amount.round_to_kronor(Rounding::HalfAwayFromZero)?, Amount::from_kronor(2_635_859));
    /// assert_eq!(amount.round_to_kronor(Rounding::TowardZero)?, Amount::from_kronor(2_635_858));
    /// # Ok::<(), styrmodell::AmountError>(())
    /// ```
    ///
    /// # Errors
    /// [`AmountError::Overflow`] when rounding away from zero passes the range's end.
    pub fn round_to_kronor(self, rounding: Rounding) -> Result<Amount, AmountError> {
        let kronor = self.0.round_dp_with_strategy(0, rounding.strategy());
        Amount::from_decimal(kronor)
    }

    /// Rounds to a presentation scale and number of decimals, giving a decimal in that scale
    /// (2 635 859 kr in tkr with 0 decimals is 2 636).
    pub fn scaled(self, scale: Scale, decimals: u32, rounding: Rounding) -> Decimal {
        // The divisor is 1, 1 000 or 1 000 000: dividing an amount by it cannot overflow.
        self.0
            .checked_div(scale.divisor())
            .unwrap_or(self.0)
            .round_dp_with_strategy(decimals, rounding.strategy())
    }

    /// Starts formatting this amount in Swedish report style: space as thousands separator,
    /// decimal comma, whole kronor, half away from zero (see [`FormattedAmount`]).
    pub fn report(self) -> FormattedAmount {
        FormattedAmount {
            amount: self,
            format: ReportFormat::default(),
        }
    }
}

impl fmt::Display for Amount {
    /// Plain notation with a decimal point and two decimals: `-1234.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// Parses `"1234.50"`, `"-1 234,50"`, `"1234"`, with a point or a comma as the decimal
    /// separator and spaces (also no-break and thin spaces) between groups of three digits,
    /// the first group of one to three. A separator followed by exactly three digits
    /// (`"1.000"`) is refused as ambiguous: a thousands separator or three decimals?
    fn from_str(input: &str) -> Result<Amount, AmountError> {
        let fail = |reason| AmountError::Parse {
            input: input.to_owned(),
            reason,
        };
        let canonical = canonical_decimal_text(input).map_err(fail)?;
        let value = Decimal::from_str_exact(&canonical).map_err(|_| fail("too many digits"))?;
        Amount::from_decimal(value).map_err(|err| match err {
            AmountError::TooPrecise { .. } => fail("more than 2 decimals"),
            _ => fail("beyond ±9.2·10^18 kr"),
        })
    }
}

/// Turns Swedish or plain amount notation into `[-]digits[.digits]`, or says what is wrong.
fn canonical_decimal_text(input: &str) -> Result<String, &'static str> {
    let text = input.trim();
    let (negative, body) = match text.chars().next() {
        Some(sign @ ('-' | '\u{2212}')) => (true, text.strip_prefix(sign).unwrap_or(text)),
        Some('+') => (false, text.strip_prefix('+').unwrap_or(text)),
        Some(_) => (false, text),
        None => return Err("empty"),
    };
    if body.starts_with(['-', '\u{2212}', '+']) {
        return Err("more than one sign");
    }
    let mut parts = body.split(['.', ',']);
    let integer = parts.next().unwrap_or_default();
    let fraction = parts.next();
    if parts.next().is_some() {
        return Err("more than one decimal separator");
    }
    let digits = integer_digits(integer)?;
    let mut out = String::with_capacity(body.len().saturating_add(1));
    if negative {
        out.push('-');
    }
    out.push_str(&digits);
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err("expected digits after the decimal separator");
        }
        let thousands_like = (1..=3).contains(&digits.len()) && !digits.starts_with('0');
        if fraction.len() == 3 && thousands_like {
            return Err(
                "ambiguous: three digits after the separator could be a thousands group; write 1000 or 1,00",
            );
        }
        out.push('.');
        out.push_str(fraction);
    }
    Ok(out)
}

/// The digits of an integer part, allowing single spaces between groups of three.
fn integer_digits(integer: &str) -> Result<String, &'static str> {
    let is_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}');
    let groups: Vec<&str> = integer.split(is_space).collect();
    let mut digits = String::with_capacity(integer.len());
    for (i, group) in groups.iter().enumerate() {
        if group.is_empty() || !group.bytes().all(|b| b.is_ascii_digit()) {
            return Err(if group.is_empty() {
                "expected digits"
            } else {
                "unexpected character"
            });
        }
        if i > 0 && group.len() != 3 {
            return Err("digit groups after a space must have three digits");
        }
        if i == 0 && groups.len() > 1 && group.len() > 3 {
            return Err("the first digit group before a space must have one to three digits");
        }
        digits.push_str(group);
    }
    Ok(digits)
}

impl TryFrom<Decimal> for Amount {
    type Error = AmountError;
    fn try_from(value: Decimal) -> Result<Amount, AmountError> {
        Amount::from_decimal(value)
    }
}

impl From<Amount> for Decimal {
    fn from(amount: Amount) -> Decimal {
        amount.0
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "kronor with at most two decimals, ledger-signed: \"-1234.50\"",
            "pattern": "^-?[0-9]+(\\.[0-9]{1,2})?$"
        })
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Amount, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// How a value is rounded to fewer decimals (avrundning).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half away from zero (0.5 → 1, −0.5 → −1): the usual rule in Swedish reports.
    #[default]
    HalfAwayFromZero,
    /// Half to even (banker's rounding).
    HalfEven,
    /// Toward zero (truncation).
    TowardZero,
    /// Away from zero.
    AwayFromZero,
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceiling,
}

impl Rounding {
    pub(crate) fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::TowardZero => RoundingStrategy::ToZero,
            Rounding::AwayFromZero => RoundingStrategy::AwayFromZero,
            Rounding::Floor => RoundingStrategy::ToNegativeInfinity,
            Rounding::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }
}

/// The unit amounts are shown in: kronor, thousands (tkr) or millions (mnkr).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Kronor (kr).
    #[default]
    Kr,
    /// Thousands of kronor (tkr).
    Tkr,
    /// Millions of kronor (mnkr).
    Mnkr,
}

impl Scale {
    /// What one unit of this scale is in kronor.
    pub fn divisor(self) -> Decimal {
        match self {
            Scale::Kr => Decimal::ONE,
            Scale::Tkr => Decimal::ONE_THOUSAND,
            Scale::Mnkr => Decimal::from(1_000_000),
        }
    }

    /// The Swedish abbreviation: `kr`, `tkr`, `mnkr`.
    pub fn label(self) -> &'static str {
        match self {
            Scale::Kr => "kr",
            Scale::Tkr => "tkr",
            Scale::Mnkr => "mnkr",
        }
    }
}

/// How amounts are written in a report: scale, decimals, rounding and separators.
///
/// The default is Swedish report style: whole kronor, half away from zero, a space between
/// thousands, a decimal comma and a hyphen-minus for negatives (`-19 000`).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReportFormat {
    /// The unit shown.
    pub scale: Scale,
    /// Decimals after rounding; at most [`MAX_FORMAT_DECIMALS`] are printed.
    pub decimals: u32,
    /// The rounding policy, stated in every report.
    pub rounding: Rounding,
    /// Between groups of three digits.
    pub thousands_separator: char,
    /// Before the decimals.
    pub decimal_separator: char,
}

impl Default for ReportFormat {
    fn default() -> ReportFormat {
        ReportFormat {
            scale: Scale::Kr,
            decimals: 0,
            rounding: Rounding::HalfAwayFromZero,
            thousands_separator: ' ',
            decimal_separator: ',',
        }
    }
}

impl ReportFormat {
    /// Shows amounts in `scale`.
    #[must_use]
    pub fn scale(mut self, scale: Scale) -> ReportFormat {
        self.scale = scale;
        self
    }

    /// Shows `decimals` decimals (at most [`MAX_FORMAT_DECIMALS`]).
    #[must_use]
    pub fn decimals(mut self, decimals: u32) -> ReportFormat {
        self.decimals = decimals;
        self
    }

    /// Rounds by `rounding`.
    #[must_use]
    pub fn rounding(mut self, rounding: Rounding) -> ReportFormat {
        self.rounding = rounding;
        self
    }

    /// Separates groups of three digits with `separator` and decimals with `decimal`.
    #[must_use]
    pub fn separators(mut self, separator: char, decimal: char) -> ReportFormat {
        self.thousands_separator = separator;
        self.decimal_separator = decimal;
        self
    }

    /// Formats `amount` by these options.
    ///
    /// ```
    /// use styrmodell::{Amount, ReportFormat, Scale};
    /// let tkr = ReportFormat::default().scale(Scale::Tkr).decimals(1);
    /// assert_eq!(tkr.format(Amount::from_kronor(-2_635_859)), "-2 635,9");
    /// ```
    pub fn format(&self, amount: Amount) -> String {
        let decimals = self.decimals.min(MAX_FORMAT_DECIMALS);
        let value = amount.scaled(self.scale, decimals, self.rounding);
        let plain = fixed_point(value.abs(), decimals);
        let (integer, fraction) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
        let mut out = String::with_capacity(plain.len().saturating_mul(2));
        if value.is_sign_negative() && !value.is_zero() {
            out.push('-');
        }
        let len = integer.len();
        for (i, digit) in integer.chars().enumerate() {
            if i > 0 && len.saturating_sub(i) % 3 == 0 {
                out.push(self.thousands_separator);
            }
            out.push(digit);
        }
        if !fraction.is_empty() {
            out.push(self.decimal_separator);
            out.push_str(fraction);
        }
        out
    }
}

/// The most decimals a report format or percentage prints; more are capped to this.
pub const MAX_FORMAT_DECIMALS: u32 = 10;

/// `value` with exactly `decimals` decimals, padded with zeros: the digits `Decimal` prints
/// without a precision (a precision beyond its capacity would panic).
pub(crate) fn fixed_point(value: Decimal, decimals: u32) -> String {
    let rounded = value.round_dp(decimals);
    let text = rounded.to_string();
    let have = text.split_once('.').map_or(0, |(_, f)| f.len());
    let want = decimals as usize;
    if have >= want {
        return text;
    }
    let mut out = text;
    if have == 0 && want > 0 {
        out.push('.');
    }
    out.extend(std::iter::repeat_n('0', want.saturating_sub(have)));
    out
}

/// An amount with its report format; displays in that format. Made by [`Amount::report`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[must_use = "a formatted amount does nothing until it is displayed"]
pub struct FormattedAmount {
    amount: Amount,
    format: ReportFormat,
}

impl FormattedAmount {
    /// Shows the amount in `scale` (kr, tkr, mnkr).
    pub fn scale(mut self, scale: Scale) -> FormattedAmount {
        self.format.scale = scale;
        self
    }

    /// Shows `decimals` decimals.
    pub fn decimals(mut self, decimals: u32) -> FormattedAmount {
        self.format.decimals = decimals;
        self
    }

    /// Rounds by `rounding`.
    pub fn rounding(mut self, rounding: Rounding) -> FormattedAmount {
        self.format.rounding = rounding;
        self
    }

    /// Uses all of `format`.
    pub fn format(mut self, format: ReportFormat) -> FormattedAmount {
        self.format = format;
        self
    }
}

impl fmt::Display for FormattedAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format.format(self.amount))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    #[test]
    fn parses_plain_and_swedish_notation() {
        assert_eq!(amount("1234.50"), Amount::from_ore(123_450).unwrap());
        assert_eq!(amount("-1 234,50"), Amount::from_ore(-123_450).unwrap());
        assert_eq!(amount("1234"), Amount::from_kronor(1234));
        assert_eq!(amount("\u{2212}5"), Amount::from_kronor(-5));
        assert_eq!(
            amount("1\u{a0}000\u{a0}000"),
            Amount::from_kronor(1_000_000)
        );
        assert_eq!(amount("0.500"), Amount::from_ore(50).unwrap());
        assert_eq!(
            amount("12\u{2009}345,50"),
            Amount::from_ore(1_234_550).unwrap()
        );
        assert_eq!(
            Amount::from_kronor(i64::MAX).to_string(),
            "9223372036854775807.00"
        );
    }

    #[test]
    fn rejects_bad_notation_naming_the_input() {
        for (input, reason) in [
            ("12.5.0", "more than one decimal separator"),
            ("", "empty"),
            ("12a", "unexpected character"),
            ("1.0005", "more than 2 decimals"),
            (
                "1.000",
                "ambiguous: three digits after the separator could be a thousands group; write 1000 or 1,00",
            ),
            (
                "12345 678",
                "the first digit group before a space must have one to three digits",
            ),
            ("12 34", "digit groups after a space must have three digits"),
            ("--5", "more than one sign"),
            ("5.", "expected digits after the decimal separator"),
            ("1e5", "unexpected character"),
        ] {
            let err = input.parse::<Amount>().unwrap_err();
            assert_eq!(
                err,
                AmountError::Parse {
                    input: input.into(),
                    reason
                },
                "{input}"
            );
            assert!(err.to_string().contains(&format!("{input:?}")));
        }
    }

    #[test]
    fn displays_two_decimals() {
        assert_eq!(Amount::from_kronor(5).to_string(), "5.00");
        assert_eq!(amount("-0,5").to_string(), "-0.50");
        assert_eq!(Amount::ZERO.to_string(), "0.00");
    }

    #[test]
    fn overflow_is_an_error() {
        let max = Amount::from_ore(MAX_ORE).unwrap();
        assert!(matches!(
            max.checked_add(Amount::from_ore(1).unwrap()),
            Err(AmountError::Overflow { .. })
        ));
        assert!(Amount::from_ore(MAX_ORE + 1).is_err());
        assert!(Amount::checked_sum([max, max]).is_err());
        assert_eq!(Amount::checked_sum([max, max, max.negated()]).unwrap(), max);
        assert!(max.checked_mul(Decimal::TWO, Rounding::default()).is_err());
        assert!(Amount::from_decimal(Decimal::MAX).is_err());
    }

    #[test]
    fn rounds_products_by_policy() {
        let a = amount("0.05");
        let half = Decimal::new(5, 1);
        assert_eq!(
            a.checked_mul(half, Rounding::HalfAwayFromZero).unwrap(),
            amount("0.03")
        );
        assert_eq!(
            a.checked_mul(half, Rounding::HalfEven).unwrap(),
            amount("0.02")
        );
        assert_eq!(
            a.negated()
                .checked_mul(half, Rounding::HalfAwayFromZero)
                .unwrap(),
            amount("-0.03")
        );
        assert!(Amount::from_decimal(Decimal::new(1005, 3)).is_err());
        assert_eq!(
            Amount::from_decimal_rounded(Decimal::new(1005, 3), Rounding::HalfAwayFromZero)
                .unwrap(),
            amount("1.01")
        );
    }

    #[test]
    fn report_style_scales_and_rounds() {
        let outcome = Amount::from_kronor(2_635_859);
        assert_eq!(outcome.report().to_string(), "2 635 859");
        assert_eq!(outcome.report().scale(Scale::Tkr).to_string(), "2 636");
        assert_eq!(
            outcome.report().scale(Scale::Mnkr).decimals(1).to_string(),
            "2,6"
        );
        assert_eq!(Amount::from_kronor(-19_000).report().to_string(), "-19 000");
        assert_eq!(
            Amount::from_kronor(1500)
                .report()
                .scale(Scale::Tkr)
                .to_string(),
            "2"
        );
        assert_eq!(
            Amount::from_kronor(1500)
                .report()
                .scale(Scale::Tkr)
                .rounding(Rounding::HalfEven)
                .to_string(),
            "2"
        );
        assert_eq!(
            Amount::from_kronor(2500)
                .report()
                .scale(Scale::Tkr)
                .rounding(Rounding::HalfEven)
                .to_string(),
            "2"
        );
        assert_eq!(
            Amount::from_kronor(-400)
                .report()
                .scale(Scale::Tkr)
                .to_string(),
            "0"
        );
        assert_eq!(amount("999.99").report().decimals(2).to_string(), "999,99");
        assert_eq!(Amount::from_kronor(100).report().to_string(), "100");
        assert_eq!(Amount::from_kronor(100_000).report().to_string(), "100 000");
    }

    #[test]
    fn serde_uses_strings() {
        let a = amount("-1234.5");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, "\"-1234.50\"");
        assert_eq!(serde_json::from_str::<Amount>(&json).unwrap(), a);
        assert!(serde_json::from_str::<Amount>("12.5").is_err());
        assert!(serde_json::from_str::<Amount>("\"12.5.0\"").is_err());
    }
}
