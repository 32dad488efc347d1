//! `--format html`: one self-contained file to forward by email. Inline CSS and JS
//! allowed by a Content-Security-Policy of their hashes (nothing external, no inline
//! event handlers), charts as inline SVG, findings grouped by service and check and
//! filterable by severity, status and text (also from the URL fragment:
//! `#severity=HIGH&status=FAIL&q=storage`).

use super::Report;
use crate::compliance::{ComplianceResult, ControlStatus};
use crate::rules::{self, Finding, Severity, Status};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write;

const CSS: &str = r#"
:root{--fg:#1b1f24;--muted:#4a5561;--bg:#fff;--line:#d0d7de;--fail:#b3261e;--error:#8a5300;--manual:#1d4ed8;--pass:#1a7f37;--mutedst:#57606a;--na:#6e7781}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:1rem 1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.1rem;margin:1.4rem 0 .4rem}h4{font-size:1rem;margin:.8rem 0 .3rem}
dl.scope{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}dl.scope dt{font-weight:600}dl.scope dd{margin:0}
.incomplete{color:var(--error);font-weight:700}
.charts{display:flex;flex-wrap:wrap;gap:2rem}.charts figure{margin:0}.charts figcaption{font-weight:600;margin-bottom:.3rem}
svg text{font:13px system-ui,sans-serif;fill:#1b1f24}
table{border-collapse:collapse;width:100%;margin:.3rem 0}th,td{border-bottom:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.n,th.n{text-align:right}
.st{font-weight:700;white-space:nowrap}.st-FAIL{color:var(--fail)}.st-ERROR{color:var(--error)}.st-MANUAL{color:var(--manual)}.st-PASS{color:var(--pass)}.st-MUTED{color:var(--mutedst)}.st-NOT_APPLICABLE{color:var(--na)}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;background:#f6f8fa;border:1px solid var(--line);padding:.6rem .8rem;border-radius:6px;position:sticky;top:0;z-index:1}
.filters label{display:flex;flex-direction:column;font-weight:600;font-size:.9rem}
.filters select,.filters input{font:inherit;padding:.25rem .4rem;border:1px solid #8c959f;border-radius:4px;min-width:9rem}
:focus-visible{outline:3px solid #0969da;outline-offset:2px}
#shown{margin:0 0 0 auto;font-weight:600}
.check{border:1px solid var(--line);border-radius:6px;padding:.2rem .8rem .5rem;margin:.6rem 0}
.res{font-family:ui-monospace,SFMono-Regular,Consolas,monospace;font-size:.85rem;word-break:break-all}
.rid{color:var(--muted)}
pre{background:#f6f8fa;border:1px solid var(--line);padding:.5rem;overflow-x:auto;font-size:.85rem;white-space:pre-wrap}
details>summary{cursor:pointer;font-weight:600}
.note{color:var(--muted)}
[hidden]{display:none!important}
@media print{.filters{display:none}body{max-width:none;font-size:11px}.check{break-inside:avoid}a{color:inherit}}
"#;

const JS: &str = r#"
(function(){
var sev=document.getElementById('f-severity'),st=document.getElementById('f-status'),q=document.getElementById('f-text'),shown=document.getElementById('shown');
if(!sev)return;
var rows=Array.prototype.slice.call(document.querySelectorAll('tr.finding'));
var text=rows.map(function(r){var h=r.closest('article').querySelector('h4');return ((h?h.textContent:'')+' '+r.textContent).toLowerCase();});
var checks=Array.prototype.slice.call(document.querySelectorAll('article.check'));
var services=Array.prototype.slice.call(document.querySelectorAll('section.service'));
function apply(){
 var s=sev.value,t=st.value,w=q.value.trim().toLowerCase(),n=0;
 for(var i=0;i<rows.length;i++){var r=rows[i];var ok=(!s||r.getAttribute('data-severity')===s)&&(!t||r.getAttribute('data-status')===t)&&(!w||text[i].indexOf(w)>=0);r.hidden=!ok;if(ok)n++;}
 checks.forEach(function(c){c.hidden=!c.querySelector('tr.finding:not([hidden])');});
 services.forEach(function(c){c.hidden=!c.querySelector('article.check:not([hidden])');});
 shown.textContent=n+' of '+rows.length+' findings shown';
}
function fromHash(){
 var p=new URLSearchParams(location.hash.replace(/^#/,''));
 if(p.has('severity'))sev.value=p.get('severity').toUpperCase();
 if(p.has('status'))st.value=p.get('status').toUpperCase();
 if(p.has('q'))q.value=p.get('q');
 apply();
}
function toHash(){
 var p=new URLSearchParams();
 if(sev.value)p.set('severity',sev.value);if(st.value)p.set('status',st.value);if(q.value)p.set('q',q.value);
 var h=p.toString();history.replaceState(null,'',h?'#'+h:location.pathname+location.search);
}
var timer;
sev.addEventListener('change',function(){apply();toHash();});
st.addEventListener('change',function(){apply();toHash();});
q.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(function(){apply();toHash();},120);});
document.getElementById('filters').addEventListener('submit',function(e){e.preventDefault();});
window.addEventListener('hashchange',fromHash);
window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});
fromHash();
})();
"#;

fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Text from the tenant goes through here: no markup can break out of it.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn status_color(status: &str) -> &'static str {
    match status {
        "FAIL" => "#b3261e",
        "ERROR" => "#8a5300",
        "MANUAL" => "#1d4ed8",
        "PASS" => "#1a7f37",
        "MUTED" => "#57606a",
        _ => "#6e7781",
    }
}

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "#6e1b70",
        Severity::High => "#b3261e",
        Severity::Medium => "#8a5300",
        Severity::Low => "#1d4ed8",
        Severity::Info => "#57606a",
    }
}

/// A horizontal bar chart with labels and values as text, so it reads without colour.
fn bar_chart(id: &str, caption: &str, bars: &[(String, usize, &str)]) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let row = 26;
    let height = row * bars.len() + 8;
    let mut svg = format!(
        "<figure><figcaption id=\"{id}\">{}</figcaption><svg role=\"img\" aria-labelledby=\"{id}\" width=\"400\" height=\"{height}\" viewBox=\"0 0 400 {height}\">",
        esc(caption)
    );
    for (i, (label, value, color)) in bars.iter().enumerate() {
        let y = i * row + 4;
        let width = (value * 220).div_ceil(max);
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"130\" y=\"{y}\" width=\"{width}\" height=\"18\" fill=\"{color}\"></rect><text x=\"{}\" y=\"{}\">{value}</text>",
            y + 14,
            esc(label),
            130 + width + 6,
            y + 14
        );
    }
    svg + "</svg></figure>"
}

