//! A device's model as the admin's device list names it, from the browser's
//! user agent: "Android · Chrome 120", "iPhone · Safari 17", "微信" (WeChat's
//! in-app browser, whatever the phone: that is what the cadre knows it as).
//! Made on the phone at sign-in and stored as the device's label.
#![deny(missing_docs)]

/// The model of the device whose browser sends `ua`.
pub fn device_model(ua: &str) -> String {
    if ua.contains("MicroMessenger") {
        return "微信".into();
    }
    let os = os(ua);
    let browser = browser(ua);
    match (os, browser) {
        ("", None) => "Browser".into(),
        (os, None) => os.into(),
        ("", Some(b)) => b,
        (os, Some(b)) => format!("{os} · {b}"),
    }
}

fn os(ua: &str) -> &'static str {
    let has = |s: &str| ua.contains(s);
    if has("HarmonyOS") || has("OpenHarmony") {
        "HarmonyOS"
    } else if has("Android") {
        "Android"
    } else if has("iPhone") {
        "iPhone"
    } else if has("iPad") {
        "iPad"
    } else if has("Windows") {
        "Windows"
    } else if has("Mac OS") || has("Macintosh") {
        "Mac"
    } else if has("Linux") {
        "Linux"
    } else {
        ""
    }
}

/// The browser's name and major version (the first listed token wins, so
/// the browsers built on Chrome are named before Chrome).
fn browser(ua: &str) -> Option<String> {
    const BROWSERS: [(&str, &str); 11] = [
        ("HuaweiBrowser/", "Huawei Browser"),
        ("MiuiBrowser/", "Mi Browser"),
        ("UCBrowser/", "UC"),
        ("MQQBrowser/", "QQ Browser"),
        ("QQBrowser/", "QQ Browser"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("EdgA/", "Edge"),
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
    ];
    for (token, name) in BROWSERS {
        if let Some(v) = version_after(ua, token) {
            return Some(format!("{name} {v}"));
        }
    }
    if let Some(v) = version_after(ua, "Chrome/") {
        return Some(format!("Chrome {v}"));
    }
    if ua.contains("Safari/") {
        // Safari says its own version in `Version/`.
        return Some(match version_after(ua, "Version/") {
            Some(v) => format!("Safari {v}"),
            None => "Safari".into(),
        });
    }
    None
}

/// The major version right after `token`, if the token is there.
fn version_after<'a>(ua: &'a str, token: &str) -> Option<&'a str> {
    let at = ua.find(token)? + token.len();
    let rest = &ua[at..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::device_model;

    #[test]
    fn models_from_real_user_agents() {
        let cases = [
            ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36", "Android · Chrome 120"),
            ("Mozilla/5.0 (Linux; Android 12; V2055A) AppleWebKit/537.36 Chrome/86 Mobile Safari/537.36 MicroMessenger/8.0.40", "微信"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "iPhone · Safari 17"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0", "Windows · Edge 120"),
            ("Mozilla/5.0 (Linux; Android 10; HarmonyOS; NOH-AN00) AppleWebKit/537.36 Chrome/99.0 Mobile Safari/537.36 HuaweiBrowser/14.0.1.300", "HarmonyOS · Huawei Browser 14"),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0 Safari/537.36", "Linux · Chrome 140"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 CriOS/119.0 Mobile/15E148 Safari/604.1", "iPhone · Chrome 119"),
            ("", "Browser"),
        ];
        for (ua, want) in cases {
            assert_eq!(device_model(ua), want, "{ua}");
        }
    }
}
