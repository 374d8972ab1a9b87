//! The demo municipality's budget round for 2023 and its planning records. Synthetic: people,
//! dates, decisions, positions, pupils and the choices made are made up; amounts start from the
//! 2022 ledger's first plan year, carried onto the 2023 organisation.
//!
//! The round: directives in February, frames adopted by the council in June, the committees'
//! internal budgets (the schools by pupils × a per-pupil amount), the units' budgets in the
//! autumn (two units with personnel budgets, the IT department with the capital costs of the
//! finished steering system), approvals up the tree and the adoption in December. In 2023:
//! forecasts in April and August with the system's proposals, the committees' follow-ups, and
//! the units' activity plans.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "fixed demo data, checked by a test"
)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::economy::{DemoError, day_of};
use crate::amount::Amount;
use crate::as_of::AsOf;
use crate::chart::AccountCode;
use crate::decision::DecisionRef;
use crate::error::Error;
use crate::forecast::ForecastMethod;
use crate::ledger::{Fact, Layer, Ledger};
use crate::org::{OrgUnitId, Organisation};
use crate::period::{Month, Year};
use crate::periodise::PeriodisationKey;
use crate::planning::{
    Action, Activity, ActivityEntry, ActivityStatus, Asset, BudgetLine, BudgetRound, CapitalTerms,
    Component, Distribution, FinancialPlan, Frame, Manager, Person, PersonId, PersonnelBudget,
    PersonnelTerms, Phase, PhaseKind, PlannedProject, PlanningRecords, Portfolio, Position,
    ResourceLine, ResourceModel, Role, Step, Submission, SubmissionKind, VolumeSource, YearPlan,
    distribute, propose,
};
use crate::steering::{IndicatorId, ObservationPeriod};

/// People of the demo (id, name); synthetic.
const PEOPLE: &[(&str, &str)] = &[
    ("p01", "Anna Berg"),
    ("p02", "Johan Ek"),
    ("p03", "Maria Lind"),
    ("p04", "Erik Sjöberg"),
    ("p05", "Karin Holm"),
    ("p06", "Lars Nyström"),
    ("p07", "Eva Strand"),
    ("p08", "Per Dahl"),
    ("p09", "Sofia Åberg"),
    ("p10", "Ali Hassan"),
    ("p11", "Lena Björk"),
    ("p12", "Mats Öberg"),
    ("p13", "Nora Falk"),
    ("p14", "Oskar Vik"),
    ("p15", "Ida Sandberg"),
    ("p16", "Henrik Lund"),
    ("p17", "Elin Fors"),
    ("p18", "David Kraft"),
    ("p19", "Sara Lindqvist"),
    ("p20", "Tomas Borg"),
    ("p21", "Fatima Karimi"),
    ("p22", "Gustav Hed"),
    ("p23", "Hanna Ström"),
    ("p24", "Jonas Ahl"),
    ("p25", "Linnea Ros"),
    ("p26", "Peter Alm"),
    ("p27", "Maja Ek"),
    ("p28", "Rolf Svensson"),
    ("p29", "Cecilia Wall"),
    ("p30", "Bengt Hall"),
    ("c01", "Eva Ekman"),
    ("c02", "Per Holmgren"),
    ("a01", "Lisa Nord"),
];

/// Managers (unit, person) and the units' heads who approve; all from 2020 except the new
/// units' managers, appointed in September 2022 to plan their first year.
const MANAGERS: &[(&str, &str)] = &[
    ("EKO", "p01"),
    ("HR", "p02"),
    ("IT", "p03"),
    ("KSK-FAST", "p04"),
    ("BUF", "p05"),
    ("FSK-ANGEN", "p06"),
    ("FSK-BJORKEN", "p07"),
    ("GRS-NORR", "p08"),
    ("GRS-SODER", "p09"),
    ("GRS-HAGA", "p10"),
    ("SOF", "p11"),
    ("ALD-HEMN", "p12"),
    ("ALD-HEMS", "p13"),
    ("ALD-LINDEN", "p14"),
    ("IFO-BU", "p15"),
    ("IFO-EB", "p16"),
    ("TF-GATA", "p17"),
    ("TF-LOKAL", "p18"),
    ("KFF-BIBL", "p19"),
    ("KFF-IDROTT", "p20"),
    ("KSK", "p21"),
    ("FSK", "p22"),
    ("GRS", "p23"),
    ("ALD", "p24"),
    ("IFO", "p25"),
    ("TF", "p26"),
    ("KFF", "p27"),
    ("FIN", "p01"),
];

/// The chairs of the committees and the executive board (politicians).
const CHAIRS: &[(&str, &str)] = &[("KS", "p28"), ("BUKN", "p29"), ("SN", "p30"), ("TN", "p30")];

