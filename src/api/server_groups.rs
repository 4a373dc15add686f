//! Server groups, `/os-server-groups`: placement rules a new server can join (sent as the
//! scheduler hint `group`).

use serde::Deserialize;

use super::{null_as_default, ApiError, Request, Response, Service};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerGroup {
    pub id: String,
    pub name: String,
    /// `affinity`, `anti-affinity`, `soft-affinity` or `soft-anti-affinity`.
    pub policy: String,
    /// The ids of the servers in the group.
    pub members: Vec<String>,
    /// 2.64+: with `anti-affinity`, how many members may share a host.
    pub max_server_per_host: Option<u32>,
}

impl ServerGroup {
    /// What the policy does to a new member, in plain words.
    pub fn policy_words(&self) -> String {
        match self.policy.as_str() {
            "affinity" => "Members must run on the same host.".into(),
            "anti-affinity" => match self.max_server_per_host {
                Some(n) if n > 1 => format!("At most {n} members may run on the same host."),
                _ => "Members must run on different hosts.".into(),
            },
            "soft-affinity" => "Members run on the same host when possible.".into(),
            "soft-anti-affinity" => "Members run on different hosts when possible.".into(),
            other => format!("Policy '{other}'."),
        }
    }
}

/// The group as Nova sends it: `policies` (a list of one) before 2.64, `policy` and `rules`
/// from 2.64 on.
#[derive(Deserialize)]
struct Wire {
    id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    name: String,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    policies: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    members: Vec<String>,
    #[serde(default)]
    rules: Option<Rules>,
}

#[derive(Deserialize)]
struct Rules {
    #[serde(default)]
    max_server_per_host: Option<u32>,
}

impl From<Wire> for ServerGroup {
    fn from(w: Wire) -> Self {
        ServerGroup {
            id: w.id,
            name: w.name,
            policy: w.policy.or_else(|| w.policies.into_iter().next()).unwrap_or_default(),
            members: w.members,
            max_server_per_host: w.rules.and_then(|r| r.max_server_per_host),
        }
    }
}

#[derive(Deserialize)]
struct GroupList {
    server_groups: Vec<Wire>,
}

/// The project's server groups.
pub fn list(svc: &Service) -> Request {
    svc.get("/os-server-groups")
}

pub fn parse_list(resp: &Response) -> Result<Vec<ServerGroup>, ApiError> {
    Ok(resp.json::<GroupList>()?.server_groups.into_iter().map(ServerGroup::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{nova, ok};

    // Nova doc/api_samples/os-server-groups/v2.13 and v2.64/server-groups-list-resp.json
    const V2_13: &str = include_str!("../../tests/fixtures/nova/server-groups-list-resp-v2.13.json");
    const V2_64: &str = include_str!("../../tests/fixtures/nova/server-groups-list-resp-v2.64.json");


    #[test]
    fn request_targets_server_groups() {
        let svc = nova(None);
        assert_eq!(list(&svc).url, "http://127.0.0.1:8774/v2.1/os-server-groups");
    }

    #[test]
    fn policies_list_before_2_64() {
        let groups = parse_list(&ok(V2_13)).unwrap();
        assert_eq!(
            groups,
            [ServerGroup {
                id: "616fb98f-46ca-475e-917e-2563e5a8cd19".into(),
                name: "test".into(),
                policy: "anti-affinity".into(),
                members: vec![],
                max_server_per_host: None,
            }]
        );
        assert_eq!(groups[0].policy_words(), "Members must run on different hosts.");
    }

    #[test]
    fn policy_and_rules_from_2_64() {
        let groups = parse_list(&ok(V2_64)).unwrap();
        assert_eq!((groups[0].policy.as_str(), groups[0].max_server_per_host), ("anti-affinity", Some(3)));
        assert_eq!(groups[0].policy_words(), "At most 3 members may run on the same host.");
        let soft = ServerGroup { policy: "soft-affinity".into(), ..groups[0].clone() };
        assert_eq!(soft.policy_words(), "Members run on the same host when possible.");
    }
}
