//! In-process ARM + Microsoft Graph emulator: HTTP listeners on 127.0.0.1 (ARM, Graph,
//! a Key Vault data plane reached through `--keyvault-endpoint`, and a storage data
//! plane reached through `--storage-endpoint`, which answers XML) that
//! serve canned responses from route files, page lists with `nextLink` /
//! `@odata.nextLink`, enforce bearer tokens per audience, inject faults, and record
//! every request so tests can assert on what azscan actually sent.
//!
//! It runs on its own thread with its own tokio runtime so that plain `#[test]`
//! functions (which drive the azscan binary as a child process) can use it too.

use std::collections::BTreeMap;
use std::future::IntoFuture;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, HOST, RETRY_AFTER, USER_AGENT};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::oneshot;

use super::faults::{self, Broken, RawReply, Reply, TokenCheck};
use super::throttle::Throttle;

/// The header that carries a storage request's service version.
const X_MS_VERSION: axum::http::HeaderName = axum::http::HeaderName::from_static("x-ms-version");

/// The only bearer token the ARM listener accepts (the fake `az` hands it out for
/// any non-Graph scope).
pub const ARM_TOKEN: &str = "fake-arm-token-7c1e";
/// The only bearer token the Graph listener accepts (handed out for Graph scopes).
pub const GRAPH_TOKEN: &str = "fake-graph-token-4b9d";
/// The only bearer token the Key Vault listener accepts (handed out for vault scopes).
pub const VAULT_TOKEN: &str = "fake-vault-token-2e8a";
/// The only bearer token the storage listener accepts (handed out for the
/// `https://storage.azure.com` scope).
pub const STORAGE_TOKEN: &str = "fake-storage-token-5f1c";

/// Which listener a route, fault or recorded request belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Host {
    #[default]
    Arm,
    Graph,
    /// Every vault's data plane: a route's path starts with the vault's host (the
    /// `Host` header azscan sends through the override), `/kv.vault.azure.net/certificates`.
    Vault,
    /// Every storage account's data plane, routed like `Vault` by the `Host` header
    /// (`/st1.queue.core.windows.net/`); requests need `x-ms-version`, errors are XML.
    Storage,
}

impl Host {
    fn label(self) -> &'static str {
        match self {
            Host::Arm => "ARM",
            Host::Graph => "Microsoft Graph",
            Host::Vault => "Key Vault",
            Host::Storage => "Azure Storage",
        }
    }

    fn token(self) -> &'static str {
        match self {
            Host::Arm => ARM_TOKEN,
            Host::Graph => GRAPH_TOKEN,
            Host::Vault => VAULT_TOKEN,
            Host::Storage => STORAGE_TOKEN,
        }
    }

    /// The token audience a real service would demand; named in 401 messages so a
    /// failing test says which token was wanted without echoing what was sent.
    fn audience(self) -> &'static str {
        match self {
            Host::Arm => "https://management.azure.com/",
            Host::Graph => "https://graph.microsoft.com/",
            Host::Vault => "https://vault.azure.net",
            Host::Storage => "https://storage.azure.com",
        }
    }

    fn not_found_code(self) -> &'static str {
        match self {
            Host::Arm => "ResourceNotFound",
            Host::Graph => "Request_ResourceNotFound",
            Host::Vault => "NotFound",
            Host::Storage => "ResourceNotFound",
        }
    }
}

/// Something to do to a request instead of (or before) answering it from its route.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Answer with this status and an error envelope (plus `Retry-After` if set).
    Status {
        status: u16,
        code: String,
        message: String,
        retry_after: Option<u64>,
    },
    /// Sleep, then answer normally (for timeout and concurrency tests).
    Delay(Duration),
    /// Answer in a way that breaks (see `faults::Broken`).
    Broken(Broken),
}

/// One request as the emulator saw it, with the status it answered.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub host: Host,
    pub method: String,
    pub path: String,
    /// Raw query string, as sent (still percent-encoded).
    pub query: String,
    pub authorization: Option<String>,
    pub user_agent: Option<String>,
    /// The `x-ms-version` header (storage data-plane requests carry one).
    pub ms_version: Option<String>,
    /// The request body as text, when it had one (a POST's).
    pub body: Option<String>,
    /// What the emulator answered (0 while the request is still in flight).
    pub status: u16,
}

