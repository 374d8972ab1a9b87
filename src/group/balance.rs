//! The group's balance sheet (koncernens balansräkning) by proportional consolidation, as RKR
//! prescribes: each consolidated party's balance sheet at its owned share, internal receivables
//! and liabilities between parties eliminated at the smaller share, and the holder's shares in
//! a company eliminated against the company's equity at acquisition (förvärvsmetoden). A
//! company with a broken fiscal year (brutet räkenskapsår) is aligned to the municipality's
//! calendar year: its balance at the balance day, with the part of its result that falls in
//! the calendar year shown as the year's result and the rest in its equity.
//!
//! Every party's own books must balance and every pair's internal balances and transactions
//! must match: a group balance sheet built on either fault cannot be true and is refused.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    Consolidation, Entities, GroupError, GroupMember, Membership, overflow, to_amount, weigh,
};
use crate::amount::Amount;
use crate::balance_sheet::{BalanceLine, BalanceSheet, is_balance_account};
use crate::chart::{AccountCode, AccountPrefix, Counterpart, IncomeStatementLine};
use crate::ledger::{Layer, Ledger};
use crate::ledger_as_of::LedgerAsOf;
use crate::org::{OrgUnitId, Organisation};
use crate::period::{FiscalYear, Month, PeriodRange, Year};

/// A company's equity when its holder acquired the shares (eget kapital vid förvärvet), in
/// full and in the presentation sign: what the holder's shares are eliminated against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acquisition {
    /// The company.
    pub company: OrgUnitId,
    /// Its whole equity at acquisition (100 %, not the owned share).
    pub equity: Amount,
}

/// One party's balance sheet, its own and at its weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalancePart {
    /// The party.
    pub entity: OrgUnitId,
    /// Its own balance sheet, aligned to the calendar year, its transactions within itself
    /// left out.
    pub own: BalanceSheet,
    /// The same at its weight, rounded so that it still balances.
    pub weighted: BalanceSheet,
}

/// An internal balance removed from the group: a receivable, loan or liability between two
/// consolidated parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceElimination {
    /// The party whose balance is removed.
    pub entity: OrgUnitId,
    /// The other side.
    pub counterpart: OrgUnitId,
    /// The heading it is removed from.
    pub line: BalanceLine,
    /// The amount removed, in the presentation sign, at the smaller weight of the two.
    pub amount: Amount,
}

/// A holder's shares in a company eliminated against the company's equity at acquisition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharesElimination {
    /// The party that holds the shares.
    pub holder: OrgUnitId,
    /// The company.
    pub company: OrgUnitId,
    /// The shares' book value removed from the financial assets, at the holder's weight.
    pub shares: Amount,
    /// The equity at acquisition removed, at the company's weight.
    pub equity: Amount,
    /// Shares less equity: a positive difference is goodwill (koncernmässig goodwill) among the
    /// intangible assets; a negative one was income at acquisition (K3 19.16) and stays in
    /// the group's equity. Goodwill is shown at its value at acquisition: its amortisation is
    /// not modelled.
    pub goodwill: Amount,
}

/// The municipality's and the group's balance sheets at a balance day, with every part and
/// elimination behind the group's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupBalanceSheet {
    /// Every party, consolidated or not.
    pub members: Vec<GroupMember>,
    /// The municipality alone (kommunen), its internal transactions left out.
    pub municipality: BalanceSheet,
    /// The group (koncernen).
    pub group: BalanceSheet,
    /// Each consolidated party's part.
    pub parts: Vec<BalancePart>,
    /// Internal receivables and liabilities removed.
    pub eliminations: Vec<BalanceElimination>,
    /// Shares eliminated against equity.
    pub shares: Vec<SharesElimination>,
}

/// When the balance sheet stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day {
    /// The start of the year (ingående balans), every result before it in equity.
    Opening(Year),
    /// The end of the month.
    End(Month),
}

impl Day {
    fn year(self) -> Year {
        match self {
            Day::Opening(year) => year,
            Day::End(month) => month.year(),
        }
    }

    /// The last month whose outcome counts, `None` before the ledger's first year.
    fn through(self) -> Option<Month> {
        match self {
            Day::Opening(year) => year.first_month().previous(),
            Day::End(month) => Some(month),
        }
    }

