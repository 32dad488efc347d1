//! `azscan checks` and `azscan explain <ID>`: the catalog, from the rule metadata.

use super::EXIT_OK;
use super::args::Format;
use crate::rules::{Rule, catalog, find};
use serde_json::json;

pub fn list(format: Format) -> Result<i32, String> {
    let text = match format {
        Format::Json => {
            let entries: Vec<_> = catalog().iter().map(summary_json).collect();
            serde_json::to_string_pretty(&entries).map_err(|e| e.to_string())? + "\n"
        }
        Format::Table => {
            let mut table = comfy_table::Table::new();
            table.load_style(comfy_table::presets::NOTHING);
            table.set_header(["ID", "SEVERITY", "SERVICE", "TITLE"]);
            for rule in catalog() {
                table.add_row([
                    rule.check.id,
                    rule.meta.severity.as_str(),
                    rule.check.service,
                    rule.meta.title.as_str(),
                ]);
            }
            format!("{table}\n{} checks\n", catalog().len())
        }
    };
    print!("{text}");
    Ok(EXIT_OK)
}

fn summary_json(rule: &Rule) -> serde_json::Value {
    json!({
        "id": rule.check.id,
        "title": rule.meta.title,
        "severity": rule.meta.severity,
        "service": rule.check.service,
        "resource_type": rule.meta.resource_type,
    })
}

pub fn explain(id: &str, format: Format) -> Result<i32, String> {
    let rule =
        find(id).ok_or_else(|| format!("no check '{id}' (see `azscan checks` for the catalog)"))?;
    let meta = &rule.meta;
    let text = match format {
        Format::Json => {
            let mut value = summary_json(rule);
            value["description"] = json!(meta.description);
            value["rationale"] = json!(meta.rationale);
            value["remediation"] = json!({
                "summary": meta.remediation.summary,
                "cli": meta.remediation.cli,
                "bicep": meta.remediation.bicep,
                "portal": meta.remediation.portal,
            });
            value["references"] = json!(meta.references);
            value["compliance"] = json!(meta.compliance);
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n"
        }
        Format::Table => {
            let mut out = format!("{} [{}] {}\n\n", rule.check.id, meta.severity, meta.title);
            out += &format!("Resource type: {}\n\n", meta.resource_type);
            out += &meta.guidance_text();
            out
        }
    };
    print!("{text}");
    Ok(EXIT_OK)
}
