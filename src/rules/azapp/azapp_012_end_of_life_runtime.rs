//! AZAPP-012: sites on an end-of-life language runtime, judged against the stacks API
//! (`webAppStacks`, or `functionAppStacks` for function apps), never a list in code.
//! A non-empty `linuxFxVersion` alone is judged; otherwise each non-empty Windows field
//! against its own stack. Custom containers get no result; no runtime → MANUAL.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::web::{Site, SiteConfig, StackRuntime};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;
use time::OffsetDateTime;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-012",
    sources: [Sites, SiteConfigs, WebAppStacks, FunctionAppStacks], run: run);

/// `linuxFxVersion` prefixes of custom containers (no language runtime to judge).
const CONTAINERS: [&str; 3] = ["DOCKER|", "COMPOSE|", "KUBE|"];

/// A runtime the site declares: the field, its value, the stacks it belongs to.
struct Declared<'a> {
    field: &'static str,
    value: &'a str,
    os: &'static str,
    /// Stack `value`s to look in; empty = any stack (Linux names its stack in the value).
    stacks: &'static [&'static str],
}

fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn declared(config: &SiteConfig) -> Vec<Declared<'_>> {
    if let Some(value) = set(&config.linux_fx_version) {
        return vec![Declared {
            field: "linuxFxVersion",
            value,
            os: "linux",
            stacks: &[],
        }];
    }
    let windows: [(&'static str, &Option<String>, &'static [&'static str]); 6] = [
        (
            "netFrameworkVersion",
            &config.net_framework_version,
            &["dotnet", "aspnet"],
        ),
        ("phpVersion", &config.php_version, &["php"]),
        ("pythonVersion", &config.python_version, &["python"]),
        ("javaVersion", &config.java_version, &["java"]),
        ("nodeVersion", &config.node_version, &["node"]),
        (
            "powerShellVersion",
            &config.power_shell_version,
            &["powershell"],
        ),
    ];
    windows
        .into_iter()
        .filter_map(|(field, value, stacks)| {
            set(value).map(|value| Declared {
                field,
                value,
                os: "windows",
                stacks,
            })
        })
        .collect()
}

/// What the stacks say about one declared runtime.
enum Support {
    Supported,
    /// End-of-life, deprecated or no longer listed: why.
    Ended(String),
    /// Listed, but its end-of-life date could not be read: why.
    Unknown(String),
}

fn support(runtime: &Declared, rows: &[StackRuntime], at: OffsetDateTime) -> Support {
    let matching: Vec<&StackRuntime> = rows
        .iter()
        .filter(|r| r.os.eq_ignore_ascii_case(runtime.os))
        .filter(|r| {
            runtime.stacks.is_empty()
                || runtime
                    .stacks
                    .iter()
                    .any(|s| r.stack.eq_ignore_ascii_case(s))
        })
        .filter(|r| r.runtime_version.trim().eq_ignore_ascii_case(runtime.value))
        .collect();
    let (field, value) = (runtime.field, runtime.value);
    if matching.is_empty() {
        return Support::Ended(format!(
            "{field} is {value}, which the stacks API no longer lists"
        ));
    }
    let ended = |r: &StackRuntime| {
        r.is_deprecated == Some(true) || r.end_of_life_date.is_some_and(|d| d <= at)
    };
    if matching
        .iter()
        .any(|r| !ended(r) && r.end_of_life_unreadable.is_none())
    {
        return Support::Supported;
    }
    if let Some(date) = matching
        .iter()
        .filter(|r| !ended(r))
        .find_map(|r| r.end_of_life_unreadable.as_deref())
    {
        return Support::Unknown(format!(
            "{field} is {value}, whose end-of-life date '{date}' could not be read"
        ));
    }
    let row = matching[0];
    Support::Ended(match (row.is_deprecated, row.end_of_life_date) {
        (Some(true), _) => format!("{field} is {value}, which is deprecated"),
        (_, Some(date)) => format!("{field} is {value}, end of life since {}", date.date()),
        _ => format!("{field} is {value}, which is end of life"),
    })
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let at = snapshot.collected_at;
    shape::each_part(
        out,
        &snapshot.web.sites,
        "configuration (config/web)",
        |site| &site.config,
        |out, site, config| judge(out, site, config, &snapshot.web, at),
    );
}

fn judge(
    out: &mut Verdicts,
    site: &Site,
    config: &SiteConfig,
    web: &crate::snapshot::web::WebData,
    at: OffsetDateTime,
) {
    let runtimes = declared(config);
    if runtimes.iter().any(|r| {
        CONTAINERS
            .iter()
            .any(|c| r.value.len() >= c.len() && r.value[..c.len()].eq_ignore_ascii_case(c))
    }) {
        return;
    }
    if runtimes.is_empty() {
        return out.manual(
            site.subject(),
            format!(
                "{}: no language runtime is identifiable from config/web",
                site.label()
            ),
            json!({ "kind": site.kind }),
        );
    }
    let (stacks, list) = if site.has_kind("functionapp") {
        (
            &web.function_app_stacks,
            "the function app stacks (functionAppStacks)",
        )
    } else {
        (&web.web_app_stacks, "the web app stacks (webAppStacks)")
    };
    let rows = match stacks {
        Fetched::Ok(rows) => rows,
        unavailable => {
            let reason = unavailable.unavailable_reason(list).unwrap_or_default();
            return out.error(site.subject(), reason);
        }
    };
    let declared: Vec<String> = runtimes
        .iter()
        .map(|r| format!("{} {}", r.field, r.value))
        .collect();
    let (mut problems, mut unknown) = (Vec::new(), Vec::new());
    for runtime in &runtimes {
        match support(runtime, rows, at) {
            Support::Supported => {}
            Support::Ended(why) => problems.push(why),
            Support::Unknown(why) => unknown.push(why),
        }
    }
    let evidence = json!({ "runtimes": declared, "endOfLife": problems, "kind": site.kind });
    if problems.is_empty() && !unknown.is_empty() {
        let message = format!("{}: {}", site.label(), unknown.join("; "));
        return out.manual(site.subject(), message, evidence);
    }
    let message = if problems.is_empty() {
        format!("{}: {} is supported", site.label(), declared.join(", "))
    } else {
        format!("{}: {}", site.label(), problems.join("; "))
    };
    out.judge(problems.is_empty(), site.subject(), message, evidence);
}
