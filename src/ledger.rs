//! The ledger (huvudbok for budget, forecast and outcome): facts of money per org unit,
//! account, month and layer, stored in compact columns for one-pass roll-ups.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use std::fmt::{self, Write as _};

use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::chart::{AccountCode, ActivityCode, Chart, Counterpart};
use crate::decision::DecisionRef;
use crate::org::{OrgUnitId, Organisation, UnitIndex};
use crate::period::{Month, PeriodRange, PlanHorizon, Year};

crate::id::text_id!(
    /// The id of a project (projekt), such as an investment project `KS-2020-339`.
    ProjectId,
    "project"
);

/// Which version of the money a fact belongs to: a budget revision, a forecast or the outcome.
///
/// Versions are layers of one ledger, not copies: the original budget is revision 0, each
/// revised budget (after tilläggsanslag or omdisponering) a later revision; plan years are
/// simply later years of the same layers.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// Budget (budget): revision 0 is the original (ursprunglig budget).
    Budget {
        /// 0 for the original, 1, 2, ... for revisions.
        revision: u16,
    },
    /// Forecast (prognos), identified by the month it was made. It holds a figure for each
    /// month of the year, so its sum over the year is the full-year forecast.
    Forecast {
        /// The month the forecast was made (its outcome basis).
        made: Month,
    },
    /// Outcome (utfall) from the ERP.
    Outcome,
}

impl Layer {
    /// The original budget.
    pub const ORIGINAL_BUDGET: Layer = Layer::Budget { revision: 0 };
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Layer::Budget { revision: 0 } => f.write_str("original budget"),
            Layer::Budget { revision } => write!(f, "budget revision {revision}"),
            Layer::Forecast { made } => write!(f, "forecast made {made}"),
            Layer::Outcome => f.write_str("outcome"),
        }
    }
}

/// One fact of the ledger (belopp): an amount for an org unit, account, month and layer.
///
/// Amounts keep the ledger sign: costs positive, revenue negative.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fact {
    /// The responsible org unit (ansvar).
    pub unit: OrgUnitId,
    /// The account (konto).
    pub account: AccountCode,
    /// The month.
    pub month: Month,
    /// Budget revision, forecast or outcome.
    pub layer: Layer,
    /// The amount, ledger-signed.
    pub amount: Amount,
    /// The project (projekt), for investments and other projects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectId>,
    /// The activity code (verksamhet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<ActivityCode>,
    /// The counterpart (motpart), for eliminations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterpart: Option<Counterpart>,
}

impl Fact {
    /// Makes a fact with no project, activity or counterpart.
    pub fn new(
        unit: OrgUnitId,
        account: AccountCode,
        month: Month,
        layer: Layer,
        amount: Amount,
    ) -> Fact {
        Fact {
            unit,
            account,
            month,
            layer,
            amount,
            project: None,
            activity: None,
            counterpart: None,
        }
    }

    /// Sets the project.
    #[must_use]
    pub fn with_project(mut self, project: ProjectId) -> Fact {
        self.project = Some(project);
        self
    }

    /// Sets the counterpart.
    #[must_use]
    pub fn with_counterpart(mut self, counterpart: Counterpart) -> Fact {
        self.counterpart = Some(counterpart);
        self
    }

    /// Sets the activity code.
    #[must_use]
    pub fn with_activity(mut self, activity: ActivityCode) -> Fact {
        self.activity = Some(activity);
        self
    }
}

/// The optional dimensions of a fact, interned once per distinct combination.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Tags {
    /// The project.
    pub project: Option<ProjectId>,
    /// The activity code.
    pub activity: Option<ActivityCode>,
    /// The counterpart.
    pub counterpart: Option<Counterpart>,
}

