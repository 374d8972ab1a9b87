//! Group consolidation (sammanställd redovisning för kommunkoncernen): the municipality and its
//! group companies by relation, subsidiaries (dotterföretag, over 50 %) and associates
//! (intresseföretag, 20–50 %), each at the share the municipality owns through the whole chain of
//! holdings, with transactions between two consolidated parties eliminated at the smaller
//! owned share. Smaller holdings are not consolidated. A kommunalförbund enters at the member's
//! share. Every figure can be traced: each line lists each party's own figure and weighted part.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::amount::{Amount, Rounding};
use crate::chart::{Counterpart, IncomeStatementLine};
use crate::ledger::{Fact, Layer, Ledger, LedgerError};
use crate::ledger_as_of::LedgerAsOf;
use crate::org::{GroupRelation, OrgUnitId, OrgUnitKind, Organisation};
use crate::period::{FiscalYear, Month, PeriodRange};

mod accounts;
mod balance;

pub use accounts::{GroupAccounts, group_accounts};
pub use balance::{
    Acquisition, BalanceElimination, BalancePart, GroupBalanceSheet, SharesElimination,
    consolidate_balance_sheet, consolidate_opening_balance_sheet,
};

/// How subsidiaries enter the group accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConsolidationMethod {
    /// Only the owned share of every consolidated party (proportionell konsolidering, RKR's
    /// default).
    #[default]
    Proportional,
    /// Subsidiaries in full; associates still at their owned share (the equity method's single
    /// result line is not modelled).
    Full,
}

/// How a party belongs to the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Membership {
    /// The municipality itself (kommunen).
    Municipality,
    /// A subsidiary (dotterföretag) through a chain of subsidiaries.
    Subsidiary,
    /// An associate (intresseföretag).
    Associate,
    /// A kommunalförbund, at the member's share.
    Federation,
    /// A holding too small, or held through an associate: not consolidated.
    NotConsolidated,
}

/// One party of the group: how it belongs, the share owned through the chain and its weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMember {
    /// The party (the council for the municipality, a company, a kommunalförbund).
    pub entity: OrgUnitId,
    /// The party that holds it, `None` for the municipality.
    pub held_by: Option<OrgUnitId>,
    /// How it belongs.
    pub membership: Membership,
    /// The share the municipality owns, multiplied through the chain of holdings.
    #[serde(with = "rust_decimal::serde::str")]
    pub share: Decimal,
    /// The weight its figures enter the group with (zero when not consolidated).
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
}

/// One party's part of a consolidated line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinePart {
    /// The party.
    pub entity: OrgUnitId,
    /// Its own figure, its transactions within itself left out.
    pub own: Amount,
    /// Its own figure times its weight, at öre.
    pub weighted: Amount,
}

/// One income-statement line for the municipality and the group, ledger-signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsolidatedLine {
    /// The line.
    pub line: IncomeStatementLine,
    /// The municipality alone (kommunen), its internal transactions eliminated.
    pub municipality: Amount,
    /// The group (koncernen): the weighted parts less this line's eliminations.
    pub group: Amount,
    /// Each consolidated party's part, in organisation order.
    pub parts: Vec<LinePart>,
}

/// An amount removed from the group for transactions between two of its parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Elimination {
    /// The party whose facts are eliminated.
    pub entity: OrgUnitId,
    /// The other side of the transactions.
    pub counterpart: OrgUnitId,
    /// The income-statement line.
    pub line: IncomeStatementLine,
    /// The amount removed, ledger-signed, at the weight of the smaller owned share.
    pub amount: Amount,
}

/// Two parties whose internal transactions do not match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    /// One party.
    pub entity: OrgUnitId,
    /// The other.
    pub counterpart: OrgUnitId,
    /// What the two sides add up to in full (zero when they match).
    pub difference: Amount,
}

/// The municipality and the group side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consolidation {
    /// The months consolidated.
    pub months: PeriodRange,
    /// The method used.
    pub method: ConsolidationMethod,
    /// Every party, consolidated or not, in organisation order.
    pub members: Vec<GroupMember>,
    /// Every income-statement line, in statement order.
    pub lines: Vec<ConsolidatedLine>,
    /// The eliminations between consolidated parties.
    pub eliminations: Vec<Elimination>,
    /// Pairs whose internal transactions do not net to zero, to be investigated.
    pub mismatches: Vec<Mismatch>,
}

