//! The styrmodell side of the DuckDB comparison (`benches/compare_duckdb.py` drives it).
//!
//! `generate N DIR` writes the synthetic units and facts for DuckDB; `time N` builds
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

/// Writes the units as CSV (a thousand lines) and the facts as one raw little-endian column
/// file each (`unit` i32, `account` i32, `month` i32, `layer` i32, `ore` i64), which the
/// script hands to DuckDB through Arrow: loading ten million rows from CSV took DuckDB 2.0
/// longer than the whole comparison.
fn generate(n: usize, dir: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let mut units = String::from("unit,parent\n");
    for (i, parent) in support::parents().into_iter().enumerate() {
        let parent = parent.map_or(String::new(), |p| p.to_string());
        writeln!(units, "{i},{parent}").unwrap();
    }
    std::fs::write(format!("{dir}/units.csv"), units).unwrap();
    let rows = support::rows(n);
    let column =
        |name: &str, bytes: Vec<u8>| std::fs::write(format!("{dir}/{name}.bin"), bytes).unwrap();
    let int32 = |value: fn(&support::Row) -> i32| -> Vec<u8> {
        rows.iter()
            .flat_map(|row| value(row).to_le_bytes())
            .collect()
    };
    column("unit", int32(|row| i32::try_from(row.unit).unwrap()));
    column("account", int32(|row| i32::from(row.account)));
    column("month", int32(|row| i32::from(row.month)));
    column("layer", int32(|row| i32::from(row.layer)));
    column(
        "ore",
        rows.iter().flat_map(|row| row.ore.to_le_bytes()).collect(),
    );
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
