//! Renderers: Markdown for terminals and Git web views, one self-contained HTML file (inline
//! CSS and SVG, no scripts, no external resources) and JSON.

mod comparison;
mod document;
mod html;
mod labels;
mod markdown;
mod statutory;
mod stocks;
mod svg;
mod totals;
#[cfg(feature = "xlsx")]
mod xlsx;

use serde::{Deserialize, Serialize};

pub use labels::Lang;
#[cfg(feature = "xlsx")]
#[cfg_attr(docsrs, doc(cfg(feature = "xlsx")))]
pub use xlsx::{XlsxError, xlsx};

use super::Report;
use rust_decimal::prelude::ToPrimitive;

use crate::amount::{Amount, ReportFormat, Rounding, Scale};

/// How a report is written: language and amount format.
///
/// ```
/// use styrmodell::report::render::{Lang, RenderOptions};
/// let english = RenderOptions::default().lang(Lang::En);
/// assert_eq!(english.lang, Lang::En);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Swedish (the default) or English labels.
    pub lang: Lang,
    /// Amounts: scale (kr, tkr, mnkr), decimals and rounding, stated in the report.
    pub amounts: ReportFormat,
    /// Whether each amount is rounded on its own or parts are rounded to add up to their
    /// totals; stated in the report.
    pub totals: Totals,
}

/// How rounded amounts relate to the totals they make up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Totals {
    /// Each amount rounded from its exact value on its own: a printed sum may differ from the
    /// sum of its printed parts (avrundningsdifferenser kan förekomma).
    #[default]
    EachOnItsOwn,
    /// Totals rounded on their own and their parts by largest remainder, so printed parts add
    /// up to printed totals: units to their parent, lines to their unit and to the result,
    /// the balance sheet's headings to its totals, the cash flow's items to its flows.
    KeepSums,
}

impl RenderOptions {
    /// Writes in `lang`.
    #[must_use]
    pub fn lang(mut self, lang: Lang) -> RenderOptions {
        self.lang = lang;
        self
    }

    /// Formats amounts by `amounts`.
    #[must_use]
    pub fn amounts(mut self, amounts: ReportFormat) -> RenderOptions {
        self.amounts = amounts;
        self
    }

    /// Rounds so that printed parts add up to printed totals (largest remainder).
    ///
    /// ```
    /// use styrmodell::report::render::{RenderOptions, Totals};
    /// assert_eq!(RenderOptions::default().keep_sums().totals, Totals::KeepSums);
    /// ```
    #[must_use]
    pub fn keep_sums(mut self) -> RenderOptions {
        self.totals = Totals::KeepSums;
        self
    }

    /// The rounding step in öre: one unit of the scale at the format's decimals.
    fn quantum(&self) -> i128 {
        let kronor = self.amounts.scale.divisor().to_i128().unwrap_or(1);
        let ten = 10i128.checked_pow(self.amounts.decimals).unwrap_or(1);
        kronor
            .saturating_mul(100)
            .checked_div(ten)
            .unwrap_or(1)
            .max(1)
    }
}

impl Default for RenderOptions {
    /// Swedish, amounts in tkr rounded half away from zero.
    fn default() -> RenderOptions {
        RenderOptions {
            lang: Lang::Sv,
            amounts: ReportFormat {
                scale: Scale::Tkr,
                ..ReportFormat::default()
            },
            totals: Totals::EachOnItsOwn,
        }
    }
}

impl RenderOptions {
    fn amount(&self, amount: Amount) -> String {
        self.amounts.format(amount)
    }

    /// A table cell of `amount`: its text and the number shown.
    fn cell(&self, amount: Amount) -> document::Cell {
        let f = &self.amounts;
        document::Cell {
            text: self.amount(amount),
            light: None,
            number: Some(amount.scaled(f.scale, f.decimals, f.rounding)),
        }
    }

    /// A cell of `amount`, or "–" when there is none.
    fn maybe_cell(&self, amount: Option<Amount>) -> document::Cell {
        amount.map_or_else(|| document::Cell::from("–".to_owned()), |a| self.cell(a))
    }

    fn kronor(&self, amount: Amount) -> String {
        ReportFormat {
            scale: Scale::Kr,
            decimals: 0,
            ..self.amounts
        }
        .format(amount)
    }

    fn rounding_text(&self) -> &'static str {
        let l = labels::Labels::of(self.lang);
        match self.amounts.rounding {
            Rounding::HalfAwayFromZero => l.half_away,
            Rounding::HalfEven => l.half_even,
            _ => l.other_rounding,
        }
    }
}

/// The report as Markdown.
pub fn markdown(report: &Report, options: &RenderOptions) -> String {
    markdown::render(report, options)
}

/// The report as one self-contained HTML page.
pub fn html(report: &Report, options: &RenderOptions) -> String {
    html::render(report, options)
}

/// The report as pretty-printed JSON.
///
/// # Errors
/// A [`serde_json::Error`] if serialisation fails, which plain data does not.
pub fn json(report: &Report) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(report)
}
