//! AZNW-010: internet-facing virtual networks (a public IP resolves into one of their
//! subnets) protected neither by a DDoS Network Protection plan nor by IP Protection on
//! every such public IP.

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::network::{
    IpConfiguration, PublicIp, VirtualNetworkGateway, virtual_network_of_subnet,
};
use crate::snapshot::{Fetched, Snapshot, canonical_id, eq_ci};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const CHECK: crate::rules::Check = check!("aznw", "AZNW-010",
    sources: [VirtualNetworks, PublicIps, NetworkInterfaces, LoadBalancers,
        ApplicationGateways, AzureFirewalls, BastionHosts, VirtualNetworkGateways],
    run: run);

/// `/subscriptions/…/providers/microsoft.network/{type}/{name}` of a canonical ID under
/// a resource, and that type; None for IDs of another shape (scale set NICs).
fn owner(canonical: &str) -> Option<(String, &str)> {
    let segments: Vec<&str> = canonical.split('/').collect();
    let at = segments.iter().position(|s| *s == "providers")?;
    if segments.get(at + 1) != Some(&"microsoft.network") || segments.len() < at + 4 {
        return None;
    }
    Some((segments[..at + 4].join("/"), segments[at + 2]))
}

/// The VNet of a subnet or VNet ID (canonical).
fn vnet_of(id: &str) -> String {
    virtual_network_of_subnet(id).unwrap_or_else(|| canonical_id(id))
}

