//! `/servers/new`: the create-server wizard. Six steps, each in the URL (`?step=`), all editing
//! one draft that lives in sessionStorage (all but the admin password), so back, next, a
//! reload or a new login lose nothing. `?image=<id>` picks the image; `?like=<server id>`
//! starts from a copy of that server. Every check of `create_checks` is shown beside its
//! field once the user changed the field or pressed Next on its step (the Review step shows
//! them all), and the Review step sends only a draft without any.

mod access;
mod details;
mod files;
mod flavor;
mod image;
mod network;
mod review;
mod steps;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::availability_zones::{self, AvailabilityZone};
use crate::api::flavors::{self, Flavor};
use crate::api::images::{self, Image, ImageQuery};
use crate::api::keypairs::{self, KeyPair};
use crate::api::networks::{self, Network};
use crate::api::quota::{self, Limits};
use crate::api::security_groups::{self, SecurityGroup};
use crate::api::server_groups::{self, ServerGroup};
use crate::api::servers::create::{draft_like, microversion_for, CreateServer, Field, FieldError};
use crate::api::servers::create_checks::{validate, CreateContext};
use crate::api::subnets::{self, Subnet};
use crate::api::versions::Microversion;
use crate::api::{servers, ApiError};
use crate::components::fields::Binding;
use crate::state::router::use_router;
use crate::state::session::{use_auth, Api, Auth};
use crate::state::storage;

use steps::Step;
use steps::StepNav;

const DRAFT_KEY: &str = "nephele.draft.create-server";
const PAGE: &str = "/servers/new";

/// What the wizard shows choices from, loaded once when it opens.
#[derive(Clone, Copy)]
pub(super) struct Cloud {
    pub images: LocalResource<Result<Vec<Image>, ApiError>>,
    pub flavors: LocalResource<Result<Vec<Flavor>, ApiError>>,
    pub limits: LocalResource<Result<Limits, ApiError>>,
    pub networks: LocalResource<Result<Vec<Network>, ApiError>>,
    pub subnets: LocalResource<Result<Vec<Subnet>, ApiError>>,
    pub security_groups: LocalResource<Result<Vec<SecurityGroup>, ApiError>>,
    pub keypairs: LocalResource<Result<Vec<KeyPair>, ApiError>>,
    pub zones: LocalResource<Result<Vec<AvailabilityZone>, ApiError>>,
    pub server_groups: LocalResource<Result<Vec<ServerGroup>, ApiError>>,
}

/// A loaded list, or empty while loading or after a failure (which the step shows).
pub(super) fn loaded<T: Clone + Default + Send + Sync + 'static>(resource: LocalResource<Result<T, ApiError>>) -> T {
    resource.get().and_then(Result::ok).unwrap_or_default()
}

/// The failure of a list a step needs, as an alert.
pub(super) fn load_failure<T: Clone + Send + Sync + 'static>(
    what: &'static str,
    resource: LocalResource<Result<T, ApiError>>,
) -> impl IntoView {
    move || {
        resource.get().and_then(Result::err).and_then(|e| crate::components::load::failure(&format!("{what} could not be loaded. "), &e))
    }
}

impl Cloud {
    fn load(auth: Auth) -> Cloud {
        Cloud {
            images: LocalResource::new(move || {
                let q = ImageQuery { limit: Some(1000), ..Default::default() };
                let list = auth.call(Api::Image, move |svc| images::list(svc, &q), images::parse_list);
                async move { list.await.map(|page| page.images.into_iter().filter(|i| i.status == "active").collect()) }
            }),
            flavors: LocalResource::new(move || auth.call(Api::Compute, flavors::list_detail, flavors::parse_list)),
            limits: LocalResource::new(move || auth.call(Api::Compute, quota::get, Limits::parse)),
            networks: LocalResource::new(move || auth.call(Api::Network, networks::list, networks::parse_list)),
            subnets: LocalResource::new(move || auth.call(Api::Network, |svc| subnets::list(svc, None), subnets::parse_list)),
            security_groups: LocalResource::new(move || auth.call(Api::Network, security_groups::list, security_groups::parse_list)),
            keypairs: LocalResource::new(move || {
                let list = auth.call(Api::Compute, |svc| keypairs::list(svc, None), keypairs::parse_list);
                async move { list.await.map(|page| page.keypairs) }
            }),
            zones: LocalResource::new(move || auth.call(Api::Compute, availability_zones::list, availability_zones::parse_list)),
            server_groups: LocalResource::new(move || auth.call(Api::Compute, server_groups::list, server_groups::parse_list)),
        }
    }
}

