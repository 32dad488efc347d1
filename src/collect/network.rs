//! Network collector: NSGs, network watchers and (per watcher) their flow logs,
//! application gateways (with their WAF policy's mode), public IP addresses and
//! network interfaces, each one subscription-wide list read concurrently.

use super::{Collector, Source, json};
use crate::snapshot::Fetched;
use crate::snapshot::network::{
    ApplicationGateway, FlowLog, NetworkData, NetworkInterface, NetworkWatcher, NicIpConfiguration,
    PublicIp, SecurityGroup, SecurityRule, WafPolicySettings,
};
use futures::future::join_all;
use serde_json::Value;

const API_VERSION: &str = "2024-05-01";
/// The public IP list's api-version with a published example response.
const PUBLIC_IP_API_VERSION: &str = "2024-07-01";
const SERVICE: &str = "network";

pub async fn collect(c: &Collector) -> NetworkData {
    let (security_groups, watchers, application_gateways, public_ips, network_interfaces) = tokio::join!(
        list(
            c,
            Source::NetworkSecurityGroups,
            "networkSecurityGroups",
            API_VERSION,
            parse_security_group
        ),
        watchers(c),
        application_gateways(c),
        list(
            c,
            Source::PublicIps,
            "publicIPAddresses",
            PUBLIC_IP_API_VERSION,
            parse_public_ip
        ),
        list(
            c,
            Source::NetworkInterfaces,
            "networkInterfaces",
            API_VERSION,
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

/// `Microsoft.Network/{kind}` at subscription scope, when the plan wants `source`.
async fn list<T>(
    c: &Collector,
    source: Source,
    kind: &str,
    api_version: &str,
    parse: fn(&Value) -> T,
) -> Fetched<Vec<T>> {
    if !c.plan.wants(source) {
        return Fetched::NotCollected;
    }
    let path = c.sub_path(&format!("/providers/Microsoft.Network/{kind}"));
    c.arm_list(SERVICE, &path, api_version)
        .await
        .map(|items| items.iter().map(parse).collect())
}

async fn watchers(c: &Collector) -> Fetched<Vec<NetworkWatcher>> {
    let listed = list(
        c,
        Source::FlowLogs,
        "networkWatchers",
        API_VERSION,
        parse_watcher,
    )
    .await;
    let Fetched::Ok(watchers) = listed else {
        return listed;
    };
    let watchers = join_all(watchers.into_iter().map(|mut watcher| async move {
        let path = format!("{}/flowLogs", watcher.id);
        watcher.flow_logs = c
            .arm_list(SERVICE, &path, API_VERSION)
            .await
            .map(|items| items.iter().map(parse_flow_log).collect());
        watcher
    }))
    .await;
    Fetched::Ok(watchers)
}

async fn application_gateways(c: &Collector) -> Fetched<Vec<ApplicationGateway>> {
    let listed = list(
        c,
        Source::ApplicationGateways,
        "applicationGateways",
        API_VERSION,
        parse_application_gateway,
    )
    .await;
    let Fetched::Ok(gateways) = listed else {
        return listed;
    };
    let gateways = join_all(gateways.into_iter().map(|mut gateway| async move {
        if let Some(policy_id) = gateway.firewall_policy_id.clone() {
            let answer = c.arm_get(&policy_id, API_VERSION).await;
            gateway.firewall_policy = c.fetched(SERVICE, answer).map(|v| WafPolicySettings {
                state: json::string(&v, "/properties/policySettings/state"),
                mode: json::string(&v, "/properties/policySettings/mode"),
            });
        }
        gateway
    }))
    .await;
    Fetched::Ok(gateways)
}

/// IDs of a list of `{"id": ...}` references.
fn reference_ids(v: &Value, pointer: &str) -> Vec<String> {
    json::array(v, pointer)
        .iter()
        .filter_map(|r| json::string(r, "/id"))
        .collect()
}

pub(super) fn parse_security_group(v: &Value) -> SecurityGroup {
    let rules = |pointer: &str| json::array(v, pointer).iter().map(parse_rule).collect();
    SecurityGroup {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        security_rules: rules("/properties/securityRules"),
        default_security_rules: rules("/properties/defaultSecurityRules"),
        subnet_ids: reference_ids(v, "/properties/subnets"),
        network_interface_ids: reference_ids(v, "/properties/networkInterfaces"),
    }
}

fn parse_rule(v: &Value) -> SecurityRule {
    let p = |field: &str| format!("/properties/{field}");
    SecurityRule {
        name: json::string(v, "/name").unwrap_or_default(),
        protocol: json::string(v, &p("protocol")),
        source_address_prefix: json::string(v, &p("sourceAddressPrefix")),
        source_address_prefixes: json::strings(v, &p("sourceAddressPrefixes")),
        destination_address_prefix: json::string(v, &p("destinationAddressPrefix")),
        destination_address_prefixes: json::strings(v, &p("destinationAddressPrefixes")),
        source_port_range: json::string(v, &p("sourcePortRange")),
        destination_port_range: json::string(v, &p("destinationPortRange")),
        destination_port_ranges: port_ranges(v, &p("destinationPortRanges")),
        access: json::string(v, &p("access")),
        priority: json::number(v, &p("priority")).map(|n| n as i64),
        direction: json::string(v, &p("direction")),
    }
}

/// A port list, keeping bare numbers (`[22, "3389"]`) that `json::strings` would drop:
/// a lost port could hide an opening from the internet.
fn port_ranges(v: &Value, pointer: &str) -> Vec<String> {
    json::array(v, pointer)
        .iter()
        .filter_map(|item| match item {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect()
}

pub(super) fn parse_watcher(v: &Value) -> NetworkWatcher {
    NetworkWatcher {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        flow_logs: Fetched::NotCollected,
    }
}

pub(super) fn parse_flow_log(v: &Value) -> FlowLog {
    FlowLog {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        target_resource_id: json::string(v, "/properties/targetResourceId"),
        enabled: json::boolean(v, "/properties/enabled"),
        retention_enabled: json::boolean(v, "/properties/retentionPolicy/enabled"),
        retention_days: json::number(v, "/properties/retentionPolicy/days").map(|n| n as i64),
    }
}

pub(super) fn parse_application_gateway(v: &Value) -> ApplicationGateway {
    let waf = "/properties/webApplicationFirewallConfiguration";
    ApplicationGateway {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        sku_tier: json::string(v, "/properties/sku/tier"),
        waf_enabled: json::boolean(v, &format!("{waf}/enabled")),
        waf_mode: json::string(v, &format!("{waf}/firewallMode")),
        firewall_policy_id: json::string(v, "/properties/firewallPolicy/id")
            .filter(|id| !id.trim().is_empty()),
        firewall_policy: Fetched::NotCollected,
    }
}

pub(super) fn parse_public_ip(v: &Value) -> PublicIp {
    PublicIp {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        ip_address: json::string(v, "/properties/ipAddress"),
        ip_configuration_id: json::string(v, "/properties/ipConfiguration/id")
            .filter(|id| !id.trim().is_empty()),
    }
}

pub(super) fn parse_network_interface(v: &Value) -> NetworkInterface {
    NetworkInterface {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        virtual_machine_id: json::string(v, "/properties/virtualMachine/id"),
        network_security_group_id: json::string(v, "/properties/networkSecurityGroup/id"),
        ip_configurations: json::array(v, "/properties/ipConfigurations")
            .iter()
            .map(|ip| NicIpConfiguration {
                name: json::string(ip, "/name").unwrap_or_default(),
                public_ip_address_id: json::string(ip, "/properties/publicIPAddress/id")
                    .filter(|id| !id.trim().is_empty()),
                subnet_id: json::string(ip, "/properties/subnet/id"),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        let rule = &parse_security_group(&nsg).security_rules[0];
        assert_eq!(rule.destination_port_range.as_deref(), Some("22"));
        assert_eq!(rule.destination_port_ranges, ["3389", "20-25"]);
        assert_eq!(rule.priority, Some(100));
    }
}
