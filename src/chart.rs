//! The chart of accounts (kontoplan): account codes, Kommun-Bas classes, account nature,
//! income-statement lines, activity codes (verksamhet) and counterparts (motpart).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::org::OrgUnitId;

/// Why an account, prefix or activity code is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// An account code that is not 3–8 digits.
    #[error("invalid account code {input:?}: expected 3-8 digits")]
    InvalidAccount {
        /// The text given.
        input: String,
    },
    /// An account prefix that is not 1–8 digits.
    #[error("invalid account prefix {input:?}: expected 1-8 digits")]
    InvalidPrefix {
        /// The text given.
        input: String,
    },
    /// An activity code that is not 1–16 letters or digits.
    #[error("invalid activity code {input:?}: expected 1-16 letters or digits")]
    InvalidActivity {
        /// The text given.
        input: String,
    },
}

/// Parses 1–8 ASCII digits into (value, length).
#[inline]
fn digits(input: &str, min_len: usize) -> Option<(u32, u8)> {
    let ok = (min_len..=8).contains(&input.len()) && input.bytes().all(|b| b.is_ascii_digit());
    let value = if ok { input.parse().ok()? } else { return None };
    Some((value, u8::try_from(input.len()).ok()?))
}

/// An account code (konto): 3–8 digits, such as `301` or `30144`.
///
/// Codes order by numeric value (`999` before `1000`), a longer code after a shorter one of the
/// same value (`0100` after `100`). The first digit is the class (kontoklass), the first two the
/// group (kontogrupp).
///
/// ```
/// use styrmodell::{AccountClass, AccountCode};
/// # fn main() -> Result<(), styrmodell::ChartError> {
/// let code: AccountCode = "5011".parse()?;
/// assert_eq!(code.class(), AccountClass::PersonnelCosts);
/// assert_eq!(code.group(), 50);
/// assert!("12a4".parse::<AccountCode>().is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AccountCode {
    value: u32,
    len: u8,
}

impl AccountCode {
    /// The code of `len` digits (3–8) with the value `value`, as a compact store gives it back.
    #[cfg(feature = "sie")]
    pub(crate) fn from_parts(value: u32, len: u8) -> Option<AccountCode> {
        let fits = 10u64
            .checked_pow(u32::from(len))
            .is_some_and(|limit| u64::from(value) < limit);
        ((3..=8).contains(&len) && fits).then_some(AccountCode { value, len })
    }

    /// The digits as a number.
    pub fn value(self) -> u32 {
        self.value
    }

    /// The number of digits.
    pub fn len(self) -> usize {
        usize::from(self.len)
    }

    /// Always false: a code has at least three digits.
    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    /// The first `n` digits as a number (the whole code when `n` is longer).
    fn leading(self, n: u8) -> u32 {
        // An account code has at most eight digits: the power of ten fits a u32 and is never 0.
        10u32
            .checked_pow(u32::from(self.len.saturating_sub(n)))
            .and_then(|divisor| self.value.checked_div(divisor))
            .unwrap_or(0)
    }

    /// The first digit.
    pub fn class_digit(self) -> u8 {
        u8::try_from(self.leading(1)).unwrap_or(0)
    }

    /// The account group (kontogrupp): the first two digits.
    pub fn group(self) -> u8 {
        u8::try_from(self.leading(2)).unwrap_or(0)
    }

    /// The Kommun-Bas class (kontoklass).
    pub fn class(self) -> AccountClass {
        AccountClass::of_digit(self.class_digit())
    }

    /// Whether the account is revenue, cost or balance in Kommun-Bas.
    pub fn nature(self) -> AccountNature {
        match (self.class(), self.group()) {
            (AccountClass::Assets | AccountClass::EquityAndLiabilities, _) => {
                AccountNature::Balance
            }
            (AccountClass::OperatingRevenue, _)
            | (AccountClass::TaxesGrantsFinancial, 80 | 82 | 84 | 87) => AccountNature::Revenue,
            (AccountClass::TaxesGrantsFinancial, 89) => AccountNature::Balance,
            (AccountClass::Internal, _) => AccountNature::Internal,
            _ => AccountNature::Cost,
        }
    }
}

