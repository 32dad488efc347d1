//! Defender for Cloud collector: every call is one subscription-scope list, read once
//! and shared by every check that needs it (plan pricings for ACR-004 and the DEF
//! plan checks, contacts, settings, auto-provisioning, VA settings, secure score,
//! assessments, and just-in-time VM access policies for AZVM-003).

use super::calls::{
    ASSESSMENTS, AUTO_PROVISIONING, Call, DEFENDER_PRICINGS, JIT_POLICIES, SECURE_SCORES,
    SECURITY_CONTACTS, SECURITY_SETTINGS, VA_SETTINGS,
};
use super::json::Reader;
use super::{Collector, Source};
use crate::rules::shape::assessment;
use crate::snapshot::Fetched;
use crate::snapshot::security::{
    Assessment, AutoProvisioning, JitPolicy, NotificationSource, PlanExtension, Pricing,
    RoleNotifications, SecureScore, SecurityContact, SecurityData, SecuritySetting, VaSetting,
};

pub async fn collect(c: &Collector) -> SecurityData {
    let (pricings, jit_policies, contacts, settings) = tokio::join!(
        read(
            c,
            Source::DefenderPricings,
            &DEFENDER_PRICINGS,
            parse_pricing
        ),
        read(c, Source::JitPolicies, &JIT_POLICIES, parse_jit_policy),
        read(
            c,
            Source::SecurityContacts,
            &SECURITY_CONTACTS,
            parse_contact
        ),
        read(
            c,
            Source::SecuritySettings,
            &SECURITY_SETTINGS,
            parse_setting
        ),
    );
    let (auto_provisioning, va_settings, secure_scores, assessments) = tokio::join!(
        read(
            c,
            Source::AutoProvisioning,
            &AUTO_PROVISIONING,
            parse_auto_provisioning
        ),
        read(c, Source::VaSettings, &VA_SETTINGS, parse_va_setting),
        read(c, Source::SecureScores, &SECURE_SCORES, parse_secure_score),
        async {
            // Only the keys some check judges are kept: the list holds one item per
            // resource and recommendation, thousands in a busy subscription.
            read(c, Source::Assessments, &ASSESSMENTS, parse_assessment)
                .await
                .map(|all| {
                    all.into_iter()
                        .filter(|a| assessment::is_judged_key(&a.key))
                        .collect()
                })
        },
    );
    SecurityData {
        pricings,
        jit_policies,
        contacts,
        settings,
        auto_provisioning,
        va_settings,
        secure_scores,
        assessments,
    }
}

async fn read<T>(
    c: &Collector,
    source: Source,
    call: &Call,
    parse: impl Fn(&Reader) -> T,
) -> Fetched<Vec<T>> {
    if !c.plan.wants(source) {
        return Fetched::NotCollected;
    }
    c.list(call, parse).await
}

pub(super) fn parse_pricing(r: &Reader) -> Pricing {
    Pricing {
        name: r.string("/name").unwrap_or_default(),
        pricing_tier: r.string("/properties/pricingTier"),
        sub_plan: r.string("/properties/subPlan"),
        resources_coverage_status: r.string("/properties/resourcesCoverageStatus"),
        enablement_time: r.string("/properties/enablementTime"),
        deprecated: r.boolean("/properties/deprecated"),
        replaced_by: r.strings("/properties/replacedBy"),
        extensions: r
            .items("/properties/extensions")
            .iter()
            .map(|e| PlanExtension {
                name: e.string("/name").unwrap_or_default(),
                is_enabled: e.value().get("isEnabled").filter(|v| !v.is_null()).cloned(),
            })
            .collect(),
    }
}

pub(super) fn parse_jit_policy(r: &Reader) -> JitPolicy {
    JitPolicy {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        virtual_machine_ids: r.ids("/properties/virtualMachines"),
    }
}

