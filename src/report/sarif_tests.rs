//! SARIF against the official schema and against each GitHub ingestion rule, on
//! purpose-built hard cases.

use super::*;
use crate::report::test_support::{SUB, finding, report, storage_id};
use crate::rules::{catalog, find};
use serde_json::Value;

/// fixtures/sarif/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 schema (errata 01,
/// https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
/// copied into the repository so validation needs no network.
fn schema_errors(sarif: &Value) -> Vec<String> {
    struct Offline;
    impl jsonschema::Retrieve for Offline {
        fn retrieve(
            &self,
            uri: &jsonschema::Uri<String>,
        ) -> std::result::Result<Value, Box<dyn std::error::Error + Send + Sync>> {
            Err(format!("no network in tests: {uri}").into())
        }
    }
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sarif/sarif-schema-2.1.0.json"
    );
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(Offline)
        .build(&schema)
        .expect("schema compiles");
    validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_schema_valid(sarif: &Value) {
    let errors = schema_errors(sarif);
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_schema_check_catches_violations() {
    let mut sarif = sarif_of(&hard_cases(), &[], None);
    assert!(schema_errors(&sarif).is_empty());
    sarif["runs"][0]["results"][0]["level"] = "severe".into();
    sarif["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri".into();
    assert_eq!(
        schema_errors(&sarif).len(),
        2,
        "{:?}",
        schema_errors(&sarif)
    );
}

/// Every rule GitHub code scanning applies on upload, checked one by one.
fn assert_github_ingestible(sarif: &Value) {
    assert_schema_valid(sarif);
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().starts_with("https://"));
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "one run");
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "azscan");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().unwrap();
    let mut ids = std::collections::BTreeSet::new();
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(ids.insert(id), "rule {id} listed twice");
        let name = rule["name"].as_str().unwrap();
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
            "{id}: name {name}"
        );
        for field in ["shortDescription", "fullDescription"] {
            let text = rule[field]["text"].as_str().unwrap();
            assert!(
                !text.trim().is_empty() && text.chars().count() <= 1024,
                "{id}: {field}"
            );
        }
        let help = &rule["help"];
        let markdown = help["markdown"].as_str().unwrap();
        for section in [
            "What it checks",
            "Why it matters",
            "How to fix",
            "Azure CLI",
            "Bicep",
            "Azure portal",
        ] {
            assert!(
                markdown.contains(section),
                "{id}: help.markdown lacks {section}"
            );
            assert!(
                help["text"]
                    .as_str()
                    .unwrap()
                    .contains(section.trim_start_matches("Azure ")),
                "{id}: help.text lacks {section}"
            );
        }
        let rule_meta = find(id).unwrap();
        if !rule_meta.meta.references.is_empty() {
            assert!(
                markdown.contains(&rule_meta.meta.references[0]),
                "{id}: references"
            );
        }
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        let expected_level = match rule_meta.meta.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "note",
        };
        assert_eq!(level, expected_level, "{id}: level");
        let tags = rule["properties"]["tags"].as_array().unwrap();
        assert_eq!(tags[0], "security", "{id}: tags start with security");
        assert!(tags.len() <= 10, "{id}: at most 10 tags");
        assert_eq!(rule["properties"]["precision"], "high");
        let score = rule["properties"]["security-severity"]
            .as_str()
            .expect("a string");
        let expected_score = match rule_meta.meta.severity {
            Severity::Critical => "9.5",
            Severity::High => "8.0",
            Severity::Medium => "5.5",
            Severity::Low => "3.0",
            Severity::Info => "1.0",
        };
        assert_eq!(score, expected_score, "{id}: security-severity");
    }
    let automation = run["automationDetails"]["id"].as_str().unwrap();
    assert!(automation.ends_with('/') && automation.len() > 1);
    let results = run["results"].as_array().expect("results always present");
    for result in results {
        let rule_id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], rule_id, "ruleIndex points at its rule");
        assert_eq!(
            result["level"],
            rules[index]["defaultConfiguration"]["level"]
        );
        let text = result["message"]["text"].as_str().unwrap();
        assert!(
            text.contains("Resource: /"),
            "message names the full resource ID: {text}"
        );
        let locations = result["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1, "exactly one location");
        let physical = &locations[0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("azure/") && uri.len() > "azure/".len(),
            "{uri}"
        );
        assert!(!uri.contains(':'), "no scheme: {uri}");
        assert!(
            !uri.contains(' ') && !uri.contains("//") && !uri.contains("./"),
            "{uri}"
        );
        assert!(uri.is_ascii(), "percent-encoded: {uri}");
        let mut rest = uri;
        while let Some(at) = rest.find('%') {
            let hex = rest.get(at + 1..at + 3).unwrap_or_default();
            assert!(
                hex.len() == 2 && hex.chars().all(|c| c.is_ascii_hexdigit()),
                "bad escape in {uri}"
            );
            assert!(
                !rest[..at].chars().any(|c| c.is_ascii_uppercase()),
                "lower-cased: {uri}"
            );
            rest = &rest[at + 3..];
        }
        assert!(
            !rest.chars().any(|c| c.is_ascii_uppercase()),
            "lower-cased: {uri}"
        );
        assert_eq!(physical["region"]["startLine"], 1);
        assert_eq!(physical["region"]["startColumn"], 1);
        let hash = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert!(
            hash.len() == 32 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{hash}"
        );
    }
}

