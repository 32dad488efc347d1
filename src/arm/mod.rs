//! The one HTTP client azscan uses for ARM and Microsoft Graph: bearer tokens per
//! audience (fetched right before each request, re-fetched once when rejected), paging
//! with loop and runaway guards, retries with backoff, throttling (429 + Retry-After),
//! per-attempt timeouts, cancellation, bounded concurrency, per-subscription read pacing,
//! typed errors and a request count.

mod cancel;
mod error;
mod pacing;
mod retry;

pub use cancel::{Cancel, CancelReason, DeadlineGuard};
pub use error::ApiError;
pub use pacing::{DEFAULT_READS_PER_SECOND, SubscriptionStats};
pub use retry::RetryPolicy;

use crate::auth::TokenSource;
use pacing::{Pacer, Scope};
use reqwest::{StatusCode, Url};
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;
use tracing::debug;

/// The most pages one list may have by default. Far above any real list (a million
/// Graph objects at 100 a page, 250,000 vault secrets at 25) yet a bound on a service
/// that never stops paging.
pub const MAX_PAGES: usize = 10_000;

/// The default `--request-timeout`: how long one attempt may take, body included.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Which API a client talks to: they page differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// ARM lists page with `nextLink`.
    Arm,
    /// Graph lists page with `@odata.nextLink`.
    Graph,
}

/// Requests in flight at once unless `--concurrency` says otherwise. Measured with
/// `cargo bench --bench live_scan -- sweep` (docs/scaling.md): with 50 ms round trips,
/// scans that fit in ARM's burst run 2.3x their lower bound at 16 and 1.4-1.6x at 64,
/// with no gain beyond; scans past the burst are paced and gain nothing above 16.
pub const DEFAULT_CONCURRENCY: usize = 64;

/// Settings shared by the ARM and Graph clients of one scan.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    pub concurrency: usize,
    /// Limits each attempt (connect, headers and body), not the whole call.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// Fired by a signal or the scan deadline: every request then ends at once.
    pub cancel: Cancel,
    /// More pages than this in one list is runaway paging, an error.
    pub max_pages: usize,
    /// The rate ARM refills each subscription's read budget at; requests slow to it
    /// when the budget runs low.
    pub arm_reads_per_second: f64,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            concurrency: DEFAULT_CONCURRENCY,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            retry: RetryPolicy::default(),
            cancel: Cancel::new(),
            max_pages: MAX_PAGES,
            arm_reads_per_second: DEFAULT_READS_PER_SECOND,
        }
    }
}

/// How long a scan may wait, as the user set it (`--request-timeout`, `--timeout`,
/// `--retry-delay-ms`), and the scan's cancellation signal.
#[derive(Debug, Clone)]
pub struct Reliability {
    pub request_timeout: Duration,
    /// The whole-scan deadline, counted from the start of collection.
    pub deadline: Option<Duration>,
    pub retry_base_delay: Duration,
    pub cancel: Cancel,
    /// `MAX_PAGES` unless a test lowers it (hidden `--max-pages`).
    pub max_pages: usize,
}

impl Reliability {
    /// Client settings for a scan with `concurrency` requests in flight whose ARM reads
    /// refill at `arm_reads_per_second` per subscription.
    pub fn client_settings(&self, concurrency: usize, arm_reads_per_second: f64) -> ClientSettings {
        ClientSettings {
            concurrency,
            arm_reads_per_second,
            request_timeout: self.request_timeout,
            retry: RetryPolicy {
                base_delay: self.retry_base_delay,
                ..RetryPolicy::default()
            },
            cancel: self.cancel.clone(),
            max_pages: self.max_pages,
        }
    }
}

/// What both clients of a scan share: the connection pool, the concurrency limit, the
/// read budgets of every subscription and the request counter. One `Shared` may serve
/// scans of many subscriptions at once: each is paced on its own.
#[derive(Clone)]
pub struct Shared {
    http: reqwest::Client,
    limiter: Arc<Semaphore>,
    /// Per subscription (and for Graph): pacing, 429 pauses and counters.
    pacer: Pacer,
    requests: Arc<AtomicU64>,
    settings: ClientSettings,
}

