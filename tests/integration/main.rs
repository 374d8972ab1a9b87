//! Integration tests, one binary to keep link time down: one module per area. Modules that
//! use the exported strategies need the `proptest` feature (`cargo test --all-features`, the
//! README's command); the rest run with plain `cargo test`.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod api;
mod as_of;
mod bad_input;
mod economy;
#[cfg(feature = "proptest")]
mod economy_properties;
mod edge_properties;
#[cfg(feature = "proptest")]
mod foundation_properties;
mod group;
mod group_balance;
#[cfg(feature = "sie")]
mod hostile;
mod planning;
#[cfg(feature = "proptest")]
mod planning_properties;
#[cfg(feature = "proptest")]
mod reorg_properties;
mod report;
#[cfg(feature = "schemars")]
mod schema;
#[cfg(feature = "sie")]
mod sie;
#[cfg(feature = "sie")]
mod sie_bad_input;
#[cfg(feature = "sie")]
mod sie_properties;
mod statements;
mod steering;
#[cfg(feature = "proptest")]
mod steering_properties;
#[cfg(feature = "xlsx")]
mod xlsx;

/// As of the end of 2022, known on its closing date (15 February 2023), as the annual report.
///
/// # Panics
/// Never: the dates are fixed.
pub fn closed_2022() -> styrmodell::AsOf {
    styrmodell::AsOf::end_of("2022-12".parse().unwrap())
        .known_on(styrmodell::NaiveDate::from_ymd_opt(2023, 2, 15).unwrap())
        .unwrap()
}
