//! The lab definition types: what `assets/labs/<id>.yaml` holds once parsed (labs.md). The
//! types live with the checkers that read them; `content::lab` turns a file into one and checks
//! it at its lines, as it does scenarios into `sim::scenario` types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One lab: the common fields and the block of its kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lab {
    pub lab: String,
    pub title: String,
    pub summary: String,
    pub kind: Kind,
    #[serde(default)]
    pub lesson: Option<String>,
    pub level: Level,
    pub task: String,
    pub hints: Vec<String>,
    #[serde(default)]
    pub sql: Option<SqlLab>,
    #[serde(default)]
    pub http_client: Option<HttpClientLab>,
    #[serde(default)]
    pub http_server: Option<HttpServerLab>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Sql,
    HttpClient,
    HttpServer,
}

impl Kind {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Sql => "sql",
            Self::HttpClient => "http-client",
            Self::HttpServer => "http-server",
        }
    }

    /// The key of this kind's block in the file.
    #[must_use]
    pub fn block(self) -> &'static str {
        match self {
            Self::Sql => "sql",
            Self::HttpClient => "http_client",
            Self::HttpServer => "http_server",
        }
    }

    /// The extension of the learner's workspace file for a starter of this kind.
    #[must_use]
    pub fn extension(self, starter: &str) -> &'static str {
        match self {
            Self::Sql => "sql",
            Self::HttpClient | Self::HttpServer => {
                let first = starter.lines().next().unwrap_or("");
                if first.contains("python") {
                    "py"
                } else if first.contains("node") {
                    "js"
                } else {
                    "sh"
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

impl Level {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Beginner => "beginner",
            Self::Intermediate => "intermediate",
            Self::Advanced => "advanced",
        }
    }
}

impl Lab {
    /// The starter of whichever kind the lab is (empty if its block is missing).
    #[must_use]
    pub fn starter(&self) -> &str {
        match self.kind {
            Kind::Sql => self.sql.as_ref().map_or("", |s| &s.starter),
            Kind::HttpClient => self.http_client.as_ref().map_or("", |s| &s.starter),
            Kind::HttpServer => self.http_server.as_ref().map_or("", |s| &s.starter),
        }
    }

    /// The reference solution of whichever kind the lab is.
    #[must_use]
    pub fn solution(&self) -> &str {
        match self.kind {
            Kind::Sql => self.sql.as_ref().map_or("", |s| &s.solution),
            Kind::HttpClient => self.http_client.as_ref().map_or("", |s| &s.solution),
            Kind::HttpServer => self.http_server.as_ref().map_or("", |s| &s.solution),
        }
    }

    /// The ids of the checks the lab runs, in file order.
    #[must_use]
    pub fn check_ids(&self) -> Vec<String> {
        match self.kind {
            Kind::Sql => self.sql.as_ref().map_or_else(Vec::new, |s| {
                s.checks.iter().map(|c| c.id().to_owned()).collect()
            }),
            Kind::HttpClient => self
                .http_client
                .as_ref()
                .map_or_else(Vec::new, |s| s.checks.clone()),
            Kind::HttpServer => self
                .http_server
                .as_ref()
                .map_or_else(Vec::new, |s| s.checks.clone()),
        }
    }

    /// The workspace file name: `<id>.<ext>`.
    #[must_use]
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.lab, self.kind.extension(self.starter()))
    }
}

/// A value bound to a `:name` parameter.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Param {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Text(String),
}

/// One delivery: parameter values by name.
pub type Delivery = BTreeMap<String, Param>;

/// Kind `sql`: a file of statements that must leave the solution's state under every check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlLab {
    pub setup: String,
    pub state: String,
    pub deliveries: Vec<Delivery>,
    pub starter: String,
    pub solution: String,
    #[serde(default = "SqlCheck::default_set")]
    pub checks: Vec<SqlCheck>,
    #[serde(default)]
    pub concurrent: Concurrent,
    #[serde(default)]
    pub errors: Errors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SqlCheck {
    Once,
    Retried,
    Redelivered,
    Reordered,
    Concurrent,
}

impl SqlCheck {
    pub const ALL: [Self; 5] = [
        Self::Once,
        Self::Retried,
        Self::Redelivered,
        Self::Reordered,
        Self::Concurrent,
    ];

    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Once => "once",
            Self::Retried => "retried",
            Self::Redelivered => "redelivered",
            Self::Reordered => "reordered",
            Self::Concurrent => "concurrent",
        }
    }

    fn default_set() -> Vec<Self> {
        vec![
            Self::Once,
            Self::Retried,
            Self::Redelivered,
            Self::Reordered,
        ]
    }
}

/// How the `concurrent` check races the file against itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concurrent {
    #[serde(default = "Concurrent::default_connections")]
    pub connections: u32,
    #[serde(default = "Concurrent::default_trials")]
    pub trials: u32,
}

impl Concurrent {
    fn default_connections() -> u32 {
        4
    }
    fn default_trials() -> u32 {
        10
    }
}

impl Default for Concurrent {
    fn default() -> Self {
        Self {
            connections: Self::default_connections(),
            trials: Self::default_trials(),
        }
    }
}

/// May a run end in an SQL error?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Errors {
    #[default]
    Forbidden,
    Allowed,
}

/// Kind `http-client`, parsed so its runner (built with `idemlab serve`) can be filled in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpClientLab {
    pub server: BTreeMap<String, serde_json::Value>,
    pub orders: Vec<String>,
    pub amount: u64,
    #[serde(default = "default_runs")]
    pub runs: u32,
    #[serde(default = "default_timeout")]
    pub timeout_s: u32,
    pub starter: String,
    pub solution: String,
    pub checks: Vec<String>,
}

fn default_runs() -> u32 {
    3
}
fn default_timeout() -> u32 {
    30
}
fn default_start_timeout() -> u32 {
    10
}

/// Kind `http-server`, parsed so its runner (built with `idemlab probe`) can be filled in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpServerLab {
    pub endpoint: String,
    #[serde(default)]
    pub body: Option<String>,
    pub ledger: String,
    pub checks: Vec<String>,
    #[serde(default = "default_start_timeout")]
    pub start_timeout_s: u32,
    pub starter: String,
    pub solution: String,
}
