//! The audit actions' codes and the sentences records are said in.

use super::*;

#[test]
fn codes_are_the_wire_names_and_come_back() {
    for a in AuditAction::ALL {
        assert_eq!(serde_json::to_value(a).unwrap(), a.code());
        assert_eq!(AuditAction::from_code(a.code()), Some(a));
        assert!(!a.label(Lang::Zh).is_empty() && !a.label(Lang::En).is_empty());
    }
    let mut codes: Vec<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), AuditAction::ALL.len());
    assert_eq!(AuditAction::from_code("device.register"), None);
}

fn record(action: AuditAction) -> AuditRecord {
    AuditRecord {
        id: 1,
        at_ms: 0,
        user_id: Some(Uuid::from_u128(1)),
        username: Some("hewan".into()),
        device_id: Some(Uuid::from_u128(2)),
        action: action.code().into(),
        target: Uuid::from_u128(3).to_string(),
        detail: "change 42".into(),
        actor_name: Some("孙艳萍".into()),
        actor_org: Some("河湾社区妇联".into()),
        device_label: Some("Android Chrome".into()),
        target_label: Some("党的二十大精神进社区宣讲".into()),
    }
}

#[test]
fn a_record_is_said_with_names_and_never_an_id_or_a_code() {
    let r = record(AuditAction::EntryUpdate);
    assert_eq!(
        sentence(&r, Lang::Zh),
        "孙艳萍（河湾社区妇联）在 Android Chrome 上修改了记录「党的二十大精神进社区宣讲」"
    );
    assert_eq!(
        sentence(&r, Lang::En),
        "孙艳萍 (河湾社区妇联) on Android Chrome changed entry “党的二十大精神进社区宣讲”"
    );
    for action in AuditAction::ALL {
        for lang in [Lang::Zh, Lang::En] {
            for gone in [false, true] {
                let mut r = record(action);
                if gone {
                    r.target_label = None;
                    r.device_label = None;
                }
                let said = sentence(&r, lang);
                assert!(!said.contains(&r.target), "{said}");
                // (`import` is also an English word: dotted codes only.)
                let code = action.code();
                assert!(!code.contains('.') || !said.contains(code), "{said}");
                assert!(
                    !said.contains("hewan") && !said.contains("change 42"),
                    "{said}"
                );
            }
        }
    }
}

#[test]
fn a_failed_sign_in_of_an_unknown_name_says_the_name_tried() {
    let r = AuditRecord {
        user_id: None,
        username: None,
        device_id: None,
        actor_name: None,
        actor_org: None,
        device_label: None,
        target: "nobody".into(),
        target_label: None,
        ..record(AuditAction::SignInFailed)
    };
    assert_eq!(sentence(&r, Lang::Zh), "有人以用户名“nobody”登录失败");
    let old = AuditRecord {
        action: "device.register".into(),
        ..record(AuditAction::SignIn)
    };
    assert!(
        sentence(&old, Lang::Zh).ends_with("：device.register"),
        "an older code, as stored"
    );
}
