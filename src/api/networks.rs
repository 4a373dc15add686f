//! Neutron networks, `/v2.0/networks` on the `network` endpoint: what a new server can be
//! attached to. Like Glance, the catalog gives Neutron's root, so paths carry `/v2.0`.

use serde::Deserialize;

use super::{null_as_default, ApiError, Request, Response, Service};

#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Network {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Usable by every project.
    #[serde(default)]
    pub shared: bool,
    /// A provider network reached through routers and floating IPs.
    #[serde(rename = "router:external", default)]
    pub external: bool,
    /// `ACTIVE`, `BUILD`, `DOWN` or `ERROR`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: String,
    /// The ids of its subnets.
    #[serde(default, deserialize_with = "null_as_default")]
    pub subnets: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub project_id: String,
}

impl Network {
    /// The name, or the id when the network has none.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }

    /// Can a server of `project_id` get a port on it? Neutron lists external networks to
    /// everyone, but only their owner (or an admin) may plug into one that is not shared.
    pub fn attachable_by(&self, project_id: &str) -> bool {
        self.shared || self.project_id == project_id
    }
}

#[derive(Deserialize)]
struct NetworkList {
    networks: Vec<Network>,
}

/// Every network the token may see: the project's own, the shared ones and the external ones.
pub fn list(svc: &Service) -> Request {
    svc.get("/v2.0/networks")
}

pub fn parse_list(resp: &Response) -> Result<Vec<Network>, ApiError> {
    Ok(resp.json::<NetworkList>()?.networks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{ok};

    // neutron-lib api-ref/source/v2/samples/networks/networks-list-response.json
    const LIST: &str = include_str!("../../tests/fixtures/neutron/networks-list-response.json");

    #[test]
    fn lists_under_v2_0() {
        let svc =
            Service { endpoint: "http://127.0.0.1:9696/networking/".into(), token: "t".into(), microversion: None };
        let req = list(&svc);
        assert_eq!(req.url, "http://127.0.0.1:9696/networking/v2.0/networks");
        assert_eq!(req.header_value("OpenStack-API-Version"), None);
    }

    #[test]
    fn parses_the_documented_list() {
        let networks = parse_list(&ok(LIST)).unwrap();
        assert_eq!(networks.len(), 2);
        assert_eq!(
            networks[0],
            Network {
                id: "d32019d3-bc6e-4319-9c1d-6722fc136a22".into(),
                name: "net1".into(),
                shared: false,
                external: false,
                status: "ACTIVE".into(),
                subnets: vec!["54d6f61d-db07-451c-9ab3-b9609b6b6f0b".into()],
                project_id: "4fd44f30292945e481c7b8a0c8908869".into(),
            }
        );
        assert!(networks[0].attachable_by("4fd44f30292945e481c7b8a0c8908869"));
        assert!(!networks[1].attachable_by("4fd44f30292945e481c7b8a0c8908869"));
    }

    #[test]
    fn shared_and_external_networks() {
        let mut body: serde_json::Value = serde_json::from_str(LIST).unwrap();
        body["networks"][1]["shared"] = true.into();
        body["networks"][1]["name"] = "".into();
        body["networks"][0]["router:external"] = true.into();
        let networks = parse_list(&ok(&body.to_string())).unwrap();
        assert!(networks[0].external);
        assert!(networks[1].attachable_by("another-project"));
        assert_eq!(networks[1].display_name(), "db193ab3-96e3-4cb3-8fc5-05f4296d0324");
    }
}
