//! One poller for the whole app. After a full load of the list it asks Nova only for what
//! changed (`GET /servers/detail?changes-since=…`) and patches those rows. It polls fast while
//! anything on screen is changing state and slowly otherwise, pauses while the tab is hidden,
//! backs off on network and 5xx errors, stops on 401, never has two polls in flight (it is a
//! single loop), and reloads fully now and then to correct any drift.

use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::future::{select, Either};
use futures::StreamExt;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::api::servers::{self, ListQuery, Server};
use crate::api::{time, ApiError};
use crate::state::config::PollTiming;
use crate::state::servers::ServerStore;
use crate::state::session::{now_secs, Api, Auth};

/// How far before the last known change the next `changes-since` reaches back: covers
/// updates committed just after our previous poll started, and the error of our estimate of
/// the cloud's clock.
pub const SAFETY_MARGIN_SECS: f64 = 5.0;
/// The longest wait between polls while the cloud is failing.
pub const MAX_BACKOFF_SECS: f64 = 60.0;
/// How long the poller polls fast for a server an action was sent for, at most.
pub const EXPECT_CHANGE_SECS: f64 = 60.0;

/// Servers an action was just sent for. Nova does not always show at once that something is
/// under way (a confirmed resize stays VERIFY_RESIZE with no task until it is done), so the
/// poller polls fast until such a server's `updated` stamp moves, or for a minute at most.
#[derive(Debug, Default, PartialEq)]
pub struct Expected(Vec<(String, String, f64)>);

impl Expected {
    /// `id` stamped `updated` should change before `until` (cloud time).
    pub fn add(&mut self, id: String, updated: String, until: f64) {
        self.0.retain(|(known, ..)| *known != id);
        self.0.push((id, updated, until));
    }

    /// A poll answered these servers: those with a new stamp are no longer awaited.
    pub fn saw(&mut self, servers: &[Server]) {
        self.0.retain(|(id, updated, _)| !servers.iter().any(|s| s.id == *id && s.updated != *updated));
    }

    /// Is a change still awaited at `now`?
    pub fn pending(&mut self, now: f64) -> bool {
        self.0.retain(|(.., until)| *until > now);
        !self.0.is_empty()
    }
}

/// The `changes-since` bookkeeping, in the cloud's time.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Watermark {
    latest_update: Option<f64>,
    last_poll_started: Option<f64>,
}

impl Watermark {
    /// A poll that started at `started` (cloud time) answered with these servers.
    pub fn record(&mut self, started: f64, servers: &[Server]) {
        let newest = servers.iter().filter_map(|s| time::parse_rfc3339(&s.updated)).fold(None, |a: Option<f64>, t| {
            Some(a.map_or(t, |a| a.max(t)))
        });
        self.latest_update = match (self.latest_update, newest) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.last_poll_started = Some(started);
    }

    /// Everything updated at or after this instant may be news. Once a poll has covered
    /// a stretch of time, idle polls ask only for the few seconds since, and get `[]`.
    pub fn changes_since(&self) -> Option<f64> {
        let covered = match (self.latest_update, self.last_poll_started) {
            (Some(a), Some(b)) => a.max(b),
            (a, b) => a.or(b)?,
        };
        Some(covered - SAFETY_MARGIN_SECS)
    }
}

/// Seconds until the next poll.
pub fn next_delay(timing: &PollTiming, busy: bool, failures: u32) -> f64 {
    if failures > 0 {
        (timing.fast * 2f64.powi(failures.min(16) as i32)).min(MAX_BACKOFF_SECS)
    } else if busy {
        timing.fast
    } else {
        timing.slow
    }
}

/// The longest wait a service's `Retry-After` can impose (a wrong value must not stop the
/// list for good).
pub const MAX_RETRY_AFTER_SECS: f64 = 600.0;

/// Seconds until the next poll after the `failures`-th failure in a row: the backoff, or
/// longer if the service asked for it (`Retry-After`).
pub fn delay_after_failure(timing: &PollTiming, failures: u32, retry_after: Option<u32>) -> f64 {
    let asked = retry_after.map_or(0.0, |s| f64::from(s).min(MAX_RETRY_AFTER_SECS));
    next_delay(timing, false, failures).max(asked)
}

