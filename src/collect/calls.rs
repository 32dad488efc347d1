//! The table of calls: every ARM and Microsoft Graph request azscan makes, declared
//! once (service, path template, api-version, what a 404 or a 409
//! `MissingSubscriptionRegistration` means, the permission it needs). Collectors build
//! their requests from it, the plan maps each `Source` to its calls, ERROR texts name
//! the permission, and `docs/permissions.md` is generated from it.

use super::Source;
use crate::arm::ApiError;

/// Which API a call goes to (and so which token it carries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Arm,
    Graph,
    /// A vault's data plane at its `vaultUri` (opt-in checks only).
    KeyVault,
    /// A storage account's service endpoint (`primaryEndpoints.*`), DP-1; its version
    /// travels as the `x-ms-version` header, not a query parameter.
    Storage,
}

/// What an answer other than 200 means for a call, when it does not mean failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// The answer is a failure: the checks that needed the call report ERROR.
    Failure,
    /// The answer means "there is none": an empty list, or no object (`None`).
    Nothing,
}

/// Whether a call reads a list (paged) or one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    List,
    Object,
}

/// What the identity must hold for a call to succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// An Azure RBAC action and the least built-in role that grants it.
    Arm {
        action: &'static str,
        role: &'static str,
    },
    /// A Microsoft Graph application permission; `note` adds a licence or fallback.
    Graph {
        permission: &'static str,
        note: &'static str,
    },
}

impl Permission {
    /// `Microsoft.Security/pricings/read (role Reader)` / `Policy.Read.All`.
    pub fn describe(&self) -> String {
        match self {
            Permission::Arm { action, role } => format!("{action} (in the {role} role)"),
            Permission::Graph { permission, .. } => {
                format!("the Microsoft Graph permission {permission}")
            }
        }
    }
}

/// One API call as azscan makes it.
#[derive(Debug, PartialEq, Eq)]
pub struct Call {
    /// The collector that makes it (`storage`, `entra`, ...): the `service` of its gaps.
    pub service: &'static str,
    pub api: Api,
    /// Path template. ARM subscription-scope calls start `/subscriptions/{subscriptionId}`;
    /// per-resource calls start with the parent's ID placeholder (`{vaultId}/keys`).
    pub path: &'static str,
    /// ARM api-version; empty for Graph (the version is in the path).
    pub api_version: &'static str,
    /// Fixed query parameters besides api-version (Graph `$select`).
    pub query: &'static [(&'static str, &'static str)],
    pub shape: Shape,
    /// What a 404 means.
    pub not_found: Absent,
    /// What a 409 `MissingSubscriptionRegistration` (provider not registered) means:
    /// no resources of that type exist, or (for a subscription-level setting) a failure
    /// whose message names the provider to register.
    pub unregistered: Absent,
    pub permission: Permission,
    /// The list honours `$top`, so a probe (`azscan doctor`) can ask for one item.
    pub top: bool,
}

impl Call {
    /// The path for one scope: the template's single `{...}` placeholder replaced by
    /// `scope` (the subscription ID, or the parent resource's ID). A path without a
    /// placeholder is returned as is.
    pub fn path_for(&self, scope: &str) -> String {
        match (self.path.find('{'), self.path.find('}')) {
            (Some(open), Some(close)) if open < close => {
                let scope = if open == 0 {
                    scope.trim_end_matches('/')
                } else {
                    scope
                };
                format!("{}{scope}{}", &self.path[..open], &self.path[close + 1..])
            }
            _ => self.path.to_string(),
        }
    }

    /// Whether the call is made once per parent resource (its path starts at the parent).
    pub fn per_resource(&self) -> bool {
        self.path.starts_with('{')
    }

    /// The resource provider namespace the call reads (`Microsoft.Security`), if any.
    pub fn provider(&self) -> Option<&'static str> {
        let (_, rest) = self.path.split_once("/providers/")?;
        Some(rest.split('/').next().unwrap_or(rest))
    }

    /// The query of a request: api-version, the call's fixed parameters, then `extra`.
    pub fn query<'a>(&'a self, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut query = Vec::new();
        if !self.api_version.is_empty() && self.api != Api::Storage {
            query.push(("api-version", self.api_version));
        }
        query.extend_from_slice(self.query);
        query.extend_from_slice(extra);
        query
    }

    /// What a failed answer means for this call: `Nothing` when the table says a 404,
    /// or a 409 `MissingSubscriptionRegistration`, means "none exist".
    pub fn meaning(&self, error: &ApiError) -> Absent {
        if error.is_not_found() {
            self.not_found
        } else if is_unregistered(error) {
            self.unregistered
        } else {
            Absent::Failure
        }
    }

    /// The HTTP method: POST for the read-only calls in `POSTS` (Graph `getByIds`) and
    /// ARM's read-only list actions (`config/appsettings/list`), else GET.
    pub fn method(&self) -> &'static str {
        let list_action = self.api == Api::Arm && self.path.ends_with("/list");
        if list_action || POSTS.contains(&self) {
            "POST"
        } else {
            "GET"
        }
    }

    /// `GET /path?api-version=...` as the docs and doctor show it.
    pub fn display(&self) -> String {
        let query: Vec<String> = self
            .query(&[])
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let method = self.method();
        let shown = if query.is_empty() {
            format!("{method} {}", self.path)
        } else {
            format!("{method} {}?{}", self.path, query.join("&"))
        };
        match self.api {
            Api::Storage => format!("{shown} (x-ms-version: {})", self.api_version),
            _ => shown,
        }
    }
}

/// ARM's answer when the subscription has not registered the call's resource provider.
pub fn is_unregistered(error: &ApiError) -> bool {
    error.status == Some(409) && error.code.as_deref() == Some("MissingSubscriptionRegistration")
}

const fn arm(action: &'static str) -> Permission {
    Permission::Arm {
        action,
        role: "Reader",
    }
}

/// A subscription-scope list of one resource type: 404 is a failure; an unregistered
/// provider means no such resources exist.
const fn resources(
    service: &'static str,
    path: &'static str,
    api_version: &'static str,
    action: &'static str,
) -> Call {
    Call {
        service,
        api: Api::Arm,
        path,
        api_version,
        query: &[],
        shape: Shape::List,
        not_found: Absent::Failure,
        unregistered: Absent::Nothing,
        permission: arm(action),
        top: false,
    }
}

/// A per-resource sub-call: its parent exists, so any error is a failure unless the
/// call says a 404 means "none".
const fn child(
    service: &'static str,
    path: &'static str,
    api_version: &'static str,
    shape: Shape,
    not_found: Absent,
    action: &'static str,
) -> Call {
    Call {
        service,
        api: Api::Arm,
        path,
        api_version,
        query: &[],
        shape,
        not_found,
        unregistered: Absent::Failure,
        permission: arm(action),
        top: false,
    }
}

const fn graph(
    path: &'static str,
    query: &'static [(&'static str, &'static str)],
    shape: Shape,
    permission: &'static str,
    note: &'static str,
) -> Call {
    Call {
        service: "entra",
        api: Api::Graph,
        path,
        api_version: "",
        query,
        shape,
        not_found: Absent::Failure,
        unregistered: Absent::Failure,
        permission: Permission::Graph { permission, note },
        // Graph's directory collections page with `$top`.
        top: matches!(shape, Shape::List),
    }
}

/// The subscription itself: proves access and names the tenant.
pub const SUBSCRIPTION: Call = Call {
    service: "subscription",
    api: Api::Arm,
    path: "/subscriptions/{subscriptionId}",
    api_version: "2022-12-01",
    query: &[],
    shape: Shape::Object,
    not_found: Absent::Failure,
    unregistered: Absent::Failure,
    permission: arm("Microsoft.Resources/subscriptions/read"),
    top: false,
};

