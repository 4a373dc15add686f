//! OpenStack timestamps (ISO 8601, UTC) to and from seconds since the Unix epoch, without a
//! date library: the panel needs ordering, ages and `changes-since`, not calendars.

/// Seconds since the epoch for `2026-11-23T21:36:00Z`, `2026-11-23T21:36:00.000000Z`,
/// `2026-11-23T21:36:00+00:00` or Nova's offset-less `2026-11-23T21:36:00.000000`.
pub fn parse_rfc3339(s: &str) -> Option<f64> {
    let s = s.trim();
    let (date, time) = s.split_once(['T', ' '])?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (d.next()??, d.next()??, d.next()??);
    // Split off a zone suffix: Z, +hh:mm or -hh:mm.
    let (clock, offset_secs) = if let Some(c) = time.strip_suffix('Z') {
        (c, 0)
    } else if let Some(pos) = time.rfind(['+', '-']) {
        let (c, zone) = time.split_at(pos);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (h, m) = zone[1..].split_once(':').unwrap_or((&zone[1..], "0"));
        let (h, m) = (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
        if !(0..24).contains(&h) || !(0..60).contains(&m) {
            return None;
        }
        (c, sign * (h * 3600 + m * 60))
    } else {
        (time, 0)
    };
    let mut t = clock.splitn(3, ':');
    let (hour, minute) = (t.next()?.parse::<i64>().ok()?, t.next()?.parse::<i64>().ok()?);
    let second = parse_seconds(t.next()?)?;
    // Out of range is not a time, and would overflow the arithmetic below.
    if !(0..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || !(0..24).contains(&hour)
        || !(0..60).contains(&minute)
        || second >= 61.0
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some((days * 86400 + hour * 3600 + minute * 60 - offset_secs) as f64 + second)
}

/// `05` or `05.123456` (Nova writes microseconds) as seconds. By hand: `str::parse::<f64>`
/// would put ~15 KB of float-parsing code and tables into the first load (issue #12).
fn parse_seconds(s: &str) -> Option<f64> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 2 || !digits(fraction) || !digits(whole) {
        return None;
    }
    // Beyond nanoseconds the digits do not change an f64 of today's epoch seconds.
    let fraction = &fraction[..fraction.len().min(9)];
    let fraction_secs = fraction.parse::<u32>().map_or(0.0, f64::from) / 10f64.powi(fraction.len() as i32);
    Some(f64::from(whole.parse::<u8>().ok()?) + fraction_secs)
}

/// `2026-11-23T21:36:00Z` for whole seconds since the epoch (what `changes-since` takes).
pub fn format_rfc3339(secs: f64) -> String {
    let secs = secs.floor() as i64;
    let (days, rem) = (secs.div_euclid(86400), secs.rem_euclid(86400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Seconds since the epoch for an HTTP `Date` header (RFC 9110's IMF-fixdate, the only form
/// servers may send): `Thu, 03 Dec 2026 08:27:19 GMT`.
pub fn parse_http_date(s: &str) -> Option<f64> {
    let mut parts = s.split_whitespace();
    let (_weekday, day, month, year, clock, zone) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    parse_rfc3339(&format!("{year}-{month:02}-{day}T{clock}Z"))
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + if m <= 2 { 1 } else { 0 }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_openstack_flavour() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_rfc3339("2026-11-23T21:36:00Z"), Some(1795469760.0));
        assert_eq!(parse_rfc3339("2026-11-23T21:36:00.500000Z"), Some(1795469760.5));
        assert_eq!(parse_rfc3339("2026-11-23T22:36:00+01:00"), Some(1795469760.0));
        assert_eq!(parse_rfc3339("2026-11-23T21:36:00.000000"), Some(1795469760.0));
        assert_eq!(parse_rfc3339("2024-02-29T12:00:00-05:30"), Some(1709227800.0));
        assert_eq!(parse_rfc3339("2026-11-23T21:36:07.25Z"), Some(1795469767.25));
        assert_eq!(parse_rfc3339("2026-11-23T21:36:7Z"), Some(1795469767.0));
        assert_eq!(parse_rfc3339("yesterday"), None);
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
    }

    #[test]
    fn absurd_fields_are_refused_not_overflowed() {
        // Found by api::never_panics: each of these overflowed i64 and panicked.
        assert_eq!(parse_rfc3339("0-1-1T2562047788015216:0:0Z"), None);
        assert_eq!(parse_rfc3339("0-1-1T0:0:0+2562047770746544:0"), None);
        assert_eq!(parse_rfc3339("9223372036854775807-01-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("-9223372036854775808-03-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2026-11-23T21:36:NaNZ"), None);
        assert_eq!(parse_rfc3339("2026-11-23T21:36:1e1Z"), None);
        assert_eq!(parse_rfc3339("2026-11-23T21:36:-1Z"), None);
        assert_eq!(parse_rfc3339("2026-11-23T21:36:61Z"), None);
        assert_eq!(parse_rfc3339("2026-11-23T24:00:00Z"), None);
        assert_eq!(parse_http_date("Thu, 1 Jan 0 0:-153722866244792611:0 GMT"), None);
    }

    #[test]
    fn reads_http_dates() {
        assert_eq!(parse_http_date("Thu, 03 Dec 2026 08:27:19 GMT"), parse_rfc3339("2026-12-03T08:27:19Z"));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784111777.0));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Thu, 03 Dec 2026 08:27:19 +0100"), None);
        assert_eq!(parse_http_date(""), None);
    }

    #[test]
    fn formats_round_trip() {
        for s in ["1970-01-01T00:00:00Z", "2026-11-23T21:36:00Z", "2000-02-29T23:59:59Z", "2100-03-01T00:00:01Z"] {
            assert_eq!(format_rfc3339(parse_rfc3339(s).unwrap()), s);
        }
        assert_eq!(format_rfc3339(1795469760.9), "2026-11-23T21:36:00Z");
    }
}
