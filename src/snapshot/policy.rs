//! Azure Policy as the AZPOL checks see it: the subscription's assignments (management
//! group and root ones included, as ARM lists them), and the initiatives and definitions
//! read by the exact `policyDefinitionId` each names, once per scan.
//!
//! The effect a policy takes is resolved as CHECKS-2's Clarifications say: an
//! assignment of the definition itself takes its `effect` parameter (named `effect` or
//! ending in `Effect`); an initiative member takes its `parameters.effect`, where
//! `[parameters('x')]` is read from the assignment, else the initiative's `defaultValue`;
//! whatever is still unset is the definition's own default (`GET {policyDefinitionId}`).

use super::{Fetched, canonical_id};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// Definitions whose effect the checks judge (AZPOL-002/003), by GUID: the collector
/// reads their own defaults only when an assignment leaves the effect unset. Data, not
/// logic: Microsoft renames and replaces definitions.
pub const WATCHED_DEFINITIONS: &[&str] = &[
    // Azure registry container images should have vulnerabilities resolved (AZPOL-002).
    "090c7b07-b4ed-4561-ad20-e9075f3ccaff",
    // Azure running container images should have vulnerabilities resolved (AZPOL-002's message).
    "17f4b1cc-c55c-4d94-b1f9-2978f6ac2957",
    // Kubernetes cluster containers should only use allowed images (AZPOL-003).
    "febd0533-8e55-448f-b837-bd0e06f16469",
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyData {
    /// `GET /subscriptions/{s}/providers/Microsoft.Authorization/policyAssignments`.
    pub assignments: Fetched<Vec<PolicyAssignment>>,
    /// Every initiative or definition read, keyed by the ID as requested. Private so
    /// that only `new` and `add_definitions` change it, which keep `by_id` true to it.
    definitions: Fetched<Vec<DefinitionRead>>,
    /// `definitions` by canonical ID, built on the first lookup: every assignment of an
    /// initiative looks its definition up, and an estate that assigns one initiative per
    /// resource group would otherwise scan the whole list per assignment.
    #[serde(skip)]
    by_id: DefinitionIndex,
}

/// Positions in `PolicyData::definitions` by canonical requested ID (the first read of
/// an ID wins, as a list scan would find it). A clone starts without one, so it never
/// sees a stale index.
#[derive(Default)]
struct DefinitionIndex(OnceLock<HashMap<String, usize>>);

impl Clone for DefinitionIndex {
    fn clone(&self) -> DefinitionIndex {
        DefinitionIndex::default()
    }
}

impl std::fmt::Debug for DefinitionIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "built"
        } else {
            "not built"
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyAssignment {
    pub id: String,
    pub name: String,
    pub display_name: Option<String>,
    /// `properties.scope`: `/`, a management group, the subscription, a resource group
    /// or a resource.
    pub scope: Option<String>,
    pub not_scopes: Vec<String>,
    /// The definition or initiative, exactly as ARM gives it.
    pub policy_definition_id: Option<String>,
    /// `Default`, `DoNotEnforce` or `Enroll`; null means Default.
    pub enforcement_mode: Option<String>,
    /// `properties.parameters.{name}.value`.
    pub parameters: BTreeMap<String, Value>,
}

/// One initiative or definition as read by ID.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DefinitionRead {
    /// The ID requested (an assignment's or initiative member's `policyDefinitionId`).
    pub id: String,
    pub read: Fetched<PolicyDefinition>,
}

/// An initiative (`policySetDefinitions`) or a definition (`policyDefinitions`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyDefinition {
    pub display_name: Option<String>,
    /// `parameters.{name}.defaultValue`, for the parameters that have one.
    pub parameter_defaults: BTreeMap<String, Value>,
    /// A definition's `policyRule.then.effect` (often `[parameters('effect')]`).
    pub rule_effect: Option<String>,
    /// An initiative's `policyDefinitions[]`.
    pub members: Vec<SetMember>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SetMember {
    pub policy_definition_id: String,
    pub reference_id: Option<String>,
    /// `parameters.{name}.value`: literals or `[parameters('x')]` expressions.
    pub parameters: BTreeMap<String, Value>,
}

/// Whether an ID names an initiative rather than a definition.
pub fn is_initiative(id: &str) -> bool {
    id.to_lowercase().contains("/policysetdefinitions/")
}

/// The final GUID (name) of a definition or initiative ID, lower case.
pub use super::rbac::final_guid as guid;

/// The parameter a `[parameters('x')]` expression names, if `value` is one.
pub fn parameter_reference(value: &Value) -> Option<&str> {
    let text = value.as_str()?.trim();
    let inner = text.strip_prefix('[')?.strip_suffix(']')?.trim();
    let inner = inner
        .get(..11)
        .filter(|p| p.eq_ignore_ascii_case("parameters("))
        .map(|_| &inner[11..])?;
    let inner = inner.strip_suffix(')')?.trim();
    inner
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .map(str::trim)
}