impl Ord for AccountCode {
    fn cmp(&self, other: &AccountCode) -> Ordering {
        self.value.cmp(&other.value).then(self.len.cmp(&other.len))
    }
}

impl PartialOrd for AccountCode {
    fn partial_cmp(&self, other: &AccountCode) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl AccountCode {
    /// The code of `input` when it is 3–8 digits: [`FromStr`] without building an error.
    #[inline]
    pub(crate) fn from_digits(input: &str) -> Option<AccountCode> {
        digits(input, 3).map(|(value, len)| AccountCode { value, len })
    }
}

impl FromStr for AccountCode {
    type Err = ChartError;
    fn from_str(input: &str) -> Result<AccountCode, ChartError> {
        AccountCode::from_digits(input).ok_or_else(|| ChartError::InvalidAccount {
            input: input.to_owned(),
        })
    }
}

impl fmt::Display for AccountCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:0len$}", self.value, len = self.len())
    }
}
crate::period::serde_via_str!(AccountCode);

/// The leading digits of account codes (`79` for depreciation), used to map ranges of
/// accounts to income-statement lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountPrefix {
    len: u8,
    value: u32,
}

impl AccountPrefix {
    /// Whether `code` starts with this prefix.
    pub fn matches(self, code: AccountCode) -> bool {
        code.len >= self.len && code.leading(self.len) == self.value
    }
}

impl FromStr for AccountPrefix {
    type Err = ChartError;
    fn from_str(input: &str) -> Result<AccountPrefix, ChartError> {
        let (value, len) = digits(input, 1).ok_or_else(|| ChartError::InvalidPrefix {
            input: input.to_owned(),
        })?;
        Ok(AccountPrefix { len, value })
    }
}

impl fmt::Display for AccountPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:0len$}", self.value, len = usize::from(self.len))
    }
}
crate::period::serde_via_str!(AccountPrefix);

/// The account classes (kontoklasser) of Kommun-Bas.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountClass {
    /// 1: assets (tillgångar).
    Assets,
    /// 2: equity, provisions and liabilities (eget kapital, avsättningar och skulder).
    EquityAndLiabilities,
    /// 3: operating revenue (verksamhetens intäkter).
    OperatingRevenue,
    /// 4: operating costs, purchases (verksamhetens kostnader).
    OperatingCosts,
    /// 5: personnel costs (personalkostnader). Class 7 in the business BAS plan, 5 here.
    PersonnelCosts,
    /// 6–7: other operating costs (övriga verksamhetskostnader).
    OtherOperatingCosts,
    /// 8: taxes, general grants and financial items (skatteintäkter, generella statsbidrag och
    /// finansiella poster).
    TaxesGrantsFinancial,
    /// 0 and 9: free for internal accounting and closing entries.
    Internal,
}

impl AccountClass {
    /// The class of a first digit.
    pub fn of_digit(digit: u8) -> AccountClass {
        match digit {
            1 => AccountClass::Assets,
            2 => AccountClass::EquityAndLiabilities,
            3 => AccountClass::OperatingRevenue,
            4 => AccountClass::OperatingCosts,
            5 => AccountClass::PersonnelCosts,
            6 | 7 => AccountClass::OtherOperatingCosts,
            8 => AccountClass::TaxesGrantsFinancial,
            _ => AccountClass::Internal,
        }
    }

    /// The Swedish name.
    pub fn label_sv(self) -> &'static str {
        match self {
            AccountClass::Assets => "Tillgångar",
            AccountClass::EquityAndLiabilities => "Eget kapital, avsättningar och skulder",
            AccountClass::OperatingRevenue => "Verksamhetens intäkter",
            AccountClass::OperatingCosts => "Verksamhetens kostnader",
            AccountClass::PersonnelCosts => "Personalkostnader",
            AccountClass::OtherOperatingCosts => "Övriga verksamhetskostnader",
            AccountClass::TaxesGrantsFinancial => {
                "Skatteintäkter, generella statsbidrag och finansiella poster"
            }
            AccountClass::Internal => "Interna konton",
        }
    }
}

