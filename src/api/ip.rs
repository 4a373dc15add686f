//! IP addresses and CIDRs as people type them into a form: parsed with `std::net`, with the
//! reason in plain words when they are wrong, and "is this address inside that subnet".

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

const IPV4_EXAMPLE: &str = "192.0.2.10";
const IPV6_EXAMPLE: &str = "2001:db8::10";

/// An IPv4 address, or why `text` is not one.
pub fn parse_ipv4(text: &str) -> Result<Ipv4Addr, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("Enter an IPv4 address such as {IPV4_EXAMPLE}."));
    }
    if let Ok(ip) = text.parse() {
        return Ok(ip);
    }
    if text.contains(':') {
        return Err(format!("'{text}' looks like an IPv6 address; an IPv4 address is written like {IPV4_EXAMPLE}."));
    }
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return Err(format!(
            "'{text}' is not an IPv4 address: it needs four numbers separated by dots, like {IPV4_EXAMPLE}."
        ));
    }
    for part in parts {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("'{text}' is not an IPv4 address: '{part}' is not a number from 0 to 255."));
        }
        if part.len() > 1 && part.starts_with('0') {
            // Some tools read a leading zero as octal, so std refuses it as ambiguous.
            let plain = part.trim_start_matches('0');
            let plain = if plain.is_empty() { "0" } else { plain };
            return Err(format!("'{text}' is not an IPv4 address: write {plain} instead of {part}."));
        }
        if part.parse::<u32>().map_or(true, |n| n > 255) {
            return Err(format!("'{text}' is not an IPv4 address: {part} is more than 255."));
        }
    }
    Err(format!("'{text}' is not an IPv4 address; write it like {IPV4_EXAMPLE}."))
}

/// An IPv6 address, or why `text` is not one.
pub fn parse_ipv6(text: &str) -> Result<Ipv6Addr, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("Enter an IPv6 address such as {IPV6_EXAMPLE}."));
    }
    if let Ok(ip) = text.parse() {
        return Ok(ip);
    }
    if text.parse::<Ipv4Addr>().is_ok() {
        return Err(format!("'{text}' is an IPv4 address; an IPv6 address is written like {IPV6_EXAMPLE}."));
    }
    if text.contains('/') {
        return Err(format!("'{text}' has a prefix length; enter the address alone, without '/'."));
    }
    Err(format!(
        "'{text}' is not an IPv6 address: it should be up to eight groups of hexadecimal digits separated by \
         ':', with '::' for one run of zeros, like {IPV6_EXAMPLE}."
    ))
}

/// Either kind of address; the presence of ':' decides which one was meant.
pub fn parse_ip(text: &str) -> Result<IpAddr, String> {
    if text.contains(':') {
        parse_ipv6(text).map(IpAddr::V6)
    } else {
        parse_ipv4(text).map(IpAddr::V4)
    }
}

/// A network in CIDR notation, such as Neutron's subnet `cidr`: `10.0.0.0/24`, `fd00::/64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub address: IpAddr,
    pub prefix_len: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let Some((address, prefix)) = text.split_once('/') else {
            return Err(format!("'{text}' is not a CIDR: it needs a prefix length, like 10.0.0.0/24."));
        };
        let address = parse_ip(address)?;
        let bits = address_bits(address);
        match prefix.parse::<u8>() {
            Ok(prefix_len) if prefix_len <= bits => Ok(Cidr { address, prefix_len }),
            _ => Err(format!("'{text}' is not a CIDR: the prefix length must be a number from 0 to {bits}.")),
        }
    }

    /// Is `ip` inside this network? An address of the other IP version never is.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let same_version = self.address.is_ipv4() == ip.is_ipv4();
        same_version && as_number(ip) & self.mask() == self.network()
    }

    /// The first address of the range, as a number.
    fn network(&self) -> u128 {
        as_number(self.address) & self.mask()
    }

    fn mask(&self) -> u128 {
        let host_bits = u32::from(address_bits(self.address) - self.prefix_len);
        self.all_ones().checked_shr(host_bits).and_then(|m| m.checked_shl(host_bits)).unwrap_or(0)
    }

    /// Every bit of an address of this version set.
    fn all_ones(&self) -> u128 {
        u128::MAX >> (128 - u32::from(address_bits(self.address)))
    }

    /// The first address of the range: `10.0.0.0` for `10.0.0.5/24`.
    pub fn network_address(&self) -> IpAddr {
        from_number(self.address, self.network())
    }

    /// The last address of an IPv4 range, its broadcast address; `None` for IPv6, which has
    /// none, and for /31 and /32, whose every address is a host.
    pub fn broadcast_address(&self) -> Option<IpAddr> {
        (self.address.is_ipv4() && self.prefix_len < 31)
            .then(|| from_number(self.address, self.network() | (!self.mask() & self.all_ones())))
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix_len)
    }
}

fn address_bits(ip: IpAddr) -> u8 {
    if ip.is_ipv4() {
        32
    } else {
        128
    }
}

