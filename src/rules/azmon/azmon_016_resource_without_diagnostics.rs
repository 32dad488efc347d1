//! AZMON-016: a resource of the M2 types (`monitor.diagnostic_resource_types`) sends no
//! logs to a diagnostic destination.

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::monitor::MonitoredResource;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azmon", "AZMON-016",
    sources: [MonitoredResources, ResourceDiagnostics], run: run);

fn subject(resource: &MonitoredResource) -> Subject {
    Subject::new(
        &resource.id,
        &resource.name,
        &resource.resource_type,
        resource.location.as_deref(),
    )
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let resources = out.judged_in_subscription(
        &snapshot.monitor.resources,
        "the resource list (Microsoft.Resources/resources)",
    );
    // The settings in force narrow what a snapshot holds (it was read with some list).
    let types = out.settings().monitor.resource_types();
    for resource in resources.iter().filter(|r| r.in_scope(&types)) {
        let subject = subject(resource);
        let what = format!(
            "the diagnostic settings of {} {}",
            resource.resource_type, resource.name
        );
        let Some(settings) = out.part(&resource.diagnostic_settings, &subject, &what) else {
            continue;
        };
        // Any enabled log category or category group counts; metrics alone do not.
        let exporting: Vec<&str> = settings
            .iter()
            .filter(|s| {
                s.has_destination()
                    && s.logs
                        .iter()
                        .any(|l| l.enabled && (l.category.is_some() || l.category_group.is_some()))
            })
            .map(|s| s.name.as_str())
            .collect();
        let message = match (exporting.first(), settings.is_empty()) {
            (Some(_), _) => format!(
                "{}: diagnostic setting {} sends logs to a destination",
                resource.name,
                exporting.join(", ")
            ),
            (None, true) => format!("{}: no diagnostic settings", resource.name),
            (None, false) => format!(
                "{}: no diagnostic setting sends any log category to a destination (metrics only, or no destination)",
                resource.name
            ),
        };
        out.judge(
            !exporting.is_empty(),
            subject,
            message,
            json!({
                "type": resource.resource_type,
                "diagnosticSettings": settings.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
                "exportingLogs": exporting,
            }),
        );
    }
}
