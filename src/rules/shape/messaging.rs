//! Event Hubs and Service Bus namespaces (EVH/SBUS-001…003): the two providers share
//! one namespace model, so each row is judged once here for both.

use super::exposure::{DefaultAction, Exposure};
use super::{Resource, each, property, tls};
use crate::rules::Verdicts;
use crate::snapshot::Fetched;
use crate::snapshot::messaging::{Namespace, Provider};
use serde_json::{Value, json};

impl<P: Provider> Resource for Namespace<P> {
    const LIST: &'static str = P::LIST;

    fn label(&self) -> String {
        self.name.clone()
    }

    fn described(&self) -> String {
        format!("{} namespace {}", P::SERVICE, self.name)
    }
}

type Namespaces<P> = Fetched<Vec<Namespace<P>>>;

/// EVH/SBUS-001: only `disableLocalAuth` true passes.
pub fn local_auth<P: Provider>(out: &mut Verdicts, list: &Namespaces<P>) {
    property::judge_each(
        out,
        list,
        "disableLocalAuth",
        |n| n.disable_local_auth,
        "not set (SAS keys are accepted)",
        property::is_true,
    );
}

/// EVH/SBUS-003: TLS 1.2 or later; unset fails because older namespaces accepted 1.0.
pub fn minimum_tls<P: Provider>(out: &mut Verdicts, list: &Namespaces<P>) {
    tls::judge_each(
        out,
        list,
        |n| n.minimum_tls_version.as_deref(),
        "not set (the effective minimum depends on the namespace's age: older namespaces accept TLS 1.0)",
    );
}

/// EVH/SBUS-002: the namespace's `publicNetworkAccess` decides when set (Disabled or
/// SecuredByPerimeter passes without the rule set); otherwise the rule set's own
/// access value, then its `defaultAction` (Deny passes). An unread rule set is ERROR.
pub fn network<P: Provider>(out: &mut Verdicts, list: &Namespaces<P>) {
    for namespace in each(out, list) {
        let listed = Exposure::access(namespace.public_network_access.as_deref());
        if listed.access_disabled() {
            listed.judge(out, namespace, &[]);
            continue;
        }
        let what = format!(
            "the network rule set (networkRuleSets/default) of {}",
            namespace.described()
        );
        let Some(rules) = out.part(&namespace.network_rule_set, &namespace.subject(), &what) else {
            continue;
        };
        let exposure = Exposure {
            public_network_access: namespace
                .public_network_access
                .as_deref()
                .or(rules.public_network_access.as_deref()),
            default_action: Some(DefaultAction {
                path: "networkRuleSets/default defaultAction",
                value: rules.default_action.as_deref(),
                inert: None,
            }),
        };
        let trusted = rules
            .trusted_service_access_enabled
            .map_or("not set".to_string(), |t| t.to_string());
        let mut evidence = exposure.evidence();
        evidence.insert("ipRules".into(), json!(rules.ip_rules));
        evidence.insert(
            "virtualNetworkRules".into(),
            json!(rules.virtual_network_rules),
        );
        evidence.insert(
            "trustedServiceAccessEnabled".into(),
            json!(rules.trusted_service_access_enabled),
        );
        out.judge(
            exposure.restricted(),
            namespace.subject(),
            format!(
                "{}: {}; {} IP rule(s), {} virtual network rule(s), trustedServiceAccessEnabled is {trusted}",
                namespace.label(),
                exposure.describe(),
                rules.ip_rules,
                rules.virtual_network_rules,
            ),
            Value::Object(evidence),
        );
    }
}
