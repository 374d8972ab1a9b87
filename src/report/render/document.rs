//! The report laid out as blocks (headings, text, tables, charts, traces) once, so the
//! Markdown and HTML renderers only decide how each block looks.

use super::RenderOptions;
use super::labels::{self, Labels};
use crate::compare::TrafficLight;
use crate::follow_up::Figures;
use crate::investment::FinalReport;
use crate::report::{MonthlyPoint, Report};
use crate::steering::{Fulfilment, TestResult};
use std::borrow::Cow;

/// One table cell: text, and a traffic light shown beside it in HTML.
pub(super) struct Cell {
    pub(super) text: String,
    pub(super) light: Option<TrafficLight>,
    /// The amount shown, in the report's scale and rounding, for spreadsheets to keep as a
    /// number.
    #[cfg_attr(
        not(feature = "xlsx"),
        allow(dead_code, reason = "read by the xlsx writer")
    )]
    pub(super) number: Option<rust_decimal::Decimal>,
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell {
            text,
            light: None,
            number: None,
        }
    }
}

/// A table; `numeric` marks right-aligned columns.
pub(super) struct Table {
    pub(super) head: Vec<Cow<'static, str>>,
    pub(super) numeric: Vec<bool>,
    pub(super) rows: Vec<Vec<Cell>>,
}

