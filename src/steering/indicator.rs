//! Indicators (indikatorer, nyckeltal, mått): what is measured, in which unit and direction,
//! from which source, with baseline, yearly targets and how values aggregate across units.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::observation::{Measured, ObservationPeriod};
use super::threshold::Threshold;
use crate::chart::AccountPrefix;
use crate::org::OrgUnitKind;
use crate::period::Year;
use crate::rollup::Bucket;

crate::id::text_id!(
    /// The id of an indicator, such as `EM4-CHEFER`.
    IndicatorId,
    "indicator"
);

/// The unit of an indicator's values.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureUnit {
    /// Per cent (procent).
    Percent,
    /// A count (antal).
    Count,
    /// Kronor.
    Sek,
    /// Kronor per inhabitant (kr/invånare).
    SekPerInhabitant,
    /// Days (dagar).
    Days,
    /// An index or score.
    Index,
    /// Yes or no (ja/nej).
    YesNo,
    /// Any other unit, by name.
    Custom(String),
}

impl MeasureUnit {
    /// The symbol written after a value: `%`, `kr`, `dagar`, ...
    pub fn symbol(&self) -> &str {
        match self {
            MeasureUnit::Percent => "%",
            MeasureUnit::Count | MeasureUnit::Index | MeasureUnit::YesNo => "",
            MeasureUnit::Sek => "kr",
            MeasureUnit::SekPerInhabitant => "kr/inv",
            MeasureUnit::Days => "days",
            MeasureUnit::Custom(name) => name,
        }
    }
}

/// Which direction is better.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher is better.
    HigherIsBetter,
    /// Lower is better (costs, waiting times).
    LowerIsBetter,
    /// Best within a band (the target's `Between`).
    InBand,
    /// No direction: shown, never coloured.
    Neutral,
}

/// How often values are measured.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Periodicity {
    /// Every month.
    Monthly,
    /// Every tertial.
    Tertial,
    /// Every quarter.
    Quarterly,
    /// Every half-year.
    HalfYear,
    /// Once a year.
    Yearly,
}

/// One signed term of a ledger formula: the outcome (or forecast or budget) of a bucket of
/// accounts, added or subtracted.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// Add the bucket's amount.
    Plus(Bucket),
    /// Subtract the bucket's amount.
    Minus(Bucket),
    /// Add the accounts starting with a prefix.
    PlusPrefix(AccountPrefix),
    /// Subtract the accounts starting with a prefix.
    MinusPrefix(AccountPrefix),
}

/// An indicator computed from the ledger as a share: Σ numerator terms / Σ denominator terms,
/// over the owner's subtree, in per cent. The result share (resultatandel) of the financial
/// goal is −(all income-statement lines) / −(tax revenue + general grants).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LedgerFormula {
    /// Terms summed above the line.
    pub numerator: Vec<Term>,
    /// Terms summed below the line.
    pub denominator: Vec<Term>,
}

impl LedgerFormula {
    /// The result share: årets resultat / (skatteintäkter + generella statsbidrag och
    /// utjämning), both positive for a surplus.
    pub fn result_share() -> LedgerFormula {
        use crate::chart::IncomeStatementLine::{GeneralGrantsAndEqualisation, TaxRevenue};
        LedgerFormula {
            numerator: vec![Term::Minus(Bucket::All)],
            denominator: vec![
                Term::Minus(Bucket::Line(TaxRevenue)),
                Term::Minus(Bucket::Line(GeneralGrantsAndEqualisation)),
            ],
        }
    }
}

/// Where an indicator's values come from.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IndicatorSource {
    /// Entered by hand or from a survey.
    Manual,
    /// A Kolada key figure, by its id (`N00945`).
    Kolada(String),
    /// Computed from the ledger.
    Ledger(LedgerFormula),
    /// The share of units of a kind, within the scope assessed, with a yes observation
    /// ("more than 80 % of the units use the system").
    ShareOfUnits(OrgUnitKind),
    /// The share of units of a kind, within the scope assessed, whose outcome to date is
    /// within their budget to date (net over the income statement, current budget), computed
    /// from the ledger as of the assessment ("more than 80 % of the units keep their budget").
    UnitsWithinBudget(OrgUnitKind),
    /// Counted from the planning records ([`crate::planning::PlanningRecords::count`]), which
    /// give one observation a unit (1 of 1 or 0 of 1; for projects, k of n at the owning
    /// unit) naming what was counted; pooled over the scope like any share.
    Records(RecordMeasure),
    /// A financial key ratio from the ledger's balance sheet and income statement at the end of
    /// the period (or of what is known of it), as a share: financial goals such as "soliditet
    /// inklusive pensionsförpliktelser at least 10 %".
    KeyRatio(KeyRatio),
}

