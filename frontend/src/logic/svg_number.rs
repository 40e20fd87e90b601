//! Numbers for SVG attributes (the charts' coordinates), with one decimal,
//! written through integer formatting: an `f64` given to `format!` or to a
//! view's attribute pulls in `core::fmt`'s float machinery (flt2dec's grisu
//! and dragon, about 12 KB of wasm) that nothing else in the app needs.

/// `x` rounded to tenths, e.g. `"12.5"`, `"-0.3"`, `"7.0"` (what `{x:.1}`
/// writes, ties aside: they round away from zero).
pub fn tenths(x: f64) -> String {
    // `as` saturates and maps NaN to 0: a chart never holds either.
    let t = (x * 10.0).round() as i64;
    let sign = if t < 0 { "-" } else { "" };
    let t = t.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_write_what_the_float_formatter_writes() {
        assert_eq!(tenths(0.0), "0.0");
        assert_eq!(tenths(7.0), "7.0");
        assert_eq!(tenths(12.54), "12.5");
        assert_eq!(tenths(12.56), "12.6");
        assert_eq!(tenths(-0.34), "-0.3");
        assert_eq!(tenths(360.0), "360.0");
        // Across the charts' range, the same text as `{:.1}` away from ties.
        for i in -4000..4000 {
            let x = f64::from(i) * 0.137 + 0.011;
            if ((x * 10.0).abs().fract() - 0.5).abs() < 1e-6 {
                continue; // a tie: ours rounds away from zero
            }
            assert_eq!(tenths(x), format!("{x:.1}"), "{x}");
        }
    }
}
