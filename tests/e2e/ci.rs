//! Issue 6's contract, driven as a CI author would: the `--fail-on` gate, several
//! reports from one scan, SARIF that GitHub code scanning ingests (schema and
//! ingestion rules), stable fingerprints, suppressions with expiry, baselines,
//! markdown step summaries and JUnit for Azure DevOps.

use crate::support::emulator::{Emulator, Fault, Host};
use crate::support::fake_az::FakeAz;
use crate::support::run::{Run, azscan};
use crate::support::scenario::{SUB, scan_json, start};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const FOUNDATION: &str = "AZST,AKV,ACR";

/// `azscan scan --subscription-id SUB` (table on stdout) plus `extra`.
fn scan(emu: &Emulator, az: &FakeAz, extra: &[&str]) -> Run {
    let mut args = vec!["scan", "--subscription-id", SUB];
    args.extend_from_slice(extra);
    azscan(&args, emu, az)
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} was not written: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Validates against fixtures/sarif/sarif-schema-2.1.0.json, the OASIS SARIF 2.1.0
/// schema (errata 01, https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json)
/// kept in the repository so tests never fetch it.
fn assert_schema_valid(sarif: &Value) {
    struct Offline;
    impl jsonschema::Retrieve for Offline {
        fn retrieve(
            &self,
            uri: &jsonschema::Uri<String>,
        ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
            Err(format!("no network in tests: {uri}").into())
        }
    }
    let schema_path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/sarif/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(Offline)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The schema, then GitHub's ingestion rules on what azscan actually wrote.
fn assert_github_ingestible(sarif: &Value) {
    assert_schema_valid(sarif);
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 1);
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        for field in ["shortDescription", "fullDescription"] {
            let text = rule[field]["text"].as_str().unwrap();
            assert!(!text.is_empty() && text.chars().count() <= 1024);
        }
        assert!(!rule["help"]["markdown"].as_str().unwrap().is_empty());
        assert_eq!(rule["properties"]["tags"][0], "security");
        assert!(rule["properties"]["security-severity"].is_string());
    }
    assert!(
        run["automationDetails"]["id"]
            .as_str()
            .unwrap()
            .ends_with('/')
    );
    for result in run["results"].as_array().expect("results always present") {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["locations"].as_array().unwrap().len(), 1);
        let physical = &result["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("azure/") && uri.len() > "azure/".len(),
            "{uri}"
        );
        assert!(
            !uri.contains(':') && !uri.contains(' ') && !uri.contains("//") && !uri.contains("./"),
            "{uri}"
        );
        assert_eq!(physical["region"]["startLine"], 1);
        assert!(
            result["message"]["text"]
                .as_str()
                .unwrap()
                .contains("Resource: /")
        );
        assert!(
            result["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .is_some_and(|h| h.len() == 32)
        );
    }
}

fn fingerprints(sarif: &Value) -> BTreeSet<(String, String, String)> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["partialFingerprints"]["primaryLocationLineHash"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

/// (rule, resource name) of every finding with this status.
fn with_status(report: &Value, status: &str) -> BTreeSet<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == status)
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource_name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn one_scan_prints_the_table_and_writes_every_report() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let (sarif, json, md, junit) = (
        dir.path().join("azscan.sarif"),
        dir.path().join("azscan.json"),
        dir.path().join("summary.md"),
        dir.path().join("junit.xml"),
    );
    let reports = [
        format!("sarif={}", arg(&sarif)),
        format!("json={}", arg(&json)),
        format!("markdown={}", arg(&md)),
        format!("JUnit={}", arg(&junit)),
    ];
    let mut args = vec!["--checks", FOUNDATION, "--fail-on", "high"];
    for report in &reports {
        args.extend(["--report", report.as_str()]);
    }
    let run = scan(&emu, &az, &args);
    assert_eq!(
        run.code, 1,
        "HIGH FAILs breach --fail-on high: {}",
        run.stderr
    );
    assert!(
        run.stdout.contains("SEVERITY") && run.stdout.contains("results:"),
        "table on stdout: {}",
        run.stdout
    );
    let report = read_json(&json);
    let sarif = read_json(&sarif);
    assert_github_ingestible(&sarif);
    let failing = with_status(&report, "FAIL");
    assert!(failing.len() > 10);
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        failing.len(),
        "one SARIF result per FAIL"
    );
    let rule_ids: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rule_ids.len(),
        45,
        "one rule per check that ran: {rule_ids:?}"
    );
    assert_eq!(
        sarif["runs"][0]["automationDetails"]["id"],
        format!("azscan/{SUB}/")
    );
    let markdown = std::fs::read_to_string(&md).unwrap();
    assert!(
        markdown.starts_with(&format!("## azscan: subscription {SUB}")),
        "{markdown}"
    );
    assert!(markdown.contains(&format!("| {} |", report["summary"]["FAIL"])));
    assert!(
        markdown.contains("| HIGH | FAIL | AZST-001 | stlegacyweb |"),
        "{markdown}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    let elements = parse_xml(&xml);
    let cases = elements.iter().filter(|e| e.name == "testcase").count();
    assert_eq!(cases, report["findings"].as_array().unwrap().len());
    assert_eq!(
        elements.iter().filter(|e| e.name == "failure").count(),
        failing.len()
    );
}

