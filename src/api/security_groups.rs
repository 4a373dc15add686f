//! Neutron security groups, `/v2.0/security-groups`: the firewall rule sets a new server's
//! ports join. Only what a picker shows is asked for; the rules stay on the server.

use serde::Deserialize;

use super::{null_as_default, query_string, ApiError, Request, Response, Service};

#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
pub struct SecurityGroup {
    pub id: String,
    /// Not unique: every project has its own `default`, and shared groups add more.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub description: String,
}

#[derive(Deserialize)]
struct SecurityGroupList {
    security_groups: Vec<SecurityGroup>,
}

pub fn list(svc: &Service) -> Request {
    // `fields` leaves out each group's rules, most of the answer's size.
    let fields = ["id", "name", "description"].map(|f| ("fields", f.to_string()));
    svc.get(&format!("/v2.0/security-groups{}", query_string(&fields)))
}

pub fn parse_list(resp: &Response) -> Result<Vec<SecurityGroup>, ApiError> {
    Ok(resp.json::<SecurityGroupList>()?.security_groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{neutron, ok};

    // neutron-lib api-ref/source/v2/samples/security-groups/security-groups-list-response.json
    const LIST: &str = include_str!("../../tests/fixtures/neutron/security-groups-list-response.json");

    #[test]
    fn asks_only_for_the_shown_fields() {
        let svc = neutron();
        assert_eq!(
            list(&svc).url,
            "http://127.0.0.1:9696/v2.0/security-groups?fields=id&fields=name&fields=description"
        );
    }

    #[test]
    fn parses_the_documented_list() {
        let groups = parse_list(&ok(LIST)).unwrap();
        assert_eq!(
            groups,
            [SecurityGroup {
                id: "85cc3048-abc3-43cc-89b3-377341426ac5".into(),
                name: "default".into(),
                description: "default".into(),
            }]
        );
    }
}
