//! The fifteen classes of bad input of `formats.md`, each with its diagnostic code and line.

use styrmodell::sie::*;

/// Nine header lines; a body given to `sie` starts on line 10.
const HEADER: &str = "#FLAGGA 0\n#PROGRAM Test 1.0\n#FORMAT PC8\n#GEN 20220101\n#SIETYP 4\n#FNAMN \"Test\"\n\
#RAR 0 20220101 20221231\n#KONTO 1930 Bank\n#KONTO 3010 Sales\n";

fn sie(body: &str) -> String {
    format!("{HEADER}{body}")
}

/// Every diagnostic, whether the file was refused or not.
fn diagnostics(bytes: &[u8], options: &ReadOptions) -> (bool, Vec<Diagnostic>) {
    match read(bytes, options) {
        Ok(import) => (true, import.diagnostics),
        Err(err) => (false, err.diagnostics),
    }
}

fn check(text: &str, code: DiagnosticCode, line: usize) -> bool {
    check_bytes(text.as_bytes(), &ReadOptions::default(), code, line)
}

fn check_bytes(bytes: &[u8], options: &ReadOptions, code: DiagnosticCode, line: usize) -> bool {
    let (accepted, found) = diagnostics(bytes, options);
    let hit = found.iter().find(|d| d.code == code && d.line == line);
    assert!(
        hit.is_some(),
        "expected {code:?} on line {line}, found {found:#?}"
    );
    assert!(!hit.is_some_and(|d| d.message.is_empty()));
    accepted
}

const VOUCHER: &str =
    "#VER A 1 20220105 \"Sale\"\n{\n#TRANS 1930 {} 100.00\n#TRANS 3010 {} -100.00\n}\n";

#[test]
fn class_01_not_sie() {
    assert!(!check("hello\nworld\n", DiagnosticCode::NotSie, 1));
    let late_flag = sie("").replacen("#FLAGGA 0\n", "", 1) + "#FLAGGA 0\n";
    assert!(
        check(&late_flag, DiagnosticCode::FirstRecordNotFlag, 1),
        "a warning in the tolerant profile"
    );
    let strict = ReadOptions::default().profile(Profile::Strict);
    assert!(!check_bytes(
        late_flag.as_bytes(),
        &strict,
        DiagnosticCode::FirstRecordNotFlag,
        1
    ));
}

#[test]
fn class_02_truncated() {
    let text = sie(VOUCHER).replacen("#FLAGGA 0\n", "#FLAGGA 0\n#KSUMMA\n", 1);
    assert!(!check(&text, DiagnosticCode::Truncated, 16));
    let open = sie("#VER A 1 20220105\n{\n#TRANS 1930 {} 0\n");
    assert!(!check(&open, DiagnosticCode::Truncated, 13));
}

