//! When to retry a request and how long to wait: 429 and gateway-style 5xx honour
//! `Retry-After` when given and otherwise back off exponentially with jitter; dropped
//! connections and broken bodies are retried the same way; timeouts are retried fewer
//! times, because each one already cost a whole `--request-timeout`.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::Duration;

/// The longest azscan will wait on one `Retry-After`, so a bad header cannot hang a scan.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);
/// The longest computed backoff between two attempts.
const MAX_DELAY: Duration = Duration::from_secs(20);
/// Retries after the first attempt: a call survives 5 consecutive retryable answers.
pub const MAX_RETRIES: u32 = 5;
/// Of those, how many may follow a timed-out attempt (3 attempts of
/// `--request-timeout` each at most).
pub const MAX_TIMEOUT_RETRIES: u32 = 2;
/// The first backoff when Azure gives no `Retry-After` (`--retry-delay-ms`).
pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub max_timeout_retries: u32,
    pub base_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: MAX_RETRIES,
            max_timeout_retries: MAX_TIMEOUT_RETRIES,
            base_delay: DEFAULT_BASE_DELAY,
        }
    }
}

impl RetryPolicy {
    /// Exponential backoff with "equal jitter": half fixed, half random, so retries of
    /// concurrent requests spread out instead of arriving together. `attempt` counts
    /// retries already made (0 before the first).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.min(10))
            .min(MAX_DELAY);
        let half = exp / 2;
        let jitter_ms = rand::random_range(0..=half.as_millis() as u64);
        half + Duration::from_millis(jitter_ms)
    }
}

/// 5xx answers that a retry may fix.
pub fn is_transient(status: StatusCode) -> bool {
    matches!(status.as_u16(), 500 | 502 | 503 | 504)
}

/// A transport failure a new attempt may fix: the connection could not be made, was
/// closed before an answer, or broke mid-body. GETs are idempotent, so all are safe.
pub fn is_retryable_transport(error: &reqwest::Error) -> bool {
    error.is_timeout()
        || error.is_connect()
        || error.is_request()
        || error.is_body()
        || error.is_decode()
}

/// `Retry-After` as seconds or an HTTP date, capped.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER));
    }
    let format = time::format_description::well_known::Rfc2822;
    let at = time::OffsetDateTime::parse(value, &format).ok()?;
    let wait = at - time::OffsetDateTime::now_utc();
    Some(
        Duration::try_from(wait)
            .unwrap_or(Duration::ZERO)
            .min(MAX_RETRY_AFTER),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_is_honoured_and_capped() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("86400"));
        assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let policy = RetryPolicy::default();
        for attempt in 0..12 {
            let wait = policy.backoff(attempt);
            let ceiling = DEFAULT_BASE_DELAY
                .saturating_mul(1 << attempt.min(10))
                .min(MAX_DELAY);
            assert!(
                wait >= ceiling / 2 && wait <= ceiling,
                "attempt {attempt}: {wait:?}"
            );
        }
    }

    #[test]
    fn the_base_delay_scales_every_backoff() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(4),
            ..RetryPolicy::default()
        };
        assert!(policy.backoff(0) <= Duration::from_millis(4));
        assert!(policy.backoff(3) <= Duration::from_millis(32));
        let none = RetryPolicy {
            base_delay: Duration::ZERO,
            ..RetryPolicy::default()
        };
        assert_eq!(none.backoff(5), Duration::ZERO);
    }

    #[test]
    fn only_gateway_style_5xx_are_transient() {
        for status in [500, 502, 503, 504] {
            assert!(is_transient(StatusCode::from_u16(status).unwrap()));
        }
        assert!(!is_transient(StatusCode::NOT_IMPLEMENTED));
        assert!(!is_transient(StatusCode::FORBIDDEN));
    }
}
