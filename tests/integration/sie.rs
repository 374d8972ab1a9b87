//! The SIE reader on the six real files, the fifteen classes of bad input, the writer's round
//! trip and the mapping into ledger facts.

use std::collections::BTreeMap;

use styrmodell::sie::*;
use styrmodell::{AccountCode, Decimal};

pub(crate) fn file(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/sie")
            .join(name),
    )
    .unwrap()
}

fn read_file(name: &str) -> SieImport {
    let options = ReadOptions::default().file_name(name.to_owned());
    read(&file(name), &options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub(crate) const FILES: [&str; 6] = [
    "transaktioner_ovnbolag.se",
    "objektsaldo_ovnbolag.se",
    "BL0001_typ4.SE",
    "Bokslut_Norstedts_SIE_4E.se",
    "sie-gruppen-e-conomic.se",
    "SIE4_Exempelfil_med_underdim.SE",
];

#[test]
fn the_six_real_files_read_without_error_diagnostics() {
    for name in FILES {
        let import = read_file(name);
        let errors: Vec<_> = import.at_least(Severity::Error).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        // CRLF line ends read the same.
        let crlf: Vec<u8> = file(name)
            .iter()
            .flat_map(|&b| {
                if b == b'\n' {
                    vec![b'\r', b'\n']
                } else {
                    vec![b]
                }
            })
            .collect();
        let again = read(&crlf, &ReadOptions::default()).unwrap();
        assert_eq!(again.document, import.document, "{name} with CRLF");
    }
}

#[test]
fn record_counts_match_the_files() {
    let counts = |name: &str| {
        let d = read_file(name).document;
        let rows: usize = d.vouchers.iter().map(|v| v.rows.len()).sum();
        (
            d.vouchers.len(),
            rows,
            d.balances.len(),
            d.period_rows.len(),
            d.accounts.len(),
        )
    };
    assert_eq!(
        counts("transaktioner_ovnbolag.se"),
        (163, 671, 55 + 62 + 104, 705 + 1248, 567)
    );
    assert_eq!(
        counts("objektsaldo_ovnbolag.se"),
        (0, 0, 55 + 62 + 104, 975 + 1248, 567)
    );
    assert_eq!(
        counts("Bokslut_Norstedts_SIE_4E.se"),
        (177, 678, 56 + 55 + 130, 0, 351)
    );
    assert_eq!(
        counts("sie-gruppen-e-conomic.se"),
        (57, 160, 46 + 52 + 34, 0, 407)
    );
    assert_eq!(
        counts("SIE4_Exempelfil_med_underdim.SE"),
        (295, 1330, 51 + 53 + 119, 0, 530)
    );
    // BL: the six #TRANS rows that repeat an #RTRANS are skipped; #BTRANS rows are kept.
    let bl = read_file("BL0001_typ4.SE").document;
    let kinds = |kind| {
        bl.vouchers
            .iter()
            .flat_map(|v| v.rows)
            .filter(|r| r.kind == kind)
            .count()
    };
    assert_eq!(
        (
            kinds(RowKind::Normal),
            kinds(RowKind::Added),
            kinds(RowKind::Removed)
        ),
        (405 - 6, 6, 3)
    );
    assert_eq!(
        bl.balances
            .iter()
            .filter(|b| matches!(
                b.kind,
                BalanceKind::ObjectOpening | BalanceKind::ObjectClosing
            ))
            .count(),
        6 + 21
    );
}

#[test]
fn the_checksum_of_the_norstedts_file_verifies() {
    let import = read_file("Bokslut_Norstedts_SIE_4E.se");
    assert_eq!(import.document.checksum, Checksum::Verified(854_227_682));
    for name in FILES.iter().filter(|n| !n.starts_with("Bokslut")) {
        assert_eq!(
            read_file(name).document.checksum,
            Checksum::Absent,
            "{name}"
        );
    }
}

/// Sums of counted voucher rows in year 0, per account.
fn row_sums(doc: &SieDocument) -> BTreeMap<AccountCode, Decimal> {
    let (start, end) = doc.fiscal_years[&0];
    let mut sums = BTreeMap::new();
    for voucher in doc
        .vouchers
        .iter()
        .filter(|v| start <= v.date && v.date <= end)
    {
        for row in voucher.counted_rows() {
            *sums.entry(row.account).or_insert(Decimal::ZERO) += row.amount;
        }
    }
    sums
}

fn balances(doc: &SieDocument, kind: BalanceKind) -> BTreeMap<AccountCode, Decimal> {
    doc.balances
        .iter()
        .filter(|b| b.kind == kind && b.year == 0)
        .map(|b| (b.account, b.amount))
        .collect()
}

/// IB(0) + Σrows = UB(0) for every balance account and Σrows = RES(0) for every result account.
fn assert_consistent(name: &str, doc: &SieDocument) {
    let rows = row_sums(doc);
    let opening = balances(doc, BalanceKind::Opening);
    for (account, ub) in balances(doc, BalanceKind::Closing) {
        let expected = opening.get(&account).copied().unwrap_or_default()
            + rows.get(&account).copied().unwrap_or_default();
        assert_eq!(expected, ub, "{name}: IB + rows = UB for {account}");
    }
    for (account, res) in balances(doc, BalanceKind::Result) {
        assert_eq!(
            rows.get(&account).copied().unwrap_or_default(),
            res,
            "{name}: rows = RES for {account}"
        );
    }
    for voucher in &doc.vouchers {
        assert!(
            voucher.balance().is_some_and(|b| b.is_zero()),
            "{name}: voucher on line {} balances",
            voucher.line
        );
    }
}

#[test]
fn consistency_invariants_hold_exactly() {
    let main = read_file("transaktioner_ovnbolag.se");
    assert_consistent("transaktioner", &main.document);
    let rows = row_sums(&main.document);
    let mut periods: BTreeMap<AccountCode, Decimal> = BTreeMap::new();
    for row in main
        .document
        .period_rows
        .iter()
        .filter(|r| r.kind == PeriodKind::Outcome && r.year == 0 && r.objects.is_empty())
    {
        *periods.entry(row.account).or_default() += row.amount;
    }
    for (account, sum) in &periods {
        assert_eq!(
            *sum,
            rows.get(account).copied().unwrap_or_default(),
            "ΣPSALDO = Σrows for {account}"
        );
    }
    let budget = |year| -> Decimal {
        main.document
            .period_rows
            .iter()
            .filter(|r| r.kind == PeriodKind::Budget && r.year == year)
            .map(|r| r.amount)
            .sum()
    };
    assert_eq!(budget(0), Decimal::new(-80_000_000, 2));
    assert_eq!(budget(-1), Decimal::new(-80_000_000, 2));
    assert!(
        !main
            .diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::Inconsistent)
    );
    assert_consistent(
        "Norstedts",
        &read_file("Bokslut_Norstedts_SIE_4E.se").document,
    );
    // BL balances both with corrections and with plain #TRANS rows only.
    assert_consistent("BL", &read_file("BL0001_typ4.SE").document);
    let plain = read(
        &file("BL0001_typ4.SE"),
        &ReadOptions::default().corrections(Corrections::Ignore),
    )
    .unwrap();
    assert!(
        plain
            .document
            .vouchers
            .iter()
            .flat_map(|v| v.rows)
            .all(|r| r.kind == RowKind::Normal)
    );
    assert_consistent("BL plain", &plain.document);
}

#[test]
fn real_quirks_are_reported_not_hidden() {
    let economic = read_file("sie-gruppen-e-conomic.se");
    let missing = economic
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::MissingBlockOpen)
        .unwrap();
    assert_eq!((missing.line, missing.severity), (1459, Severity::Warning));
    let voucher = economic
        .document
        .vouchers
        .iter()
        .find(|v| v.line == 1459)
        .unwrap();
    assert_eq!(
        voucher.rows.len(),
        2,
        "the rows after the missing {{ are kept"
    );
    let inconsistent = economic
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::Inconsistent)
        .count();
    assert!(inconsistent >= 8, "{inconsistent}");
    let underdim = read_file("SIE4_Exempelfil_med_underdim.SE");
    assert_eq!(underdim.encoding, TextEncoding::Utf8);
    let codes: Vec<DiagnosticCode> = underdim.diagnostics.iter().map(|d| d.code).collect();
    for code in [
        DiagnosticCode::Encoding,
        DiagnosticCode::AlreadyImported,
        DiagnosticCode::SubObjectWithoutParent,
    ] {
        assert!(codes.contains(&code), "{code:?}");
    }
    let bl = read_file("BL0001_typ4.SE");
    assert_eq!(
        bl.document.fiscal_years[&0].0,
        styrmodell::NaiveDate::from_ymd_opt(2009, 7, 1).unwrap()
    );
    let objektsaldo = read_file("objektsaldo_ovnbolag.se");
    let with_objects = objektsaldo
        .document
        .period_rows
        .iter()
        .filter(|r| !r.objects.is_empty())
        .count();
    assert_eq!(with_objects, 583);
}

