//! The GitHub Action (action.yml): its inputs match what its steps use, and its script
//! steps, run here the way the runner runs them, against a release-layout directory
//! holding a stub `azscan` that records its arguments, download and verify the binary and
//! pass each input to the right flag.

use serde_yaml_ng::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn action_text() -> String {
    std::fs::read_to_string(root().join("action.yml")).unwrap()
}

fn action() -> Value {
    serde_yaml_ng::from_str(&action_text()).unwrap()
}

fn mapping<'a>(value: &'a Value, key: &str) -> &'a Mapping {
    value
        .get(key)
        .and_then(Value::as_mapping)
        .unwrap_or_else(|| panic!("action.yml: `{key}` is not a mapping"))
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn steps() -> Vec<Value> {
    action()["runs"]["steps"].as_sequence().unwrap().clone()
}

/// Every `${{ … }}` expression in `text`, trimmed.
fn expressions(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let end = rest[start..]
            .find("}}")
            .unwrap_or_else(|| panic!("unclosed expression in {text}"));
        found.push(rest[start + 3..start + end].trim().to_string());
        rest = &rest[start + end + 2..];
    }
    found
}

#[test]
fn action_is_composite_and_declares_exactly_the_inputs_it_uses() {
    let action = action();
    assert_eq!(text(&action["runs"], "using"), Some("composite"));
    let declared: BTreeSet<String> = mapping(&action, "inputs")
        .iter()
        .map(|(name, spec)| {
            let name = name.as_str().unwrap().to_string();
            assert!(
                text(spec, "description").is_some_and(|d| !d.trim().is_empty()),
                "input {name} has no description"
            );
            name
        })
        .collect();
    let used: BTreeSet<String> = expressions(&action_text())
        .iter()
        .filter_map(|e| e.strip_prefix("inputs."))
        .map(str::to_string)
        .collect();
    let unused: Vec<_> = declared.difference(&used).collect();
    let undeclared: Vec<_> = used.difference(&declared).collect();
    assert!(unused.is_empty(), "declared but never used: {unused:?}");
    assert!(
        undeclared.is_empty(),
        "used but not declared: {undeclared:?}"
    );
    for required in [
        "subscription-id",
        "all-subscriptions",
        "management-group",
        "fail-on",
        "config",
        "baseline",
        "sarif-category",
        "version",
    ] {
        assert!(declared.contains(required), "input {required} is missing");
    }
}

#[test]
fn scripts_get_inputs_through_the_environment_only() {
    // An input pasted into `run:` would run as shell code; through `env:` it is data.
    for step in steps() {
        if let Some(run) = text(&step, "run") {
            assert!(expressions(run).is_empty(), "expression inside run: {run}");
            assert_eq!(text(&step, "shell"), Some("bash"), "{run}");
            assert!(step.get("if").is_none(), "the harness below ignores `if`");
        } else {
            // The only action it calls is the cache, keyed on the resolved release.
            let uses = text(&step, "uses").unwrap();
            assert!(uses.starts_with("actions/cache@"), "{uses}");
            let key = step["with"]["key"].as_str().unwrap();
            assert!(key.contains("steps.resolve.outputs.version"), "{key}");
            assert!(key.contains("steps.resolve.outputs.target"), "{key}");
        }
    }
}

#[test]
fn default_version_is_this_release() {
    let action = action();
    let default = text(&mapping(&action, "inputs")["version"], "default");
    assert_eq!(
        default,
        Some(env!("CARGO_PKG_VERSION")),
        "bump action.yml's version default with Cargo.toml's version"
    );
}

/// A runner for the action's steps: a workspace, a tool cache, a release directory
/// served over file://, and a stub azscan inside the release archive.
struct Runner {
    dir: tempfile::TempDir,
}

/// What one run of the action did.
struct Run {
    /// (step id, exit code, stdout + stderr) for every script step that ran.
    steps: Vec<(String, i32, String)>,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    summary: String,
    path_additions: String,
}

