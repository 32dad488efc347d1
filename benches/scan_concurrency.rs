//! Benchmark: what concurrent collection buys. Scans the emulated subscription with a
//! fixed round-trip latency per request at several `--concurrency` values and prints
//! wall time as a ratio of the sequential run (ratios, because this machine is shared
//! and absolute times are noisy). Run: `cargo bench --bench scan_concurrency`.

#[path = "../tests/e2e/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};
use support::run::azscan;
use support::scenario::{SUB, start};

const LATENCY: Duration = Duration::from_millis(40);
const ROUNDS: usize = 3;

fn main() {
    let (emu, az) = start();
    emu.set_latency(LATENCY);
    let mut baseline = None;
    println!(
        "latency {} ms per request, median of {ROUNDS} runs",
        LATENCY.as_millis()
    );
    for concurrency in ["1", "4", "16"] {
        let mut times = Vec::new();
        let mut requests = 0;
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let run = azscan(
                &[
                    "scan",
                    "--subscription-id",
                    SUB,
                    "--format",
                    "json",
                    "--concurrency",
                    concurrency,
                ],
                &emu,
                &az,
            );
            times.push(started.elapsed());
            assert_eq!(run.code, 0, "{}", run.stderr);
            requests = run.json()["scan"]["requests"].as_u64().unwrap();
        }
        times.sort();
        let median = times[ROUNDS / 2];
        let base = *baseline.get_or_insert(median);
        println!(
            "--concurrency {concurrency:>2}: {requests} requests, {:>6} ms, {:.2}x the sequential time",
            median.as_millis(),
            median.as_secs_f64() / base.as_secs_f64()
        );
    }
}
