//! SIE 4 (types 1, 2, 3, 4E and 4I), the Swedish accounting exchange format that every ERP
//! exports: a reader with diagnostics, a writer, and the mapping of a file into ledger facts.
//!
//! ```
//! use styrmodell::sie::{read, ReadOptions};
//!
//! let bytes = b"#FLAGGA 0\n#PROGRAM Demo 1.0\n#FORMAT PC8\n#GEN 20221231\n#SIETYP 4\n\
//! #FNAMN \"Demokommun\"\n#RAR 0 20220101 20221231\n#KONTO 1930 Bank\n#KONTO 5011 L\x94ner\n\
//! #VER A 1 20220125 \"L\x94n januari\"\n{\n#TRANS 5011 {1 \"BSN\"} 812000.00\n#TRANS 1930 {} -812000.00\n}\n";
//! let import = read(bytes, &ReadOptions::default()).unwrap();
//! assert_eq!(import.document.vouchers.len(), 1);
//! assert_eq!(import.document.accounts.values().nth(1).unwrap().name, "Löner");
//! ```
//!
//! ## Bounds that hold for any input
//!
//! - **Amounts** have at most 16 digits before the point (|amount| < 10^16 kr); a larger one
//!   is an `InvalidAmount` diagnostic on its line and its record is skipped. So the sums of
//!   any file below 7·10^12 rows fit a `Decimal`, and every amount fits an [`crate::Amount`].
//!   Sums are checked all the same (a document built in code may hold anything): a sum past
//!   the range is an error diagnostic naming the account, month and line, never a panic.
//! - **Memory** does not grow with the number of bad lines: at most
//!   [`MAX_DIAGNOSTICS_PER_CODE`] diagnostics of one code are kept and one summary per code
//!   counts the rest; at most [`MAX_RAW_RECORDS`] unknown records and extra fields are kept; a
//!   line keeps its first 64 fields and an object list its first 128 tokens, the rest counted
//!   in a warning. Reading 100 MB of stray braces, of unknown labels or of one line of fields
//!   peaks at 1.03 x the file (`cargo bench --bench sie_hostile`).
//! - **Writing round-trips**: `\"` is the standard's one escape; a run of backslashes before a
//!   quote is written doubled and read halved, so a text ending in a backslash comes back, and
//!   an exporter's unescaped `"C:\dir\"` at the end of a line is read as the path it meant.

mod checks;
mod diagnostic;
mod document;
mod encoding;
mod lexer;
mod mapping;
mod reader;
mod vouchers;
mod writer;

use std::fmt::Write as _;
use std::io::Read;

use serde::{Deserialize, Serialize};

pub use diagnostic::MAX_DIAGNOSTICS_PER_CODE;
pub use diagnostic::{Diagnostic, DiagnosticCode, Severity};
pub use document::{
    Account, AccountType, Balance, BalanceKind, Checksum, Dimension, FileKind, Header, ObjectRef,
    PeriodKind, PeriodRow, RawRecord, RowKind, SieDocument, Voucher, VoucherRow, YearIndex,
};
pub use encoding::{Encoding, TextEncoding};
pub use mapping::{DimensionMap, MappedFacts, Mapping, ObjectRows, Source};
pub use reader::MAX_RAW_RECORDS;
pub use vouchers::{Iter as VoucherIter, Vouchers};
pub use writer::{budget_file, write};

/// How `#RTRANS` and `#BTRANS` corrections are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Corrections {
    /// Take `#RTRANS` rows (skipping the `#TRANS` that repeats them) and keep `#BTRANS` rows as
    /// struck (the spec's reading).
    #[default]
    Use,
    /// Ignore `#RTRANS` and `#BTRANS`; keep every `#TRANS` (an old reader's view).
    Ignore,
}

/// How strict the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Profile {
    /// Recover where the meaning is clear, with a warning; refuse only a file that is not SIE,
    /// is truncated or fails its checksum.
    #[default]
    Tolerant,
    /// Any warning or error refuses the file.
    Strict,
}

/// Options of the reader. The defaults: the tolerant profile, the encoding detected, the
/// checksum checked, unbalanced vouchers errors, only `YYYYMMDD` dates, the file kind inferred.
///
/// ```
/// use styrmodell::sie::{Profile, ReadOptions};
/// let options = ReadOptions::default().profile(Profile::Strict).file_name("export.se");
/// assert_eq!(options.profile, Profile::Strict);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReadOptions {
    /// The file name, quoted in errors.
    pub file_name: Option<String>,
    /// The encoding, detected by default.
    pub encoding: Encoding,
    /// Tolerant or strict.
    pub profile: Profile,
    /// How corrections are read.
    pub corrections: Corrections,
    /// Accept a file whose `#KSUMMA` does not verify: the mismatch is then a warning instead of
    /// a refusing error, never hidden (off by default; a missing checksum is always fine).
    #[serde(default)]
    pub skip_checksum: bool,
    /// Vouchers that do not balance are warnings rather than errors.
    #[serde(default)]
    pub allow_unbalanced_vouchers: bool,
    /// Accept `YYYY-MM-DD` dates besides `YYYYMMDD`.
    #[serde(default)]
    pub allow_dashed_dates: bool,
    /// The file kind, when the caller knows it; else inferred from the name and content.
    pub file_kind: Option<FileKind>,
}