pub const STORAGE_ACCOUNTS: Call = resources(
    "storage",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Storage/storageAccounts",
    "2024-01-01",
    "Microsoft.Storage/storageAccounts/read",
);
/// 404: the account has no lifecycle policy.
pub const STORAGE_LIFECYCLE_POLICY: Call = child(
    "storage",
    "{storageAccountId}/managementPolicies/default",
    "2024-01-01",
    Shape::Object,
    Absent::Nothing,
    "Microsoft.Storage/storageAccounts/managementPolicies/read",
);
pub const VAULTS: Call = resources(
    "keyvault",
    "/subscriptions/{subscriptionId}/providers/Microsoft.KeyVault/vaults",
    // The vault list's newest api-version with a published example response.
    "2023-02-01",
    "Microsoft.KeyVault/vaults/read",
);
pub const VAULT_KEYS: Call = child(
    "keyvault",
    "{vaultId}/keys",
    "2024-11-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.KeyVault/vaults/keys/read",
);
pub const VAULT_SECRETS: Call = child(
    "keyvault",
    "{vaultId}/secrets",
    "2024-11-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.KeyVault/vaults/secrets/read",
);
/// Diagnostic settings of any resource, or of the subscription itself (Activity Log
/// export); an unregistered Microsoft.Insights means no setting exists.
pub const DIAGNOSTIC_SETTINGS: Call = Call {
    service: "monitor",
    api: Api::Arm,
    path: "{resourceId}/providers/Microsoft.Insights/diagnosticSettings",
    api_version: "2021-05-01-preview",
    query: &[],
    shape: Shape::List,
    not_found: Absent::Failure,
    unregistered: Absent::Nothing,
    permission: arm("Microsoft.Insights/diagnosticSettings/read"),
    top: false,
};
pub const REGISTRIES: Call = resources(
    "acr",
    "/subscriptions/{subscriptionId}/providers/Microsoft.ContainerRegistry/registries",
    "2023-07-01",
    "Microsoft.ContainerRegistry/registries/read",
);
/// A subscription-level setting: without Microsoft.Security registered nothing can be
/// said about the plans, so 409 is a failure naming the provider.
pub const DEFENDER_PRICINGS: Call = Call {
    service: "security",
    api: Api::Arm,
    path: "/subscriptions/{subscriptionId}/providers/Microsoft.Security/pricings",
    api_version: "2024-01-01",
    query: &[],
    shape: Shape::List,
    not_found: Absent::Failure,
    unregistered: Absent::Failure,
    permission: arm("Microsoft.Security/pricings/read"),
    top: false,
};
pub const JIT_POLICIES: Call = resources(
    "security",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Security/jitNetworkAccessPolicies",
    "2020-01-01",
    "Microsoft.Security/locations/jitNetworkAccessPolicies/read",
);
pub const SECURITY_GROUPS: Call = resources(
    "network",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Network/networkSecurityGroups",
    "2024-05-01",
    "Microsoft.Network/networkSecurityGroups/read",
);
pub const NETWORK_WATCHERS: Call = resources(
    "network",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Network/networkWatchers",
    "2024-05-01",
    "Microsoft.Network/networkWatchers/read",
);
pub const FLOW_LOGS: Call = child(
    "network",
    "{networkWatcherId}/flowLogs",
    "2024-05-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.Network/networkWatchers/flowLogs/read",
);
pub const APPLICATION_GATEWAYS: Call = resources(
    "network",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Network/applicationGateways",
    "2024-05-01",
    "Microsoft.Network/applicationGateways/read",
);
/// The WAF policy a gateway references (read once per policy, however many gateways
/// share it).
pub const WAF_POLICY: Call = child(
    "network",
    "{firewallPolicyId}",
    "2024-05-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/read",
);
pub const PUBLIC_IPS: Call = resources(
    "network",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Network/publicIPAddresses",
    // The public IP list's api-version with a published example response.
    "2024-07-01",
    "Microsoft.Network/publicIPAddresses/read",
);
pub const NETWORK_INTERFACES: Call = resources(
    "network",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Network/networkInterfaces",
    "2024-05-01",
    "Microsoft.Network/networkInterfaces/read",
);
pub const VIRTUAL_MACHINES: Call = resources(
    "compute",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/virtualMachines",
    "2024-07-01",
    "Microsoft.Compute/virtualMachines/read",
);
pub const SITES: Call = resources(
    "web",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Web/sites",
    "2024-04-01",
    "Microsoft.Web/sites/read",
);
/// The list's embedded `siteConfig` is not reliable enough to judge; any error,
/// 404 included, leaves the site's configuration unknown.
pub const SITE_CONFIG: Call = child(
    "web",
    "{siteId}/config/web",
    "2024-04-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Web/sites/config/read",
);
pub const SQL_SERVERS: Call = resources(
    "sql",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Sql/servers",
    "2023-08-01",
    "Microsoft.Sql/servers/read",
);
pub const SQL_ENCRYPTION_PROTECTOR: Call = child(
    "sql",
    "{serverId}/encryptionProtector/current",
    "2023-08-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Sql/servers/encryptionProtector/read",
);
pub const SQL_AUDITING: Call = child(
    "sql",
    "{serverId}/auditingSettings/default",
    "2023-08-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Sql/servers/auditingSettings/read",
);
pub const SQL_ADMINISTRATORS: Call = child(
    "sql",
    "{serverId}/administrators",
    "2023-08-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.Sql/servers/administrators/read",
);
pub const SQL_THREAT_PROTECTION: Call = child(
    "sql",
    "{serverId}/advancedThreatProtectionSettings/Default",
    "2023-08-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Sql/servers/advancedThreatProtectionSettings/read",
);
pub const ACTIVITY_LOG_ALERTS: Call = resources(
    "monitor",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Insights/activityLogAlerts",
    "2020-10-01",
    "Microsoft.Insights/activityLogAlerts/read",
);
pub const WORKSPACES: Call = resources(
    "monitor",
    "/subscriptions/{subscriptionId}/providers/Microsoft.OperationalInsights/workspaces",
    "2025-02-01",
    "Microsoft.OperationalInsights/workspaces/read",
);
/// Filtered on the Global Administrator role by the collector, principal expanded.
pub const GRAPH_ROLE_ASSIGNMENTS: Call = Call {
    // Documented with `$filter` and `$expand` only, so a probe reads one whole page.
    top: false,
    ..graph(
        "/v1.0/roleManagement/directory/roleAssignments",
        &[("$expand", "principal")],
        Shape::List,
        "RoleManagement.Read.Directory",
        "or Directory.Read.All",
    )
};
/// A principal Graph did not expand with its assignment.
pub const GRAPH_DIRECTORY_OBJECT: Call = graph(
    "/v1.0/directoryObjects/{principalId}",
    &[],
    Shape::Object,
    "Directory.Read.All",
    "only for principals Graph did not expand",
);
pub const GRAPH_APPLICATIONS: Call = graph(
    "/v1.0/applications",
    &[(
        "$select",
        "id,appId,displayName,passwordCredentials,keyCredentials",
    )],
    Shape::List,
    "Application.Read.All",
    "",
);
pub const GRAPH_SERVICE_PRINCIPALS: Call = graph(
    "/v1.0/servicePrincipals",
    &[(
        "$select",
        "id,appId,displayName,servicePrincipalType,appOwnerOrganizationId,passwordCredentials",
    )],
    Shape::List,
    "Application.Read.All",
    "",
);
pub const GRAPH_CONDITIONAL_ACCESS: Call = graph(
    "/v1.0/identity/conditionalAccess/policies",
    &[],
    Shape::List,
    "Policy.Read.All",
    "the tenant needs a Microsoft Entra ID P1 licence (P2 for sign-in risk)",
);
pub const MANAGED_CLUSTERS: Call = resources(
    "aks",
    "/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/managedClusters",
    "2025-07-01",
    "Microsoft.ContainerService/managedClusters/read",
);
/// Assignments at the subscription and above (management groups, root) and below;
/// Microsoft.Authorization is always registered, so 409 is a failure.
pub const POLICY_ASSIGNMENTS: Call = Call {
    service: "policy",
    api: Api::Arm,
    path: "/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/policyAssignments",
    api_version: "2025-01-01",
    query: &[],
    shape: Shape::List,
    not_found: Absent::Failure,
    unregistered: Absent::Failure,
    permission: arm("Microsoft.Authorization/policyAssignments/read"),
    top: false,
};
/// An assigned initiative, by the `policyDefinitionId` the assignment gives (built-in,
/// management-group or subscription scope); read once per scan.
pub const POLICY_SET_DEFINITION: Call = child(
    "policy",
    "{policySetDefinitionId}",
    "2025-01-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Authorization/policySetDefinitions/read",
);
/// A definition whose default effect decides (nothing assigned sets it); once per scan.
pub const POLICY_DEFINITION: Call = child(
    "policy",
    "{policyDefinitionId}",
    "2025-01-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Authorization/policyDefinitions/read",
);
/// Locks on the subscription, its resource groups and resources.
pub const LOCKS: Call = Call {
    service: "locks",
    api: Api::Arm,
    path: "/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/locks",
    api_version: "2020-05-01",
    query: &[],
    shape: Shape::List,
    not_found: Absent::Failure,
    unregistered: Absent::Failure,
    permission: arm("Microsoft.Authorization/locks/read"),
    top: false,
};

