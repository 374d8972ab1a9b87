//! Maps a SIE document into ledger facts: which dimension is the org unit, the project and
//! the activity; which object is which org unit; period rows or vouchers as the source.

use std::collections::BTreeMap;

// Seeded per process, so object texts in a hostile file cannot be chosen to collide.
use foldhash::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::diagnostic::{Diagnostic, DiagnosticCode, Severity};
use super::document::{ObjectRef, PeriodKind, SieDocument};
use crate::amount::Amount;
use crate::chart::{AccountCode, ActivityCode};
use crate::ledger::{Fact, Layer, ProjectId};
use crate::org::OrgUnitId;
use crate::period::Month;

/// Which SIE dimension carries what. The default is the standard's: units on 1, projects on 6,
/// no activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DimensionMap {
    /// The org unit (ansvar, kostnadsställe): dimension 1 by the standard.
    pub unit: u32,
    /// The project: dimension 6 by the standard.
    pub project: Option<u32>,
    /// The activity (verksamhet), usually a free dimension from 20 up.
    pub activity: Option<u32>,
}

impl DimensionMap {
    /// Units on `unit`, projects on 6, no activity.
    pub fn new(unit: u32) -> DimensionMap {
        DimensionMap {
            unit,
            ..DimensionMap::default()
        }
    }

    /// Projects on `dimension` (`None`: no projects).
    #[must_use]
    pub fn project(mut self, dimension: Option<u32>) -> DimensionMap {
        self.project = dimension;
        self
    }

    /// Activities on `dimension` (`None`: no activities).
    #[must_use]
    pub fn activity(mut self, dimension: Option<u32>) -> DimensionMap {
        self.activity = dimension;
        self
    }
}

impl Default for DimensionMap {
    fn default() -> DimensionMap {
        DimensionMap {
            unit: 1,
            project: Some(6),
            activity: None,
        }
    }
}

/// Where the amounts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// `#PSALDO` as outcome and `#PBUDGET` as budget (revision 0).
    #[default]
    PeriodRows,
    /// Voucher rows summed per month, as outcome.
    Vouchers,
}

/// What a type 3 file's account row (`{}`) means beside its object rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectRows {
    /// The standard: the account row is the whole account and the object rows split it
    /// (never add the two).
    #[default]
    Breakdown,
    /// As some programs write (Avendo): the account row holds only what has no objects, and
    /// each object combination its own part, so all rows add up to the account.
    Partition,
}

/// How a document becomes facts. The default: period rows, the standard's dimensions, no unit
/// objects named, no default unit, the current year, account rows as the standard reads them;
/// [`Mapping::for_document`] picks the source by the file's type.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Mapping {
    /// Which dimension is what.
    pub dimensions: DimensionMap,
    /// Which unit object is which org unit; objects missing here are reported.
    pub units: BTreeMap<String, OrgUnitId>,
    /// Where amounts without a (mapped) unit object go; without one they are reported and left
    /// out.
    pub default_unit: Option<OrgUnitId>,
    /// Period rows or vouchers.
    pub source: Source,
    /// The fiscal year index to map (0 is the current year).
    pub year: super::document::YearIndex,
    /// What the account rows of period balances mean.
    pub object_rows: ObjectRows,
    /// Unit objects that name a unit at another time than the mapped period, with what they
    /// named then: their amounts are reported as unmapped with that said.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub retired: BTreeMap<String, String>,
}

/// Facts from a document, with what could not be mapped.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MappedFacts {
    /// The facts, one per unit, account, month, layer, project and activity.
    pub facts: Vec<Fact>,
    /// Unmapped objects and amounts with nowhere to go, never dropped silently.
    pub diagnostics: Vec<Diagnostic>,
}

type Key = (
    OrgUnitId,
    AccountCode,
    Month,
    Layer,
    Option<String>,
    Option<String>,
);

/// Per (kind, month, account): the account row, what unit rows took, all object rows, and the
/// first source line.
type Totals =
    BTreeMap<(PeriodKind, Month, AccountCode), (Option<Decimal>, Decimal, Decimal, usize)>;

