//! Stocks beside flows: the balance sheet (balansräkning, LKBR 5 kap.) of any month from the
//! year's opening balances and the outcome on balance accounts, the cash-flow statement
//! (kassaflödesanalys, indirect method) between two balance sheets, and the financial key
//! ratios (finansiella nyckeltal) with their formulas.
//!
//! Balance accounts map to the balance sheet's headings by their Kommun-Bas group: 10
//! immateriella, 11 mark, byggnader och tekniska anläggningar, 12 maskiner och inventarier, 13
//! finansiella anläggningstillgångar; 14 förråd, 15–17 fordringar, 18 kortfristiga placeringar,
//! 19 kassa och bank; 20 eget kapital, 21–22 avsättningar, 23 långfristiga skulder, 24–29
//! kortfristiga skulder. Amounts here are in the presentation sign: assets, equity and
//! liabilities positive.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::amount::{Amount, AmountError};
use crate::chart::{AccountClass, AccountCode, IncomeStatementLine};
use crate::ledger::LedgerError;
use crate::ledger_as_of::LedgerAsOf;
use crate::org::OrgUnitId;
use crate::period::{Month, PeriodRange, Year};
use crate::ratio::Ratio;
use crate::rollup::{AccountGrouping, Bucket, Measure};
use crate::statements::{IncomeStatementRkr, RkrRow};

/// A heading of the balance sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BalanceLine {
    /// Immateriella anläggningstillgångar (group 10).
    IntangibleAssets,
    /// Mark, byggnader och tekniska anläggningar (11).
    LandAndBuildings,
    /// Maskiner och inventarier (12).
    Machinery,
    /// Finansiella anläggningstillgångar (13).
    FinancialAssets,
    /// Förråd m.m. (14).
    Inventories,
    /// Fordringar (15–17).
    Receivables,
    /// Kortfristiga placeringar (18).
    ShortTermInvestments,
    /// Kassa och bank (19).
    Cash,
    /// Eget kapital before the year's result (20).
    Equity,
    /// Årets resultat: the income statement's result to the month.
    ResultOfTheYear,
    /// Avsättningar (21–22), pensions among them.
    Provisions,
    /// Långfristiga skulder (23).
    LongTermLiabilities,
    /// Kortfristiga skulder (24–29).
    ShortTermLiabilities,
}

impl BalanceLine {
    /// Every heading in order.
    pub const ALL: [BalanceLine; 13] = [
        BalanceLine::IntangibleAssets,
        BalanceLine::LandAndBuildings,
        BalanceLine::Machinery,
        BalanceLine::FinancialAssets,
        BalanceLine::Inventories,
        BalanceLine::Receivables,
        BalanceLine::ShortTermInvestments,
        BalanceLine::Cash,
        BalanceLine::Equity,
        BalanceLine::ResultOfTheYear,
        BalanceLine::Provisions,
        BalanceLine::LongTermLiabilities,
        BalanceLine::ShortTermLiabilities,
    ];

    /// The heading of a balance account by its Kommun-Bas group; `None` off the balance sheet.
    pub fn of_account(code: AccountCode) -> Option<BalanceLine> {
        Some(match code.group() {
            10 => BalanceLine::IntangibleAssets,
            11 => BalanceLine::LandAndBuildings,
            12 => BalanceLine::Machinery,
            13 => BalanceLine::FinancialAssets,
            14 => BalanceLine::Inventories,
            15..=17 => BalanceLine::Receivables,
            18 => BalanceLine::ShortTermInvestments,
            19 => BalanceLine::Cash,
            20 => BalanceLine::Equity,
            21 | 22 => BalanceLine::Provisions,
            23 => BalanceLine::LongTermLiabilities,
            24..=29 => BalanceLine::ShortTermLiabilities,
            _ => return None,
        })
    }

    /// Whether it is an asset.
    pub fn is_asset(self) -> bool {
        self < BalanceLine::Equity
    }

    /// A ledger-signed amount of this heading in the presentation sign: assets keep the
    /// ledger sign; equity and liabilities (credit, negative) turn positive.
    pub(crate) fn presented(self, ledger: Amount) -> Amount {
        if self.is_asset() {
            ledger
        } else {
            ledger.negated()
        }
    }

