//! Tests of the test harness itself (emulator and fake `az`), talking to it with
//! reqwest directly, so a broken harness fails here rather than as a confusing
//! azscan scenario failure.

use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::support::emulator::{ARM_TOKEN, Emulator, Fault, GRAPH_TOKEN, Host};
use crate::support::fake_az::{DEFAULT_SUBSCRIPTION, FakeAz, TENANT};

const SUB: &str = "/subscriptions/00000000-0000-0000-0000-000000000001";

fn storage_path() -> String {
    format!("{SUB}/providers/Microsoft.Storage/storageAccounts")
}

fn client() -> reqwest::Client {
    // no_proxy: a proxy from the environment must never see loopback test traffic.
    reqwest::Client::builder()
        .no_proxy()
        .user_agent("azscan-selftest/1.0")
        .build()
        .expect("reqwest client")
}

/// GET with an optional bearer token; returns status, Retry-After and JSON body.
async fn get(url: &str, token: Option<&str>) -> (u16, Option<String>, Value) {
    let mut request = client().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request to emulator");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let body = response.json().await.expect("JSON body");
    (status, retry_after, body)
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().expect("error envelope code")
}

/// Follows nextLinks from `url` and returns every page body.
async fn all_pages(url: &str, token: &str, next_key: &str) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut next = Some(url.to_string());
    while let Some(url) = next {
        let (status, _, body) = get(&url, Some(token)).await;
        assert_eq!(status, 200, "{url}: {body}");
        next = body
            .get(next_key)
            .and_then(Value::as_str)
            .map(str::to_string);
        pages.push(body);
        assert!(pages.len() < 10, "nextLink loop");
    }
    pages
}

fn names(pages: &[Value]) -> Vec<&str> {
    pages
        .iter()
        .flat_map(|p| p["value"].as_array().unwrap())
        .map(|item| item["name"].as_str().unwrap())
        .collect()
}

fn three_page_route(extra: &str) -> String {
    format!(
        r#"{{"routes": [{{"path": "{}", "api_version": "2024-01-01", {extra}
            "pages": [[{{"name": "a"}}, {{"name": "b"}}], [], [{{"name": "c"}}]]}}]}}"#,
        storage_path()
    )
}

#[tokio::test]
async fn arm_paging_follows_next_links_across_an_empty_page() {
    let emu = Emulator::start();
    emu.load_str(&three_page_route(""));

    let first = format!("{}{}?api-version=2024-01-01", emu.arm_url(), storage_path());
    let pages = all_pages(&first, ARM_TOKEN, "nextLink").await;

    assert_eq!(pages.len(), 3);
    assert_eq!(names(&pages), ["a", "b", "c"]);
    assert_eq!(pages[1]["value"], json!([]), "empty middle page is served");
    assert_eq!(
        pages[0]["nextLink"],
        format!(
            "{}{}?api-version=2024-01-01&$skiptoken=1",
            emu.arm_url(),
            storage_path()
        )
    );
    assert!(pages[2].get("nextLink").is_none(), "{}", pages[2]);
    assert_eq!(emu.count(Host::Arm, &storage_path()), 3);
}

