//! Group consolidation (sammanställd redovisning för kommunkoncernen): the municipality and its
//! companies summed proportionally or fully, with internal transactions eliminated by
//! counterpart, shown beside the municipality alone.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::amount::{Amount, Rounding};
use crate::chart::{Counterpart, IncomeStatementLine};
use crate::ledger::{Fact, Layer, Ledger, LedgerError};
use crate::ledger_as_of::LedgerAsOf;
use crate::org::{OrgUnitId, OrgUnitKind, Organisation};
use crate::period::PeriodRange;

/// How companies enter the group accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsolidationMethod {
    /// Only the owned share of each company (proportionell konsolidering, RKR's default).
    #[default]
    Proportional,
    /// Every company in full.
    Full,
}

/// One income-statement line for the municipality and the group, ledger-signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsolidatedLine {
    /// The line.
    pub line: IncomeStatementLine,
    /// The municipality alone (kommunen), its internal transactions eliminated.
    pub municipality: Amount,
    /// The group (koncernen).
    pub group: Amount,
}

/// An amount removed from the group for transactions between two of its entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Elimination {
    /// The entity whose facts are eliminated.
    pub entity: OrgUnitId,
    /// The other side of the transactions.
    pub counterpart: OrgUnitId,
    /// The income-statement line.
    pub line: IncomeStatementLine,
    /// The amount removed, ledger-signed, at the weight of the smaller owned share.
    pub amount: Amount,
}

/// Two entities whose internal transactions do not match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    /// One entity.
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
    /// Every income-statement line, in statement order.
    pub lines: Vec<ConsolidatedLine>,
    /// The eliminations between entities.
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
    /// A unit with facts belongs to neither the municipality nor a company.
    #[error("org unit {unit} has facts but belongs to neither the municipality nor a company")]
    OutsideEntities {
        /// The unit.
        unit: OrgUnitId,
    },
    /// A sum out of range.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// The entities of the group: each unit's entity (the nearest council or company at or above
/// it) and each entity's weight.
struct Entities {
    of_unit: Vec<Option<usize>>,
    weight: Vec<Decimal>,
}

impl Entities {
    fn new(org: &Organisation, method: ConsolidationMethod) -> Entities {
        let mut of_unit: Vec<Option<usize>> = Vec::with_capacity(org.len());
        let mut weight = vec![Decimal::ZERO; org.len()];
        for (i, unit) in org.units().iter().enumerate() {
            let parent = org.parent_slots().get(i).copied().flatten();
            let entity = match unit.kind {
                OrgUnitKind::Council => {
                    if let Some(w) = weight.get_mut(i) {
                        *w = Decimal::ONE;
                    }
                    Some(i)
                }
                OrgUnitKind::Company => {
                    if let Some(w) = weight.get_mut(i) {
                        *w = match method {
                            ConsolidationMethod::Full => Decimal::ONE,
                            ConsolidationMethod::Proportional => unit
                                .company
                                .as_ref()
                                .map_or(Decimal::ONE, |c| c.ownership_share),
                        };
                    }
                    Some(i)
                }
                _ => parent.and_then(|p| of_unit.get(p as usize).copied().flatten()),
            };
            of_unit.push(entity);
        }
        Entities { of_unit, weight }
    }

    fn weight(&self, entity: usize) -> Decimal {
        self.weight.get(entity).copied().unwrap_or(Decimal::ONE)
    }
}

/// Sums of outcome in öre, per entity, pair of entities and line.
#[derive(Default)]
struct Sums {
    own: BTreeMap<(usize, IncomeStatementLine), i128>,
    /// Municipality-internal transactions (counterpart `Internal`).
    internal: BTreeMap<IncomeStatementLine, i128>,
    /// Transactions of an entity with another entity of the group.
    between: BTreeMap<(usize, usize), BTreeMap<IncomeStatementLine, i128>>,
}

/// Consolidates the outcome of `months` by `method`.
///
/// # Errors
/// [`GroupError`] when there is no council, a unit with facts belongs to no entity, or a sum
/// is out of range.
///
/// ```
/// use styrmodell::{demo, group::{consolidate, ConsolidationMethod}};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ledger = demo::ledger()?;
/// let year = styrmodell::PeriodRange::from(ledger.horizon().budget_year());
/// let group = consolidate(&ledger, year, ConsolidationMethod::Proportional)?;
/// assert!(group.mismatches.is_empty());
/// # Ok(())
/// # }
/// ```
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

