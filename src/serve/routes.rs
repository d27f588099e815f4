//! The endpoints: requests to store calls and tasks, answers as JSON.
//!
//! Each handler checks the token for what it needs ([`Access`]), reads its
//! body ([`super::request`]), and runs CPU work (checks, similar, reading a
//! batch) on a blocking thread under a permit of the CPU bound: when none
//! is free it answers 503 with `Retry-After` at once instead of queueing.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use crate::check::page::{self, Lang};
use crate::check::{CheckOutput, Settings};
use crate::schema;
use crate::segment::Segmenter;

use super::auth::{Access, Tokens};
use super::error::ApiError;
use super::request::{self, BatchFormat, CheckRequest, SimilarRequest};
use super::store::{Store, StoreError};
use super::tasks::{Status, Tasks, Work};

/// What every handler shares.
pub struct App {
    pub store: Arc<Store>,
    pub tasks: Arc<Tasks>,
    pub tokens: Tokens,
    /// Permits for CPU work at once.
    pub cpu: Arc<Semaphore>,
    pub max_draft_chars: usize,
    /// Held inside every CPU job (tests use it to fill the bound).
    pub delay: Duration,
}

type Shared = State<Arc<App>>;

/// The service's routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/v1/stats", get(stats))
        .route("/v1/check", post(check))
        .route("/v1/similar", post(similar))
        .route("/v1/documents", post(add_documents))
        .route(
            "/v1/documents/{*id}",
            get(get_document).delete(delete_document),
        )
        .route("/v1/tasks/{task}", get(get_task))
        .with_state(app)
}

/// Schema names of the service's own JSON answers.
pub const HEALTH: &str = "chachong.serve.health/1";
pub const STATS: &str = "chachong.serve.stats/1";
pub const TASK: &str = "chachong.serve.task/1";
pub const DOCUMENT: &str = "chachong.serve.document/1";
pub const SIMILAR: &str = "chachong.serve.similar/1";

/// `value` under the envelope of `schema`, as the CLI writes JSON.
fn json<T: Serialize>(status: StatusCode, schema: &'static str, value: &T) -> Response {
    match schema::to_json(schema, value) {
        Ok(s) => (status, [(header::CONTENT_TYPE, "application/json")], s).into_response(),
        Err(e) => ApiError::internal(format!("encoding JSON: {e}")).into_response(),
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Empty => ApiError::new(StatusCode::CONFLICT, "empty index", e.to_string()),
            StoreError::Index(e) => ApiError::internal(e.to_string()),
        }
    }
}

impl App {
    /// Runs `f` on a blocking thread under a CPU permit; 503 at once when
    /// every permit is taken.
    async fn cpu<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = self.cpu.clone().try_acquire_owned().map_err(|_| {
            ApiError::unavailable(
                "busy",
                "the service is at its bound of concurrent work; try again shortly",
                1,
            )
        })?;
        let delay = self.delay;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            if !delay.is_zero() {
                std::thread::sleep(delay);
            }
            f()
        })
        .await
        .map_err(|e| ApiError::internal(format!("a worker failed: {e}")))?
    }
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> Response {
    json(StatusCode::OK, HEALTH, &Health { status: "ok" })
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        super::openapi(),
    )
        .into_response()
}

async fn stats(State(app): Shared, headers: HeaderMap) -> Result<Response, ApiError> {
    app.tokens.authorize(&headers, Access::Read)?;
    let store = app.store.clone();
    let stats = app.cpu(move || Ok(store.stats()?)).await?;
    Ok(json(StatusCode::OK, STATS, &stats))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckQuery {
    format: Option<String>,
    lang: Option<String>,
}

async fn check(
    State(app): Shared,
    headers: HeaderMap,
    Query(q): Query<CheckQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    app.tokens.authorize(&headers, Access::Read)?;
    let html = match q.format.as_deref() {
        None | Some("json") => false,
        Some("html") => true,
        Some(other) => {
            return Err(ApiError::bad_request(
                "bad query",
                format!(
                    "format={:?}: expected json or html",
                    crate::safe::terminal(other)
                ),
            ));
        }
    };
    let lang = match q.lang.as_deref() {
        None | Some("zh") => Lang::Zh,
        Some("en") => Lang::En,
        Some(other) => {
            return Err(ApiError::bad_request(
                "bad query",
                format!("lang={:?}: expected zh or en", crate::safe::terminal(other)),
            ));
        }
    };
    let max_chars = app.max_draft_chars;
    let store = app.store.clone();
    app.cpu(move || {
        let mut req: CheckRequest = request::parse_json(&body)?;
        let params = req.params()?;
        let draft = req.draft(max_chars)?;
        let rewrites = req.rewrites;
        let text = draft.text.clone();
        let seg = rewrites.then(Segmenter::shared);
        let report = store.check(draft, seg, &params)?;
        if html {
            let page = page::render(&report, &text, lang, None);
            return Ok((
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                page,
            )
                .into_response());
        }
        let documents = report.index.documents;
        let reports = [report];
        let output = CheckOutput {
            drafts: &reports,
            settings: Settings::new(
                store.path().display().to_string(),
                documents,
                &params,
                rewrites,
            ),
        };
        Ok(json(StatusCode::OK, schema::CHECK, &output))
    })
    .await
}

#[derive(Serialize)]
struct SimilarOut<'a> {
    id: Option<&'a str>,
    limit: usize,
    results: Vec<super::store::Similar>,
}

