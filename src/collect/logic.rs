//! Logic Apps collector: Consumption workflows with their trigger definitions and
//! trigger access control.

use super::calls::LOGIC_WORKFLOWS;
use super::json::Reader;
use super::{Collector, Source, identity, wanted};
use crate::snapshot::logic::{LogicData, OAuthPolicy, Workflow};

pub async fn collect(c: &Collector) -> LogicData {
    let workflows = wanted::list(
        c,
        &[Source::LogicWorkflows],
        &LOGIC_WORKFLOWS,
        parse_workflow,
    )
    .await;
    LogicData { workflows }
}

/// The members of the object at `pointer` as (key, JSON pointer to its value); keys
/// are free text (trigger names, APIM property names with dots), so they are escaped.
pub(super) fn entries(r: &Reader, pointer: &str) -> Vec<(String, String)> {
    let Some(object) = r.object(pointer) else {
        return Vec::new();
    };
    object
        .value()
        .as_object()
        .map(|members| {
            members
                .keys()
                .map(|key| {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    (key.clone(), format!("{pointer}/{escaped}"))
                })
                .collect()
        })
        .unwrap_or_default()
}

const TRIGGERS: &str = "/properties/accessControl/triggers";

pub(super) fn parse_workflow(r: &Reader) -> Workflow {
    let request_triggers = entries(r, "/properties/definition/triggers")
        .into_iter()
        .filter(|(_, pointer)| {
            r.string(&format!("{pointer}/type"))
                .is_some_and(|t| t.eq_ignore_ascii_case("Request"))
        })
        .map(|(name, _)| name)
        .collect();
    let allowed = format!("{TRIGGERS}/allowedCallerIpAddresses");
    let allowed_caller_ranges = r
        .value()
        .pointer(&allowed)
        .filter(|v| !v.is_null())
        .map(|_| {
            r.items(&allowed)
                .iter()
                .filter_map(|entry| entry.string("/addressRange"))
                .collect()
        });
    let oauth_policies = entries(
        r,
        &format!("{TRIGGERS}/openAuthenticationPolicies/policies"),
    )
    .into_iter()
    .map(|(name, pointer)| OAuthPolicy {
        name,
        policy_type: r.string(&format!("{pointer}/type")),
        claims: r
            .items(&format!("{pointer}/claims"))
            .iter()
            .filter_map(|claim| claim.string("/name"))
            .collect(),
    })
    .collect();
    Workflow {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        state: r.string("/properties/state"),
        identity: identity::parse_identity(r),
        request_triggers,
        allowed_caller_ranges,
        oauth_policies,
    }
}
