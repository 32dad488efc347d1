//! Drives several single-subscription collections concurrently over ONE shared
//! `arm::Shared` through azscan's library API, in a child process (so its peak RSS
//! is the scan's alone, and the fake `az` is on its PATH from the start). The parent
//! starts the child with `child_command`; the child calls `child_main`, which prints
//! one JSON line the parent reads back with `Outcome::parse`.

use azscan::auth::AuthMethod;
use azscan::cloud::{Cloud, Endpoints};
use azscan::rules;
use azscan::scan::{self, Connection};
use serde_json::{Value, json};
use std::process::Command;
use std::time::Instant;

use super::emulator::Emulator;
use super::fake_az::FakeAz;

const ENV_ARM: &str = "AZSCAN_LIVE_ARM";
const ENV_GRAPH: &str = "AZSCAN_LIVE_GRAPH";
const ENV_SUBSCRIPTIONS: &str = "AZSCAN_LIVE_SUBSCRIPTIONS";
const ENV_CONCURRENCY: &str = "AZSCAN_LIVE_CONCURRENCY";
const ENV_STAGGER: &str = "AZSCAN_LIVE_STAGGER";

/// How the child scans.
pub struct Plan<'a> {
    pub subscriptions: &'a [String],
    pub concurrency: usize,
    /// Start the first subscription alone and the others only once it has been
    /// answered 429; the first is abandoned (reported unfinished) if the others end
    /// while it is still paused.
    pub stagger: bool,
}

/// `program args…` set up to run `child_main` against `emulator`.
pub fn child_command(
    program: &std::path::Path,
    args: &[&str],
    emulator: &Emulator,
    az: &FakeAz,
    plan: &Plan,
) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .env("PATH", az.path_env())
        .env(ENV_ARM, emulator.arm_url())
        .env(ENV_GRAPH, emulator.graph_url())
        .env(ENV_SUBSCRIPTIONS, plan.subscriptions.join(","))
        .env(ENV_CONCURRENCY, plan.concurrency.to_string())
        .env(ENV_STAGGER, if plan.stagger { "1" } else { "0" });
    for name in [
        "AZURE_CLIENT_ID",
        "AZURE_TENANT_ID",
        "AZURE_CLIENT_SECRET",
        "IDENTITY_ENDPOINT",
        "MSI_ENDPOINT",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "RUST_LOG",
    ] {
        cmd.env_remove(name);
    }
    cmd
}

/// True in a process started by `child_command`.
pub fn is_child() -> bool {
    std::env::var_os(ENV_SUBSCRIPTIONS).is_some()
}

/// The child's work: collect and evaluate every subscription, print one JSON line.
pub fn child_main() {
    let env = |name| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let subscriptions: Vec<String> = env(ENV_SUBSCRIPTIONS)
        .split(',')
        .map(String::from)
        .collect();
    let connection = Connection {
        endpoints: Endpoints::resolve(Cloud::Public, Some(&env(ENV_ARM)), Some(&env(ENV_GRAPH)))
            .expect("emulator endpoints"),
        auth: AuthMethod::Cli,
        concurrency: env(ENV_CONCURRENCY).parse().expect("concurrency"),
        arm_reads_per_second: azscan::arm::DEFAULT_READS_PER_SECOND,
        progress: false,
        reliability: azscan::arm::Reliability {
            request_timeout: azscan::arm::DEFAULT_REQUEST_TIMEOUT,
            deadline: None,
            retry_base_delay: azscan::arm::RetryPolicy::default().base_delay,
            cancel: azscan::arm::Cancel::new(),
            max_pages: azscan::arm::MAX_PAGES,
        },
    };
    let stagger = env(ENV_STAGGER) == "1";
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let outcome = runtime.block_on(run(&subscriptions, &connection, stagger));
    println!("{outcome}");
}

