//! `--format sarif`: SARIF 2.1.0 shaped for GitHub code scanning, which rejects a whole
//! file for one bad result. One run; one rule per check that ran; one result per
//! unsuppressed FAIL, located at a scheme-less pseudo-path built from the resource ID
//! and fingerprinted by check and canonical resource ID only, so alerts follow the
//! resource across scans and close when it is fixed.

use super::Report;
use crate::rules::{self, BaselineState, Finding, Rule, Severity, Status};
use crate::snapshot::canonical_id;
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    RunAutomationDetails, Sarif, Tool, ToolComponent,
};
use std::collections::BTreeMap;
use std::io::Write;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where users learn about azscan: Cargo.toml's `repository`.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");
/// GitHub's text limit for rule descriptions.
const MAX_DESCRIPTION_CHARS: usize = 1024;
/// GitHub keeps only the first 10 tags of a rule.
const MAX_TAGS: usize = 10;

/// GitHub's upload limits; tests use smaller ones.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_results: usize,
    pub max_gzipped_bytes: usize,
}

impl Limits {
    pub const GITHUB: Limits = Limits {
        max_results: 25_000,
        max_gzipped_bytes: 10 * 1024 * 1024,
    };
}

/// The SARIF text, and what had to be left out to stay within the limits.
pub struct Rendered {
    pub text: String,
    /// Set when less severe results were dropped: says how many and why.
    pub truncated: Option<String>,
}

