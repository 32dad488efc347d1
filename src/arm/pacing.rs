//! Read budgets and throttling pauses: each ARM subscription is paced from the
//! `x-ms-ratelimit-remaining-subscription-*reads` headers it answers with, so a scan
//! slows to the refill rate before the budget is empty instead of waiting for 429s,
//! and a 429 pauses only the requests of the budget it came from.
//!
//! ARM keeps one token bucket of reads per subscription (250 burst, 25 per second
//! refill). A client cannot see the bucket, only the remaining count each answer
//! reports, which is already stale by the requests still in flight. So each budget
//! keeps an estimate of the tokens left, synced from the headers minus every request
//! of this client still unanswered, refilled at the configured rate,
//! and holds `RESERVE` tokens back. Requests beyond the estimate are given start
//! times one refill interval apart (no polling, no herd of sleeping tasks).

use reqwest::header::HeaderMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::time::Instant;

/// ARM's refill rate for reads, per subscription.
pub const DEFAULT_READS_PER_SECOND: f64 = 25.0;

/// Tokens left unspent: room for the header lagging the bucket and for other
/// clients reading the same subscription at the same time.
const RESERVE: f64 = 10.0;

const REMAINING_READS: &str = "x-ms-ratelimit-remaining-subscription-reads";
const REMAINING_GLOBAL_READS: &str = "x-ms-ratelimit-remaining-subscription-global-reads";

/// Which budget and which throttling pause a request belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// An ARM request under `/subscriptions/{id}` (id lower-cased).
    Subscription(String),
    /// An ARM request outside every subscription (the subscription list, tenants).
    ArmTenant,
    /// Microsoft Graph, which ARM's buckets do not cover.
    Graph,
}

impl Scope {
    /// The scope of an ARM request path, e.g. `/subscriptions/{id}/providers/...`.
    pub fn of_arm_path(path: &str) -> Scope {
        let mut segments = path.split('/').filter(|s| !s.is_empty());
        match (segments.next(), segments.next()) {
            (Some(first), Some(id)) if first.eq_ignore_ascii_case("subscriptions") => {
                Scope::Subscription(id.to_ascii_lowercase())
            }
            _ => Scope::ArmTenant,
        }
    }
}

