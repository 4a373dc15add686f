//! Editing an image's own fields (name, visibility, protected, minimum disk and RAM) with
//! Glance's JSON patch: [`crate::api::image_patch::patch`] sends it, this file says which
//! `replace` operations an edit makes. Glance answers with the updated image
//! ([`super::parse_one`]).

use serde_json::{json, Value};

use super::upload::VISIBILITIES;
use super::{minimum, Image};
use crate::api::image_patch::pointer;

/// The edit form: numbers as typed, checked by [`check`]; kept as a draft while unsaved.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImageEdit {
    pub name: String,
    pub visibility: String,
    pub protected: bool,
    /// GiB.
    pub min_disk: String,
    /// MiB.
    pub min_ram: String,
}

impl ImageEdit {
    pub fn of(image: &Image) -> Self {
        ImageEdit {
            name: image.name.clone().unwrap_or_default(),
            visibility: image.visibility.clone(),
            protected: image.protected,
            min_disk: image.min_disk.to_string(),
            min_ram: image.min_ram.to_string(),
        }
    }
}

/// Each refused field with the reason; empty when the edit can be sent.
pub fn check(edit: &ImageEdit) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if edit.name.chars().count() > 255 {
        problems.push(("name", "Glance allows at most 255 characters.".to_string()));
    }
    if !VISIBILITIES.contains(&edit.visibility.as_str()) {
        problems.push(("visibility", "Choose one of the listed visibilities.".to_string()));
    }
    if minimum(&edit.min_disk).is_none() {
        problems.push(("min_disk", "A whole number of GiB (0 for none).".to_string()));
    }
    if minimum(&edit.min_ram).is_none() {
        problems.push(("min_ram", "A whole number of MiB (0 for none).".to_string()));
    }
    problems
}

/// The `replace` operations that turn `image` into `edit`, only for what changed; call
/// after [`check`] found nothing.
pub fn operations(image: &Image, edit: &ImageEdit) -> Vec<Value> {
    let before = ImageEdit::of(image);
    let mut ops = Vec::new();
    let mut replace = |key: &str, value: Value| ops.push(json!({"op": "replace", "path": pointer(key), "value": value}));
    if edit.name.trim() != before.name {
        replace("name", Value::String(edit.name.trim().to_string()));
    }
    if edit.visibility != before.visibility {
        replace("visibility", Value::String(edit.visibility.clone()));
    }
    if edit.protected != before.protected {
        replace("protected", Value::Bool(edit.protected));
    }
    if let Some(disk) = minimum(&edit.min_disk).filter(|d| *d != image.min_disk) {
        replace("min_disk", disk.into());
    }
    if let Some(ram) = minimum(&edit.min_ram).filter(|r| *r != image.min_ram) {
        replace("min_ram", ram.into());
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::image_patch::{patch, PATCH_MEDIA_TYPE};
    use crate::api::images::parse_one;
    use crate::api::test_support::{glance as svc, ok};
    use crate::api::Method;

    const SHOW: &str = include_str!("../../../tests/fixtures/glance/image-show-response.json");

    #[test]
    fn only_changed_fields_are_replaced() {
        let image = parse_one(&ok(SHOW)).unwrap();
        let same = ImageEdit::of(&image);
        assert!(check(&same).is_empty());
        assert!(operations(&image, &same).is_empty());
        let edit = ImageEdit {
            name: " cirros ".into(),
            visibility: "private".into(),
            protected: true,
            min_disk: "1".into(),
            min_ram: "".into(),
        };
        let ops = operations(&image, &edit);
        assert_eq!(
            ops,
            vec![
                json!({"op": "replace", "path": "/name", "value": "cirros"}),
                json!({"op": "replace", "path": "/visibility", "value": "private"}),
                json!({"op": "replace", "path": "/protected", "value": true}),
                json!({"op": "replace", "path": "/min_disk", "value": 1}),
            ]
        );
        let req = patch(&svc(), &image.id, ops);
        assert_eq!(req.method, Method::Patch);
        assert_eq!(req.header_value("Content-Type"), Some(PATCH_MEDIA_TYPE));
    }

    #[test]
    fn bad_numbers_and_visibilities_are_refused() {
        let edit = ImageEdit { visibility: "everyone".into(), min_disk: "-1".into(), min_ram: "1.5".into(), ..Default::default() };
        let fields: Vec<_> = check(&edit).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["visibility", "min_disk", "min_ram"]);
    }
}
