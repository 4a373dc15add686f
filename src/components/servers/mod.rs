//! Servers: the live list and the detail page with every action.

pub mod actions;
pub mod catalogue;
pub mod detail;
pub mod list;
pub mod status;
