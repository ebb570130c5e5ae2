//! Declared value sets over HTTP (issue 21): a series says what its context
//! dimensions may hold; its answer says whether its numbers provably parse
//! back one way only; a value outside its declaration is 422 NB009.

use axum::http::Method;
use serde_json::{Value, json};

use crate::RESERVE;
use crate::common::{api, app, send, token};

const RFA: &str = "{PROJECT}-{CORR_TYPE}-{DISCIPLINE}-{RFA_TYPE}-{SEQ:4}-{REV}";

fn rfa(document_type: &str, values: &Value) -> Value {
    json!({
        "document_type": document_type,
        "template": RFA,
        "scope": ["PROJECT"],
        "namespace": document_type.to_ascii_lowercase(),
        "values": values,
    })
}

fn lcbp3(document_type: &str, corr_type: &str) -> Value {
    json!({"document_type": document_type, "context": {
        "PROJECT": "LCBP3-C2", "CORR_TYPE": corr_type, "DISCIPLINE": "TER",
        "RFA_TYPE": "RPT", "REV": "A"}})
}

#[tokio::test]
async fn a_series_says_whether_it_is_unambiguous_and_refuses_undeclared_values() {
    let app = app();
    let admin = token("admin", &["numbering:admin"]);
    let alice = token("alice", &[RESERVE]);
    let post = |path: &'static str, who: &String, body: Value| {
        let router = app.router.clone();
        let who = who.clone();
        async move { send(&router, Method::POST, &api(path), Some(&who), Some(body)).await }
    };

    let plain = post("/series", &admin, rfa("RFA", &json!({}))).await;
    assert_eq!(plain.status, 201, "{}", plain.text);
    assert_eq!(plain.body["data"]["unambiguous"], false);
    assert_eq!(plain.body["data"]["values"], json!({}));
    let fields = plain.body["data"]["ambiguous_fields"].clone();
    assert!(
        fields
            .as_array()
            .is_some_and(|f| f.contains(&json!("PROJECT"))),
        "{fields}"
    );

    let code = json!({"pattern": "[A-Z0-9]+"});
    let declared = json!({"CORR_TYPE": code, "DISCIPLINE": code, "RFA_TYPE": code, "REV": code});
    let proven = post("/series", &admin, rfa("RFA4", &declared)).await;
    assert_eq!(proven.status, 201, "{}", proven.text);
    assert_eq!(proven.body["data"]["unambiguous"], true);
    assert_eq!(proven.body["data"]["ambiguous_fields"], json!([]));
    assert_eq!(proven.body["data"]["values"], declared);

    for series in ["RFA", "RFA4"] {
        let r = post("/reserve", &alice, lcbp3(series, "RFA")).await;
        assert_eq!(r.status, 201, "{}", r.text);
        assert_eq!(
            r.body["data"]["document_number"],
            "LCBP3-C2-RFA-TER-RPT-0001-A"
        );
    }
    let refused = post("/reserve", &alice, lcbp3("RFA4", "rfa")).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(refused.body["error"]["code"], "NB009", "{}", refused.text);
    let again = post("/reserve", &alice, lcbp3("RFA4", "RFA")).await;
    assert_eq!(
        again.body["data"]["value"], 2,
        "the refusal consumed nothing"
    );

    let bad = post(
        "/series",
        &admin,
        rfa("BAD", &json!({"CORR_TYPE": {"pattern": "[Z-A]+"}})),
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    let unknown = post(
        "/series",
        &admin,
        rfa("BAD", &json!({"CORR_TYPE": {"regex": "x"}})),
    )
    .await;
    assert_eq!(unknown.status, 422, "{}", unknown.text);
}

#[tokio::test]
async fn a_series_that_overlaps_another_is_refused_or_warned() {
    let app = app();
    let admin = token("admin", &["numbering:admin"]);
    let send_as = |method: Method, path: String, body: Option<Value>| {
        let router = app.router.clone();
        let admin = admin.clone();
        async move { send(&router, method, &api(&path), Some(&admin), body).await }
    };
    let series = |document_type: &str, template: &str, values: Value| {
        // A namespace of their own: the fixture's COR series could meet
        // these undeclared templates too.
        json!({"document_type": document_type, "template": template,
               "scope": "GLOBAL", "namespace": "letters", "values": values})
    };

    let letters = series(
        "LTR",
        "{ORIGINATOR}-{SEQ:4}",
        json!({"ORIGINATOR": {"codes": ["HR", "IT"]}}),
    );
    let created = send_as(Method::POST, "/series".into(), Some(letters)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["data"]["overlaps"], json!([]));
    assert_eq!(created.body["data"]["change"], Value::Null);

    let capitals = json!({"RECIPIENT": {"pattern": "[A-Z]+"}});
    let memos = series("MEMO", "{RECIPIENT}-{SEQ:4}", capitals.clone());
    let refused = send_as(Method::POST, "/series".into(), Some(memos)).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(refused.body["error"]["code"], "NB009");
    let message = refused.body["error"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("LTR") && message.contains("HR-0001"),
        "{message}"
    );
    let absent = send_as(Method::GET, "/series/MEMO".into(), None).await;
    assert_eq!(absent.status, 404, "nothing was created: {}", absent.text);

    // Declaring nothing: created, with the overlap as a warning.
    let free = series("FREE", "{RECIPIENT}-{SEQ:4}", json!({}));
    let created = send_as(Method::POST, "/series".into(), Some(free)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(
        created.body["data"]["overlaps"],
        json!([{"document_type": "LTR", "version": null,
                "example": "HR-0001", "kind": "undeclared"}])
    );
    // A read says nothing of overlaps: they are the answer of a save.
    let read = send_as(Method::GET, "/series/FREE".into(), None).await;
    assert_eq!(read.body["data"]["overlaps"], Value::Null);

    // Binding FREE by declaring its dimension turns the warning into a
    // refusal, in the dry run as in the change.
    let mut update = series("FREE", "{RECIPIENT}-{SEQ:4}", capitals);
    update["reason"] = json!("recipients are capital codes");
    for path in ["/series/FREE?dry_run=true", "/series/FREE"] {
        let refused = send_as(Method::PUT, path.into(), Some(update.clone())).await;
        assert_eq!(refused.status, 422, "{path}: {}", refused.text);
        assert_eq!(refused.body["error"]["code"], "NB009");
    }
    let read = send_as(Method::GET, "/series/FREE".into(), None).await;
    assert_eq!(read.body["data"]["version"], 1);
    assert_eq!(read.body["data"]["values"], json!({}));

    // A new template compared with the version whose numbers are issued:
    // {RECIPIENT}-{SEQ:4} → {RECIPIENT}-{SEQ:5} can both be A-10000.
    let mut wider = series("FREE", "{RECIPIENT}-{SEQ:5}", json!({}));
    wider["reason"] = json!("five digits from now on");
    let changed = send_as(Method::PUT, "/series/FREE?dry_run=true".into(), Some(wider)).await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    let overlaps = changed.body["data"]["overlaps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        overlaps.iter().any(|o| o["document_type"] == "FREE"
            && o["version"] == 1
            && o["kind"] == "earlier_version"),
        "{overlaps:?}"
    );
    assert_eq!(changed.body["data"]["change"]["dry_run"], true);
}
