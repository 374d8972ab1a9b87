//! Follow-up reports on the demo municipality: golden Markdown and JSON, the source report's
//! investment table in the annual report, self-contained HTML, comments and workflow.

use styrmodell::report::render::{self, Lang, RenderOptions};
use styrmodell::report::{
    Comment, Entity, Narratives, ReportError, ReportInputs, ReportRequest, ReportStatus, Workflow,
};
use styrmodell::*;

struct Demo {
    ledger: Ledger,
    model: steering::SteeringModel,
    projects: Vec<investment::InvestmentProject>,
    calendar: ReportingCalendar,
    narratives: Narratives,
    /// The demo's: no balance requirement adjustments, the pension commitment outside the
    /// balance sheet.
    statutory: report::Statutory,
}

fn demo() -> Demo {
    Demo {
        ledger: demo::ledger().unwrap(),
        model: demo::steering_model().unwrap(),
        projects: demo::investment_projects().unwrap(),
        calendar: ReportingCalendar::typical(Year::new(2022).unwrap()),
        narratives: demo::narratives().unwrap(),
        statutory: demo::statutory().unwrap(),
    }
}

/// The demo of 2023, on the organisation after the reorganisation of 2023-01-01.
fn demo_2023() -> Demo {
    Demo {
        ledger: demo::ledger_2023().unwrap(),
        model: demo::steering_model_2023().unwrap(),
        projects: demo::investment_projects().unwrap(),
        calendar: ReportingCalendar::typical(Year::new(2023).unwrap()),
        narratives: demo::narratives().unwrap(),
        statutory: demo::statutory().unwrap(),
    }
}

impl Demo {
    fn inputs(&self) -> ReportInputs<'_> {
        self.comparing(None)
    }

    fn comparing<'a>(&'a self, comparison: Option<report::Comparison<'a>>) -> ReportInputs<'a> {
        ReportInputs {
            ledger: &self.ledger,
            model: &self.model,
            projects: &self.projects,
            calendar: &self.calendar,
            narratives: &self.narratives,
            comparison,
            planning: None,
            statutory: Some(&self.statutory),
        }
    }

    fn report(
        &self,
        kind: ReportKind,
        as_of: &str,
        scope: ReportScope,
    ) -> Result<Report, ReportError> {
        ReportRequest::new(kind, as_of.parse().unwrap())
            .scope(scope)
            .build(&self.inputs())
    }
}

/// Compares with the committed file; `UPDATE_GOLDEN=1` rewrites it instead.
fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}\n(UPDATE_GOLDEN=1 rewrites it)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn interim_report_markdown_and_json_match_golden_files() {
    let demo = demo();
    let report = demo
        .report(ReportKind::Interim, "2022-08", ReportScope::Municipality)
        .unwrap();
    golden(
        "interim-2022-08.md",
        &render::markdown(&report, &RenderOptions::default()),
    );
    golden("interim-2022-08.json", &render::json(&report).unwrap());
    let back: Report = serde_json::from_str(&render::json(&report).unwrap()).unwrap();
    assert_eq!(back, report);
}

#[test]
fn annual_report_carries_the_source_investment_table_exactly() {
    let demo = demo();
    let report = demo
        .report(ReportKind::Annual, "2022-12", ReportScope::Municipality)
        .unwrap();
    let final_report = &report.investments.final_reports[0];
    assert_eq!(final_report.project.as_str(), "KS-2020-339");
    let markdown = render::markdown(&report, &RenderOptions::default());
    let table = "\
| Kostnadsslag | Budget | Utfall | Avvikelse |
|---|--:|--:|--:|
| Förstudie, behovs- och marknadsanalys, avrop | 700 000 | 719 000 | -19 000 |
| Införandeprojekt, leverantör | 700 000 | 504 000 | 196 000 |
| Kompetensöverföring, leverantör | 100 000 |  | 100 000 |
| Konsulttjänster, leverantör | 700 000 | 386 659 | 313 341 |
| Interna fackmän och externt biträdande projektstöd | 500 000 | 1 026 200 | -526 200 |
| Införandeprojekt, leverantör (VA-bolaget) | 350 000 |  |  |
| Interna fackmän och externt biträdande projektstöd (VA-bolaget) | 150 000 |  |  |
| Totalt inkl. VA | 3 200 000 | 2 635 859 |  |
| Totalt exkl. VA | 2 700 000 | 2 635 859 | 64 141 |
";
    assert!(markdown.contains(table), "{markdown}");
    assert_eq!(report.mode, assess::AssessmentMode::Final);
}

