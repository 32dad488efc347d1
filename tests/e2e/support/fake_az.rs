//! A fake Azure CLI: an executable `az` shell script in a temp dir, put first on
//! PATH so azure_identity's AzureCliCredential runs it (from /bin, via
//! `/bin/sh -c "az account get-access-token -o json --scope ..."`) and gets one of
//! the emulator's tokens, chosen by scope. Every invocation is logged so tests can
//! check which scopes azscan asked for.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use super::emulator::{ARM_TOKEN, GRAPH_TOKEN, STORAGE_TOKEN, VAULT_TOKEN};
use super::faults::EXPIRY_MARK;

/// Tenant the fake `az` reports for every token.
pub const TENANT: &str = "72f988bf-0000-0000-0000-000000000001";
/// Subscription it reports when not given `--subscription`.
pub const DEFAULT_SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000001";

pub struct FakeAz {
    dir: tempfile::TempDir,
    log: PathBuf,
}

impl FakeAz {
    /// An `az` that hands out ARM_TOKEN, or GRAPH_TOKEN when the scope mentions
    /// "graph" (VAULT_TOKEN for "vault", STORAGE_TOKEN for "storage.azure.com"); output shaped like `az account get-access-token -o json`.
    pub fn install() -> FakeAz {
        FakeAz::issuing(DEFAULT_SUBSCRIPTION, 3600, "")
    }

    /// Like `install`, with `az account show` naming `subscription` as the CLI's
    /// current one (and tokens reporting it).
    pub fn with_current_subscription(subscription: &str) -> FakeAz {
        FakeAz::issuing(subscription, 3600, "")
    }

    /// An `az` whose tokens live `seconds` (`expires_on` that far ahead) and carry
    /// their expiry, so the emulator answers 401 `ExpiredAuthenticationToken` to one
    /// sent too late (see `faults::check_token`).
    pub fn short_lived(seconds: u64) -> FakeAz {
        FakeAz::issuing(
            DEFAULT_SUBSCRIPTION,
            seconds,
            &format!("{EXPIRY_MARK}$expires_on"),
        )
    }

    /// The `az` of `install`, `with_current_subscription` and `short_lived`: the CLI's
    /// current subscription is `subscription`; tokens live `lifetime` seconds and end
    /// in `suffix` (shell text, expanded after `expires_on` is set).
    fn issuing(subscription: &str, lifetime: u64, suffix: &str) -> FakeAz {
        FakeAz::with_body(&format!(
            r#"if [ "$1 $2" = "account show" ]; then
  cat <<EOF
{{
  "id": "{subscription}",
  "name": "Current subscription",
  "state": "Enabled",
  "tenantId": "{TENANT}",
  "isDefault": true
}}
EOF
  exit 0
fi
if [ "$1 $2" != "account get-access-token" ]; then
  echo "ERROR: the fake az only implements 'account get-access-token' and 'account show' (got: $*)" >&2
  exit 1
fi
scope=""
subscription="{subscription}"
while [ $# -gt 0 ]; do
  case "$1" in
    --scope) scope="${{2:-}}" ;;
    --subscription) subscription="${{2:-}}" ;;
  esac
  shift
done
expires_on=$(( $(date +%s) + {lifetime} ))
case "$scope" in
  *graph*) token="{GRAPH_TOKEN}{suffix}" ;;
  *vault*) token="{VAULT_TOKEN}{suffix}" ;;
  *storage.azure.com*) token="{STORAGE_TOKEN}{suffix}" ;;
  *) token="{ARM_TOKEN}{suffix}" ;;
esac
expires_local=$(date -d "@$expires_on" '+%Y-%m-%d %H:%M:%S.000000')
cat <<EOF
{{
  "accessToken": "$token",
  "expiresOn": "$expires_local",
  "expires_on": $expires_on,
  "subscription": "$subscription",
  "tenant": "{TENANT}",
  "tokenType": "Bearer"
}}
EOF
"#
        ))
    }

    /// An `az` that behaves like a logged-out CLI.
    pub fn failing() -> FakeAz {
        FakeAz::with_body("echo \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n")
    }

    /// PATH for a child process: the fake's directory (absolute, because the
    /// credential runs `az` with cwd /bin) ahead of the inherited PATH.
    pub fn path_env(&self) -> String {
        let dir = self.dir.path().display();
        match std::env::var("PATH") {
            Ok(path) if !path.is_empty() => format!("{dir}:{path}"),
            _ => dir.to_string(),
        }
    }

    /// The argument line (`$*`) of every invocation so far, oldest first.
    pub fn invocations(&self) -> Vec<String> {
        match std::fs::read_to_string(&self.log) {
            Ok(log) => log.lines().map(str::to_string).collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("cannot read {}: {e}", self.log.display()),
        }
    }

    /// Writes `az` = logging preamble + `body`, mode 0755.
    fn with_body(body: &str) -> FakeAz {
        let dir = tempfile::tempdir().expect("temp dir for fake az");
        let log = dir.path().join("invocations.log");
        let script = format!(
            "#!/bin/sh\n# Fake Azure CLI written by azscan's e2e tests.\nprintf '%s\\n' \"$*\" >> '{}'\n{body}",
            log.display()
        );
        let az = dir.path().join("az");
        std::fs::write(&az, script).expect("write fake az");
        std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755))
            .expect("make fake az executable");
        FakeAz { dir, log }
    }
}