impl Shared {
    pub fn new(settings: ClientSettings, loopback_only: bool) -> Result<Shared, String> {
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("azscan/", env!("CARGO_PKG_VERSION")))
            .timeout(settings.request_timeout)
            .connect_timeout(settings.request_timeout.min(Duration::from_secs(15)));
        if loopback_only {
            // A local emulator must never be reached through a corporate proxy.
            builder = builder.no_proxy();
        }
        if let Some(path) = std::env::var_os("SSL_CERT_FILE") {
            // Extra trusted roots (corporate TLS inspection), on top of the system store.
            let pem = std::fs::read(&path).map_err(|e| {
                format!("cannot read SSL_CERT_FILE {}: {e}", path.to_string_lossy())
            })?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                format!(
                    "SSL_CERT_FILE {} holds no usable PEM certificates: {e}",
                    path.to_string_lossy()
                )
            })?;
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
        Ok(Shared {
            http,
            limiter: Arc::new(Semaphore::new(settings.concurrency.max(1))),
            pacer: Pacer::new(settings.arm_reads_per_second),
            requests: Arc::new(AtomicU64::new(0)),
            settings,
        })
    }

    /// Requests sent so far, retries included.
    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// ARM requests and 429 answers so far for one subscription (any case of its ID).
    pub fn subscription_stats(&self, subscription_id: &str) -> SubscriptionStats {
        self.pacer.subscription_stats(subscription_id)
    }

    /// The same for every subscription this client has read, by lower-cased ID.
    pub fn all_subscription_stats(&self) -> std::collections::BTreeMap<String, SubscriptionStats> {
        self.pacer.all_subscription_stats()
    }
}

/// A client for one API endpoint with its token audience.
#[derive(Clone)]
pub struct Client {
    shared: Shared,
    base: Url,
    flavor: Flavor,
    tokens: TokenSource,
    /// Sent as `Host` when `base` is an override standing in for another host (a
    /// vault's own host behind `--keyvault-endpoint`).
    host: Option<String>,
    /// Headers every request carries besides the token (a storage data plane's
    /// `x-ms-version`, its `Accept`); they replace the defaults of the same name.
    headers: Vec<(&'static str, String)>,
}

impl Client {
    pub fn new(shared: Shared, base: Url, flavor: Flavor, tokens: TokenSource) -> Client {
        Client {
            shared,
            base,
            flavor,
            tokens,
            host: None,
            headers: Vec::new(),
        }
    }

    /// This client, sending `name: value` with every request.
    pub fn with_header(mut self, name: &'static str, value: String) -> Client {
        self.headers.push((name, value));
        self
    }

    /// This client, naming `host` in every request's `Host` header: the service it
    /// stands for when `base` is an endpoint override.
    pub fn with_host(mut self, host: String) -> Client {
        self.host = Some(host);
        self
    }

    /// GETs one object. `path` starts with `/`; `query` pairs are URL-encoded.
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, ApiError> {
        let url = self.url(path, query)?;
        self.send(url, path).await
    }

    /// GETs a body that is not JSON (a storage data plane's XML), as text; retried,
    /// paced and cancelled like `get`.
    pub async fn get_text(&self, path: &str, query: &[(&str, &str)]) -> Result<String, ApiError> {
        let url = self.url(path, query)?;
        let (status, body) = self.send_raw(url, path, None).await?;
        String::from_utf8(body.to_vec()).map_err(|e| {
            ApiError::invalid_response(
                path,
                &format!("the {} response is not UTF-8: {e}", status.as_u16()),
            )
        })
    }

    /// POSTs `body` to a read-only API that takes its input in the body (Graph
    /// `directoryObjects/getByIds`) or to one of ARM's list actions
    /// (`config/appsettings/list`, body `{}`); retried, paced and cancelled like a GET.
    pub async fn post(
        &self,
        path: &str,
        query: &[(&str, &str)],
        body: &Value,
    ) -> Result<Value, ApiError> {
        let url = self.url(path, query)?;
        self.send_body(url, path, Some(body)).await
    }

