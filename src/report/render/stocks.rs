//! The balance sheet, the cash-flow statement and the key ratios laid out, in the report's
//! language.

use super::document::{Block, Cell};
use super::statutory::table;
use super::{Lang, RenderOptions};
use crate::amount::Amount;
use crate::balance_sheet::{BalanceLine, BalanceSheet, CashFlow, KeyRatios};
use crate::group::{GroupAccounts, SharesElimination};
use crate::ratio::Ratio;
use crate::report::StatementsSection;
use crate::statements::RkrRow;

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

/// The balance sheet's rows in order.
const SHEET: [Row; 18] = [
    Row::Fixed,
    Row::Line(BalanceLine::IntangibleAssets),
    Row::Line(BalanceLine::LandAndBuildings),
    Row::Line(BalanceLine::Machinery),
    Row::Line(BalanceLine::FinancialAssets),
    Row::Current,
    Row::Line(BalanceLine::Inventories),
    Row::Line(BalanceLine::Receivables),
    Row::Line(BalanceLine::ShortTermInvestments),
    Row::Line(BalanceLine::Cash),
    Row::Assets,
    Row::Equity,
    Row::Line(BalanceLine::ResultOfTheYear),
    Row::Line(BalanceLine::Provisions),
    Row::Liabilities,
    Row::Line(BalanceLine::LongTermLiabilities),
    Row::Line(BalanceLine::ShortTermLiabilities),
    Row::Claims,
];

/// A row's caption: a heading's own (indented under its sum, but for the provisions, which
/// stand alone), or the sum's.
fn label(row: &Row, sv: bool) -> String {
    let sum = |sv_text: &'static str, en_text: &'static str| pick(sv, sv_text, en_text).to_owned();
    match row {
        Row::Line(BalanceLine::Provisions) => line_label(BalanceLine::Provisions, sv).to_owned(),
        Row::Line(line) => format!("· {}", line_label(*line, sv)),
        Row::Fixed => sum("Anläggningstillgångar", "Fixed assets"),
        Row::Current => sum("Omsättningstillgångar", "Current assets"),
        Row::Assets => sum("Summa tillgångar", "Total assets"),
        Row::Equity => sum("Eget kapital", "Equity"),
        Row::Liabilities => sum("Skulder", "Liabilities"),
        Row::Claims => sum(
            "Summa eget kapital, avsättningar och skulder",
            "Total equity, provisions and liabilities",
        ),
    }
}

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
    out.push(Block::Heading(
        2,
        pick(sv, "Balansräkning", "Balance sheet").to_owned(),
    ));
    let columns = [
        (format!("{}-01-01", opening.year), opening),
        (closing_date(closing), closing),
    ];
    out.push(sheet_table(&columns, options));
    if let Some(flow) = &section.cash_flow {
        out.push(Block::Heading(
            2,
            pick(sv, "Kassaflödesanalys", "Cash-flow statement").to_owned(),
        ));
        let head = pick(sv, "Hittills i år", "Year to date").to_owned();
        out.push(cash_flow_table(&[(head, flow)], options));
    }
    if let Some(ratios) = &section.ratios {
        out.push(Block::Heading(
            2,
            pick(sv, "Finansiella nyckeltal", "Financial key ratios").to_owned(),
        ));
        let head = pick(sv, "Värde", "Value").to_owned();
        out.push(key_ratio_table(&[(head, ratios)], sv));
    }
}

