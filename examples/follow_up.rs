//! The main example: the demo municipality's follow-up report.
//!
//! `cargo run --example follow_up` prints the interim report (delårsrapport) as of August 2022
//! as Markdown and writes the HTML version to `target/follow_up.html`.
//!
//! Options: `--as-of YYYY-MM`, `--kind monthly|tertial|interim|annual`, `--scope UNIT` (an
//! org unit id, `municipality` or `group`), `--format md|html|json|xlsx`, `--lang sv|en`,
//! `--out PATH`, `--compare as-it-was|todays-shape`, `--planning`, `--keep-sums` (round so
//! that parts add up to their totals).
//!
//! `--planning` prints the demo's budget round for 2023 instead: phases, frames and the
//! budgets approved under them, the schools' allocation by pupils, personnel budgets, capital
//! costs, submissions and approvals, forecasts against the system's proposals, effect goals 4
//! and 5 counted from the records, and the investment portfolio's scenarios side by side.
//!
//! Reports of 2023 run on the demo's 2023 organisation (after the reorganisation of
//! 2023-01-01) and compare with 2022 in the 2023 shape unless `--compare as-it-was` says
//! otherwise: `cargo run --example follow_up -- --kind monthly --as-of 2023-05`. Markdown and JSON go to standard output unless `--out` is given; HTML goes to
//! `target/follow_up.html` unless `--out` is given.

#![allow(clippy::arithmetic_side_effects)]

#[path = "follow_up/planning.rs"]
mod planning;

use std::path::PathBuf;
use std::process::ExitCode;

use styrmodell::report::render::{self, Lang, RenderOptions};
use styrmodell::report::{Comparison, ComparisonShape, ReportInputs, ReportRequest};
use styrmodell::{Month, ReportKind, ReportScope, ReportingCalendar, demo};

const USAGE: &str = "usage: follow_up [--as-of YYYY-MM] [--kind monthly|tertial|interim|annual] \
[--scope UNIT|municipality|group] [--format md|html|json|xlsx] [--lang sv|en] [--out PATH] \
[--compare as-it-was|todays-shape] [--planning] [--keep-sums]";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Html,
    Json,
    Xlsx,
}

struct Options {
    as_of: Month,
    kind: ReportKind,
    scope: ReportScope,
    format: Option<Format>,
    lang: Lang,
    out: Option<PathBuf>,
    compare: ComparisonShape,
    planning: bool,
    keep_sums: bool,
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("follow_up: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("follow_up: {err}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        as_of: "2022-08".parse().map_err(|e| format!("{e}"))?,
        kind: ReportKind::Interim,
        scope: ReportScope::Municipality,
        format: None,
        lang: Lang::Sv,
        out: None,
        compare: ComparisonShape::TodaysShape,
        planning: false,
        keep_sums: false,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--as-of" => options.as_of = value()?.parse().map_err(|e| format!("--as-of: {e}"))?,
            "--kind" => {
                options.kind = match value()?.as_str() {
                    "monthly" => ReportKind::Monthly,
                    "tertial" => ReportKind::Tertial,
                    "interim" => ReportKind::Interim,
                    "annual" => ReportKind::Annual,
                    other => {
                        return Err(format!(
                            "--kind: unknown kind {other:?}, expected monthly, tertial, interim or annual"
                        ));
                    }
                }
            }
            "--scope" => {
                options.scope = match value()?.as_str() {
                    "municipality" => ReportScope::Municipality,
                    "group" => ReportScope::Group,
                    unit => ReportScope::Unit(unit.parse().map_err(|e| format!("--scope: {e}"))?),
                }
            }
            "--format" => {
                options.format = Some(match value()?.as_str() {
                    "md" => Format::Markdown,
                    "html" => Format::Html,
                    "json" => Format::Json,
                    "xlsx" => Format::Xlsx,
                    other => {
                        return Err(format!(
                            "--format: unknown format {other:?}, expected md, html, json or xlsx"
                        ));
                    }
                });
            }
            "--lang" => {
                options.lang = match value()?.as_str() {
                    "sv" => Lang::Sv,
                    "en" => Lang::En,
                    other => {
                        return Err(format!(
                            "--lang: unknown language {other:?}, expected sv or en"
                        ));
                    }
                }
            }
            "--out" => options.out = Some(PathBuf::from(value()?)),
            "--planning" => options.planning = true,
            "--keep-sums" => options.keep_sums = true,
            "--compare" => {
                options.compare = match value()?.as_str() {
                    "as-it-was" => ComparisonShape::AsItWas,
                    "todays-shape" => ComparisonShape::TodaysShape,
                    other => {
                        return Err(format!(
                            "--compare: unknown shape {other:?}, expected as-it-was or todays-shape"
                        ));
                    }
                }
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(options)
}

/// Writes the report as a workbook (the `xlsx` feature).
#[cfg(feature = "xlsx")]
fn write_workbook(
    report: &styrmodell::Report,
    options: &RenderOptions,
    path: &PathBuf,
) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, render::xlsx(report, options)?)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("follow_up: wrote {}", path.display());
    Ok(())
}

