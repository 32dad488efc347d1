//! ARM's read throttling, emulated: one token bucket per subscription (by default
//! 250 reads of burst, refilled at 25 per second, as ARM does), a 429 with
//! `Retry-After` when a bucket is empty, and `x-ms-ratelimit-remaining-subscription-reads`
//! on every answer under `/subscriptions/{id}`. Off until a test turns it on.

use std::collections::HashMap;
use std::time::Instant;

use axum::http::{HeaderMap, HeaderValue};

use super::emulator::Host;

const REMAINING_READS: &str = "x-ms-ratelimit-remaining-subscription-reads";

/// ARM's documented read bucket per subscription.
pub const ARM_READ_BURST: f64 = 250.0;
pub const ARM_READS_PER_SECOND: f64 = 25.0;

/// The buckets of one emulator; `None` config means no throttling and no header.
#[derive(Default)]
pub struct Throttle {
    config: Option<(f64, f64)>,
    /// Tokens left at the instant, per lower-cased subscription ID.
    buckets: HashMap<String, (f64, Instant)>,
}

/// What the bucket decided for one request.
pub struct Decision {
    /// Reads left after this request, sent as the header.
    remaining: Option<u64>,
    /// Set when the bucket was empty: answer 429 with this `Retry-After`.
    pub retry_after: Option<u64>,
}

impl Throttle {
    /// Turns the buckets on (full) with this burst and refill rate.
    pub fn enable(&mut self, burst: f64, per_second: f64) {
        self.config = Some((burst, per_second));
        self.buckets.clear();
    }

    /// Spends one read of the subscription `path` belongs to, if any.
    pub fn take(&mut self, host: Host, path: &str) -> Decision {
        let unmetered = Decision {
            remaining: None,
            retry_after: None,
        };
        let Some((burst, rate)) = self.config else {
            return unmetered;
        };
        let mut segments = path.split('/').filter(|s| !s.is_empty());
        let subscription = match (host, segments.next(), segments.next()) {
            (Host::Arm, Some(first), Some(id)) if first.eq_ignore_ascii_case("subscriptions") => {
                id.to_ascii_lowercase()
            }
            _ => return unmetered,
        };
        let now = Instant::now();
        let (tokens, at) = self.buckets.entry(subscription).or_insert((burst, now));
        *tokens = (*tokens + rate * now.duration_since(*at).as_secs_f64()).min(burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Decision {
                remaining: Some(tokens.floor() as u64),
                retry_after: None,
            }
        } else {
            // Whole seconds, as ARM sends them, and never 0 (that would invite an
            // immediate retry into the same empty bucket).
            let wait = ((1.0 - *tokens) / rate).ceil().max(1.0) as u64;
            Decision {
                remaining: Some(0),
                retry_after: Some(wait),
            }
        }
    }
}

impl Decision {
    /// Adds the remaining-reads header to an answer under a metered subscription.
    pub fn stamp(&self, headers: &mut HeaderMap) {
        if let Some(remaining) = self.remaining {
            headers.insert(REMAINING_READS, HeaderValue::from(remaining));
        }
    }
}
