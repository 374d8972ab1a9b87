//! Laws of the SIE reader and writer: what is written reads back the same with a verified
//! checksum, and no edit of a real file makes the reader panic.

use super::sie::{FILES, file};
use proptest::prelude::*;
use styrmodell::sie::*;
use styrmodell::{AccountCode, Decimal, Month, NaiveDate};

/// Text the CP437 writer can carry: letters, å ä ö, spaces, quotes and backslashes (also
/// last, before the closing quote).
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9åäöÅÄÖ \"\\\\-]{1,12}"
        .prop_filter("no outer spaces", |s| s.trim() == s && !s.is_empty())
}

fn amount() -> impl Strategy<Value = Decimal> {
    (-10_000_000i64..10_000_000).prop_map(|ore| Decimal::new(ore, 2))
}

fn date_2022() -> impl Strategy<Value = NaiveDate> {
    (0u64..365)
        .prop_map(|day| NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Days::new(day))
}

const ACCOUNTS: [&str; 6] = ["1510", "1930", "2440", "3010", "5011", "30144"];

fn account() -> impl Strategy<Value = AccountCode> {
    prop::sample::select(ACCOUNTS.to_vec()).prop_map(|a| a.parse().unwrap())
}

fn objects() -> impl Strategy<Value = Vec<ObjectRef>> {
    prop_oneof![
        Just(vec![]),
        prop::sample::select(vec!["Nord", "Syd", "0001"]).prop_map(|o| vec![(1, o.to_owned())]),
        Just(vec![(1, "Nord".to_owned()), (6, "P42".to_owned())]),
    ]
}

fn row(kind: RowKind) -> impl Strategy<Value = VoucherRow> {
    (
        account(),
        objects(),
        amount(),
        prop::option::of(date_2022()),
        prop::option::of(text()),
        prop::option::of(amount()),
        prop::option::of(text()),
    )
        .prop_map(
            move |(account, objects, amount, date, text, quantity, sign)| VoucherRow {
                kind,
                account,
                objects,
                amount,
                date,
                text,
                quantity,
                sign,
                line: 0,
            },
        )
}

/// Balanced vouchers: the last counted row takes the rest; removed rows do not count.
fn voucher() -> impl Strategy<Value = Voucher> {
    (
        prop::option::of("[A-C]"),
        1u32..10_000,
        date_2022(),
        prop::option::of(text()),
        prop::collection::vec(
            prop_oneof![4 => row(RowKind::Normal), 1 => row(RowKind::Added)],
            1..5,
        ),
        prop::collection::vec(row(RowKind::Removed), 0..2),
    )
        .prop_map(|(series, number, date, text, mut rows, removed)| {
            let sum: Decimal = rows.iter().map(|r| r.amount).sum();
            let mut last = rows[0].clone();
            last.kind = RowKind::Normal;
            last.amount = -sum;
            rows.push(last);
            rows.extend(removed);
            Voucher {
                series,
                number: Some(number.to_string()),
                date,
                text,
                registered: None,
                sign: None,
                rows,
                line: 0,
            }
        })
}