/// Not read for servers whose public access is off (the rules are inert there).
pub const SQL_FIREWALL_RULES: Call = child(
    "sql",
    "{serverId}/firewallRules",
    "2023-08-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.Sql/servers/firewallRules/read",
);
/// Express vulnerability assessment; 404: never configured (off).
pub const SQL_VA_EXPRESS: Call = child(
    "sql",
    "{serverId}/sqlVulnerabilityAssessments/default",
    "2023-08-01",
    Shape::Object,
    Absent::Nothing,
    "Microsoft.Sql/servers/sqlVulnerabilityAssessments/read",
);
/// Classic vulnerability assessment; 404: never configured (off).
pub const SQL_VA_CLASSIC: Call = child(
    "sql",
    "{serverId}/vulnerabilityAssessments/default",
    "2023-08-01",
    Shape::Object,
    Absent::Nothing,
    "Microsoft.Sql/servers/vulnerabilityAssessments/read",
);
/// 404: no Entra-only setting (SQL authentication allowed).
pub const SQL_ENTRA_ONLY: Call = child(
    "sql",
    "{serverId}/azureADOnlyAuthentications/Default",
    "2023-08-01",
    Shape::Object,
    Absent::Nothing,
    "Microsoft.Sql/servers/azureADOnlyAuthentications/read",
);
pub const SQL_DATABASES: Call = child(
    "sql",
    "{serverId}/databases",
    "2023-08-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.Sql/servers/databases/read",
);
pub const SQL_DATABASE_TDE: Call = child(
    "sql",
    "{databaseId}/transparentDataEncryption/current",
    "2023-08-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Sql/servers/databases/transparentDataEncryption/read",
);
pub const SQL_MANAGED_INSTANCES: Call = resources(
    "sql",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Sql/managedInstances",
    "2023-08-01",
    "Microsoft.Sql/managedInstances/read",
);
pub const POSTGRES_SERVERS: Call = resources(
    "postgres",
    "/subscriptions/{subscriptionId}/providers/Microsoft.DBforPostgreSQL/flexibleServers",
    "2024-08-01",
    "Microsoft.DBforPostgreSQL/flexibleServers/read",
);
/// Every server parameter in one paged list (D6), not one call per parameter.
pub const POSTGRES_CONFIGURATIONS: Call = child(
    "postgres",
    "{postgresServerId}/configurations",
    "2024-08-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.DBforPostgreSQL/flexibleServers/configurations/read",
);
/// Not read for servers whose public access is off (out of AZPG-006/007's scope).
pub const POSTGRES_FIREWALL_RULES: Call = child(
    "postgres",
    "{postgresServerId}/firewallRules",
    "2024-08-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/read",
);
pub const MYSQL_SERVERS: Call = resources(
    "mysql",
    "/subscriptions/{subscriptionId}/providers/Microsoft.DBforMySQL/flexibleServers",
    "2023-12-30",
    "Microsoft.DBforMySQL/flexibleServers/read",
);
/// Every server parameter in one paged list (D6), not one call per parameter.
pub const MYSQL_CONFIGURATIONS: Call = child(
    "mysql",
    "{mysqlServerId}/configurations",
    "2023-12-30",
    Shape::List,
    Absent::Failure,
    "Microsoft.DBforMySQL/flexibleServers/configurations/read",
);
/// Not read for servers whose public access is off (the rules are inert there).
pub const MYSQL_FIREWALL_RULES: Call = child(
    "mysql",
    "{mysqlServerId}/firewallRules",
    "2023-12-30",
    Shape::List,
    Absent::Failure,
    "Microsoft.DBforMySQL/flexibleServers/firewallRules/read",
);
pub const COSMOS_ACCOUNTS: Call = resources(
    "cosmos",
    "/subscriptions/{subscriptionId}/providers/Microsoft.DocumentDB/databaseAccounts",
    "2025-04-15",
    "Microsoft.DocumentDB/databaseAccounts/read",
);

/// A Defender for Cloud setting read once per subscription: like the pricings, a 409
/// `MissingSubscriptionRegistration` is a failure naming Microsoft.Security, since
/// nothing can be said about the setting without the provider.
const fn defender(path: &'static str, api_version: &'static str, action: &'static str) -> Call {
    Call {
        unregistered: Absent::Failure,
        ..resources("security", path, api_version, action)
    }
}
/// No stable version exists; the newest preview is the first with `notificationsSources`.
pub const SECURITY_CONTACTS: Call = defender(
    "/subscriptions/{subscriptionId}/providers/Microsoft.Security/securityContacts",
    "2023-12-01-preview",
    "Microsoft.Security/securityContacts/read",
);
pub const SECURITY_SETTINGS: Call = defender(
    "/subscriptions/{subscriptionId}/providers/Microsoft.Security/settings",
    "2022-05-01",
    "Microsoft.Security/settings/read",
);
/// The only api-version of this (legacy) setting.
pub const AUTO_PROVISIONING: Call = defender(
    "/subscriptions/{subscriptionId}/providers/Microsoft.Security/autoProvisioningSettings",
    "2017-08-01-preview",
    "Microsoft.Security/autoProvisioningSettings/read",
);
pub const VA_SETTINGS: Call = defender(
    "/subscriptions/{subscriptionId}/providers/Microsoft.Security/serverVulnerabilityAssessmentsSettings",
    "2023-05-01",
    "Microsoft.Security/serverVulnerabilityAssessmentsSettings/read",
);
pub const SECURE_SCORES: Call = defender(
    "/subscriptions/{subscriptionId}/providers/Microsoft.Security/secureScores",
    "2020-01-01",
    "Microsoft.Security/secureScores/read",
);
/// Paged; read once and shared by every check judged on assessments (D5).
pub const ASSESSMENTS: Call = defender(
    "/subscriptions/{subscriptionId}/providers/Microsoft.Security/assessments",
    "2021-06-01",
    "Microsoft.Security/assessments/read",
);

