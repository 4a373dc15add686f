//! Creating servers, `POST /servers`: the wizard's draft, the microversion to send it at, the
//! exact body Nova takes, and what Nova answers. The checks before sending live in
//! `create_checks`, the equivalent command line in `create_cli`.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::api::flavors::Flavor;
use crate::api::metadata;
use crate::api::networks::Network;
use crate::api::security_groups::SecurityGroup;
use super::Server;
use crate::api::versions::{Microversion, BASE};
use super::urls;
use crate::api::{ApiError, Request, Response, Service};

/// Everything the create wizard asks for. Serializable so that the wizard can keep an
/// unfinished draft in sessionStorage. Empty strings and lists are not sent.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default)]
pub struct CreateServer {
    pub name: String,
    /// The image id (`imageRef`).
    pub image_ref: String,
    /// The flavor id (`flavorRef`).
    pub flavor_ref: String,
    pub networks: Networks,
    /// The key pair Nova puts into the server (cloud-init reads it from the metadata service).
    pub key_name: String,
    /// The administrator password; left empty, Nova picks one where the cloud sets any.
    pub admin_pass: String,
    pub config_drive: bool,
    pub availability_zone: String,
    /// Nova creates `max_count` servers, or as many as the quota allows if at least `min_count`.
    pub min_count: u32,
    pub max_count: u32,
    /// Answer with the reservation id of the batch instead of the first server.
    pub return_reservation_id: bool,
    /// Security group ids (Nova also takes names, but `default` exists once per project).
    pub security_groups: Vec<String>,
    /// Rows as edited; see `metadata`.
    pub metadata: Vec<(String, String)>,
    /// As typed (a cloud-init script, say); Base64-encoded when sent.
    pub user_data: String,
    /// Files written into the server's disk; gone from Nova at 2.57.
    pub personality: Vec<InjectedFile>,
    /// 2.19+.
    pub description: String,
    /// 2.52+.
    pub tags: Vec<String>,
    pub access_ipv4: String,
    pub access_ipv6: String,
    /// A server group id, sent as the scheduler hint `group`.
    pub server_group: String,
}

impl Default for CreateServer {
    fn default() -> Self {
        CreateServer {
            name: String::new(),
            image_ref: String::new(),
            flavor_ref: String::new(),
            networks: Networks::Listed(Vec::new()),
            key_name: String::new(),
            admin_pass: String::new(),
            config_drive: false,
            availability_zone: String::new(),
            min_count: 1,
            max_count: 1,
            return_reservation_id: false,
            security_groups: Vec::new(),
            metadata: Vec::new(),
            user_data: String::new(),
            personality: Vec::new(),
            description: String::new(),
            tags: Vec::new(),
            access_ipv4: String::new(),
            access_ipv6: String::new(),
            server_group: String::new(),
        }
    }
}

/// Which networks the server gets a port on.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum Networks {
    /// These networks, in order. Empty leaves the choice to Nova, which only clouds before
    /// 2.37 accept.
    Listed(Vec<NetworkRequest>),
    /// 2.37+: the project's network, which Neutron makes if there is none.
    Auto,
    /// 2.37+: no network at all.
    NoNetwork,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct NetworkRequest {
    /// The network id.
    pub uuid: String,
    /// Empty: Neutron picks the address.
    pub fixed_ip: String,
}

/// A file Nova writes into the server before it boots (`personality`).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct InjectedFile {
    pub path: String,
    /// As typed; Base64-encoded when sent.
    pub contents: String,
}

/// 2.37: `networks` must be given, and may be `auto` or `none`.
pub const NETWORKS_REQUIRED: Microversion = Microversion::new(2, 37);

/// The last microversion that injects files: 2.57 removed `personality`.
pub const LAST_WITH_PERSONALITY: Microversion = Microversion::new(2, 56);

/// 2.19: a server's description.
pub const DESCRIPTION_SINCE: Microversion = Microversion::new(2, 19);

