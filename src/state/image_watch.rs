//! Images that change on their own (a snapshot being saved, an upload or import under way)
//! are asked about again until they settle: a few per round, so a page full of queued images
//! costs a handful of requests every couple of seconds, and nothing once none is changing.
//! A view hands over the images it shows; the watcher stops with that view.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

use crate::api::images::{self, Image};
use crate::api::ApiError;
use crate::state::session::{Api, Auth};

/// Between two rounds.
pub const ROUND_MS: u32 = 2_000;
/// Images asked about per round, at most.
pub const PER_ROUND: usize = 4;

/// Which transitional images to ask about in round `round`: up to [`PER_ROUND`], taking
/// turns, so every one of them is seen when there are more.
pub fn due(images: &[Image], round: usize) -> Vec<String> {
    let changing: Vec<&Image> = images.iter().filter(|i| i.is_transitional()).collect();
    if changing.len() <= PER_ROUND {
        return changing.into_iter().map(|i| i.id.clone()).collect();
    }
    let start = round * PER_ROUND % changing.len();
    (0..PER_ROUND).map(|k| changing[(start + k) % changing.len()].id.clone()).collect()
}

/// Keep the transitional images among `images` current while the calling view lives.
pub fn watch(auth: Auth, images: RwSignal<Vec<Image>>) {
    let running = StoredValue::new(false);
    Effect::new(move |_| {
        let changing = images.with(|all| all.iter().any(Image::is_transitional));
        if changing && !running.get_value() {
            running.set_value(true);
            leptos::task::spawn_local(rounds(auth, images, running));
        }
    });
}

async fn rounds(auth: Auth, images: RwSignal<Vec<Image>>, running: StoredValue<bool>) {
    for round in 0.. {
        TimeoutFuture::new(ROUND_MS).await;
        // None: the view is gone, and its signals with it.
        let Some(ids) = images.try_with_untracked(|all| due(all, round)) else { return };
        if ids.is_empty() {
            running.try_update_value(|r| *r = false);
            return;
        }
        for id in ids {
            let fresh = auth.call_with_signal(Api::Image, |svc| images::get(svc, &id), images::parse_one, None).await;
            let alive = match fresh {
                Ok(image) => images.try_update(|all| {
                    if let Some(slot) = all.iter_mut().find(|i| i.id == image.id) {
                        *slot = image;
                    }
                }),
                Err(ApiError::NotFound(_)) => images.try_update(|all| all.retain(|i| i.id != id)),
                // Logged out: nothing more to ask.
                Err(e) if e.is_unauthorized() => None,
                // A passing fault: the next round asks again.
                Err(_) => Some(()),
            };
            if alive.is_none() {
                running.try_update_value(|r| *r = false);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(id: &str, status: &str) -> Image {
        Image { id: id.into(), status: status.into(), ..Default::default() }
    }

    #[test]
    fn only_changing_images_a_few_at_a_time_taking_turns() {
        let steady = [image("a", "active"), image("b", "deactivated")];
        assert!(due(&steady, 0).is_empty());
        let few = [image("a", "active"), image("q", "queued"), image("s", "saving")];
        assert_eq!(due(&few, 7), ["q", "s"]);
        let many: Vec<Image> = (0..6).map(|n| image(&n.to_string(), "queued")).collect();
        assert_eq!(due(&many, 0), ["0", "1", "2", "3"]);
        assert_eq!(due(&many, 1), ["4", "5", "0", "1"]);
        let seen: std::collections::BTreeSet<String> = (0..2).flat_map(|r| due(&many, r)).collect();
        assert_eq!(seen.len(), 6);
    }
}
