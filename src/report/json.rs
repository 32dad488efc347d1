//! `--format json`: the report as documented in docs/json-output.md.

use super::Report;
use std::io::Write;

/// The report as one string (for tests and callers that need it in memory).
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    write(report, &mut out).expect("writing into memory cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Streams the report into `out`, pretty-printed and newline-terminated.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    // Serializing plain data structures cannot fail, so an error here is `out`'s.
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}
