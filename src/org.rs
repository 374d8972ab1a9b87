//! The organisation (organisation): a validated tree of units from the group (koncern) and the
//! council (kommunfullmäktige) down to units (enheter) and companies (bolag).
#![allow(
    clippy::arithmetic_side_effects,
    reason = "indices and depths are bounded by the number of units, organisation-number digits by 9, shares by 1"
)]

use foldhash::{HashMap, HashMapExt};
use std::borrow::Borrow;
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The longest id an org unit may have.
const MAX_ID_LEN: usize = 64;

/// The id of an org unit (organisationsenhet), such as `BSN` or `40100`.
///
/// Ids are 1–64 characters with no control characters and no white space at either end.
///
/// ```
/// use styrmodell::OrgUnitId;
/// assert!("BSN".parse::<OrgUnitId>().is_ok());
/// assert!(" BSN".parse::<OrgUnitId>().is_err());
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgUnitId(String);

impl OrgUnitId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for OrgUnitId {
    type Err = OrgError;
    fn from_str(input: &str) -> Result<OrgUnitId, OrgError> {
        OrgUnitId::try_from(input.to_owned())
    }
}

impl TryFrom<String> for OrgUnitId {
    type Error = OrgError;
    fn try_from(input: String) -> Result<OrgUnitId, OrgError> {
        let reason = if input.is_empty() {
            Some("empty")
        } else if input.chars().count() > MAX_ID_LEN {
            Some("longer than 64 characters")
        } else if input.trim() != input {
            Some("white space at the start or end")
        } else if input.chars().any(char::is_control) {
            Some("control character")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(OrgError::InvalidId { input, reason }),
            None => Ok(OrgUnitId(input)),
        }
    }
}

impl From<OrgUnitId> for String {
    fn from(id: OrgUnitId) -> String {
        id.0
    }
}

impl Borrow<str> for OrgUnitId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgUnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an org unit is.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OrgUnitKind {
    /// The municipal group (kommunkoncern): the municipality with its companies.
    Group,
    /// The municipal council (kommunfullmäktige, KF).
    Council,
    /// The municipal executive board (kommunstyrelsen, KS).
    ExecutiveBoard,
    /// A committee (nämnd), such as the children and school committee.
    Committee,
    /// An administration (förvaltning) serving a committee.
    Administration,
    /// A department (avdelning).
    Department,
    /// A unit (enhet): a school, a care home, a team.
    Unit,
    /// A municipal company (kommunalt bolag).
    Company,
    /// A municipal association (kommunalförbund).
    Association,
}

impl OrgUnitKind {
    /// The Swedish name: `nämnd`, `enhet`, ...
    pub fn label_sv(self) -> &'static str {
        match self {
            OrgUnitKind::Group => "koncern",
            OrgUnitKind::Council => "kommunfullmäktige",
            OrgUnitKind::ExecutiveBoard => "kommunstyrelse",
            OrgUnitKind::Committee => "nämnd",
            OrgUnitKind::Administration => "förvaltning",
            OrgUnitKind::Department => "avdelning",
            OrgUnitKind::Unit => "enhet",
            OrgUnitKind::Company => "bolag",
            OrgUnitKind::Association => "kommunalförbund",
        }
    }
}

impl fmt::Display for OrgUnitKind {
    /// The English name in lower case: `committee`, `executive board`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OrgUnitKind::Group => "group",
            OrgUnitKind::Council => "council",
            OrgUnitKind::ExecutiveBoard => "executive board",
            OrgUnitKind::Committee => "committee",
            OrgUnitKind::Administration => "administration",
            OrgUnitKind::Department => "department",
            OrgUnitKind::Unit => "unit",
            OrgUnitKind::Company => "company",
            OrgUnitKind::Association => "association",
        })
    }
}

/// A Swedish organisation number (organisationsnummer), `NNNNNN-NNNN` with a Luhn check digit.
///
/// ```
/// use styrmodell::OrgNumber;
/// assert_eq!("2120000142".parse::<OrgNumber>().unwrap().to_string(), "212000-0142");
/// assert!("212000-0143".parse::<OrgNumber>().is_err());
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgNumber(String);