impl Mapping {
    /// A mapping for `document`: its vouchers when it is a type 4 file (transactions), its
    /// period rows otherwise; units from dimension 1 (resultatenhet), projects from dimension 6,
    /// as the standard numbers them; the current year (index 0); amounts without a mapped unit
    /// object go to `default_unit`. Name the unit objects with [`Mapping::unit`].
    ///
    /// ```
    /// use styrmodell::sie::{Mapping, SieDocument, Source};
    /// let mut document = SieDocument::default();
    /// document.header.sie_type = 4;
    /// let mapping = Mapping::for_document(&document, "FORV".parse()?).unit("Nord", "NORD".parse()?);
    /// assert_eq!(mapping.source, Source::Vouchers);
    /// assert_eq!(mapping.units["Nord"].as_str(), "NORD");
    /// # Ok::<(), styrmodell::Error>(())
    /// ```
    pub fn for_document(document: &SieDocument, default_unit: OrgUnitId) -> Mapping {
        Mapping {
            source: if document.header.sie_type >= 4 {
                Source::Vouchers
            } else {
                Source::PeriodRows
            },
            default_unit: Some(default_unit),
            ..Mapping::default()
        }
    }

    /// Takes the amounts from `source`.
    #[must_use]
    pub fn source(mut self, source: Source) -> Mapping {
        self.source = source;
        self
    }

    /// Sends amounts without a mapped unit object to `unit`.
    #[must_use]
    pub fn default_unit(mut self, unit: OrgUnitId) -> Mapping {
        self.default_unit = Some(unit);
        self
    }

    /// Reads the dimensions by `dimensions`.
    #[must_use]
    pub fn dimensions(mut self, dimensions: DimensionMap) -> Mapping {
        self.dimensions = dimensions;
        self
    }

    /// Maps fiscal year `year` (0 is the current).
    #[must_use]
    pub fn year(mut self, year: super::document::YearIndex) -> Mapping {
        self.year = year;
        self
    }

    /// Reads account rows of period balances as `object_rows`.
    #[must_use]
    pub fn object_rows(mut self, object_rows: ObjectRows) -> Mapping {
        self.object_rows = object_rows;
        self
    }