impl ReadOptions {
    fn strict(&self) -> bool {
        self.profile == Profile::Strict
    }

    /// Names the file in errors.
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> ReadOptions {
        self.file_name = Some(name.into());
        self
    }

    /// Reads in `encoding` instead of detecting it.
    #[must_use]
    pub fn encoding(mut self, encoding: Encoding) -> ReadOptions {
        self.encoding = encoding;
        self
    }

    /// Sets the profile.
    #[must_use]
    pub fn profile(mut self, profile: Profile) -> ReadOptions {
        self.profile = profile;
        self
    }

    /// Sets how corrections are read.
    #[must_use]
    pub fn corrections(mut self, corrections: Corrections) -> ReadOptions {
        self.corrections = corrections;
        self
    }

    /// Accepts a checksum mismatch as a warning.
    #[must_use]
    pub fn skip_checksum(mut self, skip: bool) -> ReadOptions {
        self.skip_checksum = skip;
        self
    }

    /// Makes unbalanced vouchers warnings.
    #[must_use]
    pub fn allow_unbalanced_vouchers(mut self, allow: bool) -> ReadOptions {
        self.allow_unbalanced_vouchers = allow;
        self
    }

    /// Accepts `YYYY-MM-DD` dates.
    #[must_use]
    pub fn allow_dashed_dates(mut self, allow: bool) -> ReadOptions {
        self.allow_dashed_dates = allow;
        self
    }

    /// Declares the file kind.
    #[must_use]
    pub fn file_kind(mut self, kind: FileKind) -> ReadOptions {
        self.file_kind = Some(kind);
        self
    }
}

/// A file read: the document and everything noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SieImport {
    /// The document.
    pub document: SieDocument,
    /// What the reader noticed, in line order (file-wide notes first).
    pub diagnostics: Vec<Diagnostic>,
    /// The encoding the text was read in.
    pub encoding: TextEncoding,
}

impl SieImport {
    /// The diagnostics of at least `severity`.
    pub fn at_least(&self, severity: Severity) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.severity >= severity)
    }
}

/// Why a file was refused, with every diagnostic and what could be read, for inspection.
///
/// Its message leads with the reasons the file was refused (errors first, then warnings),
/// five at most, and says how many more there are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: refused: {}", .file.as_deref().unwrap_or("SIE file"), refusal_summary(.diagnostics))]
pub struct SieError {
    /// The file name, if given.
    pub file: Option<String>,
    /// Every diagnostic, the refusing ones among them.
    pub diagnostics: Vec<Diagnostic>,
    /// What could be read before the file was refused; `None` when nothing could (not SIE).
    pub document: Option<Box<SieDocument>>,
}

/// The worst diagnostics first, five at most, and how many more there are.
fn refusal_summary(diagnostics: &[Diagnostic]) -> String {
    const SHOWN: usize = 5;
    let mut worst: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .collect();
    // Refusing codes first, then by severity, then in line order.
    worst.sort_by_key(|d| {
        (
            !REFUSING.contains(&d.code),
            std::cmp::Reverse(d.severity),
            d.line,
        )
    });
    let mut text = worst
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    if worst.len() > SHOWN {
        let _ = write!(text, "; and {} more", worst.len().saturating_sub(SHOWN));
    }
    text
}

impl SieError {
    /// Whether a diagnostic of `code` is among them.
    pub fn has(&self, code: DiagnosticCode) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }
}

/// Codes that refuse a file in any profile.
const REFUSING: [DiagnosticCode; 3] = [
    DiagnosticCode::NotSie,
    DiagnosticCode::Truncated,
    DiagnosticCode::ChecksumMismatch,
];

/// Reads a SIE file from its bytes.
///
/// The document keeps every voucher in a compact store ([`Vouchers`]): reading a 100 MB file of
/// a million vouchers peaks at about 1.9 times the file, the file's bytes included;
/// [`read_streaming`] and [`Mapping::read_into`] read a voucher at a time for less.
///
/// # Errors
/// [`SieError`] when the bytes are not SIE, the file is truncated or its checksum fails, or
/// (strict profile) anything is wrong at all. Otherwise the import carries its diagnostics,
/// including an error for every record it had to skip.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<SieImport, SieError> {
    read_inner(bytes, options, None)
}