#[test]
fn the_gate_judges_severity_and_ignores_lower_findings() {
    let (emu, az) = start();
    // AKV-003 is MEDIUM and fails kv-legacy-app.
    assert_eq!(
        scan(&emu, &az, &["--checks", "AKV-003", "--fail-on", "high"]).code,
        0
    );
    assert_eq!(
        scan(&emu, &az, &["--checks", "AKV-003", "--fail-on", "medium"]).code,
        1
    );
    let sarif_only = scan(
        &emu,
        &az,
        &[
            "--checks",
            "AKV-003",
            "--format",
            "sarif",
            "--sarif-category",
            "prod/westeurope",
        ],
    );
    assert_eq!(sarif_only.code, 0);
    let sarif: Value = serde_json::from_str(&sarif_only.stdout).unwrap();
    assert_github_ingestible(&sarif);
    assert_eq!(
        sarif["runs"][0]["automationDetails"]["id"],
        "prod/westeurope/"
    );
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "warning");
}

#[test]
fn sarif_and_fingerprints_are_stable_across_scans() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let first = scan(&emu, &az, &["--checks", FOUNDATION, "--format", "sarif"]);
    let second = scan(&emu, &az, &["--checks", FOUNDATION, "--format", "sarif"]);
    let (a, b): (Value, Value) = (
        serde_json::from_str(&first.stdout).unwrap(),
        serde_json::from_str(&second.stdout).unwrap(),
    );
    assert_github_ingestible(&a);
    assert_eq!(fingerprints(&a), fingerprints(&b));
    let hashes: BTreeSet<String> = fingerprints(&a).into_iter().map(|f| f.2).collect();
    assert_eq!(
        hashes.len(),
        fingerprints(&a).len(),
        "one fingerprint per check + resource"
    );
    // The same snapshot gives byte-identical SARIF and JSON.
    let snapshot = dir.path().join("snapshot.json");
    let collected = azscan(
        &[
            "collect",
            "--subscription-id",
            SUB,
            "--checks",
            FOUNDATION,
            "-o",
            arg(&snapshot),
        ],
        &emu,
        &az,
    );
    assert_eq!(collected.code, 0, "{}", collected.stderr);
    let offline = |format: &str| {
        azscan(
            &[
                "scan",
                "--snapshot",
                arg(&snapshot),
                "--checks",
                FOUNDATION,
                "--format",
                format,
            ],
            &emu,
            &az,
        )
        .stdout
    };
    assert_eq!(offline("sarif"), offline("sarif"));
    assert_eq!(offline("json"), offline("json"));
    let replayed: Value = serde_json::from_str(&offline("sarif")).unwrap();
    assert_eq!(
        fingerprints(&replayed),
        fingerprints(&a),
        "live and replayed scans agree"
    );
}

