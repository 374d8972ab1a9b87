//! The statutory statements laid out: the income statement in the RKR layout and the balance
//! requirement statement, worded in the report's language.

use std::borrow::Cow;

use super::document::{Block, Cell, Table};
use super::{Lang, RenderOptions};
use crate::amount::Amount;
use crate::finance::BalanceRow;
use crate::report::{StatementColumn, StatementsSection};
use crate::statements::{RkrRow, Sign};

/// The section's words.
struct Words {
    income: &'static str,
    sign: &'static str,
    ledger_sign: &'static str,
    row: &'static str,
    outcome: &'static str,
    forecast: &'static str,
    budget: &'static str,
    of_which: &'static str,
    balance: &'static str,
    balance_forecast: &'static str,
    balance_rows: [&'static str; 16],
}

const SV: Words = Words {
    income: "Resultaträkning",
    sign: "Uppställning enligt RKR med intäkter och överskott positiva, kostnader negativa. Transaktioner mellan kommunens egna verksamheter är eliminerade; driftredovisningen ovan visar dem.",
    ledger_sign: "Uppställning enligt RKR med bokföringens tecken: kostnader och underskott positiva, intäkter och överskott negativa. Transaktioner mellan kommunens egna verksamheter är eliminerade; driftredovisningen ovan visar dem.",
    row: "Belopp",
    outcome: "Utfall",
    forecast: "Prognos helår",
    budget: "Budget",
    of_which: "därav jämförelsestörande poster",
    balance: "Balanskravsutredning",
    balance_forecast: "Innevarande år bygger på helårsprognosen.",
    balance_rows: [
        "Årets resultat",
        "Samtliga realisationsvinster",
        "Vissa realisationsvinster enligt undantagsmöjlighet",
        "Vissa realisationsförluster enligt undantagsmöjlighet",
        "Orealiserade förluster i värdepapper",
        "Återföring av orealiserade förluster i värdepapper",
        "Övriga justeringar",
        "Årets resultat efter balanskravsjusteringar",
        "Medel till resultatutjämningsreserv",
        "Medel från resultatutjämningsreserv",
        "Synnerliga skäl",
        "Årets balanskravsresultat",
        "Balanskravsunderskott från tidigare år",
        "Summa",
        "Balanskravsresultat att återställa",
        "Resultatutjämningsreserv vid årets slut",
    ],
};

const EN: Words = Words {
    income: "Income statement",
    sign: "RKR layout with revenue and a surplus positive, costs negative. Transactions between the municipality's own operations are eliminated; the follow-up above shows them.",
    ledger_sign: "RKR layout in the ledger sign: costs and a deficit positive, revenue and a surplus negative. Transactions between the municipality's own operations are eliminated; the follow-up above shows them.",
    row: "Amounts",
    outcome: "Outcome",
    forecast: "Full-year forecast",
    budget: "Budget",
    of_which: "of which items affecting comparability",
    balance: "Balance requirement",
    balance_forecast: "The current year rests on the full-year forecast.",
    balance_rows: [
        "Result of the year",
        "All realisation gains",
        "Realisation gains under the exemption",
        "Realisation losses under the exemption",
        "Unrealised losses on securities",
        "Reversal of unrealised losses on securities",
        "Other adjustments",
        "Result after balance requirement adjustments",
        "To the result equalisation reserve",
        "From the result equalisation reserve",
        "Exceptional reasons",
        "Balance requirement result",
        "Deficit from earlier years",
        "Total",
        "Balance requirement result to restore",
        "Result equalisation reserve at year end",
    ],
};

/// Lays out `section`.
pub(super) fn blocks(section: &StatementsSection, options: &RenderOptions, out: &mut Vec<Block>) {
    let w = match options.lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    };
    out.push(Block::Heading(2, w.income.to_owned()));
    let ledger = section.sign == Sign::Ledger;
    out.push(Block::Text(
        (if ledger { w.ledger_sign } else { w.sign }).to_owned(),
    ));
    let head: Vec<String> = section
        .income
        .iter()
        .map(|(column, _)| match column {
            StatementColumn::Outcome(range) | StatementColumn::OutcomeYearBefore(range) => {
                format!("{} {}–{}", w.outcome, range.start(), range.end())
            }
            StatementColumn::FullYearForecast => w.forecast.to_owned(),
            StatementColumn::Budget(year) => format!("{} {year}", w.budget),
        })
        .collect();
    let mut rows = Vec::new();
    for row in RkrRow::ALL {
        let label = match options.lang {
            Lang::Sv => row.label_sv(),
            Lang::En => row.label_en(),
        };
        let amounts: Vec<(Amount, Amount)> = section
            .income
            .iter()
            .map(|(_, s)| {
                let found = s.rows.iter().find(|r| r.row == row);
                let (amount, marked) = found.map_or((Amount::ZERO, Amount::ZERO), |r| {
                    (r.amount, r.of_which_comparability)
                });
                if ledger {
                    (amount.negated(), marked.negated())
                } else {
                    (amount, marked)
                }
            })
            .collect();
        // Extraordinary items show only when there are any.
        if row == RkrRow::ExtraordinaryItems && amounts.iter().all(|(a, _)| a.is_zero()) {
            continue;
        }
        rows.push(numbers(
            label.to_owned(),
            amounts.iter().map(|(a, _)| *a),
            options,
        ));
        if !row.is_subtotal() && amounts.iter().any(|(_, c)| !c.is_zero()) {
            rows.push(numbers(
                format!("· {}", w.of_which),
                amounts.iter().map(|(_, c)| *c),
                options,
            ));
        }
    }
    out.push(table(w.row, head, rows));
    if let Some(balance) = &section.balance {
        balance_blocks(balance, section, w, options, out);
    }
    if let Some((opening, closing)) = &section.balance_sheet {
        super::stocks::blocks(opening, closing, section, options, out);
    }
}

