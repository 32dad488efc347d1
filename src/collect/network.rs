//! Network collector: NSGs, network watchers and (per watcher) their flow logs,
//! application gateways (with their WAF policy's mode), public IP addresses and
//! network interfaces, each one subscription-wide list read concurrently.

use super::calls::{
    APPLICATION_GATEWAYS, Call, FLOW_LOGS, NETWORK_INTERFACES, NETWORK_WATCHERS, PUBLIC_IPS,
    SECURITY_GROUPS, WAF_POLICY,
};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::network::{
    ApplicationGateway, FlowLog, NetworkData, NetworkInterface, NetworkWatcher, NicIpConfiguration,
    PublicIp, SecurityGroup, SecurityRule, WafPolicySettings,
};
use crate::snapshot::{Fetched, canonical_id};
use futures::future::join_all;
use std::collections::BTreeMap;

pub async fn collect(c: &Collector) -> NetworkData {
    let (security_groups, watchers, application_gateways, public_ips, network_interfaces) = tokio::join!(
        list(
            c,
            Source::NetworkSecurityGroups,
            &SECURITY_GROUPS,
            parse_security_group
        ),
        watchers(c),
        application_gateways(c),
        list(c, Source::PublicIps, &PUBLIC_IPS, parse_public_ip),
        list(
            c,
            Source::NetworkInterfaces,
            &NETWORK_INTERFACES,
            parse_network_interface
        ),
    );
    NetworkData {
        security_groups,
        watchers,
        application_gateways,
        public_ips,
        network_interfaces,
    }
}

/// `call` when the plan wants `source`.
async fn list<T>(
    c: &Collector,
    source: Source,
    call: &Call,
    parse: fn(&Reader) -> T,
) -> Fetched<Vec<T>> {
    if !c.plan.wants(source) {
        return Fetched::NotCollected;
    }
    c.list(call, parse).await
}

async fn watchers(c: &Collector) -> Fetched<Vec<NetworkWatcher>> {
    let mut watchers = list(c, Source::FlowLogs, &NETWORK_WATCHERS, parse_watcher).await;
    if let Fetched::Ok(watchers) = &mut watchers {
        let read = async |w: &NetworkWatcher| c.list_under(&FLOW_LOGS, &w.id, parse_flow_log).await;
        c.children(watchers, read, |w, logs| w.flow_logs = logs)
            .await;
    }
    watchers
}

/// Gateways, then each attached WAF policy, read once however many gateways share it.
async fn application_gateways(c: &Collector) -> Fetched<Vec<ApplicationGateway>> {
    let mut gateways = list(
        c,
        Source::ApplicationGateways,
        &APPLICATION_GATEWAYS,
        parse_application_gateway,
    )
    .await;
    let Fetched::Ok(gateways) = &mut gateways else {
        return gateways;
    };
    let policy_ids: BTreeMap<String, String> = gateways
        .iter()
        .filter_map(|g| g.firewall_policy_id.clone())
        .map(|id| (canonical_id(&id), id))
        .collect();
    let policies: BTreeMap<String, Fetched<WafPolicySettings>> =
        join_all(policy_ids.into_iter().map(|(key, id)| async move {
            let policy = c.get_under(&WAF_POLICY, &id, parse_waf_policy).await;
            (key, policy)
        }))
        .await
        .into_iter()
        .collect();
    for gateway in gateways.iter_mut() {
        let Some(id) = &gateway.firewall_policy_id else {
            continue;
        };
        if let Some(policy) = policies.get(&canonical_id(id)) {
            gateway.firewall_policy = policy.clone();
            // A malformed policy costs every gateway that judges by it.
            c.charge(id, &gateway.id);
        }
    }
    Fetched::Ok(std::mem::take(gateways))
}

pub(super) fn parse_waf_policy(r: &Reader) -> WafPolicySettings {
    WafPolicySettings {
        state: r.string("/properties/policySettings/state"),
        mode: r.string("/properties/policySettings/mode"),
    }
}

pub(super) fn parse_security_group(r: &Reader) -> SecurityGroup {
    let rules = |pointer: &str| r.items(pointer).iter().map(parse_rule).collect();
    SecurityGroup {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        security_rules: rules("/properties/securityRules"),
        default_security_rules: rules("/properties/defaultSecurityRules"),
        subnet_ids: r.ids("/properties/subnets"),
        network_interface_ids: r.ids("/properties/networkInterfaces"),
    }
}