fn sarif_of(report: &Report, rules_run: &[&'static Rule], category: Option<&str>) -> Value {
    let rendered = render(report, rules_run, category, Limits::GITHUB);
    assert!(rendered.truncated.is_none());
    serde_json::from_str(&rendered.text).unwrap()
}

fn rules(ids: &[&str]) -> Vec<&'static Rule> {
    ids.iter().map(|id| find(id).unwrap()).collect()
}

fn hard_cases() -> Report {
    let mut muted = finding("AZST-001", &storage_id("stmuted"), Status::Muted);
    muted.original_status = Some(Status::Fail);
    report(vec![
        finding("AZST-001", &storage_id("St Legacy Web"), Status::Fail),
        finding("AZST-002", &storage_id("stdönerß€"), Status::Fail),
        finding(
            "AZST-004",
            "/subscriptions/X//resourceGroups/../providers/a%b/c#d?e/./end/",
            Status::Fail,
        ),
        finding(
            "AKV-001",
            "/tenants/11111111-1111-1111-1111-111111111111",
            Status::Fail,
        ),
        finding(
            "ACR-001",
            "/servicePrincipals/0f1e2d3c-aaaa-bbbb-cccc-000000000001",
            Status::Fail,
        ),
        finding("AKV-004", "", Status::Fail),
        finding("AZST-003", &storage_id("stok"), Status::Pass),
        finding("AZST-005", &storage_id("sterr"), Status::Error),
        finding("ACR-005", &storage_id("acrmanual"), Status::Manual),
        muted,
    ])
}

#[test]
fn hard_cases_meet_the_schema_and_every_github_rule() {
    let report = hard_cases();
    let ran = rules(&[
        "AZST-001", "AZST-002", "AZST-003", "AZST-004", "AZST-005", "AKV-001", "AKV-004",
        "ACR-001", "ACR-005",
    ]);
    let sarif = sarif_of(&report, &ran, None);
    assert_github_ingestible(&sarif);
    let run = &sarif["runs"][0];
    let rule_ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rule_ids,
        [
            "ACR-001", "ACR-005", "AKV-001", "AKV-004", "AZST-001", "AZST-002", "AZST-003",
            "AZST-004", "AZST-005"
        ],
        "one rule per check that ran, catalog order"
    );
    let results = run["results"].as_array().unwrap();
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    // Only the unsuppressed FAILs: no PASS, ERROR, MANUAL or MUTED.
    assert_eq!(results.len(), 6, "{uris:#?}");
    let sub = SUB;
    for expected in [
        format!(
            "azure/subscriptions/{sub}/resourcegroups/rg-data/providers/microsoft.storage/storageaccounts/st%20legacy%20web"
        ),
        format!(
            "azure/subscriptions/{sub}/resourcegroups/rg-data/providers/microsoft.storage/storageaccounts/std%C3%B6ner%C3%9F%E2%82%AC"
        ),
        "azure/subscriptions/x/resourcegroups/%2E%2E/providers/a%25b/c%23d%3Fe/%2E/end".to_string(),
        "azure/tenants/11111111-1111-1111-1111-111111111111".to_string(),
        "azure/serviceprincipals/0f1e2d3c-aaaa-bbbb-cccc-000000000001".to_string(),
        format!("azure/subscriptions/{sub}"),
    ] {
        assert!(
            uris.contains(&expected.as_str()),
            "{expected} not in {uris:#?}"
        );
    }
    let texts: Vec<&str> = results
        .iter()
        .map(|r| r["message"]["text"].as_str().unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with(&format!("Resource: {}", storage_id("St Legacy Web")))),
        "{texts:#?}"
    );
    assert_eq!(run["automationDetails"]["id"], format!("azscan/{SUB}/"));
}

#[test]
fn an_empty_scan_still_lists_results_and_rules() {
    let sarif = sarif_of(&report(vec![]), &rules(&["AZST-001"]), None);
    assert_github_ingestible(&sarif);
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"],
        "AZST-001"
    );
}

#[test]
fn every_catalog_check_makes_a_valid_rule() {
    let all: Vec<&'static Rule> = catalog().iter().collect();
    let findings = all
        .iter()
        .map(|r| {
            finding(
                r.check.id,
                &storage_id(&format!("st-{}", r.check.id)),
                Status::Fail,
            )
        })
        .collect();
    let sarif = sarif_of(&report(findings), &all, None);
    assert_github_ingestible(&sarif);
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        all.len()
    );
}

