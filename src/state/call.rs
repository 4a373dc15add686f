//! How a view calls the APIs: the request is cancelled when the reactive owner that made it
//! is cleaned up (the page unmounts, or a resource loads again), as leptos'
//! `examples/hackernews/src/api.rs` does, and the call then never ends: nobody is left to
//! take its answer.

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
        async move {
            match auth.call_with_signal(api, build, parse, abort.as_ref()).await {
                // Ending would wake what awaits it: a resource of a page just closed would
                // wake the view that shows it, which leptos' <Transition> keeps for a moment,
                // and that view would panic reading the disposed resource.
                Err(ApiError::Aborted) => std::future::pending().await,
                done => done,
            }
        }
    }
}
