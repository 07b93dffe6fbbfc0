/*
 * The PostgreSQL variant's database code (`src/db/`): libpq's PG* variables,
 * TLS with rustls as libpq's sslmode means it, one shared connection that
 * comes back after a restart or failover, and the migrations. Modelled on
 * test/engine/fixtures/task-service/crates/task-api/src/db, which the engine
 * tests run against a real PostgreSQL. The unit tests format it; it is
 * compiled by scripts/check-sample.sh (Debian's crates, not in CI).
 */

/** `src/db/mod.rs`. @internal */
export const DB_MOD = `//! The database: libpq's PG* variables, one shared connection that comes back
//! by itself after a restart or failover, and the task queries.
pub mod migrate;
mod tls;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::timeout;
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, Config};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::models::task::Task;

/// How long a query may take before the database counts as unavailable.
const QUERY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long \`/health\` waits for \`SELECT 1\` (under the health check's own timeout).
const CHECK_TIMEOUT: Duration = Duration::from_secs(1);

/// Why a database call failed: the task routes answer 503 or 500.
#[derive(Debug, PartialEq, Eq)]
pub enum DatabaseError {
    /// The database cannot be reached (down, restarting, failing over).
    Unavailable,
    /// It answered with an error (logged).
    Failed,
}

/// Where and how to connect, from the environment.
pub struct Settings {
    config: Config,
    tls: MakeRustlsConnect,
}

impl Settings {
    /// \`PGHOST\`, \`PGPORT\`, \`PGDATABASE\`, \`PGUSER\`, \`PGPASSWORD\`, \`PGSSLMODE\`
    /// (\`disable\`, \`prefer\`, \`require\`, \`verify-full\`) and \`PGSSLROOTCERT\`, as libpq reads them.
    pub fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let host =
            var("PGHOST").ok_or("PGHOST is not set: the service needs its PostgreSQL database")?;
        let mut config = Config::new();
        config.host(&host);
        if let Some(port) = var("PGPORT") {
            config.port(
                port.parse()
                    .map_err(|_| format!("PGPORT {port:?} is not a port"))?,
            );
        }
        if let Some(user) = var("PGUSER") {
            config.user(&user);
        }
        if let Some(database) = var("PGDATABASE") {
            config.dbname(&database);
        }
        if let Some(password) = var("PGPASSWORD") {
            config.password(password);
        }
        config.application_name(env!("CARGO_PKG_NAME"));
        config.connect_timeout(Duration::from_secs(5));
        let mode = var("PGSSLMODE").unwrap_or_else(|| "prefer".to_string());
        let (ssl_mode, tls) = tls::connector(&mode, var("PGSSLROOTCERT").as_deref())?;
        config.ssl_mode(ssl_mode);
        Ok(Settings { config, tls })
    }

    /// Settings without TLS (\`sslmode=disable\`).
    pub fn without_tls(mut config: Config) -> Self {
        let (ssl_mode, tls) = tls::connector("disable", None).expect("a connector without TLS");
        config.ssl_mode(ssl_mode);
        Settings { config, tls }
    }

    /// A new connection, whose I/O runs on the current runtime.
    pub async fn connect(&self) -> Result<Client, tokio_postgres::Error> {
        let (client, connection) = self.config.connect(self.tls.clone()).await?;
        actix_web::rt::spawn(async move {
            if let Err(error) = connection.await {
                eprintln!("database connection ended: {error}");
            }
        });
        Ok(client)
    }
}

/// The database of the service: one connection shared by every request.
pub struct Database {
    settings: Settings,
    shared: Mutex<Option<Arc<Client>>>,
}

impl Database {
    pub fn new(settings: Settings) -> Self {
        Database {
            settings,
            shared: Mutex::new(None),
        }
    }

    /// The shared connection, made again when there is none or it was closed.
    async fn client(&self) -> Result<Arc<Client>, DatabaseError> {
        let mut shared = self.shared.lock().await;
        if let Some(client) = shared.as_ref().filter(|client| !client.is_closed()) {
            return Ok(client.clone());
        }
        let client = Arc::new(self.settings.connect().await.map_err(classify)?);
        *shared = Some(client.clone());
        Ok(client)
    }

    /// Whether \`SELECT 1\` answers within a second: what \`/health\` reports.
    pub async fn is_up(&self) -> bool {
        let check = async {
            let client = self.client().await?;
            client.simple_query("SELECT 1").await.map_err(classify)
        };
        matches!(timeout(CHECK_TIMEOUT, check).await, Ok(Ok(_)))
    }

    /// Every task, oldest first.
    pub async fn list_tasks(&self) -> Result<Vec<Task>, DatabaseError> {
        let client = self.client().await?;
        let query = client.query("SELECT id, title, done FROM tasks ORDER BY id", &[]);
        let rows = timeout(QUERY_TIMEOUT, query)
            .await
            .map_err(|_| DatabaseError::Unavailable)?
            .map_err(classify)?;
        Ok(rows
            .iter()
            .map(|row| Task {
                id: row.get(0),
                title: row.get(1),
                done: row.get(2),
            })
            .collect())
    }

    /// Stores a new, open task.
    pub async fn create_task(&self, title: &str) -> Result<Task, DatabaseError> {
        let client = self.client().await?;
        // One statement: the parameter array is a temporary that must outlive the await.
        let row = timeout(
            QUERY_TIMEOUT,
            client.query_one(
                "INSERT INTO tasks (title) VALUES ($1) RETURNING id, title, done",
                &[&title],
            ),
        )
        .await
        .map_err(|_| DatabaseError::Unavailable)?
        .map_err(classify)?;
        Ok(Task {
            id: row.get(0),
            title: row.get(1),
            done: row.get(2),
        })
    }
}

/// Unavailable: no answer (I/O, a closed connection), or a server that is
/// shutting down, starting, full or read-only (a standby after a failover).
/// Failed: any other error the server answers with.
fn classify(error: tokio_postgres::Error) -> DatabaseError {
    let Some(db_error) = error.as_db_error() else {
        return DatabaseError::Unavailable;
    };
    let code = db_error.code();
    let unavailable = code.code().starts_with("08")
        || code.code().starts_with("57P")
        || *code == SqlState::TOO_MANY_CONNECTIONS
        || *code == SqlState::READ_ONLY_SQL_TRANSACTION;
    if unavailable {
        DatabaseError::Unavailable
    } else {
        eprintln!("database query failed: {db_error}");
        DatabaseError::Failed
    }
}
`;

