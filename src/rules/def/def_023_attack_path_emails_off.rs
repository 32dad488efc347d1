//! DEF-023: Defender attack path email notifications not enabled: the enabled contact
//! needs a `notificationsSources` item of type `AttackPath` (exactly, in any case:
//! Microsoft's own example misspells it `AttachPath`) whose `minimalRiskLevel` is High
//! or lower (Critical-only FAILs).

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::security::SecurityContact;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-023", sources: [SecurityContacts], run: run);

/// Risk levels from most to least severe; a source at `LEVEL` or below it passes.
const RISK_LEVELS: [&str; 4] = ["Critical", "High", "Medium", "Low"];
const LEVEL: &str = "High";

fn rank(level: &str) -> Option<usize> {
    RISK_LEVELS
        .iter()
        .position(|l| l.eq_ignore_ascii_case(level.trim()))
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::judge_contact(snapshot, out, "Attack path emails", judge);
}

fn judge(out: &mut Verdicts, subject: Subject, contact: &SecurityContact) {
    let paths: Vec<_> = contact
        .notifications_sources
        .iter()
        .filter(|s| eq_ci(s.source_type.as_deref(), "AttackPath"))
        .collect();
    let evidence = json!({
        "isEnabled": contact.is_enabled,
        "attackPathSources": paths.iter().map(|s| json!({"minimalRiskLevel": s.minimal_risk_level})).collect::<Vec<_>>(),
    });
    let wanted = rank(LEVEL);
    let passing = paths.iter().find_map(|s| {
        s.minimal_risk_level
            .as_deref()
            .filter(|l| rank(l).is_some() && rank(l) >= wanted)
    });
    if !super::contact_enabled(contact) {
        out.fail(
            subject,
            format!("Attack path emails: {} has isEnabled false", contact.name),
            evidence,
        );
    } else if let Some(level) = passing {
        out.pass(
            subject,
            format!("Attack path emails: AttackPath notifications from minimalRiskLevel {level}"),
            evidence,
        );
    } else if paths.is_empty() {
        out.fail(
            subject,
            format!(
                "Attack path emails: {} has no AttackPath notification source",
                contact.name
            ),
            evidence,
        );
    } else {
        let given: Vec<&str> = paths
            .iter()
            .map(|s| s.minimal_risk_level.as_deref().unwrap_or("not set"))
            .collect();
        out.fail(
            subject,
            format!(
                "Attack path emails: AttackPath notifications have minimalRiskLevel {}, not {LEVEL} or lower",
                given.join(", ")
            ),
            evidence,
        );
    }
}