/// A running emulator; both listeners stop when it is dropped.
pub struct Emulator {
    arm_url: String,
    graph_url: String,
    vault_url: String,
    storage_url: String,
    state: Arc<Mutex<EmulatorState>>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Emulator {
    pub fn start() -> Emulator {
        // Bind with std so the ports are known before start() returns; the
        // listeners are handed to tokio inside the emulator thread.
        let arm = bind_loopback();
        let graph = bind_loopback();
        let vault = bind_loopback();
        let storage = bind_loopback();
        let storage_url = format!(
            "http://{}",
            storage.local_addr().expect("storage listener address")
        );
        let vault_url = format!(
            "http://{}",
            vault.local_addr().expect("Key Vault listener address")
        );
        let arm_url = format!("http://{}", arm.local_addr().expect("ARM listener address"));
        let graph_url = format!(
            "http://{}",
            graph.local_addr().expect("Graph listener address")
        );
        let state = Arc::new(Mutex::new(EmulatorState::default()));
        let arm_app = listener_router(Host::Arm, &arm_url, &state);
        let graph_app = listener_router(Host::Graph, &graph_url, &state);
        let vault_app = listener_router(Host::Vault, &vault_url, &state);
        let storage_app = listener_router(Host::Storage, &storage_url, &state);
        let (shutdown, stop) = oneshot::channel::<()>();

        let thread = std::thread::Builder::new()
            .name("azure-emulator".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("emulator tokio runtime");
                runtime.block_on(async move {
                    let arm = tokio::net::TcpListener::from_std(arm).expect("ARM listener");
                    let graph = tokio::net::TcpListener::from_std(graph).expect("Graph listener");
                    let vault = tokio::net::TcpListener::from_std(vault).expect("Key Vault listener");
                    let storage = tokio::net::TcpListener::from_std(storage).expect("storage listener");
                    tokio::select! {
                        served = axum::serve(arm, arm_app).into_future() => served.expect("ARM listener failed"),
                        served = axum::serve(graph, graph_app).into_future() => served.expect("Graph listener failed"),
                        served = axum::serve(vault, vault_app).into_future() => served.expect("Key Vault listener failed"),
                        served = axum::serve(storage, storage_app).into_future() => served.expect("storage listener failed"),
                        _ = stop => {}
                    }
                });
                // Dropping the runtime here aborts open connections (including
                // ones parked in a Delay fault), so drop never waits on a client.
            })
            .expect("spawn emulator thread");

        Emulator {
            arm_url,
            graph_url,
            vault_url,
            storage_url,
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn arm_url(&self) -> String {
        self.arm_url.clone()
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn graph_url(&self) -> String {
        self.graph_url.clone()
    }

    /// The Key Vault data plane (`--keyvault-endpoint`): `http://127.0.0.1:PORT`.
    pub fn vault_url(&self) -> String {
        self.vault_url.clone()
    }

    /// The storage data plane (`--storage-endpoint`): `http://127.0.0.1:PORT`.
    pub fn storage_url(&self) -> String {
        self.storage_url.clone()
    }

    /// Loads every `*.json` file under `dir`, recursively, in path order (so that
    /// "later files override earlier ones" is deterministic).
    pub fn load_dir(&self, dir: &Path) {
        let mut files = Vec::new();
        collect_json_files(dir, &mut files);
        files.sort();
        for file in files {
            self.load_file(&file);
        }
    }

    pub fn load_file(&self, file: &Path) {
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read route file {}: {e}", file.display()));
        self.load(&text, &file.display().to_string());
    }

    pub fn load_str(&self, json: &str) {
        self.load(json, "<string>");
    }

    /// Injects a fault on `path` (case-insensitive, any query); `times: None`
    /// means every request, `Some(n)` the next n requests.
    pub fn fault(&self, host: Host, path: &str, fault: Fault, times: Option<usize>) {
        if let Fault::Status { status, .. } = &fault {
            http_status(*status).unwrap_or_else(|e| panic!("fault on {path}: {e}"));
        }
        self.lock().faults.push(ActiveFault {
            host,
            path_key: path_key(path),
            fault,
            remaining: times,
        });
    }

    /// Delays every answer by `latency`, as a real round trip to Azure would; used by
    /// the benchmark to show what concurrency buys.
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
    }

    /// Throttles ARM reads like ARM: a bucket per subscription with `burst` reads,
    /// refilled at `per_second` (see `throttle.rs`).
    pub fn set_read_throttle(&self, burst: f64, per_second: f64) {
        self.lock().throttle.enable(burst, per_second);
    }

    /// Lets POST reach the route of `path` (ARM's read-only POST APIs, such as
    /// Resource Graph queries); every other path stays GET-only.
    pub fn allow_post(&self, path: &str) {
        self.lock().post_paths.push(path_key(path));
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// How many requests hit `path` on `host` (case-insensitive, any query).
    pub fn count(&self, host: Host, path: &str) -> usize {
        let key = path_key(path);
        self.lock()
            .requests
            .iter()
            .filter(|r| r.host == host && path_key(&r.path) == key)
            .count()
    }

    fn load(&self, json: &str, origin: &str) {
        let json = expand_relative_times(json);
        let file: RouteFile = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("invalid route file {origin}: {e}"));
        let routes: Vec<Route> = file
            .routes
            .into_iter()
            .map(|spec| {
                let path = spec.path.clone();
                Route::try_from(spec)
                    .unwrap_or_else(|e| panic!("invalid route {path} in {origin}: {e}"))
            })
            .collect();
        let faults: Vec<ActiveFault> = file
            .faults
            .into_iter()
            .map(|spec| {
                let path = spec.path.clone();
                ActiveFault::try_from(spec)
                    .unwrap_or_else(|e| panic!("invalid fault {path} in {origin}: {e}"))
            })
            .collect();

        let mut state = self.lock();
        for route in routes {
            state.routes.retain(|r| !r.same_key(&route));
            state.routes.push(route);
        }
        state.faults.extend(faults);
    }

    fn lock(&self) -> MutexGuard<'_, EmulatorState> {
        lock(&self.state)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            // A panic in the emulator thread already failed the test it broke;
            // re-panicking in drop would only obscure that.
            let _ = thread.join();
        }
    }
}

