//! Issue 13's storage and Key Vault contract: AZST-007…024 and AKV-007…009 on the
//! emulated subscription, each storage service read once per account and only for the
//! kinds that offer it, a refused service read costing only the checks that read it,
//! each enabled key read once for its rotation policy, and the opt-in AKV-010 reading
//! each vault's data plane through `--keyvault-endpoint`.

use crate::support::checks::{
    assert_message, assert_not_judged, assert_reads, assert_result_counts, deny, scan_checks,
};
use crate::support::emulator::{Emulator, Fault, Host, VAULT_TOKEN};
use crate::support::fake_az::FakeAz;
use crate::support::scenario::{SUB, assert_verdicts, findings_of, scan_json, start};

fn account(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}"
    )
}

fn vault(rg: &str, name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}")
}

const PROD: (&str, &str) = ("rg-prod", "stprodsecure01");
const LEGACY: (&str, &str) = ("RG-Legacy", "stlegacyweb");
const CLASSIC: (&str, &str) = ("rg-legacy", "stclassicv1");
const ARCHIVE: (&str, &str) = ("rg-data", "stdataarchive");
const FILES: (&str, &str) = ("rg-data", "stfileshares");

const STORAGE_CHECKS: &str = "AZST-007,AZST-008,AZST-009,AZST-010,AZST-011,AZST-012,AZST-013,AZST-014,AZST-015,AZST-016,AZST-017,AZST-018,AZST-019,AZST-020,AZST-021,AZST-022,AZST-023,AZST-024";

#[test]
fn storage_account_settings_follow_the_catalog_and_every_service_reads_without_error() {
    let (emu, az) = start();
    // The scenario alone reads every storage service without error: exit 0.
    let report = scan_checks(&emu, &az, STORAGE_CHECKS, 0);
    assert_verdicts(
        &report,
        &[
            ("AZST-007", "stprodsecure01", "PASS"),
            ("AZST-007", "stlegacyweb", "FAIL"),
            ("AZST-007", "stclassicv1", "FAIL"), // null means allowed
            ("AZST-007", "stdataarchive", "FAIL"),
            ("AZST-008", "stprodsecure01", "PASS"),
            ("AZST-008", "stlegacyweb", "FAIL"),
            ("AZST-008", "stclassicv1", "FAIL"),
            ("AZST-009", "stprodsecure01", "PASS"), // Disabled
            ("AZST-009", "stlegacyweb", "FAIL"),    // Allow
            ("AZST-009", "stclassicv1", "FAIL"),    // no networkAcls
            ("AZST-009", "stdataarchive", "PASS"),  // "deny"
            ("AZST-009", "stfileshares", "PASS"),   // SecuredByPerimeter
            ("AZST-010", "stprodsecure01", "PASS"),
            ("AZST-010", "stdataarchive", "FAIL"), // firewalled but public
            ("AZST-010", "stfileshares", "PASS"),
            ("AZST-011", "stprodsecure01", "PASS"),
            ("AZST-011", "stlegacyweb", "FAIL"),
            ("AZST-011", "stclassicv1", "FAIL"),
            ("AZST-015", "stprodsecure01", "PASS"), // no Shared Key
            ("AZST-015", "stlegacyweb", "FAIL"),    // 30 days
            ("AZST-015", "stclassicv1", "FAIL"),    // no policy
            ("AZST-015", "stdataarchive", "PASS"),  // 01:00:00, no day part
            ("AZST-016", "stprodsecure01", "PASS"),
            ("AZST-016", "stlegacyweb", "FAIL"),   // 365 days
            ("AZST-016", "stdataarchive", "FAIL"), // keyPolicy without a period
            ("AZST-017", "stprodsecure01", "PASS"),
            ("AZST-017", "stlegacyweb", "FAIL"), // Pending only
            ("AZST-022", "stprodsecure01", "PASS"),
            ("AZST-022", "stdataarchive", "FAIL"), // "Logging, Metrics"
            ("AZST-024", "stprodsecure01", "PASS"),
            ("AZST-024", "stlegacyweb", "FAIL"),
            ("AZST-024", "stdataarchive", "FAIL"), // null
            // Unrefused, the archive's blob service and the classic account's queue
            // settings decide.
            ("AZST-012", "stdataarchive", "PASS"),
            ("AZST-013", "stdataarchive", "PASS"),
            ("AZST-023", "stdataarchive", "FAIL"),
            ("AZST-018", "stclassicv1", "FAIL"), // allLogs present but disabled
        ],
    );
    // Only firewalls that deny by default are judged for their bypass list.
    assert_result_counts(&report, &[("AZST-022", 2)]);
    assert_message(
        &report,
        "AZST-009",
        "stdataarchive",
        &["2 IP rules", "bypass Logging, Metrics"],
    );
    assert_message(
        &report,
        "AZST-015",
        "stlegacyweb",
        &["30.00:00:00", "expirationAction is Log"],
    );
    assert_message(
        &report,
        "AZST-011",
        "stclassicv1",
        &["set it to false explicitly"],
    );
}

