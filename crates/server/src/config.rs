//! How the server is configured: flags, each with an environment variable.

use std::net::IpAddr;
use std::path::PathBuf;

/// `scim-sync-server serve` options.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on (loopback by default).
    #[arg(long, env = "SSD_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, env = "SSD_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Directory of the SQLite database (created on first start), used when no
    /// `--database-url` is given.
    #[arg(long, env = "SSD_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// A PostgreSQL database to store in instead of SQLite, as
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (migrated at start). Several server
    /// processes may share one.
    #[arg(long, env = "SSD_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Directory of the built dashboard (`trunk build --release` output), served at `/`.
    #[arg(long, env = "SSD_DIST_DIR", default_value = "./dist")]
    pub dist_dir: PathBuf,
    /// Seconds without a request after which an IdP connection's sync run is over.
    #[arg(long, env = "SSD_RUN_IDLE_GAP_SECS", default_value_t = 300)]
    pub run_idle_gap_secs: u64,
    /// Days after which stored request bodies are pruned (the events stay for
    /// `--event-retention-days`); 0 keeps them.
    #[arg(long, env = "SSD_RETENTION_DAYS", default_value_t = 30)]
    pub retention_days: u32,
    /// Days after which sync events (and finished webhook deliveries) are deleted; 0 keeps
    /// them.
    #[arg(long, env = "SSD_EVENT_RETENTION_DAYS", default_value_t = 90)]
    pub event_retention_days: u32,
    /// Days after which a sync run (its counts), once none of its events is left, is deleted;
    /// 0 keeps them.
    #[arg(long, env = "SSD_RUN_RETENTION_DAYS", default_value_t = 365)]
    pub run_retention_days: u32,
    /// Days after which audit entries are deleted; 0 keeps them.
    #[arg(long, env = "SSD_AUDIT_RETENTION_DAYS", default_value_t = 365)]
    pub audit_retention_days: u32,
    /// The seat limit a new database starts with.
    #[arg(long, env = "SSD_INITIAL_SEAT_LIMIT", default_value_t = 25)]
    pub initial_seat_limit: u32,
    /// On first start, use this SCIM token instead of generating one (only its hash is stored).
    #[arg(long, env = "SSD_INITIAL_SCIM_TOKEN", hide_env_values = true)]
    pub initial_scim_token: Option<String>,
    /// On first start, use this admin token instead of generating one (only its hash is stored).
    #[arg(long, env = "SSD_INITIAL_ADMIN_TOKEN", hide_env_values = true)]
    pub initial_admin_token: Option<String>,
    /// The operator's token (the platform's): creates projects over `/api/v1/operator`. Without
    /// one, the operator API is closed.
    #[arg(long, env = "SSD_OPERATOR_TOKEN", hide_env_values = true)]
    pub operator_token: Option<String>,
    /// On shutdown (SIGTERM, Ctrl-C), seconds to let requests in flight finish before exiting
    /// anyway (live streams end at once).
    #[arg(long, env = "SSD_SHUTDOWN_GRACE_SECS", default_value_t = 5)]
    pub shutdown_grace_secs: u64,
    /// Who may embed the dashboard in a frame: a CSP `frame-ancestors` source list, such as
    /// `https://platform.example.com` (`'none'`: no one; `'self'`: this origin).
    #[arg(long, env = "SSD_FRAME_ANCESTORS", default_value = "'none'", value_parser = parse_frame_ancestors)]
    pub frame_ancestors: String,
    /// An origin whose pages may call the admin API from a browser (a dashboard served from
    /// another origin), as `https://host[:port]`; repeatable (env: comma-separated). None by
    /// default: no other origin's page can read the API.
    #[arg(
        long = "allowed-origin",
        env = "SSD_ALLOWED_ORIGINS",
        value_delimiter = ',',
        value_parser = crate::edge::cors::parse_origin
    )]
    pub allowed_origins: Vec<String>,
    /// SCIM requests a second one source address may send, sustained (429 `tooMany` past it).
    #[arg(long, env = "SSD_SCIM_RATE_PER_SEC", default_value_t = 500)]
    pub scim_rate_per_sec: u32,
    /// SCIM requests one source address may send at once, before the sustained rate applies.
    #[arg(long, env = "SSD_SCIM_RATE_BURST", default_value_t = 2000)]
    pub scim_rate_burst: u32,
    /// SCIM requests a second one IdP connection may send, sustained, from however many
    /// addresses (429 `tooMany` past it, recorded in its project). Entra asks a SCIM app to
    /// take 25 a second; the simulator's full-speed onboarding of 3,000 people (8 workers,
    /// 6,090 requests) ran at 362 a second here, untouched by this default.
    #[arg(long, env = "SSD_SCIM_CONNECTION_RATE_PER_SEC", default_value_t = 500)]
    pub scim_connection_rate_per_sec: u32,
    /// SCIM requests one IdP connection may send at once, before its sustained rate applies.
    #[arg(long, env = "SSD_SCIM_CONNECTION_RATE_BURST", default_value_t = 2000)]
    pub scim_connection_rate_burst: u32,
    /// The address of a reverse proxy in front of the server, whose `X-Forwarded-For` names
    /// the client (rate limits and refusal counts then go by the client's address) and whose
    /// `X-Forwarded-Proto` says whether it came over TLS; repeatable (env: comma-separated).
    /// None by default: neither header is believed.
    #[arg(
        long = "trusted-proxy",
        env = "SSD_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<IpAddr>,
    /// Requests served at the same time; past it, 503 with `Retry-After`.
    #[arg(long, env = "SSD_MAX_CONCURRENT_REQUESTS", default_value_t = 512)]
    pub max_concurrent_requests: usize,
    /// Seconds a client has to send a request's headers (and an idle keep-alive connection
    /// stays open).
    #[arg(long, env = "SSD_HEADER_READ_TIMEOUT_SECS", default_value_t = 30)]
    pub header_read_timeout_secs: u64,
    /// Seconds a client has, from its request's arrival, to send the whole body.
    #[arg(long, env = "SSD_BODY_READ_TIMEOUT_SECS", default_value_t = 60)]
    pub body_read_timeout_secs: u64,
    /// Let webhooks reach loopback addresses (also over plain HTTP): for tests and local use.
    /// Private, link-local and other special addresses stay refused.
    #[arg(long, env = "SSD_WEBHOOK_ALLOW_LOOPBACK")]
    pub webhook_allow_loopback: bool,
    /// Milliseconds before a failed webhook delivery's first retry; later waits are multiples
    /// of it (10 s gives 10 s, 30 s, 2 min … 6 h).
    #[arg(long, env = "SSD_WEBHOOK_FIRST_RETRY_MS", default_value_t = 10_000)]
    pub webhook_first_retry_ms: u64,
    /// Milliseconds a webhook receiver has to answer.
    #[arg(long, env = "SSD_WEBHOOK_TIMEOUT_MS", default_value_t = 10_000)]
    pub webhook_timeout_ms: u64,
    /// Milliseconds between two rounds of the alerts watcher: it judges every connection's
    /// health (a change of state is a `health.changed` webhook event) and announces the runs
    /// whose end no server announced (after a restart).
    #[arg(long, env = "SSD_HEALTH_CHECK_MS", default_value_t = 30_000)]
    pub health_check_ms: u64,
}

