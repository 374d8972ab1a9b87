//! Reads SIE records into a [`SieDocument`], line by line, with a diagnostic for everything it
//! notices and for every line it skips.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ReadOptions;
use super::diagnostic::{Diagnostic, DiagnosticCode, Severity};
use super::document::{
    AccountType, Balance, BalanceKind, Checksum, Dimension, ObjectRef, PeriodKind, PeriodRow,
    RawRecord, RowKind, SieDocument, Voucher, VoucherRow,
};
use super::encoding::TextEncoding;
use super::lexer::{Field, FieldRef, Fields, LexError, Lexer};
use crate::chart::AccountCode;
use crate::period::Month;

/// Why a record was not taken: the diagnostic to report.
type Skip = (DiagnosticCode, String);

/// Takes each voucher as it closes, instead of keeping it in the document.
pub(crate) type Sink<'s> = Box<dyn FnMut(&Voucher) + 's>;

/// Where the voucher the reader holds stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VoucherState {
    /// No voucher: the buffer is empty.
    Closed,
    /// A `#VER` waiting for its `{`.
    AwaitingBrace,
    /// A voucher whose `{` is open.
    Open,
}

/// Where the reader is in the block of a refused `#VER`, which it skips quietly: one fault,
/// one error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RefusedBlock {
    /// No refused voucher.
    No,
    /// A refused `#VER` whose `{` may follow.
    AwaitingBrace,
    /// Inside the refused voucher's block.
    Open,
}

pub(crate) struct Reader<'o, 't> {
    options: &'o ReadOptions,
    sink: Option<Sink<'o>>,
    encoding: TextEncoding,
    pub(crate) doc: SieDocument,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The voucher being read, filled in place: with a sink its buffers serve every voucher
    /// of the file, so streaming allocates almost nothing per voucher.
    voucher: Voucher,
    state: VoucherState,
    /// How many of the voucher's rows are this voucher's: those past it are slots kept from
    /// earlier vouchers, to be overwritten.
    live_rows: usize,
    /// Rows beyond a voucher's, kept for their buffers.
    spare_rows: Vec<VoucherRow>,
    /// The row of the last `#RTRANS`, whose paired `#TRANS` is to be skipped.
    after_added: Option<(AccountCode, Vec<ObjectRef>, Decimal)>,
    crc: Option<crc32fast::Hasher>,
    checksum_closed: bool,
    records: usize,
    line: usize,
    /// The label of the line being read: borrowed from the text, or kept where the line was
    /// decoded into a buffer reused per line.
    label: Label<'t>,
    /// Caps the diagnostics per code: memory does not grow with the number of bad lines.
    capped: super::diagnostic::Capped,
    /// Raw records (unknown labels and extra fields) past [`MAX_RAW_RECORDS`], counted.
    raw_dropped: usize,
    /// The last line with an error, to tell a half record at the end of a cut file.
    last_error_line: usize,
    refused: RefusedBlock,
    /// The fiscal years by start date, with their end and index: they never overlap, so the
    /// one starting last on or before a new year's end is the only one it could overlap.
    year_starts: std::collections::BTreeMap<chrono::NaiveDate, (chrono::NaiveDate, i32)>,
}

/// The most raw records (unknown labels, fields beyond a record's own) a document keeps.
pub const MAX_RAW_RECORDS: usize = 1000;

/// How many bytes a chunk of a single-byte file holds before it runs on to its next line end.
const CHUNK_BYTES: usize = 64 * 1024;

/// Where the first chunk of `bytes` ends: after the first line end at or past `chunk_bytes`,
/// or at the end.
fn chunk_end(bytes: &[u8], chunk_bytes: usize) -> usize {
    bytes
        .get(chunk_bytes..)
        .and_then(|tail| tail.iter().position(|&b| b == b'\n'))
        .map_or(bytes.len(), |at| {
            chunk_bytes.saturating_add(at).saturating_add(1)
        })
}

/// The label of a line decoded into a buffer, kept: a brace or a label the standard defines
/// as the static text it is, any other copied.
fn kept_label<'t>(label: &str) -> Label<'t> {
    let known = ["}", "{"]
        .into_iter()
        .chain(LABELS.iter().map(|(known, _)| *known))
        .find(|known| *known == label);
    known.map_or_else(|| Label::Owned(label.to_owned()), Label::Borrowed)
}

/// Keeps a raw record in `list` while it holds fewer than [`MAX_RAW_RECORDS`], else counts it
/// in `dropped`.
fn keep_raw(
    list: &mut Vec<RawRecord>,
    dropped: &mut usize,
    line: usize,
    label: &str,
    fields: &[Field<'_>],
) {
    if list.len() < MAX_RAW_RECORDS {
        list.push(RawRecord {
            line,
            label: label.to_owned(),
            fields: fields.iter().map(field_text).collect(),
        });
    } else {
        *dropped = dropped.saturating_add(1);
    }
}

/// The label of the line being read.
enum Label<'t> {
    /// Borrowed from the text read.
    Borrowed(&'t str),
    /// Kept, from a line decoded into a buffer.
    Owned(String),
}

impl Label<'_> {
    fn as_str(&self) -> &str {
        match self {
            Label::Borrowed(label) => label,
            Label::Owned(label) => label,
        }
    }
}

fn text(field: Option<&Field<'_>>) -> Option<String> {
    text_ref(field).map(str::to_owned)
}

/// A non-empty text field, borrowed.
#[inline]
fn text_ref<'f>(field: Option<&'f Field<'_>>) -> Option<&'f str> {
    match field {
        Some(field) => match field.get() {
            FieldRef::Text(t) if !t.is_empty() => Some(t),
            _ => None,
        },
        _ => None,
    }
}

fn text_or_empty(field: Option<&Field<'_>>) -> String {
    text(field).unwrap_or_default()
}

/// Sets `slot` to the field's text, reusing the buffer it holds.
#[inline]
fn assign_text(slot: &mut Option<String>, field: Option<&Field<'_>>) {
    match (slot.as_mut(), text_ref(field)) {
        (Some(buffer), Some(value)) => {
            buffer.clear();
            buffer.push_str(value);
        }
        (_, value) => *slot = value.map(str::to_owned),
    }
}

/// A voucher to fill in.
fn blank_voucher() -> Voucher {
    Voucher {
        series: None,
        number: None,
        date: NaiveDate::default(),
        text: None,
        registered: None,
        sign: None,
        rows: Vec::new(),
        line: 0,
    }
}

/// A row to fill in.
pub(crate) fn blank_row(
    kind: RowKind,
    account: AccountCode,
    objects: Vec<ObjectRef>,
) -> VoucherRow {
    VoucherRow {
        kind,
        account,
        objects,
        amount: Decimal::ZERO,
        date: None,
        text: None,
        quantity: None,
        sign: None,
        line: 0,
    }
}

