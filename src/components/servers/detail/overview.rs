//! The Overview tab: the server's facts in cards (identity, state, flavor, image, access,
//! times), its fault when it has one, its addresses and its metadata.

use leptos::prelude::*;
use std::collections::BTreeMap;

use crate::api::images;
use crate::api::servers::{Address, Fault, Server};
use crate::api::versions::{supports, Feature};
use crate::components::format::{opt_or_none, or_none, server_flavor_size, state_words, when, NONE};
use crate::components::servers::metadata_page;
use crate::components::servers::status::{power_state_name, status_info};
use crate::components::table::{Column, DataTable};
use crate::state::clock::use_now;
use crate::state::session::{use_auth, Api};


/// Nova lists a security group once per port; each name once is what a reader wants.
fn security_group_names(server: &Server) -> String {
    let mut names: Vec<&str> = server.security_groups.iter().map(|g| g.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        "None".into()
    } else {
        names.join(", ")
    }
}


/// A `dt`/`dd` pair whose value follows the server.
fn fact(label: &'static str, value: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    view! {
        <dt>{label}</dt>
        <dd>{value}</dd>
    }
}

/// A reactive text from the server.
fn text(server: Signal<Server>, f: fn(&Server) -> String) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    move || server.with(f)
}

#[component]
pub fn Overview(server: Signal<Server>) -> impl IntoView {
    let now = use_now();
    let time = move |f: fn(&Server) -> String| move || when(&server.with(f), now.get());

    let fault = Memo::new(move |_| server.with(|s| s.fault.clone()));
    let id = server.with_untracked(|s| s.id.clone());

    view! {
        {move || fault.get().map(|fault| view! { <FaultCard fault /> })}
        <div class="facts">
            <section class="card" aria-labelledby="facts-ids">
                <h2 id="facts-ids">"Identity"</h2>
                <dl class="kv">
                    {fact("Name", text(server, |s| or_none(&s.name)))}
                    {fact("ID", text(server, |s| s.id.clone()))}
                    {fact("User", text(server, |s| or_none(&s.user_id)))}
                    {fact("Project", text(server, |s| or_none(&s.tenant_id)))}
                    {fact("Description", text(server, |s| opt_or_none(s.description.as_deref())))}
                </dl>
            </section>
            <section class="card" aria-labelledby="facts-state">
                <h2 id="facts-state">"State"</h2>
                <dl class="kv">
                    {fact("Status", text(server, |s| format!("{} ({})", status_info(&s.status).label, or_none(&s.status))))}
                    {fact("Task", text(server, |s| or_none(&state_words(s.task_state.as_deref().unwrap_or_default()))))}
                    {fact("VM state", text(server, |s| or_none(&state_words(s.vm_state.as_deref().unwrap_or_default()))))}
                    {fact("Power state", text(server, |s| power_state_name(s.power_state).to_string()))}
                    {fact("Locked", text(server, |s| match s.locked {
                        Some(true) => match s.locked_reason.as_deref().filter(|r| !r.is_empty()) {
                            Some(reason) => format!("Yes: {reason}"),
                            None => "Yes".into(),
                        },
                        Some(false) => "No".into(),
                        None => "Not reported (compute API before 2.9)".into(),
                    }))}
                    {fact("Host status", text(server, |s| opt_or_none(s.host_status.as_deref())))}
                </dl>
            </section>
            <FlavorCard server />
            <ImageCard server />
            <section class="card" aria-labelledby="facts-access">
                <h2 id="facts-access">"Access and placement"</h2>
                <dl class="kv">
                    {fact("Key pair", text(server, |s| opt_or_none(s.key_name.as_deref())))}
                    {fact("Availability zone", text(server, |s| opt_or_none(s.availability_zone.as_deref())))}
                    {fact("Host ID", text(server, |s| or_none(&s.host_id)))}
                    {fact("Access IPv4", text(server, |s| or_none(&s.access_ipv4)))}
                    {fact("Access IPv6", text(server, |s| or_none(&s.access_ipv6)))}
                    {fact("Config drive", text(server, |s| if s.has_config_drive() { "Yes".into() } else { "No".into() }))}
                    {fact("Security groups", text(server, security_group_names))}
                    {fact("Tags", text(server, |s| if s.tags.is_empty() { "None".into() } else { s.tags.join(", ") }))}
                </dl>
            </section>
            <section class="card" aria-labelledby="facts-times">
                <h2 id="facts-times">"Times"</h2>
                <dl class="kv">
                    {fact("Created", time(|s| s.created.clone()))}
                    {fact("Updated", time(|s| s.updated.clone()))}
                    {fact("Launched", time(|s| s.launched_at.clone().unwrap_or_default()))}
                    {fact("Terminated", time(|s| s.terminated_at.clone().unwrap_or_default()))}
                </dl>
            </section>
        </div>
        <Addresses server />
        <Metadata server id />
    }
}

#[component]
fn FaultCard(fault: Fault) -> impl IntoView {
    let now = use_now();
    let details = fault.details.clone().filter(|d| !d.trim().is_empty());
    view! {
        <section class="card fault" aria-labelledby="fault-title">
            <h2 id="fault-title">"Fault: why the last operation failed"</h2>
            <dl class="kv">
                <dt>"Code"</dt>
                <dd>{fault.code.to_string()}</dd>
                <dt>"Message"</dt>
                <dd>{or_none(&fault.message)}</dd>
                <dt>"Created"</dt>
                <dd>{move || when(&fault.created, now.get())}</dd>
            </dl>
            {details.map(|d| view! {
                <details>
                    <summary>"Details"</summary>
                    <pre>{d}</pre>
                </details>
            })}
        </section>
    }
}

