//! Endpoints and token audiences per Azure cloud, and the endpoint overrides used for
//! Azure Stack, proxies and local emulators.

use reqwest::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Cloud {
    Public,
    Usgov,
    China,
}

/// Where a scan sends requests and which audiences its tokens are for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub cloud: Cloud,
    pub arm: Url,
    pub graph: Url,
    /// Token scope for ARM; follows `--cloud`, never the endpoint override.
    pub arm_scope: String,
    /// Token scope for Microsoft Graph; follows `--cloud`, never the endpoint override.
    pub graph_scope: String,
    /// Where Key Vault data-plane requests go instead of each vault's own `vaultUri`
    /// host (`--keyvault-endpoint`); the vault's host is still sent as `Host`.
    pub keyvault: Option<Url>,
    /// Token scope for the Key Vault data plane (opt-in checks only).
    pub keyvault_scope: String,
    /// Where storage data-plane requests (DP-1) go instead of each account's own
    /// `primaryEndpoints` host (`--storage-endpoint`); that host is still sent as `Host`.
    pub storage: Option<Url>,
    /// Token scope for storage data planes: `https://storage.azure.com` in every cloud
    /// (Azure Storage's default audience for any account).
    pub storage_scope: String,
}

impl Cloud {
    fn arm(self) -> &'static str {
        match self {
            Cloud::Public => "https://management.azure.com",
            Cloud::Usgov => "https://management.usgovcloudapi.net",
            Cloud::China => "https://management.chinacloudapi.cn",
        }
    }

    fn graph(self) -> &'static str {
        match self {
            Cloud::Public => "https://graph.microsoft.com",
            Cloud::Usgov => "https://graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The Key Vault data plane's token audience.
    fn keyvault(self) -> &'static str {
        match self {
            Cloud::Public => "https://vault.azure.net",
            Cloud::Usgov => "https://vault.usgovcloudapi.net",
            Cloud::China => "https://vault.azure.cn",
        }
    }

    /// The SDK's name for this cloud, for credentials that talk to the authority.
    pub fn configuration(self) -> azure_core::cloud::CloudConfiguration {
        use azure_core::cloud::CloudConfiguration;
        match self {
            Cloud::Public => CloudConfiguration::AzurePublic,
            Cloud::Usgov => CloudConfiguration::AzureGovernment,
            Cloud::China => CloudConfiguration::AzureChina,
        }
    }
}

impl Endpoints {
    /// The cloud's endpoints with optional overrides (already taken from flags or env).
    pub fn resolve(
        cloud: Cloud,
        arm_override: Option<&str>,
        graph_override: Option<&str>,
    ) -> Result<Endpoints, String> {
        // The flag's environment variable is named too: the value may have come from it.
        let arm = parse_endpoint(
            "--arm-endpoint (or AZSCAN_ARM_ENDPOINT)",
            arm_override.unwrap_or(cloud.arm()),
        )?;
        let graph = parse_endpoint(
            "--graph-endpoint (or AZSCAN_GRAPH_ENDPOINT)",
            graph_override.unwrap_or(cloud.graph()),
        )?;
        Ok(Endpoints {
            cloud,
            arm,
            graph,
            arm_scope: format!("{}/.default", cloud.arm()),
            graph_scope: format!("{}/.default", cloud.graph()),
            keyvault: None,
            keyvault_scope: format!("{}/.default", cloud.keyvault()),
            storage: None,
            storage_scope: "https://storage.azure.com/.default".to_string(),
        })
    }

    /// These endpoints with storage data planes redirected (`--storage-endpoint`): its
    /// scheme, host and port replace those of every account's `primaryEndpoints.*`.
    pub fn with_storage(mut self, storage_override: Option<&str>) -> Result<Endpoints, String> {
        self.storage = storage_override
            .map(|text| parse_endpoint("--storage-endpoint (or AZSCAN_STORAGE_ENDPOINT)", text))
            .transpose()?;
        Ok(self)
    }

