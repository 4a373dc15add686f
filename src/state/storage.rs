//! JSON values in this tab's sessionStorage. Nothing of the panel's goes to localStorage or
//! cookies: a session and a draft die with the tab.

use serde::{de::DeserializeOwned, Serialize};

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = session_storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

/// A draft, written by serde (the pages that keep drafts are fetched when opened).
pub fn set<T: Serialize>(key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        set_text(key, &text);
    }
}

/// A JSON value, written without serde's serializer (the session and the list's columns are
/// stored by the first load; `api::json`).
pub fn set_value(key: &str, value: &serde_json::Value) {
    set_text(key, &crate::api::json::to_string(value));
}

fn set_text(key: &str, text: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, text);
    }
}

/// Where a dialog keeps what the user typed until it is sent, cancelled, or the user logs out.
pub const DRAFT_PREFIX: &str = "nephele.draft.";

/// Forget every draft in this tab (the next person to log in here must not see them).
pub fn remove_drafts() {
    let Some(storage) = session_storage() else { return };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0)).filter_map(|i| storage.key(i).ok().flatten()).collect();
    for key in keys.iter().filter(|k| k.starts_with(DRAFT_PREFIX)) {
        let _ = storage.remove_item(key);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(key);
    }
}
