//! Servers, `/servers`: listing, showing, renaming and deleting them. What is done to a
//! server has its own files, each named after its URL: `actions` (`/action`), `console`
//! (the console log and `/remote-consoles`), `instance_actions` (`/os-instance-actions`), `metadata`
//! (`/metadata`: show, merge, replace, delete one key),
//! `create` (`POST /servers`: the draft, its body and answer) with its checks before sending
//! (`create_checks`) and the matching `openstack server create` line (`create_cli`);
//! `states` holds Nova's rules for which of them a server accepts, and `urls` every path.

pub mod actions;
pub mod console;
pub mod create;
pub mod create_checks;
pub mod create_cli;
pub mod instance_actions;
pub mod metadata;
pub mod states;
pub mod urls;

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

use super::fields::Fields;
use super::json;
use super::{query_param, ApiError, Request, Response, Service};

/// A server as `GET /servers/detail` and `GET /servers/{id}` describe it. Every field tolerates
/// absence: which ones appear depends on the microversion, policy, and whether the server's
/// cell is reachable. Read by [`Server::from_json`], not serde (see `api::fields`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Server {
    pub id: String,
    /// Nova documents the name as nullable.
    pub name: String,
    pub status: String,
    pub task_state: Option<String>,
    pub vm_state: Option<String>,
    pub power_state: Option<u8>,
    pub image: ServerImage,
    pub flavor: ServerFlavor,
    pub addresses: BTreeMap<String, Vec<Address>>,
    pub key_name: Option<String>,
    pub availability_zone: Option<String>,
    /// Reported from 2.9 on; `None` before, when the panel cannot know.
    pub locked: Option<bool>,
    pub locked_reason: Option<String>,
    pub created: String,
    pub updated: String,
    pub progress: Option<u8>,
    /// An opaque hash of the host and project: equal values mean the same host.
    pub host_id: String,
    pub access_ipv4: String,
    pub access_ipv6: String,
    pub metadata: BTreeMap<String, String>,
    pub security_groups: Vec<SecurityGroupName>,
    /// Present only for ERROR and DELETED servers that recorded a failure.
    pub fault: Option<Fault>,
    pub tags: Vec<String>,
    pub launched_at: Option<String>,
    pub terminated_at: Option<String>,
    pub user_id: String,
    pub tenant_id: String,
    pub description: Option<String>,
    /// `""` (none), `"True"` or `"False"`; see [`Server::has_config_drive`].
    pub config_drive: String,
    /// UP, DOWN, MAINTENANCE or UNKNOWN: the health of the server's host (2.16+, usually admin only).
    pub host_status: Option<String>,
    /// The ids of the server groups it is in (2.71+; at most one).
    pub server_groups: Vec<String>,
}

/// The image a server booted from. The API sends `""` instead of an image for a server whose
/// root disk is a volume.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ServerImage {
    /// Booted from a volume, or the image was not reported.
    #[default]
    None,
    Image {
        id: String,
    },
}

/// The server's flavor: a link `{"id", "links"}` before 2.47, the embedded flavor
/// `{"original_name", "vcpus", "ram", "disk", ...}` from 2.47 on (without the id).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerFlavor {
    pub id: Option<String>,
    pub name: Option<String>,
    pub vcpus: Option<u64>,
    /// MiB.
    pub ram: Option<u64>,
    /// GiB of root disk.
    pub disk: Option<u64>,
    /// GiB.
    pub ephemeral: Option<u64>,
    /// MiB.
    pub swap: Option<u64>,
    /// Only shown to those whose policy allows it.
    pub extra_specs: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Address {
    pub addr: String,
    /// 4 or 6.
    pub version: u8,
    /// `fixed` or `floating`.
    pub kind: Option<String>,
    pub mac: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SecurityGroupName {
    pub name: String,
}

/// Why a server went to ERROR: Nova's record of the failure.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fault {
    pub code: u16,
    pub message: String,
    pub created: String,
    /// Often a stack trace; Nova hides it from non-admins when the code is 500.
    pub details: Option<String>,
}

