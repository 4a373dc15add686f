//! Application state outside the views: configuration, the session, the browser transport,
//! sessionStorage, and the live server list's poller.

pub mod config;
pub mod poller;
pub mod servers;
pub mod session;
pub mod storage;
pub mod toasts;
pub mod transport;