fn write_config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("azscan.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn suppressions_mute_until_they_expire() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        r#"
[[suppress]]
check = "AKV-002"
resource = "kv-legacy-app"
reason = "Vault is being retired in Q3"
expires = "2999-12-31"

[[suppress]]
check = "AKV"
resource = "*/resourceGroups/rg-data/*"
reason = "Purge protection waived by the data team"
"#,
    );
    let sarif = dir.path().join("a.sarif");
    let sarif_report = format!("sarif={}", arg(&sarif));
    let run = scan_json(
        &emu,
        &az,
        &[
            "--checks",
            "AKV-002",
            "--config",
            arg(&config),
            "--fail-on",
            "high",
            "--report",
            &sarif_report,
        ],
    );
    assert_eq!(run.code, 0, "muted FAILs do not count: {}", run.stderr);
    let report = run.json();
    assert_eq!(report["summary"]["FAIL"], 0);
    assert_eq!(report["summary"]["MUTED"], 2);
    let muted: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "MUTED")
        .collect();
    let legacy = muted
        .iter()
        .find(|f| f["resource_name"] == "kv-legacy-app")
        .unwrap();
    assert_eq!(legacy["original_status"], "FAIL");
    assert_eq!(
        legacy["suppression"]["reason"],
        "Vault is being retired in Q3"
    );
    assert_eq!(legacy["suppression"]["expires"], "2999-12-31");
    let sarif = read_json(&sarif);
    assert_github_ingestible(&sarif);
    assert_eq!(
        sarif["runs"][0]["results"],
        serde_json::json!([]),
        "muted results stay out of SARIF"
    );

    // The table hides MUTED rows unless asked.
    let table = scan(
        &emu,
        &az,
        &["--checks", "AKV-002", "--config", arg(&config)],
    );
    assert!(!table.stdout.contains("kv-legacy-app"), "{}", table.stdout);
    let shown = scan(
        &emu,
        &az,
        &[
            "--checks",
            "AKV-002",
            "--config",
            arg(&config),
            "--show-muted",
        ],
    );
    assert!(
        shown.stdout.contains("MUTED") && shown.stdout.contains("Vault is being retired"),
        "{}",
        shown.stdout
    );

    // Expired: the FAIL counts again and the entry is named on stderr.
    let expired = write_config(
        dir.path(),
        "[[suppress]]\ncheck = \"AKV-002\"\nresource = \"kv-legacy-app\"\nreason = \"temporary\"\nexpires = \"2020-01-31\"\n",
    );
    let run = scan_json(
        &emu,
        &az,
        &[
            "--checks",
            "AKV-002",
            "--config",
            arg(&expired),
            "--fail-on",
            "high",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(with_status(&run.json(), "FAIL").contains(&("AKV-002".into(), "kv-legacy-app".into())));
    assert!(
        run.stderr.contains("warning:")
            && run.stderr.contains("azscan.toml:1:")
            && run.stderr.contains("expired on 2020-01-31"),
        "{}",
        run.stderr
    );
}

#[test]
fn configuration_errors_exit_2_naming_the_line_before_scanning() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[[suppress]]\ncheck = \"AKV-002\"\nresource = \"*\"\nreason = \"ok\"\n\n[[suppress]]\ncheck = \"AZXX-001\"\nreason = \"typo\"\n",
            "azscan.toml:7:",
            "AZXX-001",
        ),
        (
            "\n[[suppress]]\ncheck = \"AKV-002\"\nresource = \"*\"\n",
            "azscan.toml:2:",
            "reason",
        ),
        (
            "[[suppress]]\ncheck = \"AKV-002\"\nreason = \"ok\"\nexpires = \"next year\"\n",
            "azscan.toml:4:",
            "YYYY-MM-DD",
        ),
    ];
    for (text, line, word) in cases {
        let config = write_config(dir.path(), text);
        let run = scan(
            &emu,
            &az,
            &["--checks", "AKV-002", "--config", arg(&config)],
        );
        assert_eq!(run.code, 2, "{text}: {}", run.stderr);
        assert!(
            run.stderr.contains(line) && run.stderr.contains(word),
            "{text}: {}",
            run.stderr
        );
    }
    let missing = scan(&emu, &az, &["--config", arg(&dir.path().join("nope.toml"))]);
    assert_eq!(missing.code, 2);
    for bad in [
        &["--report", "pdf=x.pdf"][..],
        &["--report", "sarif"],
        &["--report", "json=a.json", "--report", "sarif=a.json"],
        &["--sarif-category", " "],
    ] {
        let run = scan(&emu, &az, bad);
        assert_eq!(run.code, 2, "{bad:?}: {}", run.stderr);
    }
    assert!(
        emu.requests().is_empty(),
        "nothing is read when the configuration is wrong"
    );
}