/// The remaining reads an ARM answer reports: the lower of the subscription and
/// global counters; `None` when neither header is there or readable.
pub fn remaining_reads(headers: &HeaderMap) -> Option<u64> {
    let read = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
    match (read(REMAINING_READS), read(REMAINING_GLOBAL_READS)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// What a progress display shows for one subscription.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubscriptionStats {
    /// Requests sent, retries included.
    pub requests: u64,
    /// Answers that were 429 Too Many Requests.
    pub throttled: u64,
}

/// Every budget of one `Shared` client; cheap to clone.
#[derive(Clone)]
pub struct Pacer {
    inner: Arc<Inner>,
}

struct Inner {
    reads_per_second: f64,
    budgets: Mutex<HashMap<Scope, Budget>>,
}

#[derive(Default)]
struct Budget {
    /// Estimated tokens left at `stamp`; `None` until ARM has reported a count.
    /// `stamp` may lie in the future: the time the last paced request was given.
    level: Option<(f64, Instant)>,
    /// The most tokens ever reported plus one: the bucket cannot refill past this.
    capacity: f64,
    paused_until: Option<Instant>,
    /// Admitted requests not yet answered, by admission order.
    in_flight: BTreeSet<u64>,
    next_seq: u64,
    /// The newest request whose header was applied, so a late answer cannot undo a
    /// fresher count.
    synced_seq: Option<u64>,
    stats: SubscriptionStats,
}

impl Budget {
    /// The estimated level now (refilled, capped), or at the future time already
    /// promised to the last paced request.
    fn level_at(&self, now: Instant, rate: f64) -> Option<(f64, Instant)> {
        let (level, stamp) = self.level?;
        if stamp > now {
            return Some((level, stamp));
        }
        let refilled = level + rate * (now - stamp).as_secs_f64();
        Some((refilled.min(self.capacity), now))
    }
}

/// A request's claim on its budget, from admission until its answer. Dropping it
/// (the request was cancelled or failed in transport) releases the claim.
pub struct Ticket {
    inner: Arc<Inner>,
    scope: Scope,
    seq: u64,
}

impl Pacer {
    pub fn new(reads_per_second: f64) -> Pacer {
        Pacer {
            inner: Arc::new(Inner {
                // A zero or negative rate would schedule requests never; the CLI
                // refuses it, this keeps library callers safe too.
                reads_per_second: if reads_per_second.is_finite() && reads_per_second > 0.0 {
                    reads_per_second
                } else {
                    DEFAULT_READS_PER_SECOND
                },
                budgets: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Waits until `scope` may send one more request: past any 429 pause and, for a
    /// subscription whose budget runs low, until its turn at the refill rate.
    pub async fn admit(&self, scope: &Scope) -> Ticket {
        loop {
            // Err: paused until then; Ok: admitted, to start at that time.
            let step = {
                let mut budgets = self.inner.lock();
                let budget = budgets.entry(scope.clone()).or_default();
                let now = Instant::now();
                match budget.paused_until {
                    Some(until) if until > now => Err(until),
                    _ => {
                        budget.paused_until = None;
                        let seq = budget.next_seq;
                        budget.next_seq += 1;
                        budget.in_flight.insert(seq);
                        let start = self.claim(budget, now);
                        let ticket = Ticket {
                            inner: self.inner.clone(),
                            scope: scope.clone(),
                            seq,
                        };
                        Ok((ticket, start))
                    }
                }
            };
            match step {
                Err(until) => tokio::time::sleep_until(until).await,
                Ok((ticket, start)) => {
                    tokio::time::sleep_until(start).await;
                    return ticket;
                }
            }
        }
    }

    /// Takes one token and says when the request may start: now while the estimate
    /// is above the reserve (or unknown), otherwise at the next refill.
    fn claim(&self, budget: &mut Budget, now: Instant) -> Instant {
        let rate = self.inner.reads_per_second;
        let Some((level, at)) = budget.level_at(now, rate) else {
            return now;
        };
        let needed = 1.0 + RESERVE;
        let start = if level >= needed {
            at
        } else {
            at + Duration::from_secs_f64((needed - level) / rate)
        };
        let level_at_start = if start > at { needed } else { level };
        budget.level = Some((level_at_start - 1.0, start));
        start
    }

    /// Stops every request of `scope` until `wait` has passed (a 429's Retry-After).
    pub fn pause(&self, scope: &Scope, wait: Duration) {
        let until = Instant::now() + wait;
        let mut budgets = self.inner.lock();
        let budget = budgets.entry(scope.clone()).or_default();
        if budget.paused_until.is_none_or(|current| current < until) {
            budget.paused_until = Some(until);
        }
    }

    /// Requests and 429s so far for one subscription (any case of its ID).
    pub fn subscription_stats(&self, subscription_id: &str) -> SubscriptionStats {
        let scope = Scope::Subscription(subscription_id.to_ascii_lowercase());
        self.inner
            .lock()
            .get(&scope)
            .map(|b| b.stats)
            .unwrap_or_default()
    }

    /// Requests and 429s of every subscription read so far, by lower-cased ID.
    pub fn all_subscription_stats(&self) -> BTreeMap<String, SubscriptionStats> {
        self.inner
            .lock()
            .iter()
            .filter_map(|(scope, budget)| match scope {
                Scope::Subscription(id) => Some((id.clone(), budget.stats)),
                _ => None,
            })
            .collect()
    }
}

impl Inner {
    // The lock is never held across an await or a panic-prone call, so poisoning
    // can only come from an allocation failure; the state stays usable.
    fn lock(&self) -> MutexGuard<'_, HashMap<Scope, Budget>> {
        self.budgets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Ticket {
    /// The request is going out now.
    pub fn sending(&mut self) {
        let mut budgets = self.inner.lock();
        if let Some(budget) = budgets.get_mut(&self.scope) {
            budget.stats.requests += 1;
        }
    }

    /// An answer arrived: count a 429 and sync the estimate from ARM's headers.
    pub fn answered(&mut self, status: u16, headers: &HeaderMap) {
        let now = Instant::now();
        let rate = self.inner.reads_per_second;
        let mut budgets = self.inner.lock();
        let Some(budget) = budgets.get_mut(&self.scope) else {
            return;
        };
        budget.in_flight.remove(&self.seq);
        if status == 429 {
            budget.stats.throttled += 1;
        }
        if !matches!(self.scope, Scope::Subscription(_)) {
            // Only subscriptions have a read budget these headers describe.
            return;
        }
        let reported = if status == 429 {
            Some(remaining_reads(headers).unwrap_or(0))
        } else {
            remaining_reads(headers)
        };
        let Some(remaining) = reported else {
            return;
        };
        if budget.synced_seq.is_some_and(|s| s > self.seq) {
            return;
        }
        budget.synced_seq = Some(self.seq);
        budget.capacity = budget.capacity.max(remaining as f64 + 1.0);
        // Every request still unanswered counts as spent: ARM may not have counted
        // it yet (connections reorder requests, so admission order is no proof).
        // This errs low only while requests are in flight; the next answer resyncs.
        let level = remaining as f64 - budget.in_flight.len() as f64;
        // Requests already promised future start times keep them; the estimate only
        // moves to the header's count when that is lower, or when nothing is queued.
        budget.level = match budget.level_at(now, rate) {
            Some((current, at)) if at > now => {
                let reported_then = level + rate * (at - now).as_secs_f64();
                Some((current.min(reported_then), at))
            }
            _ => Some((level, now)),
        };
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if let Some(budget) = self.inner.lock().get_mut(&self.scope) {
            budget.in_flight.remove(&self.seq);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn sub(id: &str) -> Scope {
        Scope::Subscription(id.into())
    }

    #[test]
    fn remaining_reads_takes_the_lower_header_and_ignores_garbage() {
        assert_eq!(remaining_reads(&headers(&[])), None);
        assert_eq!(
            remaining_reads(&headers(&[(REMAINING_READS, "249")])),
            Some(249)
        );
        assert_eq!(
            remaining_reads(&headers(&[(REMAINING_GLOBAL_READS, " 17 ")])),
            Some(17)
        );
        assert_eq!(
            remaining_reads(&headers(&[
                (REMAINING_READS, "240"),
                (REMAINING_GLOBAL_READS, "12")
            ])),
            Some(12)
        );
        assert_eq!(
            remaining_reads(&headers(&[
                (REMAINING_READS, "9"),
                (REMAINING_GLOBAL_READS, "11999")
            ])),
            Some(9)
        );
        assert_eq!(
            remaining_reads(&headers(&[(REMAINING_READS, "lots")])),
            None
        );
        assert_eq!(remaining_reads(&headers(&[(REMAINING_READS, "-3")])), None);
        // One garbage header does not hide the other's count.
        assert_eq!(
            remaining_reads(&headers(&[
                (REMAINING_READS, "n/a"),
                (REMAINING_GLOBAL_READS, "30")
            ])),
            Some(30)
        );
    }

    #[test]
    fn scope_is_the_subscription_segment_of_the_path() {
        assert_eq!(
            Scope::of_arm_path("/subscriptions/AbC-1/providers/Microsoft.Web/sites"),
            sub("abc-1")
        );
        assert_eq!(Scope::of_arm_path("/SUBSCRIPTIONS/x"), sub("x"));
        assert_eq!(Scope::of_arm_path("/subscriptions"), Scope::ArmTenant);
        assert_eq!(
            Scope::of_arm_path("/providers/Microsoft.Management/managementGroups/mg"),
            Scope::ArmTenant
        );
        assert_eq!(Scope::of_arm_path("/tenants"), Scope::ArmTenant);
    }

    /// Sends one request of `scope` and answers it with `remaining` reads left.
    async fn round_trip(pacer: &Pacer, scope: &Scope, remaining: &'static str) -> Instant {
        let mut ticket = pacer.admit(scope).await;
        let started = Instant::now();
        ticket.sending();
        ticket.answered(200, &headers(&[(REMAINING_READS, remaining)]));
        started
    }

    #[tokio::test(start_paused = true)]
    async fn a_low_budget_is_spent_at_the_refill_rate() {
        let pacer = Pacer::new(25.0);
        let a = sub("a");
        let origin = Instant::now();
        // A full budget: no waiting.
        round_trip(&pacer, &a, "200").await;
        round_trip(&pacer, &a, "199").await;
        assert_eq!(Instant::now(), origin);
        // Down to the reserve: the next requests are spaced one refill (40 ms) apart.
        round_trip(&pacer, &a, "10").await;
        let first = pacer.admit(&a).await;
        let second = pacer.admit(&a).await;
        let third = pacer.admit(&a).await;
        let spent = Instant::now() - origin;
        assert!(
            spent >= Duration::from_millis(80) && spent <= Duration::from_millis(121),
            "three requests at the reserve took {spent:?} of virtual time"
        );
        drop((first, second, third));
    }

    #[tokio::test(start_paused = true)]
    async fn unknown_budgets_and_graph_are_not_paced() {
        let pacer = Pacer::new(25.0);
        let origin = Instant::now();
        let mut held = Vec::new();
        for _ in 0..300 {
            held.push(pacer.admit(&sub("fresh")).await);
            held.push(pacer.admit(&Scope::Graph).await);
        }
        assert_eq!(Instant::now(), origin);
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttled_subscription_does_not_pause_another() {
        let pacer = Pacer::new(25.0);
        let (a, b) = (sub("a"), sub("b"));
        let mut ticket = pacer.admit(&a).await;
        ticket.sending();
        ticket.answered(429, &HeaderMap::new());
        pacer.pause(&a, Duration::from_secs(30));
        let origin = Instant::now();
        round_trip(&pacer, &b, "240").await;
        drop(pacer.admit(&Scope::Graph).await);
        assert_eq!(Instant::now(), origin, "b and Graph went at once");
        drop(pacer.admit(&a).await);
        assert!(Instant::now() - origin >= Duration::from_secs(30));
        assert_eq!(
            pacer.subscription_stats("A"),
            SubscriptionStats {
                requests: 1,
                throttled: 1
            }
        );
        assert_eq!(pacer.all_subscription_stats().len(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn requests_in_flight_count_against_the_reported_budget() {
        let pacer = Pacer::new(25.0);
        let a = sub("a");
        let origin = Instant::now();
        let mut first = pacer.admit(&a).await;
        first.sending();
        // 20 more admitted while the first is in flight, not yet counted by ARM.
        let mut later = Vec::new();
        for _ in 0..20 {
            let mut t = pacer.admit(&a).await;
            t.sending();
            later.push(t);
        }
        // ARM says 25 left after the first: 20 of those are already ours, which
        // leaves fewer than the reserve, so the next request waits for a refill.
        first.answered(200, &headers(&[(REMAINING_READS, "25")]));
        drop(pacer.admit(&a).await);
        assert!(Instant::now() > origin);
    }
}
