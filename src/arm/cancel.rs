//! Ending a scan early: one cancellation signal per scan, fired by Ctrl-C / SIGTERM or
//! by the `--timeout` deadline. Every pending and later request of the scan then ends
//! at once with a `Cancelled` error, so collectors finish quickly with gaps and the
//! normal report path runs on what was read.

use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Why a scan was cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelReason {
    /// A signal, named as users know it (`SIGINT`, `SIGTERM`).
    Interrupted(&'static str),
    /// The whole-scan deadline (`--timeout`) passed.
    Deadline(Duration),
}

impl std::fmt::Display for CancelReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CancelReason::Interrupted(signal) => write!(f, "the scan was interrupted ({signal})"),
            CancelReason::Deadline(after) => write!(
                f,
                "the scan deadline (--timeout {}) passed",
                after.as_secs()
            ),
        }
    }
}

/// The cancellation signal of one scan; clones share it.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    token: CancellationToken,
    /// The first reason wins: a Ctrl-C after the deadline does not rewrite history.
    reason: OnceLock<CancelReason>,
}

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Fires the signal; the reason is set before anyone waiting can see it.
    pub fn cancel(&self, reason: CancelReason) {
        let _ = self.inner.reason.set(reason);
        self.inner.token.cancel();
    }

    /// Why the scan was cancelled, if it was.
    pub fn reason(&self) -> Option<CancelReason> {
        self.inner.reason.get().copied()
    }

    /// Resolves once the scan is cancelled (at once if it already is).
    pub async fn cancelled(&self) {
        self.inner.token.cancelled().await;
    }

    /// Cancels with `CancelReason::Deadline` after `after`, unless the returned guard
    /// is dropped first (collection finished in time). Needs a tokio runtime.
    pub fn deadline(&self, after: Duration) -> DeadlineGuard {
        let cancel = self.clone();
        DeadlineGuard(tokio::spawn(async move {
            tokio::time::sleep(after).await;
            cancel.cancel(CancelReason::Deadline(after));
        }))
    }
}

/// Disarms a `Cancel::deadline` timer when dropped.
pub struct DeadlineGuard(tokio::task::JoinHandle<()>);

impl Drop for DeadlineGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_reason_wins_and_waiters_wake() {
        let cancel = Cancel::new();
        assert_eq!(cancel.reason(), None);
        let waiter = tokio::spawn({
            let cancel = cancel.clone();
            async move { cancel.cancelled().await }
        });
        cancel.cancel(CancelReason::Interrupted("SIGINT"));
        cancel.cancel(CancelReason::Deadline(Duration::from_secs(5)));
        waiter.await.unwrap();
        assert_eq!(cancel.reason(), Some(CancelReason::Interrupted("SIGINT")));
        assert_eq!(
            cancel.reason().unwrap().to_string(),
            "the scan was interrupted (SIGINT)"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_deadline_never_fires() {
        let cancel = Cancel::new();
        drop(cancel.deadline(Duration::from_secs(1)));
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(cancel.reason(), None);
        let _armed = cancel.deadline(Duration::from_secs(1));
        cancel.cancelled().await;
        assert_eq!(
            cancel.reason(),
            Some(CancelReason::Deadline(Duration::from_secs(1)))
        );
    }
}
