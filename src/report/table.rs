//! `--format table`: FAIL, ERROR and MANUAL results (and MUTED with `--show-muted`),
//! most severe first, then a summary.

use super::Report;
use crate::rules::{Severity, Status};
use comfy_table::{Cell, Color, ContentArrangement, LineStyle, Table, TableStyle};

/// A rule under the header and at the end; rows stay dense so long scans stay readable.
const STYLE: TableStyle = TableStyle::new()
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

pub fn render(report: &Report, color: bool, show_muted: bool) -> String {
    let shown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| {
            matches!(f.status, Status::Fail | Status::Error | Status::Manual)
                || (show_muted && f.status == Status::Muted)
        })
        .collect();
    let mut out = String::new();
    if !shown.is_empty() {
        let mut table = Table::new();
        table.load_style(STYLE);
        table.set_content_arrangement(ContentArrangement::Dynamic);
        if color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(["SEVERITY", "STATUS", "CHECK", "RESOURCE", "MESSAGE"]);
        for finding in &shown {
            let severity = Cell::new(finding.severity.as_str());
            let status = Cell::new(super::status_label(finding));
            let (severity, status) = if color {
                (
                    severity.fg(severity_color(finding.severity)),
                    status.fg(status_color(finding.status)),
                )
            } else {
                (severity, status)
            };
            table.add_row(vec![
                severity,
                status,
                Cell::new(&finding.rule_id),
                Cell::new(&finding.resource_name),
                Cell::new(super::message_label(finding)),
            ]);
        }
        out.push_str(&table.trim_fmt());
        out.push('\n');
    }
    out.push_str(&super::compliance::table(report));
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let total = s.pass + s.fail + s.error + s.manual + s.muted;
    let mut line = format!(
        "{total} results: {} FAIL, {} ERROR, {} MANUAL, {} PASS, {} MUTED",
        s.fail, s.error, s.manual, s.pass, s.muted
    );
    let by_severity = report.fails_by_severity();
    line.push_str(&format!(" | FAIL by severity: {}", by_severity.join(", ")));
    if let Some(baseline) = &report.baseline {
        line.push_str(&format!(
            "\nagainst the baseline: {} new, {} existing, {} fixed",
            baseline.new, baseline.existing, baseline.fixed
        ));
    }
    let subscription = report.scan.subscriptions.join(", ");
    line.push_str(&format!(
        "\nsubscription {subscription}, data read at {}",
        report.scan.collected_at
    ));
    if !report.scan.complete {
        line.push_str(" | scan INCOMPLETE: ERROR rows could not be assessed");
    }
    line
}

fn severity_color(severity: Severity) -> Color {
    match severity {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Cyan,
        Severity::Info => Color::Grey,
    }
}

fn status_color(status: Status) -> Color {
    match status {
        Status::Fail => Color::Red,
        Status::Error => Color::Yellow,
        Status::Manual => Color::Blue,
        Status::Pass => Color::Green,
        Status::Muted => Color::Grey,
    }
}