#[test]
fn azscan_toml_in_the_working_directory_is_read() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("snapshot.json");
    let collected = azscan(
        &[
            "collect",
            "--subscription-id",
            SUB,
            "--checks",
            "AKV-002",
            "-o",
            arg(&snapshot),
        ],
        &emu,
        &az,
    );
    assert_eq!(collected.code, 0, "{}", collected.stderr);
    write_config(
        dir.path(),
        "[[suppress]]\ncheck = \"AKV-002\"\nresource = \"*\"\nreason = \"accepted\"\n",
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_azscan"))
        .current_dir(dir.path())
        .args([
            "scan",
            "--snapshot",
            "snapshot.json",
            "--checks",
            "AKV-002",
            "--format",
            "json",
            "--fail-on",
            "high",
        ])
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["FAIL"], 0);
    assert_eq!(report["summary"]["MUTED"], 2);
}

#[test]
fn a_baseline_separates_new_from_existing_and_gates_only_new() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("previous.json");
    let first = scan_json(&emu, &az, &["--checks", FOUNDATION]);
    let mut previous = first.json();
    std::fs::write(&baseline, first.stdout.as_bytes()).unwrap();
    let failing = with_status(&previous, "FAIL").len();

    // Nothing changed: every FAIL is existing and the gate passes.
    let same = scan(
        &emu,
        &az,
        &[
            "--checks",
            FOUNDATION,
            "--baseline",
            arg(&baseline),
            "--fail-on",
            "high",
        ],
    );
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert!(
        same.stdout.contains(&format!(
            "against the baseline: 0 new, {failing} existing, 0 fixed"
        )),
        "{}",
        same.stdout
    );

    // Drop stlegacyweb's AZST-001 from the baseline (so it is new) and pretend
    // stprodsecure01 failed AZST-004 before (so it is fixed now).
    let findings = previous["findings"].as_array_mut().unwrap();
    findings.retain(|f| !(f["rule_id"] == "AZST-001" && f["resource_name"] == "stlegacyweb"));
    for f in findings.iter_mut() {
        if f["rule_id"] == "AZST-004" && f["resource_name"] == "stprodsecure01" {
            f["status"] = "FAIL".into();
        }
    }
    std::fs::write(&baseline, serde_json::to_string(&previous).unwrap()).unwrap();
    let md = dir.path().join("summary.md");
    let md_report = format!("markdown={}", arg(&md));
    let changed = scan_json(
        &emu,
        &az,
        &[
            "--checks",
            FOUNDATION,
            "--baseline",
            arg(&baseline),
            "--fail-on",
            "high",
            "--report",
            &md_report,
        ],
    );
    assert_eq!(
        changed.code, 1,
        "a new HIGH FAIL breaks the gate: {}",
        changed.stderr
    );
    let report = changed.json();
    assert_eq!(
        report["baseline"],
        serde_json::json!({"new": 1, "existing": failing - 1, "fixed": 1})
    );
    let new: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["baseline"] == "new")
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["resource_name"], "stlegacyweb");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["status"] == "PASS")
            .all(|f| f.get("baseline").is_none())
    );
    let markdown = std::fs::read_to_string(&md).unwrap();
    assert!(
        markdown.contains(&format!("1 new, {} existing, 1 fixed", failing - 1)),
        "{markdown}"
    );
    assert!(
        markdown.contains("| HIGH | FAIL (new) | AZST-001 | stlegacyweb |"),
        "{markdown}"
    );
    // A MEDIUM gate still only judges new findings, and the new one is HIGH.
    let medium_only = scan(
        &emu,
        &az,
        &[
            "--checks",
            "AKV-003",
            "--baseline",
            arg(&baseline),
            "--fail-on",
            "medium",
        ],
    );
    assert_eq!(medium_only.code, 0, "{}", medium_only.stderr);

    let not_a_report = dir.path().join("other.json");
    std::fs::write(&not_a_report, "[1, 2]").unwrap();
    let refused = scan(&emu, &az, &["--baseline", arg(&not_a_report)]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("not an azscan JSON report"),
        "{}",
        refused.stderr
    );
}