#[component]
fn FlavorCard(server: Signal<Server>) -> impl IntoView {
    let auth = use_auth();
    let embedded = move || supports(auth.microversion(), Feature::EmbeddedFlavor);
    let extra_specs = Memo::new(move |_| server.with(|s| s.flavor.extra_specs.clone()));
    view! {
        <section class="card" aria-labelledby="facts-flavor">
            <h2 id="facts-flavor">"Flavor"</h2>
            <dl class="kv">
                {move || if embedded() {
                    view! {
                        {fact("Name", text(server, |s| opt_or_none(s.flavor.name.as_deref())))}
                        {fact("Size", text(server, |s| server_flavor_size(s).unwrap_or_else(|| NONE.into())))}
                    }
                    .into_any()
                } else {
                    view! { {fact("Flavor ID", text(server, |s| opt_or_none(s.flavor.id.as_deref())))} }.into_any()
                }}
                {move || {
                    let specs = extra_specs.get();
                    (!specs.is_empty()).then(|| view! {
                        <dt>"Extra specs"</dt>
                        <dd>
                            <ul class="plain">
                                {specs.into_iter().map(|(k, v)| view! { <li>{format!("{k} = {v}")}</li> }).collect_view()}
                            </ul>
                        </dd>
                    })
                }}
            </dl>
        </section>
    }
}

#[component]
fn ImageCard(server: Signal<Server>) -> impl IntoView {
    let auth = use_auth();
    let image_id = Memo::new(move |_| server.with(Server::image_id));
    let image = LocalResource::new(move || {
        let get = image_id.get().map(|id| auth.call(Api::Image, move |svc| images::get(svc, &id), images::parse_one));
        async move {
            match get {
                Some(get) => Some(get.await),
                None => None,
            }
        }
    });
    view! {
        <section class="card" aria-labelledby="facts-image">
            <h2 id="facts-image">"Image"</h2>
            <dl class="kv">
                <dt>"Image"</dt>
                <dd>
                    // Its own boundary, so the page never waits for Glance.
                    <Transition fallback=|| view! { <span class="loading">"Loading…"</span> }>
                        {move || match image_id.get() {
                            None => Some(view! { <span>"Booted from volume"</span> }.into_any()),
                            Some(_) => image.get().map(|found| match found {
                                Some(Ok(img)) => view! { <span>{img.display_name().to_string()}</span> }.into_any(),
                                Some(Err(crate::api::ApiError::Aborted)) | None => ().into_any(),
                                Some(Err(e)) => view! {
                                    <span class="muted">{format!("Name unavailable. {}", e.plain_words())}</span>
                                }
                                .into_any(),
                            }),
                        }}
                    </Transition>
                </dd>
                {fact("Image ID", move || image_id.get().unwrap_or_else(|| NONE.into()))}
            </dl>
        </section>
    }
}

const ADDRESS_COLUMNS: [Column; 5] =
    [Column::new("Network"), Column::new("Address"), Column::new("Version"), Column::new("Type"), Column::new("MAC")];

#[component]
fn Addresses(server: Signal<Server>) -> impl IntoView {
    let addresses = Memo::new(move |_| {
        server.with(|s| s.all_addresses().into_iter().map(|(net, a)| (net.to_string(), a.clone())).collect::<Vec<(String, Address)>>())
    });
    view! {
        <section class="card wide" aria-labelledby="facts-addresses">
            <h2 id="facts-addresses">"Addresses"</h2>
            {move || {
                let all = addresses.get();
                if all.is_empty() {
                    return view! { <p class="muted">"The server has no addresses."</p> }.into_any();
                }
                view! {
                    <DataTable class="addresses" columns=ADDRESS_COLUMNS>
                            {all.into_iter().map(|(net, a)| view! {
                                <tr>
                                    <td>{net}</td>
                                    <td class="mono">{a.addr}</td>
                                    <td>{format!("IPv{}", a.version)}</td>
                                    <td>{opt_or_none(a.kind.as_deref())}</td>
                                    <td class="mono">{opt_or_none(a.mac.as_deref())}</td>
                                </tr>
                            }).collect_view()}
                    </DataTable>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn Metadata(server: Signal<Server>, id: String) -> impl IntoView {
    let metadata = Memo::new(move |_| server.with(|s| s.metadata.clone()));
    let edit = metadata_page(&id);
    view! {
        <section class="card wide" aria-labelledby="facts-metadata">
            <div class="card-head">
                <h2 id="facts-metadata">"Metadata"</h2>
                <a href=edit>"Edit metadata"</a>
            </div>
            {move || metadata_table(metadata.get())}
        </section>
    }
}

fn metadata_table(metadata: BTreeMap<String, String>) -> AnyView {
    if metadata.is_empty() {
        return view! { <p class="muted">"No metadata."</p> }.into_any();
    }
    view! {
        <DataTable class="metadata" columns=[Column::new("Key"), Column::new("Value")]>
                {metadata.into_iter().map(|(k, v)| view! {
                    <tr>
                        <td class="mono">{k}</td>
                        <td>{v}</td>
                    </tr>
                }).collect_view()}
        </DataTable>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::servers::SecurityGroupName;

    #[test]
    fn security_groups_are_named_once() {
        let names = |list: &[&str]| Server {
            security_groups: list.iter().map(|n| SecurityGroupName { name: n.to_string() }).collect(),
            ..Default::default()
        };
        assert_eq!(security_group_names(&names(&["default", "web", "default"])), "default, web");
        assert_eq!(security_group_names(&names(&[])), "None");
    }
}
