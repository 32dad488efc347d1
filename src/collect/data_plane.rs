//! Data-plane clients for opt-in reads: a resource's own host, taken from its
//! properties (a vault's `vaultUri`, a storage account's `primaryEndpoints.*`), never a
//! name plus a suffix, with that service's token audience; or an endpoint override
//! (`--keyvault-endpoint`, `--storage-endpoint`) standing in for every such host while
//! the resource's host is sent as `Host`.

use crate::arm::{Client, Flavor, Shared};
use crate::auth::TokenSource;
use reqwest::Url;

/// What reaching one service's data planes needs: the scan's shared pool and limits,
/// a token source for the service's audience, the optional endpoint override, and
/// the property the hosts come from (named in errors).
#[derive(Clone)]
pub struct DataPlane {
    shared: Shared,
    tokens: TokenSource,
    endpoint: Option<Url>,
    field: &'static str,
}

/// Key Vault data planes (DP-2), hosts from `vaultUri`.
pub type KeyVaultPlane = DataPlane;

impl DataPlane {
    /// Vaults' data planes: each host is a vault's `vaultUri`.
    pub fn key_vault(shared: Shared, tokens: TokenSource, endpoint: Option<Url>) -> DataPlane {
        DataPlane {
            shared,
            tokens,
            endpoint,
            field: "vaultUri",
        }
    }

    /// Storage accounts' service endpoints (DP-1): each host is one of an account's
    /// `primaryEndpoints` (`blob`, `queue`, `table`).
    pub fn storage(shared: Shared, tokens: TokenSource, endpoint: Option<Url>) -> DataPlane {
        DataPlane {
            shared,
            tokens,
            endpoint,
            field: "primaryEndpoints",
        }
    }

    /// A client for the resource at `uri`. Only an https URI with a host is used, so
    /// a token never travels in clear text; with an override, requests go there and
    /// name the resource's host (and port, if any) in `Host`.
    pub fn client(&self, uri: &str) -> Result<Client, String> {
        let field = self.field;
        let given = uri;
        let uri =
            Url::parse(uri.trim()).map_err(|e| format!("{field} '{given}' is not a URL: {e}"))?;
        let Some(host) = uri.host_str().filter(|h| !h.is_empty()) else {
            return Err(format!("{field} '{given}' has no host"));
        };
        if uri.scheme() != "https" {
            return Err(format!(
                "{field} '{given}' is not https; no token is sent to it"
            ));
        }
        let authority = match uri.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let client =
            |base: Url| Client::new(self.shared.clone(), base, Flavor::Arm, self.tokens.clone());
        match &self.endpoint {
            Some(endpoint) => Ok(client(endpoint.clone()).with_host(authority)),
            None => {
                let mut base = uri.clone();
                base.set_path("/");
                base.set_query(None);
                base.set_fragment(None);
                Ok(client(base))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::ClientSettings;
    use crate::auth::{AuthMethod, CredentialChain};
    use crate::cloud::Cloud;
    use std::sync::Arc;

    fn plane(endpoint: Option<&str>) -> KeyVaultPlane {
        let shared = Shared::new(ClientSettings::default(), true).unwrap();
        let chain = Arc::new(CredentialChain::new(AuthMethod::Env, Cloud::Public));
        DataPlane::key_vault(
            shared,
            TokenSource::new(chain, "https://vault.azure.net/.default".into()),
            endpoint.map(|e| Url::parse(e).unwrap()),
        )
    }

    #[test]
    fn only_https_vault_uris_with_a_host_get_a_client() {
        let p = plane(None);
        assert!(p.client("https://kv-1.vault.azure.net").is_ok());
        assert!(p.client("https://kv-1.vault.azure.net:443/").is_ok());
        for bad in [
            "http://kv-1.vault.azure.net",
            "kv-1",
            "",
            "file:///etc/passwd",
        ] {
            assert!(p.client(bad).is_err(), "{bad}");
        }
        // The override does not make a bad vaultUri usable.
        assert!(
            plane(Some("http://127.0.0.1:9"))
                .client("http://kv")
                .is_err()
        );
    }

    #[test]
    fn storage_endpoints_are_named_by_their_property() {
        let shared = Shared::new(ClientSettings::default(), true).unwrap();
        let chain = Arc::new(CredentialChain::new(AuthMethod::Env, Cloud::Public));
        let storage = DataPlane::storage(
            shared,
            TokenSource::new(chain, "https://storage.azure.com/.default".into()),
            None,
        );
        assert!(
            storage
                .client("https://st1.queue.core.windows.net/")
                .is_ok()
        );
        let Err(why) = storage.client("http://st1.queue.core.windows.net/") else {
            panic!("an http endpoint got a client");
        };
        assert!(why.starts_with("primaryEndpoints 'http://"), "{why}");
    }
}
