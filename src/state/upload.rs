//! Sending a file as a request body with upload progress and cancel. fetch cannot report how
//! much of a body has gone out, so this one call uses XMLHttpRequest; every other call goes
//! through `transport`.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use futures::channel::oneshot;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, ProgressEvent, XmlHttpRequest};

use crate::api::{ApiError, Request, Response};

/// How a transfer ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The service answered (any status).
    Answered(Response),
    /// [`Transfer::cancel`] stopped it.
    Cancelled,
    /// The network failed, or the browser refused the request.
    Failed(ApiError),
}

/// A transfer under way.
#[derive(Clone)]
pub struct Transfer(XmlHttpRequest);

impl Transfer {
    pub fn cancel(&self) {
        let _ = self.0.abort();
    }
}

/// Send `req` with `file` as its body; `progress(sent, total)` as bytes go out.
pub fn send_file(
    req: &Request,
    file: &File,
    progress: impl Fn(f64, f64) + 'static,
) -> Result<(Transfer, impl Future<Output = Outcome>), ApiError> {
    let refused = |e: JsValue| ApiError::unreachable(format!("{} ({e:?})", req.url));
    let xhr = XmlHttpRequest::new().map_err(refused)?;
    xhr.open_with_async(req.method.as_str(), &req.url, true).map_err(refused)?;
    for (name, value) in &req.headers {
        xhr.set_request_header(name, value).map_err(refused)?;
    }
    let (tx, rx) = oneshot::channel::<Outcome>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let finish = move |outcome: Outcome| {
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(outcome);
        }
    };
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() {
            progress(e.loaded(), e.total());
        }
    });
    let on_load = {
        let (xhr, finish) = (xhr.clone(), finish.clone());
        Closure::<dyn FnMut()>::new(move || {
            let status = xhr.status().unwrap_or(0);
            let body = xhr.response_text().ok().flatten().unwrap_or_default();
            finish(Outcome::Answered(Response { status, headers: Vec::new(), body }));
        })
    };
    let url = req.url.clone();
    let on_error = {
        let finish = finish.clone();
        Closure::<dyn FnMut()>::new(move || finish(Outcome::Failed(ApiError::unreachable(url.clone()))))
    };
    let on_abort = Closure::<dyn FnMut()>::new(move || finish(Outcome::Cancelled));
    xhr.upload().map_err(refused)?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    xhr.send_with_opt_blob(Some(file)).map_err(refused)?;
    let done = async move {
        // The handlers live until the transfer ends.
        let _keep = (on_progress, on_load, on_error, on_abort);
        rx.await.unwrap_or(Outcome::Cancelled)
    };
    Ok((Transfer(xhr), done))
}
