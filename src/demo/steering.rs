//! The demo municipality's steering model for 2022: vision and values, council goals with a
//! financial goal, committee goals, the five effect goals of the source report's steering-
//! system project with their success criteria, indicators (some with Kolada ids),
//! observations and assignments. Values are synthetic except the effect goals' wording and
//! the source report's conclusion that each was partly fulfilled.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::DemoError;
use crate::error::Error;
use crate::id::IdError;
use crate::org::OrgUnitKind;
use crate::period::Year;
use crate::ratio::Ratio;
use crate::steering::{
    Aggregation, Assignment, AssignmentStatus, Comparator, CoreValue, DecisionRef, FulfilmentRule,
    Goal, GoalArea, GoalKind, GoalLevel, Indicator, IndicatorLink, IndicatorSource, LedgerFormula,
    MeasureUnit, Measured, MunicipalityCode, Observation, ObservationPeriod, Override, Polarity,
    RecordMeasure, StatusEntry, SteeringModel, SteeringParts, Subject, SuccessCriterion, Threshold,
    Vision,
};

fn year() -> Result<Year, DemoError> {
    Ok(Year::new(2022)?)
}

fn date(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, month, day).unwrap_or_default()
}

fn share(part: u64, whole: u64) -> Measured {
    Measured::Share(
        Ratio::of_counts(part, whole)
            .unwrap_or_else(|| Ratio::of_nonzero(0, std::num::NonZeroU64::MIN)),
    )
}

fn percent(comparator: Comparator, value: i64) -> Threshold {
    Threshold::new(comparator, Decimal::from(value), MeasureUnit::Percent)
}

fn indicator(
    id: &str,
    name: &str,
    unit: MeasureUnit,
    source: IndicatorSource,
) -> Result<Indicator, IdError> {
    Ok(Indicator::new(id.parse()?, name, unit, Polarity::HigherIsBetter).with_source(source))
}

fn criterion(
    text: &str,
    indicator: &str,
    threshold: Threshold,
    scope: Option<&str>,
) -> Result<SuccessCriterion, DemoError> {
    Ok(SuccessCriterion {
        text: text.to_owned(),
        indicator: indicator.parse()?,
        threshold,
        deadline: Some(ObservationPeriod::Year(year()?)),
        scope: scope.map(str::parse).transpose().map_err(Error::from)?,
    })
}

fn indicators() -> Result<Vec<Indicator>, DemoError> {
    let mut all = council_indicators()?;
    all.extend(effect_indicators()?);
    Ok(all)
}

/// The indicators of the council and committee goals.
fn council_indicators() -> Result<Vec<Indicator>, DemoError> {
    use IndicatorSource::{Kolada, Ledger, Manual};
    use MeasureUnit::Percent;
    let y = year()?;
    let previous = ObservationPeriod::Year(Year::new(2021)?);
    Ok(vec![
        indicator(
            "BSN-GODKANDA",
            "Elever i åk 9 med godkänt i alla ämnen",
            Percent,
            Manual,
        )?
        .with_target(y, percent(Comparator::Gt, 75))
        .with_baseline(previous, share(226, 312)),
        indicator(
            "N15419",
            "Elever i åk 9 som uppnått kunskapskraven i alla ämnen, andel (%)",
            Percent,
            Kolada("N15419".into()),
        )?
        .with_aggregation(Aggregation::NotAggregatable)
        .with_target(y, percent(Comparator::Ge, 75)),
        indicator(
            "U21468",
            "Brukarbedömning hemtjänst äldreomsorg - trygghet, andel (%)",
            Percent,
            Kolada("U21468".into()),
        )?
        .with_aggregation(Aggregation::NotAggregatable)
        .with_target(y, percent(Comparator::Ge, 85)),
        indicator(
            "SN-TRYGGHET",
            "Brukare i hemtjänsten som känner sig trygga",
            Percent,
            Manual,
        )?
        .with_target(
            y,
            percent(Comparator::Ge, 85).with_tolerance(Decimal::from(3)),
        )
        .with_baseline(previous, share(190, 231)),
        indicator(
            "FIN-RESULTAT",
            "Resultat i procent av skatteintäkter och generella statsbidrag",
            Percent,
            Ledger(LedgerFormula::result_share()),
        )?
        .with_target(y, percent(Comparator::Ge, 2)),
    ])
}