/// Why a consolidation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GroupError {
    /// The organisation has no council to stand for the municipality.
    #[error("the organisation has no council (kommunfullmäktige) to stand for the municipality")]
    NoMunicipality,
    /// A unit with facts belongs to neither the municipality nor a group party.
    #[error(
        "org unit {unit} has facts but belongs to neither the municipality nor a company or kommunalförbund"
    )]
    OutsideEntities {
        /// The unit.
        unit: OrgUnitId,
    },
    /// A kommunalförbund without its member share.
    #[error(
        "kommunalförbund {unit} has no member share: give it company information with the municipality's share"
    )]
    NoMemberShare {
        /// The kommunalförbund.
        unit: OrgUnitId,
    },
    /// A consolidated party without opening balances for the fiscal year its balance sheet
    /// starts from.
    #[error(
        "{entity} has no opening balances for its fiscal year {fiscal_year}: the group's balance sheet needs every consolidated party's"
    )]
    NoOpening {
        /// The party.
        entity: OrgUnitId,
        /// Its fiscal year.
        fiscal_year: FiscalYear,
    },
    /// A party whose own books do not balance.
    #[error(
        "{entity}'s books do not balance: assets less equity and liabilities, the year's result included, is {difference} (a one-sided booking, or an account neither on the balance sheet nor on an income-statement line)"
    )]
    Unbalanced {
        /// The party.
        entity: OrgUnitId,
        /// What the ledger-signed balances and results add up to.
        difference: Amount,
    },
    /// Two parties whose internal balances or transactions do not match.
    #[error(
        "the internal {what} between {entity} and {counterpart} do not match: the two sides add up to {difference}, not zero"
    )]
    Unmatched {
        /// "balances" or "transactions".
        what: &'static str,
        /// One party.
        entity: OrgUnitId,
        /// The other.
        counterpart: OrgUnitId,
        /// What the two sides add up to.
        difference: Amount,
    },
    /// A holder's shares in a company, and no equity at acquisition to eliminate them against.
    #[error(
        "{holder} holds shares in {company} but no acquisition gives {company}'s equity when they were acquired"
    )]
    NoAcquisition {
        /// The holder.
        holder: OrgUnitId,
        /// The company.
        company: OrgUnitId,
    },
    /// An acquisition of a unit that is no held party of the group.
    #[error("an acquisition names {company}, which is no company or kommunalförbund of the group")]
    UnknownAcquisition {
        /// The unit named.
        company: OrgUnitId,
    },
    /// A sum out of range.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// The parties of the group: each unit's party (the nearest council, company or
/// kommunalförbund at or above it) and each party's membership and weight.
struct Entities {
    /// Per unit index: the index of its party's unit, if any.
    of_unit: Vec<Option<usize>>,
    /// Per unit index of a party: its member record.
    members: BTreeMap<usize, GroupMember>,
    /// Per unit index of a held party: the unit index of its holder.
    holders: BTreeMap<usize, usize>,
    municipality: usize,
}

impl Entities {
    fn new(org: &Organisation, method: ConsolidationMethod) -> Result<Entities, GroupError> {
        let municipality = org
            .units()
            .iter()
            .position(|u| u.kind == OrgUnitKind::Council)
            .ok_or(GroupError::NoMunicipality)?;
        let mut entities = Entities {
            of_unit: Vec::with_capacity(org.len()),
            members: BTreeMap::new(),
            holders: BTreeMap::new(),
            municipality,
        };
        for (i, unit) in org.units().iter().enumerate() {
            let parent = org.parent_slots().get(i).copied().flatten();
            let parent_entity =
                parent.and_then(|p| entities.of_unit.get(p as usize).copied().flatten());
            let entity = match unit.kind {
                OrgUnitKind::Council => {
                    entities
                        .members
                        .insert(i, municipality_member(unit.id.clone()));
                    Some(i)
                }
                OrgUnitKind::Company | OrgUnitKind::Association => {
                    // A party placed beside the council (under the group) is held by the
                    // municipality; one under a company is held through it.
                    let holder = parent_entity.unwrap_or(municipality);
                    let member = entities.member_of(org, i, holder, method)?;
                    entities.members.insert(i, member);
                    entities.holders.insert(i, holder);
                    Some(i)
                }
                _ => parent_entity,
            };
            entities.of_unit.push(entity);
        }
        Ok(entities)
    }