/// The wizard's shared state: the draft, what it is checked against, and what is wrong.
#[derive(Clone, Copy)]
pub(super) struct Wizard {
    pub draft: RwSignal<CreateServer>,
    pub cloud: Cloud,
    /// The microversion the create goes out at.
    pub mv: Memo<Microversion>,
    pub errors: Memo<Vec<FieldError>>,
    /// The fields the user changed, and the steps left with Next: their errors are shown.
    pub touched: RwSignal<Vec<Field>>,
    pub tried: RwSignal<Vec<Step>>,
}

impl Wizard {
    /// A text field of the draft.
    pub fn bind(&self, get: fn(&CreateServer) -> &String, set: fn(&mut CreateServer, String)) -> Binding {
        let draft = self.draft;
        Binding::new(move || draft.with(|d| get(d).clone()), move |v| draft.update(|d| set(d, v)))
    }

    /// From now on the errors of `field` are shown.
    pub fn touch(&self, field: Field) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    /// Whether the errors of `field` are shown yet.
    fn shows(&self, field: Field) -> bool {
        self.touched.with(|t| t.contains(&field)) || self.tried.with(|t| t.contains(&Step::of(field)))
    }

    /// What is wrong with `field` (its entry `item`, or the field as a whole for `None`), once
    /// it is shown.
    pub fn messages(&self, field: Field, item: Option<usize>) -> Vec<String> {
        if !self.shows(field) {
            return Vec::new();
        }
        self.errors.with(|errors| {
            errors.iter().filter(|e| e.field == field && e.item == item).map(|e| e.message.clone()).collect()
        })
    }

    /// The same joined into one line, for a field's `error`.
    pub fn error(&self, field: Field, item: Option<usize>) -> Signal<Option<String>> {
        let wizard = *self;
        Signal::derive(move || {
            let messages = wizard.messages(field, item);
            (!messages.is_empty()).then(|| messages.join(" "))
        })
    }

    pub fn image(&self) -> Option<Image> {
        let id = self.draft.with(|d| d.image_ref.clone());
        self.cloud.images.get().and_then(Result::ok)?.into_iter().find(|i| i.id == id)
    }

    pub fn flavor(&self) -> Option<Flavor> {
        let id = self.draft.with(|d| d.flavor_ref.clone());
        loaded(self.cloud.flavors).into_iter().find(|f| f.id == id)
    }
}

pub(super) fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}

/// Around the inputs of `field`: a value changed in there (a text field once it loses the
/// focus) touches the field.
#[component]
pub(super) fn Touch(field: Field, children: Children) -> impl IntoView {
    let wizard = use_wizard();
    view! { <div class="touch" on:change=move |_| wizard.touch(field)>{children()}</div> }
}

/// What is wrong with `field` (or its entry `item`), as alerts beside it.
#[component]
pub(super) fn FieldErrors(field: Field, #[prop(optional)] item: Option<usize>) -> impl IntoView {
    let wizard = use_wizard();
    move || {
        wizard
            .messages(field, item)
            .into_iter()
            .map(|m| view! { <p role="alert" class="error">{m}</p> })
            .collect_view()
    }
}