#[test]
fn storage_services_are_read_once_per_account_and_kind_and_a_refused_one_costs_only_its_checks() {
    let (emu, az) = start();
    // One refused service object and one refused list of settings.
    let archive_blob = format!("{}/blobServices/default", account(ARCHIVE.0, ARCHIVE.1));
    let blob_read = "Microsoft.Storage/storageAccounts/blobServices/read";
    deny(&emu, &archive_blob, blob_read);
    let diagnostics = "/providers/Microsoft.Insights/diagnosticSettings";
    let classic_queue = format!(
        "{}/queueServices/default{diagnostics}",
        account(CLASSIC.0, CLASSIC.1)
    );
    let settings_read = "Microsoft.Insights/diagnosticSettings/read";
    deny(&emu, &classic_queue, settings_read);
    let run = scan_json(&emu, &az, &["--checks", STORAGE_CHECKS]);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZST-012", "stprodsecure01", "PASS"),
            ("AZST-012", "stlegacyweb", "FAIL"),
            ("AZST-012", "stclassicv1", "PASS"), // "true" as text
            ("AZST-012", "stdataarchive", "ERROR"),
            ("AZST-013", "stprodsecure01", "PASS"),
            ("AZST-013", "stlegacyweb", "FAIL"), // absent, as in Microsoft's example
            ("AZST-013", "stclassicv1", "FAIL"),
            ("AZST-013", "stdataarchive", "ERROR"),
            ("AZST-023", "stprodsecure01", "PASS"),
            ("AZST-023", "stclassicv1", "FAIL"), // null
            ("AZST-023", "stdataarchive", "ERROR"),
            ("AZST-014", "stprodsecure01", "PASS"),
            ("AZST-014", "stlegacyweb", "FAIL"), // null policy
            ("AZST-014", "stclassicv1", "PASS"),
            ("AZST-014", "stfileshares", "PASS"),
            ("AZST-021", "stprodsecure01", "PASS"),
            ("AZST-021", "stlegacyweb", "FAIL"), // empty smb block
            ("AZST-021", "stclassicv1", "FAIL"), // SMB3.0
            ("AZST-021", "stfileshares", "FAIL"), // AES-128-GCM
            ("AZST-018", "stprodsecure01", "PASS"), // second page
            ("AZST-018", "stlegacyweb", "FAIL"), // no destination
            ("AZST-018", "stclassicv1", "ERROR"), // 403
            ("AZST-019", "stprodsecure01", "PASS"), // ALLLOGS
            ("AZST-019", "stlegacyweb", "FAIL"),
            ("AZST-019", "stclassicv1", "FAIL"),
            ("AZST-020", "stprodsecure01", "PASS"),
            ("AZST-020", "stlegacyweb", "FAIL"), // audit does not count
            ("AZST-020", "stclassicv1", "FAIL"),
            ("AZST-020", "stdataarchive", "PASS"), // spread over two settings and pages
        ],
    );
    // A kind without the service gets no result.
    assert_not_judged(&report, "AZST-012", "stfileshares");
    assert_not_judged(&report, "AZST-014", "stdataarchive");
    assert_result_counts(
        &report,
        &[("AZST-018", 3), ("AZST-019", 3), ("AZST-020", 4)],
    );
    // The refused blob service costs the three checks that read it, nothing else.
    assert_message(
        &report,
        "AZST-012",
        "stdataarchive",
        &["blob service settings", "403"],
    );
    assert_message(
        &report,
        "AZST-019",
        "stclassicv1",
        &["StorageDelete", "not inspected"],
    );
    // One read per service and account whose kind offers it, none for the others.
    let with = |svc: &str, accounts: &[(&str, &str)], without: &[(&str, &str)], suffix: &str| {
        let path = |(rg, name): &(&str, &str)| {
            format!("{}/{svc}Services/default{suffix}", account(rg, name))
        };
        assert_reads(&emu, accounts.iter().map(|a| (path(a), 1)));
        assert_reads(&emu, without.iter().map(|a| (path(a), 0)));
    };
    with("blob", &[PROD, LEGACY, CLASSIC, ARCHIVE], &[FILES], "");
    with("file", &[PROD, LEGACY, CLASSIC, FILES], &[ARCHIVE], "");
    with("blob", &[PROD, LEGACY, CLASSIC], &[FILES], diagnostics);
    with("queue", &[LEGACY, CLASSIC], &[ARCHIVE, FILES], diagnostics);
    with(
        "table",
        &[PROD, LEGACY, CLASSIC],
        &[ARCHIVE, FILES],
        diagnostics,
    );
    // Two lists come in two pages: one request per page.
    let queue = format!(
        "{}/queueServices/default{diagnostics}",
        account(PROD.0, PROD.1)
    );
    let blob = format!(
        "{}/blobServices/default{diagnostics}",
        account(ARCHIVE.0, ARCHIVE.1)
    );
    assert_reads(&emu, [(queue, 2), (blob, 2)]);
    // Incomplete (exit 3), with the two refused calls named.
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains(blob_read), "{}", run.stderr);
}

