//! Reading and mapping a generated SIE 4 file of about 100 MB (a million vouchers) into
//! ledger facts: throughput in MB/s, and peak memory against the file size.
//!
//! `cargo bench --bench sie_read` writes the file to `target/sie-bench.se` once, then measures
//! in a fresh process (so generation does not count toward the peak): the bytes read, the
//! streaming read and mapping, best of three, and the process's peak resident memory. Two more
//! fresh processes, for comparison, sum the vouchers into facts (`Mapping::read_and_map`) and
//! read the file into a whole `SieDocument` (every voucher kept). A last one runs a bare
//! tokenizer (lines, fields, `#TRANS` amounts parsed into decimals, nothing checked or kept):
//! the upper bound the reader is measured against. Another reads a CP437 variant of the file,
//! with Swedish letters in every voucher text, straight into a ledger. The scaling run writes files of 10 and
//! 300 MB beside the first and prints the cost per voucher row of both mapping paths at each
//! size.
#![allow(
    clippy::arithmetic_side_effects,
    missing_docs,
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::doc_markdown
)]

mod support;

use std::io::Write as _;
use std::time::Instant;

use styrmodell::sie::ReadOptions;
use styrmodell::{Ledger, PlanHorizon, Year};

const VOUCHERS: usize = 1_000_000;

/// Writes the generated file of `vouchers` vouchers to `path`.
fn generate(path: &std::path::Path, vouchers: usize) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(path)
        .unwrap()
        .write_all(support::sie::text(vouchers).as_bytes())
        .unwrap();
}

/// Where the CP437 variant of the file at `path` is kept.
fn cp437_path(path: &std::path::Path) -> std::path::PathBuf {
    path.with_file_name("sie-bench-cp437.se")
}

/// Reads the CP437 variant straight into a ledger: a line of ASCII is read as it is, and only
/// a line with letters beyond it is decoded.
fn measure_cp437(path: &std::path::Path) {
    let bytes = std::fs::read(cp437_path(path)).unwrap();
    assert!(bytes.iter().any(|&b| b >= 0x80));
    let (best, facts) = read_into_best(&bytes, VOUCHERS);
    let size = bytes.len() as f64;
    let peak = support::peak_rss().unwrap_or(0) as f64;
    println!(
        "sie_read (CP437 with Swedish letters in every voucher text, {:.1} MB, straight into a ledger, {facts} facts): best {best:.3} s = {:.0} MB/s; peak memory {:.0} MB = {:.2} x the file",
        size / 1e6,
        size / 1e6 / best,
        peak / 1e6,
        peak / size
    );
}

/// Best of three of reading `bytes` straight into a ledger; the seconds and the facts.
fn read_into_best(bytes: &[u8], vouchers: usize) -> (f64, usize) {
    let org = support::organisation();
    let chart = support::chart().with_account("1930".parse().unwrap(), "Bank");
    let horizon = PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap();
    let mapping = support::sie::unit_mapping();
    let mut best = f64::MAX;
    let mut facts = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let mut builder = Ledger::builder(org.clone(), chart.clone(), horizon);
        builder.reserve(2 * vouchers);
        let (_, diagnostics) = mapping
            .read_into(bytes, &ReadOptions::default(), &mut builder)
            .unwrap();
        assert!(diagnostics.is_empty(), "{:?}", diagnostics.first());
        let ledger = builder.build().unwrap();
        best = best.min(start.elapsed().as_secs_f64());
        facts = ledger.len();
    }
    (best, facts)
}

/// Best of three of summing `bytes`' vouchers into facts; the seconds and the facts.
fn read_and_map_best(bytes: &[u8]) -> (f64, usize) {
    let mapping = support::sie::unit_mapping();
    let mut best = f64::MAX;
    let mut facts = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let (_, mapped) = mapping
            .read_and_map(bytes, &ReadOptions::default())
            .unwrap();
        best = best.min(start.elapsed().as_secs_f64());
        facts = mapped.facts.len();
    }
    (best, facts)
}

fn measure(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap();
    let (best, facts) = read_into_best(&bytes, VOUCHERS);
    let size = bytes.len() as f64;
    let peak = support::peak_rss().unwrap_or(0) as f64;
    println!(
        "sie_read: {:.1} MB, {} vouchers, {facts} ledger facts: best {best:.3} s = {:.0} MB/s; peak memory {:.0} MB = {:.2} x the file",
        size / 1e6,
        VOUCHERS,
        size / 1e6 / best,
        peak / 1e6,
        peak / size
    );
}

