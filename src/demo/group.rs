//! The companies' side of the demo's group accounts (synthetic): their opening balances, how
//! their outcome settles against the bank, the municipality's shares in them and a receivable
//! on the water company, and each company's equity when its shares were acquired.

use std::collections::BTreeMap;

use super::economy::DemoError;
use crate::amount::Amount;
use crate::chart::AccountCode;
use crate::error::Error;
use crate::group::Acquisition;
use crate::ledger::{Fact, Layer, LedgerBuilder};
use crate::org::{OrgUnitId, Organisation};
use crate::period::{FiscalYear, Month, Year};

/// Opening balances (ledger-signed): unit, the year its fiscal year begins in, account,
/// counterpart and amount in thousands of kronor. Equity (2010) is what balances each.
const OPENINGS: &[(&str, i32, &str, Option<&str>, i64)] = &[
    // Demo Vatten AB, calendar year.
    ("VATTEN", 2022, "1110", None, 380_000),
    ("VATTEN", 2022, "1220", None, 20_000),
    ("VATTEN", 2022, "1510", None, 9_000),
    ("VATTEN", 2022, "1930", None, 15_000),
    ("VATTEN", 2022, "2310", None, -280_000),
    ("VATTEN", 2022, "2440", None, -5_000),
    ("VATTEN", 2022, "2440", Some("KF"), -1_200),
    // Demobostäder AB, calendar year.
    ("BOSTAD", 2022, "1110", None, 900_000),
    ("BOSTAD", 2022, "1510", None, 6_000),
    ("BOSTAD", 2022, "1930", None, 30_000),
    ("BOSTAD", 2022, "2310", None, -700_000),
    ("BOSTAD", 2022, "2440", None, -12_000),
    // Regionenergi AB, fiscal year May–April: the balances of 1 May 2021.
    ("ENERGI", 2021, "1110", None, 250_000),
    ("ENERGI", 2021, "1510", None, 20_000),
    ("ENERGI", 2021, "1930", None, 18_000),
    ("ENERGI", 2021, "2310", None, -150_000),
    ("ENERGI", 2021, "2440", None, -25_000),
];

/// The municipality's parts of its opening balances held against its companies, kept at the
/// finance unit (in thousands of kronor): the shares (together the 30 mnkr on 1310) and
/// 1,2 mnkr of the receivables on the water company.
pub(super) const MUNICIPALITY_INTERNAL: &[(&str, &str, i64)] = &[
    ("1310", "VATTEN", 10_000),
    ("1310", "BOSTAD", 15_000),
    ("1310", "ENERGI", 5_000),
    ("1510", "VATTEN", 1_200),
];

/// Each company's whole equity when the municipality acquired its shares (synthetic): the
/// water company was founded with its 10 mnkr of share capital; the housing company was bought
/// for 15 mnkr with an equity of 12 mnkr (3 mnkr goodwill); 30 % of the energy company cost 5
/// mnkr against 30 % of 20 mnkr (1 mnkr negative goodwill).
///
/// ```
/// let acquisitions = styrmodell::demo::acquisitions().unwrap();
/// assert_eq!(acquisitions.len(), 3);
/// ```
///
/// # Errors
/// Never in practice; a test builds it.
pub fn acquisitions() -> Result<Vec<Acquisition>, DemoError> {
    [
        ("VATTEN", 10_000_000),
        ("BOSTAD", 12_000_000),
        ("ENERGI", 20_000_000),
    ]
    .into_iter()
    .map(|(company, kronor)| {
        Ok(Acquisition {
            company: company.parse().map_err(Error::from)?,
            equity: Amount::from_kronor(kronor),
        })
    })
    .collect()
}

