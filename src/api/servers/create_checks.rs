//! The checks a server create goes through before it is sent: Nova's request schema and the
//! limits, quotas, image and subnets the wizard has loaded, each failure next to its field in
//! plain words.

use crate::api::flavors::Flavor;
use crate::api::images::Image;
use crate::api::ip::{parse_ip, parse_ipv4, parse_ipv6};
use crate::api::metadata;
use crate::api::names;
use crate::api::quota::{self, Impact, Limits};
use super::create::{
    base64_len, versioned_fields, CreateServer, Field, FieldError, Networks, LAST_WITH_PERSONALITY,
    MAX_USER_DATA_BASE64, NETWORKS_REQUIRED,
};
use crate::api::subnets::{self, Subnet};
use crate::api::versions::Microversion;

/// What the wizard knows of the cloud, for checks beyond the request's own shape.
#[derive(Clone, Copy, Debug)]
pub struct CreateContext<'a> {
    pub limits: &'a Limits,
    pub image: Option<&'a Image>,
    pub flavor: Option<&'a Flavor>,
    /// Subnets of the chosen networks (others are ignored); a network without any here is
    /// not checked.
    pub subnets: &'a [Subnet],
}

/// Nova's limits on server tags (`nova/objects/instance.py`, `tag.py`).
const MAX_TAGS: usize = 50;
const MAX_TAG_CHARS: usize = 60;
const MAX_DESCRIPTION_CHARS: usize = 255;

/// Everything that would make Nova refuse `draft` sent at `mv`, or create fewer servers
/// than asked; empty when it can be sent.
pub fn validate(draft: &CreateServer, known: &CreateContext, mv: Microversion) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut add = |field, item, message: String| errors.push(FieldError { field, item, message });
    if let Some(problem) = names::name_problem("server", &draft.name) {
        add(Field::Name, None, problem);
    }
    if draft.image_ref.is_empty() {
        add(Field::Image, None, "Choose an image to boot from.".into());
    }
    if draft.flavor_ref.is_empty() {
        add(Field::Flavor, None, "Choose a flavor.".into());
    }
    if let (Some(flavor), Some(image)) = (known.flavor, known.image) {
        for problem in quota::image_problems(flavor, image) {
            add(Field::Flavor, None, problem);
        }
    }
    for (field, what, since) in versioned_fields(draft).into_iter().filter(|&(_, _, since)| mv < since) {
        add(field, None, format!("{what} needs compute API {since} or newer; this request is sent at {mv}."));
    }
    for (item, message) in network_problems(draft, known, mv) {
        add(Field::Networks, item, message);
    }
    for message in count_problems(draft, known) {
        add(Field::Count, None, message);
    }
    for problem in metadata::check(&draft.metadata, known.limits.max_server_meta) {
        add(Field::Metadata, problem.row, problem.message);
    }
    let encoded = base64_len(&draft.user_data);
    if encoded > MAX_USER_DATA_BASE64 {
        add(
            Field::UserData,
            None,
            format!(
                "User data may be {MAX_USER_DATA_BASE64} bytes at most once Base64-encoded; this is {encoded} \
                 ({} bytes before encoding).",
                draft.user_data.len()
            ),
        );
    }
    for (item, message) in personality_problems(draft, known.limits, mv) {
        add(Field::Personality, item, message);
    }
    let description_chars = draft.description.chars().count();
    if description_chars > MAX_DESCRIPTION_CHARS {
        add(
            Field::Description,
            None,
            format!("Descriptions are {MAX_DESCRIPTION_CHARS} characters at most (this one has {description_chars})."),
        );
    }
    for (item, message) in tag_problems(&draft.tags) {
        add(Field::Tags, item, message);
    }
    if !draft.access_ipv4.is_empty() {
        if let Err(problem) = parse_ipv4(&draft.access_ipv4) {
            add(Field::AccessIpv4, None, problem);
        }
    }
    if !draft.access_ipv6.is_empty() {
        if let Err(problem) = parse_ipv6(&draft.access_ipv6) {
            add(Field::AccessIpv6, None, problem);
        }
    }
    errors
}

