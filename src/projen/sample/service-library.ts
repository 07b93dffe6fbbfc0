/**
 * The routes of the sample task API, as the engine test fixture
 * (test/engine/fixtures/task-api) serves them too.
 */
export const TASK_API_ROUTES: ReadonlyArray<readonly [method: string, path: string]> = [
  ['GET', '/health'],
  ['GET', '/api/tasks'],
  ['POST', '/api/tasks'],
];

/** The sample `src/lib.rs`: state, route table and endpoint tests. @internal */
export function librarySample(): string {
  return `//! The task API: routes, handlers and models. \`main\` serves them; the tests
//! below call the same route table without a network.
pub mod handlers;
pub mod models;

use std::sync::Mutex;

use actix_web::web;
use models::task::Task;

/// State shared by the workers: the in-memory task store.
#[derive(Debug, Default)]
pub struct AppState {
    pub tasks: Mutex<Vec<Task>>,
}

/// The routes: \`GET /health\`, \`GET /api/tasks\` and \`POST /api/tasks\`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(handlers::health))
        .route("/api/tasks", web::get().to(handlers::tasks::list_tasks))
        .route("/api/tasks", web::post().to(handlers::tasks::create_task));
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::StatusCode;
    use actix_web::{test, App};
    use serde_json::{json, Value};

    #[actix_web::test]
    async fn health_reports_the_service() {
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(AppState::default()))
                .configure(configure),
        )
        .await;
        let request = test::TestRequest::get().uri("/health").to_request();
        let body: Value = test::call_and_read_body_json(&app, request).await;
        assert_eq!(body["status"], "healthy");
        assert_eq!(body["service"], env!("CARGO_PKG_NAME"));
    }

    #[actix_web::test]
    async fn lists_no_tasks_at_first() {
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(AppState::default()))
                .configure(configure),
        )
        .await;
        let request = test::TestRequest::get().uri("/api/tasks").to_request();
        let body: Value = test::call_and_read_body_json(&app, request).await;
        assert_eq!(body, json!({"tasks": [], "total": 0}));
    }

    #[actix_web::test]
    async fn creates_a_task_and_lists_it() {
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(AppState::default()))
                .configure(configure),
        )
        .await;
        let request = test::TestRequest::post()
            .uri("/api/tasks")
            .set_json(json!({"title": "write tests"}))
            .to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let task: Value = test::read_body_json(response).await;
        assert_eq!(
            task,
            json!({"id": 1, "title": "write tests", "done": false})
        );

        let request = test::TestRequest::get().uri("/api/tasks").to_request();
        let body: Value = test::call_and_read_body_json(&app, request).await;
        assert_eq!(body, json!({"tasks": [task], "total": 1}));
    }

    #[actix_web::test]
    async fn rejects_an_empty_title() {
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(AppState::default()))
                .configure(configure),
        )
        .await;
        let request = test::TestRequest::post()
            .uri("/api/tasks")
            .set_json(json!({"title": "  "}))
            .to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
}
`;
}
