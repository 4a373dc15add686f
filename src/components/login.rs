//! `/login`: Keystone password or application-credential login.

use leptos::prelude::*;

use crate::api::identity::Credentials;
use crate::components::fields::TextField;
use crate::state::config::Config;
use crate::state::router::use_router;
use crate::state::session::{self, use_auth};

/// Where to go after logging in: only a path of this panel, never another site. A path
/// (one `/`, then no second `/` or `\`) cannot leave the origin, but browsers drop tabs and
/// newlines and read `\` as `/` before they resolve it, so `/\t/evil.example` would turn into
/// `//evil.example`: any control character, whitespace or backslash is refused.
pub fn safe_next(next: Option<&str>) -> String {
    let same_origin_path = |n: &str| {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace())
            && !n.starts_with("/login")
    };
    match next {
        Some(n) if same_origin_path(n) => n.to_string(),
        _ => "/servers".to_string(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Method {
    Password,
    ApplicationCredential,
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let clouds = StoredValue::new(expect_context::<Config>().clouds);
    let router = use_router();
    let query = router.query();
    let next = move || safe_next(query.with(|q| q.get("next")).as_deref());

    let cloud_index = RwSignal::new(0usize);
    let cloud = move || clouds.with_value(|c| c[cloud_index.get()].clone());
    let method = RwSignal::new(Method::Password);
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let user_domain = RwSignal::new(cloud().user_domain);
    let project = RwSignal::new(String::new());
    let project_domain = RwSignal::new(cloud().project_domain);
    let app_id = RwSignal::new(String::new());
    let app_secret = RwSignal::new(String::new());

    // A task and two signals, not an `Action`: one call at a time, whose generic machinery
    // would weigh more than this on the first load (issue #12).
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);

    // Already logged in (or just now): go where the user was headed.
    Effect::new(move |_| {
        if auth.session.with(Option::is_some) {
            router.go(&next());
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let creds = match method.get_untracked() {
            Method::Password => Credentials::Password {
                user: user.get_untracked().trim().to_string(),
                password: password.get_untracked(),
                user_domain: user_domain.get_untracked().trim().to_string(),
                project: project.get_untracked().trim().to_string(),
                project_domain: project_domain.get_untracked().trim().to_string(),
            },
            Method::ApplicationCredential => Credentials::ApplicationCredential {
                id: app_id.get_untracked().trim().to_string(),
                secret: app_secret.get_untracked(),
            },
        };
        let cloud = cloud();
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = session::login(&cloud, &creds).await;
            pending.set(false);
            match result {
                Ok(session) => auth.start(session),
                Err(e) => failure.set(Some(e.plain_words())),
            }
        });
    };
    let choose_cloud = move |ev| {
        let i: usize = event_target_value(&ev).parse().unwrap_or(0);
        cloud_index.set(i);
        let c = cloud();
        user_domain.set(c.user_domain);
        project_domain.set(c.project_domain);
    };

    view! {
        <section class="login">
            <h1>"Log in to your cloud"</h1>
            {move || auth.notice.get().map(|n| view! { <p role="status" class="notice">{n}</p> })}
            <form on:submit=submit>
                <Show when=move || clouds.with_value(|c| c.len() > 1)>
                    <label for="login-cloud">"Cloud"</label>
                    <select id="login-cloud" on:change=choose_cloud>
                        {clouds
                            .get_value()
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| view! { <option value=i.to_string()>{c.name}</option> })
                            .collect_view()}
                    </select>
                </Show>
                <fieldset class="method">
                    <legend>"Log in with"</legend>
                    <label>
                        <input type="radio" name="method" checked=move || method.get() == Method::Password
                            on:change=move |_| method.set(Method::Password) />
                        "Password"
                    </label>
                    <label>
                        <input type="radio" name="method" checked=move || method.get() == Method::ApplicationCredential
                            on:change=move |_| method.set(Method::ApplicationCredential) />
                        "Application credential"
                    </label>
                </fieldset>
                <Show
                    when=move || method.get() == Method::Password
                    fallback=move || view! {
                        <TextField id="login-app-id" label="Application credential ID" value=app_id required=true
                            autocomplete="username" />
                        <TextField id="login-app-secret" label="Application credential secret" value=app_secret
                            kind="password" required=true autocomplete="current-password" />
                    }
                >
                    <TextField id="login-user" label="User name" value=user required=true autocomplete="username"
                        autofocus=true />
                    <TextField id="login-password" label="Password" value=password kind="password" required=true
                        autocomplete="current-password" />
                    <TextField id="login-user-domain" label="User domain" value=user_domain required=true autocomplete="on" />
                    <TextField id="login-project" label="Project" value=project autocomplete="on"
                        hint="The project to work in. Leave empty only if your cloud gives you a default project." />
                    <TextField id="login-project-domain" label="Project domain" value=project_domain autocomplete="on" />
                </Show>
                {move || failure.get().map(|m| view! { <p role="alert" class="error">{m}</p> })}
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Logging in…" } else { "Log in" }}
                </button>
            </form>
            <p class="muted small">{move || format!("Keystone: {}", cloud().auth_url)}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_inside_the_panel() {
        assert_eq!(safe_next(Some("/servers?status=ACTIVE")), "/servers?status=ACTIVE");
        assert_eq!(safe_next(Some("/limits")), "/limits");
        assert_eq!(safe_next(Some("//evil.example/x")), "/servers");
        assert_eq!(safe_next(Some("https://evil.example")), "/servers");
        assert_eq!(safe_next(Some("/\\evil.example")), "/servers");
        assert_eq!(safe_next(Some("/login?next=/x")), "/servers");
        // What the browser would strip or fold into "//example.invalid/x".
        for evil in ["/\t/example.invalid/x", "/\n/example.invalid", "/\r//example.invalid", "/ /example.invalid",
            "/\u{0}/example.invalid", "/\u{7f}/x", "/\u{a0}/example.invalid", "/x\\..\\\\example.invalid"]
        {
            assert_eq!(safe_next(Some(evil)), "/servers", "{evil:?}");
        }
        assert_eq!(safe_next(Some("/servers/abc?sort=name%20asc")), "/servers/abc?sort=name%20asc");
        assert_eq!(safe_next(None), "/servers");
    }
}
