//! The phone's clock and calendar, in the phone's own time zone. Device time is
//! what the cadre meant ("today"); it is never used to order anything.

use crate::i18n::{t, Lang, Text};
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

/// A past moment as people say it: "今天 14:05", "昨天 09:30", or "2026-11-02 18:10".
pub fn describe_moment(ms: i64, lang: Lang) -> String {
    let d = Date::new(&JsValue::from_f64(ms as f64));
    let hm = format!("{:02}:{:02}", d.get_hours(), d.get_minutes());
    let day = local_date(&d);
    let today = today();
    if day == today {
        format!("{} {hm}", t(lang, Text::Today))
    } else if day == today.add_days(-1) {
        format!("{} {hm}", t(lang, Text::Yesterday))
    } else {
        format!("{day} {hm}")
    }
}

/// How long ago a moment was, in whole days: "今天", "3天前" / "today", "3 days ago".
pub fn days_ago(ms: i64, lang: Lang) -> String {
    let days = (now_ms() - ms).max(0) / 86_400_000;
    match (days, lang) {
        (0, _) => t(lang, Text::Today).to_owned(),
        (n, Lang::Zh) => format!("{n}天前"),
        (1, Lang::En) => "1 day ago".into(),
        (n, Lang::En) => format!("{n} days ago"),
    }
}
