//! Compliance frameworks as data (`rules/compliance/<id>.toml`) and the per-control view
//! of a scan: which controls the findings evidence, and each control's status.
//!
//! The framework files are the one source of truth for check ↔ control mappings; a
//! check's own list of controls (`azscan explain`, docs/rules) is derived from them.

pub mod listing;

use crate::rules::{Finding, Status};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;

/// The framework files, compiled in. Adding a framework is adding a file here.
const SOURCES: &[(&str, &str)] = &[
    (
        "cis-azure-3.0",
        include_str!("../../rules/compliance/cis-azure-3.0.toml"),
    ),
    (
        "cis-azure-4.0",
        include_str!("../../rules/compliance/cis-azure-4.0.toml"),
    ),
    (
        "cis-azure-5.0",
        include_str!("../../rules/compliance/cis-azure-5.0.toml"),
    ),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// What `--compliance` and `azscan frameworks <name>` take (`cis-azure-4.0`).
    pub id: String,
    pub name: String,
    pub version: String,
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    /// `10 Storage Services > 10.3 Storage Accounts`.
    pub section: String,
    pub title: String,
    /// `Level 1` or `Level 2`.
    pub profile: String,
    /// CIS's own label: `Automated` or `Manual`.
    pub assessment: String,
    /// Checks in this build whose results evidence the control.
    #[serde(default)]
    pub checks: Vec<String>,
    /// Catalog checks (CHECKS-2.md) that will evidence it once built; not evaluated.
    #[serde(default)]
    pub planned: Vec<String>,
}

impl Framework {
    /// The top-level section of a control (`10 Storage Services`), for summaries.
    pub fn top_section(section: &str) -> &str {
        section.split(" > ").next().unwrap_or(section).trim()
    }

    /// Controls that at least one check of this build evidences.
    pub fn automated(&self) -> usize {
        self.controls
            .iter()
            .filter(|c| !c.checks.is_empty())
            .count()
    }
}

/// Every framework, parsed once, in file order.
pub fn frameworks() -> &'static [Framework] {
    static FRAMEWORKS: OnceLock<Vec<Framework>> = OnceLock::new();
    FRAMEWORKS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(file, text)| {
                // Compiled in and verified by the tests below: a parse failure is a
                // build defect, not a user error.
                toml::from_str(text).unwrap_or_else(|e| panic!("rules/compliance/{file}.toml: {e}"))
            })
            .collect()
    })
}

/// The framework named `name` (case-insensitive).
pub fn find(name: &str) -> Option<&'static Framework> {
    frameworks()
        .iter()
        .find(|f| f.id.eq_ignore_ascii_case(name.trim()))
}

/// Resolves `--compliance` names, each once, in the order given.
pub fn resolve(names: &[String]) -> Result<Vec<&'static Framework>, String> {
    let mut found: Vec<&'static Framework> = Vec::new();
    for name in names {
        let framework = find(name).ok_or_else(|| {
            let known: Vec<_> = frameworks().iter().map(|f| f.id.as_str()).collect();
            format!(
                "no framework '{name}' (known: {}; see `azscan frameworks`)",
                known.join(", ")
            )
        })?;
        if !found.iter().any(|f| f.id == framework.id) {
            found.push(framework);
        }
    }
    Ok(found)
}

/// One control a check evidences, as `azscan explain` and docs/rules show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ControlRef {
    pub framework: String,
    pub control: String,
    pub title: String,
}

/// The controls `check_id` evidences, across every framework.
pub fn controls_for(check_id: &str) -> Vec<ControlRef> {
    frameworks()
        .iter()
        .flat_map(|framework| {
            framework
                .controls
                .iter()
                .filter(|c| c.checks.iter().any(|id| id == check_id))
                .map(|c| ControlRef {
                    framework: framework.id.clone(),
                    control: c.id.clone(),
                    title: c.title.clone(),
                })
        })
        .collect()
}

/// A control's status in a scan (the status rule in docs/compliance.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ControlStatus {
    Pass,
    Fail,
    Error,
    Manual,
    NotApplicable,
}

impl ControlStatus {
    pub const ALL: [ControlStatus; 5] = [
        ControlStatus::Fail,
        ControlStatus::Error,
        ControlStatus::Manual,
        ControlStatus::Pass,
        ControlStatus::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Pass => "PASS",
            ControlStatus::Fail => "FAIL",
            ControlStatus::Error => "ERROR",
            ControlStatus::Manual => "MANUAL",
            ControlStatus::NotApplicable => "NOT_APPLICABLE",
        }
    }
}

