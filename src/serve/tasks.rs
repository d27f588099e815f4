//! Writes as tasks: one writer processes them in order, one commit each.
//!
//! Takes upserts (documents read from a request) and deletes (an id), gives
//! each a task number at once ([`Tasks::enqueue`]) and its state as it
//! goes: `enqueued`, `processing`, `succeeded` with the [`Committed`]
//! counts, or `failed` with the reason. The queue is bounded
//! ([`MAX_QUEUED`]; a full queue is a 503, never an unbounded backlog).
//! [`Tasks::close`] stops new tasks (503) and lets the writer finish the
//! queued ones; a task reported `succeeded` was committed and fsynced.
//! Task states live in memory: a restarted service starts with none (the
//! documents themselves are in the index).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio::sync::{mpsc, watch};

use crate::corpus::Document;
use crate::segment::Segmenter;

use super::error::ApiError;
use super::store::{Committed, Store};

/// Most tasks waiting for the writer.
pub const MAX_QUEUED: usize = 256;
/// Finished tasks whose state is kept (the oldest are forgotten first).
pub const KEEP_FINISHED: usize = 10_000;

/// A write.
#[derive(Debug)]
pub enum Work {
    Upsert(Vec<Document>),
    Delete(String),
}

/// Where a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Enqueued,
    Processing,
    Succeeded,
    Failed,
}

/// A task as `GET /v1/tasks/{id}` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskView {
    pub task: u64,
    /// `upsert` or `delete`.
    pub kind: &'static str,
    pub status: Status,
    /// Documents upserted, or 1 for a delete.
    pub documents: usize,
    /// What the commit did, once succeeded.
    pub result: Option<Committed>,
    /// Why it failed, once failed.
    pub error: Option<String>,
}

struct Inner {
    next: u64,
    views: BTreeMap<u64, TaskView>,
    sender: Option<mpsc::Sender<(u64, Work)>>,
}

/// The task queue and the states of its tasks.
pub struct Tasks {
    inner: Mutex<Inner>,
    finished: watch::Sender<u64>,
}

impl Tasks {
    /// A queue and the receiving end its writer ([`run_writer`]) takes.
    pub fn new() -> (Arc<Tasks>, mpsc::Receiver<(u64, Work)>) {
        let (tx, rx) = mpsc::channel(MAX_QUEUED);
        let tasks = Tasks {
            inner: Mutex::new(Inner {
                next: 1,
                views: BTreeMap::new(),
                sender: Some(tx),
            }),
            finished: watch::Sender::new(0),
        };
        (Arc::new(tasks), rx)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues a write and gives its task as enqueued; 503 when the queue is
    /// full or the service is shutting down.
    pub fn enqueue(&self, work: Work) -> Result<TaskView, ApiError> {
        let mut inner = self.lock();
        let Some(sender) = inner.sender.clone() else {
            return Err(ApiError::unavailable(
                "shutting down",
                "the service is shutting down and takes no more writes",
                5,
            ));
        };
        let task = inner.next;
        let view = TaskView {
            task,
            kind: match work {
                Work::Upsert(_) => "upsert",
                Work::Delete(_) => "delete",
            },
            status: Status::Enqueued,
            documents: match &work {
                Work::Upsert(d) => d.len(),
                Work::Delete(_) => 1,
            },
            result: None,
            error: None,
        };
        sender.try_send((task, work)).map_err(|_| {
            ApiError::unavailable(
                "busy",
                format!("{MAX_QUEUED} write tasks are queued; try again later"),
                1,
            )
        })?;
        inner.next += 1;
        inner.views.insert(task, view.clone());
        Ok(view)
    }

    /// The task's state, if known.
    pub fn get(&self, task: u64) -> Option<TaskView> {
        self.lock().views.get(&task).cloned()
    }

    /// Waits until the task has finished and gives its state.
    pub async fn wait(&self, task: u64) -> Option<TaskView> {
        let mut rx = self.finished.subscribe();
        // Tasks finish in order: `task` is done once the last finished is
        // at least it. An error means the writer is gone.
        let _ = rx.wait_for(|&done| done >= task).await;
        self.get(task)
    }

    /// Stops new tasks; the writer finishes the queued ones, then stops.
    pub fn close(&self) {
        self.lock().sender = None;
    }

    fn set(&self, task: u64, f: impl FnOnce(&mut TaskView)) {
        let mut inner = self.lock();
        if let Some(v) = inner.views.get_mut(&task) {
            f(v);
        }
    }

    fn finish(&self, task: u64, result: Result<Committed, String>) {
        {
            let mut inner = self.lock();
            if let Some(v) = inner.views.get_mut(&task) {
                match result {
                    Ok(c) => {
                        v.status = Status::Succeeded;
                        v.result = Some(c);
                    }
                    Err(e) => {
                        v.status = Status::Failed;
                        v.error = Some(e);
                    }
                }
            }
            while inner.views.len() > KEEP_FINISHED + MAX_QUEUED {
                inner.views.pop_first();
            }
        }
        self.finished.send_replace(task);
    }
}

/// The writer: takes tasks in order and commits each (analysis and commit
/// on a blocking thread), until the queue is closed and empty. A task that
/// fails (the index could not be written) is marked failed with the reason
/// and the writer goes on.
pub async fn run_writer(
    tasks: Arc<Tasks>,
    mut rx: mpsc::Receiver<(u64, Work)>,
    store: Arc<Store>,
    delay: std::time::Duration,
) {
    while let Some((task, work)) = rx.recv().await {
        tasks.set(task, |v| v.status = Status::Processing);
        let store = store.clone();
        let done = tokio::task::spawn_blocking(move || {
            if !delay.is_zero() {
                std::thread::sleep(delay);
            }
            let (upserts, deletes) = match work {
                Work::Upsert(docs) => {
                    let seg = Segmenter::shared();
                    let analyzed = docs.into_iter().map(|d| store.analyze(d, seg)).collect();
                    (analyzed, Vec::new())
                }
                Work::Delete(id) => (Vec::new(), vec![id]),
            };
            store.commit(upserts, deletes).map_err(|e| e.to_string())
        })
        .await;
        let result = match done {
            Ok(r) => r,
            Err(e) => Err(format!("the writer failed: {e}")),
        };
        match &result {
            Ok(c) => tracing::info!(task, documents = c.documents, "task succeeded"),
            Err(e) => tracing::error!(task, error = %e, "task failed"),
        }
        tasks.finish(task, result);
    }
}