    /// The fiscal year of a party whose fiscal year begins in `start_month`.
    fn fiscal_year(self, start_month: u32) -> Result<FiscalYear, GroupError> {
        let month = match self {
            Day::Opening(year) => year.first_month(),
            Day::End(month) => month,
        };
        FiscalYear::containing(month, start_month).map_err(|_| overflow("fiscal year"))
    }
}

/// The group's balance sheet at the end of `month` (see the module's text).
///
/// # Errors
/// [`GroupError`] when a consolidated party has no opening balances for its fiscal year, its
/// own books do not balance, a pair's internal balances or transactions do not match, a
/// holder's shares in a company have no [`Acquisition`], or a sum overflows.
pub fn consolidate_balance_sheet(
    view: &LedgerAsOf<'_>,
    month: Month,
    acquisitions: &[Acquisition],
) -> Result<GroupBalanceSheet, GroupError> {
    let income = super::consolidate_as_of_month(view, month)?;
    consolidate_closing(view, month, acquisitions, &income)
}

/// As [`consolidate_balance_sheet`], with the year's consolidated income statement to the
/// month already made.
pub(super) fn consolidate_closing(
    view: &LedgerAsOf<'_>,
    month: Month,
    acquisitions: &[Acquisition],
    income: &Consolidation,
) -> Result<GroupBalanceSheet, GroupError> {
    check_transactions(income)?;
    consolidate_at(view, Day::End(month), acquisitions)
}

/// The group's balance sheet at the start of `year`, every earlier result in equity.
///
/// # Errors
/// As [`consolidate_balance_sheet`].
pub fn consolidate_opening_balance_sheet(
    view: &LedgerAsOf<'_>,
    year: Year,
    acquisitions: &[Acquisition],
) -> Result<GroupBalanceSheet, GroupError> {
    consolidate_at(view, Day::Opening(year), acquisitions)
}

fn consolidate_at(
    view: &LedgerAsOf<'_>,
    day: Day,
    acquisitions: &[Acquisition],
) -> Result<GroupBalanceSheet, GroupError> {
    let ledger = view.ledger();
    let org = ledger.organisation();
    let entities = Entities::new(org, super::ConsolidationMethod::Proportional)?;
    let fiscal = fiscal_years(org, &entities, day)?;
    let positions = positions(view, &entities, &fiscal, day)?;
    let id = |i: usize| {
        org.units()
            .get(i)
            .map_or_else(|| org.root().id.clone(), |u| u.id.clone())
    };
    let mut group = Cells::default();
    let mut parts = Vec::new();
    for (&entity, position) in &positions.own {
        let own = position.aligned(&id, entity)?;
        let weighted = own.weighted(entities.weight(entity))?;
        group.add_all(&weighted)?;
        parts.push(BalancePart {
            entity: id(entity),
            own: own.sheet(day)?,
            weighted: weighted.sheet(day)?,
        });
    }
    let municipality = positions
        .own
        .get(&entities.municipality)
        .map(|p| p.aligned(&id, entities.municipality))
        .transpose()?
        .unwrap_or_default()
        .sheet(day)?;
    let eliminations = eliminate_balances(&positions.between, &entities, &id, &mut group)?;
    let shares = eliminate_shares(&positions.shares, &entities, acquisitions, &id, &mut group)?;
    Ok(GroupBalanceSheet {
        members: entities.members.values().cloned().collect(),
        municipality,
        group: group.sheet(day)?,
        parts,
        eliminations,
        shares,
    })
}

/// Each consolidated party's fiscal year at `day`.
fn fiscal_years(
    org: &Organisation,
    entities: &Entities,
    day: Day,
) -> Result<BTreeMap<usize, FiscalYear>, GroupError> {
    let mut years = BTreeMap::new();
    for (&entity, member) in &entities.members {
        if member.membership == Membership::NotConsolidated {
            continue;
        }
        let start = org
            .units()
            .get(entity)
            .and_then(|u| u.company.as_ref())
            .map_or(1, crate::org::CompanyInfo::fiscal_year_start_month);
        years.insert(entity, day.fiscal_year(start)?);
    }
    Ok(years)
}