/// Ports and priorities arrive as numbers or text; both are kept (a lost port could
/// hide an opening from the internet).
fn parse_rule(r: &Reader) -> SecurityRule {
    let p = |field: &str| format!("/properties/{field}");
    SecurityRule {
        name: r.string("/name").unwrap_or_default(),
        protocol: r.string(&p("protocol")),
        source_address_prefix: r.string(&p("sourceAddressPrefix")),
        source_address_prefixes: r.strings(&p("sourceAddressPrefixes")),
        destination_address_prefix: r.string(&p("destinationAddressPrefix")),
        destination_address_prefixes: r.strings(&p("destinationAddressPrefixes")),
        source_port_range: r.text(&p("sourcePortRange")),
        destination_port_range: r.text(&p("destinationPortRange")),
        destination_port_ranges: r.texts(&p("destinationPortRanges")),
        access: r.string(&p("access")),
        priority: r.number(&p("priority")).map(|n| n as i64),
        direction: r.string(&p("direction")),
    }
}

pub(super) fn parse_watcher(r: &Reader) -> NetworkWatcher {
    NetworkWatcher {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        flow_logs: Fetched::NotCollected,
    }
}

pub(super) fn parse_flow_log(r: &Reader) -> FlowLog {
    FlowLog {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        target_resource_id: r.string("/properties/targetResourceId"),
        enabled: r.boolean("/properties/enabled"),
        retention_enabled: r.boolean("/properties/retentionPolicy/enabled"),
        retention_days: r
            .number("/properties/retentionPolicy/days")
            .map(|n| n as i64),
    }
}

pub(super) fn parse_application_gateway(r: &Reader) -> ApplicationGateway {
    let waf = "/properties/webApplicationFirewallConfiguration";
    ApplicationGateway {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        sku_tier: r.string("/properties/sku/tier"),
        waf_enabled: r.boolean(&format!("{waf}/enabled")),
        waf_mode: r.string(&format!("{waf}/firewallMode")),
        firewall_policy_id: r
            .string("/properties/firewallPolicy/id")
            .filter(|id| !id.trim().is_empty()),
        firewall_policy: Fetched::NotCollected,
    }
}

pub(super) fn parse_public_ip(r: &Reader) -> PublicIp {
    PublicIp {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        ip_address: r.string("/properties/ipAddress"),
        ip_configuration_id: r
            .string("/properties/ipConfiguration/id")
            .filter(|id| !id.trim().is_empty()),
    }
}

pub(super) fn parse_network_interface(r: &Reader) -> NetworkInterface {
    NetworkInterface {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        virtual_machine_id: r.string("/properties/virtualMachine/id"),
        network_security_group_id: r.string("/properties/networkSecurityGroup/id"),
        ip_configurations: r
            .items("/properties/ipConfigurations")
            .iter()
            .map(|ip| NicIpConfiguration {
                name: ip.string("/name").unwrap_or_default(),
                public_ip_address_id: ip
                    .string("/properties/publicIPAddress/id")
                    .filter(|id| !id.trim().is_empty()),
                subnet_id: ip.string("/properties/subnet/id"),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::RefCell;

    #[test]
    fn rule_fields_are_read_whatever_their_json_type() {
        let nsg = json!({"id": "/n", "name": "n", "properties": {"securityRules": [{
            "name": "rdp",
            "properties": {
                "protocol": "TCP", "sourceAddressPrefixes": ["Internet"],
                "destinationPortRange": 22, "destinationPortRanges": [3389, "20-25", null],
                "access": "Allow", "priority": "100", "direction": "Inbound"
            }
        }]}});
        let problems = RefCell::new(Vec::new());
        let rule = &parse_security_group(&Reader::new(&nsg, &problems)).security_rules[0];
        assert_eq!(rule.destination_port_range.as_deref(), Some("22"));
        assert_eq!(rule.destination_port_ranges, ["3389", "20-25"]);
        assert_eq!(rule.priority, Some(100));
        assert!(problems.borrow().is_empty());
    }

    #[test]
    fn rules_that_arrive_as_an_object_are_a_problem_not_an_empty_list() {
        let nsg = json!({"id": "/n", "name": "n", "properties": {
            "securityRules": {"name": "ssh"}, "defaultSecurityRules": []
        }});
        let problems = RefCell::new(Vec::new());
        let parsed = parse_security_group(&Reader::new(&nsg, &problems));
        assert!(parsed.security_rules.is_empty());
        let problems = problems.into_inner();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "properties.securityRules");
        assert_eq!(problems[0].problem, "an object where a list belongs");
    }
}
