//! Ledger facts from an ERP's CSV export, with a declared column mapping, through the `csv`
//! crate. Every bad row is reported with its row and column; good rows are kept.
//!
//! ```
//! use styrmodell::csv_import::{read_facts, CsvMapping, DecimalSeparator, LayerColumn};
//! use styrmodell::Layer;
//! let data = "ansvar;konto;period;belopp\nBSN;5011;2022-01;-1 234,50\nSN;5011;202202;99\nSN;50x1;2022-02;1\n";
//! let mapping = CsvMapping { delimiter: b';', decimal: DecimalSeparator::Comma, ..CsvMapping::new("ansvar", "konto", "period", "belopp", LayerColumn::Fixed(Layer::Outcome)) };
//! let import = read_facts(data.as_bytes(), &mapping).unwrap();
//! assert_eq!(import.facts.len(), 2);
//! assert_eq!(import.errors[0].to_string(), "row 4, column konto: \"50x1\": expected an account of 3-8 digits");
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::chart::{AccountCode, ActivityCode};
use crate::ledger::{Fact, Layer, ProjectId};
use crate::org::OrgUnitId;
use crate::period::Month;

/// The decimal separator of amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalSeparator {
    /// `1234.50`.
    #[default]
    Point,
    /// `1 234,50`, as Swedish exports write.
    Comma,
}

/// Where a row's layer comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerColumn {
    /// Every row has this layer.
    Fixed(Layer),
    /// A column with `outcome` (utfall), `budget` (budget, revision 0), `budget:N`,
    /// `forecast:YYYY-MM` (prognos).
    Column(String),
}

/// Which columns hold what, by header name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CsvMapping {
    /// The field delimiter, `;` in most Swedish exports.
    pub delimiter: u8,
    /// The decimal separator.
    pub decimal: DecimalSeparator,
    /// The org unit column.
    pub unit: String,
    /// The account column.
    pub account: String,
    /// The period column: `YYYY-MM` or `YYYYMM`.
    pub period: String,
    /// The amount column.
    pub amount: String,
    /// The layer.
    pub layer: LayerColumn,
    /// The project column, if any.
    pub project: Option<String>,
    /// The activity column, if any.
    pub activity: Option<String>,
}

impl CsvMapping {
    /// A mapping of the four required columns, comma-delimited with a decimal point.
    pub fn new(
        unit: &str,
        account: &str,
        period: &str,
        amount: &str,
        layer: LayerColumn,
    ) -> CsvMapping {
        CsvMapping {
            delimiter: b',',
            decimal: DecimalSeparator::Point,
            unit: unit.to_owned(),
            account: account.to_owned(),
            period: period.to_owned(),
            amount: amount.to_owned(),
            layer,
            project: None,
            activity: None,
        }
    }
}

/// A bad row or a file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvError {
    /// A mapped column is missing from the header.
    #[error("the header has no column {column:?}")]
    MissingColumn {
        /// The column name.
        column: String,
    },
    /// A value that does not read.
    #[error("row {row}, column {column}: {value:?}: {reason}")]
    Value {
        /// The 1-based row in the file (the header is row 1).
        row: u64,
        /// The column name.
        column: String,
        /// The text found.
        value: String,
        /// What was expected.
        reason: String,
    },
    /// A row the CSV reader could not split.
    #[error("row {row}: {message}")]
    Row {
        /// The 1-based row.
        row: u64,
        /// The reader's message.
        message: String,
    },
}

/// The facts read and the rows that were not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CsvImport {
    /// Facts from the good rows, in file order.
    pub facts: Vec<Fact>,
    /// One error per bad row (the first problem found in it).
    pub errors: Vec<CsvError>,
}

impl fmt::Display for CsvImport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} facts, {} bad rows",
            self.facts.len(),
            self.errors.len()
        )
    }
}

struct Columns {
    unit: usize,
    account: usize,
    period: usize,
    amount: usize,
    layer: Option<usize>,
    project: Option<usize>,
    activity: Option<usize>,
}

/// Reads facts from CSV bytes with a header row.
///
/// # Errors
/// [`CsvError::MissingColumn`] when the header lacks a mapped column, or [`CsvError::Row`]
/// when the header itself cannot be read. Bad data rows are listed in the import instead.
pub fn read_facts(bytes: &[u8], mapping: &CsvMapping) -> Result<CsvImport, CsvError> {
    read_with(bytes, mapping, &|text, _| {
        text.parse::<OrgUnitId>()
            .map_err(|_| "not an org unit id".to_owned())
    })
}