/** `src/db/migrate.rs`. @internal */
export const DB_MIGRATE = `//! Schema migrations, embedded in the binary and applied in order, each once:
//! \`<binary> migrate\` runs them before every deployment and every local \`up\`.
use std::time::Instant;

use tokio_postgres::types::ToSql;
use tokio_postgres::Client;

/// The \`pg_advisory_lock\` key of the migrations ("migrate" in ASCII): runs
/// started together (several tasks, or a deployment and a local run) take turns.
const LOCK_KEY: i64 = 0x6d69_6772_6174_65;

/// Version, name and SQL of every migration, oldest first. A migration must
/// not manage transactions itself: each runs in one, with its row in
/// \`schema_migrations\`.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "create_tasks",
    include_str!("../../migrations/0001_create_tasks.sql"),
)];

/// What a run did.
pub struct Report {
    pub applied: usize,
    pub already: usize,
}

/// Applies every migration \`schema_migrations\` does not record, under the lock.
pub async fn run(client: &mut Client) -> Result<Report, String> {
    client
        .execute("SELECT pg_advisory_lock($1)", &[&LOCK_KEY])
        .await
        .map_err(|error| format!("cannot take the migrations lock: {error}"))?;
    let result = apply(client).await;
    // The session ends right after; unlocking is a courtesy.
    let _ = client
        .execute("SELECT pg_advisory_unlock($1)", &[&LOCK_KEY])
        .await;
    result
}

async fn apply(client: &mut Client) -> Result<Report, String> {
    client
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version bigint PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )",
        )
        .await
        .map_err(|error| format!("cannot create schema_migrations: {error}"))?;
    let applied: Vec<i64> = client
        .query("SELECT version FROM schema_migrations", &[])
        .await
        .map_err(|error| format!("cannot read schema_migrations: {error}"))?
        .iter()
        .map(|row| row.get(0))
        .collect();
    let mut report = Report {
        applied: 0,
        already: 0,
    };
    for (version, name, sql) in MIGRATIONS {
        if applied.contains(version) {
            report.already += 1;
            continue;
        }
        let started = Instant::now();
        let failed = |error: tokio_postgres::Error| {
            format!("migration {version:04}_{name} failed, rolled back: {error}")
        };
        let transaction = client.transaction().await.map_err(failed)?;
        transaction.batch_execute(sql).await.map_err(failed)?;
        let row: [&(dyn ToSql + Sync); 2] = [version, name];
        transaction
            .execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                &row,
            )
            .await
            .map_err(failed)?;
        transaction.commit().await.map_err(failed)?;
        println!(
            "applied migration {version:04}_{name} in {} ms",
            started.elapsed().as_millis()
        );
        report.applied += 1;
    }
    Ok(report)
}
`;

