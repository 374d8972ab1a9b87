//! The words of an assessment as data: each step of a trace and each explanation of a value is
//! a [`Phrase`] with its [`Arg`]uments, worded in Swedish or English when it is shown, so a
//! Swedish report is Swedish throughout and an English one English.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::AssessmentMode;
use crate::language::{self, Lang};
use crate::org::OrgUnitKind;
use crate::ratio::Ratio;
use crate::steering::{
    Aggregation, Basis, Entry, Fulfilment, GoalKind, MeasureUnit, Measured, Role, TestResult,
    Threshold,
};

/// A phrase and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wording {
    /// What is said.
    pub phrase: Phrase,
    /// The values it says it with, in the phrase's order.
    #[serde(default)]
    pub args: Vec<Arg>,
}

impl Wording {
    /// A phrase with its arguments.
    pub fn new(phrase: Phrase, args: Vec<Arg>) -> Wording {
        Wording { phrase, args }
    }

    /// The words in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let template = self.phrase.template(lang);
        let mut out = String::with_capacity(template.len().saturating_add(16));
        let mut args = self.args.iter();
        let mut rest = template;
        while let Some(at) = rest.find("{}") {
            out.push_str(rest.get(..at).unwrap_or_default());
            if let Some(arg) = args.next() {
                out.push_str(&arg.text(lang));
            }
            rest = rest.get(at.saturating_add(2)..).unwrap_or_default();
        }
        out.push_str(rest);
        out
    }
}

impl fmt::Display for Wording {
    /// In English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// A value in a phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    /// Text as given: an id, a title, a name, a motivation.
    Text(String),
    /// A count.
    Count(u64),
    /// A list of ids or names, joined with commas.
    List(Vec<String>),
    /// A value in its indicator's unit.
    Value(Measured, MeasureUnit),
    /// A share in per cent.
    Percent(Ratio),
    /// A decimal number.
    Number(Decimal),
    /// Kronor.
    Kronor(Decimal),
    /// A threshold.
    Threshold(Threshold),
    /// A test result.
    Result(TestResult),
    /// A fulfilment.
    Fulfilment(Fulfilment),
    /// A kind of unit.
    UnitKind(OrgUnitKind),
    /// A kind of goal.
    GoalKind(GoalKind),
    /// Forecast or final.
    Mode(AssessmentMode),
    /// An aggregation.
    Aggregation(Aggregation),
    /// What a value was counted from.
    Basis(Basis),
    /// A nested phrase.
    Wording(Box<Wording>),
}

impl Arg {
    fn text(&self, lang: Lang) -> String {
        let sv = lang == Lang::Sv;
        match self {
            Arg::Text(text) => text.clone(),
            Arg::Count(n) => n.to_string(),
            Arg::List(items) => items.join(", "),
            Arg::Value(value, unit) => language::measured(value, unit, lang),
            Arg::Percent(share) => share.format_percent(1).replace(",0 %", " %"),
            Arg::Number(n) => {
                let text = n.round_dp(2).normalize().to_string();
                if sv { text.replace('.', ",") } else { text }
            }
            Arg::Kronor(value) => crate::amount::Amount::from_decimal_rounded(
                *value,
                crate::amount::Rounding::HalfAwayFromZero,
            )
            .map_or_else(
                |_| value.normalize().to_string(),
                |a| a.report().to_string(),
            ),
            Arg::Threshold(threshold) => language::threshold(threshold, lang),
            Arg::Result(result) => language::result(*result, lang).to_owned(),
            Arg::Fulfilment(state) => language::fulfilment(*state, lang).to_owned(),
            Arg::UnitKind(kind) => unit_kind(*kind, lang),
            Arg::GoalKind(kind) => goal_kind(*kind, lang).to_owned(),
            Arg::Mode(mode) => mode_word(*mode, lang).to_owned(),
            Arg::Aggregation(aggregation) => aggregation_word(aggregation, lang).to_owned(),
            Arg::Basis(basis) => basis_text(basis, lang),
            Arg::Wording(wording) => wording.text(lang),
        }
    }
}

/// Defines the phrases with their Swedish and English templates (`{}` for each argument).
macro_rules! phrases {
    ($($(#[$doc:meta])* $name:ident => $sv:literal, $en:literal;)*) => {
        /// Everything an assessment says, each with its words in Swedish and English.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum Phrase {
            $($(#[$doc])* $name,)*
        }

        impl Phrase {
            /// The template in `lang`, `{}` where each argument goes.
            pub fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Phrase::$name, Lang::Sv) => $sv, (Phrase::$name, Lang::En) => $en,)*
                }
            }
        }
    };
}

