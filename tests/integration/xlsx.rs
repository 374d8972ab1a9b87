//! The report as a workbook, read back with a spreadsheet reader: every section a sheet,
//! amounts as numbers that agree with the Markdown report.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use styrmodell::report::render::{self, RenderOptions};
use styrmodell::report::{Narratives, ReportInputs, ReportRequest};
use styrmodell::*;

#[test]
fn the_interim_report_reads_back_as_numbers() {
    let (ledger, model, projects) = (
        demo::ledger().unwrap(),
        demo::steering_model().unwrap(),
        demo::investment_projects().unwrap(),
    );
    let calendar = ReportingCalendar::typical(Year::new(2022).unwrap());
    let narratives = Narratives::default();
    let statutory = demo::statutory().unwrap();
    let inputs = ReportInputs {
        ledger: &ledger,
        model: &model,
        projects: &projects,
        calendar: &calendar,
        narratives: &narratives,
        comparison: None,
        planning: None,
        statutory: Some(&statutory),
    };
    let report = ReportRequest::new(ReportKind::Interim, "2022-08".parse().unwrap())
        .scope(report::ReportScope::Municipality)
        .build(&inputs)
        .unwrap();
    let bytes = render::xlsx(&report, &RenderOptions::default()).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    for wanted in [
        "Rapport",
        "Ekonomi",
        "Resultaträkning",
        "Balanskravsutredning",
        "Balansräkning",
        "Kassaflödesanalys",
    ] {
        assert!(
            names.iter().any(|n| n == wanted),
            "{wanted} not in {names:?}"
        );
    }
    // The economy sheet: the council's annual budget, −8 982 tkr, as a number (the Markdown
    // report's first economy row reads "| Kommunfullmäktige | -8 982 | ...").
    let economy = book.worksheet_range("Ekonomi").unwrap();
    let row = economy
        .rows()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "Kommunfullmäktige"))
        .unwrap();
    assert_eq!(row.get(1), Some(&Data::Float(-8982.0)));
    // The income statement's result of the year's forecast, 2 707 tkr.
    let statement = book.worksheet_range("Resultaträkning").unwrap();
    let result = statement
        .rows()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "Årets resultat"))
        .unwrap();
    assert_eq!(result.get(2), Some(&Data::Float(2707.0)));
    let markdown = render::markdown(&report, &RenderOptions::default());
    assert!(
        markdown.contains("| Årets resultat | 4 189 | 2 707 | 8 982 |"),
        "{markdown}"
    );
}
