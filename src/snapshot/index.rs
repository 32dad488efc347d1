//! Joins between a snapshot's resources (NIC ↔ VM, NIC ↔ NSG, VM ↔ JIT policy, flow log
//! ↔ its target), keyed by canonical ID and built once per snapshot on first use, so a
//! check that relates two lists costs one lookup per resource instead of a scan of the
//! other list (which made evaluation quadratic in the subscription's size).

use super::compute::VirtualMachine;
use super::monitor::Workspace;
use super::network::{FlowLog, NetworkInterface, SecurityGroup};
use super::security::JitPolicy;
use super::{Snapshot, canonical_id};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The snapshot's index, built on first use. A snapshot is not changed once checks
/// run over it; a clone starts without an index so it never sees a stale one.
#[derive(Default)]
pub struct LazyIndex(OnceLock<Index>);

impl Clone for LazyIndex {
    fn clone(&self) -> LazyIndex {
        LazyIndex::default()
    }
}

impl std::fmt::Debug for LazyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.0.get().is_some() {
            "built"
        } else {
            "not built"
        };
        f.write_str(state)
    }
}

/// Positions in the snapshot's lists by canonical ID. Positions rather than references
/// because the index lives inside the snapshot it points into.
#[derive(Default)]
struct Index {
    /// NIC ID → its position(s) in `network.network_interfaces`.
    nics_by_id: HashMap<String, Vec<usize>>,
    /// VM ID → NICs whose `virtualMachine.id` names it.
    nics_by_vm: HashMap<String, Vec<usize>>,
    /// NSG ID → NICs whose `networkSecurityGroup.id` names it.
    nics_by_nsg: HashMap<String, Vec<usize>>,
    /// VM ID → the first JIT policy (in list order) that lists it.
    jit_policy_by_vm: HashMap<String, usize>,
    /// Target ID → flow logs recording it, as (watcher, flow log) positions in
    /// inventory order.
    flow_logs_by_target: HashMap<String, Vec<(usize, usize)>>,
    /// NIC IP configuration ID → the subnet ID it sits in (as returned).
    subnet_by_nic_ip_configuration: HashMap<String, String>,
    /// Managed disk IDs the VMs' OS and data disks name.
    disks_of_vms: HashSet<String>,
    /// Log Analytics workspace ID → its position in `monitor.workspaces`.
    workspaces_by_id: HashMap<String, usize>,
}

impl Index {
    fn build(snapshot: &Snapshot) -> Index {
        let mut index = Index::default();
        let nics = snapshot.network.network_interfaces.ok();
        for (at, nic) in nics.into_iter().flatten().enumerate() {
            push(&mut index.nics_by_id, &nic.id, at);
            if let Some(vm) = &nic.virtual_machine_id {
                push(&mut index.nics_by_vm, vm, at);
            }
            if let Some(nsg) = &nic.network_security_group_id {
                push(&mut index.nics_by_nsg, nsg, at);
            }
            for ip in &nic.ip_configurations {
                let Some(subnet) = &ip.subnet_id else {
                    continue;
                };
                // Older snapshots lack the configuration's ID; it is the NIC's plus its name.
                let id = ip
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("{}/ipConfigurations/{}", nic.id, ip.name));
                index
                    .subnet_by_nic_ip_configuration
                    .insert(canonical_id(&id), subnet.clone());
            }
        }
        let vms = snapshot.compute.virtual_machines.ok();
        for vm in vms.into_iter().flatten() {
            let disks = std::iter::once(&vm.os_disk).chain(&vm.data_disks);
            index
                .disks_of_vms
                .extend(disks.filter_map(|disk| disk.managed_disk_id.as_deref().map(canonical_id)));
        }
        let workspaces = snapshot.monitor.workspaces.ok();
        for (at, workspace) in workspaces.into_iter().flatten().enumerate() {
            index
                .workspaces_by_id
                .entry(canonical_id(&workspace.id))
                .or_insert(at);
        }
        let policies = snapshot.security.jit_policies.ok();
        for (at, policy) in policies.into_iter().flatten().enumerate() {
            for vm in &policy.virtual_machine_ids {
                index.jit_policy_by_vm.entry(canonical_id(vm)).or_insert(at);
            }
        }
        let watchers = snapshot.network.watchers.ok();
        for (w, watcher) in watchers.into_iter().flatten().enumerate() {
            for (l, log) in watcher.flow_logs.ok().into_iter().flatten().enumerate() {
                if let Some(target) = &log.target_resource_id {
                    push(&mut index.flow_logs_by_target, target, (w, l));
                }
            }
        }
        index
    }
}