    /// The Swedish caption.
    pub fn label_sv(self) -> &'static str {
        match self {
            BalanceLine::IntangibleAssets => "Immateriella anläggningstillgångar",
            BalanceLine::LandAndBuildings => "Mark, byggnader och tekniska anläggningar",
            BalanceLine::Machinery => "Maskiner och inventarier",
            BalanceLine::FinancialAssets => "Finansiella anläggningstillgångar",
            BalanceLine::Inventories => "Förråd m.m.",
            BalanceLine::Receivables => "Fordringar",
            BalanceLine::ShortTermInvestments => "Kortfristiga placeringar",
            BalanceLine::Cash => "Kassa och bank",
            BalanceLine::Equity => "Eget kapital",
            BalanceLine::ResultOfTheYear => "därav årets resultat",
            BalanceLine::Provisions => "Avsättningar",
            BalanceLine::LongTermLiabilities => "Långfristiga skulder",
            BalanceLine::ShortTermLiabilities => "Kortfristiga skulder",
        }
    }

    /// The English caption.
    pub fn label_en(self) -> &'static str {
        match self {
            BalanceLine::IntangibleAssets => "Intangible assets",
            BalanceLine::LandAndBuildings => "Land, buildings and technical installations",
            BalanceLine::Machinery => "Machinery and equipment",
            BalanceLine::FinancialAssets => "Financial assets",
            BalanceLine::Inventories => "Inventories",
            BalanceLine::Receivables => "Receivables",
            BalanceLine::ShortTermInvestments => "Short-term investments",
            BalanceLine::Cash => "Cash and bank",
            BalanceLine::Equity => "Equity",
            BalanceLine::ResultOfTheYear => "of which the result of the year",
            BalanceLine::Provisions => "Provisions",
            BalanceLine::LongTermLiabilities => "Long-term liabilities",
            BalanceLine::ShortTermLiabilities => "Short-term liabilities",
        }
    }
}

/// Why a balance sheet could not be drawn up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BalanceSheetError {
    /// The ledger has no opening balances for the year.
    #[error(
        "no opening balances for {year}: a balance sheet needs them (SIE #IB, or LedgerBuilder::opening_balance)"
    )]
    NoOpening {
        /// The year.
        year: Year,
    },
    /// A sum out of range or an unknown unit.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// A sum out of range.
    #[error(transparent)]
    Amount(#[from] AmountError),
}

/// A balance sheet at the end of a month, in the presentation sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceSheet {
    /// The month it stands at the end of; `None` for the opening balance sheet of a year.
    pub month: Option<Month>,
    /// The year.
    pub year: Year,
    /// Each heading's amount; equity is before the year's result, which has its own line.
    pub lines: BTreeMap<BalanceLine, Amount>,
}

impl BalanceSheet {
    /// The balance sheet of `scope` at the end of `month`: the year's opening balances of the
    /// units in the scope's subtree plus their outcome on balance accounts from January, and
    /// the year's result to the month.
    ///
    /// # Errors
    /// [`BalanceSheetError::NoOpening`] without the year's opening balances, and sums out of
    /// range or an unknown unit.
    pub fn at(
        view: &LedgerAsOf<'_>,
        scope: &OrgUnitId,
        month: Month,
    ) -> Result<BalanceSheet, BalanceSheetError> {
        let mut sheet = BalanceSheet::opening(view, scope, month.year())?;
        let months = PeriodRange::year_to_date(month);
        let accounts = view.roll_up(AccountGrouping::Account, months);
        for bucket in accounts.buckets() {
            let Bucket::Account(code) = bucket else {
                continue;
            };
            let Some(line) = BalanceLine::of_account(*code) else {
                continue;
            };
            let moved = accounts.value_of(scope, Measure::Outcome, Some(*bucket), months)?;
            sheet.add(line, line.presented(moved))?;
        }
        let lines = view.roll_up(AccountGrouping::IncomeStatementLine, months);
        let mut result = Amount::ZERO;
        for line in IncomeStatementLine::ALL {
            let amount =
                lines.value_of(scope, Measure::Outcome, Some(Bucket::Line(line)), months)?;
            result = result.checked_sub(amount)?;
        }
        sheet.lines.insert(BalanceLine::ResultOfTheYear, result);
        sheet.month = Some(month);
        Ok(sheet)
    }

