//! Reorganisations (omorganisationer): an organisation that changes over time, and history
//! carried onto the tree of a chosen date.
//!
//! An [`OrgHistory`] starts from one [`Organisation`] on a date and replays dated
//! [`Reorganisation`]s, each a council or board decision with its changes: create, rename, move,
//! merge, split and close. Every unit gets a [`Validity`]; the organisation as of any date is a
//! validated tree; an id is never reused for another unit. [`OrgHistory::mapping`] gives the
//! [`UnitMapping`] that carries figures of an earlier date onto the units of a later one:
//! merged units sum, split units divide exactly by their declared shares or account and
//! activity rules, and a closed unit's history stays with its parent.
//!
//! ```
//! use styrmodell::reorg::{Change, OrgHistory, Reorganisation};
//! use styrmodell::{DecisionRef, NaiveDate, OrgUnit, OrgUnitKind, Organisation};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("date");
//! let org = Organisation::builder()
//!     .unit(OrgUnit::new("KF", "Kommunfullmäktige", OrgUnitKind::Council)?)
//!     .unit(OrgUnit::new("BSN", "Barn- och skolnämnden", OrgUnitKind::Committee)?.with_parent("KF")?)
//!     .unit(OrgUnit::new("KFN", "Kultur- och fritidsnämnden", OrgUnitKind::Committee)?.with_parent("KF")?)
//!     .build()?;
//! let mut history = OrgHistory::new(day(2019, 1, 1)?, org);
//! history.reorganise(Reorganisation {
//!     date: day(2023, 1, 1)?,
//!     decision: DecisionRef::new("KF".parse()?, day(2022, 6, 20)?).paragraph("§ 88"),
//!     changes: vec![
//!         Change::Create { unit: OrgUnit::new("BUKN", "Barn-, utbildnings- och kulturnämnden", OrgUnitKind::Committee)?.with_parent("KF")? },
//!         Change::Merge { units: vec!["BSN".parse()?, "KFN".parse()?], into: "BUKN".parse()? },
//!     ],
//! })?;
//! assert!(history.organisation_at(day(2022, 12, 31)?)?.get("BSN").is_some());
//! assert!(history.organisation_at(day(2023, 1, 1)?)?.get("BSN").is_none());
//! assert_eq!(history.validity("BSN").and_then(|v| v.until), Some(day(2022, 12, 31)?));
//! # Ok(())
//! # }
//! ```

mod carry;
mod mapping;
mod placement;
mod replay;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use carry::{CarriedLedger, CarriedObservations, Contribution, NotCombined};
pub use mapping::{Distribution, UnitMapping};

use crate::chart::{AccountCode, ActivityCode};
use crate::decision::DecisionRef;
use crate::org::{OrgErrors, OrgUnit, OrgUnitId, Organisation};
use crate::period::Month;

/// When a unit exists: from its first day to its last (`None` while it still exists).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Validity {
    /// The first day (giltig från).
    pub from: NaiveDate,
    /// The last day (giltig till och med); `None` when open-ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

impl Validity {
    /// Whether the unit exists on `date`.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date <= until)
    }

    /// Whether the unit exists on every day of `month`.
    pub fn covers(&self, month: Month) -> bool {
        self.contains(month.first_day()) && self.contains(month.last_day())
    }
}

impl fmt::Display for Validity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.until {
            Some(until) => write!(f, "{}–{}", self.from, until),
            None => write!(f, "from {}", self.from),
        }
    }
}

/// Which facts a split rule takes.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Selector {
    /// Accounts from `first` to `last`, both included.
    Accounts {
        /// The first account.
        first: AccountCode,
        /// The last account.
        last: AccountCode,
    },
    /// One activity code (verksamhet).
    Activity(ActivityCode),
}

impl Selector {
    /// Whether a fact on `account` with `activity` is taken.
    pub fn takes(&self, account: AccountCode, activity: Option<&ActivityCode>) -> bool {
        match self {
            Selector::Accounts { first, last } => *first <= account && account <= *last,
            Selector::Activity(code) => activity == Some(code),
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Accounts { first, last } if first == last => write!(f, "account {first}"),
            Selector::Accounts { first, last } => write!(f, "accounts {first}–{last}"),
            Selector::Activity(code) => write!(f, "activity {}", code.as_str()),
        }
    }
}

/// One part of a split: the unit and its share of what no rule takes.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SplitPart {
    /// The unit that takes the part.
    pub unit: OrgUnitId,
    /// Its share, 0–1; the parts' shares sum to exactly 1.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub share: Decimal,
}

