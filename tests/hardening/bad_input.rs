//! Input that is too big, too deep, not UTF-8, or asks for absurd pages or unknown things: a
//! clear 4xx with a reason, never a 5xx, never a hang, and nothing changed.

use crate::support::TestServer;
use hub::web::access::server_fn_path;
use std::time::Duration;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A 4xx whose JSON body says why.
async fn refused(resp: reqwest::Response, what: &str) -> (u16, String) {
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap();
    assert!((400..500).contains(&status), "{what}: {status} {body}");
    let json: serde_json::Value =
        serde_json::from_str(&body).unwrap_or_else(|_| panic!("{what}: {status}, not JSON: {body}"));
    let message = json["error"]["message"].as_str().unwrap_or_default().to_string();
    assert!(!message.is_empty(), "{what}: {status} without a reason: {body}");
    (status, message)
}

#[tokio::test(flavor = "multi_thread")]
async fn absurd_query_parameters_are_refused_by_name() {
    let server = TestServer::start().await;
    let c = client();
    for (query, param) in [
        ("/api/v1/search?q=grief&page=99999999999999999999", "page"),
        ("/api/v1/search?q=grief&page=-1", "page"),
        ("/api/v1/search?q=grief&per_page=-5", "per_page"),
        ("/api/v1/search?q=grief&per_page=100000", "per_page"),
        ("/api/v1/search?q=grief&bogus=1", "bogus"),
        ("/api/v1/search?q=grief&page=4000000000", "page"),
        ("/api/v1/search?q=%FF%FE", "q"),
        ("/api/v1/resources?page=18446744073709551616", "page"),
        ("/api/v1/resources?kind=<script>", "kind"),
        ("/api/v1/resources?unknown=", "unknown"),
        ("/api/v1/suggest?q=a&limit=5", "limit"),
    ] {
        let resp = c.get(format!("{}{query}", server.base)).send().await.unwrap();
        let (status, message) = refused(resp, query).await;
        assert_eq!(status, 400, "{query}");
        assert!(message.contains(param), "{query}: the reason names {param}: {message}");
    }
    // A page far past the end is not an error: it is empty, and says how many there are.
    let (status, body) = server.get_json("/api/v1/search?q=grief&page=5000").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["hits"].as_array().unwrap().len(), 0);
    // The pages answer absurd numbers with a page, not a crash.
    for path in [
        "/search?q=grief&page=99999999999999999999",
        "/resources?page=-3&per_page=0",
        "/search?q=%FF",
    ] {
        let resp = c.get(format!("{}{path}", server.base)).send().await.unwrap();
        assert!(resp.status().as_u16() < 500, "{path}: {}", resp.status());
    }
}

