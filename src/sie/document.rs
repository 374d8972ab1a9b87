//! The SIE document model: header, fiscal years, accounts, dimensions and objects, balances,
//! period rows and vouchers, and the records the reader did not know, kept raw.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::chart::AccountCode;
use crate::period::Month;

/// The index of a fiscal year in a SIE file (årsnummer): 0 for the year of the file, −1 for
/// the year before, and so on (`#RAR 0 20220101 20221231`). Not a calendar year: see
/// [`SieDocument::fiscal_years`] for the dates.
pub type YearIndex = i32;

/// Export (4E) or import (4I) file, or not told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// Not a type 4 file, or not known.
    #[default]
    Unspecified,
    /// 4E: exported from an accounting program.
    Export,
    /// 4I: to be imported into one.
    Import,
}

/// Company and program details of the header.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Header {
    /// `#FLAGGA`: 0, or 1 once imported.
    pub flag: Option<u8>,
    /// `#PROGRAM`: name and version.
    pub program: Option<(String, String)>,
    /// `#FORMAT`: `PC8`.
    pub format: Option<String>,
    /// `#GEN`: date and optional signature.
    pub generated: Option<(NaiveDate, Option<String>)>,
    /// `#SIETYP`: 1–4 (1 when missing).
    pub sie_type: u8,
    /// 4E or 4I.
    pub kind: FileKind,
    /// `#PROSA` texts.
    pub prose: Vec<String>,
    /// `#FTYP`.
    pub company_type: Option<String>,
    /// `#FNR`.
    pub company_id: Option<String>,
    /// `#ORGNR`, as written.
    pub org_number: Option<String>,
    /// `#BKOD`.
    pub industry: Option<String>,
    /// `#ADRESS`: contact, street, post address, phone.
    pub address: Option<[String; 4]>,
    /// `#FNAMN`.
    pub company_name: Option<String>,
    /// `#TAXAR`.
    pub tax_year: Option<i32>,
    /// `#OMFATTN`.
    pub balances_until: Option<NaiveDate>,
    /// `#KPTYP`.
    pub chart_type: Option<String>,
    /// `#VALUTA` (SEK when missing).
    pub currency: Option<String>,
}

/// An account's type (`#KTYP`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// T: asset (tillgång).
    Asset,
    /// S: liability (skuld).
    Liability,
    /// K: cost (kostnad).
    Cost,
    /// I: income (intäkt).
    Income,
}

/// An account of the file's chart.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Account {
    /// `#KONTO` name.
    pub name: String,
    /// `#KTYP`.
    pub kind: Option<AccountType>,
    /// `#ENHET`: the unit of quantities.
    pub unit: Option<String>,
    /// `#SRU` codes.
    pub sru: Vec<String>,
}

/// A dimension (`#DIM` or `#UNDERDIM`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    /// Its name.
    pub name: String,
    /// The parent dimension of a sub-dimension.
    pub parent: Option<u32>,
}

/// A dimension number and an object id within it.
pub type ObjectRef = (u32, String);

/// Which balance record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BalanceKind {
    /// `#IB`: opening balance.
    Opening,
    /// `#UB`: closing balance.
    Closing,
    /// `#RES`: result of the year.
    Result,
    /// `#OIB`: opening balance of an object.
    ObjectOpening,
    /// `#OUB`: closing balance of an object.
    ObjectClosing,
}

/// A balance (`#IB`, `#UB`, `#RES`, `#OIB`, `#OUB`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// Which record.
    pub kind: BalanceKind,
    /// The year index: 0 current, −1 previous, ...
    pub year: YearIndex,
    /// The account.
    pub account: AccountCode,
    /// The object, for `#OIB` and `#OUB`.
    pub object: Option<ObjectRef>,
    /// The amount, credit negative.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The quantity, if given.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantity: Option<Decimal>,
}

/// Which period record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// `#PSALDO`: the change on the account in the month.
    Outcome,
    /// `#PBUDGET`: the budget of the month.
    Budget,
}