/// A problem with a fact, a ledger or a sum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// A fact names an org unit the organisation does not have.
    #[error("fact {position}: unknown org unit {unit}")]
    UnknownUnit {
        /// The fact's position in the input, counting from 1.
        position: u64,
        /// The unit named.
        unit: String,
    },
    /// A fact names an account the chart does not list.
    #[error("fact {position}: unknown account {account}")]
    UnknownAccount {
        /// The fact's position, counting from 1.
        position: u64,
        /// The account named.
        account: AccountCode,
    },
    /// A fact's month lies outside the ledger's plan horizon.
    #[error(
        "fact {position}: month {month} is outside the ledger's months {months} (plan horizon {horizon})"
    )]
    OutsideHorizon {
        /// The fact's position, counting from 1.
        position: u64,
        /// The fact's month.
        month: Month,
        /// The months the ledger takes.
        months: PeriodRange,
        /// The ledger's plan horizon.
        horizon: PlanHorizon,
    },
    /// A fact's amount is too large for the ledger (beyond ±92 quadrillion kr).
    #[error("fact {position}: amount {amount} is too large for the ledger")]
    AmountTooLarge {
        /// The fact's position, counting from 1.
        position: u64,
        /// The amount.
        amount: Amount,
    },
    /// More distinct layers, accounts or tag combinations than the compact columns hold.
    #[error("fact {position}: more than {limit} distinct {what}")]
    TooMany {
        /// The fact's position, counting from 1.
        position: u64,
        /// What ran out: layers, accounts, tags.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// A sum is beyond the range of an amount.
    #[error("sum overflow for org unit {unit}: {what}")]
    Overflow {
        /// The unit whose total overflowed.
        unit: String,
        /// What was being summed.
        what: String,
    },
    /// A budget revision with facts but no decision: without its date no report can tell
    /// from when it counts.
    #[error(
        "budget revision {revision} has facts but no decision; declare it with LedgerBuilder::decide_revision (the body, date and paragraph that adopted it)"
    )]
    RevisionWithoutDecision {
        /// The revision.
        revision: u16,
    },
    /// A query named an org unit the ledger's organisation does not have.
    #[error("unknown org unit {unit} in a query")]
    UnknownQueryUnit {
        /// The unit named.
        unit: String,
    },
}

/// Every problem found while building a ledger, in input order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} bad fact(s): {}", .0.len(), summarise(.0))]
pub struct LedgerErrors(pub Vec<LedgerError>);

/// The first few errors, and how many more there are.
fn summarise(errors: &[LedgerError]) -> String {
    const SHOWN: usize = 5;
    let mut text = errors
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    if errors.len() > SHOWN {
        let _ = write!(text, "; and {} more", errors.len().saturating_sub(SHOWN));
    }
    text
}

/// A validated ledger: facts checked against an organisation, a chart of accounts and a plan
/// horizon, stored in compact columns.
///
/// ```
/// use styrmodell::{Amount, Chart, Fact, Layer, Ledger, PlanHorizon, Year};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let org = styrmodell::demo::organisation()?;
/// let chart = Chart::kommun_bas().with_account("5011".parse()?, "Månadslöner");
/// let horizon = PlanHorizon::new(Year::new(2022)?, 2)?;
/// let mut builder = Ledger::builder(org, chart, horizon);
/// builder.push(Fact::new("GRS-NORR".parse()?, "5011".parse()?, "2022-01".parse()?,
///     Layer::Outcome, Amount::from_kronor(812_000)));
/// let ledger = builder.build()?;
/// assert_eq!(ledger.len(), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    org: Organisation,
    chart: Chart,
    horizon: PlanHorizon,
    /// The months facts may fall in: the history years before the horizon, then the horizon.
    months: PeriodRange,
    accounts: Vec<AccountCode>,
    layers: Vec<Layer>,
    tags: Vec<Tags>,
    columns: Columns,
    /// The decision of each budget revision, from whose date it counts.
    decisions: BTreeMap<u16, DecisionRef>,
    /// Months declared closed (bokslut per månad), with the date their outcome was reported.
    closings: BTreeMap<Month, NaiveDate>,
    /// Opening balances (ingående balanser) of balance accounts, by year, unit (its index),
    /// account and tags (index; a counterpart for balances held against a group party),
    /// ledger-signed: assets positive, equity and liabilities negative.
    openings: BTreeMap<(Year, u32, AccountCode, u32), Amount>,
    /// The latest budget revision per unit, account and year, made at build when the ledger
    /// has more than one revision: roll-ups as of a date that knows them all read it.
    latest_budget: Option<crate::rollup::Latest>,
    /// With more than one budget revision: one bit per fact, set where the fact is of the
    /// latest revision its unit has on its account in its year (the current budget as of a
    /// date that knows every revision).
    current_bits: Option<Vec<u64>>,
}

/// One fact as stored, with indices resolved: what roll-ups iterate over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) unit: u32,
    pub(crate) account: u16,
    pub(crate) month: u8,
    pub(crate) layer: u8,
    pub(crate) amount: i64,
    pub(crate) tag: u32,
}

impl Ledger {
    /// Starts a builder for facts of `org`, on accounts listed in `chart`, within `horizon`.
    pub fn builder(org: Organisation, chart: Chart, horizon: PlanHorizon) -> LedgerBuilder {
        LedgerBuilder::new(org, chart, horizon)
    }

