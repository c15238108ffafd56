//! [`FromJson`] for [`crate::seats`]'s type.

use super::{Fields, FromJson, Json, WireError};
use crate::seats::SeatUsage;

impl FromJson for SeatUsage {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        let fields = Fields::of(json)?;
        Ok(SeatUsage {
            limit: fields.get("limit")?,
            used: fields.get("used")?,
        })
    }
}

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
