//! No parser panics, whatever arrives: a cloud's odd JSON, a proxy's page, a garbled body,
//! or anything a person types. Every public `parse*` of `api` gets generated responses (any
//! status, headers, and a body of random bytes, random JSON built from the keys the parsers
//! look for, or a real fixture with values swapped out) and generated text; a case passes
//! when the parser returns, `Ok` or `Err`.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value};

use super::servers::{self, actions, console, create, instance_actions, states::VmState};
use super::versions::{self, Microversion};
use super::{
    availability_zones, flavors, identity, image_patch, images, ip, keypairs, limits, metadata, networks, quota,
    security_groups, server_groups, subnets, time, ApiError, Response,
};

const STATUSES: [u16; 16] = [200, 201, 202, 204, 300, 400, 401, 403, 404, 409, 413, 429, 500, 502, 503, 504];

const HEADER_NAMES: &[&str] = &[
    "Retry-After",
    "Location",
    "OpenStack-API-Version",
    "X-OpenStack-Nova-API-Version",
    "X-Subject-Token",
    "Content-Type",
    "Date",
];

/// The keys the parsers read (their serde field names and the ones looked up by hand), so
/// generated bodies reach past the top level.
#[rustfmt::skip]
const KEYS: &[&str] = &[
    "server", "servers", "servers_links", "image", "images", "keypair", "keypairs", "keypairs_links", "flavor",
    "flavors", "networks", "subnets", "security_groups", "server_groups", "availabilityZoneInfo", "instanceActions",
    "limits", "absolute", "metadata", "meta", "output", "console", "remote_console", "token", "version", "versions",
    "quota_set", "reservation_id", "image_id", "adminPass", "properties", "badRequest", "itemNotFound", "overLimit",
    "forbidden", "conflictingRequest", "computeFault", "error", "NeutronError", "message", "code", "title", "details",
    "retryAfter", "id", "name", "status", "links", "href", "rel", "next", "addresses", "addr", "fault", "created",
    "updated", "created_at", "updated_at", "description", "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state",
    "OS-EXT-STS:power_state", "OS-EXT-AZ:availability_zone", "OS-EXT-IPS:type", "OS-EXT-IPS-MAC:mac_addr",
    "OS-SRV-USG:launched_at", "OS-SRV-USG:terminated_at", "OS-FLV-EXT-DATA:ephemeral", "os-flavor-access:is_public",
    "router:external", "key_name", "locked", "locked_reason", "progress", "hostId", "accessIPv4", "accessIPv6",
    "tags", "user_id", "tenant_id", "project_id", "config_drive", "host_status", "original_name", "vcpus", "ram",
    "disk", "ephemeral", "swap", "extra_specs", "visibility", "size", "virtual_size", "disk_format",
    "container_format", "min_disk", "min_ram", "protected", "owner", "os_hidden", "checksum", "public_key",
    "private_key", "fingerprint", "type", "user", "project", "domain", "roles", "catalog", "endpoints", "interface",
    "region", "region_id", "url", "expires_at", "issued_at", "min_version", "policy", "policies", "members", "rules",
    "max_server_per_host", "zoneName", "zoneState", "available", "hosts", "action", "request_id", "start_time",
    "instance_uuid", "network_id", "cidr", "ip_version", "gateway_ip", "allocation_pools", "start", "end", "shared",
    "protocol", "maxTotalInstances", "totalInstancesUsed", "maxTotalCores", "totalCoresUsed", "maxTotalRAMSize",
    "totalRAMUsed", "maxServerMeta", "maxPersonality", "maxPersonalitySize", "maxTotalKeypairs", "maxServerGroups",
    "maxServerGroupMembers",
];