    /// Groups the facts by unit and makes the latest-revision table: the last step of every
    /// build.
    fn finish(&mut self) {
        if !self.columns.tag.is_empty() {
            self.columns.tag.resize(self.columns.amount.len(), 0);
        }
        self.columns.group_by_unit(self.org.len());
        self.latest_budget = crate::rollup::Latest::of_every_revision(self);
        self.current_bits = self
            .latest_budget
            .is_some()
            .then(|| crate::rollup::current_budget_bits(self));
    }

    /// The current-budget bit of each fact, when the ledger has several budget revisions.
    pub(crate) fn current_bits(&self) -> Option<&[u64]> {
        self.current_bits.as_deref()
    }

    /// The facts of each unit in pre-order: the unit's index and the columns of its facts
    /// (account, month, layer, amount).
    pub(crate) fn unit_runs(&self) -> impl Iterator<Item = (u32, UnitRun<'_>)> + '_ {
        let c = &self.columns;
        (0..self.org.len()).filter_map(move |unit| {
            let range = c.unit_range(unit);
            let run = UnitRun {
                fits_i64: c.unit_fits_i64.get(unit).copied().unwrap_or(false),
                first: range.start,
                account: c.account.get(range.clone())?,
                month: c.month.get(range.clone())?,
                layer: c.layer.get(range.clone())?,
                amount: c.amount.get(range)?,
            };
            Some((u32::try_from(unit).ok()?, run))
        })
    }

    /// The number of facts.
    pub fn len(&self) -> usize {
        self.columns.amount.len()
    }

    /// Whether the ledger has no facts.
    pub fn is_empty(&self) -> bool {
        self.columns.amount.is_empty()
    }

    /// The organisation the facts belong to.
    pub fn organisation(&self) -> &Organisation {
        &self.org
    }

    /// The dense index of the unit a query names.
    ///
    /// # Errors
    /// [`LedgerError::UnknownQueryUnit`] when the organisation has no such unit.
    pub(crate) fn query_index(&self, unit: &OrgUnitId) -> Result<UnitIndex, LedgerError> {
        self.org
            .index_of(unit.as_str())
            .ok_or_else(|| LedgerError::UnknownQueryUnit {
                unit: unit.to_string(),
            })
    }

    /// The chart of accounts.
    pub fn chart(&self) -> &Chart {
        &self.chart
    }

    /// The decision that adopted budget `revision`, if declared.
    pub fn revision_decision(&self, revision: u16) -> Option<&DecisionRef> {
        self.decisions.get(&revision)
    }

    /// The date from which `layer` counts, when it has one of its own: a budget revision's
    /// decision date, the last day of the month a forecast was made. The original budget
    /// without a declared decision and the outcome (dated per month) have none.
    pub fn layer_known_from(&self, layer: Layer) -> Option<NaiveDate> {
        match layer {
            Layer::Budget { revision } => self.decisions.get(&revision).map(|d| d.date),
            Layer::Forecast { made } => Some(made.last_day()),
            Layer::Outcome => None,
        }
    }

    /// The opening balances (ingående balanser) of `year`: the unit each belongs to, the
    /// account, the other party of the group it is held against (the shares in a company, a
    /// loan to it; `None` for the rest) and the amount. An account held partly against group
    /// parties appears once per counterpart; the parts add up to the account's balance.
    pub fn opening_balances(
        &self,
        year: Year,
    ) -> impl Iterator<Item = (&OrgUnitId, AccountCode, Option<&OrgUnitId>, Amount)> + '_ {
        self.openings
            .iter()
            .filter(move |((y, ..), _)| *y == year)
            .filter_map(|((_, unit, account, tag), amount)| {
                let unit = self.org.unit_at(crate::org::UnitIndex::from_raw(*unit))?;
                let counterpart = match self.tags.get(*tag as usize)?.counterpart.as_ref() {
                    Some(Counterpart::GroupEntity(other)) => Some(other),
                    _ => None,
                };
                Some((&unit.id, *account, counterpart, *amount))
            })
    }

    /// The opening balances of `year` of the units in `scope`'s subtree, by account.
    pub(crate) fn opening_balances_within(
        &self,
        year: Year,
        scope: UnitIndex,
    ) -> BTreeMap<AccountCode, Amount> {
        let range = self.org.subtree_range(scope);
        let mut sums: BTreeMap<AccountCode, Amount> = BTreeMap::new();
        for ((y, unit, account, _), amount) in &self.openings {
            if *y == year && range.contains(&(*unit as usize)) {
                let cell = sums.entry(*account).or_insert(Amount::ZERO);
                *cell = cell.checked_add(*amount).unwrap_or(*cell);
            }
        }
        sums
    }

