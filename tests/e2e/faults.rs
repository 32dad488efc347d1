//! Issue 10's fault contract, one fault at a time against the emulated subscription:
//! the scan ends on its own with valid JSON, keeps every verdict the fault does not
//! touch, turns exactly what became unreadable into ERROR naming the call and the
//! cause, and exits 3 (130 when interrupted). docs/reliability.md describes each case.

use crate::entra::POLICY_RULES;
use crate::support::emulator::{Emulator, Fault, Host};
use crate::support::fake_az::FakeAz;
use crate::support::faults::Broken;
use crate::support::run::{Run, finished, spawn_azscan};
use crate::support::scenario::{SUB, findings_of, scan_json, start, verdicts};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const ARM_CHECKS: &str = "AZST,AKV,ACR";
/// Keeps backoff without Retry-After in milliseconds so a storm takes no time; the
/// retry budget and the doubling are the same as with the default.
const FAST_RETRIES: [&str; 2] = ["--retry-delay-ms", "5"];
/// The subscription's display name: list-level ERRORs are reported against it.
const SUBSCRIPTION_NAME: &str = "Contoso Production";
const ARM_SCOPE: &str = "https://management.azure.com/.default";

type Verdicts = BTreeMap<(String, String), Vec<String>>;

fn storage_accounts() -> String {
    format!("/subscriptions/{SUB}/providers/Microsoft.Storage/storageAccounts")
}

fn vaults() -> String {
    format!("/subscriptions/{SUB}/providers/Microsoft.KeyVault/vaults")
}

fn registries() -> String {
    format!("/subscriptions/{SUB}/providers/Microsoft.ContainerRegistry/registries")
}

fn legacy_vault(what: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/RG-Legacy/providers/Microsoft.KeyVault/vaults/kv-legacy-app/{what}"
    )
}

/// Makes the legacy vault's key list a call that never answers; returns its path.
fn hang_legacy_vault_keys(emu: &Emulator) -> String {
    let keys = legacy_vault("keys");
    emu.fault(
        Host::Arm,
        &keys,
        Fault::Delay(Duration::from_secs(3600)),
        None,
    );
    keys
}

const POLICIES: &str = "/v1.0/identity/conditionalAccess/policies";
const APPLICATIONS: &str = "/v1.0/applications";

fn status(status: u16, code: &str, retry_after: Option<u64>) -> Fault {
    Fault::Status {
        status,
        code: code.into(),
        message: format!("emulated {status}"),
        retry_after,
    }
}

fn scan(emu: &Emulator, az: &FakeAz, checks: &str, extra: &[&str]) -> Run {
    let mut args = vec!["--checks", checks];
    args.extend_from_slice(&FAST_RETRIES);
    args.extend_from_slice(extra);
    scan_json(emu, az, &args)
}

/// The verdicts of `checks` on the scenario without any fault.
fn clean(checks: &str) -> Verdicts {
    let (emu, az) = start();
    let run = scan(&emu, &az, checks, &[]);
    assert_eq!(run.code, 0, "the clean scan must pass: {}", run.stderr);
    verdicts(&run.json())
}