/// Budgets not entered by the unit's own manager: (unit, person, role). The controller
/// entered Hagaskolan's budget on the manager's behalf; the administrator entered the new
/// cleaning unit's; the finance unit's is the controller's.
const ENTERED_FOR: &[(&str, &str, Role)] = &[
    ("GRS-HAGA", "c01", Role::Controller),
    ("TF-LOKAL", "a01", Role::Administrator),
    ("FIN", "c02", Role::Controller),
];

/// Forecasts not entered by the unit's own manager: Linden's, by the controller.
const FORECAST_FOR: &[(&str, &str, Role)] = &[("ALD-LINDEN", "c02", Role::Controller)];

/// Units without an activity plan for 2023.
const WITHOUT_PLAN: &[&str] = &["IFO-EB", "TF-LOKAL"];

fn id(text: &str) -> Result<OrgUnitId, DemoError> {
    Ok(text.parse().map_err(Error::from)?)
}

fn person(text: &str) -> Result<PersonId, DemoError> {
    Ok(text.parse()?)
}

fn date(year: i32, month: u32, day: u32) -> Result<NaiveDate, DemoError> {
    day_of(year, month, day)
}

fn round() -> Result<BudgetRound, DemoError> {
    let kf = id("KF")?;
    let phases = [
        (PhaseKind::Directives, (2, 1), (3, 31), None),
        (
            PhaseKind::Frames,
            (4, 1),
            (6, 20),
            Some(DecisionRef::new(kf.clone(), date(2022, 6, 20)?).paragraph("§ 87")),
        ),
        (PhaseKind::CommitteeBudgets, (6, 21), (11, 15), None),
        (PhaseKind::UnitBudgets, (9, 1), (11, 25), None),
        (
            PhaseKind::Adoption,
            (11, 26),
            (12, 12),
            Some(DecisionRef::new(kf, date(2022, 12, 12)?).paragraph("§ 140")),
        ),
    ];
    let phases = phases
        .into_iter()
        .map(|(kind, (m1, d1), (m2, d2), decision)| {
            Ok(Phase {
                kind,
                opens: date(2022, m1, d1)?,
                deadline: date(2022, m2, d2)?,
                decision,
            })
        })
        .collect::<Result<Vec<_>, DemoError>>()?;
    Ok(BudgetRound::new(
        Year::new(2023).map_err(Error::from)?,
        phases,
    )?)
}

/// The 2022 ledger's first plan year on the 2023 organisation: per municipal unit, per
/// account, the monthly amounts.
type PlanLines = BTreeMap<OrgUnitId, BTreeMap<AccountCode, Vec<Amount>>>;

fn plan_lines(org: &Organisation) -> Result<PlanLines, DemoError> {
    let history = super::org_history()?;
    let mapping = history.mapping(date(2022, 12, 31)?, date(2023, 1, 1)?)?;
    let carried = mapping.carry_ledger(&super::ledger()?)?;
    let year = Year::new(2023).map_err(Error::from)?;
    let kf = org
        .index_of("KF")
        .ok_or(Error::Org(crate::org::OrgError::UnknownUnit {
            id: "KF".into(),
        }))?;
    let municipal = org.subtree_range(kf);
    let mut lines: PlanLines = BTreeMap::new();
    for fact in carried.ledger.facts() {
        let inside = org
            .index_of(fact.unit.as_str())
            .is_some_and(|i| municipal.contains(&i.get()));
        if fact.month.year() != year || fact.layer != Layer::ORIGINAL_BUDGET || !inside {
            continue;
        }
        let months = lines
            .entry(fact.unit.clone())
            .or_default()
            .entry(fact.account)
            .or_insert_with(|| vec![Amount::ZERO; 12]);
        if let Some(slot) = months.get_mut(fact.month.number() as usize - 1) {
            *slot = slot.checked_add(fact.amount)?;
        }
    }
    Ok(lines)
}

fn line(account: &str, monthly: Vec<Amount>) -> Result<BudgetLine, DemoError> {
    Ok(BudgetLine {
        account: account.parse()?,
        amount: Amount::checked_sum(monthly.iter().copied())?,
        key: PeriodisationKey::Manual(monthly),
        counterpart: None,
    })
}

fn personnel_terms() -> Result<PersonnelTerms, DemoError> {
    Ok(PersonnelTerms {
        revision_month: 4,
        revision_rate: Decimal::new(3, 2),
        overhead_rate: Decimal::new(4015, 4),
        holiday_month: 6,
        holiday_rate: Decimal::new(15125, 5),
        salary_account: "5011".parse()?,
        overhead_account: "5610".parse()?,
    })
}

