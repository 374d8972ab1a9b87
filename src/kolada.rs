//! Kolada (the national database of municipal key figures): API v2 and v3 JSON for data values
//! and KPI metadata, read exactly (numbers from their text, never through `f64`) into values
//! that become steering observations for peer comparison. Kolada's terms ask for the credit
//! "Källa: Kolada" with any value shown.
//!
//! ```
//! use styrmodell::kolada::read_values;
//! let json = r#"{"values":[{"kpi":"N21704","period":2023,"municipality":"0180",
//!   "values":[{"gender":"T","value":16.8,"count":1,"status":""},{"gender":"K","value":null,"count":1,"status":"Missing"}]}],
//!   "next_url":null}"#;
//! let page = read_values(json).unwrap();
//! assert_eq!(page.values[0].value.unwrap().to_string(), "16.8");
//! assert_eq!(page.values[1].value, None);
//! ```

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::steering::{
    Gender, IndicatorId, Measured, MissingReason, MunicipalityCode, Observation, ObservationPeriod,
    Reading, Subject,
};

/// Who a value is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// A municipality or region by code (`0180`; `0000` is the whole country).
    Municipality(String),
    /// A group of municipalities (kommungrupp) by its code, which starts with `G` (`G38175`).
    Group(String),
    /// An organisational unit (`V15E144001301`).
    Ou(String),
}

impl Area {
    /// A municipality code, or a group's when it starts with `G`.
    fn of_code(code: String) -> Area {
        if code.starts_with('G') {
            Area::Group(code)
        } else {
            Area::Municipality(code)
        }
    }
}

/// As a person names it: `municipality 0188`, `group G38175`, `unit V15E144001301`.
impl std::fmt::Display for Area {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Area::Municipality(code) => write!(f, "municipality {code}"),
            Area::Group(code) => write!(f, "group {code}"),
            Area::Ou(code) => write!(f, "unit {code}"),
        }
    }
}

/// Where in a response a value stands: its JSON pointer and line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Position {
    /// The JSON pointer (`/values/3/values/0`).
    pub pointer: String,
    /// The 1-based line of the response.
    pub line: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (line {})", self.pointer, self.line)
    }
}

/// The key of a value as a person reads it: `N00945, municipality 0188, 2023, total`.
fn key_text(kpi: &str, area: &Area, period: i32, gender: Option<Gender>) -> String {
    let gender = match gender {
        Some(Gender::Total) => ", total",
        Some(Gender::Women) => ", women",
        Some(Gender::Men) => ", men",
        None => "",
    };
    format!("{kpi}, {area}, {period}{gender}")
}

/// One value of a KPI for an area, year and gender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KoladaValue {
    /// The KPI id.
    pub kpi: String,
    /// The area.
    pub area: Area,
    /// The year.
    pub period: i32,
    /// Total, women or men.
    pub gender: Gender,
    /// The value, exactly as published; `None` when missing (never 0).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
    /// Kolada's status text (`Missing`, ...).
    pub status: String,
    /// Members behind a group's unweighted mean; 1 otherwise.
    pub count: u32,
}

/// A page of values with its paging links (`next_page` in v2, `next_url` in v3).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KoladaPage {
    /// The values, one per record and gender.
    pub values: Vec<KoladaValue>,
    /// The total count, if given.
    pub count: Option<u64>,
    /// The next page's address.
    pub next: Option<String>,
    /// The previous page's address.
    pub previous: Option<String>,
}

/// KPI metadata (v2 or v3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiMeta {
    /// The id, such as `N00945`.
    pub id: String,
    /// The title.
    pub title: String,
    /// The description.
    pub description: String,
    /// `K` municipalities, `L` regions, `A` both.
    pub municipality_type: Option<String>,
    /// Whether values may come per gender.
    pub is_divided_by_gender: bool,
    /// The operating area.
    pub operating_area: Option<String>,
    /// The perspective.
    pub perspective: Option<String>,
    /// Who is responsible (`auspice` in v3, `auspices` in v2).
    pub auspices: Option<String>,
    /// Whether values exist per organisational unit.
    pub has_ou_data: bool,
    /// When the KPI's latest values were published (`publication_date`):
    /// [`KoladaPage::observations_published`] makes the values of `publication_period` count
    /// from then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication_date: Option<chrono::NaiveDate>,
    /// The period the latest publication covers (`publ_period`, such as `2023`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication_period: Option<String>,
}