/// Gives the companies their opening balances and settles their outcome, and splits the
/// municipality's shares and receivables by counterpart.
pub(super) fn add_companies(
    builder: &mut LedgerBuilder,
    org: &Organisation,
    fin: &OrgUnitId,
) -> Result<(), DemoError> {
    let facts = builder.facts_so_far();
    let settled = settle_companies(org, &facts)?;
    builder.extend(settled.clone());
    let mut balances: BTreeMap<(OrgUnitId, Year), Vec<Opening>> = BTreeMap::new();
    for &(unit, year, account, counterpart, thousands) in OPENINGS {
        let unit: OrgUnitId = unit.parse().map_err(Error::from)?;
        let counterpart = counterpart
            .map(str::parse::<OrgUnitId>)
            .transpose()
            .map_err(Error::from)?;
        balances.entry((unit, Year::new(year)?)).or_default().push((
            account.parse()?,
            counterpart,
            Amount::from_kronor(thousands * 1000),
        ));
    }
    let energy: OrgUnitId = "ENERGI".parse().map_err(Error::from)?;
    let energy_2022 = roll_forward(&energy, &balances, &facts, &settled, org)?;
    balances.insert((energy, Year::new(2022)?), energy_2022);
    for ((unit, year), mut lines) in balances {
        balance_with_equity(&mut lines)?;
        for (account, counterpart, amount) in lines {
            match counterpart {
                Some(other) => {
                    builder.opening_balance_against(year, &unit, account, &other, amount)
                }
                None => builder.opening_balance(year, &unit, account, amount),
            };
        }
    }
    let year = Year::new(2022)?;
    for &(account, company, thousands) in MUNICIPALITY_INTERNAL {
        let company: OrgUnitId = company.parse().map_err(Error::from)?;
        let amount = Amount::from_kronor(thousands * 1000);
        builder.opening_balance_against(year, fin, account.parse()?, &company, amount);
    }
    Ok(())
}

type Opening = (AccountCode, Option<OrgUnitId>, Amount);

/// Adds equity (2010) so the lines balance.
fn balance_with_equity(lines: &mut Vec<Opening>) -> Result<(), DemoError> {
    if lines.iter().any(|(a, _, _)| a.to_string() == "2010") {
        return Ok(());
    }
    let rest = Amount::checked_sum(lines.iter().map(|(_, _, a)| *a))?;
    lines.push(("2010".parse()?, None, rest.negated()));
    Ok(())
}

/// The energy company's balances of 1 May 2022: those of 1 May 2021 moved by its settled
/// outcome of the fiscal year 2021/22, the year's result closed into equity.
fn roll_forward(
    energy: &OrgUnitId,
    balances: &BTreeMap<(OrgUnitId, Year), Vec<Opening>>,
    facts: &[Fact],
    settled: &[Fact],
    org: &Organisation,
) -> Result<Vec<Opening>, DemoError> {
    let start_month = org
        .get(energy.as_str())
        .and_then(|u| u.company.as_ref())
        .map_or(1, crate::org::CompanyInfo::fiscal_year_start_month);
    let fiscal = FiscalYear::containing(Month::new(2021, start_month)?, start_month)?;
    let mut lines = balances
        .get(&(energy.clone(), Year::new(2021)?))
        .cloned()
        .unwrap_or_default();
    balance_with_equity(&mut lines)?;
    let mut sums: BTreeMap<AccountCode, Amount> = BTreeMap::new();
    for (account, _, amount) in &lines {
        let cell = sums.entry(*account).or_insert(Amount::ZERO);
        *cell = cell.checked_add(*amount)?;
    }
    let equity: AccountCode = "2010".parse()?;
    for fact in facts.iter().chain(settled) {
        if &fact.unit != energy || fact.layer != Layer::Outcome || !fiscal.contains(fact.month) {
            continue;
        }
        // A balance account moves; the result closes into equity.
        let account = if crate::balance_sheet::is_balance_account(fact.account) {
            fact.account
        } else {
            equity
        };
        let cell = sums.entry(account).or_insert(Amount::ZERO);
        *cell = cell.checked_add(fact.amount)?;
    }
    Ok(sums
        .into_iter()
        .map(|(a, amount)| (a, None, amount))
        .collect())
}

/// What settles each company's outcome each month, at the company.
fn settle_companies(org: &Organisation, facts: &[Fact]) -> Result<Vec<Fact>, DemoError> {
    super::economy::settle(facts, &|fact| {
        org.get(fact.unit.as_str())
            .is_some_and(|u| u.company.is_some())
            .then(|| fact.unit.clone())
    })
}
