//! Integration tests, one binary to keep link time down: one module per area.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod api;
mod bad_input;
mod economy;
mod economy_properties;
mod foundation_properties;
mod report;
#[cfg(feature = "schemars")]
mod schema;
#[cfg(feature = "sie")]
mod sie;
#[cfg(feature = "sie")]
mod sie_bad_input;
#[cfg(feature = "sie")]
mod sie_properties;
mod steering;
mod steering_properties;