impl FromStr for OrgNumber {
    type Err = OrgError;
    fn from_str(input: &str) -> Result<OrgNumber, OrgError> {
        let digits: String = input.chars().filter(|c| *c != '-').collect();
        let well_formed = digits.len() == 10
            && digits.bytes().all(|b| b.is_ascii_digit())
            && input.chars().filter(|c| *c == '-').count() <= 1
            && (input.len() == 10 || input.find('-') == Some(6));
        if !well_formed || !luhn_valid(&digits) {
            return Err(OrgError::InvalidOrgNumber {
                input: input.to_owned(),
            });
        }
        let (head, tail) = digits.split_at(6);
        Ok(OrgNumber(format!("{head}-{tail}")))
    }
}

/// The Luhn check over ten ASCII digits: the last digit checks the first nine.
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                d * 2 / 10 + d * 2 % 10
            } else {
                d
            }
        })
        .sum::<u32>();
    sum % 10 == 0
}

impl TryFrom<String> for OrgNumber {
    type Error = OrgError;
    fn try_from(input: String) -> Result<OrgNumber, OrgError> {
        input.parse()
    }
}

impl From<OrgNumber> for String {
    fn from(number: OrgNumber) -> String {
        number.0
    }
}

impl fmt::Display for OrgNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a company is financed.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Financing {
    /// By taxes (skattefinansierad).
    Tax,
    /// By fees (taxefinansierad), like a water and sewage company.
    Fee,
}

/// How a company belongs to the municipal group.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupRelation {
    /// Subsidiary (dotterföretag): more than 50 % owned.
    Subsidiary,
    /// Associate (intresseföretag): 20–50 % owned.
    Associate,
    /// Other holding.
    Other,
}

impl GroupRelation {
    /// The relation that an ownership share implies: more than a half is a subsidiary, a fifth
    /// to a half an associate, less is other.
    pub fn from_share(share: Decimal) -> GroupRelation {
        if share > Decimal::new(5, 1) {
            GroupRelation::Subsidiary
        } else if share >= Decimal::new(2, 1) {
            GroupRelation::Associate
        } else {
            GroupRelation::Other
        }
    }
}

/// What a company unit carries besides its place in the tree.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CompanyInfo {
    /// Organisation number (organisationsnummer).
    pub org_number: OrgNumber,
    /// Ownership share (ägarandel), 0–1; checked when the organisation is built.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub ownership_share: Decimal,
    /// Relation to the group (dotterföretag, intresseföretag, other).
    pub relation: GroupRelation,
    /// Tax- or fee-financed.
    pub financing: Financing,
    /// The month (1–12) its fiscal year begins, when it is not the calendar year (brutet
    /// räkenskapsår, say 5 for May–April): its opening balances are then given for the fiscal
    /// year beginning in the year they are given for, and group accounts align it to the
    /// municipality's calendar year. Checked when the organisation is built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year_start: Option<u32>,
}

impl CompanyInfo {
    /// Makes company information, with the relation implied by the share.
    pub fn new(
        org_number: OrgNumber,
        ownership_share: Decimal,
        financing: Financing,
    ) -> CompanyInfo {
        CompanyInfo {
            org_number,
            ownership_share,
            relation: GroupRelation::from_share(ownership_share),
            financing,
            fiscal_year_start: None,
        }
    }

    /// The same, with a fiscal year that begins in `month` (1–12; 1 is the calendar year).
    #[must_use]
    pub fn with_fiscal_year_start(mut self, month: u32) -> CompanyInfo {
        self.fiscal_year_start = Some(month);
        self
    }

    /// The month its fiscal year begins: 1 for the calendar year.
    pub fn fiscal_year_start_month(&self) -> u32 {
        self.fiscal_year_start.unwrap_or(1)
    }
}

/// One unit of the organisation as given; [`Organisation`] checks how units fit together.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrgUnit {
    /// The unit's id.
    pub id: OrgUnitId,
    /// Its name (benämning).
    pub name: String,
    /// What it is.
    pub kind: OrgUnitKind,
    /// The unit above it; `None` only for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<OrgUnitId>,
    /// The responsibility code (ansvarskod) the ERP books it on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsibility_code: Option<String>,
    /// For companies: organisation number, ownership and financing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<CompanyInfo>,
}

impl OrgUnit {
    /// Makes a unit with no parent.
    ///
    /// # Errors
    /// [`OrgError::InvalidId`] for an invalid id.
    pub fn new(id: &str, name: &str, kind: OrgUnitKind) -> Result<OrgUnit, OrgError> {
        Ok(OrgUnit {
            id: id.parse()?,
            name: name.to_owned(),
            kind,
            parent: None,
            responsibility_code: None,
            company: None,
        })
    }