/// The indicators behind the effect goals' success criteria: the source gives figures for
/// goals 4 and 5 only, which the planning records count; the others are judged by hand.
fn effect_indicators() -> Result<Vec<Indicator>, IdError> {
    use IndicatorSource::{Manual, Records};
    use MeasureUnit::{Percent, YesNo};
    Ok(vec![
        indicator(
            "EM1-ANALYS",
            "Mer tid läggs på analys än på framtagande av underlag",
            YesNo,
            Manual,
        )?,
        indicator(
            "EM2-PRIORITERA",
            "Projekten kan prioriteras dynamiskt med de ekonomiska konsekvenserna synliga",
            YesNo,
            Manual,
        )?,
        indicator(
            "EM3-LOPANDE",
            "Den sammantagna uppdateringen av indikatorer och uppdrag syns löpande",
            YesNo,
            Manual,
        )?,
        indicator(
            "EM4-CHEFER",
            "Chefer som själva gör sin budget och prognos",
            Percent,
            Records(RecordMeasure::ManagersOwnBudgetAndForecast),
        )?,
        indicator(
            "EM5-ENHETER",
            "Enheter som använder verksamhetsstödet i sin planering och uppföljning",
            Percent,
            Records(RecordMeasure::UnitsWithActivityPlan),
        )?,
        indicator(
            "EM5-NAMNDER",
            "Nämnder som använder verksamhetsstödet i sin planering och uppföljning",
            Percent,
            Records(RecordMeasure::CommitteesWithFollowUp),
        )?,
        indicator(
            "GRS-ELEVER",
            "Elever i grundskolan på mätdagen",
            MeasureUnit::Count,
            Manual,
        )?
        .with_aggregation(Aggregation::Sum),
    ])
}

fn council_goals() -> Result<Vec<Goal>, DemoError> {
    let y = year()?;
    let kf = "KF".parse().map_err(Error::from)?;
    let decision = DecisionRef {
        body: "KF".parse().map_err(Error::from)?,
        date: date(6, 13),
        paragraph: Some("§ 66".into()),
        diary_number: Some("KS 2021-412".into()),
    };
    let mut knowledge = Goal::new(
        "KF-1".parse()?,
        "Barn och elever når kunskapsmålen",
        GoalLevel::Council,
        GoalKind::Operational,
        kf,
        (y, Year::new(2024)?),
    );
    knowledge.area = Some("KUNSKAP".parse()?);
    knowledge.decision = Some(decision.clone());
    knowledge.indicators = vec![IndicatorLink {
        indicator: "N15419".parse()?,
        threshold: None,
    }];
    let mut safety = Goal::new(
        "KF-2".parse()?,
        "Äldre känner sig trygga med sin omsorg",
        GoalLevel::Council,
        GoalKind::Operational,
        "KF".parse().map_err(Error::from)?,
        (y, Year::new(2024)?),
    );
    safety.area = Some("LIVSKVALITET".parse()?);
    safety.indicators = vec![IndicatorLink {
        indicator: "U21468".parse()?,
        threshold: None,
    }];
    safety.decision = Some(decision.clone());
    let mut finance = Goal::new(
        "KF-FIN".parse()?,
        "Resultatet är minst 2 % av skatteintäkter och generella statsbidrag",
        GoalLevel::Council,
        GoalKind::Financial,
        "KF".parse().map_err(Error::from)?,
        (y, y),
    );
    finance.area = Some("EKONOMI".parse()?);
    finance.decision = Some(decision);
    finance.indicators = vec![IndicatorLink {
        indicator: "FIN-RESULTAT".parse()?,
        threshold: None,
    }];
    Ok(vec![knowledge, safety, finance])
}