/// The fault is confined: `errors` are exactly the ERROR results, each alone for its
/// (check, resource); clean results matching `unreadable` are gone (their data could
/// not be read); every other clean result is unchanged; nothing else appears.
fn assert_confined(
    report: &Value,
    clean: &Verdicts,
    errors: &[(&str, &str)],
    unreadable: impl Fn(&str, &str) -> bool,
) {
    let got = verdicts(report);
    let mut wrong = Vec::new();
    for (rule, name) in errors {
        let key = (rule.to_string(), name.to_string());
        if got.get(&key).map(Vec::as_slice) != Some(&["ERROR".to_string()][..]) {
            wrong.push(format!(
                "{rule} {name}: expected ERROR, got {:?}",
                got.get(&key)
            ));
        }
    }
    for (key, statuses) in clean {
        if errors.iter().any(|(r, n)| key.0 == *r && key.1 == *n) {
            continue;
        }
        if unreadable(&key.0, &key.1) {
            if got.contains_key(key) {
                wrong.push(format!(
                    "{key:?} was unreadable but reported {:?}",
                    got[key]
                ));
            }
        } else if got.get(key) != Some(statuses) {
            wrong.push(format!(
                "{key:?}: expected {statuses:?}, got {:?}",
                got.get(key)
            ));
        }
    }
    for key in got.keys() {
        let expected = errors.iter().any(|(r, n)| key.0 == *r && key.1 == *n);
        if !expected && !clean.contains_key(key) {
            wrong.push(format!("{key:?} appeared: {:?}", got[key]));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\nall verdicts: {got:#?}",
        wrong.join("\n")
    );
    assert_eq!(report["summary"]["ERROR"], errors.len(), "ERROR count");
}

/// A cut-short scan never gives a wrong verdict: every result is what the clean scan
/// said, or ERROR.
fn assert_no_wrong_verdict(report: &Value, clean: &Verdicts) {
    for (key, statuses) in verdicts(report) {
        if statuses.iter().all(|s| s == "ERROR") {
            continue;
        }
        assert_eq!(clean.get(&key), Some(&statuses), "{key:?}");
    }
}

fn message(report: &Value, rule: &str, resource: &str) -> String {
    let found: Vec<_> = findings_of(report, rule)
        .into_iter()
        .filter(|f| f.0 == resource)
        .collect();
    assert_eq!(found.len(), 1, "{rule} {resource}: {found:?}");
    found[0].2.clone()
}

fn assert_mentions(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "{needle:?} missing from: {text}");
    }
}

/// The per-item results of `rules` in kv-legacy-app: what its item lists decide.
fn legacy_vault_items(rules: &'static [&'static str]) -> impl Fn(&str, &str) -> bool {
    move |rule, name| rules.contains(&rule) && name.starts_with("kv-legacy-app/")
}

#[test]
fn a_storm_of_five_429s_is_survived_with_and_without_retry_after() {
    let clean = clean(ARM_CHECKS);
    let (emu, az) = start();
    let accounts = storage_accounts();
    let throttled = |retry_after| status(429, "SubscriptionRequestsThrottled", retry_after);
    emu.fault(Host::Arm, &accounts, throttled(Some(1)), Some(2));
    emu.fault(Host::Arm, &accounts, throttled(None), Some(3));
    let run = scan(&emu, &az, ARM_CHECKS, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["scan"]["complete"], true);
    assert_eq!(verdicts(&report), clean);
    assert_eq!(
        emu.count(Host::Arm, &accounts),
        5 + 3,
        "5 throttled + 3 pages"
    );
}