    /// Sets the parent.
    ///
    /// # Errors
    /// [`OrgError::InvalidId`] for an invalid id.
    pub fn with_parent(mut self, parent: &str) -> Result<OrgUnit, OrgError> {
        self.parent = Some(parent.parse()?);
        Ok(self)
    }

    /// Sets the responsibility code (ansvarskod).
    #[must_use]
    pub fn with_responsibility_code(mut self, code: &str) -> OrgUnit {
        self.responsibility_code = Some(code.to_owned());
        self
    }

    /// Sets the company information.
    #[must_use]
    pub fn with_company(mut self, company: CompanyInfo) -> OrgUnit {
        self.company = Some(company);
        self
    }
}

/// A problem with an organisation or a query on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrgError {
    /// An id that is not valid.
    #[error("invalid org unit id {input:?}: {reason}")]
    InvalidId {
        /// The text given.
        input: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An organisation number with a bad form or check digit.
    #[error("invalid organisation number {input:?}: expected NNNNNN-NNNN with a valid check digit")]
    InvalidOrgNumber {
        /// The text given.
        input: String,
    },
    /// No units at all.
    #[error("the organisation has no units")]
    Empty,
    /// Two units with the same id.
    #[error("duplicate org unit id {id} (units {first} and {second}, counting from 1)")]
    DuplicateId {
        /// The repeated id.
        id: OrgUnitId,
        /// Position of the first unit with it.
        first: usize,
        /// Position of the repeat.
        second: usize,
    },
    /// A parent that is not among the units.
    #[error("org unit {id} has unknown parent {parent}")]
    UnknownParent {
        /// The unit.
        id: OrgUnitId,
        /// The parent it names.
        parent: OrgUnitId,
    },
    /// Units that are their own ancestors.
    #[error("org units form a cycle: {}", join_cycle(.ids))]
    Cycle {
        /// The units of the cycle, each the parent of the one before.
        ids: Vec<OrgUnitId>,
    },
    /// More than one unit without a parent.
    #[error("the organisation has {} roots, expected one: {}", .ids.len(), join_ids(.ids))]
    MultipleRoots {
        /// The units without a parent.
        ids: Vec<OrgUnitId>,
    },
    /// An ownership share outside 0–1.
    #[error("company {id} has ownership share {share}, outside 0-1")]
    ShareOutOfRange {
        /// The company.
        id: OrgUnitId,
        /// The share given.
        share: Decimal,
    },
    /// A fiscal year that begins in no month of the year.
    #[error("company {id} has its fiscal year begin in month {month}, outside 1-12")]
    FiscalYearStartOutOfRange {
        /// The company.
        id: OrgUnitId,
        /// The month given.
        month: u32,
    },
    /// A company unit without company information.
    #[error("company {id} has no company information (organisation number, share, financing)")]
    MissingCompanyInfo {
        /// The company.
        id: OrgUnitId,
    },
    /// Company information on a unit that is not a company.
    #[error("org unit {id} is a {kind} but carries company information")]
    UnexpectedCompanyInfo {
        /// The unit.
        id: OrgUnitId,
        /// Its kind.
        kind: OrgUnitKind,
    },
    /// A query named a unit the organisation does not have.
    #[error("unknown org unit {id}")]
    UnknownUnit {
        /// The id asked for.
        id: String,
    },
}

