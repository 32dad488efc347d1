//! `--format html` in a real browser: headless Chromium renders the demo report, runs
//! its script under the report's own CSP, and the test reads what the page shows.
//! Skipped (with a note) where Chromium is absent unless AZSCAN_REQUIRE_BROWSER is
//! set, as `.ci/run` does after installing the `chromium` package.

use crate::compliance::run;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .map(move |dir| dir.join(name))
                .collect::<Vec<_>>()
        })
        .find(|path| path.is_file());
    if found.is_none() && std::env::var_os("AZSCAN_REQUIRE_BROWSER").is_some() {
        panic!("AZSCAN_REQUIRE_BROWSER is set but no chromium is on PATH");
    }
    found
}

/// The DOM after the page's script ran, for `file://<report>#<fragment>`.
fn dump_dom(browser: &Path, report: &Path, fragment: &str, profile: &Path) -> String {
    let url = format!("file://{}#{fragment}", report.display());
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The text of the element with `id` (no nested markup in the ones read here).
fn text_of<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let open = start + dom[start..].find('>').unwrap() + 1;
    let close = open + dom[open..].find('<').unwrap();
    &dom[open..close]
}

fn visible_rows(dom: &str) -> usize {
    dom.match_indices("<tr class=\"finding\"")
        .filter(|(i, _)| {
            let tag_end = i + dom[*i..].find('>').unwrap();
            !dom[*i..tag_end].contains("hidden")
        })
        .count()
}

#[test]
fn the_demo_report_renders_filters_and_shows_the_framework_in_chromium() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium on PATH (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/snapshot.json");
    let demo = demo.to_str().unwrap();
    let json = run(&[
        "scan",
        "--snapshot",
        demo,
        "--format",
        "json",
        "--compliance",
        "cis-azure-4.0",
        "--report",
        &format!("html={}", html.display()),
    ])
    .json();
    let findings = json["findings"].as_array().unwrap();
    let profile = dir.path().join("profile");

    let all = dump_dom(&browser, &html, "", &profile);
    let total = findings.len();
    assert_eq!(
        text_of(&all, "shown"),
        format!("{total} of {total} findings shown")
    );
    assert_eq!(visible_rows(&all), total);
    for status in ["FAIL", "ERROR", "MANUAL", "PASS", "MUTED"] {
        let expected = json["summary"][status].as_u64().unwrap().to_string();
        let cell = format!("data-total=\"{status}\">{expected}<");
        assert!(all.contains(&cell), "totals show {status} = {expected}");
    }
    // The framework section, with a control's status.
    assert!(all.contains("id=\"compliance-cis-azure-4.0\""));
    let v4 = &json["compliance"][0];
    assert!(all.contains(&format!(
        "{} controls by status",
        v4["controls"].as_array().unwrap().len()
    )));
    assert!(
        all.contains(
            "<tr data-control=\"10.3.9\"><td>10.3.9</td><td class=\"st st-FAIL\">FAIL</td>"
        )
    );

    // The script (allowed by the CSP hash) applies a filter from the fragment.
    let critical = findings
        .iter()
        .filter(|f| f["severity"] == "CRITICAL" && f["status"] == "FAIL")
        .count();
    assert!(critical > 0 && critical < total);
    let filtered = dump_dom(&browser, &html, "severity=CRITICAL&status=FAIL", &profile);
    assert_eq!(visible_rows(&filtered), critical);
    assert_eq!(
        text_of(&filtered, "shown"),
        format!("{critical} of {total} findings shown")
    );

    let searched = dump_dom(&browser, &html, "q=stlegacyweb", &profile);
    let by_text = findings
        .iter()
        .filter(|f| {
            ["resource_name", "resource_id", "message", "rule_id"]
                .iter()
                .any(|k| {
                    f[*k]
                        .as_str()
                        .unwrap_or("")
                        .to_lowercase()
                        .contains("stlegacyweb")
                })
        })
        .count();
    assert!(by_text > 0 && by_text < total);
    assert_eq!(visible_rows(&searched), by_text);
}
