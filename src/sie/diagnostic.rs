//! Diagnostics: what the reader noticed, where, and how bad it is.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing was lost.
    Info,
    /// Something was off but the reader recovered; no data was lost.
    Warning,
    /// A record or value was skipped: data is missing from the document.
    Error,
}

/// What a diagnostic is about, one code per kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DiagnosticCode {
    /// No `#` labels: the bytes are not SIE (bad input 1).
    NotSie,
    /// The first record is not `#FLAGGA` (bad input 1).
    FirstRecordNotFlag,
    /// An opening `#KSUMMA` without a closing one, or a block still open at the end (2).
    Truncated,
    /// The stored checksum differs from the computed one (3).
    ChecksumMismatch,
    /// A voucher row outside a voucher block (4).
    RowOutsideVoucher,
    /// A `#VER` not followed by `{` (4).
    MissingBlockOpen,
    /// A `}` with no open block, or `{` without a `#VER` (4).
    StrayBrace,
    /// A `#VER` inside a voucher block (4).
    NestedVoucher,
    /// A quoted field without its closing quote (4).
    UnterminatedQuote,
    /// An object list without its closing brace (4).
    UnterminatedObjectList,
    /// A voucher whose rows do not sum to zero (5).
    UnbalancedVoucher,
    /// An amount that is not SIE notation (6).
    InvalidAmount,
    /// A date that is not a real YYYYMMDD date (7).
    InvalidDate,
    /// A period that is not YYYYMM, or outside its fiscal year (8).
    InvalidPeriod,
    /// A year index without a matching `#RAR`, or a broken `#RAR` (9).
    InvalidFiscalYear,
    /// An account number that is not 3–8 digits (10).
    InvalidAccount,
    /// An object list with an odd number of tokens, a non-numeric or repeated dimension (10).
    InvalidObjectList,
    /// A row on an account or object that was never declared (10).
    Undeclared,
    /// A sub-object used without its parent object (10).
    SubObjectWithoutParent,
    /// `#SIETYP` outside 1–4, or a record forbidden for the file's type (11).
    TypeViolation,
    /// A record the file's type requires is missing (12).
    MissingRecord,
    /// A control character in a text field, or bytes that are not the declared encoding (13).
    InvalidText,
    /// Text already lost before the file arrived (U+FFFD), or an encoding guessed (13).
    Encoding,
    /// Balances and vouchers disagree: IB + rows ≠ UB, rows ≠ RES, ΣPSALDO ≠ rows (14).
    Inconsistent,
    /// Voucher numbers not ascending in a series (14).
    VoucherOrder,
    /// `#FLAGGA 1`: the file says it was already imported (14).
    AlreadyImported,
    /// A record with too few fields.
    MissingField,
    /// A label this reader does not know; kept raw.
    UnknownLabel,
    /// A record in a non-standard but unambiguous form, read anyway.
    Nonstandard,
    /// Mapping into facts: an amount whose unit object maps to no org unit, or that has no
    /// unit at all.
    Unmapped,
}

/// One thing the reader noticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// What kind of problem.
    pub code: DiagnosticCode,
    /// The 1-based line, or 0 for the file as a whole.
    pub line: usize,
    /// The record's label, if any.
    pub label: Option<String>,
    /// What was expected and what was found.
    pub message: String,
    /// The values the message speaks of, by name (`found`, `declared`, `computed`,
    /// `voucher`, `account`, `remaining`), so a program need not parse the message.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub values: std::collections::BTreeMap<String, String>,
}

impl Diagnostic {
    /// A diagnostic with no named values.
    pub fn new(
        severity: Severity,
        code: DiagnosticCode,
        line: usize,
        label: Option<&str>,
        message: String,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            line,
            label: label.map(str::to_owned),
            message,
            values: std::collections::BTreeMap::new(),
        }
    }

    /// Adds named values.
    #[must_use]
    pub(crate) fn with_values(mut self, values: &[(&str, String)]) -> Diagnostic {
        self.values.extend(
            values
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone())),
        );
        self
    }

    /// Adds a named value.
    #[must_use]
    pub fn with(mut self, name: &str, value: &impl ToString) -> Diagnostic {
        self.values.insert(name.to_owned(), value.to_string());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "line {}", self.line)?;
        if let Some(label) = &self.label {
            write!(f, " {label}")?;
        }
        write!(f, ": {severity} {:?}: {}", self.code, self.message)
    }
}

/// The most diagnostics of one code a read keeps; the rest are counted, and one summary per
/// code says how many more there were.
pub const MAX_DIAGNOSTICS_PER_CODE: usize = 100;

/// Keeps diagnostics up to [`MAX_DIAGNOSTICS_PER_CODE`] per code and counts the rest, so memory
/// does not grow with the number of bad lines.
#[derive(Debug, Default)]
pub(crate) struct Capped {
    /// Per code: how many were noted, and the worst severity of those not kept.
    noted: std::collections::HashMap<DiagnosticCode, (usize, Severity)>,
}

impl Capped {
    /// Pushes `diagnostic` onto `out` while its code is below the cap, else counts it.
    pub(crate) fn push(&mut self, out: &mut Vec<Diagnostic>, diagnostic: Diagnostic) {
        let entry = self
            .noted
            .entry(diagnostic.code)
            .or_insert((0, Severity::Info));
        entry.0 = entry.0.saturating_add(1);
        if entry.0 <= MAX_DIAGNOSTICS_PER_CODE {
            out.push(diagnostic);
        } else {
            entry.1 = entry.1.max(diagnostic.severity);
        }
    }

    /// Counts a diagnostic of `code` without making it, when its code is already at the cap
    /// (so a file of a million bad lines formats a hundred messages); `false` when it is below
    /// and the diagnostic is to be made and pushed.
    pub(crate) fn count_if_full(&mut self, code: DiagnosticCode, severity: Severity) -> bool {
        match self.noted.get_mut(&code) {
            Some(entry) if entry.0 >= MAX_DIAGNOSTICS_PER_CODE => {
                entry.0 = entry.0.saturating_add(1);
                entry.1 = entry.1.max(severity);
                true
            }
            _ => false,
        }
    }

    /// One summary per code past the cap, in code order.
    pub(crate) fn summaries(&self) -> Vec<Diagnostic> {
        let mut codes: Vec<_> = self
            .noted
            .iter()
            .filter(|(_, (count, _))| *count > MAX_DIAGNOSTICS_PER_CODE)
            .map(|(code, (count, severity))| (*code, *count, *severity))
            .collect();
        codes.sort_unstable_by_key(|(code, _, _)| *code);
        codes
            .into_iter()
            .map(|(code, count, severity)| Diagnostic {
                severity,
                code,
                line: 0,
                label: None,
                message: format!(
                    "and {} more {code:?} diagnostics like those listed, not kept ({count} in all)",
                    count.saturating_sub(MAX_DIAGNOSTICS_PER_CODE)
                ),
                values: std::collections::BTreeMap::new(),
            })
            .collect()
    }
}
