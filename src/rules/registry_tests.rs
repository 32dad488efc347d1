//! Keeps the three places of every check in step (logic, words, fixture) and runs
//! every check over its fixture cases.

use super::*;
use crate::snapshot::canonical_id;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `<dir>/<svc>/<name>.<ext>` files, as (svc, stem) pairs.
fn files(dir: &Path, ext: &str) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for svc in std::fs::read_dir(dir).unwrap().flatten() {
        // rules/compliance/ holds frameworks, not checks (src/compliance/).
        if !svc.path().is_dir() || svc.file_name() == "compliance" {
            continue;
        }
        for file in std::fs::read_dir(svc.path()).unwrap().flatten() {
            let path = file.path();
            if path.extension().is_some_and(|e| e == ext) {
                found.insert((
                    svc.file_name().to_string_lossy().into_owned(),
                    path.file_stem().unwrap().to_string_lossy().into_owned(),
                ));
            }
        }
    }
    found
}

#[test]
fn ids_are_unique_sorted_and_match_their_folder_and_metadata() {
    let ids: Vec<&str> = catalog().iter().map(|r| r.check.id).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate check IDs in {ids:?}");
    assert!(ids.windows(2).all(|w| id_order(w[0], w[1]).is_lt()));
    for rule in catalog() {
        let id = rule.check.id;
        let (prefix, number) = id.rsplit_once('-').expect("IDs look like AZST-001");
        assert_eq!(
            prefix.to_lowercase(),
            rule.check.service,
            "{id} is filed under the wrong folder"
        );
        assert!(
            number.len() == 3 && number.chars().all(|c| c.is_ascii_digit()),
            "{id}"
        );
        assert_eq!(
            rule.meta.id, id,
            "rules/{}/{id}.toml names another ID",
            rule.check.service
        );
        assert!(!rule.meta.title.trim().is_empty());
        // The description becomes SARIF's fullDescription, which GitHub caps at 1024.
        assert!(
            rule.meta.description.trim().chars().count() <= 1024,
            "{id} description too long"
        );
        for text in [
            &rule.meta.rationale,
            &rule.meta.remediation.summary,
            &rule.meta.remediation.cli,
            &rule.meta.remediation.bicep,
            &rule.meta.remediation.portal,
        ] {
            assert!(!text.trim().is_empty(), "{id} has an empty metadata field");
        }
        let src = root().join("src/rules").join(rule.check.service);
        let stem = id.to_lowercase().replace('-', "_");
        let has_source = std::fs::read_dir(&src).unwrap().flatten().any(|f| {
            let name = f.file_name().to_string_lossy().into_owned();
            name.starts_with(&format!("{stem}_")) && name.ends_with(".rs")
        });
        assert!(
            has_source,
            "{id} has no src/rules/{}/{stem}_<what>.rs",
            rule.check.service
        );
        assert!(!rule.check.sources.is_empty(), "{id} reads nothing");
    }
}

#[test]
fn every_metadata_file_and_fixture_belongs_to_a_registered_check() {
    let registered: BTreeSet<(String, String)> = catalog()
        .iter()
        .map(|r| (r.check.service.to_string(), r.check.id.to_string()))
        .collect();
    assert_eq!(
        files(&root().join("rules"), "toml"),
        registered,
        "rules/*.toml vs registry"
    );
    assert_eq!(
        files(&root().join("fixtures/checks"), "json"),
        registered,
        "fixtures/checks vs registry"
    );
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    check: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// Top-level snapshot fields; merged over a minimal valid snapshot.
    snapshot: serde_json::Map<String, serde_json::Value>,
    expect: Vec<Expected>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    resource_id: String,
    status: Status,
    #[serde(default)]
    message_contains: Vec<String>,
}

fn base_snapshot() -> serde_json::Map<String, serde_json::Value> {
    let serde_json::Value::Object(map) = serde_json::json!({
        "schema_version": crate::snapshot::SCHEMA_VERSION,
        "collected_at": "2026-06-01T00:00:00Z",
        "subscription": {
            "id": "00000000-0000-0000-0000-000000000001",
            "display_name": "fixture subscription",
            "tenant_id": "11111111-1111-1111-1111-111111111111"
        }
    }) else {
        unreachable!()
    };
    map
}

#[test]
fn every_check_gives_the_expected_verdicts_on_its_fixture() {
    let mut failures = Vec::new();
    for rule in catalog() {
        let path = root()
            .join("fixtures/checks")
            .join(rule.check.service)
            .join(format!("{}.json", rule.check.id));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let fixture: Fixture =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(fixture.check, rule.check.id, "{}", path.display());
        let statuses: BTreeSet<Status> = fixture
            .cases
            .iter()
            .flat_map(|c| c.expect.iter().map(|e| e.status))
            .collect();
        // A check that only a human can judge (ACR-005) never passes or fails.
        let manual_only = statuses.contains(&Status::Manual)
            && !statuses.contains(&Status::Pass)
            && !statuses.contains(&Status::Fail);
        assert!(
            manual_only || (statuses.contains(&Status::Pass) && statuses.contains(&Status::Fail)),
            "{}: a fixture needs passing and failing cases",
            rule.check.id
        );
        for case in &fixture.cases {
            let mut merged = base_snapshot();
            merged.extend(case.snapshot.clone());
            let snapshot: crate::snapshot::Snapshot = serde_json::from_value(merged.into())
                .unwrap_or_else(|e| {
                    panic!("{} case '{}': bad snapshot: {e}", rule.check.id, case.name)
                });
            let findings = evaluate(&snapshot, &[rule]);
            let mut got: BTreeMap<(String, Status), Vec<&str>> = BTreeMap::new();
            for f in &findings {
                got.entry((canonical_id(&f.resource_id), f.status))
                    .or_default()
                    .push(&f.message);
            }
            let mut want: BTreeMap<(String, Status), usize> = BTreeMap::new();
            for e in &case.expect {
                *want
                    .entry((canonical_id(&e.resource_id), e.status))
                    .or_default() += 1;
                let messages = got.get(&(canonical_id(&e.resource_id), e.status));
                for needle in &e.message_contains {
                    if !messages.is_some_and(|m| m.iter().any(|m| m.contains(needle.as_str()))) {
                        failures.push(format!(
                            "{} '{}': {} {:?} message lacks '{needle}' (got {messages:?})",
                            rule.check.id, case.name, e.resource_id, e.status
                        ));
                    }
                }
            }
            let got_counts: BTreeMap<(String, Status), usize> =
                got.iter().map(|(k, v)| (k.clone(), v.len())).collect();
            if got_counts != want {
                failures.push(format!(
                    "{} '{}':\n  expected {want:?}\n  got      {got_counts:?}",
                    rule.check.id, case.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