#[test]
fn objektsaldo_maps_into_a_ledger_whose_units_roll_up_to_the_file_totals() {
    use styrmodell::*;
    let doc = read_file("objektsaldo_ovnbolag.se").document;
    let org = Organisation::from_units(vec![
        OrgUnit::new("BOLAG", "Övningsbolaget", OrgUnitKind::Council).unwrap(),
        OrgUnit::new("NORD", "Nord", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("BOLAG")
            .unwrap(),
        OrgUnit::new("SYD", "Syd", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("BOLAG")
            .unwrap(),
    ])
    .unwrap();
    let mapping = {
        let mut value = Mapping::default();
        value.units = [("Nord", "NORD"), ("Syd", "SYD")]
            .into_iter()
            .map(|(o, u)| (o.to_owned(), u.parse().unwrap()))
            .collect();
        value.default_unit = Some("BOLAG".parse().unwrap());
        // Avendo writes the account row as the part without objects.
        value.object_rows = ObjectRows::Partition;
        value
    };
    let mapped = mapping.map(&doc);
    assert!(
        mapped
            .diagnostics
            .iter()
            .all(|d| d.severity < Severity::Error),
        "{:?}",
        mapped.diagnostics
    );
    let chart = doc.accounts.keys().fold(Chart::kommun_bas(), |c, code| {
        c.with_account(*code, "konto")
    });
    let (start, end) = doc.fiscal_years[&0];
    let horizon = PlanHorizon::new(
        Year::new(start.format("%Y").to_string().parse().unwrap()).unwrap(),
        0,
    )
    .unwrap();
    let _ = end;
    let mut builder = Ledger::builder(org, chart, horizon);
    builder.extend(mapped.facts.clone());
    let ledger = builder.build().unwrap();
    let cube = ledger.roll_up(AccountGrouping::Account, horizon.months());
    // The account row and the object rows partition the account: all rows add up.
    let mut totals: BTreeMap<(AccountCode, PeriodKind), Decimal> = BTreeMap::new();
    for row in doc.period_rows.iter().filter(|r| r.year == 0) {
        *totals.entry((row.account, row.kind)).or_default() += row.amount;
    }
    assert!(!totals.is_empty());
    let check = |account: AccountCode, kind: PeriodKind, expected: Decimal| {
        let measure = if kind == PeriodKind::Outcome {
            Measure::Outcome
        } else {
            Measure::Budget(BudgetRule::Revision(0))
        };
        let value = cube
            .value_of(
                &"BOLAG".parse().unwrap(),
                measure,
                Some(Bucket::Account(account)),
                horizon.months(),
            )
            .unwrap();
        assert_eq!(value.to_decimal(), expected, "{account} {kind:?}");
    };
    for ((account, kind), total) in &totals {
        check(*account, *kind, *total);
    }
    // The same company's type 4 file has an account row for every month: the totals agree.
    let type4 = read_file("transaktioner_ovnbolag.se").document;
    let mut outcome: BTreeMap<AccountCode, Decimal> = BTreeMap::new();
    for row in type4
        .period_rows
        .iter()
        .filter(|r| r.year == 0 && r.kind == PeriodKind::Outcome)
    {
        *outcome.entry(row.account).or_default() += row.amount;
    }
    for (account, total) in outcome {
        check(account, PeriodKind::Outcome, total);
    }
    // And the units got their own rows: Nord has outcome on 3041.
    let nord = cube
        .value_of(
            &"NORD".parse().unwrap(),
            Measure::Outcome,
            None,
            horizon.months(),
        )
        .unwrap();
    assert!(!nord.is_zero());
}

#[test]
fn vouchers_map_into_monthly_outcome_by_unit_and_project() {
    let doc = read_file("transaktioner_ovnbolag.se").document;
    let mapping = Mapping::default()
        .source(Source::Vouchers)
        .default_unit("ALL".parse().unwrap());
    let mapped = mapping.map(&doc);
    let total: Decimal = mapped.facts.iter().map(|f| f.amount.to_decimal()).sum();
    assert!(total.is_zero(), "balanced vouchers map to a zero total");
    assert!(
        mapped.facts.iter().any(|f| f.project.is_some()),
        "dimension 6 becomes the project"
    );
    assert!(
        mapped
            .diagnostics
            .iter()
            .any(|d| d.message.contains("\"Syd\"")
                && d.code == DiagnosticCode::Unmapped
                && d.severity == Severity::Warning),
        "unmapped unit objects are reported, as warnings when a default unit takes them"
    );
}

#[test]
fn unmapped_period_rows_are_reported_on_their_lines() {
    let text = "#FLAGGA 0\n#SIETYP 3\n#RAR 0 20220101 20221231\n#DIM 1 Ansvar\n\
                #PSALDO 0 202201 3041 {} 100.00\n\
                #PSALDO 0 202201 3041 {1 \"Nord\"} 60.00\n\
                #PSALDO 0 202202 3041 {1 \"Syd\"} 40.00\n";
    let doc = read(text.as_bytes(), &ReadOptions::default())
        .unwrap()
        .document;
    let mapping = {
        let mut value = Mapping::default();
        value.units = [("Nord".to_owned(), "NORD".parse().unwrap())].into();
        value
    };
    let mapped = mapping.map(&doc);
    let lines: Vec<(usize, bool)> = mapped
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::Unmapped)
        .map(|d| (d.line, d.message.contains("\"Syd\"")))
        .collect();
    // Syd's object, reported once, on line 7; the 40 kr of January's account row (line 5)
    // that Nord's row leaves, with no default unit to take them.
    assert!(lines.contains(&(7, true)), "{lines:?}");
    assert!(lines.contains(&(5, false)), "{lines:?}");
    assert!(lines.iter().all(|(line, _)| *line > 0), "{lines:?}");
    assert_eq!(mapped.facts.len(), 1, "Nord's January row is mapped");
}

#[test]
fn budget_facts_become_a_type_3_file_an_erp_can_read() {
    use styrmodell::*;
    let ledger = demo::ledger().unwrap();
    let budget: Vec<Fact> = ledger
        .facts()
        .filter(|f| f.layer == Layer::ORIGINAL_BUDGET && f.month.year() == Year::new(2022).unwrap())
        .collect();
    let year = (
        NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2022, 12, 31).unwrap(),
    );
    let bytes = budget_file("Demokommun", year, ledger.chart(), &budget);
    let import = read(&bytes, &ReadOptions::default()).unwrap();
    assert!(matches!(import.document.checksum, Checksum::Verified(_)));
    assert_eq!(import.document.header.sie_type, 3);
    let total: Decimal = budget.iter().map(|f| f.amount.to_decimal()).sum();
    let account_rows: Decimal = import
        .document
        .period_rows
        .iter()
        .filter(|r| r.objects.is_empty())
        .map(|r| r.amount)
        .sum();
    let unit_rows: Decimal = import
        .document
        .period_rows
        .iter()
        .filter(|r| !r.objects.is_empty())
        .map(|r| r.amount)
        .sum();
    assert_eq!(account_rows, total);
    assert_eq!(unit_rows, total);
}