/// A financial key ratio an indicator can follow (see [`crate::balance_sheet::KeyRatios`] for
/// the formulas).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeyRatio {
    /// Soliditet.
    EquityRatio,
    /// Soliditet inklusive pensionsförpliktelser, with the commitment reported outside the
    /// balance sheet.
    EquityRatioWithPensions {
        /// The pension commitment (ansvarsförbindelse), kronor.
        pension_commitment: crate::amount::Amount,
    },
    /// Skuldsättningsgrad.
    DebtRatio,
    /// Kassalikviditet.
    QuickRatio,
    /// Självfinansieringsgrad av investeringar.
    SelfFinancing,
    /// Nettokostnadsandel.
    NetCostShare,
}

/// What the planning records can count: the effect goals of a planning system measured from
/// its own data.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecordMeasure {
    /// Units (enheter) whose manager, in the manager's role, submitted both the unit's budget
    /// for the year and a forecast made in the year ("fler än 80 % av cheferna själva gör sin
    /// budget och prognos"). Units without a manager on record in the year are not counted.
    ManagersOwnBudgetAndForecast,
    /// Units (enheter) with at least one activity in their activity plan for the year.
    UnitsWithActivityPlan,
    /// Committees (nämnder) that submitted a follow-up in the year.
    CommitteesWithFollowUp,
    /// Investment projects not finished by the knowledge date whose every open cost line has
    /// an estimate of what remains made within the last `within_months` months.
    ProjectsWithCurrentForecast {
        /// How old an estimate may be, in months.
        within_months: u32,
    },
    /// Companies that reported at least one indicator value for the year and followed up
    /// every assignment given to them in the year.
    CompaniesReporting,
}

/// How an indicator's values combine across units. Aggregates are always recomputed from the
/// observations; a value entered at a unit is never overwritten by one computed from below it.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Aggregation {
    /// The sum (counts, kronor).
    Sum,
    /// Pooled shares: Σ numerators / Σ denominators (the default for percentages).
    PooledRatio,
    /// The unweighted mean of the units' values.
    Mean,
    /// The mean weighted by another indicator's values at the same units.
    WeightedMean(IndicatorId),
    /// The smallest value.
    Min,
    /// The largest value.
    Max,
    /// The value of the latest period observed.
    Latest,
    /// The share of units whose value meets a threshold.
    ShareMeeting(Threshold),
    /// Values do not combine; only a unit's own value counts.
    NotAggregatable,
}

/// An indicator (indikator, nyckeltal).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Its id.
    pub id: IndicatorId,
    /// Its name.
    pub name: String,
    /// How it is defined (definition).
    #[serde(default)]
    pub definition: String,
    /// The unit of its values.
    pub unit: MeasureUnit,
    /// Which direction is better.
    pub polarity: Polarity,
    /// Where values come from.
    pub source: IndicatorSource,
    /// How often it is measured.
    pub periodicity: Periodicity,
    /// Whether values are split by gender (kön).
    #[serde(default)]
    pub gender_split: bool,
    /// The baseline (utgångsvärde) and its period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<(ObservationPeriod, Measured)>,
    /// The target (årsmål) per year.
    #[serde(default)]
    pub targets: BTreeMap<Year, Threshold>,
    /// How values combine across units.
    pub aggregation: Aggregation,
    /// Changes smaller than this count as unchanged in trends.
    #[serde(default, with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub unchanged_band: rust_decimal::Decimal,
}

impl Indicator {
    /// A manual indicator with no baseline or targets, pooled if in per cent, else summed.
    pub fn new(id: IndicatorId, name: &str, unit: MeasureUnit, polarity: Polarity) -> Indicator {
        let aggregation = if unit == MeasureUnit::Percent {
            Aggregation::PooledRatio
        } else {
            Aggregation::Sum
        };
        Indicator {
            id,
            name: name.to_owned(),
            definition: String::new(),
            unit,
            polarity,
            source: IndicatorSource::Manual,
            periodicity: Periodicity::Yearly,
            gender_split: false,
            baseline: None,
            targets: BTreeMap::new(),
            aggregation,
            unchanged_band: rust_decimal::Decimal::ZERO,
        }
    }

    /// Sets the source.
    #[must_use]
    pub fn with_source(mut self, source: IndicatorSource) -> Indicator {
        self.source = source;
        self
    }

    /// Sets the aggregation.
    #[must_use]
    pub fn with_aggregation(mut self, aggregation: Aggregation) -> Indicator {
        self.aggregation = aggregation;
        self
    }

    /// Sets the target for a year.
    #[must_use]
    pub fn with_target(mut self, year: Year, threshold: Threshold) -> Indicator {
        self.targets.insert(year, threshold);
        self
    }

    /// Sets the baseline.
    #[must_use]
    pub fn with_baseline(mut self, period: ObservationPeriod, value: Measured) -> Indicator {
        self.baseline = Some((period, value));
        self
    }
}