fn position(title: &str, count: u32, fte: Decimal, salary: i64) -> Vec<Position> {
    (0..count)
        .map(|_| Position {
            title: title.into(),
            fte,
            monthly_salary: Amount::from_kronor(salary),
            from: None,
            until: None,
        })
        .collect()
}

/// The personnel budgets of the preschool Ängen and home care north (synthetic positions).
fn personnel_budgets() -> Result<Vec<PersonnelBudget>, DemoError> {
    let year = Year::new(2023).map_err(Error::from)?;
    let full = Decimal::ONE;
    let angen = [
        position("Förskollärare", 10, full, 35_500),
        position("Barnskötare", 7, full, 28_500),
        position("Barnskötare", 2, Decimal::new(75, 2), 28_500),
        position("Kock", 1, full, 27_800),
    ];
    let hemn = [
        position("Undersköterska", 36, Decimal::new(9, 1), 29_800),
        position("Vårdbiträde", 10, Decimal::new(8, 1), 26_500),
        position("Samordnare", 2, full, 34_000),
    ];
    [("FSK-ANGEN", angen.concat()), ("ALD-HEMN", hemn.concat())]
        .into_iter()
        .map(|(unit, positions)| {
            Ok(PersonnelBudget {
                unit: id(unit)?,
                year,
                positions,
                terms: personnel_terms()?,
            })
        })
        .collect()
}

/// The capital cost terms: depreciation on 7910, internal interest at 1,5 % (synthetic) on
/// 6990.
pub(super) fn capital_terms() -> Result<CapitalTerms, DemoError> {
    Ok(CapitalTerms {
        internal_rate: Decimal::new(15, 3),
        depreciation_account: "7910".parse()?,
        interest_account: "6990".parse()?,
    })
}

/// The steering system as the units budgeted it in October 2022: not finished yet, planned for
/// activation in January 2023 at its forecast at completion known at the end of September
/// (3 088 651 kr), over five years.
fn planned_steering_system() -> Result<Asset, DemoError> {
    let project = super::steering_system_project()?;
    let cost = project.forecast_at_completion(AsOf::end_of(Month::new(2022, 9)?))?;
    Ok(Asset {
        id: project.id,
        unit: id("IT")?,
        activated: Month::new(2023, 1)?,
        components: vec![Component {
            name: "Licenser och införande".into(),
            cost,
            life_years: 5,
        }],
    })
}

/// The steering system activated once finally reported and closed in the annual report 2022,
/// at its outcome.
fn steering_system_asset() -> Result<Asset, DemoError> {
    let project = super::steering_system_project()?;
    // Finally reported on 2023-01-04: activated once the annual report 2022 is closed.
    let closed = AsOf::end_of(Month::new(2022, 12)?).known_on(date(2023, 2, 15)?)?;
    let cost = project.accumulated_outcome(closed)?;
    let components = vec![Component {
        name: "Licenser och införande".into(),
        cost,
        life_years: 5,
    }];
    Ok(Asset::activate(
        &project,
        closed,
        id("IT")?,
        Month::new(2023, 1)?,
        components,
    )?)
}

/// An amount split evenly over 2023's months, to the öre.
fn even(amount: Amount) -> Result<Vec<Amount>, DemoError> {
    let months = Year::new(2023).map_err(Error::from)?.months();
    Ok(crate::periodise::split(
        amount,
        months,
        &PeriodisationKey::Even,
        crate::periodise::Precision::Ore,
    )?
    .into_iter()
    .map(|(_, a)| a)
    .collect())
}

/// The line of `account`, made if missing, with `monthly` added to its months.
fn add(lines: &mut Vec<BudgetLine>, account: &str, monthly: &[Amount]) -> Result<(), DemoError> {
    let code: AccountCode = account.parse()?;
    let current = match lines.iter().position(|l| l.account == code) {
        Some(at) => match lines.remove(at).key {
            PeriodisationKey::Manual(months) => months,
            _ => vec![Amount::ZERO; 12],
        },
        None => vec![Amount::ZERO; 12],
    };
    let months = current
        .iter()
        .zip(monthly)
        .map(|(a, b)| a.checked_add(*b))
        .collect::<Result<Vec<_>, _>>()?;
    lines.push(line(account, months)?);
    lines.sort_by_key(|l| l.account);
    Ok(())
}

fn net(lines: &[BudgetLine]) -> Result<Amount, DemoError> {
    Ok(Amount::checked_sum(lines.iter().map(|l| l.amount))?)
}

fn negated(monthly: &[Amount]) -> Vec<Amount> {
    monthly.iter().map(|a| a.negated()).collect()
}