#[test]
fn html_is_self_contained_and_every_svg_is_xml() {
    let demo = demo();
    for scope in [
        ReportScope::Municipality,
        ReportScope::Group,
        ReportScope::Unit("SN".parse().unwrap()),
    ] {
        let report = demo.report(ReportKind::Interim, "2022-08", scope).unwrap();
        for lang in [Lang::Sv, Lang::En] {
            let html = render::html(&report, &RenderOptions::default().lang(lang));
            for forbidden in [
                "http://", "https://", "<script", " src=", "url(", "@import", "<link",
            ] {
                assert!(!html.contains(forbidden), "{forbidden} in the HTML");
            }
            let mut svgs = 0;
            let mut rest = html.as_str();
            while let Some(start) = rest.find("<svg") {
                let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
                roxmltree::Document::parse(&rest[start..end])
                    .unwrap_or_else(|e| panic!("{e}: {}", &rest[start..end]));
                svgs += 1;
                rest = &rest[end..];
            }
            assert!(svgs >= 3, "{svgs} charts and lights");
            assert!(html.contains("<figure>"));
        }
    }
}

#[test]
fn english_labels_on_request() {
    let demo = demo();
    let report = demo
        .report(ReportKind::Interim, "2022-08", ReportScope::Municipality)
        .unwrap();
    let english = render::markdown(&report, &RenderOptions::default().lang(Lang::En));
    assert!(english.starts_with("# Interim report as of 2022-08 – Kommunfullmäktige"));
    assert!(english.contains("Amounts in tkr, rounded half away from zero"));
    assert!(english.contains("a positive deviation is better than budget"));
    assert!(english.contains("- goal KF-FIN: not fulfilled"));
    // The Swedish report words the same missing comments in Swedish, amounts in tkr.
    let swedish = render::markdown(&report, &RenderOptions::default());
    assert!(swedish.contains("- enhet KF: avvikelse -4 159 mot budget -8 348"));
    assert!(swedish.contains("- indikator FIN-RESULTAT: ej uppnått: 0,7 %, målvärde ≥ 2 %"));
    // (The goals' traces are still English; the comment section is not.)
    let comments = swedish.split("## Kommentarer").nth(1).unwrap();
    for english_word in ["deviation", "not met", "against budget", "unit ", "goal "] {
        assert!(!comments.contains(english_word), "{english_word}");
    }
}

#[test]
fn calendar_decides_the_sections() {
    let demo = demo();
    let monthly = demo
        .report(ReportKind::Monthly, "2022-05", ReportScope::Municipality)
        .unwrap();
    assert!(monthly.goals.is_none() && monthly.assignments.is_none());
    assert!(!render::markdown(&monthly, &RenderOptions::default()).contains("## Mål"));
    let err = demo
        .report(ReportKind::Interim, "2022-07", ReportScope::Municipality)
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, ReportError::NotInCalendar { .. }));
    assert!(
        text.contains("interim") && text.contains("2022-07") && text.contains("interim 2022-08"),
        "{text}"
    );
    let group = demo
        .report(ReportKind::Interim, "2022-08", ReportScope::Group)
        .unwrap();
    assert!(group.group.is_some());
    let unknown = demo
        .report(
            ReportKind::Interim,
            "2022-08",
            ReportScope::Unit("NOPE".parse().unwrap()),
        )
        .unwrap_err();
    assert!(unknown.to_string().contains("NOPE"));
}