// Platform services (issue 16): backup, messaging, caches, API gateways, AI and data.
pub const RECOVERY_VAULTS: Call = resources(
    "backup",
    "/subscriptions/{subscriptionId}/providers/Microsoft.RecoveryServices/vaults",
    "2025-02-01",
    "Microsoft.RecoveryServices/vaults/read",
);
/// The vault itself, read only when the list lacks `securitySettings`.
pub const RECOVERY_VAULT: Call = child(
    "backup",
    "{recoveryVaultId}",
    "2025-02-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.RecoveryServices/vaults/read",
);
/// Read only when the vault's soft delete state decides nothing (null, `Invalid`).
pub const RECOVERY_VAULT_CONFIG: Call = child(
    "backup",
    "{recoveryVaultId}/backupconfig/vaultconfig",
    "2025-02-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.RecoveryServices/vaults/backupconfig/read",
);
/// Azure VM items only; the filter's condition is re-applied to every item returned.
pub const BACKUP_PROTECTED_ITEMS: Call = Call {
    query: &[("$filter", "backupManagementType eq 'AzureIaasVM'")],
    ..child(
        "backup",
        "{recoveryVaultId}/backupProtectedItems",
        "2025-02-01",
        Shape::List,
        Absent::Failure,
        "Microsoft.RecoveryServices/vaults/backupProtectedItems/read",
    )
};
pub const EVENT_HUB_NAMESPACES: Call = resources(
    "eventhub",
    "/subscriptions/{subscriptionId}/providers/Microsoft.EventHub/namespaces",
    "2024-01-01",
    "Microsoft.EventHub/namespaces/read",
);
/// Read only for namespaces whose public access is not disabled.
pub const EVENT_HUB_NETWORK_RULE_SET: Call = child(
    "eventhub",
    "{eventHubNamespaceId}/networkRuleSets/default",
    "2024-01-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.EventHub/namespaces/networkRuleSets/read",
);
pub const SERVICE_BUS_NAMESPACES: Call = resources(
    "servicebus",
    "/subscriptions/{subscriptionId}/providers/Microsoft.ServiceBus/namespaces",
    "2024-01-01",
    "Microsoft.ServiceBus/namespaces/read",
);
/// Read only for namespaces whose public access is not disabled.
pub const SERVICE_BUS_NETWORK_RULE_SET: Call = child(
    "servicebus",
    "{serviceBusNamespaceId}/networkRuleSets/default",
    "2024-01-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.ServiceBus/namespaces/networkRuleSets/read",
);
pub const REDIS_CACHES: Call = resources(
    "redis",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Cache/redis",
    "2024-11-01",
    "Microsoft.Cache/redis/read",
);
/// Read only for caches open to public networks; it only adds to REDIS-003's message.
pub const REDIS_FIREWALL_RULES: Call = child(
    "redis",
    "{redisCacheId}/firewallRules",
    "2024-11-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.Cache/redis/firewallRules/read",
);
pub const APIM_SERVICES: Call = resources(
    "apim",
    "/subscriptions/{subscriptionId}/providers/Microsoft.ApiManagement/service",
    "2024-05-01",
    "Microsoft.ApiManagement/service/read",
);
pub const APIM_APIS: Call = child(
    "apim",
    "{apiManagementServiceId}/apis",
    "2024-05-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.ApiManagement/service/apis/read",
);
pub const COGNITIVE_ACCOUNTS: Call = resources(
    "ai",
    "/subscriptions/{subscriptionId}/providers/Microsoft.CognitiveServices/accounts",
    "2024-10-01",
    "Microsoft.CognitiveServices/accounts/read",
);
pub const LOGIC_WORKFLOWS: Call = resources(
    "logic",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Logic/workflows",
    "2019-05-01",
    "Microsoft.Logic/workflows/read",
);
pub const DATA_FACTORIES: Call = resources(
    "datafactory",
    "/subscriptions/{subscriptionId}/providers/Microsoft.DataFactory/factories",
    "2018-06-01",
    "Microsoft.DataFactory/factories/read",
);
pub const SYNAPSE_WORKSPACES: Call = resources(
    "synapse",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Synapse/workspaces",
    "2021-06-01",
    "Microsoft.Synapse/workspaces/read",
);
/// Read only when public access is not disabled; it only adds to SYN-001's message.
pub const SYNAPSE_FIREWALL_RULES: Call = child(
    "synapse",
    "{synapseWorkspaceId}/firewallRules",
    "2021-06-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.Synapse/workspaces/firewallRules/read",
);
pub const DATABRICKS_WORKSPACES: Call = resources(
    "databricks",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Databricks/workspaces",
    "2024-05-01",
    "Microsoft.Databricks/workspaces/read",
);

/// `blobServices/default` of accounts whose kind offers blobs (AZST-012/013/023).
pub const STORAGE_BLOB_SERVICE: Call = child(
    "storage",
    "{storageAccountId}/blobServices/default",
    "2024-01-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Storage/storageAccounts/blobServices/read",
);
/// `fileServices/default` of accounts whose kind offers files (AZST-014/021).
pub const STORAGE_FILE_SERVICE: Call = child(
    "storage",
    "{storageAccountId}/fileServices/default",
    "2024-01-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Storage/storageAccounts/fileServices/read",
);
/// A storage service's diagnostic settings: as `DIAGNOSTIC_SETTINGS`, an unregistered
/// Microsoft.Insights means no setting exists.
const fn storage_diagnostics(path: &'static str) -> Call {
    Call {
        service: "storage",
        path,
        ..DIAGNOSTIC_SETTINGS
    }
}
pub const STORAGE_BLOB_DIAGNOSTICS: Call = storage_diagnostics(
    "{storageAccountId}/blobServices/default/providers/Microsoft.Insights/diagnosticSettings",
);
pub const STORAGE_QUEUE_DIAGNOSTICS: Call = storage_diagnostics(
    "{storageAccountId}/queueServices/default/providers/Microsoft.Insights/diagnosticSettings",
);
pub const STORAGE_TABLE_DIAGNOSTICS: Call = storage_diagnostics(
    "{storageAccountId}/tableServices/default/providers/Microsoft.Insights/diagnosticSettings",
);
/// One key of a vault, read for its rotation policy (the key list does not carry it);
/// requested at the ID the key list gives (`{vaultId}/keys/{name}`) for each enabled key.
pub const VAULT_KEY: Call = child(
    "keyvault",
    "{keyId}",
    "2024-11-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.KeyVault/vaults/keys/read",
);
/// A vault's certificates on its data plane (attributes only, never the certificate):
/// DP-2, for the opt-in AKV-010. The host is the vault's `vaultUri`.
pub const VAULT_CERTIFICATES: Call = Call {
    service: "keyvault",
    api: Api::KeyVault,
    path: "{vaultUri}/certificates",
    api_version: "7.5",
    query: &[],
    shape: Shape::List,
    not_found: Absent::Failure,
    unregistered: Absent::Failure,
    permission: Permission::Arm {
        action: "Microsoft.KeyVault/vaults/certificates/read (data action; on access-policy vaults the certificate List permission), and network access through the vault firewall",
        role: "Key Vault Reader",
    },
    top: false,
};