/// Text that looks like what the parsers read further: times, addresses, versions, links.
const SHAPED: &[&str] = &[
    "",
    " ",
    "null",
    "True",
    "False",
    "true",
    "next",
    "v2.1",
    "2.1",
    "2.100",
    "2.",
    ".",
    "65536.1",
    "compute 2.96",
    "1970-01-01T00:00:00Z",
    "2026-11-23T21:36:00.000000",
    "2026-11-23T22:36:00+01:00",
    "9999999999999999999-12-31T23:59:59Z",
    "2026-01-01T99999999999999999:00:00Z",
    "2026-01-01T00:00:00+99999999999999999:00",
    "2026-01-01T00:00:00-",
    "2026-01-01T2562047788015216:00:00Z",
    "2026-01-01T00:00:00+2562047788015216:00",
    "9223372036854775807-01-01T00:00:00Z",
    "Thu, 03 Dec 2026 08:27:19 GMT",
    "10.0.0.1",
    "fd00::1",
    "10.0.0.0/24",
    "http://h/v2.1/servers/detail?limit=1&marker=abc",
    "http://h/v2/images?marker=%",
    "http://h/v2/images?marker=%e2%82&limit=%zz",
    "/v2/images?marker=x#frag",
    "http://h/v2.1/images/",
    "<html><body><h1>502 Bad Gateway</h1></body></html>",
    "<body>",
    "</body><body>",
    "-1",
    "18446744073709551616",
];

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        2 => select(SHAPED).prop_map(String::from),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => proptest::collection::vec(any::<char>(), 0..2048).prop_map(String::from_iter),
        1 => time_like(),
    ]
    .boxed()
}

/// A number as text: often small, sometimes at the edges of the integer types.
fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (0i64..100).prop_map(|n| n.to_string()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => select(&["", "-", "+0", "0x10", "99999999999999999999", "1.5", "-0"][..]).prop_map(String::from),
    ]
    .boxed()
}

/// A number as text that a field rarely expects: past a byte, a port, a word, a 32-bit
/// integer, or anywhere in i64.
fn out_of_range() -> BoxedStrategy<String> {
    prop_oneof![
        2 => any::<i64>().prop_map(|n| n.to_string()),
        1 => select(&["-1", "256", "65536", "4294967296", "99999999999999999999", ""][..]).prop_map(String::from),
        1 => number_text(),
    ]
    .boxed()
}

/// RFC 3339 and HTTP dates with parts anywhere from right to absurd.
fn time_like() -> BoxedStrategy<String> {
    let zone = prop_oneof![
        Just("Z".to_string()),
        Just(String::new()),
        (select(&["+", "-"][..]), number_text(), number_text()).prop_map(|(s, h, m)| format!("{s}{h}:{m}")),
        (select(&["+", "-"][..]), number_text()).prop_map(|(s, h)| format!("{s}{h}")),
    ];
    let month = prop_oneof![3 => (1i64..=12).prop_map(|m| m.to_string()), 1 => number_text()];
    let day = prop_oneof![3 => (1i64..=31).prop_map(|d| d.to_string()), 1 => number_text()];
    let rfc3339 = (
        number_text(),
        month.clone(),
        day.clone(),
        select(&["T", " "][..]),
        number_text(),
        number_text(),
        prop_oneof![number_text(), any::<f64>().prop_map(|f| f.to_string())],
        zone,
    )
        .prop_map(|(y, mo, d, sep, h, mi, s, z)| format!("{y}-{mo}-{d}{sep}{h}:{mi}:{s}{z}"));
    const MONTHS: [&str; 13] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo"];
    let http = (day, select(&MONTHS[..]), number_text(), number_text(), number_text(), number_text())
        .prop_map(|(d, mo, y, h, mi, s)| format!("Thu, {d} {mo} {y} {h}:{mi}:{s} GMT"));
    prop_oneof![rfc3339, http].boxed()
}

/// Addresses and CIDRs, well formed or nearly.
fn address_like() -> BoxedStrategy<String> {
    let v4 = proptest::collection::vec(number_text(), 0..6).prop_map(|parts| parts.join("."));
    let group = prop_oneof![Just(String::new()), "[0-9a-fA-F]{1,5}", "[0-9a-z]{1,3}"];
    let v6 = proptest::collection::vec(group, 0..10).prop_map(|groups| groups.join(":"));
    let address = prop_oneof![v4, v6];
    (address, proptest::option::of(number_text()))
        .prop_map(|(a, prefix)| match prefix {
            Some(p) => format!("{a}/{p}"),
            None => a,
        })
        .boxed()
}