/// A period row (`#PSALDO`, `#PBUDGET`). Rows with no objects are the account's whole amount;
/// rows with objects are the same money split by object, so never add the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRow {
    /// Outcome or budget.
    pub kind: PeriodKind,
    /// The year index.
    pub year: YearIndex,
    /// The calendar month.
    pub period: Month,
    /// The account.
    pub account: AccountCode,
    /// The objects; empty for the account as a whole.
    pub objects: Vec<ObjectRef>,
    /// The amount.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The quantity, if given.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantity: Option<Decimal>,
    /// The 1-based source line (0 when built in code).
    #[serde(default)]
    pub line: usize,
}

/// What a voucher row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// `#TRANS`.
    Normal,
    /// `#RTRANS`: added by a correction.
    Added,
    /// `#BTRANS`: struck by a correction, kept for the audit trail, not counted.
    Removed,
}

/// A voucher row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherRow {
    /// Normal, added or removed.
    pub kind: RowKind,
    /// The account.
    pub account: AccountCode,
    /// The objects.
    pub objects: Vec<ObjectRef>,
    /// The amount, debit positive.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The transaction date, when not the voucher's.
    pub date: Option<NaiveDate>,
    /// The row text.
    pub text: Option<String>,
    /// The quantity.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantity: Option<Decimal>,
    /// The signature.
    pub sign: Option<String>,
    /// The 1-based source line (0 when built in code).
    pub line: usize,
}

/// A voucher (`#VER`) with its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voucher {
    /// The series, if given.
    pub series: Option<String>,
    /// The number, if given.
    pub number: Option<String>,
    /// The voucher date.
    pub date: NaiveDate,
    /// The voucher text.
    pub text: Option<String>,
    /// The registration date.
    pub registered: Option<NaiveDate>,
    /// The signature.
    pub sign: Option<String>,
    /// The rows, in file order; an `#RTRANS`'s paired `#TRANS` is not among them.
    pub rows: Vec<VoucherRow>,
    /// The 1-based source line of `#VER` (0 when built in code).
    pub line: usize,
}

impl Voucher {
    /// The rows that count: normal and added, not removed.
    pub fn counted_rows(&self) -> impl Iterator<Item = &VoucherRow> {
        self.rows.iter().filter(|r| r.kind != RowKind::Removed)
    }

    /// The sum of the counted rows; zero for a balanced voucher, `None` when the rows sum past
    /// a decimal's range.
    pub fn balance(&self) -> Option<Decimal> {
        self.counted_rows()
            .try_fold(Decimal::ZERO, |sum, row| sum.checked_add(row.amount))
    }
}

/// Whether the file's `#KSUMMA` checked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Checksum {
    /// The file has none.
    #[default]
    Absent,
    /// It verifies.
    Verified(u32),
    /// It does not: the stored and the computed value.
    Mismatch {
        /// The value in the file.
        stored: u32,
        /// The value computed.
        computed: u32,
    },
}

/// A record the reader keeps as written: unknown labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRecord {
    /// The 1-based source line.
    pub line: usize,
    /// The label.
    pub label: String,
    /// The fields as text (object lists as their tokens joined by spaces in braces).
    pub fields: Vec<String>,
}

/// A SIE file read into memory.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SieDocument {
    /// Company and program details.
    pub header: Header,
    /// Fiscal years by index: first and last day.
    pub fiscal_years: BTreeMap<YearIndex, (NaiveDate, NaiveDate)>,
    /// The chart of accounts.
    pub accounts: BTreeMap<AccountCode, Account>,
    /// Dimensions by number.
    pub dimensions: BTreeMap<u32, Dimension>,
    /// Objects by dimension and id, with their names. In JSON a list of
    /// `{"dimension", "id", "name"}` (a map's keys must be strings there).
    #[serde(with = "object_list")]
    pub objects: BTreeMap<ObjectRef, String>,
    /// Balances in file order.
    pub balances: Vec<Balance>,
    /// Period rows in file order.
    pub period_rows: Vec<PeriodRow>,
    /// Vouchers in file order.
    pub vouchers: super::vouchers::Vouchers,
    /// The checksum status.
    pub checksum: Checksum,
    /// Records with labels this reader does not know.
    pub unknown: Vec<RawRecord>,
    /// Fields after the last one a known record defines (later versions of the format may add
    /// some), kept with their record's line and label.
    pub extra_fields: Vec<RawRecord>,
}