/// The group's balance sheets, eliminations, cash flow and key ratios beside the
/// municipality's.
pub(super) fn group_blocks(
    accounts: &GroupAccounts,
    options: &RenderOptions,
    out: &mut Vec<Block>,
) {
    let sv = options.lang == Lang::Sv;
    let (municipality, group) = (
        pick(sv, "Kommunen", "Municipality"),
        pick(sv, "Koncernen", "Group"),
    );
    out.push(Block::Heading(
        3,
        pick(
            sv,
            "Resultaträkning – kommunen och koncernen",
            "Income statement – municipality and group",
        )
        .to_owned(),
    ));
    out.push(Block::Text(
        pick(
            sv,
            "Uppställning enligt RKR med intäkter och överskott positiva, kostnader negativa. Kommunens interna transaktioner är eliminerade i båda kolumnerna, transaktioner mellan koncernens parter i koncernens.",
            "RKR layout with revenue and a surplus positive, costs negative. The municipality's internal transactions are eliminated in both columns, transactions between the group's parties in the group's.",
        )
        .to_owned(),
    ));
    out.push(income_statement(accounts, options, (municipality, group)));
    out.push(Block::Heading(
        3,
        pick(
            sv,
            "Balansräkning – kommunen och koncernen",
            "Balance sheet – municipality and group",
        )
        .to_owned(),
    ));
    let (opening, closing) = (&accounts.opening, &accounts.closing);
    let opened = format!("{}-01-01", opening.group.year);
    let at = closing_date(&closing.group);
    let columns = [
        (format!("{municipality} {opened}"), &opening.municipality),
        (format!("{municipality} {at}"), &closing.municipality),
        (format!("{group} {opened}"), &opening.group),
        (format!("{group} {at}"), &closing.group),
    ];
    out.push(sheet_table(&columns, options));
    out.push(Block::Text(
        pick(
            sv,
            "Koncernens balansräkning: varje part med den andel kommunen äger, fordringar och skulder mellan parterna eliminerade med den mindre andelen, ägarens aktier eliminerade mot bolagets egna kapital vid förvärvet (förvärvsmetoden); bolag med brutet räkenskapsår räknade om till kalenderåret.",
            "The group's balance sheet: each party at the share the municipality owns, receivables and liabilities between the parties eliminated at the smaller share, the holder's shares eliminated against the company's equity at acquisition (the acquisition method); companies with a broken fiscal year aligned to the calendar year.",
        )
        .to_owned(),
    ));
    let mut eliminated: Vec<String> = closing
        .shares
        .iter()
        .map(|e| shares_text(e, options))
        .collect();
    eliminated.extend(closing.eliminations.iter().map(|e| {
        format!(
            "{} {} {}: {} {}",
            e.entity,
            pick(sv, "mot", "against"),
            e.counterpart,
            line_label(e.line, sv),
            options.amount(e.amount)
        )
    }));
    if !eliminated.is_empty() {
        out.push(Block::Heading(
            4,
            pick(sv, "Elimineringar", "Eliminations").to_owned(),
        ));
        out.push(Block::List(eliminated));
    }
    let flows = [
        (municipality.to_owned(), &accounts.municipality_cash_flow),
        (group.to_owned(), &accounts.group_cash_flow),
    ];
    out.push(Block::Heading(
        3,
        pick(
            sv,
            "Kassaflödesanalys – kommunen och koncernen",
            "Cash-flow statement – municipality and group",
        )
        .to_owned(),
    ));
    out.push(cash_flow_table(&flows, options));
    let ratios = [
        (municipality.to_owned(), &accounts.municipality_ratios),
        (group.to_owned(), &accounts.group_ratios),
    ];
    out.push(Block::Heading(
        3,
        pick(
            sv,
            "Finansiella nyckeltal – kommunen och koncernen",
            "Financial key ratios – municipality and group",
        )
        .to_owned(),
    ));
    out.push(key_ratio_table(&ratios, sv));
}

/// The income statement in the RKR layout, the municipality beside the group.
fn income_statement(
    accounts: &GroupAccounts,
    options: &RenderOptions,
    (municipality, group): (&'static str, &'static str),
) -> Block {
    let sv = options.lang == Lang::Sv;
    let rows = RkrRow::ALL
        .into_iter()
        .filter_map(|row| {
            let amounts = [
                accounts.municipality_statement.amount(row),
                accounts.group_statement.amount(row),
            ];
            // Extraordinary items show only when there are any.
            if row == RkrRow::ExtraordinaryItems && amounts.iter().all(|a| a.is_zero()) {
                return None;
            }
            let label = if sv { row.label_sv() } else { row.label_en() };
            let mut cells = vec![Cell::from(label.to_owned())];
            cells.extend(amounts.iter().map(|a| options.cell(*a)));
            Some(cells)
        })
        .collect();
    table(
        pick(sv, "Belopp", "Amounts"),
        vec![municipality.to_owned(), group.to_owned()],
        rows,
    )
}

fn shares_text(e: &SharesElimination, options: &RenderOptions) -> String {
    let amount = |a: Amount| options.amount(a);
    if options.lang == Lang::Sv {
        format!(
            "{}:s aktier i {} {} mot eget kapital vid förvärvet {}, goodwill {}",
            e.holder,
            e.company,
            amount(e.shares),
            amount(e.equity),
            amount(e.goodwill)
        )
    } else {
        format!(
            "{}'s shares in {} {} against equity at acquisition {}, goodwill {}",
            e.holder,
            e.company,
            amount(e.shares),
            amount(e.equity),
            amount(e.goodwill)
        )
    }
}

fn line_label(line: BalanceLine, sv: bool) -> &'static str {
    if sv { line.label_sv() } else { line.label_en() }
}

fn pick(sv: bool, sv_text: &'static str, en_text: &'static str) -> &'static str {
    if sv { sv_text } else { en_text }
}

fn closing_date(sheet: &BalanceSheet) -> String {
    sheet
        .month
        .map_or_else(String::new, |m| m.last_day().to_string())
}

