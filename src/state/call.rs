//! How a view calls the APIs: the request is cancelled when the reactive owner that made it
//! is cleaned up (the page unmounts, or a resource loads again), as leptos'
//! `examples/hackernews/src/api.rs` does. An aborted call ends in `ApiError::Aborted`, which
//! views show as nothing.

use std::future::Future;

use crate::api::{ApiError, Request, Response, Service};
use crate::state::session::{Api, Auth};
use web_sys::AbortSignal;

/// An `AbortSignal` that fires when the current reactive owner is cleaned up.
pub fn abort_on_cleanup() -> Option<AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    let controller = send_wrapper::SendWrapper::new(controller);
    leptos::prelude::on_cleanup(move || controller.abort());
    Some(signal)
}

impl Auth {
    /// Call `api` from a view: build the request, send it, parse the answer; cancelled when
    /// the view's owner is cleaned up.
    pub fn call<T>(
        &self,
        api: Api,
        build: impl FnOnce(&Service) -> Request + 'static,
        parse: impl FnOnce(&Response) -> Result<T, ApiError> + 'static,
    ) -> impl Future<Output = Result<T, ApiError>> + 'static {
        let (auth, abort) = (*self, abort_on_cleanup());
        async move { auth.call_with_signal(api, build, parse, abort.as_ref()).await }
    }
}
