use std::io;
use std::net::Ipv4Addr;

use actix_web::{web, App, HttpServer};
use task_api::{configure, models::task::TaskStore};

// musl's allocator serialises threads; mimalloc keeps the static binary fast.
#[cfg(target_env = "musl")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_PORT: u16 = 8080;

/// The port from `PORT` (set by the image), or 8080.
fn port() -> io::Result<u16> {
    match std::env::var("PORT") {
        Ok(value) => value.parse().map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("PORT must be a TCP port number, got {value:?}"),
            )
        }),
        Err(_) => Ok(DEFAULT_PORT),
    }
}

#[actix_web::main]
async fn main() -> io::Result<()> {
    let port = port()?;
    let store = web::Data::new(TaskStore::default());
    println!("task-api listening on 0.0.0.0:{port}");
    // On SIGTERM (ECS stopping a task) actix stops accepting connections and
    // lets in-flight requests finish; 25 s stays inside ECS's 30 s stop timeout.
    HttpServer::new(move || App::new().app_data(store.clone()).configure(configure))
        .bind((Ipv4Addr::UNSPECIFIED, port))?
        .shutdown_timeout(25)
        .run()
        .await
}
