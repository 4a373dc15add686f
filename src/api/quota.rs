//! What creating servers would do to the project's quota, read from Nova's `/limits`, and
//! which flavors cannot be used: too small for the image, or more than the quota has left.

use super::flavors::Flavor;
use super::images::Image;
use super::limits::{self, Absolute, Usage};
use super::servers::create::LAST_WITH_PERSONALITY;
use super::{ApiError, Request, Response, Service};

/// The absolute limits a server create is checked against. `None` is unlimited or not reported
/// (Nova stopped reporting injected files at 2.57, when it stopped injecting them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Limits {
    pub instances: Option<Usage>,
    pub cores: Option<Usage>,
    pub ram: Option<Usage>,
    /// Metadata items per server.
    pub max_server_meta: Option<i64>,
    /// Files injected per server (personality).
    pub max_personality: Option<i64>,
    /// Bytes per injected file.
    pub max_personality_size: Option<i64>,
}

/// `GET /limits` for a create: at 2.56 at most, the last microversion that still reports the
/// injected-file limits (the rest reads the same at every microversion since 2.36).
pub fn get(svc: &Service) -> Request {
    let mv = svc.session_version().min(LAST_WITH_PERSONALITY);
    limits::get(&Service { microversion: Some(mv), ..svc.clone() })
}

impl Limits {
    pub fn from_absolute(absolute: &Absolute) -> Self {
        let max = |key| absolute.usage(key, None).and_then(|u| u.max);
        Limits {
            instances: absolute.usage("maxTotalInstances", Some("totalInstancesUsed")),
            cores: absolute.usage("maxTotalCores", Some("totalCoresUsed")),
            ram: absolute.usage("maxTotalRAMSize", Some("totalRAMUsed")),
            max_server_meta: max("maxServerMeta"),
            max_personality: max("maxPersonality"),
            max_personality_size: max("maxPersonalitySize"),
        }
    }

    /// The answer to `limits::get`.
    pub fn parse(resp: &Response) -> Result<Self, ApiError> {
        Ok(Self::from_absolute(&limits::parse(resp)?))
    }
}

/// One quota before and after a create: `used` → `after`, of `max` (`None`: unlimited).
#[derive(Clone, Debug, PartialEq)]
pub struct Impact {
    pub label: &'static str,
    pub unit: &'static str,
    pub used: i64,
    pub after: i64,
    pub max: Option<i64>,
}

impl Impact {
    pub fn fits(&self) -> bool {
        self.max.is_none_or(|max| self.after <= max)
    }

    /// "vCPUs: 4 used → 8 after, of 20".
    pub fn plain_words(&self) -> String {
        let of = match self.max {
            Some(max) => format!("of {}", self.amount(max)),
            None => "no limit".to_string(),
        };
        format!("{}: {} used → {} after, {of}", self.label, self.amount(self.used), self.amount(self.after))
    }

    /// Why it does not fit, or `None` when it does.
    pub fn shortfall(&self) -> Option<String> {
        let max = self.max.filter(|_| !self.fits())?;
        let left = (max - self.used).max(0);
        Some(format!(
            "Over the {} quota: this needs {}, but only {} of {} {} left.",
            self.label,
            self.amount(self.after - self.used),
            self.amount(left),
            self.amount(max),
            if left == 1 { "is" } else { "are" }
        ))
    }

    fn amount(&self, n: i64) -> String {
        if self.unit.is_empty() {
            n.to_string()
        } else {
            format!("{n} {}", self.unit)
        }
    }
}

/// Instances, vCPUs and RAM after `count` servers of `flavor`; quotas Nova did not report
/// are left out.
pub fn impact(limits: &Limits, flavor: &Flavor, count: u32) -> Vec<Impact> {
    let instances = after(&limits.instances, "Instances", "", i64::from(count));
    std::iter::once(instances).chain(resource_impact(limits, flavor, count)).flatten().collect()
}