/** `src/db/tls.rs`. @internal */
export const DB_TLS = `//! TLS to PostgreSQL with rustls (ring: C and assembly that build for musl),
//! as libpq's \`sslmode\` means it. RDS with \`rds.force_ssl\` takes \`require\`
//! (encrypted, the certificate not checked, as libpq does); \`verify-full\`
//! checks it against \`PGSSLROOTCERT\` (for RDS, its CA bundle).
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres::config::SslMode;
use tokio_postgres_rustls::MakeRustlsConnect;

/// The connection's TLS mode and the connector for \`PGSSLMODE\` and \`PGSSLROOTCERT\`.
pub fn connector(
    mode: &str,
    root_cert: Option<&str>,
) -> Result<(SslMode, MakeRustlsConnect), String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|error| format!("TLS: {error}"))?;
    let unchecked = || {
        builder
            .clone()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unchecked(provider.clone())))
            .with_no_client_auth()
    };
    let (ssl_mode, config) = match mode {
        "disable" => (SslMode::Disable, unchecked()),
        "prefer" => (SslMode::Prefer, unchecked()),
        "require" => (SslMode::Require, unchecked()),
        "verify-full" => {
            let path = root_cert.ok_or(
                "PGSSLMODE=verify-full needs PGSSLROOTCERT: a PEM file of the CAs to trust",
            )?;
            let mut roots = RootCertStore::empty();
            let certificates = CertificateDer::pem_file_iter(path)
                .map_err(|error| format!("PGSSLROOTCERT {path}: {error}"))?;
            for certificate in certificates {
                let certificate =
                    certificate.map_err(|error| format!("PGSSLROOTCERT {path}: {error}"))?;
                roots
                    .add(certificate)
                    .map_err(|error| format!("PGSSLROOTCERT {path}: {error}"))?;
            }
            (
                SslMode::Require,
                builder
                    .clone()
                    .with_root_certificates(roots)
                    .with_no_client_auth(),
            )
        }
        other => {
            return Err(format!(
                "PGSSLMODE {other:?} is not supported: use disable, prefer, require or verify-full"
            ))
        }
    };
    Ok((ssl_mode, MakeRustlsConnect::new(config)))
}

/// libpq's \`require\`: the server must prove it holds the certificate's key
/// (the handshake signature is verified), but the certificate is not checked.
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
`;

/** `migrations/0001_create_tasks.sql`. @internal */
export const MIGRATION_0001 = `-- The tasks of the API. The title rule (1 to 200 characters) is the API's too.
CREATE TABLE tasks (
    id bigserial PRIMARY KEY,
    title text NOT NULL CONSTRAINT tasks_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
    done boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
`;
