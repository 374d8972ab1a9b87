//! The words of a report in Swedish and English.

use crate::assess::Trend;
use crate::period::ReportKind;
use crate::report::ReportStatus;

use crate::steering::AssignmentStatus;

pub use crate::language::Lang;
pub(super) use crate::language::{fulfilment, measured, result, threshold};

/// Every fixed text of a report.
pub(super) struct Labels {
    pub(super) as_of: &'static str,
    pub(super) status: &'static str,
    pub(super) amounts_in: &'static str,
    pub(super) rounded: &'static str,
    pub(super) rounding_differences: &'static str,
    pub(super) rounding_kept: &'static str,
    pub(super) half_away: &'static str,
    pub(super) half_even: &'static str,
    pub(super) other_rounding: &'static str,
    pub(super) sign: &'static str,
    pub(super) economy: &'static str,
    pub(super) unit: &'static str,
    pub(super) line: &'static str,
    pub(super) annual_budget: &'static str,
    pub(super) budget_to_date: &'static str,
    pub(super) outcome_to_date: &'static str,
    pub(super) deviation: &'static str,
    pub(super) used: &'static str,
    pub(super) forecast: &'static str,
    pub(super) forecast_deviation: &'static str,
    pub(super) year_elapsed: &'static str,
    pub(super) forecast_made: &'static str,
    pub(super) result_share: &'static str,
    pub(super) bar_chart: &'static str,
    pub(super) line_chart: &'static str,
    pub(super) budget: &'static str,
    pub(super) outcome: &'static str,
    pub(super) investments: &'static str,
    pub(super) project: &'static str,
    pub(super) yearly_budget: &'static str,
    pub(super) appropriation: &'static str,
    pub(super) accumulated: &'static str,
    pub(super) withdrawn: &'static str,
    pub(super) forecast_at_completion: &'static str,
    pub(super) final_report: &'static str,
    pub(super) cost_line: &'static str,
    pub(super) total: &'static str,
    pub(super) kronor_outcome_per: &'static str,
    pub(super) goals: &'static str,
    pub(super) goal: &'static str,
    pub(super) title: &'static str,
    pub(super) assessment: &'static str,
    pub(super) manual: &'static str,
    pub(super) indicators: &'static str,
    pub(super) indicator: &'static str,
    pub(super) target: &'static str,
    pub(super) value: &'static str,
    pub(super) result: &'static str,
    pub(super) trend: &'static str,
    pub(super) traces: &'static str,
    pub(super) financial_goals: &'static str,
    pub(super) assignments: &'static str,
    pub(super) assignment: &'static str,
    pub(super) activities: &'static str,
    pub(super) activity: &'static str,
    pub(super) owner: &'static str,
    pub(super) ends: &'static str,
    pub(super) assignee: &'static str,
    pub(super) due: &'static str,
    pub(super) overdue: &'static str,
    pub(super) comment: &'static str,
    pub(super) group: &'static str,
    pub(super) municipality: &'static str,
    pub(super) group_column: &'static str,
    pub(super) group_party: &'static str,
    pub(super) group_basis: &'static str,
    pub(super) proportional: &'static str,
    pub(super) full: &'static str,
    pub(super) group_vs_economy: &'static str,
    pub(super) owned_share: &'static str,
    pub(super) weight: &'static str,
    pub(super) membership: &'static str,
    pub(super) comments: &'static str,
    pub(super) missing_comments: &'static str,
    pub(super) none: &'static str,
    pub(super) no_data: &'static str,
    pub(super) known_on: &'static str,
    pub(super) filled_forecasts: &'static str,
}

