//! Which addresses the link checker may visit: only the public internet. A catalog's links
//! come from admins and imported files, so without this a link (or a redirect it answers with)
//! could make the hub probe its own machine, its cloud's metadata service or the hospital's
//! intranet, and report what answered. Every hop is checked: a host written as an address
//! before it is asked, a name after it is resolved (the resolver below hands the HTTP client
//! only public addresses), so a name that resolves to a private address is refused too.
//! `--allow-private-links` turns this off for intranet installs.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Whether `ip` is on the public internet: not loopback, private, link-local, shared (CGNAT),
/// documentation, benchmarking, multicast, reserved or unspecified.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments, 192.0.0.0/24.
        || (a == 192 && b == 0 && c == 0)
        // Benchmarking, 198.18.0.0/15.
        || (a == 198 && (b == 18 || b == 19))
        // Reserved, 240.0.0.0/4.
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    let v4 = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the IPv4 address they carry.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return is_public_v4(v4(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return is_public_v4(v4(s[1], s[2]));
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        // Unique local, fc00::/7.
        || (s[0] & 0xfe00) == 0xfc00
        // Link-local, fe80::/10.
        || (s[0] & 0xffc0) == 0xfe80
        // Site-local (deprecated), fec0::/10.
        || (s[0] & 0xffc0) == 0xfec0
        // Documentation, 2001:db8::/32.
        || (s[0] == 0x2001 && s[1] == 0x0db8)
        // Teredo tunnels, 2001::/32: no link of a catalog's points into one.
        || (s[0] == 0x2001 && s[1] == 0)
        // IPv4-compatible (deprecated) and other addresses in ::/96.
        || s[0..6] == [0, 0, 0, 0, 0, 0])
}

/// Why the checker will not visit `url`, when its host is written as an address that is not
/// public (names are checked when they are resolved).
pub fn refused(url: &Url) -> Option<String> {
    let ip = match url.host()? {
        url::Host::Ipv4(v4) => IpAddr::V4(v4),
        url::Host::Ipv6(v6) => IpAddr::V6(v6),
        url::Host::Domain(_) => return None,
    };
    (!is_public(ip)).then(|| format!("not checked: {ip} is a private or local address"))
}

/// A name the checker will not visit: every address it resolves to is private or local.
#[derive(Debug, thiserror::Error)]
#[error("not checked: {0} resolves only to private or local addresses")]
pub struct NotPublic(pub String);

/// The system's resolver, keeping only public addresses: a name with none is an error that
/// says so, and the client never connects to the others.
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> = match tokio::net::lookup_host((host.as_str(), 0)).await {
                Ok(found) => found.collect(),
                Err(e) => return Err(Box::new(e) as Box<dyn std::error::Error + Send + Sync>),
            };
            let public: Vec<SocketAddr> = found.iter().copied().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() && !found.is_empty() {
                return Err(Box::new(NotPublic(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2002:a00:1::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "::127.0.0.1",
        ] {
            assert!(!is_public(ip(private)), "{private} passed as public");
        }
        for public in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:93.184.216.34",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(is_public(ip(public)), "{public} refused");
        }
    }

    #[test]
    fn hosts_written_as_private_addresses_are_refused_before_any_request() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(refused(&url("http://127.0.0.1:8080/x")).is_some());
        assert!(refused(&url("http://[::1]/")).is_some());
        assert!(refused(&url("http://169.254.169.254/latest/meta-data/")).is_some());
        // Decimal and hex spellings are parsed as the address they are.
        assert!(refused(&url("http://2130706433/")).is_some());
        assert!(refused(&url("http://0x7f.1/")).is_some());
        assert!(refused(&url("https://8.8.8.8/")).is_none());
        assert!(
            refused(&url("https://example.org/")).is_none(),
            "names wait for the resolver"
        );
    }

    #[tokio::test]
    async fn names_that_resolve_only_to_private_addresses_are_refused() {
        let refused = PublicOnly.resolve("localhost".parse().unwrap()).await;
        let Err(e) = refused else {
            panic!("localhost was resolved to a usable address")
        };
        assert!(e.to_string().contains("private or local"), "{e}");
    }
}