// Network and compute (issue 15): the lists AZNW-009…015 and AZVM-006…015 read.
pub const VIRTUAL_NETWORKS: Call = resources(
    "network",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Network/virtualNetworks",
    "2024-05-01",
    "Microsoft.Network/virtualNetworks/read",
);
pub const BASTION_HOSTS: Call = resources(
    "network",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Network/bastionHosts",
    "2024-05-01",
    "Microsoft.Network/bastionHosts/read",
);
pub const WAF_POLICIES: Call = resources(
    "network",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
    "2024-05-01",
    "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/read",
);
pub const LOAD_BALANCERS: Call = resources(
    "network",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Network/loadBalancers",
    "2024-05-01",
    "Microsoft.Network/loadBalancers/read",
);
pub const AZURE_FIREWALLS: Call = resources(
    "network",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Network/azureFirewalls",
    "2024-05-01",
    "Microsoft.Network/azureFirewalls/read",
);
/// A virtual network gateway a public IP points to (VPN gateways have no list that
/// shows their subnets): read once per gateway.
pub const VIRTUAL_NETWORK_GATEWAY: Call = child(
    "network",
    "{virtualNetworkGatewayId}",
    "2024-05-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Network/virtualNetworkGateways/read",
);
pub const DISKS: Call = resources(
    "compute",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/disks",
    "2024-03-02",
    "Microsoft.Compute/disks/read",
);
pub const VM_EXTENSIONS: Call = child(
    "compute",
    "{vmId}/extensions",
    "2024-07-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.Compute/virtualMachines/extensions/read",
);
/// ENTRA-008…012, 026: a single object in v1.0 (a one-item `value` list is accepted).
pub const GRAPH_AUTHORIZATION_POLICY: Call = graph(
    "/v1.0/policies/authorizationPolicy",
    &[],
    Shape::Object,
    "Policy.Read.All",
    "",
);
pub const GRAPH_GROUP_SETTINGS: Call = graph(
    "/v1.0/groupSettings",
    &[],
    Shape::List,
    "Directory.Read.All",
    "",
);
pub const GRAPH_SECURITY_DEFAULTS: Call = graph(
    "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy",
    &[],
    Shape::Object,
    "Policy.Read.All",
    "",
);
pub const GRAPH_NAMED_LOCATIONS: Call = graph(
    "/v1.0/identity/conditionalAccess/namedLocations",
    &[],
    Shape::List,
    "Policy.Read.All",
    "",
);
/// The whole report, read once for ENTRA-016 and ENTRA-017 (each re-applies `isAdmin`).
pub const GRAPH_REGISTRATION_DETAILS: Call = graph(
    "/v1.0/reports/authenticationMethods/userRegistrationDetails",
    &[],
    Shape::List,
    "AuditLog.Read.All",
    "the tenant needs a Microsoft Entra ID P1 or P2 licence",
);
pub const GRAPH_GUESTS: Call = graph(
    "/v1.0/users",
    &[
        ("$filter", "userType eq 'Guest'"),
        (
            "$select",
            "id,displayName,userPrincipalName,userType,accountEnabled,createdDateTime,signInActivity",
        ),
    ],
    Shape::List,
    "User.Read.All and AuditLog.Read.All",
    "signInActivity needs a Microsoft Entra ID P1 or P2 licence",
);
/// Tells which principals exist and what they are; sent as POST with up to 1000 IDs.
pub const GRAPH_GET_BY_IDS: Call = Call {
    top: false,
    ..graph(
        "/v1.0/directoryObjects/getByIds",
        &[],
        Shape::List,
        "Directory.Read.All",
        "",
    )
};
/// Users' `userType` and `accountEnabled`, which getByIds leaves out in v1.0; the
/// collector adds `$filter=id in (...)` with at most 15 IDs.
pub const GRAPH_USERS: Call = graph(
    "/v1.0/users",
    &[(
        "$select",
        "id,displayName,userPrincipalName,userType,accountEnabled",
    )],
    Shape::List,
    "User.Read.All",
    "or Directory.Read.All",
);
pub const GRAPH_GROUP_USERS: Call = graph(
    "/v1.0/groups/{groupId}/transitiveMembers/microsoft.graph.user",
    &[(
        "$select",
        "id,displayName,userPrincipalName,userType,accountEnabled",
    )],
    Shape::List,
    "GroupMember.Read.All",
    "or Directory.Read.All",
);
/// Role assignments at the subscription, its resources and every scope above it.
pub const ROLE_ASSIGNMENTS: Call = Call {
    unregistered: Absent::Failure,
    ..resources(
        "rbac",
        "/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleAssignments",
        "2022-04-01",
        "Microsoft.Authorization/roleAssignments/read",
    )
};
pub const CUSTOM_ROLES: Call = Call {
    query: &[("$filter", "type eq 'CustomRole'")],
    unregistered: Absent::Failure,
    ..resources(
        "rbac",
        "/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions",
        "2022-04-01",
        "Microsoft.Authorization/roleDefinitions/read",
    )
};
pub const CLASSIC_ADMINISTRATORS: Call = Call {
    unregistered: Absent::Failure,
    ..resources(
        "rbac",
        "/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/classicAdministrators",
        "2015-07-01",
        "Microsoft.Authorization/classicAdministrators/read",
    )
};
/// PIM eligibility; optional for ENTRA-014 (active assignments still count without it).
pub const GRAPH_ROLE_ELIGIBILITY: Call = graph(
    "/v1.0/roleManagement/directory/roleEligibilitySchedules",
    &[],
    Shape::List,
    "RoleEligibilitySchedule.Read.Directory",
    "optional: without it (or without Entra ID P2) only active assignments count",
);

/// Calls sent as POST (read-only: they take their input in the body).
pub const POSTS: &[&Call] = &[&GRAPH_GET_BY_IDS];

