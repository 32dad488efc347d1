//! `azscan checks` and `azscan explain <ID>`: the catalog, from the rule metadata.

use super::EXIT_OK;
use super::args::Format;
use crate::rules::{Lifecycle, Rule, catalog, find};
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
                    &title_with_lifecycle(rule),
                ]);
            }
            format!("{table}\n{} checks\n", catalog().len())
        }
    };
    print!("{text}");
    Ok(EXIT_OK)
}

/// The title, and for opt-in and legacy checks what that means and why:
/// `Title (opt-in: needs Key Vault Reader on each vault; enable with --enable-checks)`.
fn title_with_lifecycle(rule: &Rule) -> String {
    let lifecycle = rule.check.lifecycle;
    match (lifecycle, lifecycle.reason()) {
        (Lifecycle::OptIn { .. }, Some(reason)) => format!(
            "{} (opt-in: {reason}; enable with --enable-checks {} or checks.enable)",
            rule.meta.title, rule.check.id
        ),
        (_, Some(reason)) => format!("{} ({}: {reason})", rule.meta.title, lifecycle.as_str()),
        (_, None) => rule.meta.title.to_string(),
    }
}

fn summary_json(rule: &Rule) -> serde_json::Value {
    json!({
        "id": rule.check.id,
        "title": rule.meta.title,
        "severity": rule.meta.severity,
        "service": rule.check.service,
        "resource_type": rule.meta.resource_type,
        "lifecycle": rule.check.lifecycle.as_str(),
        "lifecycle_reason": rule.check.lifecycle.reason(),
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
            if let Some(reason) = rule.check.lifecycle.reason() {
                let lifecycle = rule.check.lifecycle.as_str();
                out += &format!("Lifecycle: {lifecycle}: {reason}\n\n");
            }
            out += &meta.guidance_text();
            out
        }
    };
    print!("{text}");
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Check;

    fn with_lifecycle(lifecycle: Lifecycle) -> String {
        let check: &'static Check = Box::leak(Box::new(Check {
            lifecycle,
            ..*catalog()[0].check
        }));
        let rule = Rule {
            check,
            meta: catalog()[0].meta.clone(),
        };
        title_with_lifecycle(&rule)
    }

    #[test]
    fn opt_in_and_legacy_checks_say_why_in_the_catalog() {
        let title = &catalog()[0].meta.title;
        assert_eq!(with_lifecycle(Lifecycle::Active), title.as_ref());
        let opt_in = with_lifecycle(Lifecycle::OptIn {
            reason: "needs Key Vault Reader",
        });
        assert_eq!(
            opt_in,
            format!(
                "{title} (opt-in: needs Key Vault Reader; enable with --enable-checks ACR-001 or checks.enable)"
            )
        );
        let legacy = with_lifecycle(Lifecycle::Legacy {
            reason: "the plan is retired",
        });
        assert_eq!(legacy, format!("{title} (legacy: the plan is retired)"));
    }
}