fn join_ids(ids: &[OrgUnitId]) -> String {
    ids.iter()
        .map(OrgUnitId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn join_cycle(ids: &[OrgUnitId]) -> String {
    let mut text = ids
        .iter()
        .map(OrgUnitId::as_str)
        .collect::<Vec<_>>()
        .join(" -> ");
    if let Some(first) = ids.first() {
        text.push_str(" -> ");
        text.push_str(first.as_str());
    }
    text
}

/// Every problem found when building an organisation, in the order found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in the organisation: {}", .0.len(), join_errors(.0))]
pub struct OrgErrors(pub Vec<OrgError>);

fn join_errors(errors: &[OrgError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The position of a unit in an [`Organisation`]'s pre-order: a dense index for arrays of
/// per-unit values. A unit's subtree is the run of indices from its own to the end of its
/// subtree ([`Organisation::subtree_range`]).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitIndex(u32);

impl UnitIndex {
    /// The index as a `usize`.
    pub fn get(self) -> usize {
        self.0 as usize
    }

    /// The index from its stored `u32` form.
    pub(crate) fn from_raw(index: u32) -> UnitIndex {
        UnitIndex(index)
    }
}

/// Collects units and builds an [`Organisation`], reporting every problem at once.
#[derive(Debug, Clone, Default)]
pub struct OrganisationBuilder {
    units: Vec<OrgUnit>,
}

impl OrganisationBuilder {
    /// Adds a unit.
    #[must_use]
    pub fn unit(mut self, unit: OrgUnit) -> OrganisationBuilder {
        self.units.push(unit);
        self
    }

    /// Adds units.
    #[must_use]
    pub fn units<I: IntoIterator<Item = OrgUnit>>(mut self, units: I) -> OrganisationBuilder {
        self.units.extend(units);
        self
    }

    /// Checks the units and builds the tree.
    ///
    /// # Errors
    /// [`OrgErrors`] listing every duplicate id, unknown parent, cycle, extra root, share
    /// outside 0–1 and missing or misplaced company information.
    pub fn build(self) -> Result<Organisation, OrgErrors> {
        Organisation::from_units(self.units)
    }
}

/// A validated organisation tree (organisation) with one root.
///
/// Units are stored in pre-order, so every unit's subtree is a contiguous run and roll-ups
/// over the tree are one pass.
///
/// ```
/// use styrmodell::{Organisation, OrgUnit, OrgUnitKind};
/// # fn main() -> Result<(), styrmodell::Error> {
/// let org = Organisation::builder()
///     .unit(OrgUnit::new("KF", "Kommunfullmäktige", OrgUnitKind::Council)?)
///     .unit(OrgUnit::new("SN", "Socialnämnden", OrgUnitKind::Committee)?.with_parent("KF")?)
///     .unit(OrgUnit::new("HEM", "Hemtjänst norr", OrgUnitKind::Unit)?.with_parent("SN")?)
///     .build()?;
/// let path: Vec<_> = org.path(&"HEM".parse()?)?.iter().map(|u| u.id.as_str()).collect();
/// assert_eq!(path, ["KF", "SN", "HEM"]);
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "OrganisationParts", into = "OrganisationParts")]
pub struct Organisation {
    /// Units in pre-order; the root first.
    units: Vec<OrgUnit>,
    /// Index of each unit's parent.
    parents: Vec<Option<u32>>,
    /// Exclusive end of each unit's subtree in pre-order.
    subtree_ends: Vec<u32>,
    /// Distance from the root.
    depths: Vec<u32>,
    /// Index of each id.
    index: HashMap<OrgUnitId, u32>,
}

#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Serialize, Deserialize)]
struct OrganisationParts {
    units: Vec<OrgUnit>,
}

impl TryFrom<OrganisationParts> for Organisation {
    type Error = OrgErrors;
    fn try_from(parts: OrganisationParts) -> Result<Organisation, OrgErrors> {
        Organisation::from_units(parts.units)
    }
}

impl From<Organisation> for OrganisationParts {
    fn from(org: Organisation) -> OrganisationParts {
        OrganisationParts { units: org.units }
    }
}

/// Turns a position into a `u32` index; organisations beyond 4 billion units are not modelled.
fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl Organisation {
    /// Starts an empty builder.
    pub fn builder() -> OrganisationBuilder {
        OrganisationBuilder::default()
    }

    /// Checks units given in any order and builds the tree; children keep the order given.
    ///
    /// # Errors
    /// As [`OrganisationBuilder::build`].
    pub fn from_units(units: Vec<OrgUnit>) -> Result<Organisation, OrgErrors> {
        if units.is_empty() {
            return Err(OrgErrors(vec![OrgError::Empty]));
        }
        let mut errors = Vec::new();
        let mut first_position: HashMap<&OrgUnitId, usize> = HashMap::with_capacity(units.len());
        let mut distinct = Vec::with_capacity(units.len());
        for (position, unit) in units.iter().enumerate() {
            if let Some(&first) = first_position.get(&unit.id) {
                errors.push(OrgError::DuplicateId {
                    id: unit.id.clone(),
                    first: first + 1,
                    second: position + 1,
                });
            } else {
                first_position.insert(&unit.id, position);
                distinct.push(position);
                errors.extend(company_problem(unit));
            }
        }
        let parent_of = resolve_parents(&units, &distinct, &first_position, &mut errors);
        let roots: Vec<usize> = distinct
            .iter()
            .copied()
            .filter(|&i| units.get(i).is_some_and(|u| u.parent.is_none()))
            .collect();
        if roots.len() > 1 {
            errors.push(OrgError::MultipleRoots {
                ids: roots
                    .iter()
                    .filter_map(|&i| units.get(i))
                    .map(|u| u.id.clone())
                    .collect(),
            });
        }
        errors.extend(find_cycles(&units, &distinct, &parent_of));
        let root = match roots.first() {
            Some(&root) if errors.is_empty() => root,
            _ => return Err(OrgErrors(errors)),
        };
        Ok(Organisation::in_pre_order(
            units, &distinct, &parent_of, root,
        ))
    }

    /// Lays out validated units in pre-order from `root`.
    fn in_pre_order(
        units: Vec<OrgUnit>,
        distinct: &[usize],
        parent_of: &[Option<usize>],
        root: usize,
    ) -> Organisation {
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
        for &i in distinct {
            if let Some(list) = parent_of
                .get(i)
                .copied()
                .flatten()
                .and_then(|p| children.get_mut(p))
            {
                list.push(i);
            }
        }
        let mut order = Vec::with_capacity(distinct.len());
        let mut stack = vec![root];
        while let Some(i) = stack.pop() {
            order.push(i);
            if let Some(kids) = children.get(i) {
                stack.extend(kids.iter().rev());
            }
        }
        let mut new_index = vec![0u32; units.len()];
        for (new, &old) in order.iter().enumerate() {
            if let Some(slot) = new_index.get_mut(old) {
                *slot = to_u32(new);
            }
        }
        let parents: Vec<Option<u32>> = order
            .iter()
            .map(|&old| {
                parent_of
                    .get(old)
                    .copied()
                    .flatten()
                    .and_then(|p| new_index.get(p).copied())
            })
            .collect();
        let mut slots: Vec<Option<OrgUnit>> = units.into_iter().map(Some).collect();
        let units: Vec<OrgUnit> = order
            .iter()
            .filter_map(|&old| slots.get_mut(old).and_then(Option::take))
            .collect();
        let (depths, subtree_ends) = depths_and_ends(&parents);
        let index = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.clone(), to_u32(i)))
            .collect();
        Organisation {
            units,
            parents,
            subtree_ends,
            depths,
            index,
        }
    }

    /// The number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Always false: an organisation has at least its root.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// All units in pre-order, the root first.
    pub fn units(&self) -> &[OrgUnit] {
        &self.units
    }

    /// The root unit.
    #[allow(clippy::indexing_slicing, reason = "from_units refuses an empty list")]
    pub fn root(&self) -> &OrgUnit {
        &self.units[0]
    }

    /// The unit with `id`, if any.
    pub fn get(&self, id: &str) -> Option<&OrgUnit> {
        self.index_of(id).and_then(|ix| self.unit_at(ix))
    }

    /// The dense index of the unit with `id`, if any.
    pub fn index_of(&self, id: &str) -> Option<UnitIndex> {
        self.index.get(id).copied().map(UnitIndex)
    }

    /// The unit at a dense index, if the index belongs to this organisation.
    pub fn unit_at(&self, index: UnitIndex) -> Option<&OrgUnit> {
        self.units.get(index.get())
    }

    /// The parent's index of the unit at `index`.
    pub fn parent_index(&self, index: UnitIndex) -> Option<UnitIndex> {
        self.parents
            .get(index.get())
            .copied()
            .flatten()
            .map(UnitIndex)
    }

    /// Each unit's parent index, in pre-order (parents always come before their children).
    pub(crate) fn parent_slots(&self) -> &[Option<u32>] {
        &self.parents
    }

    /// The indices of the subtree under `index`, itself first.
    pub fn subtree_range(&self, index: UnitIndex) -> Range<usize> {
        let end = self
            .subtree_ends
            .get(index.get())
            .map_or(index.get(), |&end| end as usize);
        index.get()..end
    }

    fn require(&self, id: &OrgUnitId) -> Result<usize, OrgError> {
        self.index_of(id.as_str())
            .map(UnitIndex::get)
            .ok_or_else(|| OrgError::UnknownUnit {
                id: id.as_str().to_owned(),
            })
    }

    /// The parent of `id`; `None` for the root.
    ///
    /// # Errors
    /// [`OrgError::UnknownUnit`] when `id` is not in the organisation.
    pub fn parent(&self, id: &OrgUnitId) -> Result<Option<&OrgUnit>, OrgError> {
        let i = self.require(id)?;
        Ok(self
            .parents
            .get(i)
            .copied()
            .flatten()
            .and_then(|p| self.units.get(p as usize)))
    }

    /// The children of `id`, in the order given.
    ///
    /// # Errors
    /// [`OrgError::UnknownUnit`] when `id` is not in the organisation.
    pub fn children(&self, id: &OrgUnitId) -> Result<Vec<&OrgUnit>, OrgError> {
        let i = self.require(id)?;
        let end = self.subtree_range(UnitIndex(to_u32(i))).end;
        let mut children = Vec::new();
        let mut child = i + 1;
        while child < end {
            children.extend(self.units.get(child));
            child = self.subtree_ends.get(child).map_or(end, |&e| e as usize);
        }
        Ok(children)
    }

    /// The ancestors of `id`, nearest first and the root last.
    ///
    /// # Errors
    /// [`OrgError::UnknownUnit`] when `id` is not in the organisation.
    pub fn ancestors(&self, id: &OrgUnitId) -> Result<Vec<&OrgUnit>, OrgError> {
        let mut next = self.parents.get(self.require(id)?).copied().flatten();
        let mut ancestors = Vec::new();
        while let Some(p) = next {
            ancestors.extend(self.units.get(p as usize));
            next = self.parents.get(p as usize).copied().flatten();
        }
        Ok(ancestors)
    }

    /// The path from the root to `id`, both included.
    ///
    /// # Errors
    /// [`OrgError::UnknownUnit`] when `id` is not in the organisation.
    pub fn path(&self, id: &OrgUnitId) -> Result<Vec<&OrgUnit>, OrgError> {
        let mut path = self.ancestors(id)?;
        path.reverse();
        path.extend(self.units.get(self.require(id)?));
        Ok(path)
    }

    /// The subtree of `id` in pre-order, itself first.
    ///
    /// # Errors
    /// [`OrgError::UnknownUnit`] when `id` is not in the organisation.
    pub fn subtree(&self, id: &OrgUnitId) -> Result<&[OrgUnit], OrgError> {
        let range = self.subtree_range(UnitIndex(to_u32(self.require(id)?)));
        Ok(self.units.get(range).unwrap_or_default())
    }

    /// Everything below `id` in pre-order.
    ///
    /// # Errors
    /// [`OrgError::UnknownUnit`] when `id` is not in the organisation.
    pub fn descendants(&self, id: &OrgUnitId) -> Result<&[OrgUnit], OrgError> {
        Ok(self.subtree(id)?.get(1..).unwrap_or_default())
    }

    /// The distance from the root (the root is 0).
    ///
    /// # Errors
    /// [`OrgError::UnknownUnit`] when `id` is not in the organisation.
    pub fn depth(&self, id: &OrgUnitId) -> Result<u32, OrgError> {
        Ok(self
            .depths
            .get(self.require(id)?)
            .copied()
            .unwrap_or_default())
    }

    /// The distance from the root of the unit at `index`.
    pub fn depth_at(&self, index: UnitIndex) -> u32 {
        self.depths.get(index.get()).copied().unwrap_or_default()
    }

    /// The units of `kind` within the subtree of `id`, itself included.
    ///
    /// # Errors
    /// [`OrgError::UnknownUnit`] when `id` is not in the organisation.
    pub fn of_kind_within(
        &self,
        id: &OrgUnitId,
        kind: OrgUnitKind,
    ) -> Result<Vec<&OrgUnit>, OrgError> {
        Ok(self
            .subtree(id)?
            .iter()
            .filter(|u| u.kind == kind)
            .collect())
    }

    /// The tree as indented text, one unit a line: `  Socialnämnden (SN, nämnd)`.
    pub fn render_tree(&self) -> String {
        let mut text = String::new();
        for (i, unit) in self.units.iter().enumerate() {
            let depth = self.depths.get(i).copied().unwrap_or_default() as usize;
            let company = unit.company.as_ref().map_or(String::new(), |c| {
                format!(
                    ", {} % ägt",
                    (c.ownership_share * Decimal::ONE_HUNDRED).normalize()
                )
            });
            let _ = writeln!(
                text,
                "{:indent$}{} ({}, {}{company})",
                "",
                unit.name,
                unit.id,
                unit.kind.label_sv(),
                indent = depth * 2
            );
        }
        text
    }
}

