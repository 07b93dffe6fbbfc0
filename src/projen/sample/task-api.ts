// The sample's handlers and models (src/handlers, src/models); the JSON
// shapes match the engine test fixture's.

/** `src/handlers/mod.rs`. @internal */
export const HANDLERS_MOD = `//! HTTP handlers.
pub mod tasks;

use actix_web::HttpResponse;
use serde::Serialize;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    service: &'static str,
}

/// \`GET /health\`: 200 while the service answers requests.
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "healthy",
        service: env!("CARGO_PKG_NAME"),
    })
}
`;

/** `src/handlers/tasks.rs`. @internal */
export const TASK_HANDLERS = `//! \`/api/tasks\`: list and create tasks in the in-memory store.
use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::models::task::{NewTask, Task};
use crate::AppState;

#[derive(Serialize)]
struct TaskList {
    tasks: Vec<Task>,
    total: usize,
}

#[derive(Serialize)]
struct ApiError {
    error: &'static str,
}

/// \`GET /api/tasks\`: every task and how many there are.
pub async fn list_tasks(state: web::Data<AppState>) -> HttpResponse {
    let tasks = state.tasks.lock().expect("task store lock").clone();
    let total = tasks.len();
    HttpResponse::Ok().json(TaskList { tasks, total })
}

/// \`POST /api/tasks\` with \`{"title": "..."}\`: 201 and the new task, 400 for an empty title.
pub async fn create_task(state: web::Data<AppState>, body: web::Json<NewTask>) -> HttpResponse {
    let title = body.title.trim();
    if title.is_empty() {
        return HttpResponse::BadRequest().json(ApiError {
            error: "title must not be empty",
        });
    }
    let mut tasks = state.tasks.lock().expect("task store lock");
    let task = Task::new(tasks.len() as u64 + 1, title);
    tasks.push(task.clone());
    HttpResponse::Created().json(task)
}
`;

/** `src/models/mod.rs`. @internal */
export const MODELS_MOD = `//! Data models.
pub mod task;
`;

/** `src/models/task.rs`. @internal */
export const TASK_MODEL = `//! A task and the body that creates one.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: u64,
    pub title: String,
    pub done: bool,
}

impl Task {
    /// A new, open task.
    pub fn new(id: u64, title: &str) -> Self {
        Task {
            id,
            title: title.to_string(),
            done: false,
        }
    }
}

/// Body of \`POST /api/tasks\`.
#[derive(Debug, Deserialize)]
pub struct NewTask {
    pub title: String,
}
`;