/// vCPUs and RAM: the quotas that depend on the flavor.
fn resource_impact(limits: &Limits, flavor: &Flavor, count: u32) -> [Option<Impact>; 2] {
    let count = i64::from(count);
    [
        after(&limits.cores, "vCPUs", "", flavor.vcpus as i64 * count),
        after(&limits.ram, "RAM", "MiB", flavor.ram as i64 * count),
    ]
}

fn after(usage: &Option<Usage>, label: &'static str, unit: &'static str, added: i64) -> Option<Impact> {
    let usage = usage.as_ref()?;
    let used = usage.used.unwrap_or(0);
    Some(Impact { label, unit, used, after: used + added, max: usage.max })
}

const GIB: f64 = (1u64 << 30) as f64;

/// Why `flavor` cannot boot `image` (Nova's checks against the image's `min_disk`, `min_ram`
/// and size), in plain words; empty when it can.
pub fn image_problems(flavor: &Flavor, image: &Image) -> Vec<String> {
    let mut problems = Vec::new();
    // A flavor without a root disk (0) gets a disk the size of the image: nothing to compare.
    if flavor.disk > 0 {
        if image.min_disk > flavor.disk {
            problems.push(format!(
                "Its {} GiB disk is smaller than the {} GiB the image needs.",
                flavor.disk, image.min_disk
            ));
        }
        if let Some(size) = image.size.filter(|&size| size > flavor.disk << 30) {
            problems.push(format!(
                "Its {} GiB disk cannot hold the image, which is {:.1} GiB.",
                flavor.disk,
                size as f64 / GIB
            ));
        }
    }
    if image.min_ram > flavor.ram {
        problems.push(format!("Its {} MiB of RAM is less than the {} MiB the image needs.", flavor.ram, image.min_ram));
    }
    problems
}

/// Why `count` servers of `flavor` cannot be created from `image`: the image checks, then the
/// vCPU and RAM quota (the instance count does not depend on the flavor). Empty when it fits.
pub fn flavor_problems(flavor: &Flavor, image: Option<&Image>, limits: &Limits, count: u32) -> Vec<String> {
    let mut problems = image.map(|image| image_problems(flavor, image)).unwrap_or_default();
    problems.extend(resource_impact(limits, flavor, count).iter().flatten().filter_map(Impact::shortfall));
    problems
}

