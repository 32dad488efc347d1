//! The head every ARM resource in the snapshot shares (ID, name, location, type), so a
//! check names its subject one way for every resource type: `Subject::of(&resource)`.

use super::acr::Registry;
use super::aks::ManagedCluster;
use super::compute::{ManagedDisk, VirtualMachine};
use super::cosmos::CosmosAccount;
use super::keyvault::Vault;
use super::monitor::{ActivityLogAlert, DiagnosticSetting, Workspace};
use super::mysql::MysqlServer;
use super::network::{
    ApplicationGateway, AzureFirewall, BastionHost, FlowLog, LoadBalancer, NetworkInterface,
    NetworkWatcher, PublicIp, SecurityGroup, VirtualNetwork, VirtualNetworkGateway, WafPolicy,
};
use super::postgres::PostgresServer;
use super::security::JitPolicy;
use super::sql::SqlServer;
use super::sql::{ManagedInstance, SqlDatabase};
use super::storage::StorageAccount;
use super::web::Site;

/// What identifies a resource in results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head<'a> {
    /// As Azure returned it (matching uses `canonical_id`).
    pub id: &'a str,
    pub name: &'a str,
    pub location: Option<&'a str>,
    /// The ARM resource type, e.g. `Microsoft.Storage/storageAccounts`.
    pub resource_type: &'static str,
}

/// A snapshot type that is one ARM resource.
pub trait Resource {
    const TYPE: &'static str;
    fn head(&self) -> Head<'_>;
}

macro_rules! resource {
    // `@P: Bound;` first makes the impl generic over the marker `P`.
    ($(@$generic:ident: $bound:path;)? $ty:ty, $arm_type:expr) => {
        impl$(<$generic: $bound>)? Resource for $ty {
            const TYPE: &'static str = $arm_type;
            fn head(&self) -> Head<'_> {
                Head {
                    id: &self.id,
                    name: &self.name,
                    location: self.location.as_deref(),
                    resource_type: Self::TYPE,
                }
            }
        }
    };
    ($ty:ty, $arm_type:literal, no location) => {
        impl Resource for $ty {
            const TYPE: &'static str = $arm_type;
            fn head(&self) -> Head<'_> {
                Head {
                    id: &self.id,
                    name: &self.name,
                    location: None,
                    resource_type: Self::TYPE,
                }
            }
        }
    };
}

resource!(StorageAccount, "Microsoft.Storage/storageAccounts");
resource!(Vault, "Microsoft.KeyVault/vaults");
resource!(Registry, "Microsoft.ContainerRegistry/registries");
resource!(VirtualMachine, "Microsoft.Compute/virtualMachines");
resource!(SecurityGroup, "Microsoft.Network/networkSecurityGroups");
resource!(NetworkWatcher, "Microsoft.Network/networkWatchers");
resource!(FlowLog, "Microsoft.Network/networkWatchers/flowLogs");
resource!(ApplicationGateway, "Microsoft.Network/applicationGateways");
resource!(PublicIp, "Microsoft.Network/publicIPAddresses");
resource!(NetworkInterface, "Microsoft.Network/networkInterfaces");
resource!(
    JitPolicy,
    "Microsoft.Security/locations/jitNetworkAccessPolicies",
    no location
);
resource!(Site, "Microsoft.Web/sites");
resource!(SqlServer, "Microsoft.Sql/servers");
resource!(
    ActivityLogAlert,
    "Microsoft.Insights/activityLogAlerts",
    no location
);
resource!(Workspace, "Microsoft.OperationalInsights/workspaces");
resource!(
    DiagnosticSetting,
    "Microsoft.Insights/diagnosticSettings",
    no location
);
resource!(SqlDatabase, "Microsoft.Sql/servers/databases");
resource!(ManagedInstance, "Microsoft.Sql/managedInstances");
resource!(PostgresServer, "Microsoft.DBforPostgreSQL/flexibleServers");
resource!(MysqlServer, "Microsoft.DBforMySQL/flexibleServers");
resource!(CosmosAccount, "Microsoft.DocumentDB/databaseAccounts");

resource!(
    super::backup::RecoveryVault,
    "Microsoft.RecoveryServices/vaults"
);
resource!(super::redis::RedisCache, "Microsoft.Cache/redis");
resource!(super::apim::ApimService, "Microsoft.ApiManagement/service");
resource!(
    super::ai::CognitiveAccount,
    "Microsoft.CognitiveServices/accounts"
);
resource!(super::logic::Workflow, "Microsoft.Logic/workflows");
resource!(
    super::datafactory::DataFactory,
    "Microsoft.DataFactory/factories"
);
resource!(
    super::synapse::SynapseWorkspace,
    "Microsoft.Synapse/workspaces"
);
resource!(
    super::databricks::DatabricksWorkspace,
    "Microsoft.Databricks/workspaces"
);

resource!(
    @P: super::messaging::Provider; super::messaging::Namespace<P>,
    P::TYPE
);
resource!(VirtualNetwork, "Microsoft.Network/virtualNetworks");
resource!(BastionHost, "Microsoft.Network/bastionHosts");
resource!(
    WafPolicy,
    "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies"
);
resource!(LoadBalancer, "Microsoft.Network/loadBalancers");
resource!(AzureFirewall, "Microsoft.Network/azureFirewalls");
resource!(
    VirtualNetworkGateway,
    "Microsoft.Network/virtualNetworkGateways",
    no location
);
resource!(ManagedDisk, "Microsoft.Compute/disks");
resource!(ManagedCluster, "Microsoft.ContainerService/managedClusters");