impl<'o, 't> Reader<'o, 't> {
    pub(crate) fn new(options: &'o ReadOptions, encoding: TextEncoding) -> Reader<'o, 't> {
        Reader {
            options,
            sink: None,
            encoding,
            doc: SieDocument::default(),
            diagnostics: Vec::new(),
            voucher: blank_voucher(),
            state: VoucherState::Closed,
            live_rows: 0,
            spare_rows: Vec::new(),
            after_added: None,
            crc: None,
            checksum_closed: false,
            records: 0,
            line: 0,
            label: Label::Borrowed(""),
            capped: super::diagnostic::Capped::default(),
            raw_dropped: 0,
            last_error_line: 0,
            refused: RefusedBlock::No,
            year_starts: std::collections::BTreeMap::new(),
        }
    }

    /// Keeps `diagnostic` while its code is below the cap, else counts it.
    pub(crate) fn push_diagnostic(&mut self, diagnostic: Diagnostic) {
        self.capped.push(&mut self.diagnostics, diagnostic);
    }

    /// One summary per code past the cap, and one for raw records past theirs.
    fn summarise_dropped(&mut self) {
        let summaries = self.capped.summaries();
        self.diagnostics.extend(summaries);
        if self.raw_dropped > 0 {
            self.diagnostics.push(Diagnostic {
                severity: Severity::Info,
                code: DiagnosticCode::UnknownLabel,
                line: 0,
                label: None,
                message: format!(
                    "{} more raw records (unknown labels or extra fields) beyond the first {MAX_RAW_RECORDS}, not kept",
                    self.raw_dropped
                ),
                values: std::collections::BTreeMap::new(),
            });
        }
    }

    /// The document and the diagnostics.
    pub(crate) fn into_parts(mut self) -> (SieDocument, Vec<Diagnostic>) {
        self.summarise_dropped();
        (self.doc, self.diagnostics)
    }

    /// Hands every voucher to `sink` instead of keeping it.
    pub(crate) fn with_sink(mut self, sink: Sink<'o>) -> Reader<'o, 't> {
        self.sink = Some(sink);
        self
    }

    /// Ends the voucher being read: checks its balance when asked, then hands it to the sink
    /// (keeping its buffers) or keeps it in the document.
    fn close_voucher(&mut self, check_balance: bool) {
        self.state = VoucherState::Closed;
        // Slots past the voucher's rows wait among the spares.
        let rows = &mut self.voucher.rows;
        if rows.len() > self.live_rows {
            self.spare_rows.extend(rows.drain(self.live_rows..));
        }
        if check_balance {
            self.check_balance();
            self.after_added = None;
        }
        // Handed to the sink, or encoded into the document's compact store; either way the
        // buffer and its rows serve the next voucher, overwritten in place.
        match &mut self.sink {
            Some(sink) => sink(&self.voucher),
            None => self.doc.vouchers.push(&self.voucher),
        }
        self.live_rows = 0;
    }

    pub(crate) fn note(&mut self, severity: Severity, code: DiagnosticCode, message: String) {
        self.note_values(severity, code, message, &[]);
    }

    /// As [`Reader::note`], with the named values the message speaks of.
    fn note_values(
        &mut self,
        severity: Severity,
        code: DiagnosticCode,
        message: String,
        values: &[(&str, String)],
    ) {
        if severity == Severity::Error {
            self.last_error_line = self.line;
        }
        let label = (!self.label.as_str().is_empty()).then_some(self.label.as_str());
        let diagnostic =
            Diagnostic::new(severity, code, self.line, label, message).with_values(values);
        self.push_diagnostic(diagnostic);
    }

    /// Reads every line of the decoded text.
    pub(crate) fn read(&mut self, text: &'t str) {
        let mut number: usize = 0;
        self.read_chunk(
            text,
            &mut Fields::default(),
            &mut number,
            true,
            Label::Borrowed,
        );
        let ends_with_line_end = text.ends_with('\n');
        self.check_cut_off(ends_with_line_end || !text.contains('\n'), number);
        self.finish();
    }

    /// Reads the bytes of a single-byte encoding (CP437, Latin-1) in chunks of whole lines: a
    /// chunk of ASCII is lexed as it is, and a chunk with other bytes is decoded, by `letter`,
    /// into a buffer that serves every chunk, so memory stays a chunk however large the file.
    /// (Decoding line by line cost a call and a check per line: 236 against 300 MB/s.)
    pub(crate) fn read_single_byte(&mut self, bytes: &'t [u8], letter: impl Fn(u8) -> char) {
        self.read_in_chunks(bytes, letter, CHUNK_BYTES);
    }

    /// As [`Reader::read_single_byte`], in chunks of `chunk_bytes` and on to a line end.
    fn read_in_chunks(&mut self, bytes: &'t [u8], letter: impl Fn(u8) -> char, chunk_bytes: usize) {
        let mut fields = Fields::default();
        let mut spare: Fields<'static> = Fields::default();
        let mut buffer = String::new();
        let mut number: usize = 0;
        let mut rest = bytes;
        loop {
            let (chunk, after) = rest
                .split_at_checked(chunk_end(rest, chunk_bytes))
                .unwrap_or((rest, &[]));
            let last = after.is_empty();
            let ascii = super::encoding::first_beyond_ascii(chunk)
                .is_none()
                .then(|| std::str::from_utf8(chunk).ok())
                .flatten();
            if let Some(text) = ascii {
                self.read_chunk(text, &mut fields, &mut number, last, Label::Borrowed);
            } else {
                super::encoding::decode_into(&mut buffer, chunk, &letter);
                let mut decoded_fields = std::mem::take(&mut spare).recycle();
                self.read_chunk(&buffer, &mut decoded_fields, &mut number, last, kept_label);
                spare = decoded_fields.recycle();
            }
            if last {
                break;
            }
            rest = after;
        }
        let ends_with_line_end = bytes.last() == Some(&b'\n');
        self.check_cut_off(ends_with_line_end || !bytes.contains(&b'\n'), number);
        self.finish();
    }

    /// Reads the lines of one chunk (or of the whole text), numbering them on from `number`.
    /// Within the file a chunk ends in a line end and has no empty last line; the `last` chunk
    /// is read as a whole text.
    fn read_chunk<'x>(
        &mut self,
        text: &'x str,
        fields: &mut Fields<'x>,
        number: &mut usize,
        last: bool,
        keep: impl Fn(&'x str) -> Label<'t>,
    ) {
        let mut lexer = Lexer::new(text);
        while let Some(line) = lexer.next_line(fields) {
            *number = number.saturating_add(1);
            self.read_line(*number, &line, fields, &keep);
            if !last && lexer.at_end() {
                break;
            }
        }
    }

    fn clear_label(&mut self) {
        self.label = Label::Borrowed("");
    }

    /// Reads one lexed line, line `number` of the file.
    #[inline]
    fn read_line<'x>(
        &mut self,
        number: usize,
        line: &super::lexer::Line<'x>,
        fields: &Fields<'x>,
        keep: impl Fn(&'x str) -> Label<'t>,
    ) {
        self.line = number;
        match &line.lexed {
            Ok(Some(label)) => {
                self.label = keep(label);
                if fields.dropped() > 0 {
                    self.note_dropped(fields.dropped());
                }
                self.record(label, fields.as_slice());
            }
            Ok(None) => self.clear_label(),
            Err(err) => {
                let word = line.raw.split_whitespace().next().unwrap_or_default();
                let end = word.char_indices().nth(16).map_or(word.len(), |(at, _)| at);
                self.label = keep(word.get(..end).unwrap_or(word));
                self.note_lex_error(*err, line.raw);
            }
        }
    }