/// Each budget unit's lines before the schools' allocation: the carried plan; the personnel
/// budgets' salaries and overhead in place of the carried ones (material, 6410, takes the
/// difference, so the unit keeps its net); and the steering system's capital costs at IT
/// (depreciation within its net, material lowered by as much; internal interest paid to the
/// finance unit, which receives it).
fn carried_lines(org: &Organisation) -> Result<BTreeMap<OrgUnitId, Vec<BudgetLine>>, DemoError> {
    let year_months = Year::new(2023).map_err(Error::from)?.months();
    let personnel = personnel_budgets()?;
    let capital = planned_steering_system()?.capital_costs(&capital_terms()?, year_months)?;
    let depreciation: Vec<Amount> = capital.iter().map(|m| m.depreciation).collect();
    let interest: Vec<Amount> = capital.iter().map(|m| m.interest).collect();
    let mut units = BTreeMap::new();
    for (unit, accounts) in plan_lines(org)? {
        let mut lines = accounts
            .into_iter()
            .map(|(account, monthly)| line(&account.to_string(), monthly))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(staff) = personnel.iter().find(|p| p.unit == unit) {
            let before = net(&lines)?;
            lines.retain(|l| !matches!(l.account.to_string().as_str(), "5011" | "5610"));
            let costs = staff.costs()?;
            let months =
                |list: &[(Month, Amount)]| list.iter().map(|(_, a)| *a).collect::<Vec<_>>();
            add(&mut lines, "5011", &months(&costs.salaries))?;
            add(&mut lines, "5610", &months(&costs.overhead))?;
            let difference = before.checked_sub(net(&lines)?)?;
            add(&mut lines, "6410", &even(difference)?)?;
        }
        if unit.as_str() == "IT" {
            add(&mut lines, "7910", &depreciation)?;
            add(&mut lines, "6410", &negated(&depreciation))?;
            add(&mut lines, "6990", &interest)?;
        }
        units.insert(unit, lines);
    }
    let mut received = line("6990", negated(&interest))?;
    received.counterpart = Some(crate::chart::Counterpart::Internal);
    units.insert(id("FIN")?, vec![received]);
    // Internal interest is a transaction within the municipality on both sides.
    for lines in units.values_mut() {
        for line in lines.iter_mut().filter(|l| l.account.to_string() == "6990") {
            line.counterpart = Some(crate::chart::Counterpart::Internal);
        }
    }
    // Internal purchases from the companies, budgeted by the buying units with their
    // counterpart, month by month as the companies' sales.
    for (buyer, account, seller, yearly) in super::reorg::INTERNAL_2023 {
        let monthly = crate::periodise::split(
            Amount::from_kronor(*yearly),
            year_months,
            &PeriodisationKey::Even,
            crate::periodise::Precision::Kronor,
        )?;
        let mut purchase = line(account, monthly.into_iter().map(|(_, a)| a).collect())?;
        purchase.counterpart = Some(crate::chart::Counterpart::GroupEntity(id(seller)?));
        units.entry(id(buyer)?).or_default().push(purchase);
    }
    Ok(units)
}

/// The schools' resource allocation: the three schools' carried total distributed by pupils
/// on the census day in October 2022, scaled to the total.
fn school_allocation() -> Result<ResourceModel, DemoError> {
    let lines = super::steering::PUPILS_2022_10
        .iter()
        .map(|(school, _)| {
            Ok(ResourceLine {
                unit: id(school)?,
                volume: VolumeSource::Observed {
                    indicator: "GRS-ELEVER".parse::<IndicatorId>()?,
                    period: ObservationPeriod::Month(Month::new(2022, 10)?),
                },
            })
        })
        .collect::<Result<Vec<_>, DemoError>>()?;
    Ok(ResourceModel {
        name: "Elevpeng grundskola".into(),
        price: None,
        lines,
    })
}

fn people() -> Result<Vec<Person>, DemoError> {
    PEOPLE
        .iter()
        .map(|(p, name)| {
            Ok(Person {
                id: person(p)?,
                name: (*name).into(),
            })
        })
        .collect()
}

fn managers() -> Result<Vec<Manager>, DemoError> {
    MANAGERS
        .iter()
        .map(|(unit, p)| {
            let new = matches!(*unit, "KSK-FAST" | "TF-LOKAL");
            Ok(Manager {
                unit: id(unit)?,
                person: person(p)?,
                from: if new {
                    date(2022, 9, 1)?
                } else {
                    date(2020, 1, 1)?
                },
                until: None,
            })
        })
        .collect()
}

