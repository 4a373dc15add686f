//! Views. They stay thin: requests, parsing and state rules live in `api` and `state`.
//! Pages (`login`, `limits`, `servers::list`, `servers::detail`, `servers::create`,
//! `metadata::server`, `metadata::image`, `images::gallery`, `images::detail`, `keypairs`) each
//! have one route component and import no other page; what they share is here: form `fields`, a
//! `table` scaffold, `tabs`, a `dialog`, `load`ing and failure, `format` for values, and the
//! `keypair_form` both `/keypairs` and the create wizard use.

pub mod app;
pub mod dialog;
pub mod download;
pub mod fields;
pub mod file_input;
pub mod format;
pub mod images;
pub mod keypair_form;
pub mod keypairs;
pub mod limits;
pub mod load;
pub mod login;
pub mod metadata;
pub mod servers;
pub mod shell;
pub mod table;
pub mod tabs;