fn committee_goals() -> Result<Vec<Goal>, DemoError> {
    let y = year()?;
    let mut school = Goal::new(
        "BSN-1".parse()?,
        "Fler elever lämnar grundskolan med godkända betyg",
        GoalLevel::Committee,
        GoalKind::Operational,
        "BSN".parse().map_err(Error::from)?,
        (y, y),
    );
    school.contributes_to = vec!["KF-1".parse()?];
    school.indicators = vec![IndicatorLink {
        indicator: "BSN-GODKANDA".parse()?,
        threshold: None,
    }];
    let mut care = Goal::new(
        "SN-1".parse()?,
        "Tryggheten i hemtjänsten ökar",
        GoalLevel::Committee,
        GoalKind::Operational,
        "SN".parse().map_err(Error::from)?,
        (y, y),
    );
    care.contributes_to = vec!["KF-2".parse()?];
    care.indicators = vec![IndicatorLink {
        indicator: "SN-TRYGGHET".parse()?,
        threshold: None,
    }];
    Ok(vec![school, care])
}

/// The source's own words for each effect goal: its id, title and success criterion ("Vi vet
/// att vi är på rätt väg när ..."), with the indicator and threshold that test it. Goal 5's
/// one sentence names two figures, so it is tested in two parts.
type EffectSpec = (
    &'static str,
    &'static str,
    Vec<(&'static str, &'static str, Threshold)>,
);

fn effect_specs() -> Vec<EffectSpec> {
    use Comparator::{Eq, Gt};
    let yes = || Threshold::new(Eq, Decimal::ONE, MeasureUnit::YesNo);
    vec![
        (
            "EM1",
            "Minskad tid för manuella uppgifter och ökad tid för uppföljning, analys, planering, budget och prognos",
            vec![(
                "Chefer, ledare och medarbetare lägger mer tid på analys än framtagande av underlag",
                "EM1-ANALYS",
                yes(),
            )],
        ),
        (
            "EM2",
            "Investeringsverksamheten och projekten kan budgeteras och följas upp löpande",
            vec![(
                "Vi kan prioritera dynamiskt mellan projekten och se de ekonomiska konsekvenserna",
                "EM2-PRIORITERA",
                yes(),
            )],
        ),
        (
            "EM3",
            "Ett helautomatiserat koncernperspektiv i realtid, där indikatorer och uppdrag kan rapporteras löpande",
            vec![(
                "Vi kan se den sammantagna uppdateringen av dessa löpande",
                "EM3-LOPANDE",
                yes(),
            )],
        ),
        (
            "EM4",
            "Ett decentraliserat budget- och prognosarbete",
            vec![(
                "Fler än 80 % av cheferna gör själva sin budget och prognos",
                "EM4-CHEFER",
                percent(Gt, 80),
            )],
        ),
        (
            "EM5",
            "En decentraliserad verksamhetsplanering där enheterna upplever att planering och uppföljning underlättas",
            vec![
                (
                    "Fler än 80 % av enheterna [och 100 % av nämnderna] använder verksamhetsstödet i sin planering och uppföljning",
                    "EM5-ENHETER",
                    percent(Gt, 80),
                ),
                (
                    "[Fler än 80 % av enheterna och] 100 % av nämnderna använder verksamhetsstödet i sin planering och uppföljning",
                    "EM5-NAMNDER",
                    percent(Eq, 100),
                ),
            ],
        ),
    ]
}