const SV: Labels = Labels {
    as_of: "per",
    status: "Status",
    amounts_in: "Belopp i",
    rounded: "avrundade",
    rounding_differences: "var för sig, så avrundningsdifferenser kan förekomma",
    rounding_kept: "så att delarna summerar till summorna (summorna avrundade var för sig, delarna efter största rest)",
    half_away: "halvt bort från noll",
    half_even: "halvt till jämnt",
    other_rounding: "enligt vald avrundning",
    sign: "Avvikelse = budget − utfall: positiv avvikelse är bättre än budget. Belopp har bokföringens tecken: kostnader positiva, intäkter negativa.",
    economy: "Ekonomi",
    unit: "Enhet",
    line: "Resultaträkning",
    annual_budget: "Årsbudget",
    budget_to_date: "Budget ack.",
    outcome_to_date: "Utfall ack.",
    deviation: "Avvikelse",
    used: "Förbrukat",
    forecast: "Prognos",
    forecast_deviation: "Prognosavvikelse",
    year_elapsed: "Andel av året",
    forecast_made: "Prognos gjord",
    result_share: "Resultat i procent av skatteintäkter och generella statsbidrag (helår)",
    bar_chart: "Budget, utfall hittills och prognos per nämnd",
    line_chart: "Ackumulerat utfall mot periodiserad budget",
    budget: "Budget",
    outcome: "Utfall",
    investments: "Investeringar",
    project: "Projekt",
    yearly_budget: "Årsbudget",
    appropriation: "Totalt anslag",
    accumulated: "Ackumulerat utfall",
    withdrawn: "Varav utgått",
    forecast_at_completion: "Slutprognos",
    final_report: "Slutredovisning",
    cost_line: "Kostnadsslag",
    total: "Totalt",
    kronor_outcome_per: "kr, utfall per",
    goals: "Mål och måluppfyllelse",
    goal: "Mål",
    title: "Benämning",
    assessment: "Bedömning",
    manual: "manuell bedömning",
    indicators: "Indikatorer",
    indicator: "Indikator",
    target: "Målvärde",
    value: "Värde",
    result: "Resultat",
    trend: "Trend",
    traces: "Spårning av bedömningarna",
    financial_goals: "Finansiella mål",
    assignments: "Uppdrag",
    activities: "Aktiviteter i verksamhetsplanerna",
    activity: "Aktivitet",
    owner: "Ansvarig",
    ends: "Klar senast",
    assignment: "Uppdrag",
    assignee: "Ansvarig",
    due: "Återrapportering",
    overdue: "förfallet",
    comment: "Kommentar",
    group: "Kommunen och koncernen",
    municipality: "Kommunen",
    group_column: "Koncernen",
    group_party: "Part",
    group_basis: "Sammanställd redovisning, utfall",
    proportional: "proportionell konsolidering, dotterföretag och intresseföretag med den andel kommunen äger genom hela ägarkedjan, kommunalförbund med medlemsandelen, transaktioner mellan koncernens parter eliminerade",
    full: "dotterföretag fullt, intresseföretag med ägd andel, transaktioner mellan koncernens parter eliminerade",
    group_vs_economy: "Ekonomiavsnittet ovan summerar enheterna utan vägning och eliminering.",
    owned_share: "Ägd andel",
    weight: "Vikt",
    membership: "Relation",
    comments: "Kommentarer",
    missing_comments: "Kommentarer som saknas",
    none: "Inga.",
    no_data: "Inga uppgifter.",
    known_on: "Uppgifter kända per",
    filled_forecasts: "Prognosen saknade dessa enheter och konton; de har fyllts i med utfall hittills plus återstående budget",
};

const EN: Labels = Labels {
    as_of: "as of",
    status: "Status",
    amounts_in: "Amounts in",
    rounded: "rounded",
    rounding_differences: "each on its own, so rounding differences may occur",
    rounding_kept: "so that parts add up to their totals (totals rounded each on its own, parts by largest remainder)",
    half_away: "half away from zero",
    half_even: "half to even",
    other_rounding: "by the chosen rounding",
    sign: "Deviation = budget − outcome: a positive deviation is better than budget. Amounts keep the ledger sign: costs positive, revenue negative.",
    economy: "Economy",
    unit: "Unit",
    line: "Income statement",
    annual_budget: "Annual budget",
    budget_to_date: "Budget to date",
    outcome_to_date: "Outcome to date",
    deviation: "Deviation",
    used: "Used",
    forecast: "Forecast",
    forecast_deviation: "Forecast deviation",
    year_elapsed: "Share of year elapsed",
    forecast_made: "Forecast made",
    result_share: "Result as a share of taxes and general grants (full year)",
    bar_chart: "Budget, outcome to date and forecast per committee",
    line_chart: "Cumulative outcome against the periodised budget",
    budget: "Budget",
    outcome: "Outcome",
    investments: "Investments",
    project: "Project",
    yearly_budget: "Budget for the year",
    appropriation: "Appropriation",
    accumulated: "Accumulated outcome",
    withdrawn: "Of which withdrawn",
    forecast_at_completion: "Forecast at completion",
    final_report: "Final report",
    cost_line: "Cost line",
    total: "Total",
    kronor_outcome_per: "SEK, outcome as of",
    goals: "Goals and fulfilment",
    goal: "Goal",
    title: "Title",
    assessment: "Assessment",
    manual: "manual assessment",
    indicators: "Indicators",
    indicator: "Indicator",
    target: "Target",
    value: "Value",
    result: "Result",
    trend: "Trend",
    traces: "How each assessment was made",
    financial_goals: "Financial goals",
    assignments: "Assignments",
    activities: "Activities of the activity plans",
    activity: "Activity",
    owner: "Owner",
    ends: "Ends",
    assignment: "Assignment",
    assignee: "Assignee",
    due: "Due",
    overdue: "overdue",
    comment: "Comment",
    group: "The municipality and the group",
    municipality: "Municipality",
    group_column: "Group",
    group_party: "Party",
    group_basis: "Group accounts, outcome",
    proportional: "proportional consolidation: subsidiaries and associates at the share the municipality owns through the whole chain, federations of municipalities at the member's share, transactions between the group's parties eliminated",
    full: "subsidiaries in full, associates at the owned share, transactions between the group's parties eliminated",
    group_vs_economy: "The economy section above sums the units without weighting or eliminations.",
    owned_share: "Owned share",
    weight: "Weight",
    membership: "Relation",
    comments: "Comments",
    missing_comments: "Missing comments",
    none: "None.",
    no_data: "No data.",
    known_on: "Figures known as of",
    filled_forecasts: "The forecast lacked these units and accounts; they are filled in with outcome to date plus remaining budget",
};

