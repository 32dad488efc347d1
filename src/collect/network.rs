//! Network collector: NSGs, network watchers and (per watcher) their flow logs,
//! application gateways (with their WAF policy's mode), public IP addresses (and the
//! virtual network gateways they point to), network interfaces, virtual networks,
//! Bastion hosts, WAF policies, load balancers and firewalls, each one
//! subscription-wide list read concurrently.

use super::calls::{
    APPLICATION_GATEWAYS, AZURE_FIREWALLS, BASTION_HOSTS, Call, FLOW_LOGS, LOAD_BALANCERS,
    NETWORK_INTERFACES, NETWORK_WATCHERS, PUBLIC_IPS, SECURITY_GROUPS, VIRTUAL_NETWORK_GATEWAY,
    VIRTUAL_NETWORKS, WAF_POLICIES, WAF_POLICY,
};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::network::{
    ApplicationGateway, AzureFirewall, BastionHost, FlowLog, HttpListener, IpConfiguration,
    LoadBalancer, NetworkData, NetworkInterface, NetworkWatcher, NicIpConfiguration, PublicIp,
    SecurityGroup, SecurityRule, SslPolicy, SslProfile, Subnet, VirtualNetwork,
    VirtualNetworkGateway, WafPolicy, WafPolicySettings,
};
use crate::snapshot::{Fetched, canonical_id};
use futures::future::join_all;
use std::collections::BTreeMap;

pub async fn collect(c: &Collector) -> NetworkData {
    let (
        (security_groups, watchers, application_gateways, public_ips, network_interfaces),
        (virtual_networks, bastion_hosts, waf_policies, load_balancers, azure_firewalls),
    ) = tokio::join!(
        async {
            tokio::join!(
                list(
                    c,
                    Source::NetworkSecurityGroups,
                    &SECURITY_GROUPS,
                    parse_security_group
                ),
                watchers(c),
                application_gateways(c),
                public_ips(c),
                list(
                    c,
                    Source::NetworkInterfaces,
                    &NETWORK_INTERFACES,
                    parse_network_interface
                ),
            )
        },
        async {
            tokio::join!(
                list(
                    c,
                    Source::VirtualNetworks,
                    &VIRTUAL_NETWORKS,
                    parse_virtual_network
                ),
                list(c, Source::BastionHosts, &BASTION_HOSTS, parse_bastion_host),
                list(c, Source::WafPolicies, &WAF_POLICIES, parse_waf_policy_item),
                list(
                    c,
                    Source::LoadBalancers,
                    &LOAD_BALANCERS,
                    parse_load_balancer
                ),
                list(
                    c,
                    Source::AzureFirewalls,
                    &AZURE_FIREWALLS,
                    parse_azure_firewall
                ),
            )
        },
    );
    let (public_ips, virtual_network_gateways) = public_ips;
    NetworkData {
        security_groups,
        watchers,
        application_gateways,
        public_ips,
        network_interfaces,
        virtual_networks,
        bastion_hosts,
        waf_policies,
        load_balancers,
        azure_firewalls,
        virtual_network_gateways,
    }
}

/// Public IPs, then (when wanted) each virtual network gateway they point to, read once
/// however many addresses it has.
async fn public_ips(
    c: &Collector,
) -> (Fetched<Vec<PublicIp>>, Fetched<Vec<VirtualNetworkGateway>>) {
    let gateways_wanted = c.plan.wants(Source::VirtualNetworkGateways);
    if !c.plan.wants(Source::PublicIps) && !gateways_wanted {
        return (Fetched::NotCollected, Fetched::NotCollected);
    }
    let ips = c.list(&PUBLIC_IPS, parse_public_ip).await;
    let Fetched::Ok(list) = &ips else {
        return (ips, Fetched::NotCollected);
    };
    if !gateways_wanted {
        return (ips, Fetched::NotCollected);
    }
    let ids: BTreeMap<String, String> = list
        .iter()
        .filter_map(|ip| gateway_of(ip.ip_configuration_id.as_deref()?))
        .map(|id| (canonical_id(&id), id))
        .collect();
    let mut gateways: Vec<VirtualNetworkGateway> = ids
        .into_values()
        .map(|id| VirtualNetworkGateway {
            name: id.rsplit('/').next().unwrap_or_default().to_string(),
            id,
            subnet_ids: Fetched::NotCollected,
        })
        .collect();
    let read = async |g: &VirtualNetworkGateway| {
        c.get_under(&VIRTUAL_NETWORK_GATEWAY, &g.id, parse_gateway_subnets)
            .await
    };
    c.children(&mut gateways, read, |g, subnets| g.subnet_ids = subnets)
        .await;
    (ips, Fetched::Ok(gateways))
}