fn network_problems(draft: &CreateServer, known: &CreateContext, mv: Microversion) -> Vec<(Option<usize>, String)> {
    let Networks::Listed(list) = &draft.networks else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    if list.is_empty() && mv >= NETWORKS_REQUIRED {
        problems.push((None, "Choose at least one network, or 'auto', or no network.".to_string()));
    }
    for (item, request) in list.iter().enumerate() {
        let mut problem = |message: String| problems.push((Some(item), message));
        if request.uuid.is_empty() {
            problem("Choose a network.".into());
        }
        if request.fixed_ip.is_empty() {
            continue;
        }
        let ip = match parse_ip(&request.fixed_ip) {
            Ok(ip) => ip,
            Err(message) => {
                problem(message);
                continue;
            }
        };
        let network_subnets: Vec<&Subnet> = known.subnets.iter().filter(|s| s.network_id == request.uuid).collect();
        if let Some(message) = subnets::fixed_ip_problem(ip, &network_subnets) {
            problem(message);
        }
        if draft.max_count > 1 {
            problem(format!("A fixed IP can go to one server only; create one server, or leave {ip} out."));
        }
    }
    problems
}

fn count_problems(draft: &CreateServer, known: &CreateContext) -> Vec<String> {
    let (least, most) = (draft.min_count, draft.max_count);
    if least < 1 {
        return vec!["Create at least one server.".into()];
    }
    if most < least {
        return vec![format!("The most servers to create ({most}) cannot be fewer than the least ({least}).")];
    }
    // Nova creates fewer than `max_count` when the quota runs out, but never fewer than `min_count`.
    let Some(flavor) = known.flavor else {
        return Vec::new();
    };
    quota::impact(known.limits, flavor, least).iter().filter_map(Impact::shortfall).collect()
}

fn personality_problems(draft: &CreateServer, limits: &Limits, mv: Microversion) -> Vec<(Option<usize>, String)> {
    let files = &draft.personality;
    if files.is_empty() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    if mv > LAST_WITH_PERSONALITY {
        problems.push((
            None,
            format!(
                "Injected files were removed in compute API 2.57 and this request is sent at {mv}; \
                 put the files in the user data instead (cloud-init's write_files)."
            ),
        ));
    }
    if let Some(max) = limits.max_personality.filter(|&max| files.len() as i64 > max) {
        problems.push((None, format!("This cloud allows {max} injected files per server; there are {}.", files.len())));
    }
    for (item, file) in files.iter().enumerate() {
        if file.path.is_empty() {
            problems.push((Some(item), "Enter the path of the file on the server.".into()));
        } else if !file.path.starts_with('/') {
            problems.push((Some(item), format!("'{}' is not an absolute path; start it with '/', like /etc/motd.", file.path)));
        }
        if let Some(max) = limits.max_personality_size.filter(|&max| file.contents.len() as i64 > max) {
            problems.push((
                Some(item),
                format!("Injected files are {max} bytes at most (this one is {} bytes).", file.contents.len()),
            ));
        }
    }
    problems
}

