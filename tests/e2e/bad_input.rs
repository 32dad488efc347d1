//! Issue 10's bad-input contract: every file and flag a user passes is refused before
//! any request (to Azure or to `az`), with exit 2, a few lines naming the file or flag,
//! nothing on stdout and no backtrace; and report files are written whole or not at all.

use crate::support::emulator::Emulator;
use crate::support::fake_az::FakeAz;
use crate::support::run::{Run, azscan, azscan_env};
use crate::support::scenario::{SUB, start};
use std::path::{Path, PathBuf};

fn demo_snapshot() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/snapshot.json")
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// Exit 2, empty stdout, a short message that contains every one of `names`, and
/// nothing sent to the emulator or asked of `az`.
fn assert_refused(case: &str, run: &Run, names: &[&str], emu: &Emulator, az: &FakeAz) {
    assert_eq!(run.code, 2, "{case}: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{case} printed: {}", run.stdout);
    for name in names {
        assert!(
            run.stderr.contains(name),
            "{case}: the message should name {name:?}: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr.starts_with("error: ") && run.stderr.lines().count() <= 4,
        "{case}: one short message: {}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{case}: {}",
        run.stderr
    );
    assert!(
        emu.requests().is_empty(),
        "{case}: requests were sent: {:?}",
        emu.requests()
    );
    assert!(
        az.invocations().is_empty(),
        "{case}: az was asked for a token: {:?}",
        az.invocations()
    );
}

#[test]
fn invalid_truncated_future_and_foreign_snapshots_are_refused_naming_the_file() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let demo = std::fs::read(demo_snapshot()).unwrap();
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "truncated.json",
            demo[..demo.len() / 2].to_vec(),
            vec!["truncated", "line "],
        ),
        (
            "invalid.json",
            b"{\"schema_version\": 1,\n  \"storage\": [}".to_vec(),
            vec!["not valid JSON", "line 2"],
        ),
        (
            "future.json",
            br#"{"schema_version": 3, "collected_at": "2026-01-01T00:00:00Z"}"#.to_vec(),
            vec!["schema_version 3", "reads schema_version 1 and 2"],
        ),
        (
            "string-version.json",
            br#"{"schema_version": "1"}"#.to_vec(),
            vec!["schema_version is a string", "reads schema_version 1 and 2"],
        ),
        (
            "list.json",
            b"[1, 2, 3]".to_vec(),
            vec!["not an azscan snapshot"],
        ),
        (
            "report.json",
            br#"{"schema_version": 1, "tool": {"name": "azscan"}, "findings": []}"#.to_vec(),
            vec!["malformed", "missing field"],
        ),
        (
            "binary.json",
            vec![0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00],
            vec!["invalid UTF-8"],
        ),
        ("empty.json", Vec::new(), vec!["truncated"]),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let run = azscan(&["scan", "--snapshot", arg(&path)], &emu, &az);
        let mut names = vec![arg(&path)];
        names.extend(expected);
        assert_refused(name, &run, &names, &emu, &az);
    }
    let missing = dir.path().join("missing.json");
    let run = azscan(&["scan", "--snapshot", arg(&missing)], &emu, &az);
    assert_refused("missing", &run, &[arg(&missing), "cannot read"], &emu, &az);
}

#[test]
fn a_garbage_baseline_is_refused_before_anything_is_read() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("garbage.json", b"this is not json".to_vec(), "line 1"),
        (
            "truncated.json",
            br#"{"schema_version": 1, "scan": {"subscriptions": ["#.to_vec(),
            "EOF",
        ),
        // A snapshot is JSON from azscan too, but not a report.
        (
            "snapshot.json",
            std::fs::read(demo_snapshot()).unwrap(),
            "missing field",
        ),
        (
            "future.json",
            br#"{"schema_version": 99, "scan": {"subscriptions": []}, "findings": []}"#.to_vec(),
            "schema_version 99",
        ),
        ("binary.json", vec![0xff, 0xfe, 0x00, 0x01], "UTF-8"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let run = azscan(
            &["--subscription-id", SUB, "--baseline", arg(&path)],
            &emu,
            &az,
        );
        assert_refused(name, &run, &[arg(&path), "baseline", expected], &emu, &az);
    }
}

#[test]
fn a_subscription_id_that_is_not_a_guid_is_refused_by_scan_and_collect() {
    let (emu, az) = start();
    for id in ["prod", "9b5c7e1a-3d2f-4c8b-a6e4-2f1d0c9b8a7", "{9b5c7e1a}"] {
        for command in ["scan", "collect"] {
            let run = azscan(&[command, "--subscription-id", id], &emu, &az);
            assert_refused(
                &format!("{command} {id}"),
                &run,
                &["--subscription-id", id, "GUID"],
                &emu,
                &az,
            );
        }
    }
}

