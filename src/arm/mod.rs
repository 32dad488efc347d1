//! The one HTTP client azscan uses for ARM and Microsoft Graph: bearer tokens per
//! audience, paging, retries with backoff, throttling (429 + Retry-After), per-request
//! timeouts, bounded concurrency, typed errors and a request count.

mod error;
mod retry;

pub use error::ApiError;

use crate::auth::TokenSource;
use reqwest::{StatusCode, Url};
use retry::RetryPolicy;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;
use tracing::debug;

/// Which API a client talks to: they page differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// ARM lists page with `nextLink`.
    Arm,
    /// Graph lists page with `@odata.nextLink`.
    Graph,
}

/// Settings shared by the ARM and Graph clients of one scan.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    pub concurrency: usize,
    pub timeout: Duration,
    pub max_retries: u32,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            concurrency: 16,
            timeout: Duration::from_secs(60),
            max_retries: 4,
        }
    }
}

/// What both clients of a scan share: the connection pool, the concurrency limit and
/// the request counter.
#[derive(Clone)]
pub struct Shared {
    http: reqwest::Client,
    limiter: Arc<Semaphore>,
    /// Set when Azure throttles: every request waits until then, not only the one that
    /// was told to, so a burst does not keep hitting a throttled subscription.
    paused_until: Arc<std::sync::Mutex<Option<tokio::time::Instant>>>,
    requests: Arc<AtomicU64>,
    settings: ClientSettings,
}

impl Shared {
    pub fn new(settings: ClientSettings, loopback_only: bool) -> Result<Shared, String> {
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("azscan/", env!("CARGO_PKG_VERSION")))
            .timeout(settings.timeout)
            .connect_timeout(Duration::from_secs(15));
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
            paused_until: Arc::new(std::sync::Mutex::new(None)),
            requests: Arc::new(AtomicU64::new(0)),
            settings,
        })
    }

    async fn wait_while_throttled(&self) {
        let until = *self.paused_until.lock().expect("throttle lock");
        if let Some(until) = until {
            tokio::time::sleep_until(until).await;
        }
    }

    fn pause(&self, wait: Duration) {
        let until = tokio::time::Instant::now() + wait;
        let mut paused = self.paused_until.lock().expect("throttle lock");
        if paused.is_none_or(|current| current < until) {
            *paused = Some(until);
        }
    }

    /// Requests sent so far, retries included.
    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}

/// A client for one API endpoint with its token audience.
#[derive(Clone)]
pub struct Client {
    shared: Shared,
    base: Url,
    flavor: Flavor,
    tokens: TokenSource,
}

impl Client {
    pub fn new(shared: Shared, base: Url, flavor: Flavor, tokens: TokenSource) -> Client {
        Client {
            shared,
            base,
            flavor,
            tokens,
        }
    }

    /// GETs one object. `path` starts with `/`; `query` pairs are URL-encoded.
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, ApiError> {
        let url = self.url(path, query)?;
        self.send(url, path).await
    }

    /// GETs every item of a list, following `nextLink` / `@odata.nextLink` to the end.
    /// A page may be empty while still pointing to a next one; an absent or null link
    /// ends the list.
    pub async fn list(&self, path: &str, query: &[(&str, &str)]) -> Result<Vec<Value>, ApiError> {
        let mut url = self.url(path, query)?;
        let mut items = Vec::new();
        // Guards against a service that keeps answering with the same link.
        let mut seen = std::collections::HashSet::new();
        loop {
            let page = self.send(url.clone(), path).await?;
            match page.get("value") {
                Some(Value::Array(values)) => items.extend(values.iter().cloned()),
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
            if !seen.insert(url.to_string()) {
                return Err(ApiError::invalid_response(
                    path,
                    "paging repeated the same next link",
                ));
            }
        }
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

    async fn send(&self, url: Url, path: &str) -> Result<Value, ApiError> {
        let policy = RetryPolicy::new(self.shared.settings.max_retries);
        let mut attempt = 0;
        loop {
            let token = self.tokens.token().await.map_err(|message| ApiError {
                call: path.to_string(),
                status: None,
                code: Some("AuthenticationFailed".into()),
                message,
            })?;
            self.shared.wait_while_throttled().await;
            let outcome = {
                let _permit = self
                    .shared
                    .limiter
                    .acquire()
                    .await
                    .expect("the request limiter is never closed");
                self.shared.requests.fetch_add(1, Ordering::Relaxed);
                let started = std::time::Instant::now();
                let result = self
                    .shared
                    .http
                    .get(url.clone())
                    .bearer_auth(token)
                    .header("Accept", "application/json")
                    .send()
                    .await;
                match result {
                    Ok(response) => {
                        let status = response.status();
                        let retry_after = retry::retry_after(response.headers());
                        let body = response.bytes().await;
                        debug!(
                            target: "azscan::http",
                            "GET {} -> {} in {} ms",
                            redact_query(&url),
                            status.as_u16(),
                            started.elapsed().as_millis()
                        );
                        match body {
                            Ok(body) => Ok((status, retry_after, body)),
                            Err(e) => Err(e),
                        }
                    }
                    Err(e) => {
                        debug!(
                            target: "azscan::http",
                            "GET {} failed: {}",
                            redact_query(&url),
                            error::transport_message(&e)
                        );
                        Err(e)
                    }
                }
            };
            let retry_in = match &outcome {
                Ok((status, retry_after, _)) if *status == StatusCode::TOO_MANY_REQUESTS => {
                    let wait = retry_after.unwrap_or_else(|| policy.backoff(attempt));
                    self.shared.pause(wait);
                    Some(wait)
                }
                // A 503 may say when to come back too.
                Ok((status, retry_after, _)) if retry::is_transient(*status) => {
                    Some(retry_after.unwrap_or_else(|| policy.backoff(attempt)))
                }
                Ok(_) => None,
                Err(e) if e.is_timeout() || e.is_connect() || e.is_request() || e.is_body() => {
                    Some(policy.backoff(attempt))
                }
                Err(_) => None,
            };
            if let Some(wait) = retry_in
                && attempt < policy.max_retries
            {
                attempt += 1;
                debug!(target: "azscan::http", "retrying {path} in {} ms (attempt {attempt})", wait.as_millis());
                tokio::time::sleep(wait).await;
                continue;
            }
            return match outcome {
                Ok((status, _, body)) if status.is_success() => serde_json::from_slice(&body)
                    .map_err(|e| {
                        ApiError::invalid_response(path, &format!("response is not JSON: {e}"))
                    }),
                Ok((status, _, body)) => Err(ApiError::from_response(path, status.as_u16(), &body)),
                Err(e) => Err(ApiError::transport(path, &e)),
            };
        }
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