    /// Maps unit objects by the organisation valid through `first..=last` (the fiscal year
    /// mapped): each unit's responsibility code (ansvarskod) is its object. Codes of units
    /// that ended or began within the period, or at another time, are not mapped and their
    /// diagnostics say what they named.
    ///
    /// ```
    /// use styrmodell::sie::{Mapping, SieDocument};
    /// let history = styrmodell::demo::org_history()?;
    /// let mapping = Mapping::for_document(&SieDocument::default(), "KF".parse()?)
    ///     .units_valid(&history, "2023-01".parse()?, "2023-12".parse()?);
    /// assert_eq!(mapping.units["250"].as_str(), "BUKN");
    /// assert!(mapping.retired["200"].contains("BSN"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn units_valid(
        mut self,
        history: &crate::reorg::OrgHistory,
        first: crate::period::Month,
        last: crate::period::Month,
    ) -> Mapping {
        let (valid, retired) = history.unit_objects(first, last);
        self.units.extend(valid);
        self.retired.extend(retired);
        self
    }

    /// Maps the unit object `object` to `unit`.
    #[must_use]
    pub fn unit(mut self, object: impl Into<String>, unit: OrgUnitId) -> Mapping {
        self.units.insert(object.into(), unit);
        self
    }

    /// Maps `document` into facts.
    ///
    /// In type 3 files a period row for the account as a whole (`{}`) and the rows per object
    /// describe the same money: each unit gets the rows that name it, and the default unit
    /// gets the rest of the account's total, so the units add up to the file's totals.
    pub fn map(&self, document: &SieDocument) -> MappedFacts {
        let mut diagnostics = Vec::new();
        let facts = match self.source {
            Source::PeriodRows => {
                let mut sums: BTreeMap<Key, Decimal> = BTreeMap::new();
                self.period_rows(document, &mut sums, &mut diagnostics);
                facts_of(sums, &mut diagnostics)
            }
            Source::Vouchers => {
                let mut rows = VoucherSums::default();
                for voucher in &document.vouchers {
                    rows.add(self.dimensions, &voucher);
                }
                self.finish_vouchers(document, rows, &mut diagnostics)
            }
        };
        MappedFacts { facts, diagnostics }
    }

    /// A resolver from unit objects to org unit ids.
    fn unit_ids(&self) -> UnitResolver<'_, &OrgUnitId> {
        UnitResolver::new(
            self,
            self.units.iter().map(|(o, u)| (o.as_str(), u)).collect(),
            self.default_unit.as_ref(),
        )
    }

    fn tag(objects: &[ObjectRef], dimension: Option<u32>) -> Option<String> {
        Self::tag_ref(objects, dimension).map(str::to_owned)
    }

    /// The object of `dimension` in a row's object list, borrowed.
    fn tag_ref(objects: &[ObjectRef], dimension: Option<u32>) -> Option<&str> {
        let dimension = dimension?;
        objects
            .iter()
            .find(|(d, _)| *d == dimension)
            .map(|(_, o)| o.as_str())
    }

    fn period_rows(
        &self,
        document: &SieDocument,
        sums: &mut BTreeMap<Key, Decimal>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let mut units = self.unit_ids();
        // Per (kind, month, account): the account total and what the unit rows took of it.
        let mut totals: Totals = BTreeMap::new();
        for row in document.period_rows.iter().filter(|r| r.year == self.year) {
            let entry = totals
                .entry((row.kind, row.period, row.account))
                .or_insert((None, Decimal::ZERO, Decimal::ZERO, row.line));
            let overflow = |what: &str| {
                note(
                    Severity::Error,
                    DiagnosticCode::InvalidAmount,
                    row.line,
                    format!(
                        "{what} on account {} in {} is beyond a decimal's range; row left out",
                        row.account, row.period
                    ),
                )
            };
            if row.objects.is_empty() {
                match entry.0.unwrap_or_default().checked_add(row.amount) {
                    Some(sum) => entry.0 = Some(sum),
                    None => diagnostics.push(overflow("the account rows' sum")),
                }
                continue;
            }
            let names_unit = row.objects.iter().any(|(d, _)| *d == self.dimensions.unit);
            let (Some(all), Some(taken)) = (
                entry.2.checked_add(row.amount),
                entry.1.checked_add(if names_unit {
                    row.amount
                } else {
                    Decimal::ZERO
                }),
            ) else {
                diagnostics.push(overflow("the object rows' sum"));
                continue;
            };
            entry.2 = all;
            if !names_unit {
                continue;
            }
            entry.1 = taken;
            let layer = layer_of(row.kind);
            if let Some(unit) = units.resolve(&row.objects, row.line, diagnostics) {
                let key = (
                    unit.clone(),
                    row.account,
                    row.period,
                    layer,
                    Self::tag(&row.objects, self.dimensions.project),
                    Self::tag(&row.objects, self.dimensions.activity),
                );
                if !add_to(sums.entry(key).or_default(), row.amount) {
                    diagnostics.push(overflow("the unit's sum"));
                }
            }
        }
        for ((kind, month, account), (account_row, taken, all_objects, line)) in totals {
            // What no unit row took goes to the default unit. Without an account row the object
            // rows are the whole.
            let rest = match self.object_rows {
                ObjectRows::Breakdown => account_row.unwrap_or(all_objects).checked_sub(taken),
                ObjectRows::Partition => account_row
                    .unwrap_or_default()
                    .checked_add(all_objects)
                    .and_then(|sum| sum.checked_sub(taken)),
            };
            let Some(rest) = rest else {
                diagnostics.push(note(Severity::Error, DiagnosticCode::InvalidAmount, line, format!("what the unit rows leave of account {account} in {month} is beyond a decimal's range; left out")));
                continue;
            };
            if rest.is_zero() {
                continue;
            }
            match &self.default_unit {
                Some(unit) => {
                    let key = (unit.clone(), account, month, layer_of(kind), None, None);
                    if !add_to(sums.entry(key).or_default(), rest) {
                        diagnostics.push(note(Severity::Error, DiagnosticCode::InvalidAmount, line, format!("the default unit's sum of account {account} in {month} is beyond a decimal's range; {rest} left out")));
                    }
                }
                None => diagnostics.push(note(Severity::Error, DiagnosticCode::Unmapped, line, format!("{rest} on account {account} in {month} has no unit object and no default unit; left out"))),
            }
        }
    }

    /// Sums voucher rows in the mapped fiscal year into facts by unit, account and month, in
    /// the order of unit, account, month, project and activity.
    fn finish_vouchers(
        &self,
        document: &SieDocument,
        rows: VoucherSums,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Fact> {
        let Some(&(start, end)) = document.fiscal_years.get(&self.year) else {
            diagnostics.push(note(
                Severity::Error,
                DiagnosticCode::InvalidFiscalYear,
                0,
                format!(
                    "the file has no fiscal year {}; no vouchers mapped",
                    self.year
                ),
            ));
            return Vec::new();
        };
        let (Ok(first), Ok(last)) = (Month::from_date(start), Month::from_date(end)) else {
            return Vec::new();
        };
        let in_year = |month: Month| month >= first && month <= last;
        let (texts, by_object) = (rows.texts.into_texts(), rows.by_object);
        let ranking = Ranking::new(self, texts);
        let units = self.resolve_objects(&ranking, &by_object, in_year, diagnostics);
        let (mut out, left_out) = ranking.sum_objects(by_object, &units, in_year);
        diagnostics.append(&mut out.merge_overflows);
        out.overflowed.sort_unstable_by_key(|(line, _)| *line);
        for (line, account) in out.overflowed {
            diagnostics.push(note(
                Severity::Error,
                DiagnosticCode::InvalidAmount,
                line,
                format!(
                    "the voucher rows of account {account} sum past a decimal's range; row left out"
                ),
            ));
        }
        left_out.report(diagnostics);
        diagnostics.append(&mut out.out_of_range);
        out.facts
    }

    /// Each unit object with rows in the year resolved to its unit's rank, once, in the order
    /// of its first row in the year, so diagnostics come in line order. Objects with no row in
    /// the year, or no unit, have none.
    fn resolve_objects(
        &self,
        ranking: &Ranking<'_>,
        by_object: &[Vec<KeptRow>],
        in_year: impl Fn(Month) -> bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Option<u32>> {
        let mut firsts: Vec<(usize, usize)> = by_object
            .iter()
            .enumerate()
            .filter_map(|(object, rows)| {
                let first = rows.iter().find(|row| in_year(row.month))?;
                Some((first.line, object))
            })
            .collect();
        firsts.sort_unstable();
        let mut units = self.unit_ids();
        let mut resolved = vec![None; by_object.len()];
        for (line, object) in firsts {
            let text = unkept(u32::try_from(object).unwrap_or(u32::MAX));
            let unit = units.resolve_object(ranking.text(text), line, diagnostics);
            if let Some(slot) = resolved.get_mut(object) {
                *slot = unit.and_then(|unit| ranking.unit_rank(unit));
            }
        }
        resolved
    }

    /// Reads `bytes` and maps its vouchers without keeping them: for files too large to hold.
    /// With period rows as the source this is [`super::read`] and [`Mapping::map`].
    ///
    /// # Errors
    /// As [`super::read`].
    pub fn read_and_map(
        &self,
        bytes: &[u8],
        options: &super::ReadOptions,
    ) -> Result<(super::SieImport, MappedFacts), super::SieError> {
        let mut rows = VoucherSums::default();
        let dimensions = self.dimensions;
        let import =
            super::read_streaming(bytes, options, |voucher| rows.add(dimensions, voucher))?;
        let mapped = match self.source {
            Source::PeriodRows => self.map(&import.document),
            Source::Vouchers => {
                let mut diagnostics = Vec::new();
                let facts = self.finish_vouchers(&import.document, rows, &mut diagnostics);
                MappedFacts { facts, diagnostics }
            }
        };
        Ok((import, mapped))
    }
}

impl Mapping {
    /// Reads `bytes` and pushes every counted voucher row straight into `ledger` as outcome,
    /// without keeping the vouchers or summing them first: the fast path for large files.
    /// Rows are not filtered by fiscal year; the ledger refuses months outside its own.
    /// Returns the import (without vouchers) and the mapping's diagnostics: each unmapped
    /// object once, and rows with no unit to go to once per account with their count and total.
    ///
    /// # Errors
    /// As [`super::read`].
    pub fn read_into(
        &self,
        bytes: &[u8],
        options: &super::ReadOptions,
        ledger: &mut crate::ledger::LedgerBuilder,
    ) -> Result<(super::SieImport, Vec<Diagnostic>), super::SieError> {
        let org = ledger.organisation().clone();
        let mut diagnostics = Vec::new();
        let default = self.default_unit.as_ref().and_then(|unit| {
            let index = org.index_of(unit.as_str());
            if index.is_none() {
                diagnostics.push(note(
                    Severity::Error,
                    DiagnosticCode::Unmapped,
                    0,
                    format!("the default unit {unit} is not in the organisation"),
                ));
            }
            index
        });
        let mut units = UnitResolver::new(
            self,
            self.units
                .iter()
                .filter_map(|(object, unit)| Some((object.as_str(), org.index_of(unit.as_str())?)))
                .collect(),
            default,
        );
        let mut left_out = LeftOut::default();
        let dimensions = self.dimensions;
        let import = super::read_streaming(bytes, options, |voucher| {
            for row in voucher.counted_rows() {
                let Ok(month) = Month::from_date(row.date.unwrap_or(voucher.date)) else {
                    continue;
                };
                let Some(unit) = units.resolve(&row.objects, row.line, &mut diagnostics) else {
                    left_out.add(row.account, row.amount, 1, row.line);
                    continue;
                };
                let Ok(amount) = Amount::from_decimal_rounded(
                    row.amount,
                    crate::amount::Rounding::HalfAwayFromZero,
                ) else {
                    diagnostics.push(note(
                        Severity::Error,
                        DiagnosticCode::InvalidAmount,
                        row.line,
                        format!(
                            "row of {} on account {} is out of range; left out",
                            row.amount, row.account
                        ),
                    ));
                    continue;
                };
                let project = Self::tag_ref(&row.objects, dimensions.project);
                let activity = Self::tag_ref(&row.objects, dimensions.activity);
                if project.is_none() && activity.is_none() {
                    ledger.push_indexed(unit, row.account, month, Layer::Outcome, amount);
                } else if let Some(id) = org.unit_at(unit).map(|u| u.id.clone()) {
                    let mut fact = Fact::new(id, row.account, month, Layer::Outcome, amount);
                    fact.project = project.and_then(|p| p.parse().ok());
                    fact.activity = activity.and_then(|a| a.parse().ok());
                    ledger.push(fact);
                }
            }
        })?;
        left_out.report(&mut diagnostics);
        Ok((import, diagnostics))
    }
}

/// Voucher rows with no unit to go to, summed per account: one diagnostic an account, however
/// many rows, with their total and the first row's line.
#[derive(Default)]
struct LeftOut {
    accounts: BTreeMap<AccountCode, (Decimal, usize, usize)>,
}

impl LeftOut {
    fn add(&mut self, account: AccountCode, amount: Decimal, rows: usize, line: usize) {
        let entry = self
            .accounts
            .entry(account)
            .or_insert((Decimal::ZERO, 0, line));
        entry.0 = entry.0.saturating_add(amount);
        entry.1 = entry.1.saturating_add(rows);
        entry.2 = entry.2.min(line);
    }

    fn report(self, diagnostics: &mut Vec<Diagnostic>) {
        for (account, (total, rows, line)) in self.accounts {
            diagnostics.push(
                note(
                    Severity::Error,
                    DiagnosticCode::Unmapped,
                    line,
                    format!(
                        "{rows} row(s) on account {account}, {total} in all, have no unit; left out"
                    ),
                )
                .with("account", &account)
                .with("remaining", &total),
            );
        }
    }
}

/// Project and activity (as kept numbers from [`Texts`]), account and month of a voucher row
/// within its unit object: a key that costs no allocation to look up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ObjectKey {
    project: u32,
    activity: u32,
    account: AccountCode,
    month: Month,
}

