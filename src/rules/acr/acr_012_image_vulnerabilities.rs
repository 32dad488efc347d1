//! ACR-012: registries holding images with unresolved vulnerabilities, as Defender's
//! assessments report them (D5): per-image assessments under the registry and the
//! previous per-registry assessment, both keys judged together.

use crate::rules::check;
use crate::rules::shape::assessment::{Attribution, Pick, judge_each};

pub const CHECK: crate::rules::Check = check!("acr", "ACR-012",
    sources: [Registries, Assessments],
    run: |s, out| judge_each(out, &s.acr.registries, &s.security.assessments, "ACR-012",
        Attribution::AtOrUnder, Pick::AllKeys, NONE));

const NONE: &str = "no Defender registry scan results (Defender produced no result; see DEF-008 and DEF-018 for the plan and its registry vulnerability assessment)";