/// `rules_run` are the checks of the scan; `category` overrides the
/// `automationDetails.id` that keeps each subscription's alerts apart.
pub fn render(
    report: &Report,
    rules_run: &[&'static Rule],
    category: Option<&str>,
    limits: Limits,
) -> Rendered {
    let descriptors = descriptor_rules(report, rules_run);
    let mut failing: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .collect();
    // Most severe first, so truncation drops the least severe.
    failing.sort_by(|a, b| Finding::report_order(a, b));
    let total = failing.len();
    let mut kept = total.min(limits.max_results);
    let mut reason = (kept < total).then(|| format!("{} results per run", limits.max_results));
    let mut text = serialize(report, &descriptors, &failing[..kept], category);
    loop {
        let gzipped = gzipped_len(&text);
        if gzipped <= limits.max_gzipped_bytes || kept == 0 {
            break;
        }
        // Results dominate the size; shrink in proportion, with a margin.
        let ratio = limits.max_gzipped_bytes as f64 / gzipped as f64;
        kept = ((kept as f64 * ratio * 0.95) as usize).min(kept - 1);
        reason = Some(format!("{} gzipped", byte_size(limits.max_gzipped_bytes)));
        text = serialize(report, &descriptors, &failing[..kept], category);
    }
    let truncated = reason.map(|limit| {
        format!(
            "SARIF holds {kept} of {total} FAIL results (GitHub's limit of {limit}); the {} least severe were left out, the JSON report lists all",
            total - kept
        )
    });
    Rendered { text, truncated }
}

/// The checks that ran, plus any check a finding names that the caller did not
/// list, in catalog order: every result's ruleIndex must point at its rule.
fn descriptor_rules(report: &Report, rules_run: &[&'static Rule]) -> Vec<&'static Rule> {
    let mut all = rules_run.to_vec();
    for finding in &report.findings {
        if !all.iter().any(|r| r.check.id == finding.rule_id)
            && let Some(rule) = rules::find(&finding.rule_id)
        {
            all.push(rule);
        }
    }
    all.sort_by(|a, b| rules::id_order(a.check.id, b.check.id));
    all.dedup_by(|a, b| a.check.id == b.check.id);
    all
}

fn serialize(
    report: &Report,
    descriptors: &[&Rule],
    failing: &[&Finding],
    category: Option<&str>,
) -> String {
    let results: Vec<SarifResult> = failing
        .iter()
        .filter_map(|finding| {
            let index = descriptors
                .iter()
                .position(|r| r.check.id == finding.rule_id)?;
            let mut result = result(finding, index);
            let controls = controls(report, &finding.rule_id);
            if !controls.is_empty() {
                result.properties = Some(
                    PropertyBag::builder()
                        .tags(controls.clone())
                        .additional_properties(BTreeMap::from([(
                            "compliance".to_string(),
                            json!(controls),
                        )]))
                        .build(),
                );
            }
            Some(result)
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("azscan")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(
            descriptors
                .iter()
                .map(|r| descriptor(r, &controls(report, r.check.id)))
                .collect::<Vec<_>>(),
        )
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .automation_details(
            RunAutomationDetails::builder()
                .id(automation_id(report, category))
                .build(),
        )
        .results(results)
        .build();
    let sarif = Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    // Plain data with string keys: serializing cannot fail.
    serde_json::to_string_pretty(&sarif).expect("SARIF serializes") + "\n"
}

/// `azscan/<subscription>/` (`azscan/all/`, `azscan/mg-<id>/` for those scopes) unless `--sarif-category` says otherwise; GitHub wants
/// the trailing slash to read the whole ID as the category.
pub fn automation_id(report: &Report, category: Option<&str>) -> String {
    let id = match category.map(str::trim).filter(|c| !c.is_empty()) {
        Some(category) => category.to_string(),
        None if report.scan.scope == super::SUBSCRIPTIONS_SCOPE => {
            format!("azscan/{}/", report.scanned_subscriptions().join("+"))
        }
        None => format!("azscan/{}/", report.scan.scope),
    };
    if id.ends_with('/') { id } else { id + "/" }
}

/// The controls of the `--compliance` frameworks that `check_id` evidences, as
/// `<framework>/<control>` (`cis-azure-4.0/10.3.9`): tags GitHub's alert filter can find.
fn controls(report: &Report, check_id: &str) -> Vec<String> {
    let Some(rule) = rules::find(check_id) else {
        return Vec::new();
    };
    rule.meta
        .compliance
        .iter()
        .filter(|c| report.compliance.iter().any(|r| r.framework == c.framework))
        .map(|c| format!("{}/{}", c.framework, c.control))
        .collect()
}

fn descriptor(rule: &Rule, controls: &[String]) -> ReportingDescriptor {
    let meta = &rule.meta;
    // Compliance tags go first so GitHub's 10-tag limit keeps them.
    let mut tags = vec!["security".to_string()];
    tags.extend(controls.iter().cloned());
    for tag in &meta.tags {
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            tags.push(tag.clone());
        }
    }
    tags.truncate(MAX_TAGS);
    let mut properties = BTreeMap::new();
    properties.insert("precision".to_string(), json!("high"));
    if !controls.is_empty() {
        properties.insert("compliance".to_string(), json!(controls));
    }
    properties.insert(
        "security-severity".to_string(),
        json!(security_severity(meta.severity)),
    );
    ReportingDescriptor::builder()
        .id(rule.check.id)
        .name(pascal_case(&meta.title))
        .short_description(text_only(limit_chars(&meta.title)))
        .full_description(text_only(limit_chars(&meta.description)))
        .help(
            MultiformatMessageString::builder()
                .text(help_text(rule))
                .markdown(help_markdown(rule))
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(meta.severity).to_string()))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(tags)
                .additional_properties(properties)
                .build(),
        )
        .build()
}

fn result(finding: &Finding, rule_index: usize) -> SarifResult {
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(
                    ArtifactLocation::builder()
                        .uri(pseudo_path(finding))
                        .build(),
                )
                .region(Region::builder().start_line(1).start_column(1).build())
                .build(),
        )
        .build();
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(
        "primaryLocationLineHash".to_string(),
        fingerprint(&finding.rule_id, &located_id(finding)),
    );
    let result = SarifResult::builder()
        .rule_id(finding.rule_id.clone())
        .rule_index(rule_index as i64)
        .level(level(finding.severity))
        .message(Message::builder().text(message_text(finding)).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints);
    match finding.baseline {
        Some(state) => result
            .baseline_state(json!(match state {
                BaselineState::New => "new",
                BaselineState::Existing => "unchanged",
            }))
            .build(),
        None => result.build(),
    }
}

pub fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low | Severity::Info => ResultLevel::Note,
    }
}

