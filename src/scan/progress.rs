//! The terminal progress display of a live scan: one line per subscription (and
//! tenant) in flight with its elapsed time, under a total line with the scan's
//! requests. Only created when stderr is a terminal and not `--quiet`.

use crate::arm::Shared;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::time::Duration;

pub struct Progress {
    multi: MultiProgress,
    total: ProgressBar,
    ticker: tokio::task::JoinHandle<()>,
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
        // The request counter is shared by every subscription, so a small task
        // refreshes the total line rather than each request.
        let ticker = {
            let (total, shared) = (total.clone(), shared.clone());
            tokio::spawn(async move {
                loop {
                    total.set_message(format!(
                        "reading Azure: {} requests",
                        shared.request_count()
                    ));
                    total.tick();
                    tokio::time::sleep(Duration::from_millis(120)).await;
                }
            })
        };
        Progress {
            multi,
            total,
            ticker,
        }
    }

    /// A line for `name` while it is read.
    pub fn line(&self, name: &str) -> Line {
        let bar = self.multi.add(ProgressBar::new_spinner());
        let style = ProgressStyle::with_template("  {spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(format!("{name}: collecting"));
        bar.enable_steady_tick(Duration::from_millis(120));
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
        let first = progress.line("Contoso Production");
        let second = progress.line("Contoso Dev");
        assert_eq!(first.0.message(), "Contoso Production: collecting");
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
