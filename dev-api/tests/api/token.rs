//! `POST /api/token` and bearer authentication.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::Value;

use crate::client::*;

fn error_code(r: &Resp) -> String {
    assert_eq!(r.status, 400, "{}", r.text());
    r.json()["error"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn password_grant_answers_exactly_the_contract() {
    let s = server_with(|c| c.token_ttl_secs = 120);
    let r = s.token(
        "grant_type=password&username=admin%40example.com&password=Admin%232026",
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let body = r.json();
    let keys: BTreeSet<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["access_token", "token_type", "expires_in", "refresh_token"])
    );
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 120);
    let access = body["access_token"].as_str().unwrap();
    assert!(access.len() >= 32);
    assert_ne!(access, body["refresh_token"].as_str().unwrap());
    assert_eq!(s.get("/api/sys/users?size=1", access).status, 200);
    // The email is matched case-insensitively.
    let r = s.token(
        "grant_type=password&username=ADMIN%40Example.com&password=Admin%232026",
        None,
    );
    assert_eq!(r.status, 200);
}

#[test]
fn bad_credentials_are_invalid_grant() {
    let s = server();
    // A seeded user without a sign-in password.
    let seed = dev_api::seed::users(dev_api::seed::USER_COUNT);
    let plain = enc(seed[10]["Email"].as_str().unwrap());
    for form in [
        "grant_type=password&username=admin%40example.com&password=wrong".to_owned(),
        "grant_type=password&username=nobody%40example.com&password=Admin%232026".to_owned(),
        "grant_type=password&username=admin%40example.com".to_owned(),
        "grant_type=password".to_owned(),
        format!("grant_type=password&username={plain}&password="),
        format!("grant_type=password&username={plain}&password=Admin%232026"),
    ] {
        let r = s.token(&form, None);
        assert_eq!(error_code(&r), "invalid_grant", "{form}");
        assert!(r.json()["error_description"].is_string());
    }
}