/// A path segment that cannot be what the route takes (a word where an id belongs) is a 400
/// in the API's JSON, naming the segment as the OpenAPI description does.
#[tokio::test(flavor = "multi_thread")]
async fn path_segments_of_the_wrong_kind_are_refused_by_name() {
    let server = TestServer::start().await;
    let admin = server.signed_in("ops@example.org", "a long enough secret", true).await;
    for (method, path) in [
        (reqwest::Method::GET, "/api/v1/teams/abc"),
        (reqwest::Method::GET, "/api/v1/teams/1.5/progress"),
        (reqwest::Method::GET, "/api/v1/collections/99999999999999999999"),
        (reqwest::Method::POST, "/api/v1/admin/users/-/enable"),
        (reqwest::Method::DELETE, "/api/v1/admin/users/x/roles/admin"),
    ] {
        let resp = admin
            .request(method, format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let body: serde_json::Value = resp.json().await.unwrap_or_else(|e| panic!("{path}: not JSON: {e}"));
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"]["code"], "bad_request", "{path}: {body}");
        assert_eq!(body["error"]["param"], "id", "{path}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("expected a whole number"), "{path}: {message}");
    }
}

/// Sends only the head of a POST that declares `length` bytes of body, and returns the status
/// the server answers with before any of the body is sent: proof that it decided without
/// reading it. (A client library sending the whole body may see the connection closed under
/// its writes instead of the answer.)
pub async fn declared_without_body(
    base: &str,
    path: &str,
    content_type: &str,
    length: usize,
    cookie: Option<&str>,
) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let cookie = cookie.map(|c| format!("cookie: {c}\r\n")).unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\naccept: application/json\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\n{cookie}\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(20), async {
        while !answer.windows(2).any(|w| w == b"\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 20 s to {path} before its body was sent");
    let line = String::from_utf8_lossy(&answer);
    line.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in the answer from {path}: {line:?}"))
}

/// Posts `total` bytes of form body in chunks without a length and returns the status the
/// server answers with. The server answers at the cap and closes without reading the rest, so
/// the writes may then fail (broken pipe); the response is read meanwhile, on its own task, so
/// it arrives before the close. A client library would report the broken pipe and lose it.
async fn stream_past_the_cap(base: &str, path: &str, total: usize) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/x-www-form-urlencoded\r\ntransfer-encoding: chunked\r\n\r\n"
    );
    let writing = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await?;
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..total / chunk.len() {
            writer.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await?;
            writer.write_all(&chunk).await?;
            writer.write_all(b"\r\n").await?;
        }
        writer.write_all(b"0\r\n\r\n").await
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(20), async {
        // Until the status line is in; a reset after it changes nothing.
        while !answer.windows(2).any(|w| w == b"\r\n") {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    writing.abort();
    assert!(read.is_ok(), "no answer within 20 s to a body streamed past the cap");
    let line = String::from_utf8_lossy(&answer);
    line.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in the answer to a streamed body: {line:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn oversized_deep_and_invalid_bodies_are_refused() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@example.org", "a long passphrase", true).await;
    let c = client();
    let big = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(2 * 1024 * 1024)
    );
    // Declared too big: refused before it is read.
    let status = declared_without_body(&server.base, "/api/v1/session", "application/json", big.len(), None).await;
    assert_eq!(status, 413);
    // Streamed without a length: stops being read at the cap.
    let rpc = server_fn_path("load_suggestions").unwrap();
    let status = stream_past_the_cap(&server.base, rpc, 4 * 1024 * 1024).await;
    assert!(
        (400..500).contains(&status),
        "4 MiB streamed to a server function: {status}"
    );

    // Deep JSON, where a small body nests ten thousand levels.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    for (path, who) in [("/api/v1/session", &c), ("/api/v1/admin/catalog?dry_run=true", &admin)] {
        let resp = who
            .post(format!("{}{path}", server.base))
            .header("content-type", "application/json")
            .body(deep.clone())
            .send()
            .await
            .unwrap();
        refused(resp, &format!("deep JSON to {path}")).await;
    }
    // Not UTF-8, as JSON and as a form.
    let resp = c
        .post(format!("{}/api/v1/session", server.base))
        .header("content-type", "application/json")
        .body(vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'])
        .send()
        .await
        .unwrap();
    refused(resp, "invalid UTF-8 JSON").await;
    let sign_up = server_fn_path("sign_up").unwrap();
    let resp = c
        .post(format!("{}{sign_up}", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body("name=%FF%FE&email=x%FF@example.org&password=a+long+passphrase")
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    assert!(
        (400..500).contains(&status),
        "invalid UTF-8 form: {status} {}",
        resp.text().await.unwrap()
    );
    // A server function sent what is not its arguments: the caller's fault, so 400.
    let resp = c
        .post(format!("{}{sign_up}", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body("nothing=here")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400, "{}", resp.text().await.unwrap());

    // None of it made an account or changed the catalog.
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM accounts")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(n, 1, "only the admin exists");
}

/// A session cookie for a new learner, as `name=value`.
async fn session_cookie(server: &TestServer, email: &str) -> String {
    let password = "a long enough passphrase";
    server.add_account(email, password, false).await;
    let resp = client()
        .post(format!("{}/api/v1/session", server.base))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let set = resp.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_are_refused_by_role_before_their_body_is_read() {
    let server = TestServer::start().await;
    let learner = session_cookie(&server, "learner@example.org").await;
    let upload = server_fn_path("admin_upload").unwrap();
    let forty_mib = 40 * 1024 * 1024;
    for (path, content_type) in [
        (upload, "application/x-www-form-urlencoded"),
        ("/api/v1/admin/catalog", "application/json"),
    ] {
        let anonymous = declared_without_body(&server.base, path, content_type, forty_mib, None).await;
        assert_eq!(anonymous, 401, "anonymous upload to {path}");
        let as_learner = declared_without_body(&server.base, path, content_type, forty_mib, Some(&learner)).await;
        assert_eq!(as_learner, 403, "learner upload to {path}");
    }
    // Anything else a learner may call keeps the ordinary cap, decided before the body too.
    let bookmark = server_fn_path("set_bookmark").unwrap();
    let status = declared_without_body(
        &server.base,
        bookmark,
        "application/x-www-form-urlencoded",
        forty_mib,
        Some(&learner),
    )
    .await;
    assert_eq!(status, 413);
    // And a server function that needs an account refuses an anonymous caller the same way.
    let status = declared_without_body(
        &server.base,
        bookmark,
        "application/x-www-form-urlencoded",
        forty_mib,
        None,
    )
    .await;
    assert_eq!(status, 401);
}
