//! Errors of the registry client: what the registry answered (with its `error_code`), or why no
//! answer came.

use std::fmt;

/// The registry's own error codes (the `error_code` field of an error response), as the
/// Confluent Schema Registry documents them.
pub mod codes {
    /// 401: the credentials are missing or wrong.
    pub const UNAUTHORIZED: i64 = 401;
    /// 409: the schema is incompatible with earlier versions under the subject's level.
    pub const INCOMPATIBLE_SCHEMA: i64 = 409;
    /// 40401: the subject does not exist.
    pub const SUBJECT_NOT_FOUND: i64 = 40401;
    /// 40402: the version does not exist.
    pub const VERSION_NOT_FOUND: i64 = 40402;
    /// 40403: the schema (by id, or under a subject) does not exist.
    pub const SCHEMA_NOT_FOUND: i64 = 40403;
    /// 40408: the subject has no compatibility level of its own.
    pub const SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED: i64 = 40408;
    /// 42201: the schema is not a valid schema.
    pub const INVALID_SCHEMA: i64 = 42201;
    /// 42202: the version is not a number from 1 or `latest`.
    pub const INVALID_VERSION: i64 = 42202;
    /// 42203: the compatibility level is not one the registry knows.
    pub const INVALID_COMPATIBILITY_LEVEL: i64 = 42203;
    /// 50001: the registry's backing store failed.
    pub const STORE_ERROR: i64 = 50001;
    /// 50002: an operation timed out inside the registry.
    pub const OPERATION_TIMEOUT: i64 = 50002;
    /// 50003: the registry could not forward the request to its leader.
    pub const FORWARDING_ERROR: i64 = 50003;
}

/// What went wrong talking to the schema registry. Every variant names the request
/// (`GET /schemas/ids/7`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryError {
    /// The registry answered with an error status (after the retries, for 5xx).
    Api {
        /// The request, `POST /subjects/orders-value/versions`.
        request: String,
        /// The HTTP status.
        status: u16,
        /// The registry's `error_code` ([`codes`]); `None` when the body was not the registry's
        /// error JSON (a proxy's error page, ...).
        error_code: Option<i64>,
        /// The registry's `message`, or the start of the body.
        message: String,
    },
    /// No answer: connection refused, name not resolved, timeout, TLS failure (after the
    /// retries, for connection errors and timeouts).
    Transport {
        /// The request.
        request: String,
        /// How many times it was sent.
        attempts: u32,
        /// The last failure.
        message: String,
    },
    /// A success status whose body is not what the API documents.
    InvalidResponse {
        /// The request.
        request: String,
        /// What is wrong with the body.
        message: String,
    },
    /// The client's configuration is unusable (a URL that is not `http://` or `https://`, ...).
    Config(String),
}

impl RegistryError {
    /// The registry's `error_code`, when it answered with one.
    pub fn error_code(&self) -> Option<i64> {
        match self {
            RegistryError::Api { error_code, .. } => *error_code,
            _ => None,
        }
    }

    /// The HTTP status, when the registry answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            RegistryError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the registry said the subject, version or schema does not exist (404).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::Api {
                request,
                status,
                error_code,
                message,
            } => {
                write!(f, "schema registry: {request}: HTTP {status}")?;
                if let Some(code) = error_code {
                    write!(f, ", error code {code}")?;
                }
                write!(f, ": {message}")
            }
            RegistryError::Transport {
                request,
                attempts,
                message,
            } => write!(
                f,
                "schema registry: {request}: no answer after {attempts} attempt{}: {message}",
                if *attempts == 1 { "" } else { "s" }
            ),
            RegistryError::InvalidResponse { request, message } => {
                write!(
                    f,
                    "schema registry: {request}: unexpected answer: {message}"
                )
            }
            RegistryError::Config(message) => write!(f, "schema registry client: {message}"),
        }
    }
}

impl std::error::Error for RegistryError {}

impl From<RegistryError> for avro_runtime::Error {
    fn from(e: RegistryError) -> Self {
        avro_runtime::Error::custom(e.to_string())
    }
}

/// Result of the registry client's operations.
pub type Result<T, E = RegistryError> = std::result::Result<T, E>;
