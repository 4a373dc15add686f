//! The live server store: the rows of the list being viewed and the server open in the detail
//! page. Each row is its own signal, so a poll that changes one server re-renders one row;
//! the row list itself only changes when servers come or go. Pages say what they show with
//! `show`/`hide` and `watch`/`unwatch`; the poller fills in the rest.

use leptos::prelude::*;

use crate::api::servers::{ListQuery, Server};
use crate::api::ApiError;

/// One server, keyed by id, whose data a poll may replace.
///
/// The poller makes rows inside `spawn_local`, where no reactive owner is set: an arena
/// signal (`RwSignal`) made there belongs to nobody and is never disposed. So a row's signal
/// is reference-counted (`ArcRwSignal`) and freed with the last clone of its row: when the
/// server leaves the store and its view is unmounted.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: String,
    pub server: ArcRwSignal<Server>,
}

impl Row {
    pub fn new(server: Server) -> Self {
        Row { id: server.id.clone(), server: ArcRwSignal::new(server) }
    }

    /// The row's server as a view reads it (owned by the calling component).
    pub fn signal(&self) -> Signal<Server> {
        self.server.clone().into()
    }

    /// Replace the data only when it differs, so unchanged rows notify nobody.
    pub fn patch(&self, server: Server) {
        if self.server.with_untracked(|s| *s != server) {
            self.server.set(server);
        }
    }
}

#[derive(Clone, Copy)]
pub struct ServerStore {
    /// The list page's query; `None` while no list is shown (nothing to poll for it).
    pub view: RwSignal<Option<ListQuery>>,
    pub rows: RwSignal<Vec<Row>>,
    pub next_marker: RwSignal<Option<String>>,
    /// The rows answer the current `view` (false while a new query loads).
    pub loaded: RwSignal<bool>,
    /// Why the list could not load (a bad filter, a policy refusal).
    pub error: RwSignal<Option<ApiError>>,
    /// Set while polls fail for a passing reason; the banner says so.
    pub reconnecting: RwSignal<Option<String>>,
    /// A notice about the view, e.g. a pagination marker that no longer exists.
    pub notice: RwSignal<Option<String>>,
    /// The server open in the detail page, kept live by the same poller.
    pub watched: RwSignal<Option<Row>>,
    /// The watched server came back `DELETED` (or 404).
    pub watched_gone: RwSignal<bool>,
    /// Servers this tab has just created: the list marks them until it is left.
    pub created: RwSignal<Vec<String>>,
}

impl ServerStore {
    /// Show the list for `query`: what was shown before no longer answers it.
    pub fn show(&self, query: ListQuery) {
        self.loaded.set(false);
        self.notice.set(None);
        self.error.set(None);
        self.view.set(Some(query));
    }

    /// No list on screen: nothing to poll for it, and its rows can go.
    pub fn hide(&self) {
        self.view.set(None);
        self.rows.set(Vec::new());
        self.created.set(Vec::new());
    }

    /// Keep `server` live for the detail page.
    pub fn watch(&self, server: Server) {
        self.watched.set(Some(Row::new(server)));
        self.watched_gone.set(false);
    }

    pub fn unwatch(&self) {
        self.watched.set(None);
        self.watched_gone.set(false);
    }

    pub fn new() -> Self {
        ServerStore {
            view: RwSignal::new(None),
            rows: RwSignal::new(Vec::new()),
            next_marker: RwSignal::new(None),
            loaded: RwSignal::new(false),
            error: RwSignal::new(None),
            reconnecting: RwSignal::new(None),
            notice: RwSignal::new(None),
            watched: RwSignal::new(None),
            watched_gone: RwSignal::new(false),
            created: RwSignal::new(Vec::new()),
        }
    }

    /// A full page answer: keep the row signals of servers still there, in the new order.
    /// Nova still lists a server it just deleted, with status DELETED, for a while: such a
    /// server is gone, not a row (else a reload brings back rows a poll removed).
    pub fn replace_rows(&self, servers: Vec<Server>) {
        let old = self.rows.get_untracked();
        let rows: Vec<Row> = servers
            .into_iter()
            .filter(|server| !is_deleted(server))
            .map(|server| match old.iter().find(|r| r.id == server.id) {
                Some(row) => {
                    row.patch(server);
                    row.clone()
                }
                None => Row::new(server),
            })
            .collect();
        let same_membership = rows.len() == old.len() && rows.iter().zip(&old).all(|(a, b)| a.id == b.id);
        if !same_membership {
            self.rows.set(rows);
        }
    }

    /// Apply an incremental answer; returns true when it names servers this view does not
    /// show yet (then only a full reload can place them correctly under filters and sort).
    pub fn apply_changes(&self, changed: Vec<Server>) -> bool {
        let watched = self.watched.get_untracked();
        let plan = plan_patch(changed, |id| {
            self.rows.with_untracked(|rows| rows.iter().any(|r| r.id == id))
                || watched.as_ref().is_some_and(|w| w.id == id)
        });
        for server in plan.updated {
            if let Some(w) = watched.as_ref().filter(|w| w.id == server.id) {
                w.patch(server.clone());
            }
            if let Some(row) = self.rows.with_untracked(|rows| rows.iter().find(|r| r.id == server.id).cloned()) {
                row.patch(server);
            }
        }
        if !plan.removed.is_empty() {
            if watched.as_ref().is_some_and(|w| plan.removed.contains(&w.id)) {
                self.watched_gone.set(true);
            }
            self.rows.update(|rows| rows.retain(|r| !plan.removed.contains(&r.id)));
        }
        plan.unseen
    }

