//! Defender for Cloud plans (CHECKS-2 D1/D2): a plan is on when its pricing entry says
//! `Standard` (case-insensitive); Free, a null tier and an absent entry are off.
//! `judge` is D1 for one plan, its message carrying `subPlan`, coverage, enablement
//! time and deprecation; `extension_on` is D2 on a plan's extensions.

use crate::rules::{Subject, Verdicts};
use crate::snapshot::eq_ci;
use crate::snapshot::security::Pricing;
use serde_json::{Value, json};

/// The tier each of `names` has in `pricings`, in pricing-list order; plans the
/// subscription does not list are left out.
pub fn tiers<'a>(pricings: &'a [Pricing], names: &[&str]) -> Vec<(&'a str, Option<&'a str>)> {
    pricings
        .iter()
        .filter(|p| names.iter().any(|n| p.name.eq_ignore_ascii_case(n)))
        .map(|p| (p.name.as_str(), p.pricing_tier.as_deref()))
        .collect()
}

/// Whether any of the listed plans is on (D1).
pub fn any_standard(tiers: &[(&str, Option<&str>)]) -> bool {
    tiers.iter().any(|(_, tier)| eq_ci(*tier, "Standard"))
}

/// `Containers plan is Standard, ContainerRegistry plan is Free`, or `absent` when none
/// of the plans is listed.
pub fn describe(tiers: &[(&str, Option<&str>)], absent: &str) -> String {
    if tiers.is_empty() {
        return absent.to_string();
    }
    tiers
        .iter()
        .map(|(name, tier)| format!("{name} plan is {}", tier.unwrap_or("not set")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `{"pricings": [{"name", "pricingTier"}]}`: the plans that decided.
pub fn evidence(tiers: &[(&str, Option<&str>)]) -> Value {
    json!({
        "pricings": tiers.iter().map(|(n, t)| json!({"name": n, "pricingTier": t})).collect::<Vec<_>>()
    })
}

/// A plan extension's `isEnabled` (D2): the spec sends the text `"True"`/`"False"`,
/// some responses a JSON boolean; a missing extension or value is disabled.
pub fn extension_enabled(is_enabled: Option<&Value>) -> bool {
    match is_enabled {
        Some(Value::Bool(on)) => *on,
        Some(Value::String(text)) => text.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// The pricing entry of plan `name` (case-insensitive).
pub fn find<'a>(pricings: &'a [Pricing], name: &str) -> Option<&'a Pricing> {
    pricings
        .iter()
        .find(|p| p.name.trim().eq_ignore_ascii_case(name))
}

/// Whether the plan is on (Standard); Free, a null tier or no entry is off.
pub fn is_standard(pricing: Option<&Pricing>) -> bool {
    pricing.is_some_and(|p| eq_ci(p.pricing_tier.as_deref(), "Standard"))
}

/// Whether `pricing` is Standard with this sub-plan (`P2`), case-insensitive.
pub fn is_standard_with(pricing: Option<&Pricing>, sub_plan: &str) -> bool {
    is_standard(pricing) && pricing.is_some_and(|p| eq_ci(p.sub_plan.as_deref(), sub_plan))
}

/// `VirtualMachines plan is Standard (subPlan P2; resourcesCoverageStatus
/// PartiallyCovered: some resources opted out; enabled 2023-03-01T12:42:42Z)`: the tier
/// and every D1 detail the entry reports, deprecation included (reported, not judged).
pub fn describe_one(pricing: &Pricing) -> String {
    let mut details = Vec::new();
    if let Some(sub) = &pricing.sub_plan {
        details.push(format!("subPlan {sub}"));
    }
    if let Some(coverage) = &pricing.resources_coverage_status {
        if coverage.eq_ignore_ascii_case("PartiallyCovered") {
            details.push(format!(
                "resourcesCoverageStatus {coverage}: some resources opted out"
            ));
        } else {
            details.push(format!("resourcesCoverageStatus {coverage}"));
        }
    }
    if let Some(since) = &pricing.enablement_time {
        details.push(format!("enabled {since}"));
    }
    if pricing.deprecated == Some(true) {
        if pricing.replaced_by.is_empty() {
            details.push("deprecated".to_string());
        } else {
            details.push(format!(
                "deprecated, replaced by {}",
                pricing.replaced_by.join(", ")
            ));
        }
    }
    let tier = pricing.pricing_tier.as_deref().unwrap_or("not set");
    if details.is_empty() {
        format!("{} plan is {tier}", pricing.name)
    } else {
        format!("{} plan is {tier} ({})", pricing.name, details.join("; "))
    }
}

/// Evidence of one plan: the fields D1 reports, as read.
pub fn evidence_one(pricing: &Pricing) -> Value {
    json!({
        "name": pricing.name,
        "pricingTier": pricing.pricing_tier,
        "subPlan": pricing.sub_plan,
        "resourcesCoverageStatus": pricing.resources_coverage_status,
        "enablementTime": pricing.enablement_time,
        "deprecated": pricing.deprecated,
        "replacedBy": pricing.replaced_by,
        "extensions": pricing.extensions.iter()
            .map(|e| json!({"name": e.name, "isEnabled": e.is_enabled}))
            .collect::<Vec<_>>(),
    })
}

/// `{"pricings": [...]}` with `evidence_one` of each plan that decided.
pub fn evidence_of(pricings: &[&Pricing]) -> Value {
    json!({ "pricings": pricings.iter().map(|p| evidence_one(p)).collect::<Vec<_>>() })
}

/// D1 for plan `name` on `subject`: Standard → PASS; Free or a null tier → FAIL;
/// no entry → FAIL ("plan not offered in this subscription"). `label` names the plan
/// for people (`Defender for Servers`).
pub fn judge(out: &mut Verdicts, subject: Subject, pricings: &[Pricing], name: &str, label: &str) {
    match find(pricings, name) {
        Some(pricing) => out.judge(
            is_standard(Some(pricing)),
            subject,
            format!("{label}: {}", describe_one(pricing)),
            json!({ "pricing": evidence_one(pricing) }),
        ),
        None => out.fail(
            subject,
            format!("{label}: no {name} plan in the pricings list (plan not offered in this subscription)"),
            json!({ "pricing": null, "plan": name }),
        ),
    }
}

/// D2: whether `pricing` lists extension `name` (case-insensitive) as enabled.
pub fn extension_on(pricing: &Pricing, name: &str) -> bool {
    pricing.extensions.iter().any(|e| {
        e.name.trim().eq_ignore_ascii_case(name) && extension_enabled(e.is_enabled.as_ref())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pricing(name: &str, tier: Option<&str>) -> Pricing {
        Pricing {
            name: name.into(),
            pricing_tier: tier.map(str::to_string),
            ..Pricing::default()
        }
    }

    #[test]
    fn standard_in_any_case_is_on_and_null_or_absent_is_off() {
        let pricings = [
            pricing("VirtualMachines", Some("Free")),
            pricing("containers", Some("standard")),
            pricing("ContainerRegistry", None),
        ];
        let found = tiers(&pricings, &["Containers", "ContainerRegistry"]);
        assert!(any_standard(&found));
        assert_eq!(
            describe(&found, "absent"),
            "containers plan is standard, ContainerRegistry plan is not set"
        );
        assert!(!any_standard(&tiers(&pricings, &["ContainerRegistry"])));
        assert!(!any_standard(&tiers(&pricings, &["Dns"])));
        assert_eq!(
            describe(&tiers(&pricings, &["Dns"]), "no Dns plan"),
            "no Dns plan"
        );
    }

    #[test]
    fn extension_is_enabled_as_text_or_boolean() {
        assert!(extension_enabled(Some(&json!("True"))));
        assert!(extension_enabled(Some(&json!(true))));
        assert!(!extension_enabled(Some(&json!("False"))));
        assert!(!extension_enabled(None));
    }

    #[test]
    fn one_plan_is_described_with_every_d1_detail() {
        let mut p = pricing("KubernetesService", Some("Free"));
        p.sub_plan = Some("P2".into());
        p.resources_coverage_status = Some("partiallyCovered".into());
        p.enablement_time = Some("2023-03-01T12:42:42Z".into());
        p.deprecated = Some(true);
        p.replaced_by = vec!["Containers".into()];
        assert_eq!(
            describe_one(&p),
            "KubernetesService plan is Free (subPlan P2; resourcesCoverageStatus partiallyCovered: some resources opted out; enabled 2023-03-01T12:42:42Z; deprecated, replaced by Containers)"
        );
        assert!(!is_standard(Some(&p)));
        assert!(!is_standard(None));
        assert!(!is_standard_with(
            Some(&pricing("VirtualMachines", Some("standard"))),
            "P2"
        ));
        p.pricing_tier = Some("STANDARD".into());
        assert!(is_standard_with(Some(&p), "p2"));
    }
}
