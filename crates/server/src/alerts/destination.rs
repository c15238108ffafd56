//! Where a webhook may be delivered: no request from this server into a private network.
//!
//! A webhook URL is the admin's to choose, so it is an outsider's way to make the server send
//! requests (server-side request forgery). By default a delivery goes only to HTTPS URLs whose
//! host resolves to public addresses; with [`Policy::allow_loopback`] (tests and local use) also
//! to `http://` or `https://` on loopback. Private ranges (RFC 1918, unique local), link-local
//! (and with it cloud metadata at 169.254.169.254), shared, documentation, multicast and
//! reserved addresses are always refused. The check runs at every delivery, on the addresses
//! the delivery then connects to (pinned, see [`Target::addrs`]), so a name that resolves to a
//! public address when the admin saves it and to a private one later (DNS rebinding) is refused
//! then.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// What deliveries may reach.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Loopback addresses too, over HTTP or HTTPS: for tests and local use only.
    pub allow_loopback: bool,
}

/// A checked destination: the URL and the addresses to connect to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The URL as given.
    pub url: reqwest::Url,
    /// Its host name, to pin to [`Target::addrs`].
    pub host: String,
    /// Every address the host resolved to; all passed the check.
    pub addrs: Vec<SocketAddr>,
}

/// Why a URL is not a destination.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Not a URL, or without a host.
    #[error("not a valid URL: {0}")]
    Invalid(String),
    /// Not HTTPS (HTTP only to loopback, when allowed).
    #[error("webhooks are delivered over HTTPS only")]
    NotHttps,
    /// The URL carries a user name or password.
    #[error("a webhook URL may not carry credentials; authenticate by the signature")]
    Credentials,
    /// The host did not resolve.
    #[error("{host} does not resolve: {reason}")]
    Unresolved {
        /// The host.
        host: String,
        /// What the resolver said.
        reason: String,
    },
    /// The host resolved to an address deliveries may not reach.
    #[error("{host} resolves to {addr}, a {kind} address, which webhooks may not reach")]
    Address {
        /// The host.
        host: String,
        /// The address.
        addr: IpAddr,
        /// What kind of address it is.
        kind: &'static str,
    },
}

/// Checks the form of `url` (scheme, host, no credentials) without resolving it: what saving
/// an endpoint checks. [`resolve`] checks the addresses at delivery.
pub fn check_url(url: &str, policy: Policy) -> Result<reqwest::Url, Refused> {
    let parsed = reqwest::Url::parse(url).map_err(|e| Refused::Invalid(e.to_string()))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Refused::Credentials);
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| Refused::Invalid("no host".into()))?;
    match parsed.scheme() {
        "https" => {}
        "http" if policy.allow_loopback && is_loopback_name(host) => {}
        _ => return Err(Refused::NotHttps),
    }
    Ok(parsed)
}

/// Checks `url` and resolves its host, refusing it unless every address may be reached.
pub async fn resolve(url: &str, policy: Policy) -> Result<Target, Refused> {
    let url = check_url(url, policy)?;
    let host = url.host_str().unwrap_or_default().to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((bare, port))
            .await
            .map_err(|e| Refused::Unresolved {
                host: host.clone(),
                reason: e.to_string(),
            })?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(Refused::Unresolved {
            host,
            reason: "no address".into(),
        });
    }
    for addr in &addrs {
        if let Some(kind) = forbidden(addr.ip(), policy) {
            return Err(Refused::Address {
                host,
                addr: addr.ip(),
                kind,
            });
        }
    }
    if url.scheme() == "http" && !addrs.iter().all(|a| a.ip().is_loopback()) {
        return Err(Refused::NotHttps);
    }
    Ok(Target { url, host, addrs })
}

fn is_loopback_name(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// What kind of address `ip` is, if deliveries may not reach it.
pub fn forbidden(ip: IpAddr, policy: Policy) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4, policy),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => forbidden_v4(v4, policy),
            None => forbidden_v6(v6, policy),
        },
    }
}

fn forbidden_v4(ip: Ipv4Addr, policy: Policy) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    if ip.is_loopback() {
        return (!policy.allow_loopback).then_some("loopback");
    }
    Some(match (a, b, c) {
        (0, _, _) => "unspecified",
        (10, _, _) | (172, 16..=31, _) | (192, 168, _) => "private",
        (100, 64..=127, _) => "shared (carrier-grade NAT)",
        (169, 254, _) => "link-local",
        (192, 0, 0) => "protocol assignment",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (198, 18..=19, _) => "benchmarking",
        (224..=239, _, _) => "multicast",
        (240..=255, _, _) => "reserved",
        _ => return None,
    })
}

