//! When to retry a request and how long to wait: 429 honours `Retry-After`; 5xx and
//! transport failures back off exponentially with jitter, a bounded number of times.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::Duration;

/// The longest azscan will wait on one `Retry-After`, so a bad header cannot hang a scan.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);
const BASE_DELAY: Duration = Duration::from_millis(500);
const MAX_DELAY: Duration = Duration::from_secs(20);

pub struct RetryPolicy {
    pub max_retries: u32,
}

impl RetryPolicy {
    pub fn new(max_retries: u32) -> RetryPolicy {
        RetryPolicy { max_retries }
    }

    /// Exponential backoff with "equal jitter": half fixed, half random, so retries of
    /// concurrent requests spread out instead of arriving together.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = BASE_DELAY
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
        let policy = RetryPolicy::new(4);
        for attempt in 0..12 {
            let wait = policy.backoff(attempt);
            let ceiling = BASE_DELAY
                .saturating_mul(1 << attempt.min(10))
                .min(MAX_DELAY);
            assert!(
                wait >= ceiling / 2 && wait <= ceiling,
                "attempt {attempt}: {wait:?}"
            );
        }
    }

    #[test]
    fn only_gateway_style_5xx_are_transient() {
        assert!(is_transient(StatusCode::SERVICE_UNAVAILABLE));
        assert!(!is_transient(StatusCode::NOT_IMPLEMENTED));
        assert!(!is_transient(StatusCode::FORBIDDEN));
    }
}
