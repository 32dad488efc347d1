//! Network resources as the AZNW checks (and AZVM-002, AZMON-005) see them: NSGs with
//! their rules and attachments, network watchers with their flow logs, application
//! gateways, public IP addresses and network interfaces; virtual networks, Bastion
//! hosts, WAF policies, load balancers, firewalls and virtual network gateways.

use super::{Fetched, canonical_id};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NetworkData {
    /// `Microsoft.Network/networkSecurityGroups` at subscription scope.
    #[serde(default)]
    pub security_groups: Fetched<Vec<SecurityGroup>>,
    /// `Microsoft.Network/networkWatchers`, each with its own flow log list.
    #[serde(default)]
    pub watchers: Fetched<Vec<NetworkWatcher>>,
    #[serde(default)]
    pub application_gateways: Fetched<Vec<ApplicationGateway>>,
    #[serde(default)]
    pub public_ips: Fetched<Vec<PublicIp>>,
    #[serde(default)]
    pub network_interfaces: Fetched<Vec<NetworkInterface>>,
    /// `Microsoft.Network/virtualNetworks`, with their subnets.
    #[serde(default)]
    pub virtual_networks: Fetched<Vec<VirtualNetwork>>,
    #[serde(default)]
    pub bastion_hosts: Fetched<Vec<BastionHost>>,
    /// `ApplicationGatewayWebApplicationFirewallPolicies` at subscription scope.
    #[serde(default)]
    pub waf_policies: Fetched<Vec<WafPolicy>>,
    #[serde(default)]
    pub load_balancers: Fetched<Vec<LoadBalancer>>,
    #[serde(default)]
    pub azure_firewalls: Fetched<Vec<AzureFirewall>>,
    /// The virtual network gateways public IPs point to (there is no subscription-wide
    /// list): one `GET {gatewayId}` each.
    #[serde(default)]
    pub virtual_network_gateways: Fetched<Vec<VirtualNetworkGateway>>,
}

/// Every flow log that could be read, and why the rest could not.
#[derive(Debug, Default)]
pub struct FlowLogInventory<'a> {
    pub flow_logs: Vec<&'a FlowLog>,
    /// One sentence per list that could not be read (the watcher list, or one
    /// watcher's flow logs); empty when the inventory is complete.
    pub unavailable: Vec<String>,
}

impl NetworkData {
    /// All flow logs over all watchers. A failed watcher does not hide the others.
    pub fn flow_log_inventory(&self) -> FlowLogInventory<'_> {
        let mut inventory = FlowLogInventory::default();
        let watchers = match &self.watchers {
            Fetched::Ok(watchers) => watchers,
            unavailable => {
                inventory
                    .unavailable
                    .extend(unavailable.unavailable_reason("the network watcher list"));
                return inventory;
            }
        };
        for watcher in watchers {
            match &watcher.flow_logs {
                Fetched::Ok(logs) => inventory.flow_logs.extend(logs),
                unavailable => {
                    inventory
                        .unavailable
                        .extend(unavailable.unavailable_reason(&format!(
                            "the flow logs of network watcher {}",
                            watcher.name
                        )))
                }
            }
        }
        inventory
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `securityRules`: the rules the owner wrote.
    pub security_rules: Vec<SecurityRule>,
    /// `defaultSecurityRules`: the built-in rules every NSG carries (priority 65000+).
    pub default_security_rules: Vec<SecurityRule>,
    /// IDs of the subnets the NSG is associated with, as returned.
    pub subnet_ids: Vec<String>,
    /// IDs of the network interfaces the NSG is associated with, as returned.
    pub network_interface_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityRule {
    pub name: String,
    /// `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah` or `*`.
    pub protocol: Option<String>,
    pub source_address_prefix: Option<String>,
    pub source_address_prefixes: Vec<String>,
    pub destination_address_prefix: Option<String>,
    pub destination_address_prefixes: Vec<String>,
    pub source_port_range: Option<String>,
    /// `*`, a port (`22`) or a range (`20-25`).
    pub destination_port_range: Option<String>,
    pub destination_port_ranges: Vec<String>,
    /// `Allow` or `Deny`.
    pub access: Option<String>,
    pub priority: Option<i64>,
    /// `Inbound` or `Outbound`.
    pub direction: Option<String>,
}

impl SecurityRule {
    /// `sourceAddressPrefix` and `sourceAddressPrefixes` together.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.source_address_prefix
            .iter()
            .chain(&self.source_address_prefixes)
            .map(|s| s.trim())
    }