fn forbidden_v6(ip: Ipv6Addr, policy: Policy) -> Option<&'static str> {
    if ip.is_loopback() {
        return (!policy.allow_loopback).then_some("loopback");
    }
    let first = ip.segments()[0];
    Some(if ip.is_unspecified() {
        "unspecified"
    } else if first & 0xfe00 == 0xfc00 {
        "unique local (private)"
    } else if first & 0xffc0 == 0xfe80 {
        "link-local"
    } else if first & 0xff00 == 0xff00 {
        "multicast"
    } else if first == 0x2001 && ip.segments()[1] == 0x0db8 {
        "documentation"
    } else if ip.segments()[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        // NAT64: the IPv4 address it embeds decides.
        let [.., g, h] = ip.segments();
        let v4 = Ipv4Addr::new((g >> 8) as u8, g as u8, (h >> 8) as u8, h as u8);
        return forbidden_v4(v4, policy);
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: Policy = Policy {
        allow_loopback: false,
    };
    const LOCAL: Policy = Policy {
        allow_loopback: true,
    };

    fn kind(ip: &str, policy: Policy) -> Option<&'static str> {
        forbidden(ip.parse().unwrap(), policy)
    }

    #[test]
    fn private_link_local_and_special_addresses_are_never_reached() {
        for (ip, expected) in [
            ("10.1.2.3", "private"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.168.1.1", "private"),
            ("169.254.169.254", "link-local"),
            ("100.64.0.1", "shared (carrier-grade NAT)"),
            ("0.0.0.0", "unspecified"),
            ("224.0.0.1", "multicast"),
            ("255.255.255.255", "reserved"),
            ("203.0.113.5", "documentation"),
            ("fd00::1", "unique local (private)"),
            ("fe80::1", "link-local"),
            ("::", "unspecified"),
            ("::ffff:10.0.0.1", "private"),
            ("64:ff9b::a9fe:a9fe", "link-local"),
        ] {
            assert_eq!(kind(ip, STRICT), Some(expected), "{ip}");
            assert_eq!(
                kind(ip, LOCAL),
                Some(expected),
                "{ip} with loopback allowed"
            );
        }
    }

    #[test]
    fn public_addresses_pass_and_loopback_only_when_allowed() {
        for ip in ["93.184.215.14", "172.32.0.1", "8.8.8.8", "2606:4700::1111"] {
            assert_eq!(kind(ip, STRICT), None, "{ip}");
        }
        assert_eq!(kind("127.0.0.1", STRICT), Some("loopback"));
        assert_eq!(kind("::1", STRICT), Some("loopback"));
        assert_eq!(kind("127.0.0.1", LOCAL), None);
        assert_eq!(kind("::ffff:127.0.0.1", LOCAL), None);
    }

    #[test]
    fn urls_must_be_https_without_credentials_and_http_only_to_loopback_when_allowed() {
        assert!(check_url("https://hooks.example.com/ssd", STRICT).is_ok());
        assert_eq!(
            check_url("http://hooks.example.com/ssd", STRICT),
            Err(Refused::NotHttps)
        );
        assert_eq!(
            check_url("http://127.0.0.1:9/hook", STRICT),
            Err(Refused::NotHttps)
        );
        assert!(check_url("http://127.0.0.1:9/hook", LOCAL).is_ok());
        assert!(check_url("http://[::1]:9/hook", LOCAL).is_ok());
        assert_eq!(
            check_url("http://hooks.example.com/", LOCAL),
            Err(Refused::NotHttps)
        );
        assert_eq!(
            check_url("https://user:pw@hooks.example.com/", STRICT),
            Err(Refused::Credentials)
        );
        assert!(matches!(
            check_url("ftp://hooks.example.com/", STRICT),
            Err(Refused::NotHttps)
        ));
        assert!(matches!(
            check_url("not a url", STRICT),
            Err(Refused::Invalid(_))
        ));
    }

    #[tokio::test]
    async fn resolving_checks_every_address_the_delivery_would_connect_to() {
        let refused = resolve("https://127.0.0.1:8443/hook", STRICT).await;
        assert!(
            matches!(
                refused,
                Err(Refused::Address {
                    kind: "loopback",
                    ..
                })
            ),
            "{refused:?}"
        );
        let refused = resolve("https://[fd12::1]/hook", LOCAL).await;
        assert!(
            matches!(refused, Err(Refused::Address { .. })),
            "{refused:?}"
        );
        let target = resolve("http://localhost:8080/hook", LOCAL).await.unwrap();
        assert!(
            target
                .addrs
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 8080)
        );
        assert_eq!(target.host, "localhost");
    }
}
