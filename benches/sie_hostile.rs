//! Hostile SIE input at scale: 100 MB of stray braces, of unknown labels and of one line with
//! millions of fields, and 1 MB of one object list with many dimensions and of one-day `#RAR`
//! years. Each file is read as a whole document and streamed, each in a fresh process, and the
//! bench prints the time and the peak resident memory against the file's size (targets: at
//! most 3 x the file for the whole document, 1.5 x streaming; the 1 MB files well under a
//! second).
//!
//! `cargo bench --bench sie_hostile` writes the files under `target/sie-hostile/` once.
#![allow(
    clippy::arithmetic_side_effects,
    missing_docs,
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    clippy::doc_markdown
)]

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use styrmodell::sie::{self, ReadOptions};

const HEADER: &str = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20220101 20221231\n";
const BIG: usize = 100_000_000;
const SMALL: usize = 1_000_000;

/// A file's name and how to make its text.
type HostileFile = (&'static str, fn() -> String);

/// The files.
fn files() -> Vec<HostileFile> {
    vec![
        ("stray-braces-100mb", || repeat("}\n", BIG)),
        ("unknown-labels-100mb", || repeat("#X 1\n", BIG)),
        ("long-field-line-100mb", || {
            let mut text = String::from(HEADER);
            text.push_str("#PROSA");
            text.push_str(&" x".repeat(BIG / 2));
            text.push('\n');
            text
        }),
        ("many-dimensions-1mb", || {
            let mut text = String::from(HEADER);
            text.push_str("#VER A 1 20220101\n{\n#TRANS 1930 {");
            let mut dimension = 0u64;
            while text.len() < SMALL {
                let _ = write!(text, "{dimension} \"o\" ");
                dimension += 1;
            }
            text.push_str("} 1.00\n}\n");
            text
        }),
        ("one-day-years-1mb", || {
            let mut text = String::from("#FLAGGA 0\n#SIETYP 4\n");
            let first = chrono::NaiveDate::from_ymd_opt(1000, 1, 1).unwrap();
            let mut i = 0u64;
            while text.len() < SMALL {
                let day = (first + chrono::Days::new(i)).format("%Y%m%d");
                let _ = writeln!(text, "#RAR -{i} {day} {day}");
                i += 1;
            }
            text
        }),
    ]
}

fn repeat(line: &str, size: usize) -> String {
    let mut text = String::from(HEADER);
    text.push_str(&line.repeat(size / line.len()));
    text
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sie-hostile")
}

/// Reads one file in this process: `document` keeps it whole, else it is streamed.
fn measure(name: &str, document: bool) {
    let bytes = std::fs::read(dir().join(name)).unwrap();
    let start = Instant::now();
    let options = ReadOptions::default();
    let diagnostics = if document {
        match sie::read(&bytes, &options) {
            Ok(import) => import.diagnostics.len(),
            Err(err) => err.diagnostics.len(),
        }
    } else {
        match sie::read_streaming(&bytes, &options, |_| {}) {
            Ok(import) => import.diagnostics.len(),
            Err(err) => err.diagnostics.len(),
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    let size = bytes.len() as f64;
    let peak = support::peak_rss().unwrap_or(0) as f64;
    println!(
        "sie_hostile {name} ({}): {:.1} MB in {seconds:.3} s, {diagnostics} diagnostics kept; peak memory {:.0} MB = {:.2} x the file",
        if document {
            "whole document"
        } else {
            "streaming"
        },
        size / 1e6,
        peak / 1e6,
        peak / size
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "measure") {
        let name = args.get(at + 1).unwrap();
        measure(name, args.iter().any(|a| a == "document"));
        return;
    }
    std::fs::create_dir_all(dir()).unwrap();
    for (name, make) in files() {
        let path = dir().join(name);
        if !path.exists() {
            std::fs::write(&path, make()).unwrap();
        }
        for how in ["document", "streaming"] {
            let status = std::process::Command::new(std::env::current_exe().unwrap())
                .args(["measure", name, how])
                .status()
                .unwrap();
            assert!(status.success());
        }
    }
}
