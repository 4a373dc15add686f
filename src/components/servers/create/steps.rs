//! The wizard's six steps: their order, their place in the URL, and the links between them.

use leptos::prelude::*;

use crate::api::servers::create::Field;

use super::{use_wizard, PAGE};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Step {
    Image,
    Flavor,
    Network,
    Access,
    Details,
    Review,
}

impl Step {
    pub(super) const ALL: [Step; 6] = [Step::Image, Step::Flavor, Step::Network, Step::Access, Step::Details, Step::Review];

    fn slug(self) -> &'static str {
        match self {
            Step::Image => "image",
            Step::Flavor => "flavor",
            Step::Network => "network",
            Step::Access => "access",
            Step::Details => "details",
            Step::Review => "review",
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Step::Image => "Image",
            Step::Flavor => "Flavor",
            Step::Network => "Network",
            Step::Access => "Access",
            Step::Details => "Details",
            Step::Review => "Review",
        }
    }

    pub(super) fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The step where `field` is edited.
    pub(super) fn of(field: Field) -> Step {
        match field {
            Field::Image => Step::Image,
            Field::Flavor | Field::Count => Step::Flavor,
            Field::Networks => Step::Network,
            _ => Step::Details,
        }
    }

    pub(super) fn next(self) -> Option<Step> {
        Step::ALL.into_iter().find(|s| *s > self)
    }

    pub(super) fn previous(self) -> Option<Step> {
        Step::ALL.into_iter().rev().find(|s| *s < self)
    }

    pub(super) fn url(self) -> String {
        format!("{PAGE}?step={}", self.slug())
    }
}

/// The steps as links; a step already passed that has a problem says so.
#[component]
pub(super) fn StepNav(current: Memo<Step>) -> impl IntoView {
    let wizard = use_wizard();
    let troubled = Memo::new(move |_| {
        wizard.errors.with(|errors| errors.iter().filter(|e| wizard.shows(e.field)).map(|e| Step::of(e.field)).collect::<Vec<_>>())
    });
    view! {
        <nav class="steps" aria-label="Steps">
            <ol>
                {Step::ALL.into_iter().enumerate().map(|(n, step)| {
                    let warn = move || step < current.get() && troubled.with(|t| t.contains(&step));
                    view! {
                        <li class:current=move || current.get() == step class:warn=warn>
                            <a href=step.url() aria-current=move || (current.get() == step).then_some("step")>
                                <span class="step-number">{n + 1}</span>
                                {step.label()}
                                {move || warn().then(|| view! { <span class="visually-hidden">" (needs attention)"</span> })}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_in_the_url_and_in_order() {
        for step in Step::ALL {
            assert_eq!(Step::from_slug(step.slug()), Some(step));
        }
        assert_eq!(Step::from_slug("nope"), None);
        assert_eq!(Step::Image.url(), "/servers/new?step=image");
        assert_eq!((Step::Image.previous(), Step::Image.next()), (None, Some(Step::Flavor)));
        assert_eq!((Step::Review.previous(), Step::Review.next()), (Some(Step::Details), None));
        assert_eq!(Step::of(Field::Count), Step::Flavor);
        assert_eq!(Step::of(Field::Metadata), Step::Details);
    }
}