#[component]
pub fn CreateServerPage() -> impl IntoView {
    let auth = use_auth();
    let router = use_router();
    let params = router.query();
    let step = Memo::new(move |_| params.with(|p| p.get("step").and_then(|s| Step::from_slug(&s)).unwrap_or(Step::Image)));

    let saved = storage::get::<CreateServer>(DRAFT_KEY);
    // A draft nobody chose security groups for yet gets the project's default one.
    let wants_default_group = StoredValue::new(saved.is_none());
    let draft = RwSignal::new(saved.unwrap_or_default());
    Effect::new(move |_| {
        draft.with(|d| storage::set(DRAFT_KEY, &CreateServer { admin_pass: String::new(), ..d.clone() }));
    });

    let cloud = Cloud::load(auth);
    let mv = Memo::new(move |_| draft.with(|d| microversion_for(d, auth.microversion())));
    let errors = Memo::new(move |_| {
        let limits = loaded(cloud.limits);
        let subnets = loaded(cloud.subnets);
        let images = loaded(cloud.images);
        let flavors = loaded(cloud.flavors);
        draft.with(|d| {
            let known = CreateContext {
                limits: &limits,
                image: images.iter().find(|i| i.id == d.image_ref),
                flavor: flavors.iter().find(|f| f.id == d.flavor_ref),
                subnets: &subnets,
            };
            validate(d, &known, mv.get())
        })
    });
    let (touched, tried) = (RwSignal::new(Vec::new()), RwSignal::new(Vec::new()));
    let wizard = Wizard { draft, cloud, mv, errors, touched, tried };
    provide_context(wizard);
    // The review lists every problem left, so from there on each step shows its own.
    Effect::new(move |_| {
        if step.get() == Step::Review {
            tried.set(Step::ALL.to_vec());
        }
    });

    Effect::new(move |_| {
        let groups = loaded(cloud.security_groups);
        let default = groups.iter().find(|g| g.name == "default");
        if let Some(default) = default.filter(|_| wants_default_group.get_value()) {
            wants_default_group.set_value(false);
            draft.update(|d| {
                if d.security_groups.is_empty() {
                    d.security_groups.push(default.id.clone());
                }
            });
        }
    });

    // `?image=` picks the image; `?like=` fills the draft from a server once, then leaves the URL.
    let copying = RwSignal::new(None::<String>);
    let (image, like) = params.with_untracked(|p| (p.get("image"), p.get("like")));
    if let Some(image) = image {
        draft.update(|d| d.image_ref = image);
    }
    if let Some(id) = like {
        copying.set(Some(id.clone()));
        wants_default_group.set_value(false);
        let (server, flavors, networks, groups) = (
            auth.call(Api::Compute, move |svc| servers::get(svc, &id), servers::parse_one),
            auth.call(Api::Compute, flavors::list_detail, flavors::parse_list),
            auth.call(Api::Network, networks::list, networks::parse_list),
            auth.call(Api::Network, security_groups::list, security_groups::parse_list),
        );
        spawn_local(async move {
            let (server, flavors, networks, groups) = futures::join!(server, flavors, networks, groups);
            match server {
                Ok(server) => {
                    let copy = draft_like(
                        &server,
                        &flavors.unwrap_or_default(),
                        &networks.unwrap_or_default(),
                        &groups.unwrap_or_default(),
                    );
                    draft.set(copy);
                    copying.set(None);
                    router.replace(&Step::Image.url());
                }
                Err(e) => copying.set(Some(format!("The server to copy could not be loaded: {}", e.plain_words()))),
            }
        });
    }

    let discard = move |_| {
        storage::remove(DRAFT_KEY);
        wants_default_group.set_value(true);
        draft.set(CreateServer::default());
        touched.set(Vec::new());
        tried.set(Vec::new());
        router.go(&Step::Image.url());
    };
    let go = move |to: Step| router.go(&to.url());

    view! {
        <p class="crumbs"><a href="/servers">"← Servers"</a></p>
        <div class="page-head">
            <h1>"Create server"</h1>
            <button type="button" class="danger" on:click=discard>"Discard draft"</button>
        </div>
        {move || copying.get().map(|note| view! { <p class="notice" role="status">
            {if note.starts_with("The server") { note } else { "Copying the server's settings…".to_string() }}
        </p> })}
        <StepNav current=step />
        <section class="wizard-step" aria-labelledby="step-title">
            <h2 id="step-title">{move || step.get().label()}</h2>
            {move || match step.get() {
                Step::Image => view! { <image::ImageStep /> }.into_any(),
                Step::Flavor => view! { <flavor::FlavorStep /> }.into_any(),
                Step::Network => view! { <network::NetworkStep /> }.into_any(),
                Step::Access => view! { <access::AccessStep /> }.into_any(),
                Step::Details => view! { <details::DetailsStep /> }.into_any(),
                Step::Review => view! { <review::ReviewStep /> }.into_any(),
            }}
        </section>
        <div class="wizard-buttons">
            {move || step.get().previous().map(|to| {
                view! { <button type="button" on:click=move |_| go(to)>{format!("← Back: {}", to.label())}</button> }
            })}
            <span class="spacer"></span>
            {move || step.get().next().map(|to| {
                let leaving = step.get();
                let next = move |_| {
                    if !tried.with_untracked(|t| t.contains(&leaving)) {
                        tried.update(|t| t.push(leaving));
                    }
                    go(to)
                };
                view! { <button type="button" class="primary" on:click=next>{format!("Next: {} →", to.label())}</button> }
            })}
        </div>
    }
}