/// What an account's amounts mean, for sign semantics: under the ledger sign revenue is
/// normally negative (credit) and cost positive (debit).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AccountNature {
    /// Revenue (intäkt): credit, negative in the ledger.
    Revenue,
    /// Cost (kostnad): debit, positive in the ledger.
    Cost,
    /// Balance-sheet account (balanskonto).
    Balance,
    /// Internal accounting (classes 0 and 9).
    Internal,
}

/// The lines of a municipality's income statement (resultaträkning) that operating accounts
/// roll up to.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomeStatementLine {
    /// Verksamhetens intäkter: class 3.
    OperatingRevenue,
    /// Verksamhetens kostnader: classes 4–7 except group 79.
    OperatingCosts,
    /// Avskrivningar: group 79.
    Depreciation,
    /// Skatteintäkter: group 80.
    TaxRevenue,
    /// Generella statsbidrag och utjämning: groups 82 and 83.
    GeneralGrantsAndEqualisation,
    /// Finansiella intäkter: group 84.
    FinancialIncome,
    /// Finansiella kostnader: group 85.
    FinancialCosts,
    /// Extraordinära poster: groups 87 (intäkter) and 88 (kostnader), events outside the
    /// ordinary activity that are rare and material (RKR R11).
    ExtraordinaryItems,
}

impl IncomeStatementLine {
    /// Every line in statement order.
    pub const ALL: [IncomeStatementLine; 8] = [
        IncomeStatementLine::OperatingRevenue,
        IncomeStatementLine::OperatingCosts,
        IncomeStatementLine::Depreciation,
        IncomeStatementLine::TaxRevenue,
        IncomeStatementLine::GeneralGrantsAndEqualisation,
        IncomeStatementLine::FinancialIncome,
        IncomeStatementLine::FinancialCosts,
        IncomeStatementLine::ExtraordinaryItems,
    ];

    /// The Kommun-Bas default line of an account, if it is on the income statement.
    pub fn kommun_bas(code: AccountCode) -> Option<IncomeStatementLine> {
        match (code.class(), code.group()) {
            (AccountClass::OperatingRevenue, _) => Some(IncomeStatementLine::OperatingRevenue),
            (_, 79) => Some(IncomeStatementLine::Depreciation),
            (
                AccountClass::OperatingCosts
                | AccountClass::PersonnelCosts
                | AccountClass::OtherOperatingCosts,
                _,
            ) => Some(IncomeStatementLine::OperatingCosts),
            (_, 80) => Some(IncomeStatementLine::TaxRevenue),
            (_, 82 | 83) => Some(IncomeStatementLine::GeneralGrantsAndEqualisation),
            (_, 84) => Some(IncomeStatementLine::FinancialIncome),
            (_, 85) => Some(IncomeStatementLine::FinancialCosts),
            (_, 87 | 88) => Some(IncomeStatementLine::ExtraordinaryItems),
            _ => None,
        }
    }

    /// The Swedish caption.
    pub fn label_sv(self) -> &'static str {
        match self {
            IncomeStatementLine::OperatingRevenue => "Verksamhetens intäkter",
            IncomeStatementLine::OperatingCosts => "Verksamhetens kostnader",
            IncomeStatementLine::Depreciation => "Avskrivningar",
            IncomeStatementLine::TaxRevenue => "Skatteintäkter",
            IncomeStatementLine::GeneralGrantsAndEqualisation => {
                "Generella statsbidrag och utjämning"
            }
            IncomeStatementLine::FinancialIncome => "Finansiella intäkter",
            IncomeStatementLine::FinancialCosts => "Finansiella kostnader",
            IncomeStatementLine::ExtraordinaryItems => "Extraordinära poster",
        }
    }

    /// The English caption.
    pub fn label_en(self) -> &'static str {
        match self {
            IncomeStatementLine::OperatingRevenue => "Operating revenue",
            IncomeStatementLine::OperatingCosts => "Operating costs",
            IncomeStatementLine::Depreciation => "Depreciation",
            IncomeStatementLine::TaxRevenue => "Tax revenue",
            IncomeStatementLine::GeneralGrantsAndEqualisation => "General grants and equalisation",
            IncomeStatementLine::FinancialIncome => "Financial income",
            IncomeStatementLine::FinancialCosts => "Financial costs",
            IncomeStatementLine::ExtraordinaryItems => "Extraordinary items",
        }
    }
}

