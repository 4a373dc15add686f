//! Application state outside the views: configuration, the session, the browser transport
//! and how views call the APIs, sessionStorage, the one clock, the live server store and its
//! poller, the actions service, and the address bar (`router`).

pub mod actions;
pub mod call;
pub mod clock;
pub mod config;
pub mod image_watch;
pub mod poller;
pub mod router;
pub mod servers;
pub mod session;
pub mod storage;
pub mod toasts;
pub mod transport;
pub mod upload;
