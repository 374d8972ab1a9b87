//! The styrmodell side of the DuckDB comparison (`benches/compare_duckdb.py` drives it).
//!
//! `generate N DIR` writes the synthetic units and facts as CSV for DuckDB; `time N` builds
//! the ledger from the same rows in memory and rolls it up, printing the seconds and the
//! root's outcome so the script can check both tools agree. Run with no arguments (as
//! `cargo bench` does) it only says how to use it.
#![allow(
    clippy::arithmetic_side_effects,
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::doc_markdown
)]

mod support;

use std::fmt::Write as _;
use std::time::Instant;

use styrmodell::{AccountGrouping, Measure, PeriodRange, Year};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", n, dir] => generate(n.parse().unwrap(), dir),
        ["time", n] => time(n.parse().unwrap()),
        _ => eprintln!(
            "usage: rollup_vs_duckdb generate N DIR | time N (see benches/compare_duckdb.py)"
        ),
    }
}

fn generate(n: usize, dir: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let mut units = String::from("unit,parent\n");
    for (i, parent) in support::parents().into_iter().enumerate() {
        let parent = parent.map_or(String::new(), |p| p.to_string());
        writeln!(units, "{i},{parent}").unwrap();
    }
    std::fs::write(format!("{dir}/units.csv"), units).unwrap();
    let mut facts = String::with_capacity(n * 24);
    facts.push_str("unit,account,month,layer,ore\n");
    for row in support::rows(n) {
        writeln!(
            facts,
            "{},{},{},{},{}",
            row.unit, row.account, row.month, row.layer, row.ore
        )
        .unwrap();
    }
    std::fs::write(format!("{dir}/facts.csv"), facts).unwrap();
}

fn time(n: usize) {
    let org = support::organisation();
    let chart = support::chart();
    let units = support::unit_indices(&org);
    let codes = support::account_codes();
    let months = support::months();
    let rows = support::rows(n);
    let year = PeriodRange::from(Year::new(2022).unwrap());
    let start = Instant::now();
    let ledger = support::build(&org, &chart, &units, &codes, &months, &rows);
    let built = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let cube = ledger.roll_up(AccountGrouping::All, year);
    let totals = cube.subtotals(Measure::Outcome, None, year).unwrap();
    let rolled = start.elapsed().as_secs_f64();
    println!(
        "build_seconds={built:.4} rollup_seconds={rolled:.4} root_outcome_ore={} column_bytes={}",
        totals[0].ore(),
        ledger.column_bytes()
    );
}
