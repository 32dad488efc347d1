//! The terminal progress display of a live scan: one line per subscription (and
//! tenant) in flight with its services read, requests, 429 answers and elapsed time,
//! under a total line with the scan's requests. Only created when stderr is a terminal and not
//! `--quiet`.

use crate::arm::Shared;
use crate::collect::ServicesRead;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Progress {
    multi: MultiProgress,
    total: ProgressBar,
    lines: Arc<Mutex<Vec<Tracked>>>,
    ticker: tokio::task::JoinHandle<()>,
}

/// A subscription line the ticker refreshes from the client's per-subscription counters.
struct Tracked {
    bar: ProgressBar,
    name: String,
    subscription_id: String,
    services: ServicesRead,
}

/// A line in the display; it disappears when dropped (its reads are done).
pub struct Line(ProgressBar);

impl Drop for Line {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

impl Progress {
    pub fn start(shared: &Shared) -> Progress {
        let multi = MultiProgress::new();
        let total = multi.add(ProgressBar::new_spinner());
        let lines: Arc<Mutex<Vec<Tracked>>> = Arc::default();
        // The counters live in the shared client, so a small task refreshes every
        // line from them rather than each request touching the display.
        let ticker = {
            let (total, shared, lines) = (total.clone(), shared.clone(), lines.clone());
            tokio::spawn(async move {
                loop {
                    total.set_message(format!(
                        "reading Azure: {} requests",
                        shared.request_count()
                    ));
                    total.tick();
                    if let Ok(mut lines) = lines.lock() {
                        lines.retain(|line| !line.bar.is_finished());
                        for line in lines.iter() {
                            let stats = shared.subscription_stats(&line.subscription_id);
                            line.bar.set_message(format!(
                                "{}: {}/{} services read, {} requests, {} answered 429",
                                line.name,
                                line.services.done(),
                                ServicesRead::TOTAL,
                                stats.requests,
                                stats.throttled
                            ));
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(120)).await;
                }
            })
        };
        Progress {
            multi,
            total,
            lines,
            ticker,
        }
    }

    /// A line for `name` while it is read; a subscription's line (given its ID and its
    /// collector's count of services read) counts those, its requests and 429 answers.
    pub fn line(&self, name: &str, subscription: Option<(&str, ServicesRead)>) -> Line {
        let bar = self.multi.add(ProgressBar::new_spinner());
        let style = ProgressStyle::with_template("  {spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(format!("{name}: collecting"));
        bar.enable_steady_tick(Duration::from_millis(120));
        if let (Some((id, services)), Ok(mut lines)) = (subscription, self.lines.lock()) {
            lines.push(Tracked {
                bar: bar.clone(),
                name: name.to_string(),
                subscription_id: id.to_string(),
                services,
            });
        }
        Line(bar)
    }

    pub fn finish(self) {
        self.ticker.abort();
        self.total.finish_and_clear();
        let _ = self.multi.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::ClientSettings;

    #[tokio::test]
    async fn lines_come_and_go_while_the_total_keeps_counting() {
        let shared = Shared::new(ClientSettings::default(), true).unwrap();
        let progress = Progress::start(&shared);
        let first = progress.line(
            "Contoso Production",
            Some((
                "00000000-0000-0000-0000-000000000001",
                ServicesRead::default(),
            )),
        );
        let second = progress.line("Contoso Dev", None);
        assert_eq!(first.0.message(), "Contoso Production: collecting");
        // The ticker then shows the subscription's counters (nothing read here).
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(
            first.0.message(),
            format!(
                "Contoso Production: 0/{} services read, 0 requests, 0 answered 429",
                ServicesRead::TOTAL
            )
        );
        assert_eq!(second.0.message(), "Contoso Dev: collecting");
        let bar = first.0.clone();
        drop(first);
        assert!(
            bar.is_finished(),
            "a finished subscription leaves the display"
        );
        assert!(!second.0.is_finished());
        drop(second);
        progress.finish();
    }
}