    #[cold]
    fn note_dropped(&mut self, dropped: usize) {
        self.note(
            Severity::Warning,
            DiagnosticCode::Nonstandard,
            format!(
                "{dropped} fields or object tokens beyond the first {} fields and {} object tokens of a line; left out",
                super::lexer::MAX_FIELDS,
                super::lexer::MAX_OBJECT_TOKENS
            ),
        );
    }

    #[cold]
    fn note_lex_error(&mut self, err: LexError, raw: &str) {
        let (code, what) = match err {
            LexError::UnterminatedQuote => (
                DiagnosticCode::UnterminatedQuote,
                "a quoted field has no closing quote",
            ),
            LexError::UnterminatedObjectList => (
                DiagnosticCode::UnterminatedObjectList,
                "an object list has no closing }",
            ),
            LexError::ControlCharacter => (
                DiagnosticCode::InvalidText,
                "a control character inside the line",
            ),
        };
        self.note(
            Severity::Error,
            code,
            format!(
                "{what}; line skipped: {}",
                raw.chars().take(80).collect::<String>()
            ),
        );
    }

    /// A last line without its line end, in a file whose other lines have one, whose record
    /// was refused: what a cut leaves (a half `#VER` or `#TRANS`).
    fn check_cut_off(&mut self, ended: bool, last: usize) {
        if ended {
            return;
        }
        let refused = self.last_error_line == last;
        self.line = last;
        self.clear_label();
        if refused {
            self.note(
                Severity::Error,
                DiagnosticCode::Truncated,
                format!(
                    "line {last} has no line end and its record is incomplete: the file is cut off"
                ),
            );
        } else {
            // A complete record without its line end: a cut at a record's end, or a writer
            // that leaves the last line end out. Read, and said.
            self.note(
                Severity::Warning,
                DiagnosticCode::Truncated,
                format!("line {last} has no line end, as the others do: the file may be cut off"),
            );
        }
    }