async fn run(subscriptions: &[String], connection: &Connection, stagger: bool) -> Value {
    // What a scan runs by default: opt-in checks need data planes or rights the
    // estate's copies are not served with.
    let selected: Vec<&'static rules::Rule> = rules::catalog()
        .iter()
        .filter(|r| !matches!(r.check.lifecycle, rules::Lifecycle::OptIn { .. }))
        .collect();
    let session = scan::Session::new(connection).expect("client");
    let shared = session.shared.clone();
    let started = Instant::now();
    let scan_some = |ids: Vec<String>| {
        let (session, selected) = (&session, selected.clone());
        async move {
            let scope = scan::ScopeSpec {
                scope: scan::Scope::Subscriptions(ids),
                exclude: Default::default(),
            };
            let (collection, _) = scan::collect_with(
                session,
                &scope,
                connection,
                &selected,
                &azscan::rules::Settings::default(),
            )
            .await
            .expect("subscriptions readable");
            collection
                .snapshots
                .iter()
                .map(|snapshot| {
                    let mut verdicts: Vec<(String, String, String)> =
                        rules::evaluate(snapshot, &selected, &rules::Settings::default())
                            .into_iter()
                            .map(|f| {
                                let status = serde_json::to_value(f.status).expect("status");
                                (
                                    f.rule_id,
                                    f.resource_id.to_ascii_lowercase(),
                                    status.as_str().unwrap_or_default().to_string(),
                                )
                            })
                            .collect();
                    verdicts.sort();
                    (snapshot.subscription.id.clone(), verdicts)
                })
                .collect::<Vec<_>>()
        }
    };
    let mut results = Vec::new();
    if stagger {
        let first_id = subscriptions[0].clone();
        let mut first = Box::pin(scan_some(vec![first_id.clone()]));
        // Poll the first scan until it has been throttled, then run the others while
        // it waits out its pause.
        let mut first_done = None;
        loop {
            tokio::select! {
                done = &mut first => { first_done = Some(done); break; }
                _ = tokio::time::sleep(std::time::Duration::from_millis(5)) => {
                    if shared.subscription_stats(&first_id).throttled > 0 { break; }
                }
            }
        }
        results.extend(scan_some(subscriptions[1..].to_vec()).await);
        if let Some(done) = first_done {
            results.extend(done);
        }
    } else {
        results = scan_some(subscriptions.to_vec()).await;
    }
    let wall = started.elapsed();
    json!({
        "wall_ms": wall.as_secs_f64() * 1000.0,
        "peak_rss_kb": peak_rss_kb(),
        "subscriptions": subscriptions.iter().map(|id| {
            let stats = shared.subscription_stats(id);
            let verdicts = results.iter().find(|(done, _)| done == id).map(|(_, v)| v);
            json!({
                "id": id,
                "requests": stats.requests,
                "throttled": stats.throttled,
                "finished": verdicts.is_some(),
                "verdicts": verdicts,
            })
        }).collect::<Vec<_>>(),
    })
}

/// VmHWM from /proc/self/status: the most resident memory this process ever held.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What the child reported.
pub struct Outcome(pub Value);

impl Outcome {
    /// The last stdout line of the child, or a panic showing both streams.
    pub fn parse(output: &std::process::Output) -> Outcome {
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout.lines().rev().find(|l| l.starts_with('{'));
        match line.and_then(|l| serde_json::from_str(l).ok()) {
            Some(value) if output.status.success() => Outcome(value),
            _ => panic!(
                "the scan child failed ({})\n--- stdout ---\n{stdout}\n--- stderr ---\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ),
        }
    }

    pub fn subscription(&self, id: &str) -> &Value {
        self.0["subscriptions"]
            .as_array()
            .and_then(|subs| subs.iter().find(|s| s["id"] == id))
            .unwrap_or_else(|| panic!("no result for {id}: {}", self.0))
    }

    /// (rule, resource ID, status) of one subscription, sorted.
    pub fn verdicts(&self, id: &str) -> Vec<Value> {
        self.subscription(id)["verdicts"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}
