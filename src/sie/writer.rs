//! Writes a document as SIE in CP437 with its `#FLAGGA` (0 unless it says otherwise) first and a correct `#KSUMMA`, and
//! turns budget facts into a type 3 file an ERP can import.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::document::{
    AccountType, Balance, BalanceKind, Dimension, Header, ObjectRef, PeriodKind, PeriodRow,
    RowKind, SieDocument, Voucher,
};
use super::encoding::TextEncoding;
use crate::chart::{AccountCode, Chart};
use crate::ledger::{Fact, Layer};

/// One record: label and fields, each field quoted text, a bare token or an object list.
struct Record {
    label: &'static str,
    fields: Vec<Out>,
}

enum Out {
    Quoted(String),
    Bare(String),
    Objects(Vec<ObjectRef>),
}

fn q(text: &str) -> Out {
    Out::Quoted(text.to_owned())
}

fn bare(text: &impl ToString) -> Out {
    Out::Bare(text.to_string())
}

fn date(date: NaiveDate) -> Out {
    Out::Bare(date.format("%Y%m%d").to_string())
}

fn optional_date(value: Option<NaiveDate>) -> Out {
    value.map_or_else(|| q(""), date)
}

fn optional(value: Option<&str>) -> Out {
    q(value.unwrap_or(""))
}

fn decimal(value: Decimal) -> Out {
    Out::Bare(value.to_string())
}

/// Drops trailing empty optional fields so records end where their data does.
fn trim(mut fields: Vec<Out>, keep: usize) -> Vec<Out> {
    while fields.len() > keep && matches!(fields.last(), Some(Out::Quoted(t)) if t.is_empty()) {
        fields.pop();
    }
    fields
}

/// Writes `text` in quotes so the reader gives it back: a quote as `\"`, and a run of
/// backslashes before a quote (the text's own or the closing one) doubled; other backslashes
/// as they are (`C:\dir\` is written `"C:\dir\\"`).
fn push_quoted(line: &mut String, text: &str) {
    line.push('"');
    let mut run = 0usize;
    for c in text.chars() {
        match c {
            '\\' => {
                run = run.saturating_add(1);
                continue;
            }
            '"' => {
                line.extend(std::iter::repeat_n('\\', run.saturating_mul(2)));
                line.push_str("\\\"");
            }
            other => {
                line.extend(std::iter::repeat_n('\\', run));
                line.push(other);
            }
        }
        run = 0;
    }
    line.extend(std::iter::repeat_n('\\', run.saturating_mul(2)));
    line.push('"');
}

impl Record {
    fn new(label: &'static str, fields: Vec<Out>) -> Record {
        Record { label, fields }
    }

    /// The line as written, and its checksum input: label and field contents, nothing between.
    fn render(&self, line: &mut String, checksum: &mut String) {
        line.push_str(self.label);
        checksum.push_str(self.label);
        for field in &self.fields {
            line.push(' ');
            match field {
                Out::Quoted(text) => {
                    push_quoted(line, text);
                    checksum.push_str(text);
                }
                Out::Bare(text) => {
                    line.push_str(text);
                    checksum.push_str(text);
                }
                Out::Objects(objects) => {
                    line.push('{');
                    let mut first = true;
                    for (dimension, object) in objects {
                        if !first {
                            line.push(' ');
                        }
                        first = false;
                        let _ = write!(line, "{dimension} ");
                        push_quoted(line, object);
                        let _ = write!(checksum, "{dimension}{object}");
                    }
                    line.push('}');
                }
            }
        }
        line.push('\n');
    }
}