/// The object texts of voucher rows, each stored once and named by a number.
#[derive(Default)]
struct Texts {
    numbers: HashMap<String, u32>,
}

impl Texts {
    fn number(&mut self, text: &str) -> u32 {
        if let Some(&number) = self.numbers.get(text) {
            return number;
        }
        let number = u32::try_from(self.numbers.len()).unwrap_or(u32::MAX);
        self.numbers.insert(text.to_owned(), number);
        number
    }

    /// The texts, indexed by their numbers.
    fn into_texts(self) -> Vec<String> {
        let mut texts = vec![String::new(); self.numbers.len()];
        for (text, number) in self.numbers {
            if let Some(slot) = usize::try_from(number).ok().and_then(|n| texts.get_mut(n)) {
                *slot = text;
            }
        }
        texts
    }
}

/// The sum of the voucher rows of one key.
struct RowSum {
    amount: Decimal,
    rows: usize,
    first_line: usize,
}

/// One voucher row kept for summing, under its unit object: project and activity as
/// numbers + 1 (0 for none), account, month, amount and line.
struct KeptRow {
    project: u32,
    activity: u32,
    account: AccountCode,
    month: Month,
    amount: Decimal,
    line: usize,
}

/// A text number as kept: 0 for none, else the number + 1.
fn kept(number: Option<u32>) -> u32 {
    number.map_or(0, |n| n.saturating_add(1))
}

