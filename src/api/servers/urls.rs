//! Every compute URL under `/servers`, in one place (paths relative to the Nova endpoint).

use crate::api::{encode_component, query_string};

/// `/servers`: where servers are created.
pub fn servers() -> String {
    "/servers".into()
}

/// `/servers/detail?…`: the list with every field, filtered by `params`.
pub fn detail(params: &[(&str, String)]) -> String {
    format!("/servers/detail{}", query_string(params))
}

/// `/servers/{id}`: one server (show, update, delete).
pub fn server(id: &str) -> String {
    format!("/servers/{}", encode_component(id))
}

/// `/servers/{id}/action`: everything done to a server that is not an edit.
pub fn action(id: &str) -> String {
    format!("{}/action", server(id))
}

/// `/servers/{id}/remote-consoles` (2.6+).
pub fn remote_consoles(id: &str) -> String {
    format!("{}/remote-consoles", server(id))
}

/// `/servers/{id}/os-instance-actions`: the server's history.
pub fn instance_actions(id: &str) -> String {
    format!("{}/os-instance-actions", server(id))
}

/// `/servers/{id}/metadata`: the server's whole metadata (show, merge, replace).
pub fn metadata(id: &str) -> String {
    format!("{}/metadata", server(id))
}

/// `/servers/{id}/metadata/{key}`: one metadata item.
pub fn metadata_item(id: &str, key: &str) -> String {
    format!("{}/{}", metadata(id), encode_component(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded_once_everywhere() {
        assert_eq!(server("a b"), "/servers/a%20b");
        assert_eq!(action("a/b"), "/servers/a%2Fb/action");
        assert_eq!(remote_consoles("x"), "/servers/x/remote-consoles");
        assert_eq!(instance_actions("x"), "/servers/x/os-instance-actions");
        assert_eq!(metadata("x"), "/servers/x/metadata");
        assert_eq!(metadata_item("x", "my key:1"), "/servers/x/metadata/my%20key%3A1");
        assert_eq!(detail(&[("limit", "5".into()), ("name", String::new())]), "/servers/detail?limit=5");
    }
}