fn document() -> impl Strategy<Value = SieDocument> {
    (
        text(),
        prop::collection::vec(voucher(), 0..6),
        prop::collection::vec((account(), amount()), 0..6),
        prop::collection::vec((account(), 1u32..=12, amount()), 0..6),
    )
        .prop_map(|(name, vouchers, balances, periods)| {
            let mut doc = SieDocument::default();
            doc.header.flag = Some(0);
            doc.header.program = Some(("styrmodell".into(), "1.0".into()));
            doc.header.format = Some("PC8".into());
            doc.header.generated = Some((NaiveDate::from_ymd_opt(2023, 1, 15).unwrap(), None));
            doc.header.sie_type = 4;
            doc.header.kind = FileKind::Export;
            doc.header.company_name = Some(name.clone());
            doc.header.org_number = Some("212000-0142".into());
            doc.fiscal_years.insert(
                0,
                (
                    NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
                    NaiveDate::from_ymd_opt(2022, 12, 31).unwrap(),
                ),
            );
            doc.fiscal_years.insert(
                -1,
                (
                    NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
                    NaiveDate::from_ymd_opt(2021, 12, 31).unwrap(),
                ),
            );
            for code in ACCOUNTS {
                let account = doc.accounts.entry(code.parse().unwrap()).or_default();
                account.name = format!("Konto {code} {name}");
                account.sru = vec!["7201".into()];
            }
            doc.dimensions.insert(
                1,
                Dimension {
                    name: "Ansvar".into(),
                    parent: None,
                },
            );
            doc.dimensions.insert(
                6,
                Dimension {
                    name: "Projekt".into(),
                    parent: None,
                },
            );
            for (dimension, object) in [(1, "Nord"), (1, "Syd"), (1, "0001"), (6, "P42")] {
                doc.objects
                    .insert((dimension, object.into()), format!("Objekt {object}"));
            }
            doc.balances = balances
                .into_iter()
                .map(|(account, amount)| Balance {
                    kind: BalanceKind::Opening,
                    year: 0,
                    account,
                    object: None,
                    amount,
                    quantity: None,
                })
                .collect();
            doc.period_rows = periods
                .into_iter()
                .map(|(account, month, amount)| PeriodRow {
                    kind: PeriodKind::Outcome,
                    year: 0,
                    period: Month::new(2022, month).unwrap(),
                    account,
                    objects: vec![],
                    amount,
                    quantity: None,
                    line: 0,
                })
                .collect();
            doc.vouchers = vouchers.into();
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn read_of_write_gives_the_document_back_with_a_verified_checksum(doc in document()) {
        let bytes = write(&doc);
        let import = read(&bytes, &ReadOptions::default().allow_unbalanced_vouchers(false)).unwrap();
        prop_assert!(matches!(import.document.checksum, Checksum::Verified(_)));
        prop_assert!(import.at_least(Severity::Error).next().is_none(), "{:?}", import.diagnostics);
        prop_assert_eq!(import.document.without_positions(), doc.without_positions());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_byte_edits_never_panic(
        name in prop::sample::select(&FILES[..]),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..20),
    ) {
        let mut bytes = file(name);
        for (at, byte, kind) in edits {
            let position = at.index(bytes.len().max(1));
            match kind {
                0 if !bytes.is_empty() => bytes[position] = byte,
                1 => bytes.insert(position.min(bytes.len()), byte),
                _ if !bytes.is_empty() => { bytes.remove(position); }
                _ => {}
            }
        }
        // Either a document with its diagnostics or a refusal with them; never a panic.
        match read(&bytes, &ReadOptions::default()) {
            Ok(import) => prop_assert!(import.document.header.sie_type >= 1),
            Err(err) => prop_assert!(!err.diagnostics.is_empty()),
        }
    }
}

/// Every document the reader accepts, from the real files and the hostile ones, is written and
/// read back equal, with a verified checksum; but for text CP437 cannot carry (a file that
/// was not CP437 and had bytes its own encoding could not decode, read as U+FFFD).
#[test]
fn every_accepted_document_reads_back_after_writing() {
    let hostile = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile");
    let mut inputs: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|name| ((*name).to_owned(), file(name)))
        .collect();
    for entry in std::fs::read_dir(hostile).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("se"))
        {
            inputs.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    let mut accepted = 0;
    for (name, bytes) in inputs {
        let Ok(import) = read(&bytes, &ReadOptions::default()) else {
            continue;
        };
        if import
            .diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::Encoding)
        {
            continue;
        }
        accepted += 1;
        let written = write(&import.document);
        let again = read(&written, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{name}: the written file is refused: {e}"));
        assert!(
            matches!(again.document.checksum, Checksum::Verified(_)),
            "{name}"
        );
        let mut expected = import.document.clone().without_positions();
        // The writer declares the encoding it writes, and puts the #FLAGGA the standard
        // requires first (0 when the document had none).
        expected.header.format = Some("PC8".to_owned());
        expected.header.flag.get_or_insert(0);
        // Writers may use defined labels only: unknown records and extra fields stay behind.
        expected.unknown.clear();
        expected.extra_fields.clear();
        assert_eq!(
            again.document.clone().without_positions(),
            expected,
            "{name}"
        );
    }
    assert!(accepted >= 8, "{accepted} documents accepted");
}

/// A document and its import serialise to JSON and back, objects included.
#[test]
fn documents_and_imports_round_trip_through_json() {
    for name in FILES {
        let Ok(import) = read(&file(name), &ReadOptions::default()) else {
            continue;
        };
        let json = serde_json::to_string(&import).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back: SieImport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, import, "{name}");
    }
    let hostile = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/hostile/sie_roundtrip-objekt-trailing-backslash-fuzzed.se");
    let import = read(&std::fs::read(hostile).unwrap(), &ReadOptions::default()).unwrap();
    assert!(!import.document.objects.is_empty());
    let json = serde_json::to_string(&import.document).unwrap();
    assert_eq!(
        serde_json::from_str::<SieDocument>(&json).unwrap(),
        import.document
    );
}

