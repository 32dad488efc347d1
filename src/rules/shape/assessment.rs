//! Defender for Cloud assessments (CHECKS-2 D5): which assessments are about a
//! resource, and the one verdict they give.
//!
//! A check on assessments names its keys in `assessment_keys.toml` (data, not code:
//! Microsoft replaces keys), picks the assessments of each judged resource, and judges
//! them:
//!
//! ```ignore
//! // One call does it for every resource of a list (ACR-012, AZVM-011/012, AKS-011):
//! assessment::judge_each(out, &s.compute.virtual_machines, &s.security.assessments,
//!     "AZVM-011", Attribution::Exact, Pick::FirstKey, "Defender produced no EDR result ...");
//! // or step by step (AKS-011), indexing the assessments once for the whole list:
//! let index = assessment::ByResource::new(assessments, keys("AKS-011"));
//! let found = index.of(&cluster.id, Attribution::AtOrUnder, Pick::AllKeys);
//! assessment::judge(out, cluster.subject(), &cluster.label(), &found, "Defender produced no result ...");
//! ```
//!
//! - An assessment's resource is `properties.resourceDetails.Id` (the key in any case),
//!   else the part of its own `id` before `/providers/Microsoft.Security/assessments/`.
//! - `Attribution::Exact` takes assessments on the resource itself (a VM);
//!   `Attribution::AtOrUnder` also those on anything under it by whole path segments
//!   (a registry's images, a cluster's containers), whatever the child ID's format.
//! - `Pick::AllKeys` judges every listed key together; `Pick::FirstKey` judges only the
//!   first key, in the file's order, that has an assessment for the resource (a new key
//!   that supersedes a legacy one).
//! - Unhealthy → FAIL; Healthy → PASS; NotApplicable → PASS naming the cause; any
//!   other code → MANUAL naming it; no assessment → MANUAL, never PASS.

use super::Resource;
use crate::rules::{Subject, Verdicts};
use crate::snapshot::security::Assessment;
use crate::snapshot::{Fetched, canonical_id};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Which assessments are about a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribution {
    /// On the resource itself (exact ID, case-insensitive).
    Exact,
    /// On the resource or anything under it, by whole path segments.
    AtOrUnder,
}

/// Which of a check's keys are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Every key together.
    AllKeys,
    /// The first key (in the file's order) with any assessment for the resource.
    FirstKey,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyList {
    keys: Vec<String>,
}

fn table() -> &'static BTreeMap<String, KeyList> {
    static TABLE: OnceLock<BTreeMap<String, KeyList>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Compiled in and parsed by this module's tests, so a failure is a build
        // defect, not a user error (as the check metadata in `rules::catalog`).
        toml::from_str(include_str!("assessment_keys.toml"))
            .unwrap_or_else(|e| panic!("src/rules/shape/assessment_keys.toml: {e}"))
    })
}

/// The assessment keys `check` judges, in preference order; empty for a check the
/// file does not list.
pub fn keys(check: &str) -> &'static [String] {
    table().get(check).map_or(&[], |list| &list.keys)
}

/// Whether some check judges assessments with this key (the collector keeps only those).
pub fn is_judged_key(name: &str) -> bool {
    table()
        .values()
        .flat_map(|list| &list.keys)
        .any(|k| k.eq_ignore_ascii_case(name.trim()))
}

/// The resource an assessment is about, in canonical form.
pub fn resource_of(assessment: &Assessment) -> String {
    if let Some(id) = assessment
        .resource_details_id
        .as_deref()
        .filter(|id| !id.trim().is_empty())
    {
        return canonical_id(id);
    }
    let id = canonical_id(&assessment.id);
    match id.find("/providers/microsoft.security/assessments/") {
        Some(at) => id[..at].to_string(),
        None => id,
    }
}

/// A check's assessments (those of its keys) by the canonical ID of the resource each is
/// about, built once so that attributing them to every resource of a list is a lookup
/// rather than a pass over all of a subscription's assessments per resource.
pub struct ByResource<'a, 'k> {
    keys: &'k [String],
    by_resource: BTreeMap<String, Vec<&'a Assessment>>,
}