/// Who acts for a level: its head (a manager) or, for a committee or the board, its chair.
fn approver(level: &OrgUnitId) -> Result<(PersonId, Role), DemoError> {
    if let Some((_, p)) = CHAIRS.iter().find(|(unit, _)| *unit == level.as_str()) {
        return Ok((person(p)?, Role::Politician));
    }
    let (_, p) = MANAGERS
        .iter()
        .find(|(unit, _)| *unit == level.as_str())
        .ok_or(DemoError::Id(crate::id::IdError {
            kind: "approver",
            input: level.to_string(),
            reason: "no head in the demo",
        }))?;
    Ok((person(p)?, Role::Manager))
}

fn step(
    action: Action,
    level: &OrgUnitId,
    date: NaiveDate,
    comment: &str,
) -> Result<Step, DemoError> {
    let (by, role) = approver(level)?;
    Ok(Step {
        action,
        by,
        role,
        level: level.clone(),
        date,
        comment: comment.into(),
    })
}

/// Hands `submission` in on its entry date and has every level approve it a day apart.
fn submit_and_approve(
    submission: &mut Submission,
    org: &Organisation,
    from: NaiveDate,
) -> Result<NaiveDate, DemoError> {
    let mut day = from;
    let (by, role) = (submission.entered_by.clone(), submission.role);
    submission.record(
        Step {
            action: Action::Submit,
            by,
            role,
            level: submission.unit.clone(),
            date: day,
            comment: String::new(),
        },
        org,
    )?;
    for level in submission.approval_levels(org)? {
        day = day.succ_opt().unwrap_or(day);
        submission.record(step(Action::Approve, &level, day, "")?, org)?;
    }
    Ok(day)
}

/// The person who entered `unit`'s submission, and in what role.
fn entered_by(
    unit: &OrgUnitId,
    exceptions: &[(&str, &str, Role)],
) -> Result<(PersonId, Role), DemoError> {
    if let Some((_, p, role)) = exceptions.iter().find(|(u, ..)| *u == unit.as_str()) {
        return Ok((person(p)?, *role));
    }
    approver(unit)
}

/// The budget round for 2023 up to the adoption, and the 2023 organisation it was made in.
fn budget_records() -> Result<(PlanningRecords, Organisation), DemoError> {
    let org = super::organisation_2023()?;
    let year = Year::new(2023).map_err(Error::from)?;
    let mut lines = carried_lines(&org)?;
    // The schools' budgets by pupils, within their carried total.
    let schools: Vec<OrgUnitId> = super::steering::PUPILS_2022_10
        .iter()
        .map(|(s, _)| id(s))
        .collect::<Result<_, _>>()?;
    let mut schools_total = Amount::ZERO;
    for school in &schools {
        schools_total =
            schools_total.checked_add(net(lines.get(school).map_or(&[][..], Vec::as_slice))?)?;
    }
    let census = AsOf::end_of(Month::new(2022, 10)?);
    let model = super::steering_model()?;
    let grs = distribute(
        &org,
        Some(&model),
        census,
        &id("GRS")?,
        schools_total,
        &Distribution::Resource(school_allocation()?),
    )?;
    for (school, part) in &grs.parts {
        if let Some(school_lines) = lines.get_mut(school) {
            let difference = part.checked_sub(net(school_lines)?)?;
            add(school_lines, "5011", &even(difference)?)?;
        }
    }
    // Frames: each committee's budget units, as the council adopted them in June.
    let mut frames = Vec::new();
    let mut distributions = Vec::new();
    let frame_decision = round()?
        .phase(PhaseKind::Frames)
        .and_then(|p| p.decision.clone());
    for committee in ["KS", "BUKN", "SN", "TN"] {
        let committee = id(committee)?;
        let top = org
            .index_of(committee.as_str())
            .map(|i| org.subtree_range(i))
            .unwrap_or_default();
        let mut parts = Vec::new();
        let mut total = Amount::ZERO;
        let mut schools_added = false;
        for (unit, unit_lines) in &lines {
            let inside = org
                .index_of(unit.as_str())
                .is_some_and(|i| top.contains(&i.get()));
            if !inside {
                continue;
            }
            let amount = net(unit_lines)?;
            total = total.checked_add(amount)?;
            if schools.contains(unit) {
                if !schools_added {
                    parts.push((id("GRS")?, schools_total));
                    schools_added = true;
                }
            } else {
                parts.push((unit.clone(), amount));
            }
        }
        frames.push(Frame {
            committee: committee.clone(),
            year,
            net: total,
            decision: frame_decision.clone(),
        });
        distributions.push((
            year,
            distribute(
                &org,
                None,
                census,
                &committee,
                total,
                &Distribution::ByHand(parts),
            )?,
        ));
    }
    distributions.push((year, grs));
    let submissions = budget_submissions(&org, lines)?;
    let records = PlanningRecords {
        people: people()?,
        managers: managers()?,
        rounds: vec![round()?],
        frames,
        distributions,
        submissions,
        personnel: personnel_budgets()?,
        assets: vec![steering_system_asset()?],
        activities: Vec::new(),
    };
    Ok((records, org))
}