/// The balance sheet's rows, one column per sheet.
fn sheet_table(columns: &[(String, &BalanceSheet)], options: &RenderOptions) -> Block {
    let sv = options.lang == Lang::Sv;
    let rows = SHEET
        .iter()
        .map(|row| {
            let mut cells = vec![Cell::from(label(row, sv))];
            cells.extend(
                columns
                    .iter()
                    .map(|(_, sheet)| options.cell(amount_of(sheet, row))),
            );
            cells
        })
        .collect();
    table(
        pick(sv, "Belopp", "Amounts"),
        columns.iter().map(|(h, _)| h.clone()).collect(),
        rows,
    )
}

/// A row's Swedish and English label and how its value is read.
type Labelled<F> = (&'static str, &'static str, F);
type FlowValue = fn(&CashFlow) -> Amount;
type RatioValue = fn(&KeyRatios) -> Option<Ratio>;

/// The cash-flow statement's rows, one column per flow.
fn cash_flow_table(flows: &[(String, &CashFlow)], options: &RenderOptions) -> Block {
    let sv = options.lang == Lang::Sv;
    let rows: [Labelled<FlowValue>; 16] = [
        ("Periodens resultat", "Result of the period", |f| f.result),
        (
            "Justering för avskrivningar",
            "Adjustment for depreciation",
            |f| f.depreciation,
        ),
        (
            "Förändring av avsättningar",
            "Change in provisions",
            |f| f.provisions,
        ),
        ("Förändring av förråd", "Change in inventories", |f| {
            f.inventories
        }),
        ("Förändring av fordringar", "Change in receivables", |f| {
            f.receivables
        }),
        (
            "Förändring av kortfristiga skulder",
            "Change in short-term liabilities",
            |f| f.short_term_liabilities,
        ),
        (
            "Kassaflöde från den löpande verksamheten",
            "Cash flow from operations",
            |f| f.operating,
        ),
        (
            "Investering i materiella och immateriella anläggningstillgångar",
            "Investment in tangible and intangible assets",
            |f| f.fixed_investments,
        ),
        (
            "Förändring av finansiella anläggningstillgångar",
            "Change in financial assets",
            |f| f.financial_investments,
        ),
        (
            "Kassaflöde från investeringsverksamheten",
            "Cash flow from investing",
            |f| f.investing,
        ),
        (
            "Förändring av långfristiga skulder",
            "Change in long-term liabilities",
            |f| f.long_term_liabilities,
        ),
        (
            "Övriga förändringar av eget kapital",
            "Other changes in equity",
            |f| f.equity,
        ),
        (
            "Kassaflöde från finansieringsverksamheten",
            "Cash flow from financing",
            |f| f.financing,
        ),
        ("Periodens kassaflöde", "Cash flow of the period", |f| {
            f.total
        }),
        (
            "Likvida medel vid årets början",
            "Cash at the start of the year",
            |f| f.cash_opening,
        ),
        (
            "Likvida medel vid periodens slut",
            "Cash at the end of the period",
            |f| f.cash_closing,
        ),
    ];
    let rows = rows
        .iter()
        .map(|(sv_text, en_text, amount)| {
            let mut cells = vec![Cell::from(pick(sv, sv_text, en_text).to_owned())];
            cells.extend(flows.iter().map(|(_, flow)| options.cell(amount(flow))));
            cells
        })
        .collect();
    table(
        pick(sv, "Belopp", "Amounts"),
        flows.iter().map(|(h, _)| h.clone()).collect(),
        rows,
    )
}

/// The key ratios' rows, one column per set.
fn key_ratio_table(sets: &[(String, &KeyRatios)], sv: bool) -> Block {
    let rows: [Labelled<RatioValue>; 6] = [
        ("Soliditet", "Equity ratio", |r| r.equity_ratio),
        (
            "Soliditet inklusive pensionsförpliktelser",
            "Equity ratio including pension commitments",
            |r| r.equity_ratio_with_pensions,
        ),
        ("Skuldsättningsgrad", "Debt ratio", |r| r.debt_ratio),
        ("Kassalikviditet", "Quick ratio", |r| r.quick_ratio),
        (
            "Självfinansieringsgrad av investeringar",
            "Self-financing of investments",
            |r| r.self_financing,
        ),
        ("Nettokostnadsandel", "Net cost share", |r| r.net_cost_share),
    ];
    let rows = rows
        .iter()
        .map(|(sv_text, en_text, ratio)| {
            let mut cells = vec![Cell::from(pick(sv, sv_text, en_text).to_owned())];
            cells.extend(sets.iter().map(|(_, set)| {
                Cell::from(ratio(set).map_or_else(|| "–".to_owned(), |r| r.format_percent(1)))
            }));
            cells
        })
        .collect();
    table(
        pick(sv, "Nyckeltal", "Ratio"),
        sets.iter().map(|(h, _)| h.clone()).collect(),
        rows,
    )
}