/// The virtual network gateway an IP configuration ID lies under, as written.
pub(crate) fn gateway_of(ip_configuration_id: &str) -> Option<String> {
    let segments: Vec<&str> = ip_configuration_id.split('/').collect();
    let at = segments
        .iter()
        .position(|s| s.eq_ignore_ascii_case("virtualNetworkGateways"))?;
    let name = segments.get(at + 1).filter(|n| !n.is_empty())?;
    Some(format!("{}/{name}", segments[..=at].join("/")))
}

pub(super) fn parse_gateway_subnets(r: &Reader) -> Vec<String> {
    r.items("/properties/ipConfigurations")
        .iter()
        .filter_map(|ip| non_empty(ip.string("/properties/subnet/id")))
        .collect()
}

fn non_empty(id: Option<String>) -> Option<String> {
    id.filter(|id| !id.trim().is_empty())
}

fn parse_ip_configuration(r: &Reader) -> IpConfiguration {
    IpConfiguration {
        id: r.string("/id").unwrap_or_default(),
        subnet_id: non_empty(r.string("/properties/subnet/id")),
        public_ip_address_id: non_empty(r.string("/properties/publicIPAddress/id")),
    }
}

pub(super) fn parse_virtual_network(r: &Reader) -> VirtualNetwork {
    VirtualNetwork {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        enable_ddos_protection: r.boolean("/properties/enableDdosProtection"),
        ddos_protection_plan_id: non_empty(r.string("/properties/ddosProtectionPlan/id")),
        subnets: r
            .items("/properties/subnets")
            .iter()
            .map(|subnet| Subnet {
                id: subnet.string("/id").unwrap_or_default(),
                name: subnet.string("/name").unwrap_or_default(),
                network_security_group_id: non_empty(
                    subnet.string("/properties/networkSecurityGroup/id"),
                ),
            })
            .collect(),
    }
}

pub(super) fn parse_bastion_host(r: &Reader) -> BastionHost {
    BastionHost {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        ip_configurations: r
            .items("/properties/ipConfigurations")
            .iter()
            .map(parse_ip_configuration)
            .collect(),
    }
}

pub(super) fn parse_waf_policy_item(r: &Reader) -> WafPolicy {
    WafPolicy {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        state: r.string("/properties/policySettings/state"),
        mode: r.string("/properties/policySettings/mode"),
    }
}

pub(super) fn parse_load_balancer(r: &Reader) -> LoadBalancer {
    let pools = r.items("/properties/backendAddressPools");
    LoadBalancer {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        frontend_ip_configurations: r
            .items("/properties/frontendIPConfigurations")
            .iter()
            .map(parse_ip_configuration)
            .collect(),
        backend_ip_configuration_ids: pools
            .iter()
            .flat_map(|pool| pool.ids("/properties/backendIPConfigurations"))
            .collect(),
        backend_network_ids: pools
            .iter()
            .flat_map(|pool| pool.items("/properties/loadBalancerBackendAddresses"))
            .filter_map(|address| {
                non_empty(address.string("/properties/subnet/id"))
                    .or_else(|| non_empty(address.string("/properties/virtualNetwork/id")))
            })
            .collect(),
    }
}