/// An activity code (verksamhetskod), local (`3400`) with an optional SCB RS code (`340`).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ActivityCode(String);

impl ActivityCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ActivityCode {
    type Err = ChartError;
    fn from_str(input: &str) -> Result<ActivityCode, ChartError> {
        if (1..=16).contains(&input.len()) && input.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(ActivityCode(input.to_owned()))
        } else {
            Err(ChartError::InvalidActivity {
                input: input.to_owned(),
            })
        }
    }
}

impl TryFrom<String> for ActivityCode {
    type Error = ChartError;
    fn try_from(input: String) -> Result<ActivityCode, ChartError> {
        input.parse()
    }
}

impl From<ActivityCode> for String {
    fn from(code: ActivityCode) -> String {
        code.0
    }
}

impl fmt::Display for ActivityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who is on the other side of a transaction (motpart), used to eliminate internal and
/// in-group transactions.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counterpart {
    /// Outside the municipality and its group.
    External,
    /// Another part of the municipality itself (internal rent, internal sales).
    Internal,
    /// A company or other entity of the municipal group, by its org unit.
    GroupEntity(OrgUnitId),
    /// The state.
    State,
    /// Another municipality.
    Municipality,
    /// A region.
    Region,
}

/// A chart of accounts (kontoplan): the known accounts with names, and how accounts map to
/// income-statement lines (Kommun-Bas by default, overridable by prefix).
///
/// ```
/// use styrmodell::{Chart, IncomeStatementLine};
/// # fn main() -> Result<(), styrmodell::ChartError> {
/// let chart = Chart::kommun_bas()
///     .with_account("7910".parse()?, "Avskrivningar inventarier")
///     .with_line("33".parse()?, None); // group 33 is internal resource allocation here
/// assert_eq!(chart.line("7910".parse()?), Some(IncomeStatementLine::Depreciation));
/// assert_eq!(chart.line("3310".parse()?), None);
/// assert!(chart.contains("7910".parse()?));
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Chart {
    accounts: BTreeMap<AccountCode, String>,
    /// Overrides of the Kommun-Bas lines; the longest matching prefix wins.
    lines: BTreeMap<AccountPrefix, Option<IncomeStatementLine>>,
}

impl Chart {
    /// A Kommun-Bas chart with no accounts listed yet.
    pub fn kommun_bas() -> Chart {
        Chart::default()
    }

    /// Adds an account with its name.
    #[must_use]
    pub fn with_account(mut self, code: AccountCode, name: &str) -> Chart {
        self.accounts.insert(code, name.to_owned());
        self
    }

    /// Maps the accounts under `prefix` to `line` (`None`: not on the income statement).
    #[must_use]
    pub fn with_line(mut self, prefix: AccountPrefix, line: Option<IncomeStatementLine>) -> Chart {
        self.lines.insert(prefix, line);
        self
    }

    /// Whether `code` is a listed account.
    pub fn contains(&self, code: AccountCode) -> bool {
        self.accounts.contains_key(&code)
    }

    /// The name of a listed account.
    pub fn name(&self, code: AccountCode) -> Option<&str> {
        self.accounts.get(&code).map(String::as_str)
    }

    /// The listed accounts in code order.
    pub fn accounts(&self) -> impl Iterator<Item = (AccountCode, &str)> {
        self.accounts
            .iter()
            .map(|(code, name)| (*code, name.as_str()))
    }