#[tokio::test]
async fn get_by_ids_answers_only_the_objects_asked_for() {
    let emu = Emulator::start();
    emu.load_str(
        &json!({ "routes": [{
            "host": "graph",
            "path": "/v1.0/directoryObjects/getByIds",
            "body": { "value": [
                { "@odata.type": "#microsoft.graph.user", "id": "AAAA" },
                { "@odata.type": "#microsoft.graph.group", "id": "bbbb" },
                { "@odata.type": "#microsoft.graph.servicePrincipal", "id": "cccc" },
            ] },
        }] })
        .to_string(),
    );
    let url = format!("{}/v1.0/directoryObjects/getByIds", emu.graph_url());
    let post = |body: Value| {
        let request = client().post(&url).bearer_auth(GRAPH_TOKEN).json(&body);
        async move {
            let response = request.send().await.expect("request to emulator");
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.expect("JSON body"))
        }
    };
    let ids = |body: &Value| -> Vec<String> {
        body["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect()
    };
    // IDs in any case; an ID the directory lacks is simply not in the answer.
    let (status, body) = post(json!({ "ids": ["aaaa", "CCCC", "dddd"] })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(ids(&body), ["AAAA", "cccc"]);
    // `types` narrows the answer to those kinds.
    let (_, body) = post(json!({ "ids": ["aaaa", "bbbb"], "types": ["group"] })).await;
    assert_eq!(ids(&body), ["bbbb"]);
    // A body without `ids` is refused, as Graph refuses it.
    let (status, body) = post(json!({ "types": ["user"] })).await;
    assert_eq!((status, error_code(&body)), (400, "Request_BadRequest"));
    let sent = emu.requests();
    assert_eq!(
        sent[0].body.as_deref(),
        Some(r#"{"ids":["aaaa","CCCC","dddd"]}"#),
        "the emulator records what was posted"
    );
}

#[tokio::test]
async fn last_page_can_carry_an_explicit_null_next_link() {
    let emu = Emulator::start();
    emu.load_str(&three_page_route(r#""last_next_link": "null","#));

    let first = format!("{}{}?api-version=2024-01-01", emu.arm_url(), storage_path());
    let pages = all_pages(&first, ARM_TOKEN, "nextLink").await;

    assert_eq!(names(&pages), ["a", "b", "c"]);
    assert_eq!(pages[2].get("nextLink"), Some(&Value::Null));
}

#[tokio::test]
async fn arm_rejects_missing_wrong_and_graph_tokens() {
    let emu = Emulator::start();
    emu.load_str(&three_page_route(""));
    let url = format!("{}{}?api-version=2024-01-01", emu.arm_url(), storage_path());

    for token in [None, Some("not-a-token"), Some(GRAPH_TOKEN)] {
        let (status, _, body) = get(&url, token).await;
        assert_eq!(status, 401, "token {token:?}");
        assert_eq!(error_code(&body), "InvalidAuthenticationToken");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("management.azure.com"), "{message}");
        if let Some(token) = token {
            assert!(!message.contains(token), "token echoed: {message}");
        }
    }
    // And the reverse: the ARM token is no good on Graph.
    let graph = format!("{}/v1.0/applications", emu.graph_url());
    let (status, _, body) = get(&graph, Some(ARM_TOKEN)).await;
    assert_eq!(status, 401);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("graph.microsoft.com")
    );
}

#[tokio::test]
async fn arm_demands_the_declared_api_version() {
    let emu = Emulator::start();
    emu.load_str(&three_page_route(""));
    let base = format!("{}{}", emu.arm_url(), storage_path());

    let (status, _, body) = get(&base, Some(ARM_TOKEN)).await;
    assert_eq!(status, 400);
    assert_eq!(error_code(&body), "MissingApiVersionParameter");

    let (status, _, body) = get(&format!("{base}?api-version=2023-05-01"), Some(ARM_TOKEN)).await;
    assert_eq!(status, 400);
    assert_eq!(error_code(&body), "InvalidApiVersionParameter");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("2023-05-01") && message.contains("2024-01-01"),
        "{message}"
    );
}

#[tokio::test]
async fn unknown_paths_get_each_hosts_404_envelope() {
    let emu = Emulator::start();

    let arm = format!(
        "{}{SUB}/resourceGroups/nope?api-version=2022-12-01",
        emu.arm_url()
    );
    let (status, _, body) = get(&arm, Some(ARM_TOKEN)).await;
    assert_eq!(status, 404);
    assert_eq!(error_code(&body), "ResourceNotFound");
    assert!(body["error"]["message"].is_string());

    let graph = format!("{}/v1.0/nothingHere", emu.graph_url());
    let (status, _, body) = get(&graph, Some(GRAPH_TOKEN)).await;
    assert_eq!(status, 404);
    assert_eq!(error_code(&body), "Request_ResourceNotFound");
}

#[tokio::test]
async fn throttling_fault_is_served_once_then_the_route_answers() {
    let emu = Emulator::start();
    let path = storage_path();
    emu.load_str(&format!(
        r#"{{"routes": [{{"path": "{path}", "pages": [[{{"name": "a"}}]]}}],
            "faults": [{{"path": "{path}", "status": 429, "code": "SubscriptionRequestsThrottled",
                         "message": "Number of 'read' requests exceeded.", "retry_after": 1, "times": 1}}]}}"#
    ));
    let url = format!("{}{path}?api-version=2024-01-01", emu.arm_url());

    let (status, retry_after, body) = get(&url, Some(ARM_TOKEN)).await;
    assert_eq!(status, 429);
    assert_eq!(retry_after.as_deref(), Some("1"));
    assert_eq!(error_code(&body), "SubscriptionRequestsThrottled");

    let (status, retry_after, body) = get(&url, Some(ARM_TOKEN)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(retry_after, None);
    assert_eq!(body["value"][0]["name"], "a");
}