impl Server {
    /// A server from Nova's JSON (one item of `servers`, or `server`).
    pub fn from_json(value: &Value) -> Server {
        let f = Fields::of(value);
        Server {
            id: f.string("id"),
            name: f.string("name"),
            status: f.string("status"),
            task_state: f.opt_string("OS-EXT-STS:task_state"),
            vm_state: f.opt_string("OS-EXT-STS:vm_state"),
            power_state: f.opt_u8("OS-EXT-STS:power_state"),
            image: match f.object("image").opt_string("id") {
                Some(id) => ServerImage::Image { id },
                None => ServerImage::None,
            },
            flavor: ServerFlavor::from_json(f.object("flavor")),
            // By insert: see api::fields.
            addresses: f.object("addresses").entries().fold(BTreeMap::new(), |mut all, (net, addrs)| {
                all.insert(net.clone(), addrs.as_array().map_or_else(Vec::new, |a| a.iter().map(Address::from_json).collect()));
                all
            }),
            key_name: f.opt_string("key_name"),
            availability_zone: f.opt_string("OS-EXT-AZ:availability_zone"),
            locked: f.opt_bool("locked"),
            locked_reason: f.opt_string("locked_reason"),
            created: f.string("created"),
            updated: f.string("updated"),
            progress: f.opt_u8("progress"),
            host_id: f.string("hostId"),
            access_ipv4: f.string("accessIPv4"),
            access_ipv6: f.string("accessIPv6"),
            metadata: f.string_map("metadata"),
            security_groups: f.list("security_groups", |g| SecurityGroupName { name: Fields::of(g).string("name") }),
            fault: f.opt_object("fault").map(|fault| {
                let fault = Fields::of(fault);
                Fault {
                    code: fault.opt_u64("code").and_then(|c| u16::try_from(c).ok()).unwrap_or_default(),
                    message: fault.string("message"),
                    created: fault.string("created"),
                    details: fault.opt_string("details"),
                }
            }),
            tags: f.strings("tags"),
            launched_at: f.opt_string("OS-SRV-USG:launched_at"),
            terminated_at: f.opt_string("OS-SRV-USG:terminated_at"),
            user_id: f.string("user_id"),
            tenant_id: f.string("tenant_id"),
            description: f.opt_string("description"),
            config_drive: match f.get("config_drive") {
                Value::String(s) => s.clone(),
                Value::Bool(true) => "True".into(),
                Value::Bool(false) => "False".into(),
                _ => String::new(),
            },
            host_status: f.opt_string("host_status"),
            server_groups: f.strings("server_groups"),
        }
    }

    /// The id of the image the server booted from; `None` when it booted from a volume.
    pub fn image_id(&self) -> Option<String> {
        match &self.image {
            ServerImage::Image { id } => Some(id.clone()),
            ServerImage::None => None,
        }
    }

    /// Something is happening to the server: Nova finishes a transition only when it clears
    /// `task_state`, which can be set even while the status still reads ACTIVE or SHUTOFF.
    pub fn in_transition(&self) -> bool {
        self.task_state.is_some() || states::is_transitional(&self.status)
    }

    pub fn has_config_drive(&self) -> bool {
        self.config_drive.eq_ignore_ascii_case("true")
    }

    /// Every address of the server with the network it is on, fixed ones first.
    pub fn all_addresses(&self) -> Vec<(&str, &Address)> {
        let mut all: Vec<(&str, &Address)> =
            self.addresses.iter().flat_map(|(net, addrs)| addrs.iter().map(move |a| (net.as_str(), a))).collect();
        all.sort_by_key(|(_, a)| a.kind.as_deref() == Some("floating"));
        all
    }
}

impl ServerFlavor {
    fn from_json(f: Fields) -> ServerFlavor {
        ServerFlavor {
            id: f.opt_string("id"),
            name: f.opt_string("original_name"),
            vcpus: f.opt_u64("vcpus"),
            ram: f.opt_u64("ram"),
            disk: f.opt_u64("disk"),
            ephemeral: f.opt_u64("ephemeral"),
            swap: f.opt_u64("swap"),
            extra_specs: f.string_map("extra_specs"),
        }
    }
}

impl Address {
    fn from_json(value: &Value) -> Address {
        let f = Fields::of(value);
        Address {
            addr: f.string("addr"),
            version: f.opt_u8("version").unwrap_or_default(),
            kind: f.opt_string("OS-EXT-IPS:type"),
            mac: f.opt_string("OS-EXT-IPS-MAC:mac_addr"),
        }
    }
}

/// Filters and paging for `GET /servers/detail`. Empty strings are not sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    /// A regular expression matched against the name.
    pub name: String,
    pub status: String,
    /// An image id.
    pub image: String,
    /// A flavor id.
    pub flavor: String,
    /// Only servers changed since this time (ISO 8601), deleted ones included.
    pub changes_since: String,
    pub sort_key: String,
    /// `asc` or `desc`.
    pub sort_dir: String,
    pub limit: Option<u32>,
    /// The id of the last server of the previous page.
    pub marker: String,
}

