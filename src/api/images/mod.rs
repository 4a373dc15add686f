//! Images, Glance `/v2/images`: what servers boot from, and the snapshots taken of them. The
//! image service's catalog endpoint is the bare Glance root (`http://host:9292`), so the
//! paths here carry the `/v2` themselves. This file: the image, list (with the gallery's
//! facets), show and delete; `actions` deactivates and reactivates, `update` edits the
//! image's own fields, `upload` creates a record and sends its data.

pub mod actions;
pub mod update;
pub mod upload;

use serde_json::Value;
use std::collections::BTreeMap;

use super::fields::Fields;
use super::{encode_component, query_param, query_string, ApiError, Request, Response, Service};

/// Statuses Glance leaves on its own (an upload, an import or a snapshot under way): an image
/// in one of them is worth asking about again.
pub const TRANSITIONAL: [&str; 4] = ["queued", "saving", "uploading", "importing"];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Image {
    pub id: String,
    pub name: Option<String>,
    /// `queued`, `saving`, `uploading`, `importing`, `active`, `deactivated`, `killed`, `deleted`, ...
    pub status: String,
    /// `public`, `community`, `shared` or `private`.
    pub visibility: String,
    /// Bytes; null until the data is uploaded.
    pub size: Option<u64>,
    pub disk_format: Option<String>,
    pub container_format: Option<String>,
    /// GiB of root disk a server needs to boot it.
    pub min_disk: u64,
    /// MiB of RAM a server needs to boot it.
    pub min_ram: u64,
    pub created_at: String,
    pub updated_at: String,
    /// The project that owns it.
    pub owner: Option<String>,
    /// Cannot be deleted while set.
    pub protected: bool,
    pub tags: Vec<String>,
    /// Every other key: Glance's own (`checksum`, `os_hidden`, `virtual_size`, `self`, ...) and
    /// the free-form properties (`os_distro`, `image_type`, `instance_uuid`, ...).
    pub properties: BTreeMap<String, Value>,
}

/// Glance's own keys, read into [`Image`]'s fields; every other key is a property.
const FIELDS: [&str; 14] = [
    "id", "name", "status", "visibility", "size", "disk_format", "container_format", "min_disk", "min_ram",
    "created_at", "updated_at", "owner", "protected", "tags",
];

impl Image {
    /// An image from Glance's JSON, read by hand like a server (see `api::fields`).
    pub fn from_json(value: &Value) -> Image {
        let f = Fields::of(value);
        Image {
            id: f.string("id"),
            name: f.opt_string("name"),
            status: f.string("status"),
            visibility: f.string("visibility"),
            size: f.opt_u64("size"),
            disk_format: f.opt_string("disk_format"),
            container_format: f.opt_string("container_format"),
            min_disk: f.opt_u64("min_disk").unwrap_or_default(),
            min_ram: f.opt_u64("min_ram").unwrap_or_default(),
            created_at: f.string("created_at"),
            updated_at: f.string("updated_at"),
            owner: f.opt_string("owner"),
            protected: f.opt_bool("protected").unwrap_or_default(),
            tags: f.strings("tags"),
            // By insert: see api::fields.
            properties: f.entries().filter(|(k, _)| !FIELDS.contains(&k.as_str())).fold(BTreeMap::new(), |mut all, (k, v)| {
                all.insert(k.clone(), v.clone());
                all
            }),
        }
    }

    /// Glance answers with the bare image, not wrapped in `{"image": ...}`.
    pub(crate) fn parse(resp: &Response) -> Result<Image, ApiError> {
        let body = resp.value()?;
        if body.is_object() {
            Ok(Image::from_json(&body))
        } else {
            Err(ApiError::Decode("no image".into()))
        }
    }

    /// Nova marks the images it makes of servers (createImage, shelve) with
    /// `image_type: snapshot`.
    /// Also an image that names the server it was made from (`instance_uuid`), as backups do.
    pub fn is_snapshot(&self) -> bool {
        self.property("image_type") == Some("snapshot") || self.property("instance_uuid").is_some_and(|u| !u.is_empty())
    }

    /// A free-form string property (`os_distro`, `checksum`, ...).
    pub fn property(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(Value::as_str)
    }

    /// Still changing on its own: watch it until it settles.
    pub fn is_transitional(&self) -> bool {
        TRANSITIONAL.contains(&self.status.as_str())
    }

