//! The `openstack server create` command line that does what a create draft does, for people
//! who want to script it. Written for bash: user data and injected files are passed through
//! process substitution (`<(printf ...)`), so no file has to be saved first.

use super::create::{lowest_microversion, CreateServer, Networks};
use crate::api::versions::BASE;

/// `draft` as an `openstack server create` command, one option a line, every word quoted for
/// the shell. What the CLI cannot express follows as `#` comment lines.
pub fn openstack_cli(draft: &CreateServer) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut option = |name: &str, value: String| words.push(format!("{name} {value}"));
    option("--image", quote(&draft.image_ref));
    option("--flavor", quote(&draft.flavor_ref));
    match &draft.networks {
        Networks::Listed(list) => {
            for request in list {
                let mut nic = format!("net-id={}", request.uuid);
                if !request.fixed_ip.is_empty() {
                    let family = if request.fixed_ip.contains(':') { "v6" } else { "v4" };
                    nic.push_str(&format!(",{family}-fixed-ip={}", request.fixed_ip.trim()));
                }
                option("--nic", quote(&nic));
            }
        }
        Networks::Auto => option("--nic", "auto".into()),
        Networks::NoNetwork => option("--nic", "none".into()),
    }
    let texts = [
        ("--key-name", &draft.key_name),
        ("--password", &draft.admin_pass),
        ("--availability-zone", &draft.availability_zone),
        ("--description", &draft.description),
    ];
    for (name, text) in texts.into_iter().filter(|(_, text)| !text.is_empty()) {
        option(name, quote(text));
    }
    for group in &draft.security_groups {
        option("--security-group", quote(group));
    }
    for (key, value) in &draft.metadata {
        option("--property", quote(&format!("{key}={value}")));
    }
    for tag in &draft.tags {
        option("--tag", quote(tag));
    }
    if !draft.server_group.is_empty() {
        option("--hint", quote(&format!("group={}", draft.server_group)));
    }
    if draft.config_drive {
        words.push("--use-config-drive".into());
    }
    if draft.max_count > 1 {
        words.push(format!("--min {} --max {}", draft.min_count, draft.max_count));
    }
    if !draft.user_data.is_empty() {
        words.push(format!("--user-data {}", contents_of(&draft.user_data)));
    }
    for file in &draft.personality {
        words.push(format!("--file {}={}", quote(&file.path), contents_of(&file.contents)));
    }
    words.push(quote(&draft.name));

    let mv = lowest_microversion(draft);
    let version = if mv > BASE { format!(" --os-compute-api-version {mv}") } else { String::new() };
    let mut command = format!("openstack{version} server create \\\n  {}", words.join(" \\\n  "));
    let inexpressible = [
        ("accessIPv4", !draft.access_ipv4.is_empty()),
        ("accessIPv6", !draft.access_ipv6.is_empty()),
        ("return_reservation_id", draft.return_reservation_id),
    ];
    let missing: Vec<&str> = inexpressible.iter().filter(|(_, used)| *used).map(|(name, _)| *name).collect();
    if !missing.is_empty() {
        command.push_str(&format!("\n# The openstack CLI has no option for: {}", missing.join(", ")));
    }
    command
}

/// A file's contents for an option that wants a file name.
fn contents_of(text: &str) -> String {
    format!("<(printf %s {})", quote(text))
}

/// `word` as one shell word: unchanged when it has nothing the shell would interpret,
/// otherwise in single quotes (a quote inside becomes `'\''`).
pub fn quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::servers::create::{InjectedFile, NetworkRequest};

    #[test]
    fn quoting() {
        assert_eq!(quote("web-1.example.com"), "web-1.example.com");
        assert_eq!(quote("net-id=a,v4-fixed-ip=10.0.0.5"), "net-id=a,v4-fixed-ip=10.0.0.5");
        assert_eq!(quote("my server"), "'my server'");
        assert_eq!(quote("it's $HOME"), r"'it'\''s $HOME'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("line\nbreak"), "'line\nbreak'");
    }

    #[test]
    fn a_simple_draft() {
        let draft = CreateServer {
            name: "web 1".into(),
            image_ref: "70a599e0-31e7-49b7-b260-868f441e862b".into(),
            flavor_ref: "1".into(),
            networks: Networks::Listed(vec![NetworkRequest { uuid: "d32019d3".into(), fixed_ip: String::new() }]),
            key_name: "laptop".into(),
            ..CreateServer::default()
        };
        assert_eq!(
            openstack_cli(&draft),
            "openstack server create \\\n  \
             --image 70a599e0-31e7-49b7-b260-868f441e862b \\\n  \
             --flavor 1 \\\n  \
             --nic net-id=d32019d3 \\\n  \
             --key-name laptop \\\n  \
             'web 1'"
        );
    }

    #[test]
    fn every_option() {
        let draft = CreateServer {
            name: "db".into(),
            image_ref: "img".into(),
            flavor_ref: "m1.small".into(),
            networks: Networks::Listed(vec![
                NetworkRequest { uuid: "net-a".into(), fixed_ip: "10.0.0.5".into() },
                NetworkRequest { uuid: "net-b".into(), fixed_ip: "fd00::5".into() },
            ]),
            admin_pass: "pa$$ 'word'".into(),
            config_drive: true,
            availability_zone: "az1".into(),
            min_count: 1,
            max_count: 2,
            return_reservation_id: true,
            security_groups: vec!["85cc3048".into()],
            metadata: vec![("My Server Name".into(), "Apache1".into())],
            user_data: "#!/bin/sh\necho 'hi'\n".into(),
            personality: vec![InjectedFile { path: "/etc/banner.txt".into(), contents: "Welcome".into() }],
            description: "primary".into(),
            tags: vec!["db".into()],
            access_ipv4: "1.2.3.4".into(),
            server_group: "616fb98f".into(),
            ..CreateServer::default()
        };
        assert_eq!(
            openstack_cli(&draft),
            "openstack --os-compute-api-version 2.56 server create \\\n  \
             --image img \\\n  \
             --flavor m1.small \\\n  \
             --nic net-id=net-a,v4-fixed-ip=10.0.0.5 \\\n  \
             --nic net-id=net-b,v6-fixed-ip=fd00::5 \\\n  \
             --password 'pa$$ '\\''word'\\''' \\\n  \
             --availability-zone az1 \\\n  \
             --description primary \\\n  \
             --security-group 85cc3048 \\\n  \
             --property 'My Server Name=Apache1' \\\n  \
             --tag db \\\n  \
             --hint group=616fb98f \\\n  \
             --use-config-drive \\\n  \
             --min 1 --max 2 \\\n  \
             --user-data <(printf %s '#!/bin/sh\necho '\\''hi'\\''\n') \\\n  \
             --file /etc/banner.txt=<(printf %s Welcome) \\\n  \
             db\n\
             # The openstack CLI has no option for: accessIPv4, return_reservation_id"
        );
    }

    #[test]
    fn auto_network_needs_2_37() {
        let draft = CreateServer {
            name: "a".into(),
            image_ref: "i".into(),
            flavor_ref: "f".into(),
            networks: Networks::Auto,
            ..CreateServer::default()
        };
        assert!(openstack_cli(&draft).starts_with("openstack --os-compute-api-version 2.37 server create \\\n  --image i \\\n  --flavor f \\\n  --nic auto \\\n"));
        let none = CreateServer { networks: Networks::NoNetwork, ..draft };
        assert!(openstack_cli(&none).contains("--nic none"));
    }
}