/// What to grant when a check could not read its data (docs/permissions.md).
fn permission_for(rule_id: &str) -> &'static str {
    match rule_id {
        "ENTRA-001" => {
            "Microsoft Graph application permission RoleManagement.Read.Directory (and Directory.Read.All), with admin consent"
        }
        "ENTRA-002" | "ENTRA-003" => {
            "Microsoft Graph application permission Application.Read.All, with admin consent"
        }
        id if id.starts_with("ENTRA-") => {
            "Microsoft Graph application permission Policy.Read.All, with admin consent (Entra ID P1/P2 licence)"
        }
        _ => "the Reader role on the subscription",
    }
}

pub fn render(report: &Report) -> String {
    let csp = format!(
        "default-src 'none'; style-src {}; script-src {}; img-src 'none'; base-uri 'none'; form-action 'none'",
        hash(CSS),
        hash(JS)
    );
    let subs = subscriptions(report);
    let mut out = String::with_capacity(4096 + report.findings.len() * 600);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\"><title>azscan report: {}</title><style>{CSS}</style></head><body>",
        esc(&subs)
    );
    scope(&mut out, report);
    totals(&mut out, report);
    for result in &report.compliance {
        framework(&mut out, result);
    }
    errors(&mut out, report);
    findings(&mut out, report);
    let _ = writeln!(
        out,
        "</main><footer class=\"note\"><p>Generated by azscan {}. The JSON report holds the same results with their evidence.</p></footer><script>{JS}</script></body></html>",
        esc(&report.tool.version)
    );
    out
}