    /// The date from which the outcome of `month` counts: its declared closing date, else the
    /// month's last day.
    pub fn outcome_known_from(&self, month: Month) -> NaiveDate {
        self.closings
            .get(&month)
            .copied()
            .unwrap_or_else(|| month.last_day())
    }

    /// The plan horizon of the budget.
    pub fn horizon(&self) -> PlanHorizon {
        self.horizon
    }

    /// The months facts may fall in: history years (for outcome of earlier years) and the
    /// plan horizon.
    pub fn months(&self) -> PeriodRange {
        self.months
    }

    /// The distinct layers present, sorted: budgets by revision, forecasts by month, outcome.
    pub fn layers(&self) -> Vec<Layer> {
        let mut layers = self.layers.clone();
        layers.sort_unstable();
        layers
    }

    /// The forecast layers made in `months`, oldest first.
    pub fn forecasts_made_in(&self, months: PeriodRange) -> Vec<Month> {
        let mut made: Vec<Month> = self
            .layers
            .iter()
            .filter_map(|layer| match layer {
                Layer::Forecast { made } if months.contains(*made) => Some(*made),
                _ => None,
            })
            .collect();
        made.sort_unstable();
        made
    }

    /// The accounts facts may use, in code order; a fact's account index points here.
    pub(crate) fn account_codes(&self) -> &[AccountCode] {
        &self.accounts
    }

    /// The layer table; a fact's layer index points here.
    pub(crate) fn layer_table(&self) -> &[Layer] {
        &self.layers
    }

    /// The month with offset `offset` from the horizon's start.
    pub(crate) fn month_at(&self, offset: u8) -> Option<Month> {
        self.months.start().checked_add(i32::from(offset))
    }

    /// The offset of `month` from the horizon's start, if within the horizon.
    pub(crate) fn month_offset(&self, month: Month) -> Option<u8> {
        if !self.months.contains(month) {
            return None;
        }
        u8::try_from(month.months_since(self.months.start())).ok()
    }

    /// The latest budget revision per unit, account and year, when there is more than one.
    pub(crate) fn latest_budget(&self) -> Option<&crate::rollup::Latest> {
        self.latest_budget.as_ref()
    }

