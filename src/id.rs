//! Text ids (projects, goals, indicators, assignments, goal areas): 1–64 characters without
//! control characters or white space at either end, validated on construction.

/// Why a text id is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} id {input:?}: {reason}")]
pub struct IdError {
    /// What the id was for: project, goal, indicator, ...
    pub kind: &'static str,
    /// The text given.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Checks the text of an id of `kind`.
pub(crate) fn check(kind: &'static str, input: String) -> Result<String, IdError> {
    let reason = if input.is_empty() {
        "empty"
    } else if input.chars().count() > 64 {
        "longer than 64 characters"
    } else if input.trim() != input {
        "white space at the start or end"
    } else if input.chars().any(char::is_control) {
        "control character"
    } else {
        return Ok(input);
    };
    Err(IdError {
        kind,
        input,
        reason,
    })
}

/// Defines a validated text id type with `FromStr`, `Display`, serde through `String`.
macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::id::IdError;
            fn try_from(input: String) -> Result<$name, $crate::id::IdError> {
                $crate::id::check($kind, input).map($name)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::id::IdError;
            fn from_str(input: &str) -> Result<$name, $crate::id::IdError> {
                $name::try_from(input.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
pub(crate) use text_id;