fn header_records(h: &Header, doc: &SieDocument) -> Vec<Record> {
    let mut records = Vec::new();
    if let Some((name, version)) = &h.program {
        records.push(Record::new("#PROGRAM", vec![q(name), q(version)]));
    }
    records.push(Record::new("#FORMAT", vec![bare(&"PC8")]));
    if let Some((generated, sign)) = &h.generated {
        records.push(Record::new(
            "#GEN",
            trim(vec![date(*generated), optional(sign.as_deref())], 1),
        ));
    }
    records.push(Record::new("#SIETYP", vec![bare(&h.sie_type)]));
    records.extend(h.prose.iter().map(|p| Record::new("#PROSA", vec![q(p)])));
    let optional_text: [(&'static str, &Option<String>); 5] = [
        ("#FTYP", &h.company_type),
        ("#FNR", &h.company_id),
        ("#ORGNR", &h.org_number),
        ("#BKOD", &h.industry),
        ("#FNAMN", &h.company_name),
    ];
    for (label, value) in optional_text {
        if let Some(value) = value {
            records.push(Record::new(label, vec![q(value)]));
        }
    }
    if let Some(address) = &h.address {
        records.push(Record::new(
            "#ADRESS",
            address.iter().map(|a| q(a)).collect(),
        ));
    }
    for (index, (start, end)) in &doc.fiscal_years {
        records.push(Record::new(
            "#RAR",
            vec![bare(&index), date(*start), date(*end)],
        ));
    }
    if let Some(year) = h.tax_year {
        records.push(Record::new("#TAXAR", vec![bare(&year)]));
    }
    if let Some(until) = h.balances_until {
        records.push(Record::new("#OMFATTN", vec![date(until)]));
    }
    if let Some(chart) = &h.chart_type {
        records.push(Record::new("#KPTYP", vec![q(chart)]));
    }
    if let Some(currency) = &h.currency {
        records.push(Record::new("#VALUTA", vec![q(currency)]));
    }
    records
}

fn chart_records(doc: &SieDocument) -> Vec<Record> {
    let mut records = Vec::new();
    for (code, account) in &doc.accounts {
        records.push(Record::new("#KONTO", vec![bare(&code), q(&account.name)]));
        if let Some(kind) = account.kind {
            let letter = match kind {
                AccountType::Asset => "T",
                AccountType::Liability => "S",
                AccountType::Cost => "K",
                AccountType::Income => "I",
            };
            records.push(Record::new("#KTYP", vec![bare(&code), bare(&letter)]));
        }
        if let Some(unit) = &account.unit {
            records.push(Record::new("#ENHET", vec![bare(&code), q(unit)]));
        }
        records.extend(
            account
                .sru
                .iter()
                .map(|sru| Record::new("#SRU", vec![bare(&code), q(sru)])),
        );
    }
    for (number, Dimension { name, parent }) in &doc.dimensions {
        records.push(match parent {
            Some(parent) => Record::new("#UNDERDIM", vec![bare(&number), q(name), bare(&parent)]),
            None => Record::new("#DIM", vec![bare(&number), q(name)]),
        });
    }
    for ((dimension, object), name) in &doc.objects {
        records.push(Record::new(
            "#OBJEKT",
            vec![bare(&dimension), q(object), q(name)],
        ));
    }
    records
}

fn balance_record(b: &Balance) -> Record {
    let label = match b.kind {
        BalanceKind::Opening => "#IB",
        BalanceKind::Closing => "#UB",
        BalanceKind::Result => "#RES",
        BalanceKind::ObjectOpening => "#OIB",
        BalanceKind::ObjectClosing => "#OUB",
    };
    let mut fields = vec![bare(&b.year), bare(&b.account)];
    if let Some(object) = &b.object {
        fields.push(Out::Objects(vec![object.clone()]));
    }
    fields.push(decimal(b.amount));
    fields.extend(b.quantity.map(decimal));
    Record::new(label, fields)
}

fn period_record(p: &PeriodRow) -> Record {
    let label = if p.kind == PeriodKind::Outcome {
        "#PSALDO"
    } else {
        "#PBUDGET"
    };
    let period = format!("{:04}{:02}", p.period.year().number(), p.period.number());
    let mut fields = vec![
        bare(&p.year),
        bare(&period),
        bare(&p.account),
        Out::Objects(p.objects.clone()),
        decimal(p.amount),
    ];
    fields.extend(p.quantity.map(decimal));
    Record::new(label, fields)
}

fn voucher_records(v: &Voucher, out: &mut Vec<Option<Record>>) {
    let head = vec![
        optional(v.series.as_deref()),
        optional(v.number.as_deref()),
        date(v.date),
        optional(v.text.as_deref()),
        optional_date(v.registered),
        optional(v.sign.as_deref()),
    ];
    out.push(Some(Record::new("#VER", trim(head, 3))));
    out.push(None); // {
    for row in &v.rows {
        let fields = vec![
            bare(&row.account),
            Out::Objects(row.objects.clone()),
            decimal(row.amount),
            optional_date(row.date),
            optional(row.text.as_deref()),
            row.quantity.map_or_else(|| q(""), decimal),
            optional(row.sign.as_deref()),
        ];
        let label = match row.kind {
            RowKind::Normal => "#TRANS",
            RowKind::Added => "#RTRANS",
            RowKind::Removed => "#BTRANS",
        };
        let fields = trim(fields, 3);
        if row.kind == RowKind::Added {
            // An #RTRANS is followed by the same row as #TRANS, for readers without corrections.
            let repeat = Record::new("#TRANS", fields.iter().map(copy).collect());
            out.push(Some(Record::new(label, fields)));
            out.push(Some(repeat));
        } else {
            out.push(Some(Record::new(label, fields)));
        }
    }
    out.push(None); // }
}

fn copy(field: &Out) -> Out {
    match field {
        Out::Quoted(t) => Out::Quoted(t.clone()),
        Out::Bare(t) => Out::Bare(t.clone()),
        Out::Objects(o) => Out::Objects(o.clone()),
    }
}

/// Writes `document` as SIE in CP437: its `#FLAGGA` (0 unless set), an opening `#KSUMMA`, the records in the
/// standard's order and a closing `#KSUMMA` with the checksum of everything between. Unknown
/// records are not written (the standard lets writers use defined labels only).
///
/// ```
/// use styrmodell::sie::{read, write, Checksum, ReadOptions, SieDocument};
/// let mut document = SieDocument::default();
/// document.header.sie_type = 1;
/// document.header.company_name = Some("Demokommun".into());
/// let bytes = write(&document);
/// let back = read(&bytes, &ReadOptions::default()).unwrap();
/// assert!(matches!(back.document.checksum, Checksum::Verified(_)));
/// ```
pub fn write(document: &SieDocument) -> Vec<u8> {
    let mut records: Vec<Option<Record>> = Vec::new();
    records.extend(
        header_records(&document.header, document)
            .into_iter()
            .map(Some),
    );
    records.extend(chart_records(document).into_iter().map(Some));
    records.extend(document.balances.iter().map(|b| Some(balance_record(b))));
    records.extend(document.period_rows.iter().map(|p| Some(period_record(p))));
    let mut braces = 0usize;
    for voucher in &document.vouchers {
        voucher_records(&voucher, &mut records);
    }
    // The document's own import flag (1: already imported), 0 when it has none.
    let mut text = format!("#FLAGGA {}\n#KSUMMA\n", document.header.flag.unwrap_or(0));
    let mut checksum = String::new();
    let mut line = String::new();
    for record in &records {
        let Some(record) = record else {
            text.push_str(if braces % 2 == 0 { "{\n" } else { "}\n" });
            braces = braces.wrapping_add(1);
            continue;
        };
        line.clear();
        record.render(&mut line, &mut checksum);
        text.push_str(&line);
    }
    let mut crc = crc32fast::Hasher::new();
    crc.update(&TextEncoding::Cp437.encode(&checksum));
    let _ = writeln!(text, "#KSUMMA {}", crc.finalize());
    TextEncoding::Cp437.encode(&text)
}

/// A type 3 SIE file with the budget facts as `#PBUDGET` rows, per unit as an object of
/// dimension 1 and per account as a whole, so an ERP can import the budget the library made.
/// Only budget facts are written; their months must lie in the fiscal year `first..=last`.
pub fn budget_file<'a, I: IntoIterator<Item = &'a Fact>>(
    company: &str,
    fiscal_year: (NaiveDate, NaiveDate),
    chart: &Chart,
    facts: I,
) -> Vec<u8> {
    let mut doc = SieDocument::default();
    doc.header.program = Some((
        "styrmodell".to_owned(),
        env!("CARGO_PKG_VERSION").to_owned(),
    ));
    doc.header.generated = Some((fiscal_year.0, None));
    doc.header.sie_type = 3;
    doc.header.company_name = Some(company.to_owned());
    doc.fiscal_years.insert(0, fiscal_year);
    doc.dimensions.insert(
        1,
        Dimension {
            name: "Ansvar".to_owned(),
            parent: None,
        },
    );
    let mut by_object: BTreeMap<(crate::period::Month, AccountCode, String), Decimal> =
        BTreeMap::new();
    let mut by_account: BTreeMap<(crate::period::Month, AccountCode), Decimal> = BTreeMap::new();
    for fact in facts
        .into_iter()
        .filter(|f| matches!(f.layer, Layer::Budget { .. }))
    {
        // Amounts are below 10^18 kr: fewer than 7·10^10 facts cannot sum past the range, and
        // past it the sum saturates rather than panics.
        let amount = fact.amount.to_decimal();
        let by_unit = by_object
            .entry((fact.month, fact.account, fact.unit.to_string()))
            .or_default();
        *by_unit = by_unit.saturating_add(amount);
        let total = by_account.entry((fact.month, fact.account)).or_default();
        *total = total.saturating_add(amount);
        doc.objects
            .entry((1, fact.unit.to_string()))
            .or_insert_with(|| fact.unit.to_string());
        chart
            .name(fact.account)
            .unwrap_or_default()
            .clone_into(&mut doc.accounts.entry(fact.account).or_default().name);
    }
    let row = |period, account, objects, amount| PeriodRow {
        kind: PeriodKind::Budget,
        year: 0,
        period,
        account,
        objects,
        amount,
        quantity: None,
        line: 0,
    };
    for ((period, account), amount) in by_account {
        doc.period_rows
            .push(row(period, account, Vec::new(), amount));
    }
    for ((period, account, unit), amount) in by_object {
        doc.period_rows
            .push(row(period, account, vec![(1, unit)], amount));
    }
    write(&doc)
}
