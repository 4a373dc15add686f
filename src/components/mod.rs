//! Views. They stay thin: requests, parsing and state rules live in `api` and `state`.

pub mod app;
pub mod errors;
pub mod format;
pub mod limits;
pub mod login;
pub mod placeholders;
pub mod servers;
pub mod shell;