/// How one policy's effect (or another parameter) came out.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Value(Value),
    /// Unset by the assignment and its initiative: the definition's default decides.
    FromDefinition,
}

/// Where a watched definition is in force through one assignment.
#[derive(Debug, Clone)]
pub struct Use<'a> {
    pub assignment: &'a PolicyAssignment,
    /// The definition's ID as the assignment or initiative names it.
    pub definition_id: &'a str,
    /// The initiative member, when the definition comes through an initiative.
    pub member: Option<(&'a PolicyDefinition, &'a SetMember)>,
}

impl Use<'_> {
    /// The value of one of the definition's parameters, as the assignment and the
    /// initiative set it.
    pub fn parameter(&self, name: &str) -> Resolved {
        match self.member {
            None => lookup(&self.assignment.parameters, name)
                .map_or(Resolved::FromDefinition, |v| Resolved::Value(v.clone())),
            Some((set, member)) => match lookup(&member.parameters, name) {
                None => Resolved::FromDefinition,
                Some(value) => match parameter_reference(value) {
                    None => Resolved::Value(value.clone()),
                    Some(x) => lookup(&self.assignment.parameters, x)
                        .or_else(|| lookup(&set.parameter_defaults, x))
                        .map_or(Resolved::FromDefinition, |v| Resolved::Value(v.clone())),
                },
            },
        }
    }

    /// The effect as set for this use: an assignment of the definition itself takes
    /// its `effect` parameter (named `effect` or ending in `Effect`).
    pub fn effect(&self) -> Resolved {
        match self.member {
            Some(_) => self.parameter("effect"),
            None => self
                .assignment
                .parameters
                .iter()
                .find(|(k, _)| k.to_lowercase().ends_with("effect"))
                .map_or(Resolved::FromDefinition, |(_, v)| {
                    Resolved::Value(v.clone())
                }),
        }
    }
}

/// A key in a parameter map, compared case-insensitively (ARM parameter names are).
fn lookup<'a>(map: &'a BTreeMap<String, Value>, name: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

impl PolicyDefinition {
    /// The definition's own default for a parameter of its rule, or for its effect.
    pub fn default_of(&self, name: &str) -> Option<&Value> {
        lookup(&self.parameter_defaults, name)
    }

    /// The default effect: a literal `policyRule.then.effect`, or the default of the
    /// parameter it names.
    pub fn default_effect(&self) -> Option<Value> {
        let effect = Value::String(self.rule_effect.clone()?);
        match parameter_reference(&effect) {
            None => Some(effect),
            Some(name) => self.default_of(name).cloned(),
        }
    }
}

impl PolicyData {
    pub fn new(
        assignments: Fetched<Vec<PolicyAssignment>>,
        definitions: Fetched<Vec<DefinitionRead>>,
    ) -> PolicyData {
        PolicyData {
            assignments,
            definitions,
            by_id: DefinitionIndex::default(),
        }
    }

    /// Every initiative or definition read.
    pub fn definitions(&self) -> &Fetched<Vec<DefinitionRead>> {
        &self.definitions
    }

    /// Appends more reads to a read definition list (and forgets the index, which no
    /// longer covers the list).
    pub fn add_definitions(&mut self, more: Vec<DefinitionRead>) {
        if let Fetched::Ok(reads) = &mut self.definitions {
            reads.extend(more);
            self.by_id = DefinitionIndex::default();
        }
    }

    /// What reading `id` gave, if it was read (matched as requested, case aside).
    pub fn definition(&self, id: &str) -> Option<&Fetched<PolicyDefinition>> {
        let definitions = self.definitions.ok()?;
        let positions = self.by_id.0.get_or_init(|| {
            let mut positions = HashMap::new();
            for (position, read) in definitions.iter().enumerate() {
                positions.entry(canonical_id(&read.id)).or_insert(position);
            }
            positions
        });
        let position = *positions.get(&canonical_id(id))?;
        definitions.get(position).map(|d| &d.read)
    }
}