/// A kept number back.
fn unkept(kept: u32) -> Option<u32> {
    kept.checked_sub(1)
}

/// Voucher rows summed by unit object, project, activity, account and month.
///
/// Rows are kept as they come, in one list per unit object, and summed at the end object by
/// object: one object's sums fit in cache, where one map of every sum (hundreds of thousands
/// on a large file) would miss the cache on nearly every row.
#[derive(Default)]
struct VoucherSums {
    /// Per unit object (as kept: 0 for none), its rows in file order.
    by_object: Vec<Vec<KeptRow>>,
    texts: Texts,
}

impl VoucherSums {
    fn add(&mut self, dimensions: DimensionMap, voucher: &super::document::Voucher) {
        for row in voucher.counted_rows() {
            let Ok(month) = Month::from_date(row.date.unwrap_or(voucher.date)) else {
                continue;
            };
            let mut number = |dimension| {
                Mapping::tag_ref(&row.objects, dimension).map(|text| self.texts.number(text))
            };
            let object = kept(number(Some(dimensions.unit))) as usize;
            let kept_row = KeptRow {
                project: kept(number(dimensions.project)),
                activity: kept(number(dimensions.activity)),
                account: row.account,
                month,
                amount: row.amount,
                line: row.line,
            };
            if self.by_object.len() <= object {
                self.by_object
                    .resize_with(object.saturating_add(1), Vec::new);
            }
            if let Some(rows) = self.by_object.get_mut(object) {
                rows.push(kept_row);
            }
        }
    }
}