impl Run {
    fn failed_step(&self) -> Option<&(String, i32, String)> {
        self.steps.iter().find(|(_, code, _)| *code != 0)
    }
}

const TARGET: &str = "x86_64-unknown-linux-musl";

impl Runner {
    fn new() -> Runner {
        let runner = Runner {
            dir: tempfile::tempdir().unwrap(),
        };
        for sub in ["workspace", "toolcache", "temp", "stage"] {
            std::fs::create_dir_all(runner.path(sub)).unwrap();
        }
        runner.set_stub_exit(0);
        runner.publish(env!("CARGO_PKG_VERSION"));
        runner
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn set_stub_exit(&self, code: i32) {
        std::fs::write(self.path("stub-exit"), code.to_string()).unwrap();
    }

    fn argv(&self) -> Option<Vec<String>> {
        let text = std::fs::read_to_string(self.path("argv")).ok()?;
        Some(text.lines().map(str::to_string).collect())
    }

    /// Lays out a release the way the release workflow does: a tarball holding
    /// `azscan-<target>/azscan`, next to `<archive>.sha256` (`<hex> *<name>`).
    fn publish(&self, version: &str) {
        let stub = format!(
            r#"#!/bin/sh
# Stub azscan: records its arguments and writes each --report file.
if [ "$1" = "--version" ]; then echo "azscan {version}"; exit 0; fi
printf '%s\n' "$@" > '{argv}'
previous=""
for arg in "$@"; do
  if [ "$previous" = "--report" ]; then echo "stub ${{arg%%=*}} report" > "${{arg#*=}}"; fi
  previous="$arg"
done
exit "$(cat '{exit}')"
"#,
            argv = self.path("argv").display(),
            exit = self.path("stub-exit").display(),
        );
        let inner = self.path("stage").join(format!("azscan-{TARGET}"));
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::write(inner.join("azscan"), stub).unwrap();
        sh(&format!("chmod +x '{}'", inner.join("azscan").display()));
        let release = self.path(&format!("releases/download/v{version}"));
        std::fs::create_dir_all(&release).unwrap();
        let archive = format!("azscan-{TARGET}.tar.gz");
        sh(&format!(
            "tar -czf '{}' -C '{}' 'azscan-{TARGET}'",
            release.join(&archive).display(),
            self.path("stage").display()
        ));
        let digest = sh(&format!("sha256sum '{}'", release.join(&archive).display()));
        let hex = digest.split_whitespace().next().unwrap();
        std::fs::write(
            release.join(format!("{archive}.sha256")),
            format!("{hex} *{archive}\n"),
        )
        .unwrap();
    }

    fn runner_env(&self) -> Vec<(String, String)> {
        let p = |name: &str| self.path(name).display().to_string();
        vec![
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
            ("RUNNER_OS".into(), "Linux".into()),
            ("RUNNER_ARCH".into(), "X64".into()),
            ("RUNNER_TEMP".into(), p("temp")),
            ("RUNNER_TOOL_CACHE".into(), p("toolcache")),
            ("GITHUB_STEP_SUMMARY".into(), p("summary.md")),
            ("GITHUB_PATH".into(), p("github-path")),
            ("GITHUB_ACTION_PATH".into(), root().display().to_string()),
            (
                "AZSCAN_DOWNLOAD_URL".into(),
                format!("file://{}", p("releases")),
            ),
        ]
    }

    /// Runs the action's steps in order, as the runner would: each script step with its
    /// `env:` (expressions evaluated) through `bash -eo pipefail`, stopping at the first
    /// failure. `actions/cache` is left out: the tool cache directory persists instead.
    fn run(&self, inputs: &[(&str, &str)]) -> Run {
        let action = action();
        let declared = mapping(&action, "inputs");
        let input = |name: &str| -> String {
            if let Some((_, value)) = inputs.iter().find(|(n, _)| *n == name) {
                return value.to_string();
            }
            let spec = declared
                .get(name)
                .unwrap_or_else(|| panic!("no input {name}"));
            text(spec, "default").unwrap_or("").to_string()
        };
        let mut run = Run {
            steps: Vec::new(),
            outputs: BTreeMap::new(),
            summary: String::new(),
            path_additions: String::new(),
        };
        for (index, step) in steps().iter().enumerate() {
            let Some(script) = text(step, "run") else {
                continue;
            };
            let id = text(step, "id").map_or(index.to_string(), str::to_string);
            let output_file = self.path(&format!("output-{id}"));
            std::fs::write(&output_file, "").unwrap();
            let script_file = self.path(&format!("step-{id}.sh"));
            std::fs::write(&script_file, script).unwrap();
            let mut command = Command::new("bash");
            command
                .args(["--noprofile", "--norc", "-eo", "pipefail"])
                .arg(&script_file)
                .current_dir(self.path("workspace"))
                .env_clear()
                .envs(self.runner_env())
                .env("GITHUB_OUTPUT", &output_file);
            if let Some(env) = step.get("env").and_then(Value::as_mapping) {
                for (name, value) in env {
                    let value = value.as_str().unwrap();
                    let evaluated = evaluate(value, &input, &run.outputs);
                    command.env(name.as_str().unwrap(), evaluated);
                }
            }
            let output = command.output().unwrap();
            let log = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            let code = output.status.code().unwrap_or(-1);
            run.outputs.insert(
                id.clone(),
                parse_outputs(&std::fs::read_to_string(&output_file).unwrap()),
            );
            run.steps.push((id, code, log));
            if code != 0 {
                break;
            }
        }
        run.summary = std::fs::read_to_string(self.path("summary.md")).unwrap_or_default();
        run.path_additions = std::fs::read_to_string(self.path("github-path")).unwrap_or_default();
        run
    }
}

/// Replaces each `${{ inputs.X }}` and `${{ steps.S.outputs.K }}`; any other expression
/// fails the test, so the action cannot come to depend on context this harness lacks.
fn evaluate(
    value: &str,
    input: &dyn Fn(&str) -> String,
    outputs: &BTreeMap<String, BTreeMap<String, String>>,
) -> String {
    let mut result = value.to_string();
    for expression in expressions(value) {
        let replacement = if let Some(name) = expression.strip_prefix("inputs.") {
            input(name)
        } else if let Some(rest) = expression.strip_prefix("steps.") {
            let (step, key) = rest.split_once(".outputs.").unwrap();
            outputs
                .get(step)
                .and_then(|o| o.get(key))
                .unwrap_or_else(|| panic!("step {step} set no output {key}"))
                .clone()
        } else {
            panic!("the test harness cannot evaluate `{expression}`")
        };
        result = result.replacen(&format!("${{{{ {expression} }}}}"), &replacement, 1);
    }
    result
}

/// `name=value` lines, as `$GITHUB_OUTPUT` holds them.
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn sh(script: &str) -> String {
    let output = Command::new("sh").arg("-c").arg(script).output().unwrap();
    assert!(output.status.success(), "{script}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

fn pairs(argv: &[String]) -> Vec<(String, String)> {
    argv.windows(2)
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect()
}

fn markdown_report(runner: &Runner) -> String {
    format!(
        "markdown={}/azscan-summary.md",
        runner.path("temp").display()
    )
}

#[test]
fn every_input_reaches_its_flag() {
    let runner = Runner::new();
    let run = runner.run(&[
        ("subscription-id", "sub-a, sub-b\nsub-c"),
        ("all-subscriptions", "true"),
        ("management-group", "mg-root"),
        ("exclude-subscription", "sub-x,sub-y"),
        ("fail-on", "high"),
        ("config", "ci/azscan.toml"),
        ("baseline", ".azscan/base line.json"),
        ("sarif-category", "azscan/prod/"),
        ("args", "--skip-checks ENTRA --allow-incomplete"),
    ]);
    assert!(run.failed_step().is_none(), "{:?}", run.steps);
    let argv = runner.argv().expect("azscan ran");
    let expected: Vec<String> = [
        "--subscription-id",
        "sub-a",
        "--subscription-id",
        "sub-b",
        "--subscription-id",
        "sub-c",
        "--all-subscriptions",
        "--management-group",
        "mg-root",
        "--exclude-subscription",
        "sub-x",
        "--exclude-subscription",
        "sub-y",
        "--fail-on",
        "high",
        "--config",
        "ci/azscan.toml",
        "--baseline",
        ".azscan/base line.json",
        "--sarif-category",
        "azscan/prod/",
        "--report",
        "sarif=azscan.sarif",
        "--report",
        "json=azscan.json",
        "--report",
        &markdown_report(&runner),
        "--skip-checks",
        "ENTRA",
        "--allow-incomplete",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(argv, expected);
}

#[test]
fn defaults_pass_only_the_gate_and_the_reports() {
    let runner = Runner::new();
    let run = runner.run(&[]);
    assert!(run.failed_step().is_none(), "{:?}", run.steps);
    let argv = runner.argv().unwrap();
    assert_eq!(
        argv,
        [
            "--fail-on",
            "none",
            "--report",
            "sarif=azscan.sarif",
            "--report",
            "json=azscan.json",
            "--report",
            &markdown_report(&runner),
        ]
    );
    // Installed where actions/cache saves it, checksum checked, and put on PATH.
    let dir = runner.path(&format!(
        "toolcache/azscan/{}/{TARGET}",
        env!("CARGO_PKG_VERSION")
    ));
    assert!(dir.join("azscan").is_file());
    assert_eq!(run.path_additions.trim(), dir.display().to_string());
    let install = &run.steps.iter().find(|s| s.0 == "install").unwrap().2;
    assert!(install.contains("SHA-256 verified"), "{install}");
    assert_eq!(run.outputs["scan"]["sarif"], "azscan.sarif");
    assert_eq!(run.outputs["scan"]["json"], "azscan.json");
    assert_eq!(run.outputs["scan"]["exit-code"], "0");
    assert!(runner.path("workspace/azscan.sarif").is_file());
    assert!(runner.path("workspace/azscan.json").is_file());
    assert_eq!(run.summary, "stub markdown report\n");
}

#[test]
fn a_breached_gate_fails_the_step_after_writing_summary_and_outputs() {
    let runner = Runner::new();
    runner.set_stub_exit(1);
    let run = runner.run(&[("fail-on", "high")]);
    let (id, code, _) = run.failed_step().unwrap();
    assert_eq!((id.as_str(), *code), ("scan", 1));
    assert_eq!(run.summary, "stub markdown report\n");
    assert_eq!(run.outputs["scan"]["exit-code"], "1");
    assert_eq!(run.outputs["scan"]["sarif"], "azscan.sarif");
    assert!(runner.path("workspace/azscan.sarif").is_file());
}

#[test]
fn an_archive_that_fails_its_checksum_is_not_installed() {
    let runner = Runner::new();
    let sums = runner.path(&format!(
        "releases/download/v{}/azscan-{TARGET}.tar.gz.sha256",
        env!("CARGO_PKG_VERSION")
    ));
    std::fs::write(
        &sums,
        format!("{} *azscan-{TARGET}.tar.gz\n", "0".repeat(64)),
    )
    .unwrap();
    let run = runner.run(&[]);
    let (id, code, log) = run.failed_step().unwrap();
    assert_eq!((id.as_str(), *code), ("install", 1));
    assert!(log.contains("checksum mismatch"), "{log}");
    assert!(
        !runner
            .path(&format!(
                "toolcache/azscan/{}/{TARGET}/azscan",
                env!("CARGO_PKG_VERSION")
            ))
            .exists()
    );
    assert!(runner.argv().is_none(), "azscan must not run");
}

#[test]
fn a_cached_binary_is_not_downloaded_again() {
    let runner = Runner::new();
    assert!(runner.run(&[]).failed_step().is_none());
    // The release is gone: the second run can only work from the cache.
    std::fs::remove_dir_all(runner.path("releases")).unwrap();
    std::fs::remove_file(runner.path("argv")).unwrap();
    let run = runner.run(&[("fail-on", "low")]);
    assert!(run.failed_step().is_none(), "{:?}", run.steps);
    assert!(pairs(&runner.argv().unwrap()).contains(&("--fail-on".into(), "low".into())));
}

#[test]
fn a_version_is_fetched_from_its_tag() {
    let runner = Runner::new();
    runner.publish("9.8.7");
    let run = runner.run(&[("version", "v9.8.7")]);
    assert!(run.failed_step().is_none(), "{:?}", run.steps);
    assert_eq!(run.outputs["resolve"]["version"], "9.8.7");
    assert!(
        runner
            .path(&format!("toolcache/azscan/9.8.7/{TARGET}/azscan"))
            .is_file()
    );
    let missing = Runner::new().run(&[("version", "1.2.3")]);
    assert_eq!(missing.failed_step().unwrap().0, "install");
    let bad = Runner::new().run(&[("version", "main")]);
    let (id, _, log) = bad.failed_step().unwrap();
    assert_eq!(id, "resolve");
    assert!(log.contains("not a release version"), "{log}");
}

#[test]
fn all_subscriptions_takes_only_true_or_false() {
    let runner = Runner::new();
    let run = runner.run(&[("all-subscriptions", "yes")]);
    let (id, code, log) = run.failed_step().unwrap();
    assert_eq!((id.as_str(), *code), ("scan", 2));
    assert!(
        log.contains("all-subscriptions must be true or false"),
        "{log}"
    );
    assert!(runner.argv().is_none());
    let run = runner.run(&[("all-subscriptions", "false")]);
    assert!(run.failed_step().is_none());
    assert!(
        !runner
            .argv()
            .unwrap()
            .contains(&"--all-subscriptions".to_string())
    );
}

/// resolve.sh's choice of build for each runner GitHub offers.
pub fn resolved_target(os: &str, arch: &str) -> Result<(String, String), String> {
    let dir = tempfile::tempdir().unwrap();
    let outputs = dir.path().join("out");
    let output = Command::new("bash")
        .arg(root().join(".github/action/resolve.sh"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUNNER_OS", os)
        .env("RUNNER_ARCH", arch)
        .env("RUNNER_TOOL_CACHE", dir.path())
        .env("AZSCAN_VERSION", "1.0.0")
        .env("GITHUB_OUTPUT", &outputs)
        .output()
        .unwrap();
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let values = parse_outputs(&std::fs::read_to_string(&outputs).unwrap());
    Ok((values["target"].clone(), values["archive"].clone()))
}

#[test]
fn each_runner_gets_its_release_build() {
    let cases = [
        ("Linux", "X64", "x86_64-unknown-linux-musl", "tar.gz"),
        ("Linux", "ARM64", "aarch64-unknown-linux-musl", "tar.gz"),
        ("macOS", "X64", "x86_64-apple-darwin", "tar.gz"),
        ("macOS", "ARM64", "aarch64-apple-darwin", "tar.gz"),
        ("Windows", "X64", "x86_64-pc-windows-msvc", "zip"),
    ];
    for (os, arch, target, ext) in cases {
        assert_eq!(
            resolved_target(os, arch),
            Ok((target.to_string(), format!("azscan-{target}.{ext}"))),
            "{os}/{arch}"
        );
    }
    let error = resolved_target("Linux", "ARM").unwrap_err();
    assert!(error.contains("no release build for Linux/ARM"), "{error}");
}
