//! The trace of an assessment: every step with its values, worded in the report's language.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::wording::{Arg, Phrase, Wording};
use crate::language::Lang;

/// One step of a trace at an indentation depth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// How deep it sits under the goal (0 is the goal itself).
    pub depth: u8,
    /// What it says, with its values.
    pub wording: Wording,
}

/// The steps of an assessment; displays as indented English text, [`Trace::text`] in either
/// language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Trace {
    /// The steps in order.
    pub steps: Vec<TraceStep>,
}

impl Trace {
    pub(crate) fn step(&mut self, depth: u8, phrase: Phrase, args: Vec<Arg>) {
        self.steps.push(TraceStep {
            depth,
            wording: Wording::new(phrase, args),
        });
    }

    /// The trace as indented text in `lang`, one step a line.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        for step in &self.steps {
            let indent = usize::from(step.depth).saturating_mul(2);
            out.push_str(&" ".repeat(indent));
            out.push_str(&step.wording.text(lang));
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for Trace {
    /// In English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}
