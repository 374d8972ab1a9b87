//! The statutory income statement (resultaträkning) in the layout of RKR R11 and the law on
//! municipal accounting (LKBR), with its subtotals, in the sign Swedish annual reports use.
//!
//! The ledger keeps the ledger sign (costs positive, revenue negative); an annual report shows
//! revenue positive and costs negative. [`Sign`] says which, and a report's header names it.
//! Transactions between parts of the municipality itself (internal rents and purchases,
//! internal interest; facts with [`Counterpart::Internal`](crate::Counterpart)) are eliminated
//! from the municipality's own statement; the follow-up per committee (driftredovisning)
//! keeps them. Items affecting comparability (jämförelsestörande poster) are declared and
//! shown beside the line they sit on.
//!
//! ```
//! use styrmodell::{Amount, finance::IncomeStatement, statements::{IncomeStatementRkr, RkrRow, Sign}};
//! use styrmodell::IncomeStatementLine::*;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Göteborg's municipality 2018 (mnkr, ledger sign), from its annual report.
//! let mut lines = std::collections::BTreeMap::new();
//! for (line, mnkr) in [(OperatingRevenue, "-10932"), (OperatingCosts, "39658"), (Depreciation, "1490"),
//!     (TaxRevenue, "-27590"), (GeneralGrantsAndEqualisation, "-3705"), (FinancialIncome, "-1224"),
//!     (FinancialCosts, "511")] {
//!     lines.insert(line, mnkr.parse::<Amount>()?);
//! }
//! let statement = IncomeStatementRkr::new(&IncomeStatement { lines }, &[], Sign::Presentation)?;
//! assert_eq!(statement.amount(RkrRow::NetOperatingCosts), "-30216".parse()?);
//! assert_eq!(statement.amount(RkrRow::ResultAfterFinancialItems), "1792".parse()?);
//! assert_eq!(statement.amount(RkrRow::ResultOfTheYear), "1792".parse()?);
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::amount::{Amount, AmountError};
use crate::chart::{Counterpart, IncomeStatementLine};
use crate::finance::IncomeStatement;
use crate::ledger::{Ledger, LedgerError};
use crate::ledger_as_of::LedgerAsOf;
use crate::org::OrgUnitId;
use crate::period::PeriodRange;
use crate::ratio::Ratio;
use crate::rollup::{AccountGrouping, Measure};

/// The sign amounts are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    /// As annual reports show them: revenue and a surplus positive, costs negative.
    #[default]
    Presentation,
    /// As the ledger keeps them: costs positive, revenue negative.
    Ledger,
}

/// A row of the income statement in the RKR layout: lines and subtotals in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RkrRow {
    /// Verksamhetens intäkter.
    OperatingRevenue,
    /// Verksamhetens kostnader.
    OperatingCosts,
    /// Avskrivningar.
    Depreciation,
    /// Verksamhetens nettokostnader: the three above.
    NetOperatingCosts,
    /// Skatteintäkter.
    TaxRevenue,
    /// Generella statsbidrag och utjämning.
    GeneralGrantsAndEqualisation,
    /// Verksamhetens resultat: net operating costs, taxes, grants and equalisation.
    OperatingResult,
    /// Finansiella intäkter.
    FinancialIncome,
    /// Finansiella kostnader.
    FinancialCosts,
    /// Resultat efter finansiella poster.
    ResultAfterFinancialItems,
    /// Extraordinära poster.
    ExtraordinaryItems,
    /// Årets resultat.
    ResultOfTheYear,
}

impl RkrRow {
    /// Every row in order.
    pub const ALL: [RkrRow; 12] = [
        RkrRow::OperatingRevenue,
        RkrRow::OperatingCosts,
        RkrRow::Depreciation,
        RkrRow::NetOperatingCosts,
        RkrRow::TaxRevenue,
        RkrRow::GeneralGrantsAndEqualisation,
        RkrRow::OperatingResult,
        RkrRow::FinancialIncome,
        RkrRow::FinancialCosts,
        RkrRow::ResultAfterFinancialItems,
        RkrRow::ExtraordinaryItems,
        RkrRow::ResultOfTheYear,
    ];

