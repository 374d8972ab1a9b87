//! The balance sheet, the cash-flow statement and the key ratios laid out, in the report's
//! language.

use std::borrow::Cow;

use super::document::{Block, Cell, Table};
use super::{Lang, RenderOptions};
use crate::amount::Amount;
use crate::balance_sheet::{BalanceLine, BalanceSheet, CashFlow, KeyRatios};
use crate::ratio::Ratio;
use crate::report::StatementsSection;

/// What a row shows: a heading's amount, or one of the sheet's sums.
enum Row {
    Line(BalanceLine),
    Fixed,
    Current,
    Assets,
    Equity,
    Liabilities,
    Claims,
}

/// The balance sheet's rows: (Swedish, English, what).
const SHEET: &[(&str, &str, Row)] = &[
    ("Anläggningstillgångar", "Fixed assets", Row::Fixed),
    (
        "· Immateriella anläggningstillgångar",
        "· Intangible assets",
        Row::Line(BalanceLine::IntangibleAssets),
    ),
    (
        "· Mark, byggnader och tekniska anläggningar",
        "· Land, buildings and technical installations",
        Row::Line(BalanceLine::LandAndBuildings),
    ),
    (
        "· Maskiner och inventarier",
        "· Machinery and equipment",
        Row::Line(BalanceLine::Machinery),
    ),
    (
        "· Finansiella anläggningstillgångar",
        "· Financial assets",
        Row::Line(BalanceLine::FinancialAssets),
    ),
    ("Omsättningstillgångar", "Current assets", Row::Current),
    (
        "· Förråd m.m.",
        "· Inventories",
        Row::Line(BalanceLine::Inventories),
    ),
    (
        "· Fordringar",
        "· Receivables",
        Row::Line(BalanceLine::Receivables),
    ),
    (
        "· Kortfristiga placeringar",
        "· Short-term investments",
        Row::Line(BalanceLine::ShortTermInvestments),
    ),
    (
        "· Kassa och bank",
        "· Cash and bank",
        Row::Line(BalanceLine::Cash),
    ),
    ("Summa tillgångar", "Total assets", Row::Assets),
    ("Eget kapital", "Equity", Row::Equity),
    (
        "· därav årets resultat",
        "· of which the result of the year",
        Row::Line(BalanceLine::ResultOfTheYear),
    ),
    (
        "Avsättningar",
        "Provisions",
        Row::Line(BalanceLine::Provisions),
    ),
    ("Skulder", "Liabilities", Row::Liabilities),
    (
        "· Långfristiga skulder",
        "· Long-term liabilities",
        Row::Line(BalanceLine::LongTermLiabilities),
    ),
    (
        "· Kortfristiga skulder",
        "· Short-term liabilities",
        Row::Line(BalanceLine::ShortTermLiabilities),
    ),
    (
        "Summa eget kapital, avsättningar och skulder",
        "Total equity, provisions and liabilities",
        Row::Claims,
    ),
];

fn amount_of(sheet: &BalanceSheet, row: &Row) -> Amount {
    let sum = match row {
        Row::Line(line) => return sheet.line(*line),
        Row::Fixed => sheet.fixed_assets(),
        Row::Current => sheet.current_assets(),
        Row::Assets => sheet.total_assets(),
        Row::Equity => sheet.equity(),
        Row::Liabilities => sheet.liabilities(),
        Row::Claims => sheet.equity_and_liabilities(),
    };
    sum.unwrap_or(Amount::ZERO)
}

/// Lays out the balance sheet, the cash flow and the key ratios.
pub(super) fn blocks(
    opening: &BalanceSheet,
    closing: &BalanceSheet,
    section: &StatementsSection,
    options: &RenderOptions,
    out: &mut Vec<Block>,
) {
    let sv = options.lang == Lang::Sv;
    let pick = |sv_text: &'static str, en_text: &'static str| if sv { sv_text } else { en_text };
    out.push(Block::Heading(
        2,
        pick("Balansräkning", "Balance sheet").to_owned(),
    ));
    let at = closing
        .month
        .map_or_else(String::new, |m| m.last_day().to_string());
    let opened = format!("{}-01-01", opening.year);
    let rows = SHEET
        .iter()
        .map(|(sv_text, en_text, row)| {
            vec![
                Cell::from(pick(sv_text, en_text).to_owned()),
                options.cell(amount_of(opening, row)),
                options.cell(amount_of(closing, row)),
            ]
        })
        .collect();
    out.push(Block::Table(Table {
        head: vec![
            Cow::Borrowed(pick("Belopp", "Amounts")),
            Cow::Owned(opened),
            Cow::Owned(at),
        ],
        numeric: vec![false, true, true],
        rows,
    }));
    if let Some(flow) = &section.cash_flow {
        cash_flow(flow, options, out);
    }
    if let Some(ratios) = &section.ratios {
        key_ratios(ratios, sv, out);
    }
}

