//! When to try again after a transient failure (network down, 5xx): exponential
//! backoff with jitter, so that a village's phones coming back into signal at
//! once do not all knock on the server in the same second.

/// First retry after about this long.
pub const BASE_DELAY_MS: u64 = 1_000;
/// Never wait longer than this between tries.
pub const MAX_DELAY_MS: u64 = 5 * 60_000;

/// The delay before try number `failures + 1`, given `failures` failures in a
/// row (≥ 1) and `jitter` drawn uniformly from `[0, 1)`. The result lies in
/// `[d/2, d)` where `d = min(MAX, BASE · 2^(failures-1))`.
pub fn retry_delay_ms(failures: u32, jitter: f64) -> u64 {
    let exp = failures.saturating_sub(1).min(20);
    let full = BASE_DELAY_MS.saturating_mul(1 << exp).min(MAX_DELAY_MS);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let half = full / 2;
    half + (half as f64 * jitter) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn grows_then_caps() {
        assert_eq!(retry_delay_ms(1, 0.0), 500);
        assert_eq!(retry_delay_ms(2, 0.0), 1_000);
        assert_eq!(retry_delay_ms(3, 0.0), 2_000);
        assert_eq!(retry_delay_ms(30, 0.0), MAX_DELAY_MS / 2);
        assert_eq!(retry_delay_ms(0, 0.0), 500);
    }

    proptest! {
        #[test]
        fn stays_in_bounds(failures in 0u32..100, jitter in 0.0f64..1.0) {
            let d = retry_delay_ms(failures, jitter);
            prop_assert!(d >= BASE_DELAY_MS / 2);
            prop_assert!(d <= MAX_DELAY_MS);
        }
    }
}
