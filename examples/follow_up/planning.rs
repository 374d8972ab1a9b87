//! `--planning`: the demo's budget round for 2023 as a controller reads it, in Swedish.

use std::fmt::Write as _;

use styrmodell::assess::{AssessmentMode, assess};
use styrmodell::planning::{
    Distributed, PlanningRecords, Scenario, ScenarioChange, Status, SubmissionKind,
};
use styrmodell::report::render::Lang;
use styrmodell::{Amount, AsOf, Month, NaiveDate, Organisation, Ratio, Scale, Year, demo};

type Error = Box<dyn std::error::Error>;

/// The whole overview.
pub(crate) fn overview() -> Result<String, Error> {
    let records = demo::planning_2023()?;
    let org = demo::organisation_2023()?;
    let year = Year::new(2023)?;
    let adopted = NaiveDate::from_ymd_opt(2022, 12, 31).ok_or("date")?;
    let mut out = String::new();
    writeln!(out, "# Budgetprocess 2023 – Demokommun\n")?;
    writeln!(
        out,
        "Syntetiska uppgifter: personer, datum, beslut, tjänster, elevantal och val är påhittade; \
         beloppen utgår från 2022 års plan för 2023, omräknad till 2023 års organisation. \
         Belopp i tkr om inget annat sägs, avrundade var för sig, så avrundningsdifferenser kan \
         förekomma.\n"
    )?;
    phases(&records, &mut out)?;
    frames(&records, &org, year, adopted, &mut out)?;
    personnel(&records, &mut out)?;
    capital(&records, year, &mut out)?;
    submissions(&records, &org, &mut out)?;
    effect_goals(&mut out)?;
    portfolio(&mut out)?;
    Ok(out)
}

fn tkr(amount: Amount) -> String {
    amount.report().scale(Scale::Tkr).to_string()
}

fn kr(amount: Amount) -> String {
    amount.report().to_string()
}

fn percent(share: Option<Ratio>) -> String {
    share.map_or_else(|| "–".to_owned(), |s| s.format_percent(1))
}

fn phases(records: &PlanningRecords, out: &mut String) -> Result<(), Error> {
    writeln!(out, "## Faser\n")?;
    writeln!(
        out,
        "| Fas | Öppnar | Sista dag | Beslut |\n|---|---|---|---|"
    )?;
    for round in &records.rounds {
        for phase in round.phases() {
            let decision = phase.decision.as_ref().map_or(String::new(), |d| {
                format!(
                    "{} {} {}",
                    d.body,
                    d.date,
                    d.paragraph.clone().unwrap_or_default()
                )
            });
            writeln!(
                out,
                "| {} | {} | {} | {decision} |",
                phase.kind.label_sv(),
                phase.opens,
                phase.deadline
            )?;
        }
    }
    Ok(())
}

fn frames(
    records: &PlanningRecords,
    org: &Organisation,
    year: Year,
    adopted: NaiveDate,
    out: &mut String,
) -> Result<(), Error> {
    writeln!(out, "\n## Ramar och godkända budgetar\n")?;
    writeln!(
        out,
        "| Nämnd eller styrelse | Ram | Fördelat | Kvar hos nämnden |\n|---|--:|--:|--:|"
    )?;
    for frame in records.frames.iter().filter(|f| f.year == year) {
        let name = org
            .get(frame.committee.as_str())
            .map_or("", |u| u.name.as_str());
        let distributed = records
            .distributions
            .iter()
            .map(|(_, d)| d)
            .find(|d| d.parent == frame.committee);
        let (given, rest) = distributed.map_or((String::new(), String::new()), |d| {
            let given = d.amount.checked_sub(d.rest).unwrap_or(d.amount);
            (tkr(given), tkr(d.rest))
        });
        writeln!(out, "| {name} | {} | {given} | {rest} |", tkr(frame.net))?;
    }
    let differences = records.check_budgets(org, year, adopted)?;
    if differences.is_empty() {
        writeln!(
            out,
            "\nDe godkända budgetarna per {adopted} summerar exakt till varje ram och varje \
             fördelad del: inga avvikelser."
        )?;
    } else {
        writeln!(out, "\nAvvikelser mot ram eller fördelning:\n")?;
        for d in differences {
            let found = d.found.map_or("ingen godkänd budget".to_owned(), tkr);
            writeln!(
                out,
                "- {}: tilldelat {}, budgeterat {found}",
                d.unit,
                tkr(d.expected)
            )?;
        }
    }
    for (_, distributed) in &records.distributions {
        if distributed.basis.iter().any(|b| b.contains(" of ")) {
            schools(distributed, out)?;
        }
    }
    Ok(())
}