fn bind_loopback() -> std::net::TcpListener {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener
        .set_nonblocking(true)
        .expect("make listener non-blocking for tokio");
    listener
}

fn collect_json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read route dir {}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot read route dir {}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            collect_json_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
}

// A panicking handler poisons the mutex; the state itself stays consistent (every
// mutation is a single push/retain), so later requests and assertions may go on.
fn lock(state: &Mutex<EmulatorState>) -> MutexGuard<'_, EmulatorState> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

// ---------------------------------------------------------------------------
// Route file format

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RouteFile {
    #[serde(default)]
    routes: Vec<RouteSpec>,
    #[serde(default)]
    faults: Vec<FaultSpec>,
}

// deny_unknown_fields everywhere: a misspelt key in a scenario file would otherwise
// silently change what the emulator serves.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RouteSpec {
    #[serde(default)]
    host: Host,
    path: String,
    api_version: Option<String>,
    #[serde(default)]
    query: BTreeMap<String, String>,
    pages: Option<Vec<Vec<Value>>>,
    last_next_link: Option<String>,
    body: Option<Value>,
    status: Option<u16>,
    error: Option<Value>,
    /// An XML body (the storage data plane's answers), sent as `application/xml`.
    xml: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultSpec {
    #[serde(default)]
    host: Host,
    path: String,
    status: u16,
    code: String,
    message: String,
    retry_after: Option<u64>,
    times: Option<usize>,
}

struct Route {
    host: Host,
    /// Normalised for matching (see `path_key`).
    path_key: String,
    /// As written in the route file; used to build nextLinks.
    path: String,
    api_version: Option<String>,
    /// Lower-cased (name, value) constraints, sorted by name.
    query: Vec<(String, String)>,
    reply: RouteReply,
}

enum RouteReply {
    Pages {
        pages: Vec<Vec<Value>>,
        /// What the last page's link field holds, when it is sent at all.
        last_link: Option<Value>,
    },
    Body(Value),
    Error {
        status: StatusCode,
        error: Value,
    },
    Xml(String),
}

impl Route {
    fn same_key(&self, other: &Route) -> bool {
        self.host == other.host && self.path_key == other.path_key && self.query == other.query
    }

    fn matches(&self, host: Host, key: &str, params: &[(String, String)]) -> bool {
        self.host == host
            && self.path_key == key
            && self.query.iter().all(|(name, value)| {
                params
                    .iter()
                    .any(|(n, v)| n.to_lowercase() == *name && v.to_lowercase() == *value)
            })
    }
}