/// One unit object's rows summed by key, the map's buffers serving every object.
#[derive(Default)]
struct ObjectSums {
    sums: HashMap<ObjectKey, RowSum>,
}

impl ObjectSums {
    /// Adds the object's rows in the year, in file order (so a sum's first row is its first
    /// line); a row whose sum would go past a decimal's range is left out, with its line and
    /// account in `overflowed`.
    fn add(
        &mut self,
        rows: &[KeptRow],
        in_year: impl Fn(Month) -> bool,
        overflowed: &mut Vec<(usize, AccountCode)>,
    ) {
        for row in rows.iter().filter(|row| in_year(row.month)) {
            let key = ObjectKey {
                project: row.project,
                activity: row.activity,
                account: row.account,
                month: row.month,
            };
            let sum = self.sums.entry(key).or_insert(RowSum {
                amount: Decimal::ZERO,
                rows: 0,
                first_line: row.line,
            });
            match sum.amount.checked_add(row.amount) {
                Some(total) => {
                    sum.amount = total;
                    sum.rows = sum.rows.saturating_add(1);
                }
                None => overflowed.push((row.line, row.account)),
            }
        }
    }

    fn drain(&mut self) -> impl Iterator<Item = (ObjectKey, RowSum)> + '_ {
        self.sums.drain()
    }
}

/// The facts of summed vouchers and what went wrong on the way, each kind in the order it is
/// reported.
#[derive(Default)]
struct SummedFacts {
    facts: Vec<Fact>,
    /// A unit's sums of one key past a decimal's range.
    merge_overflows: Vec<Diagnostic>,
    /// Rows left out because their object's sum would go past a decimal's range.
    overflowed: Vec<(usize, AccountCode)>,
    /// Totals out of an amount's range.
    out_of_range: Vec<Diagnostic>,
}

/// Ranks of units and texts whose order is that of the texts they stand for, so a sort of
/// plain integer keys puts a unit's facts in the order of account, month, project and
/// activity, and units taken in rank order put all facts in the order of unit, too.
struct Ranking<'m> {
    /// The mapped org units, sorted: a unit's rank is its place here.
    units: Vec<&'m OrgUnitId>,
    texts: Vec<String>,
    /// Per text number, its rank among the texts plus one (0 is no text).
    text_ranks: Vec<u32>,
    /// The text numbers in the texts' order: rank − 1 back to its text.
    by_rank: Vec<usize>,
}

/// Unit rank, account, month, project rank and activity rank.
type RankedKey = (u32, AccountCode, Month, u32, u32);

impl<'m> Ranking<'m> {
    fn new(mapping: &'m Mapping, texts: Vec<String>) -> Self {
        let mut units: Vec<&OrgUnitId> = mapping
            .units
            .values()
            .chain(mapping.default_unit.as_ref())
            .collect();
        units.sort_unstable();
        units.dedup();
        let mut by_rank: Vec<usize> = (0..texts.len()).collect();
        by_rank.sort_unstable_by(|&a, &b| texts.get(a).cmp(&texts.get(b)));
        let mut text_ranks = vec![0; texts.len()];
        for (rank, &number) in (1..).zip(&by_rank) {
            if let Some(slot) = text_ranks.get_mut(number) {
                *slot = rank;
            }
        }
        Ranking {
            units,
            texts,
            text_ranks,
            by_rank,
        }
    }