/// One budget submission a unit, handed in in October, approved up the tree and locked after
/// the adoption. Söderskolan's is returned once by the head of schools.
fn budget_submissions(
    org: &Organisation,
    lines: BTreeMap<OrgUnitId, Vec<BudgetLine>>,
) -> Result<Vec<Submission>, DemoError> {
    let year = Year::new(2023).map_err(Error::from)?;
    let mut submissions = Vec::new();
    for (n, (unit, unit_lines)) in lines.into_iter().enumerate() {
        let (by, role) = entered_by(&unit, ENTERED_FOR)?;
        let entered = date(2022, 10, 3 + u32::try_from(n % 10).unwrap_or_default())?;
        let mut submission = Submission::new(
            format!("B2023-{unit}").parse()?,
            unit.clone(),
            SubmissionKind::Budget { year },
            by,
            role,
            entered,
        );
        submission.lines = unit_lines;
        let mut from = entered;
        if unit.as_str() == "GRS-SODER" {
            submission.record(
                Step {
                    action: Action::Submit,
                    by: submission.entered_by.clone(),
                    role,
                    level: unit.clone(),
                    date: entered,
                    comment: String::new(),
                },
                org,
            )?;
            let comment = "Lönebudgeten ryms inte i elevpengen; se över bemanningen till våren.";
            submission.record(
                step(
                    Action::Return,
                    &id("GRS")?,
                    entered.succ_opt().unwrap_or(entered),
                    comment,
                )?,
                org,
            )?;
            submission.comment = "Bemanningen minskas med en tjänst från augusti.".into();
            from = date(2022, 10, 20)?;
        }
        submit_and_approve(&mut submission, org, from)?;
        let top = submission
            .approval_levels(org)?
            .last()
            .cloned()
            .unwrap_or(unit);
        let controller = if top.as_str() == "BUKN" { "c01" } else { "c02" };
        submission.record(
            Step {
                action: Action::Lock,
                by: person(controller)?,
                role: Role::Controller,
                level: top,
                date: date(2022, 12, 14)?,
                comment: "Budgeten fastställd".into(),
            },
            org,
        )?;
        submissions.push(submission);
    }
    Ok(submissions)
}

/// The budget facts the round gives the 2023 ledger: the approved budgets as of 2022-12-31,
/// on the original budget.
pub(super) fn approved_budget_2023() -> Result<Vec<Fact>, DemoError> {
    let (records, org) = budget_records()?;
    Ok(records.approved_budget_facts(
        &org,
        Year::new(2023).map_err(Error::from)?,
        Layer::ORIGINAL_BUDGET,
        date(2022, 12, 31)?,
    )?)
}

/// The demo's planning records for 2023 (synthetic; see the module docs): the budget round
/// held in 2022 on the 2023 organisation, the forecasts of April and August 2023 made from
/// the system's proposals, the committees' follow-ups and the units' activity plans.
///
/// Effect goal 4 counts 11 of the 14 units' managers (Hagaskolan's budget was entered by the
/// controller, Lokalvård's by an administrator, Linden's forecasts by the controller); effect
/// goal 5 counts 12 of 14 units with an activity plan and 3 of 3 committees with a follow-up.
///
/// # Errors
/// Never in practice; a test builds it.
pub fn planning_2023() -> Result<PlanningRecords, DemoError> {
    let (mut records, org) = budget_records()?;
    let ledger = super::ledger_2023()?;
    records
        .submissions
        .extend(forecast_submissions(&org, &ledger)?);
    records.submissions.extend(follow_ups(&org)?);
    records.activities = activities(&org)?;
    Ok(records)
}