    /// Owned by `project_id` (rather than public, shared with it, or community).
    pub fn is_owned_by(&self, project_id: &str) -> bool {
        self.owner.as_deref() == Some(project_id)
    }

    /// The name, or the id when the image has none.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().filter(|n| !n.is_empty()).unwrap_or(&self.id)
    }
}

/// Filters and paging for `GET /v2/images`. Empty strings are not sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageQuery {
    pub limit: Option<u32>,
    /// The id of the last image of the previous page.
    pub marker: String,
    /// `public`, `community`, `shared`, `private` or `all`; Glance's default leaves out
    /// community images.
    pub visibility: String,
    /// The exact name (or `in:"a",b`).
    pub name: String,
    pub status: String,
    /// A project id.
    pub owner: String,
    /// `key:dir` pairs, e.g. `name:asc,created_at:desc`.
    pub sort: String,
    /// `raw`, `qcow2`, `iso`, ...
    pub disk_format: String,
    /// Free-form properties to match exactly (Glance filters on any property it does not
    /// know as a filter of its own), e.g. `os_distro=ubuntu`, `image_type=snapshot`.
    pub properties: Vec<(String, String)>,
}

/// The gallery's facets: which images a view is about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Facet {
    /// What Glance lists by default: public, this project's, and shared and accepted.
    #[default]
    All,
    /// Images that are not snapshots of servers.
    Base,
    /// Images Nova made of servers.
    Snapshots,
    /// Other projects' images shared with this one (and accepted).
    Shared,
    /// Images their owners offered to every project.
    Community,
}

impl Facet {
    pub const ALL: [Facet; 5] = [Facet::All, Facet::Base, Facet::Snapshots, Facet::Shared, Facet::Community];

    /// The URL word for the facet.
    pub fn key(self) -> &'static str {
        match self {
            Facet::All => "all",
            Facet::Base => "base",
            Facet::Snapshots => "snapshots",
            Facet::Shared => "shared",
            Facet::Community => "community",
        }
    }

    pub fn from_key(key: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.key() == key)
    }

    /// `query` narrowed to the facet, as far as Glance can filter: a facet's visibility
    /// replaces the query's.
    pub fn narrow(self, mut query: ImageQuery) -> ImageQuery {
        match self {
            Facet::All | Facet::Base => {}
            // Nova marks what createImage makes with `image_type=snapshot`.
            Facet::Snapshots => query.properties.push(("image_type".into(), "snapshot".into())),
            Facet::Shared => query.visibility = "shared".into(),
            Facet::Community => query.visibility = "community".into(),
        }
        query
    }

    /// Does `image` belong here? Glance cannot filter on a property being absent, so base
    /// images are told from snapshots page by page.
    pub fn admits(self, image: &Image) -> bool {
        match self {
            Facet::Base => !image.is_snapshot(),
            Facet::Snapshots => image.is_snapshot(),
            Facet::All | Facet::Shared | Facet::Community => true,
        }
    }
}

/// One page of images, and the marker of the next when Glance gives a `next` link.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImagePage {
    pub images: Vec<Image>,
    pub next_marker: Option<String>,
}

pub fn list(svc: &Service, q: &ImageQuery) -> Request {
    let query = query_string(&[
        ("limit", q.limit.map(|l| l.to_string()).unwrap_or_default()),
        ("marker", q.marker.clone()),
        ("visibility", q.visibility.clone()),
        ("name", q.name.clone()),
        ("status", q.status.clone()),
        ("owner", q.owner.clone()),
        ("sort", q.sort.clone()),
        ("disk_format", q.disk_format.clone()),
    ]);
    // Property filters after Glance's own, each once.
    let props = query_string(&q.properties.iter().map(|(k, v)| (k.as_str(), v.clone())).collect::<Vec<_>>());
    let query = match (query.is_empty(), props.strip_prefix('?')) {
        (_, None) => query,
        (true, Some(_)) => props,
        (false, Some(rest)) => format!("{query}&{rest}"),
    };
    svc.get(&format!("/v2/images{query}"))
}

pub fn parse_list(resp: &Response) -> Result<ImagePage, ApiError> {
    let body = resp.value()?;
    let list = Fields::of(&body);
    let images = list.items("images")?;
    Ok(ImagePage {
        images: images.iter().map(Image::from_json).collect(),
        next_marker: list.get("next").as_str().and_then(|next| query_param(next, "marker")),
    })
}