#[test]
fn missing_required_comments_are_listed() {
    let mut demo = demo();
    let report = demo
        .report(ReportKind::Interim, "2022-08", ReportScope::Municipality)
        .unwrap();
    let missing = |report: &Report, entity: &Entity| {
        report.missing_comments.iter().any(|m| &m.entity == entity)
    };
    let (sn, tn) = (
        Entity::Unit("SN".parse().unwrap()),
        Entity::Unit("TN".parse().unwrap()),
    );
    assert!(!missing(&report, &sn), "SN has its comment");
    // TN: +296 tkr to date and +452 tkr forecast on a budget of 51 000 tkr, within the rules'
    // 2 % and 2 million kronor.
    assert!(!missing(&report, &tn));
    // The financial goal's forecast result share, 0,7 %, is below its 2 %.
    let financial = Entity::Goal("KF-FIN".parse().unwrap());
    assert!(missing(&report, &financial));
    assert!(missing(
        &report,
        &Entity::Indicator("FIN-RESULTAT".parse().unwrap())
    ));
    demo.narratives.comments.push(Comment {
        entity: financial.clone(),
        as_of: "2022-08".parse().unwrap(),
        kind: ReportKind::Interim,
        text: "Socialnämndens underskott väger tyngst.".into(),
        author: "Ekonomichef".into(),
    });
    let report = demo
        .report(ReportKind::Interim, "2022-08", ReportScope::Municipality)
        .unwrap();
    assert!(!missing(&report, &financial));
    // A comment for another report does not count: the annual report has none, and its goals
    // judged on the year's observations need theirs.
    let annual = demo
        .report(ReportKind::Annual, "2022-12", ReportScope::Municipality)
        .unwrap();
    assert!(annual.comments.is_empty());
    assert!(missing(&annual, &financial));
    assert!(missing(&annual, &Entity::Goal("EM5".parse().unwrap())));
    assert!(missing(
        &annual,
        &Entity::Indicator("EM5-ENHETER".parse().unwrap())
    ));
}

#[test]
fn workflow_allows_only_its_transitions() {
    let at = NaiveDate::from_ymd_opt(2022, 9, 20)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let mut workflow = Workflow::default();
    let err = workflow.approve("KS", at).unwrap_err();
    assert_eq!(
        (err.from, err.to),
        (ReportStatus::Draft, ReportStatus::Approved)
    );
    assert!(err.to_string().contains("draft") && err.to_string().contains("approved"));
    assert!(workflow.reopen("KS", at).is_err());
    workflow.submit("Ekonomichef", at).unwrap();
    assert!(workflow.submit("Ekonomichef", at).is_err());
    workflow.reopen("Kommundirektör", at).unwrap();
    workflow.submit("Ekonomichef", at).unwrap();
    workflow.approve("Kommunstyrelsen", at).unwrap();
    assert!(workflow.approve("Kommunstyrelsen", at).is_err());
    assert_eq!(workflow.status(), ReportStatus::Approved);
    let who: Vec<&str> = workflow.history().iter().map(|t| t.by.as_str()).collect();
    assert_eq!(
        who,
        [
            "Ekonomichef",
            "Kommundirektör",
            "Ekonomichef",
            "Kommunstyrelsen"
        ]
    );
    workflow.reopen("Kommunfullmäktige", at).unwrap();
    assert_eq!(workflow.status(), ReportStatus::Draft);
}

#[test]
fn a_forecast_that_misses_a_unit_is_filled_in_and_the_report_says_so() {
    let mut demo = demo();
    let august = Layer::Forecast {
        made: "2022-08".parse().unwrap(),
    };
    let full = demo.ledger.clone();
    let mut builder = Ledger::builder(
        full.organisation().clone(),
        full.chart().clone(),
        full.horizon(),
    )
    .with_history(1);
    builder.extend(
        full.facts()
            .filter(|f| !(f.layer == august && f.unit.as_str() == "TF-GATA")),
    );
    builder.decide_revision(1, full.revision_decision(1).unwrap().clone());
    demo.ledger = builder.build().unwrap();
    let report = demo
        .report(ReportKind::Interim, "2022-08", ReportScope::Municipality)
        .unwrap();
    let filled = &report.economy.follow_up.filled_forecasts;
    assert!(!filled.is_empty());
    assert!(filled.iter().all(|f| f.unit.as_str() == "TF-GATA"));
    for f in filled {
        assert_eq!(
            f.full_year,
            f.outcome_to_date.checked_add(f.remaining_budget).unwrap()
        );
    }
    let markdown = render::markdown(&report, &RenderOptions::default());
    assert!(
        markdown.contains("Prognosen saknade dessa enheter och konton")
            && markdown.contains("- TF-GATA "),
        "{markdown}"
    );
}