/// The forecasts of April and August 2023 of every unit (enhet): the system proposes outcome to
/// date plus the remaining budget; the manager enters the ledger's forecast.
fn forecast_submissions(org: &Organisation, ledger: &Ledger) -> Result<Vec<Submission>, DemoError> {
    let mut submissions = Vec::new();
    for (made, entered) in [((2023, 4), (2023, 5, 8)), ((2023, 8), (2023, 9, 7))] {
        let made = Month::new(made.0, made.1)?;
        let entered = date(entered.0, entered.1, entered.2)?;
        for unit in org
            .units()
            .iter()
            .filter(|u| u.kind == crate::org::OrgUnitKind::Unit)
        {
            let (by, role) = entered_by(&unit.id, FORECAST_FOR)?;
            let proposal = propose(
                ledger,
                &unit.id,
                made,
                &[ForecastMethod::OutcomePlusRemainingBudget],
            )?
            .into_iter()
            .next();
            let full_year = Amount::checked_sum(
                ledger
                    .facts()
                    .filter(|f| f.unit == unit.id && f.layer == Layer::Forecast { made })
                    .map(|f| f.amount),
            )?;
            let mut submission = Submission::new(
                format!("F{made}-{}", unit.id).parse()?,
                unit.id.clone(),
                SubmissionKind::Forecast { made },
                by,
                role,
                entered,
            );
            submission.proposal = proposal;
            submission.full_year = Some(full_year);
            submit_and_approve(&mut submission, org, entered)?;
            submissions.push(submission);
        }
    }
    Ok(submissions)
}

/// The committees' follow-ups of April 2023, handed in by their administrations' heads.
fn follow_ups(org: &Organisation) -> Result<Vec<Submission>, DemoError> {
    let mut submissions = Vec::new();
    for (committee, head) in [("BUKN", "p05"), ("SN", "p11"), ("TN", "p26")] {
        let entered = date(2023, 5, 15)?;
        let mut submission = Submission::new(
            format!("U2023-04-{committee}").parse()?,
            id(committee)?,
            SubmissionKind::FollowUp {
                as_of: Month::new(2023, 4)?,
            },
            person(head)?,
            Role::Manager,
            entered,
        );
        submission.comment = "Tertialrapport 1".into();
        submit_and_approve(&mut submission, org, entered)?;
        submissions.push(submission);
    }
    Ok(submissions)
}

/// One activity for each unit (enhet) but two, and two for the finance unit.
fn activities(org: &Organisation) -> Result<Vec<Activity>, DemoError> {
    let mut list = Vec::new();
    let mut n = 0;
    for unit in org
        .units()
        .iter()
        .filter(|u| u.kind == crate::org::OrgUnitKind::Unit)
    {
        if WITHOUT_PLAN.contains(&unit.id.as_str()) {
            continue;
        }
        n += 1;
        let prefix = unit.id.as_str().split('-').next().unwrap_or_default();
        let (title, goal) = match prefix {
            "FSK" => ("Språkutveckling i den dagliga verksamheten", "KF-1"),
            "GRS" => ("Läsfrämjande insatser i årskurs 1–3", "KF-1"),
            "ALD" => ("Trygghetsdialog med varje brukare", "KF-2"),
            "KFF" => ("Läslust och lovaktiviteter för barn", "KF-1"),
            _ => ("Verksamhetsplan och uppföljning i verksamhetsstödet", "EM5"),
        };
        let (owner, _) = approver(&unit.id)?;
        list.push(activity(&unit.id, title, goal, owner, n)?);
    }
    let eko = id("EKO")?;
    let training = "Utbildning av chefer i budget och prognos i systemet";
    list.push(activity(&eko, training, "EM4", person("p01")?, n + 1)?);
    let proposals = "Prognosförslag i systemet för alla enheter";
    list.push(activity(&eko, proposals, "EM4", person("c02")?, n + 2)?);
    Ok(list)
}

/// The `n`-th activity: entered in November 2022, started in February 2023; every third is
/// done in June, every third in November, and the rest run into 2024.
fn activity(
    unit: &OrgUnitId,
    title: &str,
    goal: &str,
    owner: PersonId,
    n: usize,
) -> Result<Activity, DemoError> {
    let day = u32::try_from(n % 20).unwrap_or_default();
    let mut history = vec![ActivityEntry {
        date: date(2023, 2, 1 + day % 20)?,
        status: ActivityStatus::Started,
        comment: String::new(),
    }];
    let (done, end) = match n % 3 {
        0 => (
            Some((date(2023, 6, 15)?, "Klar före sommaren")),
            date(2023, 6, 30)?,
        ),
        1 => (
            Some((date(2023, 11, 30)?, "Klar enligt plan")),
            date(2023, 12, 15)?,
        ),
        _ => (None, date(2024, 6, 30)?),
    };
    if let Some((date, comment)) = done {
        history.push(ActivityEntry {
            date,
            status: ActivityStatus::Done,
            comment: comment.into(),
        });
    }
    Ok(Activity {
        id: format!("A2023-{n:02}").parse()?,
        title: title.into(),
        unit: unit.clone(),
        year: Year::new(2023).map_err(Error::from)?,
        goals: vec![goal.parse()?],
        owner,
        created: date(2022, 11, 21 + day % 8)?,
        start: date(2023, 1, 9)?,
        end,
        history,
    })
}

