//! Assertions the per-family end-to-end files share: scanning with `--checks`, reading
//! one rule's results and messages, refusing one call, counting requests by path,
//! "no call made twice", and collect-then-rescan; so each family file states only its
//! own expectations.

use super::emulator::{Emulator, Host};
use super::fake_az::FakeAz;
use super::run::azscan;
use super::scenario::{SUB, arm_denied, findings_of, message_of, scan_json};
use serde_json::Value;
use std::collections::BTreeMap;

/// `azscan scan --checks CHECKS --format json` on the scenario, asserting its exit code
/// (0 complete, 3 incomplete); the JSON report.
pub fn scan_checks(emu: &Emulator, az: &FakeAz, checks: &str, code: i32) -> Value {
    let run = scan_json(emu, az, &["--checks", checks]);
    assert_eq!(
        run.code, code,
        "exit code of a scan of {checks}: {}",
        run.stderr
    );
    run.json()
}

/// Makes every ARM request to `path` answer 403 for want of `action`.
pub fn deny(emu: &Emulator, path: &str, action: &str) {
    emu.fault(Host::Arm, path, arm_denied(action), None);
}

/// The resource names `rule` gave a result for, in report order.
pub fn resources_of(report: &Value, rule: &str) -> Vec<String> {
    findings_of(report, rule).into_iter().map(|f| f.0).collect()
}

/// The single message of `rule` on `resource` contains every one of `parts`.
pub fn assert_message(report: &Value, rule: &str, resource: &str, parts: &[&str]) {
    let message = message_of(report, rule, resource);
    let missing: Vec<_> = parts.iter().filter(|p| !message.contains(*p)).collect();
    assert!(
        missing.is_empty(),
        "{rule} {resource}: {missing:?} not in {message:?}"
    );
}

/// Each rule gave exactly that many results.
pub fn assert_result_counts(report: &Value, expected: &[(&str, usize)]) {
    for (rule, count) in expected {
        let found = findings_of(report, rule);
        assert_eq!(found.len(), *count, "{rule}: {found:#?}");
    }
}

/// `rule` gave no result at all for `resource` (out of its scope).
pub fn assert_not_judged(report: &Value, rule: &str, resource: &str) {
    let found = resources_of(report, rule);
    assert!(
        !found.iter().any(|name| name == resource),
        "{rule} judged {resource}: {found:?}"
    );
}

/// `rule` gave exactly `count` results, every one ERROR with all of `parts` in its message.
pub fn assert_all_error(report: &Value, rule: &str, count: usize, parts: &[&str]) {
    let found = findings_of(report, rule);
    assert_eq!(found.len(), count, "{rule}: {found:#?}");
    for (name, status, message) in &found {
        assert_eq!(status, "ERROR", "{rule} {name}");
        let missing: Vec<_> = parts.iter().filter(|p| !message.contains(*p)).collect();
        assert!(
            missing.is_empty(),
            "{rule} {name}: {missing:?} not in {message:?}"
        );
    }
}

/// Each ARM path was requested exactly that many times (a paged list: once per page).
pub fn assert_reads<P: AsRef<str>>(emu: &Emulator, expected: impl IntoIterator<Item = (P, usize)>) {
    for (path, reads) in expected {
        let path = path.as_ref();
        assert_eq!(emu.count(Host::Arm, path), reads, "requests to {path}");
    }
}

/// No request the emulator saw was made twice: the same path and the same query
/// parameters, whatever their case or order, and whatever the method or host.
pub fn assert_no_call_twice(emu: &Emulator) {
    let mut seen: BTreeMap<(String, Vec<String>), usize> = BTreeMap::new();
    for r in emu.requests() {
        let mut query: Vec<String> = r.query.split('&').map(str::to_lowercase).collect();
        query.sort();
        *seen.entry((r.path.to_lowercase(), query)).or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "calls made more than once: {twice:#?}");
}

/// What `collect` saved and how a live scan and an offline scan of it judged.
pub struct Rescan {
    /// The snapshot file as written.
    pub snapshot: String,
    /// The live scan's report.
    pub live: Value,
    /// The report of `scan --snapshot`, run with no emulator and no working `az`.
    pub offline: Value,
}

/// `collect --checks CHECKS` (exit 0), a live scan of the same checks, then a scan of
/// the snapshot offline (exit 0): no emulator behind it and an `az` that fails, so any
/// request it made would show.
pub fn collect_and_rescan(emu: &Emulator, az: &FakeAz, checks: &str) -> Rescan {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.json");
    let path_arg = path.to_str().unwrap();
    let collected = azscan(
        &[
            "collect",
            "--subscription-id",
            SUB,
            "--checks",
            checks,
            "-o",
            path_arg,
        ],
        emu,
        az,
    );
    assert_eq!(collected.code, 0, "collect {checks}: {}", collected.stderr);
    let live = scan_json(emu, az, &["--checks", checks]).json();
    let offline = azscan(
        &[
            "scan",
            "--snapshot",
            path_arg,
            "--format",
            "json",
            "--checks",
            checks,
        ],
        &Emulator::start(),
        &FakeAz::failing(),
    );
    assert_eq!(
        offline.code, 0,
        "scan --snapshot {checks}: {}",
        offline.stderr
    );
    Rescan {
        snapshot: std::fs::read_to_string(&path).unwrap(),
        live,
        offline: offline.json(),
    }
}