/// Why Kolada JSON could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KoladaError {
    /// Not JSON, or not of the expected shape.
    #[error("kolada: {what}")]
    Shape {
        /// What was wrong.
        what: String,
    },
    /// A gender other than T, K (or F) and M.
    #[error("kolada {}: unknown gender {found:?} at {at}, expected T, K or M", key_text(.kpi, .area, *.period, None))]
    Gender {
        /// The KPI.
        kpi: String,
        /// The area.
        area: Area,
        /// The year.
        period: i32,
        /// The gender given.
        found: String,
        /// Where.
        at: Position,
    },
    /// A value that is not a number.
    #[error("kolada {}: value {found} at {at} is not a number", key_text(.kpi, .area, *.period, Some(*.gender)))]
    Value {
        /// The KPI.
        kpi: String,
        /// The area.
        area: Area,
        /// The year.
        period: i32,
        /// The gender.
        gender: Gender,
        /// The text given.
        found: String,
        /// Where.
        at: Position,
    },
    /// The same KPI, area, year and gender twice.
    #[error("kolada {}: given twice, at {first} and at {second}", key_text(.kpi, .area, *.period, Some(*.gender)))]
    Duplicate {
        /// The KPI.
        kpi: String,
        /// The area.
        area: Area,
        /// The year.
        period: i32,
        /// The gender.
        gender: Gender,
        /// Where it was first given.
        first: Position,
        /// Where it was given again.
        second: Position,
    },
    /// A period that is not a year.
    #[error("kolada {kpi}, {area}: period {found} at {at} is not a year")]
    Period {
        /// The KPI.
        kpi: String,
        /// The area.
        area: Area,
        /// The text given.
        found: String,
        /// Where.
        at: Position,
    },
}

#[derive(Deserialize)]
struct RawPage<'a> {
    #[serde(borrow, default)]
    values: Option<Vec<&'a RawValue>>,
    count: Option<u64>,
    #[serde(default)]
    next_page: Option<String>,
    #[serde(default)]
    next_url: Option<String>,
    #[serde(default)]
    previous_page: Option<String>,
    #[serde(default)]
    previous_url: Option<String>,
}

#[derive(Deserialize)]
struct RawRecord<'a> {
    kpi: String,
    municipality: Option<String>,
    ou: Option<String>,
    #[serde(borrow)]
    period: &'a RawValue,
    #[serde(borrow, default)]
    values: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct RawPoint<'a> {
    gender: String,
    #[serde(borrow, default)]
    value: Option<&'a RawValue>,
    count: Option<u32>,
    status: Option<String>,
}

fn shape(what: impl Into<String>) -> KoladaError {
    KoladaError::Shape { what: what.into() }
}

/// Where `raw`, a slice of `json`, stands: `pointer` and the line of its first byte.
fn position(json: &str, raw: &RawValue, pointer: String) -> Position {
    // The raw value borrows from `json`: its address less the text's is its offset.
    let offset = (raw.get().as_ptr() as usize).saturating_sub(json.as_ptr() as usize);
    let before = json.get(..offset.min(json.len())).unwrap_or_default();
    Position {
        pointer,
        line: before
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
            .saturating_add(1),
    }
}

/// Reads a v2 or v3 data response.
///
/// # Errors
/// [`KoladaError`] for JSON of another shape, a missing `values` array, a period that is not
/// a year, an unknown gender, a value that is not a number, or a duplicate value; each error
/// names the KPI, area, year and gender as a person would, and the JSON pointer and line of
/// the bad value (both places for a duplicate).
pub fn read_values(json: &str) -> Result<KoladaPage, KoladaError> {
    let (page, mut skipped) = read(json, false)?;
    match skipped.pop() {
        Some(err) => Err(err),
        None => Ok(page),
    }
}

/// As [`read_values`], but a bad value (unknown gender, not a number, given twice) or a record
/// with a bad period is skipped and returned beside the page instead of failing the whole
/// response; a duplicate keeps its first value.
///
/// ```
/// use styrmodell::kolada::{read_values_tolerant, KoladaError};
/// let json = r#"{"values":[{"kpi":"N00945","municipality":"0188","period":2023,"values":[
///   {"gender":"T","value":12.5,"count":1,"status":""},
///   {"gender":"X","value":1,"count":1,"status":""}]}]}"#;
/// let (page, skipped) = read_values_tolerant(json)?;
/// assert_eq!(page.values.len(), 1);
/// assert!(matches!(&skipped[..], [KoladaError::Gender { .. }]));
/// assert!(skipped[0].to_string().contains("/values/0/values/1 (line 3)"));
/// # Ok::<(), KoladaError>(())
/// ```
///
/// # Errors
/// [`KoladaError::Shape`] for JSON of another shape or a missing `values` array.
pub fn read_values_tolerant(json: &str) -> Result<(KoladaPage, Vec<KoladaError>), KoladaError> {
    read(json, true)
}