impl<'a, 'k> ByResource<'a, 'k> {
    pub fn new(assessments: &'a [Assessment], keys: &'k [String]) -> ByResource<'a, 'k> {
        let mut by_resource: BTreeMap<String, Vec<&'a Assessment>> = BTreeMap::new();
        for assessment in assessments {
            let key = assessment.key.trim();
            if keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                by_resource
                    .entry(resource_of(assessment))
                    .or_default()
                    .push(assessment);
            }
        }
        ByResource { keys, by_resource }
    }

    /// The assessments about `resource_id`, chosen as `pick` says.
    pub fn of(
        &self,
        resource_id: &str,
        attribution: Attribution,
        pick: Pick,
    ) -> Vec<&'a Assessment> {
        let resource = canonical_id(resource_id);
        let mut about: Vec<&'a Assessment> =
            self.by_resource.get(&resource).cloned().unwrap_or_default();
        if attribution == Attribution::AtOrUnder {
            // Everything under `resource/` sorts between `resource/` and `resource0`
            // ('0' follows '/'); `resource-b` sorts before both, so it is never taken.
            let (from, to) = (format!("{resource}/"), format!("{resource}0"));
            about.extend(
                self.by_resource
                    .range(from..to)
                    .flat_map(|(_, found)| found.iter().copied()),
            );
        }
        let with_key = |key: &String| -> Vec<&'a Assessment> {
            about
                .iter()
                .copied()
                .filter(|a| a.key.trim().eq_ignore_ascii_case(key))
                .collect()
        };
        match pick {
            Pick::AllKeys => self.keys.iter().flat_map(with_key).collect(),
            Pick::FirstKey => self
                .keys
                .iter()
                .map(with_key)
                .find(|found| !found.is_empty())
                .unwrap_or_default(),
        }
    }
}

/// How one status code reads.
enum Code<'a> {
    Healthy,
    Unhealthy,
    NotApplicable,
    Unknown(Option<&'a str>),
}

fn code(assessment: &Assessment) -> Code<'_> {
    match assessment.status_code.as_deref().map(str::trim) {
        Some(c) if c.eq_ignore_ascii_case("Healthy") => Code::Healthy,
        Some(c) if c.eq_ignore_ascii_case("Unhealthy") => Code::Unhealthy,
        Some(c) if c.eq_ignore_ascii_case("NotApplicable") => Code::NotApplicable,
        other => Code::Unknown(other),
    }
}

/// The most assessments a verdict's evidence lists (a registry can hold thousands of
/// images); the counts are always complete.
const EVIDENCE_LIMIT: usize = 20;

fn evidence(found: &[&Assessment]) -> Value {
    let listed: Vec<Value> = found
        .iter()
        .take(EVIDENCE_LIMIT)
        .map(|a| {
            json!({
                "key": a.key,
                "resource": a.resource_details_id.as_deref().unwrap_or(&a.id),
                "status": a.status_code,
                "cause": a.status_cause,
            })
        })
        .collect();
    json!({ "assessments": listed, "count": found.len() })
}

/// Judges a resource by its assessments (D5): any Unhealthy → FAIL (counted); else an
/// unknown code → MANUAL naming it; else PASS (NotApplicable with its cause). None at
/// all → MANUAL with `none` ("Defender produced no result ..."), never PASS.
pub fn judge(out: &mut Verdicts, subject: Subject, label: &str, found: &[&Assessment], none: &str) {
    if found.is_empty() {
        out.manual(
            subject,
            format!("{label}: {none}"),
            json!({ "assessments": [] }),
        );
        return;
    }
    let unhealthy: Vec<&&Assessment> = found
        .iter()
        .filter(|a| matches!(code(a), Code::Unhealthy))
        .collect();
    if let Some(first) = unhealthy.first() {
        let what = first.display_name.as_deref().unwrap_or(&first.key);
        out.fail(
            subject,
            format!(
                "{label}: Defender reports {} of {} assessment(s) Unhealthy ({what})",
                unhealthy.len(),
                found.len()
            ),
            evidence(found),
        );
        return;
    }
    if let Some(unknown) = found.iter().find_map(|a| match code(a) {
        Code::Unknown(c) => Some(c),
        _ => None,
    }) {
        let said = match unknown {
            Some(c) => format!("status code '{c}'"),
            None => "no status code".to_string(),
        };
        out.manual(
            subject,
            format!("{label}: Defender gave {said}, which azscan cannot judge; review it in Defender for Cloud"),
            evidence(found),
        );
        return;
    }
    let causes: Vec<&str> = found
        .iter()
        .filter(|a| matches!(code(a), Code::NotApplicable))
        .map(|a| a.status_cause.as_deref().unwrap_or("no cause given"))
        .collect();
    let message = if causes.is_empty() {
        format!(
            "{label}: Defender reports {} assessment(s) Healthy",
            found.len()
        )
    } else {
        format!(
            "{label}: Defender reports {} assessment(s) Healthy or NotApplicable (NotApplicable: {})",
            found.len(),
            causes.join("; ")
        )
    };
    out.pass(subject, message, evidence(found));
}

