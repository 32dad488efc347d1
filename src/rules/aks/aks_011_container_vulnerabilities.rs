//! AKS-011: clusters running containers with unresolved vulnerabilities, as Defender's
//! assessments report them (D5): per-container assessments under the cluster and the
//! previous per-cluster assessment, both keys judged together.

use crate::rules::shape::assessment::{Attribution, ByResource, Pick, judge, keys, resource_of};
use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::security::Assessment;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aks", "AKS-011", sources: [ManagedClusters, Assessments], run: run);

const NONE: &str = "no Defender results for its running containers (Defender produced no result; see DEF-008 and DEF-018 for the Containers plan and its registry vulnerability assessment)";

/// The path segment every resource ID under a cluster carries.
const CLUSTERS: &str = "/providers/microsoft.containerservice/managedclusters/";

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let clusters = shape::each(out, &snapshot.aks.clusters);
    let Some(assessments) = out.supporting(
        &snapshot.security.assessments,
        "the Defender assessments",
        clusters,
        |c| c.subject(),
    ) else {
        return;
    };
    let keys = keys("AKS-011");
    // A per-container assessment whose resource ID names no cluster can only be
    // attributed through its sub-assessments, which azscan does not read
    // (docs/decisions.md): an Unhealthy one may belong to any cluster, so no cluster
    // without an Unhealthy result of its own is called healthy.
    let unattributed: Vec<&Assessment> = assessments
        .iter()
        .filter(|a| keys.iter().any(|k| k.eq_ignore_ascii_case(a.key.trim())))
        .filter(|a| !resource_of(a).contains(CLUSTERS))
        .filter(|a| eq_ci(a.status_code.as_deref(), "Unhealthy"))
        .collect();
    let index = ByResource::new(assessments, keys);
    for cluster in clusters {
        let found = index.of(&cluster.id, Attribution::AtOrUnder, Pick::AllKeys);
        let own_unhealthy = found
            .iter()
            .any(|a| eq_ci(a.status_code.as_deref(), "Unhealthy"));
        if own_unhealthy || unattributed.is_empty() {
            judge(out, cluster.subject(), &cluster.label(), &found, NONE);
            continue;
        }
        out.manual(
            cluster.subject(),
            format!(
                "{}: {} Unhealthy container assessment(s) in the subscription name no cluster in their resource ID and may concern this cluster; azscan does not read sub-assessments to attribute them, so review them in Defender for Cloud",
                cluster.label(),
                unattributed.len()
            ),
            json!({
                "assessments": found.len(),
                "unattributedUnhealthy": unattributed.iter().take(20).map(|a| a.resource_details_id.as_deref().unwrap_or(&a.id)).collect::<Vec<_>>(),
            }),
        );
    }
}