    fn record(&mut self, label: &str, fields: &[Field<'_>]) {
        self.records = self.records.saturating_add(1);
        if self.records == 1 && label != "#FLAGGA" {
            let severity = if self.options.strict() {
                Severity::Error
            } else {
                Severity::Warning
            };
            self.note(
                severity,
                DiagnosticCode::FirstRecordNotFlag,
                format!("expected #FLAGGA as the first record, found {label}"),
            );
        }
        if let Some(crc) = &mut self.crc {
            if label != "#KSUMMA" {
                feed(crc, self.encoding, label, fields);
            }
        }
        if self.skips_refused_block(label) {
            return;
        }
        // The most frequent records first; each with the number of fields it defines.
        let (result, defined) = match label {
            "#TRANS" | "#RTRANS" | "#BTRANS" => (self.row(label, fields), Some(ROW_FIELDS)),
            "{" => (self.open_block(), None),
            "}" => (self.close_block(), None),
            "#VER" => (self.voucher(fields), Some(VOUCHER_FIELDS)),
            "#KSUMMA" => {
                self.checksum(fields);
                (Ok(()), defined_fields(label))
            }
            _ => {
                self.orphan_voucher();
                (self.header_or_chart(label, fields), defined_fields(label))
            }
        };
        match result {
            Err((code, message)) => {
                if self.capped.count_if_full(code, Severity::Error) {
                    self.last_error_line = self.line;
                    return;
                }
                if label == "#VER" {
                    self.refused = RefusedBlock::AwaitingBrace;
                    self.note(
                        Severity::Error,
                        code,
                        format!("{message}; the voucher and its rows skipped"),
                    );
                    return;
                }
                // The value refused is the message's first quoted text (`amount "1,5": ...`).
                let found = matches!(
                    code,
                    DiagnosticCode::InvalidAmount
                        | DiagnosticCode::InvalidDate
                        | DiagnosticCode::InvalidAccount
                        | DiagnosticCode::InvalidPeriod
                )
                .then(|| message.split('"').nth(1).map(str::to_owned))
                .flatten();
                let values: Vec<(&str, String)> =
                    found.map(|found| ("found", found)).into_iter().collect();
                self.note_values(
                    Severity::Error,
                    code,
                    format!("{message}; record skipped"),
                    &values,
                );
            }
            Ok(()) => {
                if let Some(extra) = defined
                    .and_then(|defined| fields.get(defined..))
                    .filter(|extra| !extra.is_empty())
                {
                    self.keep_extra_fields(label, extra);
                }
            }
        }
    }

    /// Keeps the fields after the last one the record's label defines.
    fn keep_extra_fields(&mut self, label: &str, extra: &[Field<'_>]) {
        self.note(
            Severity::Info,
            DiagnosticCode::Nonstandard,
            format!("{} field(s) beyond the record's own; kept raw", extra.len()),
        );
        keep_raw(
            &mut self.doc.extra_fields,
            &mut self.raw_dropped,
            self.line,
            label,
            extra,
        );
    }

    fn checksum(&mut self, fields: &[Field<'_>]) {
        match (text(fields.first()), self.crc.take()) {
            (None, None) if !self.checksum_closed => self.crc = Some(crc32fast::Hasher::new()),
            (Some(stored), Some(crc)) => {
                self.checksum_closed = true;
                let computed = crc.finalize();
                // Files write it unsigned; some writers write the signed 32-bit value.
                let stored = stored.parse::<u32>().ok().or_else(|| {
                    stored
                        .parse::<i32>()
                        .ok()
                        .map(|signed| u32::from_ne_bytes(signed.to_ne_bytes()))
                });
                self.doc.checksum = match stored {
                    Some(stored) if stored == computed => Checksum::Verified(computed),
                    Some(stored) => {
                        // Skipping the check accepts the file, but never hides the mismatch.
                        let (severity, outcome) = if self.options.skip_checksum {
                            (Severity::Warning, "accepted, as the check is skipped")
                        } else {
                            (Severity::Error, "the file is refused")
                        };
                        self.note_values(
                            severity,
                            DiagnosticCode::ChecksumMismatch,
                            format!(
                                "#KSUMMA says {stored}, the content gives {computed}; {outcome}"
                            ),
                            &[
                                ("declared", stored.to_string()),
                                ("computed", computed.to_string()),
                            ],
                        );
                        Checksum::Mismatch { stored, computed }
                    }
                    None => {
                        self.note(
                            Severity::Error,
                            DiagnosticCode::ChecksumMismatch,
                            "expected a number after #KSUMMA".to_owned(),
                        );
                        Checksum::Mismatch {
                            stored: 0,
                            computed,
                        }
                    }
                };
            }
            (Some(_), None) => self.note(
                Severity::Warning,
                DiagnosticCode::Nonstandard,
                "a closing #KSUMMA without an opening one; ignored".to_owned(),
            ),
            _ => self.note(
                Severity::Warning,
                DiagnosticCode::Nonstandard,
                "a second opening #KSUMMA; ignored".to_owned(),
            ),
        }
    }

    /// Whether `label` belongs to the block of a refused `#VER` (its `{`, rows and `}`), which
    /// is skipped without further diagnostics; any other record ends the skipping.
    fn skips_refused_block(&mut self, label: &str) -> bool {
        match (self.refused, label) {
            (RefusedBlock::No, _) => false,
            (RefusedBlock::AwaitingBrace, "{") => {
                self.refused = RefusedBlock::Open;
                true
            }
            (RefusedBlock::Open, "#TRANS" | "#RTRANS" | "#BTRANS") => true,
            (RefusedBlock::Open, "}") => {
                self.refused = RefusedBlock::No;
                true
            }
            _ => {
                self.refused = RefusedBlock::No;
                false
            }
        }
    }

    fn open_block(&mut self) -> Result<(), Skip> {
        if self.state != VoucherState::AwaitingBrace {
            return Err((
                DiagnosticCode::StrayBrace,
                "a { with no #VER before it".to_owned(),
            ));
        }
        self.state = VoucherState::Open;
        Ok(())
    }

    fn close_block(&mut self) -> Result<(), Skip> {
        if self.state == VoucherState::Closed {
            return Err((
                DiagnosticCode::StrayBrace,
                "a } with no open voucher block".to_owned(),
            ));
        }
        self.close_voucher(true);
        Ok(())
    }

    /// A `#VER` that never got its `{` before another kind of record: keep it, without rows.
    /// A block still open there is closed and reported.
    fn orphan_voucher(&mut self) {
        match self.state {
            VoucherState::Closed => {}
            VoucherState::AwaitingBrace => {
                let label = self.label.as_str().to_owned();
                self.missing_block_open(
                    self.voucher.line,
                    Severity::Error,
                    &label,
                    "the voucher is kept without rows",
                );
                self.close_voucher(false);
            }
            VoucherState::Open => {
                self.note(
                    Severity::Error,
                    DiagnosticCode::Truncated,
                    format!(
                        "the voucher block of line {} is not closed before {}",
                        self.voucher.line,
                        self.label.as_str()
                    ),
                );
                self.close_voucher(true);
            }
        }
    }

    /// Reports the `#VER` on `line` that is not followed by its `{`.
    fn missing_block_open(&mut self, line: usize, severity: Severity, found: &str, outcome: &str) {
        self.push_diagnostic(Diagnostic {
            severity,
            code: DiagnosticCode::MissingBlockOpen,
            line,
            label: Some("#VER".to_owned()),
            message: format!("expected {{ after the #VER on line {line}, found {found}; {outcome}"),
            values: std::collections::BTreeMap::new(),
        });
    }

    fn check_balance(&mut self) {
        let voucher = &self.voucher;
        let balance = voucher.balance();
        if balance.is_some_and(|b| b.is_zero()) {
            return;
        }
        let balance =
            balance.map_or_else(|| "past a decimal's range".to_owned(), |b| b.to_string());
        let severity = if self.options.allow_unbalanced_vouchers {
            Severity::Warning
        } else {
            Severity::Error
        };
        let id = format!(
            "{} {}",
            voucher.series.as_deref().unwrap_or(""),
            voucher.number.as_deref().unwrap_or("")
        );
        self.push_diagnostic(
            Diagnostic {
                severity,
                code: DiagnosticCode::UnbalancedVoucher,
                line: voucher.line,
                label: Some("#VER".to_owned()),
                message: format!(
                    "voucher {} does not balance: its rows sum to {balance}; kept as read",
                    id.trim()
                ),
                values: std::collections::BTreeMap::new(),
            }
            .with("voucher", &id.trim())
            .with("computed", &balance),
        );
    }

    fn voucher(&mut self, fields: &[Field<'_>]) -> Result<(), Skip> {
        if self.state == VoucherState::Open {
            self.note(
                Severity::Error,
                DiagnosticCode::NestedVoucher,
                format!(
                    "a #VER inside the voucher block of line {}; that block is closed here",
                    self.voucher.line
                ),
            );
            self.close_voucher(true);
        }
        // A #VER still waiting for its `{` is kept without rows.
        self.orphan_voucher();
        let Some(date) = self.date(fields.get(2))? else {
            return Err((
                DiagnosticCode::InvalidDate,
                "the voucher has no date".to_owned(),
            ));
        };
        let registered = self.date(fields.get(4))?;
        let voucher = &mut self.voucher;
        assign_text(&mut voucher.series, fields.first());
        assign_text(&mut voucher.number, fields.get(1));
        assign_text(&mut voucher.text, fields.get(3));
        assign_text(&mut voucher.sign, fields.get(5));
        voucher.date = date;
        voucher.registered = registered;
        voucher.line = self.line;
        self.state = VoucherState::AwaitingBrace;
        Ok(())
    }

    fn row(&mut self, label: &str, fields: &[Field<'_>]) -> Result<(), Skip> {
        match self.state {
            VoucherState::Open => {}
            VoucherState::AwaitingBrace => {
                let severity = if self.options.strict() {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                let found = format!("{label} on line {}", self.line);
                self.missing_block_open(
                    self.voucher.line,
                    severity,
                    &found,
                    "the rows are read into that voucher",
                );
                self.state = VoucherState::Open;
            }
            VoucherState::Closed => {
                return Err((
                    DiagnosticCode::RowOutsideVoucher,
                    format!("{label} outside a voucher block"),
                ));
            }
        }
        let kind = match label {
            "#RTRANS" => RowKind::Added,
            "#BTRANS" => RowKind::Removed,
            _ => RowKind::Normal,
        };
        let account = account(fields.first())?;
        // Filled in place in the first slot past the voucher's rows, and counted when it is
        // kept: pushing a new row copied it whole (6 % of reading in perf).
        let rows = &mut self.voucher.rows;
        if rows.len() <= self.live_rows {
            let spare = self.spare_rows.pop();
            rows.push(spare.unwrap_or_else(|| blank_row(kind, account, Vec::new())));
        }
        let Some(row) = rows.get_mut(self.live_rows) else {
            return Ok(());
        };
        row.kind = kind;
        row.account = account;
        let kept = fill_row(row, fields, self.line, self.options)
            .map(|()| takes_row(row, &mut self.after_added, self.options));
        if matches!(kept, Ok(true)) {
            self.live_rows = self.live_rows.saturating_add(1);
        }
        kept.map(|_| ())
    }

    fn header_or_chart(&mut self, label: &str, fields: &[Field<'_>]) -> Result<(), Skip> {
        match label {
            "#FLAGGA" | "#PROGRAM" | "#FORMAT" | "#GEN" | "#SIETYP" | "#PROSA" | "#FTYP"
            | "#FNR" | "#ORGNR" | "#BKOD" | "#ADRESS" | "#FNAMN" | "#TAXAR" | "#OMFATTN"
            | "#KPTYP" | "#VALUTA" => self.header(label, fields)?,
            "#RAR" => self.fiscal_year(fields)?,
            "#KONTO" | "#KTYP" | "#ENHET" | "#SRU" | "#DIM" | "#UNDERDIM" | "#OBJEKT" => {
                self.chart(label, fields)?;
            }
            "#IB" | "#UB" | "#RES" => self.balance(label, fields)?,
            "#OIB" | "#OUB" => self.object_balance(label, fields)?,
            "#PSALDO" | "#PBUDGET" => self.period_row(label, fields)?,
            _ => {
                if !self
                    .capped
                    .count_if_full(DiagnosticCode::UnknownLabel, Severity::Info)
                {
                    self.note(
                        Severity::Info,
                        DiagnosticCode::UnknownLabel,
                        format!("unknown label {label}; kept as a raw record"),
                    );
                }
                keep_raw(
                    &mut self.doc.unknown,
                    &mut self.raw_dropped,
                    self.line,
                    label,
                    fields,
                );
            }
        }
        Ok(())
    }

    fn header(&mut self, label: &str, fields: &[Field<'_>]) -> Result<(), Skip> {
        let h = &mut self.doc.header;
        match label {
            "#FLAGGA" => {
                let flag = text(fields.first()).and_then(|f| f.parse::<u8>().ok());
                h.flag = flag;
                if flag == Some(1) {
                    self.note(
                        Severity::Warning,
                        DiagnosticCode::AlreadyImported,
                        "#FLAGGA 1: the file says it was already imported".to_owned(),
                    );
                }
            }
            "#PROGRAM" => {
                let (name, version) = (text_or_empty(fields.first()), text_or_empty(fields.get(1)));
                if version.is_empty() {
                    self.note(
                        Severity::Warning,
                        DiagnosticCode::MissingField,
                        "expected program name and version, found no version".to_owned(),
                    );
                }
                self.doc.header.program = Some((name, version));
            }
            "#FORMAT" => h.format = text(fields.first()),
            "#GEN" => {
                let date = self.date(fields.first())?.ok_or((
                    DiagnosticCode::InvalidDate,
                    "expected a generation date".to_owned(),
                ))?;
                self.doc.header.generated = Some((date, text(fields.get(1))));
            }
            "#SIETYP" => {
                let value = text(fields.first()).unwrap_or_default();
                match value.parse::<u8>() {
                    Ok(n @ 1..=4) => h.sie_type = n,
                    _ => {
                        return Err((
                            DiagnosticCode::TypeViolation,
                            format!("#SIETYP {value:?} is not 1-4"),
                        ));
                    }
                }
            }
            "#PROSA" => h.prose.push(text_or_empty(fields.first())),
            "#FTYP" => h.company_type = text(fields.first()),
            "#FNR" => h.company_id = text(fields.first()),
            "#ORGNR" => h.org_number = text(fields.first()),
            "#BKOD" => h.industry = text(fields.first()),
            "#ADRESS" => h.address = Some([0, 1, 2, 3].map(|i| text_or_empty(fields.get(i)))),
            "#FNAMN" => h.company_name = text(fields.first()),
            "#TAXAR" => h.tax_year = text(fields.first()).and_then(|y| y.parse().ok()),
            "#OMFATTN" => {
                let date = self.date(fields.first())?;
                self.doc.header.balances_until = date;
            }
            "#KPTYP" => h.chart_type = text(fields.first()),
            "#VALUTA" => h.currency = text(fields.first()),
            _ => {}
        }
        Ok(())
    }

    fn chart(&mut self, label: &str, fields: &[Field<'_>]) -> Result<(), Skip> {
        match label {
            "#KONTO" => {
                let account = account(fields.first())?;
                self.doc.accounts.entry(account).or_default().name = text_or_empty(fields.get(1));
            }
            "#KTYP" => {
                let account = account(fields.first())?;
                let kind = match text(fields.get(1)).as_deref() {
                    Some("T") => AccountType::Asset,
                    Some("S") => AccountType::Liability,
                    Some("K") => AccountType::Cost,
                    Some("I") => AccountType::Income,
                    other => {
                        return Err((
                            DiagnosticCode::MissingField,
                            format!("expected account type T, S, K or I, found {other:?}"),
                        ));
                    }
                };
                self.doc.accounts.entry(account).or_default().kind = Some(kind);
            }
            "#ENHET" => {
                let account = account(fields.first())?;
                self.doc.accounts.entry(account).or_default().unit = text(fields.get(1));
            }
            "#SRU" => {
                let account = account(fields.first())?;
                let code = text_or_empty(fields.get(1));
                self.doc.accounts.entry(account).or_default().sru.push(code);
            }
            "#DIM" | "#UNDERDIM" => {
                let number = dimension(fields.first())?;
                let parent = if label == "#UNDERDIM" {
                    Some(dimension(fields.get(2))?)
                } else {
                    None
                };
                self.doc.dimensions.insert(
                    number,
                    Dimension {
                        name: text_or_empty(fields.get(1)),
                        parent,
                    },
                );
            }
            "#OBJEKT" => {
                let dimension = dimension(fields.first())?;
                let id = text(fields.get(1)).ok_or((
                    DiagnosticCode::MissingField,
                    "expected an object id".to_owned(),
                ))?;
                self.doc
                    .objects
                    .insert((dimension, id), text_or_empty(fields.get(2)));
            }
            _ => {}
        }
        Ok(())
    }

    fn fiscal_year(&mut self, fields: &[Field<'_>]) -> Result<(), Skip> {
        let index = year_index_raw(fields.first())?;
        let (Some(start), Some(end)) = (self.date(fields.get(1))?, self.date(fields.get(2))?)
        else {
            return Err((
                DiagnosticCode::InvalidFiscalYear,
                format!("#RAR {index} has no start and end dates"),
            ));
        };
        if start > end {
            return Err((
                DiagnosticCode::InvalidFiscalYear,
                format!("#RAR {index} starts {start}, after it ends {end}"),
            ));
        }
        if self.doc.fiscal_years.contains_key(&index) {
            return Err((
                DiagnosticCode::InvalidFiscalYear,
                format!("#RAR {index} is given twice"),
            ));
        }
        if let Some((_, (_, other))) = self
            .year_starts
            .range(..=end)
            .next_back()
            .filter(|(_, (other_end, _))| *other_end >= start)
        {
            return Err((
                DiagnosticCode::InvalidFiscalYear,
                format!("#RAR {index} overlaps year {other}"),
            ));
        }
        self.doc.fiscal_years.insert(index, (start, end));
        self.year_starts.insert(start, (end, index));
        Ok(())
    }

    fn balance(&mut self, label: &str, fields: &[Field<'_>]) -> Result<(), Skip> {
        let year = self.year_index(fields.first())?;
        let account = account(fields.get(1))?;
        let amount = amount(fields.get(2))?;
        let quantity = quantity(fields.get(3))?;
        let kind = match label {
            "#IB" => BalanceKind::Opening,
            "#UB" => BalanceKind::Closing,
            _ => BalanceKind::Result,
        };
        self.doc.balances.push(Balance {
            kind,
            year,
            account,
            object: None,
            amount,
            quantity,
        });
        Ok(())
    }

    fn object_balance(&mut self, label: &str, fields: &[Field<'_>]) -> Result<(), Skip> {
        let year = self.year_index(fields.first())?;
        let account = account(fields.get(1))?;
        let object = match fields.get(2).map(Field::get) {
            Some(FieldRef::Objects(list)) => {
                let mut objects = objects(list)?;
                if objects.len() != 1 {
                    return Err((
                        DiagnosticCode::InvalidObjectList,
                        format!("expected exactly one object, found {}", objects.len()),
                    ));
                }
                objects.pop()
            }
            _ => {
                return Err((
                    DiagnosticCode::InvalidObjectList,
                    "expected {dimension object}".to_owned(),
                ));
            }
        };
        let amount = amount(fields.get(3))?;
        let quantity = quantity(fields.get(4))?;
        let kind = if label == "#OIB" {
            BalanceKind::ObjectOpening
        } else {
            BalanceKind::ObjectClosing
        };
        self.doc.balances.push(Balance {
            kind,
            year,
            account,
            object,
            amount,
            quantity,
        });
        Ok(())
    }

    fn period_row(&mut self, label: &str, fields: &[Field<'_>]) -> Result<(), Skip> {
        let year = self.year_index(fields.first())?;
        let period = self.period(fields.get(1), year)?;
        let account = account(fields.get(2))?;
        // The braces are mandatory, but a row without them whose fourth field is the amount
        // is unambiguous (17 real fixtures write it so).
        let (objects, rest) = match fields.get(3).map(Field::get) {
            Some(FieldRef::Objects(list)) => (objects(list)?, 4),
            Some(FieldRef::Text(_)) => {
                self.note(
                    Severity::Warning,
                    DiagnosticCode::Nonstandard,
                    format!("{label} without its {{}}; read as an account-level row"),
                );
                (Vec::new(), 3)
            }
            None => {
                return Err((
                    DiagnosticCode::MissingField,
                    "expected objects and an amount".to_owned(),
                ));
            }
        };
        let amount = amount(fields.get(rest))?;
        let quantity = quantity(fields.get(rest.saturating_add(1)))?;
        let kind = if label == "#PSALDO" {
            PeriodKind::Outcome
        } else {
            PeriodKind::Budget
        };
        self.doc.period_rows.push(PeriodRow {
            kind,
            year,
            period,
            account,
            objects,
            amount,
            quantity,
            line: self.line,
        });
        Ok(())
    }

    fn year_index(&self, field: Option<&Field<'_>>) -> Result<i32, Skip> {
        let index = year_index_raw(field)?;
        if !self.doc.fiscal_years.contains_key(&index) {
            return Err((
                DiagnosticCode::InvalidFiscalYear,
                format!("year index {index} has no #RAR"),
            ));
        }
        Ok(index)
    }

    /// The period's month; one outside its fiscal year is kept with a warning (an error in
    /// the strict profile), since real exports write last year's budget on this year's months.
    fn period(&mut self, field: Option<&Field<'_>>, year: i32) -> Result<Month, Skip> {
        let value = text_ref(field).unwrap_or_default();
        let month = Month::from_compact(value).ok_or_else(|| {
            (
                DiagnosticCode::InvalidPeriod,
                format!("period {value} is not YYYYMM"),
            )
        })?;
        if let Some(&(start, end)) = self.doc.fiscal_years.get(&year) {
            if month.last_day() < start || month.first_day() > end {
                let severity = if self.options.strict() {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                self.note(severity, DiagnosticCode::InvalidPeriod, format!("period {value} lies outside fiscal year {year} ({start} to {end}); kept as written"));
            }
        }
        Ok(month)
    }

    fn date(&self, field: Option<&Field<'_>>) -> Result<Option<NaiveDate>, Skip> {
        date(field, self.options)
    }

    fn finish(&mut self) {
        self.line = self.line.max(1);
        self.clear_label();
        if self.state != VoucherState::Closed {
            self.note(
                Severity::Error,
                DiagnosticCode::Truncated,
                format!(
                    "the file ends inside the voucher of line {}",
                    self.voucher.line
                ),
            );
            self.close_voucher(false);
        }
        if self.crc.is_some() && !self.checksum_closed {
            self.note(
                Severity::Error,
                DiagnosticCode::Truncated,
                "an opening #KSUMMA has no closing #KSUMMA: the file is truncated".to_owned(),
            );
        }
        if self.doc.header.sie_type == 0 {
            self.doc.header.sie_type = 1;
        }
    }
}

/// Fills `row` from the fields after its account, reusing its buffers.
#[inline]
fn fill_row(
    row: &mut VoucherRow,
    fields: &[Field<'_>],
    line: usize,
    options: &ReadOptions,
) -> Result<(), Skip> {
    match fields.get(1).map(Field::get) {
        Some(FieldRef::Objects(list)) => objects_into(list, &mut row.objects)?,
        _ => {
            return Err((
                DiagnosticCode::InvalidObjectList,
                "expected an object list {…} after the account".to_owned(),
            ));
        }
    }
    row.amount = amount(fields.get(2))?;
    row.date = date(fields.get(3), options)?;
    row.quantity = quantity(fields.get(5))?;
    assign_text(&mut row.text, fields.get(4));
    assign_text(&mut row.sign, fields.get(6));
    row.line = line;
    Ok(())
}

/// Whether the voucher keeps `row`: not the `#TRANS` that repeats an `#RTRANS` for old
/// readers, and no correction row when corrections are ignored.
fn takes_row(
    row: &VoucherRow,
    after_added: &mut Option<(AccountCode, Vec<ObjectRef>, Decimal)>,
    options: &ReadOptions,
) -> bool {
    let use_corrections = options.corrections == super::Corrections::Use;
    match row.kind {
        RowKind::Added => {
            *after_added = Some((row.account, row.objects.clone(), row.amount));
        }
        RowKind::Normal => {
            // Matched on account, objects and amount (real files differ in date and sign).
            let pair = after_added.take();
            if use_corrections
                && pair.as_ref().is_some_and(|(a, o, m)| {
                    *a == row.account && *o == row.objects && *m == row.amount
                })
            {
                return false;
            }
        }
        RowKind::Removed => *after_added = None,
    }
    use_corrections || row.kind == RowKind::Normal
}

/// A `YYYYMMDD` date field (with dashes when the options allow them); `None` when empty.
#[inline]
fn date(field: Option<&Field<'_>>, options: &ReadOptions) -> Result<Option<NaiveDate>, Skip> {
    let Some(value) = text_ref(field) else {
        return Ok(None);
    };
    match compact_date(value) {
        Some(date) => Ok(Some(date)),
        None => dashed_date(value, options),
    }
}

/// A real date of eight digits, `YYYYMMDD`.
#[inline]
fn compact_date(value: &str) -> Option<NaiveDate> {
    if value.len() != 8 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| value.get(range)?.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(
        i32::try_from(number(0..4)?).ok()?,
        number(4..6)?,
        number(6..8)?,
    )
}

/// A date that is not eight digits: `YYYY-MM-DD` when the options allow dashes, else refused.
#[cold]
fn dashed_date(value: &str, options: &ReadOptions) -> Result<Option<NaiveDate>, Skip> {
    let date = (options.allow_dashed_dates && value.len() == 10)
        .then(|| compact_date(&value.replace('-', "")))
        .flatten();
    date.map(Some).ok_or_else(|| {
        (
            DiagnosticCode::InvalidDate,
            format!("date {value:?} is not a real YYYYMMDD date"),
        )
    })
}

fn year_index_raw(field: Option<&Field<'_>>) -> Result<i32, Skip> {
    let value = text_ref(field).unwrap_or_default();
    value.parse().map_err(|_| {
        (
            DiagnosticCode::InvalidFiscalYear,
            format!("expected a year index, found {value:?}"),
        )
    })
}

// The per-row helpers are inlined and build their errors out of line: a `Result` carrying a
// `Skip` is returned through memory, and reading it back right after the callee wrote it
// stalled the row loop (measured in `Reader::record`).
#[inline]
fn account(field: Option<&Field<'_>>) -> Result<AccountCode, Skip> {
    let value = text_ref(field).unwrap_or_default();
    AccountCode::from_digits(value).ok_or_else(|| invalid_account(value))
}

#[cold]
fn invalid_account(value: &str) -> Skip {
    (
        DiagnosticCode::InvalidAccount,
        format!("expected an account of 3-8 digits, found {value:?}"),
    )
}

fn dimension(field: Option<&Field<'_>>) -> Result<u32, Skip> {
    let value = text_ref(field).unwrap_or_default();
    value.parse().map_err(|_| {
        (
            DiagnosticCode::InvalidObjectList,
            format!("expected a dimension number, found {value:?}"),
        )
    })
}

fn objects(list: &[std::borrow::Cow<'_, str>]) -> Result<Vec<ObjectRef>, Skip> {
    let mut objects = Vec::with_capacity(list.len() / 2);
    objects_into(list, &mut objects)?;
    Ok(objects)
}

/// Reads an object list's dimension and object pairs into `objects`, reusing its strings.
fn objects_into(
    list: &[std::borrow::Cow<'_, str>],
    objects: &mut Vec<ObjectRef>,
) -> Result<(), Skip> {
    if list.len() % 2 != 0 {
        return Err((
            DiagnosticCode::InvalidObjectList,
            format!(
                "an object list needs pairs of dimension and object, found {} tokens: {{{}}}",
                list.len(),
                list.join(" ")
            ),
        ));
    }
    if objects.capacity() == 0 {
        objects.reserve_exact(list.len() / 2);
    }
    let mut count = 0;
    for pair in list.chunks_exact(2) {
        let (Some(dimension), Some(object)) = (pair.first(), pair.get(1)) else {
            continue;
        };
        let dimension: u32 = dimension.parse().map_err(|_| {
            (
                DiagnosticCode::InvalidObjectList,
                format!("dimension {dimension:?} is not a number"),
            )
        })?;
        let earlier = objects.get(..count).unwrap_or_default();
        if earlier.iter().any(|(d, _)| *d == dimension) {
            return Err((
                DiagnosticCode::InvalidObjectList,
                format!("dimension {dimension} appears twice in one object list"),
            ));
        }
        match objects.get_mut(count) {
            Some((slot_dimension, slot_object)) => {
                *slot_dimension = dimension;
                slot_object.clear();
                slot_object.push_str(object);
            }
            None => objects.push((dimension, object.to_string())),
        }
        count = count.saturating_add(1);
    }
    objects.truncate(count);
    Ok(())
}

#[inline]
fn amount(field: Option<&Field<'_>>) -> Result<Decimal, Skip> {
    let value = text_ref(field).unwrap_or_default();
    parse_amount(value).map_err(|reason| invalid_amount(value, reason))
}

#[cold]
fn invalid_amount(value: &str, reason: &str) -> Skip {
    (
        DiagnosticCode::InvalidAmount,
        format!("amount {value:?}: {reason}"),
    )
}

#[inline]
fn quantity(field: Option<&Field<'_>>) -> Result<Option<Decimal>, Skip> {
    match text_ref(field) {
        None => Ok(None),
        Some(value) => Decimal::from_str_exact(value)
            .map(Some)
            .map_err(|_| invalid_quantity(value)),
    }
}

#[cold]
fn invalid_quantity(value: &str) -> Skip {
    (
        DiagnosticCode::InvalidAmount,
        format!("quantity {value:?} is not a number"),
    )
}

/// A field as text; an object list as its tokens in braces.
fn field_text(field: &Field<'_>) -> String {
    match field.get() {
        FieldRef::Text(t) => t.to_string(),
        FieldRef::Objects(list) => format!("{{{}}}", list.join(" ")),
    }
}

/// The fields of `#VER`: series, number, date, text, registration date, signature.
const VOUCHER_FIELDS: usize = 6;
/// The fields of `#TRANS`: account, objects, amount, date, text, quantity, signature.
const ROW_FIELDS: usize = 7;

/// The labels this reader reads, the most frequent first, with how many fields each defines.
const LABELS: [(&str, usize); 36] = [
    ("#TRANS", ROW_FIELDS),
    ("#VER", VOUCHER_FIELDS),
    ("#RTRANS", ROW_FIELDS),
    ("#BTRANS", ROW_FIELDS),
    ("#KONTO", 2),
    ("#OBJEKT", 3),
    ("#FLAGGA", 1),
    ("#FORMAT", 1),
    ("#SIETYP", 1),
    ("#PROSA", 1),
    ("#FTYP", 1),
    ("#FNR", 1),
    ("#ORGNR", 1),
    ("#BKOD", 1),
    ("#FNAMN", 1),
    ("#TAXAR", 1),
    ("#OMFATTN", 1),
    ("#KPTYP", 1),
    ("#VALUTA", 1),
    ("#KSUMMA", 1),
    ("#PROGRAM", 2),
    ("#GEN", 2),
    ("#KTYP", 2),
    ("#ENHET", 2),
    ("#SRU", 2),
    ("#DIM", 2),
    ("#RAR", 3),
    ("#UNDERDIM", 3),
    ("#ADRESS", 4),
    ("#IB", 4),
    ("#UB", 4),
    ("#RES", 4),
    ("#OIB", 5),
    ("#OUB", 5),
    ("#PSALDO", 6),
    ("#PBUDGET", 6),
];

/// How many fields a known label defines (those this reader reads).
fn defined_fields(label: &str) -> Option<usize> {
    LABELS
        .iter()
        .find(|(known, _)| *known == label)
        .map(|(_, fields)| *fields)
}

/// The most digits before the point of an amount: |amount| < 10^16 kr, so the sum of the
/// amounts of any file below 7·10^12 rows fits a `Decimal`, and every amount fits an
/// [`crate::Amount`].
const MAX_INTEGER_DIGITS: usize = 16;

/// Parses a SIE amount: optional minus, digits, optionally a point and one or two decimals,
/// at most 16 digits before the point.
pub(crate) fn parse_amount(value: &str) -> Result<Decimal, &'static str> {
    let (negative, body) = match value.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, value),
    };
    // One pass: up to 18 digits fit an i64 mantissa, the common case.
    let mut mantissa: i64 = 0;
    let mut digits: usize = 0;
    let mut point = None;
    for (at, b) in body.bytes().enumerate() {
        match b {
            b'0'..=b'9' => {
                // Below 18 digits the mantissa stays under 10^18 < i64::MAX: no wrap.
                if digits < 18 {
                    mantissa = mantissa
                        .wrapping_mul(10)
                        .wrapping_add(i64::from(b.wrapping_sub(b'0')));
                }
                digits = digits.saturating_add(1);
            }
            b'.' if point.is_none() => point = Some(at),
            _ => return Err(amount_fault(value)),
        }
    }
    let decimals = point.map_or(0, |at| body.len().saturating_sub(at).saturating_sub(1));
    if point == Some(0) || body.is_empty() || (point.is_some() && decimals == 0) {
        return Err(amount_fault(value));
    }
    if decimals > 2 {
        return Err("more than two decimals");
    }
    if digits.saturating_sub(decimals) > MAX_INTEGER_DIGITS {
        return Err("beyond ±9999999999999999.99, the largest amount this reader takes");
    }
    let mantissa = if negative {
        mantissa.wrapping_neg()
    } else {
        mantissa
    };
    Ok(Decimal::new(mantissa, u32::try_from(decimals).unwrap_or(0)))
}

/// Why a text that is no SIE amount is not one.
fn amount_fault(value: &str) -> &'static str {
    if value.is_empty() {
        "empty"
    } else if value.starts_with('+') {
        "a plus sign is not allowed"
    } else if value.contains(',') {
        "a comma is not a decimal separator in SIE"
    } else {
        "not a number"
    }
}

/// Feeds a record to the checksum: the label and field contents, nothing between them, in the
/// file's encoding (§10.14).
fn feed(crc: &mut crc32fast::Hasher, encoding: TextEncoding, label: &str, fields: &[Field<'_>]) {
    if label == "{" || label == "}" {
        return;
    }
    encoding.feed(crc, label);
    for field in fields {
        match field.get() {
            FieldRef::Text(t) => encoding.feed(crc, t),
            FieldRef::Objects(list) => {
                for token in list {
                    encoding.feed(crc, token);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    /// `bytes` read as CP437 both ways: decoded whole and read as text, and read in chunks of
    /// `chunk_bytes` (and on to a line end), with only the chunks beyond ASCII decoded.
    fn both_ways(
        bytes: &[u8],
        chunk_bytes: usize,
    ) -> (
        (SieDocument, Vec<Diagnostic>),
        (SieDocument, Vec<Diagnostic>),
    ) {
        let options = ReadOptions::default();
        let letter = |b| TextEncoding::Cp437.letter(b);
        let whole: String = bytes.iter().map(|&b| letter(b)).collect();
        let mut reader = Reader::new(&options, TextEncoding::Cp437);
        reader.read(&whole);
        let by_text = reader.into_parts();
        let mut reader = Reader::new(&options, TextEncoding::Cp437);
        reader.read_in_chunks(bytes, letter, chunk_bytes);
        (by_text, reader.into_parts())
    }

    #[test]
    fn a_cp437_file_reads_the_same_in_chunks_of_any_size() {
        // "Hyra Åsa" and "Försäljning" in CP437 (Å = 0x8F, ö = 0x94, ä = 0x84), lines ended by
        // \r\n and \n.
        let mut file = b"#FLAGGA 0\r\n#SIETYP 4\r\n#RAR 0 20220101 20221231\n#KONTO 3010 \"F\x94rs\x84ljning\"\n".to_vec();
        file.extend_from_slice(b"#VER A 1 20220105 \"Hyra \x8Fsa\"\n{\n#TRANS 3010 {} -100.00\n#TRANS 1930 {} 100.00\n}\n");
        // A line a chunk, chunks across lines, ASCII chunks beside decoded ones, one chunk.
        for chunk_bytes in [0, 1, 10, 30, 64, CHUNK_BYTES] {
            let (by_text, in_chunks) = both_ways(&file, chunk_bytes);
            assert_eq!(by_text, in_chunks, "chunks of {chunk_bytes} bytes");
        }
        let (_, (document, _)) = both_ways(&file, 10);
        assert_eq!(
            document
                .accounts
                .get(&"3010".parse().unwrap())
                .map(|a| a.name.as_str()),
            Some("Försäljning")
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any bytes, records among them: the same document and diagnostics either way.
        #[test]
        fn reading_in_chunks_reads_any_bytes_as_whole_decoding_does(
            lines in proptest::collection::vec(
                prop_oneof![
                    Just(b"#FLAGGA 0".to_vec()),
                    Just(b"#VER A 1 20220105 \"\x8Fsa\"".to_vec()),
                    Just(b"{".to_vec()),
                    Just(b"}".to_vec()),
                    Just(b"#TRANS 3010 {1 \"\x94st\"} -1.50".to_vec()),
                    Just(b"#KONTO 3010 \"F\x84r\r\"".to_vec()),
                    proptest::collection::vec(any::<u8>(), 0..20),
                ],
                0..12,
            ),
            ends in proptest::collection::vec(prop_oneof![Just(&b"\n"[..]), Just(&b"\r\n"[..]), Just(&b""[..])], 12),
            chunk_bytes in 0_usize..80,
        ) {
            let mut file = Vec::new();
            for (line, end) in lines.iter().zip(&ends) {
                file.extend_from_slice(line);
                file.extend_from_slice(end);
            }
            let (by_text, in_chunks) = both_ways(&file, chunk_bytes);
            prop_assert_eq!(by_text, in_chunks);
        }
    }

    /// The standard's rule, spelt out: optional minus, digits, optionally a point and one or
    /// two decimals; the value as `Decimal` parses it.
    fn reference(value: &str) -> Option<Decimal> {
        let body = value.strip_prefix('-').unwrap_or(value);
        let (integer, fraction) = body.split_once('.').unwrap_or((body, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let valid = !integer.is_empty()
            && digits(integer)
            && digits(fraction)
            && fraction.len() <= 2
            && (fraction.is_empty() != body.contains('.'))
            && integer.len() <= 16;
        valid.then(|| Decimal::from_str(value).ok()).flatten()
    }

    #[test]
    fn parses_amounts_by_the_standard() {
        assert_eq!(parse_amount("-1234.5"), Ok(Decimal::new(-12345, 1)));
        assert_eq!(parse_amount("0.05"), Ok(Decimal::new(5, 2)));
        assert_eq!(
            parse_amount("9999999999999999.99"),
            Ok(Decimal::new(999_999_999_999_999_999, 2))
        );
        assert!(parse_amount("12345678901234567.25").is_err(), "17 digits");
        for (bad, reason) in [
            ("", "empty"),
            ("+5", "a plus sign is not allowed"),
            ("12,50", "a comma is not a decimal separator in SIE"),
            (".5", "not a number"),
            ("5.", "not a number"),
            ("1.2.3", "not a number"),
            ("-", "not a number"),
            ("1.234", "more than two decimals"),
        ] {
            assert_eq!(parse_amount(bad), Err(reason), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn amounts_parse_as_the_rule_says(value in "-?[0-9]{0,22}(\\.[0-9]{0,3})?|[-+.,0-9a]{0,8}") {
            prop_assert_eq!(parse_amount(&value).ok(), reference(&value));
        }
    }
}
