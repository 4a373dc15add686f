//! How the panel writes values: names, times and ages, sizes, Nova's state words. One
//! wording per fact, used by every page.

use crate::api::servers::Server;
use crate::api::time::{format_rfc3339, parse_rfc3339};

/// What an empty value shows.
pub const NONE: &str = "—";

pub fn or_none(value: &str) -> String {
    if value.trim().is_empty() {
        NONE.into()
    } else {
        value.to_string()
    }
}

pub fn opt_or_none(value: Option<&str>) -> String {
    or_none(value.unwrap_or_default())
}

/// The server's name, or its id when it has none (Nova allows an empty name).
pub fn display_name(server: &Server) -> String {
    if server.name.trim().is_empty() {
        server.id.clone()
    } else {
        server.name.clone()
    }
}

/// Nova's `vm_state`/`task_state` words made readable: "resize_migrating" -> "resize migrating".
pub fn state_words(value: &str) -> String {
    value.replace(['_', '-'], " ")
}

/// "3 min", "2 h", "5 days": how long ago, for list columns.
pub fn age(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        3600..=86399 => format!("{} h", s / 3600),
        _ => match s / 86400 {
            1 => "1 day".into(),
            d => format!("{d} days"),
        },
    }
}

/// The age of `timestamp` at `now`; empty when Nova gave no readable time.
pub fn age_of(timestamp: &str, now: f64) -> String {
    parse_rfc3339(timestamp).map(|t| age(now - t)).unwrap_or_default()
}

/// `2026-11-23 21:36:00 UTC (3 min ago)`; `—` when Nova gave no time.
pub fn when(timestamp: &str, now: f64) -> String {
    let timestamp = timestamp.trim();
    if timestamp.is_empty() {
        return NONE.into();
    }
    match parse_rfc3339(timestamp) {
        Some(t) => {
            let shown = format_rfc3339(t).replace('T', " ").replace('Z', " UTC");
            if t > now + 60.0 {
                format!("{shown} (in the future by this browser's estimate of the cloud's clock)")
            } else {
                format!("{shown} ({} ago)", age(now - t))
            }
        }
        None => timestamp.to_string(),
    }
}

/// `2 vCPU · 512 MiB RAM · 1 GiB disk`, with ephemeral disk and swap when there are any.
/// RAM and swap are MiB, disks GiB, as Nova counts them.
pub fn flavor_size(vcpus: u64, ram: u64, disk: u64, ephemeral: u64, swap: u64) -> String {
    let mut parts = vec![format!("{vcpus} vCPU"), format!("{ram} MiB RAM"), format!("{disk} GiB disk")];
    if ephemeral > 0 {
        parts.push(format!("{ephemeral} GiB ephemeral"));
    }
    if swap > 0 {
        parts.push(format!("{swap} MiB swap"));
    }
    parts.join(" · ")
}

/// The size of a server's flavor, when Nova embeds it (2.47+).
pub fn server_flavor_size(server: &Server) -> Option<String> {
    let f = &server.flavor;
    Some(flavor_size(f.vcpus?, f.ram?, f.disk?, f.ephemeral.unwrap_or(0), f.swap.unwrap_or(0)))
}

/// `13.2 MiB`: a byte count in binary units, one decimal from KiB up.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_in_binary_units() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(1024), "1.0 KiB");
        assert_eq!(bytes(13167616), "12.6 MiB");
        assert_eq!(bytes(20 * 1024 * 1024), "20.0 MiB");
        assert_eq!(bytes(3 * 1024 * 1024 * 1024 + 512 * 1024 * 1024), "3.5 GiB");
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age(5.0), "5 s");
        assert_eq!(age(125.0), "2 min");
        assert_eq!(age(7300.0), "2 h");
        assert_eq!(age(86400.0 * 1.5), "1 day");
        assert_eq!(age(86400.0 * 9.0), "9 days");
        assert_eq!(age(-3.0), "0 s");
        assert_eq!(age_of("2026-11-23T21:36:00Z", parse_rfc3339("2026-11-23T21:39:00Z").unwrap()), "3 min");
        assert_eq!(age_of("", 0.0), "");
    }

    #[test]
    fn times_read_with_their_age() {
        let now = parse_rfc3339("2026-11-23T21:39:00Z").unwrap();
        assert_eq!(when("2026-11-23T21:36:00Z", now), "2026-11-23 21:36:00 UTC (3 min ago)");
        assert_eq!(when("2026-11-23T21:36:00.000000", now), "2026-11-23 21:36:00 UTC (3 min ago)");
        assert_eq!(when("", now), "—");
        assert_eq!(when("soon", now), "soon");
        assert!(when("2026-11-23T23:00:00Z", now).contains("in the future"));
    }

    #[test]
    fn embedded_flavor_sizes() {
        let mut s = Server::default();
        assert_eq!(server_flavor_size(&s), None);
        s.flavor.vcpus = Some(1);
        s.flavor.ram = Some(512);
        s.flavor.disk = Some(1);
        assert_eq!(server_flavor_size(&s).as_deref(), Some("1 vCPU · 512 MiB RAM · 1 GiB disk"));
        s.flavor.swap = Some(256);
        assert_eq!(server_flavor_size(&s).as_deref(), Some("1 vCPU · 512 MiB RAM · 1 GiB disk · 256 MiB swap"));
        assert_eq!(flavor_size(2, 4096, 40, 10, 0), "2 vCPU · 4096 MiB RAM · 40 GiB disk · 10 GiB ephemeral");
    }

    #[test]
    fn names_and_state_words() {
        assert_eq!(display_name(&Server { id: "abc".into(), ..Default::default() }), "abc");
        assert_eq!(display_name(&Server { id: "abc".into(), name: "web".into(), ..Default::default() }), "web");
        assert_eq!(state_words("resize_migrating"), "resize migrating");
        assert_eq!(state_words("powering-off"), "powering off");
        assert_eq!(or_none(" "), "—");
    }
}
