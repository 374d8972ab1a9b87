//! The languages reports are worded in, and the words of the domain's values in each: a
//! value (`62 av 100 = 62 %`), a threshold (`> 80 %`), a result and a fulfilment.

use serde::{Deserialize, Serialize};

use crate::steering::{Fulfilment, MeasureUnit, Measured, TestResult, Threshold, ThresholdWords};

/// The language of a report's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Swedish (svenska), the default.
    #[default]
    Sv,
    /// English.
    En,
}

pub(crate) fn fulfilment(state: Fulfilment, lang: Lang) -> &'static str {
    match (state, lang) {
        (Fulfilment::Fulfilled, Lang::Sv) => "uppfyllt",
        (Fulfilment::PartlyFulfilled, Lang::Sv) => "delvis uppfyllt",
        (Fulfilment::NotFulfilled, Lang::Sv) => "ej uppfyllt",
        (Fulfilment::NotAssessed, Lang::Sv) => "ej bedömt",
        (Fulfilment::Fulfilled, Lang::En) => "fulfilled",
        (Fulfilment::PartlyFulfilled, Lang::En) => "partly fulfilled",
        (Fulfilment::NotFulfilled, Lang::En) => "not fulfilled",
        (Fulfilment::NotAssessed, Lang::En) => "not assessed",
    }
}

pub(crate) fn result(result: TestResult, lang: Lang) -> &'static str {
    match (result, lang) {
        (TestResult::Met, Lang::Sv) => "uppnått",
        (TestResult::PartlyMet, Lang::Sv) => "delvis uppnått",
        (TestResult::NotMet, Lang::Sv) => "ej uppnått",
        (TestResult::NoData, Lang::Sv) => "värde saknas",
        (TestResult::Met, Lang::En) => "met",
        (TestResult::PartlyMet, Lang::En) => "partly met",
        (TestResult::NotMet, Lang::En) => "not met",
        (TestResult::NoData, Lang::En) => "no data",
    }
}

/// A measured value in `lang` with its unit: `78 %`, `237 av 315 = 75,2 %`, `ja`, `4,5 dagar`.
/// Numbers are written the Swedish way in both languages, as every figure of a report is.
pub(crate) fn measured(value: &Measured, unit: &MeasureUnit, lang: Lang) -> String {
    match value {
        Measured::Number(number) => {
            let text = number.normalize().to_string().replace('.', ",");
            let symbol = match (unit, lang) {
                (MeasureUnit::Days, Lang::Sv) => "dagar",
                (MeasureUnit::Days, Lang::En) => "days",
                (unit, _) => unit.symbol(),
            };
            if symbol.is_empty() {
                text
            } else {
                format!("{text} {symbol}")
            }
        }
        Measured::Share(_) => {
            let text = value.to_string();
            match lang {
                Lang::Sv => text.replacen(" of ", " av ", 1),
                Lang::En => text,
            }
        }
        Measured::YesNo(yes) => match (yes, lang) {
            (true, Lang::Sv) => "ja",
            (false, Lang::Sv) => "nej",
            (true, Lang::En) => "yes",
            (false, Lang::En) => "no",
        }
        .to_owned(),
    }
}

/// A threshold in `lang`: `> 80 %`, `= ja`, `5–10 dagar`, `bättre än föregående period`.
pub(crate) fn threshold(threshold: &Threshold, lang: Lang) -> String {
    const SWEDISH: ThresholdWords = ThresholdWords {
        yes: "ja",
        no: "nej",
        days: "dagar",
        better: "bättre än föregående period",
        on_average: "i genomsnitt",
        decimal_mark: ',',
    };
    match lang {
        Lang::Sv => threshold.text(&SWEDISH),
        Lang::En => threshold.to_string(),
    }
}
