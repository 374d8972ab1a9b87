//! The group's balance sheet (koncernens balansräkning), worked by hand: parts at their owned
//! share, internal receivables and liabilities eliminated, shares against equity at
//! acquisition with goodwill and negative goodwill, a broken fiscal year aligned to the
//! calendar year, and every fault that would make the group's figures untrue refused.

use styrmodell::balance_sheet::{BalanceLine, BalanceSheet};
use styrmodell::group::{
    Acquisition, ConsolidationMethod, GroupError, consolidate_as_of, consolidate_balance_sheet,
    consolidate_opening_balance_sheet,
};
use styrmodell::*;

/// Council KF with unit A; SUB 100 %, ASSOC 40 % and BRK 100 % (fiscal year from May).
fn org() -> Organisation {
    let company = |id: &str, percent: i64| {
        OrgUnit::new(id, id, OrgUnitKind::Company)
            .unwrap()
            .with_parent("G")
            .unwrap()
            .with_company(CompanyInfo::new(
                "556123-4567".parse().unwrap(),
                Decimal::new(percent, 2),
                Financing::Fee,
            ))
    };
    let mut brk = company("BRK", 100);
    brk.company = brk.company.map(|c| c.with_fiscal_year_start(5));
    Organisation::from_units(vec![
        OrgUnit::new("G", "Koncern", OrgUnitKind::Group).unwrap(),
        OrgUnit::new("KF", "Kommunen", OrgUnitKind::Council)
            .unwrap()
            .with_parent("G")
            .unwrap(),
        OrgUnit::new("A", "Enhet A", OrgUnitKind::Unit)
            .unwrap()
            .with_parent("KF")
            .unwrap(),
        company("SUB", 100),
        company("ASSOC", 40),
        brk,
    ])
    .unwrap()
}

fn chart() -> Chart {
    [
        "1110", "1310", "1510", "1930", "2010", "2310", "2440", "3010", "4610",
    ]
    .into_iter()
    .fold(Chart::kommun_bas(), |chart, code| {
        chart.with_account(code.parse().unwrap(), code)
    })
}

fn kr(kronor: i64) -> Amount {
    Amount::from_kronor(kronor)
}

fn id(text: &str) -> OrgUnitId {
    text.parse().unwrap()
}

/// An opening balance: unit, year, account, counterpart, kronor.
type Opening = (&'static str, i32, &'static str, Option<&'static str>, i64);

/// An outcome fact: unit, month, account, counterpart, kronor.
type Move = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    i64,
);

fn ledger(openings: &[Opening], moves: &[Move]) -> Ledger {
    ledger_of(org(), openings, moves)
}

fn ledger_of(org: Organisation, openings: &[Opening], moves: &[Move]) -> Ledger {
    let mut builder = Ledger::builder(
        org,
        chart(),
        PlanHorizon::new(Year::new(2022).unwrap(), 0).unwrap(),
    )
    .with_history(1);
    for &(unit, year, account, counterpart, kronor) in openings {
        let year = Year::new(year).unwrap();
        match counterpart {
            Some(other) => builder.opening_balance_against(
                year,
                &id(unit),
                account.parse().unwrap(),
                &id(other),
                kr(kronor),
            ),
            None => builder.opening_balance(year, &id(unit), account.parse().unwrap(), kr(kronor)),
        };
    }
    for &(unit, month, account, counterpart, kronor) in moves {
        let fact = Fact::new(
            id(unit),
            account.parse().unwrap(),
            month.parse().unwrap(),
            Layer::Outcome,
            kr(kronor),
        );
        builder.push(match counterpart {
            Some(other) => fact.with_counterpart(Counterpart::GroupEntity(id(other))),
            None => fact,
        });
    }
    builder.build().unwrap()
}

/// The municipality, SUB and ASSOC of the worked example; BRK's books are added separately.
const OPENINGS: &[Opening] = &[
    ("A", 2022, "1310", Some("SUB"), 1_000),
    ("A", 2022, "1310", Some("ASSOC"), 400),
    ("A", 2022, "1510", Some("SUB"), 200),
    ("A", 2022, "1930", None, 2_400),
    ("A", 2022, "2010", None, -4_000),
    ("SUB", 2022, "1110", None, 5_000),
    ("SUB", 2022, "2440", Some("KF"), -200),
    ("SUB", 2022, "2310", None, -3_800),
    ("SUB", 2022, "2010", None, -1_000),
    ("ASSOC", 2022, "1930", None, 2_000),
    ("ASSOC", 2022, "2010", None, -2_000),
];