#[test]
fn vault_private_endpoints_and_key_rotation_follow_the_catalog() {
    let (emu, az) = start();
    let report = scan_checks(&emu, &az, "AKV-007,AKV-008,AKV-009", 0);
    assert_verdicts(
        &report,
        &[
            ("AKV-007", "kv-prod-secure", "PASS"),
            ("AKV-007", "kv-legacy-app", "PASS"), // "approved", any case
            ("AKV-007", "kv-data-defaults", "FAIL"), // Pending
            ("AKV-008", "kv-prod-secure", "PASS"),
            ("AKV-008", "kv-legacy-app", "FAIL"),
            ("AKV-009", "kv-prod-secure/cmk-storage", "PASS"), // "rotate" after 90 days
            ("AKV-009", "kv-legacy-app/signing-key", "FAIL"),  // Notify only
        ],
    );
    // No approved endpoint: AKV-007's finding, no AKV-008 result. Disabled keys are
    // neither judged nor read.
    assert_result_counts(&report, &[("AKV-008", 2), ("AKV-009", 2)]);
    let prod = vault("rg-prod", "kv-prod-secure");
    let legacy = vault("RG-Legacy", "kv-legacy-app");
    assert_reads(
        &emu,
        [
            (format!("{prod}/keys/cmk-storage"), 1),
            (format!("{prod}/keys/retired-key"), 0),
            (format!("{legacy}/keys/signing-key"), 1),
        ],
    );
    assert_message(
        &report,
        "AKV-009",
        "kv-legacy-app/signing-key",
        &["Notify (P30D before expiry)"],
    );
}

#[test]
fn a_refused_key_read_costs_only_that_key() {
    let (emu, az) = start();
    let prod = vault("rg-prod", "kv-prod-secure");
    deny(
        &emu,
        &format!("{prod}/keys/cmk-storage"),
        "Microsoft.KeyVault/vaults/keys/read",
    );
    let run = scan_json(&emu, &az, &["--checks", "AKV-004,AKV-009"]);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AKV-009", "kv-prod-secure/cmk-storage", "ERROR"),
            ("AKV-009", "kv-legacy-app/signing-key", "FAIL"),
            // The key list was read: AKV-004 is unaffected.
            ("AKV-004", "kv-prod-secure/cmk-storage", "PASS"),
        ],
    );
    assert_message(
        &report,
        "AKV-009",
        "kv-prod-secure/cmk-storage",
        &["rotation policy of key cmk-storage", "403"],
    );
}

