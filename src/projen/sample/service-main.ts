import { ResolvedServiceOptions, ServiceAllocator } from '../rust-service-options';

/** The `#[global_allocator]` lines of `main.rs` for musl builds. @internal */
export function globalAllocator(allocator: ServiceAllocator): string[] {
  switch (allocator) {
    case ServiceAllocator.MIMALLOC:
      return [
        '#[cfg(target_env = "musl")]',
        '#[global_allocator]',
        'static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;',
        '',
      ];
    case ServiceAllocator.JEMALLOC:
      return [
        '#[cfg(target_env = "musl")]',
        '#[global_allocator]',
        'static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;',
        '',
      ];
    case ServiceAllocator.SYSTEM:
      return [];
  }
}

/** The sample `src/main.rs`: configuration from the environment, graceful shutdown. @internal */
export function mainSample(options: ResolvedServiceOptions): string {
  return [
    `//! ${options.binaryName}: serves the task API of the \`${options.libraryName}\` library.`,
    'use std::net::Ipv4Addr;',
    '',
    'use actix_web::{web, App, HttpServer};',
    '',
    `use ${options.libraryName}::{configure, AppState};`,
    '',
    ...globalAllocator(options.allocator),
    '/// Port used when `PORT` is not set; the images set `PORT` to the same value.',
    `const DEFAULT_PORT: u16 = ${options.port};`,
    '',
    '#[actix_web::main]',
    'async fn main() -> std::io::Result<()> {',
    '    let port = std::env::var("PORT")',
    '        .ok()',
    '        .and_then(|value| value.parse().ok())',
    '        .unwrap_or(DEFAULT_PORT);',
    '    let state = web::Data::new(AppState::default());',
    '    eprintln!("{} listening on 0.0.0.0:{port}", env!("CARGO_BIN_NAME"));',
    '    // On SIGTERM (docker stop, ECS) actix-web stops accepting connections and',
    '    // lets requests in flight finish; the timeout stays below the 30 seconds',
    '    // ECS waits before it sends SIGKILL.',
    '    HttpServer::new(move || App::new().app_data(state.clone()).configure(configure))',
    '        .bind((Ipv4Addr::UNSPECIFIED, port))?',
    '        .shutdown_timeout(25)',
    '        .run()',
    '        .await',
    '}',
    '',
  ].join('\n');
}
