//! Keeps the framework files in step with the catalog, and pins the status rule.

use super::*;
use crate::report::test_support::{finding, storage_id};
use crate::rules::catalog;

fn known_checks() -> BTreeSet<&'static str> {
    catalog().iter().map(|r| r.check.id).collect()
}

/// `checks` entries that name no check of this build.
fn unknown_checks<'a>(framework: &'a Framework, known: &BTreeSet<&str>) -> Vec<&'a str> {
    framework
        .controls
        .iter()
        .flat_map(|c| &c.checks)
        .map(String::as_str)
        .filter(|id| !known.contains(id))
        .collect()
}

/// A check's `cis` citations (`<framework>:<control>`) that its framework does not map
/// to that check.
fn unmapped_citations(frameworks: &[Framework], check: &str, citations: &[String]) -> Vec<String> {
    citations
        .iter()
        .filter(|citation| {
            let Some((framework, control)) = citation.split_once(':') else {
                return true;
            };
            !frameworks.iter().any(|f| {
                f.id == framework
                    && f.controls
                        .iter()
                        .any(|c| c.id == control && c.checks.iter().any(|id| id == check))
            })
        })
        .cloned()
        .collect()
}

fn framework(toml_text: &str) -> Framework {
    toml::from_str(toml_text).unwrap()
}

const TINY: &str = r#"
id = "tiny"
name = "Tiny"
version = "1"
[[controls]]
id = "1.1"
section = "1 Storage > 1.1 Accounts"
title = "Secure transfer"
profile = "Level 1"
assessment = "Automated"
checks = ["AZST-002", "NOPE-001"]
"#;

#[test]
fn cis_frameworks_have_every_control_once() {
    let expected = [
        ("cis-azure-3.0", 159),
        ("cis-azure-4.0", 139),
        ("cis-azure-5.0", 155),
    ];
    let got: Vec<_> = frameworks()
        .iter()
        .map(|f| (f.id.as_str(), f.controls.len()))
        .collect();
    assert_eq!(got, expected);
    for framework in frameworks() {
        let ids: BTreeSet<_> = framework.controls.iter().map(|c| &c.id).collect();
        assert_eq!(ids.len(), framework.controls.len(), "{}", framework.id);
        for control in &framework.controls {
            assert!(
                matches!(control.profile.as_str(), "Level 1" | "Level 2")
                    && matches!(control.assessment.as_str(), "Automated" | "Manual"),
                "{} {}",
                framework.id,
                control.id
            );
        }
    }
}

#[test]
fn a_framework_naming_a_check_that_does_not_exist_is_caught() {
    assert_eq!(
        unknown_checks(&framework(TINY), &known_checks()),
        ["NOPE-001"]
    );
    for framework in frameworks() {
        assert_eq!(
            unknown_checks(framework, &known_checks()),
            Vec::<&str>::new(),
            "rules/compliance/{}.toml names checks this build lacks (put them in `planned`)",
            framework.id
        );
    }
}

#[test]
fn planned_mappings_move_to_checks_when_the_check_lands() {
    let known = known_checks();
    for framework in frameworks() {
        for control in &framework.controls {
            let landed: Vec<_> = control
                .planned
                .iter()
                .filter(|id| known.contains(id.as_str()))
                .collect();
            assert!(
                landed.is_empty(),
                "{} {}: move {landed:?} from `planned` to `checks`",
                framework.id,
                control.id
            );
        }
    }
}

#[test]
fn a_check_citing_an_unmapped_cis_control_is_caught() {
    let tiny = [framework(TINY)];
    let cited = vec!["tiny:1.1".to_string(), "tiny:9.9".to_string()];
    assert_eq!(unmapped_citations(&tiny, "AZST-002", &cited), ["tiny:9.9"]);
    assert_eq!(
        unmapped_citations(&tiny, "AZST-001", &cited[..1]),
        ["tiny:1.1"],
        "mapped to another check only"
    );
    for rule in catalog() {
        assert_eq!(
            unmapped_citations(frameworks(), rule.check.id, &rule.meta.cis),
            Vec::<String>::new(),
            "{} cites controls its framework file does not map",
            rule.check.id
        );
    }
}