/// The flavors that cannot be used, each with its reasons.
pub fn ruled_out<'a>(
    flavors: &'a [Flavor],
    image: Option<&Image>,
    limits: &Limits,
    count: u32,
) -> Vec<(&'a Flavor, Vec<String>)> {
    flavors
        .iter()
        .map(|flavor| (flavor, flavor_problems(flavor, image, limits, count)))
        .filter(|(_, problems)| !problems.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{ok};

    // Nova doc/api_samples/limits/v2.36 and v2.57/limit-get-resp.json
    const LIMITS_V2_36: &str = include_str!("../../tests/fixtures/nova/limit-get-resp-v2.36.json");
    const LIMITS_V2_57: &str = include_str!("../../tests/fixtures/nova/limit-get-resp-v2.57.json");
    const FLAVORS: &str = include_str!("../../tests/fixtures/nova/flavors-detail-resp-v2.75.json");
    const IMAGE: &str = include_str!("../../tests/fixtures/glance/image-show-response.json");


    fn flavors() -> Vec<Flavor> {
        super::super::flavors::parse_list(&ok(FLAVORS)).unwrap()
    }

    /// The v2.36 sample with some of the quota already used.
    fn busy_limits() -> Limits {
        let mut body: serde_json::Value = serde_json::from_str(LIMITS_V2_36).unwrap();
        let absolute = &mut body["limits"]["absolute"];
        (absolute["totalInstancesUsed"], absolute["totalCoresUsed"], absolute["totalRAMUsed"]) =
            (8.into(), 16.into(), 40960.into());
        Limits::parse(&ok(&body.to_string())).unwrap()
    }

    #[test]
    fn limits_are_read_where_injected_files_are_reported() {
        use crate::api::test_support::nova;
        use crate::api::versions::Microversion;
        let at = |mv| get(&nova(Some(mv))).header_value("OpenStack-API-Version").map(String::from);
        assert_eq!(at(Microversion::new(2, 100)).as_deref(), Some("compute 2.56"));
        assert_eq!(at(Microversion::new(2, 40)).as_deref(), Some("compute 2.40"));
        assert!(get(&nova(Some(Microversion::new(2, 100)))).url.ends_with("/limits"));
    }

    #[test]
    fn reads_the_create_limits() {
        let limits = Limits::parse(&ok(LIMITS_V2_36)).unwrap();
        assert_eq!(
            (limits.max_server_meta, limits.max_personality, limits.max_personality_size),
            (Some(128), Some(5), Some(10240))
        );
        assert_eq!(limits.cores.as_ref().map(|u| (u.used, u.max)), Some((Some(0), Some(20))));
        // 2.57 stopped reporting injected files along with injecting them.
        let limits = Limits::parse(&ok(LIMITS_V2_57)).unwrap();
        assert_eq!((limits.max_server_meta, limits.max_personality), (Some(128), None));
    }

    #[test]
    fn impact_of_two_medium_servers() {
        let medium = &flavors()[2];
        let impact = impact(&busy_limits(), medium, 2);
        let words: Vec<String> = impact.iter().map(Impact::plain_words).collect();
        assert_eq!(
            words,
            [
                "Instances: 8 used → 10 after, of 10",
                "vCPUs: 16 used → 20 after, of 20",
                "RAM: 40960 MiB used → 49152 MiB after, of 51200 MiB"
            ]
        );
        assert!(impact.iter().all(Impact::fits));
        let one_more = super::impact(&busy_limits(), medium, 3);
        assert_eq!(
            one_more[0].shortfall().as_deref(),
            Some("Over the Instances quota: this needs 3, but only 2 of 10 are left.")
        );
        assert_eq!(
            one_more[1].shortfall().as_deref(),
            Some("Over the vCPUs quota: this needs 6, but only 4 of 20 are left.")
        );
        assert_eq!(
            one_more[2].shortfall().as_deref(),
            Some("Over the RAM quota: this needs 12288 MiB, but only 10240 MiB of 51200 MiB are left.")
        );
    }

    #[test]
    fn unlimited_quota_always_fits() {
        let body = r#"{"limits": {"absolute": {"maxTotalCores": -1, "totalCoresUsed": 400}, "rate": []}}"#;
        let limits = Limits::parse(&ok(body)).unwrap();
        let impact = impact(&limits, &flavors()[4], 10);
        assert_eq!(impact.len(), 1);
        assert!(impact[0].fits());
        assert_eq!(impact[0].plain_words(), "vCPUs: 400 used → 480 after, no limit");
    }

    #[test]
    fn flavors_too_small_for_the_image_or_over_quota() {
        let mut image = Image::from_json(&serde_json::from_str(IMAGE).unwrap());
        (image.min_disk, image.min_ram, image.size) = (20, 1024, Some(3 << 30));
        let flavors = flavors();
        let out = ruled_out(&flavors, Some(&image), &busy_limits(), 1);
        let named: Vec<(&str, &[String])> = out.iter().map(|(f, why)| (f.name.as_str(), why.as_slice())).collect();
        assert_eq!(named[0].0, "m1.tiny");
        assert_eq!(
            named[0].1,
            [
                "Its 1 GiB disk is smaller than the 20 GiB the image needs.",
                "Its 1 GiB disk cannot hold the image, which is 3.0 GiB.",
                "Its 512 MiB of RAM is less than the 1024 MiB the image needs."
            ]
        );
        let names: Vec<&str> = named.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["m1.tiny", "m1.xlarge", "m1.tiny.specs"]);
        assert_eq!(
            named[1].1,
            [
                "Over the vCPUs quota: this needs 8, but only 4 of 20 are left.",
                "Over the RAM quota: this needs 16384 MiB, but only 10240 MiB of 51200 MiB are left."
            ]
        );
        // Without an image only the quota counts.
        assert_eq!(ruled_out(&flavors, None, &busy_limits(), 1).len(), 1);
    }
}
