//! nephele: a static control panel for OpenStack Compute.

pub mod api;
pub mod components;
pub mod state;
