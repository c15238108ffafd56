//! Webhook signatures: how a receiver knows a delivery came from this server, unchanged and
//! recently.
//!
//! Every delivery carries `X-SSD-Signature: t=UNIX_SECONDS,v1=HEX`, where `HEX` is the
//! HMAC-SHA256, keyed with the endpoint's secret, of `UNIX_SECONDS`, a `.` and the exact body
//! bytes. A receiver recomputes it over the body it read, compares in constant time, and
//! refuses a timestamp older than a few minutes (a replayed delivery); `X-SSD-Delivery` carries
//! the delivery's id, the same on every retry, to de-duplicate by. [`verify`] is that check,
//! used by the tests' receiver and documented for integrators.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::domain::secret::hex;

/// The header with the timestamp and signature.
pub const SIGNATURE_HEADER: &str = "x-ssd-signature";
/// The header with the delivery's id (the same on every attempt).
pub const DELIVERY_HEADER: &str = "x-ssd-delivery";
/// The header with the event's type (`run.failed`, `health.changed`, …).
pub const EVENT_HEADER: &str = "x-ssd-event";

/// The `X-SSD-Signature` value for `body` sent at `timestamp` (Unix seconds).
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    format!("t={timestamp},v1={}", hex(&mac(secret, timestamp, body)))
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    /// The header is not `t=…,v1=…`.
    #[error("the signature header is malformed")]
    Malformed,
    /// The timestamp is further from now than the tolerance.
    #[error("the signature's timestamp is too old or in the future")]
    Stale,
    /// The signature does not match the body and timestamp.
    #[error("the signature does not match")]
    Mismatch,
}

/// Checks `header` (an `X-SSD-Signature` value) against `body` at `now` (Unix seconds),
/// accepting timestamps at most `tolerance_secs` away.
pub fn verify(
    secret: &str,
    header: &str,
    body: &[u8],
    now: i64,
    tolerance_secs: i64,
) -> Result<(), Rejected> {
    let mut timestamp = None;
    let mut signature = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => signature = decode_hex(v),
            _ => {}
        }
    }
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return Err(Rejected::Malformed);
    };
    if (now - timestamp).abs() > tolerance_secs {
        return Err(Rejected::Stale);
    }
    let mut expected = keyed(secret);
    expected.update(format!("{timestamp}.").as_bytes());
    expected.update(body);
    expected
        .verify_slice(&signature)
        .map_err(|_| Rejected::Mismatch)
}

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
    let mut mac = keyed(secret);
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

#[expect(
    clippy::expect_used,
    reason = "HMAC takes a key of any length (RFC 2104 hashes a long one): this never fails"
)]
fn keyed(secret: &str) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length")
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "ssd_whsec_0123456789abcdef";
    const NOW: i64 = 1_764_590_400;

    #[test]
    fn a_signature_verifies_over_the_same_body_and_secret_only() {
        let body = br#"{"type":"run.failed"}"#;
        let header = sign(SECRET, NOW, body);
        assert!(header.starts_with(&format!("t={NOW},v1=")));
        assert_eq!(header.len(), format!("t={NOW},v1=").len() + 64);
        assert_eq!(verify(SECRET, &header, body, NOW + 10, 300), Ok(()));
        assert_eq!(
            verify(SECRET, &header, br#"{"type":"run.ok"}"#, NOW, 300),
            Err(Rejected::Mismatch)
        );
        assert_eq!(
            verify("ssd_whsec_other", &header, body, NOW, 300),
            Err(Rejected::Mismatch)
        );
    }

    #[test]
    fn an_old_or_malformed_signature_is_refused() {
        let body = b"{}";
        let header = sign(SECRET, NOW, body);
        assert_eq!(
            verify(SECRET, &header, body, NOW + 301, 300),
            Err(Rejected::Stale)
        );
        // The timestamp is signed: moving it forward breaks the signature.
        let moved = header.replacen(&NOW.to_string(), &(NOW + 200).to_string(), 1);
        assert_eq!(
            verify(SECRET, &moved, body, NOW + 200, 300),
            Err(Rejected::Mismatch)
        );
        for bad in ["", "t=1", "v1=00", "t=x,v1=00", "t=1,v1=0g"] {
            assert_eq!(
                verify(SECRET, bad, body, 1, 300),
                Err(Rejected::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // Computed independently (Python's hmac module) over b"42.what do ya want for
        // nothing?" with the key b"Jefe".
        assert_eq!(
            sign("Jefe", 42, b"what do ya want for nothing?"),
            "t=42,v1=246ed6bd2fdb55df4737c62ddbd57a0a74d18becf897aa14e71f8be0b5203c3d"
        );
    }
}