phrases! {
    /// Goal, title, kind, owner, period, mode.
    Goal => "mål {} \"{}\" ({}, ägare {}), {}, {}:", "goal {} \"{}\" ({} goal, owner {}), {}, {}:";
    /// Number, text, explanation, threshold, result.
    Criterion => "framgångskriterium {} \"{}\": {}, målvärde {}: {}", "criterion {} \"{}\": {}, target {}: {}";
    /// Number, text, explanation, result.
    CriterionNoTarget => "framgångskriterium {} \"{}\": {}, inget målvärde: {}", "criterion {} \"{}\": {}, no target: {}";
    /// Indicator, explanation, threshold, result.
    Indicator => "indikator {}: {}, målvärde {}: {}", "indicator {}: {}, target {}: {}";
    /// Indicator, explanation, result.
    IndicatorNoTarget => "indikator {}: {}, inget målvärde: {}", "indicator {}: {}, no target: {}";
    /// Unit, name, basis.
    BasisOfUnit => "{} {}: {}", "{} {}: {}";
    /// Count, units, basis.
    BasisOfUnits => "{} enheter ({}): {}", "{} units ({}): {}";
    /// Goal, state.
    ContributingGoal => "bidragande mål {}: {}", "contributing goal {}: {}";
    /// By, state, computed, motivation.
    Manual => "manuell bedömning av {}: {} (beräknat: {}), motivering: {}", "manual assessment by {}: {} (computed: {}), motivation: {}";
    /// Fulfilled, partly, not fulfilled, not assessed.
    ContributingGoals => "bidragande mål: {} uppfyllda, {} delvis, {} ej uppfyllda, {} ej bedömda", "contributing goals: {} fulfilled, {} partly, {} not fulfilled, {} not assessed";
    /// No arguments.
    RuleManualOnly => "regel: endast manuell bedömning", "rule: manual assessment only";
    /// No arguments.
    RuleBlocked => "regel: värden saknas, vilket stoppar bedömningen: ej bedömt", "rule: missing data blocks the assessment: not assessed";
    /// No arguments.
    RuleNothing => "regel: inget att bedöma: ej bedömt", "rule: nothing to assess: not assessed";
    /// How (a rule phrase), result.
    Rule => "regel {}: {}", "rule {}: {}";
    /// Fulfilled, of, partly.
    RuleAll => "alla ({} av {} uppfyllda, {} delvis)", "all ({} of {} fulfilled, {} partly)";
    /// Fulfilled, of, partly.
    RuleAny => "något ({} av {} uppfyllda, {} delvis)", "any ({} of {} fulfilled, {} partly)";
    /// Fulfilled, of, partly.
    RuleMajority => "majoritet ({} av {} uppfyllda, {} delvis)", "majority ({} of {} fulfilled, {} partly)";
    /// Fulfilled share, partly share, fulfilled, of, partly, score.
    RuleShare => "andel (≥ {} uppfyllda, ≥ {} delvis; delvis räknas som hälften): {} av {} uppfyllda, {} delvis = {}", "share (≥ {} fulfilled, ≥ {} partly; partly counts half): {} of {} fulfilled, {} partly = {}";
    /// Fulfilled, of, partly, score.
    RuleWeighted => "viktad ({} av {} uppfyllda, {} delvis) = {}", "weighted ({} of {} fulfilled, {} partly) = {}";
    /// Fulfilled, of, partly.
    RuleWorst => "sämsta av ({} av {} uppfyllda, {} delvis)", "worst of ({} of {} fulfilled, {} partly)";
    /// No arguments.
    RuleManual => "manuell", "manual";
    /// No arguments.
    NoLedger => "ingen huvudbok given", "no ledger given";
    /// No arguments.
    NoForecast => "ingen prognos gjord per kunskapsdatum", "no forecast made by the knowledge date";
    /// No arguments.
    LedgerOverflow => "summorna i huvudboken blir för stora", "the ledger sums overflow";
    /// Numerator, denominator, share.
    OutcomeShare => "utfall {} kr av {} kr = {}", "outcome {} kr of {} kr = {}";
    /// Numerator, denominator, share.
    ForecastShare => "prognos {} kr av {} kr = {}", "forecast {} kr of {} kr = {}";
    /// No arguments.
    OutcomeZeroDenominator => "utfall: nämnaren är noll", "outcome: the denominator is zero";
    /// No arguments.
    ForecastZeroDenominator => "prognos: nämnaren är noll", "forecast: the denominator is zero";
    /// Unit.
    UnitOverflow => "summorna för {} blir för stora", "the sums of {} overflow";
    /// Unit, month.
    NoBudget => "ingen budget för {} till {}", "no budget for {} to {}";
    /// Kind.
    NoneInScope => "ingen {} i urvalet", "no {} in scope";
    /// Within, of, kind, month, share.
    WithinBudget => "{} av {} enheter av typen {} inom budget till {} = {}", "{} of {} units of kind {} within budget to {} = {}";
    /// What went before, units.
    Within => "{}; inom: {}", "{}; within: {}";
    /// What went before, units.
    Over => "{}; över: {}", "{}; over: {}";
    /// Count, kind.
    NoneAnswered => "värde saknas: ingen av de {} enheterna av typen {} har svarat", "no data: none of the {} units of kind {} has answered";
    /// Missing, of, kind, units.
    SomeUnanswered => "värde saknas: {} av {} enheter av typen {} har inte svarat ({})", "no data: {} of {} units of kind {} did not answer ({})";
    /// Yes, of, kind, share.
    ShareOfUnits => "{} av {} enheter av typen {} svarade ja = {}", "{} of {} units of kind {} answered yes = {}";
    /// A value.
    Value => "{}", "{}";
    /// Value, aggregation, count.
    Aggregated => "{} ({} av {} enheter)", "{} ({} over {} units)";
    /// Count.
    CannotPool => "kan inte poola {} enheter: poolning kräver varje enhets täljare och nämnare och vissa värden är tal (ange ett medelvärde i stället)", "cannot pool {} units: pooling needs each unit's numerator and denominator, and some values are plain numbers (declare a mean instead)";
    /// Count, aggregation.
    CannotCombine => "kan inte räkna samman {} enheter som {}", "cannot combine {} units by {}";
    /// What went before, count.
    UnitsMissing => "{}; {} enheter saknas", "{}; {} units missing";
    /// Period, value.
    Latest => "senaste värde, {}: {}", "latest value, {}: {}";
    /// No arguments.
    NoValueIn24 => "inget värde de senaste 24 perioderna", "no value in the last 24 periods";
    /// Value.
    Municipality => "{} (kommunen)", "{} (municipality)";
    /// Reason.
    Missing => "saknas: {}", "missing: {}";
    /// Count.
    NoDataUnitsMissing => "värde saknas ({} enheter saknas)", "no data ({} units missing)";
    /// No arguments.
    NoData => "värde saknas", "no data";
    /// Month, share.
    KeyRatioAt => "per {}: {}", "as of {}: {}";
    /// Month.
    NoBalanceSheet => "ingen balansräkning per {} (ingående balanser saknas eller summorna är för stora)", "no balance sheet as of {} (no opening balances, or the sums overflow)";
    /// From, to.
    NoValuesBetween => "inga värden {}–{}", "no values {}–{}";
    /// From, to.
    MeanOutOfRange => "medelvärdet {}–{} är för stort", "the mean {}–{} is beyond a decimal's range";
    /// Mean, years, from, to.
    MeanOver => "medelvärde {} över {} år {}–{}", "mean {} over {} years {}–{}";
}

