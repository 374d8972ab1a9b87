//! Roll-up (summering): ledger facts aggregated into a cube of per-node subtotals by unit,
//! measure (budget, forecast, outcome), account bucket and month, in one pass over the facts
//! and one reverse pre-order pass over the tree.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "cell indices are bounded by the cube it allocated, and i128 sums of i64 öre cannot overflow below 2^64 facts"
)]

mod add;

pub(crate) use add::current_budget_bits;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::as_of::AsOf;
use crate::chart::{AccountClass, AccountCode, IncomeStatementLine};
use crate::ledger::{Layer, Ledger, LedgerError, unit_index};
use crate::org::{OrgUnitId, UnitIndex};
use crate::period::{Month, PeriodRange};

/// How accounts are grouped into the buckets of a roll-up.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountGrouping {
    /// One bucket for every account.
    All,
    /// One bucket per Kommun-Bas class.
    Class,
    /// One bucket per income-statement line; accounts off the income statement are left out.
    IncomeStatementLine,
    /// One bucket per account.
    Account,
}

/// One bucket of accounts in a roll-up.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Every account.
    All,
    /// One class.
    Class(AccountClass),
    /// One income-statement line.
    Line(IncomeStatementLine),
    /// One account.
    Account(AccountCode),
}

/// Which budget a query means.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetRule {
    /// The current budget (gällande budget): for each unit, account and year, the latest
    /// revision that has facts there, else the original. A revision that sets an account to
    /// zero carries an explicit zero fact.
    #[default]
    Current,
    /// One named revision (0 is the original budget).
    Revision(u16),
}

/// What a query sums.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Measure {
    /// A budget.
    Budget(BudgetRule),
    /// The forecast made in a month.
    Forecast(Month),
    /// Outcome.
    Outcome,
    /// The full-year forecast of a roll-up as of a date ([`crate::LedgerAsOf::full_year`]):
    /// the chosen forecast where it covers a unit and account, elsewhere outcome to date plus
    /// the remaining current budget (listed in [`Cube::filled_forecasts`]).
    FullYearForecast,
}

/// Aggregates of a ledger by unit (whole subtree), measure, bucket and month.
///
/// Every node's value is its own facts plus its children's values, so any unit's figure is one
/// lookup. Memory is units × (layers + 1) × buckets × months × 16 bytes.
///
/// ```
/// use styrmodell::{AccountGrouping, BudgetRule, Measure, PeriodRange, demo};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ledger = demo::ledger()?;
/// let year = PeriodRange::from(ledger.horizon().budget_year());
/// let cube = ledger.roll_up(AccountGrouping::IncomeStatementLine, year);
/// let bsn = "BSN".parse()?;
/// let outcome = cube.value_of(&bsn, Measure::Outcome, None, year)?;
/// let budget = cube.value_of(&bsn, Measure::Budget(BudgetRule::Current), None, year)?;
/// assert!(outcome.is_negative() == budget.is_negative());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Cube<'a> {
    ledger: &'a Ledger,
    months: PeriodRange,
    buckets: Vec<Bucket>,
    /// One slot per ledger layer, then one for the current budget, then one for the full-year
    /// forecast when the cube has one.
    slots: usize,
    full_year: Option<Month>,
    filled: Vec<FilledForecast>,
    values: Vec<i128>,
}

/// A unit and account that the full-year forecast's chosen forecast does not cover, filled in
/// by the rule "outcome to date plus remaining budget" (utfall hittills plus återstående budget).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilledForecast {
    /// The unit.
    pub unit: OrgUnitId,
    /// The account.
    pub account: AccountCode,
    /// Outcome to the as-of month.
    pub outcome_to_date: Amount,
    /// The current budget of the months after it.
    pub remaining_budget: Amount,
    /// Their sum: the figure used.
    pub full_year: Amount,
}

impl Ledger {
    /// Rolls the facts in `months` up the organisation, grouping accounts by `grouping`,
    /// with every fact the ledger holds. Reports use [`Ledger::as_of`] instead, which sees only
    /// what was known on a date.
    pub fn roll_up(&self, grouping: AccountGrouping, months: PeriodRange) -> Cube<'_> {
        Cube::build(self, grouping, months, &Visibility::all(self), None)
    }
}