    /// The member record of the party at unit `i`, held by the party at unit `holder`.
    fn member_of(
        &self,
        org: &Organisation,
        i: usize,
        holder: usize,
        method: ConsolidationMethod,
    ) -> Result<GroupMember, GroupError> {
        let unit = org.units().get(i).ok_or(GroupError::NoMunicipality)?;
        let info = unit
            .company
            .as_ref()
            .ok_or_else(|| GroupError::NoMemberShare {
                unit: unit.id.clone(),
            })?;
        let held = self.members.get(&holder);
        let holder_share = held.map_or(Decimal::ONE, |m| m.share);
        let share = holder_share
            .checked_mul(info.ownership_share)
            .unwrap_or(Decimal::ZERO);
        let through_subsidiaries = held.is_some_and(|m| {
            matches!(
                m.membership,
                Membership::Municipality | Membership::Subsidiary
            )
        });
        let membership = match (unit.kind, info.relation, through_subsidiaries) {
            (_, _, false) | (_, GroupRelation::Other, _) => Membership::NotConsolidated,
            (OrgUnitKind::Association, _, true) => Membership::Federation,
            (_, GroupRelation::Subsidiary, true) => Membership::Subsidiary,
            (_, GroupRelation::Associate, true) => Membership::Associate,
        };
        let weight = match (membership, method) {
            (Membership::NotConsolidated, _) => Decimal::ZERO,
            (Membership::Subsidiary, ConsolidationMethod::Full) => Decimal::ONE,
            _ => share,
        };
        Ok(GroupMember {
            entity: unit.id.clone(),
            held_by: held.map(|m| m.entity.clone()),
            membership,
            share,
            weight,
        })
    }

    fn holder_of(&self, entity: usize) -> Option<usize> {
        self.holders.get(&entity).copied()
    }

    fn weight(&self, entity: usize) -> Decimal {
        self.members
            .get(&entity)
            .map_or(Decimal::ZERO, |m| m.weight)
    }

    fn is_consolidated(&self, entity: usize) -> bool {
        self.members
            .get(&entity)
            .is_some_and(|m| m.membership != Membership::NotConsolidated)
    }
}

fn municipality_member(entity: OrgUnitId) -> GroupMember {
    GroupMember {
        entity,
        held_by: None,
        membership: Membership::Municipality,
        share: Decimal::ONE,
        weight: Decimal::ONE,
    }
}

/// Sums of outcome by party and line.
#[derive(Default)]
struct Sums {
    /// Each party's own figure per line, its transactions within itself left out.
    own: BTreeMap<(usize, IncomeStatementLine), i128>,
    /// Transactions between two parties, by (party, counterpart) and line.
    between: Between<IncomeStatementLine>,
}

/// Consolidates the outcome of `months` by `method`.
///
/// ```
/// use styrmodell::{PeriodRange, Year, demo, group::{consolidate, ConsolidationMethod, Membership}};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ledger = demo::ledger()?;
/// let year = PeriodRange::from(Year::new(2022)?);
/// let group = consolidate(&ledger, year, ConsolidationMethod::Proportional)?;
/// // The 30 % energy company is an associate, consolidated at 30 %.
/// let energy = group.members.iter().find(|m| m.entity.as_str() == "ENERGI").ok_or("ENERGI")?;
/// assert_eq!(energy.membership, Membership::Associate);
/// assert_eq!(energy.weight.to_string(), "0.30");
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// [`GroupError`] when there is no council, a unit with facts belongs to no party, a
/// kommunalförbund lacks its member share, or a sum overflows.
pub fn consolidate(
    ledger: &Ledger,
    months: PeriodRange,
    method: ConsolidationMethod,
) -> Result<Consolidation, GroupError> {
    consolidate_where(ledger, months, method, &|_| true)
}

/// As [`consolidate`], for the outcome known as of a date, over the year to its month.
///
/// # Errors
/// As [`consolidate`].
pub fn consolidate_as_of(
    view: &LedgerAsOf<'_>,
    method: ConsolidationMethod,
) -> Result<Consolidation, GroupError> {
    let months = PeriodRange::year_to_date(view.as_of().month());
    consolidate_where(view.ledger(), months, method, &|fact| view.knows(fact))
}

/// The proportional consolidation of the year to `month` as known in `view`.
fn consolidate_as_of_month(
    view: &LedgerAsOf<'_>,
    month: Month,
) -> Result<Consolidation, GroupError> {
    let months = PeriodRange::year_to_date(month);
    consolidate_where(
        view.ledger(),
        months,
        ConsolidationMethod::Proportional,
        &|fact| view.knows(fact),
    )
}