    /// The opening balance sheet of `year` (ingående balans) of the units in `scope`'s subtree.
    ///
    /// # Errors
    /// [`BalanceSheetError::NoOpening`] without the year's opening balances.
    pub fn opening(
        view: &LedgerAsOf<'_>,
        scope: &OrgUnitId,
        year: Year,
    ) -> Result<BalanceSheet, BalanceSheetError> {
        let mut sheet = BalanceSheet {
            month: None,
            year,
            lines: BalanceLine::ALL
                .into_iter()
                .map(|l| (l, Amount::ZERO))
                .collect(),
        };
        let ledger = view.ledger();
        let index = ledger.query_index(scope)?;
        let mut any = false;
        for (code, amount) in ledger.opening_balances_within(year, index) {
            any = true;
            if let Some(line) = BalanceLine::of_account(code) {
                sheet.add(line, line.presented(amount))?;
            }
        }
        if !any {
            return Err(BalanceSheetError::NoOpening { year });
        }
        Ok(sheet)
    }

    fn add(&mut self, line: BalanceLine, presented: Amount) -> Result<(), AmountError> {
        let cell = self.lines.entry(line).or_insert(Amount::ZERO);
        *cell = cell.checked_add(presented)?;
        Ok(())
    }

    /// The amount of a heading.
    pub fn line(&self, line: BalanceLine) -> Amount {
        self.lines.get(&line).copied().unwrap_or(Amount::ZERO)
    }

    fn sum(&self, lines: &[BalanceLine]) -> Result<Amount, AmountError> {
        Amount::checked_sum(lines.iter().map(|l| self.line(*l)))
    }

    /// Anläggningstillgångar: intangible, material and financial.
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn fixed_assets(&self) -> Result<Amount, AmountError> {
        self.sum(&[
            BalanceLine::IntangibleAssets,
            BalanceLine::LandAndBuildings,
            BalanceLine::Machinery,
            BalanceLine::FinancialAssets,
        ])
    }

    /// Omsättningstillgångar.
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn current_assets(&self) -> Result<Amount, AmountError> {
        self.sum(&[
            BalanceLine::Inventories,
            BalanceLine::Receivables,
            BalanceLine::ShortTermInvestments,
            BalanceLine::Cash,
        ])
    }

    /// Summa tillgångar.
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn total_assets(&self) -> Result<Amount, AmountError> {
        self.fixed_assets()?.checked_add(self.current_assets()?)
    }

    /// Eget kapital with the year's result.
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn equity(&self) -> Result<Amount, AmountError> {
        self.sum(&[BalanceLine::Equity, BalanceLine::ResultOfTheYear])
    }

    /// Skulder: long and short term.
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn liabilities(&self) -> Result<Amount, AmountError> {
        self.sum(&[
            BalanceLine::LongTermLiabilities,
            BalanceLine::ShortTermLiabilities,
        ])
    }

    /// Summa eget kapital, avsättningar och skulder.
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn equity_and_liabilities(&self) -> Result<Amount, AmountError> {
        self.equity()?
            .checked_add(self.line(BalanceLine::Provisions))?
            .checked_add(self.liabilities()?)
    }

    /// Assets less equity, provisions and liabilities: zero when the sheet balances.
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn difference(&self) -> Result<Amount, AmountError> {
        self.total_assets()?
            .checked_sub(self.equity_and_liabilities()?)
    }
}

/// The cash-flow statement (kassaflödesanalys) between two balance sheets, by the indirect
/// method: the result adjusted for what did not move cash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashFlow {
    /// Årets resultat.
    pub result: Amount,
    /// Avskrivningar, added back.
    pub depreciation: Amount,
    /// Förändring av avsättningar.
    pub provisions: Amount,
    /// Förändring av förråd (an increase is negative).
    pub inventories: Amount,
    /// Förändring av fordringar (an increase is negative).
    pub receivables: Amount,
    /// Förändring av kortfristiga skulder.
    pub short_term_liabilities: Amount,
    /// Kassaflöde från den löpande verksamheten.
    pub operating: Amount,
    /// Investeringar i materiella och immateriella anläggningstillgångar (negative).
    pub fixed_investments: Amount,
    /// Förändring av finansiella anläggningstillgångar (an increase is negative).
    pub financial_investments: Amount,
    /// Kassaflöde från investeringsverksamheten.
    pub investing: Amount,
    /// Förändring av långfristiga skulder.
    pub long_term_liabilities: Amount,
    /// Övriga förändringar av eget kapital.
    pub equity: Amount,
    /// Kassaflöde från finansieringsverksamheten.
    pub financing: Amount,
    /// Årets kassaflöde: the three together.
    pub total: Amount,
    /// Likvida medel (kassa och bank, kortfristiga placeringar) at the start.
    pub cash_opening: Amount,
    /// Likvida medel at the end.
    pub cash_closing: Amount,
}