    /// The income-statement lines the row sums: one for a line, several for a subtotal.
    pub fn lines(self) -> &'static [IncomeStatementLine] {
        use IncomeStatementLine as L;
        const NET: [L; 3] = [L::OperatingRevenue, L::OperatingCosts, L::Depreciation];
        const OPERATING: [L; 5] = [
            L::OperatingRevenue,
            L::OperatingCosts,
            L::Depreciation,
            L::TaxRevenue,
            L::GeneralGrantsAndEqualisation,
        ];
        const FINANCIAL: [L; 7] = [
            L::OperatingRevenue,
            L::OperatingCosts,
            L::Depreciation,
            L::TaxRevenue,
            L::GeneralGrantsAndEqualisation,
            L::FinancialIncome,
            L::FinancialCosts,
        ];
        match self {
            RkrRow::OperatingRevenue => &[L::OperatingRevenue],
            RkrRow::OperatingCosts => &[L::OperatingCosts],
            RkrRow::Depreciation => &[L::Depreciation],
            RkrRow::NetOperatingCosts => &NET,
            RkrRow::TaxRevenue => &[L::TaxRevenue],
            RkrRow::GeneralGrantsAndEqualisation => &[L::GeneralGrantsAndEqualisation],
            RkrRow::OperatingResult => &OPERATING,
            RkrRow::FinancialIncome => &[L::FinancialIncome],
            RkrRow::FinancialCosts => &[L::FinancialCosts],
            RkrRow::ResultAfterFinancialItems => &FINANCIAL,
            RkrRow::ExtraordinaryItems => &[L::ExtraordinaryItems],
            RkrRow::ResultOfTheYear => &IncomeStatementLine::ALL,
        }
    }

    /// Whether the row is a subtotal or the total.
    pub fn is_subtotal(self) -> bool {
        self.lines().len() > 1
    }

    /// The Swedish caption.
    pub fn label_sv(self) -> &'static str {
        match self {
            RkrRow::NetOperatingCosts => "Verksamhetens nettokostnader",
            RkrRow::OperatingResult => "Verksamhetens resultat",
            RkrRow::ResultAfterFinancialItems => "Resultat efter finansiella poster",
            RkrRow::ResultOfTheYear => "Årets resultat",
            line => line.lines().first().map_or("", |l| l.label_sv()),
        }
    }

    /// The English caption.
    pub fn label_en(self) -> &'static str {
        match self {
            RkrRow::NetOperatingCosts => "Net operating costs",
            RkrRow::OperatingResult => "Operating result",
            RkrRow::ResultAfterFinancialItems => "Result after financial items",
            RkrRow::ResultOfTheYear => "Result of the year",
            line => line.lines().first().map_or("", |l| l.label_en()),
        }
    }
}

/// An item affecting comparability (jämförelsestörande post): a declared amount on a line,
/// ledger-signed, with what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparabilityItem {
    /// What it is ("återbetalning av AFA-premier").
    pub description: String,
    /// The line it sits on.
    pub line: IncomeStatementLine,
    /// The amount, ledger-signed.
    pub amount: Amount,
}

/// One row's amount and the part of it that affects comparability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowAmount {
    /// The row.
    pub row: RkrRow,
    /// Its amount in the statement's sign.
    pub amount: Amount,
    /// Of which items affecting comparability, in the statement's sign.
    pub of_which_comparability: Amount,
}

/// An income statement in the RKR layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeStatementRkr {
    /// The sign of the amounts.
    pub sign: Sign,
    /// Every row in order.
    pub rows: Vec<RowAmount>,
}