    /// The fact columns: unit, account, month offset, layer and öre, index by index.
    #[allow(
        clippy::type_complexity,
        reason = "the five compact columns, borrowed together"
    )]
    pub(crate) fn columns(&self) -> (&[u32], &[u16], &[u8], &[u8], &[i64]) {
        let c = &self.columns;
        (&c.unit, &c.account, &c.month, &c.layer, &c.amount)
    }

    /// The facts in stored order, with resolved indices.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        let c = &self.columns;
        let tags = c.tag.iter().copied().chain(std::iter::repeat(0));
        c.unit
            .iter()
            .zip(&c.account)
            .zip(&c.month)
            .zip(&c.layer)
            .zip(&c.amount)
            .zip(tags)
            .map(
                |(((((&unit, &account), &month), &layer), &amount), tag)| Row {
                    unit,
                    account,
                    month,
                    layer,
                    amount,
                    tag,
                },
            )
    }

    /// The tags of tag index `tag`.
    pub(crate) fn tags_of(&self, tag: u32) -> Option<&Tags> {
        self.tags.get(tag as usize)
    }

    /// The same ledger on another organisation: each row becomes the pieces `split` gives
    /// (target unit index in `org`, amount in öre), with its account, month, layer and tags.
    pub(crate) fn with_units_mapped<E>(
        &self,
        org: Organisation,
        mut split: impl FnMut(Row, &mut Vec<(u32, i64)>) -> Result<(), E>,
    ) -> Result<Ledger, E> {
        let mut columns = Columns::default();
        let tagged = !self.columns.tag.is_empty();
        let mut pieces = Vec::new();
        // Opening balances go where the unit's figures go: a row of the year's first month.
        let mut openings = BTreeMap::new();
        for (&(year, unit, account, tag), amount) in &self.openings {
            let (Some(account_ix), Some(month), Ok(ore)) = (
                self.accounts
                    .iter()
                    .position(|a| *a == account)
                    .and_then(|i| u16::try_from(i).ok()),
                self.month_offset(year.first_month()),
                i64::try_from(amount.ore()),
            ) else {
                // Not placeable as a row: it stays with its unit where the unit still exists.
                if org
                    .get(
                        self.org
                            .unit_at(UnitIndex::from_raw(unit))
                            .map_or("", |u| u.id.as_str()),
                    )
                    .is_some()
                {
                    openings.insert((year, unit, account, tag), *amount);
                }
                continue;
            };
            pieces.clear();
            let row = Row {
                unit,
                account: account_ix,
                month,
                layer: 0,
                amount: ore,
                tag,
            };
            split(row, &mut pieces)?;
            for &(target, part) in &pieces {
                let cell = openings
                    .entry((year, target, account, tag))
                    .or_insert(Amount::ZERO);
                *cell = cell
                    .checked_add(Amount::from_ore(i128::from(part)).unwrap_or(Amount::ZERO))
                    .unwrap_or(*cell);
            }
        }
        for row in self.rows() {
            pieces.clear();
            split(row, &mut pieces)?;
            for &(unit, amount) in &pieces {
                columns.unit.push(unit);
                columns.account.push(row.account);
                columns.month.push(row.month);
                columns.layer.push(row.layer);
                columns.amount.push(amount);
                if tagged {
                    columns.tag.push(row.tag);
                }
            }
        }
        let mut ledger = Ledger {
            org,
            chart: self.chart.clone(),
            horizon: self.horizon,
            months: self.months,
            accounts: self.accounts.clone(),
            layers: self.layers.clone(),
            tags: self.tags.clone(),
            columns,
            decisions: self.decisions.clone(),
            closings: self.closings.clone(),
            openings,
            latest_budget: None,
            current_bits: None,
        };
        ledger.finish();
        Ok(ledger)
    }

    /// The facts back as values: grouped by unit in the organisation's pre-order, in the
    /// order added within a unit.
    pub fn facts(&self) -> impl Iterator<Item = Fact> + '_ {
        self.rows().filter_map(|row| self.fact_of(row))
    }

    fn fact_of(&self, row: Row) -> Option<Fact> {
        let unit = self.org.unit_at(unit_index(row.unit))?.id.clone();
        let tags = self.tags.get(row.tag as usize).cloned().unwrap_or_default();
        Some(Fact {
            unit,
            account: *self.accounts.get(usize::from(row.account))?,
            month: self.month_at(row.month)?,
            layer: *self.layers.get(usize::from(row.layer))?,
            amount: Amount::from_ore(i128::from(row.amount)).ok()?,
            project: tags.project,
            activity: tags.activity,
            counterpart: tags.counterpart,
        })
    }

    /// The sum of `layer` facts tagged with `project` in `months` (an investment project's
    /// outcome to date, say).
    ///
    /// # Errors
    /// [`LedgerError::Overflow`] when the sum is beyond the range of an amount.
    pub fn project_total(
        &self,
        project: &ProjectId,
        layer: Layer,
        months: PeriodRange,
    ) -> Result<Amount, LedgerError> {
        self.project_total_where(project, layer, months, |_, _| true)
    }

    /// As [`Ledger::project_total`], over the facts `visible` (by layer index and month
    /// offset) lets through.
    pub(crate) fn project_total_where(
        &self,
        project: &ProjectId,
        layer: Layer,
        months: PeriodRange,
        visible: impl Fn(u8, u8) -> bool,
    ) -> Result<Amount, LedgerError> {
        let tagged: Vec<bool> = self
            .tags
            .iter()
            .map(|t| t.project.as_ref() == Some(project))
            .collect();
        let Some(layer) = self.layers.iter().position(|l| *l == layer) else {
            return Ok(Amount::ZERO);
        };
        let total: i128 = self
            .rows()
            .filter(|row| {
                usize::from(row.layer) == layer
                    && tagged.get(row.tag as usize).copied().unwrap_or(false)
                    && visible(row.layer, row.month)
            })
            .filter(|row| self.month_at(row.month).is_some_and(|m| months.contains(m)))
            .map(|row| i128::from(row.amount))
            .sum::<i128>();
        Amount::from_ore(total).map_err(|_| LedgerError::Overflow {
            unit: project.to_string(),
            what: "project total".to_owned(),
        })
    }

    /// Memory held by the fact columns, in bytes (for the benchmark's memory target).
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "capacities of allocated vectors times their element sizes fit a usize"
    )]
    pub fn column_bytes(&self) -> usize {
        let c = &self.columns;
        c.unit.capacity() * 4
            + c.account.capacity() * 2
            + c.month.capacity()
            + c.layer.capacity()
            + c.amount.capacity() * 8
            + c.tag.capacity() * 4
    }
}