/// Should a poll that named servers not on screen (`unseen`) be followed at once by a full
/// reload? Only a list can place newcomers (by its filters and sort), and that reload never
/// asks again, so it costs at most one request more per poll. A detail page has no list:
/// another server changing must not make it poll again at once.
pub fn reload_for_unseen(unseen: bool, shows_list: bool) -> bool {
    unseen && shows_list
}

/// Should this poll reload the whole view rather than ask for changes?
pub fn wants_full_reload(view_changed: bool, last_full: Option<f64>, now: f64, timing: &PollTiming) -> bool {
    view_changed || last_full.is_none_or(|t| now - t >= timing.full_reload)
}

#[derive(Clone, Debug)]
enum Kick {
    /// Poll now (the tab became visible, a page started watching a server).
    Now,
    /// The view changed: reload it fully now.
    Reload,
    /// An action was sent for this server (id, its `updated` stamp then): poll now, and fast
    /// until it changes.
    Expect(String, String),
}

/// Handle to the app's poller, in context.
#[derive(Clone, Copy)]
pub struct Poller {
    kick: StoredValue<UnboundedSender<Kick>>,
}

impl Poller {
    fn send(&self, kick: Kick) {
        self.kick.with_value(|tx| {
            let _ = tx.unbounded_send(kick);
        });
    }

    pub fn poll_now(&self) {
        self.send(Kick::Now);
    }

    pub fn reload(&self) {
        self.send(Kick::Reload);
    }

    /// An action was sent for `server`: show its outcome quickly.
    pub fn expect_change(&self, server: &Server) {
        self.send(Kick::Expect(server.id.clone(), server.updated.clone()));
    }
}

pub fn use_poller() -> Poller {
    expect_context::<Poller>()
}

fn document_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// Start the poller for the app's lifetime (call once, in the root). It idles while there
/// is nothing to watch.
pub fn start(auth: Auth, store: ServerStore, timing: PollTiming) -> Poller {
    let (tx, rx) = unbounded();
    let poller = Poller { kick: StoredValue::new(tx) };

    // Resume with an immediate poll when the tab is shown again.
    let on_visible = poller;
    let listener = Closure::<dyn Fn()>::new(move || {
        if !document_hidden() {
            on_visible.poll_now();
        }
    });
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let _ = doc.add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
    }
    listener.forget(); // lives as long as the page

    // A page that starts watching a server wakes an idle loop.
    let on_watch = poller;
    Effect::new(move |_| {
        if store.watched.with(Option::is_some) {
            on_watch.poll_now();
        }
    });

    let abort = crate::state::call::abort_on_cleanup();
    leptos::task::spawn_local(run(auth, store, timing, rx, abort));
    poller
}