impl Labels {
    pub(super) fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }
}

pub(super) fn kind(kind: ReportKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ReportKind::Monthly, Lang::Sv) => "Månadsrapport",
        (ReportKind::Tertial, Lang::Sv) => "Tertialrapport",
        (ReportKind::Interim, Lang::Sv) => "Delårsrapport",
        (ReportKind::Annual, Lang::Sv) => "Årsredovisning",
        (ReportKind::Monthly, Lang::En) => "Monthly report",
        (ReportKind::Tertial, Lang::En) => "Tertial report",
        (ReportKind::Interim, Lang::En) => "Interim report",
        (ReportKind::Annual, Lang::En) => "Annual report",
    }
}

pub(super) fn status(status: ReportStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (ReportStatus::Draft, Lang::Sv) => "utkast",
        (ReportStatus::Submitted, Lang::Sv) => "inlämnad",
        (ReportStatus::Approved, Lang::Sv) => "godkänd",
        (ReportStatus::Draft, Lang::En) => "draft",
        (ReportStatus::Submitted, Lang::En) => "submitted",
        (ReportStatus::Approved, Lang::En) => "approved",
    }
}

pub(super) fn trend(trend: Trend, lang: Lang) -> &'static str {
    match (trend, lang) {
        (Trend::NoData, _) => "–",
        (Trend::Improving, Lang::Sv) => "förbättras",
        (Trend::Unchanged, Lang::Sv) => "oförändrad",
        (Trend::Worsening, Lang::Sv) => "försämras",
        (Trend::Improving, Lang::En) => "improving",
        (Trend::Unchanged, Lang::En) => "unchanged",
        (Trend::Worsening, Lang::En) => "worsening",
    }
}

pub(super) fn activity_status(status: crate::planning::ActivityStatus, lang: Lang) -> String {
    match lang {
        Lang::Sv => status.label_sv().to_owned(),
        Lang::En => status.to_string(),
    }
}

pub(super) fn assignment_status(status: AssignmentStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (AssignmentStatus::NotStarted, Lang::Sv) => "ej påbörjat",
        (AssignmentStatus::InProgress, Lang::Sv) => "pågår",
        (AssignmentStatus::Delayed, Lang::Sv) => "försenat",
        (AssignmentStatus::Completed, Lang::Sv) => "genomfört",
        (AssignmentStatus::Cancelled, Lang::Sv) => "avfört",
        (status, Lang::En) => match status {
            AssignmentStatus::NotStarted => "not started",
            AssignmentStatus::InProgress => "in progress",
            AssignmentStatus::Delayed => "delayed",
            AssignmentStatus::Completed => "completed",
            AssignmentStatus::Cancelled => "cancelled",
        },
    }
}

