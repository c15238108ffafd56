//! The platform's rules over stored data, written once above storage (PRODUCT.md): adoption,
//! duplicates, seats and the Reader/User conflict ([`identities`]), tombstones ([`groups`]),
//! re-push ([`repush`]) and run detection ([`runs`]).
//!
//! Each rule opens one write transaction of [`crate::store`], reads what it decides on through
//! store functions, writes through them, and commits: all or nothing, and nothing it read can
//! change before it writes. The store only reads and writes rows; it decides nothing.

pub mod groups;
pub mod identities;
pub mod repush;
pub mod runs;
