//! A whole budget round for 1 000 units and 10 000 positions: personnel budgets costed into
//! monthly facts, frames distributed by key to the units, one budget submission a unit handed in
//! and approved by its committee, the approved budgets turned into ledger facts and checked
//! against the frames, and effect goal 4 counted over the managers. Target: well under a
//! second.
#![allow(
    clippy::arithmetic_side_effects,
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::too_many_lines,
    clippy::doc_markdown
)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use styrmodell::periodise::PeriodisationKey;
use styrmodell::planning::{
    Action, BudgetLine, Distribution, Frame, Manager, PersonnelBudget, PersonnelTerms,
    PlanningRecords, Position, RecordMeasure, Role, Step, Submission, SubmissionKind, distribute,
};
use styrmodell::steering::{SteeringModel, SteeringParts};
use styrmodell::{
    Amount, AsOf, Decimal, Layer, NaiveDate, OrgUnit, OrgUnitId, OrgUnitKind, Organisation, Year,
};

const COMMITTEES: usize = 10;
const UNITS_PER_COMMITTEE: usize = 100;
const POSITIONS_PER_UNIT: usize = 10;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, m, d).unwrap()
}

fn id(text: &str) -> OrgUnitId {
    text.parse().unwrap()
}

fn organisation() -> Organisation {
    let mut units = vec![OrgUnit::new("KF", "Kommunfullmäktige", OrgUnitKind::Council).unwrap()];
    for c in 0..COMMITTEES {
        let committee = format!("N{c}");
        units.push(
            OrgUnit::new(&committee, &committee, OrgUnitKind::Committee)
                .unwrap()
                .with_parent("KF")
                .unwrap(),
        );
        for u in 0..UNITS_PER_COMMITTEE {
            let unit = format!("N{c}-E{u}");
            units.push(
                OrgUnit::new(&unit, &unit, OrgUnitKind::Unit)
                    .unwrap()
                    .with_parent(&committee)
                    .unwrap(),
            );
        }
    }
    Organisation::from_units(units).unwrap()
}

fn terms() -> PersonnelTerms {
    PersonnelTerms {
        revision_month: 4,
        revision_rate: Decimal::new(3, 2),
        overhead_rate: Decimal::new(4015, 4),
        holiday_month: 6,
        holiday_rate: Decimal::new(15125, 5),
        salary_account: "5011".parse().unwrap(),
        overhead_account: "5610".parse().unwrap(),
    }
}

fn personnel(unit: &OrgUnitId, n: usize) -> PersonnelBudget {
    PersonnelBudget {
        unit: unit.clone(),
        year: Year::new(2023).unwrap(),
        positions: (0..POSITIONS_PER_UNIT)
            .map(|p| Position {
                title: "Tjänst".into(),
                fte: Decimal::new(50 + ((n + p) % 51) as i64, 2),
                monthly_salary: Amount::from_kronor(26_000 + ((n * 37 + p * 101) % 15_000) as i64),
                from: None,
                until: None,
            })
            .collect(),
        terms: terms(),
    }
}

/// The round, start to end; returns the number of facts and the managers' share counted.
fn round(org: &Organisation, model: &SteeringModel) -> (usize, Option<styrmodell::Ratio>) {
    let year = Year::new(2023).unwrap();
    let as_of = AsOf::end_of("2022-10".parse().unwrap());
    let mut records = PlanningRecords::default();
    for c in 0..COMMITTEES {
        let committee = id(&format!("N{c}"));
        let units: Vec<OrgUnitId> = (0..UNITS_PER_COMMITTEE)
            .map(|u| id(&format!("N{c}-E{u}")))
            .collect();
        let budgets: Vec<PersonnelBudget> = units
            .iter()
            .enumerate()
            .map(|(n, u)| personnel(u, c * 1000 + n))
            .collect();
        let costs: Vec<Amount> = budgets
            .iter()
            .map(|b| b.costs().unwrap().yearly_total().unwrap())
            .collect();
        let frame = Amount::checked_sum(costs.iter().copied()).unwrap();
        let key = Distribution::ByKey(
            units
                .iter()
                .cloned()
                .zip(costs.iter().map(|c| c.to_decimal()))
                .collect(),
        );
        let split = distribute(org, None, as_of, &committee, frame, &key).unwrap();
        records.frames.push(Frame {
            committee: committee.clone(),
            year,
            net: frame,
            decision: None,
        });
        for ((unit, budget), (_, part)) in units.iter().zip(&budgets).zip(&split.parts) {
            let costs = budget.costs().unwrap();
            let material = part.checked_sub(costs.yearly_total().unwrap()).unwrap();
            let months = |list: &[(styrmodell::Month, Amount)]| {
                PeriodisationKey::Manual(list.iter().map(|(_, a)| *a).collect())
            };
            let mut submission = Submission::new(
                format!("B-{unit}").parse().unwrap(),
                unit.clone(),
                SubmissionKind::Budget { year },
                format!("m-{unit}").parse().unwrap(),
                Role::Manager,
                day(10, 1),
            );
            submission.lines = vec![
                BudgetLine {
                    account: "5011".parse().unwrap(),
                    amount: costs.yearly_salaries,
                    key: months(&costs.salaries),
                    counterpart: None,
                },
                BudgetLine {
                    account: "5610".parse().unwrap(),
                    amount: costs.yearly_overhead,
                    key: months(&costs.overhead),
                    counterpart: None,
                },
                BudgetLine {
                    account: "6410".parse().unwrap(),
                    amount: material,
                    key: PeriodisationKey::Even,
                    counterpart: None,
                },
            ];
            for (action, level, date) in [
                (Action::Submit, unit, day(10, 2)),
                (Action::Approve, &committee, day(10, 9)),
            ] {
                let by = submission.entered_by.clone();
                submission
                    .record(
                        Step {
                            action,
                            by,
                            role: Role::Manager,
                            level: level.clone(),
                            date,
                            comment: String::new(),
                        },
                        org,
                    )
                    .unwrap();
            }
            records.managers.push(Manager {
                unit: unit.clone(),
                person: submission.entered_by.clone(),
                from: day(1, 1),
                until: None,
            });
            records.submissions.push(submission);
        }
        records.distributions.push((year, split));
        records.personnel.extend(budgets);
    }
    let facts = records
        .approved_budget_facts(org, year, Layer::ORIGINAL_BUDGET, day(12, 31))
        .unwrap();
    let differences = records.check_budgets(org, year, day(12, 31)).unwrap();
    assert!(differences.is_empty());
    let counted = records
        .count(
            &RecordMeasure::ManagersOwnBudgetAndForecast,
            model,
            &[],
            year,
            AsOf::end_of("2023-12".parse().unwrap()),
        )
        .unwrap();
    (facts.len(), counted.share())
}

fn bench(c: &mut Criterion) {
    let org = organisation();
    let model = SteeringModel::new(org.clone(), SteeringParts::default()).unwrap();
    let (facts, _) = round(&org, &model);
    eprintln!(
        "planning round: {} units, {} positions, {facts} budget facts",
        COMMITTEES * UNITS_PER_COMMITTEE,
        COMMITTEES * UNITS_PER_COMMITTEE * POSITIONS_PER_UNIT
    );
    let mut group = c.benchmark_group("planning");
    group.sample_size(10);
    group.bench_function("round_1000_units_10000_positions", |b| {
        b.iter(|| black_box(round(&org, &model)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
