//! `azscan frameworks` and `azscan frameworks <name>`: the frameworks, and one
//! framework's controls with how many azscan judges and how many a human must.

use super::{Framework, find, frameworks, resolve};
use comfy_table::{Table, presets::NOTHING};
use serde_json::json;

/// The text to print: JSON when `json`, else a table and a coverage line.
pub fn render(name: Option<&str>, json: bool) -> Result<String, String> {
    match name {
        None if json => {
            let entries: Vec<_> = frameworks().iter().map(overview_json).collect();
            Ok(pretty(&entries))
        }
        None => {
            let mut table = Table::new();
            table.load_style(NOTHING);
            table.set_header([
                "FRAMEWORK",
                "NAME",
                "VERSION",
                "CONTROLS",
                "AZSCAN",
                "MANUAL",
            ]);
            for f in frameworks() {
                table.add_row([
                    f.id.clone(),
                    f.name.clone(),
                    f.version.clone(),
                    f.controls.len().to_string(),
                    f.automated().to_string(),
                    (f.controls.len() - f.automated()).to_string(),
                ]);
            }
            Ok(format!(
                "{table}\nAZSCAN: controls at least one check judges; MANUAL: the rest. `azscan frameworks <FRAMEWORK>` lists the controls.\n"
            ))
        }
        Some(name) => {
            // resolve() gives the error message that lists the known names.
            let framework = match find(name) {
                Some(f) => f,
                None => resolve(&[name.to_string()])?[0],
            };
            Ok(if json {
                let mut value = overview_json(framework);
                value["controls"] = json!(
                    framework
                        .controls
                        .iter()
                        .map(|c| json!({
                            "id": c.id,
                            "section": c.section,
                            "title": c.title,
                            "profile": c.profile,
                            "assessment": c.assessment,
                            "checks": c.checks,
                            "planned": c.planned,
                        }))
                        .collect::<Vec<_>>()
                );
                pretty(&value)
            } else {
                controls_table(framework)
            })
        }
    }
}

fn pretty<T: serde::Serialize>(value: &T) -> String {
    // Plain data: serializing cannot fail.
    serde_json::to_string_pretty(value).expect("serializes") + "\n"
}

fn overview_json(f: &Framework) -> serde_json::Value {
    json!({
        "id": f.id,
        "name": f.name,
        "version": f.version,
        "controls": f.controls.len(),
        "automated_by_azscan": f.automated(),
        "manual": f.controls.len() - f.automated(),
    })
}

fn controls_table(f: &Framework) -> String {
    let mut table = Table::new();
    table.load_style(NOTHING);
    table.set_header(["CONTROL", "LEVEL", "CIS", "AZSCAN CHECKS", "TITLE"]);
    for c in &f.controls {
        let checks = if c.checks.is_empty() {
            "manual".to_string()
        } else {
            c.checks.join(",")
        };
        table.add_row([
            c.id.clone(),
            c.profile.replace("Level ", "L"),
            c.assessment.clone(),
            checks,
            c.title.clone(),
        ]);
    }
    let cis_automated = f
        .controls
        .iter()
        .filter(|c| c.assessment == "Automated")
        .count();
    let planned = f
        .controls
        .iter()
        .filter(|c| c.checks.is_empty() && !c.planned.is_empty())
        .count();
    format!(
        "{} {} ({})\n{table}\n{} controls: {} automated by azscan, {} manual ({} more when planned checks land); CIS labels {} Automated, {} Manual\n",
        f.name,
        f.version,
        f.id,
        f.controls.len(),
        f.automated(),
        f.controls.len() - f.automated(),
        planned,
        cis_automated,
        f.controls.len() - cis_automated,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_frameworks_and_one_frameworks_coverage() {
        let all = render(None, false).unwrap();
        assert!(all.contains("cis-azure-3.0") && all.contains("cis-azure-5.0"));
        let f = find("cis-azure-4.0").unwrap();
        let text = render(Some("cis-azure-4.0"), false).unwrap();
        assert!(text.contains(&format!(
            "139 controls: {} automated by azscan, {} manual",
            f.automated(),
            139 - f.automated()
        )));
        assert!(text.contains("10.3.9") && text.contains("AZST-001"));
        let json: serde_json::Value =
            serde_json::from_str(&render(Some("cis-azure-4.0"), true).unwrap()).unwrap();
        assert_eq!(json["controls"].as_array().unwrap().len(), 139);
        assert_eq!(json["automated_by_azscan"], f.automated());
        assert!(
            render(Some("nist"), false)
                .unwrap_err()
                .contains("no framework 'nist'")
        );
    }
}