/// What a roll-up sees: the layers known, and which months' outcome is known.
#[derive(Debug, Clone)]
pub(crate) struct Visibility {
    /// Per layer index: whether the layer counts.
    layer_known: Vec<bool>,
    /// The outcome layer's index.
    outcome_layer: Option<u8>,
    /// Per month offset of the ledger: whether its outcome counts.
    outcome_month_known: Vec<bool>,
}

impl Visibility {
    /// Everything the ledger holds.
    pub(crate) fn all(ledger: &Ledger) -> Visibility {
        Visibility {
            layer_known: vec![true; ledger.layer_table().len()],
            outcome_layer: None,
            outcome_month_known: Vec::new(),
        }
    }

    /// What was known as of `as_of`: budget revisions decided by the knowledge date (the
    /// original also when undated), forecasts made by the period's month and known by then,
    /// outcome of months up to the period's month reported by then.
    pub(crate) fn as_of(ledger: &Ledger, as_of: AsOf) -> Visibility {
        let layer_known = ledger
            .layer_table()
            .iter()
            .map(|&layer| match layer {
                Layer::Budget { revision } => ledger
                    .layer_known_from(layer)
                    .map_or(revision == 0, |date| as_of.knows(date)),
                Layer::Forecast { made } => as_of.knows_forecast(made),
                Layer::Outcome => true,
            })
            .collect();
        let outcome_layer = ledger
            .layer_table()
            .iter()
            .position(|l| *l == Layer::Outcome)
            .and_then(|i| u8::try_from(i).ok());
        let outcome_month_known = ledger
            .months()
            .months()
            .map(|m| m <= as_of.month() && as_of.knows(ledger.outcome_known_from(m)))
            .collect();
        Visibility {
            layer_known,
            outcome_layer,
            outcome_month_known,
        }
    }

    /// Whether a fact of layer index `layer` in month offset `month` counts.
    pub(crate) fn sees(&self, layer: u8, month: u8) -> bool {
        if !self
            .layer_known
            .get(usize::from(layer))
            .copied()
            .unwrap_or(false)
        {
            return false;
        }
        Some(layer) != self.outcome_layer
            || self
                .outcome_month_known
                .get(usize::from(month))
                .copied()
                .unwrap_or(false)
    }
}

/// The parts of a full-year forecast: the forecast layer chosen, the as-of month's offset and
/// the units and accounts the forecast covers.
pub(crate) struct FullYearSpec {
    pub(crate) made: Month,
    pub(crate) as_of: Month,
}

/// The buckets of a grouping and each account's bucket.
fn buckets_of(ledger: &Ledger, grouping: AccountGrouping) -> (Vec<Bucket>, Vec<Option<u16>>) {
    let bucket = |code: AccountCode| match grouping {
        AccountGrouping::All => Some(Bucket::All),
        AccountGrouping::Class => Some(Bucket::Class(code.class())),
        AccountGrouping::IncomeStatementLine => ledger.chart().line(code).map(Bucket::Line),
        AccountGrouping::Account => Some(Bucket::Account(code)),
    };
    let mut buckets: Vec<Bucket> = ledger
        .account_codes()
        .iter()
        .filter_map(|&code| bucket(code))
        .collect();
    buckets.sort_unstable();
    buckets.dedup();
    let of_account = ledger
        .account_codes()
        .iter()
        .map(|&code| {
            let b = bucket(code)?;
            u16::try_from(buckets.binary_search(&b).ok()?).ok()
        })
        .collect();
    (buckets, of_account)
}

