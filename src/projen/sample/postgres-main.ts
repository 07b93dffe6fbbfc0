import { ResolvedServiceOptions } from '../rust-service-options';
import { globalAllocator } from './service-main';

/*
 * The PostgreSQL variant of the sample crate (`--database postgres`): its
 * `src/main.rs` (serve, or `migrate`) and `src/lib.rs`. Modelled on the
 * engine tests' task-service fixture (test/engine/fixtures/task-service),
 * which runs the same logic against a real PostgreSQL. The unit tests
 * format this Rust; scripts/check-sample.sh compiles it (Debian's crates,
 * not in CI).
 */

/** `src/main.rs`: `<binary>` serves, `<binary> migrate` applies the migrations and exits. @internal */
export function postgresMainSample(options: ResolvedServiceOptions): string {
  return [
    `//! ${options.binaryName}: serves the task API of the \`${options.libraryName}\` library, or`,
    '//! (`migrate`) applies its database migrations and exits.',
    'use std::net::Ipv4Addr;',
    'use std::process::ExitCode;',
    'use std::time::Instant;',
    '',
    'use actix_web::dev::Service as _;',
    'use actix_web::{rt, web, App, HttpServer};',
    '',
    `use ${options.libraryName}::db::{migrate, Database, Settings};`,
    `use ${options.libraryName}::{configure, AppState};`,
    '',
    ...globalAllocator(options.allocator),
    '/// Port used when `PORT` is not set; the images set `PORT` to the same value.',
    `const DEFAULT_PORT: u16 = ${options.port};`,
    '',
    'fn main() -> ExitCode {',
    '    // PG* variables, as libpq reads them: ECS sets them from the database secret,',
    '    // the local stack (compose.yaml) to its own PostgreSQL.',
    '    let settings = match Settings::from_env() {',
    '        Ok(settings) => settings,',
    '        Err(error) => {',
    '            eprintln!("{error}");',
    '            return ExitCode::FAILURE;',
    '        }',
    '    };',
    '    match std::env::args().nth(1).as_deref() {',
    '        None => serve(settings),',
    '        Some("migrate") => rt::System::new().block_on(run_migrations(settings)),',
    '        Some(other) => {',
    '            eprintln!(',
    '                "unknown command {other:?}; usage: {} [migrate]",',
    '                env!("CARGO_BIN_NAME")',
    '            );',
    '            ExitCode::from(2)',
    '        }',
    '    }',
    '}',
    '',
    '/// The one-shot that runs before the service starts (a container that must',
    '/// succeed on ECS, a compose service locally): exit 0, or 1 with the error.',
    'async fn run_migrations(settings: Settings) -> ExitCode {',
    '    let mut client = match settings.connect().await {',
    '        Ok(client) => client,',
    '        Err(error) => {',
    '            eprintln!("cannot connect to the database: {error}");',
    '            return ExitCode::FAILURE;',
    '        }',
    '    };',
    '    match migrate::run(&mut client).await {',
    '        Ok(report) => {',
    '            println!(',
    '                "migrations: applied {}, already applied {}",',
    '                report.applied, report.already',
    '            );',
    '            ExitCode::SUCCESS',
    '        }',
    '        Err(error) => {',
    '            eprintln!("{error}");',
    '            ExitCode::FAILURE',
    '        }',
    '    }',
    '}',
    '',
    'fn serve(settings: Settings) -> ExitCode {',
    '    let port = std::env::var("PORT")',
    '        .ok()',
    '        .and_then(|value| value.parse().ok())',
    '        .unwrap_or(DEFAULT_PORT);',
    '    let result = rt::System::new().block_on(async move {',
    '        // A database that cannot be reached does not stop the service: /health',
    '        // says "degraded" and the task routes answer 503 until it is back.',
    '        let state = web::Data::new(AppState::new(Database::new(settings)));',
    '        eprintln!("{} listening on 0.0.0.0:{port}", env!("CARGO_BIN_NAME"));',
    '        HttpServer::new(move || {',
    '            App::new()',
    '                .app_data(state.clone())',
    '                // Counts every answer for /metrics, by method, route template and status.',
    '                .wrap_fn(|request, service| {',
    '                    let started = Instant::now();',
    '                    let method = request.method().clone();',
    '                    let answer = service.call(request);',
    '                    async move {',
    '                        let response = answer.await?;',
    '                        let request = response.request();',
    '                        if let Some(state) = request.app_data::<web::Data<AppState>>() {',
    '                            let route = request.match_pattern();',
    '                            state.metrics.observe(',
    '                                method.as_str(),',
    '                                route.as_deref().unwrap_or("unmatched"),',
    '                                response.status().as_u16(),',
    '                                started.elapsed(),',
    '                            );',
    '                        }',
    '                        Ok(response)',
    '                    }',
    '                })',
    '                .configure(configure)',
    '        })',
    '        .bind((Ipv4Addr::UNSPECIFIED, port))?',
    '        // On SIGTERM (docker stop, ECS) actix-web stops accepting connections and',
    '        // lets requests in flight finish, within the 30 seconds ECS waits.',
    '        .shutdown_timeout(25)',
    '        .run()',
    '        .await',
    '    });',
    '    match result {',
    '        Ok(()) => ExitCode::SUCCESS,',
    '        Err(error) => {',
    '            eprintln!("cannot serve on port {port}: {error}");',
    '            ExitCode::FAILURE',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
}

/** `src/lib.rs` of the PostgreSQL variant: state, routes and tests that need no database. @internal */
export function postgresLibrarySample(): string {
  return `//! The task API: routes, handlers, models, the database and the metrics.
//! \`main\` serves them; the tests below call the same route table without a
//! database (one that cannot be reached).
pub mod db;
pub mod handlers;
pub mod metrics;
pub mod models;

use actix_web::web;
use db::Database;
use metrics::Metrics;

/// State shared by the workers: the database and the metrics.
pub struct AppState {
    pub database: Database,
    pub metrics: Metrics,
}

impl AppState {
    pub fn new(database: Database) -> Self {
        AppState {
            database,
            metrics: Metrics::new(),
        }
    }
}

/// The routes: \`GET /health\`, \`GET /metrics\`, \`GET /api/tasks\` and \`POST /api/tasks\`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(handlers::health))
        .route("/metrics", web::get().to(handlers::metrics))
        .route("/api/tasks", web::get().to(handlers::tasks::list_tasks))
        .route("/api/tasks", web::post().to(handlers::tasks::create_task));
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::StatusCode;
    use actix_web::{test, App};
    use serde_json::{json, Value};

    /// A database nothing listens for: connections are refused at once.
    fn unreachable() -> web::Data<AppState> {
        let mut config = tokio_postgres::Config::new();
        config.host("127.0.0.1").port(1).user("app").dbname("app");
        web::Data::new(AppState::new(Database::new(db::Settings::without_tls(
            config,
        ))))
    }

    #[actix_web::test]
    async fn health_is_degraded_but_200_without_the_database() {
        let app = test::init_service(App::new().app_data(unreachable()).configure(configure)).await;
        let request = test::TestRequest::get().uri("/health").to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = test::read_body_json(response).await;
        assert_eq!(body["status"], "degraded");
        assert_eq!(body["database"], "unavailable");
        assert_eq!(body["service"], env!("CARGO_PKG_NAME"));
    }

    #[actix_web::test]
    async fn task_routes_answer_503_without_the_database() {
        let app = test::init_service(App::new().app_data(unreachable()).configure(configure)).await;
        let request = test::TestRequest::get().uri("/api/tasks").to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body: Value = test::read_body_json(response).await;
        assert_eq!(body, json!({"error": "database unavailable"}));
    }

    #[actix_web::test]
    async fn rejects_an_empty_title_before_asking_the_database() {
        let app = test::init_service(App::new().app_data(unreachable()).configure(configure)).await;
        let request = test::TestRequest::post()
            .uri("/api/tasks")
            .set_json(json!({"title": "  "}))
            .to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }

    #[actix_web::test]
    async fn metrics_are_prometheus_text() {
        let state = unreachable();
        state.metrics.observe(
            "GET",
            "/api/tasks",
            200,
            std::time::Duration::from_millis(3),
        );
        let app = test::init_service(App::new().app_data(state).configure(configure)).await;
        let request = test::TestRequest::get().uri("/metrics").to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            metrics::CONTENT_TYPE
        );
        let body = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
        assert!(body.contains(
            "http_requests_total{method=\\"GET\\",route=\\"/api/tasks\\",status=\\"200\\"} 1\\n"
        ));
        assert!(body.contains("# TYPE http_request_duration_seconds histogram\\n"));
    }
}
`;
}
