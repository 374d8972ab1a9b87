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
                let level = "#".repeat(usize::from(level));
                let _ = writeln!(out, "{level} {}\n", one_line(&text));
            }
            Block::Text(text) => {
                let _ = writeln!(out, "{}\n", literal(&text));
            }
            Block::Table(table) => table_md(&table, &mut out),
            // The trace's first line names the goal.
            Block::Trace { body, .. } => {
                let fence = fence(&body);
                let _ = writeln!(out, "{fence}text\n{body}{fence}\n");
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", one_line(&item));
                }
                out.push('\n');
            }
            Block::Bars { .. } | Block::Lines { .. } => {}
        }
    }
    out
}

/// Text shown as written: a `<` or `&` in a name is text, not HTML or an entity.
fn literal(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// As [`literal`], on one line: a line break in a name must not end a heading, item or row.
fn one_line(text: &str) -> String {
    literal(text)
        .replace("\r\n", " ")
        .replace(['\r', '\n'], " ")
}

/// A code fence longer than any run of backticks in `body`, so nothing in it closes the block.
fn fence(body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.saturating_add(1).max(3))
}

/// A pipe table; cells are [`one_line`] with `|` escaped.
fn table_md(table: &Table, out: &mut String) {
    let cell = |text: &str| one_line(text).replace('|', "\\|");
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

#[cfg(test)]
mod tests {
    use super::super::document::{Cell, Table, heads};
    use super::*;

    #[test]
    fn a_name_cannot_break_a_table_row_or_become_html() {
        let table = Table {
            head: heads(&["Enhet", "Utfall"]),
            numeric: vec![false, true],
            rows: vec![vec![
                Cell::from("A|B <b>fet</b> &amp;\nny rad".to_owned()),
                Cell::from("1".to_owned()),
            ]],
        };
        let mut out = String::new();
        table_md(&table, &mut out);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "| Enhet | Utfall |",
                "|---|--:|",
                "| A\\|B &lt;b>fet&lt;/b> &amp;amp; ny rad | 1 |",
                "",
            ]
        );
    }

    #[test]
    fn a_fence_outlasts_the_backticks_in_its_body() {
        assert_eq!(fence("plain"), "```");
        assert_eq!(fence("a ```` b"), "`````");
    }
}
