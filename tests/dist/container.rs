//! The Dockerfile: multi-stage, a pinned Rust toolchain no older than `rust-version`, a
//! minimal non-root runtime stage with the binary as its exec-form entrypoint, no Azure
//! CLI, and a build context (.dockerignore) that holds what the build copies.

use std::path::PathBuf;

fn read(name: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

/// Instructions as (keyword, arguments), continuation lines joined, comments dropped.
fn instructions() -> Vec<(String, String)> {
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in read("Dockerfile").lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || trimmed.is_empty() && current.is_empty() {
            continue;
        }
        match trimmed.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(trimmed);
                joined.push(std::mem::take(&mut current));
            }
        }
    }
    joined
        .into_iter()
        .map(|line| {
            let (keyword, rest) = line.split_once(' ').unwrap_or((&line, ""));
            (keyword.to_uppercase(), rest.trim().to_string())
        })
        .collect()
}

/// The instructions of the last stage (what the image is).
fn final_stage() -> Vec<(String, String)> {
    let all = instructions();
    let start = all.iter().rposition(|(k, _)| k == "FROM").unwrap();
    all[start..].to_vec()
}

#[test]
fn every_base_image_is_pinned_and_the_build_is_multi_stage() {
    let froms: Vec<String> = instructions()
        .into_iter()
        .filter(|(k, _)| k == "FROM")
        .map(|(_, a)| a)
        .collect();
    assert!(froms.len() >= 2, "multi-stage: {froms:?}");
    for from in &froms {
        let image = from.split_whitespace().next().unwrap();
        let tag = image.rsplit_once(':').map(|(_, t)| t).unwrap_or("");
        assert!(
            !tag.is_empty() && tag != "latest",
            "unpinned base image {image}"
        );
    }
}

#[test]
fn the_build_toolchain_meets_rust_version() {
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    let wanted = manifest["package"]["rust-version"].as_str().unwrap();
    let from = instructions()
        .into_iter()
        .find(|(k, a)| k == "FROM" && a.starts_with("rust:"))
        .expect("a rust:* build stage")
        .1;
    let tag = from
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches("rust:");
    let version = tag.split('-').next().unwrap();
    let parse = |v: &str| -> Vec<u32> { v.split('.').map(|n| n.parse().unwrap()).collect() };
    assert!(
        parse(version) >= parse(wanted),
        "rust:{version} is older than rust-version {wanted}"
    );
}

#[test]
fn the_image_runs_azscan_as_a_non_root_user() {
    let stage = final_stage();
    let base = &stage[0].1;
    assert!(base.contains("distroless/static"), "minimal base: {base}");
    let user = stage
        .iter()
        .rev()
        .find(|(k, _)| k == "USER")
        .expect("USER in the runtime stage")
        .1
        .clone();
    let name = user.split(':').next().unwrap();
    assert!(name != "root" && name != "0", "runs as {user}");
    let entrypoint = &stage.iter().find(|(k, _)| k == "ENTRYPOINT").unwrap().1;
    let argv: Vec<String> = serde_json::from_str(entrypoint).expect("exec form");
    assert_eq!(argv, ["/usr/local/bin/azscan"]);
    let copied = stage.iter().any(|(k, a)| {
        k == "COPY" && a.contains("--from=build") && a.ends_with("/usr/local/bin/azscan")
    });
    assert!(copied, "the runtime stage takes only the built binary");
    let text = read("Dockerfile").to_lowercase();
    assert!(!text.contains("azure-cli") && !text.contains("aka.ms/installazurecli"));
}

#[test]
fn the_build_context_holds_every_path_the_build_copies() {
    let allowed: Vec<String> = read(".dockerignore")
        .lines()
        .filter_map(|l| l.trim().strip_prefix('!'))
        .map(|p| p.trim_end_matches('/').to_string())
        .collect();
    let build_copies: Vec<String> = instructions()
        .into_iter()
        .filter(|(k, a)| k == "COPY" && !a.contains("--from="))
        .flat_map(|(_, a)| {
            let mut parts: Vec<String> = a.split_whitespace().map(str::to_string).collect();
            parts.pop(); // the destination
            parts
        })
        .collect();
    for source in &build_copies {
        assert!(
            allowed.contains(source),
            "{source} is copied but .dockerignore leaves it out"
        );
    }
    // Every target Cargo.toml names must be in the context, or `cargo build` fails.
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    for (kind, default_dir) in [
        ("bin", "src"),
        ("bench", "benches"),
        ("test", "tests"),
        ("example", "examples"),
    ] {
        for target in manifest
            .get(kind)
            .and_then(|t| t.as_array())
            .into_iter()
            .flatten()
        {
            let path = target
                .get("path")
                .and_then(|p| p.as_str())
                .unwrap_or(default_dir);
            let top = path.split('/').next().unwrap();
            assert!(
                build_copies.iter().any(|c| c == top),
                "{kind} {path} is not copied"
            );
        }
    }
    for needed in ["Cargo.toml", "Cargo.lock", "src", "rules"] {
        assert!(
            build_copies.iter().any(|c| c == needed),
            "{needed} is not copied"
        );
    }
}
