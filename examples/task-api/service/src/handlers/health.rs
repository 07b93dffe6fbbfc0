use actix_web::HttpResponse;
use serde::Serialize;

/// Body of `GET /health`.
#[derive(Debug, Serialize)]
pub struct HealthResponse {
    pub status: &'static str,
    pub service: &'static str,
}

/// `GET /health`: answers 200 while the process serves requests.
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(HealthResponse {
        status: "healthy",
        service: "task-api",
    })
}

#[cfg(test)]
mod tests {
    use actix_web::{test, App};
    use serde_json::{json, Value};

    use crate::configure;

    #[actix_web::test]
    async fn reports_healthy() {
        let app = test::init_service(App::new().configure(configure)).await;
        let request = test::TestRequest::get().uri("/health").to_request();
        let body: Value = test::call_and_read_body_json(&app, request).await;
        assert_eq!(body, json!({ "status": "healthy", "service": "task-api" }));
    }
}
