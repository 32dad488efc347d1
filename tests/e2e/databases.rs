//! Issue 13's database contract, end to end: AZSQL-006…013, AZPG, AZMY and COSMOS
//! verdicts on the emulated subscription, the per-server sub-calls each makes (and those
//! it must not make: firewall rules of private servers, `master`'s TDE, diagnostics of
//! servers that do not audit to Azure Monitor), paged parameter lists, and a 403 on one
//! sub-call costing only the checks that needed it.

use crate::support::checks::{
    assert_message, assert_no_call_twice, assert_not_judged, assert_reads, assert_result_counts,
    deny, scan_checks,
};
use crate::support::patch::{first_page, scenario_route, serve};
use crate::support::scenario::{SUB, assert_verdicts, start};

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
    let report = scan_checks(&emu, &az, "AZSQL", 0);
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
    // A server that does not audit is out of AZSQL-008's scope.
    assert_not_judged(&report, "AZSQL-008", "sql-legacy-crm");
    // master is left out by name; the database requested owns its result even though
    // the TDE answer for `orders` carries the ID in other casing.
    assert_result_counts(&report, &[("AZSQL-012", 4)]);
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
    for (rule, resource, parts) in [
        (
            "AZSQL-006",
            "sql-data-warehouse",
            &["vendor-low", "vendor-high"][..],
        ),
        ("AZSQL-006", "sql-prod-orders", &["not read"]),
        (
            "AZSQL-008",
            "sql-data-warehouse",
            &["law-app-default retentionInDays is 30"],
        ),
        ("AZSQL-009", "sql-analytics-nsp", &["not set (off)"]),
    ] {
        assert_message(&report, rule, resource, parts);
    }

    // Sub-calls only where a row needs them.
    let firewall_rules = |rg: &str, name: &str| format!("{}/firewallRules", sql(rg, name));
    let master =
        |rg: &str, name: &str, rest: &str| format!("{}/databases/master/{rest}", sql(rg, name));
    let settings = "providers/Microsoft.Insights/diagnosticSettings";
    let tde = "transparentDataEncryption/current";
    assert_reads(
        &emu,
        [
            (firewall_rules("rg-prod", "sql-prod-orders"), 0),
            (firewall_rules("RG-Legacy", "sql-legacy-crm"), 1),
            (firewall_rules("rg-data", "sql-data-warehouse"), 2), // two pages
            (firewall_rules("rg-data", "sql-analytics-nsp"), 0),
            (master("RG-Legacy", "sql-legacy-crm", settings), 0),
            (master("rg-prod", "sql-prod-orders", settings), 1),
            (master("rg-prod", "sql-prod-orders", tde), 0),
        ],
    );
}

#[test]
fn a_403_on_one_sql_sub_call_costs_only_the_check_and_resource_that_needed_it() {
    let (emu, az) = start();
    let denied = |path: String, action: &str| deny(&emu, &path, action);
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
    let report = scan_checks(&emu, &az, "AZSQL-009,AZSQL-011,AZSQL-012", 3);
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
    for (rule, resource, parts) in [
        ("AZSQL-009", "sql-analytics-nsp", &["express", "403"][..]),
        (
            "AZSQL-012",
            "sql-data-warehouse",
            &["database list of SQL server sql-data-warehouse could not be read"],
        ),
        ("AZSQL-011", "sql-prod-orders", &["could not be read"]),
    ] {
        assert_message(&report, rule, resource, parts);
    }
}

#[test]
fn flexible_server_and_cosmos_checks_follow_the_catalog() {
    let (emu, az) = start();
    let report = scan_checks(&emu, &az, "AZPG,AZMY,COSMOS", 0);
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
    // A server without public access is out of scope.
    for rule in ["AZPG-006", "AZPG-007"] {
        assert_not_judged(&report, rule, "psql-orders");
    }
    for (rule, resource, parts) in [
        (
            "AZPG-005",
            "psql-legacy-gis",
            &["logfiles.retention_days is 3"][..],
        ),
        ("AZMY-002", "mysql-legacy-wiki", &["accepts TLSv1.1"]),
        (
            "AZMY-006",
            "mysql-legacy-wiki",
            &[
                "AllowAll_2024-11-20",
                "AllowAllAzureServicesAndResourcesWithinAzureIps",
            ],
        ),
        (
            "COSMOS-002",
            "cosmos-dev-playground",
            &["every Azure datacenter"],
        ),
    ] {
        assert_message(&report, rule, resource, parts);
    }

    // One paged parameter list per server (D6), never one call per parameter; no
    // firewall read for servers whose public access is off.
    let psql_orders = postgres("rg-prod", "psql-orders");
    assert_reads(
        &emu,
        [
            (format!("{psql_orders}/configurations"), 2), // two pages
            (format!("{psql_orders}/firewallRules"), 0),
            (
                format!("{}/firewallRules", mysql("rg-prod", "mysql-shop")),
                0,
            ),
        ],
    );
    let per_parameter = emu
        .requests()
        .into_iter()
        .filter(|r| r.path.to_lowercase().contains("/configurations/"))
        .count();
    assert_eq!(per_parameter, 0);
}

#[test]
fn a_missing_parameter_or_a_refused_parameter_list_is_error_never_fail() {
    let (emu, az) = start();
    let mut legacy = scenario_route("postgres.json", "psql-legacy-gis/configurations");
    first_page(&mut legacy).retain(|p| p["name"] != "connection_throttle.enable");
    serve(&emu, legacy);
    deny(
        &emu,
        &format!("{}/configurations", postgres("rg-dev", "psql-dev-sandbox")),
        "Microsoft.DBforPostgreSQL/flexibleServers/configurations/read",
    );
    let report = scan_checks(&emu, &az, "AZPG", 3);
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
    assert_message(
        &report,
        "AZPG-004",
        "psql-legacy-gis",
        &["connection_throttle.enable is not in the server's list"],
    );
    assert_message(
        &report,
        "AZPG-001",
        "psql-dev-sandbox",
        &["server parameters (configurations)", "403"],
    );
}

#[test]
fn a_database_scan_makes_no_call_twice() {
    let (emu, az) = start();
    scan_checks(&emu, &az, DATABASES, 0);
    assert_no_call_twice(&emu);
    // The database collectors read each subscription list once: one request per page.
    assert_reads(
        &emu,
        [
            ("Microsoft.Sql/servers", 2),
            ("Microsoft.Sql/managedInstances", 1),
            ("Microsoft.DBforPostgreSQL/flexibleServers", 2),
            ("Microsoft.DBforMySQL/flexibleServers", 1),
            ("Microsoft.DocumentDB/databaseAccounts", 1),
        ]
        .map(|(provider, pages)| (format!("/subscriptions/{SUB}/providers/{provider}"), pages)),
    );
}

#[test]
fn a_403_on_one_firewall_list_errors_only_that_servers_firewall_checks() {
    let (emu, az) = start();
    let rules = format!("{}/firewallRules", sql("RG-Legacy", "sql-legacy-crm"));
    deny(&emu, &rules, "Microsoft.Sql/servers/firewallRules/read");
    let report = scan_checks(&emu, &az, "AZSQL-006,AZSQL-007,AZSQL-010", 3);
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
    assert_message(
        &report,
        "AZSQL-007",
        "sql-legacy-crm",
        &[
            "firewall rules of SQL server sql-legacy-crm could not be read",
            "Microsoft.Sql/servers/firewallRules/read",
        ],
    );
    assert_eq!(report["summary"]["ERROR"], 2);
}