pub(super) fn parse_contact(r: &Reader) -> SecurityContact {
    SecurityContact {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        is_enabled: r.boolean("/properties/isEnabled"),
        emails: r.string("/properties/emails"),
        notifications_by_role: r.object("/properties/notificationsByRole").map(|n| {
            RoleNotifications {
                state: n.string("/state"),
                roles: n.strings("/roles"),
            }
        }),
        notifications_sources: r
            .items("/properties/notificationsSources")
            .iter()
            .map(|s| NotificationSource {
                source_type: s.string("/sourceType"),
                minimal_severity: s.string("/minimalSeverity"),
                minimal_risk_level: s.string("/minimalRiskLevel"),
            })
            .collect(),
    }
}

pub(super) fn parse_setting(r: &Reader) -> SecuritySetting {
    SecuritySetting {
        name: r.string("/name").unwrap_or_default(),
        kind: r.string("/kind"),
        enabled: r.boolean("/properties/enabled"),
    }
}

pub(super) fn parse_auto_provisioning(r: &Reader) -> AutoProvisioning {
    AutoProvisioning {
        name: r.string("/name").unwrap_or_default(),
        auto_provision: r.string("/properties/autoProvision"),
    }
}

pub(super) fn parse_va_setting(r: &Reader) -> VaSetting {
    VaSetting {
        name: r.string("/name").unwrap_or_default(),
        kind: r.string("/kind"),
        selected_provider: r.string("/properties/selectedProvider"),
    }
}

pub(super) fn parse_secure_score(r: &Reader) -> SecureScore {
    SecureScore {
        name: r.string("/name").unwrap_or_default(),
        current: r.number("/properties/score/current"),
        max: r.number("/properties/score/max"),
        percentage: r.number("/properties/score/percentage"),
    }
}

pub(super) fn parse_assessment(r: &Reader) -> Assessment {
    // Microsoft's example sends `resourceDetails.id`, live answers `Id`: any case.
    let resource_details_id = r.object("/properties/resourceDetails").and_then(|d| {
        let key = d
            .value()
            .as_object()?
            .keys()
            .find(|k| k.eq_ignore_ascii_case("id"))?;
        d.string(&format!("/{key}"))
    });
    Assessment {
        id: r.string("/id").unwrap_or_default(),
        key: r.string("/name").unwrap_or_default(),
        resource_details_id,
        display_name: r.string("/properties/displayName"),
        status_code: r.string("/properties/status/code"),
        status_cause: r.string("/properties/status/cause"),
        status_description: r.string("/properties/status/description"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::RefCell;

    #[test]
    fn assessment_resource_details_key_is_read_in_any_case() {
        let problems = RefCell::new(Vec::new());
        for key in ["Id", "id", "ID"] {
            let item = json!({"id": "/x/providers/Microsoft.Security/assessments/k", "name": "k",
                "properties": {"resourceDetails": {"Source": "Azure", key: "/subscriptions/s/vm"},
                    "status": {"code": "Healthy"}}});
            let a = parse_assessment(&Reader::new(&item, &problems));
            assert_eq!(
                a.resource_details_id.as_deref(),
                Some("/subscriptions/s/vm")
            );
            assert_eq!(a.status_code.as_deref(), Some("Healthy"));
        }
        assert!(problems.borrow().is_empty());
    }

    #[test]
    fn pricing_keeps_extension_flags_as_sent() {
        let problems = RefCell::new(Vec::new());
        let item = json!({"name": "VirtualMachines", "properties": {"pricingTier": "Standard",
            "subPlan": "P2", "deprecated": true, "replacedBy": ["Containers"],
            "extensions": [{"name": "AgentlessVmScanning", "isEnabled": "True"},
                {"name": "MdeDesignatedSubscription", "isEnabled": false}]}});
        let p = parse_pricing(&Reader::new(&item, &problems));
        assert_eq!(p.sub_plan.as_deref(), Some("P2"));
        assert_eq!(p.deprecated, Some(true));
        assert_eq!(p.replaced_by, ["Containers"]);
        assert_eq!(p.extensions[0].is_enabled, Some(json!("True")));
        assert_eq!(p.extensions[1].is_enabled, Some(json!(false)));
    }
}