fn cash_flow(flow: &CashFlow, options: &RenderOptions, out: &mut Vec<Block>) {
    let sv = options.lang == Lang::Sv;
    let rows: [(&str, &str, Amount); 16] = [
        ("Periodens resultat", "Result of the period", flow.result),
        (
            "Justering för avskrivningar",
            "Adjustment for depreciation",
            flow.depreciation,
        ),
        (
            "Förändring av avsättningar",
            "Change in provisions",
            flow.provisions,
        ),
        (
            "Förändring av förråd",
            "Change in inventories",
            flow.inventories,
        ),
        (
            "Förändring av fordringar",
            "Change in receivables",
            flow.receivables,
        ),
        (
            "Förändring av kortfristiga skulder",
            "Change in short-term liabilities",
            flow.short_term_liabilities,
        ),
        (
            "Kassaflöde från den löpande verksamheten",
            "Cash flow from operations",
            flow.operating,
        ),
        (
            "Investering i materiella och immateriella anläggningstillgångar",
            "Investment in tangible and intangible assets",
            flow.fixed_investments,
        ),
        (
            "Förändring av finansiella anläggningstillgångar",
            "Change in financial assets",
            flow.financial_investments,
        ),
        (
            "Kassaflöde från investeringsverksamheten",
            "Cash flow from investing",
            flow.investing,
        ),
        (
            "Förändring av långfristiga skulder",
            "Change in long-term liabilities",
            flow.long_term_liabilities,
        ),
        (
            "Övriga förändringar av eget kapital",
            "Other changes in equity",
            flow.equity,
        ),
        (
            "Kassaflöde från finansieringsverksamheten",
            "Cash flow from financing",
            flow.financing,
        ),
        (
            "Periodens kassaflöde",
            "Cash flow of the period",
            flow.total,
        ),
        (
            "Likvida medel vid årets början",
            "Cash at the start of the year",
            flow.cash_opening,
        ),
        (
            "Likvida medel vid periodens slut",
            "Cash at the end of the period",
            flow.cash_closing,
        ),
    ];
    let rows = rows
        .iter()
        .map(|(sv_text, en_text, amount)| {
            (if sv { *sv_text } else { *en_text }, options.cell(*amount))
        })
        .collect();
    let (title, heads) = if sv {
        ("Kassaflödesanalys", ("Belopp", "Hittills i år"))
    } else {
        ("Cash-flow statement", ("Amounts", "Year to date"))
    };
    two_columns(title, heads, rows, out);
}

fn key_ratios(ratios: &KeyRatios, sv: bool, out: &mut Vec<Block>) {
    let rows: [(&str, &str, Option<Ratio>); 6] = [
        ("Soliditet", "Equity ratio", ratios.equity_ratio),
        (
            "Soliditet inklusive pensionsförpliktelser",
            "Equity ratio including pension commitments",
            ratios.equity_ratio_with_pensions,
        ),
        ("Skuldsättningsgrad", "Debt ratio", ratios.debt_ratio),
        ("Kassalikviditet", "Quick ratio", ratios.quick_ratio),
        (
            "Självfinansieringsgrad av investeringar",
            "Self-financing of investments",
            ratios.self_financing,
        ),
        (
            "Nettokostnadsandel",
            "Net cost share",
            ratios.net_cost_share,
        ),
    ];
    let rows = rows
        .iter()
        .map(|(sv_text, en_text, ratio)| {
            let value = ratio.map_or_else(|| "–".to_owned(), |r| r.format_percent(1));
            (if sv { *sv_text } else { *en_text }, Cell::from(value))
        })
        .collect();
    let (title, heads) = if sv {
        ("Finansiella nyckeltal", ("Nyckeltal", "Värde"))
    } else {
        ("Financial key ratios", ("Ratio", "Value"))
    };
    two_columns(title, heads, rows, out);
}

/// A heading and a table of a label and one value a row.
fn two_columns(
    title: &str,
    (first, second): (&'static str, &'static str),
    rows: Vec<(&'static str, Cell)>,
    out: &mut Vec<Block>,
) {
    out.push(Block::Heading(2, title.to_owned()));
    out.push(Block::Table(Table {
        head: vec![Cow::Borrowed(first), Cow::Borrowed(second)],
        numeric: vec![false, true],
        rows: rows
            .into_iter()
            .map(|(label, cell)| vec![Cell::from(label.to_owned()), cell])
            .collect(),
    }));
}