impl CashFlow {
    /// The cash flow from `opening` to `closing`, with the year's `depreciation` (a positive
    /// cost) from the income statement.
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn between(
        opening: &BalanceSheet,
        closing: &BalanceSheet,
        depreciation: Amount,
    ) -> Result<CashFlow, AmountError> {
        let change = |lines: &[BalanceLine]| -> Result<Amount, AmountError> {
            closing.sum(lines)?.checked_sub(opening.sum(lines)?)
        };
        let result = closing
            .line(BalanceLine::ResultOfTheYear)
            .checked_sub(opening.line(BalanceLine::ResultOfTheYear))?;
        let provisions = change(&[BalanceLine::Provisions])?;
        let inventories = change(&[BalanceLine::Inventories])?.negated();
        let receivables = change(&[BalanceLine::Receivables])?.negated();
        let short_term_liabilities = change(&[BalanceLine::ShortTermLiabilities])?;
        let operating = Amount::checked_sum([
            result,
            depreciation,
            provisions,
            inventories,
            receivables,
            short_term_liabilities,
        ])?;
        let fixed_investments = change(&[
            BalanceLine::IntangibleAssets,
            BalanceLine::LandAndBuildings,
            BalanceLine::Machinery,
        ])?
        .checked_add(depreciation)?
        .negated();
        let financial_investments = change(&[BalanceLine::FinancialAssets])?.negated();
        let investing = fixed_investments.checked_add(financial_investments)?;
        let long_term_liabilities = change(&[BalanceLine::LongTermLiabilities])?;
        let equity = change(&[BalanceLine::Equity])?;
        let financing = long_term_liabilities.checked_add(equity)?;
        Ok(CashFlow {
            result,
            depreciation,
            provisions,
            inventories,
            receivables,
            short_term_liabilities,
            operating,
            fixed_investments,
            financial_investments,
            investing,
            long_term_liabilities,
            equity,
            financing,
            total: Amount::checked_sum([operating, investing, financing])?,
            cash_opening: opening.sum(&[BalanceLine::ShortTermInvestments, BalanceLine::Cash])?,
            cash_closing: closing.sum(&[BalanceLine::ShortTermInvestments, BalanceLine::Cash])?,
        })
    }

    /// The change in cash less the three flows: zero when both balance sheets balance.
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn unexplained(&self) -> Result<Amount, AmountError> {
        self.cash_closing
            .checked_sub(self.cash_opening)?
            .checked_sub(self.total)
    }

    /// Net investments in fixed assets (nettoinvesteringar), positive.
    pub fn net_investments(&self) -> Amount {
        self.fixed_investments.negated()
    }
}

/// The financial key ratios (finansiella nyckeltal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRatios {
    /// Soliditet: eget kapital / summa tillgångar.
    pub equity_ratio: Option<Ratio>,
    /// Soliditet inklusive pensionsförpliktelser: (eget kapital − pensionsförpliktelser utanför
    /// balansräkningen) / summa tillgångar.
    pub equity_ratio_with_pensions: Option<Ratio>,
    /// Skuldsättningsgrad: (avsättningar + skulder) / summa tillgångar.
    pub debt_ratio: Option<Ratio>,
    /// Kassalikviditet: (omsättningstillgångar − förråd) / kortfristiga skulder.
    pub quick_ratio: Option<Ratio>,
    /// Självfinansieringsgrad: (årets resultat + avskrivningar) / nettoinvesteringar.
    pub self_financing: Option<Ratio>,
    /// Nettokostnadsandel: (verksamhetens nettokostnader + finansnetto, as a cost) /
    /// (skatteintäkter + generella statsbidrag och utjämning).
    pub net_cost_share: Option<Ratio>,
}