    fn text(&self, number: Option<u32>) -> Option<&str> {
        let number = usize::try_from(number?).ok()?;
        self.texts.get(number).map(String::as_str)
    }

    fn unit_rank(&self, unit: &OrgUnitId) -> Option<u32> {
        let index = self.units.binary_search(&unit).ok()?;
        u32::try_from(index).ok()
    }

    fn text_rank(&self, number: Option<u32>) -> u32 {
        number
            .and_then(|n| usize::try_from(n).ok())
            .and_then(|n| self.text_ranks.get(n).copied())
            .unwrap_or(0)
    }

    /// The ranking key of a sum of the unit of rank `unit`.
    fn key(&self, unit: u32, key: ObjectKey) -> RankedKey {
        (
            unit,
            key.account,
            key.month,
            self.text_rank(unkept(key.project)),
            self.text_rank(unkept(key.activity)),
        )
    }

    /// Each unit object's rows in the year summed and made facts under its unit (`units`, by
    /// object); the sums of objects with no unit are left out. Objects are taken in the order
    /// of their units, so each unit's sums are sorted on their own (a few hundred, in cache)
    /// instead of all sums of the file in one sort.
    fn sum_objects(
        &self,
        mut by_object: Vec<Vec<KeptRow>>,
        units: &[Option<u32>],
        in_year: impl Fn(Month) -> bool + Copy,
    ) -> (SummedFacts, LeftOut) {
        let mut order: Vec<(Option<u32>, usize)> = units.iter().copied().zip(0..).collect();
        order.sort_unstable();
        let mut out = SummedFacts::default();
        let mut left_out = LeftOut::default();
        let mut object_sums = ObjectSums::default();
        let mut group: Vec<(RankedKey, Decimal, usize)> = Vec::new();
        for unit_objects in order.chunk_by(|a, b| a.0 == b.0) {
            for &(unit, object) in unit_objects {
                // Freed once summed: the facts grow as the rows go.
                let rows = by_object.get_mut(object).map(std::mem::take);
                let rows = rows.as_deref().unwrap_or_default();
                object_sums.add(rows, in_year, &mut out.overflowed);
                for (key, sum) in object_sums.drain() {
                    match unit {
                        Some(unit) => group.push((self.key(unit, key), sum.amount, sum.first_line)),
                        None => left_out.add(key.account, sum.amount, sum.rows, sum.first_line),
                    }
                }
            }
            self.facts_of_unit(&mut group, &mut out);
        }
        (out, left_out)
    }

    /// One unit's sums (empty after): sorted, those of one key added up, and made facts,
    /// with what went wrong in `out`.
    fn facts_of_unit(&self, sums: &mut Vec<(RankedKey, Decimal, usize)>, out: &mut SummedFacts) {
        sums.sort_unstable_by_key(|&(key, _, line)| (key, line));
        let mut merged: Option<(RankedKey, Decimal)> = None;
        for (key, amount, line) in sums.drain(..) {
            match &mut merged {
                Some((last, total)) if *last == key => {
                    if !add_to(total, amount) {
                        out.merge_overflows.push(sum_overflow(key.1, key.2, line));
                    }
                }
                _ => {
                    if let Some(done) = merged.replace((key, amount)) {
                        self.push_fact(done, out);
                    }
                }
            }
        }
        if let Some(done) = merged {
            self.push_fact(done, out);
        }
    }

    /// The fact of a merged sum; a total out of an amount's range reported instead.
    fn push_fact(
        &self,
        ((unit, account, month, project, activity), amount): (RankedKey, Decimal),
        out: &mut SummedFacts,
    ) {
        let Some(unit) = usize::try_from(unit).ok().and_then(|u| self.units.get(u)) else {
            return;
        };
        let Ok(amount) =
            Amount::from_decimal_rounded(amount, crate::amount::Rounding::HalfAwayFromZero)
        else {
            out.out_of_range.push(out_of_range(unit, account, month));
            return;
        };
        let mut fact = Fact::new((*unit).clone(), account, month, Layer::Outcome, amount);
        fact.project = self
            .ranked_text(project)
            .and_then(|p| p.parse::<ProjectId>().ok());
        fact.activity = self
            .ranked_text(activity)
            .and_then(|a| a.parse::<ActivityCode>().ok());
        out.facts.push(fact);
    }

