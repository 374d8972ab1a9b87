//! Every hostile input found against 0.1.0 (copied from `shared/testdata/hostile/` into
//! `tests/data/hostile/`): an error or a diagnostic of the right kind, never a panic.

use std::fmt::Write as _;
use std::path::PathBuf;

use styrmodell::NaiveDate;
use styrmodell::sie::{self, DiagnosticCode, Mapping, Profile, ReadOptions, Source};
use styrmodell::steering::{
    Comparator, MeasureUnit, Measured, Polarity, SteeringModel, TestResult, Threshold,
};
use styrmodell::*;

fn hostile(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/hostile")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sie_files() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("se"))
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 13, "{names:?}");
    names
}

fn options(profile: Profile) -> ReadOptions {
    ReadOptions::default().profile(profile)
}

/// Every diagnostic code of a read, accepted or refused.
fn codes(bytes: &[u8], options: &ReadOptions) -> Vec<DiagnosticCode> {
    match sie::read(bytes, options) {
        Ok(import) => import.diagnostics.iter().map(|d| d.code).collect(),
        Err(err) => err.diagnostics.iter().map(|d| d.code).collect(),
    }
}

#[test]
fn every_hostile_sie_file_reads_maps_and_streams_without_a_panic() {
    for name in sie_files() {
        let bytes = hostile(&name);
        for profile in [Profile::Tolerant, Profile::Strict] {
            let options = options(profile);
            let _ = codes(&bytes, &options);
            let _ = sie::read_streaming(&bytes, &options, |_| {});
            for source in [Source::PeriodRows, Source::Vouchers] {
                let mapping = Mapping::default()
                    .source(source)
                    .default_unit("KF".parse().unwrap());
                if let Ok(import) = sie::read(&bytes, &options) {
                    let _ = mapping.map(&import.document);
                }
                let _ = mapping.read_and_map(&bytes, &options);
            }
        }
    }
}