impl TryFrom<RouteSpec> for Route {
    type Error = String;

    fn try_from(spec: RouteSpec) -> Result<Route, String> {
        // The last page's link as services send it: JSON null, or (API Management,
        // Synapse firewall rules) an empty string.
        let last_link = match spec.last_next_link.as_deref() {
            None => None,
            Some("null") => Some(Value::Null),
            Some("") => Some(Value::String(String::new())),
            Some(other) => {
                return Err(format!(
                    "last_next_link must be \"null\" or \"\", not {other:?}"
                ));
            }
        };
        if last_link.is_some() && spec.pages.is_none() {
            return Err("last_next_link only applies to `pages`".into());
        }
        let reply = match (spec.pages, spec.body, spec.status, spec.error) {
            (None, None, None, None) if spec.xml.is_some() => {
                RouteReply::Xml(spec.xml.unwrap_or_default())
            }
            _ if spec.xml.is_some() => {
                return Err("`xml` cannot be combined with `pages`, `body` or `status`".into());
            }
            (Some(pages), None, None, None) if pages.is_empty() => {
                return Err("`pages` needs at least one page (use [[]] for an empty list)".into());
            }
            (Some(pages), None, None, None) => RouteReply::Pages { pages, last_link },
            (None, Some(body), None, None) => RouteReply::Body(body),
            (None, None, Some(status), Some(error)) if error.is_object() => RouteReply::Error {
                status: http_status(status)?,
                error,
            },
            _ => {
                return Err(
                    "needs exactly one of `pages`, `body`, `xml`, or `status` + `error` (an object)"
                        .into(),
                );
            }
        };
        Ok(Route {
            host: spec.host,
            path_key: path_key(&spec.path),
            path: spec.path.trim_end_matches('/').to_string(),
            api_version: spec.api_version,
            query: spec
                .query
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v.to_lowercase()))
                .collect(),
            reply,
        })
    }
}

struct ActiveFault {
    host: Host,
    path_key: String,
    fault: Fault,
    /// None = applies forever.
    remaining: Option<usize>,
}

impl TryFrom<FaultSpec> for ActiveFault {
    type Error = String;

    fn try_from(spec: FaultSpec) -> Result<ActiveFault, String> {
        http_status(spec.status)?;
        Ok(ActiveFault {
            host: spec.host,
            path_key: path_key(&spec.path),
            fault: Fault::Status {
                status: spec.status,
                code: spec.code,
                message: spec.message,
                retry_after: spec.retry_after,
            },
            remaining: spec.times,
        })
    }
}

fn http_status(status: u16) -> Result<StatusCode, String> {
    StatusCode::from_u16(status).map_err(|_| format!("{status} is not an HTTP status"))
}

// ---------------------------------------------------------------------------
// Serving

#[derive(Default)]
struct EmulatorState {
    routes: Vec<Route>,
    faults: Vec<ActiveFault>,
    requests: Vec<RecordedRequest>,
    /// Added to every answer: a stand-in for the network round trip to Azure.
    latency: Duration,
    throttle: Throttle,
    /// Paths that also answer POST (see `allow_post`).
    post_paths: Vec<String>,
}

impl EmulatorState {
    /// The first fault on this path that still has uses left, consuming one use.
    fn take_fault(&mut self, host: Host, key: &str) -> Option<Fault> {
        let active = self
            .faults
            .iter_mut()
            .find(|f| f.host == host && f.path_key == key && f.remaining.is_none_or(|n| n > 0))?;
        if let Some(n) = active.remaining.as_mut() {
            *n -= 1;
        }
        Some(active.fault.clone())
    }

