//! [`FromJson`](crate::wire::FromJson) for [`crate::seats`]'s type.

use crate::seats::SeatUsage;
use crate::struct_from_json;

struct_from_json!(SeatUsage { limit, used });

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::testing::{agree, round_trip};

    #[test]
    fn seat_usage_reads_back_as_serde_writes_it() {
        round_trip(&SeatUsage { limit: 10, used: 7 });
        round_trip(&SeatUsage {
            limit: 0,
            used: u32::MAX,
        });
    }

    #[test]
    fn a_negative_or_missing_count_is_refused_naming_it() {
        assert_eq!(
            agree::<SeatUsage>(r#"{"limit":-1,"used":0}"#),
            Err("`limit`: expected an integer from 0 to 4294967295, found -1".to_owned())
        );
        assert_eq!(
            agree::<SeatUsage>(r#"{"limit":1}"#),
            Err("`used`: missing field".to_owned())
        );
    }
}
