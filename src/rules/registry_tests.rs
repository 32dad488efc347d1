//! Keeps the three places of every check in step (logic, words, fixture); the
//! fixtures themselves run in `fixture_tests`, one test per check.

use super::*;
use std::collections::BTreeSet;
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
            rule.meta.rationale.as_str(),
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

#[test]
fn evaluation_comes_out_in_report_order_without_a_global_sort() {
    // Checks given in reverse, over the demo (every service, many resources per check):
    // evaluate orders the checks and each one's findings, and the result is what sorting
    // all of them for the report gives.
    let text = std::fs::read_to_string(root().join("fixtures/demo/snapshot.json")).unwrap();
    let collection = crate::scan::parse_snapshot(&text, "demo").unwrap();
    let snapshot = &collection.snapshots[0];
    let mut rules: Vec<&super::Rule> = super::catalog().iter().collect();
    rules.reverse();
    let findings = super::evaluate(snapshot, &rules, &super::Settings::default());
    assert!(findings.len() > 500, "the demo judges many resources");
    let mut sorted = findings.clone();
    super::Finding::sort_for_report(&mut sorted);
    let keys = |list: &[super::Finding]| -> Vec<(String, String, String)> {
        list.iter()
            .map(|f| (f.rule_id.clone(), f.resource_id.clone(), f.message.clone()))
            .collect()
    };
    assert_eq!(keys(&findings), keys(&sorted));
    assert_eq!(findings[0].severity, super::Severity::Critical);
}