fn schools(distributed: &Distributed, out: &mut String) -> Result<(), Error> {
    writeln!(
        out,
        "\n### Resursfördelning grundskola: elevpeng efter elevantal i oktober 2022\n\n\
         {} tkr fördelat efter antal elever (kr):\n",
        tkr(distributed.amount)
    )?;
    writeln!(out, "| Skola | Grund | Budget |\n|---|---|--:|")?;
    for ((unit, amount), basis) in distributed.parts.iter().zip(&distributed.basis) {
        let basis = basis.split_once(": ").map_or(basis.as_str(), |(_, b)| b);
        writeln!(
            out,
            "| {unit} | {} | {} |",
            basis.replace(" of ", " av "),
            kr(*amount)
        )?;
    }
    Ok(())
}

fn personnel(records: &PlanningRecords, out: &mut String) -> Result<(), Error> {
    writeln!(out, "\n## Personalbudgetar 2023 (kr)\n")?;
    writeln!(
        out,
        "Lönerevision april 3 %, personalomkostnadspålägg 40,15 %, semestertillägg i juni \
         (0,605 % per semesterdag, 25 dagar); årsbelopp avrundade till hela ören en gång, \
         månaderna fördelade så att de summerar exakt.\n"
    )?;
    writeln!(
        out,
        "| Enhet | Tjänster | Årsarbetare | Löner | PO | Summa |\n|---|--:|--:|--:|--:|--:|"
    )?;
    for budget in &records.personnel {
        let costs = budget.costs()?;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            budget.unit,
            budget.positions.len(),
            format!("{:.2}", costs.full_time_equivalents).replace('.', ","),
            kr(costs.yearly_salaries),
            kr(costs.yearly_overhead),
            kr(costs.yearly_total()?)
        )?;
    }
    Ok(())
}

fn capital(records: &PlanningRecords, year: Year, out: &mut String) -> Result<(), Error> {
    let terms = demo::investment_portfolio()?.0.terms;
    let project = demo::steering_system_project()?;
    let planned = project.forecast_at_completion(AsOf::end_of(Month::new(2022, 9)?))?;
    writeln!(out, "\n## Kapitalkostnader 2023 (kr)\n")?;
    writeln!(
        out,
        "Aktiverade anläggningar, linjär avskrivning per komponent från aktiveringsmånaden, \
         internränta 1,5 % på bokfört värde vid månadens början. Budgeten 2023 lades i oktober \
         2022, innan projektet var klart: den räknar med aktivering i januari 2023 till \
         slutprognosen per september 2022, {} kr. Anläggningen aktiverades efter \
         slutredovisningen till utfallet.\n",
        kr(planned)
    )?;
    writeln!(
        out,
        "| Anläggning | Enhet | Anskaffningsvärde | Avskrivning | Internränta | Bokfört värde 31 dec |\n|---|---|--:|--:|--:|--:|"
    )?;
    for asset in &records.assets {
        let months = asset.capital_costs(&terms, year.months())?;
        let depreciation = Amount::checked_sum(months.iter().map(|m| m.depreciation))?;
        let interest = Amount::checked_sum(months.iter().map(|m| m.interest))?;
        let last = months.last().ok_or("no months")?;
        let closing = last.book_value.checked_sub(last.depreciation)?;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            asset.id,
            asset.unit,
            kr(asset.cost()?),
            kr(depreciation),
            kr(interest),
            kr(closing)
        )?;
    }
    Ok(())
}

fn submissions(
    records: &PlanningRecords,
    org: &Organisation,
    out: &mut String,
) -> Result<(), Error> {
    let end = NaiveDate::from_ymd_opt(2023, 12, 31).ok_or("date")?;
    writeln!(out, "\n## Inrapportering och attest\n")?;
    writeln!(
        out,
        "| Inlämning | Enhet | Inlagd av | Roll | Status {end} | Steg |\n|---|---|---|---|---|--:|"
    )?;
    for s in records
        .submissions
        .iter()
        .filter(|s| matches!(s.kind, SubmissionKind::Budget { .. }))
    {
        let status = match s.status_on(org, end)? {
            Status::Locked => "låst".to_owned(),
            Status::Approved => "godkänd".to_owned(),
            other => other.to_string(),
        };
        let role = match s.role {
            styrmodell::planning::Role::Manager => "chef",
            styrmodell::planning::Role::Controller => "controller",
            styrmodell::planning::Role::Administrator => "handläggare",
            _ => "annan",
        };
        writeln!(
            out,
            "| {} | {} | {} | {role} | {status} | {} |",
            s.id,
            s.unit,
            records.name_of(&s.entered_by),
            s.steps.len()
        )?;
    }
    writeln!(
        out,
        "\n### Prognoser april 2023: systemets förslag och chefens prognos (tkr)\n"
    )?;
    writeln!(
        out,
        "| Enhet | Förslag (utfall + återstående budget) | Inlagd prognos | Inlagd av |\n|---|--:|--:|---|"
    )?;
    let april = Month::new(2023, 4)?;
    for s in records
        .submissions
        .iter()
        .filter(|s| s.kind == SubmissionKind::Forecast { made: april })
    {
        let proposal = s.proposal.map_or("–".to_owned(), |p| tkr(p.full_year));
        let entered = s.full_year.map_or("–".to_owned(), tkr);
        writeln!(
            out,
            "| {} | {proposal} | {entered} | {} |",
            s.unit,
            records.name_of(&s.entered_by)
        )?;
    }
    Ok(())
}