/// Column heads from fixed words.
pub(super) fn heads(words: &[&'static str]) -> Vec<Cow<'static, str>> {
    words.iter().map(|w| Cow::Borrowed(*w)).collect()
}

/// A bar of the committee chart.
pub(super) struct Bar {
    pub(super) name: String,
    pub(super) values: [i128; 3],
}

/// One block of the report.
pub(super) enum Block {
    Heading(u8, String),
    Text(String),
    Table(Table),
    Bars {
        title: &'static str,
        legend: [&'static str; 3],
        bars: Vec<Bar>,
    },
    Lines {
        title: &'static str,
        legend: [&'static str; 2],
        points: Vec<MonthlyPoint>,
    },
    Trace {
        title: String,
        body: String,
    },
    List(Vec<String>),
}

pub(super) fn goal_light(state: Fulfilment) -> TrafficLight {
    match state {
        Fulfilment::Fulfilled => TrafficLight::Green,
        Fulfilment::PartlyFulfilled => TrafficLight::Yellow,
        Fulfilment::NotFulfilled => TrafficLight::Red,
        Fulfilment::NotAssessed => TrafficLight::Grey,
    }
}

fn result_light(result: TestResult) -> TrafficLight {
    match result {
        TestResult::Met => TrafficLight::Green,
        TestResult::PartlyMet => TrafficLight::Yellow,
        TestResult::NotMet => TrafficLight::Red,
        TestResult::NoData => TrafficLight::Grey,
    }
}

/// Lays the report out.
pub(super) fn blocks(report: &Report, options: &RenderOptions) -> Vec<Block> {
    if options.totals == super::Totals::KeepSums {
        let kept = super::totals::kept(report, options.quantum(), &options.amounts);
        return laid_out(&kept, options);
    }
    laid_out(report, options)
}

/// In an English report, how numbers are written, when not the English way.
fn number_format(options: &RenderOptions) -> String {
    let f = &options.amounts;
    if options.lang != super::Lang::En
        || (f.thousands_separator == ',' && f.decimal_separator == '.')
    {
        return String::new();
    }
    let thousands = match f.thousands_separator {
        ' ' | '\u{a0}' | '\u{202f}' => "a space".to_owned(),
        c => format!("\"{c}\""),
    };
    format!(
        " Numbers are written with {thousands} between thousands and \"{}\" before decimals; per cent with a decimal comma.",
        f.decimal_separator
    )
}

fn laid_out(report: &Report, options: &RenderOptions) -> Vec<Block> {
    let l = Labels::of(options.lang);
    let mut out = vec![
        Block::Heading(
            1,
            format!(
                "{} {} {} – {}",
                labels::kind(report.kind, options.lang),
                l.as_of,
                report.as_of,
                report.scope_name
            ),
        ),
        Block::Text(format!(
            "{}: {}. {} {}. {} {}, {} {}, {}. {}{}",
            l.status,
            labels::status(report.workflow.status(), options.lang),
            l.known_on,
            report.known,
            l.amounts_in,
            options.amounts.scale.label(),
            l.rounded,
            options.rounding_text(),
            if options.totals == super::Totals::KeepSums {
                l.rounding_kept
            } else {
                l.rounding_differences
            },
            l.sign,
            number_format(options)
        )),
    ];
    economy(report, options, l, &mut out);
    if let Some(section) = &report.comparison {
        super::comparison::blocks(section, options, &mut out);
    }
    if let Some(section) = &report.statements {
        super::statutory::blocks(section, options, &mut out);
    }
    investments(report, options, l, &mut out);
    goals(report, options, l, &mut out);
    assignments(report, options, l, &mut out);
    group(report, options, l, &mut out);
    comments(report, options, l, &mut out);
    // Never a header over an empty table: an empty table says there is nothing to show.
    out.into_iter()
        .map(|block| match block {
            Block::Table(table) if table.rows.is_empty() => Block::Text(l.no_data.to_owned()),
            block => block,
        })
        .collect()
}

/// The figures of a row; without the forecast columns when the follow-up has no forecast
/// (none made by the knowledge date, or an annual report of outcome).
fn figures_cells(figures: &Figures, options: &RenderOptions, with_forecast: bool) -> Vec<Cell> {
    let amount = |a| options.cell(a);
    let mut cells = vec![
        amount(figures.annual_budget),
        amount(figures.budget_to_date),
        amount(figures.outcome_to_date),
        amount(figures.deviation_to_date),
        Cell::from(
            figures
                .budget_used
                .map_or_else(|| "–".to_owned(), |r| r.format_percent(1)),
        ),
    ];
    if with_forecast {
        cells.push(options.maybe_cell(figures.forecast));
        cells.push(options.maybe_cell(figures.forecast_deviation));
    }
    cells
}

fn figures_table(
    first: &'static str,
    l: &Labels,
    rows: Vec<Vec<Cell>>,
    with_forecast: bool,
) -> Table {
    let mut head = vec![
        first,
        l.annual_budget,
        l.budget_to_date,
        l.outcome_to_date,
        l.deviation,
        l.used,
    ];
    if with_forecast {
        head.extend([l.forecast, l.forecast_deviation]);
    }
    let mut numeric = vec![true; head.len()];
    if let Some(first) = numeric.first_mut() {
        *first = false;
    }
    Table {
        head: heads(&head),
        numeric,
        rows,
    }
}

fn economy(report: &Report, options: &RenderOptions, l: &Labels, out: &mut Vec<Block>) {
    let follow_up = &report.economy.follow_up;
    let with_forecast = follow_up.forecast_made.is_some();
    out.push(Block::Heading(2, l.economy.to_owned()));
    let rows = follow_up
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![Cell::from(format!(
                "{}{}",
                "· ".repeat(row.depth as usize),
                row.name
            ))];
            cells.extend(figures_cells(&row.net, options, with_forecast));
            cells
        })
        .collect();
    out.push(Block::Table(figures_table(l.unit, l, rows, with_forecast)));
    let mut parts = vec![format!(
        "{}: {}.",
        l.year_elapsed,
        follow_up.year_elapsed.format_percent(1)
    )];
    if let Some(made) = follow_up.forecast_made {
        parts.push(format!("{}: {made}.", l.forecast_made));
    }
    if let Some(share) = report.economy.result_share {
        parts.push(format!("{}: {}.", l.result_share, share.format_percent(1)));
    }
    let text = parts.join(" ");
    out.push(Block::Text(text));
    if !follow_up.filled_forecasts.is_empty() {
        out.push(Block::Text(format!("{}:", l.filled_forecasts)));
        out.push(Block::List(
            follow_up
                .filled_forecasts
                .iter()
                .map(|f| {
                    format!(
                        "{} {}: {} + {} = {}",
                        f.unit,
                        f.account,
                        options.amount(f.outcome_to_date),
                        options.amount(f.remaining_budget),
                        options.amount(f.full_year)
                    )
                })
                .collect(),
        ));
    }
    let bars = follow_up
        .rows
        .iter()
        .filter(|row| row.depth == 1)
        .map(|row| Bar {
            name: row.name.clone(),
            values: [
                row.net.annual_budget.ore(),
                row.net.outcome_to_date.ore(),
                row.net.forecast.map_or(0, crate::amount::Amount::ore),
            ],
        })
        .collect::<Vec<_>>();
    if with_forecast && !bars.is_empty() {
        out.push(Block::Bars {
            title: l.bar_chart,
            legend: [l.annual_budget, l.outcome_to_date, l.forecast],
            bars,
        });
    }
    out.push(Block::Lines {
        title: l.line_chart,
        legend: [l.budget, l.outcome],
        points: report.economy.monthly.clone(),
    });
    if let Some(scope) = follow_up.rows.first() {
        out.push(Block::Heading(3, format!("{} – {}", l.line, scope.name)));
        let rows = scope
            .lines
            .iter()
            .map(|(line, figures)| {
                let name = match options.lang {
                    super::Lang::Sv => line.label_sv(),
                    super::Lang::En => line.label_en(),
                };
                let mut cells = vec![Cell::from(name.to_owned())];
                cells.extend(figures_cells(figures, options, with_forecast));
                cells
            })
            .collect();
        out.push(Block::Table(figures_table(l.line, l, rows, with_forecast)));
    }
}

fn investments(report: &Report, options: &RenderOptions, l: &Labels, out: &mut Vec<Block>) {
    let section = &report.investments;
    out.push(Block::Heading(2, l.investments.to_owned()));
    let rows = section
        .rows
        .iter()
        .map(|row| {
            vec![
                Cell::from(format!("{} {}", row.project, row.name)),
                options.cell(row.yearly_budget),
                options.cell(row.outcome_to_date),
                options.cell(row.appropriation),
                options.cell(row.withdrawn),
                options.cell(row.accumulated),
                options.cell(row.forecast_at_completion),
                options.cell(row.deviation),
            ]
        })
        .collect();
    out.push(Block::Table(Table {
        head: heads(&[
            l.project,
            l.yearly_budget,
            l.outcome_to_date,
            l.appropriation,
            l.withdrawn,
            l.accumulated,
            l.forecast_at_completion,
            l.deviation,
        ]),
        numeric: vec![false, true, true, true, true, true, true, true],
        rows,
    }));
    for final_report in &section.final_reports {
        final_report_table(final_report, options, l, out);
    }
}

/// A final report in kronor, as the decision documents show it.
fn final_report_table(
    report: &FinalReport,
    options: &RenderOptions,
    l: &Labels,
    out: &mut Vec<Block>,
) {
    out.push(Block::Heading(
        3,
        format!(
            "{} {}: {} ({} {})",
            l.final_report, report.project, report.name, l.kronor_outcome_per, report.date
        ),
    ));
    let blank = |a: Option<crate::amount::Amount>| {
        Cell::from(a.map_or_else(String::new, |a| options.kronor(a)))
    };
    let mut rows: Vec<Vec<Cell>> = report
        .lines
        .iter()
        .map(|line| {
            vec![
                Cell::from(line.name.clone()),
                Cell::from(options.kronor(line.budget)),
                blank(line.outcome),
                blank(line.deviation),
            ]
        })
        .collect();
    let totals = |name: String, t: &crate::investment::Totals| {
        vec![
            Cell::from(name),
            Cell::from(options.kronor(t.budget)),
            Cell::from(options.kronor(t.outcome)),
            blank(t.deviation),
        ]
    };
    for total in &report.totals {
        rows.push(totals(format!("{} {}", l.total, total.label), total));
    }
    out.push(Block::Table(Table {
        head: heads(&[l.cost_line, l.budget, l.outcome, l.deviation]),
        numeric: vec![false, true, true, true],
        rows,
    }));
}

/// The financial goals' table: each goal's values and judgement.
fn financial_goals(
    report: &Report,
    goals: &[crate::assess::GoalAssessment],
    options: &RenderOptions,
    l: &Labels,
    out: &mut Vec<Block>,
) {
    let financial: Vec<Vec<Cell>> = goals
        .iter()
        .filter(|g| report.financial_goals.contains(&g.goal))
        .flat_map(|goal| {
            goal.indicators.iter().map(move |r| {
                let state = goal.fulfilment();
                vec![
                    Cell::from(goal.goal.to_string()),
                    Cell::from(r.explanation.text(options.lang)),
                    Cell::from(
                        r.threshold
                            .as_ref()
                            .map_or_else(|| "–".to_owned(), |t| labels::threshold(t, options.lang)),
                    ),
                    Cell {
                        text: labels::fulfilment(state, options.lang).to_owned(),
                        light: Some(goal_light(state)),
                        number: None,
                    },
                ]
            })
        })
        .collect();
    if !financial.is_empty() {
        out.push(Block::Heading(3, l.financial_goals.to_owned()));
        out.push(Block::Table(Table {
            head: heads(&[l.goal, l.value, l.target, l.assessment]),
            numeric: vec![false; 4],
            rows: financial,
        }));
    }
}

fn goals(report: &Report, options: &RenderOptions, l: &Labels, out: &mut Vec<Block>) {
    let Some(goals) = &report.goals else { return };
    out.push(Block::Heading(2, l.goals.to_owned()));
    let rows = goals
        .iter()
        .map(|goal| {
            let state = goal.fulfilment();
            let mut text = labels::fulfilment(state, options.lang).to_owned();
            if goal.manual.is_some() {
                text = format!("{text} ({})", l.manual);
            }
            vec![
                Cell::from(goal.goal.to_string()),
                Cell::from(goal.title.clone()),
                Cell {
                    text,
                    light: Some(goal_light(state)),
                    number: None,
                },
            ]
        })
        .collect();
    out.push(Block::Table(Table {
        head: heads(&[l.goal, l.title, l.assessment]),
        numeric: vec![false; 3],
        rows,
    }));
    financial_goals(report, goals, options, l, out);
    out.push(Block::Heading(3, l.indicators.to_owned()));
    let rows = goals
        .iter()
        .flat_map(|goal| {
            goal.indicators.iter().map(move |r| {
                let indicator = if r.name.is_empty() {
                    r.indicator.to_string()
                } else {
                    format!("{} ({})", r.name, r.indicator)
                };
                vec![
                    Cell::from(goal.goal.to_string()),
                    Cell::from(indicator),
                    Cell::from(
                        r.threshold
                            .as_ref()
                            .map_or_else(|| "–".to_owned(), |t| labels::threshold(t, options.lang)),
                    ),
                    Cell::from(r.value.map_or_else(
                        || "–".to_owned(),
                        |v| labels::measured(&v, &r.unit, options.lang),
                    )),
                    Cell {
                        text: labels::result(r.result, options.lang).to_owned(),
                        light: Some(result_light(r.result)),
                        number: None,
                    },
                    Cell::from(labels::trend(r.trend, options.lang).to_owned()),
                ]
            })
        })
        .collect();
    out.push(Block::Table(Table {
        head: heads(&[l.goal, l.indicator, l.target, l.value, l.result, l.trend]),
        numeric: vec![false, false, false, true, false, false],
        rows,
    }));
    activities(report, options, l, out);
    out.push(Block::Heading(3, l.traces.to_owned()));
    for goal in goals {
        out.push(Block::Trace {
            title: goal.goal.to_string(),
            body: goal.trace.text(options.lang),
        });
    }
}

/// The activities under the goals they serve.
fn activities(report: &Report, options: &RenderOptions, l: &Labels, out: &mut Vec<Block>) {
    let Some(rows) = report.activities.as_ref().filter(|rows| !rows.is_empty()) else {
        return;
    };
    out.push(Block::Heading(3, l.activities.to_owned()));
    let rows = rows
        .iter()
        .map(|row| {
            let mut status = labels::activity_status(row.status, options.lang);
            if !row.comment.is_empty() {
                status = format!("{status}: {}", row.comment);
            }
            vec![
                Cell::from(row.goal.to_string()),
                Cell::from(format!("{} {}", row.activity, row.title)),
                Cell::from(row.unit.to_string()),
                Cell::from(row.owner.clone()),
                Cell::from(status),
                Cell::from(row.end.to_string()),
            ]
        })
        .collect();
    out.push(Block::Table(Table {
        head: heads(&[l.goal, l.activity, l.unit, l.owner, l.status, l.ends]),
        numeric: vec![false; 6],
        rows,
    }));
}

fn assignments(report: &Report, options: &RenderOptions, l: &Labels, out: &mut Vec<Block>) {
    let Some(section) = &report.assignments else {
        return;
    };
    out.push(Block::Heading(2, l.assignments.to_owned()));
    if section.rows.is_empty() {
        out.push(Block::Text(l.no_data.to_owned()));
        return;
    }
    let counts: Vec<String> = section
        .counts
        .by_status
        .iter()
        .map(|(status, n)| format!("{} {n}", labels::assignment_status(*status, options.lang)))
        .collect();
    out.push(Block::Text(format!(
        "{}; {}: {}.",
        counts.join(", "),
        l.overdue,
        section.counts.overdue.len()
    )));
    let rows = section
        .rows
        .iter()
        .map(|row| {
            let mut status = labels::assignment_status(row.status, options.lang).to_owned();
            if row.overdue {
                status = format!("{status} ({})", l.overdue);
            }
            let light = if row.overdue {
                Some(TrafficLight::Red)
            } else {
                None
            };
            vec![
                Cell::from(format!("{} {}", row.id, row.title)),
                Cell::from(row.assignee.to_string()),
                Cell::from(row.due.map_or_else(|| "–".to_owned(), |d| d.to_string())),
                Cell {
                    text: status,
                    light,
                    number: None,
                },
                Cell::from(row.comment.clone()),
            ]
        })
        .collect();
    out.push(Block::Table(Table {
        head: heads(&[l.assignment, l.assignee, l.due, l.status, l.comment]),
        numeric: vec![false; 5],
        rows,
    }));
}

fn group(report: &Report, options: &RenderOptions, l: &Labels, out: &mut Vec<Block>) {
    let Some(group) = &report.group else { return };
    out.push(Block::Heading(2, l.group.to_owned()));
    let method = match group.method {
        crate::group::ConsolidationMethod::Proportional => l.proportional,
        crate::group::ConsolidationMethod::Full => l.full,
    };
    out.push(Block::Text(format!(
        "{} {}: {method}. {}",
        l.group_basis, group.months, l.group_vs_economy
    )));
    // With the group accounts the income statement comes in the RKR layout below; without
    // them, line by line in the report's ledger sign.
    if report.group_accounts.is_none() {
        let rows = group
            .lines
            .iter()
            .map(|line| {
                let name = match options.lang {
                    super::Lang::Sv => line.line.label_sv(),
                    super::Lang::En => line.line.label_en(),
                };
                vec![
                    Cell::from(name.to_owned()),
                    options.cell(line.municipality),
                    options.cell(line.group),
                ]
            })
            .collect();
        out.push(Block::Table(Table {
            head: heads(&[l.line, l.municipality, l.group_column]),
            numeric: vec![false, true, true],
            rows,
        }));
    }
    let percent = |d: rust_decimal::Decimal| {
        crate::ratio::Ratio::new(d, rust_decimal::Decimal::ONE)
            .map_or_else(|_| "–".to_owned(), |r| r.format_percent(1))
    };
    let members = group
        .members
        .iter()
        .map(|m| {
            vec![
                Cell::from(m.entity.to_string()),
                Cell::from(super::labels::membership(m.membership, options.lang).to_owned()),
                Cell::from(percent(m.share)),
                Cell::from(percent(m.weight)),
            ]
        })
        .collect();
    out.push(Block::Table(Table {
        head: heads(&[l.group_party, l.membership, l.owned_share, l.weight]),
        numeric: vec![false, false, true, true],
        rows: members,
    }));
    if let Some(accounts) = &report.group_accounts {
        super::stocks::group_blocks(accounts, options, out);
    }
}

fn comments(report: &Report, options: &RenderOptions, l: &Labels, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, l.comments.to_owned()));
    let written: Vec<String> = report
        .comments
        .iter()
        .map(|c| {
            let entity = labels::entity(&c.entity, options.lang);
            format!("{entity}: {} ({})", c.text, c.author)
        })
        .collect();
    out.push(if written.is_empty() {
        Block::Text(l.none.to_owned())
    } else {
        Block::List(written)
    });
    out.push(Block::Heading(3, l.missing_comments.to_owned()));
    let missing: Vec<String> = report
        .missing_comments
        .iter()
        .map(|m| labels::missing_comment(m, options))
        .collect();
    out.push(if missing.is_empty() {
        Block::Text(l.none.to_owned())
    } else {
        Block::List(missing)
    });
}