async fn similar(
    State(app): Shared,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    app.tokens.authorize(&headers, Access::Read)?;
    let req: SimilarRequest = request::parse_json(&body)?;
    let limit = req.limit.unwrap_or(request::DEFAULT_SIMILAR);
    if !(1..=request::MAX_SIMILAR).contains(&limit) {
        return Err(ApiError::bad_request(
            "bad settings",
            format!("limit must be 1 to {}, not {limit}", request::MAX_SIMILAR),
        ));
    }
    let max_chars = app.max_draft_chars;
    let store = app.store.clone();
    let id = req.id.clone();
    let results = app
        .cpu(move || {
            let query = match (req.text, req.id) {
                (Some(text), None) => CheckRequest {
                    text: Some(text),
                    ..CheckRequest::default()
                }
                .draft(max_chars)?,
                (None, Some(id)) => store.document(&id)?.ok_or_else(|| {
                    ApiError::not_found(format!(
                        "no document with the id {:?}",
                        crate::safe::terminal(&id)
                    ))
                })?,
                _ => {
                    return Err(ApiError::bad_request(
                        "bad query",
                        "give exactly one of `text` and `id`",
                    ));
                }
            };
            Ok(store.similar(query, limit)?)
        })
        .await?;
    Ok(json(
        StatusCode::OK,
        SIMILAR,
        &SimilarOut {
            id: id.as_deref(),
            limit,
            results,
        },
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WriteQuery {
    wait: Option<bool>,
}

/// 202 with the task, or with `wait`, 200 with the finished task.
async fn submit(app: &App, work: Work, wait: bool) -> Result<Response, ApiError> {
    let view = app.tasks.enqueue(work)?;
    if !wait {
        return Ok(json(StatusCode::ACCEPTED, TASK, &view));
    }
    match app.tasks.wait(view.task).await {
        Some(done) if done.status == Status::Succeeded || done.status == Status::Failed => {
            Ok(json(StatusCode::OK, TASK, &done))
        }
        _ => Err(ApiError::internal(format!(
            "task {} did not finish: the writer stopped",
            view.task
        ))),
    }
}

async fn add_documents(
    State(app): Shared,
    headers: HeaderMap,
    Query(q): Query<WriteQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    app.tokens.authorize(&headers, Access::Write)?;
    let format = BatchFormat::of(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
    )?;
    let docs = app.cpu(move || request::documents(&body, format)).await?;
    submit(&app, Work::Upsert(docs), q.wait.unwrap_or(false)).await
}

async fn delete_document(
    State(app): Shared,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<WriteQuery>,
) -> Result<Response, ApiError> {
    app.tokens.authorize(&headers, Access::Write)?;
    submit(&app, Work::Delete(id), q.wait.unwrap_or(false)).await
}

async fn get_document(
    State(app): Shared,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    app.tokens.authorize(&headers, Access::Read)?;
    let store = app.store.clone();
    let shown = crate::safe::terminal(&id).into_owned();
    let doc = app.cpu(move || Ok(store.document(&id)?)).await?;
    match doc {
        Some(doc) => Ok(json(StatusCode::OK, DOCUMENT, &doc)),
        None => Err(ApiError::not_found(format!(
            "no document with the id {shown:?}"
        ))),
    }
}

async fn get_task(
    State(app): Shared,
    headers: HeaderMap,
    Path(task): Path<String>,
) -> Result<Response, ApiError> {
    app.tokens.authorize(&headers, Access::Read)?;
    let view = task.parse::<u64>().ok().and_then(|t| app.tasks.get(t));
    match view {
        Some(v) => Ok(json(StatusCode::OK, TASK, &v)),
        None => Err(ApiError::not_found(format!(
            "no task {:?} (task states are kept in memory until the service restarts)",
            crate::safe::terminal(&task)
        ))),
    }
}
