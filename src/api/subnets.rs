//! Neutron subnets, `/v2.0/subnets`: the address ranges of a network, and whether a fixed IP
//! asked for a new server fits one of them.

use serde::Deserialize;
use std::net::IpAddr;

use super::ip::Cidr;
use super::{null_as_default, query_string, ApiError, Request, Response, Service};

#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Subnet {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    pub network_id: String,
    /// `10.0.0.0/24`, `fd00::/64`.
    pub cidr: String,
    /// 4 or 6.
    pub ip_version: u8,
    /// `None` when the subnet has no gateway.
    #[serde(default)]
    pub gateway_ip: Option<String>,
    /// The ranges Neutron hands out addresses from by itself; a fixed IP may lie outside them.
    #[serde(default, deserialize_with = "null_as_default")]
    pub allocation_pools: Vec<AllocationPool>,
}

#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
pub struct AllocationPool {
    pub start: String,
    pub end: String,
}

impl Subnet {
    /// The subnet's range; `None` if Neutron sent something unreadable.
    pub fn range(&self) -> Option<Cidr> {
        Cidr::parse(&self.cidr).ok()
    }

    /// Why a server's port cannot take `ip`, an address inside `range`: Neutron's rule
    /// (neutron-lib `check_subnet_ip`) refuses the network address and the IPv4 broadcast
    /// address, and the router holds the gateway.
    fn reserved(&self, range: Cidr, ip: IpAddr) -> Option<String> {
        if ip == range.network_address() {
            return Some(format!("{ip} is the network address of {range}; servers cannot use it."));
        }
        if Some(ip) == range.broadcast_address() {
            return Some(format!("{ip} is the broadcast address of {range}; servers cannot use it."));
        }
        if self.gateway_ip.as_deref().and_then(|g| g.parse::<IpAddr>().ok()) == Some(ip) {
            return Some(format!("{ip} is the gateway of {range}; choose another address."));
        }
        None
    }
}

/// Why `ip` cannot be the fixed IP of a port on the network whose subnets are `subnets`, or
/// `None` when one of them takes it (or none is known, so nothing can be said).
pub fn fixed_ip_problem(ip: IpAddr, subnets: &[&Subnet]) -> Option<String> {
    if subnets.is_empty() {
        return None;
    }
    let version = if ip.is_ipv4() { 4 } else { 6 };
    let same_version: Vec<&Subnet> = subnets.iter().copied().filter(|s| s.ip_version == version).collect();
    if same_version.is_empty() {
        return Some(format!("The network has no IPv{version} subnet, so it cannot give a server {ip}."));
    }
    // Subnets of one network never overlap: at most one holds the address.
    for subnet in &same_version {
        if let Some(range) = subnet.range().filter(|range| range.contains(ip)) {
            return subnet.reserved(range, ip);
        }
    }
    let ranges: Vec<&str> = same_version.iter().map(|s| s.cidr.as_str()).collect();
    Some(format!("{ip} is outside the network's subnets ({}).", ranges.join(", ")))
}

#[derive(Deserialize)]
struct SubnetList {
    subnets: Vec<Subnet>,
}

/// The subnets the token may see, or those of one network.
pub fn list(svc: &Service, network_id: Option<&str>) -> Request {
    let query = query_string(&[("network_id", network_id.unwrap_or_default().to_string())]);
    svc.get(&format!("/v2.0/subnets{query}"))
}

pub fn parse_list(resp: &Response) -> Result<Vec<Subnet>, ApiError> {
    Ok(resp.json::<SubnetList>()?.subnets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{neutron, ok};

    // neutron-lib api-ref/source/v2/samples/subnets/subnets-list-response.json
    const LIST: &str = include_str!("../../tests/fixtures/neutron/subnets-list-response.json");

    fn subnets() -> Vec<Subnet> {
        parse_list(&ok(LIST)).unwrap()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn requests() {
        let svc = neutron();
        assert_eq!(list(&svc, None).url, "http://127.0.0.1:9696/v2.0/subnets");
        assert_eq!(list(&svc, Some("db193ab3")).url, "http://127.0.0.1:9696/v2.0/subnets?network_id=db193ab3");
    }

    #[test]
    fn parses_the_documented_list() {
        let subnets = subnets();
        assert_eq!(subnets.len(), 2);
        assert_eq!(
            subnets[0],
            Subnet {
                id: "08eae331-0402-425a-923c-34f7cfe39c1b".into(),
                name: "private-subnet".into(),
                network_id: "db193ab3-96e3-4cb3-8fc5-05f4296d0324".into(),
                cidr: "10.0.0.0/24".into(),
                ip_version: 4,
                gateway_ip: Some("10.0.0.1".into()),
                allocation_pools: vec![AllocationPool { start: "10.0.0.2".into(), end: "10.0.0.254".into() }],
            }
        );
    }

    #[test]
    fn fixed_ips_inside_and_outside() {
        let all = subnets();
        let private = [&all[0]];
        assert_eq!(fixed_ip_problem(ip("10.0.0.20"), &private), None);
        assert_eq!(
            fixed_ip_problem(ip("10.0.1.20"), &private).as_deref(),
            Some("10.0.1.20 is outside the network's subnets (10.0.0.0/24).")
        );
        assert_eq!(
            fixed_ip_problem(ip("10.0.0.1"), &private).as_deref(),
            Some("10.0.0.1 is the gateway of 10.0.0.0/24; choose another address.")
        );
        assert_eq!(
            fixed_ip_problem(ip("10.0.0.255"), &private).as_deref(),
            Some("10.0.0.255 is the broadcast address of 10.0.0.0/24; servers cannot use it.")
        );
        assert!(fixed_ip_problem(ip("10.0.0.0"), &private).unwrap().contains("network address"));
        assert_eq!(
            fixed_ip_problem(ip("fd00::5"), &private).as_deref(),
            Some("The network has no IPv6 subnet, so it cannot give a server fd00::5.")
        );
        // Nothing known about the network: nothing to say.
        assert_eq!(fixed_ip_problem(ip("172.16.0.1"), &[]), None);
    }

    #[test]
    fn any_subnet_of_the_network_may_take_it() {
        let all = subnets();
        let mut v6 = all[0].clone();
        (v6.cidr, v6.ip_version, v6.gateway_ip) = ("fd00:0:0:1::/64".into(), 6, None);
        let both = [&all[0], &all[1], &v6];
        assert_eq!(fixed_ip_problem(ip("192.168.1.1"), &both), None);
        assert_eq!(fixed_ip_problem(ip("fd00:0:0:1::9"), &both), None);
        assert_eq!(
            fixed_ip_problem(ip("172.16.0.1"), &both).as_deref(),
            Some("172.16.0.1 is outside the network's subnets (10.0.0.0/24, 192.0.0.0/8).")
        );
        assert!(fixed_ip_problem(ip("fd00:0:0:1::"), &both).unwrap().contains("network address of fd00:0:0:1::/64"));
    }
}