// Monitor and App Service, continued (AZMON-008…017, AZAPP-006…014, AZFUNC).
pub const APP_INSIGHTS_COMPONENTS: Call = resources(
    "monitor",
    "/subscriptions/{subscriptionId}/providers/Microsoft.Insights/components",
    "2020-02-02",
    "Microsoft.Insights/components/read",
);
/// Every resource of the M2 types, in one paged list (the collector sends a `$filter`
/// on `resourceType` and re-applies it to what comes back).
pub const GENERIC_RESOURCES: Call = resources(
    "monitor",
    "/subscriptions/{subscriptionId}/resources",
    "2021-04-01",
    "Microsoft.Resources/subscriptions/resources/read",
);
/// Microsoft Entra ID's diagnostic settings: a tenant-scope ARM call that Azure RBAC
/// alone does not grant (it needs an Entra role such as Security Reader).
pub const AAD_DIAGNOSTIC_SETTINGS: Call = Call {
    service: "monitor",
    api: Api::Arm,
    path: "/providers/microsoft.aadiam/diagnosticSettings",
    api_version: "2017-04-01",
    query: &[],
    shape: Shape::List,
    not_found: Absent::Failure,
    unregistered: Absent::Failure,
    permission: Permission::Arm {
        action: "microsoft.aadiam/diagnosticSettings/read",
        role: "Microsoft Entra Security Reader (or Global Reader)",
    },
    top: false,
};
pub const SITE_AUTH_SETTINGS: Call = child(
    "web",
    "{siteId}/config/authsettingsV2",
    "2024-04-01",
    Shape::Object,
    Absent::Failure,
    "Microsoft.Web/sites/config/read",
);
/// 404: no policy was ever written, so the default (allowed) applies.
pub const SITE_FTP_PUBLISHING: Call = child(
    "web",
    "{siteId}/basicPublishingCredentialsPolicies/ftp",
    "2024-04-01",
    Shape::Object,
    Absent::Nothing,
    "Microsoft.Web/sites/basicPublishingCredentialsPolicies/read",
);
pub const SITE_SCM_PUBLISHING: Call = child(
    "web",
    "{siteId}/basicPublishingCredentialsPolicies/scm",
    "2024-04-01",
    Shape::Object,
    Absent::Nothing,
    "Microsoft.Web/sites/basicPublishingCredentialsPolicies/read",
);
pub const SITE_PRIVATE_ENDPOINTS: Call = child(
    "web",
    "{siteId}/privateEndpointConnections",
    "2024-04-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.Web/sites/privateEndpointConnections/read",
);
/// Fails (400/5xx) when the app is stopped or its host unreachable.
pub const SITE_FUNCTIONS: Call = child(
    "web",
    "{siteId}/functions",
    "2024-04-01",
    Shape::List,
    Absent::Failure,
    "Microsoft.Web/sites/functions/read",
);
pub const WEB_APP_STACKS: Call = Call {
    service: "web",
    api: Api::Arm,
    path: "/providers/Microsoft.Web/webAppStacks",
    api_version: "2024-04-01",
    query: &[],
    shape: Shape::List,
    not_found: Absent::Failure,
    unregistered: Absent::Failure,
    permission: Permission::Arm {
        action: "none (any signed-in identity)",
        role: "Reader",
    },
    top: false,
};
pub const FUNCTION_APP_STACKS: Call = Call {
    path: "/providers/Microsoft.Web/functionAppStacks",
    ..WEB_APP_STACKS
};
/// Opt-in (DP-4): returns secret values, which the collector reduces to facts at once.
pub const SITE_APP_SETTINGS: Call = Call {
    permission: Permission::Arm {
        action: "Microsoft.Web/sites/config/list/action",
        role: "Website Contributor",
    },
    ..child(
        "web",
        "{siteId}/config/appsettings/list",
        "2024-04-01",
        Shape::Object,
        Absent::Failure,
        "",
    )
};
pub const SITE_CONNECTION_STRINGS: Call = Call {
    path: "{siteId}/config/connectionstrings/list",
    ..SITE_APP_SETTINGS
};

/// A storage service's properties on its data plane (DP-1), for the classic Storage
/// Analytics logging of AZST-018…020 when `storage.classic_logging` is on. The host is
/// the account's `primaryEndpoints.{blob,queue,table}`; the answer is XML.
pub const STORAGE_BLOB_PROPERTIES: Call = Call {
    service: "storage",
    api: Api::Storage,
    path: "{primaryEndpoints.blob}",
    api_version: "2021-12-02",
    query: &[("restype", "service"), ("comp", "properties")],
    shape: Shape::Object,
    not_found: Absent::Failure,
    unregistered: Absent::Failure,
    permission: Permission::Arm {
        action: "Microsoft.Storage/storageAccounts/{blob,queue,table}Services/read checked on the data plane (unverified: CHECKS-2 DP-1), and network access through the account firewall",
        role: "Storage Account Contributor (unverified)",
    },
    top: false,
};
pub const STORAGE_QUEUE_PROPERTIES: Call = Call {
    path: "{primaryEndpoints.queue}",
    ..STORAGE_BLOB_PROPERTIES
};
pub const STORAGE_TABLE_PROPERTIES: Call = Call {
    path: "{primaryEndpoints.table}",
    ..STORAGE_BLOB_PROPERTIES
};

/// Every call, in the order the docs list them.
pub const ALL: &[&Call] = &[
    &SUBSCRIPTION,
    &STORAGE_ACCOUNTS,
    &STORAGE_LIFECYCLE_POLICY,
    &VAULTS,
    &VAULT_KEYS,
    &VAULT_SECRETS,
    &DIAGNOSTIC_SETTINGS,
    &REGISTRIES,
    &DEFENDER_PRICINGS,
    &JIT_POLICIES,
    &SECURITY_GROUPS,
    &NETWORK_WATCHERS,
    &FLOW_LOGS,
    &APPLICATION_GATEWAYS,
    &WAF_POLICY,
    &PUBLIC_IPS,
    &NETWORK_INTERFACES,
    &VIRTUAL_MACHINES,
    &SITES,
    &SITE_CONFIG,
    &SQL_SERVERS,
    &SQL_ENCRYPTION_PROTECTOR,
    &SQL_AUDITING,
    &SQL_ADMINISTRATORS,
    &SQL_THREAT_PROTECTION,
    &ACTIVITY_LOG_ALERTS,
    &WORKSPACES,
    &GRAPH_ROLE_ASSIGNMENTS,
    &GRAPH_DIRECTORY_OBJECT,
    &GRAPH_APPLICATIONS,
    &GRAPH_SERVICE_PRINCIPALS,
    &GRAPH_CONDITIONAL_ACCESS,
    &SQL_FIREWALL_RULES,
    &SQL_VA_EXPRESS,
    &SQL_VA_CLASSIC,
    &SQL_ENTRA_ONLY,
    &SQL_DATABASES,
    &SQL_DATABASE_TDE,
    &SQL_MANAGED_INSTANCES,
    &POSTGRES_SERVERS,
    &POSTGRES_CONFIGURATIONS,
    &POSTGRES_FIREWALL_RULES,
    &MYSQL_SERVERS,
    &MYSQL_CONFIGURATIONS,
    &MYSQL_FIREWALL_RULES,
    &COSMOS_ACCOUNTS,
    &SECURITY_CONTACTS,
    &SECURITY_SETTINGS,
    &AUTO_PROVISIONING,
    &VA_SETTINGS,
    &SECURE_SCORES,
    &ASSESSMENTS,
    &RECOVERY_VAULTS,
    &RECOVERY_VAULT,
    &RECOVERY_VAULT_CONFIG,
    &BACKUP_PROTECTED_ITEMS,
    &EVENT_HUB_NAMESPACES,
    &EVENT_HUB_NETWORK_RULE_SET,
    &SERVICE_BUS_NAMESPACES,
    &SERVICE_BUS_NETWORK_RULE_SET,
    &REDIS_CACHES,
    &REDIS_FIREWALL_RULES,
    &APIM_SERVICES,
    &APIM_APIS,
    &COGNITIVE_ACCOUNTS,
    &LOGIC_WORKFLOWS,
    &DATA_FACTORIES,
    &SYNAPSE_WORKSPACES,
    &SYNAPSE_FIREWALL_RULES,
    &DATABRICKS_WORKSPACES,
    &STORAGE_BLOB_SERVICE,
    &STORAGE_FILE_SERVICE,
    &STORAGE_BLOB_DIAGNOSTICS,
    &STORAGE_QUEUE_DIAGNOSTICS,
    &STORAGE_TABLE_DIAGNOSTICS,
    &VAULT_KEY,
    &VAULT_CERTIFICATES,
    &VIRTUAL_NETWORKS,
    &BASTION_HOSTS,
    &WAF_POLICIES,
    &LOAD_BALANCERS,
    &AZURE_FIREWALLS,
    &VIRTUAL_NETWORK_GATEWAY,
    &DISKS,
    &VM_EXTENSIONS,
    &MANAGED_CLUSTERS,
    &POLICY_ASSIGNMENTS,
    &POLICY_SET_DEFINITION,
    &POLICY_DEFINITION,
    &LOCKS,
    &GRAPH_AUTHORIZATION_POLICY,
    &GRAPH_GROUP_SETTINGS,
    &GRAPH_SECURITY_DEFAULTS,
    &GRAPH_NAMED_LOCATIONS,
    &GRAPH_REGISTRATION_DETAILS,
    &GRAPH_GUESTS,
    &GRAPH_GET_BY_IDS,
    &GRAPH_USERS,
    &GRAPH_GROUP_USERS,
    &ROLE_ASSIGNMENTS,
    &CUSTOM_ROLES,
    &CLASSIC_ADMINISTRATORS,
    &GRAPH_ROLE_ELIGIBILITY,
    &APP_INSIGHTS_COMPONENTS,
    &GENERIC_RESOURCES,
    &AAD_DIAGNOSTIC_SETTINGS,
    &SITE_AUTH_SETTINGS,
    &SITE_FTP_PUBLISHING,
    &SITE_SCM_PUBLISHING,
    &SITE_PRIVATE_ENDPOINTS,
    &SITE_FUNCTIONS,
    &WEB_APP_STACKS,
    &FUNCTION_APP_STACKS,
    &SITE_APP_SETTINGS,
    &SITE_CONNECTION_STRINGS,
    &STORAGE_BLOB_PROPERTIES,
    &STORAGE_QUEUE_PROPERTIES,
    &STORAGE_TABLE_PROPERTIES,
];

