//! ACR-012: registries holding images with unresolved vulnerabilities, as Defender's
//! assessments report them (D5): per-image assessments under the registry and the
//! previous per-registry assessment, both keys judged together.

use crate::rules::shape::assessment::{self, Attribution, Pick};
use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("acr", "ACR-012", sources: [Registries, Assessments], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let registries = each(out, &snapshot.acr.registries);
    let Some(assessments) = out.supporting(
        &snapshot.security.assessments,
        "the Defender assessments",
        registries,
        Resource::subject,
    ) else {
        return;
    };
    let keys = assessment::keys("ACR-012");
    for registry in registries {
        let found = assessment::of_resource(
            assessments,
            keys,
            &registry.id,
            Attribution::AtOrUnder,
            Pick::AllKeys,
        );
        assessment::judge(
            out,
            registry.subject(),
            &registry.name,
            &found,
            "no Defender registry scan results (Defender produced no result; see DEF-008 and DEF-018 for the plan and its registry vulnerability assessment)",
        );
    }
}
