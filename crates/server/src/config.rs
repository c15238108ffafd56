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
    /// Directory of the SQLite database (created on first start).
    #[arg(long, env = "SSD_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Directory of the built dashboard (`trunk build --release` output), served at `/`.
    #[arg(long, env = "SSD_DIST_DIR", default_value = "./dist")]
    pub dist_dir: PathBuf,
    /// Seconds without a request after which an IdP connection's sync run is over.
    #[arg(long, env = "SSD_RUN_IDLE_GAP_SECS", default_value_t = 300)]
    pub run_idle_gap_secs: u64,
    /// Days after which stored request bodies are pruned (the events themselves stay).
    #[arg(long, env = "SSD_RETENTION_DAYS", default_value_t = 30)]
    pub retention_days: u32,
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
}

impl Config {
    /// A configuration for a data directory with every other setting at its default.
    pub fn for_data_dir(data_dir: PathBuf) -> Config {
        Config {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            data_dir,
            dist_dir: PathBuf::from("./dist"),
            run_idle_gap_secs: 300,
            retention_days: 30,
            initial_seat_limit: 25,
            initial_scim_token: None,
            initial_admin_token: None,
            operator_token: None,
        }
    }
}
