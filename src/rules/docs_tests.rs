//! Keeps `docs/rules/` (one page per check plus an index) generated from
//! `rules/<svc>/<ID>.toml`, so the reference never drifts from the metadata that
//! `azscan explain` and the reports use. `AZSCAN_BLESS=1` rewrites the pages.

use super::meta::fenced;
use super::{Metadata, id_order};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

const BLESS_HINT: &str = "run `AZSCAN_BLESS=1 cargo test --lib docs` to regenerate docs/rules/";

/// Every metadata file as (service folder, metadata), in catalog order. Read from
/// disk rather than the registry so a page exists for every rule file.
fn metadata(root: &Path) -> Vec<(String, Metadata)> {
    let mut found = Vec::new();
    for service in std::fs::read_dir(root.join("rules")).unwrap().flatten() {
        // rules/compliance/ holds frameworks, not checks (src/compliance/).
        if !service.path().is_dir() || service.file_name() == "compliance" {
            continue;
        }
        let name = service.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(service.path()).unwrap().flatten() {
            let path = file.path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let meta = Metadata::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            found.push((name.clone(), meta));
        }
    }
    found.sort_by(|a, b| id_order(&a.1.id, &b.1.id));
    found
}

fn header(source: &str) -> String {
    format!("<!-- Generated from {source}; do not edit: {BLESS_HINT}. -->\n\n")
}

fn page(service: &str, meta: &Metadata) -> String {
    let mut out = header(&format!("rules/{service}/{}.toml", meta.id));
    let _ = writeln!(out, "# {}: {}\n", meta.id, meta.title);
    out += "| | |\n|---|---|\n";
    let _ = writeln!(out, "| ID | `{}` |", meta.id);
    let _ = writeln!(out, "| Severity | {} |", meta.severity.as_str());
    let _ = writeln!(out, "| Service | {service} |");
    let _ = writeln!(out, "| Resource type | `{}` |", meta.resource_type);
    if !meta.tags.is_empty() {
        let _ = writeln!(out, "| Tags | {} |", meta.tags.join(", "));
    }
    out.push('\n');
    out += &meta.guidance_markdown();
    out
}

fn index(rules: &[(String, Metadata)]) -> String {
    let mut out = header("rules/*/*.toml");
    out += "# Check reference\n\n";
    let _ = writeln!(
        out,
        "azscan has {} checks. `azscan explain <ID>` prints the same text in a terminal.\n",
        rules.len()
    );
    out += "| ID | Severity | Title | Resource type |\n|---|---|---|---|\n";
    for (_, meta) in rules {
        let _ = writeln!(
            out,
            "| [{id}]({id}.md) | {} | {} | `{}` |",
            meta.severity.as_str(),
            meta.title,
            meta.resource_type,
            id = meta.id,
        );
    }
    out
}

/// File name → content of everything `docs/rules/` must hold.
fn rendered(root: &Path) -> BTreeMap<String, String> {
    let rules = metadata(root);
    let mut files: BTreeMap<String, String> = rules
        .iter()
        .map(|(service, meta)| (format!("{}.md", meta.id), page(service, meta)))
        .collect();
    files.insert("README.md".to_string(), index(&rules));
    files
}

fn on_disk(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn docs_rules_pages_match_the_rule_metadata() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("docs/rules");
    let wanted = rendered(&root);
    let present = on_disk(&dir);
    if std::env::var("AZSCAN_BLESS").as_deref() == Ok("1") {
        std::fs::create_dir_all(&dir).unwrap();
        for stale in present.keys().filter(|name| !wanted.contains_key(*name)) {
            std::fs::remove_file(dir.join(stale)).unwrap();
        }
        for (name, text) in &wanted {
            if present.get(name) != Some(text) {
                std::fs::write(dir.join(name), text).unwrap();
            }
        }
        return;
    }
    let mut problems = Vec::new();
    for (name, text) in &wanted {
        match present.get(name) {
            None => problems.push(format!("docs/rules/{name} is missing")),
            Some(found) if found != text => problems.push(format!("docs/rules/{name} is stale")),
            Some(_) => {}
        }
    }
    for name in present.keys().filter(|name| !wanted.contains_key(*name)) {
        problems.push(format!("docs/rules/{name} belongs to no rule"));
    }
    assert!(problems.is_empty(), "{}\n{BLESS_HINT}", problems.join("\n"));
}

#[test]
fn fences_outgrow_backticks_in_the_snippet() {
    assert_eq!(fenced("a", "bash"), "```bash\na\n```\n");
    assert_eq!(fenced("x ```` y", ""), "`````\nx ```` y\n`````\n");
}

#[test]
fn the_readme_states_the_catalog_size() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let stated = format!("a catalog of {} checks", super::catalog().len());
    assert!(
        readme.replace('\n', " ").contains(&stated),
        "README.md should say \"{stated}\" in its opening paragraph"
    );
}
