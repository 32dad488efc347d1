//! Issue 13's database contract, end to end: AZSQL-006…013, AZPG, AZMY and COSMOS
//! verdicts on the emulated subscription, the per-server sub-calls each makes (and those
//! it must not make: firewall rules of private servers, `master`'s TDE, diagnostics of
//! servers that do not audit to Azure Monitor), paged parameter lists, and a 403 on one
//! sub-call costing only the checks that needed it.

use crate::support::emulator::Host;
use crate::support::patch::{first_page, scenario_route, serve};
use crate::support::scenario::{
    SUB, arm_denied, assert_verdicts, findings_of, message_of, scan_json, start,
};
use std::collections::BTreeMap;

const DATABASES: &str = "AZSQL,AZPG,AZMY,COSMOS";

fn sql(rg: &str, name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Sql/servers/{name}")
}

fn postgres(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.DBforPostgreSQL/flexibleServers/{name}"
    )
}

fn mysql(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.DBforMySQL/flexibleServers/{name}"
    )
}

#[test]
fn sql_server_checks_follow_the_catalog_and_clarifications() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", "AZSQL"]);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            // Public access Disabled / SecuredByPerimeter: the rules are inert, unread.
            ("AZSQL-006", "sql-prod-orders", "PASS"),
            ("AZSQL-006", "sql-legacy-crm", "PASS"),
            ("AZSQL-006", "sql-data-warehouse", "FAIL"), // two rules over two pages
            ("AZSQL-006", "sql-analytics-nsp", "PASS"),
            ("AZSQL-007", "sql-prod-orders", "PASS"),
            ("AZSQL-007", "sql-legacy-crm", "FAIL"), // AllowAllWindowsAzureIps
            ("AZSQL-007", "sql-data-warehouse", "PASS"),
            ("AZSQL-007", "sql-analytics-nsp", "PASS"),
            // Auditing off: no result for sql-legacy-crm.
            ("AZSQL-008", "sql-prod-orders", "PASS"), // workspace keeps 730 days
            ("AZSQL-008", "sql-data-warehouse", "FAIL"), // workspace default 30 days
            ("AZSQL-008", "sql-analytics-nsp", "FAIL"), // event hub only
            ("AZSQL-009", "sql-prod-orders", "PASS"), // express Enabled
            ("AZSQL-009", "sql-legacy-crm", "FAIL"),  // express 404, classic without path
            ("AZSQL-009", "sql-data-warehouse", "PASS"), // classic, isEnabled "true"
            ("AZSQL-009", "sql-analytics-nsp", "FAIL"), // both 404: off
            ("AZSQL-010", "sql-prod-orders", "PASS"),
            ("AZSQL-010", "sql-legacy-crm", "FAIL"),    // 1.0
            ("AZSQL-010", "sql-analytics-nsp", "FAIL"), // None
            ("AZSQL-011", "sql-prod-orders", "PASS"),
            ("AZSQL-011", "sql-legacy-crm", "FAIL"), // 404
            ("AZSQL-011", "sql-data-warehouse", "FAIL"), // false
            ("AZSQL-011", "sql-analytics-nsp", "PASS"), // 403, but the list says true
            ("AZSQL-012", "orders", "PASS"),
            ("AZSQL-012", "orders-archive", "FAIL"),
            ("AZSQL-012", "crm", "FAIL"),
            ("AZSQL-012", "dw-facts", "PASS"),
            ("AZSQL-013", "sqlmi-reporting", "FAIL"),
            ("AZSQL-013", "sqlmi-core", "PASS"),
        ],
    );
    assert!(
        findings_of(&report, "AZSQL-008")
            .iter()
            .all(|f| f.0 != "sql-legacy-crm"),
        "a server that does not audit is out of AZSQL-008's scope"
    );
    // master is left out by name; the database requested owns its result even though
    // the TDE answer for `orders` carries the ID in other casing.
    let tde = findings_of(&report, "AZSQL-012");
    assert_eq!(tde.len(), 4, "{tde:?}");
    let orders = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "AZSQL-012" && f["resource_name"] == "orders")
        .unwrap();
    assert_eq!(
        orders["resource_id"],
        format!("{}/databases/orders", sql("rg-prod", "sql-prod-orders"))
    );
    let open = message_of(&report, "AZSQL-006", "sql-data-warehouse");
    assert!(
        open.contains("vendor-low") && open.contains("vendor-high"),
        "{open}"
    );
    let inert = message_of(&report, "AZSQL-006", "sql-prod-orders");
    assert!(inert.contains("not read"), "{inert}");
    let retention = message_of(&report, "AZSQL-008", "sql-data-warehouse");
    assert!(
        retention.contains("law-app-default retentionInDays is 30"),
        "{retention}"
    );
    let va = message_of(&report, "AZSQL-009", "sql-analytics-nsp");
    assert!(va.contains("not set (off)"), "{va}");

    // Sub-calls only where a row needs them.
    for (rg, name, reads) in [
        ("rg-prod", "sql-prod-orders", 0),
        ("RG-Legacy", "sql-legacy-crm", 1),
        ("rg-data", "sql-data-warehouse", 2), // two pages
        ("rg-data", "sql-analytics-nsp", 0),
    ] {
        let rules = format!("{}/firewallRules", sql(rg, name));
        assert_eq!(emu.count(Host::Arm, &rules), reads, "{rules}");
    }
    let master_settings = |rg: &str, name: &str| {
        format!(
            "{}/databases/master/providers/Microsoft.Insights/diagnosticSettings",
            sql(rg, name)
        )
    };
    assert_eq!(
        emu.count(Host::Arm, &master_settings("RG-Legacy", "sql-legacy-crm")),
        0
    );
    assert_eq!(
        emu.count(Host::Arm, &master_settings("rg-prod", "sql-prod-orders")),
        1
    );
    let master_tde = format!(
        "{}/databases/master/transparentDataEncryption/current",
        sql("rg-prod", "sql-prod-orders")
    );
    assert_eq!(emu.count(Host::Arm, &master_tde), 0);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_403_on_one_sql_sub_call_costs_only_the_check_and_resource_that_needed_it() {
    let (emu, az) = start();
    let denied = |path: String, action: &str| emu.fault(Host::Arm, &path, arm_denied(action), None);
    denied(
        format!(
            "{}/sqlVulnerabilityAssessments/default",
            sql("rg-data", "sql-analytics-nsp")
        ),
        "Microsoft.Sql/servers/sqlVulnerabilityAssessments/read",
    );
    denied(
        format!("{}/databases", sql("rg-data", "sql-data-warehouse")),
        "Microsoft.Sql/servers/databases/read",
    );
    denied(
        format!(
            "{}/databases/crm/transparentDataEncryption/current",
            sql("RG-Legacy", "sql-legacy-crm")
        ),
        "Microsoft.Sql/servers/databases/transparentDataEncryption/read",
    );
    denied(
        format!(
            "{}/azureADOnlyAuthentications/Default",
            sql("rg-prod", "sql-prod-orders")
        ),
        "Microsoft.Sql/servers/azureADOnlyAuthentications/read",
    );
    let run = scan_json(&emu, &az, &["--checks", "AZSQL-009,AZSQL-011,AZSQL-012"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            // Express refused, classic 404: the refused branch could still pass.
            ("AZSQL-009", "sql-analytics-nsp", "ERROR"),
            ("AZSQL-009", "sql-prod-orders", "PASS"),
            // The list's administrators say true: that decides despite the 403.
            ("AZSQL-011", "sql-prod-orders", "PASS"),
            // A refused database list is one ERROR on the server.
            ("AZSQL-012", "sql-data-warehouse", "ERROR"),
            ("AZSQL-012", "crm", "ERROR"),
            ("AZSQL-012", "orders", "PASS"),
        ],
    );
    assert_eq!(report["summary"]["ERROR"], 3);
    let va = message_of(&report, "AZSQL-009", "sql-analytics-nsp");
    assert!(va.contains("express") && va.contains("403"), "{va}");
    let databases = message_of(&report, "AZSQL-012", "sql-data-warehouse");
    assert!(
        databases.contains("database list of SQL server sql-data-warehouse could not be read"),
        "{databases}"
    );
    let entra = message_of(&report, "AZSQL-011", "sql-prod-orders");
    assert!(entra.contains("could not be read"), "{entra}");
}

