//! What operators script, on the real binary and both engines: accounts and
//! tokens from the command line, `tiendo import`, two servers on one
//! database where a figure sent through one is served by the other, a server killed in the middle of a batch (all or nothing), one
//! stopped by SIGTERM during a batch (finishes it, then exits), and a bad
//! configuration refused at start with the key named.

#[macro_use]
mod common;

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use common::{Engine, campaign, figures, get, post_reports, serve, tiendo};
use serde_json::{Value, json};
use tiendo_core::Stage;

/// Runs `tiendo` with `stdin`; its status, stdout and stderr.
fn run(url: &str, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = tiendo(url, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A token for a new account, made the way operators make it.
fn token_for(url: &str, name: &str, role: &str, unit: &str) -> String {
    let (ok, out, err) = run(
        url,
        &["user", "add", name, "--role", role, "--unit", unit],
        "mật khẩu thật dài\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains(&format!("account '{name}' created")), "{out}");
    let (ok, out, err) = run(url, &["token", "add", name], "");
    assert!(ok, "{err}");
    out.lines()
        .last()
        .expect("the token on the last line")
        .to_string()
}

async fn operators_script_accounts_tokens_and_imports(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-20").await;
    let token = token_for(&t.url, "hn.import", "commander", "01");
    assert!(token.starts_with("tdo_"), "{token}");
    // A bad role, a unit of the wrong level, a short password, a taken name.
    let (ok, _, err) = run(
        &t.url,
        &["user", "add", "x.y.z", "--role", "boss", "--unit", "01"],
        "mật khẩu thật dài\n",
    );
    assert!(!ok && err.contains("--role: unknown role 'boss'"), "{err}");
    let (ok, _, err) = run(
        &t.url,
        &[
            "user",
            "add",
            "x.y.z",
            "--role",
            "commander",
            "--unit",
            "001",
        ],
        "mật khẩu thật dài\n",
    );
    assert!(
        !ok && err.contains("unit: a commander account belongs to a province"),
        "{err}"
    );
    let (ok, _, err) = run(
        &t.url,
        &[
            "user", "add", "x.y.z", "--role", "reporter", "--unit", "00001",
        ],
        "short\n",
    );
    assert!(
        !ok && err.contains("password: at least 10 characters"),
        "{err}"
    );
    let (ok, _, err) = run(
        &t.url,
        &[
            "user",
            "add",
            "hn.import",
            "--role",
            "reporter",
            "--unit",
            "00001",
        ],
        "mật khẩu thật dài\n",
    );
    assert!(!ok && err.contains("already named 'hn.import'"), "{err}");

    // An import whose last row is outside the account's province: nothing written.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bao-cao.csv");
    std::fs::write(
        &file,
        "Mã đơn vị;Ngày;Thu nhận hồ sơ\n00001;20/03/2021;321\n20236;20/03/2021;5\n",
    )
    .unwrap();
    let version = t.db.data_version().await.unwrap();
    let (ok, _, err) = run(
        &t.url,
        &["import", file.to_str().unwrap(), "--as", "hn.import"],
        "",
    );
    assert!(!ok, "an import outside the scope succeeded");
    assert!(err.contains("Row 3, unit: Hải Châu  I is outside"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(t.db.data_version().await.unwrap(), version);
    std::fs::write(
        &file,
        "Mã đơn vị;Ngày;Thu nhận hồ sơ\n00001;20/03/2021;321\n",
    )
    .unwrap();
    let (ok, out, err) = run(
        &t.url,
        &["import", file.to_str().unwrap(), "--as", "hn.import"],
        "",
    );
    assert!(ok, "{err}");
    assert!(out.contains("recorded 1 figures"), "{out}");
    let id = campaign(t.db.as_ref()).await.id;
    let day: NaiveDate = "2021-03-20".parse().unwrap();
    assert_eq!(
        figures(t.db.as_ref(), id, "00001", Stage::Applications, day)
            .await
            .daily,
        321
    );

    // The token from the command line works on the API; disabled, it does not.
    let (_s, base) = serve(&t.url).await;
    let body = json!({"reports": [{"unit": "00001", "date": "2021-03-20", "stage": "applications", "count": 322}]});
    let send = |token: String| {
        let (base, body) = (base.clone(), body.clone());
        async move { post_reports(&base, &token, &body).await.unwrap() }
    };
    assert_eq!(send(token.clone()).await, 200);
    let (ok, _, err) = run(&t.url, &["user", "disable", "hn.import"], "");
    assert!(ok, "{err}");
    assert_eq!(send(token).await, 401);
}

async fn a_figure_sent_through_one_server_is_served_by_the_other(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-20").await;
    let token = token_for(&t.url, "ba.dinh", "reporter", "001");
    let (_a, a) = serve(&t.url).await;
    let (_b, b) = serve(&t.url).await;
    let url = format!("{b}/api/v1/progress/001?date=2021-03-20");
    // B keeps this answer for the data version it knows.
    let (_, before) = get(&url).await;
    let cumulative = before["stages"]["applications"]["cumulative"]
        .as_u64()
        .unwrap();
    let id = campaign(t.db.as_ref()).await.id;
    let day: NaiveDate = "2021-03-20".parse().unwrap();
    let old = figures(t.db.as_ref(), id, "00004", Stage::Applications, day)
        .await
        .daily;
    let body = json!({"reports": [{"unit": "00004", "date": "2021-03-20", "stage": "applications", "count": old + 55}]});
    assert_eq!(post_reports(&a, &token, &body).await.unwrap(), 200);
    // B keeps answers until its feed says the version moved; nothing else
    // expires them, so only the feed can bring the new total. (How fast it
    // does is measured by scripts/bench-monitoring.sh, not here: a loaded
    // test machine would make a tight bound flaky.)
    let sent = Instant::now();
    loop {
        let (_, now) = get(&url).await;
        if now["stages"]["applications"]["cumulative"].as_u64() == Some(cumulative + 55) {
            break;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(15),
            "server B still served the old total after 15 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Every commune of Hà Nội (01): a commander's whole province.
async fn hanoi_communes(db: &dyn tiendo_server::db::Database) -> Vec<String> {
    let units = db.all_units().await.unwrap();
    let districts: Vec<&str> = units
        .iter()
        .filter(|u| u.parent_code.as_deref() == Some("01"))
        .map(|u| u.code.as_str())
        .collect();
    let communes: Vec<String> = units
        .iter()
        .filter(|u| {
            u.parent_code
                .as_deref()
                .is_some_and(|d| districts.contains(&d))
        })
        .map(|u| u.code.clone())
        .collect();
    assert!(communes.len() > 500, "Hà Nội's communes");
    communes
}

async fn a_server_killed_in_the_middle_of_a_batch_writes_all_or_nothing(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-20").await;
    let token = token_for(&t.url, "chi.huy.hn", "commander", "01");
    let id = campaign(t.db.as_ref()).await.id;
    let day: NaiveDate = "2021-03-20".parse().unwrap();
    let communes = hanoi_communes(t.db.as_ref()).await;
    for (round, delay_ms) in [0u64, 40, 120].into_iter().enumerate() {
        let (server, base) = serve(&t.url).await;
        let mark = 1_000 + round as u64;
        let reports: Vec<Value> = communes
            .iter()
            .map(|c| json!({"unit": c, "date": "2021-03-20", "stage": "applications", "count": mark}))
            .collect();
        let body = json!({"reports": reports, "confirm_warnings": true});
        let send = tokio::spawn({
            let token = token.clone();
            async move { post_reports(&base, &token, &body).await }
        });
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        drop(server); // SIGKILL
        let _ = send.await;
        let db = tiendo_server::db::open(&t.url, false).await.unwrap();
        let mut written = 0;
        for c in &communes {
            if figures(db.as_ref(), id, c, Stage::Applications, day)
                .await
                .daily
                == mark
            {
                written += 1;
            }
        }
        assert!(
            written == 0 || written == communes.len(),
            "round {round}: {written} of {} communes written",
            communes.len()
        );
        assert_eq!(
            figures(db.as_ref(), id, "VN", Stage::Applications, day)
                .await
                .cumulative,
            db.communes_cumulative(id, Stage::Applications, day)
                .await
                .unwrap(),
            "round {round}: the nation is the sum of its communes"
        );
    }
}

async fn a_server_stopped_by_sigterm_during_a_batch_finishes_it_then_exits(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-20").await;
    let token = token_for(&t.url, "chi.huy.hn", "commander", "01");
    let id = campaign(t.db.as_ref()).await.id;
    let day: NaiveDate = "2021-03-20".parse().unwrap();
    let communes = hanoi_communes(t.db.as_ref()).await;
    let (mut server, base) = serve(&t.url).await;
    let reports: Vec<Value> = communes
        .iter()
        .map(|c| json!({"unit": c, "date": "2021-03-20", "stage": "applications", "count": 777}))
        .collect();
    let body = serde_json::to_vec(&json!({"reports": reports, "confirm_warnings": true})).unwrap();
    // The batch must be in flight when the signal comes, whatever the
    // machine's load: with `Expect: 100-continue` the server says "100
    // Continue" only once the handler reads the body, and the body follows
    // the signal.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://").to_string();
    let mut socket = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /api/v1/reports HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let mut interim = Vec::new();
    while !interim.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        let n = tokio::time::timeout(Duration::from_secs(30), socket.read(&mut byte))
            .await
            .expect("100 Continue within 30 s")
            .unwrap();
        assert_eq!(n, 1, "the server closed before reading the batch");
        interim.push(byte[0]);
    }
    assert!(
        interim.starts_with(b"HTTP/1.1 100"),
        "{}",
        String::from_utf8_lossy(&interim)
    );
    let pid = i32::try_from(server.0.id()).unwrap();
    // SAFETY: kill(2) with a pid we spawned and still own; no memory is shared.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    socket.write_all(&body).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), socket.read_to_end(&mut answer))
        .await
        .expect("an answer within 60 s")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "the batch in flight is answered: {:.300}",
        answer
    );
    let stopped = Instant::now();
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(30),
            "still running after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "exits cleanly: {status}");
    for c in &communes {
        let f = figures(t.db.as_ref(), id, c, Stage::Applications, day).await;
        assert_eq!(f.daily, 777, "{c}: the whole batch is written");
    }
}

/// A bad value in the file or the environment stops the start, naming it.
#[test]
fn a_bad_configuration_is_refused_at_start_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tiendo.toml");
    std::fs::write(&file, "[alerts]\ndaily_hour = 25\n").unwrap();
    let url = format!("sqlite://{}", dir.path().join("x.db").display());
    let out = tiendo(&url, &["serve", "--config", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("alerts.daily_hour: an hour from 0 to 23"),
        "{err}"
    );
    let out = tiendo(&url, &["serve"])
        .env("TIENDO_PUBLIK_READ", "false")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("publik_read"));
}

both!(
    operators_script_accounts_tokens_and_imports,
    a_figure_sent_through_one_server_is_served_by_the_other,
    a_server_killed_in_the_middle_of_a_batch_writes_all_or_nothing,
    a_server_stopped_by_sigterm_during_a_batch_finishes_it_then_exits,
);
