//! Which address a request comes from. By default the TCP peer's, and `X-Forwarded-For` is
//! not believed: anyone can send it, and a rate limit or a refusal count keyed on it would be
//! the sender's to choose. Behind a reverse proxy every request's peer is the proxy, so the
//! operator names it (`--trusted-proxy`); from a trusted peer the address is the rightmost
//! `X-Forwarded-For` entry that is not itself a trusted proxy — the one the nearest trusted
//! proxy saw — and entries further left, which the client wrote, are ignored.
//!
//! `X-Forwarded-Proto` (whether the client reached the proxy over TLS: the session cookie's
//! `Secure`, the scheme of SCIM `location`s) is believed on the same terms: from any other
//! peer it is taken off the request before anything reads it.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;

/// The header a proxy names the client's scheme with.
const FORWARDED_PROTO: &str = "x-forwarded-proto";

/// Takes `X-Forwarded-Proto` off `headers` unless `peer` is a trusted proxy.
pub fn forget_untrusted_proto(peer: SocketAddr, headers: &mut HeaderMap, trusted: &[IpAddr]) {
    if !trusted.contains(&peer.ip()) {
        headers.remove(FORWARDED_PROTO);
    }
}

/// The address the request is counted and limited under.
pub fn client_address(peer: SocketAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> SocketAddr {
    if !trusted.contains(&peer.ip()) {
        return peer;
    }
    let entries = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for entry in entries.iter().rev() {
        let Ok(address) = entry.parse::<IpAddr>() else {
            return peer; // A list we cannot read names nobody we can trust.
        };
        if !trusted.contains(&address) {
            return SocketAddr::new(address, 0);
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    const PROXY: &str = "10.0.0.1:443";

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn by_default_the_header_is_not_believed() {
        let peer: SocketAddr = "198.51.100.7:5000".parse().unwrap();

        let address = client_address(peer, &forwarded("203.0.113.9"), &[]);

        assert_eq!(address, peer);
    }

    #[test]
    fn from_a_trusted_proxy_the_address_it_saw_counts_not_what_the_client_wrote() {
        let peer: SocketAddr = PROXY.parse().unwrap();
        let headers = forwarded("1.2.3.4, 203.0.113.9");

        let address = client_address(peer, &headers, &[ip("10.0.0.1")]);

        assert_eq!(address.ip(), ip("203.0.113.9"));
    }

    #[test]
    fn a_chain_of_trusted_proxies_is_walked_from_the_right() {
        let peer: SocketAddr = PROXY.parse().unwrap();
        let headers = forwarded("203.0.113.9, 10.0.0.2");

        let address = client_address(peer, &headers, &[ip("10.0.0.1"), ip("10.0.0.2")]);

        assert_eq!(address.ip(), ip("203.0.113.9"));
    }

    #[test]
    fn the_scheme_a_peer_claims_is_kept_only_from_a_trusted_proxy() {
        let proto = || {
            let mut headers = HeaderMap::new();
            headers.insert(FORWARDED_PROTO, HeaderValue::from_static("https"));
            headers
        };
        let peer: SocketAddr = PROXY.parse().unwrap();

        let mut from_anyone = proto();
        forget_untrusted_proto(peer, &mut from_anyone, &[]);
        let mut from_the_proxy = proto();
        forget_untrusted_proto(peer, &mut from_the_proxy, &[ip("10.0.0.1")]);

        assert!(from_anyone.get(FORWARDED_PROTO).is_none());
        assert_eq!(from_the_proxy[FORWARDED_PROTO], "https");
    }

    #[test]
    fn an_unreadable_list_or_none_leaves_the_peer() {
        let peer: SocketAddr = PROXY.parse().unwrap();
        let trusted = [ip("10.0.0.1")];

        assert_eq!(client_address(peer, &forwarded("nonsense"), &trusted), peer);
        assert_eq!(client_address(peer, &HeaderMap::new(), &trusted), peer);
    }
}