impl<'a> Cube<'a> {
    pub(crate) fn build(
        ledger: &'a Ledger,
        grouping: AccountGrouping,
        months: PeriodRange,
        visibility: &Visibility,
        full_year: Option<&FullYearSpec>,
    ) -> Cube<'a> {
        let within = ledger.months().intersection(months);
        let months = within.unwrap_or(months);
        let (buckets, bucket_of) = buckets_of(ledger, grouping);
        let slots = ledger.layer_table().len() + 1 + usize::from(full_year.is_some());
        let month_count = months.month_count() as usize;
        let size = ledger.organisation().len() * slots * buckets.len() * month_count;
        let mut cube = Cube {
            ledger,
            months,
            buckets,
            slots,
            full_year: full_year.map(|spec| spec.made),
            filled: Vec::new(),
            values: vec![0; size],
        };
        if within.is_some() {
            let current = CurrentBudget::new(ledger, months, visibility);
            add::add_facts(&mut cube, &bucket_of, visibility, &current);
            if let Some(spec) = full_year {
                cube.add_full_year(&bucket_of, visibility, &current, spec);
            }
            cube.roll_up_tree();
        }
        cube
    }

    /// Fills the full-year slot: the chosen forecast where it covers a unit and account, else
    /// outcome to the as-of month plus the current budget after it; records what was filled.
    fn add_full_year(
        &mut self,
        bucket_of: &[Option<u16>],
        visibility: &Visibility,
        current: &CurrentBudget,
        spec: &FullYearSpec,
    ) {
        let ledger = self.ledger;
        let layer_of = |wanted: Layer| {
            ledger
                .layer_table()
                .iter()
                .position(|l| *l == wanted)
                .and_then(|i| u8::try_from(i).ok())
        };
        let forecast = layer_of(Layer::Forecast { made: spec.made });
        let outcome = layer_of(Layer::Outcome);
        let month_count = self.months.month_count() as usize;
        let first = ledger
            .month_offset(self.months.start())
            .map_or(0, usize::from);
        let as_of = ledger.month_offset(spec.as_of).map(usize::from);
        let per_slot = self.buckets.len() * month_count;
        let per_unit = self.slots * per_slot;
        let slot_offset = (self.slots - 1) * per_slot;
        let in_cube = |month: u8| usize::from(month).wrapping_sub(first) < month_count;
        let in_bucket = |account: u16| matches!(bucket_of.get(usize::from(account)), Some(Some(_)));
        let covered: HashSet<(u32, u16)> = ledger
            .rows()
            .filter(|row| Some(row.layer) == forecast && in_cube(row.month))
            .map(|row| (row.unit, row.account))
            .collect();
        let mut filled: HashMap<(u32, u16), (i128, i128)> = HashMap::new();
        for row in ledger.rows() {
            let month_index = usize::from(row.month).wrapping_sub(first);
            if month_index >= month_count || !visibility.sees(row.layer, row.month) {
                continue;
            }
            let after_as_of = as_of.is_none_or(|a| usize::from(row.month) > a);
            let key = (row.unit, row.account);
            let is_forecast = Some(row.layer) == forecast;
            let fills = !is_forecast && in_bucket(row.account) && !covered.contains(&key);
            let (outcome_part, budget_part) = (
                fills && Some(row.layer) == outcome && !after_as_of,
                fills
                    && after_as_of
                    && current.includes(row.unit, row.account, row.month, row.layer),
            );
            if !(is_forecast || outcome_part || budget_part) {
                continue;
            }
            if outcome_part || budget_part {
                let entry = filled.entry(key).or_default();
                if outcome_part {
                    entry.0 += i128::from(row.amount);
                } else {
                    entry.1 += i128::from(row.amount);
                }
            }
            let Some(&Some(bucket)) = bucket_of.get(usize::from(row.account)) else {
                continue;
            };
            let cell = row.unit as usize * per_unit
                + slot_offset
                + usize::from(bucket) * month_count
                + month_index;
            if let Some(cell) = self.values.get_mut(cell) {
                *cell += i128::from(row.amount);
            }
        }
        self.filled = self.filled_list(filled);
    }

    fn filled_list(&self, filled: HashMap<(u32, u16), (i128, i128)>) -> Vec<FilledForecast> {
        let org = self.ledger.organisation();
        let mut keys: Vec<_> = filled.into_iter().collect();
        keys.sort_unstable_by_key(|(key, _)| *key);
        keys.into_iter()
            .filter_map(|((unit, account), (outcome, budget))| {
                Some(FilledForecast {
                    unit: org.unit_at(unit_index(unit))?.id.clone(),
                    account: *self.ledger.account_codes().get(usize::from(account))?,
                    outcome_to_date: Amount::from_ore(outcome).ok()?,
                    remaining_budget: Amount::from_ore(budget).ok()?,
                    full_year: Amount::from_ore(outcome + budget).ok()?,
                })
            })
            .collect()
    }

    /// The units and accounts the full-year forecast filled in by rule, by unit and account;
    /// empty when the cube has no full-year forecast or the forecast covers every key.
    pub fn filled_forecasts(&self) -> &[FilledForecast] {
        &self.filled
    }

    /// The month of the forecast the full-year forecast rests on, if the cube has one.
    pub fn full_year_basis(&self) -> Option<Month> {
        self.full_year
    }

    fn cell(&self, unit: usize, slot: usize, bucket: usize, month: usize) -> usize {
        ((unit * self.slots + slot) * self.buckets.len() + bucket)
            * self.months.month_count() as usize
            + month
    }

    /// Adds each unit's block into its parent's, children before parents (reverse pre-order).
    fn roll_up_tree(&mut self) {
        let block = self.slots * self.buckets.len() * self.months.month_count() as usize;
        let parents = self.ledger.organisation().parent_slots();
        for (child, parent) in parents.iter().enumerate().rev() {
            let Some(parent) = parent.map(|p| p as usize) else {
                continue;
            };
            // Pre-order puts every parent before its children, so the split separates them.
            let (head, tail) = self.values.split_at_mut(child * block);
            let (Some(target), Some(source)) = (
                head.get_mut(parent * block..(parent + 1) * block),
                tail.get(..block),
            ) else {
                continue;
            };
            for (t, s) in target.iter_mut().zip(source) {
                *t += s;
            }
        }
    }

    /// The buckets, in order.
    pub fn buckets(&self) -> &[Bucket] {
        &self.buckets
    }

    /// The months the cube covers.
    pub fn months(&self) -> PeriodRange {
        self.months
    }

    /// The ledger the cube was rolled up from.
    pub fn ledger(&self) -> &'a Ledger {
        self.ledger
    }

    /// The slot holding `measure`, if the ledger has that layer.
    fn slot(&self, measure: Measure) -> Option<usize> {
        let current = self.ledger.layer_table().len();
        let layer = match measure {
            Measure::Budget(BudgetRule::Current) => return Some(current),
            Measure::FullYearForecast => return self.full_year.map(|_| current + 1),
            Measure::Budget(BudgetRule::Revision(revision)) => Layer::Budget { revision },
            Measure::Forecast(made) => Layer::Forecast { made },
            Measure::Outcome => Layer::Outcome,
        };
        self.ledger
            .layer_table()
            .iter()
            .position(|known| *known == layer)
    }

    /// The subtotal of `unit`'s subtree for `measure`, in `bucket` (all buckets when `None`)
    /// and `months` (the part within the cube). Zero when the ledger lacks the layer.
    ///
    /// # Errors
    /// [`LedgerError::Overflow`] when the sum is beyond the range of an amount.
    pub fn value(
        &self,
        unit: UnitIndex,
        measure: Measure,
        bucket: Option<Bucket>,
        months: PeriodRange,
    ) -> Result<Amount, LedgerError> {
        let total = self.raw_value(unit.get(), measure, bucket, months);
        Amount::from_ore(total).map_err(|_| LedgerError::Overflow {
            unit: self.unit_name(unit),
            what: format!("{measure:?} over {months}"),
        })
    }

    /// As [`Cube::value`], naming the unit by id.
    ///
    /// # Errors
    /// [`LedgerError::UnknownQueryUnit`] for an unknown unit, else as [`Cube::value`].
    pub fn value_of(
        &self,
        unit: &OrgUnitId,
        measure: Measure,
        bucket: Option<Bucket>,
        months: PeriodRange,
    ) -> Result<Amount, LedgerError> {
        self.value(self.ledger.query_index(unit)?, measure, bucket, months)
    }

    /// Every unit's subtotal, indexed by [`UnitIndex`].
    ///
    /// # Errors
    /// [`LedgerError::Overflow`] when a sum is beyond the range of an amount.
    pub fn subtotals(
        &self,
        measure: Measure,
        bucket: Option<Bucket>,
        months: PeriodRange,
    ) -> Result<Vec<Amount>, LedgerError> {
        (0..self.ledger.organisation().len())
            .map(|unit| {
                self.value(
                    unit_index(u32::try_from(unit).unwrap_or(u32::MAX)),
                    measure,
                    bucket,
                    months,
                )
            })
            .collect()
    }

    fn raw_value(
        &self,
        unit: usize,
        measure: Measure,
        bucket: Option<Bucket>,
        months: PeriodRange,
    ) -> i128 {
        let (Some(slot), Some(range)) = (self.slot(measure), self.months.intersection(months))
        else {
            return 0;
        };
        let first = usize::try_from(range.start().months_since(self.months.start())).unwrap_or(0);
        let count = range.month_count() as usize;
        let buckets: Vec<usize> = match bucket {
            None => (0..self.buckets.len()).collect(),
            Some(wanted) => self.buckets.binary_search(&wanted).into_iter().collect(),
        };
        buckets
            .into_iter()
            .map(|b| {
                let start = self.cell(unit, slot, b, first);
                self.values
                    .get(start..start + count)
                    .map_or(0, |cells| cells.iter().sum::<i128>())
            })
            .sum::<i128>()
    }

    fn unit_name(&self, unit: UnitIndex) -> String {
        self.ledger
            .organisation()
            .unit_at(unit)
            .map_or_else(|| format!("#{}", unit.get()), |u| u.id.to_string())
    }
}