/// 2.52: tags given at create.
pub const TAGS_SINCE: Microversion = Microversion::new(2, 52);

/// The fields `draft` uses that older microversions do not take: (field, what it is, the
/// first version that takes it).
pub fn versioned_fields(draft: &CreateServer) -> Vec<(Field, &'static str, Microversion)> {
    let mut fields = Vec::new();
    if !draft.description.is_empty() {
        fields.push((Field::Description, "A description", DESCRIPTION_SINCE));
    }
    if matches!(draft.networks, Networks::Auto | Networks::NoNetwork) {
        fields.push((Field::Networks, "Choosing 'auto' or no network", NETWORKS_REQUIRED));
    }
    if !draft.tags.is_empty() {
        fields.push((Field::Tags, "Tags", TAGS_SINCE));
    }
    fields
}

/// Why the text field `field` cannot be filled in for a create sent at `mv` (from
/// [`microversion_for`]), or `None` when it can.
pub fn unavailable(field: Field, mv: Microversion) -> Option<String> {
    let since = match field {
        Field::Description => DESCRIPTION_SINCE,
        Field::Tags => TAGS_SINCE,
        _ => return None,
    };
    (mv < since).then(|| format!("Needs compute API {since} or newer; this request is sent at {mv}."))
}

/// The microversion to send `draft` at: the cloud's (`server_max`, as negotiated), except that
/// injected files need one that still has them.
pub fn microversion_for(draft: &CreateServer, server_max: Microversion) -> Microversion {
    if draft.personality.is_empty() {
        server_max
    } else {
        server_max.min(LAST_WITH_PERSONALITY)
    }
}

/// The oldest microversion that takes everything `draft` uses (2.56 when it injects files,
/// the only one that takes all of them).
pub fn lowest_microversion(draft: &CreateServer) -> Microversion {
    if !draft.personality.is_empty() {
        return LAST_WITH_PERSONALITY;
    }
    versioned_fields(draft).into_iter().map(|(_, _, since)| since).max().unwrap_or(BASE)
}

/// A field of the draft, to put an error next to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Image,
    Flavor,
    Networks,
    Count,
    Metadata,
    UserData,
    Personality,
    Description,
    Tags,
    AccessIpv4,
    AccessIpv6,
}

/// What is wrong with one field (and which entry of a list field, when it is one entry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub item: Option<usize>,
    pub message: String,
}

/// Nova's limit on `user_data`, which counts the Base64 text.
pub const MAX_USER_DATA_BASE64: usize = 65535;

/// The length of `text` once Base64-encoded.
pub fn base64_len(text: &str) -> usize {
    text.len().div_ceil(3) * 4
}

/// `POST /servers` with `draft` as Nova documents the body, at microversion `mv` (from
/// [`microversion_for`]).
pub fn create_request(svc: &Service, draft: &CreateServer, mv: Microversion) -> Request {
    let svc = Service { microversion: Some(mv), ..svc.clone() };
    svc.post(&urls::servers(), body(draft))
}

