//! Unit tests of the planning records.
