//! `--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` and pull-request
//! comments — counts, the baseline comparison, then FAIL, ERROR and MANUAL rows
//! (and MUTED ones with `--show-muted`), most severe first.

use super::Report;
use crate::rules::{Finding, Status};

/// GitHub caps a step summary at 1 MiB; past this many rows the JSON report is the
/// place to look.
const MAX_ROWS: usize = 500;

pub fn render(report: &Report, show_muted: bool) -> String {
    let s = &report.summary;
    let subscriptions = &report.scan.subscriptions;
    let mut out = if subscriptions.len() == 1 {
        format!(
            "## azscan: subscription {}\n\n",
            escape(&subscriptions[0].id)
        )
    } else {
        format!(
            "## azscan: {} subscriptions ({})\n\n",
            subscriptions.len(),
            escape(&report.scan.scope)
        )
    };
    let verdict = if s.fail == 0 {
        "No unsuppressed FAIL results."
    } else {
        "FAIL results need attention."
    };
    out += &format!(
        "{verdict} Data read at {}.\n\n",
        escape(&report.scan.collected_at)
    );
    out += "| FAIL | ERROR | MANUAL | PASS | MUTED |\n|---:|---:|---:|---:|---:|\n";
    out += &format!(
        "| {} | {} | {} | {} | {} |\n\n",
        s.fail, s.error, s.manual, s.pass, s.muted
    );
    let by_severity = report.fails_by_severity();
    out += &format!("**FAIL by severity:** {}\n\n", by_severity.join(" · "));
    if subscriptions.len() > 1 {
        out += "| Subscription | FAIL | ERROR | MANUAL | PASS | MUTED |\n|---|---:|---:|---:|---:|---:|\n";
        for (info, s) in report.per_subscription() {
            match info.skipped {
                None => {
                    out += &format!(
                        "| {} | {} | {} | {} | {} | {} |\n",
                        escape(&info.label()),
                        s.fail,
                        s.error,
                        s.manual,
                        s.pass,
                        s.muted
                    )
                }
                Some(_) => {
                    out += &format!(
                        "| {} | not scanned: {} | | | | |\n",
                        escape(&info.label()),
                        escape(
                            info.error
                                .as_deref()
                                .or(info.state.as_deref())
                                .unwrap_or("skipped")
                        )
                    )
                }
            }
        }
        out += "\n";
    }
    if let Some(baseline) = &report.baseline {
        out += &format!(
            "**Against the baseline:** {} new, {} existing, {} fixed.\n\n",
            baseline.new, baseline.existing, baseline.fixed
        );
    }
    if !report.scan.complete {
        out += &format!(
            "> **Scan incomplete:** {} result(s) are ERROR because data could not be read ({} failed call(s)).\n\n",
            s.error,
            report.scan.gaps.len()
        );
    }
    out += &super::compliance::markdown(report);
    let shown: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| {
            matches!(f.status, Status::Fail | Status::Error | Status::Manual)
                || (show_muted && f.status == Status::Muted)
        })
        .collect();
    if shown.is_empty() {
        return out;
    }
    out += "| Severity | Status | Check | Resource | Message |\n|---|---|---|---|---|\n";
    for finding in shown.iter().take(MAX_ROWS) {
        out += &format!(
            "| {} | {} | {} | {} | {} |\n",
            finding.severity,
            super::status_label(finding),
            escape(&finding.rule_id),
            escape(&finding.resource_name),
            escape(&super::message_label(finding))
        );
    }
    if shown.len() > MAX_ROWS {
        out += &format!(
            "\n{} more row(s) are in the JSON report.\n",
            shown.len() - MAX_ROWS
        );
    }
    out
}

/// Resource names and messages come from the tenant: keep them from breaking the
/// table or injecting markup into a pull-request comment.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::BaselineSummary;
    use crate::report::test_support::{finding, report, storage_id};
    use crate::rules::{BaselineState, SuppressionNote};

    #[test]
    fn summary_rows_baseline_and_escaping() {
        let mut new = finding("AZST-001", &storage_id("st|pipe<b>"), Status::Fail);
        new.baseline = Some(BaselineState::New);
        let mut old = finding("AZST-002", &storage_id("stold"), Status::Fail);
        old.baseline = Some(BaselineState::Existing);
        let mut muted = finding("AZST-004", &storage_id("stmuted"), Status::Muted);
        muted.suppression = Some(SuppressionNote {
            reason: "accepted".into(),
            expires: Some("2026-12-31".into()),
        });
        let mut report = report(vec![
            new,
            old,
            muted,
            finding("AZST-005", &storage_id("sterr"), Status::Error),
            finding("AZST-003", &storage_id("stok"), Status::Pass),
        ]);
        report.scan.complete = false;
        report.baseline = Some(BaselineSummary {
            new: 1,
            existing: 1,
            fixed: 4,
        });
        let text = render(&report, false);
        assert!(text.contains("| 2 | 1 | 0 | 1 | 1 |"), "{text}");
        assert!(text.contains("1 new, 1 existing, 4 fixed"), "{text}");
        assert!(text.contains("Scan incomplete"), "{text}");
        assert!(
            text.contains("| HIGH | FAIL (new) | AZST-001 | st\\|pipe&lt;b&gt; |"),
            "{text}"
        );
        assert!(text.contains("| FAIL | AZST-002 |"), "{text}");
        assert!(
            !text.contains("stmuted") && !text.contains("stok"),
            "{text}"
        );
        let with_muted = render(&report, true);
        assert!(
            with_muted.contains("muted: accepted, until 2026-12-31"),
            "{with_muted}"
        );
    }

    #[test]
    fn clean_scans_have_no_table() {
        let text = render(&report(vec![]), false);
        assert!(text.contains("No unsuppressed FAIL results."));
        assert!(!text.contains("| Severity |"));
    }
}