#[test]
fn a_ledger_and_a_model_of_different_organisations_are_refused() {
    let mut demo = demo();
    let other = Organisation::from_units(vec![
        OrgUnit::new("KF", "Annan kommun", OrgUnitKind::Council).unwrap(),
    ])
    .unwrap();
    demo.model = steering::SteeringModel::new(other, steering::SteeringParts::default()).unwrap();
    let err = demo
        .report(ReportKind::Interim, "2022-08", ReportScope::Municipality)
        .unwrap_err();
    assert!(
        matches!(err, ReportError::OrganisationMismatch { .. }),
        "{err}"
    );
}

#[test]
fn an_unknown_scope_lists_the_units_there_are() {
    let err = demo()
        .report(
            ReportKind::Interim,
            "2022-08",
            ReportScope::Unit("sn".parse().unwrap()),
        )
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("unknown report scope sn") && text.contains(", SN,"),
        "{text}"
    );
}

mod across_the_reorganisation {
    use styrmodell::report::{Comparison, ComparisonSection, ComparisonShape, ReportRequest};
    use styrmodell::*;

    use super::demo_2023;

    fn comparison_2023(shape: ComparisonShape) -> (Report, ComparisonSection) {
        let demo_2023 = demo_2023();
        let (ledger_2022, history) = (demo::ledger().unwrap(), demo::org_history().unwrap());
        let comparison = Comparison {
            ledger: &ledger_2022,
            history: &history,
            shape,
        };
        let report = ReportRequest::new(ReportKind::Monthly, "2023-05".parse().unwrap())
            .build(&demo_2023.comparing(Some(comparison)))
            .unwrap();
        let section = report.comparison.clone().unwrap();
        (report, section)
    }

    fn previous(section: &ComparisonSection, unit: &str) -> Option<Amount> {
        section
            .rows
            .iter()
            .find(|r| r.unit.as_str() == unit)
            .unwrap()
            .previous
    }

    /// Net outcome January–May 2022 of `unit` as the 2022 ledger recorded it.
    fn recorded_2022(unit: &str) -> Amount {
        let ledger = demo::ledger().unwrap();
        let months: PeriodRange = "2022-01..2022-05".parse().unwrap();
        ledger
            .roll_up(AccountGrouping::IncomeStatementLine, months)
            .value_of(&unit.parse().unwrap(), Measure::Outcome, None, months)
            .unwrap()
    }

    #[test]
    fn in_todays_shape_merged_committees_sum_and_the_split_unit_moves_between_boards() {
        let (_, today) = comparison_2023(ComparisonShape::TodaysShape);
        let (_, as_it_was) = comparison_2023(ComparisonShape::AsItWas);
        // The municipality as a whole is the same money either way, as recorded in 2022.
        assert_eq!(previous(&today, "KF"), Some(recorded_2022("KF")));
        assert_eq!(previous(&as_it_was, "KF"), Some(recorded_2022("KF")));
        // The merged committee's 2022 is its two predecessors' 2022; as it was, it has none.
        let merged = recorded_2022("BSN")
            .checked_add(recorded_2022("KFN"))
            .unwrap();
        assert_eq!(previous(&today, "BUKN"), Some(merged));
        assert_eq!(previous(&as_it_was, "BUKN"), None);
        // The property unit's 2022 moves from the technical committee to the executive
        // board's office: the two together are unchanged, the technical committee has less.
        let pair = |s: &ComparisonSection| {
            previous(s, "KS")
                .unwrap()
                .checked_add(previous(s, "TN").unwrap())
                .unwrap()
        };
        assert_eq!(pair(&today), pair(&as_it_was));
        assert!(previous(&today, "TN").unwrap() < previous(&as_it_was, "TN").unwrap());
        let unchanged = previous(&today, "SN");
        assert_eq!(unchanged, previous(&as_it_was, "SN"));
        assert_eq!(unchanged, Some(recorded_2022("SN")));
        // Where each carried figure came from.
        let from = |unit: &str| -> Vec<(String, bool)> {
            today
                .rows
                .iter()
                .find(|r| r.unit.as_str() == unit)
                .unwrap()
                .carried_from
                .iter()
                .map(|c| (c.unit.to_string(), c.whole))
                .collect()
        };
        assert_eq!(
            from("BUKN"),
            [("BSN".to_owned(), true), ("KFN".to_owned(), true)]
        );
        assert_eq!(from("KS"), [("TF-FAST".to_owned(), false)]);
        assert!(from("SN").is_empty());
        assert_eq!(today.reorganisations.len(), 1);
    }