    /// GETs every item of a list, following `nextLink` / `@odata.nextLink` to the end.
    /// A page may be empty while still pointing to a next one; an absent or null link
    /// ends the list. A list that loops (a link already followed, or a non-empty page
    /// of items all read before, whatever its link says) or runs past `max_pages` is an
    /// error: its items cannot be trusted to be complete, so no verdict comes from it.
    pub async fn list(&self, path: &str, query: &[(&str, &str)]) -> Result<Vec<Value>, ApiError> {
        let mut url = self.url(path, query)?;
        let mut items = Vec::new();
        let mut followed = std::collections::HashSet::from([url.to_string()]);
        let mut read = std::collections::HashSet::new();
        let max_pages = self.shared.settings.max_pages;
        for page_number in 1..=max_pages {
            let page = self.send(url.clone(), path).await?;
            match page.get("value") {
                Some(Value::Array(values)) => {
                    let before = items.len();
                    for value in values {
                        // The same item twice (a service re-sending part of a page)
                        // would be judged and reported twice.
                        if read.insert(item_key(value)) {
                            items.push(value.clone());
                        }
                    }
                    if !values.is_empty() && items.len() == before {
                        return Err(ApiError::invalid_response(
                            path,
                            &format!(
                                "paging looped: page {page_number} only repeated items already read"
                            ),
                        ));
                    }
                }
                Some(Value::Null) | None => {}
                Some(_) => {
                    return Err(ApiError::invalid_response(path, "`value` is not an array"));
                }
            }
            let link_field = match self.flavor {
                Flavor::Arm => "nextLink",
                Flavor::Graph => "@odata.nextLink",
            };
            let Some(next) = page
                .get(link_field)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            else {
                return Ok(items);
            };
            url = self.next_url(next, path)?;
            if !followed.insert(url.to_string()) {
                return Err(ApiError::invalid_response(
                    path,
                    &format!("paging looped: page {page_number} links to a page already read"),
                ));
            }
        }
        Err(ApiError::invalid_response(
            path,
            &format!("paging ran away: more than {max_pages} pages"),
        ))
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> Result<Url, ApiError> {
        let mut url = self
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| ApiError::invalid_response(path, &format!("bad request path: {e}")))?;
        if !query.is_empty() {
            let encoded: Vec<String> = query
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}={}",
                        encode_query_component(k),
                        encode_query_component(v)
                    )
                })
                .collect();
            url.set_query(Some(&encoded.join("&")));
        }
        Ok(url)
    }

    /// The next page, always on our configured endpoint: a next link that names another
    /// host (ARM behind a proxy, or a misbehaving service) is re-based onto ours so the
    /// bearer token is never sent anywhere else.
    fn next_url(&self, next: &str, path: &str) -> Result<Url, ApiError> {
        let parsed = Url::parse(next)
            .or_else(|_| self.base.join(next.trim_start_matches('/')))
            .map_err(|e| ApiError::invalid_response(path, &format!("bad next link: {e}")))?;
        if parsed.origin() == self.base.origin() {
            return Ok(parsed);
        }
        let mut rebased = self.base.clone();
        let base_path = self.base.path().trim_end_matches('/');
        rebased.set_path(&format!("{base_path}{}", parsed.path()));
        rebased.set_query(parsed.query());
        Ok(rebased)
    }

    /// One call, retried as `RetryPolicy` allows, ended at once by cancellation.
    async fn send(&self, url: Url, path: &str) -> Result<Value, ApiError> {
        self.send_body(url, path, None).await
    }

    async fn send_body(
        &self,
        url: Url,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, ApiError> {
        let (status, answer) = self.send_raw(url, path, body).await?;
        // A 200 whose body is not JSON (or was cut short) is not retried: the
        // service said it succeeded, and what it sent cannot be read.
        serde_json::from_slice(&answer).map_err(|e| {
            ApiError::invalid_response(
                path,
                &format!("the {} response is not JSON: {e}", status.as_u16()),
            )
        })
    }

    /// A successful answer's status and body, whatever its format.
    async fn send_raw(
        &self,
        url: Url,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(StatusCode, bytes::Bytes), ApiError> {
        let cancel = &self.shared.settings.cancel;
        tokio::select! {
            biased;
            _ = cancel.cancelled() => Err(ApiError::cancelled(path, cancel.reason())),
            result = self.send_with_retries(url, path, body) => result,
        }
    }

    async fn send_with_retries(
        &self,
        url: Url,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(StatusCode, bytes::Bytes), ApiError> {
        let policy = self.shared.settings.retry;
        let mut retries = 0;
        let mut timeout_retries = 0;
        let mut token_refreshed = false;
        let scope = match self.flavor {
            Flavor::Arm => Scope::of_arm_path(path),
            Flavor::Graph => Scope::Graph,
        };
        loop {
            let (outcome, token) = self.attempt(&url, path, &scope, body).await?;
            let answered = match outcome {
                Ok(answer) => answer,
                Err(e) => {
                    let may_retry = retry::is_retryable_transport(&e)
                        && retries < policy.max_retries
                        && (!e.is_timeout() || timeout_retries < policy.max_timeout_retries);
                    if !may_retry {
                        return Err(ApiError::transport(path, &e).after_attempts(retries + 1));
                    }
                    if e.is_timeout() {
                        timeout_retries += 1;
                    }
                    let wait = policy.backoff(retries);
                    retries += 1;
                    // The path is enough: the URL's query may carry a $skiptoken.
                    let e = e.without_url();
                    debug!(target: "azscan::http", "retrying {path} in {} ms (attempt {}): {e}", wait.as_millis(), retries + 1);
                    tokio::time::sleep(wait).await;
                    continue;
                }
            };
            let Answer {
                status,
                retry_after,
                body,
            } = answered;
            if status.is_success() {
                return Ok((status, body));
            }
            let error = ApiError::from_response(path, status.as_u16(), &body);
            if error.is_rejected_token() && !token_refreshed {
                // Expired or revoked between fetch and use: one retry with a fresh
                // token, outside the retry budget (it is not the service's fault).
                token_refreshed = true;
                self.tokens.forget(&token).await;
                debug!(target: "azscan::http", "token rejected on {path}; retrying with a fresh one");
                continue;
            }
            let throttled = status == StatusCode::TOO_MANY_REQUESTS;
            if !(throttled || retry::is_transient(status)) || retries >= policy.max_retries {
                return Err(error.after_attempts(retries + 1));
            }
            let wait = retry_after.unwrap_or_else(|| policy.backoff(retries));
            if throttled {
                // Throttling is per subscription (or Graph): hold back every request
                // of that scope, and only those.
                self.shared.pacer.pause(&scope, wait);
            }
            retries += 1;
            debug!(target: "azscan::http", "retrying {path} in {} ms (attempt {}): {}", wait.as_millis(), retries + 1, status.as_u16());
            tokio::time::sleep(wait).await;
        }
    }

    /// One HTTP exchange. The token is fetched only once a request slot is held, right
    /// before sending, so time spent queued can never make it stale. Returns the token
    /// used, so a rejection can drop exactly that one from the cache.
    async fn attempt(
        &self,
        url: &Url,
        path: &str,
        scope: &Scope,
        body: Option<&Value>,
    ) -> Result<(Result<Answer, reqwest::Error>, String), ApiError> {
        // Pacing: waits out this scope's 429 pause and, when its budget runs low, its
        // turn at the refill rate; other subscriptions are not held up.
        let mut ticket = self.shared.pacer.admit(scope).await;
        let _permit = self
            .shared
            .limiter
            .acquire()
            .await
            .expect("the request limiter is never closed");
        let token = self.tokens.token().await.map_err(|message| ApiError {
            call: path.to_string(),
            status: None,
            code: Some("AuthenticationFailed".into()),
            message,
        })?;
        self.shared.requests.fetch_add(1, Ordering::Relaxed);
        ticket.sending();
        let started = std::time::Instant::now();
        let request = match body {
            Some(body) => self.shared.http.post(url.clone()).json(body),
            None => self.shared.http.get(url.clone()),
        };
        let mut request = request
            .bearer_auth(&token)
            .header("Accept", "application/json");
        if let Some(host) = &self.host {
            request = request.header(reqwest::header::HOST, host);
        }
        let mut extra = reqwest::header::HeaderMap::new();
        for (name, value) in &self.headers {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes());
            let value = reqwest::header::HeaderValue::from_str(value);
            if let (Ok(name), Ok(value)) = (name, value) {
                extra.insert(name, value);
            }
        }
        // `headers` replaces a default of the same name (`Accept`) rather than adding.
        request = request.headers(extra);
        let sent = request.send().await;
        let verb = if body.is_some() { "POST" } else { "GET" };
        let outcome = match sent {
            Ok(response) => {
                let status = response.status();
                ticket.answered(status.as_u16(), response.headers());
                let retry_after = retry::retry_after(response.headers());
                let body = response.bytes().await;
                debug!(
                    target: "azscan::http",
                    "{verb} {} -> {} in {} ms",
                    redact_query(url),
                    status.as_u16(),
                    started.elapsed().as_millis()
                );
                body.map(|body| Answer {
                    status,
                    retry_after,
                    body,
                })
            }
            Err(e) => Err(e),
        };
        if let Err(e) = &outcome {
            debug!(
                target: "azscan::http",
                "{verb} {} failed: {}",
                redact_query(url),
                error::transport_message(e)
            );
        }
        Ok((outcome, token))
    }
}

/// A complete HTTP answer, whatever its status.
struct Answer {
    status: StatusCode,
    retry_after: Option<Duration>,
    body: bytes::Bytes,
}

/// What makes two list items the same: ARM and Graph ids (case-insensitive, as ARM
/// treats them), or the whole item for the rare list without ids.
fn item_key(item: &Value) -> String {
    match item.get("id").and_then(Value::as_str) {
        Some(id) => format!("id:{}", id.to_ascii_lowercase()),
        None => format!("value:{item}"),
    }
}

/// Percent-encodes a query key or value the way Azure's own clients do: spaces as
/// `%20` (not `+`, which some Graph endpoints read literally) and OData's `$` kept.
fn encode_query_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~$".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Query strings can carry `$skiptoken`s; logs only need the path.
fn redact_query(url: &Url) -> String {
    format!("{}{}", url.origin().ascii_serialization(), url.path())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{AuthMethod, CredentialChain};
    use crate::cloud::Cloud;

    fn client(base: &str) -> Client {
        let shared = Shared::new(ClientSettings::default(), true).unwrap();
        let chain = Arc::new(CredentialChain::new(AuthMethod::Env, Cloud::Public));
        Client::new(
            shared,
            Url::parse(base).unwrap(),
            Flavor::Arm,
            TokenSource::new(chain, "https://management.azure.com/.default".into()),
        )
    }

    #[test]
    fn next_links_stay_on_the_configured_host() {
        let c = client("https://proxy.example/arm/");
        let same = c
            .next_url(
                "https://proxy.example/arm/subscriptions/s/x?api-version=1&$skiptoken=a",
                "/x",
            )
            .unwrap();
        assert_eq!(
            same.as_str(),
            "https://proxy.example/arm/subscriptions/s/x?api-version=1&$skiptoken=a"
        );
        // ARM behind a proxy still answers with its public host: keep path and query only,
        // so the bearer token is never sent to a host the user did not configure.
        let foreign = c
            .next_url(
                "https://management.azure.com/subscriptions/s/x?api-version=1&$skiptoken=b",
                "/x",
            )
            .unwrap();
        assert_eq!(
            foreign.as_str(),
            "https://proxy.example/arm/subscriptions/s/x?api-version=1&$skiptoken=b"
        );
        let relative = c.next_url("/subscriptions/s/x?page=2", "/x").unwrap();
        assert_eq!(relative.host_str(), Some("proxy.example"));
    }

    #[test]
    fn request_urls_keep_the_base_path_and_encode_the_query() {
        let c = client("https://proxy.example/arm/");
        let url = c
            .url(
                "/subscriptions/s/providers/P/x",
                &[("api-version", "2024-01-01"), ("$filter", "a eq 'b'")],
            )
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://proxy.example/arm/subscriptions/s/providers/P/x?api-version=2024-01-01&$filter=a%20eq%20%27b%27"
        );
    }
}
