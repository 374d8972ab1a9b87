//! JSON Schema (feature `schemars`) of the model's input types, for integrators who write the
//! JSON by other means: the organisation, the chart of accounts, the plan horizon, ledger
//! facts, the follow-up calendar and the steering model's parts.
//!
//! ```
//! let schema = styrmodell::schema::input_schema();
//! assert!(schema["properties"]["facts"].is_object());
//! ```

use serde_json::Value;

use crate::chart::Chart;
use crate::ledger::Fact;
use crate::org::Organisation;
use crate::period::{PlanHorizon, ReportingCalendar};
use crate::steering::SteeringParts;

/// Everything a model is built from, as one JSON document.
#[derive(schemars::JsonSchema)]
#[allow(dead_code, reason = "only its schema is used")]
struct ModelInput {
    /// The organisation's units.
    organisation: Organisation,
    /// The chart of accounts.
    chart: Chart,
    /// The budget year and plan years.
    horizon: PlanHorizon,
    /// Budget, forecast and outcome facts.
    facts: Vec<Fact>,
    /// The follow-up calendar.
    calendar: ReportingCalendar,
    /// Goals, indicators, observations, assignments.
    steering: SteeringParts,
}

/// The JSON Schema (draft 2020-12) of the model's input.
pub fn input_schema() -> Value {
    serde_json::to_value(schemars::schema_for!(ModelInput)).unwrap_or(Value::Null)
}
