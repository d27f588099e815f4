//! `chachong serve`: the pre-publish gate as an HTTP service over an index.
//!
//! Takes a [`ServeConfig`] (the index, the address, tokens and limits) and
//! serves until SIGTERM or Ctrl-C ([`run`]). The index is reached only
//! through [`store::Store`]; writes are tasks a single writer commits in
//! order ([`tasks`]); requests are read in [`request`], answered in
//! [`routes`], refused with JSON errors ([`error`]) and let in by bearer
//! token ([`auth`]). The OpenAPI 3.1 description is `schemas/openapi.json`,
//! served at `/openapi.json`.
//!
//! Safe by default: without tokens the service binds only to a loopback
//! address; request bodies are limited (413), drafts too (413); each
//! request has a time limit (503); CPU work runs on blocking threads under
//! a bound (`max_concurrent`), and a request finding it full is answered
//! 503 with `Retry-After` at once; a panic in a handler is a logged 500,
//! never a dropped connection.
//!
//! Shutdown (SIGTERM, Ctrl-C): the task queue is closed first (writes are
//! then 503), the server stops accepting connections and finishes the
//! requests in flight, the writer commits every task already queued, and
//! [`run`] returns. A task reported `succeeded` was committed and fsynced
//! before it was reported, so a crash after that loses nothing.

pub mod auth;
pub mod error;
pub mod request;
pub mod routes;
pub mod store;
pub mod tasks;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use auth::Tokens;
use error::ApiError;
use routes::App;
use store::Store;

/// The OpenAPI description of the service as written, its `CheckResult`
/// schema a placeholder; [`openapi`] gives the document served.
pub const OPENAPI_TEMPLATE: &str = include_str!("../../schemas/openapi.json");
/// The JSON Schema of `chachong check --format json`.
pub const CHECK_SCHEMA: &str = include_str!("../../schemas/check.schema.json");

/// The OpenAPI document served at `/openapi.json`: the template with
/// `schemas/check.schema.json` as its `CheckResult` schema (its `$id` and
/// `$schema` dropped, its `#/$defs/...` references rewritten to point into
/// the document), so the check's body is described once.
pub fn openapi() -> &'static str {
    static DOC: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        build_openapi().unwrap_or_else(|e| {
            tracing::error!(error = %e, "the embedded OpenAPI document does not parse");
            OPENAPI_TEMPLATE.to_string()
        })
    });
    &DOC
}

fn build_openapi() -> Result<String, serde_json::Error> {
    let at = "#/components/schemas/CheckResult/$defs/";
    let check = CHECK_SCHEMA.replace("\"#/$defs/", &format!("\"{at}"));
    let mut check: serde_json::Value = serde_json::from_str(&check)?;
    if let Some(obj) = check.as_object_mut() {
        obj.remove("$schema");
        obj.remove("$id");
    }
    let mut doc: serde_json::Value = serde_json::from_str(OPENAPI_TEMPLATE)?;
    doc["components"]["schemas"]["CheckResult"] = check;
    let mut s = serde_json::to_string_pretty(&doc)?;
    s.push('\n');
    Ok(s)
}

/// How the service runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub index: PathBuf,
    pub addr: SocketAddr,
    pub tokens: Tokens,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Largest draft, in characters.
    pub max_draft_chars: usize,
    /// Time limit of one request.
    pub timeout: Duration,
    /// CPU jobs at once.
    pub max_concurrent: usize,
    /// Sleep inside every CPU job and task (for tests; zero otherwise).
    pub test_delay: Duration,
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "refusing to listen on {addr}, which is not a loopback address, without tokens: give --tokens FILE or set CHACHONG_READ_TOKEN / CHACHONG_WRITE_TOKEN"
    )]
    OpenWithoutTokens { addr: SocketAddr },
    #[error("{what} must be at least 1")]
    Zero { what: &'static str },
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    #[error("cannot listen on {addr}: {err}")]
    Bind {
        addr: SocketAddr,
        err: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl ServeConfig {
    fn validate(&self) -> Result<(), ServeError> {
        if !self.addr.ip().is_loopback() && self.tokens.is_empty() {
            return Err(ServeError::OpenWithoutTokens { addr: self.addr });
        }
        for (what, n) in [
            ("--max-body", self.max_body),
            ("--max-draft-chars", self.max_draft_chars),
            ("--max-concurrent", self.max_concurrent),
        ] {
            if n == 0 {
                return Err(ServeError::Zero { what });
            }
        }
        if self.timeout.is_zero() {
            return Err(ServeError::Zero { what: "--timeout" });
        }
        Ok(())
    }
}

/// Serves until SIGTERM or Ctrl-C, printing `listening on http://ADDR` on
/// stdout once bound; returns when the requests in flight are answered and
/// the queued tasks committed.
pub fn run(config: ServeConfig) -> Result<(), ServeError> {
    config.validate()?;
    let store = Arc::new(Store::open(&config.index)?);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(config, store))
}

async fn serve(config: ServeConfig, store: Arc<Store>) -> Result<(), ServeError> {
    let (tasks, rx) = tasks::Tasks::new();
    let writer = tokio::spawn(tasks::run_writer(
        tasks.clone(),
        rx,
        store.clone(),
        config.test_delay,
    ));
    // Load the dictionary before the first write needs it.
    tokio::task::spawn_blocking(crate::segment::Segmenter::shared);
    // Segments merge beside the writer; never joined, since a merge cut
    // short by exiting loses nothing.
    let _merger = store.start_merger();
    let merging = store.clone();
    let app = Arc::new(App {
        store,
        tasks: tasks.clone(),
        tokens: config.tokens.clone(),
        cpu: Arc::new(Semaphore::new(config.max_concurrent)),
        max_draft_chars: config.max_draft_chars,
        delay: config.test_delay,
    });
    let timeout = config.timeout;
    let router = routes::router(app)
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(config.max_body))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            time_limit(timeout, req, next)
        }))
        .layer(middleware::map_response(error::json_errors))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http());
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|err| ServeError::Bind {
            addr: config.addr,
            err,
        })?;
    let bound = listener.local_addr()?;
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{bound}")?;
        out.flush()?;
    }
    tracing::info!(%bound, "listening");
    let closing = tasks.clone();
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            tracing::info!("shutting down: no more writes; finishing queued tasks and requests");
            closing.close();
        })
        .await?;
    // Requests are answered; the queue is closed: the writer finishes the
    // tasks still queued and stops.
    tasks.close();
    let _ = writer.await;
    merging.stop_merger();
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Answers 503 when the request takes longer than `limit`. The CPU job it
/// started, if any, finishes on its thread and keeps its permit until then,
/// so timed-out work still counts against the bound.
async fn time_limit(limit: Duration, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::unavailable(
            "timeout",
            format!(
                "the request took longer than {}",
                humantime::format_duration(limit)
            ),
            1,
        )
        .into_response(),
    }
}

/// A panic in a handler: logged, answered 500.
fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    ApiError::internal(format!("a bug: the handler panicked ({what})")).into_response()
}