/// Ledger-signed sums in öre: balance headings and income-statement lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Cells {
    balance: BTreeMap<BalanceLine, i128>,
    /// The income statement of the calendar year to the balance day.
    income: BTreeMap<IncomeStatementLine, i128>,
}

impl Cells {
    fn add_balance(&mut self, line: BalanceLine, ore: i128) -> Result<(), GroupError> {
        super::add(self.balance.entry(line).or_default(), ore)
    }

    fn add_all(&mut self, other: &Cells) -> Result<(), GroupError> {
        for (&line, &ore) in &other.balance {
            self.add_balance(line, ore)?;
        }
        for (&line, &ore) in &other.income {
            super::add(self.income.entry(line).or_default(), ore)?;
        }
        Ok(())
    }

    fn total(&self) -> Result<i128, GroupError> {
        self.balance
            .values()
            .chain(self.income.values())
            .try_fold(0i128, |acc, o| acc.checked_add(*o))
            .ok_or_else(|| overflow("balance"))
    }

    /// At `weight`: every income line as the income statement weighs it, the rounding residue
    /// on the largest balance heading so the weighted sheet still balances.
    fn weighted(&self, weight: rust_decimal::Decimal) -> Result<Cells, GroupError> {
        let mut out = Cells::default();
        for (&line, &ore) in &self.balance {
            out.balance.insert(line, weigh(ore, weight)?);
        }
        for (&line, &ore) in &self.income {
            out.income.insert(line, weigh(ore, weight)?);
        }
        let residue = weigh(self.total()?, weight)?
            .checked_sub(out.total()?)
            .ok_or_else(|| overflow("weighting"))?;
        if let Some(largest) = out.balance.values_mut().max_by_key(|o| o.unsigned_abs()) {
            *largest = largest
                .checked_add(residue)
                .ok_or_else(|| overflow("weighting"))?;
        }
        Ok(out)
    }

    /// In the presentation sign, the year's result from the income lines.
    fn sheet(&self, day: Day) -> Result<BalanceSheet, GroupError> {
        let mut lines: BTreeMap<BalanceLine, Amount> = BalanceLine::ALL
            .into_iter()
            .map(|l| (l, Amount::ZERO))
            .collect();
        for (&line, &ore) in &self.balance {
            lines.insert(line, line.presented(to_amount(ore, "balance")?));
        }
        let result = self
            .income
            .values()
            .try_fold(0i128, |acc, o| acc.checked_sub(*o))
            .ok_or_else(|| overflow("result"))?;
        lines.insert(BalanceLine::ResultOfTheYear, to_amount(result, "result")?);
        Ok(BalanceSheet {
            month: match day {
                Day::Opening(_) => None,
                Day::End(month) => Some(month),
            },
            year: day.year(),
            lines,
        })
    }
}

/// One party's books at the balance day, from the opening of its fiscal year.
#[derive(Debug, Default)]
struct Position {
    /// Opening balances and movements on balance accounts.
    balance: BTreeMap<BalanceLine, i128>,
    /// The income statement since its fiscal year began.
    fiscal_income: i128,
    /// The income statement of the calendar year to the balance day.
    income: BTreeMap<IncomeStatementLine, i128>,
}

impl Position {
    /// Aligned to the calendar year: the calendar year's result shown as such, the result of
    /// its fiscal year before the calendar year in equity. Refused when it does not balance.
    fn aligned(&self, id: &dyn Fn(usize) -> OrgUnitId, entity: usize) -> Result<Cells, GroupError> {
        let mut cells = Cells {
            balance: self.balance.clone(),
            income: self.income.clone(),
        };
        let calendar = self
            .income
            .values()
            .try_fold(0i128, |acc, o| acc.checked_add(*o))
            .ok_or_else(|| overflow("result"))?;
        let before = self
            .fiscal_income
            .checked_sub(calendar)
            .ok_or_else(|| overflow("result"))?;
        cells.add_balance(BalanceLine::Equity, before)?;
        let difference = cells.total()?;
        if difference != 0 {
            return Err(GroupError::Unbalanced {
                entity: id(entity),
                difference: to_amount(difference, "difference")?,
            });
        }
        Ok(cells)
    }
}

