//! Azure Policy collector: the subscription's assignments (ARM lists those inherited
//! from management groups and the root too), then, when a check expands initiatives,
//! each assigned initiative by the exact `policyDefinitionId` the assignment gives, and
//! the watched definitions whose effect nothing else sets. Initiatives and definitions
//! are the same for every subscription, so one `DefinitionCache` per scan makes each
//! distinct ID one request, however many subscriptions name it.

use super::calls::{POLICY_ASSIGNMENTS, POLICY_DEFINITION, POLICY_SET_DEFINITION};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::policy::{
    self, DefinitionRead, PolicyAssignment, PolicyData, PolicyDefinition, Resolved, SetMember,
    WATCHED_DEFINITIONS,
};
use crate::snapshot::{Fetched, canonical_id};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// One ID's read, made once and awaited by every later caller.
type Read = Arc<OnceCell<Fetched<PolicyDefinition>>>;

/// Initiatives and definitions read in this scan, by canonical ID; shared by every
/// subscription's collector (clones share the map).
#[derive(Clone, Default)]
pub struct DefinitionCache {
    reads: Arc<Mutex<HashMap<String, Read>>>,
}

impl DefinitionCache {
    /// The read of `id`, made by the first caller; later callers wait for it and share it.
    async fn read(&self, c: &Collector, id: &str) -> Fetched<PolicyDefinition> {
        let cell = self
            .reads
            .lock()
            .expect("definition cache lock")
            .entry(canonical_id(id))
            .or_default()
            .clone();
        let mut made_here = false;
        let read = cell
            .get_or_init(|| async {
                made_here = true;
                let call = if policy::is_initiative(id) {
                    &POLICY_SET_DEFINITION
                } else {
                    &POLICY_DEFINITION
                };
                c.get_under(call, id, parse_definition).await
            })
            .await
            .clone();
        // A failure another subscription met is a gap of this one's scan as well.
        if let (false, Fetched::Failed(gap)) = (made_here, &read) {
            c.gaps.lock().expect("gap list lock").push(gap.clone());
        }
        read
    }
}

pub async fn collect(c: &Collector) -> PolicyData {
    if !c
        .plan
        .wants_any(&[Source::PolicyAssignments, Source::PolicyDefinitions])
    {
        return PolicyData::default();
    }
    let assignments = c.list(&POLICY_ASSIGNMENTS, parse_assignment).await;
    let initiatives = assignments
        .ok()
        .filter(|_| c.plan.wants(Source::PolicyDefinitions))
        .map(|assigned| initiatives_named(assigned));
    let Some(initiatives) = initiatives else {
        return PolicyData::new(assignments, Fetched::NotCollected);
    };
    let mut data = PolicyData::new(assignments, Fetched::Ok(read_all(c, &initiatives).await));
    let defaults = definitions_deciding_effects(&data);
    data.add_definitions(read_all(c, &defaults).await);
    data
}

/// The initiatives the assignments name, each distinct ID once (in the order first
/// named, compared canonically).
fn initiatives_named(assigned: &[PolicyAssignment]) -> Vec<String> {
    let mut seen = HashSet::new();
    assigned
        .iter()
        .filter_map(|a| a.policy_definition_id.as_deref())
        .filter(|id| policy::is_initiative(id) && seen.insert(canonical_id(id)))
        .map(str::to_string)
        .collect()
}

/// The watched definitions whose effect neither assignment nor initiative sets, so
/// their own default decides: each distinct ID once.
fn definitions_deciding_effects(data: &PolicyData) -> Vec<String> {
    let assigned = data.assignments.ok().map_or(&[][..], Vec::as_slice);
    let mut seen = HashSet::new();
    let mut defaults = Vec::new();
    for target in WATCHED_DEFINITIONS {
        let (uses, _) = policy::uses(assigned, data, target);
        for found in uses {
            let id = found.definition_id;
            if found.effect() == Resolved::FromDefinition && seen.insert(canonical_id(id)) {
                defaults.push(id.to_string());
            }
        }
    }
    defaults
}

async fn read_all(c: &Collector, ids: &[String]) -> Vec<DefinitionRead> {
    let reads = futures::future::join_all(ids.iter().map(|id| c.definitions.read(c, id))).await;
    ids.iter()
        .zip(reads)
        .map(|(id, read)| DefinitionRead {
            id: id.clone(),
            read,
        })
        .collect()
}

pub(super) fn parse_assignment(r: &Reader) -> PolicyAssignment {
    PolicyAssignment {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        display_name: r.string("/properties/displayName"),
        scope: r.string("/properties/scope"),
        not_scopes: r.strings("/properties/notScopes"),
        policy_definition_id: r.string("/properties/policyDefinitionId"),
        enforcement_mode: r.string("/properties/enforcementMode"),
        parameters: values(r, "/properties/parameters", "value"),
    }
}

pub(super) fn parse_definition(r: &Reader) -> PolicyDefinition {
    PolicyDefinition {
        display_name: r.string("/properties/displayName"),
        parameter_defaults: values(r, "/properties/parameters", "defaultValue"),
        rule_effect: r.string("/properties/policyRule/then/effect"),
        members: r
            .items("/properties/policyDefinitions")
            .iter()
            .map(|m| SetMember {
                policy_definition_id: m.string("/policyDefinitionId").unwrap_or_default(),
                reference_id: m.string("/policyDefinitionReferenceId"),
                parameters: values(m, "/parameters", "value"),
            })
            .collect(),
    }
}

/// `{name: {field: value}}` as `{name: value}`, for parameters that carry `field`.
fn values(r: &Reader, pointer: &str, field: &str) -> BTreeMap<String, serde_json::Value> {
    let Some(map) = r.object(pointer) else {
        return BTreeMap::new();
    };
    map.value()
        .as_object()
        .map(|parameters| {
            parameters
                .iter()
                .filter_map(|(name, p)| {
                    let value = p.get(field).filter(|v| !v.is_null())?;
                    Some((name.clone(), value.clone()))
                })
                .collect()
        })
        .unwrap_or_default()
}