fn balance_blocks(
    balance: &[BalanceRow],
    section: &StatementsSection,
    w: &Words,
    options: &RenderOptions,
    out: &mut Vec<Block>,
) {
    out.push(Block::Heading(2, w.balance.to_owned()));
    if section
        .income
        .iter()
        .any(|(c, _)| *c == StatementColumn::FullYearForecast)
    {
        out.push(Block::Text(w.balance_forecast.to_owned()));
    }
    let head = balance.iter().map(|r| r.year.to_string()).collect();
    let rows = w
        .balance_rows
        .iter()
        .enumerate()
        .filter_map(|(n, label)| {
            let cells: Vec<Option<Amount>> = balance.iter().map(|r| balance_value(n, r)).collect();
            // The reserve's row shows only when the reserve is carried; other adjustments only
            // when there are any.
            let other = n == 6;
            if cells.iter().all(Option::is_none)
                || other && cells.iter().all(|c| c.is_none_or(Amount::is_zero))
            {
                return None;
            }
            let mut row = vec![Cell::from((*label).to_owned())];
            row.extend(cells.into_iter().map(|c| options.maybe_cell(c)));
            Some(row)
        })
        .collect();
    out.push(table(w.row, head, rows));
}

/// The `n`-th row of the balance requirement statement for one year, signed as printed: a
/// deduction negative.
fn balance_value(n: usize, r: &BalanceRow) -> Option<Amount> {
    let q = &r.requirement;
    Some(match n {
        0 => q.result,
        1 => q.realisation_gains.negated(),
        2 => q.exempt_gains,
        3 => q.exempt_losses,
        4 => q.unrealised_losses,
        5 => q.reversed_unrealised_losses.negated(),
        6 => return Amount::checked_sum(q.adjustments.iter().map(|a| a.amount)).ok(),
        7 => r.adjusted_result,
        8 => q.to_reserve.negated(),
        9 => q.from_reserve,
        10 => q.exceptional_reasons,
        11 => r.balance_result,
        12 => r.deficit_from_earlier,
        13 => r.total,
        14 => r.to_restore,
        _ => return r.reserve.and_then(|reserve| reserve.closing().ok()),
    })
}

fn numbers(
    label: String,
    amounts: impl Iterator<Item = Amount>,
    options: &RenderOptions,
) -> Vec<Cell> {
    let mut row = vec![Cell::from(label)];
    row.extend(amounts.map(|a| options.cell(a)));
    row
}

/// A table of a label column and one numeric column per head.
pub(super) fn table(first: &'static str, head: Vec<String>, rows: Vec<Vec<Cell>>) -> Block {
    let columns = head.len();
    let mut numeric = vec![false];
    numeric.extend(std::iter::repeat_n(true, columns));
    let mut labels = vec![Cow::Borrowed(first)];
    labels.extend(head.into_iter().map(Cow::Owned));
    Block::Table(Table {
        head: labels,
        numeric,
        rows,
    })
}