fn unit_kind(kind: OrgUnitKind, lang: Lang) -> String {
    match lang {
        Lang::Sv => kind.label_sv().to_owned(),
        Lang::En => kind.to_string(),
    }
}

fn goal_kind(kind: GoalKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (GoalKind::Operational, Lang::Sv) => "verksamhetsmål",
        (GoalKind::Financial, Lang::Sv) => "finansiellt mål",
        (GoalKind::Effect, Lang::Sv) => "effektmål",
        (GoalKind::Operational, Lang::En) => "operational",
        (GoalKind::Financial, Lang::En) => "financial",
        (GoalKind::Effect, Lang::En) => "effect",
    }
}

fn mode_word(mode: AssessmentMode, lang: Lang) -> &'static str {
    match (mode, lang) {
        (AssessmentMode::Forecast, Lang::Sv) => "prognos",
        (AssessmentMode::Final, Lang::Sv) => "slutlig",
        (AssessmentMode::Forecast, Lang::En) => "forecast",
        (AssessmentMode::Final, Lang::En) => "final",
    }
}

fn aggregation_word(aggregation: &Aggregation, lang: Lang) -> &'static str {
    let sv = lang == Lang::Sv;
    match aggregation {
        Aggregation::Sum => {
            if sv {
                "summa"
            } else {
                "sum"
            }
        }
        Aggregation::PooledRatio => {
            if sv {
                "poolat"
            } else {
                "pooled"
            }
        }
        Aggregation::Mean => {
            if sv {
                "medelvärde"
            } else {
                "mean"
            }
        }
        Aggregation::WeightedMean(_) => {
            if sv {
                "vägt medelvärde"
            } else {
                "weighted mean"
            }
        }
        Aggregation::Min => {
            if sv {
                "lägsta"
            } else {
                "min"
            }
        }
        Aggregation::Max => {
            if sv {
                "högsta"
            } else {
                "max"
            }
        }
        Aggregation::Latest => {
            if sv {
                "senaste"
            } else {
                "latest"
            }
        }
        Aggregation::ShareMeeting(_) => {
            if sv {
                "andel som når målvärdet"
            } else {
                "share meeting the threshold"
            }
        }
        Aggregation::NotAggregatable => {
            if sv {
                "ej sammanräkningsbar"
            } else {
                "not aggregatable"
            }
        }
    }
}

