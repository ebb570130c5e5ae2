//! English and Thai on the real binary: the HTTP API answers in the language
//! `Accept-Language` asks for (or `DOCNUM_DEFAULT_LOCALE`), saying which in
//! `Content-Language`; the CLI follows `LANG` (and `--lang` over it), while
//! its `--json` output stays the same in every language.

use std::process::{Command, Output};

use crate::support::{TestServer, binary, code};
use serde_json::{Value, json};

fn is_thai(text: &str) -> bool {
    text.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// `docnum ARGS` on `server`'s database with the POSIX locale `lang`
/// (`LC_ALL` and `LC_MESSAGES` removed, so that `LANG` decides).
fn cli_in(server: &TestServer, lang: &str, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .env("DATABASE_URL", &server.database_url)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("USER", "somchai")
        .current_dir(server.dir.path())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

async fn ask(
    server: &TestServer,
    token: &str,
    path: &str,
    body: Value,
    accept_language: Option<&str>,
) -> (u16, Option<String>, Value) {
    let mut req = server
        .client
        .post(server.api(path))
        .bearer_auth(token)
        .json(&body);
    if let Some(l) = accept_language {
        req = req.header("accept-language", l);
    }
    let resp = req.send().await.unwrap();
    let language = resp
        .headers()
        .get("content-language")
        .map(|v| v.to_str().unwrap().to_owned());
    let (status, body) = crate::support::read(resp).await;
    (status, language, body)
}

#[tokio::test]
async fn the_api_answers_in_the_language_asked_for_over_http() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    let admin = server.admin();
    let token = uuid::Uuid::new_v4().to_string();
    let body = json!({"token": token});

    let (status, language, en) = ask(&server, &admin, "/confirm", body.clone(), None).await;
    assert_eq!((status, language.as_deref()), (410, Some("en")), "{en}");
    let (status, language, th) = ask(
        &server,
        &admin,
        "/confirm",
        body.clone(),
        Some("th-TH, en;q=0.5"),
    )
    .await;
    assert_eq!((status, language.as_deref()), (410, Some("th")), "{th}");
    assert_eq!(code(&en), "NB004");
    assert_eq!(code(&th), "NB004");
    assert_eq!(en["error"]["name"], th["error"]["name"]);
    assert_eq!(
        en["error"]["message"],
        "reservation not found: the token is unknown; reserve a new number"
    );
    assert_eq!(
        th["error"]["message"],
        "ไม่พบการจอง: ไม่รู้จักโทเคนการจองนี้ กรุณาจองเลขที่ใหม่"
    );

    // A number inside a Thai message is the number itself, no marks around it.
    let reserved = server
        .reserve(&admin, json!({"document_type": "COR"}))
        .await;
    let number = reserved["document_number"].as_str().unwrap();
    let resp = server
        .client
        .get(server.api(&format!("/numbers/{number}-X")))
        .bearer_auth(&admin)
        .header("accept-language", "th")
        .send()
        .await
        .unwrap();
    let (status, body) = crate::support::read(resp).await;
    assert_eq!(status, 404);
    assert_eq!(
        body["error"]["message"],
        format!("ไม่พบเลขที่เอกสาร {number}-X ในทะเบียนเลขที่")
    );

    // Success answers are data: no language.
    let resp = server
        .client
        .get(server.api("/series"))
        .bearer_auth(&admin)
        .header("accept-language", "th")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers().get("content-language").is_none());
}

#[tokio::test]
async fn docnum_default_locale_sets_the_language_of_a_request_without_one() {
    let server = TestServer::start(&[("DOCNUM_DEFAULT_LOCALE", "th")]);
    let admin = server.admin();
    let body = json!({"document_type": "NOPE"});
    let (status, language, th) = ask(&server, &admin, "/reserve", body.clone(), None).await;
    assert_eq!((status, language.as_deref()), (404, Some("th")), "{th}");
    assert!(is_thai(th["error"]["message"].as_str().unwrap()), "{th}");
    let (_, language, en) = ask(&server, &admin, "/reserve", body, Some("en-US")).await;
    assert_eq!(language.as_deref(), Some("en"));
    assert_eq!(code(&en), "NB001");
    assert!(!is_thai(en["error"]["message"].as_str().unwrap()), "{en}");
}

#[tokio::test]
async fn a_cli_error_is_in_thai_under_a_thai_lang() {
    let server = TestServer::start(&[]);
    server
        .create_series(
            json!({"document_type": "GEN", "template": "GEN-{SEQ:4}", "scope": "GLOBAL"}),
        )
        .await;
    let admin = server.admin();
    for _ in 0..2 {
        server
            .reserve(&admin, json!({"document_type": "GEN"}))
            .await;
    }
    let reason = "ทดสอบตั้งตัวนับย้อนหลัง";
    let set_back = ["set", "GEN", "1", "--reason", reason];

    let th = cli_in(&server, "th_TH.UTF-8", &set_back);
    assert_eq!(th.status.code(), Some(2), "{th:?}");
    assert_eq!(
        text(&th.stderr).trim_end(),
        "ข้อผิดพลาด: NB019: ไม่สามารถตั้งตัวนับเป็น 1 ได้ เพราะออกเลขลำดับ 2 ไปแล้ว ตัวนับไม่มีวันถอยหลัง"
    );
    let en = cli_in(&server, "C", &set_back);
    assert_eq!(en.status.code(), Some(2));
    assert_eq!(
        text(&en.stderr).trim_end(),
        "error: NB019: cannot set the counter to 1: value 2 has already been issued; the counter never goes down"
    );
    // --lang wins over LANG.
    let mut forced = set_back.to_vec();
    forced.extend(["--lang", "en"]);
    let en_again = cli_in(&server, "th_TH.UTF-8", &forced);
    assert_eq!(text(&en_again.stderr), text(&en.stderr));
}

#[tokio::test]
async fn cli_tables_follow_lang_and_json_stays_the_same() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    server
        .reserve(&server.admin(), json!({"document_type": "COR"}))
        .await;
    let th = cli_in(&server, "th_TH.UTF-8", &["status"]);
    assert!(th.status.success(), "{th:?}");
    let table = text(&th.stdout);
    for header in ["ประเภท", "แม่แบบ", "ขอบเขตการนับ", "ค่าปัจจุบัน", "กำหนดเลขที่เอง"]
    {
        assert!(table.contains(header), "{header}: {table}");
    }
    assert!(table.contains("ใช่"), "{table}");
    let en = cli_in(&server, "en_US.UTF-8", &["status"]);
    assert!(text(&en.stdout).contains("manual override"));

    let json_th = cli_in(&server, "th_TH.UTF-8", &["validate", "--json"]);
    let json_en = cli_in(&server, "C", &["validate", "--json"]);
    assert!(json_th.status.success(), "{json_th:?}");
    assert_eq!(json_th.stdout, json_en.stdout);
    let th = cli_in(&server, "th_TH.UTF-8", &["validate"]);
    assert!(
        text(&th.stdout).starts_with("ผ่าน: ตรวจตัวนับ 1 ตัวและเลขที่ 1 รายการแล้ว"),
        "{}",
        text(&th.stdout)
    );
}