/// Where each public IP leads: the VNets it faces, or why that could not be read.
enum Resolved<'a> {
    Vnets(BTreeSet<String>),
    /// A list that resolves it could not be read (the sentence says which).
    Unresolved(String),
    /// The VPN gateway it belongs to could not be read.
    Gateway(&'a VirtualNetworkGateway, String),
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let network = &snapshot.network;
    let Some(vnets) = super::virtual_networks(snapshot, out) else {
        return;
    };
    let Some(ips) = out.readable_in_subscription(&network.public_ips, "the public IP address list")
    else {
        return;
    };
    let joins = snapshot.joins();
    let by_id = |ids: Option<Vec<(String, Vec<String>)>>| -> Option<HashMap<String, Vec<String>>> {
        ids.map(|ids| ids.into_iter().collect())
    };
    // Owner ID → subnet or VNet IDs it sits in, per resolving list (None: unreadable).
    let gateways = by_id(network.application_gateways.ok().map(|list| {
        list.iter()
            .map(|g| (canonical_id(&g.id), g.gateway_subnet_ids.clone()))
            .collect()
    }));
    let subnets = |configurations: &[IpConfiguration]| -> Vec<String> {
        configurations
            .iter()
            .filter_map(|c| c.subnet_id.clone())
            .collect()
    };
    let firewalls = by_id(network.azure_firewalls.ok().map(|list| {
        list.iter()
            .map(|f| (canonical_id(&f.id), subnets(&f.ip_configurations)))
            .collect()
    }));
    let bastions = by_id(network.bastion_hosts.ok().map(|list| {
        list.iter()
            .map(|b| (canonical_id(&b.id), subnets(&b.ip_configurations)))
            .collect()
    }));
    let nics_readable = network.network_interfaces.ok().is_some();
    let balancers = by_id(network.load_balancers.ok().map(|list| {
        list.iter()
            .map(|lb| {
                let from_nics = lb
                    .backend_ip_configuration_ids
                    .iter()
                    .filter_map(|c| joins.subnet_of_nic_ip_configuration(c).map(str::to_string));
                let subnets = from_nics.chain(lb.backend_network_ids.iter().cloned());
                (canonical_id(&lb.id), subnets.collect())
            })
            .collect()
    }));
    let vpn: HashMap<String, &VirtualNetworkGateway> = network
        .virtual_network_gateways
        .ok()
        .into_iter()
        .flatten()
        .map(|g| (canonical_id(&g.id), g))
        .collect();

    let unreadable = |list: &str, reason: Option<String>| {
        Resolved::Unresolved(reason.unwrap_or_else(|| format!("{list} was not read")))
    };
    let resolve = |ip: &PublicIp| -> Option<Resolved> {
        let config = canonical_id(ip.ip_configuration_id.as_deref()?);
        let (owner_id, kind) = owner(&config)?;
        let lookup = |map: &Option<HashMap<String, Vec<String>>>,
                      list: &str,
                      fetched_reason: Option<String>| {
            match map {
                Some(map) => Resolved::Vnets(
                    map.get(&owner_id)
                        .into_iter()
                        .flatten()
                        .map(|s| vnet_of(s))
                        .collect(),
                ),
                None => unreadable(list, fetched_reason),
            }
        };
        Some(match kind {
            "networkinterfaces" => match nics_readable {
                true => Resolved::Vnets(
                    joins
                        .subnet_of_nic_ip_configuration(&config)
                        .map(vnet_of)
                        .into_iter()
                        .collect(),
                ),
                false => unreadable(
                    "the network interface list",
                    network
                        .network_interfaces
                        .unavailable_reason("the network interface list"),
                ),
            },
            "applicationgateways" => lookup(
                &gateways,
                "the application gateway list",
                network
                    .application_gateways
                    .unavailable_reason("the application gateway list"),
            ),
            "azurefirewalls" => lookup(
                &firewalls,
                "the Azure Firewall list",
                network
                    .azure_firewalls
                    .unavailable_reason("the Azure Firewall list"),
            ),
            "bastionhosts" => lookup(
                &bastions,
                "the Bastion host list",
                network
                    .bastion_hosts
                    .unavailable_reason("the Bastion host list"),
            ),
            "loadbalancers" if !nics_readable => unreadable(
                "the network interface list",
                network.network_interfaces.unavailable_reason(
                    "the network interface list (needed for load balancer backends)",
                ),
            ),
            "loadbalancers" => lookup(
                &balancers,
                "the load balancer list",
                network
                    .load_balancers
                    .unavailable_reason("the load balancer list"),
            ),
            "virtualnetworkgateways" => match vpn.get(&owner_id).map(|g| (g, &g.subnet_ids)) {
                Some((_, Fetched::Ok(subnets))) => {
                    Resolved::Vnets(subnets.iter().map(|s| vnet_of(s)).collect())
                }
                Some((gateway, unavailable)) => Resolved::Gateway(
                    gateway,
                    unavailable
                        .unavailable_reason(&format!("virtual network gateway {}", gateway.name))
                        .unwrap_or_default(),
                ),
                None => unreadable(
                    "the virtual network gateways",
                    network
                        .virtual_network_gateways
                        .unavailable_reason("the virtual network gateways"),
                ),
            },
            _ => return None,
        })
    };

    let mut facing: BTreeMap<String, BTreeMap<String, &PublicIp>> = BTreeMap::new();
    let mut unresolved: Vec<&str> = Vec::new();
    let mut reasons: BTreeSet<String> = BTreeSet::new();
    // Canonical gateway ID → the gateway and why it could not be read.
    let mut failed_gateways: BTreeMap<String, (&VirtualNetworkGateway, String)> = BTreeMap::new();
    for ip in ips {
        match resolve(ip) {
            None => {}
            Some(Resolved::Vnets(found)) => {
                for vnet in found {
                    facing
                        .entry(vnet)
                        .or_default()
                        .insert(canonical_id(&ip.id), ip);
                }
            }
            Some(Resolved::Unresolved(reason)) => {
                unresolved.push(&ip.name);
                reasons.insert(reason);
            }
            Some(Resolved::Gateway(gateway, reason)) => {
                failed_gateways.insert(canonical_id(&gateway.id), (gateway, reason));
            }
        }
    }
    if !unresolved.is_empty() {
        let subject = out.subscription();
        out.error(
            subject,
            format!(
                "public IP(s) {} could not be attributed to a virtual network: {}",
                unresolved.join(", "),
                reasons.into_iter().collect::<Vec<_>>().join("; ")
            ),
        );
    }
    for (gateway, reason) in failed_gateways.into_values() {
        out.error(Subject::of(gateway), reason);
    }

    for vnet in vnets {
        let Some(public) = facing.get(&canonical_id(&vnet.id)) else {
            continue; // Not internet-facing: no result.
        };
        let names: Vec<&str> = public.values().map(|ip| ip.name.as_str()).collect();
        let plan = vnet.ddos_protection_plan_id.as_deref();
        let evidence = json!({
            "enableDdosProtection": vnet.enable_ddos_protection,
            "ddosProtectionPlan.id": plan,
            "publicIps": public.values().map(|ip| json!({
                "name": ip.name, "ddosSettings.protectionMode": ip.ddos_protection_mode,
            })).collect::<Vec<_>>(),
        });
        if vnet.enable_ddos_protection == Some(true)
            && let Some(plan) = plan
        {
            out.pass(
                Subject::of(vnet),
                format!(
                    "{}: DDoS Network Protection plan {} covers its public IP(s) {}",
                    vnet.name,
                    super::name_of(plan),
                    names.join(", ")
                ),
                evidence,
            );
            continue;
        }
        // IP Protection per address; VirtualNetworkInherited protects only through a plan.
        let unprotected: Vec<String> = public
            .values()
            .filter(|ip| !eq_ci(ip.ddos_protection_mode.as_deref(), "Enabled"))
            .map(|ip| {
                format!(
                    "{} (protectionMode {})",
                    ip.name,
                    ip.ddos_protection_mode.as_deref().unwrap_or("not set")
                )
            })
            .collect();
        let plan_text = match (vnet.enable_ddos_protection, plan) {
            (Some(true), None) => "enableDdosProtection is true but no ddosProtectionPlan is set",
            _ => "no DDoS Network Protection plan",
        };
        if unprotected.is_empty() {
            out.pass(
                Subject::of(vnet),
                format!(
                    "{}: {plan_text}, but every public IP has DDoS IP Protection: {}",
                    vnet.name,
                    names.join(", ")
                ),
                evidence,
            );
        } else {
            out.fail(
                Subject::of(vnet),
                format!(
                    "{}: internet-facing with {plan_text}; unprotected public IP(s): {}",
                    vnet.name,
                    unprotected.join(", ")
                ),
                evidence,
            );
        }
    }
}