#[test]
fn two_factor_account_needs_the_demo_code() {
    let s = server();
    let base = "grant_type=password&username=twofactor%40example.com&password=Admin%232026";
    assert_eq!(error_code(&s.token(base, None)), "two_factor_auth_check");
    assert_eq!(
        error_code(&s.token(&format!("{base}&totp=000000"), None)),
        "two_factor_auth_check"
    );
    // Wrong password with a right code is still a bad credential.
    assert_eq!(
        error_code(&s.token(
            "grant_type=password&username=twofactor%40example.com&password=x&totp=123456",
            None
        )),
        "invalid_grant"
    );
    let r = s.token(&format!("{base}&totp=123456"), None);
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn reset_account_must_reset_password() {
    let s = server();
    let r = s.token(
        "grant_type=password&username=reset%40example.com&password=Admin%232026",
        None,
    );
    assert_eq!(error_code(&r), "must_reset_password");
}

#[test]
fn only_form_encoding_is_accepted() {
    let s = server();
    let json =
        br#"{"grant_type":"password","username":"admin@example.com","password":"Admin#2026"}"#;
    for content_type in [Some("application/json"), Some("text/plain"), None] {
        let headers: Vec<(&str, &str)> = content_type
            .map(|c| vec![("Content-Type", c)])
            .unwrap_or_default();
        let r = s.send("POST", "/api/token", &headers, Some(json));
        assert_eq!(error_code(&r), "unsupported_grant_type", "{content_type:?}");
    }
    // Form-encoded with a charset is fine; an unknown grant is not.
    let r = s.send(
        "POST",
        "/api/token",
        &[(
            "Content-Type",
            "application/x-www-form-urlencoded; charset=UTF-8",
        )],
        Some(b"grant_type=password&username=admin%40example.com&password=Admin%232026"),
    );
    assert_eq!(r.status, 200);
    for form in ["grant_type=client_credentials", "username=a", ""] {
        assert_eq!(
            error_code(&s.token(form, None)),
            "unsupported_grant_type",
            "{form}"
        );
    }
    assert_eq!(s.send("GET", "/api/token", &[], None).status, 405);
}

fn refresh(s: &Server, rt: &str, client: Option<&str>) -> Resp {
    s.token(
        &format!("grant_type=refresh_token&refresh_token={}", enc(rt)),
        client,
    )
}

#[test]
fn refresh_rotates_and_rejects_reuse() {
    let s = server();
    let first = s.sign_in_full("admin@example.com", "Admin#2026");
    let rt1 = first["refresh_token"].as_str().unwrap();
    let r = refresh(&s, rt1, None);
    assert_eq!(r.status, 200, "{}", r.text());
    let second = r.json();
    let rt2 = second["refresh_token"].as_str().unwrap();
    assert_ne!(rt1, rt2);
    assert_eq!(second["token_type"], "bearer");
    let access2 = second["access_token"].as_str().unwrap();
    assert_eq!(s.get("/api/sys/users?size=1", access2).status, 200);
    // The old access token keeps working until it expires.
    assert_eq!(
        s.get(
            "/api/sys/users?size=1",
            first["access_token"].as_str().unwrap()
        )
        .status,
        200
    );
    assert_eq!(error_code(&refresh(&s, rt1, None)), "invalid_grant");
    assert_eq!(
        error_code(&refresh(&s, "no-such-token", None)),
        "invalid_grant"
    );
    assert_eq!(error_code(&refresh(&s, "", None)), "invalid_grant");
    assert_eq!(refresh(&s, rt2, None).status, 200);

    let stats = s.stats();
    assert_eq!(stats["token_requests"]["password"], 1);
    assert_eq!(stats["token_requests"]["refresh_token"], 5);
    assert_eq!(stats["tokens_issued"]["refresh_token"], 2);
}

#[test]
fn client_id_scopes_refresh_tokens() {
    let s = server();
    let r = s.token(
        "grant_type=password&username=admin%40example.com&password=Admin%232026",
        Some("browser-A"),
    );
    assert_eq!(r.status, 200);
    let rt = r.json()["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(
        error_code(&refresh(&s, &rt, Some("browser-B"))),
        "invalid_grant"
    );
    assert_eq!(error_code(&refresh(&s, &rt, None)), "invalid_grant");
    // A mismatch does not burn the token for its rightful client.
    let r = refresh(&s, &rt, Some("browser-A"));
    assert_eq!(r.status, 200, "{}", r.text());
    // A token issued without client_id is rejected for a client that sends one.
    let plain = s.sign_in_full("admin@example.com", "Admin#2026");
    let plain_rt = plain["refresh_token"].as_str().unwrap();
    assert_eq!(
        error_code(&refresh(&s, plain_rt, Some("browser-A"))),
        "invalid_grant"
    );
}

#[test]
fn missing_bad_or_expired_bearer_is_401() {
    let s = server_with(|c| c.token_ttl_secs = 1);
    let body = s.sign_in_full("admin@example.com", "Admin#2026");
    assert_eq!(body["expires_in"], 1);
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(s.get("/api/sys/users/1001", token).status, 200);

    let denied = |r: Resp| {
        assert_eq!(r.status, 401, "{}", r.text());
        assert_eq!(
            r.json()["Message"],
            "Authorization has been denied for this request."
        );
    };
    for path in ["/api/sys/users", "/api/sys/users/1001"] {
        denied(s.send("GET", path, &[], None));
        denied(s.send("GET", path, &[("Authorization", "Bearer nope")], None));
        denied(s.send("GET", path, &[("Authorization", "Bearer ")], None));
        denied(s.send(
            "GET",
            path,
            &[("Authorization", &format!("Basic {token}"))],
            None,
        ));
    }
    denied(s.send("PUT", "/api/sys/users", &[], Some(b"{}")));

    std::thread::sleep(Duration::from_millis(1300));
    denied(s.get("/api/sys/users/1001", token));
    // The refresh token outlives the access token.
    let r = refresh(&s, body["refresh_token"].as_str().unwrap(), None);
    assert_eq!(r.status, 200);
    let fresh = r.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(s.get("/api/sys/users/1001", &fresh).status, 200);
}

#[test]
fn inactive_users_cannot_sign_in_and_new_password_works() {
    let s = server();
    let admin = s.sign_in("admin@example.com");
    // A seeded active, plain user; give them a password, then sign in.
    let seed = dev_api::seed::users(dev_api::seed::USER_COUNT);
    let user = seed
        .iter()
        .find(|u| {
            u["Active"] == true
                && u["TwoFactorEnabled"] == false
                && u["MustResetPassword"] == false
                && !dev_api::DEMO_ACCOUNTS
                    .iter()
                    .any(|a| u["Id"].as_i64() == Some(a.id))
        })
        .unwrap();
    let id = user["Id"].as_i64().unwrap();
    let email = user["Email"].as_str().unwrap().to_owned();
    let mut record = s.user(&admin, id);
    let old_hash = record["Password"].clone();
    record["NewPassword"] = Value::from("Welcome#2027");
    let r = s.put(&admin, &record);
    assert_eq!(r.status, 200, "{}", r.text());
    let stored = s.user(&admin, id);
    assert_eq!(stored["NewPassword"], Value::Null);
    assert_ne!(stored["Password"], old_hash);
    assert_ne!(stored["Password"], "Welcome#2027");
    let token = s.sign_in_full(&email, "Welcome#2027");
    assert!(token["access_token"].is_string());
    // Without the User-List role or admin rights, searching is refused.
    let plain_token = token["access_token"].as_str().unwrap();
    assert_eq!(s.get("/api/sys/users", plain_token).status, 401);

    let mut record = stored;
    record["Active"] = Value::Bool(false);
    assert_eq!(s.put(&admin, &record).status, 200);
    let r = s.token(
        &format!(
            "grant_type=password&username={}&password=Welcome%232027",
            enc(&email)
        ),
        None,
    );
    assert_eq!(error_code(&r), "invalid_grant");
    // And an inactive user's refresh token no longer works.
    let rt = token["refresh_token"].as_str().unwrap();
    assert_eq!(error_code(&refresh(&s, rt, None)), "invalid_grant");
}
