//! Runs the real azscan binary as a child process against an `Emulator` and a
//! `FakeAz`, with an environment scrubbed of anything that could reach real Azure
//! or change behaviour (credentials, managed identity, proxies, log filters).

use std::process::{Command, Stdio};

use super::emulator::Emulator;
use super::fake_az::FakeAz;

/// Inherited variables removed before the run: the credential chain would pick up
/// service-principal, workload-identity or managed-identity settings, a proxy
/// would intercept the loopback emulator, and RUST_LOG would change stderr.
const SCRUBBED_ENV: &[&str] = &[
    "AZURE_CLIENT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_TENANT_ID",
    "AZURE_FEDERATED_TOKEN_FILE",
    "AZURE_AUTHORITY_HOST",
    "AZURE_USERNAME",
    "IDENTITY_ENDPOINT",
    "IDENTITY_HEADER",
    "MSI_ENDPOINT",
    "MSI_SECRET",
    "RUST_LOG",
    "AZSCAN_ARM_ENDPOINT",
    "AZSCAN_GRAPH_ENDPOINT",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout parsed as JSON; on failure the panic shows both streams, since the
    /// reason is usually on stderr.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "azscan stdout is not JSON ({e}); exit code {}\n--- stderr ---\n{}\n--- stdout ---\n{}",
                self.code, self.stderr, self.stdout
            )
        })
    }
}

pub fn azscan(args: &[&str], emu: &Emulator, az: &FakeAz) -> Run {
    azscan_env(args, emu, az, &[])
}

/// Like `azscan`, with extra environment variables set last (so they win).
pub fn azscan_env(args: &[&str], emu: &Emulator, az: &FakeAz, extra_env: &[(&str, &str)]) -> Run {
    let output = command(args, emu, az, extra_env)
        .output()
        .expect("spawn azscan");
    finished(args, output)
}

/// Starts azscan without waiting, stdout and stderr piped (for signal tests); collect
/// it with `finished(args, child.wait_with_output())`.
pub fn spawn_azscan(args: &[&str], emu: &Emulator, az: &FakeAz) -> std::process::Child {
    command(args, emu, az, &[])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn azscan")
}

fn command(args: &[&str], emu: &Emulator, az: &FakeAz, extra_env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_azscan"));
    cmd.args(args).stdin(Stdio::null());
    for name in SCRUBBED_ENV {
        cmd.env_remove(name);
    }
    cmd.env("PATH", az.path_env())
        .env("AZSCAN_ARM_ENDPOINT", emu.arm_url())
        .env("AZSCAN_GRAPH_ENDPOINT", emu.graph_url())
        .env("NO_COLOR", "1")
        // Off a terminal the table wraps to COLUMNS; tests read whole rows, and the
        // wrapping has its own test (compliance.rs).
        .env("COLUMNS", "1000");
    for (name, value) in extra_env {
        cmd.env(name, value);
    }
    cmd
}

/// A finished azscan process as a `Run`; panics (with stderr) if it was killed.
pub fn finished(args: &[&str], output: std::process::Output) -> Run {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code().unwrap_or_else(|| {
        panic!(
            "azscan {args:?} was killed ({})\n--- stderr ---\n{stderr}",
            output.status
        )
    });
    Run {
        code,
        stdout,
        stderr,
    }
}