#[test]
fn plain_http_is_refused_unless_the_endpoint_is_loopback() {
    let (emu, az) = start();
    let flags = [
        ("--arm-endpoint", "http://example.com"),
        ("--graph-endpoint", "http://10.0.0.1:8080/"),
        ("--arm-endpoint", "http://169.254.169.254/metadata"),
        ("--graph-endpoint", "http://localhost.example.com"),
    ];
    for (flag, url) in flags {
        let run = azscan(&["--subscription-id", SUB, flag, url], &emu, &az);
        assert_refused(url, &run, &[flag, url, "https is required"], &emu, &az);
    }
    // The environment variable behind --arm-endpoint gets the same check, and the
    // message says where the value came from.
    let run = azscan_env(
        &["collect", "--subscription-id", SUB],
        &emu,
        &az,
        &[("AZSCAN_ARM_ENDPOINT", "http://example.org")],
    );
    assert_refused(
        "AZSCAN_ARM_ENDPOINT",
        &run,
        &[
            "AZSCAN_ARM_ENDPOINT",
            "http://example.org",
            "https is required",
        ],
        &emu,
        &az,
    );
}

#[test]
fn an_unwritable_output_or_report_path_is_refused_before_scanning() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let missing_dir = dir.path().join("no-such-dir").join("azscan.sarif");
    let a_file = dir.path().join("plain-file");
    std::fs::write(&a_file, "x").unwrap();
    let under_a_file = a_file.join("azscan.json");
    let read_only = dir.path().join("read-only.json");
    std::fs::write(&read_only, "keep me").unwrap();
    let mut permissions = std::fs::metadata(&read_only).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&read_only, permissions).unwrap();
    let a_dir = dir.path().to_path_buf();

    let trailing_slash = PathBuf::from(format!("{}/new-dir/", arg(dir.path())));
    let destinations: [(&Path, &str); 5] = [
        (&missing_dir, "does not exist"),
        (&trailing_slash, "does not name a file"),
        (&under_a_file, "is not a directory"),
        (&read_only, "read-only"),
        (&a_dir, "is a directory"),
    ];
    for (path, why) in destinations {
        let output = azscan(&["--subscription-id", SUB, "-o", arg(path)], &emu, &az);
        assert_refused(arg(path), &output, &["--output", arg(path), why], &emu, &az);
        let report = format!("sarif={}", arg(path));
        let run = azscan(
            &["--subscription-id", SUB, "--report", report.as_str()],
            &emu,
            &az,
        );
        assert_refused(&report, &run, &["--report", arg(path), why], &emu, &az);
        let collect = azscan(
            &["collect", "--subscription-id", SUB, "-o", arg(path)],
            &emu,
            &az,
        );
        assert_refused(
            arg(path),
            &collect,
            &["--output", arg(path), why],
            &emu,
            &az,
        );
    }
    assert!(!missing_dir.parent().unwrap().exists());
    assert_eq!(std::fs::read_to_string(&read_only).unwrap(), "keep me");
    // The writability probe leaves nothing behind.
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["plain-file", "read-only.json"]);
}

#[test]
fn report_files_are_replaced_whole_and_no_temporary_file_is_left() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("azscan.json");
    let sarif = dir.path().join("azscan.sarif");
    // Longer than the new report: an in-place write that forgot to truncate would
    // leave its tail behind.
    std::fs::write(&json, "STALE ".repeat(200_000)).unwrap();
    std::fs::write(&sarif, "STALE").unwrap();
    // A report written through a symbolic link replaces the file it points to.
    let real_md = dir.path().join("summary-real.md");
    std::fs::write(&real_md, "STALE").unwrap();
    let link_md = dir.path().join("summary.md");
    std::os::unix::fs::symlink(&real_md, &link_md).unwrap();
    let sarif_target = format!("sarif={}", arg(&sarif));
    let md_target = format!("markdown={}", arg(&link_md));
    let run = azscan(
        &[
            "--subscription-id",
            SUB,
            "--checks",
            "AZST",
            "--format",
            "json",
            "-o",
            arg(&json),
            "--report",
            sarif_target.as_str(),
            "--report",
            md_target.as_str(),
        ],
        &emu,
        &az,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "-o takes the report off stdout");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).expect("whole JSON");
    assert_eq!(report["scan"]["subscriptions"][0]["id"], SUB);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).expect("whole SARIF");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        std::fs::symlink_metadata(&link_md)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert!(
        std::fs::read_to_string(&real_md)
            .unwrap()
            .starts_with("## azscan: subscription")
    );
    // A device is written into, never replaced.
    let run = azscan(
        &[
            "--subscription-id",
            SUB,
            "--checks",
            "AZST-001",
            "-o",
            "/dev/null",
        ],
        &emu,
        &az,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    // A new report file gets the mode any other new file there gets (not the private
    // mode of a temporary file).
    use std::os::unix::fs::PermissionsExt;
    let fresh = dir.path().join("fresh.json");
    let run = azscan(
        &[
            "--subscription-id",
            SUB,
            "--checks",
            "AZST-001",
            "-o",
            arg(&fresh),
        ],
        &emu,
        &az,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plain = dir.path().join("plain");
    std::fs::write(&plain, "").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&fresh), mode(&plain));
    std::fs::remove_file(&plain).unwrap();
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "azscan.json",
            "azscan.sarif",
            "fresh.json",
            "summary-real.md",
            "summary.md"
        ],
        "no temporary file is left behind"
    );
}