fn key() -> BoxedStrategy<String> {
    prop_oneof![3 => select(KEYS).prop_map(String::from), 1 => any::<String>()].boxed()
}

/// A JSON number, string, bool or null; strings often shaped like the times, addresses and
/// links that parsers read further.
fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => (-2i64..300).prop_map(Value::from),
        1 => select(&[u8::MAX as i64 + 1, u16::MAX as i64 + 1, u32::MAX as i64 + 1, i64::MIN, i64::MAX][..])
            .prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(Value::from),
        3 => text().prop_map(Value::String),
        3 => time_like().prop_map(Value::String),
        2 => address_like().prop_map(Value::String),
    ]
    .boxed()
}

/// Any JSON value, nested up to a few levels, with the parsers' own keys among the random ones.
fn json() -> BoxedStrategy<Value> {
    leaf()
        .prop_recursive(5, 96, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((key(), inner), 0..8).prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

thread_local!(static FIXTURES: Vec<Value> = fixtures());

/// Every fixture under tests/fixtures, parsed.
fn fixtures() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found = Vec::new();
    for service in std::fs::read_dir(root).unwrap() {
        for file in std::fs::read_dir(service.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                found.push(serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap());
            }
        }
    }
    assert!(found.len() > 20, "the fixtures were not found");
    found
}

/// One change to a document, at some place in it.
#[derive(Clone, Debug)]
enum Change {
    /// At the value these choices lead to (at most down to a leaf).
    AtPath(Vec<usize>, Edit),
    /// Under every occurrence of one of the document's own keys.
    AtKey(usize, Edit),
}

#[derive(Clone, Debug)]
enum Edit {
    Put(Value),
    Remove,
    /// In a string, one run of digits (the choice picks which) becomes this text: the same
    /// time, address or link with one field out of range.
    Renumber(usize, String),
}

fn change() -> BoxedStrategy<Change> {
    let edit = || {
        prop_oneof![
            4 => prop_oneof![3 => leaf(), 1 => json()].prop_map(Edit::Put),
            1 => Just(Edit::Remove),
            3 => (any::<usize>(), out_of_range()).prop_map(|(run, text)| Edit::Renumber(run, text)),
        ]
    };
    prop_oneof![
        (proptest::collection::vec(any::<usize>(), 0..10), edit()).prop_map(|(path, edit)| Change::AtPath(path, edit)),
        (any::<usize>(), edit()).prop_map(|(key, edit)| Change::AtKey(key, edit)),
    ]
    .boxed()
}

fn apply(doc: &mut Value, change: &Change) {
    match change {
        Change::AtPath(path, edit) => edit_at_path(doc, path, edit),
        Change::AtKey(which, edit) => {
            let mut keys = BTreeSet::new();
            collect_keys(doc, &mut keys);
            if !keys.is_empty() {
                let key = keys.iter().nth(which % keys.len()).unwrap().clone();
                edit_at_key(doc, &key, edit);
            }
        }
    }
}

/// `Put` and `Renumber` at `here` (a `Remove` is done by the container).
fn edit_in_place(here: &mut Value, edit: &Edit) {
    match (edit, here) {
        (Edit::Put(value), here) => *here = value.clone(),
        (Edit::Renumber(run, text), Value::String(s)) => {
            let runs: Vec<(usize, usize)> = digit_runs(s);
            if !runs.is_empty() {
                let (start, end) = runs[run % runs.len()];
                s.replace_range(start..end, text);
            }
        }
        _ => {}
    }
}

