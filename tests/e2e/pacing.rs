//! Pacing at ARM's read limit: with the emulator's per-subscription token bucket on,
//! a scan that needs more reads than the burst slows to the refill rate instead of
//! collecting 429s, and its verdicts match an unthrottled scan; a subscription that
//! is throttled does not hold up another one scanned over the same client.

use crate::support::emulator::{Emulator, Fault, Host};
use crate::support::estate::load_estate;
use crate::support::fake_az::FakeAz;
use crate::support::live::{self, Outcome, Plan};
use crate::support::run::azscan;
use crate::support::scenario::SUB;
use crate::support::throttle::{ARM_READ_BURST, ARM_READS_PER_SECOND};
use serde_json::Value;

/// (rule, resource ID, status) of every finding, sorted.
fn verdicts_by_id(report: &Value) -> Vec<(String, String, String)> {
    let mut all: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (
                text("rule_id"),
                text("resource_id").to_ascii_lowercase(),
                text("status"),
            )
        })
        .collect();
    all.sort();
    all
}

fn scan(emulator: &Emulator, az: &FakeAz) -> (i32, Value) {
    let run = azscan(
        &["scan", "--subscription-id", SUB, "--format", "json"],
        emulator,
        az,
    );
    (run.code, run.json())
}

#[test]
fn a_scan_past_the_burst_is_paced_instead_of_throttled() {
    // Two copies of the scenario need about 380 ARM reads, half again ARM's burst of
    // 250 (the assertion below keeps that true). Each read past the burst costs 40 ms
    // at the refill rate, so more copies only make the test slower: eight took ~50 s.
    let copies = 2;
    let az = FakeAz::install();
    let reference = Emulator::start();
    load_estate(&reference, &[SUB.to_string()], copies);
    let (reference_code, reference_report) = scan(&reference, &az);

    let throttled = Emulator::start();
    load_estate(&throttled, &[SUB.to_string()], copies);
    throttled.set_read_throttle(ARM_READ_BURST, ARM_READS_PER_SECOND);
    let (code, report) = scan(&throttled, &az);

    let arm: Vec<_> = throttled
        .requests()
        .into_iter()
        .filter(|r| r.host == Host::Arm)
        .collect();
    let answered_429 = arm.iter().filter(|r| r.status == 429).count();
    assert!(
        arm.len() > ARM_READ_BURST as usize + 20,
        "the scan must need more than the burst to test pacing: {} ARM requests",
        arm.len()
    );
    assert!(
        answered_429 * 100 <= arm.len(),
        "{answered_429} of {} ARM requests were answered 429",
        arm.len()
    );
    assert_eq!(code, reference_code);
    assert_eq!(report["summary"], reference_report["summary"]);
    assert_eq!(verdicts_by_id(&report), verdicts_by_id(&reference_report));
    assert!(
        !verdicts_by_id(&report).iter().any(|(_, _, s)| s == "ERROR")
            || verdicts_by_id(&reference_report)
                .iter()
                .any(|(_, _, s)| s == "ERROR"),
        "throttling turned into ERROR results"
    );
}

const SUB_A: &str = "0a0a0a0a-1111-4111-8111-0a0a0a0a0a0a";
const SUB_B: &str = "0b0b0b0b-2222-4222-8222-0b0b0b0b0b0b";

#[test]
fn a_throttled_subscription_does_not_hold_up_another() {
    let az = FakeAz::install();
    let emulator = Emulator::start();
    let subscriptions = [SUB_A.to_string(), SUB_B.to_string()];
    load_estate(&emulator, &subscriptions, 1);
    // A's first call is told to come back in 30 s; B is scanned meanwhile over the
    // same client. Before per-subscription pauses, B waited out A's 30 s too.
    emulator.fault(
        Host::Arm,
        &format!("/subscriptions/{SUB_A}"),
        Fault::Status {
            status: 429,
            code: "SubscriptionRequestsThrottled".into(),
            message: "Number of 'read' requests for subscription exceeded the limit.".into(),
            retry_after: Some(30),
        },
        Some(1),
    );
    let plan = Plan {
        subscriptions: &subscriptions,
        concurrency: 16,
        stagger: true,
    };
    let output = live::child_command(
        &std::env::current_exe().expect("test binary"),
        &["--exact", "pacing::scan_child", "--ignored", "--nocapture"],
        &emulator,
        &az,
        &plan,
    )
    .output()
    .expect("run the scan child");
    let outcome = Outcome::parse(&output);

    let b = outcome.subscription(SUB_B);
    assert_eq!(b["finished"], true, "{}", outcome.0);
    assert_eq!(b["throttled"], 0);
    assert_eq!(
        b["requests"].as_u64(),
        Some(
            emulator
                .requests()
                .iter()
                .filter(|r| r.path.contains(SUB_B))
                .count() as u64
        ),
        "B's counter matches what the emulator saw"
    );
    assert!(!outcome.verdicts(SUB_B).is_empty());
    // A was still waiting out its pause when B was done: asked once, never again.
    let a = outcome.subscription(SUB_A);
    assert_eq!(a["finished"], false, "{}", outcome.0);
    assert_eq!(
        (a["requests"].as_u64(), a["throttled"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        emulator.count(Host::Arm, &format!("/subscriptions/{SUB_A}")),
        1
    );
}

/// Runs inside the child process `a_throttled_subscription_does_not_hold_up_another`
/// starts; does nothing when run directly.
#[test]
#[ignore = "run as a child process by a_throttled_subscription_does_not_hold_up_another"]
fn scan_child() {
    if live::is_child() {
        live::child_main();
    }
}

#[test]
fn a_read_rate_that_is_not_positive_is_refused() {
    let az = FakeAz::install();
    let emulator = Emulator::start();
    let run = azscan(
        &[
            "scan",
            "--subscription-id",
            SUB,
            "--arm-reads-per-second",
            "0",
        ],
        &emulator,
        &az,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--arm-reads-per-second"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    assert!(emulator.requests().is_empty(), "no call before validation");
}