    /// Answers from the best matching route: the one with the most satisfied query
    /// constraints (constraint-free routes match any query).
    fn route_answer(&self, host: Host, base_url: &str, path: &str, raw_query: &str) -> Answer {
        let params = query_pairs(raw_query);
        let api_version = param(&params, "api-version");
        // Storage versions travel in `x-ms-version` (checked in `answer`).
        if !matches!(host, Host::Graph | Host::Storage) && api_version.is_none() {
            return Answer::error(
                StatusCode::BAD_REQUEST,
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.",
            );
        }
        let key = path_key(path);
        let Some(route) = self
            .routes
            .iter()
            .filter(|r| r.matches(host, &key, &params))
            .max_by_key(|r| r.query.len())
        else {
            return Answer::error(
                StatusCode::NOT_FOUND,
                host.not_found_code(),
                &format!("The emulator has no {} route for GET {path}.", host.label()),
            );
        };
        if let (Host::Arm | Host::Vault, Some(wanted), Some(got)) =
            (host, &route.api_version, api_version)
            && !wanted.eq_ignore_ascii_case(got)
        {
            return Answer::error(
                StatusCode::BAD_REQUEST,
                "InvalidApiVersionParameter",
                &format!(
                    "The api-version '{got}' is invalid. The supported versions are '{wanted}'."
                ),
            );
        }
        match &route.reply {
            RouteReply::Body(body) => Answer::ok(body.clone()),
            RouteReply::Error { status, error } => Answer {
                status: *status,
                body: json!({ "error": error }),
                retry_after: None,
                raw: None,
                xml: None,
            },
            RouteReply::Xml(xml) => Answer {
                xml: Some(xml.clone()),
                ..Answer::ok(Value::Null)
            },
            RouteReply::Pages { pages, last_link } => {
                page_answer(host, base_url, route, pages, last_link.as_ref(), &params)
            }
        }
    }
}

fn page_answer(
    host: Host,
    base_url: &str,
    route: &Route,
    pages: &[Vec<Value>],
    last_link: Option<&Value>,
    params: &[(String, String)],
) -> Answer {
    let index = match param(params, "$skiptoken") {
        None => 0,
        Some(token) => match token.parse::<usize>() {
            Ok(k) if k < pages.len() => k,
            _ => {
                return Answer::error(
                    StatusCode::BAD_REQUEST,
                    "InvalidSkipToken",
                    &format!(
                        "The $skiptoken '{token}' does not name a page of {}.",
                        route.path
                    ),
                );
            }
        },
    };
    let next_link_key = match host {
        Host::Arm | Host::Vault | Host::Storage => "nextLink",
        Host::Graph => "@odata.nextLink",
    };
    let mut body = serde_json::Map::new();
    if host == Host::Graph {
        body.insert(
            "@odata.context".into(),
            odata_context(base_url, &route.path).into(),
        );
    }
    body.insert("value".into(), Value::Array(pages[index].clone()));
    if index + 1 < pages.len() {
        // Keep every original query parameter (api-version, $filter, $expand...)
        // so the follow-up request matches the same route and constraints.
        let mut query: Vec<String> = params
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("$skiptoken"))
            .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
            .collect();
        query.push(format!("$skiptoken={}", index + 1));
        // A vault links to its own host, as the real service does.
        let link = match host {
            Host::Vault => format!("https:/{}?{}", route.path, query.join("&")),
            _ => format!("{base_url}{}?{}", route.path, query.join("&")),
        };
        body.insert(next_link_key.into(), link.into());
    } else if let Some(last) = last_link {
        body.insert(next_link_key.into(), last.clone());
    }
    Answer::ok(Value::Object(body))
}

/// `/v1.0/roleManagement/directory/roleAssignments` ->
/// `<base>/v1.0/$metadata#roleManagement/directory/roleAssignments`.
fn odata_context(base_url: &str, path: &str) -> String {
    let path = path.trim_start_matches('/');
    let (version, rest) = path.split_once('/').unwrap_or(("v1.0", path));
    format!("{base_url}/{version}/$metadata#{rest}")
}

#[derive(Debug)]
struct Answer {
    status: StatusCode,
    body: Value,
    retry_after: Option<u64>,
    /// Sent instead of `body` when set (a `Fault::Broken`).
    raw: Option<RawReply>,
    /// Sent instead of `body`, as `application/xml`, when set (the storage data plane).
    xml: Option<String>,
}

impl Answer {
    fn ok(body: Value) -> Answer {
        Answer {
            status: StatusCode::OK,
            body,
            retry_after: None,
            raw: None,
            xml: None,
        }
    }

    /// The storage data plane's form of an error answer: `<Error><Code>…` in XML.
    fn into_storage_error(self) -> Answer {
        if self.status.is_success() || self.raw.is_some() || self.xml.is_some() {
            return self;
        }
        let field = |name: &str| {
            self.body["error"][name]
                .as_str()
                .unwrap_or_default()
                .replace('&', "&amp;")
                .replace('<', "&lt;")
        };
        let xml = format!(
            "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{}</Code><Message>{}\nRequestId:00000000-0000-0000-0000-000000000000\nTime:2026-01-01T00:00:00.0000000Z</Message></Error>",
            field("code"),
            field("message")
        );
        Answer {
            xml: Some(xml),
            ..self
        }
    }