/// What is wrong with a unit's company information, if anything.
fn company_problem(unit: &OrgUnit) -> Option<OrgError> {
    match (&unit.company, unit.kind) {
        (None, OrgUnitKind::Company) => Some(OrgError::MissingCompanyInfo {
            id: unit.id.clone(),
        }),
        // A kommunalförbund carries the municipality's member share the same way.
        (Some(_), kind) if !matches!(kind, OrgUnitKind::Company | OrgUnitKind::Association) => {
            Some(OrgError::UnexpectedCompanyInfo {
                id: unit.id.clone(),
                kind,
            })
        }
        (Some(company), _)
            if !(Decimal::ZERO..=Decimal::ONE).contains(&company.ownership_share) =>
        {
            Some(OrgError::ShareOutOfRange {
                id: unit.id.clone(),
                share: company.ownership_share,
            })
        }
        (Some(company), _) if !(1..=12).contains(&company.fiscal_year_start_month()) => {
            Some(OrgError::FiscalYearStartOutOfRange {
                id: unit.id.clone(),
                month: company.fiscal_year_start_month(),
            })
        }
        _ => None,
    }
}

/// Each unit's parent position (for first occurrences of ids), reporting unknown parents.
fn resolve_parents(
    units: &[OrgUnit],
    distinct: &[usize],
    first_position: &HashMap<&OrgUnitId, usize>,
    errors: &mut Vec<OrgError>,
) -> Vec<Option<usize>> {
    let mut parent_of = vec![None; units.len()];
    for &i in distinct {
        let Some(unit) = units.get(i) else { continue };
        let Some(parent) = &unit.parent else { continue };
        match first_position.get(parent) {
            Some(&p) => {
                if let Some(slot) = parent_of.get_mut(i) {
                    *slot = Some(p);
                }
            }
            None => errors.push(OrgError::UnknownParent {
                id: unit.id.clone(),
                parent: parent.clone(),
            }),
        }
    }
    parent_of
}