#[test]
fn streaming_mapping_gives_the_same_facts() {
    let bytes = file("transaktioner_ovnbolag.se");
    let mapping = {
        let mut value = Mapping::default();
        value.source = Source::Vouchers;
        value.units = [("Nord", "NORD"), ("Syd", "SYD")]
            .into_iter()
            .map(|(o, u)| (o.to_owned(), u.parse().unwrap()))
            .collect();
        value.default_unit = Some("ALL".parse().unwrap());
        value
    };
    let whole = mapping.map(&read(&bytes, &ReadOptions::default()).unwrap().document);
    let (import, streamed) = mapping
        .read_and_map(&bytes, &ReadOptions::default())
        .unwrap();
    assert!(import.document.vouchers.is_empty(), "vouchers are not kept");
    assert_eq!(streamed.facts, whole.facts);
    assert!(!streamed.facts.is_empty());
}

/// Övningsbolaget's organisation: the company and its unit Nord.
fn ovnbolag() -> styrmodell::Organisation {
    use styrmodell::*;
    Organisation::from_units(vec![
        OrgUnit::new("ALL", "Övningsbolaget", OrgUnitKind::Council).unwrap(),
        OrgUnit::new("NORD", "Nord", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("ALL")
            .unwrap(),
    ])
    .unwrap()
}

#[test]
fn streaming_into_a_ledger_books_what_the_mapping_maps() {
    use styrmodell::*;
    let bytes = file("transaktioner_ovnbolag.se");
    let org = ovnbolag();
    // Only Nord is mapped: Syd's rows go to the default unit, reported once.
    let mapping = {
        let mut value = Mapping::default();
        value.source = Source::Vouchers;
        value.units = [("Nord".to_owned(), "NORD".parse().unwrap())].into();
        value.default_unit = Some("ALL".parse().unwrap());
        value
    };
    let whole = mapping.map(&read(&bytes, &ReadOptions::default()).unwrap().document);
    let doc = read(&bytes, &ReadOptions::default()).unwrap().document;
    let chart = doc.accounts.keys().fold(Chart::kommun_bas(), |c, code| {
        c.with_account(*code, "konto")
    });
    let year = whole.facts.first().unwrap().month.year();
    let horizon = PlanHorizon::new(year, 0).unwrap();
    let builder = || Ledger::builder(org.clone(), chart.clone(), horizon);
    let mut streaming = builder();
    let (import, diagnostics) = mapping
        .read_into(&bytes, &ReadOptions::default(), &mut streaming)
        .unwrap();
    assert!(import.document.vouchers.is_empty(), "vouchers are not kept");
    let streamed = streaming.build().unwrap();
    let mut summed = builder();
    summed.extend(whole.facts);
    let mapped = summed.build().unwrap();
    let unmapped: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::Unmapped)
        .collect();
    assert_eq!(unmapped.len(), 1, "{diagnostics:?}");
    assert!(unmapped[0].message.contains("\"Syd\""));
    let (a, b) = (
        streamed.roll_up(AccountGrouping::Account, horizon.months()),
        mapped.roll_up(AccountGrouping::Account, horizon.months()),
    );
    for unit in ["ALL", "NORD"] {
        let unit = unit.parse().unwrap();
        for bucket in a.buckets() {
            let value = |cube: &Cube<'_>| {
                cube.value_of(&unit, Measure::Outcome, Some(*bucket), horizon.months())
                    .unwrap()
            };
            assert_eq!(value(&a), value(&b), "{unit} {bucket:?}");
        }
    }
    let nord = a
        .value_of(
            &"NORD".parse().unwrap(),
            Measure::Outcome,
            None,
            horizon.months(),
        )
        .unwrap();
    assert!(!nord.is_zero(), "Nord's rows are booked on NORD");
}