async fn run(auth: Auth, store: ServerStore, timing: PollTiming, mut kicks: UnboundedReceiver<Kick>, abort: Option<web_sys::AbortSignal>) {
    let mut watermark = Watermark::default();
    let mut expected = Expected::default();
    let mut last_full: Option<f64> = None;
    let mut shown_view: Option<ListQuery> = None;
    let mut failures = 0u32;
    // `None`: wait for a kick only (hidden tab, nothing to watch, logged out).
    let mut delay: Option<f64> = Some(0.0);
    loop {
        let waited = match delay {
            Some(secs) if !document_hidden() => {
                let timer = TimeoutFuture::new((secs * 1000.0) as u32);
                match select(timer, kicks.next()).await {
                    Either::Left(_) => Some(Kick::Now),
                    Either::Right((kick, _)) => kick,
                }
            }
            _ => kicks.next().await,
        };
        let Some(first) = waited else { return };
        // This kick and those queued up meanwhile (a batch action sends one per server) make
        // one poll.
        let mut reload = false;
        for kick in std::iter::once(first).chain(std::iter::from_fn(|| kicks.try_recv().ok())) {
            match kick {
                Kick::Now => {}
                Kick::Reload => reload = true,
                Kick::Expect(id, updated) => {
                    expected.add(id, updated, auth.compute_time_at(now_secs()) + EXPECT_CHANGE_SECS)
                }
            }
        }
        if abort.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
            return;
        }
        if document_hidden() || auth.session.with_untracked(Option::is_none) {
            delay = None;
            continue;
        }
        let view = store.view.get_untracked();
        if view.is_none() && store.watched.with_untracked(Option::is_none) {
            delay = None;
            continue;
        }

        // When this poll started, in Nova's time (read again once the answer is in: its
        // `Date` may have corrected the offset).
        let local_start = now_secs();
        let started = auth.compute_time_at(local_start);
        let view_changed = reload || view != shown_view;
        let result = match &view {
            Some(q) if wants_full_reload(view_changed, last_full, started, &timing) => {
                let r = full_load(&auth, &store, q, abort.as_ref()).await;
                let started = auth.compute_time_at(local_start);
                if r.is_ok() {
                    last_full = Some(started);
                    shown_view = view.clone();
                }
                r.map(|servers| {
                    watermark.record(started, &servers);
                    expected.saw(&servers);
                    false
                })
            }
            _ => {
                let since = watermark.changes_since().unwrap_or(started - timing.full_reload);
                let query = ListQuery { changes_since: time::format_rfc3339(since), ..Default::default() };
                auth.call_with_signal(Api::Compute, |svc| servers::list_detail(svc, &query), servers::parse_list, abort.as_ref())
                    .await
                    .map(|page| {
                        watermark.record(auth.compute_time_at(local_start), &page.servers);
                        expected.saw(&page.servers);
                        store.apply_changes(page.servers)
                    })
            }
        };
        match result {
            Ok(unseen) => {
                failures = 0;
                store.reconnecting.set(None);
                if reload_for_unseen(unseen, view.is_some()) {
                    // Place newcomers with the view's own filters and sort.
                    last_full = None;
                    delay = Some(0.0);
                    continue;
                }
            }
            Err(ApiError::Aborted) => return,
            // The session is over (Auth already sent the user to log in).
            Err(ApiError::Unauthorized(_)) => {
                delay = None;
                last_full = None;
                continue;
            }
            Err(e) if e.is_transient() => {
                failures += 1;
                let wait = delay_after_failure(&timing, failures, e.retry_after());
                // Whole seconds as an integer: formatting the float would link core's float printing.
                store.reconnecting.set(Some(format!("{} Retrying in {} s.", e.plain_words(), wait.round() as u64)));
                delay = Some(wait);
                continue;
            }
            Err(e) => {
                store.error.set(Some(e));
                store.loaded.set(true);
            }
        }
        let busy = store.any_busy() || expected.pending(auth.compute_time_at(now_secs()));
        delay = Some(next_delay(&timing, busy, failures));
    }
}

