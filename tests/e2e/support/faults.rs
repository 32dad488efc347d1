//! Fault kinds that are not an error status or a delay: broken connections, 200s that
//! cannot be read, paging that never ends, and tokens that expire. The emulator calls
//! in here through `Fault::Broken` and its token check; everything about how each
//! fault looks on the wire lives in this file.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, Bytes};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::emulator::Host;

/// A way for an answer to go wrong that a real network or service produces.
#[derive(Debug, Clone, PartialEq)]
pub enum Broken {
    /// Close the connection without sending anything back.
    DropConnection,
    /// Send a 200 and the start of a body, then break the connection.
    ResetMidBody,
    /// A 200 whose body is an HTML page (a proxy or gateway answering for Azure).
    NotJson,
    /// A 200 whose JSON body is cut short, with a length that matches what was sent.
    TruncatedJson,
    /// A list page of these items whose next link is always new (a fresh
    /// `$skiptoken`) yet always leads back to the same items.
    RepeatingPage(Vec<Value>),
    /// A list page of these items whose next link is always the same URL.
    SelfLinkingPage(Vec<Value>),
    /// A list page with one new item and a new next link, forever.
    EndlessPages,
}

/// How a broken answer is sent: a JSON page, or raw bytes.
#[derive(Debug)]
pub enum Reply {
    Page(Value),
    Raw(RawReply),
}

/// Bytes (or no bytes at all) that axum would never produce from a JSON answer.
#[derive(Debug)]
pub enum RawReply {
    Drop,
    Reset,
    Text(&'static str),
}

/// Gives every generated link and item its own number, across all emulators.
static NEXT: AtomicUsize = AtomicUsize::new(1);

impl Broken {
    /// The answer to a request for `path` (with `query`) on `host` at `base_url`.
    pub fn reply(&self, host: Host, base_url: &str, path: &str, query: &str) -> Reply {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let link = |token: &str| {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.is_empty() && !p.to_ascii_lowercase().starts_with("$skiptoken="))
                .collect();
            let mut query = kept.join("&");
            if !query.is_empty() {
                query.push('&');
            }
            format!("{base_url}{path}?{query}$skiptoken={token}")
        };
        let page = |items: Vec<Value>, next: String| {
            let key = match host {
                Host::Arm | Host::Vault | Host::Storage => "nextLink",
                Host::Graph => "@odata.nextLink",
            };
            Reply::Page(json!({ "value": items, key: next }))
        };
        match self {
            Broken::DropConnection => Reply::Raw(RawReply::Drop),
            Broken::ResetMidBody => Reply::Raw(RawReply::Reset),
            Broken::NotJson => Reply::Raw(RawReply::Text(
                "<html><body><h1>Service temporarily unavailable</h1></body></html>",
            )),
            Broken::TruncatedJson => Reply::Raw(RawReply::Text(
                r#"{"value": [{"id": "/subscriptions/x/resourceGroups/rg/providers/P/t/a", "name": "a", "prop"#,
            )),
            Broken::RepeatingPage(items) => page(items.clone(), link(&format!("loop{n}"))),
            Broken::SelfLinkingPage(items) => page(items.clone(), link("again")),
            Broken::EndlessPages => {
                let item =
                    json!({ "id": format!("{path}/endless-{n}"), "name": format!("endless-{n}") });
                page(vec![item], link(&format!("more{n}")))
            }
        }
    }
}

/// Stops the connection task without a response: unwinding out of the handler ends
/// hyper's connection future, which closes the socket. `resume_unwind` skips the
/// panic hook, so nothing is printed.
fn drop_connection() -> ! {
    std::panic::resume_unwind(Box::new("emulator: dropping the connection"))
}

impl IntoResponse for RawReply {
    fn into_response(self) -> Response {
        match self {
            RawReply::Drop => drop_connection(),
            RawReply::Reset => {
                let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                    Ok(Bytes::from_static(
                        br#"{"value": [{"id": "/subscriptions/x"#,
                    )),
                    Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "emulator: reset mid-body",
                    )),
                ];
                let mut response = Response::new(Body::from_stream(futures::stream::iter(chunks)));
                response
                    .headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                response
            }
            RawReply::Text(text) => (
                StatusCode::OK,
                [(CONTENT_TYPE, "application/json; charset=utf-8")],
                text,
            )
                .into_response(),
        }
    }
}

/// What the emulator thinks of a presented bearer token.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenCheck {
    Valid,
    Expired,
    Invalid,
}

/// Separates a token from the expiry `FakeAz::short_lived` appends to it.
pub const EXPIRY_MARK: &str = ".exp";

/// `expected` is valid as is; `expected.exp<unix seconds>` is valid until then and
/// `Expired` after, the way ARM answers `ExpiredAuthenticationToken`.
pub fn check_token(presented: &str, expected: &str) -> TokenCheck {
    if presented == expected {
        return TokenCheck::Valid;
    }
    let expiry = presented
        .strip_prefix(expected)
        .and_then(|rest| rest.strip_prefix(EXPIRY_MARK))
        .and_then(|unix| unix.parse::<u64>().ok());
    let Some(expiry) = expiry else {
        return TokenCheck::Invalid;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    if now < expiry {
        TokenCheck::Valid
    } else {
        TokenCheck::Expired
    }
}