/// The five effect goals of the source report for `years`, owned by the executive board;
/// each criterion is tested across the municipality (KF).
pub(super) fn effect_goals(years: (Year, Year), ids: &[&str]) -> Result<Vec<Goal>, DemoError> {
    let mut goals = Vec::new();
    for (id, title, criteria) in effect_specs() {
        if !ids.contains(&id) {
            continue;
        }
        let level = GoalLevel::Named {
            rank: 1,
            name: "Effektmål".into(),
        };
        let mut goal = Goal::new(
            id.parse()?,
            title,
            level,
            GoalKind::Effect,
            "KS".parse().map_err(Error::from)?,
            years,
        );
        goal.criteria = criteria
            .into_iter()
            .map(|(text, indicator, threshold)| {
                let mut criterion = criterion(text, indicator, threshold, Some("KF"))?;
                criterion.deadline = Some(ObservationPeriod::Year(years.1));
                Ok(criterion)
            })
            .collect::<Result<Vec<_>, DemoError>>()?;
        goal.rule = FulfilmentRule::Share {
            fulfilled: ratio(1, 1),
            partly: ratio(1, 2),
        };
        goal.deadline = Some(ObservationPeriod::Year(years.1));
        goals.push(goal);
    }
    Ok(goals)
}

/// The final report's approval (§ 43, Dnr KS 2020-339). The source names the executive
/// board's working committee and gives no meeting date; the date here is the one the report
/// gives its figures per.
pub(super) fn final_report_decision() -> Result<DecisionRef, DemoError> {
    Ok(DecisionRef {
        body: "KS".parse().map_err(Error::from)?,
        date: NaiveDate::from_ymd_opt(2023, 1, 4).unwrap_or_default(),
        paragraph: Some("§ 43".into()),
        diary_number: Some("KS 2020-339".into()),
    })
}

/// The final report's judgement of each effect goal: partly reached, in its own words.
fn effect_overrides() -> Result<Vec<Override>, DemoError> {
    let training = "Dock kvarstår utbildningar och anpassningar för att chefer självständigt ska arbeta i systemet.";
    let supplier = "Dock kvarstår justeringar av systemleverantören och utbildningar och anpassningar för att chefer/projektledare självständigt ska arbeta i systemet.";
    let planning = "Projektet har resulterat i ett effektivare verktyg för verksamhetsplanering och verksamhetsuppföljning än tidigare Word/Excel-verktyg.";
    let motivations = [
        (
            "EM1",
            format!(
                "Projektet har resulterat i ett effektivare budget- och prognosarbete. {training}"
            ),
        ),
        (
            "EM2",
            format!(
                "Projektet har resulterat i ett effektivare verktyg för budget- och prognoser av investeringar. {supplier}"
            ),
        ),
        (
            "EM3",
            format!(
                "{planning} {supplier} Systemet används inte i koncernen men inom kommunen, av nämnderna."
            ),
        ),
        (
            "EM4",
            format!(
                "Projektet har resulterat i ett effektivare budget- och prognosarbete. {training}"
            ),
        ),
        (
            "EM5",
            format!(
                "{planning} {supplier} Systemet används inte av enheter i dagsläget, endast på nämndsnivå."
            ),
        ),
    ];
    let decision = final_report_decision()?;
    motivations
        .into_iter()
        .map(|(goal, motivation)| {
            Ok(Override {
                goal: goal.parse()?,
                period: ObservationPeriod::Year(year()?),
                fulfilment: crate::steering::Fulfilment::PartlyFulfilled,
                motivation,
                by: "Kommunstyrelsens arbetsutskott".into(),
                date: decision.date,
                decision: Some(decision.clone()),
            })
        })
        .collect()
}

fn ratio(part: u64, whole: u64) -> Ratio {
    Ratio::of_counts(part, whole).unwrap_or_else(|| Ratio::of_nonzero(0, std::num::NonZeroU64::MIN))
}

/// Pupils per school on the census day, October 2022 (synthetic).
pub(super) const PUPILS_2022_10: &[(&str, u32)] =
    &[("GRS-NORR", 412), ("GRS-SODER", 455), ("GRS-HAGA", 318)];