#[cfg(not(feature = "xlsx"))]
fn write_workbook(
    _report: &styrmodell::Report,
    _options: &RenderOptions,
    _path: &PathBuf,
) -> Result<(), Box<dyn std::error::Error>> {
    Err("workbooks need the xlsx feature: cargo run --features xlsx --example follow_up -- --format xlsx".into())
}

fn run(options: &Options) -> Result<(), Box<dyn std::error::Error>> {
    if options.planning {
        print!("{}", planning::overview()?);
        return Ok(());
    }
    // 2023 is reported in the organisation of 2023, with 2022 beside it.
    let after_reorganisation = options.as_of.year().number() >= 2023;
    let (ledger_2022, history) = (demo::ledger()?, demo::org_history()?);
    let (ledger, model) = if after_reorganisation {
        (demo::ledger_2023()?, demo::steering_model_2023()?)
    } else {
        (ledger_2022.clone(), demo::steering_model()?)
    };
    let projects = demo::investment_projects()?;
    let calendar = ReportingCalendar::typical(options.as_of.year());
    let narratives = demo::narratives()?;
    // The 2023 round's records: activities show under their goals.
    let planning = if after_reorganisation {
        Some(demo::planning_2023()?)
    } else {
        None
    };
    let comparison = after_reorganisation.then_some(Comparison {
        ledger: &ledger_2022,
        history: &history,
        shape: options.compare,
    });
    let statutory = demo::statutory()?;
    let inputs = ReportInputs {
        ledger: &ledger,
        model: &model,
        projects: &projects,
        calendar: &calendar,
        narratives: &narratives,
        comparison,
        planning: planning.as_ref(),
        // No balance requirement adjustments are declared in the demo; the pension commitment
        // outside the balance sheet is.
        statutory: Some(&statutory),
    };
    let report = ReportRequest::new(options.kind, options.as_of)
        .scope(options.scope.clone())
        .build(&inputs)?;
    let mut render_options = RenderOptions::default().lang(options.lang);
    if options.keep_sums {
        render_options = render_options.keep_sums();
    }
    let default_html =
        PathBuf::from(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_owned()))
            .join("follow_up.html");
    let write = |path: &PathBuf, text: &str| -> Result<(), Box<dyn std::error::Error>> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("follow_up: wrote {}", path.display());
        Ok(())
    };
    if options.format == Some(Format::Xlsx) {
        let path = options
            .out
            .clone()
            .unwrap_or_else(|| default_html.with_extension("xlsx"));
        return write_workbook(&report, &render_options, &path);
    }
    let text = match options.format.unwrap_or(Format::Markdown) {
        Format::Markdown => render::markdown(&report, &render_options),
        Format::Json => render::json(&report)?,
        Format::Html | Format::Xlsx => render::html(&report, &render_options),
    };
    match (&options.out, options.format) {
        (Some(path), _) => write(path, &text)?,
        (None, Some(Format::Html)) => write(&default_html, &text)?,
        (None, _) => print!("{text}"),
    }
    if options.format.is_none() {
        write(&default_html, &render::html(&report, &render_options))?;
    }
    Ok(())
}
