//! `--format junit`: JUnit XML for test-result tabs (Azure DevOps' PublishTestResults,
//! GitLab, Jenkins). One test suite per check, one test case per check and resource:
//! FAIL is a failure, ERROR an error, MANUAL and MUTED are skipped, PASS passes.

use super::Report;
use crate::rules::{self, Finding, Status};
use std::collections::BTreeMap;
use std::fmt::Write;

pub fn render(report: &Report) -> String {
    let mut suites: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in &report.findings {
        suites.entry(&finding.rule_id).or_default().push(finding);
    }
    let mut ordered: Vec<(&str, Vec<&Finding>)> = suites.into_iter().collect();
    ordered.sort_by(|a, b| rules::id_order(a.0, b.0));
    let s = &report.summary;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // Writing into a String cannot fail.
    let _ = writeln!(
        out,
        "<testsuites name=\"azscan\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\">",
        report.findings.len(),
        s.fail,
        s.error,
        s.manual + s.muted
    );
    for (rule_id, findings) in &ordered {
        let count = |status: Status| findings.iter().filter(|f| f.status == status).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\" timestamp=\"{}\">",
            attr(&format!("{rule_id} {}", findings[0].title)),
            findings.len(),
            count(Status::Fail),
            count(Status::Error),
            count(Status::Manual) + count(Status::Muted),
            attr(report.scan.collected_at.trim_end_matches('Z'))
        );
        for finding in findings {
            test_case(&mut out, finding);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn test_case(out: &mut String, finding: &Finding) {
    let _ = write!(
        out,
        "    <testcase classname=\"azscan.{}\" name=\"{}\" time=\"0\"",
        attr(&finding.rule_id),
        attr(&format!(
            "{} [{}]",
            finding.resource_name, finding.resource_id
        ))
    );
    let detail = format!(
        "{}\nResource: {}\nSeverity: {}\nFix: {}\nDetails: azscan explain {}",
        finding.message,
        finding.resource_id,
        finding.severity,
        finding.remediation,
        finding.rule_id
    );
    let body = match finding.status {
        Status::Pass => None,
        Status::Fail => Some(format!(
            "<failure message=\"{}\" type=\"{}\">{}</failure>",
            attr(&finding.message),
            finding.severity,
            text(&detail)
        )),
        Status::Error => Some(format!(
            "<error message=\"{}\" type=\"ERROR\">{}</error>",
            attr(&finding.message),
            text(&detail)
        )),
        Status::Manual => Some(format!(
            "<skipped message=\"{}\"/>",
            attr(&format!("manual review: {}", finding.message))
        )),
        Status::Muted => Some(format!(
            "<skipped message=\"{}\"/>",
            attr(&format!(
                "muted: {}",
                finding
                    .suppression
                    .as_ref()
                    .map_or("suppressed", |note| note.reason.as_str())
            ))
        )),
    };
    match body {
        None => out.push_str("/>\n"),
        Some(body) => {
            let _ = writeln!(out, ">\n      {body}\n    </testcase>");
        }
    }
}

/// XML 1.0 text: markup characters escaped, characters XML cannot carry dropped.
fn text(value: &str) -> String {
    escape(value, false)
}

/// An attribute value: as `text`, with quotes and line breaks escaped too so
/// parsers keep them.
fn attr(value: &str) -> String {
    escape(value, true)
}

fn escape(value: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if allowed_in_xml(c) => out.push(c),
            _ => {}
        }
    }
    out
}

fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{finding, report, storage_id};

    #[test]
    fn one_case_per_check_and_resource_with_failures_and_errors() {
        let mut muted = finding("AZST-001", &storage_id("stmuted"), Status::Muted);
        muted.suppression = Some(crate::rules::SuppressionNote {
            reason: "ok \"for now\"".into(),
            expires: None,
        });
        let mut odd = finding("AZST-001", &storage_id("st<&>\"\u{1}x"), Status::Fail);
        odd.message = "line one\nline two".into();
        let report = report(vec![
            odd,
            muted,
            finding("AZST-001", &storage_id("stok"), Status::Pass),
            finding("AZST-005", &storage_id("sterr"), Status::Error),
            finding("ACR-005", &storage_id("acr"), Status::Manual),
        ]);
        let xml = render(&report);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"azscan\" tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"2\""), "{xml}");
        assert_eq!(xml.matches("<testsuite ").count(), 3);
        assert_eq!(xml.matches("<testcase ").count(), 5);
        assert!(xml.contains("st&lt;&amp;&gt;&quot;x"), "{xml}");
        assert!(!xml.contains('\u{1}'));
        assert!(
            xml.contains(
                "<failure message=\"line one&#10;line two\" type=\"HIGH\">line one\nline two\n"
            ),
            "{xml}"
        );
        assert!(xml.contains("<error message="), "{xml}");
        assert!(
            xml.contains("<skipped message=\"muted: ok &quot;for now&quot;\"/>"),
            "{xml}"
        );
        assert!(xml.contains("<skipped message=\"manual review:"), "{xml}");
        // Suites in catalog order.
        let acr = xml.find("name=\"ACR-005").unwrap();
        let azst = xml.find("name=\"AZST-001").unwrap();
        assert!(acr < azst);
    }
}