/// The scanned subscriptions, each by name and ID.
fn subscriptions(report: &Report) -> String {
    report
        .scan
        .subscriptions
        .iter()
        .filter(|s| s.scanned)
        .map(|s| match &s.display_name {
            Some(name) => format!("{name} ({})", s.id),
            None => s.id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn scope(out: &mut String, report: &Report) {
    let scan = &report.scan;
    let _ = write!(
        out,
        "<header><h1>azscan report</h1><dl class=\"scope\"><dt>Subscriptions</dt><dd>{}</dd><dt>Tenant</dt><dd>{}</dd><dt>Data read at</dt><dd>{}</dd><dt>Finished at</dt><dd>{}</dd><dt>Requests</dt><dd>{}</dd><dt>Completeness</dt><dd>{}</dd></dl></header><main>",
        esc(&subscriptions(report)),
        esc(scan.tenant_id.as_deref().unwrap_or("unknown")),
        esc(&scan.collected_at),
        esc(&scan.finished_at),
        scan.requests,
        if scan.complete {
            "complete: every selected check was assessed".to_string()
        } else {
            format!(
                "<span class=\"incomplete\">INCOMPLETE</span>: {} result(s) ERROR, {} failed call(s)",
                report.summary.error,
                scan.gaps.len()
            )
        }
    );
}

fn totals(out: &mut String, report: &Report) {
    let s = &report.summary;
    let statuses = [
        ("FAIL", s.fail),
        ("ERROR", s.error),
        ("MANUAL", s.manual),
        ("PASS", s.pass),
        ("MUTED", s.muted),
    ];
    let total: usize = statuses.iter().map(|x| x.1).sum();
    out.push_str("<section aria-labelledby=\"h-totals\"><h2 id=\"h-totals\">Totals</h2>");
    let _ = write!(
        out,
        "<table id=\"totals\"><caption class=\"note\">{total} results</caption><thead><tr>"
    );
    for (name, _) in statuses {
        let _ = write!(out, "<th scope=\"col\" class=\"n\">{name}</th>");
    }
    out.push_str("</tr></thead><tbody><tr>");
    for (name, n) in statuses {
        let _ = write!(out, "<td class=\"n\" data-total=\"{name}\">{n}</td>");
    }
    out.push_str("</tr></tbody></table><div class=\"charts\">");
    let by_status: Vec<_> = statuses
        .iter()
        .map(|(name, n)| (name.to_string(), *n, status_color(name)))
        .collect();
    out.push_str(&bar_chart("c-status", "Results by status", &by_status));
    let by_severity: Vec<_> = Severity::DESCENDING
        .iter()
        .map(|sev| {
            let n = report
                .findings
                .iter()
                .filter(|f| f.status == Status::Fail && f.severity == *sev)
                .count();
            (sev.to_string(), n, severity_color(*sev))
        })
        .collect();
    out.push_str(&bar_chart("c-severity", "FAIL by severity", &by_severity));
    out.push_str("</div></section>");
}

fn framework(out: &mut String, result: &ComplianceResult) {
    let id = esc(&result.framework);
    let _ = write!(
        out,
        "<section class=\"framework\" id=\"compliance-{id}\" aria-labelledby=\"h-{id}\"><h2 id=\"h-{id}\">{} {} <span class=\"note\">({id})</span></h2>",
        esc(&result.name),
        esc(&result.version)
    );
    let bars: Vec<_> = ControlStatus::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().replace('_', " "),
                result.summary.get(*s),
                status_color(s.as_str()),
            )
        })
        .collect();
    out.push_str("<div class=\"charts\">");
    out.push_str(&bar_chart(
        &format!("c-{id}"),
        &format!("{} controls by status", result.controls.len()),
        &bars,
    ));
    out.push_str("</div><table><thead><tr><th scope=\"col\">Section</th>");
    for s in ControlStatus::ALL {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"n\">{}</th>",
            s.as_str().replace('_', " ")
        );
    }
    out.push_str("</tr></thead><tbody>");
    for (section, summary) in result.by_section() {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", esc(section));
        for s in ControlStatus::ALL {
            let _ = write!(out, "<td class=\"n\">{}</td>", summary.get(s));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table><details><summary>Every control</summary><table class=\"controls\"><thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Status</th><th scope=\"col\">Title</th><th scope=\"col\">Profile</th><th scope=\"col\">CIS assessment</th><th scope=\"col\">azscan checks</th><th scope=\"col\">Findings</th></tr></thead><tbody>");
    for c in &result.controls {
        let counts = &c.counts;
        let _ = write!(
            out,
            "<tr data-control=\"{}\"><td>{}</td><td class=\"st st-{status}\">{status}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} FAIL, {} ERROR, {} MANUAL, {} PASS, {} MUTED</td></tr>",
            esc(&c.id),
            esc(&c.id),
            esc(&c.title),
            esc(&c.profile),
            esc(&c.assessment),
            if c.checks.is_empty() {
                "none (manual)".to_string()
            } else {
                esc(&c.checks.join(", "))
            },
            counts.fail,
            counts.error,
            counts.manual,
            counts.pass,
            counts.muted,
            status = c.status.as_str(),
        );
    }
    out.push_str("</tbody></table></details></section>");
}

