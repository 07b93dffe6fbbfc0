use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::models::task::{NewTask, Task, TaskStore};

/// Body of `GET /api/tasks`.
#[derive(Debug, Serialize)]
pub struct TasksResponse {
    pub tasks: Vec<Task>,
    pub total: usize,
}

/// Body of a rejected request.
#[derive(Debug, Serialize)]
pub struct ErrorResponse {
    pub error: &'static str,
}

/// `GET /api/tasks`: every task, oldest first.
pub async fn list(store: web::Data<TaskStore>) -> HttpResponse {
    let tasks = store.list();
    HttpResponse::Ok().json(TasksResponse {
        total: tasks.len(),
        tasks,
    })
}

/// `POST /api/tasks` with `{"title": "..."}`: 201 and the new task.
pub async fn create(store: web::Data<TaskStore>, body: web::Json<NewTask>) -> HttpResponse {
    let title = body.into_inner().title.trim().to_owned();
    if title.is_empty() {
        return HttpResponse::BadRequest().json(ErrorResponse {
            error: "title must not be empty",
        });
    }
    HttpResponse::Created().json(store.create(title))
}

#[cfg(test)]
mod tests {
    use actix_web::http::StatusCode;
    use actix_web::{test, web, App};
    use serde_json::{json, Value};

    use crate::configure;
    use crate::models::task::TaskStore;

    #[actix_web::test]
    async fn creates_and_lists_tasks() {
        let store = web::Data::new(TaskStore::default());
        let app = test::init_service(App::new().app_data(store).configure(configure)).await;

        let empty: Value = test::call_and_read_body_json(
            &app,
            test::TestRequest::get().uri("/api/tasks").to_request(),
        )
        .await;
        assert_eq!(empty, json!({ "tasks": [], "total": 0 }));

        let request = test::TestRequest::post()
            .uri("/api/tasks")
            .set_json(json!({ "title": "Write the Dockerfile" }))
            .to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let created: Value = test::read_body_json(response).await;
        assert_eq!(
            created,
            json!({ "id": 1, "title": "Write the Dockerfile", "done": false })
        );

        let listed: Value = test::call_and_read_body_json(
            &app,
            test::TestRequest::get().uri("/api/tasks").to_request(),
        )
        .await;
        assert_eq!(listed["total"], 1);
        assert_eq!(listed["tasks"][0], created);
    }

    #[actix_web::test]
    async fn rejects_an_empty_title() {
        let store = web::Data::new(TaskStore::default());
        let app = test::init_service(App::new().app_data(store).configure(configure)).await;
        let request = test::TestRequest::post()
            .uri("/api/tasks")
            .set_json(json!({ "title": "  " }))
            .to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
}
