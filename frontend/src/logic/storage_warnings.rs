//! When the first screen warns about the phone's storage: once the app uses
//! half of what localStorage gives it, and once a change has waited longer
//! than the browser's clean-up may allow.

/// Unsynced changes older than this many days get a warning.
pub const WAIT_WARNING_DAYS: i64 = 3;

const DAY_MS: i64 = 86_400_000;

/// Whether `used` of `budget` storage units is enough to warn.
pub fn storage_filling(used: usize, budget: usize) -> bool {
    used * 2 >= budget
}

/// Whole days the oldest waiting change has waited, when that is long enough
/// to warn; `None` when nothing waits or it is recent.
pub fn waited_too_long(now_ms: i64, oldest_pending_ms: Option<i64>) -> Option<i64> {
    let days = (now_ms - oldest_pending_ms?) / DAY_MS;
    (days > WAIT_WARNING_DAYS).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_warns_from_half_the_budget() {
        assert!(!storage_filling(0, 100));
        assert!(!storage_filling(49, 100));
        assert!(storage_filling(50, 100));
        assert!(storage_filling(100, 100));
    }

    #[test]
    fn waiting_warns_after_three_whole_days() {
        let now = 10 * DAY_MS;
        assert_eq!(waited_too_long(now, None), None);
        assert_eq!(waited_too_long(now, Some(now)), None);
        assert_eq!(waited_too_long(now, Some(now - 4 * DAY_MS + 1)), None);
        assert_eq!(waited_too_long(now, Some(now - 4 * DAY_MS)), Some(4));
        assert_eq!(waited_too_long(now, Some(now - 9 * DAY_MS)), Some(9));
    }
}
