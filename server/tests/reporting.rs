//! Reporting and accounts over real HTTP on both engines: who may send
//! which figures (API, pages' server functions and forms alike), every
//! validation rule refusing the whole batch, idempotent retries,
//! corrections with their audit row, concurrent senders, uploads with a
//! preview, the command line, sessions and sign-in.

#[macro_use]
mod common;

use std::sync::Arc;

use chrono::NaiveDate;
use common::{Engine, TestDb, campaign, figures, spawn, spawn_with};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tiendo_app::api::{CommitUpload, GetSignedIn, GetUpload, SubmitReport};
use tiendo_core::Stage;
use tiendo_core::accounts::Role;
use tiendo_server::accounts::Accounts;
use tiendo_server::views::Context;

const PASSWORD: &str = "correct horse battery";
/// The small demo's last day.
const DAY: &str = "2021-03-20";

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Creates an account with [`PASSWORD`] and returns an API token for it.
async fn account(t: &TestDb, name: &str, role: Role, unit: &str) -> String {
    let accounts = Accounts::new(Arc::new(Context::new(t.db.clone())));
    accounts
        .create(None, name, PASSWORD, role, unit)
        .await
        .unwrap();
    accounts.issue_token(None, name, "tests").await.unwrap()
}

async fn post(base: &str, token: Option<&str>, body: &Value) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new()
        .post(format!("{base}/api/v1/reports"))
        .json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// A batch of one applications figure: the recorded one plus `more`.
async fn one(t: &TestDb, unit: &str, more: u64) -> Value {
    let id = campaign(t.db.as_ref()).await.id;
    let now = figures(t.db.as_ref(), id, unit, Stage::Applications, day(DAY)).await;
    json!({"reports": [{"unit": unit, "date": DAY, "stage": "applications", "count": now.daily + more}]})
}

async fn api_answers_each_role_for_each_scope(engine: Engine) {
    let t = common::small_demo(engine, DAY).await;
    let base = spawn(&t).await;
    let ministry = account(&t, "bo.cong.an", Role::Ministry, "VN").await;
    let hanoi = account(&t, "chi.huy.hn", Role::Commander, "01").await;
    let phuc_xa = account(&t, "phuc.xa", Role::Reporter, "00001").await;
    let ba_dinh = account(&t, "ba.dinh", Role::Reporter, "001").await;
    let press = account(&t, "bao.chi", Role::PublicAffairs, "VN").await;
    let admin = account(&t, "quan.tri", Role::Admin, "VN").await;
    // Phúc Xá; Trúc Bạch, its sibling in Ba Đình; Phúc Tân in Hoàn Kiếm; Hải Châu I in Đà Nẵng.
    let units = ["00001", "00004", "00037", "20236"];
    let expected: [(&str, &str, [u16; 4]); 6] = [
        ("ministry", &ministry, [200, 200, 200, 200]),
        ("commander of Hà Nội", &hanoi, [200, 200, 200, 403]),
        ("reporter of Phúc Xá", &phuc_xa, [200, 403, 403, 403]),
        ("reporter of Ba Đình", &ba_dinh, [200, 200, 403, 403]),
        ("public affairs", &press, [403, 403, 403, 403]),
        ("admin", &admin, [403, 403, 403, 403]),
    ];
    for (who, token, statuses) in expected {
        for (unit, want) in units.iter().zip(statuses) {
            let version = t.db.data_version().await.unwrap();
            let (status, body) = post(&base, Some(token), &one(&t, unit, 1).await).await;
            assert_eq!(status.as_u16(), want, "{who} for {unit}: {body}");
            if want == 403 {
                assert_eq!(body["problems"][0]["field"], "unit", "{body}");
                assert_eq!(
                    t.db.data_version().await.unwrap(),
                    version,
                    "{who} changed {unit}"
                );
            } else {
                assert_eq!(body["results"][0]["outcome"], "corrected", "{body}");
            }
        }
    }
    // Without a token, a revoked one, or one of a disabled account: 401.
    let body = one(&t, "00001", 2).await;
    assert_eq!(post(&base, None, &body).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        post(&base, Some("tdo_nothing"), &body).await.0,
        StatusCode::UNAUTHORIZED
    );
    let accounts = Accounts::new(Arc::new(Context::new(t.db.clone())));
    let tokens =
        t.db.tokens(t.db.account_by_name("ba.dinh").await.unwrap().unwrap().0.id)
            .await
            .unwrap();
    accounts
        .revoke_token(None, "ba.dinh", tokens[0].id)
        .await
        .unwrap();
    assert_eq!(
        post(&base, Some(&ba_dinh), &body).await.0,
        StatusCode::UNAUTHORIZED
    );
    accounts.set_disabled(None, "phuc.xa", true).await.unwrap();
    assert_eq!(
        post(&base, Some(&phuc_xa), &body).await.0,
        StatusCode::UNAUTHORIZED
    );
}