impl Source {
    /// The calls that read this source, parents first (a per-resource source needs
    /// its parent list too).
    pub fn calls(self) -> &'static [&'static Call] {
        match self {
            Source::StorageAccounts => &[&STORAGE_ACCOUNTS],
            Source::StorageLifecycle => &[&STORAGE_ACCOUNTS, &STORAGE_LIFECYCLE_POLICY],
            Source::Vaults => &[&VAULTS],
            Source::VaultKeys => &[&VAULTS, &VAULT_KEYS],
            Source::VaultSecrets => &[&VAULTS, &VAULT_SECRETS],
            Source::VaultDiagnostics => &[&VAULTS, &DIAGNOSTIC_SETTINGS],
            Source::Registries => &[&REGISTRIES],
            Source::DefenderPricings => &[&DEFENDER_PRICINGS],
            Source::JitPolicies => &[&JIT_POLICIES],
            Source::NetworkSecurityGroups => &[&SECURITY_GROUPS],
            Source::FlowLogs => &[&NETWORK_WATCHERS, &FLOW_LOGS],
            Source::ApplicationGateways => &[&APPLICATION_GATEWAYS, &WAF_POLICY],
            Source::PublicIps => &[&PUBLIC_IPS],
            Source::NetworkInterfaces => &[&NETWORK_INTERFACES],
            Source::VirtualMachines => &[&VIRTUAL_MACHINES],
            Source::Sites => &[&SITES],
            Source::SiteConfigs => &[&SITES, &SITE_CONFIG],
            Source::SqlServers => &[&SQL_SERVERS],
            Source::SqlEncryptionProtector => &[&SQL_SERVERS, &SQL_ENCRYPTION_PROTECTOR],
            Source::SqlAuditing => &[&SQL_SERVERS, &SQL_AUDITING],
            Source::SqlAdministrators => &[&SQL_SERVERS, &SQL_ADMINISTRATORS],
            Source::SqlThreatProtection => &[&SQL_SERVERS, &SQL_THREAT_PROTECTION],
            Source::SubscriptionDiagnostics => &[&DIAGNOSTIC_SETTINGS],
            Source::ActivityLogAlerts => &[&ACTIVITY_LOG_ALERTS],
            Source::Workspaces => &[&WORKSPACES],
            Source::GraphRoleAssignments => &[&GRAPH_ROLE_ASSIGNMENTS, &GRAPH_DIRECTORY_OBJECT],
            Source::GraphApplications => &[&GRAPH_APPLICATIONS],
            Source::GraphServicePrincipals => &[&GRAPH_SERVICE_PRINCIPALS],
            Source::GraphConditionalAccess => &[&GRAPH_CONDITIONAL_ACCESS],
            Source::SqlFirewallRules => &[&SQL_SERVERS, &SQL_FIREWALL_RULES],
            Source::SqlVulnerabilityExpress => &[&SQL_SERVERS, &SQL_VA_EXPRESS],
            Source::SqlVulnerabilityClassic => &[&SQL_SERVERS, &SQL_VA_CLASSIC],
            Source::SqlEntraOnly => &[&SQL_SERVERS, &SQL_ENTRA_ONLY],
            Source::SqlDatabases => &[&SQL_SERVERS, &SQL_DATABASES],
            Source::SqlDatabaseEncryption => &[&SQL_SERVERS, &SQL_DATABASES, &SQL_DATABASE_TDE],
            Source::SqlMasterDiagnostics => &[&SQL_SERVERS, &DIAGNOSTIC_SETTINGS],
            Source::SqlManagedInstances => &[&SQL_MANAGED_INSTANCES],
            Source::PostgresServers => &[&POSTGRES_SERVERS],
            Source::PostgresParameters => &[&POSTGRES_SERVERS, &POSTGRES_CONFIGURATIONS],
            Source::PostgresFirewallRules => &[&POSTGRES_SERVERS, &POSTGRES_FIREWALL_RULES],
            Source::MysqlServers => &[&MYSQL_SERVERS],
            Source::MysqlParameters => &[&MYSQL_SERVERS, &MYSQL_CONFIGURATIONS],
            Source::MysqlFirewallRules => &[&MYSQL_SERVERS, &MYSQL_FIREWALL_RULES],
            Source::CosmosAccounts => &[&COSMOS_ACCOUNTS],
            Source::SecurityContacts => &[&SECURITY_CONTACTS],
            Source::SecuritySettings => &[&SECURITY_SETTINGS],
            Source::AutoProvisioning => &[&AUTO_PROVISIONING],
            Source::VaSettings => &[&VA_SETTINGS],
            Source::SecureScores => &[&SECURE_SCORES],
            Source::Assessments => &[&ASSESSMENTS],
            Source::RecoveryVaults => &[&RECOVERY_VAULTS],
            Source::RecoveryVaultDetails => &[&RECOVERY_VAULTS, &RECOVERY_VAULT],
            Source::RecoveryVaultConfig => &[&RECOVERY_VAULTS, &RECOVERY_VAULT_CONFIG],
            Source::BackupProtectedItems => &[&RECOVERY_VAULTS, &BACKUP_PROTECTED_ITEMS],
            Source::EventHubNamespaces => &[&EVENT_HUB_NAMESPACES],
            Source::EventHubNetworkRuleSets => {
                &[&EVENT_HUB_NAMESPACES, &EVENT_HUB_NETWORK_RULE_SET]
            }
            Source::ServiceBusNamespaces => &[&SERVICE_BUS_NAMESPACES],
            Source::ServiceBusNetworkRuleSets => {
                &[&SERVICE_BUS_NAMESPACES, &SERVICE_BUS_NETWORK_RULE_SET]
            }
            Source::RedisCaches => &[&REDIS_CACHES],
            Source::RedisFirewallRules => &[&REDIS_CACHES, &REDIS_FIREWALL_RULES],
            Source::ApiManagementServices => &[&APIM_SERVICES],
            Source::ApiManagementApis => &[&APIM_SERVICES, &APIM_APIS],
            Source::CognitiveAccounts => &[&COGNITIVE_ACCOUNTS],
            Source::LogicWorkflows => &[&LOGIC_WORKFLOWS],
            Source::DataFactories => &[&DATA_FACTORIES],
            Source::SynapseWorkspaces => &[&SYNAPSE_WORKSPACES],
            Source::SynapseFirewallRules => &[&SYNAPSE_WORKSPACES, &SYNAPSE_FIREWALL_RULES],
            Source::DatabricksWorkspaces => &[&DATABRICKS_WORKSPACES],
            Source::StorageBlobService => &[&STORAGE_ACCOUNTS, &STORAGE_BLOB_SERVICE],
            Source::StorageFileService => &[&STORAGE_ACCOUNTS, &STORAGE_FILE_SERVICE],
            Source::StorageBlobDiagnostics => &[&STORAGE_ACCOUNTS, &STORAGE_BLOB_DIAGNOSTICS],
            Source::StorageQueueDiagnostics => &[&STORAGE_ACCOUNTS, &STORAGE_QUEUE_DIAGNOSTICS],
            Source::StorageTableDiagnostics => &[&STORAGE_ACCOUNTS, &STORAGE_TABLE_DIAGNOSTICS],
            Source::VaultKeyRotation => &[&VAULTS, &VAULT_KEYS, &VAULT_KEY],
            Source::VaultCertificates => &[&VAULTS, &VAULT_CERTIFICATES],
            Source::VirtualNetworks => &[&VIRTUAL_NETWORKS],
            Source::NetworkWatchers => &[&NETWORK_WATCHERS],
            Source::BastionHosts => &[&BASTION_HOSTS],
            Source::WafPolicies => &[&WAF_POLICIES],
            Source::LoadBalancers => &[&LOAD_BALANCERS],
            Source::AzureFirewalls => &[&AZURE_FIREWALLS],
            Source::VirtualNetworkGateways => &[&PUBLIC_IPS, &VIRTUAL_NETWORK_GATEWAY],
            Source::ManagedDisks => &[&DISKS],
            Source::VmExtensions => &[&VIRTUAL_MACHINES, &VM_EXTENSIONS],
            Source::ManagedClusters => &[&MANAGED_CLUSTERS],
            Source::ClusterDiagnostics => &[&MANAGED_CLUSTERS, &DIAGNOSTIC_SETTINGS],
            Source::PolicyAssignments => &[&POLICY_ASSIGNMENTS],
            Source::PolicyDefinitions => &[
                &POLICY_ASSIGNMENTS,
                &POLICY_SET_DEFINITION,
                &POLICY_DEFINITION,
            ],
            Source::Locks => &[&LOCKS],
            Source::GraphAuthorizationPolicy => &[&GRAPH_AUTHORIZATION_POLICY],
            Source::GraphGroupSettings => &[&GRAPH_GROUP_SETTINGS],
            Source::GraphSecurityDefaults => &[&GRAPH_SECURITY_DEFAULTS],
            Source::GraphNamedLocations => &[&GRAPH_NAMED_LOCATIONS],
            Source::GraphRegistrationDetails => &[&GRAPH_REGISTRATION_DETAILS],
            Source::GraphGuests => &[&GRAPH_GUESTS],
            Source::GraphPrincipals => &[&GRAPH_GET_BY_IDS, &GRAPH_USERS, &GRAPH_GROUP_USERS],
            Source::RoleAssignments => &[&ROLE_ASSIGNMENTS],
            Source::CustomRoles => &[&CUSTOM_ROLES],
            Source::ClassicAdministrators => &[&CLASSIC_ADMINISTRATORS],
            Source::GraphPrivilegedRoles => &[&GRAPH_ROLE_ASSIGNMENTS],
            Source::GraphRoleEligibility => &[&GRAPH_ROLE_ELIGIBILITY],
            Source::AppInsightsComponents => &[&APP_INSIGHTS_COMPONENTS],
            Source::MonitoredResources => &[&GENERIC_RESOURCES],
            Source::ResourceDiagnostics => &[&GENERIC_RESOURCES, &DIAGNOSTIC_SETTINGS],
            Source::AadDiagnostics => &[&AAD_DIAGNOSTIC_SETTINGS],
            Source::SiteAuthSettings => &[&SITES, &SITE_AUTH_SETTINGS],
            Source::SiteFtpPublishing => &[&SITES, &SITE_FTP_PUBLISHING],
            Source::SiteScmPublishing => &[&SITES, &SITE_SCM_PUBLISHING],
            Source::SiteDiagnostics => &[&SITES, &DIAGNOSTIC_SETTINGS],
            Source::SitePrivateEndpoints => &[&SITES, &SITE_PRIVATE_ENDPOINTS],
            Source::SiteFunctions => &[&SITES, &SITE_FUNCTIONS],
            Source::WebAppStacks => &[&WEB_APP_STACKS],
            Source::FunctionAppStacks => &[&FUNCTION_APP_STACKS],
            Source::SiteAppSettings => &[&SITES, &SITE_APP_SETTINGS],
            Source::SiteConnectionStrings => &[&SITES, &SITE_CONNECTION_STRINGS],
            Source::StorageBlobLogging => &[&STORAGE_ACCOUNTS, &STORAGE_BLOB_PROPERTIES],
            Source::StorageQueueLogging => &[&STORAGE_ACCOUNTS, &STORAGE_QUEUE_PROPERTIES],
            Source::StorageTableLogging => &[&STORAGE_ACCOUNTS, &STORAGE_TABLE_PROPERTIES],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fill_their_scope() {
        assert_eq!(
            DEFENDER_PRICINGS.path_for("s1"),
            "/subscriptions/s1/providers/Microsoft.Security/pricings"
        );
        assert_eq!(VAULT_KEYS.path_for("/v/x/"), "/v/x/keys");
        assert_eq!(WAF_POLICY.path_for("/p/waf"), "/p/waf");
        assert_eq!(GRAPH_APPLICATIONS.path_for("ignored"), "/v1.0/applications");
        assert_eq!(DEFENDER_PRICINGS.provider(), Some("Microsoft.Security"));
        assert_eq!(
            SITE_APP_SETTINGS.path_for("/s/app"),
            "/s/app/config/appsettings/list"
        );
        assert_eq!(
            SITE_CONNECTION_STRINGS.display(),
            "POST {siteId}/config/connectionstrings/list?api-version=2024-04-01"
        );
        assert_eq!(SITE_CONFIG.method(), "GET");
        assert_eq!(
            WEB_APP_STACKS.path_for("s1"),
            "/providers/Microsoft.Web/webAppStacks"
        );
        assert_eq!(GRAPH_APPLICATIONS.provider(), None);
    }

    #[test]
    fn a_plan_makes_each_call_of_its_sources_once() {
        let plan = crate::collect::Plan::new([Source::FlowLogs, Source::VaultKeys, Source::Vaults]);
        let paths: Vec<&str> = plan.calls().iter().map(|c| c.path).collect();
        assert_eq!(
            paths,
            [
                VAULTS.path,
                VAULT_KEYS.path,
                NETWORK_WATCHERS.path,
                FLOW_LOGS.path
            ]
        );
    }

    #[test]
    fn every_call_is_listed_once_and_every_source_call_is_listed() {
        for (i, call) in ALL.iter().enumerate() {
            // One path may serve two calls told apart by their fixed query (`/users`).
            assert!(
                !ALL[..i]
                    .iter()
                    .any(|c| c.path == call.path && c.query == call.query),
                "{} declared twice",
                call.path
            );
            assert_eq!(call.api == Api::Graph, call.api_version.is_empty());
            if call.api == Api::Storage {
                assert!(!call.query(&[]).iter().any(|(k, _)| *k == "api-version"));
            }
        }
        for rule in crate::rules::catalog() {
            for source in rule.check.sources {
                for call in source.calls() {
                    assert!(ALL.contains(call), "{} is not in ALL", call.path);
                }
            }
        }
    }
}
