//! A hostile client against the real binary: garbage methods must not grow
//! `/metrics`, half-sent headers must be cut off, every route has a budget,
//! tokens are checked strictly, and `--help` keeps passwords to itself.

mod budgets;
mod metrics_labels;
mod raw_requests;
mod secrets;
mod tokens;

use serde_json::json;

use crate::support::TestServer;

/// A context whose counter key is longer than the stores' column (three
/// values of 100 `%`, each escaped to 300 characters) is NB009, not a 500
/// from the database.
async fn context_too_long_for_the_counter_key(server: &TestServer) {
    server
        .create_series(json!({
            "document_type": "LONG",
            "template": "{PROJECT}-{ORIGINATOR}-{RECIPIENT}-{SEQ:4}",
            "scope": "GLOBAL",
            "max_length": 200,
        }))
        .await;
    let long = "%".repeat(100);
    let (status, body) = server
        .post(
            &server.admin(),
            "/reserve",
            json!({"document_type": "LONG", "context": {"PROJECT": long, "ORIGINATOR": long, "RECIPIENT": long}}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "NB009", "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_context_too_long_for_the_counter_key_is_422() {
    context_too_long_for_the_counter_key(&TestServer::start(&[])).await;
}

mod needs_postgres {
    use docnum_adapters::testing::TestDatabase;

    use crate::support::TestServer;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_context_too_long_for_the_counter_key_is_422_on_postgres() {
        let db = TestDatabase::on_server_in("DOCNUM_TEST_POSTGRES_URL").await;
        let server = TestServer::start_on(tempfile::tempdir().unwrap(), db.url().to_owned(), &[]);
        super::context_too_long_for_the_counter_key(&server).await;
    }
}

mod needs_mysql {
    use docnum_adapters::testing::TestDatabase;

    use crate::support::TestServer;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_context_too_long_for_the_counter_key_is_422_on_mariadb() {
        let db = TestDatabase::on_server_in("DOCNUM_TEST_MYSQL_URL").await;
        let server = TestServer::start_on(tempfile::tempdir().unwrap(), db.url().to_owned(), &[]);
        super::context_too_long_for_the_counter_key(&server).await;
    }
}
