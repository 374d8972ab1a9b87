//! Inline SVG charts drawn with integer arithmetic: a horizontal grouped bar chart and a line
//! chart of cumulative amounts. No scripts, no external resources; every chart is well-formed
//! XML.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "chart layout on amounts below 10^20 öre and a few hundred pixels: products stay far inside i128"
)]

use std::fmt::Write as _;

use super::RenderOptions;
use super::document::Bar;
use crate::amount::Amount;
use crate::report::MonthlyPoint;

/// Colours of the series, in order.
const COLOURS: [&str; 3] = ["#8fa8c8", "#1f4e79", "#e0a030"];

/// Escapes text for XML and HTML.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Maps `value` within `min..=max` onto `0..=span` pixels.
fn scale(value: i128, min: i128, max: i128, span: i128) -> i128 {
    if max == min {
        0
    } else {
        (value - min) * span / (max - min)
    }
}

fn legend(out: &mut String, labels: &[&str], x: i128, y: i128) {
    for (i, (label, colour)) in labels.iter().zip(COLOURS).enumerate() {
        let x = x + i128::try_from(i).unwrap_or(0) * 170;
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{}" width="12" height="12" fill="{colour}"/>"#,
            y - 10
        );
        let _ = write!(
            out,
            r#"<text x="{}" y="{y}">{}</text>"#,
            x + 16,
            escape(label)
        );
    }
}

/// Budget, outcome and forecast per unit as horizontal bars from a zero line.
pub(super) fn bars(
    title: &str,
    legend_labels: [&str; 3],
    bars: &[Bar],
    options: &RenderOptions,
) -> String {
    const LABEL: i128 = 230;
    const PLOT: i128 = 420;
    const ROW: i128 = 46;
    let values = bars.iter().flat_map(|b| b.values);
    let min = values.clone().min().unwrap_or(0).min(0);
    let max = values.max().unwrap_or(0).max(0);
    let height = 74 + ROW * i128::try_from(bars.len()).unwrap_or(0);
    let zero = LABEL + scale(0, min, max, PLOT);
    let mut out = format!(
        r#"<svg class="chart" width="760" height="{height}" viewBox="0 0 760 {height}" role="img" aria-label="{}">"#,
        escape(title)
    );
    legend(&mut out, &legend_labels, LABEL, 16);
    for (row, bar) in bars.iter().enumerate() {
        let top = 34 + ROW * i128::try_from(row).unwrap_or(0);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            LABEL - 8,
            top + 22,
            escape(&bar.name)
        );
        for (i, (value, colour)) in bar.values.iter().zip(COLOURS).enumerate() {
            let end = LABEL + scale(*value, min, max, PLOT);
            let (x, width) = if end < zero {
                (end, zero - end)
            } else {
                (zero, end - zero)
            };
            let y = top + i128::try_from(i).unwrap_or(0) * 13;
            let amount = Amount::from_ore(*value)
                .map(|a| options.amount(a))
                .unwrap_or_default();
            let _ = write!(
                out,
                r#"<rect x="{x}" y="{y}" width="{}" height="11" fill="{colour}"><title>{}</title></rect>"#,
                width.max(1),
                escape(&amount)
            );
            // Labels go right of the bar, or right of the zero line for negative bars, so
            // they never cover the unit names on the left.
            let label_x = if end < zero {
                zero + 4
            } else {
                x + width.max(1) + 4
            };
            let _ = write!(
                out,
                r#"<text class="value" x="{label_x}" y="{}">{}</text>"#,
                y + 10,
                escape(&amount)
            );
        }
    }
    let _ = write!(
        out,
        r##"<line x1="{zero}" y1="26" x2="{zero}" y2="{}" stroke="#555"/>"##,
        height - 22
    );
    // The zero line and the unit of the amounts, named under the plot.
    let _ = write!(
        out,
        r#"<text class="axis" x="{zero}" y="{}" text-anchor="middle">0</text><text class="axis" x="{}" y="{}" text-anchor="end">{}</text></svg>"#,
        height - 6,
        LABEL + PLOT + 100,
        height - 6,
        escape(options.amounts.scale.label())
    );
    out
}

