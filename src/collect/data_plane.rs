//! Data-plane clients for opt-in checks: a Key Vault's own host (its `vaultUri`, never
//! a name plus a suffix), with the vault audience's token, or the `--keyvault-endpoint`
//! override standing in for every vault while the vault's host is sent as `Host`.

use crate::arm::{Client, Flavor, Shared};
use crate::auth::TokenSource;
use reqwest::Url;

/// What reaching a vault's data plane needs: the scan's shared pool and limits, a
/// token source for the vault audience, and the optional endpoint override.
#[derive(Clone)]
pub struct KeyVaultPlane {
    shared: Shared,
    tokens: TokenSource,
    endpoint: Option<Url>,
}

impl KeyVaultPlane {
    pub fn new(shared: Shared, tokens: TokenSource, endpoint: Option<Url>) -> KeyVaultPlane {
        KeyVaultPlane {
            shared,
            tokens,
            endpoint,
        }
    }

    /// A client for the vault at `vault_uri`. Only an https URI with a host is used, so
    /// a token never travels in clear text; with an override, requests go there and
    /// name the vault's host (and port, if any) in `Host`.
    pub fn client(&self, vault_uri: &str) -> Result<Client, String> {
        let uri = Url::parse(vault_uri.trim())
            .map_err(|e| format!("vaultUri '{vault_uri}' is not a URL: {e}"))?;
        let Some(host) = uri.host_str().filter(|h| !h.is_empty()) else {
            return Err(format!("vaultUri '{vault_uri}' has no host"));
        };
        if uri.scheme() != "https" {
            return Err(format!(
                "vaultUri '{vault_uri}' is not https; no token is sent to it"
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
        KeyVaultPlane::new(
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
}