fn body(draft: &CreateServer) -> Value {
    let mut server = Map::new();
    let mut put = |key: &str, value: Value| {
        server.insert(key.to_string(), value);
    };
    put("name", json!(draft.name));
    put("imageRef", json!(draft.image_ref));
    put("flavorRef", json!(draft.flavor_ref));
    match &draft.networks {
        Networks::Listed(list) if list.is_empty() => {}
        Networks::Listed(list) => put("networks", Value::Array(list.iter().map(network_json).collect())),
        Networks::Auto => put("networks", json!("auto")),
        Networks::NoNetwork => put("networks", json!("none")),
    }
    let texts = [
        ("key_name", &draft.key_name),
        ("adminPass", &draft.admin_pass),
        ("availability_zone", &draft.availability_zone),
        ("description", &draft.description),
        ("accessIPv4", &draft.access_ipv4),
        ("accessIPv6", &draft.access_ipv6),
    ];
    for (key, text) in texts.into_iter().filter(|(_, text)| !text.is_empty()) {
        put(key, json!(text));
    }
    if draft.config_drive {
        put("config_drive", json!(true));
    }
    if draft.max_count > 1 {
        put("min_count", json!(draft.min_count));
        put("max_count", json!(draft.max_count));
    }
    if draft.return_reservation_id {
        put("return_reservation_id", json!(true));
    }
    if !draft.security_groups.is_empty() {
        put("security_groups", draft.security_groups.iter().map(|name| json!({ "name": name })).collect());
    }
    if !draft.metadata.is_empty() {
        put("metadata", metadata::to_json(draft.metadata.iter().map(|(k, v)| (k, v))));
    }
    if !draft.user_data.is_empty() {
        put("user_data", json!(BASE64.encode(&draft.user_data)));
    }
    if !draft.personality.is_empty() {
        let files = draft.personality.iter().map(|f| json!({ "path": f.path, "contents": BASE64.encode(&f.contents) }));
        put("personality", files.collect());
    }
    if !draft.tags.is_empty() {
        put("tags", json!(draft.tags));
    }
    let mut body = json!({ "server": server });
    if !draft.server_group.is_empty() {
        body["os:scheduler_hints"] = json!({ "group": draft.server_group });
    }
    body
}

fn network_json(request: &NetworkRequest) -> Value {
    let mut network = json!({ "uuid": request.uuid });
    if !request.fixed_ip.is_empty() {
        network["fixed_ip"] = json!(request.fixed_ip.trim());
    }
    network
}

/// A draft for another server like `server`: its image, flavor, key, networks with their fixed
/// IPs, security groups, metadata, zone and group; the name is left for the new one. Nova
/// names the flavor (2.47+), the networks and the security groups but not their ids, so they
/// are looked up in `flavors`, `networks` and `groups`; a network not found there is left
/// out, a group not found keeps its name (Nova takes names too).
pub fn draft_like(server: &Server, flavors: &[Flavor], networks: &[Network], groups: &[SecurityGroup]) -> CreateServer {
    let flavor_ref = server
        .flavor
        .id
        .clone()
        .or_else(|| {
            let name = server.flavor.name.as_deref()?;
            flavors.iter().find(|f| f.name == name).map(|f| f.id.clone())
        })
        .unwrap_or_default();
    let listed = server
        .addresses
        .iter()
        .filter_map(|(name, addresses)| {
            let network = networks.iter().find(|n| &n.name == name)?;
            let fixed = addresses.iter().find(|a| a.kind.as_deref() != Some("floating"));
            Some(NetworkRequest { uuid: network.id.clone(), fixed_ip: fixed.map(|a| a.addr.clone()).unwrap_or_default() })
        })
        .collect();
    let mut security_groups: Vec<String> = Vec::new();
    for named in &server.security_groups {
        let id = groups.iter().find(|g| g.name == named.name).map_or(&named.name, |g| &g.id);
        if !security_groups.contains(id) {
            security_groups.push(id.clone());
        }
    }
    CreateServer {
        image_ref: server.image_id().unwrap_or_default(),
        flavor_ref,
        networks: Networks::Listed(listed),
        key_name: server.key_name.clone().unwrap_or_default(),
        availability_zone: server.availability_zone.clone().unwrap_or_default(),
        security_groups,
        metadata: server.metadata.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        server_group: server.server_groups.first().cloned().unwrap_or_default(),
        ..CreateServer::default()
    }
}

/// The servers of the batch `reservation_id` (Nova lists them by it for their owner too).
pub fn batch(svc: &Service, reservation_id: &str) -> Request {
    svc.get(&urls::detail(&[("reservation_id", reservation_id.to_string())]))
}

/// What Nova answers a create with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Created {
    /// The (first) server. `admin_pass` is shown once: Nova keeps no readable copy.
    Server { id: String, admin_pass: Option<String> },
    /// Asked for with `return_reservation_id`: the batch, to look the servers up by.
    Reservation { reservation_id: String },
}