/// A split rule: facts the selector takes go wholly to the unit; the first rule that takes a
/// fact wins.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SplitRule {
    /// Which facts.
    pub selector: Selector,
    /// Where they go.
    pub unit: OrgUnitId,
}

/// One change of a reorganisation, applied in the order given.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// A new unit (ny enhet) under an existing parent; its id must never have been used.
    Create {
        /// The unit, with its parent.
        unit: OrgUnit,
    },
    /// A new name (namnbyte).
    Rename {
        /// The unit.
        unit: OrgUnitId,
        /// Its new name.
        name: String,
    },
    /// A move under another parent (flytt).
    Move {
        /// The unit.
        unit: OrgUnitId,
        /// Its new parent.
        parent: OrgUnitId,
    },
    /// Several units become one (sammanslagning): their children move under `into`, their
    /// history sums into it, and they close.
    Merge {
        /// The units merged.
        units: Vec<OrgUnitId>,
        /// The unit they become, existing or created earlier in the same reorganisation.
        into: OrgUnitId,
    },
    /// One unit becomes several (delning): facts taken by a rule go to its unit, the rest is
    /// divided by the parts' shares; the unit closes. Move its children first.
    Split {
        /// The unit split.
        unit: OrgUnitId,
        /// The parts and their shares, summing to exactly 1.
        parts: Vec<SplitPart>,
        /// Rules by account or activity, tried in order before the shares.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        rules: Vec<SplitRule>,
    },
    /// The unit ends (nedläggning); its history stays with its parent. Move its children
    /// first.
    Close {
        /// The unit.
        unit: OrgUnitId,
    },
}

/// A reorganisation: its changes take effect on `date`, as `decision` decided.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reorganisation {
    /// The first day of the new organisation.
    pub date: NaiveDate,
    /// The decision behind it.
    pub decision: DecisionRef,
    /// The changes, in order.
    pub changes: Vec<Change>,
}

/// Why a reorganisation or a placement was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReorgError {
    /// Reorganisations come in date order, after the history's start.
    #[error("reorganisation on {date} is not after {after}; add reorganisations in date order")]
    OutOfOrder {
        /// Its date.
        date: NaiveDate,
        /// The start or the latest reorganisation.
        after: NaiveDate,
    },
    /// A change names a unit that does not exist on the day.
    #[error("reorganisation on {date}, change {change}: unit {unit} does not exist then{}", validity_text(*.valid))]
    NotValid {
        /// The reorganisation's date.
        date: NaiveDate,
        /// The change, counting from 1.
        change: usize,
        /// The unit.
        unit: OrgUnitId,
        /// When it does exist, if ever.
        valid: Option<Validity>,
    },
    /// A created unit's id was used before.
    #[error(
        "reorganisation on {date}, change {change}: id {unit} was already used ({valid}); ids are never reused"
    )]
    IdReused {
        /// The reorganisation's date.
        date: NaiveDate,
        /// The change, counting from 1.
        change: usize,
        /// The id.
        unit: OrgUnitId,
        /// The earlier unit's validity.
        valid: Validity,
    },
    /// A split or close of a unit that still has children.
    #[error("reorganisation on {date}, change {change}: unit {unit} still has children ({}); move them first", join(.children))]
    HasChildren {
        /// The reorganisation's date.
        date: NaiveDate,
        /// The change, counting from 1.
        change: usize,
        /// The unit.
        unit: OrgUnitId,
        /// Its children.
        children: Vec<OrgUnitId>,
    },
    /// A change that cannot be made as given.
    #[error("reorganisation on {date}, change {change}: {reason}")]
    BadChange {
        /// The reorganisation's date.
        date: NaiveDate,
        /// The change, counting from 1.
        change: usize,
        /// What is wrong.
        reason: String,
    },
    /// The organisation after the reorganisation is not a valid tree.
    #[error("the organisation from {date} is not a valid tree: {errors}")]
    InvalidTree {
        /// The reorganisation's date.
        date: NaiveDate,
        /// What is wrong with it.
        errors: OrgErrors,
    },
    /// A date before the history starts.
    #[error("{date} is before the organisation history starts ({start})")]
    BeforeStart {
        /// The date asked for.
        date: NaiveDate,
        /// The first day of the history.
        start: NaiveDate,
    },
    /// Figures can be carried forward only.
    #[error("cannot carry figures from {from} back to {onto}; map onto a later date")]
    Backwards {
        /// The earlier organisation's date.
        from: NaiveDate,
        /// The date asked for.
        onto: NaiveDate,
    },
    /// Something placed on a unit outside its validity.
    #[error("{what} in {period} is placed on {unit}, which {}", placement_text(*.valid))]
    OutsideValidity {
        /// What was placed (a fact, an observation, a goal).
        what: String,
        /// The unit.
        unit: OrgUnitId,
        /// Its validity, if it ever existed.
        valid: Option<Validity>,
        /// The period placed in.
        period: String,
    },
    /// A unit text that names no unit valid through a month.
    #[error("no unit valid through {month} has the id or responsibility code {text:?}{}", elsewhere.as_ref().map_or(String::new(), |e| format!(" (it names {e})")))]
    NoUnit {
        /// The text.
        text: String,
        /// The month.
        month: Month,
        /// The unit it names at another time, if any.
        elsewhere: Option<String>,
    },
    /// A history past the units it may hold (one organisation is kept per reorganisation).
    #[error(
        "the organisation history would hold {units} units over its reorganisations, more than {limit}"
    )]
    TooLarge {
        /// The units it would hold.
        units: usize,
        /// The most it may.
        limit: usize,
    },
    /// A ledger or model whose organisation is not the history's on the date.
    #[error("the {what}'s organisation is not the one valid on {date}")]
    OrganisationMismatch {
        /// Ledger or steering model.
        what: &'static str,
        /// The date.
        date: NaiveDate,
    },
    /// Shares multiplied through several splits need more than 28 decimals.
    #[error(
        "the shares carrying {unit} from {from} need more than 28 decimals; declare shorter shares"
    )]
    SharesTooPrecise {
        /// The unit carried.
        unit: OrgUnitId,
        /// The earlier date.
        from: NaiveDate,
    },
    /// A carried amount beyond the ledger's range.
    #[error("a carried amount of {unit} is beyond the ledger's range")]
    Overflow {
        /// The unit carried.
        unit: OrgUnitId,
    },
}

