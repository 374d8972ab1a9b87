//! The comparison section laid out: the previous year beside this year, as it was or in
//! today's shape, with the reorganisations between worded in the report's language.

use super::document::{Block, Cell, Table, heads};
use super::{Lang, RenderOptions};
use crate::reorg::{Change, Reorganisation, Selector};
use crate::report::{ComparisonSection, ComparisonShape};

/// The section's words.
struct Words {
    heading: &'static str,
    unit: &'static str,
    this_year: &'static str,
    previous_year: &'static str,
    change: &'static str,
    carried_from: &'static str,
    as_it_was: &'static str,
    todays_shape: &'static str,
    reorganisation: &'static str,
    part: &'static str,
    none_between: &'static str,
}

const SV: Words = Words {
    heading: "Jämförelse med föregående år",
    unit: "Enhet",
    this_year: "Utfall i år",
    previous_year: "Utfall föregående år",
    change: "Förändring",
    carried_from: "Omräknat från",
    as_it_was: "Föregående års utfall som det redovisades (som det var): en enhet som inte fanns då saknar jämförelsetal.",
    todays_shape: "Föregående års utfall omräknat till dagens organisation: sammanslagna enheter summeras, delade enheter fördelas enligt beslutade andelar och regler.",
    reorganisation: "Omorganisation",
    part: "del",
    none_between: "Ingen omorganisation mellan åren.",
};

const EN: Words = Words {
    heading: "Comparison with the previous year",
    unit: "Unit",
    this_year: "Outcome this year",
    previous_year: "Outcome previous year",
    change: "Change",
    carried_from: "Carried from",
    as_it_was: "The previous year's outcome as recorded (as it was): a unit that did not exist then has no comparison figure.",
    todays_shape: "The previous year's outcome carried onto today's organisation: merged units are summed, split units divided by the decided shares and rules.",
    reorganisation: "Reorganisation",
    part: "part",
    none_between: "No reorganisation between the years.",
};

/// Lays out `section`.
pub(super) fn blocks(section: &ComparisonSection, options: &RenderOptions, out: &mut Vec<Block>) {
    let w = match options.lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    };
    out.push(Block::Heading(2, w.heading.to_owned()));
    let shape = match section.shape {
        ComparisonShape::AsItWas => w.as_it_was,
        ComparisonShape::TodaysShape => w.todays_shape,
    };
    let range = |r: crate::period::PeriodRange| format!("{}–{}", r.start(), r.end());
    out.push(Block::Text(format!(
        "{} {}, {} {}. {shape}",
        w.this_year,
        range(section.months),
        w.previous_year.to_lowercase(),
        range(section.previous_months)
    )));
    let carried = section.shape == ComparisonShape::TodaysShape;
    let rows = section
        .rows
        .iter()
        .map(|row| {
            let mut cells: Vec<Cell> = vec![
                format!("{}{}", "· ".repeat(row.depth as usize), row.name).into(),
                options.cell(row.outcome_to_date),
                options.maybe_cell(row.previous),
                options.maybe_cell(row.change),
            ];
            if carried {
                let from: Vec<String> = row
                    .carried_from
                    .iter()
                    .map(|c| {
                        if c.whole {
                            c.name.clone()
                        } else {
                            format!("{} ({})", c.name, w.part)
                        }
                    })
                    .collect();
                cells.push(from.join(", ").into());
            }
            cells
        })
        .collect();
    let mut head = vec![w.unit, w.this_year, w.previous_year, w.change];
    let mut numeric = vec![false, true, true, true];
    if carried {
        head.push(w.carried_from);
        numeric.push(false);
    }
    out.push(Block::Table(Table {
        head: heads(&head),
        numeric,
        rows,
    }));
    if section.reorganisations.is_empty() {
        out.push(Block::Text(w.none_between.to_owned()));
    }
    for reorganisation in &section.reorganisations {
        out.push(Block::Text(format!(
            "{} {} ({}):",
            w.reorganisation, reorganisation.date, reorganisation.decision
        )));
        out.push(Block::List(changes(reorganisation, options.lang)));
    }
}