#[tokio::test]
async fn api_faults_cover_5xx_without_retry_after_and_delays() {
    let emu = Emulator::start();
    let path = storage_path();
    emu.load_str(&format!(
        r#"{{"routes": [{{"path": "{path}", "pages": [[]]}}]}}"#
    ));
    let url = format!(
        "{}{}?api-version=2024-01-01",
        emu.arm_url(),
        path.to_uppercase()
    );
    emu.fault(
        Host::Arm,
        &path,
        Fault::Status {
            status: 503,
            code: "ServiceUnavailable".into(),
            message: "try later".into(),
            retry_after: None,
        },
        Some(2),
    );
    emu.fault(
        Host::Arm,
        &path,
        Fault::Delay(Duration::from_millis(300)),
        None,
    );

    for _ in 0..2 {
        let (status, retry_after, body) = get(&url, Some(ARM_TOKEN)).await;
        assert_eq!((status, retry_after), (503, None));
        assert_eq!(error_code(&body), "ServiceUnavailable");
    }
    for _ in 0..2 {
        let started = Instant::now();
        let (status, _, _) = get(&url, Some(ARM_TOKEN)).await;
        assert_eq!(status, 200);
        assert!(started.elapsed() >= Duration::from_millis(300));
    }
}

#[tokio::test]
async fn error_routes_serve_the_arm_envelope() {
    let emu = Emulator::start();
    let path = format!("{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/keys");
    emu.load_str(&format!(
        r#"{{"routes": [{{"path": "{path}", "api_version": "2024-11-01", "status": 403,
             "error": {{"code": "AuthorizationFailed", "message": "The client does not have authorization."}}}}]}}"#
    ));

    let url = format!("{}{path}/?api-version=2024-11-01", emu.arm_url());
    let (status, _, body) = get(&url, Some(ARM_TOKEN)).await;
    assert_eq!(status, 403);
    assert_eq!(
        body,
        json!({"error": {"code": "AuthorizationFailed", "message": "The client does not have authorization."}})
    );
}

#[tokio::test]
async fn graph_paging_keeps_the_filter_in_odata_next_link() {
    let emu = Emulator::start();
    let path = "/v1.0/roleManagement/directory/roleAssignments";
    let filter = "roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'";
    emu.load_str(&format!(
        r#"{{"routes": [{{"host": "graph", "path": "{path}", "query": {{"$filter": "{filter}"}},
             "pages": [[{{"name": "admin1"}}], [{{"name": "admin2"}}]]}}]}}"#
    ));

    let first = format!(
        "{}{path}?$filter=roleDefinitionId%20eq%20'62e90394-69f5-4237-9190-012177145e10'&$expand=principal",
        emu.graph_url()
    );
    let pages = all_pages(&first, GRAPH_TOKEN, "@odata.nextLink").await;

    assert_eq!(names(&pages), ["admin1", "admin2"]);
    let next = pages[0]["@odata.nextLink"].as_str().unwrap();
    let parsed = url::Url::parse(next).unwrap();
    let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [
            ("$filter".to_string(), filter.to_string()),
            ("$expand".to_string(), "principal".to_string()),
            ("$skiptoken".to_string(), "1".to_string()),
        ]
    );
    assert!(!next.contains(' '), "nextLink must be URL-encoded: {next}");
    assert_eq!(
        pages[0]["@odata.context"],
        format!(
            "{}/v1.0/$metadata#roleManagement/directory/roleAssignments",
            emu.graph_url()
        )
    );
    assert!(pages[1].get("@odata.nextLink").is_none());
}

#[tokio::test]
async fn most_specific_query_route_wins_and_later_routes_replace_earlier() {
    let emu = Emulator::start();
    let path = "/v1.0/servicePrincipals";
    emu.load_str(&format!(
        r#"{{"routes": [
            {{"host": "graph", "path": "{path}", "body": {{"which": "any"}}}},
            {{"host": "graph", "path": "{path}", "query": {{"$filter": "a eq 1"}}, "body": {{"which": "filter"}}}},
            {{"host": "graph", "path": "{path}", "query": {{"$filter": "a eq 1", "$select": "id"}}, "body": {{"which": "filter+select"}}}}
        ]}}"#
    ));
    // Replaces the first constraint-free route only.
    emu.load_str(&format!(
        r#"{{"routes": [{{"host": "graph", "path": "{path}", "body": {{"which": "override"}}}}]}}"#
    ));
    let base = format!("{}{path}", emu.graph_url());

    for (query, expected) in [
        ("", "override"),
        ("?$filter=A%20EQ%201", "filter"),
        ("?$select=id&$filter=a+eq+1", "filter+select"),
        ("?$filter=b%20eq%202", "override"),
    ] {
        let (status, _, body) = get(&format!("{base}{query}"), Some(GRAPH_TOKEN)).await;
        assert_eq!(status, 200);
        assert_eq!(body["which"], expected, "query {query:?}");
    }
}

