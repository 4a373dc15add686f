//! The one metadata editor, for servers and images: key/value rows (edit, add, remove, bulk
//! paste, discard), checked before sending; a review of the diff; and before every save a
//! fresh read, so a change made elsewhere since the editor loaded is shown instead of being
//! overwritten. Unsaved edits wait in sessionStorage (a reload or a new login finds them),
//! and leaving the page with unsaved edits asks first.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::review::{summary, DiffList};
use super::target::{Items, SaveMode, Target};
use crate::api::metadata::{check, diff, merge_rows, parse_paste, to_map, Diff};
use crate::components::fields::{KeyValue, KeyValueRows, TextArea};
use crate::state::session::use_auth;
use crate::state::storage;

/// What waits in sessionStorage: the rows, and the set they were edited from (to tell a
/// change made elsewhere from one's own edits after a reload).
#[derive(Serialize, Deserialize)]
struct Draft {
    base: Items,
    rows: Vec<KeyValue>,
}

/// How a press on Save ended.
#[derive(Clone)]
enum Outcome {
    /// The fresh read before sending failed (in words); nothing was sent.
    Unreadable(String),
    /// The items changed elsewhere since `base`; nothing was sent.
    ChangedElsewhere(Items),
    /// Sent: the first failure, if any, and the items read afterwards when something changed.
    Sent { result: Result<(), String>, after: Option<Items> },
}

#[derive(Clone, PartialEq)]
enum Stage {
    Edit,
    /// The diff to save, and what changed elsewhere since `base` was read.
    Review { elsewhere: Diff, fresh: Items },
}