/// The demo's investment portfolio 2023–2025 and the financial plan it is weighed against
/// (synthetic). The projects bear capital costs at the property department (the school and
/// the preschool) and at Gata och park (street lighting). The plan's 2023 figures are the
/// 2023 ledger's budget: the result before the portfolio's depreciation, taxes and grants, and
/// the depreciation already budgeted; 2024 and 2025 keep that result and depreciation and let
/// taxes and grants grow by 3 % a year. The goal is the council's: a result of at least 2 %.
///
/// # Errors
/// Never in practice; a test builds it.
pub fn investment_portfolio() -> Result<(Portfolio, FinancialPlan), DemoError> {
    let component = |name: &str, kronor: i64, life_years: u32| Component {
        name: name.into(),
        cost: Amount::from_kronor(kronor),
        life_years,
    };
    let monthly =
        |year: i32, first: u32, last: u32, total: i64| -> Result<Vec<(Month, Amount)>, DemoError> {
            let months =
                crate::period::PeriodRange::new(Month::new(year, first)?, Month::new(year, last)?)?;
            Ok(crate::periodise::split(
                Amount::from_kronor(total),
                months,
                &PeriodisationKey::Even,
                crate::periodise::Precision::Kronor,
            )?)
        };
    let school = PlannedProject {
        id: "TN-2022-014".parse()?,
        name: "Ombyggnad Norrskolan".into(),
        unit: id("KSK-FAST")?,
        spending: [
            monthly(2022, 3, 12, 5_270_000)?,
            monthly(2023, 1, 7, 6_730_000)?,
        ]
        .concat(),
        activated: Month::new(2023, 8)?,
        components: vec![
            component("Stomme", 6_000_000, 50),
            component("Installationer", 4_000_000, 25),
            component("Ytskikt", 2_000_000, 15),
        ],
    };
    let preschool = PlannedProject {
        id: "KS-2023-010".parse()?,
        name: "Ny förskola Ängen".into(),
        unit: id("KSK-FAST")?,
        spending: [
            monthly(2023, 9, 12, 6_000_000)?,
            monthly(2024, 1, 12, 12_000_000)?,
        ]
        .concat(),
        activated: Month::new(2025, 1)?,
        components: vec![
            component("Stomme", 10_000_000, 50),
            component("Tak", 3_000_000, 30),
            component("Installationer", 4_000_000, 20),
            component("Inventarier", 1_000_000, 10),
        ],
    };
    let lighting = PlannedProject {
        id: "TN-2023-004".parse()?,
        name: "LED-belysning gator".into(),
        unit: id("TF-GATA")?,
        spending: monthly(2023, 3, 9, 3_000_000)?,
        activated: Month::new(2023, 10)?,
        components: vec![component("Armaturer", 3_000_000, 20)],
    };
    let portfolio = Portfolio {
        projects: vec![school, preschool, lighting],
        terms: capital_terms()?,
    };
    Ok((portfolio, financial_plan()?))
}

/// The 2023 ledger's budget as a financial plan (see [`investment_portfolio`]).
fn financial_plan() -> Result<FinancialPlan, DemoError> {
    let ledger = super::ledger_2023()?;
    let org = ledger.organisation();
    let kf = org
        .index_of("KF")
        .map(|i| org.subtree_range(i))
        .unwrap_or_default();
    let (mut result, mut taxes, mut depreciation) = (Amount::ZERO, Amount::ZERO, Amount::ZERO);
    for fact in ledger.facts() {
        let municipal = org
            .index_of(fact.unit.as_str())
            .is_some_and(|i| kf.contains(&i.get()));
        if !municipal || fact.layer != Layer::ORIGINAL_BUDGET || fact.month.year().number() != 2023
        {
            continue;
        }
        let group = fact.account.group();
        if group >= 90 {
            continue;
        }
        result = result.checked_sub(fact.amount)?;
        if matches!(group, 80 | 82 | 83) {
            taxes = taxes.checked_sub(fact.amount)?;
        }
        if group == 79 {
            depreciation = depreciation.checked_add(fact.amount)?;
        }
    }
    let mut years = Vec::new();
    let mut taxes_and_grants = taxes;
    for year in 2023..=2025 {
        years.push(YearPlan {
            year: Year::new(year).map_err(Error::from)?,
            result_before: result,
            taxes_and_grants,
            other_depreciation: depreciation,
            other_investments: Amount::ZERO,
        });
        taxes_and_grants = taxes_and_grants.checked_mul(
            Decimal::new(103, 2),
            crate::amount::Rounding::HalfAwayFromZero,
        )?;
    }
    Ok(FinancialPlan {
        years,
        result_goal_percent: Some(Decimal::from(2)),
    })
}