/// BRK, fiscal year May–April: 1 000 in the bank on 1 May 2021, 500 earned in June 2021 and
/// 200 in February 2022 (so 1 700 on 1 May 2022), 100 more in June 2022.
const BRK_OPENINGS: &[Opening] = &[
    ("BRK", 2021, "1930", None, 1_000),
    ("BRK", 2021, "2010", None, -1_000),
    ("BRK", 2022, "1930", None, 1_700),
    ("BRK", 2022, "2010", None, -1_700),
];

const MOVES: &[Move] = &[
    // The municipality buys 300 from SUB and pays.
    ("A", "2022-03", "4610", Some("SUB"), 300),
    ("A", "2022-03", "1930", None, -300),
    ("SUB", "2022-03", "3010", Some("KF"), -300),
    ("SUB", "2022-03", "1930", None, 300),
    // ASSOC sells 1 000 outside the group.
    ("ASSOC", "2022-03", "3010", None, -1_000),
    ("ASSOC", "2022-03", "1930", None, 1_000),
    ("BRK", "2021-06", "3010", None, -500),
    ("BRK", "2021-06", "1930", None, 500),
    ("BRK", "2022-02", "3010", None, -200),
    ("BRK", "2022-02", "1930", None, 200),
    ("BRK", "2022-06", "3010", None, -100),
    ("BRK", "2022-06", "1930", None, 100),
];

fn acquisitions() -> Vec<Acquisition> {
    vec![
        Acquisition {
            company: id("SUB"),
            equity: kr(1_000),
        },
        Acquisition {
            company: id("ASSOC"),
            equity: kr(800),
        },
    ]
}

fn all_openings() -> Vec<Opening> {
    OPENINGS.iter().chain(BRK_OPENINGS).copied().collect()
}

fn at(ledger: &Ledger, month: &str) -> Result<group::GroupBalanceSheet, GroupError> {
    let as_of = AsOf::end_of(month.parse().unwrap());
    consolidate_balance_sheet(
        &ledger.as_of(as_of),
        month.parse().unwrap(),
        &acquisitions(),
    )
}

fn lines(sheet: &BalanceSheet) -> Vec<(BalanceLine, i64)> {
    BalanceLine::ALL
        .into_iter()
        .map(|l| (l, i64::try_from(sheet.line(l).ore() / 100).unwrap()))
        .filter(|(_, kronor)| *kronor != 0)
        .collect()
}