/// D5 for every resource of `list` with `check`'s keys: an unreadable list is one ERROR
/// on the subscription; unreadable assessments are an ERROR for each resource; otherwise
/// each resource is judged on its own assessments (`judge`), `none` saying why a resource
/// without any is MANUAL.
pub fn judge_each<R: Resource>(
    out: &mut Verdicts,
    list: &Fetched<Vec<R>>,
    assessments: &Fetched<Vec<Assessment>>,
    check: &str,
    attribution: Attribution,
    pick: Pick,
    none: &str,
) {
    let resources = super::each(out, list);
    let Some(assessments) = out.supporting(
        assessments,
        "the Defender assessments",
        resources,
        R::subject,
    ) else {
        return;
    };
    let index = ByResource::new(assessments, keys(check));
    for resource in resources {
        let found = index.of(resource.head().id, attribution, pick);
        judge(out, resource.subject(), &resource.label(), &found, none);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assessment(key: &str, details: Option<&str>, id: &str, code: &str) -> Assessment {
        Assessment {
            id: id.into(),
            key: key.into(),
            resource_details_id: details.map(str::to_string),
            status_code: Some(code.into()),
            ..Assessment::default()
        }
    }

    const REGISTRY: &str =
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr-1";

    #[test]
    fn the_key_file_parses_and_lists_every_assessment_check() {
        for check in ["ACR-012", "AZVM-011", "AZVM-012"] {
            assert!(!keys(check).is_empty(), "{check}");
        }
        assert!(keys("DEF-001").is_empty());
        assert!(is_judged_key("E1145AB1-EB4F-43D8-911B-36DDF771D13F"));
        assert!(!is_judged_key("00000000-0000-0000-0000-000000000000"));
    }

    #[test]
    fn attribution_is_by_whole_path_segments() {
        let keys = vec!["k".to_string()];
        let on = |id: &str| assessment("k", Some(id), "", "Unhealthy");
        let image = format!(
            "{}/repositories/app/images/sha256:ab",
            REGISTRY.to_uppercase()
        );
        let assessments = [
            on(REGISTRY),
            on(&image),
            on(&format!("{REGISTRY}b")),
            on(&format!("{REGISTRY}-b/repositories/x")),
            on("/subscriptions/s/resourceGroups/rg"),
        ];
        let ids = |found: Vec<&Assessment>| -> Vec<String> {
            found
                .iter()
                .map(|a| a.resource_details_id.clone().unwrap())
                .collect()
        };
        let index = ByResource::new(&assessments, &keys);
        assert_eq!(
            ids(index.of(REGISTRY, Attribution::AtOrUnder, Pick::AllKeys)),
            [REGISTRY.to_string(), image]
        );
        assert_eq!(
            ids(index.of(REGISTRY, Attribution::Exact, Pick::AllKeys)),
            [REGISTRY.to_string()]
        );
    }

    #[test]
    fn resource_falls_back_to_the_assessment_id() {
        let a = assessment(
            "k",
            None,
            &format!("{REGISTRY}/providers/Microsoft.Security/assessments/k"),
            "Healthy",
        );
        assert_eq!(resource_of(&a), canonical_id(REGISTRY));
        let b = assessment(
            "k",
            Some(""),
            "/x/providers/Microsoft.Security/assessments/k",
            "Healthy",
        );
        assert_eq!(resource_of(&b), "/x");
    }

    #[test]
    fn first_key_prefers_the_newest_key_present() {
        let keys = vec!["new".to_string(), "old".to_string()];
        let list = [
            assessment("old", Some(REGISTRY), "/a", "Unhealthy"),
            assessment("NEW", Some(REGISTRY), "/b", "Healthy"),
            assessment("old", Some("/other"), "/c", "Healthy"),
        ];
        let first = ByResource::new(&list, &keys).of(REGISTRY, Attribution::Exact, Pick::FirstKey);
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].id, "/b");
        let all = ByResource::new(&list, &keys).of(REGISTRY, Attribution::Exact, Pick::AllKeys);
        assert_eq!(all.len(), 2);
        let only_old =
            ByResource::new(&list, &keys).of("/other", Attribution::Exact, Pick::FirstKey);
        assert_eq!(only_old[0].id, "/c");
    }
}