/// Decides which budget facts make up the current budget.
struct CurrentBudget<'l> {
    /// Whether every budget revision of the ledger is seen.
    every_revision_seen: bool,
    /// Each layer index's budget revision, if it is a budget.
    revision_of_layer: Vec<Option<u16>>,
    /// The latest revision per (unit, account, year), when more than one revision exists:
    /// the ledger's own when every revision is known, else made for this roll-up.
    latest: Option<Cow<'l, Latest>>,
    /// Each month offset's year.
    year_of_month: Vec<i32>,
}

/// Each layer index's budget revision, if it is a budget.
fn budget_revisions(ledger: &Ledger) -> Vec<Option<u16>> {
    ledger
        .layer_table()
        .iter()
        .map(|layer| match layer {
            Layer::Budget { revision } => Some(*revision),
            _ => None,
        })
        .collect()
}

/// Each month offset's year.
fn years_of_months(ledger: &Ledger) -> Vec<i32> {
    ledger
        .months()
        .months()
        .map(|m| m.year().number())
        .collect()
}

/// The latest revision per (unit, account, year): a dense table (revision + 1, 0 for none)
/// where units × accounts × years is small enough, else a hash map. One array read per budget
/// fact keeps a second revision from slowing the roll-up down much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Latest {
    first_year: i32,
    cells: LatestCells,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum LatestCells {
    Dense {
        table: Vec<u16>,
        accounts: usize,
        years: usize,
    },
    Hashed(HashMap<(u32, u16, i32), u16>),
}