/// Reads facts as [`read_facts`] does, naming each row's unit by the organisation valid in
/// its month: the unit column holds a unit id or a responsibility code (ansvarskod), so a
/// code that meant one unit in 2022 and another in 2023 lands right in both years. A row
/// whose unit text names no unit valid through its month is a bad row that says what the
/// text meant before, if anything.
///
/// # Errors
/// As [`read_facts`].
///
/// ```
/// use styrmodell::Layer;
/// use styrmodell::csv_import::{CsvMapping, LayerColumn, read_facts_dated};
/// let history = styrmodell::demo::org_history()?;
/// let csv = "ansvar,konto,period,belopp\n200,5011,2022-12,100\n250,5011,2023-01,100\n200,5011,2023-01,100\n";
/// let mapping = CsvMapping::new("ansvar", "konto", "period", "belopp", LayerColumn::Fixed(Layer::Outcome));
/// let import = read_facts_dated(csv.as_bytes(), &mapping, &history)?;
/// assert_eq!(import.facts[0].unit.as_str(), "BSN");
/// assert_eq!(import.facts[1].unit.as_str(), "BUKN");
/// assert_eq!(import.errors.len(), 1, "code 200 means no unit in 2023");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_facts_dated(
    bytes: &[u8],
    mapping: &CsvMapping,
    history: &crate::reorg::OrgHistory,
) -> Result<CsvImport, CsvError> {
    read_with(bytes, mapping, &|text, month| {
        history.unit_on(text, month).map_err(|e| e.to_string())
    })
}

/// Names a row's unit from its text and month, or says why not.
type UnitResolver<'r> = dyn Fn(&str, crate::period::Month) -> Result<OrgUnitId, String> + 'r;

fn read_with(
    bytes: &[u8],
    mapping: &CsvMapping,
    resolve: &UnitResolver<'_>,
) -> Result<CsvImport, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(mapping.delimiter)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| CsvError::Row {
            row: 1,
            message: e.to_string(),
        })?
        .clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| CsvError::MissingColumn {
                column: name.to_owned(),
            })
    };
    let optional = |name: &Option<String>| name.as_deref().map(find).transpose();
    let columns = Columns {
        unit: find(&mapping.unit)?,
        account: find(&mapping.account)?,
        period: find(&mapping.period)?,
        amount: find(&mapping.amount)?,
        layer: match &mapping.layer {
            LayerColumn::Column(name) => Some(find(name)?),
            LayerColumn::Fixed(_) => None,
        },
        project: optional(&mapping.project)?,
        activity: optional(&mapping.activity)?,
    };
    let mut import = CsvImport::default();
    for (index, record) in reader.records().enumerate() {
        let row = (index as u64).saturating_add(2);
        let result = record
            .map_err(|e| CsvError::Row {
                row,
                message: e.to_string(),
            })
            .and_then(|record| fact(&record, row, &columns, mapping, resolve));
        match result {
            Ok(fact) => import.facts.push(fact),
            Err(err) => import.errors.push(err),
        }
    }
    Ok(import)
}

fn fact(
    record: &csv::StringRecord,
    row: u64,
    columns: &Columns,
    mapping: &CsvMapping,
    resolve: &UnitResolver<'_>,
) -> Result<Fact, CsvError> {
    let get = |column: usize, name: &str| -> Result<(String, String), CsvError> {
        let value = record
            .get(column)
            .map(str::trim)
            .unwrap_or_default()
            .to_owned();
        if value.is_empty() {
            return Err(CsvError::Value {
                row,
                column: name.to_owned(),
                value,
                reason: "empty".to_owned(),
            });
        }
        Ok((value, name.to_owned()))
    };
    let bad = |(value, column): (String, String), reason: &str| CsvError::Value {
        row,
        column,
        value,
        reason: reason.to_owned(),
    };
    let unit_cell = get(columns.unit, &mapping.unit)?;
    let cell = get(columns.account, &mapping.account)?;
    let account: AccountCode = cell
        .0
        .parse()
        .map_err(|_| bad(cell.clone(), "expected an account of 3-8 digits"))?;
    let cell = get(columns.period, &mapping.period)?;
    let month =
        parse_month(&cell.0).ok_or_else(|| bad(cell.clone(), "expected YYYY-MM or YYYYMM"))?;
    let unit = resolve(&unit_cell.0, month).map_err(|reason| bad(unit_cell.clone(), &reason))?;
    let cell = get(columns.amount, &mapping.amount)?;
    let amount =
        parse_amount(&cell.0, mapping.decimal).map_err(|reason| bad(cell.clone(), reason))?;
    let layer = match (&mapping.layer, columns.layer) {
        (LayerColumn::Fixed(layer), _) => *layer,
        (LayerColumn::Column(name), Some(column)) => {
            let cell = get(column, name)?;
            parse_layer(&cell.0).ok_or_else(|| {
                bad(
                    cell.clone(),
                    "expected outcome, budget, budget:N or forecast:YYYY-MM",
                )
            })?
        }
        (LayerColumn::Column(name), None) => {
            return Err(CsvError::MissingColumn {
                column: name.clone(),
            });
        }
    };
    let mut fact = Fact::new(unit, account, month, layer, amount);
    if let (Some(column), Some(name)) = (columns.project, &mapping.project) {
        if let Ok(cell) = get(column, name) {
            fact.project = Some(
                cell.0
                    .parse::<ProjectId>()
                    .map_err(|_| bad(cell.clone(), "not a project id"))?,
            );
        }
    }
    if let (Some(column), Some(name)) = (columns.activity, &mapping.activity) {
        if let Ok(cell) = get(column, name) {
            fact.activity = Some(
                cell.0
                    .parse::<ActivityCode>()
                    .map_err(|_| bad(cell.clone(), "not an activity code"))?,
            );
        }
    }
    Ok(fact)
}

