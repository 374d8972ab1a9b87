//! The trace of an assessment: every step in words with its numbers.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The steps of an assessment, each at an indentation depth; displays as indented plain text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Trace {
    /// The steps: depth and text.
    pub lines: Vec<(u8, String)>,
}

impl Trace {
    pub(crate) fn line(&mut self, depth: u8, text: String) {
        self.lines.push((depth, text));
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (depth, text) in &self.lines {
            writeln!(f, "{:indent$}{text}", "", indent = usize::from(*depth) * 2)?;
        }
        Ok(())
    }
}
