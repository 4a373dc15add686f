//! Image properties, Glance `PATCH /v2/images/{id}` with a JSON patch
//! (`application/openstack-images-v2.1-json-patch`): which of an image's keys are Glance's
//! own (shown, never edited as properties), which are free-form properties, why an image
//! cannot be edited, and the one patch that turns the loaded properties into the edited ones.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

use super::metadata::Diff;
use super::{encode_component, ApiError, Method, Request, Response, Service};

/// The media type Glance requires for an image update.
pub const PATCH_MEDIA_TYPE: &str = "application/openstack-images-v2.1-json-patch";

/// The keys of Glance's image schema (`glance/api/v2/images.py` `get_base_properties`):
/// read-only or edited through their own fields, never free-form properties.
pub const BASE_PROPERTIES: [&str; 24] = [
    "id",
    "name",
    "status",
    "visibility",
    "protected",
    "os_hidden",
    "checksum",
    "os_hash_algo",
    "os_hash_value",
    "owner",
    "size",
    "virtual_size",
    "min_ram",
    "min_disk",
    "container_format",
    "disk_format",
    "created_at",
    "updated_at",
    "tags",
    "direct_url",
    "locations",
    "self",
    "file",
    "schema",
];

/// Glance reserves this namespace for itself (`os_glance_import_task`, ...) and refuses
/// properties in it.
pub const RESERVED_PREFIX: &str = "os_glance_";

/// A key a person cannot set as a property.
pub fn is_read_only(key: &str) -> bool {
    BASE_PROPERTIES.contains(&key) || key.starts_with(RESERVED_PREFIX) || key == "stores"
}

/// Why `key` cannot be an image property (on top of the shared key and value rules).
pub fn key_problem(key: &str) -> Option<String> {
    if key.starts_with(RESERVED_PREFIX) {
        Some(format!("Keys starting with '{RESERVED_PREFIX}' are reserved for Glance."))
    } else if is_read_only(key) {
        Some(format!("'{key}' is one of Glance's own fields, not a free property."))
    } else {
        None
    }
}

/// An image as Glance returns it, split for the editor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageProperties {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    pub protected: bool,
    /// Glance's own fields and reserved keys, as text, by key.
    pub base: BTreeMap<String, String>,
    /// The free-form properties (always strings in Glance v2).
    pub properties: BTreeMap<String, String>,
}

impl ImageProperties {
    /// Why this image's properties cannot be edited by `project_id`, or `None` when they can.
    pub fn read_only_reason(&self, project_id: &str) -> Option<String> {
        if self.protected {
            return Some(
                "This image is protected: the panel leaves protected images as they are. Its owner can \
                 unset Protected first."
                    .into(),
            );
        }
        match self.owner.as_deref() {
            Some(owner) if owner != project_id => Some(format!(
                "This image belongs to another project ({owner}); only that project can change its properties."
            )),
            _ => None,
        }
    }
}

/// The text of a JSON value as the editor shows it: strings bare, anything else as JSON.
fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `GET /v2/images/{id}` read into base fields and free-form properties.
pub fn parse(resp: &Response) -> Result<ImageProperties, ApiError> {
    let image: Map<String, Value> = resp.json()?;
    let text = |key: &str| image.get(key).map(as_text).unwrap_or_default();
    let mut out = ImageProperties {
        id: text("id"),
        name: text("name"),
        owner: image.get("owner").and_then(Value::as_str).map(str::to_string),
        protected: image.get("protected").and_then(Value::as_bool).unwrap_or(false),
        ..ImageProperties::default()
    };
    for (key, value) in &image {
        let target = if is_read_only(key) || !value.is_string() { &mut out.base } else { &mut out.properties };
        target.insert(key.clone(), as_text(value));
    }
    Ok(out)
}