/// The most cells a dense table of latest revisions takes (64 MB of `u16`).
const MAX_DENSE_CELLS: usize = 32 * 1024 * 1024;

impl Latest {
    fn new(ledger: &Ledger, years: (i32, i32)) -> Latest {
        let units = ledger.organisation().len();
        let accounts = ledger.account_codes().len();
        let year_count = usize::try_from(years.1 - years.0 + 1).unwrap_or(0);
        let cells = units
            .checked_mul(accounts)
            .and_then(|n| n.checked_mul(year_count));
        let cells = match cells {
            Some(cells) if cells <= MAX_DENSE_CELLS => LatestCells::Dense {
                table: vec![0; cells],
                accounts,
                years: year_count,
            },
            _ => LatestCells::Hashed(HashMap::new()),
        };
        Latest {
            first_year: years.0,
            cells,
        }
    }

    /// Over all of a ledger's years and revisions, made once when a ledger with more than one
    /// budget revision is built; `None` with one revision or none.
    pub(crate) fn of_every_revision(ledger: &Ledger) -> Option<Latest> {
        let revisions = budget_revisions(ledger);
        if revisions.iter().flatten().count() <= 1 {
            return None;
        }
        let months = ledger.months();
        let years = (months.start().year().number(), months.end().year().number());
        Some(Latest::noted(
            ledger,
            &revisions,
            &years_of_months(ledger),
            years,
        ))
    }

    /// The latest of the revisions in `revision_of_layer` per unit, account and year of `years`.
    fn noted(
        ledger: &Ledger,
        revision_of_layer: &[Option<u16>],
        year_of_month: &[i32],
        years: (i32, i32),
    ) -> Latest {
        let mut latest = Latest::new(ledger, years);
        let (units, accounts, months, layers, _) = ledger.columns();
        for (((&unit, &account), &month), &layer) in
            units.iter().zip(accounts).zip(months).zip(layers)
        {
            let (Some(Some(revision)), Some(&year)) = (
                revision_of_layer.get(usize::from(layer)),
                year_of_month.get(usize::from(month)),
            ) else {
                continue;
            };
            if year < years.0 || year > years.1 {
                continue;
            }
            latest.note(unit, account, year, *revision);
        }
        latest
    }