fn errors(out: &mut String, report: &Report) {
    let errors: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Error)
        .collect();
    if errors.is_empty() && report.scan.gaps.is_empty() {
        return;
    }
    out.push_str("<section id=\"errors\" aria-labelledby=\"h-errors\"><h2 id=\"h-errors\">Not assessed (ERROR)</h2><p>These results could not be judged because data could not be read. Grant the permission shown and scan again.</p>");
    if !errors.is_empty() {
        out.push_str("<table><thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Resource</th><th scope=\"col\">Message</th><th scope=\"col\">Permission to grant</th></tr></thead><tbody>");
        for f in errors {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"res\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(&f.rule_id),
                esc(&f.resource_id),
                esc(&f.message),
                permission_for(&f.rule_id)
            );
        }
        out.push_str("</tbody></table>");
    }
    if !report.scan.gaps.is_empty() {
        out.push_str("<h3>Failed calls</h3><ul>");
        for gap in &report.scan.gaps {
            let _ = write!(out, "<li>{}</li>", esc(&gap.to_string()));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

fn findings(out: &mut String, report: &Report) {
    out.push_str("<section aria-labelledby=\"h-findings\"><h2 id=\"h-findings\">Findings</h2><form id=\"filters\" class=\"filters\" role=\"search\" aria-label=\"Filter findings\"><label for=\"f-severity\">Severity<select id=\"f-severity\"><option value=\"\">All</option>");
    for sev in Severity::DESCENDING {
        let _ = write!(out, "<option>{sev}</option>");
    }
    out.push_str("</select></label><label for=\"f-status\">Status<select id=\"f-status\"><option value=\"\">All</option>");
    for st in ["FAIL", "ERROR", "MANUAL", "PASS", "MUTED"] {
        let _ = write!(out, "<option>{st}</option>");
    }
    let total = report.findings.len();
    let _ = write!(
        out,
        "</select></label><label for=\"f-text\">Search<input id=\"f-text\" type=\"search\" placeholder=\"resource, check, message\"></label><p id=\"shown\" role=\"status\" aria-live=\"polite\">{total} of {total} findings shown</p></form>"
    );
    // Service, then check, in catalog order; rows keep the report's order.
    let mut groups: BTreeMap<(&str, usize), Vec<&Finding>> = BTreeMap::new();
    let order: BTreeMap<&str, usize> = rules::catalog()
        .iter()
        .enumerate()
        .map(|(i, r)| (r.check.id, i))
        .collect();
    for f in &report.findings {
        let service = rules::find(&f.rule_id)
            .map(|r| r.check.service)
            .unwrap_or("other");
        let index = order.get(f.rule_id.as_str()).copied().unwrap_or(usize::MAX);
        groups.entry((service, index)).or_default().push(f);
    }
    let mut current: Option<&str> = None;
    for ((service, _), group) in &groups {
        if current != Some(service) {
            if current.is_some() {
                out.push_str("</section>");
            }
            let _ = write!(
                out,
                "<section class=\"service\" aria-labelledby=\"h-svc-{service}\"><h3 id=\"h-svc-{service}\">{}</h3>",
                esc(&service.to_uppercase())
            );
            current = Some(service);
        }
        check(out, group);
    }
    if current.is_some() {
        out.push_str("</section>");
    }
    out.push_str("</section>");
}

fn check(out: &mut String, group: &[&Finding]) {
    let first = group[0];
    let _ = write!(
        out,
        "<article class=\"check\" id=\"check-{id}\"><h4>{id}: {} <span class=\"note\">({})</span></h4>",
        esc(&first.title),
        first.severity,
        id = esc(&first.rule_id)
    );
    if let Some(rule) = rules::find(&first.rule_id) {
        let meta = &rule.meta;
        let fix = &meta.remediation;
        let _ = write!(
            out,
            "<details><summary>How to fix</summary><p>{}</p><h5>Azure CLI</h5><pre><code>{}</code></pre><h5>Bicep</h5><pre><code>{}</code></pre><h5>Azure portal</h5><pre>{}</pre>",
            esc(fix.summary.trim()),
            esc(fix.cli.trim()),
            esc(fix.bicep.trim()),
            esc(fix.portal.trim())
        );
        if !meta.references.is_empty() {
            out.push_str("<h5>References</h5><ul>");
            for r in &meta.references {
                let _ = write!(out, "<li><a href=\"{0}\">{0}</a></li>", esc(r));
            }
            out.push_str("</ul>");
        }
        if !meta.compliance.is_empty() {
            out.push_str("<h5>Compliance controls</h5><ul>");
            for c in &meta.compliance {
                let _ = write!(
                    out,
                    "<li>{} {}: {}</li>",
                    esc(&c.framework),
                    esc(&c.control),
                    esc(&c.title)
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</details>");
    }
    out.push_str("<table><thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Severity</th><th scope=\"col\">Resource</th><th scope=\"col\">Message</th></tr></thead><tbody>");
    for f in group {
        let status = f.status.as_str();
        let _ = write!(
            out,
            "<tr class=\"finding\" data-status=\"{status}\" data-severity=\"{}\"><td class=\"st st-{status}\">{status}</td><td>{}</td><td class=\"res\">{}<br><span class=\"rid\">{}</span></td><td>{}</td></tr>",
            f.severity,
            f.severity,
            esc(&f.resource_name),
            esc(&f.resource_id),
            esc(&super::message_label(f))
        );
    }
    out.push_str("</tbody></table></article>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{finding, report, storage_id};

    #[test]
    fn tenant_text_is_escaped_and_the_csp_allows_only_the_inline_code() {
        let mut evil = finding("AZST-001", &storage_id("st"), Status::Fail);
        evil.resource_name = "<script>alert(1)</script>".into();
        evil.message = "a \"quoted\" & <b>bold</b> message".into();
        let html = render(&report(vec![evil]));
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("a &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; message"));
        assert_eq!(html.matches("<script>").count(), 1, "one inline script");
        assert!(html.contains(&format!("script-src {};", hash(JS))));
        assert!(html.contains(&format!("style-src {};", hash(CSS))));
        assert!(html.contains("default-src 'none'"));
        assert!(!html.contains(" onclick=") && !html.contains(" style=\""));
        assert!(!html.contains("src=\"http") && !html.contains("@import"));
    }

    #[test]
    fn errors_name_the_permission_to_grant() {
        let html = render(&report(vec![
            finding("ENTRA-005", "", Status::Error),
            finding("AZST-001", &storage_id("st"), Status::Error),
        ]));
        assert!(html.contains("Policy.Read.All"));
        assert!(html.contains("the Reader role on the subscription"));
        assert!(html.contains("INCOMPLETE"));
    }

    #[test]
    fn twenty_thousand_findings_render_in_one_pass() {
        let findings: Vec<_> = (0..20_000)
            .map(|i| finding("AZST-002", &storage_id(&format!("st{i}")), Status::Fail))
            .collect();
        let html = render(&report(findings));
        assert_eq!(html.matches("<tr class=\"finding\"").count(), 20_000);
        assert_eq!(html.matches("<article class=\"check\"").count(), 1);
        assert!(html.contains("20000 of 20000 findings shown"));
    }
}