    /// The income-statement line of `code`: the longest overriding prefix, else Kommun-Bas.
    pub fn line(&self, code: AccountCode) -> Option<IncomeStatementLine> {
        self.lines
            .iter()
            .filter(|(prefix, _)| prefix.matches(code))
            .max_by_key(|(prefix, _)| prefix.len)
            .map_or_else(|| IncomeStatementLine::kommun_bas(code), |(_, line)| *line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> AccountCode {
        text.parse().unwrap()
    }

    #[test]
    fn codes_parse_and_order_numerically() {
        assert_eq!(code("30144").to_string(), "30144");
        assert_eq!(code("0100").to_string(), "0100");
        assert!(code("999") < code("1000"));
        assert!(code("100") < code("0100"));
        for bad in ["12a4", "12", "123456789", "", " 123", "-123"] {
            let err = bad.parse::<AccountCode>().unwrap_err();
            assert_eq!(err, ChartError::InvalidAccount { input: bad.into() });
            assert!(err.to_string().contains(&format!("{bad:?}")));
        }
    }

    #[test]
    fn classes_and_nature() {
        assert_eq!(code("1510").class(), AccountClass::Assets);
        assert_eq!(code("7010").class(), AccountClass::OtherOperatingCosts);
        assert_eq!(code("9999").class(), AccountClass::Internal);
        assert_eq!(code("3010").nature(), AccountNature::Revenue);
        assert_eq!(code("5011").nature(), AccountNature::Cost);
        assert_eq!(code("8010").nature(), AccountNature::Revenue);
        assert_eq!(code("8310").nature(), AccountNature::Cost);
        assert_eq!(code("8510").nature(), AccountNature::Cost);
        assert_eq!(code("2010").nature(), AccountNature::Balance);
    }

    #[test]
    fn income_statement_lines_by_kommun_bas() {
        let cases = [
            ("3010", Some(IncomeStatementLine::OperatingRevenue)),
            ("4610", Some(IncomeStatementLine::OperatingCosts)),
            ("5011", Some(IncomeStatementLine::OperatingCosts)),
            ("7410", Some(IncomeStatementLine::OperatingCosts)),
            ("7910", Some(IncomeStatementLine::Depreciation)),
            ("801", Some(IncomeStatementLine::TaxRevenue)),
            (
                "8290",
                Some(IncomeStatementLine::GeneralGrantsAndEqualisation),
            ),
            (
                "8310",
                Some(IncomeStatementLine::GeneralGrantsAndEqualisation),
            ),
            ("8410", Some(IncomeStatementLine::FinancialIncome)),
            ("8510", Some(IncomeStatementLine::FinancialCosts)),
            ("8710", Some(IncomeStatementLine::ExtraordinaryItems)),
            ("8810", Some(IncomeStatementLine::ExtraordinaryItems)),
            ("1510", None),
            ("8910", None),
        ];
        let chart = Chart::kommun_bas();
        for (text, line) in cases {
            assert_eq!(chart.line(code(text)), line, "{text}");
        }
    }

    #[test]
    fn overrides_take_the_longest_prefix() {
        let chart = Chart::kommun_bas()
            .with_line(
                "3".parse().unwrap(),
                Some(IncomeStatementLine::OperatingRevenue),
            )
            .with_line("33".parse().unwrap(), None)
            .with_line(
                "331".parse().unwrap(),
                Some(IncomeStatementLine::FinancialIncome),
            );
        assert_eq!(
            chart.line(code("3210")),
            Some(IncomeStatementLine::OperatingRevenue)
        );
        assert_eq!(chart.line(code("3320")), None);
        assert_eq!(
            chart.line(code("3310")),
            Some(IncomeStatementLine::FinancialIncome)
        );
    }

    #[test]
    fn activity_codes_and_serde() {
        assert!("3400".parse::<ActivityCode>().is_ok());
        assert!("34 00".parse::<ActivityCode>().is_err());
        let chart = Chart::kommun_bas()
            .with_account(code("5011"), "Månadslöner")
            .with_line("79".parse().unwrap(), None);
        let json = serde_json::to_string(&chart).unwrap();
        assert_eq!(serde_json::from_str::<Chart>(&json).unwrap(), chart);
        assert!(serde_json::from_str::<AccountCode>("\"12a4\"").is_err());
        let counterpart = Counterpart::GroupEntity("VATTEN".parse().unwrap());
        let json = serde_json::to_string(&counterpart).unwrap();
        assert_eq!(json, r#"{"group_entity":"VATTEN"}"#);
    }
}