#[test]
fn bursts_of_every_retryable_5xx_are_survived() {
    let clean = clean(ARM_CHECKS);
    let (emu, az) = start();
    let vaults = vaults();
    emu.fault(
        Host::Arm,
        &vaults,
        status(500, "InternalServerError", None),
        Some(1),
    );
    emu.fault(Host::Arm, &vaults, status(502, "BadGateway", None), Some(1));
    emu.fault(
        Host::Arm,
        &vaults,
        status(503, "ServiceUnavailable", Some(1)),
        Some(1),
    );
    emu.fault(
        Host::Arm,
        &vaults,
        status(504, "GatewayTimeout", None),
        Some(1),
    );
    emu.fault(
        Host::Arm,
        &vaults,
        status(503, "ServiceUnavailable", None),
        Some(1),
    );
    let run = scan(&emu, &az, ARM_CHECKS, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(verdicts(&run.json()), clean);
    assert_eq!(emu.count(Host::Arm, &vaults), 5 + 2, "5 failures + 2 pages");
}

#[test]
fn a_call_failing_past_the_retry_budget_is_an_error_naming_it_and_its_last_status() {
    let clean = clean(ARM_CHECKS);
    let (emu, az) = start();
    let keys = legacy_vault("keys");
    emu.fault(
        Host::Arm,
        &keys,
        status(500, "InternalServerError", None),
        Some(3),
    );
    emu.fault(
        Host::Arm,
        &keys,
        status(503, "ServiceUnavailable", None),
        None,
    );
    let run = scan(&emu, &az, ARM_CHECKS, &[]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["scan"]["complete"], false);
    assert_confined(
        &report,
        &clean,
        // AKV-009 reads the same key list before each key.
        &[("AKV-004", "kv-legacy-app"), ("AKV-009", "kv-legacy-app")],
        legacy_vault_items(&["AKV-004", "AKV-009"]),
    );
    assert_eq!(emu.count(Host::Arm, &keys), 6, "1 attempt + 5 retries");
    let error = message(&report, "AKV-004", "kv-legacy-app");
    assert_mentions(&error, &[&keys, "503", "ServiceUnavailable", "6 attempts"]);
}

#[test]
fn dropped_connections_and_resets_mid_body_are_retried() {
    let clean = clean(ARM_CHECKS);
    let (emu, az) = start();
    let accounts = storage_accounts();
    emu.fault(
        Host::Arm,
        &accounts,
        Fault::Broken(Broken::DropConnection),
        Some(1),
    );
    emu.fault(
        Host::Arm,
        &accounts,
        Fault::Broken(Broken::ResetMidBody),
        Some(2),
    );
    let vaults = vaults();
    emu.fault(
        Host::Arm,
        &vaults,
        Fault::Broken(Broken::DropConnection),
        Some(3),
    );
    let run = scan(&emu, &az, ARM_CHECKS, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(verdicts(&run.json()), clean);
    assert_eq!(emu.count(Host::Arm, &accounts), 3 + 3, "3 broken + 3 pages");
    assert_eq!(emu.count(Host::Arm, &vaults), 3 + 2, "3 dropped + 2 pages");
}

#[test]
fn a_call_that_never_answers_times_out_and_is_an_error_naming_it() {
    let clean = clean(ARM_CHECKS);
    let (emu, az) = start();
    let keys = hang_legacy_vault_keys(&emu);
    let run = scan(&emu, &az, ARM_CHECKS, &["--request-timeout", "1"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    assert_confined(
        &report,
        &clean,
        // AKV-009 reads the same key list before each key.
        &[("AKV-004", "kv-legacy-app"), ("AKV-009", "kv-legacy-app")],
        legacy_vault_items(&["AKV-004", "AKV-009"]),
    );
    assert_eq!(emu.count(Host::Arm, &keys), 3, "a timeout is retried twice");
    let error = message(&report, "AKV-004", "kv-legacy-app");
    assert_mentions(&error, &[&keys, "Timeout", "3 attempts"]);
}

#[test]
fn the_scan_deadline_ends_a_scan_with_what_it_read() {
    let clean = clean(ARM_CHECKS);
    let (emu, az) = start();
    let keys = hang_legacy_vault_keys(&emu);
    let run = scan(&emu, &az, ARM_CHECKS, &["--timeout", "2"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["scan"]["complete"], false);
    assert_no_wrong_verdict(&report, &clean);
    let error = message(&report, "AKV-004", "kv-legacy-app");
    assert_mentions(&error, &[&keys, "Cancelled", "deadline (--timeout 2)"]);
    assert_eq!(emu.count(Host::Arm, &keys), 1, "one attempt, cut short");
    assert_mentions(&run.stderr, &["deadline"]);
}

#[test]
fn a_200_that_is_not_json_or_is_cut_short_is_an_error_for_what_needed_it() {
    let clean = clean(ARM_CHECKS);
    let (emu, az) = start();
    let keys = legacy_vault("keys");
    let secrets = legacy_vault("secrets");
    emu.fault(Host::Arm, &keys, Fault::Broken(Broken::NotJson), None);
    emu.fault(
        Host::Arm,
        &secrets,
        Fault::Broken(Broken::TruncatedJson),
        None,
    );
    let run = scan(&emu, &az, ARM_CHECKS, &[]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    assert_confined(
        &report,
        &clean,
        &[
            ("AKV-004", "kv-legacy-app"),
            ("AKV-005", "kv-legacy-app"),
            ("AKV-009", "kv-legacy-app"),
        ],
        legacy_vault_items(&["AKV-004", "AKV-005", "AKV-009"]),
    );
    for (rule, call) in [("AKV-004", &keys), ("AKV-005", &secrets)] {
        let error = message(&report, rule, "kv-legacy-app");
        assert_mentions(&error, &[call, "InvalidResponse", "not JSON"]);
        assert_eq!(emu.count(Host::Arm, call), 1, "a 200 is not retried");
    }
}

#[test]
fn paging_that_loops_is_an_error_for_that_list_never_a_pass() {
    let clean = clean(ARM_CHECKS);
    let (emu, az) = start();
    // New links every time, but the same account on every page.
    let looping = json!({
        "id": format!("{}/loopy", storage_accounts()),
        "name": "loopy",
        "properties": {"supportsHttpsTrafficOnly": true}
    });
    emu.fault(
        Host::Arm,
        &storage_accounts(),
        Fault::Broken(Broken::RepeatingPage(vec![looping])),
        None,
    );
    // Empty pages that link to themselves.
    emu.fault(
        Host::Arm,
        &vaults(),
        Fault::Broken(Broken::SelfLinkingPage(vec![])),
        None,
    );
    let run = scan(&emu, &az, ARM_CHECKS, &[]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    // Every storage and (active) vault check: each reads its service's list first.
    let rules: Vec<String> = (1..=24)
        .map(|n| format!("AZST-{n:03}"))
        .chain((1..=9).map(|n| format!("AKV-{n:03}")))
        .collect();
    let errors: Vec<(&str, &str)> = rules
        .iter()
        .map(|rule| (rule.as_str(), SUBSCRIPTION_NAME))
        .collect();
    assert_confined(&report, &clean, &errors, |rule, _| {
        rule.starts_with("AZST") || rule.starts_with("AKV")
    });
    assert_mentions(
        &message(&report, "AZST-001", SUBSCRIPTION_NAME),
        &[&storage_accounts(), "paging looped", "repeated items"],
    );
    assert_mentions(
        &message(&report, "AKV-001", SUBSCRIPTION_NAME),
        &[&vaults(), "paging looped", "already read"],
    );
    assert_eq!(emu.count(Host::Arm, &storage_accounts()), 2);
    assert_eq!(emu.count(Host::Arm, &vaults()), 2);
}

#[test]
fn an_item_sent_again_on_a_later_page_is_reported_once() {
    let clean = clean("AZST");
    let (emu, az) = start();
    // The scenario's storage list, with the first account sent again on the last page.
    let file = crate::support::scenario::scenario_dir().join("storage.json");
    let mut routes: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let list = &mut routes["routes"][0];
    let first = list["pages"][0][0].clone();
    list["pages"][2].as_array_mut().unwrap().push(first);
    emu.load_str(&json!({ "routes": [list] }).to_string());
    let run = scan(&emu, &az, "AZST", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(verdicts(&run.json()), clean, "each account judged once");
}

#[test]
fn paging_that_runs_away_stops_at_the_page_limit() {
    let (emu, az) = start();
    emu.fault(
        Host::Arm,
        &registries(),
        Fault::Broken(Broken::EndlessPages),
        None,
    );
    // The real limit is 10,000 pages; the hidden test flag keeps this test fast.
    let run = scan(&emu, &az, "ACR-001", &["--max-pages", "50"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    let found = findings_of(&report, "ACR-001");
    assert_eq!(found.len(), 1, "one ERROR, no endless-* results: {found:?}");
    assert_eq!(found[0].0, SUBSCRIPTION_NAME);
    assert_eq!(found[0].1, "ERROR");
    assert_mentions(
        &found[0].2,
        &[&registries(), "paging ran away", "more than 50 pages"],
    );
    assert_eq!(emu.count(Host::Arm, &registries()), 50);
}

#[test]
fn short_lived_tokens_are_refreshed_before_they_expire() {
    let clean = clean(ARM_CHECKS);
    let emu = Emulator::start();
    emu.load_dir(&crate::support::scenario::scenario_dir());
    let az = FakeAz::short_lived(4);
    // One slow call holds the only request slot longer than a token lives: every
    // request queued behind it must still arrive with a token that is valid.
    emu.fault(
        Host::Arm,
        &registries(),
        Fault::Delay(Duration::from_secs(5)),
        Some(1),
    );
    let run = scan(&emu, &az, ARM_CHECKS, &["--concurrency", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(verdicts(&run.json()), clean);
    let rejected: Vec<_> = emu
        .requests()
        .into_iter()
        .filter(|r| r.status == 401)
        .collect();
    assert!(
        rejected.is_empty(),
        "sent with an expired token: {rejected:?}"
    );
    let fetched = az
        .invocations()
        .iter()
        .filter(|i| i.contains(ARM_SCOPE))
        .count();
    assert!(fetched >= 2, "the token was refreshed: {fetched}");
}

#[test]
fn a_rejected_token_is_refreshed_and_the_call_retried_once() {
    let clean = clean(ARM_CHECKS);
    let (emu, az) = start();
    let accounts = storage_accounts();
    emu.fault(
        Host::Arm,
        &accounts,
        status(401, "ExpiredAuthenticationToken", None),
        Some(1),
    );
    let run = scan(&emu, &az, ARM_CHECKS, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(verdicts(&run.json()), clean);
    assert_eq!(emu.count(Host::Arm, &accounts), 1 + 3, "401 once + 3 pages");
    let fetched = az
        .invocations()
        .iter()
        .filter(|i| i.contains(ARM_SCOPE))
        .count();
    assert_eq!(fetched, 2, "one token, then a fresh one after the 401");

    // A token the service keeps refusing: one fresh try, then ERROR.
    let (emu, az) = start();
    let keys = legacy_vault("keys");
    emu.fault(
        Host::Arm,
        &keys,
        status(401, "InvalidAuthenticationToken", None),
        None,
    );
    let run = scan(&emu, &az, ARM_CHECKS, &[]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    assert_confined(
        &report,
        &clean,
        // AKV-009 reads the same key list before each key.
        &[("AKV-004", "kv-legacy-app"), ("AKV-009", "kv-legacy-app")],
        legacy_vault_items(&["AKV-004", "AKV-009"]),
    );
    assert_eq!(emu.count(Host::Arm, &keys), 2);
    assert_mentions(
        &message(&report, "AKV-004", "kv-legacy-app"),
        &["401", "InvalidAuthenticationToken"],
    );
}

#[test]
fn graph_throttling_and_5xx_are_retried_like_arm() {
    let clean = clean("ENTRA");
    let (emu, az) = start();
    emu.fault(
        Host::Graph,
        POLICIES,
        status(429, "TooManyRequests", None),
        Some(5),
    );
    for (code, name) in [
        (503, "ServiceUnavailable"),
        (500, "InternalServerError"),
        (502, "BadGateway"),
        (504, "GatewayTimeout"),
    ] {
        emu.fault(Host::Graph, APPLICATIONS, status(code, name, None), Some(1));
    }
    let run = scan(&emu, &az, "ENTRA", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(verdicts(&run.json()), clean);
    assert_eq!(
        emu.count(Host::Graph, POLICIES),
        5 + 2,
        "5 throttled + 2 pages"
    );

    // Past the budget, Graph errors name the call and the last status, as ARM's do.
    let (emu, az) = start();
    emu.fault(
        Host::Graph,
        POLICIES,
        status(503, "ServiceUnavailable", None),
        None,
    );
    let run = scan(&emu, &az, "ENTRA", &[]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    let tenant_results: Vec<(String, String)> = clean
        .keys()
        .filter(|(rule, _)| POLICY_RULES.contains(&rule.as_str()))
        .cloned()
        .collect();
    let errors: Vec<(&str, &str)> = tenant_results
        .iter()
        .map(|(r, n)| (r.as_str(), n.as_str()))
        .collect();
    assert_eq!(errors.len(), 7, "one tenant result per policy check");
    assert_confined(&report, &clean, &errors, |_, _| false);
    assert_eq!(emu.count(Host::Graph, POLICIES), 6);
    assert_mentions(
        &message(&report, errors[0].0, errors[0].1),
        &[POLICIES, "503", "6 attempts"],
    );
}

#[test]
fn the_emulator_tells_expired_tokens_from_wrong_ones() {
    use crate::support::faults::{EXPIRY_MARK, TokenCheck, check_token};
    let token = "fake-arm-token-7c1e";
    assert_eq!(check_token(token, token), TokenCheck::Valid);
    let later = format!("{token}{EXPIRY_MARK}99999999999");
    assert_eq!(check_token(&later, token), TokenCheck::Valid);
    let past = format!("{token}{EXPIRY_MARK}1000");
    assert_eq!(check_token(&past, token), TokenCheck::Expired);
    assert_eq!(
        check_token("fake-graph-token-4b9d", token),
        TokenCheck::Invalid
    );
    let garbled = format!("{token}{EXPIRY_MARK}soon");
    assert_eq!(check_token(&garbled, token), TokenCheck::Invalid);
}

/// Waits (bounded, so a broken build fails instead of hanging) for `done`.
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never happened: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends `signal` to a running azscan once it is stuck on a call that never answers,
/// and returns how it ended.
fn interrupt(args: &[&str], signal: &str) -> (Run, Emulator) {
    let (emu, az) = start();
    let keys = hang_legacy_vault_keys(&emu);
    let mut child = spawn_azscan(args, &emu, &az);
    // Read the pipes while waiting: a report larger than a pipe's buffer would block
    // azscan's last write, and so its exit.
    fn drain(mut pipe: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut read = Vec::new();
            let _ = pipe.read_to_end(&mut read);
            read
        })
    }
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    wait_for("the hung call", || emu.count(Host::Arm, &keys) > 0);
    let sent = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    // Bounded wait: a scan that ignored the signal fails here instead of hanging.
    wait_for("azscan to exit", || {
        child.try_wait().expect("poll azscan").is_some()
    });
    let output = std::process::Output {
        status: child.wait().expect("collect azscan"),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    };
    (finished(args, output), emu)
}

#[test]
fn ctrl_c_writes_the_reports_marked_incomplete_and_exits_130() {
    let clean = clean(ARM_CHECKS);
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("azscan.sarif");
    let json_report = dir.path().join("azscan.json");
    let sarif_arg = format!("sarif={}", sarif.display());
    let json_arg = format!("json={}", json_report.display());
    let args = [
        "scan",
        "--subscription-id",
        SUB,
        "--checks",
        ARM_CHECKS,
        "--format",
        "json",
        "--report",
        &sarif_arg,
        "--report",
        &json_arg,
    ];
    let (run, _emu) = interrupt(&args, "-INT");
    assert_eq!(run.code, 130, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["scan"]["complete"], false);
    assert_no_wrong_verdict(&report, &clean);
    assert_mentions(
        &message(&report, "AKV-004", "kv-legacy-app"),
        &["Cancelled", "interrupted (SIGINT)"],
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_report).unwrap()).unwrap();
    assert_eq!(written["scan"]["complete"], false);
    assert_eq!(written["findings"], report["findings"]);
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_mentions(&run.stderr, &["interrupted (SIGINT)"]);
}

#[test]
fn sigterm_during_collect_writes_the_snapshot_with_gaps_and_exits_130() {
    let args = ["collect", "--subscription-id", SUB, "--checks", ARM_CHECKS];
    let (run, _emu) = interrupt(&args, "-TERM");
    assert_eq!(run.code, 130, "{}", run.stderr);
    let snapshot = run.json();
    let gaps = snapshot["gaps"].as_array().unwrap();
    assert!(
        gaps.iter().any(|g| g["code"] == "Cancelled"
            && g["call"] == legacy_vault("keys")
            && g["message"].as_str().unwrap().contains("SIGTERM")),
        "{gaps:?}"
    );
}