    /// The envelope ARM and Graph share: `{"error":{"code","message"}}`.
    fn error(status: StatusCode, code: &str, message: &str) -> Answer {
        Answer {
            status,
            body: json!({ "error": { "code": code, "message": message } }),
            retry_after: None,
            raw: None,
            xml: None,
        }
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        if let Some(raw) = self.raw {
            return raw.into_response();
        }
        let mut response = match self.xml {
            Some(xml) => (
                self.status,
                [(axum::http::header::CONTENT_TYPE, "application/xml")],
                xml,
            )
                .into_response(),
            None => (self.status, axum::Json(self.body)).into_response(),
        };
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Per-listener handler state: which host it is and its own base URL (for nextLinks).
#[derive(Clone)]
struct Listener {
    host: Host,
    base_url: String,
    state: Arc<Mutex<EmulatorState>>,
}

fn listener_router(host: Host, base_url: &str, state: &Arc<Mutex<EmulatorState>>) -> Router {
    Router::new().fallback(handle).with_state(Listener {
        host,
        base_url: base_url.to_string(),
        state: Arc::clone(state),
    })
}

async fn handle(
    State(listener): State<Listener>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let header = |name| {
        headers
            .get(name)
            .map(|v: &HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    // The vault and storage listeners serve every vault and account: the Host header
    // says which.
    let path = match listener.host {
        Host::Vault | Host::Storage => {
            let host = header(HOST).unwrap_or_default();
            let name = host.split(':').next().unwrap_or_default().to_string();
            format!("/{name}{}", uri.path())
        }
        _ => uri.path().to_string(),
    };
    // Recorded on arrival (status filled in afterwards) so `requests()` keeps
    // arrival order even when a Delay fault holds one request back.
    let index = {
        let mut state = lock(&listener.state);
        state.requests.push(RecordedRequest {
            host: listener.host,
            method: method.to_string(),
            path: path.clone(),
            query: uri.query().unwrap_or_default().to_string(),
            authorization: header(AUTHORIZATION),
            user_agent: header(USER_AGENT),
            ms_version: header(X_MS_VERSION),
            body: (!body.is_empty()).then(|| String::from_utf8_lossy(&body).into_owned()),
            status: 0,
        });
        state.requests.len() - 1
    };
    let budget = lock(&listener.state).throttle.take(listener.host, &path);
    let answer = match budget.retry_after {
        Some(seconds) => throttled(&listener, seconds).await,
        None => answer(&listener, &method, &uri, &path, &headers, &body).await,
    };
    let answer = match listener.host {
        Host::Storage => answer.into_storage_error(),
        _ => answer,
    };
    lock(&listener.state).requests[index].status = answer.status.as_u16();
    let mut response = answer.into_response();
    budget.stamp(response.headers_mut());
    response
}

/// ARM's answer when a subscription's read bucket is empty (after the usual latency).
async fn throttled(listener: &Listener, retry_after: u64) -> Answer {
    let latency = lock(&listener.state).latency;
    tokio::time::sleep(latency).await;
    Answer {
        retry_after: Some(retry_after),
        ..Answer::error(
            StatusCode::TOO_MANY_REQUESTS,
            "SubscriptionRequestsThrottled",
            "Number of 'read' requests for subscription exceeded the limit.",
        )
    }
}

async fn answer(
    listener: &Listener,
    method: &Method,
    uri: &Uri,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Answer {
    let host = listener.host;
    let check = bearer(headers).map_or(TokenCheck::Invalid, |token| {
        faults::check_token(token, host.token())
    });
    if check == TokenCheck::Expired {
        return Answer::error(
            StatusCode::UNAUTHORIZED,
            "ExpiredAuthenticationToken",
            "The access token expiry UTC time is earlier than current UTC time.",
        );
    }
    if check == TokenCheck::Invalid {
        return Answer::error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            &format!(
                "Missing or invalid bearer token: {} expects a token for audience {}.",
                host.label(),
                host.audience()
            ),
        );
    }
    // Graph's `directoryObjects/getByIds` is a read that takes its IDs in a POST body;
    // the emulator answers with the route's objects that the body asks for.
    let read_only_post =
        host == Host::Graph && path_key(path).ends_with("/directoryobjects/getbyids");
    let post_allowed = *method == Method::POST
        && (read_only_post || lock(&listener.state).post_paths.contains(&path_key(path)));
    if *method != Method::GET && !post_allowed {
        return Answer::error(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            &format!("The emulator only serves GET, not {method}."),
        );
    }
    // Azure Storage refuses a bearer-token request without a service version.
    if host == Host::Storage && headers.get(&X_MS_VERSION).is_none() {
        return Answer::error(
            StatusCode::BAD_REQUEST,
            "MissingRequiredHeader",
            "An HTTP header that's mandatory for this request is not specified: x-ms-version.",
        );
    }
    let latency = lock(&listener.state).latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let fault = lock(&listener.state).take_fault(host, &path_key(path));
    match fault {
        Some(Fault::Status {
            status,
            code,
            message,
            retry_after,
        }) => {
            let status = http_status(status).expect("validated when the fault was added");
            return Answer {
                retry_after,
                ..Answer::error(status, &code, &message)
            };
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::Broken(broken)) => {
            let query = uri.query().unwrap_or_default();
            return match broken.reply(host, &listener.base_url, path, query) {
                Reply::Page(page) => Answer::ok(page),
                Reply::Raw(raw) => Answer {
                    raw: Some(raw),
                    ..Answer::ok(Value::Null)
                },
            };
        }
        None => {}
    }
    let answer = lock(&listener.state).route_answer(
        host,
        &listener.base_url,
        path,
        uri.query().unwrap_or_default(),
    );
    if read_only_post && *method == Method::POST {
        return objects_asked_for(answer, body);
    }
    answer
}

/// getByIds as Graph answers it: of the directory's objects, those whose `id` the body's
/// `ids` list (any case) and, when it has `types`, whose `@odata.type` is one of them.
/// A body that is not such a request is a 400, as Graph's is.
fn objects_asked_for(mut answer: Answer, body: &[u8]) -> Answer {
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let Some(ids) = request["ids"].as_array() else {
        return Answer::error(
            StatusCode::BAD_REQUEST,
            "Request_BadRequest",
            "The request body must be an object with an `ids` list.",
        );
    };
    let ids: Vec<String> = ids
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_ascii_lowercase)
        .collect();
    let types: Option<Vec<String>> = request["types"].as_array().map(|types| {
        types
            .iter()
            .filter_map(Value::as_str)
            .map(|t| format!("#microsoft.graph.{}", t.to_ascii_lowercase()))
            .collect()
    });
    if let Some(objects) = answer.body["value"].as_array_mut() {
        objects.retain(|object| {
            let id = object["id"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let kind = object["@odata.type"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_lowercase();
            ids.contains(&id) && types.as_ref().is_none_or(|types| types.contains(&kind))
        });
    }
    answer
}

/// The bearer token of a request, if it has one.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token)
}

// ---------------------------------------------------------------------------
// URL helpers

/// Matching key for a path: percent-decoded (clients differ in what they escape),
/// lower-cased (ARM paths are case-insensitive), without a trailing slash.
fn path_key(path: &str) -> String {
    percent_decode(path)
        .to_lowercase()
        .trim_end_matches('/')
        .to_string()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a query name or value for a nextLink. `$` stays literal so links
/// read like the real ones (`$skiptoken=`, `$filter=`).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'$' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn query_pairs(raw_query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw_query.as_bytes())
        .into_owned()
        .collect()
}

/// A query parameter by case-insensitive name (ARM treats `$skipToken` and
/// `$skiptoken` alike).
fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Replaces `{{days_ago:N}}` with the RFC 3339 time N days before now, so scenarios
/// with "recently rotated" keys or "short-lived" credentials do not go stale.
pub fn expand_relative_times(json: &str) -> String {
    const OPEN: &str = "{{days_ago:";
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        let end = after
            .find("}}")
            .unwrap_or_else(|| panic!("unterminated {OPEN} placeholder"));
        let days: i64 = after[..end]
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("bad {OPEN}{}}}}}: {e}", &after[..end]));
        let at = time::OffsetDateTime::now_utc() - time::Duration::days(days);
        let at = at.replace_nanosecond(0).expect("zero nanoseconds is valid");
        out.push_str(
            &at.format(&time::format_description::well_known::Rfc3339)
                .expect("RFC 3339 formats any UTC time"),
        );
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}