#[test]
fn flexible_server_and_cosmos_checks_follow_the_catalog() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", "AZPG,AZMY,COSMOS"]);
    let report = run.json();
    let mut expected = Vec::new();
    for rule in [
        "AZPG-001", "AZPG-002", "AZPG-003", "AZPG-004", "AZPG-005", "AZPG-010",
    ] {
        expected.push((rule, "psql-orders", "PASS")); // over two pages, lower case
        expected.push((rule, "psql-legacy-gis", "FAIL")); // off, OFF, 3 days
    }
    for (rule, status) in [
        ("AZPG-001", "PASS"),
        ("AZPG-002", "PASS"),
        ("AZPG-003", "PASS"),
        ("AZPG-004", "FAIL"),
        ("AZPG-005", "PASS"), // 4 days > 3
        ("AZPG-010", "FAIL"),
    ] {
        expected.push((rule, "psql-dev-sandbox", status));
    }
    expected.extend([
        ("AZPG-006", "psql-legacy-gis", "FAIL"),
        ("AZPG-006", "psql-dev-sandbox", "PASS"), // null access judged like Enabled
        ("AZPG-007", "psql-legacy-gis", "FAIL"),
        ("AZPG-007", "psql-dev-sandbox", "PASS"),
        ("AZPG-008", "psql-orders", "PASS"),
        ("AZPG-008", "psql-legacy-gis", "FAIL"),
        ("AZPG-008", "psql-dev-sandbox", "FAIL"),
        ("AZPG-009", "psql-orders", "PASS"),
        ("AZPG-009", "psql-legacy-gis", "FAIL"),
        ("AZPG-009", "psql-dev-sandbox", "FAIL"),
        ("AZMY-001", "mysql-shop", "PASS"),
        ("AZMY-001", "mysql-legacy-wiki", "FAIL"),
        ("AZMY-002", "mysql-shop", "PASS"),
        ("AZMY-002", "mysql-legacy-wiki", "FAIL"),
        ("AZMY-003", "mysql-shop", "PASS"),
        ("AZMY-003", "mysql-legacy-wiki", "FAIL"),
        ("AZMY-004", "mysql-shop", "PASS"),
        ("AZMY-004", "mysql-legacy-wiki", "FAIL"), // "" audits nothing
        ("AZMY-005", "mysql-shop", "PASS"),
        ("AZMY-005", "mysql-legacy-wiki", "FAIL"),
        ("AZMY-006", "mysql-shop", "PASS"), // Disabled: rules inert, unread
        ("AZMY-006", "mysql-legacy-wiki", "FAIL"),
        ("COSMOS-001", "cosmos-orders", "PASS"),
        ("COSMOS-001", "cosmos-legacy-catalog", "FAIL"), // omitted: Enabled
        ("COSMOS-001", "cosmos-dev-playground", "FAIL"),
        ("COSMOS-002", "cosmos-orders", "PASS"),
        ("COSMOS-002", "cosmos-legacy-catalog", "FAIL"),
        ("COSMOS-002", "cosmos-dev-playground", "PASS"), // an IP rule, 0.0.0.0
        ("COSMOS-003", "cosmos-orders", "PASS"),
        ("COSMOS-003", "cosmos-legacy-catalog", "FAIL"),
        ("COSMOS-003", "cosmos-dev-playground", "FAIL"),
        ("COSMOS-004", "cosmos-orders", "PASS"),
        ("COSMOS-004", "cosmos-legacy-catalog", "FAIL"),
        ("COSMOS-004", "cosmos-dev-playground", "FAIL"),
        ("COSMOS-005", "cosmos-orders", "PASS"),
        ("COSMOS-005", "cosmos-legacy-catalog", "FAIL"),
        ("COSMOS-005", "cosmos-dev-playground", "FAIL"), // Pending does not count
    ]);
    assert_verdicts(&report, &expected);
    for rule in ["AZPG-006", "AZPG-007"] {
        assert!(
            findings_of(&report, rule)
                .iter()
                .all(|f| f.0 != "psql-orders"),
            "{rule}: a server without public access is out of scope"
        );
    }
    let retention = message_of(&report, "AZPG-005", "psql-legacy-gis");
    assert!(
        retention.contains("logfiles.retention_days is 3"),
        "{retention}"
    );
    let tls = message_of(&report, "AZMY-002", "mysql-legacy-wiki");
    assert!(tls.contains("accepts TLSv1.1"), "{tls}");
    let firewall = message_of(&report, "AZMY-006", "mysql-legacy-wiki");
    assert!(
        firewall.contains("AllowAll_2024-11-20")
            && firewall.contains("AllowAllAzureServicesAndResourcesWithinAzureIps"),
        "{firewall}"
    );
    let cosmos = message_of(&report, "COSMOS-002", "cosmos-dev-playground");
    assert!(cosmos.contains("every Azure datacenter"), "{cosmos}");

    // One paged parameter list per server (D6), never one call per parameter; no
    // firewall read for servers whose public access is off.
    let configurations = format!("{}/configurations", postgres("rg-prod", "psql-orders"));
    assert_eq!(emu.count(Host::Arm, &configurations), 2, "two pages");
    for path in [
        format!("{}/firewallRules", postgres("rg-prod", "psql-orders")),
        format!("{}/firewallRules", mysql("rg-prod", "mysql-shop")),
    ] {
        assert_eq!(emu.count(Host::Arm, &path), 0, "{path}");
    }
    let per_parameter = emu
        .requests()
        .into_iter()
        .filter(|r| r.path.to_lowercase().contains("/configurations/"))
        .count();
    assert_eq!(per_parameter, 0);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_missing_parameter_or_a_refused_parameter_list_is_error_never_fail() {
    let (emu, az) = start();
    let mut legacy = scenario_route("postgres.json", "psql-legacy-gis/configurations");
    first_page(&mut legacy).retain(|p| p["name"] != "connection_throttle.enable");
    serve(&emu, legacy);
    emu.fault(
        Host::Arm,
        &format!("{}/configurations", postgres("rg-dev", "psql-dev-sandbox")),
        arm_denied("Microsoft.DBforPostgreSQL/flexibleServers/configurations/read"),
        None,
    );
    let run = scan_json(&emu, &az, &["--checks", "AZPG"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZPG-004", "psql-legacy-gis", "ERROR"),
            ("AZPG-001", "psql-legacy-gis", "FAIL"),
            ("AZPG-001", "psql-dev-sandbox", "ERROR"),
            ("AZPG-004", "psql-dev-sandbox", "ERROR"),
            // Checks that do not read parameters keep their verdicts.
            ("AZPG-008", "psql-dev-sandbox", "FAIL"),
            ("AZPG-007", "psql-dev-sandbox", "PASS"),
            ("AZPG-001", "psql-orders", "PASS"),
        ],
    );
    let missing = message_of(&report, "AZPG-004", "psql-legacy-gis");
    assert!(
        missing.contains("connection_throttle.enable is not in the server's list"),
        "{missing}"
    );
    let denied = message_of(&report, "AZPG-001", "psql-dev-sandbox");
    assert!(
        denied.contains("server parameters (configurations)") && denied.contains("403"),
        "{denied}"
    );
}

