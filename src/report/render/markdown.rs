//! Markdown: headings, pipe tables with right-aligned numbers, traces in code blocks. Charts
//! are left to the HTML report.

use std::fmt::Write as _;

use super::RenderOptions;
use super::document::{Block, Table, blocks};
use crate::report::Report;

pub(super) fn render(report: &Report, options: &RenderOptions) -> String {
    let mut out = String::new();
    for block in blocks(report, options) {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(out, "{} {text}\n", "#".repeat(usize::from(level)));
            }
            Block::Text(text) => {
                let _ = writeln!(out, "{text}\n");
            }
            Block::Table(table) => table_md(&table, &mut out),
            // The trace's first line names the goal.
            Block::Trace { body, .. } => {
                let _ = writeln!(out, "```text\n{body}```\n");
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {item}");
                }
                out.push('\n');
            }
            Block::Bars { .. } | Block::Lines { .. } => {}
        }
    }
    out
}

/// A pipe table; `|` inside cells is escaped.
fn table_md(table: &Table, out: &mut String) {
    let cell = |text: &str| text.replace('|', "\\|");
    let _ = writeln!(
        out,
        "| {} |",
        table
            .head
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let rule: Vec<&str> = table
        .numeric
        .iter()
        .map(|n| if *n { "--:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
    for row in &table.rows {
        let _ = writeln!(
            out,
            "| {} |",
            row.iter()
                .map(|c| cell(&c.text))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    out.push('\n');
}
