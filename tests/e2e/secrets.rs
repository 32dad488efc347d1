//! Issue 10's secrets contract: the ARM and Graph bearer tokens never appear in any
//! output, at the highest verbosity and with every library's tracing on, and a
//! SAS-like query string in a next link is not logged.

use crate::support::emulator::{ARM_TOKEN, GRAPH_TOKEN, Host};
use crate::support::run::azscan_env;
use crate::support::scenario::{SUB, start};

/// The signature of a SAS-like next link the emulator hands out for the registry list.
const SAS_SIGNATURE: &str = "sig=SAS-SIGNATURE-0f3a";

#[test]
fn no_token_or_sas_signature_reaches_stdout_stderr_or_any_report_at_trace_level() {
    let (emu, az) = start();
    let registries =
        format!("/subscriptions/{SUB}/providers/Microsoft.ContainerRegistry/registries");
    // A first page whose next link carries a SAS-style signature in its query.
    emu.load_str(
        &serde_json::json!({"routes": [
            {
                "path": registries,
                "api_version": "2023-07-01",
                "body": {
                    "value": [],
                    "nextLink": format!(
                        "{}{registries}?api-version=2023-07-01&$skiptoken=page2&sv=2022-11-02&{SAS_SIGNATURE}",
                        emu.arm_url()
                    )
                }
            },
            {
                "path": registries,
                "api_version": "2023-07-01",
                "query": {"$skiptoken": "page2"},
                "body": {"value": []}
            }
        ]})
        .to_string(),
    );
    let dir = tempfile::tempdir().unwrap();
    let reports: Vec<String> = ["sarif", "json", "markdown", "junit", "table"]
        .iter()
        .map(|format| format!("{format}={}", dir.path().join(format).display()))
        .collect();
    let mut args = vec!["scan", "--subscription-id", SUB, "--format", "json", "-vvv"];
    for report in &reports {
        args.extend(["--report", report.as_str()]);
    }
    let run = azscan_env(&args, &emu, &az, &[("RUST_LOG", "trace")]);
    assert!(
        matches!(run.code, 0 | 3),
        "the scan ran (exit {}): {}",
        run.code,
        run.stderr
    );
    let report = run.json();
    assert!(
        !report["findings"].as_array().unwrap().is_empty(),
        "a whole scan ran"
    );
    // Both tokens were really used, so their absence below means something.
    let requests = emu.requests();
    let sent = |host: Host, token: &str| {
        requests.iter().any(|r| {
            r.host == host && r.authorization.as_deref() == Some(&format!("Bearer {token}"))
        })
    };
    assert!(sent(Host::Arm, ARM_TOKEN) && sent(Host::Graph, GRAPH_TOKEN));
    assert!(
        requests.iter().any(|r| r.query.contains(SAS_SIGNATURE)),
        "the signed next link was followed"
    );
    assert!(
        run.stderr.contains("TRACE") && run.stderr.contains("GET "),
        "trace logging was on: {}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    let mut outputs = vec![
        ("stdout".to_string(), run.stdout.clone()),
        ("stderr".to_string(), run.stderr.clone()),
    ];
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        outputs.push((
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        ));
    }
    assert_eq!(outputs.len(), 2 + reports.len());
    for (name, text) in &outputs {
        for secret in [ARM_TOKEN, GRAPH_TOKEN, SAS_SIGNATURE, "SAS-SIGNATURE"] {
            assert!(!text.contains(secret), "{secret} appears in {name}");
        }
    }
}