#[test]
fn junit_has_a_failure_per_fail_and_an_error_per_error() {
    let (emu, az) = start();
    let keys = format!(
        "/subscriptions/{SUB}/resourceGroups/RG-Legacy/providers/Microsoft.KeyVault/vaults/kv-legacy-app/keys"
    );
    let denied = Fault::Status {
        status: 403,
        code: "AuthorizationFailed".into(),
        message: "no keys/read".into(),
        retry_after: None,
    };
    emu.fault(Host::Arm, &keys, denied, None);
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let json_report = format!("json={}", arg(&json));
    let run = scan(
        &emu,
        &az,
        &[
            "--checks",
            "AKV",
            "--format",
            "junit",
            "--report",
            &json_report,
        ],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = read_json(&json);
    let elements = parse_xml(&run.stdout);
    let count = |name: &str| elements.iter().filter(|e| e.name == name).count();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(count("testcase"), findings.len());
    assert_eq!(count("failure"), with_status(&report, "FAIL").len());
    // AKV-004 and AKV-009 both read the refused key list.
    assert_eq!(count("error"), 2);
    assert_eq!(count("testsuite"), 9, "one suite per active AKV check");
    let root = &elements[0];
    assert_eq!(root.name, "testsuites");
    assert_eq!(root.attr("errors"), Some("2"));
    // Each test case is one check on one resource.
    let cases: BTreeSet<(String, String)> = elements
        .iter()
        .filter(|e| e.name == "testcase")
        .map(|e| {
            (
                e.attr("classname").unwrap().into(),
                e.attr("name").unwrap().into(),
            )
        })
        .collect();
    assert_eq!(cases.len(), findings.len());
}

/// An element of a JUnit file, as the minimal well-formedness check saw it.
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A small XML 1.0 well-formedness check (one root, balanced tags, quoted and unique
/// attributes, known entities, no stray markup), returning elements in document
/// order; azscan has no XML dependency to do it for us.
fn parse_xml(xml: &str) -> Vec<Element> {
    fn check_entities(text: &str) {
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            let end = rest[at..].find(';').expect("unterminated entity") + at;
            let entity = &rest[at + 1..end];
            let known = ["amp", "lt", "gt", "quot", "apos"].contains(&entity)
                || entity
                    .strip_prefix('#')
                    .is_some_and(|n| n.parse::<u32>().is_ok());
            assert!(known, "unknown entity &{entity};");
            rest = &rest[end + 1..];
        }
        assert!(!text.contains('<'), "raw < in {text}");
    }
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .expect("XML declaration");
    let mut elements = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        check_entities(&rest[..start]);
        if open.is_empty() {
            assert!(rest[..start].trim().is_empty(), "text outside the root");
        }
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                open.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "bad tag name {name}"
        );
        let mut attrs: Vec<(String, String)> = Vec::new();
        let mut a = tag[name_end..].trim_start();
        while !a.is_empty() {
            let eq = a.find("=\"").expect("attribute without =\"");
            let key = a[..eq].trim().to_string();
            let close = a[eq + 2..].find('"').expect("unquoted attribute") + eq + 2;
            let value = &a[eq + 2..close];
            check_entities(value);
            assert!(
                !attrs.iter().any(|(k, _)| *k == key),
                "duplicate attribute {key}"
            );
            attrs.push((
                key,
                value
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            ));
            a = a[close + 1..].trim_start();
        }
        if open.is_empty() {
            roots += 1;
        }
        if !self_closing {
            open.push(name.to_string());
        }
        elements.push(Element {
            name: name.to_string(),
            attrs,
        });
    }
    assert!(rest.trim().is_empty(), "text after the root");
    assert!(open.is_empty(), "unclosed elements {open:?}");
    assert_eq!(roots, 1, "exactly one root element");
    elements
}

#[test]
fn the_whole_catalog_on_the_whole_scenario_gives_ingestible_sarif() {
    let (emu, az) = start();
    let run = scan(&emu, &az, &["--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}; exit {}: {}", run.code, run.stderr));
    assert_github_ingestible(&sarif);
    let catalog: Value =
        serde_json::from_str(&azscan(&["checks", "--format", "json"], &emu, &az).stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    // Opt-in checks do not run unless enabled, so SARIF does not describe them.
    let active = catalog
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["lifecycle"] != "opt-in")
        .count();
    assert_eq!(rules.len(), active);
    let uris: BTreeSet<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    // Graph objects and tenant-scope results get pseudo-paths like any ARM resource.
    for prefix in [
        "azure/serviceprincipals/",
        "azure/applications/",
        "azure/tenants/",
    ] {
        assert!(
            uris.iter().any(|u| u.starts_with(prefix)),
            "no {prefix}…: {uris:#?}"
        );
    }
}