fn consolidate_where(
    ledger: &Ledger,
    months: PeriodRange,
    method: ConsolidationMethod,
    known: &dyn Fn(&Fact) -> bool,
) -> Result<Consolidation, GroupError> {
    let org = ledger.organisation();
    let entities = Entities::new(org, method)?;
    let sums = sum_facts(ledger, months, &entities, known)?;
    let id = |i: usize| {
        org.units()
            .get(i)
            .map_or_else(|| org.root().id.clone(), |u| u.id.clone())
    };
    let (eliminations, mismatches, eliminated) = eliminate(&sums, &entities, &id)?;
    let lines = IncomeStatementLine::ALL
        .into_iter()
        .map(|line| consolidated_line(line, &sums, &entities, &eliminated, &id))
        .collect::<Result<Vec<_>, GroupError>>()?;
    Ok(Consolidation {
        months,
        method,
        members: entities.members.values().cloned().collect(),
        lines,
        eliminations,
        mismatches,
    })
}

type Eliminated = BTreeMap<IncomeStatementLine, i128>;

/// The eliminations between consolidated parties, each pair once, and the pairs that do not
/// match.
fn eliminate(
    sums: &Sums,
    entities: &Entities,
    id: &dyn Fn(usize) -> OrgUnitId,
) -> Result<(Vec<Elimination>, Vec<Mismatch>, Eliminated), GroupError> {
    let mut eliminations = Vec::new();
    let mut mismatches = Vec::new();
    let mut eliminated = Eliminated::new();
    for (&(a, b), lines) in &sums.between {
        if a > b && sums.between.contains_key(&(b, a)) {
            continue; // each pair once, from its lower index
        }
        let weight = entities.weight(a).min(entities.weight(b));
        let (cells, difference) = pair_cells(&sums.between, a, b, lines)?;
        if difference != 0 {
            mismatches.push(Mismatch {
                entity: id(a),
                counterpart: id(b),
                difference: to_amount(difference, "mismatch")?,
            });
        }
        for (entity, counterpart, line, ore) in weighted_cells(&cells, weight, difference)? {
            let total = eliminated.entry(line).or_default();
            *total = total
                .checked_add(ore)
                .ok_or_else(|| overflow("elimination"))?;
            eliminations.push(Elimination {
                entity: id(entity),
                counterpart: id(counterpart),
                line,
                amount: to_amount(ore, "elimination")?,
            });
        }
    }
    Ok((eliminations, mismatches, eliminated))
}

/// One line: the municipality alone, each consolidated party's weighted part, and the group.
fn consolidated_line(
    line: IncomeStatementLine,
    sums: &Sums,
    entities: &Entities,
    eliminated: &Eliminated,
    id: &dyn Fn(usize) -> OrgUnitId,
) -> Result<ConsolidatedLine, GroupError> {
    let own = |entity: usize| sums.own.get(&(entity, line)).copied().unwrap_or(0);
    let mut parts = Vec::new();
    let mut group: i128 = 0;
    for (&entity, member) in &entities.members {
        if member.membership == Membership::NotConsolidated {
            continue;
        }
        let weighted = weigh(own(entity), member.weight)?;
        group = group
            .checked_add(weighted)
            .ok_or_else(|| overflow("group"))?;
        parts.push(LinePart {
            entity: id(entity),
            own: to_amount(own(entity), "own")?,
            weighted: to_amount(weighted, "weighted part")?,
        });
    }
    let group = group
        .checked_sub(eliminated.get(&line).copied().unwrap_or(0))
        .ok_or_else(|| overflow("group"))?;
    Ok(ConsolidatedLine {
        line,
        municipality: to_amount(own(entities.municipality), "municipality")?,
        group: to_amount(group, "group")?,
        parts,
    })
}

