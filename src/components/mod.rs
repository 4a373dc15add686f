//! Views. They stay thin: requests, parsing and state rules live in `api` and `state`.
//! Pages (`login`, `limits`, `servers::list`, `servers::detail`, `placeholders`) each have
//! one route component and import no other page; what they share is here: form `fields`, a
//! `table` scaffold, `tabs`, a `dialog`, `load`ing and failure, and `format` for values.

pub mod app;
pub mod dialog;
pub mod fields;
pub mod format;
pub mod images;
pub mod limits;
pub mod load;
pub mod login;
pub mod placeholders;
pub mod servers;
pub mod shell;
pub mod table;
pub mod tabs;