    /// `destinationPortRange` and `destinationPortRanges` together.
    pub fn destination_ports(&self) -> impl Iterator<Item = &str> {
        self.destination_port_range
            .iter()
            .chain(&self.destination_port_ranges)
            .map(|s| s.trim())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkWatcher {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `properties.provisioningState`.
    pub provisioning_state: Option<String>,
    /// `{watcherId}/flowLogs`: NSG flow logs and VNet flow logs alike.
    pub flow_logs: Fetched<Vec<FlowLog>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FlowLog {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// What the flow log records: an NSG, a virtual network, a subnet or a NIC.
    pub target_resource_id: Option<String>,
    pub enabled: Option<bool>,
    /// `retentionPolicy.enabled`.
    pub retention_enabled: Option<bool>,
    /// `retentionPolicy.days` (0 means keep forever when retention is enabled).
    pub retention_days: Option<i64>,
    /// `flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.enabled`.
    pub traffic_analytics_enabled: Option<bool>,
    /// `…networkWatcherFlowAnalyticsConfiguration.workspaceResourceId`.
    pub traffic_analytics_workspace_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationGateway {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `sku.tier`: `Standard`, `Standard_v2`, `WAF`, `WAF_v2`.
    pub sku_tier: Option<String>,
    /// `webApplicationFirewallConfiguration.enabled` (the legacy in-gateway WAF settings).
    pub waf_enabled: Option<bool>,
    /// `webApplicationFirewallConfiguration.firewallMode`: `Detection` or `Prevention`.
    pub waf_mode: Option<String>,
    /// `firewallPolicy.id`: an attached WAF policy.
    pub firewall_policy_id: Option<String>,
    /// The attached WAF policy's settings (where its mode lives); `NotCollected` when
    /// no policy is attached.
    pub firewall_policy: Fetched<WafPolicySettings>,
    /// `properties.sslPolicy`; None when null or empty.
    pub ssl_policy: Option<SslPolicy>,
    pub ssl_profiles: Vec<SslProfile>,
    pub http_listeners: Vec<HttpListener>,
    /// `urlPathMaps[].pathRules[].firewallPolicy.id`.
    pub path_rule_firewall_policy_ids: Vec<String>,
    /// `frontendIPConfigurations[].id`.
    pub frontend_ip_configuration_ids: Vec<String>,
    /// `gatewayIPConfigurations[].subnet.id`: where the gateway sits.
    pub gateway_subnet_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SslPolicy {
    /// `Predefined`, `Custom` or `CustomV2`.
    pub policy_type: Option<String>,
    /// `AppGwSslPolicy20220101`, ...
    pub policy_name: Option<String>,
    /// `TLSv1_0` … `TLSv1_3`.
    pub min_protocol_version: Option<String>,
    pub disabled_ssl_protocols: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SslProfile {
    pub name: String,
    pub ssl_policy: Option<SslPolicy>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpListener {
    pub name: String,
    /// `Http` or `Https`.
    pub protocol: Option<String>,
    pub firewall_policy_id: Option<String>,
}

/// A WAF policy from the subscription's list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WafPolicy {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `policySettings.state`: `Enabled` or `Disabled`.
    pub state: Option<String>,
    /// `policySettings.mode`: `Detection` or `Prevention`.
    pub mode: Option<String>,
}

/// An IP configuration of a gateway, firewall, Bastion host or load balancer frontend.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IpConfiguration {
    pub id: String,
    pub subnet_id: Option<String>,
    pub public_ip_address_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VirtualNetwork {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `properties.enableDdosProtection`.
    pub enable_ddos_protection: Option<bool>,
    /// `properties.ddosProtectionPlan.id`.
    pub ddos_protection_plan_id: Option<String>,
    pub subnets: Vec<Subnet>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Subnet {
    pub id: String,
    pub name: String,
    /// `properties.networkSecurityGroup.id`; None when null, `{}` or an empty ID.
    pub network_security_group_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BastionHost {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub ip_configurations: Vec<IpConfiguration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AzureFirewall {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `ipConfigurations` and `managementIpConfiguration` together.
    pub ip_configurations: Vec<IpConfiguration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadBalancer {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub frontend_ip_configurations: Vec<IpConfiguration>,
    /// `backendAddressPools[].backendIPConfigurations[].id`: NIC IP configurations.
    pub backend_ip_configuration_ids: Vec<String>,
    /// `backendAddressPools[].loadBalancerBackendAddresses[]`: the virtual network or
    /// subnet of each IP-based backend address.
    pub backend_network_ids: Vec<String>,
}

/// A virtual network gateway a public IP points to, and its own read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VirtualNetworkGateway {
    pub id: String,
    pub name: String,
    /// `GET {gatewayId}`: its `ipConfigurations[].subnet.id`.
    pub subnet_ids: Fetched<Vec<String>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WafPolicySettings {
    /// `policySettings.state`: `Enabled` or `Disabled`.
    pub state: Option<String>,
    /// `policySettings.mode`: `Detection` or `Prevention`.
    pub mode: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicIp {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub ip_address: Option<String>,
    /// `ddosSettings.protectionMode`: `Enabled`, `Disabled` or `VirtualNetworkInherited`.
    pub ddos_protection_mode: Option<String>,
    /// `ipConfiguration.id`: the NIC, load balancer or gateway configuration using the
    /// address; None when unattached.
    pub ip_configuration_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkInterface {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `virtualMachine.id`: the VM the NIC is attached to.
    pub virtual_machine_id: Option<String>,
    /// `networkSecurityGroup.id`: the NSG on the NIC itself.
    pub network_security_group_id: Option<String>,
    pub ip_configurations: Vec<NicIpConfiguration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NicIpConfiguration {
    pub id: Option<String>,
    pub name: String,
    pub public_ip_address_id: Option<String>,
    pub subnet_id: Option<String>,
}

/// The canonical ID of the virtual network a subnet ID belongs to.
pub fn virtual_network_of_subnet(subnet_id: &str) -> Option<String> {
    let canonical = canonical_id(subnet_id);
    canonical
        .rfind("/subnets/")
        .map(|at| canonical[..at].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subnet_ids_map_to_their_virtual_network() {
        assert_eq!(
            virtual_network_of_subnet(
                "/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/VNet1/subnets/Web"
            )
            .as_deref(),
            Some("/subscriptions/s/resourcegroups/rg/providers/microsoft.network/virtualnetworks/vnet1")
        );
        assert_eq!(virtual_network_of_subnet("/subscriptions/s/x"), None);
    }
}
