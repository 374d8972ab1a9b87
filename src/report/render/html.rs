//! One self-contained HTML page: inline CSS and SVG, no scripts, no external resources; on a
//! narrow screen a wide table scrolls in its own box, never the page; printed on A4, tables
//! stay whole and every trace is opened.

use std::fmt::Write as _;

use super::document::{Block, Table, blocks};
use super::svg::{bars, escape, light, lines};
use super::{Lang, RenderOptions};
use crate::report::Report;

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:1100px;\
color:#1d1d1d;line-height:1.4;padding:0 1rem}h1{font-size:1.6rem;border-bottom:3px solid #1f4e79;padding-bottom:.3rem}\
h2{font-size:1.3rem;margin-top:2rem;color:#1f4e79}h3{font-size:1.05rem}table{border-collapse:collapse;margin:.5rem 0 1rem;\
font-size:.9rem;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f1f4f8}td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\
svg.chart{display:block;margin:.5rem 0 1rem;max-width:100%;height:auto;font-size:12px}svg.chart text.value{fill:#333;font-size:11px}\
svg.light{vertical-align:middle;margin-right:.35rem}details{margin:.3rem 0}pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;\
font-size:.8rem;white-space:pre-wrap}p.note{color:#444}div.scroll{overflow-x:auto;max-width:100%}\
figure{margin:1rem 0}@media (max-width:600px){body{margin:1rem auto;padding:0 .5rem}h1{font-size:1.3rem}}\
@page{size:A4;margin:15mm}\
@media print{body{margin:0;max-width:none;padding:0}h2{page-break-after:avoid}table,svg.chart,pre{page-break-inside:avoid}\
div.scroll{overflow:visible}details>summary{display:none}details>pre{display:block}\
details::details-content{content-visibility:visible;display:block}}";

pub(super) fn render(report: &Report, options: &RenderOptions) -> String {
    let lang = match options.lang {
        Lang::Sv => "sv",
        Lang::En => "en",
    };
    let blocks = blocks(report, options);
    let title = blocks
        .iter()
        .find_map(|b| {
            if let Block::Heading(1, t) = b {
                Some(t.as_str())
            } else {
                None
            }
        })
        .unwrap_or("");
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(title)
    );
    for block in &blocks {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(text));
            }
            Block::Text(text) => {
                let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(text));
            }
            Block::Table(table) => table_html(table, &mut out),
            Block::Bars {
                title,
                legend,
                bars: data,
            } => {
                let _ = writeln!(
                    out,
                    "<figure><figcaption>{}</figcaption>{}</figure>",
                    escape(title),
                    bars(title, *legend, data, options)
                );
            }
            Block::Lines {
                title,
                legend,
                points,
            } => {
                let _ = writeln!(
                    out,
                    "<figure><figcaption>{}</figcaption>{}</figure>",
                    escape(title),
                    lines(title, *legend, points, options)
                );
            }
            Block::Trace { title, body } => {
                let _ = writeln!(
                    out,
                    "<details><summary>{}</summary><pre>{}</pre></details>",
                    escape(title),
                    escape(body)
                );
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for item in items {
                    let _ = write!(out, "<li>{}</li>", escape(item));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn table_html(table: &Table, out: &mut String) {
    let class = |numeric: bool| if numeric { " class=\"num\"" } else { "" };
    // A wide table scrolls inside its own box on a narrow screen, not the whole page.
    out.push_str("<div class=\"scroll\"><table><thead><tr>");
    for (head, numeric) in table.head.iter().zip(&table.numeric) {
        let _ = write!(out, "<th{}>{}</th>", class(*numeric), escape(head));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        out.push_str("<tr>");
        for (cell, numeric) in row.iter().zip(&table.numeric) {
            let dot = cell.light.map(|l| light(l, &cell.text)).unwrap_or_default();
            let _ = write!(
                out,
                "<td{}>{dot}{}</td>",
                class(*numeric),
                escape(&cell.text)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
}
