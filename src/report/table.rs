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
    render_within(report, color, show_muted, None)
}

/// Width for a table that does not go to a terminal (CI logs, files): `COLUMNS`, or
/// 120 when unset or unreadable; never so narrow that the columns cannot fit.
pub fn log_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .unwrap_or(120)
        .max(MIN_WIDTH)
}

const MIN_WIDTH: u16 = 60;

/// `width`: wrap cells (messages, in practice) so every row fits; the full text stays
/// in JSON and SARIF. `None` keeps today's behaviour (terminal width on a terminal).
pub fn render_within(report: &Report, color: bool, show_muted: bool, width: Option<u16>) -> String {
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
        if let Some(width) = width {
            table.set_width(width);
        }
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
    let subscriptions = &report.scan.subscriptions;
    if subscriptions.len() == 1 {
        line.push_str(&format!("\nsubscription {}", subscriptions[0].id));
    } else {
        line.push_str(&format!("\n{} subscriptions:", subscriptions.len()));
        for (info, s) in report.per_subscription() {
            let counts = match info.skipped {
                None => format!(
                    "{} FAIL, {} ERROR, {} MANUAL, {} PASS, {} MUTED",
                    s.fail, s.error, s.manual, s.pass, s.muted
                ),
                Some(_) => format!(
                    "not scanned ({})",
                    info.error
                        .as_deref()
                        .or(info.state.as_deref())
                        .unwrap_or("skipped")
                ),
            };
            line.push_str(&format!("\n  {}: {counts}", info.label()));
        }
    }
    line.push_str(&format!(", data read at {}", report.scan.collected_at));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{finding, report, storage_id};

    #[test]
    fn a_width_wraps_long_messages_and_keeps_every_word() {
        let mut long = finding("AZST-001", &storage_id("stlong"), Status::Fail);
        long.message = (0..60)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let report = report(vec![long.clone()]);
        let wrapped = render_within(&report, false, false, Some(80));
        let table_lines: Vec<_> = wrapped
            .lines()
            .take_while(|l| !l.starts_with("1 results"))
            .collect();
        assert!(
            table_lines.len() > 3,
            "the message wraps onto several lines"
        );
        for line in &table_lines {
            assert!(line.chars().count() <= 80, "{line:?}");
        }
        for i in 0..60 {
            assert!(wrapped.contains(&format!("word{i}")), "word{i} kept");
        }
        let unwrapped = render(&report, false, false);
        assert!(
            unwrapped.contains(&long.message),
            "without a width the row stays whole"
        );
    }
}