#[component]
pub fn MetadataEditor(
    target: Target,
    /// The items as just read from the service.
    loaded: Items,
    /// The cloud's limit on the number of items, when it reports one.
    #[prop(optional_no_strip)]
    max_items: Option<i64>,
) -> impl IntoView {
    let auth = use_auth();
    let draft_key = target.draft_key();
    let restored = storage::get::<Draft>(&draft_key);
    let had_draft = restored.is_some();
    let (base, rows) = match restored {
        Some(d) => (d.base, d.rows),
        None => (loaded.clone(), KeyValue::rows(loaded)),
    };
    let base = RwSignal::new(base);
    let rows = RwSignal::new(rows);
    let stage = RwSignal::new(Stage::Edit);
    let notice = RwSignal::new(had_draft.then(|| "Your unsaved edits from earlier are back.".to_string()));
    let failure = RwSignal::new(None::<String>);
    let target = StoredValue::new(target);

    let pairs = Memo::new(move |_| rows.with(|r| KeyValue::pairs(r)));
    let problems = Memo::new(move |_| {
        pairs.with(|p| {
            let mut all = check(p, max_items);
            all.extend(target.with_value(|t| t.extra_problems(p)));
            all
        })
    });
    let row_errors = Signal::derive(move || {
        problems.with(|all| all.iter().filter_map(|e| Some((e.row?, e.message.clone()))).collect::<Vec<_>>())
    });
    let mine = Memo::new(move |_| base.with(|b| pairs.with(|p| diff(b, &to_map(p)))));
    let dirty = Memo::new(move |_| !mine.with(Diff::is_empty) || pairs.with(|p| p.len()) != base.with(|b| b.len()));

    // Every edit goes to the draft at once; a clean editor leaves none.
    {
        let draft_key = draft_key.clone();
        Effect::new(move |_| {
            if dirty.get() {
                storage::set(&draft_key, &Draft { base: base.get(), rows: rows.get() });
            } else {
                storage::remove(&draft_key);
            }
        });
    }
    let leave = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value("You have unsaved metadata edits.");
        }
    });
    on_cleanup(move || leave.remove());

    let review = Action::new_local(move |_: &()| {
        let target = target.get_value();
        async move { target.read(auth).await }
    });
    Effect::new(move |_| match review.value().get() {
        Some(Ok(fresh)) => {
            let elsewhere = diff(&base.get_untracked(), &fresh);
            stage.set(Stage::Review { elsewhere, fresh });
        }
        Some(Err(e)) => failure.set(Some(format!("The current metadata could not be read: {}", e.plain_words()))),
        None => {}
    });
    let start_review = move || {
        failure.set(None);
        notice.set(None);
        if problems.with(|p| !p.is_empty()) {
            failure.set(Some("Fix the items marked below first.".into()));
        } else {
            review.dispatch(());
        }
    };

    let save = Action::new_local(move |mode: &SaveMode| {
        let (target, mode) = (target.get_value(), *mode);
        let (base_now, edited) = (base.get_untracked(), to_map(&pairs.get_untracked()));
        async move {
            // Read once more right before sending: a change made in the meantime is shown first.
            let fresh = match target.read(auth).await {
                Ok(fresh) => fresh,
                Err(e) => return Outcome::Unreadable(e.plain_words()),
            };
            if fresh != base_now {
                return Outcome::ChangedElsewhere(fresh);
            }
            let saved = target.save(auth, base_now, edited, mode).await;
            let after = if saved.changed_any { target.read(auth).await.ok() } else { None };
            Outcome::Sent { result: saved.result, after }
        }
    });
    Effect::new(move |_| match save.value().get() {
        None => {}
        Some(Outcome::Unreadable(words)) => failure.set(Some(format!("The current metadata could not be read: {words}"))),
        Some(Outcome::ChangedElsewhere(fresh)) => {
            let elsewhere = diff(&base.get_untracked(), &fresh);
            stage.set(Stage::Review { elsewhere, fresh });
        }
        Some(Outcome::Sent { result, after }) => {
            if let Some(after) = after.clone() {
                base.set(after);
            }
            match result {
                Ok(()) => {
                    let now = after.unwrap_or_else(|| to_map(&pairs.get_untracked()));
                    rows.set(KeyValue::rows(now));
                    stage.set(Stage::Edit);
                    notice.set(Some("Saved.".into()));
                }
                Err(words) => failure.set(Some(words)),
            }
        }
    });
    let busy = Signal::derive(move || review.pending().get() || save.pending().get());
    let send = move |mode: SaveMode| {
        failure.set(None);
        save.dispatch(mode);
    };

    // Keep one's own edits on top of what changed elsewhere, and review again.
    let rebase = move |fresh: Items| {
        let merged = mine.with_untracked(|m| m.apply_to(&fresh));
        base.set(fresh.clone());
        rows.set(KeyValue::rows(merged));
        stage.set(Stage::Review { elsewhere: Diff::default(), fresh });
    };
    let take_theirs = move |fresh: Items| {
        base.set(fresh.clone());
        rows.set(KeyValue::rows(fresh));
        stage.set(Stage::Edit);
    };
    let discard = move |_| {
        rows.set(KeyValue::rows(base.get_untracked()));
        failure.set(None);
        notice.set(Some("Your edits were discarded.".into()));
    };
    let total_error = move || problems.with(|p| p.iter().find(|e| e.row.is_none()).map(|e| e.message.clone()));
    let replace_all = target.with_value(Target::offers_replace_all);

    view! {
        <div class="metadata-editor">
            {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {move || failure.get().map(|f| view! { <p class="error" role="alert">{f}</p> })}
            {move || match stage.get() {
                Stage::Edit => view! {
                    <KeyValueRows id="meta" rows errors=row_errors />
                    {move || total_error().map(|e| view! { <p class="error">{e}</p> })}
                    <Paste rows />
                    <div class="form-actions">
                        <button type="button" class="primary" disabled=move || busy.get() || !dirty.get()
                            on:click=move |_| start_review()>"Review changes"</button>
                        <button type="button" disabled=move || !dirty.get() on:click=discard>"Discard edits"</button>
                    </div>
                }.into_any(),
                Stage::Review { elsewhere, fresh } => {
                    let conflict = !elsewhere.is_empty();
                    let changes = mine.get();
                    let (fresh_mine, fresh_theirs) = (fresh.clone(), fresh);
                    let count = pairs.with(|p| p.len());
                    view! {
                        <section class="metadata-review" aria-labelledby="review-title">
                            <h2 id="review-title">"Review"</h2>
                            {conflict.then(|| view! {
                                <div class="elsewhere" role="alert">
                                    <p><strong>"Changed elsewhere since you opened the editor: "</strong>{summary(&elsewhere)}"."</p>
                                    <DiffList diff=elsewhere label="Changed elsewhere" />
                                    <div class="form-actions">
                                        <button type="button" class="primary" on:click=move |_| rebase(fresh_mine.clone())>"Keep my edits on top of theirs"</button>
                                        <button type="button" on:click=move |_| take_theirs(fresh_theirs.clone())>"Drop my edits, load theirs"</button>
                                    </div>
                                </div>
                            })}
                            <p>{format!("Your changes: {}.", summary(&changes))}</p>
                            <DiffList diff=changes.clone() label="Your changes" />
                            <div class="form-actions">
                                <button type="button" class="primary" disabled=move || conflict || busy.get() || mine.with(Diff::is_empty)
                                    on:click=move |_| send(SaveMode::Changes)>"Save changes"</button>
                                {replace_all.then(|| view! {
                                    <button type="button" disabled=move || conflict || busy.get()
                                        on:click=move |_| send(SaveMode::ReplaceAll)>{format!("Replace all with these {count} items")}</button>
                                })}
                                <button type="button" on:click=move |_| stage.set(Stage::Edit)>"Back to editing"</button>
                            </div>
                        </section>
                    }.into_any()
                }
            }}
            {move || busy.get().then(|| view! { <p class="loading" role="status">"Working…"</p> })}
        </div>
    }
}

/// Bulk paste: `key=value` lines or a JSON object, laid over the rows.
#[component]
fn Paste(rows: RwSignal<Vec<KeyValue>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let apply = move |_| match parse_paste(&text.get_untracked()) {
        Ok(pasted) => {
            let merged = merge_rows(&rows.with_untracked(|r| KeyValue::pairs(r)), pasted);
            rows.set(KeyValue::rows(merged));
            text.set(String::new());
            error.set(None);
        }
        Err(e) => error.set(Some(e)),
    };
    view! {
        <details class="paste">
            <summary>"Paste several items"</summary>
            <TextArea id="meta-paste" label="key=value lines, or a JSON object" value=text rows=5 />
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="button" on:click=apply>"Add pasted items"</button>
        </details>
    }
}
