//! Numbers and wording the pages show: plain functions, tested.

use scim_sync_core::api::RunStatus;
use scim_sync_core::seats::SeatUsage;

/// "7 of 10 seats used".
pub fn seats_used(seats: SeatUsage) -> String {
    let noun = if seats.limit == 1 { "seat" } else { "seats" };
    format!("{} of {} {noun} used", seats.used, seats.limit)
}

/// "3 free", or what is wrong when none are.
pub fn seats_free(seats: SeatUsage) -> String {
    if seats.used > seats.limit {
        format!("No seat free: {} over the limit", seats.used - seats.limit)
    } else if seats.free() == 0 {
        "No seat free".to_owned()
    } else {
        format!("{} free", seats.free())
    }
}

/// A run's status in words.
pub fn run_status(status: RunStatus) -> &'static str {
    match status {
        RunStatus::Running => "Running",
        RunStatus::Succeeded => "Succeeded",
        RunStatus::Failed => "Failed",
    }
}

/// "1 request" / "12 requests".
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn seats_read_as_used_of_limit_and_free() {
        let seats = SeatUsage { limit: 10, used: 7 };
        assert_eq!(seats_used(seats), "7 of 10 seats used");
        assert_eq!(seats_free(seats), "3 free");
        assert_eq!(
            seats_used(SeatUsage { limit: 1, used: 0 }),
            "0 of 1 seat used"
        );
    }

    #[wasm_bindgen_test]
    fn a_full_or_overfull_licence_says_so() {
        assert_eq!(seats_free(SeatUsage { limit: 5, used: 5 }), "No seat free");
        assert_eq!(
            seats_free(SeatUsage { limit: 5, used: 8 }),
            "No seat free: 3 over the limit"
        );
    }

    #[wasm_bindgen_test]
    fn counts_pick_singular_or_plural() {
        assert_eq!(count(1, "request", "requests"), "1 request");
        assert_eq!(count(0, "request", "requests"), "0 requests");
    }
}
