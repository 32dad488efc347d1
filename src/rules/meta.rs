//! Check metadata as data (`rules/<svc>/<ID>.toml`): the words of a check, kept out of
//! its logic so one source feeds `azscan explain`, the reports and `docs/rules/`.

use super::Severity;
use crate::compliance::ControlRef;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub id: String,
    pub title: Arc<str>,
    pub severity: Severity,
    pub resource_type: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub description: String,
    pub rationale: String,
    #[serde(default)]
    pub references: Vec<String>,
    pub remediation: Remediation,
    /// CIS controls the check's catalog entry cites, as `<framework>:<control>`
    /// (`cis-azure-4.0:10.3.9`); a test keeps each one mapped in its framework file.
    #[serde(default)]
    pub cis: Vec<String>,
    /// The framework controls this check evidences: derived when the metadata is
    /// loaded from `rules/compliance/`, never written in the check's TOML.
    #[serde(skip)]
    pub compliance: Vec<ControlRef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    /// One line: what to change. Also the `remediation` of every finding.
    pub summary: Arc<str>,
    pub cli: String,
    pub bicep: String,
    pub portal: String,
}

impl Metadata {
    pub fn parse(text: &str) -> Result<Metadata, toml::de::Error> {
        let mut meta: Metadata = toml::from_str(text)?;
        meta.compliance = crate::compliance::controls_for(&meta.id);
        Ok(meta)
    }

    /// What, why, how to fix (CLI, Bicep, portal) and references as plain text:
    /// `azscan explain` and SARIF's `help.text`.
    pub fn guidance_text(&self) -> String {
        let fix = &self.remediation;
        let mut out = format!(
            "What it checks\n{}\n\nWhy it matters\n{}\n\nHow to fix\n{}\n\nAzure CLI:\n{}\n\nBicep:\n{}\n\nAzure portal:\n{}\n",
            self.description.trim(),
            self.rationale.trim(),
            fix.summary.trim(),
            indent(&fix.cli),
            indent(&fix.bicep),
            indent(&fix.portal),
        );
        if !self.references.is_empty() {
            out.push_str("\nReferences\n");
            for reference in &self.references {
                out.push_str(&format!("  - {reference}\n"));
            }
        }
        if !self.compliance.is_empty() {
            out.push_str("\nCompliance controls\n");
            for c in &self.compliance {
                out.push_str(&format!("  - {} {}: {}\n", c.framework, c.control, c.title));
            }
        }
        out
    }

    /// The same as Markdown with `##` sections: the `docs/rules/` pages and SARIF's
    /// `help.markdown` (which GitHub shows beside each alert).
    pub fn guidance_markdown(&self) -> String {
        let fix = &self.remediation;
        let mut out = format!(
            "## What it checks\n\n{}\n\n## Why it matters\n\n{}\n\n## How to fix\n\n{}\n\n### Azure CLI\n\n{}\n### Bicep\n\n{}\n### Azure portal\n\n{}\n",
            self.description.trim(),
            self.rationale.trim(),
            fix.summary.trim(),
            fenced(&fix.cli, "bash"),
            fenced(&fix.bicep, "bicep"),
            fix.portal.trim(),
        );
        if !self.references.is_empty() {
            out.push_str("\n## References\n\n");
            for reference in &self.references {
                out.push_str(&format!("- <{reference}>\n"));
            }
        }
        if !self.compliance.is_empty() {
            out.push_str("\n## Compliance controls\n\n");
            out.push_str("Derived from `rules/compliance/` (see docs/compliance.md).\n\n");
            for c in &self.compliance {
                out.push_str(&format!("- `{}` {}: {}\n", c.framework, c.control, c.title));
            }
        }
        out
    }
}

fn indent(text: &str) -> String {
    text.trim()
        .lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A fence longer than any backtick run in `text`, so remediation snippets can never
/// close their own block.
pub(crate) fn fenced(text: &str, language: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{language}\n{}\n{fence}\n", text.trim_end())
}