/// What the key ratios are computed from besides the balance sheet and the cash flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatioInputs {
    /// Net operating costs and the financial net together, as a positive cost.
    pub net_costs: Amount,
    /// Taxes plus general grants and equalisation, positive.
    pub taxes_and_grants: Amount,
    /// The pension commitment reported outside the balance sheet (ansvarsförbindelse).
    pub pension_commitment: Amount,
}

impl RatioInputs {
    /// The inputs from an income statement in the presentation sign: net costs are the
    /// verksamhetens nettokostnader and the financial items together, as a cost.
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn of_statement(
        outcome: &IncomeStatementRkr,
        pension_commitment: Amount,
    ) -> Result<RatioInputs, AmountError> {
        let net_costs = outcome
            .amount(RkrRow::NetOperatingCosts)
            .checked_add(outcome.amount(RkrRow::FinancialIncome))?
            .checked_add(outcome.amount(RkrRow::FinancialCosts))?
            .negated();
        let taxes_and_grants = outcome
            .amount(RkrRow::TaxRevenue)
            .checked_add(outcome.amount(RkrRow::GeneralGrantsAndEqualisation))?;
        Ok(RatioInputs {
            net_costs,
            taxes_and_grants,
            pension_commitment,
        })
    }
}

impl KeyRatios {
    /// The ratios of `sheet` and `cash_flow`.
    ///
    /// ```
    /// use styrmodell::{Amount, balance_sheet::{BalanceLine, BalanceSheet, KeyRatios, RatioInputs}};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut sheet = BalanceSheet { month: None, year: "2022".parse()?, lines: Default::default() };
    /// for (line, kronor) in [(BalanceLine::LandAndBuildings, 800), (BalanceLine::Cash, 200),
    ///     (BalanceLine::Equity, 400), (BalanceLine::Provisions, 100), (BalanceLine::ShortTermLiabilities, 500)] {
    ///     sheet.lines.insert(line, Amount::from_kronor(kronor));
    /// }
    /// let inputs = RatioInputs { net_costs: Amount::ZERO, taxes_and_grants: Amount::ZERO,
    ///     pension_commitment: Amount::from_kronor(300) };
    /// let ratios = KeyRatios::of(&sheet, None, &inputs)?;
    /// // 400 / 1 000 = 40 %; with the pensions outside the sheet (400 − 300) / 1 000 = 10 %.
    /// assert_eq!(ratios.equity_ratio.map(|r| r.format_percent(0)), Some("40 %".to_owned()));
    /// assert_eq!(ratios.equity_ratio_with_pensions.map(|r| r.format_percent(0)), Some("10 %".to_owned()));
    /// // Kassalikviditet 200 / 500 = 40 %.
    /// assert_eq!(ratios.quick_ratio.map(|r| r.format_percent(0)), Some("40 %".to_owned()));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`AmountError`] on overflow.
    pub fn of(
        sheet: &BalanceSheet,
        cash_flow: Option<&CashFlow>,
        inputs: &RatioInputs,
    ) -> Result<KeyRatios, AmountError> {
        let share =
            |part: Amount, whole: Amount| Ratio::new(part.to_decimal(), whole.to_decimal()).ok();
        let assets = sheet.total_assets()?;
        let equity = sheet.equity()?;
        let debts = sheet
            .line(BalanceLine::Provisions)
            .checked_add(sheet.liabilities()?)?;
        let quick = sheet
            .current_assets()?
            .checked_sub(sheet.line(BalanceLine::Inventories))?;
        let self_financing = match cash_flow {
            Some(flow) => share(
                flow.result.checked_add(flow.depreciation)?,
                flow.net_investments(),
            ),
            None => None,
        };
        Ok(KeyRatios {
            equity_ratio: share(equity, assets),
            equity_ratio_with_pensions: share(
                equity.checked_sub(inputs.pension_commitment)?,
                assets,
            ),
            debt_ratio: share(debts, assets),
            quick_ratio: share(quick, sheet.line(BalanceLine::ShortTermLiabilities)),
            self_financing,
            net_cost_share: share(inputs.net_costs, inputs.taxes_and_grants),
        })
    }
}

/// Whether an account is on the balance sheet (classes 1 and 2).
pub fn is_balance_account(code: AccountCode) -> bool {
    matches!(
        code.class(),
        AccountClass::Assets | AccountClass::EquityAndLiabilities
    )
}
