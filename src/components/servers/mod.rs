//! Servers: the live list and the detail page with every action.

pub mod detail;
pub mod list;