/// Effect goal 5 in 2022 as the final report states it: "Systemet används inte av enheter i
/// dagsläget, endast på nämndsnivå." Every unit 0 of 1, every committee 1 of 1.
fn effect_goal_5_in_2022(org: &crate::org::Organisation) -> Result<Vec<Observation>, DemoError> {
    let basis = "slutredovisningen (§ 43): \"Systemet används inte av enheter i dagsläget, endast på nämndsnivå.\"";
    let mut observations = Vec::new();
    for unit in org.units() {
        let (indicator, used) = match unit.kind {
            OrgUnitKind::Unit => ("EM5-ENHETER", 0),
            OrgUnitKind::Committee => ("EM5-NAMNDER", 1),
            _ => continue,
        };
        let mut observation = Observation::of_unit(
            indicator.parse()?,
            unit.id.clone(),
            ObservationPeriod::Year(year()?),
            share(used, 1),
        );
        observation.basis = Some(crate::steering::Basis::Text(basis.to_owned()));
        observations.push(observation);
    }
    Ok(observations)
}

/// Observations: (indicator, unit, year, value).
fn observations(org: &crate::org::Organisation) -> Result<Vec<Observation>, DemoError> {
    let list: Vec<(&str, String, i32, Measured)> = vec![
        ("BSN-GODKANDA", "GRS-NORR".into(), 2022, share(81, 100)),
        ("BSN-GODKANDA", "GRS-SODER".into(), 2022, share(96, 130)),
        ("BSN-GODKANDA", "GRS-HAGA".into(), 2022, share(60, 85)),
        ("BSN-GODKANDA", "GRS-NORR".into(), 2021, share(78, 100)),
        ("BSN-GODKANDA", "GRS-SODER".into(), 2021, share(90, 128)),
        ("BSN-GODKANDA", "GRS-HAGA".into(), 2021, share(58, 84)),
        ("SN-TRYGGHET", "ALD-HEMN".into(), 2022, share(88, 100)),
        ("SN-TRYGGHET", "ALD-HEMS".into(), 2022, share(70, 90)),
        ("SN-TRYGGHET", "ALD-LINDEN".into(), 2022, share(40, 45)),
    ];
    let mut observations = list
        .into_iter()
        .map(|(indicator, unit, year, value)| {
            Ok(Observation::of_unit(
                indicator.parse()?,
                unit.parse().map_err(Error::from)?,
                ObservationPeriod::Year(Year::new(year)?),
                value,
            ))
        })
        .collect::<Result<Vec<_>, DemoError>>()?;
    observations.extend(effect_goal_5_in_2022(org)?);
    // Pupils per school on the census day in October 2022 (synthetic): the volumes of the
    // schools' resource allocation for 2023.
    for (school, pupils) in PUPILS_2022_10 {
        observations.push(Observation::of_unit(
            "GRS-ELEVER".parse()?,
            school.parse().map_err(Error::from)?,
            ObservationPeriod::Month(crate::period::Month::new(2022, 10)?),
            Measured::Number(Decimal::from(*pupils)),
        ));
    }
    // Kolada values for the demo municipality and three peers (synthetic).
    let kolada = [
        (
            "N15419",
            [("9999", 78), ("0180", 81), ("0188", 74), ("0191", 70)],
        ),
        (
            "U21468",
            [("9999", 83), ("0180", 88), ("0188", 86), ("0191", 79)],
        ),
    ];
    for (kpi, values) in kolada {
        for (code, value) in values {
            let code: MunicipalityCode = code.parse()?;
            let period = ObservationPeriod::Year(year()?);
            let kf = "KF".parse().map_err(Error::from)?;
            let mut observation = Observation::of_unit(
                kpi.parse()?,
                kf,
                period,
                Measured::Number(Decimal::from(value)),
            );
            observation.subject = Subject::Municipality(code);
            observations.push(observation);
        }
    }
    Ok(observations)
}

/// Id, title, assignee, goal, due (month, day) and follow-ups of a demo assignment.
type AssignmentSpec<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    (u32, u32),
    Vec<StatusEntry>,
);