/// Nova's tag schema: 1 to 60 characters without ',' or '/', and 50 tags at most.
fn tag_problems(tags: &[String]) -> Vec<(Option<usize>, String)> {
    let mut problems = Vec::new();
    if tags.len() > MAX_TAGS {
        problems.push((None, format!("A server has {MAX_TAGS} tags at most; there are {}.", tags.len())));
    }
    for (item, tag) in tags.iter().enumerate() {
        let chars = tag.chars().count();
        let problem = if tag.is_empty() {
            "Tags cannot be empty.".to_string()
        } else if let Some(bad) = tag.chars().find(|c| matches!(c, ',' | '/')) {
            format!("Tags may not contain '{bad}'.")
        } else if chars > MAX_TAG_CHARS {
            format!("Tags are {MAX_TAG_CHARS} characters at most (this one has {chars}).")
        } else {
            continue;
        };
        problems.push((Some(item), problem));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{ok};
    use crate::api::flavors;
    use crate::api::servers::create::{InjectedFile, NetworkRequest};

    const LIMITS_V2_36: &str = include_str!("../../../tests/fixtures/nova/limit-get-resp-v2.36.json");
    const FLAVORS: &str = include_str!("../../../tests/fixtures/nova/flavors-detail-resp-v2.75.json");
    const IMAGE: &str = include_str!("../../../tests/fixtures/glance/image-show-response.json");
    const SUBNETS: &str = include_str!("../../../tests/fixtures/neutron/subnets-list-response.json");
    /// The network of the sample's `private-subnet` (10.0.0.0/24).
    const PRIVATE_NET: &str = "db193ab3-96e3-4cb3-8fc5-05f4296d0324";
    const LATEST: Microversion = Microversion::new(2, 100);


    struct Cloud {
        limits: Limits,
        image: Image,
        flavors: Vec<Flavor>,
        subnets: Vec<Subnet>,
    }

    impl Cloud {
        fn sample() -> Cloud {
            Cloud {
                limits: Limits::parse(&ok(LIMITS_V2_36)).unwrap(),
                image: Image::from_json(&serde_json::from_str(IMAGE).unwrap()),
                flavors: flavors::parse_list(&ok(FLAVORS)).unwrap(),
                subnets: subnets::parse_list(&ok(SUBNETS)).unwrap(),
            }
        }

        /// What the wizard knows with flavor `flavor` (an index into the sample) chosen.
        fn context(&self, flavor: usize) -> CreateContext<'_> {
            CreateContext {
                limits: &self.limits,
                image: Some(&self.image),
                flavor: Some(&self.flavors[flavor]),
                subnets: &self.subnets,
            }
        }
    }

    fn good_draft() -> CreateServer {
        CreateServer {
            name: "web-1".into(),
            image_ref: "1bea47ed-f6a9-463b-b423-14b9cca9ad27".into(),
            flavor_ref: "1".into(),
            networks: Networks::Listed(vec![NetworkRequest { uuid: PRIVATE_NET.into(), fixed_ip: "10.0.0.20".into() }]),
            metadata: vec![("role".into(), "web".into())],
            user_data: "#cloud-config\n".into(),
            description: "front end".into(),
            tags: vec!["web".into()],
            access_ipv4: "1.2.3.4".into(),
            access_ipv6: "80fe::".into(),
            ..CreateServer::default()
        }
    }

    fn errors(draft: &CreateServer, mv: Microversion) -> Vec<(Field, Option<usize>, String)> {
        let cloud = Cloud::sample();
        validate(draft, &cloud.context(0), mv).into_iter().map(|e| (e.field, e.item, e.message)).collect()
    }

    #[test]
    fn a_good_draft_passes() {
        assert_eq!(errors(&good_draft(), LATEST), []);
    }

    #[test]
    fn required_fields_and_names() {
        let draft =
            CreateServer { name: " web".into(), image_ref: String::new(), flavor_ref: String::new(), ..good_draft() };
        assert_eq!(
            errors(&draft, LATEST),
            [
                (Field::Name, None, "Names may not begin or end with a space.".into()),
                (Field::Image, None, "Choose an image to boot from.".into()),
                (Field::Flavor, None, "Choose a flavor.".into()),
            ]
        );
    }

    #[test]
    fn fields_newer_than_the_request_are_refused() {
        let draft = CreateServer { networks: Networks::Auto, ..good_draft() };
        let found = errors(&draft, Microversion::new(2, 18));
        let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "A description needs compute API 2.19 or newer; this request is sent at 2.18.",
                "Choosing 'auto' or no network needs compute API 2.37 or newer; this request is sent at 2.18.",
                "Tags needs compute API 2.52 or newer; this request is sent at 2.18.",
            ]
        );
    }

    #[test]
    fn networks_and_fixed_ips() {
        let listed =
            |requests: Vec<NetworkRequest>| CreateServer { networks: Networks::Listed(requests), ..good_draft() };
        assert_eq!(
            errors(&listed(vec![]), LATEST),
            [(Field::Networks, None, "Choose at least one network, or 'auto', or no network.".into())]
        );
        // Before 2.37 Nova chooses; only the tags are too new there.
        let old = errors(&listed(vec![]), Microversion::new(2, 36));
        assert_eq!(old.iter().map(|e| e.0).collect::<Vec<_>>(), [Field::Tags]);
        let draft = listed(vec![
            NetworkRequest { uuid: PRIVATE_NET.into(), fixed_ip: "10.0.1.5".into() },
            NetworkRequest { uuid: String::new(), fixed_ip: "10.0.0.256".into() },
            NetworkRequest { uuid: "unknown-net".into(), fixed_ip: "172.16.0.5".into() },
        ]);
        assert_eq!(
            errors(&draft, LATEST),
            [
                (Field::Networks, Some(0), "10.0.1.5 is outside the network's subnets (10.0.0.0/24).".into()),
                (Field::Networks, Some(1), "Choose a network.".into()),
                (Field::Networks, Some(1), "'10.0.0.256' is not an IPv4 address: 256 is more than 255.".into()),
            ]
        );
        let many = CreateServer { min_count: 2, max_count: 2, ..good_draft() };
        assert_eq!(
            errors(&many, LATEST),
            [(
                Field::Networks,
                Some(0),
                "A fixed IP can go to one server only; create one server, or leave 10.0.0.20 out.".into()
            )]
        );
    }

    #[test]
    fn flavor_must_fit_the_image_and_the_count_the_quota() {
        let cloud = Cloud::sample();
        let mut image = cloud.image.clone();
        image.min_ram = 1024;
        let context = CreateContext { image: Some(&image), ..cloud.context(0) };
        let found = validate(&good_draft(), &context, LATEST);
        assert_eq!(found[0].message, "Its 512 MiB of RAM is less than the 1024 MiB the image needs.");
        assert_eq!(found[0].field, Field::Flavor);

        let count = |least, most| {
            let draft = CreateServer { min_count: least, max_count: most, networks: Networks::Auto, ..good_draft() };
            validate(&draft, &cloud.context(4), LATEST).into_iter().map(|e| e.message).collect::<Vec<_>>()
        };
        // m1.xlarge: 8 vCPUs and 16 GiB each; 20 vCPUs and 50 GiB allowed.
        assert_eq!(count(2, 5), Vec::<String>::new(), "Nova makes as many as fit, at least two");
        assert_eq!(count(3, 3), ["Over the vCPUs quota: this needs 24, but only 20 of 20 are left."]);
        assert_eq!(count(0, 1), ["Create at least one server."]);
        assert_eq!(count(3, 2), ["The most servers to create (2) cannot be fewer than the least (3)."]);
    }

    #[test]
    fn metadata_rows_keep_their_index() {
        let draft = CreateServer {
            metadata: vec![("ok".into(), "1".into()), ("a/b".into(), "€".repeat(86))],
            ..good_draft()
        };
        assert_eq!(
            errors(&draft, LATEST),
            [
                (Field::Metadata, Some(1), "Keys may not contain '/'.".into()),
                (Field::Metadata, Some(1), "Values are 255 bytes at most (this value is 258 bytes in UTF-8).".into()),
            ]
        );
    }

    #[test]
    fn user_data_is_limited_once_encoded() {
        let fits = CreateServer { user_data: "x".repeat(49149), ..good_draft() };
        assert_eq!(errors(&fits, LATEST), []);
        let over = CreateServer { user_data: "x".repeat(49152), ..good_draft() };
        assert_eq!(
            errors(&over, LATEST),
            [(
                Field::UserData,
                None,
                "User data may be 65535 bytes at most once Base64-encoded; this is 65536 (49152 bytes before encoding)."
                    .into()
            )]
        );
    }

    #[test]
    fn injected_files() {
        let file = |path: &str, size| InjectedFile { path: path.into(), contents: "x".repeat(size) };
        let draft = CreateServer {
            personality: vec![
                file("/etc/motd", 10),
                file("", 10241),
                file("a", 1),
                file("/b", 1),
                file("/c", 1),
                file("/d", 1),
            ],
            ..good_draft()
        };
        assert_eq!(
            errors(&draft, Microversion::new(2, 56)),
            [
                (Field::Personality, None, "This cloud allows 5 injected files per server; there are 6.".into()),
                (Field::Personality, Some(1), "Enter the path of the file on the server.".into()),
                (
                    Field::Personality,
                    Some(1),
                    "Injected files are 10240 bytes at most (this one is 10241 bytes).".into()
                ),
                (
                    Field::Personality,
                    Some(2),
                    "'a' is not an absolute path; start it with '/', like /etc/motd.".into()
                ),
            ]
        );
        let one = CreateServer { personality: vec![file("/etc/motd", 10)], ..good_draft() };
        assert_eq!(
            errors(&one, Microversion::new(2, 57))[0].2,
            "Injected files were removed in compute API 2.57 and this request is sent at 2.57; put the files in the \
             user data instead (cloud-init's write_files)."
        );
    }

    #[test]
    fn description_tags_and_access_addresses() {
        let draft = CreateServer {
            description: "d".repeat(256),
            tags: vec!["ok".into(), String::new(), "a,b".into(), "x/y".into(), "t".repeat(61)],
            access_ipv4: "1.2.3".into(),
            access_ipv6: "1.2.3.4".into(),
            ..good_draft()
        };
        assert_eq!(
            errors(&draft, LATEST),
            [
                (Field::Description, None, "Descriptions are 255 characters at most (this one has 256).".into()),
                (Field::Tags, Some(1), "Tags cannot be empty.".into()),
                (Field::Tags, Some(2), "Tags may not contain ','.".into()),
                (Field::Tags, Some(3), "Tags may not contain '/'.".into()),
                (Field::Tags, Some(4), "Tags are 60 characters at most (this one has 61).".into()),
                (
                    Field::AccessIpv4,
                    None,
                    "'1.2.3' is not an IPv4 address: it needs four numbers separated by dots, like 192.0.2.10.".into()
                ),
                (
                    Field::AccessIpv6,
                    None,
                    "'1.2.3.4' is an IPv4 address; an IPv6 address is written like 2001:db8::10.".into()
                ),
            ]
        );
        let crowded = CreateServer { tags: (0..51).map(|n| n.to_string()).collect(), ..good_draft() };
        assert_eq!(
            errors(&crowded, LATEST),
            [(Field::Tags, None, "A server has 50 tags at most; there are 51.".into())]
        );
    }
}