/// Makes a unit index from a stored `u32`.
pub(crate) fn unit_index(i: u32) -> UnitIndex {
    UnitIndex::from_raw(i)
}

/// Slots of the builder's account cache.
const ACCOUNT_CACHE_SLOTS: u32 = 1024;

/// Collects facts, checks each against the organisation, chart and horizon, and builds a
/// [`Ledger`]. Bad facts are reported with their position; none is dropped silently.
#[derive(Debug, Clone)]
pub struct LedgerBuilder {
    ledger: Ledger,
    /// Accounts looked up lately, by account value modulo the slots.
    account_cache: Vec<Option<(AccountCode, u16)>>,
    tag_index: HashMap<Tags, u32>,
    position: u64,
    errors: Vec<LedgerError>,
}

impl LedgerBuilder {
    fn new(org: Organisation, chart: Chart, horizon: PlanHorizon) -> LedgerBuilder {
        let accounts: Vec<AccountCode> = chart
            .accounts()
            .map(|(code, _)| code)
            .take(usize::from(u16::MAX))
            .collect();

        LedgerBuilder {
            ledger: Ledger {
                org,
                chart,
                horizon,
                months: horizon.months(),
                accounts,
                layers: Vec::new(),
                tags: vec![Tags::default()],
                columns: Columns::default(),
                decisions: BTreeMap::new(),
                closings: BTreeMap::new(),
                openings: BTreeMap::new(),
                latest_budget: None,
                current_bits: None,
            },
            account_cache: vec![None; ACCOUNT_CACHE_SLOTS as usize],
            tag_index: HashMap::new(),
            position: 0,
            errors: Vec::new(),
        }
    }

    /// Also accepts facts from `years` years before the budget year (at most 5), such as last
    /// year's outcome for historical profiles and seasonal forecasts. Call before adding facts.
    #[must_use]
    pub fn with_history(mut self, years: u8) -> LedgerBuilder {
        if self.ledger.is_empty() {
            let first = self
                .ledger
                .horizon
                .budget_year()
                .checked_add(0i32.saturating_sub(i32::from(years.min(5))));
            if let Some(first) = first {
                let end = self.ledger.months.end();
                self.ledger.months =
                    PeriodRange::new(first.first_month(), end).unwrap_or(self.ledger.months);
            }
        }
        self
    }

    /// The organisation facts are checked against.
    pub fn organisation(&self) -> &Organisation {
        &self.ledger.org
    }

    /// Reserves room for `additional` more facts.
    pub fn reserve(&mut self, additional: usize) {
        let c = &mut self.ledger.columns;
        c.unit.reserve(additional);
        c.account.reserve(additional);
        c.month.reserve(additional);
        c.layer.reserve(additional);
        c.amount.reserve(additional);
    }

    /// Adds a fact, or records why it is bad.
    pub fn push(&mut self, fact: Fact) {
        self.position = self.position.saturating_add(1);
        let Some(unit) = self.ledger.org.index_of(fact.unit.as_str()) else {
            let position = self.position;
            self.errors.push(LedgerError::UnknownUnit {
                position,
                unit: fact.unit.to_string(),
            });
            return;
        };
        let tags = Tags {
            project: fact.project,
            activity: fact.activity,
            counterpart: fact.counterpart,
        };
        self.add(
            unit,
            fact.account,
            fact.month,
            fact.layer,
            fact.amount,
            tags,
        );
    }

    /// Adds a fact whose unit is already resolved to an index of the ledger's organisation:
    /// the fast path for importers that resolve each unit once.
    pub fn push_indexed(
        &mut self,
        unit: UnitIndex,
        account: AccountCode,
        month: Month,
        layer: Layer,
        amount: Amount,
    ) {
        self.position = self.position.saturating_add(1);
        if self.ledger.org.unit_at(unit).is_none() {
            let position = self.position;
            self.errors.push(LedgerError::UnknownUnit {
                position,
                unit: format!("#{}", unit.get()),
            });
            return;
        }
        self.add(unit, account, month, layer, amount, Tags::default());
    }

    /// Adds every fact of `facts`.
    pub fn extend<I: IntoIterator<Item = Fact>>(&mut self, facts: I) {
        for fact in facts {
            self.push(fact);
        }
    }