/// Load the view's page; a pagination marker that has since been deleted falls back to the
/// first page with a notice rather than an error.
async fn full_load(
    auth: &Auth,
    store: &ServerStore,
    query: &ListQuery,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<Vec<Server>, ApiError> {
    let first = auth.call_with_signal(Api::Compute, |svc| servers::list_detail(svc, query), servers::parse_list, abort).await;
    let page = match first {
        Err(ApiError::BadRequest(m)) if !query.marker.is_empty() && m.contains("marker") => {
            store.notice.set(Some(
                "The server this page started after no longer exists, so the list starts from the beginning."
                    .into(),
            ));
            let from_start = ListQuery { marker: String::new(), ..query.clone() };
            auth.call_with_signal(Api::Compute, |svc| servers::list_detail(svc, &from_start), servers::parse_list, abort).await?
        }
        other => other?,
    };
    let servers = page.servers.clone();
    store.error.set(None);
    store.next_marker.set(page.next_marker);
    store.replace_rows(page.servers);
    store.loaded.set(true);
    Ok(servers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn updated(at: &str) -> Server {
        Server { updated: at.into(), ..Default::default() }
    }

    #[test]
    fn watermark_reaches_back_by_the_margin() {
        let mut w = Watermark::default();
        assert_eq!(w.changes_since(), None);
        let t = time::parse_rfc3339("2026-11-23T22:00:00Z").unwrap();
        w.record(t - 100.0, &[updated("2026-11-23T22:00:00Z"), updated("2026-11-23T21:00:00Z")]);
        assert_eq!(w.changes_since(), Some(t - SAFETY_MARGIN_SECS));
        // Idle polls move the window forward to the last poll's start.
        w.record(t + 60.0, &[]);
        assert_eq!(w.changes_since(), Some(t + 60.0 - SAFETY_MARGIN_SECS));
        // An update stamped in the future of our clock estimate still counts.
        w.record(t + 61.0, &[updated("2026-11-23T22:01:30Z")]);
        assert_eq!(w.changes_since(), Some(t + 90.0 - SAFETY_MARGIN_SECS));
    }

    #[test]
    fn an_expected_change_lasts_until_the_stamp_moves_or_time_is_up() {
        let stamped = |id: &str, at: &str| Server { id: id.into(), updated: at.into(), ..Default::default() };
        let mut e = Expected::default();
        assert!(!e.pending(0.0));
        e.add("a".into(), "t1".into(), 60.0);
        e.add("b".into(), "t1".into(), 60.0);
        // Same stamp (Nova has not started), or another server: still awaited.
        e.saw(&[stamped("a", "t1"), stamped("c", "t2")]);
        assert!(e.pending(10.0));
        e.saw(&[stamped("a", "t2")]);
        assert_eq!(e, Expected(vec![("b".into(), "t1".into(), 60.0)]));
        assert!(e.pending(59.0));
        assert!(!e.pending(60.0), "a minute at most");
    }

    #[test]
    fn delay_adapts_and_backs_off() {
        let timing = PollTiming { fast: 2.5, slow: 30.0, full_reload: 300.0 };
        assert_eq!(next_delay(&timing, true, 0), 2.5);
        assert_eq!(next_delay(&timing, false, 0), 30.0);
        assert_eq!(next_delay(&timing, false, 1), 5.0);
        assert_eq!(next_delay(&timing, true, 3), 20.0);
        assert_eq!(next_delay(&timing, true, 10), MAX_BACKOFF_SECS);
        assert_eq!(next_delay(&timing, true, u32::MAX), MAX_BACKOFF_SECS);
    }

    #[test]
    fn retry_after_is_obeyed_within_reason() {
        let timing = PollTiming { fast: 2.5, slow: 30.0, full_reload: 300.0 };
        assert_eq!(delay_after_failure(&timing, 1, None), 5.0);
        // The service asks for longer than the backoff: wait as told.
        assert_eq!(delay_after_failure(&timing, 1, Some(17)), 17.0);
        assert_eq!(delay_after_failure(&timing, 1, Some(120)), 120.0);
        // Never less than the backoff, never more than the cap.
        assert_eq!(delay_after_failure(&timing, 3, Some(1)), 20.0);
        assert_eq!(delay_after_failure(&timing, 1, Some(u32::MAX)), MAX_RETRY_AFTER_SECS);
    }

    #[test]
    fn only_a_list_reloads_at_once_for_servers_it_does_not_show() {
        assert!(reload_for_unseen(true, true));
        assert!(!reload_for_unseen(true, false), "a detail page waits for its next poll");
        assert!(!reload_for_unseen(false, true));
    }

    #[test]
    fn full_reload_on_new_view_or_when_stale() {
        let timing = PollTiming::default();
        assert!(wants_full_reload(false, None, 0.0, &timing));
        assert!(wants_full_reload(true, Some(100.0), 101.0, &timing));
        assert!(!wants_full_reload(false, Some(100.0), 101.0, &timing));
        assert!(wants_full_reload(false, Some(100.0), 100.0 + timing.full_reload, &timing));
    }
}