#[test]
fn each_check_shows_the_controls_derived_from_the_frameworks() {
    let azst = crate::rules::find("AZST-001").unwrap();
    let refs: Vec<_> = azst
        .meta
        .compliance
        .iter()
        .map(|c| format!("{} {}", c.framework, c.control))
        .collect();
    assert_eq!(
        refs,
        [
            "cis-azure-3.0 4.17",
            "cis-azure-4.0 10.3.9",
            "cis-azure-5.0 9.3.8"
        ]
    );
    assert!(azst.meta.guidance_text().contains("cis-azure-4.0 10.3.9"));
    assert!(
        crate::rules::find("ACR-001")
            .unwrap()
            .meta
            .compliance
            .is_empty()
    );
}

#[test]
fn resolve_rejects_unknown_names_and_drops_repeats() {
    let got = resolve(&["CIS-AZURE-4.0".into(), "cis-azure-4.0".into()]).unwrap();
    assert_eq!(got.len(), 1);
    assert!(
        resolve(&["cis-aws-1.0".into()])
            .unwrap_err()
            .contains("cis-azure-4.0")
    );
}

fn status_of(findings: &[Finding], ran: &[&str]) -> ControlStatus {
    let framework = framework(TINY);
    let ran: BTreeSet<&str> = ran.iter().copied().collect();
    evaluate(&framework, findings, &ran).controls[0].status
}

#[test]
fn control_status_first_match_wins() {
    let st = |name: &str, status| finding("AZST-002", &storage_id(name), status);
    let all = ["AZST-002"];
    // No mapped check ran (or exists): a human must assess it.
    assert_eq!(
        status_of(&[st("a", Status::Fail)], &[]),
        ControlStatus::Manual
    );
    assert_eq!(
        status_of(
            &[
                st("a", Status::Pass),
                st("b", Status::Fail),
                st("c", Status::Error)
            ],
            &all
        ),
        ControlStatus::Fail
    );
    assert_eq!(
        status_of(&[st("a", Status::Manual), st("b", Status::Error)], &all),
        ControlStatus::Error
    );
    assert_eq!(
        status_of(&[st("a", Status::Pass), st("b", Status::Manual)], &all),
        ControlStatus::Manual
    );
    assert_eq!(
        status_of(&[st("a", Status::Pass), st("b", Status::Muted)], &all),
        ControlStatus::Pass
    );
    assert_eq!(
        status_of(&[st("a", Status::Muted)], &all),
        ControlStatus::Pass
    );
    assert_eq!(status_of(&[], &all), ControlStatus::NotApplicable);
    // Another check's findings are not this control's evidence.
    let other = finding("AZST-001", &storage_id("x"), Status::Fail);
    assert_eq!(status_of(&[other], &all), ControlStatus::NotApplicable);
}

#[test]
fn counts_and_summary_follow_the_findings() {
    let framework = framework(TINY);
    let findings = [
        finding("AZST-002", &storage_id("a"), Status::Pass),
        finding("AZST-002", &storage_id("b"), Status::Muted),
    ];
    let ran = BTreeSet::from(["AZST-002"]);
    let result = evaluate(&framework, &findings, &ran);
    let control = &result.controls[0];
    assert_eq!(control.checks, ["AZST-002"], "NOPE-001 did not run");
    assert_eq!((control.counts.pass, control.counts.muted), (1, 1));
    assert_eq!(result.summary.pass, 1);
    assert_eq!(result.by_section(), [("1 Storage", result.summary.clone())]);
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["controls"][0]["status"], "PASS");
    assert_eq!(json["summary"]["NOT_APPLICABLE"], 0);
    assert_eq!(json["controls"][0]["counts"]["MUTED"], 1);
}
