//! The phone's clock and calendar, in the phone's own time zone. Device time is
//! what the cadre meant ("today"); it is never used to order anything.

use js_sys::Date;
use shared::LocalDate;
use wasm_bindgen::JsValue;

/// Milliseconds since the Unix epoch, by the phone's clock.
pub fn now_ms() -> i64 {
    Date::now() as i64
}

/// Today in the phone's time zone.
pub fn today() -> LocalDate {
    local_date(&Date::new_0())
}

fn local_date(d: &Date) -> LocalDate {
    // getMonth is 0-based. A JS date is always a real calendar date.
    LocalDate::new(
        d.get_full_year() as i32,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    )
    .unwrap_or_else(|| LocalDate::from_unix_ms(d.get_time() as i64, 0))
}

/// A moment by the phone's calendar and clock: its day, hour and minute.
pub fn local_time(ms: i64) -> (LocalDate, u32, u32) {
    let d = Date::new(&JsValue::from_f64(ms as f64));
    (local_date(&d), d.get_hours(), d.get_minutes())
}