/// Reads the file and sums its vouchers into facts with a table of its 1 000 unit objects
/// (`Mapping::read_and_map`).
fn measure_summed(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap();
    let (seconds, facts) = read_and_map_best(&bytes);
    let size = bytes.len() as f64;
    let peak = support::peak_rss().unwrap_or(0) as f64;
    println!(
        "sie_read (summed by read_and_map with a unit table into {facts} facts): best {seconds:.3} s = {:.0} MB/s; peak memory {:.0} MB = {:.2} x the file",
        size / 1e6 / seconds,
        peak / 1e6,
        peak / size
    );
}

/// The cost per voucher row at 10, 100 and 300 MB, for both mapping paths: flat when
/// nothing grows faster than the file.
fn measure_scaling(main_file: &std::path::Path) {
    for vouchers in [VOUCHERS / 10, VOUCHERS, VOUCHERS * 3] {
        let path = if vouchers == VOUCHERS {
            main_file.to_path_buf()
        } else {
            main_file.with_file_name(format!("sie-bench-{vouchers}.se"))
        };
        if !path.exists() {
            generate(&path, vouchers);
        }
        let bytes = std::fs::read(&path).unwrap();
        let rows = 2.0 * vouchers as f64;
        let megabytes = bytes.len() as f64 / 1e6;
        let (into, _) = read_into_best(&bytes, vouchers);
        let (summed, _) = read_and_map_best(&bytes);
        println!(
            "sie_read scaling, {megabytes:.0} MB: read_into {:.0} ns a row ({:.0} MB/s), read_and_map {:.0} ns a row ({:.0} MB/s)",
            into * 1e9 / rows,
            megabytes / into,
            summed * 1e9 / rows,
            megabytes / summed
        );
    }
}

/// Streams the file's vouchers to a sink that only counts their rows: the reading alone, the
/// floor under both mapping paths.
fn measure_streaming(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut best = f64::MAX;
    let mut rows = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let mut counted = 0;
        styrmodell::sie::read_streaming(&bytes, &ReadOptions::default(), |voucher| {
            counted += voucher.rows.len();
        })
        .unwrap();
        best = best.min(start.elapsed().as_secs_f64());
        rows = counted;
    }
    println!(
        "sie_read (streaming to a sink that counts {rows} rows, the reading alone): best {best:.3} s = {:.0} MB/s",
        bytes.len() as f64 / 1e6 / best
    );
}

/// Reads the file into a whole document, keeping every voucher.
fn measure_document(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap();
    let start = Instant::now();
    let import = styrmodell::sie::read(&bytes, &ReadOptions::default()).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let size = bytes.len() as f64;
    let peak = support::peak_rss().unwrap_or(0) as f64;
    println!(
        "sie_read (whole document, {} vouchers kept): {seconds:.3} s = {:.0} MB/s; peak memory {:.0} MB = {:.2} x the file",
        import.document.vouchers.len(),
        size / 1e6 / seconds,
        peak / 1e6,
        peak / size
    );
}

fn measure_bare(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut best = f64::MAX;
    let mut rows = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let (counted, total) = support::sie::bare_tokenize(&bytes);
        best = best.min(start.elapsed().as_secs_f64());
        assert!(total.is_zero(), "balanced vouchers sum to zero");
        rows = counted;
    }
    println!(
        "sie_read (bare tokenizer, the upper bound: {rows} rows): best {best:.3} s = {:.0} MB/s",
        bytes.len() as f64 / 1e6 / best
    );
}

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sie-bench.se");
    if std::env::args().any(|a| a == "measure") {
        measure(&path);
        return;
    }
    if std::env::args().any(|a| a == "measure-document") {
        measure_document(&path);
        return;
    }
    if std::env::args().any(|a| a == "measure-streaming") {
        measure_streaming(&path);
        return;
    }
    if std::env::args().any(|a| a == "measure-bare") {
        measure_bare(&path);
        return;
    }
    if std::env::args().any(|a| a == "measure-scaling") {
        measure_scaling(&path);
        return;
    }
    if std::env::args().any(|a| a == "measure-summed") {
        measure_summed(&path);
        return;
    }
    if std::env::args().any(|a| a == "measure-cp437") {
        measure_cp437(&path);
        return;
    }
    if !path.exists() {
        generate(&path, VOUCHERS);
    }
    if !cp437_path(&path).exists() {
        let variant = support::sie::cp437_variant(&std::fs::read(&path).unwrap());
        std::fs::write(cp437_path(&path), variant).unwrap();
    }
    for what in [
        "measure",
        "measure-summed",
        "measure-cp437",
        "measure-document",
        "measure-streaming",
        "measure-bare",
        "measure-scaling",
    ] {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .arg(what)
            .status()
            .unwrap();
        assert!(status.success());
    }
}