#[test]
fn class_03_checksum_mismatch() {
    let mut document = read(sie(VOUCHER).as_bytes(), &ReadOptions::default())
        .unwrap()
        .document;
    document.header.sie_type = 4;
    let written = String::from_utf8(write(&document)).unwrap();
    let broken = written.replace("\"Sale\"", "\"Sole\"");
    let last_line = broken.lines().count();
    assert!(!check(&broken, DiagnosticCode::ChecksumMismatch, last_line));
    let err = read(broken.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert!(err.to_string().contains("#KSUMMA says"), "{err}");
}

#[test]
fn class_04_block_structure() {
    assert!(check(
        &sie("#TRANS 1930 {} 1\n"),
        DiagnosticCode::RowOutsideVoucher,
        10
    ));
    assert!(check(&sie("}\n"), DiagnosticCode::StrayBrace, 10));
    assert!(check(
        &sie("#VER A 1 20220105\n{\n#VER A 2 20220105\n{\n}\n"),
        DiagnosticCode::NestedVoucher,
        12
    ));
    assert!(check(
        &sie("#KONTO 1910 \"Kassa\n"),
        DiagnosticCode::UnterminatedQuote,
        10
    ));
    assert!(check(
        &sie(&VOUCHER.replace("{} 100.00", "{1 2 100.00")),
        DiagnosticCode::UnterminatedObjectList,
        12
    ));
    // #VER not followed by {: recovered with a warning when rows follow, an error otherwise.
    assert!(check(
        &sie("#VER A 1 20220105\n#TRANS 1930 {} 0\n}\n"),
        DiagnosticCode::MissingBlockOpen,
        10
    ));
    assert!(check(
        &sie("#VER A 1 20220105\n#KONTO 1910 Kassa\n"),
        DiagnosticCode::MissingBlockOpen,
        10
    ));
}

#[test]
fn class_05_unbalanced_voucher() {
    let text = sie(&VOUCHER.replace("-100.00", "-99.00"));
    assert!(check(&text, DiagnosticCode::UnbalancedVoucher, 10));
    let (_, found) = diagnostics(text.as_bytes(), &ReadOptions::default());
    let unbalanced = found
        .iter()
        .find(|d| d.code == DiagnosticCode::UnbalancedVoucher)
        .unwrap();
    assert_eq!(unbalanced.severity, Severity::Error);
    assert!(
        unbalanced.message.contains("A 1") && unbalanced.message.contains("1.00"),
        "{}",
        unbalanced.message
    );
    let allowed = ReadOptions::default().allow_unbalanced_vouchers(true);
    let (_, found) = diagnostics(text.as_bytes(), &allowed);
    assert!(found.iter().any(|d| d.code == DiagnosticCode::UnbalancedVoucher && d.severity == Severity::Warning));
}

#[test]
fn class_06_invalid_amount() {
    for amount in [
        "12,50",
        "+5",
        "\"1 000\"",
        "1.234",
        "\"\"",
        "abc",
        "99999999999999999999999999999999",
    ] {
        let text = sie(&format!("#IB 0 1930 {amount}\n"));
        assert!(check(&text, DiagnosticCode::InvalidAmount, 10), "{amount}");
    }
}

#[test]
fn class_07_invalid_date() {
    for date in ["rappakalja", "180501", "20170229"] {
        assert!(
            check(
                &sie(&format!("#VER A 1 {date}\n{{\n}}\n")),
                DiagnosticCode::InvalidDate,
                10
            ),
            "{date}"
        );
    }
    assert!(
        check(&sie("#VER A 1\n{\n}\n"), DiagnosticCode::InvalidDate, 10),
        "a voucher without a date"
    );
    let dashed = ReadOptions::default().allow_dashed_dates(true);
    assert!(read(sie("#GEN 2022-01-01\n").as_bytes(), &dashed).is_ok());
}

#[test]
fn class_08_invalid_period() {
    assert!(check(
        &sie("#PBUDGET 0 1119 201701 -1666.00\n"),
        DiagnosticCode::InvalidPeriod,
        10
    ));
    assert!(check(
        &sie("#PSALDO 0 202213 1930 {} 5\n"),
        DiagnosticCode::InvalidPeriod,
        10
    ));
    assert!(
        check(
            &sie("#PSALDO 0 202301 1930 {} 5\n"),
            DiagnosticCode::InvalidPeriod,
            10
        ),
        "outside year 0"
    );
}

#[test]
fn class_09_fiscal_years() {
    assert!(check(
        &sie("#IB -1 1930 5\n"),
        DiagnosticCode::InvalidFiscalYear,
        10
    ));
    assert!(check(
        &sie("#RAR -1\n"),
        DiagnosticCode::InvalidFiscalYear,
        10
    ));
    assert!(check(
        &sie("#RAR -1 20211231 20210101\n"),
        DiagnosticCode::InvalidFiscalYear,
        10
    ));
    assert!(
        check(
            &sie("#RAR 0 20230101 20231231\n"),
            DiagnosticCode::InvalidFiscalYear,
            10
        ),
        "duplicate"
    );
    assert!(
        check(
            &sie("#RAR -1 20210701 20220630\n"),
            DiagnosticCode::InvalidFiscalYear,
            10
        ),
        "overlap"
    );
}

#[test]
fn class_10_accounts_and_objects() {
    assert!(check(
        &sie("#KONTO 12a4 Fel\n"),
        DiagnosticCode::InvalidAccount,
        10
    ));
    for list in ["{1}", "{x 100}", "{1 100 1 200}"] {
        let text = sie(&VOUCHER.replace("#TRANS 1930 {}", &format!("#TRANS 1930 {list}")));
        assert!(
            check(&text, DiagnosticCode::InvalidObjectList, 12),
            "{list}"
        );
    }
    let undeclared = sie(&VOUCHER.replace("#TRANS 1930", "#TRANS 1940"));
    assert!(check(&undeclared, DiagnosticCode::Undeclared, 12));
    let sub = sie(&format!(
        "#DIM 6 Projekt\n#UNDERDIM 61 Delprojekt 6\n#OBJEKT 61 7 Sju\n{}",
        VOUCHER.replace("#TRANS 1930 {}", "#TRANS 1930 {61 7}")
    ));
    assert!(check(&sub, DiagnosticCode::SubObjectWithoutParent, 15));
}

#[test]
fn class_11_type_violations() {
    assert!(check(
        &sie("#SIETYP 7\n"),
        DiagnosticCode::TypeViolation,
        10
    ));
    let type2 = sie(VOUCHER).replace("#SIETYP 4", "#SIETYP 2");
    assert!(check(&type2, DiagnosticCode::TypeViolation, 10));
    let strict = ReadOptions::default().profile(Profile::Strict);
    assert!(!check_bytes(
        type2.as_bytes(),
        &strict,
        DiagnosticCode::TypeViolation,
        10
    ));
}

#[test]
fn class_12_mandatory_records() {
    let text = sie(VOUCHER).replace("#FNAMN \"Test\"\n", "");
    assert!(check(&text, DiagnosticCode::MissingRecord, 0));
    let (_, found) = diagnostics(text.as_bytes(), &ReadOptions::default());
    assert!(found.iter().any(|d| d.label.as_deref() == Some("#FNAMN")));
}

#[test]
fn class_13_text_and_encoding() {
    assert!(check(
        &sie("#FNAMN \"A\u{1}B\"\n"),
        DiagnosticCode::InvalidText,
        10
    ));
    let mut bytes = sie("#FNAMN \"").into_bytes();
    bytes.extend([0xFF, 0xFE, b'"', b'\n']);
    let utf8 = ReadOptions::default().encoding(Encoding::Utf8);
    assert!(check_bytes(&bytes, &utf8, DiagnosticCode::InvalidText, 10));
    assert!(check(
        &sie("#FNAMN \"\u{FFFD}vningsbolaget\"\n"),
        DiagnosticCode::Encoding,
        0
    ));
}

#[test]
fn class_14_consistency() {
    let text = sie(&format!("#IB 0 1930 50\n#UB 0 1930 100\n{VOUCHER}"));
    assert!(
        check(&text, DiagnosticCode::Inconsistent, 0),
        "IB 50 + 100 is not UB 100"
    );
    let order = sie(&format!("{}{}", VOUCHER.replace("A 1", "A 2"), VOUCHER));
    assert!(check(&order, DiagnosticCode::VoucherOrder, 15));
    assert!(check(
        &sie("").replacen("#FLAGGA 0", "#FLAGGA 1", 1),
        DiagnosticCode::AlreadyImported,
        1
    ));
}

#[test]
#[cfg(feature = "kolada")]
fn class_15_kolada() {
    use styrmodell::kolada::{KoladaError, read_values};
    let value = |gender: &str, value: &str| {
        format!(
            r#"{{"values":[{{"kpi":"N00945","municipality":"0188","period":2023,"values":[{{"gender":"{gender}","value":{value},"count":1,"status":""}}]}}]}}"#
        )
    };
    assert!(matches!(
        read_values(&value("X", "1.5")),
        Err(KoladaError::Gender { .. })
    ));
    assert!(matches!(
        read_values(&value("T", "\"abc\"")),
        Err(KoladaError::Value { .. })
    ));
    let duplicate = r#"{"values":[{"kpi":"N00945","municipality":"0188","period":2023,"values":[{"gender":"T","value":1,"count":1,"status":""},{"gender":"T","value":2,"count":1,"status":""}]}]}"#;
    assert!(matches!(
        read_values(duplicate),
        Err(KoladaError::Duplicate { .. })
    ));
    let bad_period = value("T", "1").replace("2023", "\"2023-05\"");
    assert!(matches!(
        read_values(&bad_period),
        Err(KoladaError::Period { .. })
    ));
    assert!(matches!(
        read_values(r#"{"count":0}"#),
        Err(KoladaError::Shape { .. })
    ));
    let null = read_values(&value("K", "null")).unwrap();
    assert_eq!(null.values[0].value, None, "null stays missing, never 0");
}

#[test]
fn unknown_labels_and_extra_fields_are_kept_raw() {
    let import = read(
        sie("#KONTO 1940 Bank2 \"framtida fält\"\n#NYETIKETT 1 {2 3} x\n").as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap();
    let extra = &import.document.extra_fields[0];
    assert_eq!(
        (extra.line, extra.label.as_str(), extra.fields.clone()),
        (10, "#KONTO", vec!["framtida fält".to_owned()])
    );
    let unknown = &import.document.unknown[0];
    assert_eq!(
        (unknown.line, unknown.label.as_str(), unknown.fields.clone()),
        (
            11,
            "#NYETIKETT",
            vec!["1".into(), "{2 3}".into(), "x".into()]
        )
    );
    assert!(
        import
            .diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::UnknownLabel && d.line == 11)
    );
}

#[test]
fn a_file_cut_in_the_middle_is_refused_as_truncated_and_says_so_first() {
    let bytes = super::sie::file("BL0001_typ4.SE");
    for percent in [50, 75] {
        let cut = &bytes[..bytes.len() * percent / 100];
        let err = read(cut, &ReadOptions::default()).unwrap_err();
        assert!(err.has(DiagnosticCode::Truncated), "{percent} %: {err}");
        // The message leads with why the file was refused, ahead of the many warnings.
        let message = err.to_string();
        let first = message
            .split("refused: ")
            .nth(1)
            .unwrap()
            .split("; ")
            .next()
            .unwrap();
        assert!(first.contains("error Truncated"), "{message}");
        // What could be read is handed back for inspection.
        let document = err.document.as_ref().unwrap();
        assert!(document.vouchers.len() > 20, "{percent} %");
    }
}

#[test]
fn a_refused_voucher_is_one_error_and_its_block_is_skipped_quietly() {
    let text = sie(
        "#VER A 1 2022013 \"Bad date\"\n{\n#TRANS 1930 {} 100.00\n#TRANS 3010 {} -100.00\n}\n#VER A 2 20220105\n{\n#TRANS 1930 {} 5.00\n#TRANS 3010 {} -5.00\n}\n",
    );
    let (_, found) = diagnostics(text.as_bytes(), &ReadOptions::default());
    let errors: Vec<_> = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        (errors[0].code, errors[0].line),
        (DiagnosticCode::InvalidDate, 10)
    );
    let import = read(text.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(
        import.document.vouchers.len(),
        1,
        "the good voucher is kept"
    );
}

#[test]
fn a_skipped_checksum_mismatch_is_a_warning_not_a_silence() {
    let text = format!(
        "#FLAGGA 0\n#KSUMMA\n{}#KSUMMA 12345\n",
        &sie(VOUCHER)["#FLAGGA 0\n".len()..]
    );
    let options = ReadOptions::default().skip_checksum(true);
    let import = read(text.as_bytes(), &options).unwrap();
    let mismatch = import
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::ChecksumMismatch)
        .unwrap();
    assert_eq!(mismatch.severity, Severity::Warning);
    assert!(read(text.as_bytes(), &ReadOptions::default()).is_err());
}

#[test]
fn diagnostics_carry_their_values_as_fields() {
    // A checksum that does not verify: the declared and the computed value.
    let text = format!(
        "#FLAGGA 0\n#KSUMMA\n{}#KSUMMA 12345\n",
        &sie(VOUCHER)["#FLAGGA 0\n".len()..]
    );
    let (_, found) = diagnostics(text.as_bytes(), &ReadOptions::default());
    let mismatch = found
        .iter()
        .find(|d| d.code == DiagnosticCode::ChecksumMismatch)
        .unwrap();
    assert_eq!(mismatch.values["declared"], "12345");
    assert!(mismatch.values["computed"].parse::<u32>().is_ok());
    // An unbalanced voucher: the voucher and its sum.
    let text = sie("#VER A 7 20220105\n{\n#TRANS 1930 {} 100.00\n#TRANS 3010 {} -90.00\n}\n");
    let (_, found) = diagnostics(text.as_bytes(), &ReadOptions::default());
    let unbalanced = found
        .iter()
        .find(|d| d.code == DiagnosticCode::UnbalancedVoucher)
        .unwrap();
    assert_eq!(unbalanced.values["voucher"], "A 7");
    assert_eq!(unbalanced.values["computed"], "10.00");
    // An odd object list is quoted.
    let text =
        sie("#VER A 1 20220105\n{\n#TRANS 1930 {1 \"Nord\" 6} 100.00\n#TRANS 3010 {} -100.00\n}\n");
    let (_, found) = diagnostics(text.as_bytes(), &ReadOptions::default());
    let odd = found
        .iter()
        .find(|d| d.code == DiagnosticCode::InvalidObjectList)
        .unwrap();
    assert!(odd.message.contains("{1 Nord 6}"), "{}", odd.message);
}

#[test]
#[cfg(feature = "kolada")]
fn kolada_errors_say_where_and_word_the_key_as_a_person_would() {
    use styrmodell::kolada::{Area, KoladaError, read_kpis, read_values, read_values_tolerant};
    let duplicate = "{\"values\":[{\"kpi\":\"N00945\",\"municipality\":\"0188\",\"period\":2023,\"values\":[\n{\"gender\":\"T\",\"value\":1,\"count\":1,\"status\":\"\"},\n{\"gender\":\"T\",\"value\":2,\"count\":1,\"status\":\"\"}]}]}";
    let err = read_values(duplicate).unwrap_err();
    assert_eq!(
        err.to_string(),
        "kolada N00945, municipality 0188, 2023, total: given twice, at /values/0/values/0 (line 2) and at /values/0/values/1 (line 3)"
    );
    // Tolerant reading keeps the first and reports the second.
    let (page, skipped) = read_values_tolerant(duplicate).unwrap();
    assert_eq!(page.values.len(), 1);
    assert!(matches!(&skipped[..], [KoladaError::Duplicate { .. }]));
    // A group code is a group, not a municipality.
    let group = r#"{"values":[{"kpi":"N00945","municipality":"G38175","period":2009,"values":[{"gender":"T","value":12.3,"count":17,"status":""}]}]}"#;
    let page = read_values(group).unwrap();
    assert_eq!(page.values[0].area, Area::Group("G38175".to_owned()));
    assert!(page.observations(&"N00945".parse().unwrap()).is_empty());
    // KPI metadata keeps its publication date and period.
    let kpis = read_kpis(r#"{"values":[{"id":"N00945","title":"Nettokostnad","publication_date":"2024-03-20","publ_period":"2023"}]}"#).unwrap();
    assert_eq!(kpis[0].publication_date.unwrap().to_string(), "2024-03-20");
    assert_eq!(kpis[0].publication_period.as_deref(), Some("2023"));
}

#[test]
fn a_refused_value_is_given_as_found() {
    let text = sie("#VER A 1 20220105\n{\n#TRANS 1930 {} 12,50\n#TRANS 3010 {} -100.00\n}\n");
    let (_, found) = diagnostics(text.as_bytes(), &ReadOptions::default());
    let amount = found
        .iter()
        .find(|d| d.code == DiagnosticCode::InvalidAmount)
        .unwrap();
    assert_eq!(amount.values["found"], "12,50");
}

#[test]
fn a_complete_last_line_without_its_line_end_is_read_with_a_warning() {
    let text = sie(VOUCHER);
    let text = text.trim_end_matches('\n');
    let import = read(text.as_bytes(), &ReadOptions::default()).unwrap();
    let cut = import
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::Truncated)
        .unwrap();
    assert_eq!(cut.severity, Severity::Warning);
    assert_eq!(import.document.vouchers.len(), 1);
}
