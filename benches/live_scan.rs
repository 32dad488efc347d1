//! Benchmark: live scans at ARM's throttling limit. Serves N subscriptions × K copies
//! of the scenario's resource groups from the in-process emulator with a fixed ARM
//! latency and ARM's per-subscription read bucket (250 burst, 25/s), scans them
//! concurrently over one shared client in a child process (so peak RSS is the
//! scan's own), and prints wall time, requests, 429 answers, peak RSS and the ratio
//! of wall time to the lower bound max(critical path × latency, (requests − 250) / 25 s)
//! per subscription. Verdicts are compared with an unthrottled scan of the same
//! estate. Figures and targets: docs/scaling.md.
//!
//! Run: `nice -n 10 cargo bench --bench live_scan` (about six minutes here);
//! `… -- sweep` measures the `--concurrency` default instead, and `… -- 4x30` one
//! estate (4 subscriptions × 30 copies, bucket on, verdicts compared).

#[path = "../tests/e2e/support/mod.rs"]
mod support;

use std::time::Duration;
use support::emulator::{Emulator, Host};
use support::estate::{EstateShape, load_estate};
use support::fake_az::FakeAz;
use support::live::{self, Outcome, Plan};
use support::throttle::{ARM_READ_BURST, ARM_READS_PER_SECOND};

const LATENCY: Duration = Duration::from_millis(50);

fn main() {
    if live::is_child() {
        live::child_main();
        return;
    }
    let az = FakeAz::install();
    let sweep = std::env::args().any(|a| a == "sweep");
    let one_estate = std::env::args().find_map(|a| {
        let (subs, copies) = a.split_once('x')?;
        Some((subs.parse().ok()?, copies.parse().ok()?))
    });
    println!(
        "ARM latency {} ms; read bucket {ARM_READ_BURST} burst, {ARM_READS_PER_SECOND}/s per subscription",
        LATENCY.as_millis()
    );
    if sweep {
        for (subs, copies) in [(1, 1), (1, 5), (4, 10)] {
            for concurrency in [8, 16, 32, 64, 128] {
                measure(&az, subs, copies, concurrency, true, LATENCY, false);
            }
        }
        return;
    }
    let concurrency = azscan::arm::DEFAULT_CONCURRENCY;
    if let Some((subs, copies)) = one_estate {
        measure(&az, subs, copies, concurrency, true, LATENCY, true);
        return;
    }
    measure(&az, 1, 30, concurrency, true, LATENCY, true);
    measure(&az, 4, 30, concurrency, true, LATENCY, true);
    // Memory: 10,000 resources in one subscription. The bucket only adds waiting,
    // and a short latency keeps the run brief; neither changes what is held.
    let per_copy = estate_shape(1).resources;
    let copies = 10_000usize.div_ceil(per_copy);
    measure(
        &az,
        1,
        copies,
        concurrency,
        false,
        Duration::from_millis(5),
        false,
    );
}

fn subscription_ids(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{:08x}-5ca1-4e00-8000-{:012x}", 0x5ca1_0000 + i, i))
        .collect()
}

fn estate_shape(copies: usize) -> EstateShape {
    let emulator = Emulator::start();
    load_estate(&emulator, &subscription_ids(1), copies)
}

/// One measured scan of `subs` × `copies`; with `compare`, first an unthrottled,
/// latency-free scan of the same estate whose verdicts the measured one must match.
fn measure(
    az: &FakeAz,
    subs: usize,
    copies: usize,
    concurrency: usize,
    bucket: bool,
    latency: Duration,
    compare: bool,
) {
    let ids = subscription_ids(subs);
    let emulator = Emulator::start();
    let shape = load_estate(&emulator, &ids, copies);
    let plan = Plan {
        subscriptions: &ids,
        concurrency,
        stagger: false,
    };
    let reference = compare.then(|| run_child(&emulator, az, &plan));
    let before = emulator.requests().len();
    emulator.set_latency(latency);
    if bucket {
        emulator.set_read_throttle(ARM_READ_BURST, ARM_READS_PER_SECOND);
    }
    let outcome = run_child(&emulator, az, &plan);
    let requests: Vec<_> = emulator.requests().into_iter().skip(before).collect();
    let arm: Vec<_> = requests.iter().filter(|r| r.host == Host::Arm).collect();
    let throttled = arm.iter().filter(|r| r.status == 429).count();
    // The lower bound of the slowest subscription: its dependent chain at the
    // latency, or the reads beyond the burst at the refill rate.
    let bound = ids
        .iter()
        .map(|id| {
            let needed = arm
                .iter()
                .filter(|r| r.status != 429 && r.path.contains(id.as_str()))
                .count() as f64;
            let chain = shape.critical_path as f64 * latency.as_secs_f64();
            let refill = if bucket {
                (needed - ARM_READ_BURST).max(0.0) / ARM_READS_PER_SECOND
            } else {
                0.0
            };
            chain.max(refill)
        })
        .fold(0.0, f64::max);
    let wall = outcome.0["wall_ms"].as_f64().unwrap_or_default() / 1000.0;
    let verdicts = match &reference {
        None => "not compared".to_string(),
        Some(reference) => {
            let same = ids
                .iter()
                .all(|id| outcome.verdicts(id) == reference.verdicts(id));
            let errors = ids
                .iter()
                .flat_map(|id| outcome.verdicts(id))
                .filter(|v| v[2] == "ERROR")
                .count();
            format!(
                "{} ({errors} ERROR)",
                if same { "unchanged" } else { "CHANGED" }
            )
        }
    };
    println!(
        "{subs} sub × {copies} copies ({} resources/sub), --concurrency {concurrency}, bucket {}: \
         wall {wall:.2} s, {} ARM requests, {throttled} answered 429 ({:.2}%), \
         peak RSS {:.0} MB, lower bound {bound:.2} s (critical path {}), wall/bound {:.2}, verdicts {verdicts}",
        shape.resources,
        if bucket { "on" } else { "off" },
        arm.len(),
        100.0 * throttled as f64 / arm.len().max(1) as f64,
        outcome.0["peak_rss_kb"].as_f64().unwrap_or_default() / 1024.0,
        shape.critical_path,
        wall / bound.max(f64::EPSILON),
    );
    if throttled > 0 {
        println!("  429s by call: {}", throttled_calls(&arm));
    }
}

/// Which calls were answered 429, most first: the path without subscription, group
/// and resource names (so every copy's call counts as one), and how many times.
fn throttled_calls(arm: &[&support::emulator::RecordedRequest]) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for request in arm.iter().filter(|r| r.status == 429) {
        let segments: Vec<&str> = request.path.split('/').filter(|s| !s.is_empty()).collect();
        // ARM paths alternate collection and name: keep the collections.
        let shape: Vec<&str> = segments.iter().step_by(2).copied().collect();
        *counts.entry(shape.join("/")).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
        .iter()
        .take(5)
        .map(|(call, n)| format!("{n} {call}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn run_child(emulator: &Emulator, az: &FakeAz, plan: &Plan) -> Outcome {
    let program = std::env::current_exe().expect("benchmark binary");
    let output = live::child_command(&program, &[], emulator, az, plan)
        .output()
        .expect("run the scan child");
    Outcome::parse(&output)
}
