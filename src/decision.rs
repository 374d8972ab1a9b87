//! Decisions (beslut): which body decided what, when, under which paragraph. A decision dates
//! the inputs it carries (a budget revision, a manual assessment), so that a report sees them
//! only from that date on.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::org::OrgUnitId;

/// A decision (beslut): which body decided, when, under which paragraph and diary number.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DecisionRef {
    /// The deciding body (KF, KS, a committee).
    pub body: OrgUnitId,
    /// The date of the decision.
    pub date: NaiveDate,
    /// The paragraph (§), such as `§ 43`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// The diary number (diarienummer), such as `KS 2020-339`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diary_number: Option<String>,
}

impl DecisionRef {
    /// A decision of `body` on `date`, with no paragraph or diary number.
    pub fn new(body: OrgUnitId, date: NaiveDate) -> DecisionRef {
        DecisionRef {
            body,
            date,
            paragraph: None,
            diary_number: None,
        }
    }

    /// Sets the paragraph, such as `§ 66`.
    #[must_use]
    pub fn paragraph(mut self, paragraph: impl Into<String>) -> DecisionRef {
        self.paragraph = Some(paragraph.into());
        self
    }
}

/// As decisions are cited: `KF 2022-04-25 § 66`.
///
/// ```
/// use styrmodell::{DecisionRef, NaiveDate};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let date = NaiveDate::from_ymd_opt(2022, 4, 25).ok_or("date")?;
/// let decision = DecisionRef::new("KF".parse()?, date).paragraph("§ 66");
/// assert_eq!(decision.to_string(), "KF 2022-04-25 § 66");
/// # Ok(())
/// # }
/// ```
impl fmt::Display for DecisionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.body, self.date)?;
        if let Some(paragraph) = &self.paragraph {
            write!(f, " {paragraph}")?;
        }
        Ok(())
    }
}