impl IncomeStatementRkr {
    /// The statement of `lines` (ledger-signed) in `sign`, with `comparability` items shown
    /// beside the rows that carry them.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn new(
        lines: &IncomeStatement,
        comparability: &[ComparabilityItem],
        sign: Sign,
    ) -> Result<IncomeStatementRkr, AmountError> {
        let mut marked: BTreeMap<IncomeStatementLine, Amount> = BTreeMap::new();
        for item in comparability {
            let cell = marked.entry(item.line).or_insert(Amount::ZERO);
            *cell = cell.checked_add(item.amount)?;
        }
        let signed = |amount: Amount| match sign {
            Sign::Presentation => amount.negated(),
            Sign::Ledger => amount,
        };
        let rows = RkrRow::ALL
            .into_iter()
            .map(|row| {
                let sum = |source: &dyn Fn(IncomeStatementLine) -> Amount| {
                    Amount::checked_sum(row.lines().iter().map(|l| source(*l)))
                };
                let amount = sum(&|l| lines.lines.get(&l).copied().unwrap_or(Amount::ZERO))?;
                let marked = sum(&|l| marked.get(&l).copied().unwrap_or(Amount::ZERO))?;
                Ok(RowAmount {
                    row,
                    amount: signed(amount),
                    of_which_comparability: signed(marked),
                })
            })
            .collect::<Result<Vec<_>, AmountError>>()?;
        Ok(IncomeStatementRkr { sign, rows })
    }

    /// The amount of `row`.
    pub fn amount(&self, row: RkrRow) -> Amount {
        self.rows
            .iter()
            .find(|r| r.row == row)
            .map_or(Amount::ZERO, |r| r.amount)
    }

    fn of_which(&self, row: RkrRow) -> Amount {
        self.rows
            .iter()
            .find(|r| r.row == row)
            .map_or(Amount::ZERO, |r| r.of_which_comparability)
    }

    /// Årets resultat as a share of skatteintäkter plus generella statsbidrag och utjämning
    /// (resultatandel); without items affecting comparability when `excluding_comparability`.
    /// `None` when taxes and grants are zero.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] for a sum out of range.
    pub fn result_share(
        &self,
        excluding_comparability: bool,
    ) -> Result<Option<Ratio>, AmountError> {
        let mut result = self.amount(RkrRow::ResultOfTheYear);
        let mut base = self
            .amount(RkrRow::TaxRevenue)
            .checked_add(self.amount(RkrRow::GeneralGrantsAndEqualisation))?;
        if excluding_comparability {
            result = result.checked_sub(self.of_which(RkrRow::ResultOfTheYear))?;
            base = base
                .checked_sub(self.of_which(RkrRow::TaxRevenue))?
                .checked_sub(self.of_which(RkrRow::GeneralGrantsAndEqualisation))?;
        }
        // Whatever the sign, the share of a surplus over positive taxes is positive.
        Ok(Ratio::new(result.to_decimal(), base.to_decimal())
            .ok()
            .filter(|_| !base.is_zero()))
    }
}

/// The municipality-internal part of `ledger`: the facts whose counterpart is another part of
/// the municipality ([`Counterpart::Internal`]), with the same organisation, chart, horizon,
/// decisions and closings, so it rolls up by the same rules.
pub fn internal_part(ledger: &Ledger) -> Ledger {
    let internal = |tag: u32| {
        ledger
            .tags_of(tag)
            .is_some_and(|t| t.counterpart == Some(Counterpart::Internal))
    };
    let kept: Result<Ledger, std::convert::Infallible> =
        ledger.with_units_mapped(ledger.organisation().clone(), |row, pieces| {
            if internal(row.tag) {
                pieces.push((row.unit, row.amount));
            }
            Ok(())
        });
    match kept {
        Ok(ledger) => ledger,
        Err(never) => match never {},
    }
}

/// The lines of `unit`'s subtree for `measure` over `months` as known in `view`, with the
/// municipality-internal transactions of `internal` (see [`internal_part`]) taken out.
///
/// # Errors
/// [`LedgerError`] for an unknown unit or a sum out of range.
pub fn eliminated_lines(
    view: &LedgerAsOf<'_>,
    internal: &Ledger,
    unit: &OrgUnitId,
    measure: Measure,
    months: PeriodRange,
    full_year: bool,
) -> Result<IncomeStatement, LedgerError> {
    let internal_view = internal.as_of(view.as_of());
    let (all, inside) = if full_year {
        (
            view.full_year(AccountGrouping::IncomeStatementLine),
            internal_view.full_year(AccountGrouping::IncomeStatementLine),
        )
    } else {
        (
            view.roll_up(AccountGrouping::IncomeStatementLine, months),
            internal_view.roll_up(AccountGrouping::IncomeStatementLine, months),
        )
    };
    let all = IncomeStatement::from_cube(&all, unit, measure, months)?;
    let inside = IncomeStatement::from_cube(&inside, unit, measure, months)?;
    let lines = all
        .lines
        .iter()
        .map(|(line, amount)| {
            let internal = inside.lines.get(line).copied().unwrap_or(Amount::ZERO);
            let external = amount
                .checked_sub(internal)
                .map_err(|_| LedgerError::Overflow {
                    unit: unit.to_string(),
                    what: format!("{line:?} less internal transactions"),
                })?;
            Ok((*line, external))
        })
        .collect::<Result<_, LedgerError>>()?;
    Ok(IncomeStatement { lines })
}