/// Every cycle in the parent links, each reported once, in the order first met.
fn find_cycles(
    units: &[OrgUnit],
    distinct: &[usize],
    parent_of: &[Option<usize>],
) -> Vec<OrgError> {
    const UNSEEN: u8 = 0;
    const ON_WALK: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; units.len()];
    let mut cycles = Vec::new();
    for &start in distinct {
        let mut walk = Vec::new();
        let mut current = Some(start);
        while let Some(i) = current {
            match state.get(i).copied() {
                Some(UNSEEN) => {
                    if let Some(s) = state.get_mut(i) {
                        *s = ON_WALK;
                    }
                    walk.push(i);
                    current = parent_of.get(i).copied().flatten();
                }
                Some(ON_WALK) => {
                    let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                    let ids = walk
                        .get(from..)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|&w| units.get(w))
                        .map(|u| u.id.clone())
                        .collect();
                    cycles.push(OrgError::Cycle { ids });
                    current = None;
                }
                _ => current = None,
            }
        }
        for i in walk {
            if let Some(s) = state.get_mut(i) {
                *s = DONE;
            }
        }
    }
    cycles
}

/// Depth and subtree end of every unit, from parents given in pre-order.
fn depths_and_ends(parents: &[Option<u32>]) -> (Vec<u32>, Vec<u32>) {
    let n = parents.len();
    let mut depths = vec![0u32; n];
    for i in 0..n {
        let depth = parents
            .get(i)
            .copied()
            .flatten()
            .and_then(|p| depths.get(p as usize))
            .map_or(0, |d| d + 1);
        if let Some(slot) = depths.get_mut(i) {
            *slot = depth;
        }
    }
    // In pre-order, a subtree ends where the next unit at the same or a lower depth starts;
    // walking backwards, each unit's end is the largest end among its children.
    let mut ends: Vec<u32> = (1..=n).map(to_u32).collect();
    for i in (1..n).rev() {
        let (Some(Some(p)), Some(&end)) = (parents.get(i), ends.get(i)) else {
            continue;
        };
        if let Some(parent_end) = ends.get_mut(*p as usize) {
            *parent_end = (*parent_end).max(end);
        }
    }
    (depths, ends)
}

#[cfg(test)]
mod tests;