impl fmt::Display for ControlStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Controls per status, keyed as the statuses are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceSummary {
    #[serde(rename = "PASS")]
    pub pass: usize,
    #[serde(rename = "FAIL")]
    pub fail: usize,
    #[serde(rename = "ERROR")]
    pub error: usize,
    #[serde(rename = "MANUAL")]
    pub manual: usize,
    #[serde(rename = "NOT_APPLICABLE")]
    pub not_applicable: usize,
}

impl ComplianceSummary {
    pub fn add(&mut self, status: ControlStatus) {
        *match status {
            ControlStatus::Pass => &mut self.pass,
            ControlStatus::Fail => &mut self.fail,
            ControlStatus::Error => &mut self.error,
            ControlStatus::Manual => &mut self.manual,
            ControlStatus::NotApplicable => &mut self.not_applicable,
        } += 1;
    }

    pub fn get(&self, status: ControlStatus) -> usize {
        match status {
            ControlStatus::Pass => self.pass,
            ControlStatus::Fail => self.fail,
            ControlStatus::Error => self.error,
            ControlStatus::Manual => self.manual,
            ControlStatus::NotApplicable => self.not_applicable,
        }
    }
}

/// One framework judged against a scan: the report's `compliance[]` entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComplianceResult {
    pub framework: String,
    pub name: String,
    pub version: String,
    pub summary: ComplianceSummary,
    pub controls: Vec<ControlResult>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ControlResult {
    pub id: String,
    pub title: String,
    pub section: String,
    pub profile: String,
    pub assessment: String,
    pub status: ControlStatus,
    /// The mapped checks that ran in this scan.
    pub checks: Vec<String>,
    /// Findings of those checks by status (after suppressions).
    pub counts: crate::report::Summary,
}

impl ComplianceResult {
    /// Controls per top-level section, in framework order.
    pub fn by_section(&self) -> Vec<(&str, ComplianceSummary)> {
        let mut sections: Vec<(&str, ComplianceSummary)> = Vec::new();
        for control in &self.controls {
            let name = Framework::top_section(&control.section);
            match sections.iter_mut().find(|(s, _)| *s == name) {
                Some((_, summary)) => summary.add(control.status),
                None => {
                    let mut summary = ComplianceSummary::default();
                    summary.add(control.status);
                    sections.push((name, summary));
                }
            }
        }
        sections
    }
}

/// Judges every control of `framework` from `findings` (suppressions applied), given
/// the IDs of the checks that ran.
pub fn evaluate(
    framework: &Framework,
    findings: &[Finding],
    checks_run: &BTreeSet<&str>,
) -> ComplianceResult {
    let mut by_check: BTreeMap<&str, Vec<Status>> = BTreeMap::new();
    for finding in findings {
        by_check
            .entry(finding.rule_id.as_str())
            .or_default()
            .push(finding.status);
    }
    let mut summary = ComplianceSummary::default();
    let controls = framework
        .controls
        .iter()
        .map(|control| {
            let ran: Vec<String> = control
                .checks
                .iter()
                .filter(|id| checks_run.contains(id.as_str()))
                .cloned()
                .collect();
            let mut counts = crate::report::Summary::default();
            for id in &ran {
                for status in by_check.get(id.as_str()).into_iter().flatten() {
                    counts.add(*status);
                }
            }
            let status = control_status(!ran.is_empty(), &counts);
            summary.add(status);
            ControlResult {
                id: control.id.clone(),
                title: control.title.clone(),
                section: control.section.clone(),
                profile: control.profile.clone(),
                assessment: control.assessment.clone(),
                status,
                checks: ran,
                counts,
            }
        })
        .collect();
    ComplianceResult {
        framework: framework.id.clone(),
        name: framework.name.clone(),
        version: framework.version.clone(),
        summary,
        controls,
    }
}

/// The status rule, first match wins (docs/compliance.md).
fn control_status(any_ran: bool, counts: &crate::report::Summary) -> ControlStatus {
    if !any_ran {
        ControlStatus::Manual
    } else if counts.fail > 0 {
        ControlStatus::Fail
    } else if counts.error > 0 {
        ControlStatus::Error
    } else if counts.manual > 0 {
        ControlStatus::Manual
    } else if counts.pass + counts.muted > 0 {
        ControlStatus::Pass
    } else {
        ControlStatus::NotApplicable
    }
}

#[cfg(test)]
mod tests;