fn join(ids: &[OrgUnitId]) -> String {
    ids.iter()
        .map(OrgUnitId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn validity_text(valid: Option<Validity>) -> String {
    valid.map_or(" (it never existed)".to_owned(), |v| {
        format!(" (it exists {v})")
    })
}

fn placement_text(valid: Option<Validity>) -> String {
    valid.map_or("never existed".to_owned(), |v| format!("exists {v} only"))
}

/// The most units an [`OrgHistory`] holds over all its organisations (it keeps one per
/// reorganisation): far above any municipality's, below what would exhaust memory.
pub const MAX_HISTORY_UNITS: usize = 5_000_000;

/// What one change does to the figures of a unit that ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// Everything goes to one unit (merge, close).
    Whole(OrgUnitId),
    /// Rules first, then shares (split).
    Split {
        parts: Vec<SplitPart>,
        rules: Vec<SplitRule>,
    },
}

/// One change's route, dated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) date: NaiveDate,
    pub(crate) unit: OrgUnitId,
    pub(crate) route: Route,
}

/// An organisation through time: a start, and reorganisations replayed on it.
///
/// Serialises as its start, its first organisation and its reorganisations, and is checked
/// again when read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "HistoryParts", into = "HistoryParts")]
pub struct OrgHistory {
    start: NaiveDate,
    /// The organisation from the start.
    first: Organisation,
    /// The organisation from each reorganisation's date on.
    later: Vec<(NaiveDate, Organisation)>,
    reorganisations: Vec<Reorganisation>,
    validity: BTreeMap<OrgUnitId, Validity>,
    steps: Vec<Step>,
}

#[derive(Serialize, Deserialize)]
struct HistoryParts {
    start: NaiveDate,
    organisation: Organisation,
    #[serde(default)]
    reorganisations: Vec<Reorganisation>,
}

impl TryFrom<HistoryParts> for OrgHistory {
    type Error = ReorgError;
    fn try_from(parts: HistoryParts) -> Result<OrgHistory, ReorgError> {
        let mut history = OrgHistory::new(parts.start, parts.organisation);
        for reorganisation in parts.reorganisations {
            history.reorganise(reorganisation)?;
        }
        Ok(history)
    }
}

impl From<OrgHistory> for HistoryParts {
    fn from(history: OrgHistory) -> HistoryParts {
        HistoryParts {
            start: history.start,
            organisation: history.first,
            reorganisations: history.reorganisations,
        }
    }
}

impl OrgHistory {
    /// A history whose first organisation is `org`, valid from `start`.
    pub fn new(start: NaiveDate, org: Organisation) -> OrgHistory {
        let validity = org
            .units()
            .iter()
            .map(|unit| {
                let valid = Validity {
                    from: start,
                    until: None,
                };
                (unit.id.clone(), valid)
            })
            .collect();
        OrgHistory {
            start,
            first: org,
            later: Vec::new(),
            reorganisations: Vec::new(),
            validity,
            steps: Vec::new(),
        }
    }