#[test]
fn a_database_scan_makes_no_call_twice() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", DATABASES]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in emu.requests() {
        *seen
            .entry((r.path.to_lowercase(), r.query.to_lowercase()))
            .or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "calls made more than once: {twice:#?}");
    // The database collectors read each subscription list once: one request per page.
    for (provider, pages) in [
        ("Microsoft.Sql/servers", 2),
        ("Microsoft.Sql/managedInstances", 1),
        ("Microsoft.DBforPostgreSQL/flexibleServers", 2),
        ("Microsoft.DBforMySQL/flexibleServers", 1),
        ("Microsoft.DocumentDB/databaseAccounts", 1),
    ] {
        let list = format!("/subscriptions/{SUB}/providers/{provider}");
        assert_eq!(emu.count(Host::Arm, &list), pages, "{list}");
    }
}

#[test]
fn a_403_on_one_firewall_list_errors_only_that_servers_firewall_checks() {
    let (emu, az) = start();
    let rules = format!("{}/firewallRules", sql("RG-Legacy", "sql-legacy-crm"));
    emu.fault(
        Host::Arm,
        &rules,
        arm_denied("Microsoft.Sql/servers/firewallRules/read"),
        None,
    );
    let run = scan_json(&emu, &az, &["--checks", "AZSQL-006,AZSQL-007,AZSQL-010"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZSQL-006", "sql-legacy-crm", "ERROR"),
            ("AZSQL-007", "sql-legacy-crm", "ERROR"),
            ("AZSQL-010", "sql-legacy-crm", "FAIL"),
            ("AZSQL-006", "sql-data-warehouse", "FAIL"),
            ("AZSQL-006", "sql-prod-orders", "PASS"),
        ],
    );
    let error = message_of(&report, "AZSQL-007", "sql-legacy-crm");
    assert!(
        error.contains("firewall rules of SQL server sql-legacy-crm could not be read")
            && error.contains("Microsoft.Sql/servers/firewallRules/read"),
        "{error}"
    );
    assert_eq!(report["summary"]["ERROR"], 2);
}