async fn every_rule_is_refused_with_its_item_and_field_and_nothing_changes(engine: Engine) {
    let t = common::small_demo(engine, DAY).await;
    let base = spawn(&t).await;
    let token = account(&t, "chi.huy.hn", Role::Commander, "01").await;
    let good = json!({"unit": "00004", "date": DAY, "stage": "applications", "count": 5});
    let cases = [
        (
            json!({"unit": "99999", "date": DAY, "stage": "applications", "count": 1}),
            "unit",
            "no unit has the code '99999'",
        ),
        (
            json!({"unit": "001", "date": DAY, "stage": "applications", "count": 1}),
            "unit",
            "only communes report figures",
        ),
        (
            json!({"unit": "00001", "date": DAY, "stage": "applications", "count": -1}),
            "count",
            "must not be negative",
        ),
        (
            json!({"unit": "00001", "date": DAY, "stage": "applications", "count": 2.5}),
            "count",
            "is not a whole number",
        ),
        (
            json!({"unit": "00001", "date": DAY, "stage": "applications", "count": 250000}),
            "count",
            "is too large",
        ),
        (
            json!({"unit": "00001", "date": DAY, "stage": "applications", "count": "7"}),
            "count",
            "must be a number",
        ),
        (
            json!({"unit": "00001", "date": "2021-02-28", "stage": "applications", "count": 1}),
            "date",
            "is before the campaign began on 01/03/2021",
        ),
        (
            json!({"unit": "00001", "date": "2099-01-01", "stage": "applications", "count": 1}),
            "date",
            "is after today",
        ),
        (
            json!({"unit": "00001", "date": "31/02/2021", "stage": "applications", "count": 1}),
            "date",
            "is not a date as dd/mm/yyyy",
        ),
        (
            json!({"unit": "00001", "date": DAY, "stage": "printed", "count": 1}),
            "stage",
            "unknown stage 'printed'",
        ),
        (
            json!({"unit": "00001", "date": DAY, "stage": "produced", "count": 99999}),
            "count",
            "above applications",
        ),
    ];
    for (bad, field, message) in cases {
        let version = t.db.data_version().await.unwrap();
        let (status, body) = post(
            &base,
            Some(&token),
            &json!({"reports": [good.clone(), bad.clone()]}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        let p = &body["problems"][0];
        assert_eq!(
            (p["index"].as_u64(), p["field"].as_str()),
            (Some(1), Some(field)),
            "{body}"
        );
        assert!(
            p["message"].as_str().unwrap().contains(message),
            "{bad}: {p}"
        );
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("nothing was written")
        );
        assert_eq!(
            t.db.data_version().await.unwrap(),
            version,
            "{bad} wrote something"
        );
    }
    // The same figure twice in one batch.
    let (status, body) = post(
        &base,
        Some(&token),
        &json!({"reports": [good.clone(), good.clone()]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("repeats"),
        "{body}"
    );
    // Far above the commune's history: a warning, written once confirmed.
    let far = json!({"reports": [{"unit": "00004", "date": DAY, "stage": "applications", "count": 60000}]});
    let (status, body) = post(&base, Some(&token), &far).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["problems"][0]["severity"], "warning", "{body}");
    let mut confirmed = far.clone();
    confirmed["confirm_warnings"] = json!(true);
    let (status, body) = post(&base, Some(&token), &confirmed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = post(&base, Some(&token), &json!({"nope": []})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

async fn a_retried_batch_changes_nothing_and_a_correction_moves_every_total_once(engine: Engine) {
    let t = common::small_demo(engine, DAY).await;
    let base = spawn(&t).await;
    let token = account(&t, "phuc.xa", Role::Reporter, "00001").await;
    let id = campaign(t.db.as_ref()).await.id;
    let on = day(DAY);
    let nation = figures(t.db.as_ref(), id, "VN", Stage::Applications, on)
        .await
        .cumulative;
    let old = figures(t.db.as_ref(), id, "00001", Stage::Applications, on)
        .await
        .daily;
    let body = json!({"reports": [{"unit": "00001", "date": DAY, "stage": "applications", "count": old + 40}]});
    let send = |key: &'static str, body: Value| {
        let (base, token) = (base.clone(), token.clone());
        async move {
            let resp = reqwest::Client::new()
                .post(format!("{base}/api/v1/reports"))
                .bearer_auth(token)
                .header("idempotency-key", key)
                .json(&body)
                .send()
                .await
                .unwrap();
            let replayed = resp.headers().contains_key("idempotent-replayed");
            (resp.status(), replayed, resp.json::<Value>().await.unwrap())
        }
    };
    let (status, replayed, first) = send("batch-1", body.clone()).await;
    assert_eq!((status, replayed), (StatusCode::OK, false), "{first}");
    assert_eq!(first["results"][0]["previous"], old);
    assert_eq!(first["results"][0]["outcome"], "corrected");
    let version = t.db.data_version().await.unwrap();
    let (status, replayed, again) = send("batch-1", body.clone()).await;
    assert_eq!((status, replayed), (StatusCode::OK, true));
    assert_eq!(again, first, "the same answer");
    assert_eq!(
        t.db.data_version().await.unwrap(),
        version,
        "a retry changed something"
    );
    let (status, _, other) = send("batch-1", json!({"reports": []})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{other}");
    // Totals moved by the difference, once, at every level; one audit row.
    assert_eq!(
        figures(t.db.as_ref(), id, "VN", Stage::Applications, on)
            .await
            .cumulative,
        nation + 40
    );
    let changes = t.db.changes(id, "00001", 10).await.unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!((changes[0].old, changes[0].new), (Some(old), old + 40));
    assert_eq!(changes[0].account.as_deref(), Some("phuc.xa"));
    assert_eq!(changes[0].channel, tiendo_core::intake::Channel::Api);
    // A district page lists its communes' corrections; anonymous readers see no names.
    let (status, page) = common::page(&format!("{base}/d/001?date={DAY}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("data-testid=\"changes\""),
        "the history is on the page"
    );
    assert!(
        !page.contains("phuc.xa"),
        "an account name was shown to an anonymous reader"
    );
}

async fn concurrent_senders_of_one_figure_never_double_count(engine: Engine) {
    let t = common::small_demo(engine, DAY).await;
    let base = spawn(&t).await;
    let a = account(&t, "ba.dinh", Role::Reporter, "001").await;
    let b = account(&t, "chi.huy.hn", Role::Commander, "01").await;
    let id = campaign(t.db.as_ref()).await.id;
    let on = day(DAY);
    let nation = figures(t.db.as_ref(), id, "VN", Stage::Applications, on)
        .await
        .cumulative;
    let old = figures(t.db.as_ref(), id, "00001", Stage::Applications, on)
        .await
        .daily;
    let mut sends = Vec::new();
    for (i, token) in [a.clone(), b.clone(), a, b].into_iter().enumerate() {
        let base = base.clone();
        let body = json!({"reports": [{"unit": "00001", "date": DAY, "stage": "applications", "count": old + 10 * (1 + i as u64 % 2)}]});
        sends.push(tokio::spawn(async move {
            post(&base, Some(&token), &body).await.0
        }));
    }
    for s in sends {
        assert_eq!(s.await.unwrap(), StatusCode::OK);
    }
    let last = figures(t.db.as_ref(), id, "00001", Stage::Applications, on)
        .await
        .daily;
    assert!(last == old + 10 || last == old + 20, "{last}");
    assert_eq!(
        figures(t.db.as_ref(), id, "VN", Stage::Applications, on)
            .await
            .cumulative,
        nation + (last - old),
        "the nation moved by the final difference only"
    );
}

/// A browser: a cookie jar, signed in as `name`.
async fn browser(base: &str, name: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = client
        .post(format!("{base}/sign-in"))
        .form(&[("name", name), ("password", PASSWORD), ("next", "/report")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{name} signs in");
    assert_eq!(resp.headers()["location"], "/report");
    client
}

/// The session's CSRF token, through the pages' own server function.
async fn csrf(client: &reqwest::Client, base: &str) -> String {
    let resp = client
        .post(format!("{base}{}", GetSignedIn::url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    let who: Value = resp.json().await.unwrap();
    who["csrf"].as_str().expect("signed in").to_string()
}

async fn the_form_checks_the_session_the_scope_and_the_csrf_token(engine: Engine) {
    let t = common::small_demo(engine, DAY).await;
    let base = spawn(&t).await;
    account(&t, "phuc.xa", Role::Reporter, "00001").await;
    let client = browser(&base, "phuc.xa").await;
    let token = csrf(&client, &base).await;
    let id = campaign(t.db.as_ref()).await.id;
    let old = figures(t.db.as_ref(), id, "00001", Stage::Applications, day(DAY))
        .await
        .daily;
    let form = |csrf: &str, unit: &str| {
        vec![
            ("csrf", csrf.to_string()),
            ("unit", unit.to_string()),
            ("date", "20/03/2021".to_string()),
            ("applications", (old + 3).to_string()),
            ("produced", String::new()),
            ("delivered", String::new()),
            ("lang", "en".to_string()),
        ]
    };
    let send = |client: reqwest::Client, fields: Vec<(&'static str, String)>| {
        let base = base.clone();
        async move {
            let resp = client
                .post(format!("{base}{}", SubmitReport::url()))
                .form(&fields)
                .send()
                .await
                .unwrap();
            let status = resp.status();
            (status, resp.text().await.unwrap())
        }
    };
    let (status, body) = send(client.clone(), form(&token, "00001")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let outcome: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(outcome["written"], true, "{body}");
    assert_eq!(
        figures(t.db.as_ref(), id, "00001", Stage::Applications, day(DAY))
            .await
            .daily,
        old + 3
    );
    // A sibling commune: refused, with the reason in the page's language.
    let (_, body) = send(client.clone(), form(&token, "00004")).await;
    let outcome: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(outcome["written"], false);
    assert!(
        outcome["errors"][0]
            .as_str()
            .unwrap()
            .contains("outside the units this account reports for"),
        "{body}"
    );
    // A wrong CSRF token, and no session at all.
    let (status, _) = send(client.clone(), form("forged", "00001")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send(reqwest::Client::new(), form(&token, "00001")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The reporting page itself sends a signed-out browser to sign in.
    let resp = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{base}/report"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_redirection(), "{}", resp.status());
    assert!(
        resp.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/sign-in?next=%2Freport")
    );
    // Signing out ends the session.
    let resp = client
        .post(format!("{base}/sign-out"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let (status, _) = send(client, form(&token, "00001")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn an_upload_failing_on_its_last_row_writes_nothing(engine: Engine) {
    let t = common::small_demo(engine, DAY).await;
    let base = spawn(&t).await;
    account(&t, "ba.dinh", Role::Reporter, "001").await;
    let client = browser(&base, "ba.dinh").await;
    let token = csrf(&client, &base).await;
    let upload = |file: &'static str| {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        async move {
            let form = reqwest::multipart::Form::new().text("csrf", token).part(
                "file",
                reqwest::multipart::Part::bytes(file.as_bytes().to_vec()).file_name("bao-cao.csv"),
            );
            let resp = client
                .post(format!("{base}/report/upload"))
                .multipart(form)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), StatusCode::SEE_OTHER);
            let preview = client
                .post(format!("{base}{}", GetUpload::url()))
                .form(&[("lang", "vi")])
                .send()
                .await
                .unwrap();
            preview.json::<Value>().await.unwrap()
        }
    };
    let version = t.db.data_version().await.unwrap();
    let preview = upload(
        "Mã đơn vị;Tên đơn vị;Ngày (dd/mm/yyyy);Thu nhận hồ sơ;Sản xuất thẻ;Trả thẻ\n\
         00001;Phúc Xá;20/03/2021;150;;\n\
         4;Trúc Bạch;20/03/2021;160;;\n\
         00037;Phúc Tân;20/03/2021;170;;\n",
    )
    .await;
    assert_eq!(preview["rows_with_errors"], 1, "{preview}");
    assert_eq!(preview["figures"], 2);
    let bad = &preview["rows"][0];
    assert_eq!(bad["row"], 4, "errors first: {preview}");
    assert!(
        bad["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("Dòng 4, mã đơn vị: Phúc Tân không thuộc phạm vi")
    );
    assert_eq!(
        preview["rows"][2]["unit"], "00004",
        "zeros restored: {preview}"
    );
    let commit = client
        .post(format!("{base}{}", CommitUpload::url()))
        .form(&[
            ("csrf", token.as_str()),
            ("confirmed", "false"),
            ("lang", "vi"),
        ])
        .send()
        .await
        .unwrap();
    let outcome: Value = commit.json().await.unwrap();
    assert_eq!(outcome["written"], false, "{outcome}");
    assert_eq!(
        t.db.data_version().await.unwrap(),
        version,
        "the upload wrote something"
    );
    // Mended, it writes both rows at once.
    let preview = upload(
        "Mã đơn vị;Tên đơn vị;Ngày (dd/mm/yyyy);Thu nhận hồ sơ;Sản xuất thẻ;Trả thẻ\n\
         00001;Phúc Xá;20/03/2021;150;;\n\
         00004;Trúc Bạch;20/03/2021;160;;\n",
    )
    .await;
    assert_eq!(preview["rows_with_errors"], 0, "{preview}");
    let commit = client
        .post(format!("{base}{}", CommitUpload::url()))
        .form(&[
            ("csrf", token.as_str()),
            ("confirmed", "true"),
            ("lang", "vi"),
        ])
        .send()
        .await
        .unwrap();
    let outcome: Value = commit.json().await.unwrap();
    assert_eq!(outcome["written"], true, "{outcome}");
    let id = campaign(t.db.as_ref()).await.id;
    assert_eq!(
        figures(t.db.as_ref(), id, "00004", Stage::Applications, day(DAY))
            .await
            .daily,
        160
    );
    // Both rows replaced the demo's figures of that day: two corrections.
    let changes = t.db.changes(id, "001", 10).await.unwrap();
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(
        changes
            .iter()
            .all(|c| c.channel == tiendo_core::intake::Channel::File)
    );
}

async fn a_private_dashboard_needs_signing_in_and_keeps_nothing_shared(engine: Engine) {
    let t = common::small_demo(engine, DAY).await;
    account(&t, "bao.chi", Role::PublicAffairs, "VN").await;
    let base = spawn_with(
        t.db.clone(),
        tiendo_server::http::Settings {
            public_read: false,
            ..Default::default()
        },
    )
    .await;
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = anonymous
        .get(format!("{base}/rankings"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(resp.headers()["location"], "/sign-in?next=%2Frankings");
    let resp = anonymous
        .get(format!("{base}/api/v1/progress/VN"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        anonymous
            .get(format!("{base}/sign-in"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let reader = browser(&base, "bao.chi").await;
    let resp = reader.get(format!("{base}/rankings")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        !resp.headers().contains_key("etag"),
        "a signed-in page was kept"
    );
}

async fn sessions_are_safe_and_guessing_is_refused(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-05").await;
    let base = spawn(&t).await;
    account(&t, "phuc.xa", Role::Reporter, "00001").await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = client
        .post(format!("{base}/sign-in"))
        .form(&[
            ("name", "phuc.xa"),
            ("password", PASSWORD),
            ("next", "https://evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["location"],
        "/report",
        "never sent elsewhere"
    );
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "not behind TLS here");
    // A wrong password says so, without telling which of name or password.
    let resp = client
        .post(format!("{base}/sign-in"))
        .form(&[("name", "phuc.xa"), ("password", "wrong password")])
        .send()
        .await
        .unwrap();
    assert!(
        resp.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/sign-in?error=wrong")
    );
    // After ten failures from anywhere, the account is locked for a while.
    let now = tiendo_server::db::unix_now();
    t.db.record_sign_in_failure(&["account:phuc.xa".to_string()], now)
        .await
        .unwrap();
    for _ in 0..9 {
        t.db.record_sign_in_failure(&["account:phuc.xa".to_string()], now)
            .await
            .unwrap();
    }
    let resp = client
        .post(format!("{base}/sign-in"))
        .form(&[("name", "phuc.xa"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(
        resp.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/sign-in?error=locked")
    );
    let (status, html) = common::page(&format!("{base}/sign-in?error=locked")).await;
    assert_eq!(status, 200);
    assert!(html.contains("thử lại sau 15 phút"));
}

both!(
    api_answers_each_role_for_each_scope,
    every_rule_is_refused_with_its_item_and_field_and_nothing_changes,
    a_retried_batch_changes_nothing_and_a_correction_moves_every_total_once,
    concurrent_senders_of_one_figure_never_double_count,
    the_form_checks_the_session_the_scope_and_the_csrf_token,
    an_upload_failing_on_its_last_row_writes_nothing,
    a_private_dashboard_needs_signing_in_and_keeps_nothing_shared,
    sessions_are_safe_and_guessing_is_refused,
);