#[test]
fn output_and_fingerprints_are_deterministic() {
    let ran = rules(&[
        "AZST-001", "AZST-002", "AZST-004", "AKV-001", "AKV-004", "ACR-001",
    ]);
    let first = render(&hard_cases(), &ran, None, Limits::GITHUB).text;
    let second = render(&hard_cases(), &ran, None, Limits::GITHUB).text;
    assert_eq!(first, second, "same findings, same bytes");
    // The fingerprint ignores message, case of the ID and time; it follows check + resource.
    let id = storage_id("stlegacyweb");
    let a = fingerprint("AZST-001", &id);
    assert_eq!(a, fingerprint("azst-001", &id.to_uppercase()));
    assert_eq!(a, fingerprint("AZST-001", &format!("{id}/")));
    assert_ne!(a, fingerprint("AZST-002", &id));
    assert_ne!(a, fingerprint("AZST-001", &storage_id("stother")));
    // A constant pins the algorithm: a change here would reopen every alert.
    assert_eq!(
        fingerprint(
            "AZST-001",
            "/subscriptions/s/resourcegroups/rg/providers/microsoft.storage/storageaccounts/a"
        ),
        FINGERPRINT_PIN
    );
}

/// FNV-1a 128 of "AZST-001\n/subscriptions/s/…/a", computed independently.
const FINGERPRINT_PIN: &str = "b64a0c6261135a39472a4fbaa804282e";

#[test]
fn limits_keep_the_most_severe_and_say_so() {
    let mut findings = Vec::new();
    for i in 0..30 {
        findings.push(finding(
            "AZST-005",
            &storage_id(&format!("low{i:02}")),
            Status::Fail,
        ));
        findings.push(finding(
            "AZST-001",
            &storage_id(&format!("high{i:02}")),
            Status::Fail,
        ));
    }
    let report = report(findings);
    let ran = rules(&["AZST-001", "AZST-005"]);
    let by_count = render(
        &report,
        &ran,
        None,
        Limits {
            max_results: 40,
            max_gzipped_bytes: usize::MAX,
        },
    );
    let sarif: Value = serde_json::from_str(&by_count.text).unwrap();
    assert_github_ingestible(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 40);
    assert_eq!(
        results.iter().filter(|r| r["ruleId"] == "AZST-001").count(),
        30,
        "HIGH kept first"
    );
    let note = by_count.truncated.unwrap();
    assert!(
        note.contains("40 of 60")
            && note.contains("20 least severe")
            && note.contains("40 results per run"),
        "{note}"
    );

    let small = 3_000;
    let by_size = render(
        &report,
        &ran,
        None,
        Limits {
            max_results: 25_000,
            max_gzipped_bytes: small,
        },
    );
    assert!(gzipped_len(&by_size.text) <= small);
    let sarif: Value = serde_json::from_str(&by_size.text).unwrap();
    assert_github_ingestible(&sarif);
    let kept = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        kept.len() < 60 && kept.iter().all(|r| r["ruleId"] == "AZST-001"),
        "{}",
        kept.len()
    );
    assert!(by_size.truncated.unwrap().contains("3000 bytes gzipped"));
    assert_eq!(byte_size(Limits::GITHUB.max_gzipped_bytes), "10 MB");
}

#[test]
fn category_overrides_the_automation_id_and_ends_in_a_slash() {
    let report = report(vec![]);
    assert_eq!(
        automation_id(&report, Some("prod/westeurope")),
        "prod/westeurope/"
    );
    assert_eq!(automation_id(&report, Some("prod/")), "prod/");
    assert_eq!(automation_id(&report, Some("  ")), format!("azscan/{SUB}/"));
}

#[test]
fn baseline_marks_become_baseline_state() {
    let mut new = finding("AZST-001", &storage_id("a"), Status::Fail);
    new.baseline = Some(BaselineState::New);
    let mut old = finding("AZST-001", &storage_id("b"), Status::Fail);
    old.baseline = Some(BaselineState::Existing);
    let sarif = sarif_of(&report(vec![new, old]), &rules(&["AZST-001"]), None);
    assert_github_ingestible(&sarif);
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["new", "unchanged"]);
}

#[test]
fn names_and_descriptions_fit_github() {
    assert_eq!(
        pascal_case("Storage account allows public blob access"),
        "StorageAccountAllowsPublicBlobAccess"
    );
    assert_eq!(
        pascal_case("Key Vault: soft-delete off (v2)"),
        "KeyVaultSoftDeleteOffV2"
    );
    let long = "é".repeat(2000);
    assert_eq!(limit_chars(&long).chars().count(), 1024);
}

#[test]
fn compliance_tags_keep_the_schema_and_github_rules() {
    let mut report = hard_cases();
    let run: Vec<&'static Rule> = catalog().iter().collect();
    let ran: std::collections::BTreeSet<&str> = run.iter().map(|r| r.check.id).collect();
    report.compliance = crate::compliance::frameworks()
        .iter()
        .map(|f| crate::compliance::evaluate(f, &report.findings, &ran))
        .collect();
    let sarif = sarif_of(&report, &run, None);
    assert_schema_valid(&sarif);
    assert_github_ingestible(&sarif);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let azst001 = rules.iter().find(|r| r["id"] == "AZST-001").unwrap();
    assert_eq!(
        azst001["properties"]["compliance"],
        json!([
            "cis-azure-3.0/4.17",
            "cis-azure-4.0/10.3.9",
            "cis-azure-5.0/9.3.8"
        ])
    );
}
