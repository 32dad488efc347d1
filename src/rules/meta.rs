//! Check metadata as data (`rules/<svc>/<ID>.toml`): the words of a check, kept out of
//! its logic so one source feeds `azscan explain`, the reports and `docs/rules/`.

use super::Severity;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub resource_type: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub description: String,
    pub rationale: String,
    #[serde(default)]
    pub references: Vec<String>,
    pub remediation: Remediation,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    /// One line: what to change. Also the `remediation` of every finding.
    pub summary: String,
    pub cli: String,
    pub bicep: String,
    pub portal: String,
}

impl Metadata {
    pub fn parse(text: &str) -> Result<Metadata, toml::de::Error> {
        toml::from_str(text)
    }
}
