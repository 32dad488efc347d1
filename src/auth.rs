//! Credential selection (`--auth`) over `azure_identity`, and per-audience token
//! caching. Tokens are never logged: only credential names and their errors are.

use crate::cloud::Cloud;
use azure_core::credentials::TokenCredential;
use azure_core::http::ClientOptions;
use azure_identity::{
    AzureCliCredential, AzureDeveloperCliCredential, ClientAssertionCredentialOptions,
    ClientSecretCredential, ClientSecretCredentialOptions, ManagedIdentityCredential,
    ManagedIdentityCredentialOptions, WorkloadIdentityCredential,
    WorkloadIdentityCredentialOptions,
};
use std::sync::Arc;
use time::OffsetDateTime;
use tokio::sync::{Mutex, OnceCell};
use tracing::debug;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthMethod {
    /// Environment service principal, workload identity, Azure CLI, Azure Developer
    /// CLI, then managed identity where the environment shows one.
    Auto,
    Cli,
    Azd,
    Env,
    WorkloadIdentity,
    ManagedIdentity,
}

/// One credential of the chain, with the name users know it by.
struct Candidate {
    name: &'static str,
    credential: Arc<dyn TokenCredential>,
}

/// The credentials `--auth` allows, tried in order until one gives a token; the first
/// that works is used for every later token of the scan.
pub struct CredentialChain {
    /// In the order they are tried; a candidate that could not even be built (its
    /// environment is not set) keeps its place with the reason, for the error message.
    candidates: Vec<Result<Candidate, String>>,
    chosen: OnceCell<usize>,
}

fn with_cloud(cloud: Cloud) -> ClientOptions {
    ClientOptions {
        cloud: Some(Arc::new(cloud.configuration())),
        ..Default::default()
    }
}

fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

impl CredentialChain {
    pub fn new(method: AuthMethod, cloud: Cloud) -> CredentialChain {
        let mut chain = CredentialChain {
            candidates: Vec::new(),
            chosen: OnceCell::new(),
        };
        let auto = method == AuthMethod::Auto;
        if auto || method == AuthMethod::Env {
            chain.add_env_service_principal(cloud);
        }
        if auto || method == AuthMethod::WorkloadIdentity {
            if auto && !env_set("AZURE_FEDERATED_TOKEN_FILE") {
                chain.skip("workload identity: AZURE_FEDERATED_TOKEN_FILE is not set".into());
            } else {
                let options = WorkloadIdentityCredentialOptions {
                    credential_options: ClientAssertionCredentialOptions {
                        client_options: with_cloud(cloud),
                    },
                    ..Default::default()
                };
                match WorkloadIdentityCredential::new(Some(options)) {
                    Ok(c) => chain.push("workload identity", c),
                    Err(e) => chain.skip(format!("workload identity: {e}")),
                }
            }
        }
        if auto || method == AuthMethod::Cli {
            match AzureCliCredential::new(None) {
                Ok(c) => chain.push("Azure CLI", c),
                Err(e) => chain.skip(format!("Azure CLI: {e}")),
            }
        }
        if auto || method == AuthMethod::Azd {
            match AzureDeveloperCliCredential::new(None) {
                Ok(c) => chain.push("Azure Developer CLI", c),
                Err(e) => chain.skip(format!("Azure Developer CLI: {e}")),
            }
        }
        if auto || method == AuthMethod::ManagedIdentity {
            // In auto mode only where the host advertises an identity endpoint, so a
            // laptop never waits on the instance metadata service timing out. On a VM,
            // ask for it explicitly with --auth managed-identity.
            let advertised = env_set("IDENTITY_ENDPOINT") || env_set("MSI_ENDPOINT");
            if auto && !advertised {
                chain.skip(
                    "managed identity: no IDENTITY_ENDPOINT/MSI_ENDPOINT (use --auth managed-identity on a VM)".into(),
                );
            } else {
                let options = ManagedIdentityCredentialOptions {
                    client_options: with_cloud(cloud),
                    ..Default::default()
                };
                match ManagedIdentityCredential::new(Some(options)) {
                    Ok(c) => chain.push("managed identity", c),
                    Err(e) => chain.skip(format!("managed identity: {e}")),
                }
            }
        }
        chain
    }