#[test]
fn streaming_reports_rows_with_no_unit_per_account() {
    use styrmodell::*;
    let bytes = file("transaktioner_ovnbolag.se");
    let doc = read(&bytes, &ReadOptions::default()).unwrap().document;
    let chart = doc.accounts.keys().fold(Chart::kommun_bas(), |c, code| {
        c.with_account(*code, "konto")
    });
    let year = Month::from_date(doc.fiscal_years[&0].0).unwrap().year();
    let horizon = PlanHorizon::new(year, 0).unwrap();
    // A default unit the organisation lacks: said once, and the rows with nowhere to go are
    // reported per account with their count and total, not one diagnostic a row.
    let lacking = {
        let mut value = Mapping::default();
        value.source = Source::Vouchers;
        value.units = [("Nord".to_owned(), "NORD".parse().unwrap())].into();
        value.default_unit = Some("KOMMUN".parse().unwrap());
        value
    };
    let mut builder = Ledger::builder(ovnbolag(), chart, horizon);
    let (_, diagnostics) = lacking
        .read_into(&bytes, &ReadOptions::default(), &mut builder)
        .unwrap();
    let mut expected: BTreeMap<AccountCode, (usize, Decimal)> = BTreeMap::new();
    for voucher in &doc.vouchers {
        for row in voucher.counted_rows() {
            if !row.objects.contains(&(1, "Nord".to_owned())) {
                let entry = expected.entry(row.account).or_default();
                entry.0 += 1;
                entry.1 += row.amount;
            }
        }
    }
    let left_out = |diagnostics: &[Diagnostic]| {
        let mut messages: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::Unmapped && d.message.contains("have no unit"))
            .map(|d| d.message.clone())
            .collect();
        messages.sort();
        messages
    };
    let messages = left_out(&diagnostics);
    let mut wanted: Vec<String> = expected
        .iter()
        .map(|(account, (rows, total))| {
            format!("{rows} row(s) on account {account}, {total} in all, have no unit; left out")
        })
        .collect();
    wanted.sort();
    assert_eq!(messages, wanted);
    // Summing the same vouchers (all in the fiscal year) says the same, per account.
    let summed = {
        let mut value = lacking.clone();
        value.default_unit = None;
        value
    };
    assert_eq!(left_out(&summed.map(&doc).diagnostics), wanted);
    let (_, streamed) = summed
        .read_and_map(&bytes, &ReadOptions::default())
        .unwrap();
    assert_eq!(left_out(&streamed.diagnostics), wanted);
    assert_eq!(
        diagnostics
            .iter()
            .filter(|d| d
                .message
                .contains("default unit KOMMUN is not in the organisation"))
            .count(),
        1
    );
}