pub fn parse_create_response(resp: &Response) -> Result<Created, ApiError> {
    #[derive(Deserialize)]
    struct Answer {
        server: Option<NewServer>,
        reservation_id: Option<String>,
    }
    #[derive(Deserialize)]
    struct NewServer {
        id: String,
        #[serde(rename = "adminPass")]
        admin_pass: Option<String>,
    }
    match resp.json::<Answer>()? {
        Answer { reservation_id: Some(reservation_id), .. } => Ok(Created::Reservation { reservation_id }),
        Answer { server: Some(s), .. } => Ok(Created::Server { id: s.id, admin_pass: s.admin_pass }),
        _ => Err(ApiError::Decode("the create answer has neither a server nor a reservation id".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{nova, resp};

    // Nova doc/api_samples/servers/...
    const REQ_V2_52: &str = include_str!("../../../tests/fixtures/nova/server-create-req-v2.52.json");
    const REQ_V2_1: &str = include_str!("../../../tests/fixtures/nova/server-create-req-v2.1.json");
    const RESP_V2_100: &str = include_str!("../../../tests/fixtures/nova/server-create-resp-v2.100.json");
    // Nova doc/api_samples/os-multiple-create/multiple-create-post-resp.json
    const RESERVATION: &str = include_str!("../../../tests/fixtures/nova/multiple-create-post-resp.json");

    const LATEST: Microversion = Microversion::new(2, 100);



    /// The text behind a sample's Base64 (whose lines Nova's samples break with spaces).
    fn decoded(sample: &Value) -> String {
        let canonical: String = sample.as_str().unwrap().split_whitespace().collect();
        String::from_utf8(BASE64.decode(canonical).unwrap()).unwrap()
    }

    /// The draft that sends the 2.52 sample (less what the wizard does not offer).
    fn sample_draft() -> CreateServer {
        let sample: Value = serde_json::from_str(REQ_V2_52).unwrap();
        let server = &sample["server"];
        CreateServer {
            name: "new-server-test".into(),
            image_ref: "70a599e0-31e7-49b7-b260-868f441e862b".into(),
            flavor_ref: "http://openstack.example.com/flavors/1".into(),
            networks: Networks::Auto,
            availability_zone: "us-west".into(),
            security_groups: vec!["default".into()],
            metadata: vec![("My Server Name".into(), "Apache1".into())],
            user_data: decoded(&server["user_data"]),
            personality: vec![InjectedFile {
                path: "/etc/banner.txt".into(),
                contents: decoded(&server["personality"][0]["contents"]),
            }],
            tags: vec!["tag1".into(), "tag2".into()],
            access_ipv4: "1.2.3.4".into(),
            access_ipv6: "80fe::".into(),
            ..CreateServer::default()
        }
    }

    #[test]
    fn a_draft_like_a_server() {
        use crate::api::test_support::ok;
        let server = crate::api::servers::parse_one(&ok(include_str!("../../../tests/fixtures/nova/server-get-resp-v2.100.json"))).unwrap();
        let server = Server { server_groups: vec!["grp".into()], key_name: Some("laptop".into()), ..server };
        let flavors = crate::api::flavors::parse_list(&ok(include_str!("../../../tests/fixtures/nova/flavors-detail-resp-v2.75.json"))).unwrap();
        let mut networks = crate::api::networks::parse_list(&ok(include_str!("../../../tests/fixtures/neutron/networks-list-response.json"))).unwrap();
        networks[1].name = "private".into();
        let groups = crate::api::security_groups::parse_list(&ok(include_str!("../../../tests/fixtures/neutron/security-groups-list-response.json"))).unwrap();
        let draft = draft_like(&server, &flavors, &networks, &groups);
        assert_eq!(
            draft,
            CreateServer {
                image_ref: "70a599e0-31e7-49b7-b260-868f441e862b".into(),
                flavor_ref: "1".into(),
                networks: Networks::Listed(vec![NetworkRequest {
                    uuid: "db193ab3-96e3-4cb3-8fc5-05f4296d0324".into(),
                    fixed_ip: "192.168.1.30".into()
                }]),
                key_name: "laptop".into(),
                availability_zone: "us-west".into(),
                security_groups: vec!["85cc3048-abc3-43cc-89b3-377341426ac5".into()],
                metadata: vec![("My Server Name".into(), "Apache1".into())],
                server_group: "grp".into(),
                ..CreateServer::default()
            }
        );
        // Nothing to look the names up in: unknown networks are left out, groups keep their names.
        let bare = draft_like(&server, &[], &[], &[]);
        assert_eq!((bare.flavor_ref.as_str(), bare.networks, bare.security_groups), ("", Networks::Listed(vec![]), vec!["default".to_string()]));
    }

    #[test]
    fn body_matches_novas_sample() {
        let mut expected: Value = serde_json::from_str(REQ_V2_52).unwrap();
        // The wizard offers neither disk config nor same_host; it sends a group hint instead.
        let server = expected["server"].as_object_mut().unwrap();
        server.remove("OS-DCF:diskConfig");
        let contents: String = server["personality"][0]["contents"].as_str().unwrap().split_whitespace().collect();
        server["personality"][0]["contents"] = contents.into();
        expected.as_object_mut().unwrap().remove("OS-SCH-HNT:scheduler_hints");
        expected["os:scheduler_hints"] = json!({"group": "616fb98f-46ca-475e-917e-2563e5a8cd19"});

        let draft = CreateServer { server_group: "616fb98f-46ca-475e-917e-2563e5a8cd19".into(), ..sample_draft() };
        let req = create_request(&nova(Some(LATEST)), &draft, microversion_for(&draft, LATEST));
        assert_eq!(req.url, "http://127.0.0.1:8774/v2.1/servers");
        assert_eq!(req.body, Some(expected));
        assert_eq!(req.header_value("OpenStack-API-Version"), Some("compute 2.56"));
        assert_eq!(req.header_value("X-Auth-Token"), Some("tok"));
    }

    #[test]
    fn listed_networks_counts_and_flags() {
        let draft = CreateServer {
            name: "web".into(),
            image_ref: "img".into(),
            flavor_ref: "1".into(),
            networks: Networks::Listed(vec![
                NetworkRequest { uuid: "net-a".into(), fixed_ip: " 10.0.0.5 ".into() },
                NetworkRequest { uuid: "net-b".into(), fixed_ip: String::new() },
            ]),
            key_name: "laptop".into(),
            admin_pass: "s3cret".into(),
            config_drive: true,
            min_count: 2,
            max_count: 3,
            return_reservation_id: true,
            description: "web tier".into(),
            ..CreateServer::default()
        };
        let body = create_request(&nova(Some(LATEST)), &draft, LATEST).body.unwrap();
        assert_eq!(
            body,
            json!({"server": {
                "name": "web", "imageRef": "img", "flavorRef": "1",
                "networks": [{"uuid": "net-a", "fixed_ip": "10.0.0.5"}, {"uuid": "net-b"}],
                "key_name": "laptop", "adminPass": "s3cret", "description": "web tier",
                "config_drive": true, "min_count": 2, "max_count": 3, "return_reservation_id": true
            }})
        );
        let none = CreateServer { networks: Networks::NoNetwork, ..CreateServer::default() };
        assert_eq!(create_request(&nova(Some(LATEST)), &none, LATEST).body.unwrap()["server"]["networks"], "none");
        // Before 2.37 an empty list leaves the networks out, as the 2.1 sample does.
        let sample_v2_1: Value = serde_json::from_str(REQ_V2_1).unwrap();
        assert!(sample_v2_1["server"].get("networks").is_none());
        let unset = create_request(&nova(Some(LATEST)), &CreateServer::default(), Microversion::new(2, 36)).body.unwrap();
        assert!(unset["server"].get("networks").is_none());
        assert!(unset["server"].get("min_count").is_none());
    }

    #[test]
    fn personality_pins_the_microversion_and_others_need_newer_ones() {
        let plain = CreateServer::default();
        assert_eq!(microversion_for(&plain, LATEST), LATEST);
        assert_eq!(lowest_microversion(&plain), BASE);
        let injected = CreateServer { personality: vec![InjectedFile::default()], ..plain.clone() };
        assert_eq!(microversion_for(&injected, LATEST), LAST_WITH_PERSONALITY);
        assert_eq!(microversion_for(&injected, Microversion::new(2, 40)), Microversion::new(2, 40));
        assert_eq!(lowest_microversion(&injected), LAST_WITH_PERSONALITY);
        let tagged = CreateServer { tags: vec!["a".into()], description: "d".into(), ..plain };
        assert_eq!(lowest_microversion(&tagged), Microversion::new(2, 52));
        assert_eq!(
            versioned_fields(&tagged).iter().map(|f| f.0).collect::<Vec<_>>(),
            [Field::Description, Field::Tags]
        );
    }

    #[test]
    fn fields_too_new_for_the_request_are_unavailable() {
        let files = CreateServer { personality: vec![InjectedFile::default()], ..CreateServer::default() };
        // Injected files hold the request at 2.56, which still takes tags and descriptions.
        let pinned = microversion_for(&files, LATEST);
        assert_eq!((unavailable(Field::Tags, pinned), unavailable(Field::Description, pinned)), (None, None));
        let old = Microversion::new(2, 40);
        assert_eq!(unavailable(Field::Tags, old).as_deref(), Some("Needs compute API 2.52 or newer; this request is sent at 2.40."));
        assert_eq!(unavailable(Field::Description, old), None);
        assert_eq!(unavailable(Field::Name, BASE), None);
    }

    #[test]
    fn answers_with_the_server_or_the_reservation() {
        assert_eq!(
            parse_create_response(&resp(202, RESP_V2_100)),
            Ok(Created::Server {
                id: "f5dc173b-6804-445a-a6d8-c705dad5b5eb".into(),
                admin_pass: Some("6NpUwoz2QDRN".into())
            })
        );
        // Clouds that set no password (enable_instance_password = False) send none.
        let mut body: Value = serde_json::from_str(RESP_V2_100).unwrap();
        body["server"].as_object_mut().unwrap().remove("adminPass");
        assert_eq!(
            parse_create_response(&resp(202, &body.to_string())),
            Ok(Created::Server { id: "f5dc173b-6804-445a-a6d8-c705dad5b5eb".into(), admin_pass: None })
        );
        assert_eq!(
            parse_create_response(&resp(202, RESERVATION)),
            Ok(Created::Reservation { reservation_id: "r-3fhpjulh".into() })
        );
        assert_eq!(batch(&nova(Some(LATEST)), "r-3fhpjulh").url, "http://127.0.0.1:8774/v2.1/servers/detail?reservation_id=r-3fhpjulh");
        let refused = resp(
            403,
            r#"{"forbidden": {"code": 403, "message": "Quota exceeded for cores: Requested 8, but already used 16 of 20 cores"}}"#,
        );
        assert!(
            matches!(parse_create_response(&refused), Err(ApiError::Forbidden(m)) if m.starts_with("Quota exceeded"))
        );
    }

    #[test]
    fn a_draft_survives_session_storage() {
        let draft = sample_draft();
        let stored = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<CreateServer>(&stored).unwrap(), draft);
        // An older draft without the newer fields still loads.
        let partial: CreateServer = serde_json::from_str(r#"{"name": "web"}"#).unwrap();
        assert_eq!((partial.name.as_str(), partial.min_count, partial.max_count), ("web", 1, 1));
    }

    #[test]
    fn base64_length() {
        assert_eq!([base64_len(""), base64_len("a"), base64_len("abc"), base64_len("abcd")], [0, 4, 4, 8]);
        assert_eq!(base64_len(&"x".repeat(49149)), 65532);
    }
}