    fn add(
        &mut self,
        unit: UnitIndex,
        account: AccountCode,
        month: Month,
        layer: Layer,
        amount: Amount,
        tags: Tags,
    ) {
        match self.resolve(account, month, layer, amount, tags) {
            Ok((account, month, layer, amount, tag)) => {
                let c = &mut self.ledger.columns;
                c.unit.push(u32::try_from(unit.get()).unwrap_or(u32::MAX));
                c.account.push(account);
                c.month.push(month);
                c.layer.push(layer);
                c.amount.push(amount);
                if tag != 0 || !c.tag.is_empty() {
                    c.tag.resize(c.amount.len().saturating_sub(1), 0);
                    c.tag.push(tag);
                }
            }
            Err(errors) => self.errors.extend(errors),
        }
    }

    /// The compact form of a fact's fields, or every problem with them.
    #[allow(
        clippy::type_complexity,
        reason = "a private tuple of the five compact columns"
    )]
    fn resolve(
        &mut self,
        account: AccountCode,
        month: Month,
        layer: Layer,
        amount: Amount,
        tags: Tags,
    ) -> Result<(u16, u8, u8, i64, u32), Vec<LedgerError>> {
        let position = self.position;
        let account_ix = self.account_index(account);
        let month_offset = self.ledger.month_offset(month);
        let ore = i64::try_from(amount.ore()).ok();
        let (Some(account_ix), Some(month_offset), Some(ore)) = (account_ix, month_offset, ore)
        else {
            let mut errors = Vec::new();
            if account_ix.is_none() {
                errors.push(LedgerError::UnknownAccount { position, account });
            }
            if month_offset.is_none() {
                let (months, horizon) = (self.ledger.months, self.ledger.horizon);
                errors.push(LedgerError::OutsideHorizon {
                    position,
                    month,
                    months,
                    horizon,
                });
            }
            if ore.is_none() {
                errors.push(LedgerError::AmountTooLarge { position, amount });
            }
            return Err(errors);
        };
        let layer = self.intern_layer(layer).map_err(|e| vec![e])?;
        let tag = self.intern_tags(tags).map_err(|e| vec![e])?;
        Ok((account_ix, month_offset, layer, ore, tag))
    }

    /// The account's index in the chart: a small direct-mapped cache of accounts seen, else a
    /// binary search of the sorted chart (a file books on a few hundred accounts, in any
    /// order).
    fn account_index(&mut self, account: AccountCode) -> Option<u16> {
        let slot = (account.value() % ACCOUNT_CACHE_SLOTS) as usize;
        if let Some(&Some((cached, index))) = self.account_cache.get(slot) {
            if cached == account {
                return Some(index);
            }
        }
        let index = self
            .ledger
            .accounts
            .binary_search(&account)
            .ok()
            .and_then(|i| u16::try_from(i).ok())?;
        if let Some(entry) = self.account_cache.get_mut(slot) {
            *entry = Some((account, index));
        }
        Some(index)
    }

    fn intern_layer(&mut self, layer: Layer) -> Result<u8, LedgerError> {
        let layers = &mut self.ledger.layers;
        if let Some(i) = layers.iter().position(|known| *known == layer) {
            return Ok(u8::try_from(i).unwrap_or(u8::MAX));
        }
        let index = u8::try_from(layers.len()).map_err(|_| LedgerError::TooMany {
            position: self.position,
            what: "layers",
            limit: 256,
        })?;
        layers.push(layer);
        Ok(index)
    }

    fn intern_tags(&mut self, tags: Tags) -> Result<u32, LedgerError> {
        if tags == Tags::default() {
            return Ok(0);
        }
        if let Some(&index) = self.tag_index.get(&tags) {
            return Ok(index);
        }
        let index = u32::try_from(self.ledger.tags.len()).map_err(|_| LedgerError::TooMany {
            position: self.position,
            what: "tag combinations",
            limit: u32::MAX as usize,
        })?;
        self.ledger.tags.push(tags.clone());
        self.tag_index.insert(tags, index);
        Ok(index)
    }

    /// Declares the decision that adopted budget `revision` (for example "KF 2022-04-25 § 66"):
    /// the revision counts from the decision's date. Every revision after the original needs
    /// one; the original budget counts from its decision when one is declared, else always.
    pub fn decide_revision(&mut self, revision: u16, decision: DecisionRef) -> &mut LedgerBuilder {
        self.ledger.decisions.insert(revision, decision);
        self
    }

    /// The facts added so far, as values (to derive facts from them before building).
    pub fn facts_so_far(&self) -> Vec<Fact> {
        self.ledger.facts().collect()
    }

    /// Gives the opening balance (ingående balans, SIE `#IB`) of a balance account of `unit`
    /// for `year`, ledger-signed (usually the municipality's finance unit, or a company): with
    /// the outcome on balance accounts it makes the balance sheet of every month of the year
    /// for any scope that holds the unit. A second call for the same year, unit and account
    /// replaces the first; an unknown unit is an error of the build.
    pub fn opening_balance(
        &mut self,
        year: Year,
        unit: &OrgUnitId,
        account: AccountCode,
        amount: Amount,
    ) -> &mut LedgerBuilder {
        self.insert_opening(year, unit, account, 0, amount);
        self
    }

    /// As [`LedgerBuilder::opening_balance`], for the part of a balance held against another
    /// party of the group (`counterpart`: the council for the municipality, or a company):
    /// the shares in a company, a loan to it, a payable to it. Group accounts eliminate these
    /// balances ([`crate::group::consolidate_balance_sheet`]); the part and the rest of the
    /// account's opening balance add up. An unknown unit or counterpart is an error of the
    /// build.
    pub fn opening_balance_against(
        &mut self,
        year: Year,
        unit: &OrgUnitId,
        account: AccountCode,
        counterpart: &OrgUnitId,
        amount: Amount,
    ) -> &mut LedgerBuilder {
        if self.ledger.org.index_of(counterpart.as_str()).is_none() {
            self.errors.push(LedgerError::UnknownUnit {
                position: 0,
                unit: format!(
                    "{counterpart} (counterpart of {unit}'s opening balance of {account} {year})"
                ),
            });
            return self;
        }
        let tags = Tags {
            counterpart: Some(Counterpart::GroupEntity(counterpart.clone())),
            ..Tags::default()
        };
        match self.intern_tags(tags) {
            Ok(tag) => self.insert_opening(year, unit, account, tag, amount),
            Err(err) => self.errors.push(err),
        }
        self
    }

    fn insert_opening(
        &mut self,
        year: Year,
        unit: &OrgUnitId,
        account: AccountCode,
        tag: u32,
        amount: Amount,
    ) {
        match self.ledger.org.index_of(unit.as_str()) {
            Some(index) => {
                let raw = u32::try_from(index.get()).unwrap_or(u32::MAX);
                self.ledger
                    .openings
                    .insert((year, raw, account, tag), amount);
            }
            None => self.errors.push(LedgerError::UnknownUnit {
                position: 0,
                unit: format!("{unit} (opening balance of {account} {year})"),
            }),
        }
    }

    /// Declares `month` closed on `date`: its outcome counts from that date instead of the
    /// month's last day (a report known on the last day of August then lacks August's outcome
    /// until the month is closed).
    pub fn close_month(&mut self, month: Month, date: NaiveDate) -> &mut LedgerBuilder {
        self.ledger.closings.insert(month, date);
        self
    }

    /// A budget revision with facts and no decision, as errors.
    fn undecided_revisions(&self) -> Vec<LedgerError> {
        let mut revisions: Vec<u16> = self
            .ledger
            .layers
            .iter()
            .filter_map(|layer| match layer {
                Layer::Budget { revision } if *revision > 0 => Some(*revision),
                _ => None,
            })
            .filter(|revision| !self.ledger.decisions.contains_key(revision))
            .collect();
        revisions.sort_unstable();
        revisions
            .into_iter()
            .map(|revision| LedgerError::RevisionWithoutDecision { revision })
            .collect()
    }

    /// The problems found so far.
    pub fn errors(&self) -> &[LedgerError] {
        &self.errors
    }

    /// Builds the ledger if every fact was good.
    ///
    /// # Errors
    /// [`LedgerErrors`] with every bad fact: unknown unit or account, month outside the plan
    /// horizon, amount too large, too many distinct layers; and every budget revision without
    /// a decision.
    pub fn build(mut self) -> Result<Ledger, LedgerErrors> {
        let undecided = self.undecided_revisions();
        self.errors.extend(undecided);
        if self.errors.is_empty() {
            self.ledger.finish();
            Ok(self.ledger)
        } else {
            Err(LedgerErrors(self.errors))
        }
    }

    /// Builds the ledger of the good facts and returns the problems with the bad ones beside it.
    pub fn build_partial(mut self) -> (Ledger, Vec<LedgerError>) {
        let undecided = self.undecided_revisions();
        self.errors.extend(undecided);
        self.ledger.finish();
        (self.ledger, self.errors)
    }
}

mod columns;

use columns::Columns;
pub(crate) use columns::UnitRun;

#[cfg(test)]
pub(crate) mod tests;