/// Sums each consolidated party's outcome by line: its own figure without its transactions
/// within itself, and its transactions with other consolidated parties.
fn sum_facts(
    ledger: &Ledger,
    months: PeriodRange,
    entities: &Entities,
    known: &dyn Fn(&Fact) -> bool,
) -> Result<Sums, GroupError> {
    let org = ledger.organisation();
    let mut sums = Sums::default();
    for fact in ledger.facts() {
        if fact.layer != Layer::Outcome || !months.contains(fact.month) || !known(&fact) {
            continue;
        }
        let Some(line) = ledger.chart().line(fact.account) else {
            continue;
        };
        let unit = org
            .index_of(fact.unit.as_str())
            .map(crate::org::UnitIndex::get);
        let Some(entity) = unit.and_then(|u| entities.of_unit.get(u).copied().flatten()) else {
            return Err(GroupError::OutsideEntities { unit: fact.unit });
        };
        if !entities.is_consolidated(entity) {
            continue;
        }
        let ore = fact.amount.ore();
        let counterpart = match &fact.counterpart {
            // A transaction within the party itself (internal rent, say) nets out in it.
            Some(Counterpart::Internal) => continue,
            Some(Counterpart::GroupEntity(other)) => org
                .index_of(other.as_str())
                .and_then(|i| entities.of_unit.get(i.get()).copied().flatten())
                .filter(|o| *o != entity && entities.is_consolidated(*o)),
            _ => None,
        };
        add(sums.own.entry((entity, line)).or_default(), ore)?;
        if let Some(other) = counterpart {
            let cell = sums
                .between
                .entry((entity, other))
                .or_default()
                .entry(line)
                .or_default();
            add(cell, ore)?;
        }
    }
    Ok(sums)
}

fn add(total: &mut i128, ore: i128) -> Result<(), GroupError> {
    *total = total.checked_add(ore).ok_or_else(|| overflow("sum"))?;
    Ok(())
}

/// `ore` times `weight`, rounded to whole öre half away from zero.
fn weigh(ore: i128, weight: Decimal) -> Result<i128, GroupError> {
    if weight == Decimal::ONE {
        return Ok(ore);
    }
    let amount = Decimal::try_from_i128_with_scale(ore, 0).map_err(|_| overflow("weighting"))?;
    Ok(amount
        .checked_mul(weight)
        .ok_or_else(|| overflow("weighting"))?
        .round_dp_with_strategy(0, Rounding::HalfAwayFromZero.strategy())
        .mantissa())
}

/// Per (party, counterpart): its amounts by line or heading.
type Between<L> = BTreeMap<(usize, usize), BTreeMap<L, i128>>;

/// The cells of the pair `a`–`b` (`lines` being `a`'s against `b`), both sides, and what
/// they add up to (zero when the two sides match).
fn pair_cells<L: Copy + Ord>(
    between: &Between<L>,
    a: usize,
    b: usize,
    lines: &BTreeMap<L, i128>,
) -> Result<(Vec<Cell<L>>, i128), GroupError> {
    let cells: Vec<Cell<L>> = lines
        .iter()
        .map(|(line, ore)| (a, b, *line, *ore))
        .chain(
            between
                .get(&(b, a))
                .into_iter()
                .flatten()
                .map(|(line, ore)| (b, a, *line, *ore)),
        )
        .collect();
    let difference = cells
        .iter()
        .try_fold(0i128, |acc, c| acc.checked_add(c.3))
        .ok_or_else(|| overflow("internal pair"))?;
    Ok((cells, difference))
}

/// (party, counterpart, line, öre) of a pair's transactions or balances.
type Cell<L = IncomeStatementLine> = (usize, usize, L, i128);

/// The pair's transactions at `weight`; the rounding residue goes to the largest so the
/// weighted cells still net to the weighted difference.
fn weighted_cells<L: Copy>(
    cells: &[Cell<L>],
    weight: Decimal,
    difference: i128,
) -> Result<Vec<Cell<L>>, GroupError> {
    let mut weighted = cells
        .iter()
        .map(|&(a, b, line, ore)| Ok((a, b, line, weigh(ore, weight)?)))
        .collect::<Result<Vec<Cell<L>>, GroupError>>()?;
    let sum = weighted
        .iter()
        .try_fold(0i128, |acc, c| acc.checked_add(c.3))
        .ok_or_else(|| overflow("elimination"))?;
    let residue = weigh(difference, weight)?
        .checked_sub(sum)
        .ok_or_else(|| overflow("elimination"))?;
    if let Some(largest) = weighted.iter_mut().max_by_key(|c| c.3.unsigned_abs()) {
        largest.3 = largest
            .3
            .checked_add(residue)
            .ok_or_else(|| overflow("elimination"))?;
    }
    Ok(weighted)
}

fn overflow(what: &str) -> GroupError {
    GroupError::Ledger(LedgerError::Overflow {
        unit: "group".to_owned(),
        what: what.to_owned(),
    })
}

fn to_amount(ore: i128, what: &str) -> Result<Amount, GroupError> {
    Amount::from_ore(ore).map_err(|_| overflow(what))
}