    /// The text of a rank (0 is none).
    fn ranked_text(&self, rank: u32) -> Option<&str> {
        let place = usize::try_from(rank).ok()?.checked_sub(1)?;
        self.texts
            .get(*self.by_rank.get(place)?)
            .map(String::as_str)
    }
}

/// Turns sums into facts, reporting sums out of range.
fn facts_of(sums: BTreeMap<Key, Decimal>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Fact> {
    let mut facts = Vec::with_capacity(sums.len());
    for ((unit, account, month, layer, project, activity), amount) in sums {
        let Ok(amount) =
            Amount::from_decimal_rounded(amount, crate::amount::Rounding::HalfAwayFromZero)
        else {
            diagnostics.push(out_of_range(&unit, account, month));
            continue;
        };
        let mut fact = Fact::new(unit, account, month, layer, amount);
        fact.project = project.and_then(|p| p.parse::<ProjectId>().ok());
        fact.activity = activity.and_then(|a| a.parse::<ActivityCode>().ok());
        facts.push(fact);
    }
    facts
}

fn layer_of(kind: PeriodKind) -> Layer {
    match kind {
        PeriodKind::Outcome => Layer::Outcome,
        PeriodKind::Budget => Layer::ORIGINAL_BUDGET,
    }
}

/// Adds `amount` to `total`; `false`, leaving `total` as it was, past a decimal's range.
fn add_to(total: &mut Decimal, amount: Decimal) -> bool {
    match total.checked_add(amount) {
        Some(sum) => {
            *total = sum;
            true
        }
        None => false,
    }
}

/// An error for a unit's total of `account` in `month` beyond an amount's range.
fn out_of_range(unit: &OrgUnitId, account: AccountCode, month: Month) -> Diagnostic {
    note(
        Severity::Error,
        DiagnosticCode::InvalidAmount,
        0,
        format!("the total of account {account} for {unit} in {month} is out of range; left out"),
    )
}

/// An error for a unit's sum of `account` in `month` beyond a decimal's range.
fn sum_overflow(account: AccountCode, month: Month, line: usize) -> Diagnostic {
    note(
        Severity::Error,
        DiagnosticCode::InvalidAmount,
        line,
        format!(
            "the unit's sum of account {account} in {month} is beyond a decimal's range; left out"
        ),
    )
}

fn note(severity: Severity, code: DiagnosticCode, line: usize, message: String) -> Diagnostic {
    Diagnostic {
        severity,
        code,
        line,
        label: None,
        message,
        values: std::collections::BTreeMap::new(),
    }
}

/// Resolves the unit object of a row's object list to an org unit (by id or by index),
/// falling back to the default unit and reporting each unmapped object once.
struct UnitResolver<'m, T> {
    mapping: &'m Mapping,
    units: HashMap<&'m str, T>,
    default: Option<T>,
    reported: HashSet<String>,
}

impl<'m, T: Copy> UnitResolver<'m, T> {
    fn new(mapping: &'m Mapping, units: HashMap<&'m str, T>, default: Option<T>) -> Self {
        UnitResolver {
            mapping,
            units,
            default,
            reported: HashSet::default(),
        }
    }

    fn resolve(
        &mut self,
        objects: &[ObjectRef],
        line: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let object = Mapping::tag_ref(objects, Some(self.mapping.dimensions.unit));
        self.resolve_object(object, line, diagnostics)
    }

    /// As `resolve`, for the unit object itself (`None` when the row names none).
    fn resolve_object(
        &mut self,
        object: Option<&str>,
        line: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let Some(object) = object else {
            return self.default;
        };
        if let Some(unit) = self.units.get(object) {
            return Some(*unit);
        }
        // Checked before inserting so a row of an already reported object allocates nothing.
        if !self.reported.contains(object) {
            let dimension = self.mapping.dimensions.unit;
            self.reported.insert(object.to_owned());
            let (severity, target) = match (self.default, &self.mapping.default_unit) {
                (Some(_), Some(unit)) => (Severity::Warning, format!("booked on {unit}")),
                _ => (Severity::Error, "left out".to_owned()),
            };
            let then = self
                .mapping
                .retired
                .get(object)
                .map_or(String::new(), |named| {
                    format!(" valid in the mapped period (it names {named})")
                });
            diagnostics.push(note(
                severity,
                DiagnosticCode::Unmapped,
                line,
                format!("object {object:?} of dimension {dimension} maps to no org unit{then}; its amounts are {target}"),
            ));
        }
        self.default
    }
}