/// How a party belongs to the group, in `lang`.
pub(super) fn membership(membership: crate::group::Membership, lang: Lang) -> &'static str {
    use crate::group::Membership::{
        Associate, Federation, Municipality, NotConsolidated, Subsidiary,
    };
    match (membership, lang) {
        (Municipality, Lang::Sv) => "kommunen",
        (Subsidiary, Lang::Sv) => "dotterföretag",
        (Associate, Lang::Sv) => "intresseföretag",
        (Federation, Lang::Sv) => "kommunalförbund",
        (NotConsolidated, Lang::Sv) => "ingår ej",
        (Municipality, Lang::En) => "municipality",
        (Subsidiary, Lang::En) => "subsidiary",
        (Associate, Lang::En) => "associate",
        (Federation, Lang::En) => "federation of municipalities",
        (NotConsolidated, Lang::En) => "not consolidated",
    }
}

/// What an entity is called in `lang`, with its id.
pub(super) fn entity(entity: &crate::report::Entity, lang: Lang) -> String {
    use crate::report::Entity;
    match (entity, lang) {
        (Entity::Unit(id), Lang::Sv) => format!("enhet {id}"),
        (Entity::Goal(id), Lang::Sv) => format!("mål {id}"),
        (Entity::Indicator(id), Lang::Sv) => format!("indikator {id}"),
        (Entity::Project(id), Lang::Sv) => format!("projekt {id}"),
        (entity, Lang::En) => entity.to_string(),
    }
}

/// A missing comment worded in the report's language: what, and why with the figures.
pub(super) fn missing_comment(
    missing: &crate::report::MissingComment,
    options: &super::RenderOptions,
) -> String {
    use crate::report::MissingReason;
    let lang = options.lang;
    let why = match (&missing.reason, lang) {
        (MissingReason::Deviation { deviation, budget }, Lang::Sv) => format!(
            "avvikelse {} mot budget {}",
            options.amount(*deviation),
            options.amount(*budget)
        ),
        (MissingReason::Deviation { deviation, budget }, Lang::En) => format!(
            "deviation {} against budget {}",
            options.amount(*deviation),
            options.amount(*budget)
        ),
        (MissingReason::Goal(state), lang) => fulfilment(*state, lang).to_owned(),
        (
            MissingReason::IndicatorNotMet {
                value,
                unit,
                threshold,
            },
            lang,
        ) => {
            let value = value.map_or_else(|| "–".to_owned(), |v| measured(&v, unit, lang));
            let target = threshold.as_ref().map(|t| self::threshold(t, lang));
            match (target, lang) {
                (Some(target), Lang::Sv) => format!("ej uppnått: {value}, målvärde {target}"),
                (Some(target), Lang::En) => format!("not met: {value}, target {target}"),
                (None, Lang::Sv) => format!("ej uppnått: {value}"),
                (None, Lang::En) => format!("not met: {value}"),
            }
        }
    };
    format!("{}: {why}", entity(&missing.entity, lang))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::ratio::Ratio;
    use crate::steering::{Comparator, MeasureUnit, Measured, Threshold};
    use rust_decimal::Decimal;

    #[test]
    fn values_and_thresholds_speak_the_report_language() {
        let share = Measured::Share(Ratio::new(237.into(), 315.into()).unwrap());
        assert_eq!(
            measured(&share, &MeasureUnit::Percent, Lang::Sv),
            "237 av 315 = 75,2 %"
        );
        assert_eq!(
            measured(&share, &MeasureUnit::Percent, Lang::En),
            "237 of 315 = 75,2 %"
        );
        let days = Measured::Number(Decimal::new(45, 1));
        assert_eq!(measured(&days, &MeasureUnit::Days, Lang::Sv), "4,5 dagar");
        assert_eq!(measured(&days, &MeasureUnit::Days, Lang::En), "4,5 days");
        assert_eq!(
            measured(&Measured::YesNo(false), &MeasureUnit::YesNo, Lang::Sv),
            "nej"
        );
        let band = Threshold {
            upper: Some(Decimal::new(105, 1)),
            ..Threshold::new(Comparator::Between, Decimal::new(5, 0), MeasureUnit::Days)
        };
        assert_eq!(threshold(&band, Lang::Sv), "5–10,5 dagar");
        let better = Threshold::new(
            Comparator::ImproveOnPrevious,
            Decimal::ZERO,
            MeasureUnit::Count,
        );
        assert_eq!(threshold(&better, Lang::Sv), "bättre än föregående period");
        assert_eq!(
            threshold(&better, Lang::En),
            "better than the previous period"
        );
        let yes = Threshold::new(Comparator::Eq, Decimal::ONE, MeasureUnit::YesNo);
        assert_eq!(threshold(&yes, Lang::Sv), "= ja");
    }
}
