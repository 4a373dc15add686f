//! A new image from a local file: `POST /v2/images` makes the record (status `queued`), then
//! `PUT /v2/images/{id}/file` streams the data (status `saving`, then `active`). The request
//! built here carries no body: the browser transport attaches the file itself.

use serde_json::{json, Value};

use super::super::{encode_component, ApiError, Method, Request, Response, Service};
use super::{minimum, Image};

/// The formats Glance accepts by default, most used first.
pub const DISK_FORMATS: [&str; 10] = ["qcow2", "raw", "iso", "vmdk", "vdi", "vhd", "vhdx", "ami", "aki", "ari"];
pub const CONTAINER_FORMATS: [&str; 5] = ["bare", "ovf", "ova", "docker", "compressed"];
pub const VISIBILITIES: [&str; 4] = ["private", "shared", "community", "public"];

/// What the upload form fills in; numbers as typed, checked by [`check`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewImage {
    pub name: String,
    pub disk_format: String,
    pub container_format: String,
    pub visibility: String,
    /// GiB.
    pub min_disk: String,
    /// MiB.
    pub min_ram: String,
}

/// The disk format a file name suggests (`cirros.qcow2` -> `qcow2`); `.img` says nothing.
pub fn guess_disk_format(file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    DISK_FORMATS.into_iter().find(|f| *f == ext)
}

/// Each refused field with the reason, in the form's order; empty when all is well.
pub fn check(new: &NewImage) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if new.name.trim().is_empty() {
        problems.push(("name", "Give the image a name.".to_string()));
    } else if new.name.chars().count() > 255 {
        problems.push(("name", "Glance allows at most 255 characters.".to_string()));
    }
    if !DISK_FORMATS.contains(&new.disk_format.as_str()) {
        problems.push(("disk_format", "Choose the disk format of the file.".to_string()));
    }
    if minimum(&new.min_disk).is_none() {
        problems.push(("min_disk", "A whole number of GiB, or empty for none.".to_string()));
    }
    if minimum(&new.min_ram).is_none() {
        problems.push(("min_ram", "A whole number of MiB, or empty for none.".to_string()));
    }
    problems
}

/// `POST /v2/images`; call only when [`check`] found nothing.
pub fn create(svc: &Service, new: &NewImage) -> Request {
    let container = if new.container_format.is_empty() { "bare" } else { new.container_format.as_str() };
    let mut body = json!({
        "name": new.name.trim(),
        "disk_format": new.disk_format,
        "container_format": container,
        "min_disk": minimum(&new.min_disk).unwrap_or(0),
        "min_ram": minimum(&new.min_ram).unwrap_or(0),
    });
    if !new.visibility.is_empty() {
        body["visibility"] = Value::String(new.visibility.clone());
    }
    svc.post("/v2/images", body)
}

/// 201 with the new image, `queued`.
pub fn parse_created(resp: &Response) -> Result<Image, ApiError> {
    Image::parse(resp)
}

/// `PUT /v2/images/{id}/file`, the file's bytes as the body; 204 when stored.
pub fn upload_file(svc: &Service, id: &str) -> Request {
    svc.request(Method::Put, &format!("/v2/images/{}/file", encode_component(id)))
        .header("Content-Type", "application/octet-stream")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::images::parse_empty;
    use crate::api::test_support::{glance as svc, resp};

    const CREATED: &str = include_str!("../../../tests/fixtures/glance/image-create-response.json");

    fn draft() -> NewImage {
        NewImage {
            name: " Ubuntu ".into(),
            disk_format: "raw".into(),
            container_format: String::new(),
            visibility: "private".into(),
            min_disk: "2".into(),
            min_ram: String::new(),
        }
    }

    #[test]
    fn create_sends_the_record_and_reads_the_queued_image() {
        assert!(check(&draft()).is_empty());
        let req = create(&svc(), &draft());
        assert_eq!((req.method, req.url.as_str()), (Method::Post, "http://127.0.0.1:9292/v2/images"));
        assert_eq!(
            req.body,
            Some(json!({"name": "Ubuntu", "disk_format": "raw", "container_format": "bare",
                        "min_disk": 2, "min_ram": 0, "visibility": "private"}))
        );
        let image = parse_created(&resp(201, CREATED)).unwrap();
        assert_eq!((image.id.as_str(), image.status.as_str()), ("b2173dd3-7ad6-4362-baa6-a68bce3565cb", "queued"));
        assert_eq!(image.size, None);
        assert!(image.is_transitional());
    }

    #[test]
    fn the_file_goes_as_octets() {
        let req = upload_file(&svc(), "b2173dd3");
        assert_eq!((req.method, req.url.as_str()), (Method::Put, "http://127.0.0.1:9292/v2/images/b2173dd3/file"));
        assert_eq!(req.header_value("Content-Type"), Some("application/octet-stream"));
        assert_eq!(req.header_value("X-Auth-Token"), Some("tok"));
        assert_eq!(req.body, None);
        assert_eq!(parse_empty(&resp(204, "")), Ok(()));
    }

    #[test]
    fn fields_are_checked_before_sending() {
        let bad = NewImage { name: "  ".into(), disk_format: String::new(), min_disk: "2.5".into(), min_ram: "x".into(), ..draft() };
        let fields: Vec<_> = check(&bad).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["name", "disk_format", "min_disk", "min_ram"]);
    }

    #[test]
    fn disk_format_from_the_file_name() {
        assert_eq!(guess_disk_format("cirros-0.6.2.QCOW2"), Some("qcow2"));
        assert_eq!(guess_disk_format("debian.iso"), Some("iso"));
        assert_eq!(guess_disk_format("cirros.img"), None);
        assert_eq!(guess_disk_format("noext"), None);
    }
}
