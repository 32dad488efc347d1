//! Ending a scan early on request: Ctrl-C / SIGTERM and the `--timeout` deadline fire
//! the scan's `arm::Cancel`, and this module turns the flags that bound waiting into
//! the `Reliability` the clients use. What a cut-short scan reports (what it read,
//! the rest ERROR, `complete: false`, exit 130 on a signal) is in docs/reliability.md.

use super::args::ConnectionArgs;
use crate::arm::{Cancel, CancelReason, Reliability};
use std::time::Duration;

/// Interrupted by Ctrl-C or SIGTERM: 128 + SIGINT, as shells report it.
pub const EXIT_INTERRUPTED: i32 = 130;

/// `--request-timeout`, `--timeout` and `--retry-delay-ms` (and the test-only
/// `--max-pages`), checked.
pub fn reliability(args: &ConnectionArgs) -> Result<Reliability, String> {
    if !(1..=3600).contains(&args.request_timeout) {
        return Err(format!(
            "--request-timeout must be between 1 and 3600 seconds, not {}",
            args.request_timeout
        ));
    }
    if let Some(timeout) = args.timeout
        && !(1..=7 * 24 * 3600).contains(&timeout)
    {
        return Err(format!(
            "--timeout must be between 1 and 604800 seconds (7 days), not {timeout}"
        ));
    }
    if args.retry_delay_ms > 60_000 {
        return Err(format!(
            "--retry-delay-ms must be at most 60000, not {}",
            args.retry_delay_ms
        ));
    }
    if args.max_pages == 0 {
        return Err("--max-pages must be at least 1".into());
    }
    Ok(Reliability {
        request_timeout: Duration::from_secs(args.request_timeout),
        deadline: args.timeout.map(Duration::from_secs),
        retry_base_delay: Duration::from_millis(args.retry_delay_ms),
        cancel: Cancel::new(),
        max_pages: args.max_pages,
    })
}

/// Makes the first SIGINT or SIGTERM cancel the scan (its reports are still written)
/// and a second one end the process at once. The handlers are registered before this
/// returns, so a signal can never fall between registration and the scan.
pub fn watch(runtime: &tokio::runtime::Runtime, cancel: &Cancel) -> Result<(), String> {
    let _context = runtime.enter();
    let mut signals = Signals::register()?;
    let cancel = cancel.clone();
    runtime.spawn(async move {
        let name = signals.next().await;
        cancel.cancel(CancelReason::Interrupted(name));
        signals.next().await;
        std::process::exit(EXIT_INTERRUPTED);
    });
    Ok(())
}

/// True when a signal (not the deadline) cut the scan short.
pub fn interrupted(cancel: Option<&Cancel>) -> bool {
    matches!(
        cancel.and_then(Cancel::reason),
        Some(CancelReason::Interrupted(_))
    )
}

#[cfg(unix)]
struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn register() -> Result<Signals, String> {
        use tokio::signal::unix::{SignalKind, signal};
        let register = |kind: SignalKind| {
            signal(kind).map_err(|e| format!("cannot listen for Ctrl-C/SIGTERM: {e}"))
        };
        Ok(Signals {
            interrupt: register(SignalKind::interrupt())?,
            terminate: register(SignalKind::terminate())?,
        })
    }

    async fn next(&mut self) -> &'static str {
        tokio::select! {
            _ = self.interrupt.recv() => "SIGINT",
            _ = self.terminate.recv() => "SIGTERM",
        }
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn register() -> Result<Signals, String> {
        Ok(Signals)
    }

    async fn next(&mut self) -> &'static str {
        // Without a handler, failing to listen would mean no Ctrl-C at all: wait forever
        // instead, leaving the default behaviour of the console in place.
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(_) => std::future::pending().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(extra: &[&str]) -> Result<Reliability, String> {
        let mut argv = vec!["azscan", "scan"];
        argv.extend_from_slice(extra);
        let cli = crate::cli::Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
        match cli.command {
            Some(crate::cli::args::Command::Scan(args)) => reliability(&args.connection),
            _ => unreachable!("parsed as scan"),
        }
    }

    #[test]
    fn defaults_are_30_second_attempts_and_no_deadline() {
        let r = parse(&[]).unwrap();
        assert_eq!(r.request_timeout, Duration::from_secs(30));
        assert_eq!(r.deadline, None);
        assert_eq!(r.retry_base_delay, Duration::from_millis(500));
    }

    #[test]
    fn out_of_range_values_name_the_flag() {
        let zero = parse(&["--request-timeout", "0"]).unwrap_err();
        assert!(zero.contains("--request-timeout"), "{zero}");
        let never = parse(&["--timeout", "0"]).unwrap_err();
        assert!(never.contains("--timeout"), "{never}");
        let slow = parse(&["--retry-delay-ms", "600000"]).unwrap_err();
        assert!(slow.contains("--retry-delay-ms"), "{slow}");
        assert!(
            parse(&["--request-timeout", "1.5"]).is_err(),
            "whole seconds"
        );
        let set = parse(&["--timeout", "90", "--request-timeout", "5"]).unwrap();
        assert_eq!(set.deadline, Some(Duration::from_secs(90)));
        assert_eq!(set.request_timeout, Duration::from_secs(5));
    }
}
