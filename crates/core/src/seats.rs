//! Licence seats: Users (team accounts) take one each while active; Readers take none.

use serde::{Deserialize, Serialize};

/// How many seats the project has and how many active Users hold one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatUsage {
    /// The licence's seat limit.
    pub limit: u32,
    /// Active Users holding a seat. May exceed `limit` after the limit was lowered.
    pub used: u32,
}

impl SeatUsage {
    /// Seats still free; zero (never negative) when the limit was lowered below usage.
    pub fn free(self) -> u32 {
        self.limit.saturating_sub(self.used)
    }

    /// Whether `needed` more Users fit.
    pub fn fits(self, needed: u32) -> bool {
        needed <= self.free()
    }

    /// Used seats as a share of the limit, in `0.0..=1.0` (a limit of zero counts as full).
    pub fn fraction_used(self) -> f64 {
        if self.limit == 0 {
            return 1.0;
        }
        (f64::from(self.used) / f64::from(self.limit)).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_seats_are_the_limit_minus_the_used_ones() {
        let seats = SeatUsage { limit: 10, used: 7 };
        assert_eq!(seats.free(), 3);
        assert!(seats.fits(3));
        assert!(!seats.fits(4));
    }

    #[test]
    fn a_limit_lowered_below_usage_leaves_no_seat_free() {
        let seats = SeatUsage { limit: 5, used: 8 };
        assert_eq!(seats.free(), 0);
        assert!(seats.fits(0));
        assert!(!seats.fits(1));
        assert_eq!(seats.fraction_used(), 1.0);
    }

    #[test]
    fn a_zero_limit_reads_as_full() {
        assert_eq!(SeatUsage { limit: 0, used: 0 }.fraction_used(), 1.0);
        assert_eq!(SeatUsage { limit: 4, used: 1 }.fraction_used(), 0.25);
    }
}