pub(super) fn parse_azure_firewall(r: &Reader) -> AzureFirewall {
    let mut ip_configurations: Vec<IpConfiguration> = r
        .items("/properties/ipConfigurations")
        .iter()
        .map(parse_ip_configuration)
        .collect();
    ip_configurations.extend(
        r.object("/properties/managementIpConfiguration")
            .map(|m| parse_ip_configuration(&m)),
    );
    AzureFirewall {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        ip_configurations,
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

/// Watchers (for flow logs, or for the regions they cover), then each watcher's flow
/// logs when a check reads them.
async fn watchers(c: &Collector) -> Fetched<Vec<NetworkWatcher>> {
    if !c
        .plan
        .wants_any(&[Source::FlowLogs, Source::NetworkWatchers])
    {
        return Fetched::NotCollected;
    }
    let mut watchers = c.list(&NETWORK_WATCHERS, parse_watcher).await;
    if c.plan.wants(Source::FlowLogs)
        && let Fetched::Ok(watchers) = &mut watchers
    {
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
        provisioning_state: r.string("/properties/provisioningState"),
        flow_logs: Fetched::NotCollected,
    }
}

pub(super) fn parse_flow_log(r: &Reader) -> FlowLog {
    let analytics =
        "/properties/flowAnalyticsConfiguration/networkWatcherFlowAnalyticsConfiguration";
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
        traffic_analytics_enabled: r.boolean(&format!("{analytics}/enabled")),
        traffic_analytics_workspace_id: non_empty(
            r.string(&format!("{analytics}/workspaceResourceId")),
        ),
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
        ssl_policy: r
            .object("/properties/sslPolicy")
            .and_then(|p| parse_ssl_policy(&p)),
        ssl_profiles: r
            .items("/properties/sslProfiles")
            .iter()
            .map(|profile| SslProfile {
                name: profile.string("/name").unwrap_or_default(),
                ssl_policy: profile
                    .object("/properties/sslPolicy")
                    .and_then(|p| parse_ssl_policy(&p)),
            })
            .collect(),
        http_listeners: r
            .items("/properties/httpListeners")
            .iter()
            .map(|listener| HttpListener {
                name: listener.string("/name").unwrap_or_default(),
                protocol: listener.string("/properties/protocol"),
                firewall_policy_id: non_empty(listener.string("/properties/firewallPolicy/id")),
            })
            .collect(),
        path_rule_firewall_policy_ids: r
            .items("/properties/urlPathMaps")
            .iter()
            .flat_map(|map| map.items("/properties/pathRules"))
            .filter_map(|rule| non_empty(rule.string("/properties/firewallPolicy/id")))
            .collect(),
        frontend_ip_configuration_ids: r
            .items("/properties/frontendIPConfigurations")
            .iter()
            .filter_map(|f| non_empty(f.string("/id")))
            .collect(),
        gateway_subnet_ids: r
            .items("/properties/gatewayIPConfigurations")
            .iter()
            .filter_map(|g| non_empty(g.string("/properties/subnet/id")))
            .collect(),
    }
}

/// None for an empty policy object: it states nothing, like a null one.
fn parse_ssl_policy(r: &Reader) -> Option<SslPolicy> {
    let policy = SslPolicy {
        policy_type: r.string("/policyType"),
        policy_name: r.string("/policyName"),
        min_protocol_version: r.string("/minProtocolVersion"),
        disabled_ssl_protocols: r.strings("/disabledSslProtocols"),
    };
    let empty = policy.policy_type.is_none()
        && policy.policy_name.is_none()
        && policy.min_protocol_version.is_none()
        && policy.disabled_ssl_protocols.is_empty();
    (!empty).then_some(policy)
}

pub(super) fn parse_public_ip(r: &Reader) -> PublicIp {
    PublicIp {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        ip_address: r.string("/properties/ipAddress"),
        ddos_protection_mode: r.string("/properties/ddosSettings/protectionMode"),
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
                id: non_empty(ip.string("/id")),
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
    fn empty_references_and_policies_read_as_none() {
        let vnet = json!({"id": "/v", "name": "v", "properties": {"subnets": [
            {"id": "/v/subnets/a", "name": "a", "properties": {"networkSecurityGroup": {}}},
            {"id": "/v/subnets/b", "name": "b", "properties": {"networkSecurityGroup": {"id": ""}}},
            {"id": "/v/subnets/c", "name": "c", "properties": {"networkSecurityGroup": null}},
            {"id": "/v/subnets/d", "name": "d", "properties": {"networkSecurityGroup": {"id": "/n"}}},
        ]}});
        let problems = RefCell::new(Vec::new());
        let parsed = parse_virtual_network(&Reader::new(&vnet, &problems));
        let nsgs: Vec<Option<&str>> = parsed
            .subnets
            .iter()
            .map(|s| s.network_security_group_id.as_deref())
            .collect();
        assert_eq!(nsgs, [None, None, None, Some("/n")]);

        let gateway = json!({"id": "/g", "name": "g", "properties": {
            "sslPolicy": {}, "sslProfiles": [{"name": "p", "properties": {"sslPolicy": {"minProtocolVersion": "TLSv1_2"}}}],
            "urlPathMaps": [{"properties": {"pathRules": [{"properties": {"firewallPolicy": {"id": "/w"}}}, {"properties": {}}]}}],
        }});
        let parsed = parse_application_gateway(&Reader::new(&gateway, &problems));
        assert!(parsed.ssl_policy.is_none(), "{{}} states no policy");
        assert_eq!(
            parsed.ssl_profiles[0]
                .ssl_policy
                .as_ref()
                .and_then(|p| p.min_protocol_version.as_deref()),
            Some("TLSv1_2")
        );
        assert_eq!(parsed.path_rule_firewall_policy_ids, ["/w"]);
        assert!(problems.borrow().is_empty());
    }

    #[test]
    fn public_ips_under_a_vpn_gateway_name_it() {
        assert_eq!(
            gateway_of("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/vgw/ipConfigurations/default").as_deref(),
            Some("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/vgw")
        );
        assert_eq!(
            gateway_of(
                "/subscriptions/s/providers/Microsoft.Network/networkInterfaces/n/ipConfigurations/c"
            ),
            None
        );
        assert_eq!(gateway_of("/x/virtualnetworkgateways/"), None);
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
