//! The ledger as of a date (huvudboken per ett datum): the one view every follow-up, roll-up,
//! forecast and report reads, so that no computation sees a figure that was not known on its
//! knowledge date.

use crate::amount::Amount;
use crate::as_of::AsOf;
use crate::ledger::{Layer, Ledger, LedgerError, ProjectId};
use crate::period::{Month, PeriodRange, Year};
use crate::rollup::{AccountGrouping, Cube, FullYearSpec, Visibility};

/// A ledger seen as of a date: budget revisions decided by then, forecasts made by then,
/// outcome of the months reported by then.
///
/// ```
/// use styrmodell::{AccountGrouping, AsOf, BudgetRule, Measure, demo};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ledger = demo::ledger()?;
/// let february = ledger.as_of(AsOf::end_of("2022-02".parse()?));
/// // The April revision of elderly care's budget is not known in February.
/// let year = "2022".parse::<styrmodell::Year>()?.months();
/// let cube = february.roll_up(AccountGrouping::All, year);
/// let current = cube.value_of(&"SN".parse()?, Measure::Budget(BudgetRule::Current), None, year)?;
/// let original = cube.value_of(&"SN".parse()?, Measure::Budget(BudgetRule::Revision(0)), None, year)?;
/// assert_eq!(current, original);
/// // And no forecast was made by then.
/// assert_eq!(february.forecast_basis(), None);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct LedgerAsOf<'a> {
    ledger: &'a Ledger,
    as_of: AsOf,
    visibility: Visibility,
}

impl Ledger {
    /// The ledger as of `as_of`: what was known on its knowledge date.
    pub fn as_of(&self, as_of: AsOf) -> LedgerAsOf<'_> {
        LedgerAsOf {
            ledger: self,
            as_of,
            visibility: Visibility::as_of(self, as_of),
        }
    }
}

impl<'a> LedgerAsOf<'a> {
    /// The whole ledger.
    pub fn ledger(&self) -> &'a Ledger {
        self.ledger
    }

    /// The period end and knowledge date.
    pub fn as_of(&self) -> AsOf {
        self.as_of
    }

    /// Rolls up what was known, as [`Ledger::roll_up`] does for everything.
    pub fn roll_up(&self, grouping: AccountGrouping, months: PeriodRange) -> Cube<'a> {
        Cube::build(self.ledger, grouping, months, &self.visibility, None)
    }

    /// The forecast the full year rests on: the declared forecast basis when the ledger has
    /// it, else the latest forecast of the as-of month's year made by then; `None` when no
    /// forecast of the year was made by then.
    pub fn forecast_basis(&self) -> Option<Month> {
        let made = self
            .ledger
            .forecasts_made_in(PeriodRange::year_to_date(self.as_of.month()));
        let known = |m: &Month| self.as_of.knows_forecast(*m);
        self.as_of
            .forecast_basis()
            .filter(|basis| made.contains(basis) && known(basis))
            .or_else(|| made.iter().rev().find(|m| known(m)).copied())
    }

    /// A roll-up over the as-of month's year with the full-year forecast
    /// ([`crate::Measure::FullYearForecast`]) when a forecast was made by then: the forecast
    /// where it covers a unit and account, outcome to date plus remaining budget elsewhere
    /// ([`Cube::filled_forecasts`]).
    pub fn full_year(&self, grouping: AccountGrouping) -> Cube<'a> {
        let year = self.as_of.month().year().months();
        let spec = self.forecast_basis().map(|made| FullYearSpec {
            made,
            as_of: self.as_of.month(),
        });
        Cube::build(self.ledger, grouping, year, &self.visibility, spec.as_ref())
    }

    /// The known outcome tagged with `project` in `months` (an investment project's outcome to
    /// date, say).
    ///
    /// # Errors
    /// [`LedgerError::Overflow`] when the sum is beyond the range of an amount.
    pub fn project_outcome(
        &self,
        project: &ProjectId,
        months: PeriodRange,
    ) -> Result<Amount, LedgerError> {
        self.ledger
            .project_total_where(project, Layer::Outcome, months, |layer, month| {
                self.visibility.sees(layer, month)
            })
    }

    /// Whether `fact` was known (its layer and, for outcome, its month).
    pub fn knows(&self, fact: &crate::ledger::Fact) -> bool {
        let layer = self
            .ledger
            .layer_table()
            .iter()
            .position(|l| *l == fact.layer)
            .and_then(|i| u8::try_from(i).ok());
        match (layer, self.ledger.month_offset(fact.month)) {
            (Some(layer), Some(month)) => self.visibility.sees(layer, month),
            _ => false,
        }
    }

    /// Whether any budget fact of `year` was known.
    pub fn has_budget(&self, year: Year) -> bool {
        self.has(year, |layer| matches!(layer, Layer::Budget { .. }))
    }

    /// Whether any outcome of `year` was known.
    pub fn has_outcome(&self, year: Year) -> bool {
        self.has(year, |layer| layer == Layer::Outcome)
    }

    fn has(&self, year: Year, wanted: impl Fn(Layer) -> bool) -> bool {
        let layers = self.ledger.layer_table();
        self.ledger.rows().any(|row| {
            layers
                .get(usize::from(row.layer))
                .is_some_and(|l| wanted(*l))
                && self.visibility.sees(row.layer, row.month)
                && self
                    .ledger
                    .month_at(row.month)
                    .is_some_and(|m| m.year() == year)
        })
    }
}