pub fn get(svc: &Service, id: &str) -> Request {
    svc.get(&format!("/v2/images/{}", encode_component(id)))
}

pub fn parse_one(resp: &Response) -> Result<Image, ApiError> {
    Image::parse(resp)
}

/// `DELETE /v2/images/{id}`: 204. Glance refuses a protected image with 403.
pub fn delete(svc: &Service, id: &str) -> Request {
    svc.delete(&format!("/v2/images/{}", encode_component(id)))
}

/// For the calls Glance answers with an empty 2xx.
pub fn parse_empty(resp: &Response) -> Result<(), ApiError> {
    resp.check()
}

/// Why the panel will not try to delete `image`, if it will not.
pub fn delete_refusal(image: &Image) -> Option<&'static str> {
    image.protected.then_some("It is protected: Glance refuses to delete it until Protected is turned off.")
}

/// A minimum disk (GiB) or RAM (MiB) as typed in a form: empty means none (Glance's 0).
fn minimum(text: &str) -> Option<u64> {
    match text.trim() {
        "" => Some(0),
        t => t.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{glance as svc, ok, resp};
    use crate::api::Method;

    const LIST: &str = include_str!("../../../tests/fixtures/glance/images-list-response.json");
    const SHOW: &str = include_str!("../../../tests/fixtures/glance/image-show-response.json");

    #[test]
    fn list_request_is_under_v2_without_compute_headers() {
        let req = list(&svc(), &ImageQuery::default());
        assert_eq!((req.method, req.url.as_str()), (Method::Get, "http://127.0.0.1:9292/v2/images"));
        assert_eq!(req.header_value("X-Auth-Token"), Some("tok"));
        assert_eq!(req.header_value("OpenStack-API-Version"), None);
        let q = ImageQuery {
            limit: Some(20),
            marker: "1bea47ed".into(),
            visibility: "private".into(),
            sort: "name:asc".into(),
            ..ImageQuery::default()
        };
        assert_eq!(
            list(&svc(), &q).url,
            "http://127.0.0.1:9292/v2/images?limit=20&marker=1bea47ed&visibility=private&sort=name%3Aasc"
        );
    }

    #[test]
    fn parses_the_documented_list() {
        let page = parse_list(&ok(LIST)).unwrap();
        assert_eq!(page.next_marker, None);
        assert_eq!(page.images.len(), 2);
        let f17 = &page.images[1];
        assert_eq!(f17.id, "781b3762-9469-4cec-b58d-3349e5de4e9c");
        assert_eq!(f17.display_name(), "F17-x86_64-cfntools");
        assert_eq!(f17.size, Some(476704768));
        assert_eq!(f17.owner.as_deref(), Some("5ef70662f8b34079a6eddb8da9d75fe8"));
        assert!(!f17.is_snapshot());
        // Keys outside the typed fields are kept.
        assert_eq!(f17.properties["checksum"], "afab0f79bac770d61d24b4d0560b5f70");
        assert_eq!(f17.properties["os_hidden"], false);
        assert!(!f17.properties.contains_key("name"));
    }

    #[test]
    fn next_link_gives_the_marker() {
        let mut body: Value = serde_json::from_str(LIST).unwrap();
        // The form glance/api/v2/images.py writes: the request's parameters plus the marker.
        body["next"] = "/v2/images?limit=2&marker=781b3762-9469-4cec-b58d-3349e5de4e9c".into();
        let page = parse_list(&ok(&body.to_string())).unwrap();
        assert_eq!(page.next_marker.as_deref(), Some("781b3762-9469-4cec-b58d-3349e5de4e9c"));
    }

    #[test]
    fn parses_one_image_and_recognises_snapshots() {
        assert_eq!(
            get(&svc(), "1bea47ed-f6a9-463b-b423-14b9cca9ad27").url,
            "http://127.0.0.1:9292/v2/images/1bea47ed-f6a9-463b-b423-14b9cca9ad27"
        );
        let image = parse_one(&ok(SHOW)).unwrap();
        assert_eq!(image.name.as_deref(), Some("cirros-0.3.2-x86_64-disk"));
        assert_eq!((image.status.as_str(), image.visibility.as_str()), ("active", "public"));
        assert_eq!((image.disk_format.as_deref(), image.container_format.as_deref()), (Some("qcow2"), Some("bare")));
        assert_eq!((image.min_disk, image.min_ram, image.protected), (0, 0, false));
        assert_eq!(image.created_at, "2014-05-05T17:15:10Z");

        // A snapshot Nova made: nameless here, with the properties nova/compute/utils.py sets.
        let mut body: Value = serde_json::from_str(SHOW).unwrap();
        body["name"] = Value::Null;
        body["size"] = Value::Null;
        body["image_type"] = "snapshot".into();
        body["instance_uuid"] = "0e44cc9c-e052-415d-afbf-469b0d384170".into();
        let snapshot = parse_one(&ok(&body.to_string())).unwrap();
        assert!(snapshot.is_snapshot());
        assert_eq!(snapshot.display_name(), "1bea47ed-f6a9-463b-b423-14b9cca9ad27");
        assert_eq!(snapshot.size, None);
        assert_eq!(snapshot.properties["instance_uuid"], "0e44cc9c-e052-415d-afbf-469b0d384170");
    }

    #[test]
    fn facets_narrow_the_query_and_sort_pages() {
        let base = ImageQuery { name: "web".into(), visibility: "private".into(), ..Default::default() };
        let snaps = Facet::Snapshots.narrow(base.clone());
        assert_eq!(
            list(&svc(), &snaps).url,
            "http://127.0.0.1:9292/v2/images?visibility=private&name=web&image_type=snapshot"
        );
        assert_eq!(Facet::Community.narrow(base.clone()).visibility, "community");
        assert_eq!(Facet::Shared.narrow(base.clone()).visibility, "shared");
        assert_eq!(Facet::Base.narrow(base.clone()), base);
        let only_props = ImageQuery { properties: vec![("os_distro".into(), "ubuntu".into())], ..Default::default() };
        assert_eq!(list(&svc(), &only_props).url, "http://127.0.0.1:9292/v2/images?os_distro=ubuntu");

        let page = parse_list(&ok(LIST)).unwrap();
        let mut snapshot = page.images[0].clone();
        snapshot.properties.insert("instance_uuid".into(), "0e44cc9c".into());
        assert!(Facet::Base.admits(&page.images[0]) && !Facet::Base.admits(&snapshot));
        assert!(Facet::Snapshots.admits(&snapshot) && Facet::All.admits(&snapshot));
        for f in Facet::ALL {
            assert_eq!(Facet::from_key(f.key()), Some(f));
        }
        assert_eq!(Facet::from_key("nope"), None);
    }

    #[test]
    fn delete_and_its_refusal() {
        let req = delete(&svc(), "1bea47ed");
        assert_eq!((req.method, req.url.as_str()), (Method::Delete, "http://127.0.0.1:9292/v2/images/1bea47ed"));
        assert_eq!(parse_empty(&resp(204, "")), Ok(()));
        let mut image = parse_one(&ok(SHOW)).unwrap();
        assert_eq!(delete_refusal(&image), None);
        image.protected = true;
        assert!(delete_refusal(&image).unwrap().contains("protected"));
        // What Glance says when asked anyway.
        let refused = resp(
            403,
            "<html>\n <head>\n  <title>403 Forbidden</title>\n </head>\n <body>\n  <h1>403 Forbidden</h1>\n  \
             Image 1bea47ed is protected and cannot be deleted.<br /><br />\n\n\n\n </body>\n</html>",
        );
        assert_eq!(
            parse_empty(&refused),
            Err(ApiError::Forbidden("Image 1bea47ed is protected and cannot be deleted.".into()))
        );
    }

    #[test]
    fn transitional_statuses() {
        let mut image = parse_one(&ok(SHOW)).unwrap();
        assert!(!image.is_transitional());
        for status in ["queued", "saving", "importing", "uploading"] {
            image.status = status.into();
            assert!(image.is_transitional(), "{status}");
        }
        image.status = "deactivated".into();
        assert!(!image.is_transitional());
        assert!(image.is_owned_by("5ef70662f8b34079a6eddb8da9d75fe8"));
        assert!(!image.is_owned_by("other"));
        assert_eq!(image.property("checksum"), Some("64d7c1cd2b6f60c92c14662941cb7913"));
    }

    #[test]
    fn glance_html_errors_are_read() {
        // webob's error page, as Glance sends it.
        let gone = resp(
            404,
            "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  \
             No image found with ID x<br /><br />\n\n\n\n </body>\n</html>",
        );
        assert_eq!(parse_one(&gone), Err(ApiError::NotFound("No image found with ID x".into())));
    }
}