/// Reads a response; strict reading stops at the first bad value (returned as the only skip).
fn read(json: &str, tolerant: bool) -> Result<(KoladaPage, Vec<KoladaError>), KoladaError> {
    let raw: RawPage<'_> = serde_json::from_str(json)
        .map_err(|e| shape(format!("not a Kolada data response: {e}")))?;
    let records = raw
        .values
        .ok_or_else(|| shape("the response has no values array"))?;
    let mut seen: std::collections::BTreeMap<(String, Area, i32, Gender), Position> =
        std::collections::BTreeMap::new();
    let mut values = Vec::new();
    let mut skipped = Vec::new();
    for (r, raw_record) in records.iter().enumerate() {
        let record: RawRecord<'_> = serde_json::from_str(raw_record.get())
            .map_err(|e| shape(format!("record /values/{r} is not a Kolada record: {e}")))?;
        let area = match (record.municipality, record.ou) {
            (Some(code), _) => Area::of_code(code),
            (None, Some(ou)) => Area::Ou(ou),
            (None, None) => {
                return Err(shape(format!(
                    "the {} record at /values/{r} names neither municipality nor ou",
                    record.kpi
                )));
            }
        };
        let period_text = record.period.get().trim_matches('"');
        let Some(period) = (period_text.len() == 4)
            .then(|| period_text.parse::<i32>().ok())
            .flatten()
        else {
            skipped.push(KoladaError::Period {
                kpi: record.kpi.clone(),
                area: area.clone(),
                found: record.period.get().to_owned(),
                at: position(json, record.period, format!("/values/{r}/period")),
            });
            if tolerant {
                continue;
            }
            return Ok((KoladaPage::default(), skipped));
        };
        let points = record.values.ok_or_else(|| {
            shape(format!(
                "the {} record for {period} at /values/{r} has no values array",
                record.kpi
            ))
        })?;
        for (v, raw_point) in points.iter().enumerate() {
            let at = position(json, raw_point, format!("/values/{r}/values/{v}"));
            let point: RawPoint<'_> = serde_json::from_str(raw_point.get())
                .map_err(|e| shape(format!("value {at} is not a Kolada value: {e}")))?;
            match point_value(&record.kpi, &area, period, point, at, &mut seen) {
                Ok(value) => values.push(value),
                Err(err) => {
                    skipped.push(err);
                    if !tolerant {
                        return Ok((KoladaPage::default(), skipped));
                    }
                }
            }
        }
    }
    let page = KoladaPage {
        values,
        count: raw.count,
        next: raw.next_url.or(raw.next_page),
        previous: raw.previous_url.or(raw.previous_page),
    };
    Ok((page, skipped))
}

/// One value of a record, checked: its gender, its number, and that it is not given twice.
fn point_value(
    kpi: &str,
    area: &Area,
    period: i32,
    point: RawPoint<'_>,
    at: Position,
    seen: &mut std::collections::BTreeMap<(String, Area, i32, Gender), Position>,
) -> Result<KoladaValue, KoladaError> {
    let gender = match point.gender.as_str() {
        "T" => Gender::Total,
        "K" | "F" => Gender::Women,
        "M" => Gender::Men,
        other => {
            return Err(KoladaError::Gender {
                kpi: kpi.to_owned(),
                area: area.clone(),
                period,
                found: other.to_owned(),
                at,
            });
        }
    };
    let value = match point.value.map(RawValue::get) {
        None | Some("null") => None,
        Some(text) => Some(parse_number(text).ok_or_else(|| KoladaError::Value {
            kpi: kpi.to_owned(),
            area: area.clone(),
            period,
            gender,
            found: text.to_owned(),
            at: at.clone(),
        })?),
    };
    let key = (kpi.to_owned(), area.clone(), period, gender);
    if let Some(first) = seen.get(&key) {
        return Err(KoladaError::Duplicate {
            kpi: kpi.to_owned(),
            area: area.clone(),
            period,
            gender,
            first: first.clone(),
            second: at,
        });
    }
    seen.insert(key, at);
    Ok(KoladaValue {
        kpi: kpi.to_owned(),
        area: area.clone(),
        period,
        gender,
        value,
        status: point.status.unwrap_or_default(),
        count: point.count.unwrap_or(1),
    })
}

