//! Errors as the service answers them: a status and the JSON body
//! `{"error": what went wrong, "detail": which thing and why}`.
//!
//! Every refusal of the service is an [`ApiError`]; responses that leave
//! axum or a tower layer with an error status and no JSON body (an unknown
//! path, a method not allowed, a body over the limit, a panic) are given
//! the same shape by [`json_errors`], so a client always reads JSON.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answered to a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    /// A short fixed phrase: `bad JSON`, `unauthorized`, ...
    pub error: &'static str,
    /// The thing concerned and the reason, for people.
    pub detail: String,
    /// Seconds to wait before trying again (503).
    pub retry_after: Option<u32>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    detail: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, error: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            error,
            detail: detail.into(),
            retry_after: None,
        }
    }

    pub fn bad_request(error: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, error, detail)
    }

    pub fn too_large(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too large", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not found", detail)
    }

    /// 503 with `Retry-After`.
    pub fn unavailable(error: &'static str, detail: impl Into<String>, retry: u32) -> ApiError {
        ApiError {
            retry_after: Some(retry),
            ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, error, detail)
        }
    }

    /// 500: a bug or a damaged index; the detail is logged too.
    pub fn internal(detail: impl Into<String>) -> ApiError {
        let detail = detail.into();
        tracing::error!(%detail, "internal error");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error", detail)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_string(&ErrorBody {
            error: self.error,
            detail: &self.detail,
        })
        .unwrap_or_default();
        let mut r = (self.status, body).into_response();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Some(s) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

/// Largest non-JSON error body kept as the detail of its JSON form.
const MAX_DETAIL: usize = 4096;

/// Gives an error response that is not JSON (axum's rejections, an unknown
/// path or method, tower-http's body limit) the service's JSON shape, its
/// text as the detail; other responses pass unchanged.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = match axum::body::to_bytes(body, MAX_DETAIL).await {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) => String::new(),
    };
    let error = match status {
        StatusCode::NOT_FOUND => "not found",
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported media type",
        s if s.is_server_error() => "internal error",
        _ => "bad request",
    };
    let detail = if text.trim().is_empty() {
        status.canonical_reason().unwrap_or("no detail").to_string()
    } else {
        text.trim().to_string()
    };
    let mut out = ApiError::new(status, error, detail).into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}
