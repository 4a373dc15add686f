//! One clock for the whole app: a single interval, ticking once a minute, that every age and
//! countdown on screen reads. Only what shows a time re-renders when it ticks.

use leptos::prelude::*;
use std::time::Duration;

use crate::state::session::{now_secs, Auth};

/// Ages read "3 min", so a minute is as fine as they get.
const TICK: Duration = Duration::from_secs(60);

/// The cloud's time, in seconds since the epoch, as of the last tick.
#[derive(Clone, Copy)]
pub struct Clock {
    now: Memo<f64>,
}

impl Clock {
    /// Start the clock for the app's lifetime (call once, in the root).
    pub fn start(auth: Auth) -> Self {
        let local_now = RwSignal::new(now_secs());
        if let Ok(handle) = set_interval_with_handle(move || local_now.set(now_secs()), TICK) {
            on_cleanup(move || handle.clear());
        }
        // Once per tick for every reader (a list shows hundreds of ages).
        let now = Memo::new(move |_| {
            let local = local_now.get();
            auth.session.with(|s| s.as_ref().map_or(local, |s| s.cloud_now(local)))
        });
        Clock { now }
    }
}

/// The cloud's time now (seconds since the epoch), updated once a minute: what ages and
/// expiry countdowns are measured against.
pub fn use_now() -> Memo<f64> {
    expect_context::<Clock>().now
}