/// Cumulative budget and outcome by month.
pub(super) fn lines(
    title: &str,
    legend_labels: [&str; 2],
    points: &[MonthlyPoint],
    options: &RenderOptions,
) -> String {
    const LEFT: i128 = 90;
    const WIDTH: i128 = 620;
    const TOP: i128 = 30;
    const HEIGHT: i128 = 220;
    let values = points
        .iter()
        .flat_map(|p| [Some(p.budget.ore()), p.outcome.map(Amount::ore)])
        .flatten();
    let min = values.clone().min().unwrap_or(0).min(0);
    let max = values.max().unwrap_or(0).max(0);
    let steps = i128::try_from(points.len().saturating_sub(1).max(1)).unwrap_or(1);
    let x = |i: usize| LEFT + i128::try_from(i).unwrap_or(0) * WIDTH / steps;
    let y = |v: i128| TOP + HEIGHT - scale(v, min, max, HEIGHT);
    let mut out = format!(
        r#"<svg class="chart" width="760" height="300" viewBox="0 0 760 300" role="img" aria-label="{}">"#,
        escape(title)
    );
    legend(&mut out, &legend_labels, LEFT, 16);
    for (value, anchor) in [(max, "max"), (min, "min")] {
        let amount = Amount::from_ore(value)
            .map(|a| options.amount(a))
            .unwrap_or_default();
        let _ = write!(
            out,
            r#"<text class="axis" x="{}" y="{}" text-anchor="end" data-edge="{anchor}">{}</text>"#,
            LEFT - 6,
            y(value) + 4,
            escape(&amount)
        );
    }
    let (base, right) = (y(0), LEFT + WIDTH);
    let _ = write!(
        out,
        r##"<line x1="{LEFT}" y1="{base}" x2="{right}" y2="{base}" stroke="#555"/>"##
    );
    // Zero, where it is not already an edge's label; the unit above the axis; months below.
    if min != 0 && max != 0 {
        let _ = write!(
            out,
            r#"<text class="axis" x="{}" y="{}" text-anchor="end">0</text>"#,
            LEFT - 6,
            base + 4
        );
    }
    let month = match options.lang {
        super::Lang::Sv => "månad",
        super::Lang::En => "month",
    };
    let _ = write!(
        out,
        r#"<text class="axis" x="{}" y="{}" text-anchor="end">{}</text><text class="axis" x="{right}" y="{}" text-anchor="end">{month}</text>"#,
        LEFT - 6,
        TOP - 8,
        escape(options.amounts.scale.label()),
        TOP + HEIGHT + 38
    );
    for (i, point) in points.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="axis" x="{}" y="{}" text-anchor="middle">{:02}</text>"#,
            x(i),
            TOP + HEIGHT + 20,
            point.month.number()
        );
    }
    let series = |values: Vec<(usize, i128)>| {
        values
            .iter()
            .map(|(i, v)| format!("{},{}", x(*i), y(*v)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let budget = series(
        points
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.budget.ore()))
            .collect(),
    );
    let outcome = series(
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.outcome.map(|o| (i, o.ore())))
            .collect(),
    );
    let _ = write!(
        out,
        r#"<polyline fill="none" stroke="{}" stroke-width="2" stroke-dasharray="6 4" points="{budget}"/>"#,
        COLOURS[0]
    );
    let _ = write!(
        out,
        r#"<polyline fill="none" stroke="{}" stroke-width="3" points="{outcome}"/></svg>"#,
        COLOURS[1]
    );
    out
}

/// A traffic light as a small filled circle with its name for screen readers.
pub(super) fn light(light: crate::compare::TrafficLight, name: &str) -> String {
    use crate::compare::TrafficLight;
    let colour = match light {
        TrafficLight::Green => "#2e7d32",
        TrafficLight::Yellow => "#f2b705",
        TrafficLight::Red => "#c62828",
        TrafficLight::Grey => "#9e9e9e",
    };
    format!(
        r#"<svg class="light" width="12" height="12" viewBox="0 0 12 12" role="img" aria-label="{}"><circle cx="6" cy="6" r="5" fill="{colour}"/></svg>"#,
        escape(name)
    )
}
