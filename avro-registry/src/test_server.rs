//! A schema registry on 127.0.0.1 for tests (feature `test-server`): the Confluent Schema
//! Registry's REST API for Avro schemas over an [`InMemoryRegistry`], with switches for what tests
//! need to provoke (credentials required, failing answers, slow answers) and a record of every
//! request.
//!
//! ```
//! use avro_registry::{test_server::TestRegistry, RegistryClient};
//!
//! let server = TestRegistry::start()?;
//! let client = RegistryClient::new(server.url())?;
//! let id = client.register("users-value", r#"{"type":"record","name":"User","fields":[]}"#)?;
//! assert_eq!(id, 1);
//! assert_eq!(server.requests(), ["POST /subjects/users-value/versions"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Endpoints (responses as the Confluent registry gives them, errors as
//! `{"error_code": 40401, "message": "..."}` with the documented status and code):
//!
//! | endpoint | answer |
//! |---|---|
//! | `GET /schemas/ids/{id}` | `{"schema": ...}`; 404/40403 |
//! | `GET /schemas/ids/{id}/subjects`, `.../versions` | subjects, `[{"subject", "version"}]` |
//! | `GET /schemas/types` | `["AVRO"]` |
//! | `GET /subjects` | `["a-value", ...]` |
//! | `GET /subjects/{s}/versions` | `[1, 2]`; 404/40401 |
//! | `GET /subjects/{s}/versions/{v}` (`v` a number, `latest` or `-1`) | `{"subject", "version", "id", "schema"}`; 404/40401, 404/40402, 422/42202 |
//! | `GET /subjects/{s}/versions/{v}/schema` | the schema itself |
//! | `POST /subjects/{s}/versions` `{"schema": ...}` | `{"id": 1}`; 409/409 incompatible, 422/42201 invalid |
//! | `POST /subjects/{s}` `{"schema": ...}` | `{"subject", "version", "id", "schema"}`; 404/40401, 404/40403 |
//! | `POST /compatibility/subjects/{s}/versions[/{v}]` | `{"is_compatible": .., "messages": [..]}` (messages with `verbose=true`) |
//! | `GET /config`, `PUT /config` `{"compatibility": ..}` | `{"compatibilityLevel": ..}`, `{"compatibility": ..}`; 422/42203 |
//! | `GET /config/{s}[?defaultToGlobal=true]`, `PUT /config/{s}` | as above; 404/40408 when the subject has no level of its own |
//!
//! Schemas are stored as compact JSON (whitespace between tokens dropped), so two texts that
//! differ only in layout are one schema, as in the Confluent registry, which compares schemas by
//! their normalised text. Only Avro schemas without references are accepted (`schemaType`
//! absent or `AVRO`, `references` absent or empty); deletion is not implemented (405).

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use avro_runtime::framing::{CompatibilityMode, InMemoryRegistry, RegisteredSchema};
use avro_runtime::resolve::ParsedSchema;
use avro_schema::compat::{check, Version};
use avro_schema::resolve::Side;
use base64::Engine as _;
use serde_json::{json, Value};

use crate::error::codes;

/// Worker threads answering requests (so that concurrent clients are served concurrently).
const WORKERS: usize = 4;
/// Largest request body read.
const MAX_BODY: u64 = 16 << 20;

/// A running test registry; stops when dropped.
pub struct TestRegistry {
    server: Arc<tiny_http::Server>,
    state: Arc<State>,
    url: String,
    workers: Vec<JoinHandle<()>>,
}

impl fmt::Debug for TestRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestRegistry")
            .field("url", &self.url)
            .field("registry", &self.state.registry)
            .finish()
    }
}

#[derive(Default)]
struct State {
    registry: InMemoryRegistry,
    switches: Mutex<Switches>,
    /// `METHOD /path?query` of every request, in arrival order.
    log: Mutex<Vec<String>>,
    transcript: Mutex<Option<Box<dyn Write + Send>>>,
}

