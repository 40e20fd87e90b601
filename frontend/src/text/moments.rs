//! Moments as people say them: "今天 14:05", "昨天 09:30", "3天前", by the
//! phone's calendar.

use crate::platform::clock::{local_time, now_ms, today};
use crate::text::i18n::{t, Lang, Text};

/// A past moment as people say it: "今天 14:05", "昨天 09:30", or "2026-11-02 18:10".
pub fn describe_moment(ms: i64, lang: Lang) -> String {
    let (day, hours, minutes) = local_time(ms);
    let hm = format!("{hours:02}:{minutes:02}");
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
