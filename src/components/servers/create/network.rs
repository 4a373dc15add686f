//! Step 3: the networks the server gets a port on, in order, each with an optional fixed IP
//! (checked against the network's subnets), or `auto` / none; and its security groups.

use leptos::prelude::*;

use crate::api::networks::Network;
use crate::api::servers::create::{Field, NetworkRequest, Networks, NETWORKS_REQUIRED};
use crate::components::fields::{Binding, TextField};
use crate::state::session::use_auth;

use super::{load_failure, loaded, use_wizard, FieldErrors, Touch};

/// The networks a server of this project can use: its own first, then the shared ones.
fn usable(mut networks: Vec<Network>, project_id: &str) -> Vec<Network> {
    networks.retain(|n| n.attachable_by(project_id));
    networks.sort_by_key(|n| (n.project_id != project_id, n.display_name().to_lowercase()));
    networks
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Listed,
    Auto,
    NoNetwork,
}

#[component]
pub fn NetworkStep() -> impl IntoView {
    let wizard = use_wizard();
    let draft = wizard.draft;
    let mode = Memo::new(move |_| {
        draft.with(|d| match d.networks {
            Networks::Listed(_) => Mode::Listed,
            Networks::Auto => Mode::Auto,
            Networks::NoNetwork => Mode::NoNetwork,
        })
    });
    let count = Memo::new(move |_| draft.with(|d| if let Networks::Listed(l) = &d.networks { l.len() } else { 0 }));
    let old_cloud = move || wizard.mv.get() < NETWORKS_REQUIRED;
    let set_mode = move |m: Mode| {
        draft.update(|d| {
            d.networks = match m {
                Mode::Listed => Networks::Listed(Vec::new()),
                Mode::Auto => Networks::Auto,
                Mode::NoNetwork => Networks::NoNetwork,
            }
        })
    };
    let add = move |_| {
        draft.update(|d| {
            if let Networks::Listed(list) = &mut d.networks {
                list.push(NetworkRequest::default());
            }
        })
    };
    let option = move |m: Mode, label: &'static str| {
        view! {
            <label>
                <input type="radio" name="network-mode" prop:checked=move || mode.get() == m
                    disabled=move || m != Mode::Listed && old_cloud()
                    on:change=move |_| set_mode(m) />
                {label}
            </label>
        }
    };
    view! {
        <Touch field=Field::Networks>
        <fieldset>
            <legend>"Connect the server to"</legend>
            {option(Mode::Listed, "These networks")}
            {option(Mode::Auto, "The project's network, made if there is none (auto)")}
            {option(Mode::NoNetwork, "No network")}
            {move || old_cloud().then(|| view! {
                <p class="hint">"'auto' and no network need compute API 2.37; this cloud has an older one."</p>
            })}
        </fieldset>
        {load_failure("The networks", wizard.cloud.networks)}
        <FieldErrors field=Field::Networks />
        <Show when=move || mode.get() == Mode::Listed>
            <ol class="rows">
                {move || (0..count.get()).map(|i| view! { <NetworkRow i /> }).collect_view()}
            </ol>
            <button type="button" on:click=add>"Add a network"</button>
        </Show>
        </Touch>
        <SecurityGroups />
    }
}

#[component]
fn NetworkRow(i: usize) -> impl IntoView {
    let wizard = use_wizard();
    let auth = use_auth();
    let draft = wizard.draft;
    let request = move || {
        draft.with(|d| match &d.networks {
            Networks::Listed(list) => list.get(i).cloned().unwrap_or_default(),
            _ => NetworkRequest::default(),
        })
    };
    let edit = move |f: &dyn Fn(&mut Vec<NetworkRequest>)| {
        draft.update(|d| {
            if let Networks::Listed(list) = &mut d.networks {
                f(list)
            }
        })
    };
    let options = move || {
        let project = auth.session.with(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default());
        let subnets = loaded(wizard.cloud.subnets);
        usable(loaded(wizard.cloud.networks), &project)
            .into_iter()
            .map(|n| {
                let cidrs: Vec<String> = subnets.iter().filter(|s| s.network_id == n.id).map(|s| s.cidr.clone()).collect();
                let shared = if n.shared { ", shared" } else { "" };
                (n.id.clone(), format!("{} ({}{shared})", n.display_name(), cidrs.join(", ")))
            })
            .collect::<Vec<_>>()
    };
    let fixed_ip = Binding::new(
        move || request().fixed_ip,
        move |v| edit(&|list: &mut Vec<NetworkRequest>| list[i].fixed_ip = v.clone()),
    );
    let network_id = format!("network-{i}");
    view! {
        <li class="row-item">
            <div class="field">
                <label for=network_id.clone()>{format!("Network {}", i + 1)}</label>
                <select id=network_id on:change=move |ev| {
                    let id = event_target_value(&ev);
                    edit(&|list: &mut Vec<NetworkRequest>| list[i].uuid = id.clone());
                }>
                    <option value="" selected=move || request().uuid.is_empty()>"Choose a network"</option>
                    {move || options().into_iter().map(|(id, text)| {
                        let is = id.clone();
                        view! { <option value=id selected=move || request().uuid == is>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            <TextField id=format!("fixed-ip-{i}") label="Fixed IP (optional)" value=fixed_ip
                hint="Leave empty and Neutron picks a free address."
                error=wizard.error(Field::Networks, Some(i)) />
            <div class="row-buttons">
                <button type="button" disabled=i == 0 on:click=move |_| edit(&|list: &mut Vec<NetworkRequest>| list.swap(i - 1, i))>
                    "Move up"
                </button>
                <button type="button" on:click=move |_| edit(&|list: &mut Vec<NetworkRequest>| { list.remove(i); })>
                    "Remove"
                </button>
            </div>
        </li>
    }
}

#[component]
fn SecurityGroups() -> impl IntoView {
    let wizard = use_wizard();
    let draft = wizard.draft;
    let toggle = move |id: String, on: bool| {
        draft.update(|d| {
            d.security_groups.retain(|g| *g != id);
            if on {
                d.security_groups.push(id);
            }
        })
    };
    view! {
        <fieldset>
            <legend>"Security groups"</legend>
            {load_failure("The security groups", wizard.cloud.security_groups)}
            {move || loaded(wizard.cloud.security_groups).into_iter().map(|g| {
                let (id, is) = (g.id.clone(), g.id.clone());
                view! {
                    <label title=g.description.clone()>
                        <input type="checkbox" prop:checked=move || draft.with(|d| d.security_groups.contains(&is))
                            on:change=move |ev| toggle(id.clone(), event_target_checked(&ev)) />
                        {g.name.clone()}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_networks_first_then_shared_and_no_others() {
        let net = |name: &str, project: &str, shared: bool| Network {
            id: name.into(),
            name: name.into(),
            shared,
            project_id: project.into(),
            ..Network::default()
        };
        let all = vec![net("public", "admin", true), net("theirs", "other", false), net("b-mine", "me", false), net("a-mine", "me", false)];
        let names: Vec<String> = usable(all, "me").into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["a-mine", "b-mine", "public"]);
    }
}
