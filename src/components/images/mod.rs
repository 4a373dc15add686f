//! Images: the gallery (`/images`) and the detail page (`/images/:id`), each a route of its
//! own, and what both show the same way: an image's status badge, its OS, whose it is, and
//! the panel's addresses for an image.

pub mod detail;
pub mod gallery;

use leptos::prelude::*;

use crate::api::encode_component;
use crate::api::images::Image;
use crate::components::format::{bytes, NONE};
use crate::components::servers::status::{tone_class, Tone};

/// The panel's address of an image's page.
pub fn image_page(id: &str) -> String {
    format!("/images/{}", encode_component(id))
}

/// The image's properties editor (its own page).
pub fn image_metadata_page(id: &str) -> String {
    format!("{}/metadata", image_page(id))
}

/// The server create wizard with this image picked.
pub fn launch_page(id: &str) -> String {
    format!("/servers/new?image={}", encode_component(id))
}

/// A Glance status's label, colour family and meaning.
pub fn status_info(status: &str) -> (&'static str, Tone, &'static str) {
    match status {
        "active" => ("Active", Tone::Good, "The image's data is stored: servers can boot from it."),
        "queued" => ("Queued", Tone::Busy, "The record exists but no data has arrived yet."),
        "saving" => ("Saving", Tone::Busy, "The data is being written to the store."),
        "uploading" => ("Uploading", Tone::Busy, "Data is being staged for an import."),
        "importing" => ("Importing", Tone::Busy, "Glance is importing the staged data."),
        "deactivated" => (
            "Deactivated",
            Tone::Off,
            "An administrator hid the data: no server can boot from it until it is reactivated.",
        ),
        "killed" => ("Failed", Tone::Bad, "The upload failed; the image has no usable data. Delete it."),
        "deleted" | "pending_delete" => ("Deleted", Tone::Gone, "The image has been deleted."),
        _ => ("Unknown", Tone::Unknown, "Glance reports a status the panel does not know."),
    }
}

#[component]
pub fn ImageStatus(#[prop(into)] status: Signal<String>) -> impl IntoView {
    move || {
        let status = status.get();
        let (label, tone, meaning) = status_info(&status);
        view! { <span class=tone_class(tone) title=meaning data-status=status.clone()>{label}</span> }
    }
}

/// "Ubuntu 24.04" from `os_distro` and `os_version`; `None` when the image says neither.
pub fn distro(image: &Image) -> Option<String> {
    let name = image.property("os_distro").map(|d| match d {
        "ubuntu" => "Ubuntu".to_string(),
        "debian" => "Debian".to_string(),
        "fedora" => "Fedora".to_string(),
        "centos" => "CentOS".to_string(),
        "rhel" => "RHEL".to_string(),
        "cirros" => "CirrOS".to_string(),
        "windows" => "Windows".to_string(),
        "opensuse" => "openSUSE".to_string(),
        "rocky" => "Rocky Linux".to_string(),
        "alma" | "almalinux" => "AlmaLinux".to_string(),
        "arch" => "Arch Linux".to_string(),
        other => other.to_string(),
    });
    let version = image.property("os_version").filter(|v| !v.trim().is_empty());
    match (name.filter(|n| !n.trim().is_empty()), version) {
        (Some(n), Some(v)) => Some(format!("{n} {v}")),
        (Some(n), None) => Some(n),
        (None, Some(v)) => Some(format!("Version {v}")),
        (None, None) => None,
    }
}

/// The distro's initial for the card's mark ("U" for Ubuntu, "?" for none).
pub fn distro_mark(image: &Image) -> String {
    distro(image).and_then(|d| d.chars().next()).map_or_else(|| "?".into(), |c| c.to_uppercase().to_string())
}

/// Whose image it is, seen from `project_id`.
pub fn ownership(image: &Image, project_id: &str) -> &'static str {
    if image.is_owned_by(project_id) {
        "Mine"
    } else if image.visibility == "shared" {
        "Shared with me"
    } else {
        "Another project's"
    }
}

/// Glance's visibility word, capitalised.
pub fn visibility_label(visibility: &str) -> &'static str {
    match visibility {
        "public" => "Public",
        "private" => "Private",
        "shared" => "Shared",
        "community" => "Community",
        _ => "Unknown",
    }
}

/// The size, or why there is none yet.
pub fn size_text(image: &Image) -> String {
    image.size.map_or_else(|| NONE.to_string(), bytes)
}

/// `qcow2 / bare`.
pub fn formats(image: &Image) -> String {
    match (image.disk_format.as_deref(), image.container_format.as_deref()) {
        (None, None) => NONE.into(),
        (d, c) => format!("{} / {}", d.unwrap_or(NONE), c.unwrap_or(NONE)),
    }
}

pub fn min_disk_text(image: &Image) -> String {
    if image.min_disk == 0 { NONE.into() } else { format!("{} GiB", image.min_disk) }
}

pub fn min_ram_text(image: &Image) -> String {
    if image.min_ram == 0 { NONE.into() } else { format!("{} MiB", image.min_ram) }
}

/// What a server made from `image` needs at least, in one line for a card.
pub fn needs_text(image: &Image) -> String {
    match (image.min_disk, image.min_ram) {
        (0, 0) => "No minimum".into(),
        (_, 0) => format!("{} disk", min_disk_text(image)),
        (0, _) => format!("{} RAM", min_ram_text(image)),
        _ => format!("{} disk · {} RAM", min_disk_text(image), min_ram_text(image)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn image(props: &[(&str, &str)]) -> Image {
        let mut image = Image { id: "i1".into(), owner: Some("p1".into()), visibility: "private".into(), ..Default::default() };
        for (k, v) in props {
            image.properties.insert(k.to_string(), Value::String(v.to_string()));
        }
        image
    }

    #[test]
    fn distro_from_properties() {
        assert_eq!(distro(&image(&[("os_distro", "ubuntu"), ("os_version", "24.04")])).as_deref(), Some("Ubuntu 24.04"));
        assert_eq!(distro(&image(&[("os_distro", "cirros")])).as_deref(), Some("CirrOS"));
        assert_eq!(distro(&image(&[("os_distro", "haiku")])).as_deref(), Some("haiku"));
        assert_eq!(distro(&image(&[])), None);
        assert_eq!(distro_mark(&image(&[("os_distro", "debian")])), "D");
        assert_eq!(distro_mark(&image(&[])), "?");
    }

    #[test]
    fn words_for_values() {
        let mut i = image(&[]);
        assert_eq!(ownership(&i, "p1"), "Mine");
        i.visibility = "shared".into();
        assert_eq!(ownership(&i, "p2"), "Shared with me");
        assert_eq!(size_text(&i), "—");
        i.size = Some(13167616);
        assert_eq!(size_text(&i), "12.6 MiB");
        i.disk_format = Some("qcow2".into());
        i.container_format = Some("bare".into());
        assert_eq!(formats(&i), "qcow2 / bare");
        i.min_disk = 1;
        assert_eq!((min_disk_text(&i), min_ram_text(&i)), ("1 GiB".to_string(), "—".to_string()));
        assert_eq!(needs_text(&i), "1 GiB disk");
        assert_eq!(status_info("killed").1, Tone::Bad);
        assert_eq!(image_page("a b"), "/images/a%20b");
        assert_eq!(image_metadata_page("x"), "/images/x/metadata");
        assert_eq!(launch_page("x"), "/servers/new?image=x");
    }
}