#[derive(Default)]
struct Switches {
    /// The `Authorization` header value every request must carry.
    auth: Option<String>,
    /// Statuses to answer the next requests with, instead of answering them.
    failures: VecDeque<u16>,
    /// Wait before answering each request.
    delay: Duration,
}

impl TestRegistry {
    /// Starts a registry on a free port of 127.0.0.1.
    pub fn start() -> std::io::Result<Self> {
        Self::bind("127.0.0.1:0".parse().expect("a socket address"))
    }

    /// Starts a registry listening on `addr`.
    pub fn bind(addr: SocketAddr) -> std::io::Result<Self> {
        let server = tiny_http::Server::http(addr).map_err(std::io::Error::other)?;
        let local = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("not an IP listener"))?;
        let server = Arc::new(server);
        let state = Arc::new(State::default());
        let workers = (0..WORKERS)
            .map(|_| {
                let (server, state) = (Arc::clone(&server), Arc::clone(&state));
                std::thread::spawn(move || {
                    while let Ok(request) = server.recv() {
                        state.serve(request);
                    }
                })
            })
            .collect();
        Ok(TestRegistry {
            server,
            state,
            url: format!("http://{local}"),
            workers,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The registry behind the API, to inspect it or fill it directly.
    pub fn registry(&self) -> &InMemoryRegistry {
        &self.state.registry
    }

    /// Requires `Authorization: Basic` with these credentials (else 401, error code 401).
    pub fn require_basic_auth(&self, user: &str, password: &str) {
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.state.switches().auth = Some(format!("Basic {encoded}"));
    }

    /// Requires `Authorization: Bearer token` (else 401, error code 401).
    pub fn require_bearer_token(&self, token: &str) {
        self.state.switches().auth = Some(format!("Bearer {token}"));
    }

    /// Answers the next `count` requests with `status` (e.g. 503) and error code 50001
    /// (`status` × 100 + 1 for other statuses) instead of serving them.
    pub fn fail_next(&self, count: usize, status: u16) {
        self.state
            .switches()
            .failures
            .extend(std::iter::repeat_n(status, count));
    }

    /// Waits `delay` before answering each request (to test timeouts and concurrent clients).
    pub fn set_delay(&self, delay: Duration) {
        self.state.switches().delay = delay;
    }

    /// Every request so far, `METHOD /path?query`, in arrival order.
    pub fn requests(&self) -> Vec<String> {
        lock(&self.state.log).clone()
    }

    /// Writes every exchange from now on to `out`, one JSON object a line: `{"method", "path"
    /// (with the query), "request" (the JSON body or null), "status", "response"}`.
    pub fn record_transcript(&self, out: impl Write + Send + 'static) {
        *lock(&self.state.transcript) = Some(Box::new(out));
    }

    /// Serves one request given as parts, without HTTP (to replay a transcript): the status and
    /// the JSON body of the answer. Logged like requests over HTTP.
    pub fn handle(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let text = body.map(Value::to_string).unwrap_or_default();
        lock(&self.state.log).push(format!("{method} {path}"));
        self.state.answer(method, path, &text)
    }
}

impl Drop for TestRegistry {
    fn drop(&mut self) {
        for _ in 0..self.workers.len() {
            self.server.unblock();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

impl State {
    fn switches(&self) -> MutexGuard<'_, Switches> {
        lock(&self.switches)
    }

    /// Answers one HTTP request.
    fn serve(&self, mut request: tiny_http::Request) {
        let method = request.method().as_str().to_string();
        let path = request.url().to_string();
        lock(&self.log).push(format!("{method} {path}"));
        let mut body = String::new();
        let read = request.as_reader().take(MAX_BODY).read_to_string(&mut body);
        let (delay, failure, auth) = {
            let mut s = self.switches();
            (s.delay, s.failures.pop_front(), s.auth.clone())
        };
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
        let given = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Authorization"))
            .map(|h| h.value.as_str().to_string());
        let (status, answer) = if let Some(status) = failure {
            let code = if status == 500 {
                codes::STORE_ERROR
            } else {
                i64::from(status) * 100 + 1
            };
            error(status, code, "injected failure (TestRegistry::fail_next)")
        } else if auth.is_some() && given != auth {
            error(
                401,
                codes::UNAUTHORIZED,
                "Unauthorized: missing or wrong credentials",
            )
        } else if read.is_err() {
            error(400, 400, "the request body is not UTF-8")
        } else {
            self.answer(&method, &path, &body)
        };
        self.record(&method, &path, &body, status, &answer);
        let response = tiny_http::Response::from_string(answer.to_string())
            .with_status_code(status)
            .with_header(
                tiny_http::Header::from_bytes(
                    "Content-Type",
                    "application/vnd.schemaregistry.v1+json",
                )
                .expect("a valid header"),
            );
        let _ = request.respond(response);
    }

    fn record(&self, method: &str, path: &str, body: &str, status: u16, response: &Value) {
        let mut transcript = lock(&self.transcript);
        if let Some(out) = transcript.as_mut() {
            let request: Option<Value> = serde_json::from_str(body).ok();
            let exchange = json!({
                "method": method,
                "path": path,
                "request": request,
                "status": status,
                "response": response,
            });
            let _ = writeln!(out, "{exchange}");
            let _ = out.flush();
        }
    }

    /// The status and body answering `method path` with `body`.
    fn answer(&self, method: &str, path: &str, body: &str) -> (u16, Value) {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let query: BTreeMap<String, String> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        let flag = |name: &str| {
            query
                .get(name)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        };
        let segments: Vec<String> = path.trim_matches('/').split('/').map(decode).collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let registry = &self.registry;
        match (method, segments.as_slice()) {
            ("GET", ["schemas", "types"]) => (200, json!(["AVRO"])),
            ("GET", ["schemas", "ids", id]) => with_schema(registry, id, |_, schema| {
                (200, json!({ "schema": schema.as_ref() }))
            }),
            ("GET", ["schemas", "ids", id, "subjects"]) => with_schema(registry, id, |id, _| {
                let uses = uses_of(registry, id);
                let mut subjects: Vec<&str> = uses.iter().map(|r| r.subject.as_str()).collect();
                subjects.dedup();
                (200, json!(subjects))
            }),
            ("GET", ["schemas", "ids", id, "versions"]) => with_schema(registry, id, |id, _| {
                let uses: Vec<Value> = uses_of(registry, id)
                    .iter()
                    .map(|r| json!({ "subject": r.subject, "version": r.version }))
                    .collect();
                (200, json!(uses))
            }),
            ("GET", ["subjects"]) => (200, json!(registry.subjects())),
            ("GET", ["subjects", subject, "versions"]) => match registry.versions(subject) {
                v if v.is_empty() => subject_not_found(subject),
                v => (200, json!(v)),
            },
            ("GET", ["subjects", subject, "versions", version]) => {
                with_version(registry, subject, version, |r| (200, registered(&r)))
            }
            ("GET", ["subjects", subject, "versions", version, "schema"]) => {
                with_version(registry, subject, version, |r| {
                    match serde_json::from_str::<Value>(&r.schema) {
                        Ok(schema) => (200, schema),
                        Err(_) => (200, Value::String(r.schema.to_string())),
                    }
                })
            }
            ("POST", ["subjects", subject, "versions"]) => with_request_schema(body, |schema| {
                if let Err(e) = ParsedSchema::parse(&schema, "schema") {
                    return invalid_schema(&e.to_string());
                }
                match registry.register(subject, &schema) {
                    Ok(id) => (200, json!({ "id": id })),
                    Err(e) => error(
                        409,
                        codes::INCOMPATIBLE_SCHEMA,
                        &format!(
                            "Schema being registered is incompatible with an earlier schema \
                                 for subject \"{subject}\", details: {e}"
                        ),
                    ),
                }
            }),
            ("POST", ["subjects", subject]) => with_request_schema(body, |schema| {
                if registry.versions(subject).is_empty() {
                    return subject_not_found(subject);
                }
                match registry.lookup(subject, &schema) {
                    Some(r) => (200, registered(&r)),
                    None => error(404, codes::SCHEMA_NOT_FOUND, "Schema not found"),
                }
            }),
            ("POST", ["compatibility", "subjects", subject, "versions"]) => {
                with_request_schema(body, |schema| {
                    match registry.test_compatibility(subject, &schema) {
                        Ok(errors) => compatibility(
                            errors.iter().map(ToString::to_string).collect(),
                            flag("verbose"),
                        ),
                        Err(e) => invalid_schema(&e.to_string()),
                    }
                })
            }
            ("POST", ["compatibility", "subjects", subject, "versions", version]) => {
                with_version(registry, subject, version, |old| {
                    with_request_schema(body, |schema| {
                        let new = match ParsedSchema::parse(&schema, "schema") {
                            Ok(p) => p,
                            Err(e) => return invalid_schema(&e.to_string()),
                        };
                        let old_parsed = match ParsedSchema::parse(&old.schema, "schema") {
                            Ok(p) => p,
                            Err(e) => return error(500, codes::STORE_ERROR, &e.to_string()),
                        };
                        let label = format!("version {}", old.version);
                        let history = [
                            Version {
                                label: &label,
                                side: side(&old_parsed),
                            },
                            Version {
                                label: "the new schema",
                                side: side(&new),
                            },
                        ];
                        let mode = registry.compatibility(subject);
                        let errors = check(mode, &history);
                        compatibility(
                            errors.iter().map(ToString::to_string).collect(),
                            flag("verbose"),
                        )
                    })
                })
            }
            ("GET", ["config"]) => (
                200,
                json!({ "compatibilityLevel": registry.default_compatibility().as_str() }),
            ),
            ("PUT", ["config"]) => with_level(body, |mode| {
                registry.set_default_compatibility(mode);
                (200, json!({ "compatibility": mode.as_str() }))
            }),
            ("GET", ["config", subject]) => match registry.subject_compatibility(subject) {
                Some(mode) => (200, json!({ "compatibilityLevel": mode.as_str() })),
                None if flag("defaultToGlobal") => (
                    200,
                    json!({ "compatibilityLevel": registry.default_compatibility().as_str() }),
                ),
                None => error(
                    404,
                    codes::SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                    &format!(
                        "Subject '{subject}' does not have subject-level compatibility configured"
                    ),
                ),
            },
            ("PUT", ["config", subject]) => with_level(body, |mode| {
                registry.set_compatibility(subject, mode);
                (200, json!({ "compatibility": mode.as_str() }))
            }),
            ("DELETE", _) => error(
                405,
                405,
                "HTTP 405 Method Not Allowed (deletion is not implemented by the test registry)",
            ),
            _ => error(404, 404, "HTTP 404 Not Found"),
        }
    }
}

fn side(p: &ParsedSchema) -> Side<'_> {
    Side {
        set: p.set(),
        schema: p.schema(),
    }
}

/// The registrations of schema `id`, by subject then version.
fn uses_of(registry: &InMemoryRegistry, id: u32) -> Vec<RegisteredSchema> {
    registry
        .subjects()
        .iter()
        .flat_map(|s| {
            registry
                .versions(s)
                .into_iter()
                .filter_map(move |v| registry.version(s, v))
        })
        .filter(|r| r.id == id)
        .collect()
}

fn registered(r: &RegisteredSchema) -> Value {
    json!({
        "subject": r.subject,
        "version": r.version,
        "id": r.id,
        "schema": r.schema.as_ref(),
    })
}

fn compatibility(messages: Vec<String>, verbose: bool) -> (u16, Value) {
    let mut answer = json!({ "is_compatible": messages.is_empty() });
    if verbose {
        answer["messages"] = json!(messages);
    }
    (200, answer)
}

fn with_schema(
    registry: &InMemoryRegistry,
    id: &str,
    f: impl FnOnce(u32, Arc<str>) -> (u16, Value),
) -> (u16, Value) {
    match id
        .parse::<u32>()
        .ok()
        .and_then(|id| Some((id, registry.schema(id)?)))
    {
        Some((id, schema)) => f(id, schema),
        None => error(
            404,
            codes::SCHEMA_NOT_FOUND,
            &format!("Schema {id} not found"),
        ),
    }
}

fn with_version(
    registry: &InMemoryRegistry,
    subject: &str,
    version: &str,
    f: impl FnOnce(RegisteredSchema) -> (u16, Value),
) -> (u16, Value) {
    let number = match version {
        "latest" | "-1" => None,
        v => match v.parse::<u32>() {
            Ok(n) if n >= 1 && n <= i32::MAX as u32 => Some(n),
            _ => {
                return error(
                    422,
                    codes::INVALID_VERSION,
                    &format!(
                        "The specified version '{version}' is not a valid version id. Allowed \
                         values are between [1, 2^31-1] and the string \"latest\""
                    ),
                )
            }
        },
    };
    if registry.versions(subject).is_empty() {
        return subject_not_found(subject);
    }
    let found = match number {
        None => registry.latest(subject),
        Some(n) => registry.version(subject, n),
    };
    match found {
        Some(r) => f(r),
        None => error(
            404,
            codes::VERSION_NOT_FOUND,
            &format!("Version {version} not found."),
        ),
    }
}

/// The `schema` of a registration request, compacted; 422 when the body is not one.
fn with_request_schema(body: &str, f: impl FnOnce(String) -> (u16, Value)) -> (u16, Value) {
    let request: Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(e) => return error(400, 400, &format!("Unrecognized request body: {e}")),
    };
    match request.get("schemaType").and_then(Value::as_str) {
        None | Some("AVRO") => {}
        Some(other) => {
            return invalid_schema(&format!("schema type {other} is not supported (only AVRO)"))
        }
    }
    if request
        .get("references")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty())
    {
        return invalid_schema("schema references are not supported by the test registry");
    }
    let Some(text) = request.get("schema").and_then(Value::as_str) else {
        return error(422, codes::INVALID_SCHEMA, "Empty schema");
    };
    let compact = match serde_json::from_str::<Value>(text) {
        Ok(v) => v.to_string(),
        Err(e) => return invalid_schema(&format!("the schema is not JSON: {e}")),
    };
    f(compact)
}

fn with_level(body: &str, f: impl FnOnce(CompatibilityMode) -> (u16, Value)) -> (u16, Value) {
    let level = serde_json::from_str::<Value>(body).ok().and_then(|v| {
        v.get("compatibility")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    match level.as_deref().map(str::parse::<CompatibilityMode>) {
        Some(Ok(mode)) => f(mode),
        _ => error(
            422,
            codes::INVALID_COMPATIBILITY_LEVEL,
            &format!(
                "Invalid compatibility level. Valid values are none, backward, forward, full, \
                 backward_transitive, forward_transitive, and full_transitive (got {})",
                level.as_deref().unwrap_or("nothing")
            ),
        ),
    }
}

fn subject_not_found(subject: &str) -> (u16, Value) {
    error(
        404,
        codes::SUBJECT_NOT_FOUND,
        &format!("Subject '{subject}' not found."),
    )
}

fn invalid_schema(why: &str) -> (u16, Value) {
    error(
        422,
        codes::INVALID_SCHEMA,
        &format!("Invalid schema: {why}"),
    )
}

fn error(status: u16, code: i64, message: &str) -> (u16, Value) {
    (status, json!({ "error_code": code, "message": message }))
}

/// Percent-decodes a path segment or query part (`+` is a space in queries only, so it is kept).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
