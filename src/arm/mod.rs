//! The one HTTP client azscan uses for ARM and Microsoft Graph: bearer tokens per
//! audience, paging, retries with backoff, throttling (429 + Retry-After), per-request
//! timeouts, bounded concurrency, per-subscription read pacing, typed errors and a
//! request count.

mod error;
mod pacing;
mod retry;

pub use error::ApiError;
pub use pacing::{DEFAULT_READS_PER_SECOND, SubscriptionStats};

use crate::auth::TokenSource;
use pacing::{Pacer, Scope};
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

/// Requests in flight at once unless `--concurrency` says otherwise. Measured with
/// `cargo bench --bench live_scan -- sweep` (docs/scaling.md): with 50 ms round trips,
/// scans that fit in ARM's burst run 2.3x their lower bound at 16 and 1.4-1.6x at 64,
/// with no gain beyond; scans past the burst are paced and gain nothing above 16.
pub const DEFAULT_CONCURRENCY: usize = 64;

/// Settings shared by the ARM and Graph clients of one scan.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    pub concurrency: usize,
    pub timeout: Duration,
    pub max_retries: u32,
    /// The rate ARM refills each subscription's read budget at; requests slow to it
    /// when the budget runs low.
    pub arm_reads_per_second: f64,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            concurrency: DEFAULT_CONCURRENCY,
            timeout: Duration::from_secs(60),
            max_retries: 4,
            arm_reads_per_second: DEFAULT_READS_PER_SECOND,
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
        let scope = match self.flavor {
            Flavor::Arm => Scope::of_arm_path(path),
            Flavor::Graph => Scope::Graph,
        };
        let mut attempt = 0;
        loop {
            let token = self.tokens.token().await.map_err(|message| ApiError {
                call: path.to_string(),
                status: None,
                code: Some("AuthenticationFailed".into()),
                message,
            })?;
            // Pacing: waits out this scope's 429 pause and, when its budget runs low,
            // its turn at the refill rate; other subscriptions are not held up.
            let mut ticket = self.shared.pacer.admit(&scope).await;
            let outcome = {
                let _permit = self
                    .shared
                    .limiter
                    .acquire()
                    .await
                    .expect("the request limiter is never closed");
                self.shared.requests.fetch_add(1, Ordering::Relaxed);
                ticket.sending();
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
                        ticket.answered(status.as_u16(), response.headers());
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
                        debug!(target: "azscan::http", "GET {} failed: {e}", redact_query(&url));
                        Err(e)
                    }
                }
            };
            let retry_in = match &outcome {
                Ok((status, retry_after, _)) if *status == StatusCode::TOO_MANY_REQUESTS => {
                    let wait = retry_after.unwrap_or_else(|| policy.backoff(attempt));
                    self.shared.pacer.pause(&scope, wait);
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
