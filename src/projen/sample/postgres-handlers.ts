/*
 * The PostgreSQL variant's handlers, model and metrics. The answers are the
 * task-service fixture's (test/engine/fixtures/task-service/README.md):
 * `/health` 200 "degraded" while the database is down (so neither Docker nor
 * ECS replaces a task during a failover), the task routes 503.
 */

/** `src/handlers/mod.rs`. @internal */
export const PG_HANDLERS_MOD = `//! HTTP handlers.
pub mod tasks;

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::metrics::CONTENT_TYPE;
use crate::AppState;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    service: &'static str,
    database: &'static str,
}

/// \`GET /health\`: 200 while the service answers requests, "degraded" while
/// the database cannot be reached (a restart of the service would not help).
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let up = state.database.is_up().await;
    state.metrics.set_database_up(up);
    HttpResponse::Ok().json(Health {
        status: if up { "healthy" } else { "degraded" },
        service: env!("CARGO_PKG_NAME"),
        database: if up { "ok" } else { "unavailable" },
    })
}

/// \`GET /metrics\`: Prometheus text format, which the local stack's Prometheus
/// and the collector on AWS scrape.
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .body(state.metrics.render())
}
`;

/** `src/handlers/tasks.rs`. @internal */
export const PG_TASK_HANDLERS = `//! \`/api/tasks\`: list and create tasks in the database.
use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::db::DatabaseError;
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

/// 503 while the database cannot be reached, 500 when it refused the query.
fn failed(error: DatabaseError) -> HttpResponse {
    match error {
        DatabaseError::Unavailable => HttpResponse::ServiceUnavailable().json(ApiError {
            error: "database unavailable",
        }),
        DatabaseError::Failed => HttpResponse::InternalServerError().json(ApiError {
            error: "database error",
        }),
    }
}

/// \`GET /api/tasks\`: every task and how many there are.
pub async fn list_tasks(state: web::Data<AppState>) -> HttpResponse {
    match state.database.list_tasks().await {
        Ok(tasks) => {
            let total = tasks.len();
            HttpResponse::Ok().json(TaskList { tasks, total })
        }
        Err(error) => failed(error),
    }
}

/// \`POST /api/tasks\` with \`{"title": "..."}\`: 201 and the new task; 400 for a
/// title that is empty or longer than 200 characters.
pub async fn create_task(state: web::Data<AppState>, body: web::Json<NewTask>) -> HttpResponse {
    let title = body.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return HttpResponse::BadRequest().json(ApiError {
            error: "title must have 1 to 200 characters",
        });
    }
    match state.database.create_task(title).await {
        Ok(task) => HttpResponse::Created().json(task),
        Err(error) => failed(error),
    }
}
`;

/** `src/models/task.rs`. @internal */
export const PG_TASK_MODEL = `//! A task and the body that creates one.
use serde::{Deserialize, Serialize};

/// A row of \`tasks\`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: i64,
    pub title: String,
    pub done: bool,
}

/// Body of \`POST /api/tasks\`.
#[derive(Debug, Deserialize)]
pub struct NewTask {
    pub title: String,
}
`;

/** `src/metrics.rs`. @internal */
export const PG_METRICS = `//! Prometheus text exposition format 0.0.4, written by hand: requests by
//! method, route template and status, their durations, whether the database
//! answered the last health check, and the start time. Labels never carry a
//! raw path or an unknown method, so clients cannot grow the number of series.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What \`/metrics\` answers with: Prometheus 3 refuses a scrape without it.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Upper bounds (seconds) of the duration histogram's buckets.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];
const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Series {
    requests: BTreeMap<(String, String, u16), u64>,
    durations: BTreeMap<(String, String), Histogram>,
    database_up: Option<bool>,
}

/// The service's metrics, shared by every worker.
pub struct Metrics {
    series: Mutex<Series>,
    started: f64,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|since| since.as_secs_f64())
            .unwrap_or_default();
        Metrics {
            series: Mutex::new(Series::default()),
            started,
        }
    }

    /// Counts one answer.
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let method = if METHODS.contains(&method) {
            method
        } else {
            "other"
        };
        let mut series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        *series
            .requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        let histogram = series
            .durations
            .entry((method.to_string(), route.to_string()))
            .or_default();
        let seconds = elapsed.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                histogram.buckets[i] += 1;
            }
        }
        histogram.count += 1;
        histogram.sum += seconds;
    }

    /// Records the outcome of the last health check.
    pub fn set_database_up(&self, up: bool) {
        self.series
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .database_up = Some(up);
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        let series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        out.push_str("# HELP http_requests_total HTTP requests answered.\\n");
        out.push_str("# TYPE http_requests_total counter\\n");
        for ((method, route, status), count) in &series.requests {
            let labels = format!("method=\\"{method}\\",route=\\"{}\\"", escape(route));
            let _ = writeln!(
                out,
                "http_requests_total{{{labels},status=\\"{status}\\"}} {count}"
            );
        }
        out.push_str("# HELP http_request_duration_seconds Time to answer HTTP requests.\\n");
        out.push_str("# TYPE http_request_duration_seconds histogram\\n");
        for ((method, route), histogram) in &series.durations {
            let labels = format!("method=\\"{method}\\",route=\\"{}\\"", escape(route));
            for (bound, count) in BUCKETS.iter().zip(histogram.buckets) {
                let _ = writeln!(
                    out,
                    "http_request_duration_seconds_bucket{{{labels},le=\\"{bound}\\"}} {count}"
                );
            }
            let count = histogram.count;
            let _ = writeln!(
                out,
                "http_request_duration_seconds_bucket{{{labels},le=\\"+Inf\\"}} {count}"
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_sum{{{labels}}} {}",
                histogram.sum
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_count{{{labels}}} {count}"
            );
        }
        if let Some(up) = series.database_up {
            out.push_str(
                "# HELP database_up Whether the database answered the last health check.\\n",
            );
            out.push_str("# TYPE database_up gauge\\n");
            let _ = writeln!(out, "database_up {}", u8::from(up));
        }
        out.push_str(
            "# HELP process_start_time_seconds Start time of the process since the Unix epoch.\\n",
        );
        out.push_str("# TYPE process_start_time_seconds gauge\\n");
        let _ = writeln!(out, "process_start_time_seconds {}", self.started);
        out
    }
}

/// A label value as the exposition format quotes it.
fn escape(value: &str) -> String {
    value
        .replace('\\\\', "\\\\\\\\")
        .replace('"', "\\\\\\"")
        .replace('\\n', "\\\\n")
}
`;