    /// The 2023 monthly report in the 2023 shape, as the main example prints it (read as a
    /// controller before it was stored: the comparison's "Utfall i år" is the economy table's
    /// "Utfall ack.", and the committees add up to the council in both years within rounding).
    #[test]
    fn the_2023_monthly_report_matches_its_golden_file() {
        let (report, _) = comparison_2023(ComparisonShape::TodaysShape);
        let markdown = styrmodell::report::render::markdown(
            &report,
            &styrmodell::report::render::RenderOptions::default(),
        );
        super::golden("monthly-2023-05.md", &markdown);
    }

    #[test]
    fn the_report_says_which_shape_and_names_the_decision() {
        use styrmodell::report::render::{self, Lang, RenderOptions};
        let (report, _) = comparison_2023(ComparisonShape::TodaysShape);
        let sv = render::markdown(&report, &RenderOptions::default());
        assert!(sv.contains("## Jämförelse med föregående år"));
        assert!(sv.contains("omräknat till dagens organisation"));
        assert!(sv.contains("Omorganisation 2023-01-01 (KF 2022-06-20 § 88)"));
        assert!(sv.contains("BSN och KFN slås samman till BUKN"));
        assert!(sv.contains(
            "TF-FAST delas: konto 6010 till KSK-FAST; övrigt KSK-FAST 60 %, TF-LOKAL 40 %"
        ));
        let (report, _) = comparison_2023(ComparisonShape::AsItWas);
        let en = render::markdown(&report, &RenderOptions::default().lang(Lang::En));
        assert!(en.contains("as recorded (as it was)"));
        assert!(!en.contains("Carried from"));
    }

    #[test]
    fn the_2022_reports_keep_the_2022_organisation() {
        let demo_2022 = super::demo();
        let history = demo::org_history().unwrap();
        let request = ReportRequest::new(ReportKind::Annual, "2022-12".parse().unwrap());
        let plain = request.build(&demo_2022.inputs()).unwrap();
        let units: Vec<&str> = plain
            .economy
            .follow_up
            .rows
            .iter()
            .map(|r| r.unit.as_str())
            .collect();
        assert_eq!(units, ["KF", "KS", "BSN", "SN", "TN", "KFN"]);
        // 2021 beside 2022: no reorganisation between, so both shapes agree, and the ledger
        // holds 2021 as its history year.
        let mut sections = Vec::new();
        for shape in [ComparisonShape::AsItWas, ComparisonShape::TodaysShape] {
            let comparison = Comparison {
                ledger: &demo_2022.ledger,
                history: &history,
                shape,
            };
            let report = request
                .build(&demo_2022.comparing(Some(comparison)))
                .unwrap();
            assert_eq!(report.economy, plain.economy);
            sections.push(report.comparison.unwrap());
        }
        assert_eq!(sections[0].rows, sections[1].rows);
        assert!(sections[0].reorganisations.is_empty());
        assert!(sections[0].rows.iter().all(|r| r.previous.is_some()));
    }

    #[test]
    fn a_comparison_on_the_wrong_organisation_is_refused() {
        let demo_2023 = demo_2023();
        let history = demo::org_history().unwrap();
        // The 2023 ledger given as last year's: its organisation is not 2022's.
        let comparison = Comparison {
            ledger: &demo_2023.ledger,
            history: &history,
            shape: ComparisonShape::TodaysShape,
        };
        let err = ReportRequest::new(ReportKind::Monthly, "2023-05".parse().unwrap())
            .build(&demo_2023.comparing(Some(comparison)))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the previous year's ledger's organisation is not the one valid on 2022-12-31"
        );
    }
}

mod keeping_sums {
    //! With `RenderOptions::keep_sums`, printed parts add up to printed totals.