#[test]
fn amounts_beyond_the_readers_range_are_invalid_amounts_on_their_line() {
    // The overflow files carry amounts near a decimal's end: each is refused where it is read.
    for name in sie_files().iter().filter(|n| n.contains("overflow")) {
        let found = codes(&hostile(name), &ReadOptions::default());
        assert!(
            found.contains(&DiagnosticCode::InvalidAmount),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn hostile_steering_models_deserialise_or_refuse_and_assess_without_a_panic() {
    for name in [
        "steering_json-threshold-tolerance-overflow.json",
        "steering_json-progress-baseline-overflow.json",
        "steering_json-percent-text-division-overflow.json",
        "steering_json-sum-aggregation-overflow.json",
        "steering_json-mean-aggregation-overflow.json",
    ] {
        let text = String::from_utf8(hostile(name)).unwrap();
        let Ok(model) = serde_json::from_str::<SteeringModel>(&text) else {
            continue; // refused with an error is as good as assessed
        };
        for period in ["2021", "2022", "2023"] {
            let year: Year = period.parse().unwrap();
            let as_of = AsOf::end_of(year.last_month());
            let _ = assess::assess(
                &model,
                None,
                year.into(),
                assess::AssessmentMode::Final,
                as_of,
            );
        }
    }
}

#[test]
fn sums_and_means_past_the_range_give_no_value_with_a_reason() {
    let text = String::from_utf8(hostile("steering_json-sum-aggregation-overflow.json")).unwrap();
    let model: SteeringModel = serde_json::from_str(&text).unwrap();
    let (value, why) = assess::indicator_value(
        &model,
        None,
        &"I".parse().unwrap(),
        &"KF".parse().unwrap(),
        "2022".parse().unwrap(),
        assess::AssessmentMode::Final,
        AsOf::end_of("2022-12".parse().unwrap()),
    )
    .unwrap();
    assert_eq!(value, None);
    assert!(why.to_string().contains("cannot combine"), "{why}");
}

#[test]
fn a_report_format_with_many_decimals_prints_at_most_the_cap() {
    #[derive(serde::Deserialize)]
    struct Case {
        format: ReportFormat,
        amounts: Vec<Amount>,
    }
    // The fuzzed file starts with a stray control byte before its JSON.
    let bytes = hostile("model_json-report-format-precision.json");
    let start = bytes.iter().position(|b| *b == b'{').unwrap();
    let case: Case = serde_json::from_slice(&bytes[start..]).unwrap();
    for amount in &case.amounts {
        let text = case.format.format(*amount);
        let decimals = text.rsplit_once(',').map_or(0, |(_, d)| d.len());
        assert_eq!(
            u32::try_from(decimals).unwrap(),
            MAX_FORMAT_DECIMALS,
            "{text}"
        );
    }
    let wide = ReportFormat::default().decimals(70_000);
    let largest = Amount::from_ore(99_999_999_999_999_999_999).unwrap();
    assert!(
        wide.format(largest)
            .starts_with("999 999 999 999 999 999,99")
    );
    assert!(
        largest
            .report()
            .decimals(14)
            .to_string()
            .ends_with(",9900000000")
    );
}

#[test]
fn plain_values_at_the_edges_answer_with_errors() {
    assert!(Amount::from_ore(i128::MIN).is_err());
    assert!(Amount::from_ore(i128::MAX).is_err());
    let huge = Decimal::from_i128_with_scale(10i128.pow(24), 0);
    let tiny = Decimal::new(1, 10);
    let share = Ratio::new(huge, tiny).unwrap();
    assert!(share.to_decimal().is_err());
    assert!(share.percent(2, Rounding::HalfAwayFromZero).is_err());
    assert_eq!(share.format_percent(3), "–");
    let max = Ratio::new(Decimal::MAX, Decimal::ONE).unwrap();
    let third = Ratio::new(Decimal::MAX, Decimal::from(3)).unwrap();
    assert!(max.cmp_value(third).is_err());
    let big = Ratio::new(
        Decimal::from_i128_with_scale(10i128.pow(27), 0),
        Decimal::ONE,
    )
    .unwrap();
    assert_eq!(Measured::Share(big).as_number(&MeasureUnit::Percent), None);
}

#[test]
fn thresholds_at_the_edges_of_the_range_test_without_a_panic() {
    let near_end = Threshold::new(Comparator::Ge, Decimal::MAX, MeasureUnit::Count)
        .with_tolerance(Decimal::MAX);
    let result = near_end.test(
        &Measured::Number(Decimal::MAX),
        None,
        Polarity::HigherIsBetter,
    );
    assert_eq!(result, Ok(TestResult::Met));
    let improve = Threshold::new(
        Comparator::ImproveOnPrevious,
        Decimal::ZERO,
        MeasureUnit::Count,
    )
    .with_tolerance(Decimal::ONE);
    let result = improve.test(
        &Measured::Number(Decimal::MIN),
        Some(&Measured::Number(Decimal::MAX)),
        Polarity::HigherIsBetter,
    );
    assert_eq!(result, Ok(TestResult::NotMet));
}

/// Decimal's `+ - * /` are refused by the crate's `clippy::arithmetic_side_effects` lint; its
/// `Sum` (which panics past the range too) is not, so every `.sum` in the library names an
/// integer type.
#[test]
fn no_unchecked_decimal_sum_in_the_library() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    let mut offenders = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let typed = [
                    ".sum::<i128>()",
                    ".sum::<u64>()",
                    ".sum::<u32>()",
                    ".sum::<usize>()",
                ];
                let sums = line.matches(".sum()").count() + line.matches(".sum::<").count();
                let allowed = typed.iter().map(|t| line.matches(t).count()).sum::<usize>();
                if sums > allowed {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "untyped or decimal sums: {offenders:#?}"
    );
}

const HEADER: &str = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20220101 20221231\n";

fn read_any(text: &str) -> (sie::SieDocument, Vec<sie::Diagnostic>) {
    match sie::read(text.as_bytes(), &ReadOptions::default()) {
        Ok(import) => (import.document, import.diagnostics),
        Err(err) => (sie::SieDocument::default(), err.diagnostics),
    }
}

#[test]
fn diagnostics_are_capped_per_code_with_a_count_of_the_rest() {
    let text = format!("{HEADER}{}", "}\n".repeat(10_000));
    let (_, diagnostics) = read_any(&text);
    let braces: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::StrayBrace)
        .collect();
    assert_eq!(braces.len(), sie::MAX_DIAGNOSTICS_PER_CODE + 1);
    let summary = braces.iter().find(|d| d.line == 0).unwrap();
    assert!(summary.message.contains("9900 more"), "{}", summary.message);
}

#[test]
fn unknown_records_are_kept_up_to_a_cap_and_counted_beyond() {
    let text = format!("{HEADER}{}", "#X 1 2\n".repeat(5_000));
    let (document, diagnostics) = read_any(&text);
    assert_eq!(document.unknown.len(), sie::MAX_RAW_RECORDS);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.line == 0 && d.message.contains("4000 more raw records")),
        "{diagnostics:?}"
    );
}

#[test]
fn a_line_with_very_many_fields_keeps_the_first_and_says_so() {
    let text = format!("{HEADER}#PROSA{}\n", " x".repeat(100_000));
    let (document, diagnostics) = read_any(&text);
    assert!(document.extra_fields.iter().all(|r| r.fields.len() < 64));
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::Nonstandard && d.message.contains("99936 fields")),
        "{diagnostics:?}"
    );
}

#[test]
fn many_fiscal_years_are_checked_for_overlaps_by_start_date() {
    let mut text = String::from("#FLAGGA 0\n#SIETYP 4\n");
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    for i in 0..20_000u32 {
        let day = first + chrono::Days::new(u64::from(i));
        let date = day.format("%Y%m%d");
        let _ = writeln!(text, "#RAR -{i} {date} {date}");
    }
    // One more, over the fourth and fifth days: the year starting last before its end, the
    // fifth day (index -4), is the one reported.
    text.push_str("#RAR 1 19000104 19000105\n");
    let (document, diagnostics) = read_any(&text);
    assert_eq!(document.fiscal_years.len(), 20_000);
    let overlap = diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::InvalidFiscalYear)
        .unwrap();
    assert!(
        overlap.message.contains("overlaps year -4"),
        "{}",
        overlap.message
    );
}
