//! The `--compliance` view in the table and markdown reports: per framework, its
//! controls by status and by top-level section, and the controls that FAIL.

use super::Report;
use crate::compliance::{ComplianceResult, ComplianceSummary, ControlStatus};
use comfy_table::{Table, presets::NOTHING};

fn headline(result: &ComplianceResult) -> String {
    format!(
        "{} {} ({}): {} controls: {}",
        result.name,
        result.version,
        result.framework,
        result.controls.len(),
        counts(&result.summary)
    )
}

fn counts(summary: &ComplianceSummary) -> String {
    ControlStatus::ALL
        .iter()
        .map(|s| format!("{} {s}", summary.get(*s)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn failing(result: &ComplianceResult) -> Vec<&str> {
    result
        .controls
        .iter()
        .filter(|c| c.status == ControlStatus::Fail)
        .map(|c| c.id.as_str())
        .collect()
}

/// Per-section tables for the table report; empty without `--compliance`.
pub fn table(report: &Report) -> String {
    let mut out = String::new();
    for result in &report.compliance {
        out += &headline(result);
        out.push('\n');
        let mut table = Table::new();
        table.load_style(NOTHING);
        let mut header = vec!["SECTION".to_string()];
        header.extend(ControlStatus::ALL.iter().map(|s| s.to_string()));
        table.set_header(header);
        for (section, summary) in result.by_section() {
            let mut row = vec![section.to_string()];
            row.extend(
                ControlStatus::ALL
                    .iter()
                    .map(|s| summary.get(*s).to_string()),
            );
            table.add_row(row);
        }
        out += &format!("{table}\n");
        let failing = failing(result);
        if !failing.is_empty() {
            out += &format!("FAIL controls: {}\n", failing.join(", "));
        }
        out.push('\n');
    }
    out
}

/// The same for markdown, escaped by the caller's rules (section names are ours).
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    for result in &report.compliance {
        out += &format!("### {}\n\n", headline(result));
        out += "| Section |";
        let statuses = ControlStatus::ALL;
        for s in statuses {
            out += &format!(" {s} |");
        }
        out += "\n|---|";
        out += &"---:|".repeat(statuses.len());
        out.push('\n');
        for (section, summary) in result.by_section() {
            out += &format!("| {section} |");
            for s in statuses {
                out += &format!(" {} |", summary.get(s));
            }
            out.push('\n');
        }
        let failing = failing(result);
        if !failing.is_empty() {
            out += &format!("\n**FAIL controls:** {}\n", failing.join(", "));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{finding, report, storage_id};
    use crate::rules::Status;
    use std::collections::BTreeSet;

    fn judged() -> Report {
        let mut report = report(vec![
            finding("AZST-001", &storage_id("a"), Status::Fail),
            finding("AZST-002", &storage_id("a"), Status::Pass),
        ]);
        let ran: BTreeSet<&str> = ["AZST-001", "AZST-002"].into();
        let framework = crate::compliance::find("cis-azure-4.0").unwrap();
        report.compliance = vec![crate::compliance::evaluate(
            framework,
            &report.findings,
            &ran,
        )];
        report
    }

    #[test]
    fn table_and_markdown_summarise_sections_and_name_failing_controls() {
        let report = judged();
        let text = super::super::table::render(&report, false, false);
        assert!(
            text.contains("(cis-azure-4.0): 139 controls: 1 FAIL, 0 ERROR, 137 MANUAL, 1 PASS")
        );
        assert!(text.contains("10 Storage Services"));
        assert!(text.contains("FAIL controls: 10.3.9\n"));
        let md = super::super::markdown::render(&report, false);
        assert!(md.contains("| 10 Storage Services | 1 | 0 |"));
        assert!(md.contains("**FAIL controls:** 10.3.9"));
        let json: serde_json::Value =
            serde_json::from_str(&super::super::json::render(&report)).unwrap();
        assert_eq!(json["compliance"][0]["framework"], "cis-azure-4.0");
        assert_eq!(json["compliance"][0]["summary"]["FAIL"], 1);
    }

    #[test]
    fn sarif_tags_carry_the_requested_frameworks_controls() {
        let report = judged();
        let rules: Vec<_> = ["AZST-001", "AZST-002"]
            .iter()
            .map(|id| crate::rules::find(id).unwrap())
            .collect();
        let sarif = crate::report::sarif::render(
            &report,
            &rules,
            None,
            crate::report::sarif::Limits::GITHUB,
        );
        let v: serde_json::Value = serde_json::from_str(&sarif.text).unwrap();
        let run = &v["runs"][0];
        assert_eq!(
            run["results"][0]["properties"]["tags"][0],
            "cis-azure-4.0/10.3.9"
        );
        let tags = run["tool"]["driver"]["rules"][0]["properties"]["tags"]
            .as_array()
            .unwrap();
        assert_eq!(
            tags[1], "cis-azure-4.0/10.3.9",
            "only the requested framework"
        );
        assert!(
            !tags
                .iter()
                .any(|t| t.as_str().unwrap().starts_with("cis-azure-3.0"))
        );
    }
}