/// `--enable-checks AKV-010` with the vault data plane redirected to the emulator.
fn scan_certificates(emu: &Emulator, az: &FakeAz) -> crate::support::run::Run {
    let endpoint = emu.vault_url();
    scan_json(
        emu,
        az,
        &[
            "--enable-checks",
            "AKV-010",
            "--checks",
            "AKV-010",
            "--keyvault-endpoint",
            &endpoint,
        ],
    )
}

#[test]
fn certificate_validity_is_read_from_each_vaults_data_plane_when_enabled() {
    let (emu, az) = start();
    let run = scan_certificates(&emu, &az);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AKV-010", "kv-prod-secure/tls-portal", "PASS"), // 365 days, first page
            ("AKV-010", "kv-prod-secure/legacy-two-years", "FAIL"), // second page
            ("AKV-010", "kv-legacy-app/no-expiry", "FAIL"),
        ],
    );
    // Disabled certificates are not judged; an empty vault gives nothing.
    assert_result_counts(&report, &[("AKV-010", 3)]);
    assert_message(
        &report,
        "AKV-010",
        "kv-prod-secure/legacy-two-years",
        &["730 days (limit 397)"],
    );
    // Each vault's host came from its vaultUri, sent as Host through the override,
    // with a token for the vault audience (the emulator refuses any other).
    let vault_requests: Vec<_> = emu
        .requests()
        .into_iter()
        .filter(|r| r.host == Host::Vault)
        .collect();
    let paths: Vec<String> = vault_requests.iter().map(|r| r.path.clone()).collect();
    assert_eq!(vault_requests.len(), 4, "{paths:?}"); // two pages + two vaults
    for host in [
        "kv-prod-secure.vault.azure.net",
        "kv-legacy-app.vault.azure.net",
        "kv-data-defaults.vault.azure.net",
    ] {
        assert!(
            paths.contains(&format!("/{host}/certificates")),
            "{paths:?}"
        );
    }
    assert!(vault_requests.iter().all(|r| {
        r.status == 200
            && r.query.contains("api-version=7.5")
            && r.authorization
                .as_deref()
                .is_some_and(|a| a.starts_with(&format!("Bearer {VAULT_TOKEN}")))
    }));
    assert!(
        az.invocations()
            .iter()
            .any(|i| i.contains("https://vault.azure.net/.default")),
        "{:?}",
        az.invocations()
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn certificate_validity_is_off_by_default_and_a_refused_vault_costs_only_itself() {
    let (emu, az) = start();
    // Off by default: no result, no data-plane request, no vault token.
    let endpoint = emu.vault_url();
    let run = scan_json(
        &emu,
        &az,
        &["--checks", "AKV", "--keyvault-endpoint", &endpoint],
    );
    assert!(findings_of(&run.json(), "AKV-010").is_empty());
    assert!(emu.requests().iter().all(|r| r.host != Host::Vault));
    assert!(!az.invocations().iter().any(|i| i.contains("vault.azure")));
    // A vault firewall refusing the scanner: ERROR for that vault alone.
    emu.fault(
        Host::Vault,
        "/kv-legacy-app.vault.azure.net/certificates",
        Fault::Status {
            status: 403,
            code: "Forbidden".into(),
            message: "Client address is not authorized and caller is not a trusted service.".into(),
            retry_after: None,
        },
        None,
    );
    let run = scan_certificates(&emu, &az);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AKV-010", "kv-legacy-app", "ERROR"),
            ("AKV-010", "kv-prod-secure/tls-portal", "PASS"),
        ],
    );
    assert_message(
        &report,
        "AKV-010",
        "kv-legacy-app",
        &[
            "https://kv-legacy-app.vault.azure.net/certificates",
            "403",
            "not authorized",
        ],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
}