    fn push(&mut self, name: &'static str, credential: Arc<dyn TokenCredential>) {
        self.candidates.push(Ok(Candidate { name, credential }));
    }

    fn skip(&mut self, why: String) {
        self.candidates.push(Err(why));
    }

    fn add_env_service_principal(&mut self, cloud: Cloud) {
        let vars = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"];
        let missing: Vec<&str> = vars.iter().copied().filter(|v| !env_set(v)).collect();
        if !missing.is_empty() {
            self.skip(format!(
                "environment service principal: {} not set",
                missing.join(", ")
            ));
            return;
        }
        let var = |name: &str| std::env::var(name).unwrap_or_default();
        let options = ClientSecretCredentialOptions {
            client_options: with_cloud(cloud),
        };
        match ClientSecretCredential::new(
            &var("AZURE_TENANT_ID"),
            var("AZURE_CLIENT_ID"),
            var("AZURE_CLIENT_SECRET").into(),
            Some(options),
        ) {
            Ok(c) => self.push("environment service principal", c),
            Err(e) => self.skip(format!("environment service principal: {e}")),
        }
    }

    /// The name of the credential that gave the first token (`Azure CLI`, ...), once
    /// one has.
    pub fn chosen_name(&self) -> Option<&'static str> {
        let index = *self.chosen.get()?;
        self.candidates[index].as_ref().ok().map(|c| c.name)
    }

    /// A token for `scope`, from the first credential that can give one.
    async fn get_token(&self, scope: &str) -> Result<azure_core::credentials::AccessToken, String> {
        if let Some(&index) = self.chosen.get()
            && let Ok(candidate) = &self.candidates[index]
        {
            return candidate
                .credential
                .get_token(&[scope], None)
                .await
                .map_err(|e| {
                    format!(
                        "{} could not get a token for {scope}: {}",
                        candidate.name,
                        one_line(&e)
                    )
                });
        }
        let mut tried = Vec::new();
        for (index, entry) in self.candidates.iter().enumerate() {
            let candidate = match entry {
                Ok(candidate) => candidate,
                Err(why) => {
                    tried.push(why.clone());
                    continue;
                }
            };
            match candidate.credential.get_token(&[scope], None).await {
                Ok(token) => {
                    debug!("authenticated with {}", candidate.name);
                    let _ = self.chosen.set(index);
                    return Ok(token);
                }
                Err(e) => tried.push(format!("{}: {}", candidate.name, one_line(&e))),
            }
        }
        Err(format!(
            "no credential could get a token for {scope}. Tried:\n  - {}\nSign in with `az login` (or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET for a service principal), or pick a method with --auth.",
            tried.join("\n  - ")
        ))
    }
}

/// Credential errors can span lines (CLI output); reports want one.
fn one_line(error: &azure_core::Error) -> String {
    let text = error.to_string();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    text.chars().take(400).collect()
}

/// Tokens for one audience, cached until shortly before they expire. One refresh at a
/// time: concurrent requests wait for it instead of each running `az`.
#[derive(Clone)]
pub struct TokenSource {
    chain: Arc<CredentialChain>,
    scope: String,
    cache: Arc<Mutex<Option<(String, OffsetDateTime)>>>,
}

impl TokenSource {
    pub fn new(chain: Arc<CredentialChain>, scope: String) -> TokenSource {
        TokenSource {
            chain,
            scope,
            cache: Arc::new(Mutex::new(None)),
        }
    }

    pub async fn token(&self) -> Result<String, String> {
        let mut cache = self.cache.lock().await;
        let refresh_margin = time::Duration::minutes(2);
        if let Some((token, expires)) = cache.as_ref()
            && *expires - refresh_margin > OffsetDateTime::now_utc()
        {
            return Ok(token.clone());
        }
        let fresh = self.chain.get_token(&self.scope).await?;
        let token = fresh.token.secret().to_string();
        *cache = Some((token.clone(), fresh.expires_on));
        Ok(token)
    }
}