/// Each change of `reorganisation`, worded.
fn changes(reorganisation: &Reorganisation, lang: Lang) -> Vec<String> {
    reorganisation
        .changes
        .iter()
        .map(|change| change_text(change, lang))
        .collect()
}

fn change_text(change: &Change, lang: Lang) -> String {
    match (change, lang) {
        (Change::Create { unit }, Lang::Sv) => format!("ny enhet {} {}", unit.id, unit.name),
        (Change::Create { unit }, Lang::En) => format!("new unit {} {}", unit.id, unit.name),
        (Change::Rename { unit, name }, Lang::Sv) => format!("{unit} byter namn till {name}"),
        (Change::Rename { unit, name }, Lang::En) => format!("{unit} is renamed {name}"),
        (Change::Move { unit, parent }, Lang::Sv) => format!("{unit} flyttas till {parent}"),
        (Change::Move { unit, parent }, Lang::En) => format!("{unit} moves under {parent}"),
        (Change::Merge { units, into }, Lang::Sv) => {
            format!("{} slås samman till {into}", join(units, " och "))
        }
        (Change::Merge { units, into }, Lang::En) => {
            format!("{} merge into {into}", join(units, " and "))
        }
        (Change::Split { unit, parts, rules }, lang) => {
            let mut pieces: Vec<String> = rules
                .iter()
                .map(|rule| format!("{} {}", selector_text(&rule.selector, lang), rule.unit))
                .collect();
            let rest = parts
                .iter()
                .map(|p| format!("{} {}", p.unit, percent(p.share, lang)))
                .collect::<Vec<_>>()
                .join(", ");
            match lang {
                Lang::Sv if pieces.is_empty() => format!("{unit} delas: {rest}"),
                Lang::Sv => {
                    pieces.push(format!("övrigt {rest}"));
                    format!("{unit} delas: {}", pieces.join("; "))
                }
                Lang::En if pieces.is_empty() => format!("{unit} is split: {rest}"),
                Lang::En => {
                    pieces.push(format!("the rest {rest}"));
                    format!("{unit} is split: {}", pieces.join("; "))
                }
            }
        }
        (Change::Close { unit }, Lang::Sv) => {
            format!("{unit} läggs ned; dess historik följer överordnad enhet")
        }
        (Change::Close { unit }, Lang::En) => {
            format!("{unit} closes; its history stays with its parent")
        }
    }
}

fn selector_text(selector: &Selector, lang: Lang) -> String {
    match (selector, lang) {
        (Selector::Accounts { first, last }, Lang::Sv) if first == last => {
            format!("konto {first} till")
        }
        (Selector::Accounts { first, last }, Lang::Sv) => format!("konton {first}–{last} till"),
        (Selector::Activity(code), Lang::Sv) => format!("verksamhet {} till", code.as_str()),
        (Selector::Accounts { first, last }, Lang::En) if first == last => {
            format!("account {first} to")
        }
        (Selector::Accounts { first, last }, Lang::En) => format!("accounts {first}–{last} to"),
        (Selector::Activity(code), Lang::En) => format!("activity {} to", code.as_str()),
    }
}

fn join(units: &[crate::org::OrgUnitId], and: &str) -> String {
    let names: Vec<&str> = units.iter().map(crate::org::OrgUnitId::as_str).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// A share as a percentage: 0.6 as "60 %", 0.125 as "12,5 %" in Swedish.
fn percent(share: rust_decimal::Decimal, lang: Lang) -> String {
    let value = share
        .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
        .map_or_else(|| share.to_string(), |v| v.normalize().to_string());
    match lang {
        Lang::Sv => format!("{} %", value.replace('.', ",")),
        Lang::En => format!("{value} %"),
    }
}