impl SieDocument {
    /// The fiscal year index that holds `date`.
    pub fn year_of(&self, date: NaiveDate) -> Option<YearIndex> {
        self.fiscal_years
            .iter()
            .find(|(_, (start, end))| *start <= date && date <= *end)
            .map(|(i, _)| *i)
    }

    /// The opening balances (`#IB`) of fiscal year `year` (0 the current), with the calendar
    /// year the fiscal year starts in: what [`crate::LedgerBuilder::opening_balance`] takes
    /// (with the unit they belong to), so the ledger can draw up balance sheets. An amount beyond two decimals is rounded half
    /// away from zero to the öre, as the ledger keeps money.
    ///
    /// ```
    /// use styrmodell::sie::{read, ReadOptions};
    /// let bytes = b"#FLAGGA 0\n#SIETYP 4\n#RAR 0 20220101 20221231\n#IB 0 1930 75000.00\n#IB 0 2440 -75000.00\n";
    /// let document = read(bytes, &ReadOptions::default())?.document;
    /// let (year, balances) = document.opening_balances(0).unwrap();
    /// assert_eq!(year.number(), 2022);
    /// assert_eq!(balances.len(), 2);
    /// assert_eq!(balances[0].1.to_string(), "75000.00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn opening_balances(
        &self,
        year: YearIndex,
    ) -> Option<(
        crate::period::Year,
        Vec<(AccountCode, crate::amount::Amount)>,
    )> {
        let (start, _) = self.fiscal_years.get(&year)?;
        let calendar = crate::period::Year::new(chrono::Datelike::year(start)).ok()?;
        let balances = self
            .balances
            .iter()
            .filter(|b| b.kind == BalanceKind::Opening && b.year == year)
            .filter_map(|b| {
                crate::amount::Amount::from_decimal_rounded(
                    b.amount,
                    crate::amount::Rounding::HalfAwayFromZero,
                )
                .ok()
                .map(|amount| (b.account, amount))
            })
            .collect();
        Some((calendar, balances))
    }

    /// The file's chart of accounts (`#KONTO`, with their names) on the Kommun-Bas grouping
    /// of accounts into income-statement lines.
    ///
    /// ```
    /// use styrmodell::sie::{read, ReadOptions};
    /// let bytes = b"#FLAGGA 0\n#SIETYP 4\n#KONTO 5010 Lokalhyra\n";
    /// let chart = read(bytes, &ReadOptions::default())?.document.chart();
    /// assert_eq!(chart.name("5010".parse()?), Some("Lokalhyra"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chart(&self) -> crate::chart::Chart {
        self.accounts.iter().fold(
            crate::chart::Chart::kommun_bas(),
            |chart, (code, account)| chart.with_account(*code, &account.name),
        )
    }

    /// The document with source lines and checksum status cleared, for comparing content.
    #[must_use]
    pub fn without_positions(mut self) -> SieDocument {
        self.checksum = Checksum::Absent;
        self.vouchers = self
            .vouchers
            .iter()
            .map(|mut voucher| {
                voucher.line = 0;
                for row in &mut voucher.rows {
                    row.line = 0;
                }
                voucher
            })
            .collect();
        for record in self.unknown.iter_mut().chain(&mut self.extra_fields) {
            record.line = 0;
        }
        for row in &mut self.period_rows {
            row.line = 0;
        }
        self
    }
}

/// The objects of a document as a list in JSON: a tuple key cannot be a JSON object's key.
mod object_list {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::ObjectRef;

    #[derive(Serialize, Deserialize)]
    struct Object {
        dimension: u32,
        id: String,
        name: String,
    }

    pub(super) fn serialize<S: Serializer>(
        objects: &BTreeMap<ObjectRef, String>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(objects.iter().map(|((dimension, id), name)| Object {
            dimension: *dimension,
            id: id.clone(),
            name: name.clone(),
        }))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<ObjectRef, String>, D::Error> {
        let list = Vec::<Object>::deserialize(deserializer)?;
        Ok(list
            .into_iter()
            .map(|o| ((o.dimension, o.id), o.name))
            .collect())
    }
}
