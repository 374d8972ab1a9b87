//! Checks over the whole document once it is read: what the file's type requires and forbids,
//! references to undeclared accounts and objects, and whether balances, period rows and
//! vouchers agree with each other.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::ReadOptions;
use super::diagnostic::{Capped, Diagnostic, DiagnosticCode, Severity};
use super::document::{BalanceKind, FileKind, ObjectRef, PeriodKind, SieDocument, Voucher};
use crate::chart::AccountCode;

struct Checks<'a> {
    doc: &'a SieDocument,
    strict: bool,
    out: Vec<Diagnostic>,
    capped: Capped,
}

impl Checks<'_> {
    fn push(
        &mut self,
        severity: Severity,
        code: DiagnosticCode,
        line: usize,
        label: Option<&str>,
        message: String,
    ) {
        let diagnostic = Diagnostic::new(severity, code, line, label, message);
        self.capped.push(&mut self.out, diagnostic);
    }

    /// An error for sums of `account` beyond a decimal's range: the check stops there.
    fn past_range(&mut self, account: AccountCode, what: &str, line: usize) {
        self.push(
            Severity::Error,
            DiagnosticCode::InvalidAmount,
            line,
            None,
            format!(
                "account {account}: the {what} sum past a decimal's range; not checked further"
            ),
        );
    }

    /// A warning, or an error in the strict profile.
    fn warn(&mut self, code: DiagnosticCode, line: usize, label: Option<&str>, message: String) {
        self.warn_with(code, line, label, message, &[]);
    }

    /// As [`Checks::warn`], with the named values the message speaks of.
    fn warn_with(
        &mut self,
        code: DiagnosticCode,
        line: usize,
        label: Option<&str>,
        message: String,
        values: &[(&str, String)],
    ) {
        let severity = if self.strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        let diagnostic = Diagnostic::new(severity, code, line, label, message).with_values(values);
        self.capped.push(&mut self.out, diagnostic);
    }

    fn types(&mut self) {
        let doc = self.doc;
        let sie_type = doc.header.sie_type;
        let import = doc.header.kind == FileKind::Import;
        if sie_type < 4 {
            if let Some(voucher) = doc.vouchers.first() {
                self.warn(
                    DiagnosticCode::TypeViolation,
                    voucher.line,
                    Some("#VER"),
                    format!("vouchers are not allowed in a type {sie_type} file"),
                );
            }
        }
        if sie_type == 1 && !doc.period_rows.is_empty() {
            self.warn(
                DiagnosticCode::TypeViolation,
                0,
                Some("#PSALDO"),
                "period rows are not allowed in a type 1 file".to_owned(),
            );
        }
        if import && doc.header.industry.is_some() {
            self.warn(
                DiagnosticCode::TypeViolation,
                0,
                Some("#BKOD"),
                "#BKOD is not allowed in a 4I file".to_owned(),
            );
        }
    }

    fn mandatory(&mut self) {
        let doc = self.doc;
        let h = &doc.header;
        let import = h.kind == FileKind::Import;
        let missing = [
            ("#PROGRAM", h.program.is_none()),
            ("#FORMAT", h.format.is_none()),
            ("#GEN", h.generated.is_none()),
            ("#FNAMN", h.company_name.is_none()),
            ("#RAR", !import && doc.fiscal_years.is_empty()),
            (
                "#KONTO",
                !import && doc.accounts.values().all(|a| a.name.is_empty()),
            ),
        ];
        for (label, absent) in missing {
            if absent {
                self.warn(
                    DiagnosticCode::MissingRecord,
                    0,
                    Some(label),
                    format!(
                        "{label} is required in a type {} file but missing",
                        h.sie_type
                    ),
                );
            }
        }
        let has_balances = !doc.balances.is_empty();
        if has_balances
            && !doc
                .balances
                .iter()
                .any(|b| b.kind == BalanceKind::Closing && b.year == 0)
        {
            self.warn(
                DiagnosticCode::MissingRecord,
                0,
                Some("#UB"),
                "balances are given but no #UB for year 0".to_owned(),
            );
        }
        if matches!(h.sie_type, 2 | 3) && h.balances_until.is_none() {
            self.push(
                Severity::Warning,
                DiagnosticCode::MissingRecord,
                0,
                Some("#OMFATTN"),
                "#OMFATTN is missing (common in real files)".to_owned(),
            );
        }
    }

    /// Accounts and objects of `voucher`'s rows that the file does not declare, each once.
    fn declared_in(
        &mut self,
        voucher: &Voucher,
        accounts: &mut BTreeSet<AccountCode>,
        objects: &mut BTreeSet<ObjectRef>,
    ) {
        let doc = self.doc;
        for row in &voucher.rows {
            if !doc.accounts.contains_key(&row.account) && accounts.insert(row.account) {
                self.warn(
                    DiagnosticCode::Undeclared,
                    row.line,
                    Some("#TRANS"),
                    format!("account {} has no #KONTO", row.account),
                );
            }
            self.objects(&row.objects, row.line, objects);
        }
    }

    /// One pass over the vouchers, each decoded once from the compact store: undeclared
    /// accounts and objects, voucher order, and the counted rows of the current year summed
    /// per account (`None` without a current year or past a decimal's range).
    fn vouchers(&mut self) -> Option<BTreeMap<AccountCode, Decimal>> {
        let doc = self.doc;
        let check_declared = doc.header.kind != FileKind::Import;
        let year = doc.fiscal_years.get(&0).copied();
        let mut sums = year.map(|_| BTreeMap::new());
        let (mut accounts, mut objects) = (BTreeSet::new(), BTreeSet::new());
        let mut last = BTreeMap::new();
        // One voucher buffer serves them all: checking allocates nothing per voucher.
        doc.vouchers.for_each(|voucher| {
            if check_declared {
                self.declared_in(voucher, &mut accounts, &mut objects);
            }
            self.order_of(voucher, &mut last);
            let in_year =
                year.is_some_and(|(start, end)| start <= voucher.date && voucher.date <= end);
            if let (true, Some(totals)) = (in_year, sums.as_mut()) {
                if let Err(account) = add_rows(totals, voucher) {
                    self.past_range(account, "voucher rows", voucher.line);
                    sums = None;
                }
            }
        });
        sums
    }

    fn objects(&mut self, objects: &[ObjectRef], line: usize, reported: &mut BTreeSet<ObjectRef>) {
        let doc = self.doc;
        for object in objects {
            let declared_dimension = doc.dimensions.contains_key(&object.0);
            // Checked before inserting, so a row of a reported object clones nothing.
            if declared_dimension && !doc.objects.contains_key(object) && !reported.contains(object)
            {
                reported.insert(object.clone());
                self.warn(
                    DiagnosticCode::Undeclared,
                    line,
                    Some("#TRANS"),
                    format!("object {} {:?} has no #OBJEKT", object.0, object.1),
                );
            }
            if let Some(parent) = doc.dimensions.get(&object.0).and_then(|d| d.parent) {
                if !objects.iter().any(|(d, _)| *d == parent) {
                    self.warn(
                        DiagnosticCode::SubObjectWithoutParent,
                        line,
                        Some("#TRANS"),
                        format!("object {} {:?} of sub-dimension {} is used without an object of its parent dimension {parent}", object.0, object.1, object.0),
                    );
                }
            }
        }
    }

    /// Balances, results and period rows against the voucher rows summed per account.
    fn consistency(&mut self, rows: Option<BTreeMap<AccountCode, Decimal>>) {
        let doc = self.doc;
        let (Some(&(_, end)), Some(rows)) = (doc.fiscal_years.get(&0), rows) else {
            return;
        };
        if doc.vouchers.is_empty() {
            return;
        }
        let balance = |kind: BalanceKind| -> BTreeMap<AccountCode, Decimal> {
            doc.balances
                .iter()
                .filter(|b| b.kind == kind && b.year == 0 && b.object.is_none())
                .map(|b| (b.account, b.amount))
                .collect()
        };
        let (opening, closing, result) = (
            balance(BalanceKind::Opening),
            balance(BalanceKind::Closing),
            balance(BalanceKind::Result),
        );
        for (account, ub) in &closing {
            let Some(expected) = opening
                .get(account)
                .copied()
                .unwrap_or_default()
                .checked_add(rows.get(account).copied().unwrap_or_default())
            else {
                self.past_range(*account, "IB plus the voucher rows", 0);
                continue;
            };
            if expected != *ub {
                self.warn_with(
                    DiagnosticCode::Inconsistent,
                    0,
                    Some("#UB"),
                    format!("account {account}: IB + voucher rows = {expected}, but UB = {ub}"),
                    &[
                        ("account", account.to_string()),
                        ("computed", expected.to_string()),
                        ("declared", ub.to_string()),
                    ],
                );
            }
        }
        for (account, res) in &result {
            let sum = rows.get(account).copied().unwrap_or_default();
            if sum != *res {
                self.warn_with(
                    DiagnosticCode::Inconsistent,
                    0,
                    Some("#RES"),
                    format!("account {account}: voucher rows = {sum}, but RES = {res}"),
                    &[
                        ("account", account.to_string()),
                        ("computed", sum.to_string()),
                        ("declared", res.to_string()),
                    ],
                );
            }
        }
        let mut periods: BTreeMap<AccountCode, Decimal> = BTreeMap::new();
        for row in doc
            .period_rows
            .iter()
            .filter(|r| r.kind == PeriodKind::Outcome && r.year == 0 && r.objects.is_empty())
        {
            let total = periods.entry(row.account).or_default();
            let Some(sum) = total.checked_add(row.amount) else {
                self.past_range(row.account, "period rows", row.line);
                return;
            };
            *total = sum;
        }
        for (account, sum) in &periods {
            // Period rows may cover part of the year (#OMFATTN); compare only full coverage.
            let covered = rows.get(account).copied().unwrap_or_default();
            if doc.header.balances_until.is_none_or(|until| until >= end) && *sum != covered {
                self.warn(
                    DiagnosticCode::Inconsistent,
                    0,
                    Some("#PSALDO"),
                    format!("account {account}: #PSALDO rows = {sum}, voucher rows = {covered}"),
                );
            }
        }
    }

    /// Whether `voucher`'s number ascends within its series.
    fn order_of(&mut self, voucher: &Voucher, last: &mut BTreeMap<String, (u64, usize)>) {
        let (Some(series), Some(number)) = (
            voucher.series.as_deref(),
            voucher
                .number
                .as_deref()
                .and_then(|n| n.parse::<u64>().ok()),
        ) else {
            return;
        };
        let Some(slot) = last.get_mut(series) else {
            last.insert(series.to_owned(), (number, voucher.line));
            return;
        };
        let (previous, line) = std::mem::replace(slot, (number, voucher.line));
        if number <= previous {
            self.warn(
                DiagnosticCode::VoucherOrder,
                voucher.line,
                Some("#VER"),
                format!("voucher {series} {number} follows {series} {previous} (line {line}); numbers must ascend"),
            );
        }
    }
}

/// Adds `voucher`'s counted rows to `totals`; the account whose sum would pass a decimal's
/// range, if any.
fn add_rows(
    totals: &mut BTreeMap<AccountCode, Decimal>,
    voucher: &Voucher,
) -> Result<(), AccountCode> {
    for row in voucher.counted_rows() {
        let total = totals.entry(row.account).or_default();
        *total = total.checked_add(row.amount).ok_or(row.account)?;
    }
    Ok(())
}

pub(crate) fn check(doc: &SieDocument, options: &ReadOptions) -> Vec<Diagnostic> {
    let mut checks = Checks {
        doc,
        strict: options.strict(),
        out: Vec::new(),
        capped: Capped::default(),
    };
    checks.types();
    checks.mandatory();
    let rows = checks.vouchers();
    checks.consistency(rows);
    let summaries = checks.capped.summaries();
    checks.out.extend(summaries);
    checks.out
}