#[test]
fn the_worked_example_by_hand() {
    let ledger = ledger(&all_openings(), MOVES);
    let sheet = at(&ledger, "2022-03").unwrap();
    // By hand: the parts are KF (assets 1 400 + 200 + 2 100 = equity 4 000 less its cost
    // 300), SUB at 100 % and ASSOC at 40 % (bank 3 000 → 1 200, equity 2 000 → 800, result
    // 1 000 → 400), and BRK at 100 % in its fiscal year from May 2021 (bank 1 000 + 500 +
    // 200 = 1 700, equity 1 500 on 1 January, February's 200 as this year's result).
    // Eliminated: KF's receivable 200 on SUB against SUB's payable; the shares in SUB (1 000)
    // against SUB's equity at acquisition (1 000); the shares in ASSOC (400) against 40 % of
    // 800 = 320, leaving 80 of goodwill.
    assert_eq!(
        lines(&sheet.group),
        vec![
            (BalanceLine::IntangibleAssets, 80),
            (BalanceLine::LandAndBuildings, 5_000),
            // 2 100 (KF) + 300 (SUB) + 1 200 (ASSOC) + 1 700 (BRK)
            (BalanceLine::Cash, 2_100 + 300 + 1_200 + 1_700),
            // 4 000 + 1 000 + 800 + 1 500 (BRK on 1 January) − 1 000 − 320
            (
                BalanceLine::Equity,
                4_000 + 1_000 + 800 + 1_500 - 1_000 - 320
            ),
            // −300 (KF) + 300 (SUB) + 400 (ASSOC) + 200 (BRK, February)
            (BalanceLine::ResultOfTheYear, 600),
            (BalanceLine::LongTermLiabilities, 3_800),
        ]
    );
    assert!(sheet.group.difference().unwrap().is_zero());
    assert_eq!(
        lines(&sheet.municipality),
        vec![
            (BalanceLine::FinancialAssets, 1_400),
            (BalanceLine::Receivables, 200),
            (BalanceLine::Cash, 2_100),
            (BalanceLine::Equity, 4_000),
            (BalanceLine::ResultOfTheYear, -300),
        ]
    );
    let goodwill: Vec<(String, i64)> = sheet
        .shares
        .iter()
        .map(|s| {
            (
                s.company.to_string(),
                i64::try_from(s.goodwill.ore() / 100).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        goodwill,
        vec![("SUB".to_owned(), 0), ("ASSOC".to_owned(), 80)]
    );
    // The receivable and the payable, 200 each, and nothing else.
    assert_eq!(sheet.eliminations.len(), 2);
    assert!(sheet.eliminations.iter().all(|e| e.amount == kr(200)));
}

#[test]
fn shares_held_through_a_holding_company_are_eliminated_at_the_holders_weight() {
    // KF owns HOLD (100 %), which owns 60 % of SUB2. By hand: SUB2 enters at 60 % (bank
    // 600, equity 600); HOLD's 600 of shares go against 60 % of SUB2's 1 000 of equity at
    // acquisition, KF's 1 000 against HOLD's 1 000. What is left is the municipality's
    // 1 000 as cash: HOLD's 400 and SUB2's 600.
    let company = |id: &str, parent: &str, percent: i64| {
        OrgUnit::new(id, id, OrgUnitKind::Company)
            .unwrap()
            .with_parent(parent)
            .unwrap()
            .with_company(CompanyInfo::new(
                "556123-4567".parse().unwrap(),
                Decimal::new(percent, 2),
                Financing::Fee,
            ))
    };
    let org = Organisation::from_units(vec![
        OrgUnit::new("G", "Koncern", OrgUnitKind::Group).unwrap(),
        OrgUnit::new("KF", "Kommunen", OrgUnitKind::Council)
            .unwrap()
            .with_parent("G")
            .unwrap(),
        company("HOLD", "G", 100),
        company("SUB2", "HOLD", 60),
    ])
    .unwrap();
    let openings: &[Opening] = &[
        ("KF", 2022, "1310", Some("HOLD"), 1_000),
        ("KF", 2022, "2010", None, -1_000),
        ("HOLD", 2022, "1310", Some("SUB2"), 600),
        ("HOLD", 2022, "1930", None, 400),
        ("HOLD", 2022, "2010", None, -1_000),
        ("SUB2", 2022, "1930", None, 1_000),
        ("SUB2", 2022, "2010", None, -1_000),
    ];
    let ledger = ledger_of(org, openings, &[]);
    let acquisitions = [
        Acquisition {
            company: id("HOLD"),
            equity: kr(1_000),
        },
        Acquisition {
            company: id("SUB2"),
            equity: kr(1_000),
        },
    ];
    let month: Month = "2022-06".parse().unwrap();
    let sheet = consolidate_balance_sheet(&ledger.as_of(AsOf::end_of(month)), month, &acquisitions)
        .unwrap();
    assert_eq!(
        lines(&sheet.group),
        vec![(BalanceLine::Cash, 1_000), (BalanceLine::Equity, 1_000)]
    );
    let held: Vec<(String, String, i64)> = sheet
        .shares
        .iter()
        .map(|s| {
            (
                s.holder.to_string(),
                s.company.to_string(),
                i64::try_from(s.equity.ore() / 100).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        held,
        vec![
            ("KF".to_owned(), "HOLD".to_owned(), 1_000),
            ("HOLD".to_owned(), "SUB2".to_owned(), 600),
        ]
    );
}

#[test]
fn the_group_result_is_the_consolidated_income_statement_result() {
    let ledger = ledger(&all_openings(), MOVES);
    let as_of = AsOf::end_of("2022-03".parse().unwrap());
    let view = ledger.as_of(as_of);
    let income = consolidate_as_of(&view, ConsolidationMethod::Proportional).unwrap();
    let result = income
        .lines
        .iter()
        .fold(Amount::ZERO, |sum, l| sum.checked_sub(l.group).unwrap());
    let sheet = at(&ledger, "2022-03").unwrap();
    assert_eq!(sheet.group.line(BalanceLine::ResultOfTheYear), result);
}

#[test]
fn a_broken_fiscal_year_is_aligned_to_the_calendar_year() {
    let ledger = ledger(&all_openings(), MOVES);
    let part = |sheet: &group::GroupBalanceSheet| {
        let part = sheet
            .parts
            .iter()
            .find(|p| p.entity.as_str() == "BRK")
            .unwrap();
        lines(&part.own)
    };
    // August 2022: the fiscal year began in May with 1 700 in the bank; June brought 100.
    // The calendar year's result is February's 200 and June's 100; equity is that of
    // 1 January: 1 000 + June 2021's 500.
    let august = at(&ledger, "2022-08").unwrap();
    assert_eq!(
        part(&august),
        vec![
            (BalanceLine::Cash, 1_800),
            (BalanceLine::Equity, 1_500),
            (BalanceLine::ResultOfTheYear, 300)
        ]
    );
    // 1 January 2022: the fiscal year 2021/22 from 1 May 2021 with June's 500, all in equity.
    let as_of = AsOf::end_of("2022-08".parse().unwrap());
    let opening = consolidate_opening_balance_sheet(
        &ledger.as_of(as_of),
        Year::new(2022).unwrap(),
        &acquisitions(),
    )
    .unwrap();
    assert_eq!(
        part(&opening),
        vec![(BalanceLine::Cash, 1_500), (BalanceLine::Equity, 1_500)]
    );
    assert!(opening.group.difference().unwrap().is_zero());
    // March 2022, still the fiscal year from May 2021: 1 000 + 500 + 200 in the bank.
    let march = at(&ledger, "2022-03").unwrap();
    assert_eq!(
        part(&march),
        vec![
            (BalanceLine::Cash, 1_700),
            (BalanceLine::Equity, 1_500),
            (BalanceLine::ResultOfTheYear, 200)
        ]
    );
}

#[test]
fn internal_balances_that_do_not_match_are_refused() {
    let mut openings = all_openings();
    // SUB says it owes 150, the municipality says 200; SUB's loan takes the other 50.
    openings.retain(|o| !(o.0 == "SUB" && o.2 == "2440"));
    openings.push(("SUB", 2022, "2440", Some("KF"), -150));
    openings.push(("SUB", 2022, "2440", None, -50));
    let err = at(&ledger(&openings, MOVES), "2022-03").unwrap_err();
    assert!(
        matches!(&err, GroupError::Unmatched { what: "balances", difference, .. } if *difference == kr(50)),
        "{err}"
    );
    assert!(err.to_string().contains("KF") && err.to_string().contains("SUB"));
}

#[test]
fn internal_transactions_that_do_not_match_are_refused() {
    let mut moves = MOVES.to_vec();
    moves.push(("A", "2022-03", "4610", Some("SUB"), 25));
    moves.push(("A", "2022-03", "1930", None, -25));
    let err = at(&ledger(&all_openings(), &moves), "2022-03").unwrap_err();
    assert!(
        matches!(
            &err,
            GroupError::Unmatched {
                what: "transactions",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn shares_without_an_acquisition_are_refused() {
    let ledger = ledger(&all_openings(), MOVES);
    let as_of = AsOf::end_of("2022-03".parse().unwrap());
    let err = consolidate_balance_sheet(
        &ledger.as_of(as_of),
        "2022-03".parse().unwrap(),
        &acquisitions()[..1],
    )
    .unwrap_err();
    assert!(
        matches!(&err, GroupError::NoAcquisition { company, .. } if company.as_str() == "ASSOC"),
        "{err}"
    );
    let err = consolidate_balance_sheet(
        &ledger.as_of(as_of),
        "2022-03".parse().unwrap(),
        &[Acquisition {
            company: id("A"),
            equity: kr(1),
        }],
    )
    .unwrap_err();
    assert!(
        matches!(err, GroupError::UnknownAcquisition { .. }),
        "{err}"
    );
}

#[test]
fn a_party_whose_books_do_not_balance_is_refused() {
    let mut openings = all_openings();
    openings.retain(|o| !(o.0 == "ASSOC" && o.2 == "2010"));
    openings.push(("ASSOC", 2022, "2010", None, -1_900));
    let err = at(&ledger(&openings, MOVES), "2022-03").unwrap_err();
    assert!(
        matches!(&err, GroupError::Unbalanced { entity, difference } if entity.as_str() == "ASSOC" && *difference == kr(100)),
        "{err}"
    );
}

#[test]
fn a_party_without_opening_balances_is_refused() {
    let openings: Vec<Opening> = all_openings()
        .into_iter()
        .filter(|o| !(o.0 == "BRK" && o.1 == 2022))
        .collect();
    // BRK's fiscal year from May 2022 has no opening balances.
    let err = at(&ledger(&openings, MOVES), "2022-08").unwrap_err();
    assert!(
        matches!(&err, GroupError::NoOpening { entity, .. } if entity.as_str() == "BRK"),
        "{err}"
    );
    assert!(err.to_string().contains("2022/23"), "{err}");
}

#[test]
fn the_demo_group_balances_and_its_municipality_is_the_municipal_balance_sheet() {
    let ledger = demo::ledger().unwrap();
    let as_of = AsOf::end_of("2022-12".parse().unwrap());
    let view = ledger.as_of(as_of);
    let acquisitions = demo::acquisitions().unwrap();
    let sheet =
        consolidate_balance_sheet(&view, "2022-12".parse().unwrap(), &acquisitions).unwrap();
    assert!(sheet.group.difference().unwrap().is_zero());
    let municipal = BalanceSheet::at(&view, &id("KF"), "2022-12".parse().unwrap()).unwrap();
    assert_eq!(sheet.municipality, municipal);
    // Goodwill as the demo declares it: 0, 3 mnkr and −1 mnkr (15 − 12; 5 − 30 % of 20).
    let goodwill: Vec<(String, Amount)> = sheet
        .shares
        .iter()
        .map(|s| (s.company.to_string(), s.goodwill))
        .collect();
    assert_eq!(
        goodwill,
        vec![
            ("VATTEN".to_owned(), Amount::ZERO),
            ("BOSTAD".to_owned(), kr(3_000_000)),
            ("ENERGI".to_owned(), kr(-1_000_000)),
        ]
    );
    let opening =
        consolidate_opening_balance_sheet(&view, Year::new(2022).unwrap(), &acquisitions).unwrap();
    assert!(opening.group.difference().unwrap().is_zero());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A company of the generated group: share in per cent, buildings, bank, loans, the
    /// municipality's receivable on it, its sale to the municipality, its external sale, the
    /// shares' book value and its equity at acquisition (kronor).
    #[derive(Debug, Clone)]
    struct Company {
        percent: i64,
        buildings: i64,
        bank: i64,
        loans: i64,
        receivable: i64,
        internal_sale: i64,
        external_sale: i64,
        shares: i64,
        acquired_equity: i64,
    }

    fn company() -> impl Strategy<Value = Company> {
        (
            20i64..=100,
            0i64..1_000_000,
            0i64..100_000,
            0i64..500_000,
            0i64..50_000,
            0i64..20_000,
            0i64..90_000,
            1i64..100_000,
            0i64..120_000,
        )
            .prop_map(
                |(
                    percent,
                    buildings,
                    bank,
                    loans,
                    receivable,
                    internal_sale,
                    external_sale,
                    shares,
                    acquired_equity,
                )| {
                    Company {
                        percent,
                        buildings,
                        bank,
                        loans,
                        receivable,
                        internal_sale,
                        external_sale,
                        shares,
                        acquired_equity,
                    }
                },
            )
    }

    const IDS: [&str; 3] = ["C0", "C1", "C2"];

    fn group_org(companies: &[Company]) -> Organisation {
        let mut units = vec![
            OrgUnit::new("G", "Koncern", OrgUnitKind::Group).unwrap(),
            OrgUnit::new("KF", "Kommunen", OrgUnitKind::Council)
                .unwrap()
                .with_parent("G")
                .unwrap(),
        ];
        for (id, c) in IDS.iter().zip(companies) {
            units.push(
                OrgUnit::new(id, id, OrgUnitKind::Company)
                    .unwrap()
                    .with_parent("G")
                    .unwrap()
                    .with_company(CompanyInfo::new(
                        "556123-4567".parse().unwrap(),
                        Decimal::new(c.percent, 2),
                        Financing::Fee,
                    )),
            );
        }
        Organisation::from_units(units).unwrap()
    }

    /// The generated group's ledger: every party's books balance and every internal balance
    /// and transaction has its matching other side.
    fn group_ledger(companies: &[Company], municipal_bank: i64) -> Ledger {
        let year = Year::new(2022).unwrap();
        let mut b = Ledger::builder(
            group_org(companies),
            chart(),
            PlanHorizon::new(year, 0).unwrap(),
        );
        let kf = id("KF");
        let account = |a: &str| -> AccountCode { a.parse().unwrap() };
        let mut municipal_assets = municipal_bank;
        b.opening_balance(year, &kf, account("1930"), kr(municipal_bank));
        let month: Month = "2022-06".parse().unwrap();
        let fact = |unit: &OrgUnitId, a: &str, kronor: i64, with: Option<&OrgUnitId>| {
            let fact = Fact::new(unit.clone(), account(a), month, Layer::Outcome, kr(kronor));
            match with {
                Some(other) => fact.with_counterpart(Counterpart::GroupEntity(other.clone())),
                None => fact,
            }
        };
        for (name, c) in IDS.iter().zip(companies) {
            let me = id(name);
            b.opening_balance_against(year, &kf, account("1310"), &me, kr(c.shares));
            b.opening_balance_against(year, &kf, account("1510"), &me, kr(c.receivable));
            municipal_assets += c.shares + c.receivable;
            b.opening_balance(year, &me, account("1110"), kr(c.buildings));
            b.opening_balance(year, &me, account("1930"), kr(c.bank));
            b.opening_balance(year, &me, account("2310"), kr(-c.loans));
            b.opening_balance_against(year, &me, account("2440"), &kf, kr(-c.receivable));
            let equity = c.buildings + c.bank - c.loans - c.receivable;
            b.opening_balance(year, &me, account("2010"), kr(-equity));
            for f in [
                fact(&me, "3010", -c.internal_sale, Some(&kf)),
                fact(&kf, "4610", c.internal_sale, Some(&me)),
                fact(&me, "3010", -c.external_sale, None),
                fact(&me, "1930", c.internal_sale + c.external_sale, None),
                fact(&kf, "1930", -c.internal_sale, None),
            ] {
                b.push(f);
            }
        }
        b.opening_balance(year, &kf, account("2010"), kr(-municipal_assets));
        b.build().unwrap()
    }

    fn acquisitions_of(companies: &[Company]) -> Vec<Acquisition> {
        IDS.iter()
            .zip(companies)
            .map(|(name, c)| Acquisition {
                company: id(name),
                equity: kr(c.acquired_equity),
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// For any group: the group's balance sheet balances, the eliminations of internal
        /// balances net to zero, each weighted part balances, the group's result is the
        /// consolidated income statement's, and every heading is the weighted parts less
        /// what was eliminated from it.
        #[test]
        fn group_eliminations_net_to_zero_and_the_group_balances(
            companies in proptest::collection::vec(company(), 1..=3),
            municipal_bank in 0i64..1_000_000,
        ) {
            let ledger = group_ledger(&companies, municipal_bank);
            let month: Month = "2022-12".parse().unwrap();
            let view = ledger.as_of(AsOf::end_of(month));
            let sheet = consolidate_balance_sheet(&view, month, &acquisitions_of(&companies)).unwrap();
            prop_assert!(sheet.group.difference().unwrap().is_zero());
            let signed = |line: BalanceLine, a: Amount| if line.is_asset() { a } else { a.negated() };
            let net = sheet
                .eliminations
                .iter()
                .fold(Amount::ZERO, |sum, e| sum.checked_add(signed(e.line, e.amount)).unwrap());
            prop_assert_eq!(net, Amount::ZERO);
            for part in &sheet.parts {
                prop_assert!(part.weighted.difference().unwrap().is_zero(), "{}", part.entity);
            }
            let income = consolidate_as_of(&view, ConsolidationMethod::Proportional).unwrap();
            let result = income
                .lines
                .iter()
                .fold(Amount::ZERO, |sum, l| sum.checked_sub(l.group).unwrap());
            prop_assert_eq!(sheet.group.line(BalanceLine::ResultOfTheYear), result);
            for line in [BalanceLine::Receivables, BalanceLine::ShortTermLiabilities, BalanceLine::Cash] {
                let parts = sheet
                    .parts
                    .iter()
                    .fold(Amount::ZERO, |sum, p| sum.checked_add(p.weighted.line(line)).unwrap());
                let removed = sheet
                    .eliminations
                    .iter()
                    .filter(|e| e.line == line)
                    .fold(Amount::ZERO, |sum, e| sum.checked_add(e.amount).unwrap());
                prop_assert_eq!(sheet.group.line(line), parts.checked_sub(removed).unwrap(), "{:?}", line);
            }
            // The shares are gone from the group: only the shares remain on 1310 here.
            let shares: Amount = sheet.shares.iter().fold(Amount::ZERO, |s, e| s.checked_add(e.shares).unwrap());
            prop_assert_eq!(sheet.municipality.line(BalanceLine::FinancialAssets), shares);
            prop_assert_eq!(sheet.group.line(BalanceLine::FinancialAssets), Amount::ZERO);
        }
    }
}