impl ListQuery {
    /// The query as Nova's parameter names and values; empty values are not sent.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("status", self.status.clone()),
            ("image", self.image.clone()),
            ("flavor", self.flavor.clone()),
            ("changes-since", self.changes_since.clone()),
            ("sort_key", self.sort_key.clone()),
            ("sort_dir", self.sort_dir.clone()),
            ("limit", self.limit.map(|l| l.to_string()).unwrap_or_default()),
            ("marker", self.marker.clone()),
        ]
    }
}

/// One page of servers, and the marker of the next when Nova says there is one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerPage {
    pub servers: Vec<Server>,
    pub next_marker: Option<String>,
}

/// Nova leaves soft-deleted servers out of its list unless an administrator asks with
/// `deleted`; a `changes-since` query has no such filter, so this one brings them back for
/// everyone (their owners must see them to restore them).
const SINCE_EVER: &str = "1970-01-01T00:00:00Z";

pub fn list_detail(svc: &Service, q: &ListQuery) -> Request {
    let mut params = q.params();
    if q.status == "SOFT_DELETED" && q.changes_since.is_empty() {
        params.push(("changes-since", SINCE_EVER.into()));
    }
    svc.get(&urls::detail(&params))
}

pub fn parse_list(resp: &Response) -> Result<ServerPage, ApiError> {
    let body = resp.value()?;
    let list = Fields::of(&body);
    let servers = list.items("servers")?;
    let next = list.list("servers_links", Fields::of).into_iter().find(|l| l.get("rel") == "next");
    Ok(ServerPage {
        servers: servers.iter().map(Server::from_json).collect(),
        next_marker: next.and_then(|l| query_param(l.get("href").as_str()?, "marker")),
    })
}

pub fn get(svc: &Service, id: &str) -> Request {
    svc.get(&urls::server(id))
}

pub fn parse_one(resp: &Response) -> Result<Server, ApiError> {
    let body = resp.value()?;
    Fields::of(&body).opt_object("server").map(Server::from_json).ok_or_else(|| ApiError::Decode("no server".into()))
}

/// Nova deletes asynchronously (or soft-deletes, if the cloud reclaims later): the server
/// goes through task_state `deleting` before it disappears.
pub fn delete(svc: &Service, id: &str) -> Request {
    svc.delete(&urls::server(id))
}

/// The editable attributes of a server; only the `Some` ones are sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerUpdate {
    pub name: Option<String>,
    pub access_ipv4: Option<String>,
    pub access_ipv6: Option<String>,
    /// Needs 2.19 (Feature::ServerDescription).
    pub description: Option<String>,
}

pub fn update(svc: &Service, id: &str, changes: &ServerUpdate) -> Request {
    let fields = [
        ("name", &changes.name),
        ("accessIPv4", &changes.access_ipv4),
        ("accessIPv6", &changes.access_ipv6),
        ("description", &changes.description),
    ];
    let server: Map<String, Value> =
        fields.into_iter().filter_map(|(key, value)| Some((key.to_string(), json!(value.as_ref()?)))).collect();
    svc.put(&urls::server(id), json::object("server", Value::Object(server)))
}