/// Every party's position, its internal balances per counterpart and heading, and the shares
/// it holds in companies.
#[derive(Default)]
struct Positions {
    own: BTreeMap<usize, Position>,
    between: super::Between<BalanceLine>,
    shares: BTreeMap<(usize, usize), i128>,
}

impl Positions {
    /// Books `ore` on a balance `account` of `entity`.
    fn book(&mut self, entity: usize, account: AccountCode, ore: i128) -> Result<(), GroupError> {
        let Some(line) = BalanceLine::of_account(account) else {
            return Ok(());
        };
        let position = self.own.entry(entity).or_default();
        super::add(position.balance.entry(line).or_default(), ore)
    }
}

/// Shares and participations (aktier och andelar, Kommun-Bas 131).
fn is_shares(account: AccountCode) -> bool {
    "131"
        .parse::<AccountPrefix>()
        .is_ok_and(|shares| shares.matches(account))
}

/// The consolidated party a unit or counterpart belongs to.
fn party_of(ledger: &Ledger, entities: &Entities, unit: &str) -> Option<usize> {
    let index = ledger.organisation().index_of(unit)?;
    entities.of_unit.get(index.get()).copied().flatten()
}

fn positions(
    view: &LedgerAsOf<'_>,
    entities: &Entities,
    fiscal: &BTreeMap<usize, FiscalYear>,
    day: Day,
) -> Result<Positions, GroupError> {
    let ledger = view.ledger();
    let mut positions = Positions::default();
    let consolidated = |p: usize| fiscal.contains_key(&p);
    let counterpart_party = |entity: usize, counterpart: &OrgUnitId| {
        party_of(ledger, entities, counterpart.as_str())
            .filter(|o| *o != entity && consolidated(*o))
    };
    for (&entity, year) in fiscal {
        let opened_year = year.start().year();
        let mut any = false;
        for (unit, account, counterpart, amount) in ledger.opening_balances(opened_year) {
            if party_of(ledger, entities, unit.as_str()) != Some(entity) {
                continue;
            }
            any = true;
            positions.book(entity, account, amount.ore())?;
            if let Some(other) = counterpart.and_then(|c| counterpart_party(entity, c)) {
                positions.book_between(entities, entity, account, other, amount.ore())?;
            }
        }
        if !any {
            let unit = ledger
                .organisation()
                .units()
                .get(entity)
                .map(|u| u.id.clone());
            return Err(GroupError::NoOpening {
                entity: unit.unwrap_or_else(|| ledger.organisation().root().id.clone()),
                fiscal_year: *year,
            });
        }
        positions.own.entry(entity).or_default();
    }
    let Some(through) = day.through() else {
        return Ok(positions);
    };
    let calendar = PeriodRange::new(day.year().first_month(), through).ok();
    for fact in ledger.facts() {
        if fact.layer != Layer::Outcome || !view.knows(&fact) {
            continue;
        }
        let Some(entity) = party_of(ledger, entities, fact.unit.as_str()) else {
            continue;
        };
        let Some(year) = fiscal.get(&entity) else {
            continue;
        };
        let since_opening =
            PeriodRange::new(year.start(), through).is_ok_and(|range| range.contains(fact.month));
        let counterpart = match &fact.counterpart {
            Some(Counterpart::Internal) => continue,
            Some(Counterpart::GroupEntity(other)) => counterpart_party(entity, other),
            _ => None,
        };
        let ore = fact.amount.ore();
        if is_balance_account(fact.account) {
            if since_opening {
                positions.book(entity, fact.account, ore)?;
                if let Some(other) = counterpart {
                    positions.book_between(entities, entity, fact.account, other, ore)?;
                }
            }
            continue;
        }
        let Some(line) = ledger.chart().line(fact.account) else {
            continue;
        };
        let position = positions.own.entry(entity).or_default();
        if since_opening {
            super::add(&mut position.fiscal_income, ore)?;
        }
        if calendar.is_some_and(|range| range.contains(fact.month)) {
            super::add(position.income.entry(line).or_default(), ore)?;
        }
    }
    Ok(positions)
}