#[tokio::test]
async fn every_request_is_recorded_with_its_answer() {
    let emu = Emulator::start();
    emu.load_str(&three_page_route(""));
    let path = storage_path();
    let url = format!("{}{path}?api-version=2024-01-01", emu.arm_url());

    get(&url, Some(ARM_TOKEN)).await;
    get(&url, None).await;
    let response = client()
        .post(&url)
        .bearer_auth(ARM_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);

    let requests = emu.requests();
    let seen: Vec<(&str, u16)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.status))
        .collect();
    assert_eq!(seen, [("GET", 200), ("GET", 401), ("POST", 405)]);
    let first = &requests[0];
    assert_eq!(first.host, Host::Arm);
    assert_eq!(first.path, path);
    assert_eq!(first.query, "api-version=2024-01-01");
    assert_eq!(first.user_agent.as_deref(), Some("azscan-selftest/1.0"));
    assert_eq!(
        first.authorization.as_deref(),
        Some(format!("Bearer {ARM_TOKEN}").as_str())
    );
    assert_eq!(requests[1].authorization, None);
    assert_eq!(
        emu.count(Host::Arm, &format!("{}/", path.to_lowercase())),
        3
    );
    assert_eq!(emu.count(Host::Graph, &path), 0);
}

#[test]
fn load_dir_reads_nested_route_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("graph")).unwrap();
    std::fs::write(
        dir.path().join("graph/apps.json"),
        r#"{"routes": [{"host": "graph", "path": "/v1.0/applications", "pages": [[]]}]}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a route file").unwrap();
    let emu = Emulator::start();

    emu.load_dir(dir.path());

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let url = format!("{}/v1.0/applications", emu.graph_url());
    let (status, _, body) = runtime.block_on(get(&url, Some(GRAPH_TOKEN)));
    assert_eq!(status, 200);
    assert_eq!(body["value"], json!([]));
}

#[test]
#[should_panic(expected = "broken.json")]
fn a_bad_route_file_panics_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(
        &file,
        r#"{"routes": [{"path": "/x", "body": {}, "pages": [[]]}]}"#,
    )
    .unwrap();

    Emulator::start().load_file(&file);
}

/// Runs the fake az exactly the way azure_identity's AzureCliCredential does:
/// `/bin/sh -c "cd /bin && az ..."`, so only an absolute PATH entry finds it.
fn run_az(az: &FakeAz, args: &str) -> std::process::Output {
    Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("cd /bin && az {args}"))
        .env("PATH", az.path_env())
        .output()
        .expect("run sh")
}

#[test]
fn fake_az_hands_out_a_token_per_scope() {
    let az = FakeAz::install();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();

    for (scope, token) in [
        ("https://management.azure.com/.default", ARM_TOKEN),
        ("https://graph.microsoft.com/.default", GRAPH_TOKEN),
    ] {
        let output = run_az(
            &az,
            &format!("account get-access-token -o json --scope {scope}"),
        );
        assert!(output.status.success(), "{output:?}");
        let json: Value = serde_json::from_slice(&output.stdout).expect("az prints JSON");
        assert_eq!(json["accessToken"], token);
        assert_eq!(json["tokenType"], "Bearer");
        assert_eq!(json["tenant"], TENANT);
        assert_eq!(json["subscription"], DEFAULT_SUBSCRIPTION);
        let expires_on = json["expires_on"].as_u64().expect("integer expires_on");
        assert!(expires_on > now + 3000, "{expires_on} vs now {now}");
        assert!(json["expiresOn"].as_str().unwrap().len() >= 19);
    }

    let output = run_az(
        &az,
        "account get-access-token -o json --scope https://management.azure.com/.default --subscription \"sub-2\"",
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["subscription"], "sub-2");

    let output = run_az(&az, "group list");
    assert_eq!(output.status.code(), Some(1));

    let invocations = az.invocations();
    assert_eq!(invocations.len(), 4);
    assert_eq!(
        invocations[1],
        "account get-access-token -o json --scope https://graph.microsoft.com/.default"
    );
}

#[test]
fn failing_fake_az_looks_logged_out() {
    let az = FakeAz::failing();

    let output = run_az(
        &az,
        "account get-access-token -o json --scope https://management.azure.com/.default",
    );

    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("Please run 'az login'"));
    assert_eq!(az.invocations().len(), 1);
}
