//! Who the client is: the connection's peer or, when that peer is a proxy the hub was told to
//! trust, the address the proxy saw (`X-Forwarded-For`), so that sign-in throttling counts
//! each visitor rather than one shared proxy.

use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The proxies whose `X-Forwarded-For` the hub believes (`--trusted-proxy`). None by default:
/// otherwise a client could pick its own address, and its own throttle, by sending the header.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    pub fn new(networks: Vec<IpNet>) -> Self {
        TrustedProxies(Arc::new(networks))
    }

    pub fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(&address))
    }
}

/// One `--trusted-proxy`: a network ("10.0.0.0/8", "fd00::/8") or one address ("127.0.0.1").
pub fn parse_proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("\"{text}\" is neither an IP address nor a network such as 10.0.0.0/8"))
}

/// The client's address. It is `peer` unless `peer` is trusted; then it is the rightmost
/// `X-Forwarded-For` entry that is not itself a trusted proxy. Each proxy appends the address
/// it saw, so entries further left were written by the client and prove nothing. An entry that
/// is not an address ends the walk: the last address before it is the client.
pub fn address<'a>(peer: IpAddr, forwarded_for: impl Iterator<Item = &'a str>, trusted: &TrustedProxies) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.trusts(peer) {
        return peer;
    }
    let entries: Vec<&str> = forwarded_for.flat_map(|header| header.split(',')).collect();
    let mut client = peer;
    for entry in entries.into_iter().rev() {
        match entry_address(entry) {
            Some(address) if trusted.trusts(address) => client = address,
            Some(address) => return address,
            None => return client,
        }
    }
    client
}

/// "203.0.113.7", "2001:db8::1", "[2001:db8::1]:4711" or "203.0.113.7:4711".
fn entry_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|address| address.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|p| parse_proxy(p).unwrap()).collect())
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let none = TrustedProxies::default();
        assert_eq!(
            address(ip("198.51.100.9"), ["203.0.113.7"].into_iter(), &none),
            ip("198.51.100.9")
        );
        let local = proxies(&["127.0.0.1"]);
        assert_eq!(
            address(ip("198.51.100.9"), ["203.0.113.7"].into_iter(), &local),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_entry_is_the_client() {
        let chain = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        let peer = ip("127.0.0.1");
        // One proxy: it appended what it saw; what the client wrote to the left is ignored.
        assert_eq!(
            address(peer, ["1.1.1.1, 203.0.113.7"].into_iter(), &chain),
            ip("203.0.113.7")
        );
        // Two proxies, and the header split over two lines.
        assert_eq!(
            address(peer, ["6.6.6.6, 203.0.113.7", "10.1.2.3"].into_iter(), &chain),
            ip("203.0.113.7")
        );
        // Ports, brackets and IPv4 written as IPv6.
        assert_eq!(
            address(peer, ["203.0.113.7:4711"].into_iter(), &chain),
            ip("203.0.113.7")
        );
        assert_eq!(
            address(peer, ["[2001:db8::1]:4711"].into_iter(), &chain),
            ip("2001:db8::1")
        );
        assert_eq!(
            address(peer, ["::ffff:203.0.113.7"].into_iter(), &chain),
            ip("203.0.113.7")
        );
        assert_eq!(
            address(ip("::ffff:127.0.0.1"), ["203.0.113.7"].into_iter(), &chain),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn no_header_or_a_broken_one_leaves_the_nearest_known_hop() {
        let chain = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        let peer = ip("127.0.0.1");
        assert_eq!(address(peer, std::iter::empty(), &chain), peer);
        assert_eq!(address(peer, ["unknown"].into_iter(), &chain), peer);
        assert_eq!(
            address(peer, ["203.0.113.7, garbage, 10.0.0.5"].into_iter(), &chain),
            ip("10.0.0.5")
        );
        // Only proxies: the leftmost of them.
        assert_eq!(
            address(peer, ["10.0.0.5, 10.0.0.6"].into_iter(), &chain),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn proxies_are_addresses_or_networks() {
        assert!(parse_proxy("127.0.0.1").unwrap().contains(&ip("127.0.0.1")));
        assert!(!parse_proxy("127.0.0.1").unwrap().contains(&ip("127.0.0.2")));
        assert!(parse_proxy(" 10.0.0.0/8 ").unwrap().contains(&ip("10.200.0.1")));
        assert!(parse_proxy("::1").unwrap().contains(&ip("::1")));
        let refused = parse_proxy("localhost").unwrap_err();
        assert!(refused.contains("\"localhost\""), "{refused}");
        assert!(parse_proxy("10.0.0.0/33").is_err());
    }
}
