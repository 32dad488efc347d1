//! Benchmark: offline evaluation of a large snapshot. Builds the demo snapshot with
//! its resource-group resources copied 1,000 times (about 54,000 resources in one
//! subscription) in memory, then measures loading it, evaluating every check,
//! evaluating one cheap check (AZST-002), and rendering the JSON report, and prints
//! the all-checks / one-check ratios, the largest finding and peak RSS.
//!
//! Run: `nice -n 10 cargo bench --bench offline_eval` (`AZSCAN_BENCH_COPIES=N` to
//! change the number of copies; `AZSCAN_BENCH_KEEP=PATH` also saves the scaled snapshot
//! there, to time the CLI on it). Ratios matter more than absolute times: the machine
//! is shared.

#[path = "support/scaled_demo.rs"]
mod scaled_demo;

use azscan::report::{Report, SUBSCRIPTIONS_SCOPE, json};
use azscan::rules::{Finding, Rule, Settings, catalog, evaluate, find};
use azscan::snapshot::Snapshot;
use std::time::{Duration, Instant};

const DEFAULT_COPIES: usize = 1000;
const CHEAP_CHECK: &str = "AZST-002";

fn main() {
    let copies = std::env::var("AZSCAN_BENCH_COPIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_COPIES);
    let text = scaled_demo::scaled_demo_json(copies);
    let file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(file.path(), &text).expect("the snapshot is written");
    if let Some(keep) = std::env::var_os("AZSCAN_BENCH_KEEP") {
        std::fs::copy(file.path(), &keep).expect("the scaled snapshot is kept");
    }
    println!(
        "demo snapshot x{copies}: {:.1} MB of JSON",
        text.len() as f64 / 1e6
    );
    let (parsed, load_text) = timed(|| serde_json::from_str::<Snapshot>(&text).expect("loads"));
    drop(parsed);
    drop(text);
    reset_peak_rss();
    let (collection, load_cli) =
        timed(|| azscan::scan::load_snapshot(file.path()).expect("the CLI loads it"));
    let snapshot = &collection.snapshots[0];
    let peak_load = peak_rss_mb();
    println!(
        "resources: {} (VMs {}, NICs {}, NSGs {}, JIT policies {})",
        resource_count(snapshot),
        len(&snapshot.compute.virtual_machines),
        len(&snapshot.network.network_interfaces),
        len(&snapshot.network.security_groups),
        len(&snapshot.security.jit_policies),
    );

    let settings = Settings::default();
    let cheap = find(CHEAP_CHECK).expect("the cheap check exists");
    let (one, eval_one) = timed(|| evaluate(snapshot, &[cheap], &settings));
    let one_count = one.len();
    let (one_report, render_one) = timed(|| {
        written_json(&Report::from_collection(
            &collection,
            one,
            SUBSCRIPTIONS_SCOPE,
            &settings,
        ))
    });

    reset_peak_rss();
    let all_rules: Vec<&Rule> = catalog().iter().collect();
    let (all, eval_all) = timed(|| evaluate(snapshot, &all_rules, &settings));
    let findings = all.len();
    let (largest, largest_rule) = largest_finding(&all);
    let (all_report, render_all) = timed(|| {
        written_json(&Report::from_collection(
            &collection,
            all,
            SUBSCRIPTIONS_SCOPE,
            &settings,
        ))
    });
    let peak_eval = peak_rss_mb();

    let (slowest, per_check_total) = slowest_checks(snapshot, &all_rules);

    println!("load (serde_json::from_str of the text): {}", ms(load_text));
    println!("load (scan::load_snapshot, as the CLI):  {}", ms(load_cli));
    println!(
        "evaluate {CHEAP_CHECK}: {} ; JSON report {} ({:.1} MB)",
        ms(eval_one),
        ms(render_one),
        one_report as f64 / 1e6
    );
    println!(
        "evaluate all {} checks: {} ({findings} findings, index built inside) ; JSON report {} ({:.1} MB)",
        all_rules.len(),
        ms(eval_all),
        ms(render_all),
        all_report as f64 / 1e6
    );
    println!(
        "  each check alone: {} in total; slowest: {slowest}",
        ms(per_check_total)
    );
    println!(
        "ratio all checks / {CHEAP_CHECK}, evaluation only: {:.1}x ({:.2}x per finding)",
        eval_all.as_secs_f64() / eval_one.as_secs_f64(),
        (eval_all.as_secs_f64() / findings as f64) / (eval_one.as_secs_f64() / one_count as f64)
    );
    println!(
        "ratio all checks / {CHEAP_CHECK}, load + evaluate + JSON report: {:.2}x (target <= 3x)",
        (load_cli + eval_all + render_all).as_secs_f64()
            / (load_cli + eval_one + render_one).as_secs_f64()
    );
    println!("largest finding: {largest} bytes of JSON ({largest_rule}) (target <= 16384)");
    println!(
        "peak RSS (VmHWM): loading as the CLI {} ; evaluating all checks + JSON report {} (target < 1536 MB)",
        show_mb(peak_load),
        show_mb(peak_eval),
    );
}

/// Streams the JSON report as the CLI writes it (through a buffer) and says how many
/// bytes it came to; the bytes go nowhere, so the disk's speed does not count.
fn written_json(report: &Report) -> usize {
    struct Counted(usize);
    impl std::io::Write for Counted {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = std::io::BufWriter::new(Counted(0));
    json::write(report, &mut out).expect("counting cannot fail");
    out.into_inner().map_or(0, |counted| counted.0)
}

/// Each check evaluated on its own: the sum, and the three slowest.
fn slowest_checks(snapshot: &Snapshot, rules: &[&Rule]) -> (String, Duration) {
    let mut times: Vec<(Duration, &str)> = rules
        .iter()
        .map(|rule| {
            (
                timed(|| evaluate(snapshot, &[*rule], &Settings::default())).1,
                rule.check.id,
            )
        })
        .collect();
    let total = times.iter().map(|(time, _)| *time).sum();
    times.sort_by(|a, b| b.cmp(a));
    let slowest: Vec<String> = times
        .iter()
        .take(3)
        .map(|(time, id)| format!("{id} {}", ms(*time).trim()))
        .collect();
    (slowest.join(", "), total)
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = work();
    (value, started.elapsed())
}

fn ms(duration: Duration) -> String {
    format!("{:>7.0} ms", duration.as_secs_f64() * 1000.0)
}

fn len<T>(list: &azscan::snapshot::Fetched<Vec<T>>) -> usize {
    list.ok().map_or(0, Vec::len)
}

fn resource_count(snapshot: &Snapshot) -> usize {
    let value = serde_json::to_value(snapshot).expect("a snapshot serializes");
    fn count(value: &serde_json::Value) -> usize {
        match value {
            serde_json::Value::Object(fields) => {
                usize::from(fields.get("id").is_some_and(|id| id.is_string()))
                    + fields.values().map(count).sum::<usize>()
            }
            serde_json::Value::Array(items) => items.iter().map(count).sum(),
            _ => 0,
        }
    }
    // The subscription object carries an ID too but is not a resource.
    count(&value) - 1
}

fn largest_finding(findings: &[Finding]) -> (usize, String) {
    findings
        .iter()
        .map(|f| {
            let size = serde_json::to_string(f)
                .expect("a finding serializes")
                .len();
            (size, format!("{} on {}", f.rule_id, f.resource_name))
        })
        .max_by_key(|(size, _)| *size)
        .unwrap_or_default()
}

/// Resets VmHWM to the current RSS (Linux `clear_refs` 5); best effort.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// VmHWM from /proc/self/status, in MB; None off Linux.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn show_mb(mb: Option<f64>) -> String {
    mb.map_or_else(|| "unknown".to_string(), |mb| format!("{mb:.0} MB"))
}