fn consolidate_where(
    ledger: &Ledger,
    months: PeriodRange,
    method: ConsolidationMethod,
    known: &dyn Fn(&Fact) -> bool,
) -> Result<Consolidation, GroupError> {
    let org = ledger.organisation();
    let municipality = org
        .units()
        .iter()
        .position(|u| u.kind == OrgUnitKind::Council)
        .ok_or(GroupError::NoMunicipality)?;
    let entities = Entities::new(org, method);
    let sums = sum_facts(ledger, months, &entities, known)?;
    let id = |i: usize| org.units().get(i).map(|u| u.id.clone());
    let mut eliminations = Vec::new();
    let mut mismatches = Vec::new();
    let mut eliminated: BTreeMap<IncomeStatementLine, i128> = BTreeMap::new();
    for (&(a, b), lines) in &sums.between {
        if a > b && sums.between.contains_key(&(b, a)) {
            continue; // each pair once, from its lower index
        }
        let reverse = sums.between.get(&(b, a));
        let weight = entities.weight(a).min(entities.weight(b));
        let cells: Vec<(usize, usize, IncomeStatementLine, i128)> = lines
            .iter()
            .map(|(line, ore)| (a, b, *line, *ore))
            .chain(
                reverse
                    .into_iter()
                    .flatten()
                    .map(|(line, ore)| (b, a, *line, *ore)),
            )
            .collect();
        let difference: i128 = cells.iter().map(|c| c.3).sum();
        if difference != 0 {
            mismatches.push(Mismatch {
                entity: id(a).unwrap_or_else(|| org.root().id.clone()),
                counterpart: id(b).unwrap_or_else(|| org.root().id.clone()),
                difference: to_amount(difference, "mismatch")?,
            });
        }
        for (entity, counterpart, line, ore) in weighted_cells(&cells, weight, difference) {
            *eliminated.entry(line).or_default() += ore;
            eliminations.push(Elimination {
                entity: id(entity).unwrap_or_else(|| org.root().id.clone()),
                counterpart: id(counterpart).unwrap_or_else(|| org.root().id.clone()),
                line,
                amount: to_amount(ore, "elimination")?,
            });
        }
    }
    let lines = IncomeStatementLine::ALL
        .into_iter()
        .map(|line| {
            let internal = sums.internal.get(&line).copied().unwrap_or(0);
            let own = |entity: usize| sums.own.get(&(entity, line)).copied().unwrap_or(0);
            let weighted: i128 = sums
                .own
                .iter()
                .filter(|((_, l), _)| *l == line)
                .map(|((entity, _), ore)| weigh(*ore, entities.weight(*entity)))
                .sum();
            let group = weighted - internal - eliminated.get(&line).copied().unwrap_or(0);
            Ok(ConsolidatedLine {
                line,
                municipality: to_amount(own(municipality) - internal, "municipality")?,
                group: to_amount(group, "group")?,
            })
        })
        .collect::<Result<Vec<_>, GroupError>>()?;
    Ok(Consolidation {
        months,
        method,
        lines,
        eliminations,
        mismatches,
    })
}

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
        let ore = fact.amount.ore();
        *sums.own.entry((entity, line)).or_default() += ore;
        match &fact.counterpart {
            Some(Counterpart::Internal) => *sums.internal.entry(line).or_default() += ore,
            Some(Counterpart::GroupEntity(other)) => {
                let other = org
                    .index_of(other.as_str())
                    .and_then(|i| entities.of_unit.get(i.get()).copied().flatten());
                if let Some(other) = other.filter(|o| *o != entity) {
                    *sums
                        .between
                        .entry((entity, other))
                        .or_default()
                        .entry(line)
                        .or_default() += ore;
                }
            }
            _ => {}
        }
    }
    Ok(sums)
}

/// Rounds `ore` × `weight` half away from zero.
fn weigh(ore: i128, weight: Decimal) -> i128 {
    if weight == Decimal::ONE {
        return ore;
    }
    let amount = Decimal::from_i128_with_scale(ore, 0) * weight;
    amount
        .round_dp_with_strategy(0, Rounding::HalfAwayFromZero.strategy())
        .mantissa()
}

/// The pair's cells at `weight`, each rounded, with the rounding residue put on the largest
/// cell so the pair's eliminations add up to its weighted difference (zero when it matches).
fn weighted_cells(
    cells: &[(usize, usize, IncomeStatementLine, i128)],
    weight: Decimal,
    difference: i128,
) -> Vec<(usize, usize, IncomeStatementLine, i128)> {
    let mut weighted: Vec<_> = cells
        .iter()
        .map(|&(a, b, line, ore)| (a, b, line, weigh(ore, weight)))
        .collect();
    let residue = weigh(difference, weight) - weighted.iter().map(|c| c.3).sum::<i128>();
    if let Some(largest) = weighted.iter_mut().max_by_key(|c| c.3.abs()) {
        largest.3 += residue;
    }
    weighted
}

fn to_amount(ore: i128, what: &str) -> Result<Amount, GroupError> {
    Amount::from_ore(ore).map_err(|_| {
        GroupError::Ledger(LedgerError::Overflow {
            unit: "group".to_owned(),
            what: what.to_owned(),
        })
    })
}