    /// Is anything on screen changing state? Then the poller polls fast.
    pub fn any_busy(&self) -> bool {
        let row_busy = self.rows.with_untracked(|rows| rows.iter().any(|r| r.server.with_untracked(Server::in_transition)));
        row_busy || self.watched.with_untracked(|w| w.as_ref().is_some_and(|w| w.server.with_untracked(Server::in_transition)))
    }
}

impl Default for ServerStore {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_server_store() -> ServerStore {
    expect_context::<ServerStore>()
}

/// What an incremental answer means for the rows on screen.
#[derive(Debug, Default, PartialEq)]
pub struct Patch {
    /// Servers on screen with new data (possibly unchanged: `Row::patch` compares).
    pub updated: Vec<Server>,
    /// Servers that were deleted.
    pub removed: Vec<String>,
    /// Servers not on screen changed: a new server, or one now matching the filters.
    pub unseen: bool,
}

fn is_deleted(server: &Server) -> bool {
    server.status == "DELETED"
}

pub fn plan_patch(changed: Vec<Server>, on_screen: impl Fn(&str) -> bool) -> Patch {
    let mut patch = Patch::default();
    for server in changed {
        let shown = on_screen(&server.id);
        if is_deleted(&server) {
            if shown {
                patch.removed.push(server.id);
            }
        } else if shown {
            patch.updated.push(server);
        } else {
            patch.unseen = true;
        }
    }
    patch
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(id: &str, status: &str) -> Server {
        Server { id: id.into(), status: status.into(), ..Default::default() }
    }

    /// The row signal of `id`, as a view would hold it.
    fn held(store: &ServerStore, id: &str) -> ArcRwSignal<Server> {
        store.rows.with_untracked(|rows| rows.iter().find(|r| r.id == id).unwrap().server.clone())
    }

    /// A signal whose only holder is the caller was freed by everyone else.
    fn freed(signal: ArcRwSignal<Server>) -> bool {
        signal.into_inner().is_some()
    }

    #[test]
    fn rows_that_leave_are_freed() {
        let store = ServerStore::new();
        store.replace_rows(vec![server("a", "ACTIVE"), server("b", "ACTIVE"), server("c", "ACTIVE")]);
        let (a, b, c) = (held(&store, "a"), held(&store, "b"), held(&store, "c"));
        // A full reload without "a"; an incremental poll that deletes "b".
        store.replace_rows(vec![server("b", "ACTIVE"), server("c", "SHUTOFF")]);
        assert!(freed(a), "a row that left a reload is held by nothing");
        store.apply_changes(vec![server("b", "DELETED")]);
        assert!(freed(b), "a deleted row is held by nothing");
        // A row still listed is kept, with its new data.
        assert_eq!(c.get_untracked().status, "SHUTOFF");
        assert!(!freed(c));
        // Leaving the list frees every row.
        let c = held(&store, "c");
        store.hide();
        assert!(freed(c));
    }

    #[test]
    fn a_reload_that_still_lists_a_deleted_server_shows_no_row_for_it() {
        let store = ServerStore::new();
        store.replace_rows(vec![server("a", "ACTIVE"), server("b", "DELETED")]);
        let ids: Vec<String> = store.rows.with_untracked(|rows| rows.iter().map(|r| r.id.clone()).collect());
        assert_eq!(ids, vec!["a".to_string()]);
    }

    #[test]
    fn the_watched_server_is_freed_when_the_page_lets_go() {
        let store = ServerStore::new();
        store.watch(server("w", "ACTIVE"));
        let w = store.watched.with_untracked(|w| w.as_ref().unwrap().server.clone());
        store.apply_changes(vec![server("w", "SHUTOFF")]);
        assert_eq!(w.get_untracked().status, "SHUTOFF");
        store.unwatch();
        assert!(freed(w));
    }

    #[test]
    fn deleted_servers_leave_and_new_ones_ask_for_a_reload() {
        let shown = |id: &str| id == "a" || id == "b";
        let p = plan_patch(vec![server("a", "SHUTOFF"), server("b", "DELETED"), server("gone", "DELETED")], shown);
        assert_eq!(p.updated, vec![server("a", "SHUTOFF")]);
        assert_eq!(p.removed, vec!["b".to_string()]);
        assert!(!p.unseen, "a deletion of a server never shown needs no reload");
        let p = plan_patch(vec![server("new", "BUILD")], shown);
        assert!(p.unseen);
        assert!(p.updated.is_empty());
    }

    #[test]
    fn empty_answer_changes_nothing() {
        assert_eq!(plan_patch(vec![], |_| true), Patch::default());
    }
}