    /// Applies `reorganisation` from its date on.
    ///
    /// # Errors
    /// [`ReorgError`] when it is not after the latest one, a change names a unit that does not
    /// exist then, reuses an id, splits or closes a unit with children, declares shares that
    /// do not sum to 1, leaves an invalid tree, or would make the history hold more than
    /// [`MAX_HISTORY_UNITS`] units. The history is unchanged then.
    pub fn reorganise(
        &mut self,
        reorganisation: Reorganisation,
    ) -> Result<&mut OrgHistory, ReorgError> {
        self.reorganise_within(reorganisation, MAX_HISTORY_UNITS)
    }

    /// As [`OrgHistory::reorganise`], holding at most `limit` units.
    fn reorganise_within(
        &mut self,
        reorganisation: Reorganisation,
        limit: usize,
    ) -> Result<&mut OrgHistory, ReorgError> {
        let date = reorganisation.date;
        let (after, current) = self.latest();
        if date <= after {
            return Err(ReorgError::OutOfOrder { date, after });
        }
        let mut work = replay::Replay::new(date, current, self.validity.clone());
        for (i, change) in reorganisation.changes.iter().enumerate() {
            work.apply(i.saturating_add(1), change)?;
        }
        let (units, validity, steps) = work.into_parts();
        let held = self
            .shapes()
            .map(Organisation::len)
            .fold(units.len(), usize::saturating_add);
        if held > limit {
            return Err(ReorgError::TooLarge { units: held, limit });
        }
        let org = Organisation::from_units(units)
            .map_err(|errors| ReorgError::InvalidTree { date, errors })?;
        self.later.push((date, org));
        self.validity = validity;
        self.steps.extend(steps);
        self.reorganisations.push(reorganisation);
        Ok(self)
    }

    fn latest(&self) -> (NaiveDate, &Organisation) {
        self.later
            .last()
            .map_or((self.start, &self.first), |(date, org)| (*date, org))
    }

    /// Every organisation of the history: the first, then one per reorganisation.
    fn shapes(&self) -> impl Iterator<Item = &Organisation> {
        std::iter::once(&self.first).chain(self.later.iter().map(|(_, org)| org))
    }

    /// The first day of the history.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The reorganisations, in date order.
    pub fn reorganisations(&self) -> &[Reorganisation] {
        &self.reorganisations
    }

    /// The reorganisations that take effect after `from` and by `onto`.
    pub fn reorganisations_between(&self, from: NaiveDate, onto: NaiveDate) -> &[Reorganisation] {
        let first = self.reorganisations.partition_point(|r| r.date <= from);
        let end = self.reorganisations.partition_point(|r| r.date <= onto);
        self.reorganisations.get(first..end).unwrap_or_default()
    }

    /// The organisation valid on `date`.
    ///
    /// # Errors
    /// [`ReorgError::BeforeStart`] for a date before the history's start.
    pub fn organisation_at(&self, date: NaiveDate) -> Result<&Organisation, ReorgError> {
        if date < self.start {
            return Err(ReorgError::BeforeStart {
                date,
                start: self.start,
            });
        }
        let end = self.later.partition_point(|(from, _)| *from <= date);
        Ok(end
            .checked_sub(1)
            .and_then(|i| self.later.get(i))
            .map_or(&self.first, |(_, org)| org))
    }

    /// Every id ever used, with its validity, by id.
    pub fn validities(&self) -> impl Iterator<Item = (&OrgUnitId, Validity)> {
        self.validity.iter().map(|(id, valid)| (id, *valid))
    }

    /// When the unit `id` exists; `None` for an id never used.
    pub fn validity(&self, id: &str) -> Option<Validity> {
        self.validity.get(id).copied()
    }

    /// The mapping that carries figures recorded in the organisation of `from` onto the
    /// organisation of `onto` through every reorganisation between them.
    ///
    /// # Errors
    /// [`ReorgError::BeforeStart`] or [`ReorgError::Backwards`].
    pub fn mapping(&self, from: NaiveDate, onto: NaiveDate) -> Result<UnitMapping, ReorgError> {
        if onto < from {
            return Err(ReorgError::Backwards { from, onto });
        }
        let source = self.organisation_at(from)?.clone();
        let target = self.organisation_at(onto)?.clone();
        let first = self.steps.partition_point(|s| s.date <= from);
        let end = self.steps.partition_point(|s| s.date <= onto);
        let steps = self.steps.get(first..end).unwrap_or_default().to_vec();
        Ok(UnitMapping::new(from, onto, source, target, steps))
    }
}

#[cfg(test)]
mod tests;
