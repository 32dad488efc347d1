//! Defender for Cloud plans (CHECKS-2 D1/D2): a plan is on when its pricing entry says
//! `Standard` (case-insensitive); Free, a null tier and an absent entry are off.

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

#[cfg(test)]
mod tests {
    use super::*;

    fn pricing(name: &str, tier: Option<&str>) -> Pricing {
        Pricing {
            name: name.into(),
            pricing_tier: tier.map(str::to_string),
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
}