    use super::*;
    use styrmodell::report::render::RenderOptions;

    /// The numbers of each row of the first table after `heading`, by its first cell.
    fn table(markdown: &str, heading: &str) -> Vec<(String, Vec<Option<i64>>)> {
        let start = markdown.find(heading).unwrap();
        markdown[start..]
            .lines()
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .skip(2)
            .map(|l| {
                let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
                let numbers = cells[1..]
                    .iter()
                    .map(|c| c.replace(' ', "").parse::<i64>().ok())
                    .collect();
                (cells[0].to_owned(), numbers)
            })
            .collect()
    }

    fn row<'a>(rows: &'a [(String, Vec<Option<i64>>)], name: &str) -> &'a [Option<i64>] {
        &rows.iter().find(|(n, _)| n == name).unwrap().1
    }

    #[test]
    fn units_lines_and_statements_add_up_as_printed() {
        let demo = demo();
        let report = demo
            .report(ReportKind::Interim, "2022-08", ReportScope::Municipality)
            .unwrap();
        let markdown = render::markdown(&report, &RenderOptions::default().keep_sums());
        assert!(
            markdown.contains("så att delarna summerar till summorna"),
            "{markdown}"
        );
        assert!(!markdown.contains("avrundningsdifferenser"), "{markdown}");
        // The committees add up to the council in every amount column (Förbrukat is a share).
        let economy = table(&markdown, "## Ekonomi");
        let (council, committees): (Vec<_>, Vec<_>) =
            economy.iter().partition(|(n, _)| !n.starts_with('·'));
        for column in [0, 1, 2, 3, 5, 6] {
            let sum: i64 = committees.iter().map(|(_, v)| v[column].unwrap()).sum();
            assert_eq!(Some(sum), council[0].1[column], "column {column}");
        }
        // Each rounded on its own, the same report's committees miss the council by 1 tkr
        // somewhere (the header says so); kept, they do not.
        let plain = render::markdown(&report, &RenderOptions::default());
        let each = table(&plain, "## Ekonomi");
        let differs = [0, 1, 2, 3, 5, 6].iter().any(|&c| {
            each.iter()
                .filter(|(n, _)| n.starts_with('·'))
                .map(|(_, v)| v[c].unwrap())
                .sum::<i64>()
                != each[0].1[c].unwrap()
        });
        assert!(
            differs,
            "the plain report should show a rounding difference somewhere"
        );
        // The income statement's subtotals are the sums of its printed lines.
        let statement = table(&markdown, "\n## Resultaträkning\n");
        for column in 0..3 {
            let value = |name| row(&statement, name)[column].unwrap();
            let net = value("Verksamhetens intäkter")
                + value("Verksamhetens kostnader")
                + value("Avskrivningar");
            assert_eq!(net, value("Verksamhetens nettokostnader"));
            let result = net
                + value("Skatteintäkter")
                + value("Generella statsbidrag och utjämning")
                + value("Finansiella intäkter")
                + value("Finansiella kostnader");
            assert_eq!(result, value("Årets resultat"));
        }
        // The balance sheet's headings add up to its totals, which agree.
        let sheet = table(&markdown, "## Balansräkning");
        for column in 0..2 {
            let value = |name: &str| row(&sheet, name)[column].unwrap();
            let assets: i64 = [
                "Immateriella anläggningstillgångar",
                "Mark, byggnader och tekniska anläggningar",
                "Maskiner och inventarier",
                "Finansiella anläggningstillgångar",
                "Förråd m.m.",
                "Fordringar",
                "Kortfristiga placeringar",
                "Kassa och bank",
            ]
            .iter()
            .map(|n| value(&format!("· {n}")))
            .sum();
            assert_eq!(assets, value("Summa tillgångar"));
            assert_eq!(
                value("Summa tillgångar"),
                value("Summa eget kapital, avsättningar och skulder")
            );
        }
        // The cash flow's items add up to its flows and the flows to the change in cash.
        let flow = table(&markdown, "## Kassaflödesanalys");
        let value = |name| row(&flow, name)[0].unwrap();
        assert_eq!(
            value("Kassaflöde från den löpande verksamheten")
                + value("Kassaflöde från investeringsverksamheten")
                + value("Kassaflöde från finansieringsverksamheten"),
            value("Likvida medel vid periodens slut") - value("Likvida medel vid årets början")
        );
    }
}