/// Adds `position` under the canonical form of `id`.
fn push<P>(map: &mut HashMap<String, Vec<P>>, id: &str, position: P) {
    map.entry(canonical_id(id)).or_default().push(position);
}

/// Lookups over one snapshot's index; see `Snapshot::joins`.
#[derive(Clone, Copy)]
pub struct Joins<'s> {
    snapshot: &'s Snapshot,
    index: &'s Index,
}

impl Snapshot {
    /// The joins between this snapshot's resources. The index behind them is built on
    /// the first call and shared by every later one (and every check).
    pub fn joins(&self) -> Joins<'_> {
        Joins {
            snapshot: self,
            index: self.index.0.get_or_init(|| Index::build(self)),
        }
    }
}

impl<'s> Joins<'s> {
    fn nics(&self) -> &'s [NetworkInterface] {
        self.snapshot
            .network
            .network_interfaces
            .ok()
            .map_or(&[], Vec::as_slice)
    }

    /// The NICs of `vm`, in NIC-list order: those the VM's `networkProfile` lists and
    /// those whose `virtualMachine.id` names it (either side may carry the link).
    /// Empty when the NIC list could not be read.
    pub fn nics_of_vm(&self, vm: &VirtualMachine) -> Vec<&'s NetworkInterface> {
        self.nics_linked(&self.index.nics_by_vm, &vm.id, &vm.network_interface_ids)
    }

    /// The NICs using `nsg`, in NIC-list order: those whose `networkSecurityGroup.id`
    /// names it and those the NSG's `networkInterfaces` lists.
    pub fn nics_using_nsg(&self, nsg: &SecurityGroup) -> Vec<&'s NetworkInterface> {
        self.nics_linked(&self.index.nics_by_nsg, &nsg.id, &nsg.network_interface_ids)
    }

    /// The NICs that name `id` (looked up in `naming`, one of the by-link maps) or
    /// whose IDs are `listed`, each once, in NIC-list order.
    fn nics_linked(
        &self,
        naming: &HashMap<String, Vec<usize>>,
        id: &str,
        listed: &[String],
    ) -> Vec<&'s NetworkInterface> {
        let named = naming.get(&canonical_id(id)).into_iter().flatten();
        let listed = listed
            .iter()
            .filter_map(|nic| self.index.nics_by_id.get(&canonical_id(nic)))
            .flatten();
        let mut positions: Vec<usize> = named.chain(listed).copied().collect();
        positions.sort_unstable();
        positions.dedup();
        let nics = self.nics();
        positions
            .into_iter()
            .filter_map(|at| nics.get(at))
            .collect()
    }

    /// The first just-in-time policy (in list order) that lists `vm`, matching IDs
    /// canonically. None also when the policy list could not be read.
    pub fn jit_policy_of_vm(&self, vm: &VirtualMachine) -> Option<&'s JitPolicy> {
        let at = *self.index.jit_policy_by_vm.get(&canonical_id(&vm.id))?;
        self.snapshot.security.jit_policies.ok()?.get(at)
    }

    /// The subnet a NIC IP configuration sits in; None when unknown (or the NIC list
    /// could not be read).
    pub fn subnet_of_nic_ip_configuration(&self, ip_configuration_id: &str) -> Option<&'s str> {
        self.index
            .subnet_by_nic_ip_configuration
            .get(&canonical_id(ip_configuration_id))
            .map(String::as_str)
    }

    /// The Log Analytics workspace `workspace_id` names in the (readable) workspace list,
    /// matching IDs canonically.
    pub fn workspace(&self, workspace_id: &str) -> Option<&'s Workspace> {
        let at = *self
            .index
            .workspaces_by_id
            .get(&canonical_id(workspace_id))?;
        self.snapshot.monitor.workspaces.ok()?.get(at)
    }

    /// Whether a VM in the (readable) VM list names the managed disk `disk_id`.
    pub fn disk_used_by_a_vm(&self, disk_id: &str) -> bool {
        self.index.disks_of_vms.contains(&canonical_id(disk_id))
    }

    /// The readable flow logs whose target is one of `targets` (canonical IDs), in
    /// flow-log inventory order (watcher by watcher), each once.
    pub fn flow_logs_targeting<'t>(
        &self,
        targets: impl IntoIterator<Item = &'t str>,
    ) -> Vec<&'s FlowLog> {
        let mut positions: Vec<(usize, usize)> = targets
            .into_iter()
            .filter_map(|target| self.index.flow_logs_by_target.get(target))
            .flatten()
            .copied()
            .collect();
        positions.sort_unstable();
        positions.dedup();
        let watchers = self
            .snapshot
            .network
            .watchers
            .ok()
            .map_or(&[][..], Vec::as_slice);
        positions
            .into_iter()
            .filter_map(|(w, l)| watchers.get(w)?.flow_logs.ok()?.get(l))
            .collect()
    }
}