/// Kept away from the edges of GitHub's bands (critical ≥ 9.0, high ≥ 7.0,
/// medium ≥ 4.0, low > 0) so rounding never moves a check to another band.
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// Plain text that stands alone in an alert: what is wrong (the check's title), what
/// was observed, then the full resource ID.
fn message_text(finding: &Finding) -> String {
    let with_stop = |text: &str| {
        let text = text.trim();
        if text.ends_with(['.', '!', '?']) {
            text.to_string()
        } else {
            format!("{text}.")
        }
    };
    format!(
        "{} {} Resource: {}",
        with_stop(&finding.title),
        with_stop(&finding.message),
        located_id(finding)
    )
}

/// The resource ID, or the subscription's when a result names no resource, so every
/// result has a location.
fn located_id(finding: &Finding) -> String {
    let id = finding.resource_id.trim();
    if id.trim_matches('/').is_empty() {
        format!("/subscriptions/{}", finding.subscription_id)
    } else {
        id.to_string()
    }
}

/// `azure/` + the lower-cased resource ID without its leading slash, each segment
/// percent-encoded: relative and scheme-less (GitHub refuses anything with a scheme),
/// no empty segments, no spaces, no `.` segments.
pub fn pseudo_path(finding: &Finding) -> String {
    let segments: Vec<String> = canonical_id(&located_id(finding))
        .split('/')
        .filter(|s| !s.trim().is_empty())
        .map(encode_segment)
        .collect();
    format!("azure/{}", segments.join("/"))
}

fn encode_segment(segment: &str) -> String {
    let mut out = String::new();
    // "." and ".." segments would read as relative path steps.
    let only_dots = segment.bytes().all(|b| b == b'.');
    for byte in segment.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'~' => out.push(byte as char),
            b'.' if !only_dots => out.push('.'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// FNV-1a (128-bit) of check ID and canonical resource ID: stable across runs,
/// platforms and azscan versions, unlike std's randomly seeded hasher.
pub fn fingerprint(rule_id: &str, resource_id: &str) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let input = format!(
        "{}\n{}",
        rule_id.to_ascii_uppercase(),
        canonical_id(resource_id)
    );
    let hash = input.bytes().fold(OFFSET, |hash, byte| {
        (hash ^ u128::from(byte)).wrapping_mul(PRIME)
    });
    format!("{hash:032x}")
}

/// `Storage account allows public blob access` → `StorageAccountAllowsPublicBlobAccess`.
fn pascal_case(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn text_only(text: String) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn limit_chars(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= MAX_DESCRIPTION_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_DESCRIPTION_CHARS - 1).collect();
    cut + "…"
}

fn help_text(rule: &Rule) -> String {
    let meta = &rule.meta;
    format!(
        "{} ({})\n\n{}",
        meta.title,
        meta.severity,
        meta.guidance_text()
    )
}

fn help_markdown(rule: &Rule) -> String {
    let meta = &rule.meta;
    format!(
        "**{} — {}** (severity {})\n\n{}",
        rule.check.id,
        meta.title,
        meta.severity,
        meta.guidance_markdown()
    )
}

/// `10485760` → `10 MB`; other sizes in bytes.
fn byte_size(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} bytes")
    }
}

fn gzipped_len(text: &str) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    // Writing to memory cannot fail.
    encoder.write_all(text.as_bytes()).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len()
}

#[cfg(test)]
#[path = "sarif_tests.rs"]
mod tests;
