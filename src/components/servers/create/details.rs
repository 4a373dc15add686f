//! Step 5: the name and count, placement (zone, server group), description, tags, access
//! addresses, metadata, user data and injected files. Fields the request's microversion does
//! not take are disabled, with the reason.

use leptos::prelude::*;

use crate::api::servers::create::{base64_len, unavailable, Field, MAX_USER_DATA_BASE64};
use crate::components::fields::{Binding, KeyValue, KeyValueRows, SelectField, TextArea, TextField};

use super::files::InjectedFiles;
use super::{loaded, use_wizard, FieldErrors, Touch};

/// Tags are typed as one comma-separated line (Nova's tags cannot contain commas).
fn split_tags(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect()
}

#[component]
pub fn DetailsStep() -> impl IntoView {
    let wizard = use_wizard();
    let draft = wizard.draft;
    // Typed text, so that a half-typed number or tag list is not rewritten under the cursor.
    let count_text = RwSignal::new(draft.with_untracked(|d| d.max_count.to_string()));
    let count = Binding::new(
        move || count_text.get(),
        move |v: String| {
            let n = v.trim().parse().unwrap_or(0);
            count_text.set(v);
            // A batch answers with its reservation id, by which the wizard finds its servers.
            draft.update(|d| (d.min_count, d.max_count, d.return_reservation_id) = (n, n, n > 1));
        },
    );
    let tags_text = RwSignal::new(draft.with_untracked(|d| d.tags.join(", ")));
    let tags = Binding::new(
        move || tags_text.get(),
        move |v: String| {
            draft.update(|d| d.tags = split_tags(&v));
            tags_text.set(v);
        },
    );
    let zones = Signal::derive(move || {
        loaded(wizard.cloud.zones).into_iter().filter(|z| z.available).map(|z| (z.name.clone(), z.name)).collect::<Vec<_>>()
    });
    let groups = Signal::derive(move || {
        loaded(wizard.cloud.server_groups)
            .into_iter()
            .map(|g| (g.id.clone(), format!("{} ({})", g.name, g.policy_words())))
            .collect::<Vec<_>>()
    });
    let user_data_size = move || {
        draft.with(|d| {
            let (raw, encoded) = (d.user_data.len(), base64_len(&d.user_data));
            format!("{raw} bytes; {encoded} of {MAX_USER_DATA_BASE64} bytes once Base64-encoded.")
        })
    };
    let too_new = move |field| Signal::derive(move || unavailable(field, wizard.mv.get()));
    let (description_off, tags_off) = (too_new(Field::Description), too_new(Field::Tags));
    let off_note = |off: Signal<Option<String>>| move || off.get().map(|why| view! { <p class="hint">{why}</p> });
    view! {
        <Touch field=Field::Name>
            <TextField id="server-name" label="Name" value=wizard.bind(|d| &d.name, |d, v| d.name = v)
                error=wizard.error(Field::Name, None) />
        </Touch>
        <Touch field=Field::Count>
            <TextField id="count" label="Number of servers" kind="number" value=count
                hint="With more than one, Nova names them after the name: name-1, name-2, …"
                error=wizard.error(Field::Count, None) />
        </Touch>
        <div class="two-columns">
            <SelectField id="zone" label="Availability zone" options=zones empty="Any zone"
                value=wizard.bind(|d| &d.availability_zone, |d, v| d.availability_zone = v) />
            <SelectField id="server-group" label="Server group" options=groups empty="None"
                value=wizard.bind(|d| &d.server_group, |d, v| d.server_group = v) />
        </div>
        <Touch field=Field::Description>
            <TextField id="description" label="Description" value=wizard.bind(|d| &d.description, |d, v| d.description = v)
                disabled=Signal::derive(move || description_off.with(Option::is_some))
                error=wizard.error(Field::Description, None) />
            {off_note(description_off)}
        </Touch>
        <Touch field=Field::Tags>
            <TextField id="tags" label="Tags" value=tags hint="Separated by commas."
                disabled=Signal::derive(move || tags_off.with(Option::is_some))
                error=Signal::derive(move || {
                    let messages: Vec<String> = (0..draft.with(|d| d.tags.len()))
                        .map(Some)
                        .chain([None])
                        .flat_map(|item| wizard.messages(Field::Tags, item))
                        .collect();
                    (!messages.is_empty()).then(|| messages.join(" "))
                }) />
            {off_note(tags_off)}
        </Touch>
        <div class="two-columns">
            <Touch field=Field::AccessIpv4>
                <TextField id="access-ipv4" label="Access IPv4 (optional)"
                    value=wizard.bind(|d| &d.access_ipv4, |d, v| d.access_ipv4 = v)
                    error=wizard.error(Field::AccessIpv4, None) />
            </Touch>
            <Touch field=Field::AccessIpv6>
                <TextField id="access-ipv6" label="Access IPv6 (optional)"
                    value=wizard.bind(|d| &d.access_ipv6, |d, v| d.access_ipv6 = v)
                    error=wizard.error(Field::AccessIpv6, None) />
            </Touch>
        </div>
        <Touch field=Field::Metadata>
            <Metadata />
        </Touch>
        <Touch field=Field::UserData>
            <TextArea id="user-data" label="User data" rows=6 value=wizard.bind(|d| &d.user_data, |d, v| d.user_data = v)
                hint="A cloud-init script or #cloud-config, as text." />
            <p class="muted small" aria-live="polite">{user_data_size}</p>
            <FieldErrors field=Field::UserData />
        </Touch>
        <Touch field=Field::Personality>
            <InjectedFiles />
        </Touch>
    }
}

/// The metadata editor's rows (one component for both), kept equal to the draft's list both
/// ways: typing writes the draft, a draft filled elsewhere ("like this") fills the rows.
#[component]
fn Metadata() -> impl IntoView {
    let wizard = use_wizard();
    let draft = wizard.draft;
    let rows = RwSignal::new(KeyValue::rows(draft.with_untracked(|d| d.metadata.clone())));
    Effect::new(move |_| {
        let pairs = rows.with(|r| KeyValue::pairs(r));
        if draft.with_untracked(|d| d.metadata != pairs) {
            draft.update(|d| d.metadata = pairs);
        }
    });
    Effect::new(move |_| {
        let pairs = draft.with(|d| d.metadata.clone());
        if rows.with_untracked(|r| KeyValue::pairs(r) != pairs) {
            rows.set(KeyValue::rows(pairs));
        }
    });
    let errors = Signal::derive(move || {
        let count = draft.with(|d| d.metadata.len());
        (0..count).flat_map(|i| wizard.messages(Field::Metadata, Some(i)).into_iter().map(move |m| (i, m))).collect::<Vec<_>>()
    });
    view! {
        <fieldset>
            <legend>"Metadata"</legend>
            <FieldErrors field=Field::Metadata />
            <KeyValueRows id="meta" rows errors />
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags_are_split_on_commas() {
        assert_eq!(super::split_tags(" web, db ,,"), ["web", "db"]);
    }
}