    /// The dense table's cell of (unit, account, year); `None` for a year outside its window.
    fn dense_index(
        first_year: i32,
        (unit, account, year): (u32, u16, i32),
        accounts: usize,
        years: usize,
    ) -> Option<usize> {
        let offset = usize::try_from(year.checked_sub(first_year)?).ok()?;
        if offset >= years {
            return None;
        }
        usize::try_from(unit)
            .ok()?
            .checked_mul(accounts)?
            .checked_add(usize::from(account))?
            .checked_mul(years)?
            .checked_add(offset)
    }

    fn note(&mut self, unit: u32, account: u16, year: i32, revision: u16) {
        match &mut self.cells {
            LatestCells::Dense {
                table,
                accounts,
                years,
            } => {
                let key = (unit, account, year);
                let index = Latest::dense_index(self.first_year, key, *accounts, *years);
                if let Some(cell) = index.and_then(|i| table.get_mut(i)) {
                    *cell = (*cell).max(revision.saturating_add(1));
                }
            }
            LatestCells::Hashed(map) => {
                let entry = map.entry((unit, account, year)).or_insert(revision);
                *entry = (*entry).max(revision);
            }
        }
    }

    fn is_latest(&self, unit: u32, account: u16, year: i32, revision: u16) -> bool {
        match &self.cells {
            LatestCells::Dense {
                table,
                accounts,
                years,
            } => {
                let key = (unit, account, year);
                let index = Latest::dense_index(self.first_year, key, *accounts, *years);
                index.and_then(|i| table.get(i)) == Some(&revision.saturating_add(1))
            }
            LatestCells::Hashed(map) => map.get(&(unit, account, year)) == Some(&revision),
        }
    }
}

/// Whether a layer's facts count in the current budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Current {
    /// Not a budget revision seen.
    Never,
    /// The only budget revision seen: always current.
    Always,
    /// One of several revisions seen: current where it is the latest.
    IfLatest,
}

impl CurrentBudget<'_> {
    /// Per layer index: its revision + 1 where it is a budget revision seen, else 0.
    pub(super) fn revision_codes(&self) -> Vec<u16> {
        self.revision_of_layer
            .iter()
            .map(|revision| revision.map_or(0, |r| r.saturating_add(1)))
            .collect()
    }

    /// Per layer index, how its facts count in the current budget.
    pub(super) fn per_layer(&self) -> Vec<Current> {
        self.revision_of_layer
            .iter()
            .map(|revision| match (revision, &self.latest) {
                (None, _) => Current::Never,
                (Some(_), None) => Current::Always,
                (Some(_), Some(_)) => Current::IfLatest,
            })
            .collect()
    }

    /// The current budget among the revisions `visibility` sees, resolved over whole years:
    /// a revision entered for September–December makes January–August of that year zero only
    /// where it says so, whatever months a query covers.
    fn new<'l>(
        ledger: &'l Ledger,
        months: PeriodRange,
        visibility: &Visibility,
    ) -> CurrentBudget<'l> {
        let every_revision = budget_revisions(ledger);
        let revision_of_layer: Vec<Option<u16>> = every_revision
            .iter()
            .zip(&visibility.layer_known)
            .map(|(revision, known)| revision.filter(|_| *known))
            .collect();
        let years = (months.start().year().number(), months.end().year().number());
        let year_of_month = years_of_months(ledger);
        let revisions = revision_of_layer.iter().flatten().count();
        let sees_every_revision = revisions == every_revision.iter().flatten().count();
        let latest = match ledger.latest_budget() {
            _ if revisions <= 1 => None,
            // As of a date that knows every revision, the table made at build time answers.
            Some(cached) if sees_every_revision => Some(Cow::Borrowed(cached)),
            _ => Some(Cow::Owned(Latest::noted(
                ledger,
                &revision_of_layer,
                &year_of_month,
                years,
            ))),
        };
        CurrentBudget {
            every_revision_seen: sees_every_revision,
            revision_of_layer,
            latest,
            year_of_month,
        }
    }

    pub(super) fn includes(&self, unit: u32, account: u16, month: u8, layer: u8) -> bool {
        let Some(Some(revision)) = self.revision_of_layer.get(usize::from(layer)) else {
            return false;
        };
        let Some(latest) = &self.latest else {
            return true;
        };
        let year = self
            .year_of_month
            .get(usize::from(month))
            .copied()
            .unwrap_or_default();
        latest.is_latest(unit, account, year, *revision)
    }
}

#[cfg(test)]
mod tests;