/// `YYYY-MM` or `YYYYMM`.
fn parse_month(text: &str) -> Option<Month> {
    text.parse().ok().or_else(|| Month::from_compact(text))
}

fn parse_amount(text: &str, decimal: DecimalSeparator) -> Result<Amount, &'static str> {
    let wrong = match decimal {
        DecimalSeparator::Point => ',',
        DecimalSeparator::Comma => '.',
    };
    if text.contains(wrong) {
        return Err(match decimal {
            DecimalSeparator::Point => "a comma in a file with decimal points",
            DecimalSeparator::Comma => "a point in a file with decimal commas",
        });
    }
    text.parse::<Amount>()
        .map_err(|_| "not an amount with at most two decimals")
}

fn parse_layer(text: &str) -> Option<Layer> {
    match text.to_ascii_lowercase().as_str() {
        "outcome" | "utfall" => Some(Layer::Outcome),
        "budget" => Some(Layer::ORIGINAL_BUDGET),
        other => {
            if let Some(revision) = other.strip_prefix("budget:") {
                return revision
                    .parse()
                    .ok()
                    .map(|revision| Layer::Budget { revision });
            }
            let made = other
                .strip_prefix("forecast:")
                .or_else(|| other.strip_prefix("prognos:"))?;
            parse_month(made).map(|made| Layer::Forecast { made })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_and_errors_by_row_and_column() {
        let data = "unit,account,period,amount,layer,project\n\
                    BSN,5011,2022-01,100.50,budget:1,P1\n\
                    BSN,5011,2022-01,100,forecast:2022-04,\n\
                    BSN,5011,2022-13,1,outcome,\n\
                    BSN,5011,2022-01,1,weird,\n\
                    BSN,5011,2022-01,\"1,5\",outcome,\n";
        let mapping = CsvMapping {
            project: Some("project".into()),
            ..CsvMapping::new(
                "unit",
                "account",
                "period",
                "amount",
                LayerColumn::Column("layer".into()),
            )
        };
        let import = read_facts(data.as_bytes(), &mapping).unwrap();
        assert_eq!(import.facts.len(), 2);
        assert_eq!(import.facts[0].layer, Layer::Budget { revision: 1 });
        assert_eq!(
            import.facts[0].project.as_ref().map(ProjectId::as_str),
            Some("P1")
        );
        assert_eq!(
            import.facts[1].layer,
            Layer::Forecast {
                made: "2022-04".parse().unwrap()
            }
        );
        let errors: Vec<String> = import.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors[0],
            "row 4, column period: \"2022-13\": expected YYYY-MM or YYYYMM"
        );
        assert_eq!(
            errors[1],
            "row 5, column layer: \"weird\": expected outcome, budget, budget:N or forecast:YYYY-MM"
        );
        assert_eq!(
            errors[2],
            "row 6, column amount: \"1,5\": a comma in a file with decimal points"
        );
    }

    #[test]
    fn a_missing_column_is_an_error() {
        let mapping = CsvMapping::new(
            "ansvar",
            "konto",
            "period",
            "belopp",
            LayerColumn::Fixed(Layer::Outcome),
        );
        let err = read_facts(b"ansvar,konto,period\nA,5011,2022-01\n", &mapping).unwrap_err();
        assert_eq!(
            err,
            CsvError::MissingColumn {
                column: "belopp".into()
            }
        );
    }
}
