use super::*;

fn body(code: &str) -> String {
    format!(r#"{{"error":{{"code":"{code}","message":"m","message_zh":"中"}}}}"#)
}

#[test]
fn wire_names() {
    use shared::access::Role;
    use shared::org::OrgKind;
    assert_eq!(wire_name(&OrgKind::WomenGroup), "women_group");
    assert_eq!(from_wire_name::<OrgKind>("village"), Some(OrgKind::Village));
    assert_eq!(from_wire_name::<Role>("cadre"), Some(Role::Cadre));
    assert_eq!(from_wire_name::<Role>("x\""), None);
}

#[test]
fn answers_are_sorted() {
    assert_eq!(sort(200, b"{}".to_vec()), Ok(b"{}".to_vec()));
    assert_eq!(
        sort(503, Vec::new()),
        Err(ApiError::Transient(Transient::Server(503)))
    );
    assert_eq!(
        sort(429, Vec::new()),
        Err(ApiError::Transient(Transient::Server(429)))
    );
    let locked = sort(429, body("account_locked").into_bytes()).unwrap_err();
    assert_eq!(locked.code(), Some("account_locked"));
    assert_eq!(locked.auth_problem(), None);
}

#[test]
fn report_queries() {
    let mut params = ReportParams {
        from: "2023-01-01".parse().unwrap(),
        to: "2023-12-31".parse().unwrap(),
        org: None,
        lang: None,
    };
    assert_eq!(report_query(&params), "from=2023-01-01&to=2023-12-31");
    params.org = Some(Uuid::nil());
    params.lang = Some(shared::Lang::En);
    assert_eq!(
        report_query(&params),
        "from=2023-01-01&to=2023-12-31&org=00000000-0000-0000-0000-000000000000&lang=en"
    );
}

#[test]
fn session_and_device_refusals() {
    let p = |status, code: &str| {
        sort(status, body(code).into_bytes())
            .unwrap_err()
            .auth_problem()
    };
    assert_eq!(p(401, "session_expired"), Some(AuthProblem::SignInAgain));
    assert_eq!(p(401, "unauthenticated"), Some(AuthProblem::SignInAgain));
    assert_eq!(p(403, "wrong_device"), Some(AuthProblem::SignInAgain));
    assert_eq!(p(401, "device_revoked"), Some(AuthProblem::DeviceRevoked));
    assert_eq!(p(403, "device_revoked"), Some(AuthProblem::DeviceRevoked));
    assert_eq!(p(403, "forbidden"), None);
    assert_eq!(p(422, "invalid_body"), None);
    assert_eq!(
        sort(401, b"<html>".to_vec()).unwrap_err().auth_problem(),
        Some(AuthProblem::SignInAgain)
    );
}