fn assignments() -> Result<Vec<Assignment>, DemoError> {
    use AssignmentStatus::{Cancelled, Completed, Delayed, InProgress};
    let decision = |body: &str, month, day, paragraph: &str| -> Result<DecisionRef, DemoError> {
        Ok(DecisionRef {
            body: body.parse().map_err(Error::from)?,
            date: date(month, day),
            paragraph: Some(paragraph.into()),
            diary_number: None,
        })
    };
    let entry = |month, day, status, comment: &str| StatusEntry {
        date: date(month, day),
        status,
        comment: comment.into(),
    };
    let mut list = Vec::new();
    let specs: [AssignmentSpec<'_>; 5] = [
        (
            "U-2022-01",
            "Utred gemensam lokalförsörjning för förskola och skola",
            "TN",
            None,
            (6, 30),
            vec![
                entry(4, 30, InProgress, "Inventering pågår"),
                entry(
                    8,
                    31,
                    Delayed,
                    "Väntar på underlag från barn- och utbildningsförvaltningen",
                ),
            ],
        ),
        (
            "U-2022-02",
            "Ta fram plan för digital verksamhetsuppföljning i nämnderna",
            "KS",
            Some("EM5"),
            (12, 31),
            vec![
                entry(4, 30, InProgress, ""),
                entry(12, 15, Completed, "Planen antagen av kommunstyrelsen"),
            ],
        ),
        (
            "U-2022-03",
            "Inför systematiskt kvalitetsarbete i verksamhetsstödet",
            "BSN",
            Some("KF-1"),
            (10, 31),
            vec![entry(8, 31, InProgress, "")],
        ),
        (
            "U-2022-04",
            "Se över avgifterna inom äldreomsorgen",
            "SN",
            Some("KF-2"),
            (5, 31),
            vec![],
        ),
        (
            "U-2022-05",
            "Utred bolagisering av idrottsanläggningarna",
            "KFN",
            None,
            (9, 30),
            vec![entry(3, 15, Cancelled, "Avfört av fullmäktige")],
        ),
    ];
    for (id, title, assignee, goal, (month, day), history) in specs {
        let mut assignment =
            Assignment::new(id.parse()?, title, assignee.parse().map_err(Error::from)?);
        assignment.issued_by = Some(decision("KF", 2, 14, "§ 12")?);
        assignment.goal = goal.map(str::parse).transpose()?;
        assignment.due = Some(date(month, day));
        assignment.history = history;
        list.push(assignment);
    }
    Ok(list)
}

/// The demo steering model (see the module docs).
///
/// # Errors
/// Never in practice; a test builds it.
pub fn steering_model() -> Result<SteeringModel, DemoError> {
    let org = super::organisation()?;
    let mut goals = council_goals()?;
    goals.extend(committee_goals()?);
    goals.extend(effect_goals(
        (year()?, year()?),
        &["EM1", "EM2", "EM3", "EM4", "EM5"],
    )?);
    let parts = SteeringParts {
        municipality: Some("9999".parse()?),
        vision: Vision {
            text: "Demokommun – den hållbara kommunen för hela livet".into(),
        },
        values: ["Engagemang", "Närhet", "Ansvar"]
            .map(|name| CoreValue {
                name: name.into(),
                description: String::new(),
            })
            .to_vec(),
        areas: vec![
            GoalArea {
                id: "LIVSKVALITET".parse()?,
                name: "Livskvalitet".into(),
            },
            GoalArea {
                id: "KUNSKAP".parse()?,
                name: "Kunskap".into(),
            },
            GoalArea {
                id: "EKONOMI".parse()?,
                name: "Hållbar ekonomi".into(),
            },
        ],
        goals,
        indicators: indicators()?,
        observations: observations(&org)?,
        assignments: assignments()?,
        overrides: effect_overrides()?,
    };
    Ok(SteeringModel::new(org, parts)?)
}
