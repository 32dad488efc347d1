//! The typed error of a failed ARM or Graph call, parsed from the error envelope
//! `{"error": {"code", "message"}}` both APIs use.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The requested path (no host, no query).
    pub call: String,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub message: String,
}

impl ApiError {
    pub fn from_response(call: &str, status: u16, body: &[u8]) -> ApiError {
        if let Some((code, message)) = storage_error(body) {
            return ApiError {
                call: call.to_string(),
                status: Some(status),
                code: Some(code),
                message,
            };
        }
        let envelope: Option<Value> = serde_json::from_slice(body).ok();
        let error = envelope.as_ref().and_then(|v| v.get("error"));
        let code = error
            .and_then(|e| e.get("code"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let message = error
            .and_then(|e| e.get("message"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| {
                let text = String::from_utf8_lossy(body);
                let text = text.trim();
                if text.is_empty() {
                    format!("HTTP {status} with an empty body")
                } else {
                    text.chars().take(300).collect()
                }
            });
        ApiError {
            call: call.to_string(),
            status: Some(status),
            code,
            message,
        }
    }

    pub fn transport(call: &str, error: &reqwest::Error) -> ApiError {
        let code = if error.is_timeout() {
            "Timeout"
        } else if error.is_connect() {
            "ConnectionFailed"
        } else {
            "RequestFailed"
        };
        ApiError {
            call: call.to_string(),
            status: None,
            code: Some(code.to_string()),
            message: transport_message(error),
        }
    }

    pub fn invalid_response(call: &str, why: &str) -> ApiError {
        ApiError {
            call: call.to_string(),
            status: None,
            code: Some("InvalidResponse".into()),
            message: why.to_string(),
        }
    }

    /// A call that never got its answer because the scan was cancelled.
    pub fn cancelled(call: &str, reason: Option<super::CancelReason>) -> ApiError {
        ApiError {
            call: call.to_string(),
            status: None,
            code: Some("Cancelled".into()),
            message: match reason {
                Some(reason) => format!("not read: {reason}"),
                None => "not read: the scan was cancelled".into(),
            },
        }
    }

    /// Says how many attempts were made before giving up, when there was more than one,
    /// so an ERROR shows the call was retried and is not a one-off.
    pub fn after_attempts(mut self, attempts: u32) -> ApiError {
        if attempts > 1 {
            self.message = format!("{} (gave up after {attempts} attempts)", self.message);
        }
        self
    }

    /// A 401 that a fresh token may fix: the token expired, or the service no longer
    /// accepts it (ARM and Graph both say `InvalidAuthenticationToken` for that).
    pub fn is_rejected_token(&self) -> bool {
        self.status == Some(401)
            && matches!(
                self.code.as_deref(),
                Some("ExpiredAuthenticationToken" | "InvalidAuthenticationToken")
            )
    }

    pub fn is_not_found(&self) -> bool {
        self.status == Some(404)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GET {}", self.call)?;
        if let Some(status) = self.status {
            write!(f, " returned {status}")?;
        } else {
            write!(f, " failed")?;
        }
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The XML envelope Azure Storage's data plane answers errors with:
/// `<Error><Code>…</Code><Message>…</Message></Error>`; None for any other body.
fn storage_error(body: &[u8]) -> Option<(String, String)> {
    // Storage starts its XML with a byte-order mark.
    let text = std::str::from_utf8(body)
        .ok()?
        .trim_start_matches('\u{feff}');
    if !text.trim_start().starts_with('<') {
        return None;
    }
    let document = roxmltree::Document::parse(text).ok()?;
    let root = document.root_element();
    if root.tag_name().name() != "Error" {
        return None;
    }
    let field = |name: &str| {
        root.children()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string())
    };
    let code = field("Code")?;
    // The message's first line; the rest is a request ID and a time.
    let message = field("Message").unwrap_or_default();
    let message = message
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    Some((code, message))
}

/// A transport error with its source chain (which says why it failed). reqwest's
/// Display includes the URL, whose query may carry a SAS signature or a skip token:
/// the message keeps only the URL's origin and path.
pub(crate) fn transport_message(error: &reqwest::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    match error.url() {
        Some(url) if url.query().is_some() || url.fragment().is_some() => {
            let mut bare = url.clone();
            bare.set_query(None);
            bare.set_fragment(None);
            message.replace(url.as_str(), bare.as_str())
        }
        _ => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_arm_envelope() {
        let body = br#"{"error":{"code":"AuthorizationFailed","message":"no access"}}"#;
        let err = ApiError::from_response("/x", 403, body);
        assert_eq!(err.status, Some(403));
        assert_eq!(err.code.as_deref(), Some("AuthorizationFailed"));
        assert_eq!(err.message, "no access");
    }

    #[tokio::test]
    async fn a_transport_error_names_the_url_without_its_query() {
        // Port 1 on loopback refuses the connection: a transport error, no network.
        let url = "http://127.0.0.1:1/container/blob?sv=2022-11-02&sig=SECRET-SIG";
        let error = reqwest::get(url)
            .await
            .expect_err("nothing listens on port 1");
        assert!(error.to_string().contains("SECRET-SIG"), "{error}");
        let err = ApiError::transport("/container/blob", &error);
        assert!(
            err.message.contains("http://127.0.0.1:1/container/blob"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("sig="), "{}", err.message);
    }

    #[test]
    fn a_rejected_token_is_recognised_by_status_and_code() {
        let expired = br#"{"error":{"code":"ExpiredAuthenticationToken","message":"expired"}}"#;
        assert!(ApiError::from_response("/x", 401, expired).is_rejected_token());
        let audience = br#"{"error":{"code":"InvalidAuthenticationTokenAudience","message":"no"}}"#;
        assert!(!ApiError::from_response("/x", 401, audience).is_rejected_token());
        let denied = br#"{"error":{"code":"InvalidAuthenticationToken","message":"no"}}"#;
        assert!(!ApiError::from_response("/x", 403, denied).is_rejected_token());
    }

    #[test]
    fn retried_errors_say_how_often() {
        let err = ApiError::from_response("/x", 503, b"busy").after_attempts(6);
        assert_eq!(
            err.to_string(),
            "GET /x returned 503: busy (gave up after 6 attempts)"
        );
        let once = ApiError::from_response("/x", 503, b"busy").after_attempts(1);
        assert_eq!(once.message, "busy");
    }

    #[test]
    fn parses_the_storage_xml_envelope() {
        let body = b"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.\nRequestId:1\nTime:2026</Message></Error>";
        let err = ApiError::from_response("/", 403, body);
        assert_eq!(err.code.as_deref(), Some("AuthorizationPermissionMismatch"));
        assert_eq!(
            err.message,
            "This request is not authorized to perform this operation using this permission."
        );
        // An HTML page from a gateway is not a storage error: kept as text.
        let html = ApiError::from_response("/", 502, b"<html><body>Bad</body></html>");
        assert_eq!(html.code, None);
    }

    #[test]
    fn keeps_a_non_json_body_as_message() {
        let err = ApiError::from_response("/x", 502, b"Bad Gateway");
        assert_eq!(err.code, None);
        assert_eq!(err.message, "Bad Gateway");
    }
}