/// A JSON pointer to the top-level member `key` (RFC 6901: `~` as `~0`, `/` as `~1`).
pub fn pointer(key: &str) -> String {
    format!("/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// The operations of one patch that applies `diff`: `add` for new keys, `replace` for changed
/// ones, `remove` for removed ones. Empty when the diff is.
pub fn operations(diff: &Diff) -> Vec<Value> {
    let added = diff.added.iter().map(|(k, v)| json!({"op": "add", "path": pointer(k), "value": v}));
    let changed = diff.changed.iter().map(|(k, (_, new))| json!({"op": "replace", "path": pointer(k), "value": new}));
    let removed = diff.removed.keys().map(|k| json!({"op": "remove", "path": pointer(k)}));
    added.chain(changed).chain(removed).collect()
}

/// `PATCH /v2/images/{id}` with `operations`; Glance answers with the updated image.
pub fn patch(svc: &Service, id: &str, operations: Vec<Value>) -> Request {
    let mut req = svc
        .request(Method::Patch, &format!("/v2/images/{}", encode_component(id)))
        .header("Content-Type", PATCH_MEDIA_TYPE);
    req.body = Some(Value::Array(operations));
    req
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::metadata::diff;
    use crate::api::test_support::{glance as svc, ok, resp};

    const SHOW: &str = include_str!("../../tests/fixtures/glance/image-show-response.json");

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn base_fields_and_properties_are_told_apart() {
        let mut body: Value = serde_json::from_str(SHOW).unwrap();
        body["os_distro"] = "cirros".into();
        body["hw_disk_bus"] = "virtio".into();
        body["os_glance_import_task"] = "t1".into();
        let image = parse(&ok(&body.to_string())).unwrap();
        assert_eq!(image.id, "1bea47ed-f6a9-463b-b423-14b9cca9ad27");
        assert_eq!(image.name, "cirros-0.3.2-x86_64-disk");
        assert_eq!(image.properties, map(&[("hw_disk_bus", "virtio"), ("os_distro", "cirros")]));
        assert_eq!(image.base["checksum"], "64d7c1cd2b6f60c92c14662941cb7913");
        assert_eq!(image.base["size"], "13167616");
        assert_eq!(image.base["protected"], "false");
        assert_eq!(image.base["virtual_size"], "");
        assert_eq!(image.base["tags"], "[]");
        assert_eq!(image.base["os_glance_import_task"], "t1");
        assert!(!image.base.contains_key("os_distro"));
    }

    #[test]
    fn protected_and_foreign_images_say_why() {
        let image = parse(&ok(SHOW)).unwrap();
        assert_eq!(image.read_only_reason("5ef70662f8b34079a6eddb8da9d75fe8"), None);
        assert_eq!(
            image.read_only_reason("other").as_deref(),
            Some("This image belongs to another project (5ef70662f8b34079a6eddb8da9d75fe8); only that project can change its properties.")
        );
        let protected = ImageProperties { protected: true, ..image };
        assert!(protected.read_only_reason("5ef70662f8b34079a6eddb8da9d75fe8").unwrap().starts_with("This image is protected"));
    }

    #[test]
    fn reserved_and_base_keys_are_refused() {
        assert_eq!(key_problem("os_distro"), None);
        assert_eq!(key_problem("os_glance_x").as_deref(), Some("Keys starting with 'os_glance_' are reserved for Glance."));
        assert_eq!(key_problem("checksum").as_deref(), Some("'checksum' is one of Glance's own fields, not a free property."));
        assert!(is_read_only("os_hash_value") && is_read_only("owner") && is_read_only("created_at"));
    }

    #[test]
    fn pointers_escape_tilde_then_slash() {
        assert_eq!(pointer("os_distro"), "/os_distro");
        assert_eq!(pointer("a/b~c"), "/a~1b~0c");
        assert_eq!(pointer("~1"), "/~01");
    }

    #[test]
    fn one_patch_adds_replaces_and_removes() {
        let loaded = map(&[("keep", "1"), ("change", "old"), ("drop", "x")]);
        let edited = map(&[("keep", "1"), ("change", "new"), ("new/key", "v")]);
        let ops = operations(&diff(&loaded, &edited));
        assert_eq!(
            Value::Array(ops.clone()),
            json!([
                {"op": "add", "path": "/new~1key", "value": "v"},
                {"op": "replace", "path": "/change", "value": "new"},
                {"op": "remove", "path": "/drop"},
            ])
        );
        let req = patch(&svc(), "1bea47ed", ops);
        assert_eq!((req.method, req.url.as_str()), (Method::Patch, "http://127.0.0.1:9292/v2/images/1bea47ed"));
        assert_eq!(req.header_value("Content-Type"), Some(PATCH_MEDIA_TYPE));
        assert_eq!(req.header_value("X-Auth-Token"), Some("tok"));
        assert!(operations(&diff(&loaded, &loaded)).is_empty());
    }

    #[test]
    fn glance_refusals_are_read() {
        // glance/api/v2/images.py refuses a reserved key with 403, as plain text.
        let refused = resp(403, "403 Forbidden\n\nAttribute 'os_glance_x' is reserved.\n\n   ");
        assert_eq!(parse(&refused), Err(ApiError::Forbidden("Attribute 'os_glance_x' is reserved.".into())));
    }
}