fn as_number(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// `n` as an address of the same version as `like`.
fn from_number(like: IpAddr, n: u128) -> IpAddr {
    match like {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(n as u32)),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        parse_ip(text).unwrap()
    }

    #[test]
    fn good_addresses_parse() {
        assert_eq!(parse_ipv4(" 10.0.0.5 "), Ok(Ipv4Addr::new(10, 0, 0, 5)));
        assert_eq!(parse_ipv6("fd00::5"), Ok("fd00::5".parse().unwrap()));
        assert!(ip("80fe::").is_ipv6());
        assert!(ip("1.2.3.4").is_ipv4());
    }

    #[test]
    fn bad_ipv4_says_what_is_wrong() {
        assert_eq!(parse_ipv4("10.0.0.256").unwrap_err(), "'10.0.0.256' is not an IPv4 address: 256 is more than 255.");
        assert_eq!(
            parse_ipv4("10.0.0").unwrap_err(),
            "'10.0.0' is not an IPv4 address: it needs four numbers separated by dots, like 192.0.2.10."
        );
        assert_eq!(
            parse_ipv4("10.0.x.1").unwrap_err(),
            "'10.0.x.1' is not an IPv4 address: 'x' is not a number from 0 to 255."
        );
        assert_eq!(parse_ipv4("10.0.0.01").unwrap_err(), "'10.0.0.01' is not an IPv4 address: write 1 instead of 01.");
        assert_eq!(parse_ipv4("10.00.0.1").unwrap_err(), "'10.00.0.1' is not an IPv4 address: write 0 instead of 00.");
        assert!(parse_ipv4("fd00::1").unwrap_err().contains("looks like an IPv6 address"));
        assert_eq!(parse_ipv4("").unwrap_err(), "Enter an IPv4 address such as 192.0.2.10.");
    }

    #[test]
    fn bad_ipv6_says_what_is_wrong() {
        assert!(parse_ipv6("10.0.0.1").unwrap_err().contains("is an IPv4 address"));
        assert!(parse_ipv6("fd00::1/64").unwrap_err().contains("without '/'"));
        assert!(parse_ipv6("fd00:::1").unwrap_err().starts_with("'fd00:::1' is not an IPv6 address"));
        assert!(parse_ip("fd00::g").is_err());
    }

    #[test]
    fn ipv4_membership() {
        let net = Cidr::parse("10.0.0.0/24").unwrap();
        assert!(net.contains(ip("10.0.0.1")));
        assert!(net.contains(ip("10.0.0.255")));
        assert!(!net.contains(ip("10.0.1.0")));
        assert!(!net.contains(ip("::ffff:10.0.0.1")));
        let wide = Cidr::parse("192.0.0.0/8").unwrap();
        assert!(wide.contains(ip("192.255.255.254")));
        assert!(!wide.contains(ip("193.0.0.1")));
        let everything = Cidr::parse("0.0.0.0/0").unwrap();
        assert!(everything.contains(ip("255.255.255.255")));
        let host = Cidr::parse("10.0.0.7/32").unwrap();
        assert!(host.contains(ip("10.0.0.7")) && !host.contains(ip("10.0.0.6")));
    }

    #[test]
    fn ipv6_membership() {
        let net = Cidr::parse("fd00:1:2::/64").unwrap();
        assert!(net.contains(ip("fd00:1:2::5")));
        assert!(net.contains(ip("fd00:1:2:0:ffff:ffff:ffff:ffff")));
        assert!(!net.contains(ip("fd00:1:3::5")));
        assert!(!net.contains(ip("10.0.0.1")));
        assert!(Cidr::parse("::/0").unwrap().contains(ip("2001:db8::1")));
        assert!(Cidr::parse("2001:db8::1/128").unwrap().contains(ip("2001:db8::1")));
    }

    #[test]
    fn network_and_broadcast_addresses() {
        let net = Cidr::parse("10.0.0.9/24").unwrap();
        assert_eq!(net.network_address(), ip("10.0.0.0"));
        assert_eq!(net.broadcast_address(), Some(ip("10.0.0.255")));
        assert_eq!(Cidr::parse("10.0.0.0/31").unwrap().broadcast_address(), None);
        let v6 = Cidr::parse("fd00::/64").unwrap();
        assert_eq!((v6.network_address(), v6.broadcast_address()), (ip("fd00::"), None));
        assert_eq!(v6.to_string(), "fd00::/64");
    }

    #[test]
    fn bad_cidrs() {
        assert!(Cidr::parse("10.0.0.0").unwrap_err().contains("needs a prefix length"));
        assert!(Cidr::parse("10.0.0.0/33").unwrap_err().contains("from 0 to 32"));
        assert!(Cidr::parse("fd00::/129").unwrap_err().contains("from 0 to 128"));
        assert!(Cidr::parse("10.0.0.300/24").unwrap_err().contains("300 is more than 255"));
    }
}