/// Every status Nova's API can return (the `_server_status` enum of its response schema).
pub const ALL_STATUSES: [&str; 20] = [
    "ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT", "MIGRATING", "PASSWORD", "PAUSED", "REBOOT", "REBUILD", "RESCUE",
    "RESIZE", "REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED", "SHUTOFF", "SOFT_DELETED", "SUSPENDED", "UNKNOWN",
    "VERIFY_RESIZE",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{nova_latest as svc, ok, resp};
    use crate::api::Method;

    const GET_V2_100: &str = include_str!("../../../tests/fixtures/nova/server-get-resp-v2.100.json");
    const GET_V2_47: &str = include_str!("../../../tests/fixtures/nova/server-get-resp-v2.47.json");
    const GET_V2_1: &str = include_str!("../../../tests/fixtures/nova/server-get-resp-v2.1.json");
    const DETAILS_V2_100: &str = include_str!("../../../tests/fixtures/nova/servers-details-resp-v2.100.json");

    /// A documented server body, changed the way a real server in another state would be.
    fn server_with(fixture: &str, change: impl FnOnce(&mut Map<String, Value>)) -> Server {
        let mut body: Value = serde_json::from_str(fixture).unwrap();
        change(body["server"].as_object_mut().unwrap());
        parse_one(&ok(&body.to_string())).unwrap()
    }

    #[test]
    fn parses_a_current_server() {
        let s = parse_one(&ok(GET_V2_100)).unwrap();
        assert_eq!(s.id, "0e44cc9c-e052-415d-afbf-469b0d384170");
        assert_eq!(s.name, "new-server-test");
        assert_eq!(s.status, "ACTIVE");
        assert_eq!(s.vm_state.as_deref(), Some("active"));
        assert_eq!(s.task_state, None);
        assert_eq!(s.power_state, Some(1));
        assert_eq!(s.image_id().as_deref(), Some("70a599e0-31e7-49b7-b260-868f441e862b"));
        assert_eq!(s.flavor.name.as_deref(), Some("m1.tiny"));
        assert_eq!((s.flavor.vcpus, s.flavor.ram, s.flavor.disk), (Some(1), Some(512), Some(1)));
        assert_eq!(s.flavor.id, None);
        let private = &s.addresses["private"];
        assert_eq!(private[0].addr, "192.168.1.30");
        assert_eq!(private[0].version, 4);
        assert_eq!(private[0].kind.as_deref(), Some("fixed"));
        assert_eq!(private[0].mac.as_deref(), Some("00:0c:29:0d:11:74"));
        assert_eq!(s.availability_zone.as_deref(), Some("us-west"));
        assert_eq!((s.locked, s.locked_reason.as_deref()), (Some(false), None));
        assert_eq!(s.host_id, "92154fab69d5883ba2c8622b7e65f745dd33257221c07af363c51b29");
        assert_eq!((s.access_ipv4.as_str(), s.access_ipv6.as_str()), ("1.2.3.4", "80fe::"));
        assert_eq!(s.metadata["My Server Name"], "Apache1");
        assert_eq!(s.security_groups, vec![SecurityGroupName { name: "default".into() }]);
        assert_eq!(s.launched_at.as_deref(), Some("2013-09-23T13:37:00.880302"));
        assert_eq!(s.terminated_at, None);
        assert_eq!((s.user_id.as_str(), s.tenant_id.as_str()), ("fake", "6f70656e737461636b20342065766572"));
        assert_eq!(s.description, None);
        assert!(!s.has_config_drive());
        assert_eq!(s.fault, None);
        assert_eq!(s.progress, Some(0));
        assert!(!s.in_transition());
    }

    #[test]
    fn embedded_flavor_keeps_extra_specs_and_host_status() {
        let s = parse_one(&ok(GET_V2_47)).unwrap();
        assert_eq!(s.flavor.name.as_deref(), Some("m1.tiny.specs"));
        assert_eq!(s.flavor.extra_specs["hw:numa_nodes"], "1");
        assert_eq!((s.flavor.swap, s.flavor.ephemeral), (Some(0), Some(0)));
        assert_eq!(s.host_status.as_deref(), Some("UP"));
        assert_eq!(s.tags, Vec::<String>::new());
    }

    #[test]
    fn old_flavor_link_gives_only_the_id() {
        let s = parse_one(&ok(GET_V2_1)).unwrap();
        assert_eq!(s.flavor.id.as_deref(), Some("1"));
        assert_eq!((s.flavor.name.as_deref(), s.flavor.vcpus), (None, None));
        // Before 2.9 the lock is not reported at all.
        assert_eq!(s.locked, None);
    }

    #[test]
    fn failed_boot_from_volume_server() {
        let s = server_with(GET_V2_100, |srv| {
            srv.insert("image".into(), json!(""));
            srv.insert("status".into(), json!("ERROR"));
            srv.insert("OS-EXT-STS:vm_state".into(), json!("error"));
            srv.insert("config_drive".into(), json!(true));
            srv.insert("name".into(), Value::Null);
            // Shape from the compute API guide's "Instance Faults".
            srv.insert(
                "fault".into(),
                json!({"created": "2018-04-10T13:49:40Z", "message": "No valid host was found.", "code": 500}),
            );
        });
        assert_eq!(s.image_id(), None);
        assert_eq!(s.name, "");
        assert!(s.has_config_drive());
        let fault = s.fault.unwrap();
        assert_eq!((fault.code, fault.message.as_str()), (500, "No valid host was found."));
        assert_eq!(fault.details, None);
    }

    #[test]
    fn task_state_means_in_transition_even_when_active() {
        let s = server_with(GET_V2_100, |srv| {
            srv.insert("OS-EXT-STS:task_state".into(), json!("powering-off"));
        });
        assert_eq!(s.status, "ACTIVE");
        assert!(s.in_transition());
        // Without the extended status (hidden by policy) the status alone tells.
        let rebooting = Server { status: "REBOOT".into(), ..Server::default() };
        assert!(rebooting.in_transition());
    }

    #[test]
    fn list_reads_servers_and_next_marker() {
        let page = parse_list(&ok(DETAILS_V2_100)).unwrap();
        assert_eq!(page.servers.len(), 1);
        assert_eq!(page.servers[0].id, "f5dc173b-6804-445a-a6d8-c705dad5b5eb");
        assert_eq!(page.servers[0].description.as_deref(), Some(""));
        assert_eq!(page.next_marker.as_deref(), Some("f5dc173b-6804-445a-a6d8-c705dad5b5eb"));
        let last = parse_list(&ok(r#"{"servers": []}"#)).unwrap();
        assert_eq!(last, ServerPage::default());
        assert!(matches!(
            parse_list(&resp(401, "")),
            Err(ApiError::Unauthorized(_))
        ));
        assert!(matches!(parse_list(&ok(r#"{"server": {}}"#)), Err(ApiError::Decode(_))));
        assert!(matches!(parse_one(&ok(r#"{"servers": []}"#)), Err(ApiError::Decode(_))));
        // An odd field reads as empty instead of costing the whole list.
        let odd = parse_list(&ok(r#"{"servers": [{"id": "a", "name": 7, "OS-EXT-STS:power_state": "x"}]}"#)).unwrap();
        let odd = &odd.servers[0];
        assert_eq!((odd.id.as_str(), odd.name.as_str(), odd.power_state), ("a", "", None));
    }

    #[test]
    fn list_query_uses_novas_parameter_names() {
        let q = ListQuery {
            name: "^web".into(),
            status: "ACTIVE".into(),
            changes_since: "2026-11-23T21:36:00Z".into(),
            sort_key: "created_at".into(),
            sort_dir: "desc".into(),
            limit: Some(50),
            marker: "abc".into(),
            ..ListQuery::default()
        };
        let req = list_detail(&svc(), &q);
        assert_eq!(req.method, Method::Get);
        assert_eq!(
            req.url,
            "http://127.0.0.1:8774/v2.1/servers/detail?name=%5Eweb&status=ACTIVE&changes-since=2026-11-23T21%3A36%3A00Z\
             &sort_key=created_at&sort_dir=desc&limit=50&marker=abc"
        );
        assert_eq!(req.header_value("OpenStack-API-Version"), Some("compute 2.100"));
        assert_eq!(list_detail(&svc(), &ListQuery::default()).url, "http://127.0.0.1:8774/v2.1/servers/detail");
    }

    #[test]
    fn soft_deleted_servers_are_listed_through_changes_since() {
        let soft = ListQuery { status: "SOFT_DELETED".into(), limit: Some(25), ..ListQuery::default() };
        assert_eq!(
            list_detail(&svc(), &soft).url,
            "http://127.0.0.1:8774/v2.1/servers/detail?status=SOFT_DELETED&limit=25&changes-since=1970-01-01T00%3A00%3A00Z"
        );
        let since = ListQuery { changes_since: "2026-11-23T21:36:00Z".into(), ..soft };
        assert!(list_detail(&svc(), &since).url.ends_with("?status=SOFT_DELETED&changes-since=2026-11-23T21%3A36%3A00Z&limit=25"));
    }

    #[test]
    fn get_delete_and_update_requests() {
        let id = "0e44cc9c-e052-415d-afbf-469b0d384170";
        assert_eq!(get(&svc(), id).url, format!("http://127.0.0.1:8774/v2.1/servers/{id}"));
        let del = delete(&svc(), id);
        assert_eq!((del.method, del.body), (Method::Delete, None));

        let rename = ServerUpdate { name: Some("web-2".into()), ..ServerUpdate::default() };
        let req = update(&svc(), id, &rename);
        assert_eq!(req.method, Method::Put);
        assert_eq!(req.body, Some(json!({"server": {"name": "web-2"}})));

        let all = ServerUpdate {
            name: None,
            access_ipv4: Some("4.3.2.1".into()),
            access_ipv6: Some("80fe::".into()),
            description: Some("front end".into()),
        };
        assert_eq!(
            update(&svc(), id, &all).body,
            Some(json!({"server": {"accessIPv4": "4.3.2.1", "accessIPv6": "80fe::", "description": "front end"}}))
        );
    }

    #[test]
    fn addresses_list_fixed_before_floating() {
        let s = server_with(GET_V2_100, |srv| {
            srv["addresses"]["private"].as_array_mut().unwrap().insert(
                0,
                json!({"addr": "172.24.4.10", "version": 4, "OS-EXT-IPS:type": "floating", "OS-EXT-IPS-MAC:mac_addr": "00:0c:29:0d:11:74"}),
            );
        });
        let addrs: Vec<&str> = s.all_addresses().iter().map(|(_, a)| a.addr.as_str()).collect();
        assert_eq!(addrs, ["192.168.1.30", "172.24.4.10"]);
    }
}