impl Positions {
    /// Books the part of a balance held against `other`, for the eliminations only.
    fn book_between(
        &mut self,
        entities: &Entities,
        entity: usize,
        account: AccountCode,
        other: usize,
        ore: i128,
    ) -> Result<(), GroupError> {
        let Some(line) = BalanceLine::of_account(account) else {
            return Ok(());
        };
        if entities.holder_of(other) == Some(entity) && is_shares(account) {
            return super::add(self.shares.entry((entity, other)).or_default(), ore);
        }
        let cell = self
            .between
            .entry((entity, other))
            .or_default()
            .entry(line)
            .or_default();
        super::add(cell, ore)
    }
}

/// The income statement's internal transactions must match for the group's result to be
/// true beside its balance sheet.
fn check_transactions(income: &Consolidation) -> Result<(), GroupError> {
    match income.mismatches.first() {
        Some(mismatch) => Err(GroupError::Unmatched {
            what: "transactions",
            entity: mismatch.entity.clone(),
            counterpart: mismatch.counterpart.clone(),
            difference: mismatch.difference,
        }),
        None => Ok(()),
    }
}

/// Removes every pair's internal balances at the smaller weight; a pair whose two sides do not
/// net to zero is refused.
fn eliminate_balances(
    between: &super::Between<BalanceLine>,
    entities: &Entities,
    id: &dyn Fn(usize) -> OrgUnitId,
    group: &mut Cells,
) -> Result<Vec<BalanceElimination>, GroupError> {
    let mut eliminations = Vec::new();
    for (&(a, b), lines) in between {
        if a > b && between.contains_key(&(b, a)) {
            continue; // each pair once, from its lower index
        }
        let (cells, difference) = super::pair_cells(between, a, b, lines)?;
        if difference != 0 {
            return Err(GroupError::Unmatched {
                what: "balances",
                entity: id(a),
                counterpart: id(b),
                difference: to_amount(difference, "internal balances")?,
            });
        }
        let weight = entities.weight(a).min(entities.weight(b));
        for (entity, counterpart, line, ore) in super::weighted_cells(&cells, weight, 0)? {
            if ore == 0 {
                continue;
            }
            group.add_balance(
                line,
                ore.checked_neg().ok_or_else(|| overflow("elimination"))?,
            )?;
            eliminations.push(BalanceElimination {
                entity: id(entity),
                counterpart: id(counterpart),
                line,
                amount: line.presented(to_amount(ore, "elimination")?),
            });
        }
    }
    Ok(eliminations)
}

/// Removes each holder's shares in a company against the company's equity at acquisition.
fn eliminate_shares(
    shares: &BTreeMap<(usize, usize), i128>,
    entities: &Entities,
    acquisitions: &[Acquisition],
    id: &dyn Fn(usize) -> OrgUnitId,
    group: &mut Cells,
) -> Result<Vec<SharesElimination>, GroupError> {
    for acquisition in acquisitions {
        let known = entities
            .members
            .iter()
            .any(|(i, m)| m.held_by.is_some() && id(*i) == acquisition.company);
        if !known {
            return Err(GroupError::UnknownAcquisition {
                company: acquisition.company.clone(),
            });
        }
    }
    let mut out = Vec::new();
    for (&(holder, company), &book_value) in shares {
        let acquisition = acquisitions
            .iter()
            .find(|a| a.company == id(company))
            .ok_or_else(|| GroupError::NoAcquisition {
                holder: id(holder),
                company: id(company),
            })?;
        let removed_shares = weigh(book_value, entities.weight(holder))?;
        let removed_equity = weigh(acquisition.equity.ore(), entities.weight(company))?;
        let goodwill = removed_shares
            .checked_sub(removed_equity)
            .ok_or_else(|| overflow("goodwill"))?;
        let negated = |o: i128| o.checked_neg().ok_or_else(|| overflow("shares"));
        group.add_balance(BalanceLine::FinancialAssets, negated(removed_shares)?)?;
        group.add_balance(BalanceLine::Equity, removed_equity)?;
        if goodwill > 0 {
            group.add_balance(BalanceLine::IntangibleAssets, goodwill)?;
        } else {
            group.add_balance(BalanceLine::Equity, goodwill)?;
        }
        out.push(SharesElimination {
            holder: id(holder),
            company: id(company),
            shares: to_amount(removed_shares, "shares")?,
            equity: to_amount(removed_equity, "equity")?,
            goodwill: to_amount(goodwill, "goodwill")?,
        });
    }
    Ok(out)
}