    /// These endpoints with the Key Vault data plane redirected (`--keyvault-endpoint`):
    /// its scheme, host and port replace those of every `vaultUri`.
    pub fn with_keyvault(mut self, keyvault_override: Option<&str>) -> Result<Endpoints, String> {
        self.keyvault = keyvault_override
            .map(|text| parse_endpoint("--keyvault-endpoint (or AZSCAN_KEYVAULT_ENDPOINT)", text))
            .transpose()?;
        Ok(self)
    }

    /// True when every endpoint azscan was pointed at is on this machine (an
    /// emulator): no proxy applies.
    pub fn all_loopback(&self) -> bool {
        is_loopback(&self.arm)
            && is_loopback(&self.graph)
            && self.keyvault.as_ref().is_none_or(is_loopback)
            && self.storage.as_ref().is_none_or(is_loopback)
    }
}

/// Validates an endpoint URL: https, or http on a loopback host only, so a token is
/// never sent in clear text over a network.
fn parse_endpoint(flag: &str, text: &str) -> Result<Url, String> {
    let mut url =
        Url::parse(text.trim()).map_err(|e| format!("{flag} '{text}' is not a valid URL: {e}"))?;
    if url.host_str().is_none() {
        return Err(format!("{flag} '{text}' has no host"));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(format!(
                "{flag} '{text}' uses http; https is required except for loopback hosts (127.0.0.1, ::1, localhost)"
            ));
        }
        other => return Err(format!("{flag} '{text}' has unsupported scheme '{other}'")),
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("{flag} '{text}' must not have a query or fragment"));
    }
    // Paths are joined onto the base, so it must end with '/'.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_follow_the_cloud_not_the_override() {
        let e = Endpoints::resolve(Cloud::Usgov, Some("http://127.0.0.1:9999"), None).unwrap();
        assert_eq!(e.arm.as_str(), "http://127.0.0.1:9999/");
        assert_eq!(e.arm_scope, "https://management.usgovcloudapi.net/.default");
        assert_eq!(e.graph.as_str(), "https://graph.microsoft.us/");
        assert_eq!(e.graph_scope, "https://graph.microsoft.us/.default");
    }

    #[test]
    fn the_keyvault_override_is_checked_like_the_others_and_keeps_the_audience() {
        let e = Endpoints::resolve(Cloud::China, None, None)
            .unwrap()
            .with_keyvault(Some("http://127.0.0.1:7"))
            .unwrap();
        assert_eq!(e.keyvault.as_ref().unwrap().as_str(), "http://127.0.0.1:7/");
        assert_eq!(e.keyvault_scope, "https://vault.azure.cn/.default");
        let plain = Endpoints::resolve(Cloud::Public, None, None).unwrap();
        assert_eq!(plain.keyvault_scope, "https://vault.azure.net/.default");
        assert!(
            plain
                .clone()
                .with_keyvault(Some("http://10.0.0.1"))
                .is_err()
        );
        assert!(plain.with_keyvault(None).unwrap().keyvault.is_none());
    }

    #[test]
    fn the_storage_override_is_checked_and_the_audience_is_storages_own() {
        let e = Endpoints::resolve(Cloud::Usgov, None, None)
            .unwrap()
            .with_storage(Some("http://127.0.0.1:8"))
            .unwrap();
        assert_eq!(e.storage.as_ref().unwrap().as_str(), "http://127.0.0.1:8/");
        assert_eq!(e.storage_scope, "https://storage.azure.com/.default");
        let plain = Endpoints::resolve(Cloud::Public, None, None).unwrap();
        let refused = plain
            .clone()
            .with_storage(Some("http://10.0.0.1"))
            .unwrap_err();
        assert!(refused.contains("--storage-endpoint"), "{refused}");
        assert!(plain.with_storage(None).unwrap().storage.is_none());
    }

    #[test]
    fn http_is_only_allowed_on_loopback() {
        for ok in [
            "http://127.0.0.1:1",
            "http://localhost:8080",
            "http://[::1]:3",
            "https://arm.example",
        ] {
            assert!(
                Endpoints::resolve(Cloud::Public, Some(ok), None).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "http://10.0.0.1",
            "http://example.com",
            "ftp://127.0.0.1",
            "not a url",
            "https://x/?a=b",
        ] {
            assert!(
                Endpoints::resolve(Cloud::Public, Some(bad), None).is_err(),
                "{bad}"
            );
        }
    }
}
