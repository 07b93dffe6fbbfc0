//! A small in-memory task API: `GET /health`, `GET /api/tasks`, `POST /api/tasks`.

pub mod handlers;
pub mod models;

use actix_web::web;

/// Registers every route; `main` and the tests share it.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(handlers::health::health))
        .service(
            web::scope("/api").service(
                web::resource("/tasks")
                    .route(web::get().to(handlers::tasks::list))
                    .route(web::post().to(handlers::tasks::create)),
            ),
        );
}