fn role_word(role: Role, lang: Lang) -> &'static str {
    match (role, lang) {
        (Role::Manager, Lang::Sv) => "chef",
        (Role::Controller, Lang::Sv) => "controller",
        (Role::Administrator, Lang::Sv) => "handläggare",
        (Role::Politician, Lang::Sv) => "förtroendevald",
        (role, Lang::En) => match role {
            Role::Manager => "manager",
            Role::Controller => "controller",
            Role::Administrator => "administrator",
            Role::Politician => "politician",
        },
    }
}

/// What a value was counted from, in `lang`.
fn basis_text(basis: &Basis, lang: Lang) -> String {
    let sv = lang == Lang::Sv;
    match basis {
        Basis::Text(text) => text.clone(),
        Basis::Manager {
            manager,
            yes,
            budget,
            forecast,
        } => {
            let (chef, answer, prognos) = match (sv, yes) {
                (true, true) => ("chef", "ja", "prognos"),
                (true, false) => ("chef", "nej", "prognos"),
                (false, true) => ("manager", "yes", "forecast"),
                (false, false) => ("manager", "no", "forecast"),
            };
            format!(
                "{chef} {manager}: {answer}; {}; {}",
                entry_text("budget", budget, lang),
                entry_text(prognos, forecast, lang)
            )
        }
        Basis::ActivityPlan { year, activities } => activity_plan_text(*year, activities, sv),
        Basis::FollowUps { year, handed_in } => follow_ups_text(*year, handed_in, sv),
        Basis::Projects {
            within_months,
            projects,
        } => projects_text(*within_months, projects, sv),
        Basis::Company {
            year,
            values,
            followed,
            assignments,
        } => {
            if sv {
                format!(
                    "{values} indikatorvärden för {year}; {followed} av {assignments} uppdrag återrapporterade"
                )
            } else {
                format!(
                    "{values} indicator values for {year}; {followed} of {assignments} assignments followed up"
                )
            }
        }
    }
}

fn activity_plan_text(year: crate::period::Year, activities: &[String], sv: bool) -> String {
    let ids = activities.join(", ");
    match (activities.len(), sv) {
        (0, true) => format!("ingen verksamhetsplan för {year}"),
        (0, false) => format!("no activity plan for {year}"),
        (1, true) => format!("verksamhetsplan {year}: 1 aktivitet ({ids})"),
        (n, true) => format!("verksamhetsplan {year}: {n} aktiviteter ({ids})"),
        (1, false) => format!("activity plan {year}: 1 activity ({ids})"),
        (n, false) => format!("activity plan {year}: {n} activities ({ids})"),
    }
}

fn follow_ups_text(
    year: crate::period::Year,
    handed_in: &[(String, chrono::NaiveDate, String)],
    sv: bool,
) -> String {
    if handed_in.is_empty() {
        return if sv {
            format!("ingen uppföljning av {year} inlämnad")
        } else {
            format!("no follow-up of {year} handed in")
        };
    }
    handed_in
        .iter()
        .map(|(month, date, by)| {
            if sv {
                format!("uppföljning {month} inlämnad {date} av {by}")
            } else {
                format!("follow-up {month} handed in {date} by {by}")
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn projects_text(within_months: u32, projects: &[(String, bool)], sv: bool) -> String {
    let list = projects
        .iter()
        .map(|(id, current)| match (current, sv) {
            (true, true) => format!("{id} aktuell"),
            (false, true) => format!("{id} inte aktuell"),
            (true, false) => format!("{id} current"),
            (false, false) => format!("{id} not current"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    if sv {
        format!("projekt med prognos gjord de senaste {within_months} månaderna: {list}")
    } else {
        format!("projects with an estimate made in the last {within_months} months: {list}")
    }
}

fn entry_text(what: &str, entry: &Entry, lang: Lang) -> String {
    let sv = lang == Lang::Sv;
    match entry {
        Entry::Missing if sv => format!("ingen {what} inlämnad"),
        Entry::Missing => format!("no {what} handed in"),
        Entry::ByManager { id, date } if sv => format!("{what} {id} inlämnad {date} av chefen"),
        Entry::ByManager { id, date } => format!("{what} {id} handed in {date} by the manager"),
        Entry::ByOther { id, date, by, role } if sv => {
            format!(
                "{what} {id} inlämnad {date}, inlagd av {by} ({})",
                role_word(*role, lang)
            )
        }
        Entry::ByOther { id, date, by, role } => {
            format!(
                "{what} {id} handed in {date}, entered by {by} ({})",
                role_word(*role, lang)
            )
        }
    }
}