/// One line-level edit of a real file.
#[derive(Debug, Clone)]
enum LineEdit {
    Delete(prop::sample::Index),
    Duplicate(prop::sample::Index, u16),
    ExtremeAmount(prop::sample::Index),
    LongField(prop::sample::Index, u16),
    Braces(prop::sample::Index, u16),
}

fn line_edit() -> impl Strategy<Value = LineEdit> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(LineEdit::Delete),
        (any::<prop::sample::Index>(), 1u16..2_000).prop_map(|(i, n)| LineEdit::Duplicate(i, n)),
        any::<prop::sample::Index>().prop_map(LineEdit::ExtremeAmount),
        (any::<prop::sample::Index>(), 1u16..5_000).prop_map(|(i, n)| LineEdit::LongField(i, n)),
        (any::<prop::sample::Index>(), 1u16..3_000).prop_map(|(i, n)| LineEdit::Braces(i, n)),
    ]
}

fn apply(lines: &mut Vec<String>, edit: &LineEdit) {
    if lines.is_empty() {
        return;
    }
    match edit {
        LineEdit::Delete(at) => {
            lines.remove(at.index(lines.len()));
        }
        LineEdit::Duplicate(at, n) => {
            let at = at.index(lines.len());
            let line = lines[at].clone();
            lines.splice(at..at, std::iter::repeat_n(line, usize::from(*n)));
        }
        LineEdit::ExtremeAmount(at) => {
            let at = at.index(lines.len());
            lines[at] = lines[at]
                .split(' ')
                .map(|w| {
                    if w.parse::<f64>().is_ok() && w.contains('.') {
                        "79228162514264337593543950335"
                    } else {
                        w
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
        }
        LineEdit::LongField(at, n) => {
            let at = at.index(lines.len());
            lines[at].push_str(&" x".repeat(usize::from(*n)));
        }
        LineEdit::Braces(at, n) => {
            let at = at.index(lines.len());
            lines.splice(at..at, std::iter::repeat_n("}".to_owned(), usize::from(*n)));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Line edits of a real file (deleted and duplicated lines, extreme amounts, long lines,
    /// runs of braces): never a panic, and never more than the cap of diagnostics per code.
    #[test]
    fn line_edits_never_panic_and_diagnostics_stay_bounded(
        name in prop::sample::select(&FILES[..]),
        edits in prop::collection::vec(line_edit(), 1..6),
    ) {
        let text = String::from_utf8_lossy(&file(name)).into_owned();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        for edit in &edits {
            apply(&mut lines, edit);
        }
        let bytes = lines.join("\n").into_bytes();
        let diagnostics = match read(&bytes, &ReadOptions::default()) {
            Ok(import) => import.diagnostics,
            Err(err) => err.diagnostics,
        };
        let mut per_code = std::collections::BTreeMap::new();
        for d in &diagnostics {
            *per_code.entry(d.code).or_insert(0usize) += 1;
        }
        // The cap and its summary, once for the lines and once for the file-wide checks.
        for (code, count) in per_code {
            prop_assert!(count <= 2 * (MAX_DIAGNOSTICS_PER_CODE + 1), "{code:?}: {count}");
        }
        let _ = read_streaming(&bytes, &ReadOptions::default(), |_| {});
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The compact store gives back every voucher exactly as it was pushed.
    #[test]
    fn the_voucher_store_gives_back_what_was_put_in(
        vouchers in prop::collection::vec(voucher(), 0..20),
        line in any::<usize>(),
    ) {
        let mut vouchers = vouchers;
        if let Some(first) = vouchers.first_mut() {
            first.line = line;
            first.date = NaiveDate::MIN;
        }
        let store: Vouchers = vouchers.clone().into();
        prop_assert_eq!(store.len(), vouchers.len());
        prop_assert_eq!(&store.iter().collect::<Vec<_>>(), &vouchers);
        // Decoded into one reused buffer, each voucher is the same too.
        let mut seen = Vec::new();
        store.for_each(|voucher| seen.push(voucher.clone()));
        prop_assert_eq!(seen, vouchers);
    }
}