#[cfg(test)]
#[path = "../../benches/support/scaled_demo.rs"]
mod scaled_demo;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Rule, Settings, Status, catalog, evaluate};
    use std::collections::BTreeMap;

    const SUB: &str = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg";

    fn snapshot(value: serde_json::Value) -> Snapshot {
        let mut base = serde_json::json!({
            "schema_version": crate::snapshot::SCHEMA_VERSION,
            "collected_at": "2026-06-01T00:00:00Z",
            "subscription": { "id": "00000000-0000-0000-0000-000000000001" }
        });
        base.as_object_mut()
            .unwrap()
            .extend(value.as_object().unwrap().clone());
        serde_json::from_value(base).unwrap()
    }

    fn names<T>(items: &[&T], name: impl Fn(&T) -> &str) -> Vec<String> {
        items.iter().map(|item| name(item).to_string()).collect()
    }

    #[test]
    fn joins_match_ids_in_any_casing_from_either_side() {
        let nic = |name: &str, vm: Option<&str>, nsg: Option<&str>| {
            serde_json::json!({
                "id": format!("{SUB}/providers/Microsoft.Network/networkInterfaces/{name}"),
                "name": name,
                "virtual_machine_id": vm.map(|vm| format!("{SUB}/providers/Microsoft.Compute/virtualMachines/{vm}")),
                "network_security_group_id": nsg.map(|nsg| format!("{SUB}/providers/Microsoft.Network/networkSecurityGroups/{nsg}")),
            })
        };
        let snapshot = snapshot(serde_json::json!({
            "network": { "network_interfaces": { "ok": [
                nic("nic-a", Some("VM1"), None),
                nic("nic-b", None, Some("NSG1")),
                nic("nic-c", Some("vm2"), None),
            ] } },
            "security": { "jit_policies": { "ok": [
                { "id": "p1", "name": "first", "virtual_machine_ids": [format!("{SUB}/providers/Microsoft.Compute/virtualMachines/vm2").to_uppercase()] },
                { "id": "p2", "name": "second", "virtual_machine_ids": [format!("{SUB}/providers/Microsoft.Compute/virtualMachines/vm2")] },
            ] } },
        }));
        let vm = |name: &str, nics: &[&str]| VirtualMachine {
            id: format!("{SUB}/providers/Microsoft.Compute/virtualMachines/{name}"),
            name: name.to_string(),
            network_interface_ids: nics
                .iter()
                .map(|n| {
                    format!("{SUB}/providers/Microsoft.Network/networkInterfaces/{n}")
                        .to_uppercase()
                })
                .collect(),
            ..Default::default()
        };
        let joins = snapshot.joins();
        // nic-a names vm1 (in another casing); vm1 lists nic-b and nic-a: each once,
        // in NIC-list order.
        let vm1 = vm("vm1", &["nic-b", "nic-a"]);
        assert_eq!(
            names(&joins.nics_of_vm(&vm1), |n| &n.name),
            ["nic-a", "nic-b"]
        );
        let vm2 = vm("vm2", &[]);
        assert_eq!(names(&joins.nics_of_vm(&vm2), |n| &n.name), ["nic-c"]);
        assert_eq!(
            joins.jit_policy_of_vm(&vm2).map(|p| p.name.as_str()),
            Some("first")
        );
        assert!(joins.jit_policy_of_vm(&vm1).is_none());

        let nsg = SecurityGroup {
            id: format!("{SUB}/providers/Microsoft.Network/networkSecurityGroups/nsg1"),
            network_interface_ids: vec![format!(
                "{SUB}/providers/Microsoft.Network/networkInterfaces/nic-c"
            )],
            ..Default::default()
        };
        assert_eq!(
            names(&joins.nics_using_nsg(&nsg), |n| &n.name),
            ["nic-b", "nic-c"]
        );
    }

    #[test]
    fn flow_logs_come_in_inventory_order_each_once() {
        let log = |name: &str, target: &str| serde_json::json!({ "id": name, "name": name, "target_resource_id": target });
        let snapshot = snapshot(serde_json::json!({
            "network": { "watchers": { "ok": [
                { "id": "w1", "name": "w1", "flow_logs": { "ok": [log("l1", "/X"), log("l2", "/y")] } },
                { "id": "w2", "name": "w2", "flow_logs": { "failed": {
                    "service": "network", "call": "w2/flowLogs", "status": 403, "code": null, "message": "" } } },
                { "id": "w3", "name": "w3", "flow_logs": { "ok": [log("l3", "/x"), log("l4", "/z")] } },
            ] } },
        }));
        let joins = snapshot.joins();
        let found = joins.flow_logs_targeting(["/y", "/x", "/x"]);
        assert_eq!(names(&found, |l| &l.name), ["l1", "l2", "l3"]);
        assert!(joins.flow_logs_targeting(["/none"]).is_empty());
    }

    #[test]
    fn a_clone_builds_its_own_index() {
        let original = snapshot(serde_json::json!({}));
        original.joins();
        assert_eq!(format!("{:?}", original.index), "built");
        assert_eq!(format!("{:?}", original.clone().index), "not built");
    }

    /// `/subscriptions/s/resourceGroups/rg-c12/...` → the canonical ID of copy 0.
    fn original_id(id: &str) -> String {
        let id = canonical_id(id);
        let Some(at) = id.find("/resourcegroups/") else {
            return id;
        };
        let start = at + "/resourcegroups/".len();
        let end = id[start..].find('/').map_or(id.len(), |e| start + e);
        let segment = &id[start..end];
        match segment.rsplit_once("-c") {
            Some((rg, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{}{rg}{}", &id[..start], &id[end..])
            }
            _ => id,
        }
    }

    fn verdict_counts(snapshot: &Snapshot) -> BTreeMap<(String, String, Status), usize> {
        let rules: Vec<&Rule> = catalog().iter().collect();
        let mut counts = BTreeMap::new();
        for finding in evaluate(snapshot, &rules, &Settings::default()) {
            let key = (
                finding.rule_id,
                original_id(&finding.resource_id),
                finding.status,
            );
            *counts.entry(key).or_default() += 1;
        }
        counts
    }

    /// The demo subscription copied many times: every check gives each copy the
    /// verdicts it gives the demo alone, and no finding grows with the copies (JIT
    /// policies, flow logs and NICs all multiply).
    #[test]
    fn a_large_snapshot_keeps_each_copys_verdicts_and_small_findings() {
        const COPIES: usize = 120;
        let demo: Snapshot = serde_json::from_str(&scaled_demo::scaled_demo_json(1)).unwrap();
        let large: Snapshot = serde_json::from_str(&scaled_demo::scaled_demo_json(COPIES)).unwrap();
        assert_eq!(
            large.security.jit_policies.ok().map(Vec::len),
            demo.security.jit_policies.ok().map(|p| p.len() * COPIES)
        );

        let rules: Vec<&Rule> = catalog().iter().collect();
        let largest = evaluate(&large, &rules, &Settings::default())
            .iter()
            .map(|f| (serde_json::to_string(f).unwrap().len(), f.rule_id.clone()))
            .max()
            .unwrap();
        assert!(largest.0 <= 16 * 1024, "largest finding: {largest:?}");

        let one = verdict_counts(&demo);
        let many = verdict_counts(&large);
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            many.keys().collect::<Vec<_>>(),
            "the same (check, resource, status) triples"
        );
        for (key, n) in &one {
            // Resource-group resources appear once per copy; subscription- and
            // tenant-level ones (and key vault items, whose IDs are URLs) once or
            // once per copy.
            let got = many[key];
            assert!(got == *n || got == n * COPIES, "{key:?}: {n} vs {got}");
        }
        // AZMON-013/014 judge the storage accounts the subscription's own diagnostic
        // settings name, which every copy shares: once, not once per copy.
        let copied = |(rule, id, _): &&(String, String, Status)| {
            id.contains("/resourcegroups/") && !matches!(rule.as_str(), "AZMON-013" | "AZMON-014")
        };
        assert!(
            one.keys()
                .filter(copied)
                .all(|key| many[key] == one[key] * COPIES),
            "every resource-group resource is judged once per copy"
        );
    }
}