/// Where each run of ASCII digits in `s` starts and ends.
fn digit_runs(s: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain([(s.len(), ' ')]) {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                runs.push((from, i));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

fn edit_at_path(here: &mut Value, path: &[usize], edit: &Edit) {
    let Some((&choice, rest)) = path.split_first() else {
        return edit_in_place(here, edit);
    };
    let remove = rest.is_empty() && matches!(edit, Edit::Remove);
    match here {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(choice % map.len()).unwrap().clone();
            if remove {
                map.remove(&key);
            } else {
                edit_at_path(map.get_mut(&key).unwrap(), rest, edit);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = choice % items.len();
            if remove {
                items.remove(i);
            } else {
                edit_at_path(&mut items[i], rest, edit);
            }
        }
        // A leaf or an empty container: the change lands here.
        _ => edit_in_place(here, edit),
    }
}

fn collect_keys(here: &Value, keys: &mut BTreeSet<String>) {
    match here {
        Value::Object(map) => {
            for (key, value) in map {
                keys.insert(key.clone());
                collect_keys(value, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_keys(item, keys)),
        _ => {}
    }
}

fn edit_at_key(here: &mut Value, key: &str, edit: &Edit) {
    match here {
        Value::Object(map) => {
            // Deeper first: a new value may hold the key itself, and stays as generated.
            map.values_mut().for_each(|value| edit_at_key(value, key, edit));
            if matches!(edit, Edit::Remove) {
                map.remove(key);
            } else if let Some(value) = map.get_mut(key) {
                edit_in_place(value, edit);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| edit_at_key(item, key, edit)),
        _ => {}
    }
}

/// `doc` with `changes` made to it, one after the other.
fn changed(doc: &Value, changes: &[Change]) -> Value {
    let mut doc = doc.clone();
    for change in changes {
        apply(&mut doc, change);
    }
    doc
}

fn mutated_fixture() -> BoxedStrategy<String> {
    (any::<prop::sample::Index>(), proptest::collection::vec(change(), 1..4))
        .prop_map(|(which, changes)| {
            FIXTURES.with(|all| changed(which.get(all), &changes)).to_string()
        })
        .boxed()
}

fn body() -> BoxedStrategy<String> {
    prop_oneof![
        1 => text(),
        2 => json().prop_map(|v| v.to_string()),
        3 => mutated_fixture(),
    ]
    .boxed()
}

fn header() -> BoxedStrategy<(String, String)> {
    let name = prop_oneof![4 => select(HEADER_NAMES).prop_map(String::from), 1 => any::<String>()];
    let value = prop_oneof![number_text(), text(), time_like()];
    (name, value).boxed()
}

/// Mostly a success, the only status on which most parsers read the body.
fn status() -> BoxedStrategy<u16> {
    prop_oneof![
        6 => select(&[200u16, 201, 202, 204][..]),
        3 => select(&STATUSES[..]),
        1 => any::<u16>(),
    ]
    .boxed()
}

fn headers() -> BoxedStrategy<Vec<(String, String)>> {
    proptest::collection::vec(header(), 0..4).boxed()
}

fn response() -> BoxedStrategy<Response> {
    (status(), headers(), body()).prop_map(|(status, headers, body)| Response { status, headers, body }).boxed()
}

/// Use an error the way the views do, so its wording is built too.
fn words<T>(result: Result<T, ApiError>) -> Option<T> {
    result.map_err(|e| e.plain_words()).ok()
}

/// Every parser that reads a response.
fn parse_response_everywhere(resp: &Response) {
    words(availability_zones::parse_list(resp));
    words(flavors::parse_list(resp));
    if let Some(token) = words(identity::parse_token(resp)) {
        token.expires_at_secs();
    }
    words(image_patch::parse(resp));
    words(images::parse_list(resp));
    words(images::parse_one(resp));
    words(images::parse_empty(resp));
    words(images::upload::parse_created(resp));
    words(keypairs::parse_list(resp));
    words(keypairs::parse_created(resp));
    words(keypairs::parse_deleted(resp));
    words(limits::parse(resp));
    words(networks::parse_list(resp));
    words(quota::Limits::parse(resp));
    words(security_groups::parse_list(resp));
    words(server_groups::parse_list(resp));
    words(subnets::parse_list(resp));
    if let Some(version) = words(versions::parse_discovery(resp)) {
        versions::negotiate(&version);
    }
    words(servers::parse_list(resp));
    words(servers::parse_one(resp));
    words(actions::parse_created_image(resp));
    words(console::parse_output(resp));
    words(console::parse_remote(resp));
    words(create::parse_create_response(resp));
    words(instance_actions::parse_list(resp));
    words(servers::metadata::parse(resp));
}

/// Every parser that reads text.
fn parse_text_everywhere(text: &str) {
    let _ = metadata::parse_paste(text);
    let _ = ip::parse_ipv4(text);
    let _ = ip::parse_ipv6(text);
    let _ = ip::parse_ip(text);
    if let Ok(cidr) = ip::Cidr::parse(text) {
        cidr.network_address();
        cidr.broadcast_address();
        cidr.contains(cidr.address);
    }
    VmState::parse(text);
    time::parse_rfc3339(text);
    time::parse_http_date(text);
    Microversion::parse(text);
}

/// `cases` per test (`PROPTEST_CASES` overrides); the inputs found are kept as plain unit
/// tests next to their parser, not in files here.
fn config(cases: u32) -> ProptestConfig {
    let defaults = ProptestConfig::default();
    let cases = if std::env::var_os("PROPTEST_CASES").is_some() { defaults.cases } else { cases };
    ProptestConfig { cases, failure_persistence: None, ..defaults }
}

proptest! {
    #![proptest_config(config(128))]

    /// The same changes to every fixture: each case tries them on every parser's own shape.
    #[test]
    fn changed_fixtures_never_panic(
        status in status(),
        headers in headers(),
        changes in proptest::collection::vec(change(), 1..4),
    ) {
        FIXTURES.with(|all| {
            for fixture in all {
                let body = changed(fixture, &changes).to_string();
                parse_response_everywhere(&Response { status, headers: headers.clone(), body });
            }
        });
    }
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn response_parsers_never_panic(resp in response()) {
        parse_response_everywhere(&resp);
    }

    #[test]
    fn text_parsers_never_panic(
        text in prop_oneof![text(), time_like(), address_like(), json().prop_map(|v| v.to_string())]
    ) {
        parse_text_everywhere(&text);
    }
}

#[test]
fn changes_reach_into_a_document() {
    let mut doc = serde_json::json!({"servers": [{"id": "a", "name": "b"}, {"id": "c"}]});
    apply(&mut doc, &Change::AtPath(vec![0, 0, 1], Edit::Put(Value::Null)));
    assert_eq!(doc, serde_json::json!({"servers": [{"id": "a", "name": null}, {"id": "c"}]}));
    apply(&mut doc, &Change::AtPath(vec![0, 0, 0], Edit::Remove));
    assert_eq!(doc, serde_json::json!({"servers": [{"name": null}, {"id": "c"}]}));
    // The keys in order are id, name, servers: choice 3 of 3 wraps round to "id".
    apply(&mut doc, &Change::AtKey(3, Edit::Put(Value::from(7))));
    assert_eq!(doc, serde_json::json!({"servers": [{"name": null}, {"id": 7}]}));
    let mut whole = Value::Object(Map::new());
    apply(&mut whole, &Change::AtPath(vec![], Edit::Put(Value::Bool(true))));
    assert_eq!(whole, Value::Bool(true));
}

#[test]
fn renumbering_changes_one_field() {
    let mut time = Value::from("2018-04-25T01:26:36Z");
    edit_in_place(&mut time, &Edit::Renumber(3, "99999".into()));
    assert_eq!(time, Value::from("2018-04-25T99999:26:36Z"));
    let mut plain = Value::from("no digits");
    edit_in_place(&mut plain, &Edit::Renumber(0, "1".into()));
    assert_eq!(plain, Value::from("no digits"));
}