/// Reads a SIE file, handing each voucher (verifikation) to `on_voucher` as it closes instead
/// of keeping it in the document: for files too large to hold whole. The document and the
/// checks then see no vouchers. The voucher is lent, not given: the reader fills the same one
/// again for the next `#VER`, so a file of a million vouchers allocates almost nothing per
/// voucher; clone it to keep it.
///
/// ```
/// use styrmodell::sie::{ReadOptions, read_streaming};
///
/// let file = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20220101 20221231\n\
///             #VER A 1 20220301 \"Hyra\"\n{\n#TRANS 5010 {} 1000.00\n#TRANS 1930 {} -1000.00\n}\n";
/// let mut rows = 0;
/// let import = read_streaming(file.as_bytes(), &ReadOptions::default(), |voucher| {
///     rows += voucher.rows.len();
/// })?;
/// assert_eq!(rows, 2);
/// assert!(import.document.vouchers.is_empty());
/// # Ok::<(), styrmodell::sie::SieError>(())
/// ```
///
/// # Errors
/// As [`read`].
pub fn read_streaming<'a, F: FnMut(&Voucher) + 'a>(
    bytes: &[u8],
    options: &'a ReadOptions,
    on_voucher: F,
) -> Result<SieImport, SieError> {
    read_inner(bytes, options, Some(Box::new(on_voucher)))
}

fn read_inner<'a>(
    bytes: &[u8],
    options: &'a ReadOptions,
    sink: Option<reader::Sink<'a>>,
) -> Result<SieImport, SieError> {
    let mut diagnostics = Vec::new();
    let (text, encoding) = encoding::decode(bytes, options.encoding, &mut diagnostics);
    let refuse = |diagnostics, document: Option<SieDocument>| {
        Err(SieError {
            file: options.file_name.clone(),
            diagnostics,
            document: document.map(Box::new),
        })
    };
    if !text.has_record(encoding) {
        diagnostics.push(Diagnostic {
            severity: Severity::Error,
            code: DiagnosticCode::NotSie,
            line: 1,
            label: None,
            message: "expected SIE records starting with #, found none".to_owned(),
            values: std::collections::BTreeMap::new(),
        });
        return refuse(diagnostics, None);
    }
    let mut reader = reader::Reader::new(options, encoding);
    if let Some(sink) = sink {
        reader = reader.with_sink(sink);
    }
    reader.diagnostics = diagnostics;
    match &text {
        encoding::Text::Decoded(text) => reader.read(text),
        encoding::Text::SingleByte(bytes) => {
            reader.read_single_byte(bytes, |b| encoding.letter(b));
        }
    }
    let (mut document, mut diagnostics) = reader.into_parts();
    document.header.kind = options
        .file_kind
        .unwrap_or_else(|| infer_kind(&document, options.file_name.as_deref()));
    diagnostics.extend(checks::check(&document, options));
    diagnostics.sort_by_key(|d| d.line);
    let refused = diagnostics.iter().any(|d| {
        (REFUSING.contains(&d.code) && d.severity == Severity::Error)
            || (options.strict() && d.severity >= Severity::Warning)
    });
    if refused {
        return refuse(diagnostics, Some(document));
    }
    Ok(SieImport {
        document,
        diagnostics,
        encoding,
    })
}

/// Reads a SIE file from a reader.
///
/// # Errors
/// [`SieReadError::Io`] when reading fails, else as [`read`].
pub fn read_from<R: Read>(mut source: R, options: &ReadOptions) -> Result<SieImport, SieReadError> {
    let mut bytes = Vec::new();
    source
        .read_to_end(&mut bytes)
        .map_err(|e| SieReadError::Io(e.to_string()))?;
    Ok(read(&bytes, options)?)
}

/// Why [`read_from`] failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SieReadError {
    /// Reading the bytes failed.
    #[error("reading the SIE file failed: {0}")]
    Io(String),
    /// The file was refused.
    #[error(transparent)]
    Sie(#[from] SieError),
}

/// 4I by the `.SI` extension or by content (vouchers but no fiscal years or balances), 4E for
/// other type 4 files.
fn infer_kind(document: &SieDocument, file_name: Option<&str>) -> FileKind {
    if document.header.sie_type != 4 {
        return FileKind::Unspecified;
    }
    let by_name = file_name.is_some_and(|n| n.to_ascii_lowercase().ends_with(".si"));
    let by_content = document.fiscal_years.is_empty()
        && document.balances.is_empty()
        && !document.vouchers.is_empty();
    if by_name || by_content {
        FileKind::Import
    } else {
        FileKind::Export
    }
}