/// Every way `assignments` bring in the definition `target` (a GUID): assigned itself,
/// or as a member of an assigned initiative read in `definitions`. Initiatives that were
/// not read come back in the second list, with the ID that could not be read.
pub fn uses<'a>(
    assignments: impl IntoIterator<Item = &'a PolicyAssignment>,
    data: &'a PolicyData,
    target: &str,
) -> (Vec<Use<'a>>, Vec<(&'a PolicyAssignment, &'a str)>) {
    let mut found = Vec::new();
    let mut unread = Vec::new();
    for assignment in assignments {
        let Some(id) = assignment.policy_definition_id.as_deref() else {
            continue;
        };
        if !is_initiative(id) {
            if guid(id) == target {
                found.push(Use {
                    assignment,
                    definition_id: id,
                    member: None,
                });
            }
            continue;
        }
        match data.definition(id).and_then(Fetched::ok) {
            Some(set) => found.extend(
                set.members
                    .iter()
                    .filter(|m| guid(&m.policy_definition_id) == target)
                    .map(|member| Use {
                        assignment,
                        definition_id: &member.policy_definition_id,
                        member: Some((set, member)),
                    }),
            ),
            None => unread.push((assignment, id)),
        }
    }
    (found, unread)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(id: &str, name: &str) -> DefinitionRead {
        DefinitionRead {
            id: id.to_string(),
            read: Fetched::Ok(PolicyDefinition {
                display_name: Some(name.to_string()),
                ..PolicyDefinition::default()
            }),
        }
    }

    fn name_of(data: &PolicyData, id: &str) -> Option<String> {
        data.definition(id)?.ok()?.display_name.clone()
    }

    #[test]
    fn definitions_are_found_by_canonical_id_and_added_ones_too() {
        let set = "/providers/Microsoft.Authorization/policySetDefinitions/Bench";
        let mut data = PolicyData::new(
            Fetched::NotCollected,
            Fetched::Ok(vec![
                read(set, "first"),
                read(&set.to_uppercase(), "second"),
            ]),
        );
        // Any casing finds it; of two reads of one ID, the first is the one (as a scan
        // of the list would find).
        assert_eq!(
            name_of(&data, &set.to_lowercase()).as_deref(),
            Some("first")
        );
        assert_eq!(
            name_of(&data, "/providers/x/policyDefinitions/absent"),
            None
        );
        // Reads added after a lookup built the index are found too.
        let added = "/providers/Microsoft.Authorization/policyDefinitions/Added";
        data.add_definitions(vec![read(added, "added")]);
        assert_eq!(name_of(&data, added).as_deref(), Some("added"));
        assert_eq!(name_of(&data, set).as_deref(), Some("first"));
        // An unread list has no definitions to find.
        assert!(PolicyData::default().definition(set).is_none());
    }

    #[test]
    fn parameter_references_are_read_from_expressions_only() {
        assert_eq!(
            parameter_reference(&json!("[parameters('imageEffect')]")),
            Some("imageEffect")
        );
        assert_eq!(
            parameter_reference(&json!("[ Parameters( 'x' ) ]")),
            Some("x")
        );
        assert_eq!(parameter_reference(&json!("Deny")), None);
        assert_eq!(parameter_reference(&json!(["x"])), None);
        assert_eq!(
            guid("/providers/Microsoft.Authorization/policyDefinitions/ABC/"),
            "abc"
        );
        assert!(is_initiative(
            "/providers/microsoft.authorization/POLICYSETDEFINITIONS/x"
        ));
    }

    #[test]
    fn member_effects_come_from_the_assignment_then_the_initiative_then_the_definition() {
        let set = PolicyDefinition {
            parameter_defaults: [("imagesEffect".to_string(), json!("Audit"))].into(),
            members: vec![SetMember {
                policy_definition_id: "/providers/Microsoft.Authorization/policyDefinitions/t"
                    .into(),
                parameters: [("effect".to_string(), json!("[parameters('imagesEffect')]"))].into(),
                ..SetMember::default()
            }],
            ..PolicyDefinition::default()
        };
        let mut assignment = PolicyAssignment::default();
        fn via<'a>(a: &'a PolicyAssignment, set: &'a PolicyDefinition) -> Use<'a> {
            Use {
                assignment: a,
                definition_id: "t",
                member: Some((set, &set.members[0])),
            }
        }
        assert_eq!(
            via(&assignment, &set).effect(),
            Resolved::Value(json!("Audit"))
        );
        assignment
            .parameters
            .insert("IMAGESEFFECT".into(), json!("Disabled"));
        assert_eq!(
            via(&assignment, &set).effect(),
            Resolved::Value(json!("Disabled"))
        );
        let direct = Use {
            assignment: &PolicyAssignment::default(),
            definition_id: "t",
            member: None,
        };
        assert_eq!(direct.effect(), Resolved::FromDefinition);
        let definition = PolicyDefinition {
            rule_effect: Some("[parameters('effect')]".into()),
            parameter_defaults: [("effect".to_string(), json!("audit"))].into(),
            ..PolicyDefinition::default()
        };
        assert_eq!(definition.default_effect(), Some(json!("audit")));
    }
}