/// A `frame-ancestors` source list: printable ASCII that cannot end the directive.
fn parse_frame_ancestors(text: &str) -> Result<String, String> {
    let text = text.trim();
    let fine = !text.is_empty()
        && text
            .chars()
            .all(|c| (c.is_ascii_graphic() && c != ';' && c != ',') || c == ' ');
    if fine {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "{text:?} is not a frame-ancestors source list (such as 'none', 'self' or https://host)"
        ))
    }
}

impl Config {
    /// What retention removes now: each kind's cutoff, `days` before `now_ms`.
    pub fn retention_cutoffs(&self, now_ms: i64) -> crate::store::retention::Cutoffs {
        let before = |days: u32| (days > 0).then(|| now_ms - i64::from(days) * 24 * 3600 * 1000);
        crate::store::retention::Cutoffs {
            bodies: before(self.retention_days),
            events: before(self.event_retention_days),
            runs: before(self.run_retention_days),
            audit: before(self.audit_retention_days),
            deliveries: before(self.event_retention_days),
        }
    }

    /// A configuration for a data directory with every other setting at its default.
    pub fn for_data_dir(data_dir: PathBuf) -> Config {
        Config {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            data_dir,
            database_url: None,
            dist_dir: PathBuf::from("./dist"),
            run_idle_gap_secs: 300,
            retention_days: 30,
            event_retention_days: 90,
            run_retention_days: 365,
            audit_retention_days: 365,
            initial_seat_limit: 25,
            initial_scim_token: None,
            initial_admin_token: None,
            operator_token: None,
            shutdown_grace_secs: 5,
            frame_ancestors: "'none'".to_owned(),
            allowed_origins: Vec::new(),
            scim_rate_per_sec: 500,
            scim_rate_burst: 2000,
            scim_connection_rate_per_sec: 500,
            scim_connection_rate_burst: 2000,
            trusted_proxies: Vec::new(),
            max_concurrent_requests: 512,
            header_read_timeout_secs: 30,
            body_read_timeout_secs: 60,
            webhook_allow_loopback: false,
            webhook_first_retry_ms: 10_000,
            webhook_timeout_ms: 10_000,
            health_check_ms: 30_000,
        }
    }

    /// How webhooks are delivered.
    pub fn webhook_delivering(&self) -> crate::alerts::queue::Delivering {
        use crate::alerts::delivery::Sender;
        use crate::alerts::destination::Policy;
        use std::time::Duration;
        crate::alerts::queue::Delivering {
            sender: Sender {
                policy: Policy {
                    allow_loopback: self.webhook_allow_loopback,
                },
                timeout: Duration::from_millis(self.webhook_timeout_ms),
            },
            first_retry: Duration::from_millis(self.webhook_first_retry_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        config: Config,
    }

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        Cli::try_parse_from(std::iter::once("scim-sync-server").chain(args.iter().copied()))
            .map(|cli| cli.config)
    }

    #[test]
    fn by_default_nobody_frames_the_dashboard_and_no_origin_calls_the_api() {
        let config = parse(&[]).unwrap();

        assert_eq!(config.frame_ancestors, "'none'");
        assert!(config.allowed_origins.is_empty());
    }

    #[test]
    fn allowed_origins_repeat_or_come_comma_separated() {
        let config = parse(&[
            "--allowed-origin",
            "https://a.example.com",
            "--allowed-origin",
            "https://b.example.com,http://127.0.0.1:8081",
        ])
        .unwrap();

        assert_eq!(
            config.allowed_origins,
            [
                "https://a.example.com",
                "https://b.example.com",
                "http://127.0.0.1:8081"
            ]
        );
    }

    #[test]
    fn a_setting_that_would_break_the_headers_is_refused_at_start() {
        assert!(parse(&["--allowed-origin", "https://a.example.com/path"]).is_err());
        assert!(parse(&["--frame-ancestors", "'self'; script-src *"]).is_err());
        assert!(parse(&["--frame-ancestors", ""]).is_err());
    }
}