#[test]
fn an_english_report_declares_its_number_format() {
    let demo = demo();
    let report = demo
        .report(ReportKind::Interim, "2022-08", ReportScope::Municipality)
        .unwrap();
    let english = render::markdown(
        &report,
        &render::RenderOptions::default().lang(render::Lang::En),
    );
    assert!(
        english.contains("Numbers are written with a space between thousands"),
        "{english}"
    );
    // The traces are English too.
    assert!(english.contains("goal KF-FIN"), "{english}");
    assert!(!english.contains("mål KF-FIN"), "{english}");
    let swedish = render::markdown(&report, &render::RenderOptions::default());
    assert!(!swedish.contains("Numbers are written"));
    assert!(swedish.contains("mål KF-FIN"));
}

#[test]
fn the_income_statement_can_be_shown_in_the_ledger_sign() {
    let mut demo = demo();
    demo.statutory.sign = styrmodell::statements::Sign::Ledger;
    let report = demo
        .report(ReportKind::Annual, "2022-12", ReportScope::Municipality)
        .unwrap();
    let markdown = render::markdown(&report, &render::RenderOptions::default());
    assert!(markdown.contains("med bokföringens tecken"), "{markdown}");
    // The surplus of 2 584 tkr is negative in the ledger sign, revenue too, costs positive.
    assert!(
        markdown.contains("| Årets resultat | -2 584 | -8 982 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Verksamhetens kostnader | 424 225 |"),
        "{markdown}"
    );
    // The balance requirement still counts the surplus as a surplus.
    assert!(
        markdown.contains("| Årets balanskravsresultat | 2 584 |"),
        "{markdown}"
    );
}

#[test]
fn the_group_report_carries_the_group_balance_sheet_cash_flow_and_key_ratios() {
    let demo = demo();
    let report = demo
        .report(ReportKind::Annual, "2022-12", ReportScope::Group)
        .unwrap();
    let accounts = report.group_accounts.as_ref().expect("group accounts");
    assert!(accounts.closing.group.difference().unwrap().is_zero());
    assert!(accounts.group_cash_flow.unexplained().unwrap().is_zero());
    // The municipality's column is the municipal report's balance sheet.
    let municipal = demo
        .report(ReportKind::Annual, "2022-12", ReportScope::Municipality)
        .unwrap();
    let (_, closing) = municipal
        .statements
        .as_ref()
        .and_then(|s| s.balance_sheet.clone())
        .unwrap();
    assert_eq!(accounts.closing.municipality, closing);
    // The year's result is one figure in the income statement and the balance sheet.
    assert_eq!(
        accounts
            .group_statement
            .amount(statements::RkrRow::ResultOfTheYear),
        accounts
            .closing
            .group
            .line(balance_sheet::BalanceLine::ResultOfTheYear)
    );
    let markdown = render::markdown(&report, &RenderOptions::default());
    for expected in [
        "### Balansräkning – kommunen och koncernen",
        "KF:s aktier i BOSTAD 15 000 mot eget kapital vid förvärvet 12 000, goodwill 3 000",
        "KF mot VATTEN: Fordringar 1 200",
        "### Finansiella nyckeltal – kommunen och koncernen",
        // The municipality's surplus of the economy table (KF −2 584 in the ledger sign).
        "| Årets resultat | 2 584 | 9 218 |",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected} missing:\n{markdown}"
        );
    }
    // Swedish throughout.
    for english in ["against", "shares in", "Balance sheet", "Group"] {
        assert!(
            !markdown.contains(english),
            "{english} in the Swedish report"
        );
    }
    // Without the statutory inputs (and so without the acquisitions) there is no balance
    // sheet to show, and the report is still made.
    let mut inputs = demo.inputs();
    inputs.statutory = None;
    let bare = ReportRequest::new(ReportKind::Annual, "2022-12".parse().unwrap())
        .scope(ReportScope::Group)
        .build(&inputs)
        .unwrap();
    assert!(bare.group_accounts.is_none());
}