/// Two unit objects mapped to one org unit meet in one fact per account, month and project;
/// the facts come sorted by unit, account, month and project (texts sorted as texts, so
/// project "P10" before "P2"). Totals worked by hand from the rows below.
#[test]
fn summed_vouchers_merge_objects_of_one_unit_in_key_order() {
    let text = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20220101 20221231\n#DIM 1 Ansvar\n#DIM 6 Projekt\n\
        #VER A 1 20220110 \"\"\n{\n#TRANS 5010 {1 \"B\" 6 \"P2\"} 100.00\n#TRANS 5010 {1 \"A\" 6 \"P2\"} 30.00\n\
        #TRANS 5010 {1 \"C\"} 7.00\n#TRANS 1930 {} -137.00\n}\n\
        #VER A 2 20220215 \"\"\n{\n#TRANS 5010 {1 \"A\" 6 \"P10\"} 5.00\n#TRANS 4010 {1 \"A\"} 1.50\n\
        #TRANS 1930 {} -6.50\n}\n";
    let mapping = Mapping::default()
        .source(Source::Vouchers)
        .unit("A", "X".parse().unwrap())
        .unit("B", "X".parse().unwrap())
        .unit("C", "W".parse().unwrap())
        .default_unit("W".parse().unwrap());
    let doc = read(text.as_bytes(), &ReadOptions::default())
        .unwrap()
        .document;
    let wanted: Vec<(&str, &str, &str, Option<&str>, &str)> = vec![
        ("W", "1930", "2022-01", None, "-137.00"),
        ("W", "1930", "2022-02", None, "-6.50"),
        ("W", "5010", "2022-01", None, "7.00"),
        ("X", "4010", "2022-02", None, "1.50"),
        ("X", "5010", "2022-01", Some("P2"), "130.00"),
        ("X", "5010", "2022-02", Some("P10"), "5.00"),
    ];
    for mapped in [
        mapping.map(&doc),
        mapping
            .read_and_map(text.as_bytes(), &ReadOptions::default())
            .unwrap()
            .1,
    ] {
        assert!(mapped.diagnostics.is_empty(), "{:?}", mapped.diagnostics);
        let got: Vec<(String, String, String, Option<String>, Decimal)> = mapped
            .facts
            .iter()
            .map(|f| {
                (
                    f.unit.to_string(),
                    f.account.to_string(),
                    f.month.to_string(),
                    f.project.as_ref().map(ToString::to_string),
                    f.amount.to_decimal(),
                )
            })
            .collect();
        let wanted: Vec<_> = wanted
            .iter()
            .map(|(u, a, m, p, amount)| {
                (
                    u.to_string(),
                    a.to_string(),
                    m.to_string(),
                    p.map(str::to_owned),
                    amount.parse::<Decimal>().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, wanted);
    }
}