/// A JSON number's exact value; `None` for anything else (strings, booleans).
fn parse_number(text: &str) -> Option<Decimal> {
    let first = text.chars().next()?;
    if !(first == '-' || first.is_ascii_digit()) {
        return None;
    }
    Decimal::from_str_exact(text)
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

#[derive(Deserialize)]
struct RawKpiPage {
    values: Option<Vec<RawKpi>>,
}

#[derive(Deserialize)]
struct RawKpi {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    municipality_type: Option<String>,
    #[serde(default)]
    is_divided_by_gender: Option<serde_json::Value>,
    operating_area: Option<String>,
    perspective: Option<String>,
    auspice: Option<String>,
    auspices: Option<String>,
    #[serde(default)]
    has_ou_data: Option<bool>,
    #[serde(default)]
    publication_date: Option<String>,
    #[serde(default)]
    publ_period: Option<serde_json::Value>,
}

/// Reads KPI metadata (v2: `is_divided_by_gender` as 0/1 and `auspices`; v3: a bool and
/// `auspice`).
///
/// # Errors
/// [`KoladaError::Shape`] for JSON of another shape.
pub fn read_kpis(json: &str) -> Result<Vec<KpiMeta>, KoladaError> {
    let raw: RawKpiPage =
        serde_json::from_str(json).map_err(|e| shape(format!("not a Kolada KPI response: {e}")))?;
    raw.values
        .ok_or_else(|| shape("the response has no values array"))?
        .into_iter()
        .map(|k| {
            let by_gender = match &k.is_divided_by_gender {
                Some(serde_json::Value::Bool(b)) => *b,
                Some(serde_json::Value::Number(n)) => n.as_u64() == Some(1),
                _ => false,
            };
            Ok(KpiMeta {
                id: k.id,
                title: k.title,
                description: k.description,
                municipality_type: k.municipality_type,
                is_divided_by_gender: by_gender,
                operating_area: k.operating_area,
                perspective: k.perspective,
                auspices: k.auspice.or(k.auspices),
                has_ou_data: k.has_ou_data.unwrap_or(false),
                publication_date: k
                    .publication_date
                    .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                publication_period: k.publ_period.and_then(|p| match p {
                    serde_json::Value::String(text) => Some(text),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                }),
            })
        })
        .collect()
}

impl KoladaPage {
    /// The municipality values as observations of `indicator` (missing ones with a
    /// non-response reason), for peer comparison. They carry no publication date, so each
    /// counts from its year's end; [`KoladaPage::observations_published`] uses Kolada's.
    pub fn observations(&self, indicator: &IndicatorId) -> Vec<Observation> {
        self.observations_with(indicator, |_| None)
    }

    /// As [`KoladaPage::observations`], with the values of the period `meta` names as its
    /// latest publication (`publ_period`) counting from its `publication_date`, so a report
    /// as of an earlier day does not see them. Kolada dates only its latest publication:
    /// values of earlier years count from their year's end, and values of another KPI than
    /// `meta`'s get no date.
    ///
    /// ```
    /// use styrmodell::kolada::{read_kpis, read_values};
    /// let meta = read_kpis(r#"{"values":[{"id":"N00945","title":"Nettokostnad",
    ///     "publication_date":"2024-03-20","publ_period":"2023"}]}"#)?.remove(0);
    /// let page = read_values(r#"{"values":[{"kpi":"N00945","period":2023,"municipality":"0188",
    ///     "values":[{"gender":"T","value":51234,"count":1,"status":""}]}]}"#)?;
    /// let observations = page.observations_published(&"NETTOKOSTNAD".parse()?, &meta);
    /// assert_eq!(observations[0].known_from().to_string(), "2024-03-20");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn observations_published(
        &self,
        indicator: &IndicatorId,
        meta: &KpiMeta,
    ) -> Vec<Observation> {
        let latest = meta
            .publication_period
            .as_deref()
            .and_then(|p| p.trim().parse::<i32>().ok());
        self.observations_with(indicator, |value| {
            (value.kpi == meta.id && Some(value.period) == latest)
                .then_some(meta.publication_date)
                .flatten()
        })
    }

    fn observations_with(
        &self,
        indicator: &IndicatorId,
        published: impl Fn(&KoladaValue) -> Option<chrono::NaiveDate>,
    ) -> Vec<Observation> {
        self.values
            .iter()
            .filter_map(|v| {
                let Area::Municipality(code) = &v.area else {
                    return None;
                };
                let code: MunicipalityCode = code.parse().ok()?;
                let period = ObservationPeriod::Year(crate::period::Year::new(v.period).ok()?);
                let reading = v
                    .value
                    .map_or(Reading::Missing(MissingReason::NonResponse), |value| {
                        Reading::Value(Measured::Number(value))
                    });
                Some(Observation {
                    indicator: indicator.clone(),
                    subject: Subject::Municipality(code),
                    period,
                    gender: v.gender,
                    reading,
                    preliminary: false,
                    published: published(v),
                    basis: None,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_envelope_with_next_page_and_groups() {
        let json = r#"{"count":2,"values":[{"kpi":"N00945","municipality":"G38175","period":"2009",
            "values":[{"gender":"T","value":12.30,"count":17,"status":""},{"gender":"F","value":1e2,"count":17,"status":""}]}],
            "next_page":"http://example.invalid/next","previous_page":null}"#;
        let page = read_values(json).unwrap();
        assert_eq!(page.next.as_deref(), Some("http://example.invalid/next"));
        assert_eq!(page.values[0].value, Some(Decimal::new(1230, 2)));
        assert_eq!(page.values[0].count, 17);
        assert_eq!(page.values[1].gender, Gender::Women);
        assert_eq!(page.values[1].value, Some(Decimal::from(100)));
    }

    #[test]
    fn kpi_metadata_in_both_versions() {
        let v2 = r#"{"values":[{"id":"N00945","title":"Kostnad","description":"","municipality_type":"K","is_divided_by_gender":1,"auspices":"E","has_ou_data":false}]}"#;
        let v3 = r#"{"values":[{"id":"N00945","title":"Kostnad","is_divided_by_gender":true,"auspice":"E"}]}"#;
        for json in [v2, v3] {
            let kpis = read_kpis(json).unwrap();
            assert!(kpis[0].is_divided_by_gender);
            assert_eq!(kpis[0].auspices.as_deref(), Some("E"));
        }
    }

    #[test]
    fn values_become_observations() {
        let json = r#"{"values":[{"kpi":"N15419","period":2022,"municipality":"0188","values":[{"gender":"T","value":74,"count":1,"status":""}]},
            {"kpi":"N15419","period":2022,"ou":"V15E018800101","values":[{"gender":"T","value":70,"count":1,"status":""}]}]}"#;
        let observations = read_values(json)
            .unwrap()
            .observations(&"N15419".parse().unwrap());
        assert_eq!(
            observations.len(),
            1,
            "OU values need a unit mapping; only municipalities become observations"
        );
        assert_eq!(
            observations[0].reading,
            Reading::Value(Measured::Number(Decimal::from(74)))
        );
    }

    /// Kolada published its 2023 values on 2024-03-20 (the metadata says so): the 2023 value
    /// counts from that day, the 2022 value (no date given) from the end of 2022, and a value
    /// of another KPI gets no date from this KPI's metadata.
    #[test]
    fn the_latest_publication_counts_from_its_date() {
        let meta = read_kpis(
            r#"{"values":[{"id":"N00945","title":"Nettokostnad","publication_date":"2024-03-20","publ_period":"2023"}]}"#,
        )
        .unwrap()
        .remove(0);
        let page = read_values(
            r#"{"values":[{"kpi":"N00945","period":2023,"municipality":"0188","values":[{"gender":"T","value":10,"count":1,"status":""}]},
            {"kpi":"N00945","period":2022,"municipality":"0188","values":[{"gender":"T","value":9,"count":1,"status":""}]},
            {"kpi":"N00946","period":2023,"municipality":"0188","values":[{"gender":"T","value":8,"count":1,"status":""}]}]}"#,
        )
        .unwrap();
        let known: Vec<String> = page
            .observations_published(&"NK".parse().unwrap(), &meta)
            .iter()
            .map(|o| o.known_from().to_string())
            .collect();
        assert_eq!(known, ["2024-03-20", "2022-12-31", "2023-12-31"]);
        let unpublished: Vec<String> = page
            .observations(&"NK".parse().unwrap())
            .iter()
            .map(|o| o.known_from().to_string())
            .collect();
        assert_eq!(unpublished, ["2023-12-31", "2022-12-31", "2023-12-31"]);
    }
}