fn effect_goals(out: &mut String) -> Result<(), Error> {
    let model = demo::steering_model_2023()?;
    let closed = AsOf::end_of(Month::new(2023, 12)?)
        .known_on(NaiveDate::from_ymd_opt(2024, 2, 15).ok_or("date")?)?;
    let assessment = assess(&model, None, "2023".parse()?, AssessmentMode::Final, closed);
    writeln!(
        out,
        "\n## Effektmål 4 och 5 mätta ur planeringsunderlaget 2023\n"
    )?;
    for goal in ["EM4", "EM5"] {
        let result = assessment.goal(&goal.parse()?).ok_or("goal")?;
        for indicator in &result.indicators {
            writeln!(
                out,
                "- {goal} {}: {}",
                indicator.name,
                indicator.value.map_or("–".to_owned(), |v| swedish(&v))
            )?;
        }
        writeln!(out, "\n```text\n{}```\n", result.trace.text(Lang::Sv))?;
    }
    Ok(())
}

/// A value in Swedish: `11 av 14 = 78,6 %`.
fn swedish(value: &styrmodell::steering::Measured) -> String {
    match value {
        styrmodell::steering::Measured::Share(share) => format!(
            "{} av {} = {}",
            share.numerator(),
            share.denominator(),
            share.format_percent(1)
        ),
        other => other.to_string(),
    }
}

fn portfolio(out: &mut String) -> Result<(), Error> {
    let (portfolio, plan) = demo::investment_portfolio()?;
    let scenarios = [
        Scenario {
            name: "Planen".into(),
            changes: Vec::new(),
        },
        Scenario {
            name: "Förskolan Ängen ett år senare".into(),
            changes: vec![ScenarioChange::Defer {
                project: "KS-2023-010".parse()?,
                months: 12,
            }],
        },
        Scenario {
            name: "LED-belysningen stryks".into(),
            changes: vec![ScenarioChange::Cut {
                project: "TN-2023-004".parse()?,
            }],
        },
    ];
    writeln!(
        out,
        "## Investeringsportfölj: scenarier sida vid sida (tkr)\n"
    )?;
    writeln!(
        out,
        "Resultatet före portföljens avskrivningar och skatteintäkter 2023 är 2023 års budget; \
         2024–2025 samma resultat med skatteintäkter och bidrag +3 % per år (syntetiskt). \
         Internräntan betalas till finansförvaltningen och påverkar inte kommunens resultat. \
         Finansiellt mål: resultat minst 2 % av skatteintäkter och generella statsbidrag.\n"
    )?;
    writeln!(
        out,
        "| Scenario | År | Investeringar | Avskrivningar | Internränta | Kapitalkostnader per enhet | Resultat | Resultat i % | Självfinansieringsgrad | Målet nås |\n|---|---|--:|--:|--:|---|--:|--:|--:|---|"
    )?;
    for consequences in portfolio.compare(&scenarios, &plan)? {
        for y in &consequences.years {
            let goal = match y.meets_goal {
                Some(true) => "ja",
                Some(false) => "nej",
                None => "–",
            };
            let by_unit = y
                .by_unit
                .iter()
                .map(|(unit, cost)| format!("{unit} {}", tkr(*cost)))
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {by_unit} | {} | {} | {} | {goal} |",
                consequences.scenario,
                y.year,
                tkr(y.investments),
                tkr(y.depreciation),
                tkr(y.internal_interest),
                tkr(y.result),
                percent(y.result_share),
                percent(y.self_financing)
            )?;
        }
    }
    Ok(())
}
