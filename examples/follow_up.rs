//! The main example: the demo municipality's follow-up as of August 2022.
//!
//! Run it with `cargo run --example follow_up`. It prints the organisation, the economic
//! follow-up per committee, the income statement, the group beside the municipality, the
//! final report of the steering-system investment from the source report, and the assessment
//! of every goal with its trace.

use std::process::ExitCode;

use styrmodell::assess::{AssessmentMode, assess};
use styrmodell::group::{ConsolidationMethod, consolidate};
use styrmodell::investment::FinalReport;
use styrmodell::{Amount, Figures, FollowUp, FollowUpOptions, Month, PeriodRange, Scale, demo};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("follow_up: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let org = demo::organisation()?;
    println!(
        "# Organisation: {} ({} enheter)\n",
        org.root().name,
        org.len()
    );
    println!("```text\n{}```\n", org.render_tree());

    let ledger = demo::ledger()?;
    let as_of: Month = "2022-08".parse()?;
    let follow_up = FollowUpOptions::new(as_of)
        .scope("KF".parse()?)
        .max_depth(1)
        .compute(&ledger)?;
    print_follow_up(&follow_up);

    let year = PeriodRange::from(as_of.year());
    let group = consolidate(&ledger, year, ConsolidationMethod::Proportional)?;
    println!("## Kommunen och koncernen, utfall {} (tkr)\n", as_of.year());
    println!("| Rad | Kommunen | Koncernen |\n|---|--:|--:|");
    for line in &group.lines {
        println!(
            "| {} | {} | {} |",
            line.line.label_sv(),
            tkr(line.municipality),
            tkr(line.group)
        );
    }
    println!(
        "\n{} elimineringar mellan koncernens enheter.\n",
        group.eliminations.len()
    );

    let project = demo::steering_system_project()?;
    let report = project.final_report(Some(&"VATTEN".parse()?))?;
    print_final_report(&report);

    let model = demo::steering_model()?;
    let assessment = assess(
        &model,
        Some(&ledger),
        as_of.year().into(),
        AssessmentMode::Final,
    );
    println!("\n## Målbedömning {} (med spårning)\n", as_of.year());
    println!("```text");
    for goal in &assessment.goals {
        print!("{}", goal.trace);
        println!("  => {}\n", goal.fulfilment());
    }
    println!("```");
    Ok(())
}

fn tkr(amount: Amount) -> String {
    amount.report().scale(Scale::Tkr).to_string()
}

fn kr(amount: Amount) -> String {
    amount.report().to_string()
}

fn print_follow_up(follow_up: &FollowUp) {
    println!(
        "## Ekonomisk uppföljning per {} (tkr, nettokostnad; avvikelse: positiv = bättre än budget)\n",
        follow_up.as_of
    );
    println!(
        "| Enhet | Årsbudget | Budget ack. | Utfall ack. | Avvikelse | Förbrukat | Prognos | Prognosavvikelse |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|");
    for row in &follow_up.rows {
        let Figures {
            annual_budget,
            budget_to_date,
            outcome_to_date,
            deviation_to_date,
            budget_used,
            forecast,
            forecast_deviation,
        } = &row.net;
        println!(
            "| {}{} | {} | {} | {} | {} | {} | {} | {} |",
            "  ".repeat(row.depth as usize),
            row.name,
            tkr(*annual_budget),
            tkr(*budget_to_date),
            tkr(*outcome_to_date),
            tkr(*deviation_to_date),
            budget_used.map_or("–".to_owned(), |r| r.format_percent(1)),
            forecast.map_or("–".to_owned(), tkr),
            forecast_deviation.map_or("–".to_owned(), tkr),
        );
    }
    println!(
        "\nAndel av året: {}. Prognos gjord {}.\n",
        follow_up.year_elapsed.format_percent(1),
        follow_up
            .forecast_made
            .map_or("–".to_owned(), |m| m.to_string())
    );
}

fn print_final_report(report: &FinalReport) {
    println!(
        "## Slutredovisning {}: {} (kr)\n",
        report.project, report.name
    );
    println!("| Kostnadsslag | Budget | Utfall | Avvikelse |\n|---|--:|--:|--:|");
    for line in &report.lines {
        println!(
            "| {} | {} | {} | {} |",
            line.name,
            kr(line.budget),
            line.outcome.map_or(String::new(), kr),
            line.deviation.map_or(String::new(), kr)
        );
    }
    println!(
        "| Totalt inkl. alla | {} | {} | {} |",
        kr(report.total.budget),
        kr(report.total.outcome),
        kr(report.total.deviation)
    );
    if let Some(excluded) = &report.excluding {
        let t = excluded.totals;
        println!(
            "| Totalt exkl. {} | {} | {} | {} |",
            excluded.entity,
            kr(t.budget),
            kr(t.outcome),
            kr(t.deviation)
        );
    }
}
