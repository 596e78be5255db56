//! The blocking client of the registry's REST API.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use avro_runtime::framing::{ConfluentDecoder, ConfluentEncoder, RegisteredSchema, SchemaLookup};
use avro_runtime::{AvroSchema, Encode};
use avro_schema::compat::CompatibilityMode;
use base64::Engine as _;
use serde_json::{json, Value};
use ureq::http::{self, Method};

use crate::cache::IdCache;
use crate::error::{codes, RegistryError, Result};

/// The media types the client accepts, as Confluent's clients send them.
const ACCEPT: &str =
    "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
/// The media type of request bodies.
const CONTENT_TYPE: &str = "application/vnd.schemaregistry.v1+json";
/// Largest response body read (a schema registry answer is a schema or a list; 64 MiB is far
/// beyond any real one and bounds what a misbehaving server can make the client allocate).
const MAX_RESPONSE: u64 = 64 << 20;

/// How a request is retried: after a connection error, a timeout, HTTP 429 or a 5xx status, up
/// to `retries` more times, waiting `initial_backoff`, then twice as long each time up to
/// `max_backoff` (each wait with up to half of it taken off at random, so that many clients
/// failing together do not retry together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0: none).
    pub retries: u32,
    /// The first wait.
    pub initial_backoff: Duration,
    /// The longest wait.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, waiting 100 ms, 200 ms, 400 ms (at most 5 s): the defaults of Confluent's
    /// clients (`max.retries` 3, `retries.wait.ms` 1000 there; shorter here, as a consumer is
    /// blocked meanwhile).
    fn default() -> Self {
        RetryPolicy {
            retries: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (from 0), before the jitter.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// Credentials sent with every request.
#[derive(Clone, PartialEq, Eq)]
enum Auth {
    /// `Authorization: Basic base64(user:password)` (Confluent's `basic.auth.user.info`).
    Basic(String),
    /// `Authorization: Bearer <token>`.
    Bearer(String),
}

impl Auth {
    fn header(&self) -> String {
        match self {
            Auth::Basic(encoded) => format!("Basic {encoded}"),
            Auth::Bearer(token) => format!("Bearer {token}"),
        }
    }
}

/// Builds a [`RegistryClient`]: the registry URL, then credentials, timeouts and retries.
///
/// ```
/// # use std::time::Duration;
/// let client = avro_registry::RegistryClient::builder("http://localhost:8081")
///     .basic_auth("api-key", "api-secret")
///     .timeout(Duration::from_secs(10))
///     .retries(5)
///     .build()?;
/// # Ok::<(), avro_registry::RegistryError>(())
/// ```
#[derive(Clone)]
pub struct RegistryClientBuilder {
    url: String,
    auth: Option<Auth>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: String,
}

impl fmt::Debug for RegistryClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegistryClientBuilder")
            .field("url", &self.url)
            .field("auth", &self.auth.as_ref().map(|_| "<set>"))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl RegistryClientBuilder {
    /// Sends `Authorization: Basic` with `user` and `password` (Confluent Cloud: the API key and
    /// secret).
    pub fn basic_auth(mut self, user: &str, password: &str) -> Self {
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.auth = Some(Auth::Basic(encoded));
        self
    }

    /// Sends `Authorization: Bearer token`.
    pub fn bearer_token(mut self, token: &str) -> Self {
        self.auth = Some(Auth::Bearer(token.to_string()));
        self
    }

    /// The longest one attempt of a request may take, connection and body included (default
    /// 30 s). Retries get a fresh allowance each.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Retries after the first attempt (default 3; see [`RetryPolicy`]).
    pub fn retries(mut self, retries: u32) -> Self {
        self.retry.retries = retries;
        self
    }

    /// The first and the longest wait between retries (default 100 ms and 5 s).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.retry.initial_backoff = initial;
        self.retry.max_backoff = max.max(initial);
        self
    }

    /// The whole retry policy at once.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header (default `avro-registry/<version>`).
    pub fn user_agent(mut self, user_agent: &str) -> Self {
        self.user_agent = user_agent.to_string();
        self
    }

    /// The client. Fails when the URL is not `http://host[:port][/path]` or `https://...`
    /// (`https` needs the `tls` feature, on by default).
    pub fn build(self) -> Result<RegistryClient> {
        let base = self.url.trim().trim_end_matches('/').to_string();
        let rest = base
            .strip_prefix("http://")
            .or_else(|| base.strip_prefix("https://"))
            .ok_or_else(|| {
                RegistryError::Config(format!(
                    "the registry URL `{}` does not start with http:// or https://",
                    self.url
                ))
            })?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(RegistryError::Config(format!(
                "the registry URL `{}` has no host",
                self.url
            )));
        }
        if base.starts_with("https://") && !cfg!(feature = "tls") {
            return Err(RegistryError::Config(format!(
                "the registry URL `{}` needs TLS: enable the `tls` feature of avro-registry",
                self.url
            )));
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_per_call(Some(self.timeout))
            .timeout_connect(Some(self.connect_timeout))
            .user_agent(self.user_agent.as_str())
            .build()
            .into();
        Ok(RegistryClient {
            inner: Arc::new(Inner {
                base,
                agent,
                auth: self.auth.as_ref().map(Auth::header),
                retry: self.retry,
                ids: IdCache::default(),
                registered: Mutex::default(),
                requests: AtomicU64::new(0),
            }),
        })
    }
}

/// The result of a compatibility test of a schema against a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompatibilityCheck {
    /// Whether the subject's compatibility level allows the schema.
    pub is_compatible: bool,
    /// Why not, as the registry words it (asked with `verbose=true`; some registries send none).
    pub messages: Vec<String>,
}

/// A client of a Confluent Schema Registry (or a registry speaking its REST API: Karapace,
/// Redpanda, Apicurio's `ccompat` API), blocking, on `ureq`.
///
/// Clones share one connection pool and one cache. Schemas fetched by id are cached for the
/// life of the client (an id always names the same schema): a consumer fetches each writer
/// schema once, and concurrent requests for one id wait for a single HTTP request. Registrations
/// are cached too, so a producer registering per message sends one request per schema.
///
/// It implements [`SchemaLookup`], so a [`ConfluentDecoder`] reads through it:
///
/// ```no_run
/// # use avro_runtime::{AvroSchema, KnownWriters};
/// # fn demo<Order: KnownWriters + avro_runtime::Encode>(order: &Order, bytes: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
/// let registry = avro_registry::RegistryClient::new("http://localhost:8081")?;
///
/// // Producer: register the generated type's schema once, then frame every value with its id.
/// let encoder = registry.encoder::<Order>("orders-value")?;
/// let message = encoder.to_vec(order)?;
///
/// // Consumer: writer schemas are fetched by id (once each) and resolved against `Order`.
/// let decoder = registry.decoder::<Order>();
/// let order = decoder.decode(bytes)?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RegistryClient {
    inner: Arc<Inner>,
}

struct Inner {
    /// `http://host:port[/path]`, no trailing slash.
    base: String,
    agent: ureq::Agent,
    /// The `Authorization` header value.
    auth: Option<String>,
    retry: RetryPolicy,
    ids: IdCache,
    /// Ids of schemas registered (or looked up) through this client, by subject and schema text.
    registered: Mutex<HashMap<(String, String), u32>>,
    /// HTTP requests sent (attempts, retries included).
    requests: AtomicU64,
}

impl fmt::Debug for RegistryClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegistryClient")
            .field("url", &self.inner.base)
            .field("auth", &self.inner.auth.as_ref().map(|_| "<set>"))
            .field("retry", &self.inner.retry)
            .field("cached_schemas", &self.inner.ids.len())
            .finish()
    }
}

impl RegistryClient {
    /// A client of the registry at `url` with the default settings (no credentials, 30 s
    /// timeout, 3 retries).
    pub fn new(url: &str) -> Result<Self> {
        Self::builder(url).build()
    }

    /// A builder for a client of the registry at `url` (`http://localhost:8081`; a path prefix
    /// is kept, for registries served under one).
    pub fn builder(url: &str) -> RegistryClientBuilder {
        RegistryClientBuilder {
            url: url.to_string(),
            auth: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!("avro-registry/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }

    /// The registry URL.
    pub fn url(&self) -> &str {
        &self.inner.base
    }

    /// HTTP requests sent so far by this client and its clones (each attempt counts).
    pub fn requests_sent(&self) -> u64 {
        self.inner.requests.load(Ordering::Relaxed)
    }

    /// Number of schemas cached by id.
    pub fn cached_schemas(&self) -> usize {
        self.inner.ids.len()
    }

    // ---- schemas -----------------------------------------------------------------------------

    /// Registers `schema_json` under `subject` (`POST /subjects/{subject}/versions`) and returns
    /// its global id: a new version when the subject does not have it yet, else the existing id.
    /// The registry refuses a schema that is invalid (error code 42201) or that breaks the
    /// subject's compatibility level (409), saying why.
    pub fn register(&self, subject: &str, schema_json: &str) -> Result<u32> {
        let key = (subject.to_string(), schema_json.to_string());
        if let Some(id) = lock(&self.inner.registered).get(&key) {
            return Ok(*id);
        }
        let request = Request::new(
            Method::POST,
            format!("/subjects/{}/versions", segment(subject)),
        )
        .body(json!({ "schema": schema_json }));
        let answer = self.send(&request)?;
        let id = field_id(&request, &answer, "id")?;
        self.remember(key, id);
        Ok(id)
    }

    /// The registration of `schema_json` under `subject` (`POST /subjects/{subject}`), or `None`
    /// when the subject does not have this schema.
    pub fn lookup(&self, subject: &str, schema_json: &str) -> Result<Option<RegisteredSchema>> {
        let request = Request::new(Method::POST, format!("/subjects/{}", segment(subject)))
            .body(json!({ "schema": schema_json }));
        let Some(answer) = self.send_or_not_found(&request)? else {
            return Ok(None);
        };
        let registered = registered_schema(&request, &answer, subject)?;
        self.remember(
            (subject.to_string(), schema_json.to_string()),
            registered.id,
        );
        Ok(Some(registered))
    }

    /// The schema with this global id (`GET /schemas/ids/{id}`), or `None` when there is none.
    /// Cached: each id is fetched once, and concurrent calls for an id not yet cached wait for
    /// one request.
    pub fn schema(&self, id: u32) -> Result<Option<Arc<str>>> {
        self.inner.ids.get_or_fetch(id, || {
            let request = Request::new(Method::GET, format!("/schemas/ids/{id}"));
            let Some(answer) = self.send_or_not_found(&request)? else {
                return Ok(None);
            };
            Ok(Some(Arc::from(field_str(&request, &answer, "schema")?)))
        })
    }

    /// The newest version of `subject` (`GET /subjects/{subject}/versions/latest`), or `None`
    /// when the subject does not exist. Not cached: it changes when a version is registered.
    pub fn latest(&self, subject: &str) -> Result<Option<RegisteredSchema>> {
        self.subject_version(subject, "latest")
    }

    /// Version `version` (from 1) of `subject` (`GET /subjects/{subject}/versions/{version}`), or
    /// `None` when the subject or the version does not exist.
    pub fn version(&self, subject: &str, version: u32) -> Result<Option<RegisteredSchema>> {
        self.subject_version(subject, &version.to_string())
    }

    fn subject_version(&self, subject: &str, version: &str) -> Result<Option<RegisteredSchema>> {
        let request = Request::new(
            Method::GET,
            format!("/subjects/{}/versions/{version}", segment(subject)),
        );
        let Some(answer) = self.send_or_not_found(&request)? else {
            return Ok(None);
        };
        let registered = registered_schema(&request, &answer, subject)?;
        self.inner
            .ids
            .insert(registered.id, Arc::clone(&registered.schema));
        Ok(Some(registered))
    }

    /// The version numbers of `subject`, oldest first (`GET /subjects/{subject}/versions`);
    /// empty when the subject does not exist.
    pub fn versions(&self, subject: &str) -> Result<Vec<u32>> {
        let request = Request::new(
            Method::GET,
            format!("/subjects/{}/versions", segment(subject)),
        );
        let Some(answer) = self.send_or_not_found(&request)? else {
            return Ok(Vec::new());
        };
        list(&request, &answer, |v| {
            v.as_u64().and_then(|n| u32::try_from(n).ok())
        })
    }

    /// Every subject (`GET /subjects`).
    pub fn subjects(&self) -> Result<Vec<String>> {
        let request = Request::new(Method::GET, "/subjects".to_string());
        let answer = self.send(&request)?;
        list(&request, &answer, |v| v.as_str().map(str::to_string))
    }

    // ---- compatibility -----------------------------------------------------------------------

    /// Whether `schema_json` may be registered under `subject`: tested against the versions the
    /// subject's compatibility level names (`POST /compatibility/subjects/{subject}/versions`,
    /// verbose). A subject that does not exist accepts any valid schema.
    pub fn test_compatibility(
        &self,
        subject: &str,
        schema_json: &str,
    ) -> Result<CompatibilityCheck> {
        self.compatibility_request(
            format!(
                "/compatibility/subjects/{}/versions?verbose=true",
                segment(subject)
            ),
            schema_json,
        )
    }

    /// Whether `schema_json` is compatible with one version of `subject` (`None`: the latest)
    /// under the subject's level (`POST /compatibility/subjects/{subject}/versions/{version}`,
    /// verbose). Fails with error code 40401 or 40402 when the subject or version does not exist.
    pub fn test_compatibility_with_version(
        &self,
        subject: &str,
        version: Option<u32>,
        schema_json: &str,
    ) -> Result<CompatibilityCheck> {
        let version = version.map_or_else(|| "latest".to_string(), |v| v.to_string());
        self.compatibility_request(
            format!(
                "/compatibility/subjects/{}/versions/{version}?verbose=true",
                segment(subject)
            ),
            schema_json,
        )
    }

    fn compatibility_request(&self, path: String, schema_json: &str) -> Result<CompatibilityCheck> {
        let request = Request::new(Method::POST, path).body(json!({ "schema": schema_json }));
        let answer = self.send(&request)?;
        let is_compatible = answer
            .get("is_compatible")
            .and_then(Value::as_bool)
            .ok_or_else(|| invalid(&request, "no boolean `is_compatible`"))?;
        let messages = match answer.get("messages") {
            None | Some(Value::Null) => Vec::new(),
            Some(_) => list(&request, &answer["messages"], |v| {
                Some(v.as_str().map_or_else(|| v.to_string(), str::to_string))
            })?,
        };
        Ok(CompatibilityCheck {
            is_compatible,
            messages,
        })
    }

    /// The compatibility level `subject` is checked with (`GET
    /// /config/{subject}?defaultToGlobal=true`): its own, else the registry's default.
    pub fn compatibility(&self, subject: &str) -> Result<CompatibilityMode> {
        let request = Request::new(
            Method::GET,
            format!("/config/{}?defaultToGlobal=true", segment(subject)),
        );
        self.level(&request, "compatibilityLevel")
    }

    /// The level `subject` has of its own (`GET /config/{subject}`), or `None` when it uses the
    /// registry's default.
    pub fn subject_compatibility(&self, subject: &str) -> Result<Option<CompatibilityMode>> {
        let request = Request::new(Method::GET, format!("/config/{}", segment(subject)));
        match self.level(&request, "compatibilityLevel") {
            Ok(mode) => Ok(Some(mode)),
            Err(e)
                if e.is_not_found()
                    && matches!(
                        e.error_code(),
                        Some(
                            codes::SUBJECT_NOT_FOUND
                                | codes::SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED
                        )
                    ) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The registry's default compatibility level (`GET /config`).
    pub fn global_compatibility(&self) -> Result<CompatibilityMode> {
        self.level(
            &Request::new(Method::GET, "/config".to_string()),
            "compatibilityLevel",
        )
    }

    /// Sets the compatibility level of `subject` (`PUT /config/{subject}`) and returns it.
    pub fn set_compatibility(
        &self,
        subject: &str,
        mode: CompatibilityMode,
    ) -> Result<CompatibilityMode> {
        let request = Request::new(Method::PUT, format!("/config/{}", segment(subject)))
            .body(json!({ "compatibility": mode.as_str() }));
        self.level(&request, "compatibility")
    }

    /// Sets the registry's default compatibility level (`PUT /config`) and returns it.
    pub fn set_global_compatibility(&self, mode: CompatibilityMode) -> Result<CompatibilityMode> {
        let request = Request::new(Method::PUT, "/config".to_string())
            .body(json!({ "compatibility": mode.as_str() }));
        self.level(&request, "compatibility")
    }

    fn level(&self, request: &Request, field: &str) -> Result<CompatibilityMode> {
        let answer = self.send(request)?;
        let text = field_str(request, &answer, field)?;
        text.parse()
            .map_err(|e| invalid(request, &format!("`{field}`: {e}")))
    }

    // ---- producers and consumers -------------------------------------------------------------

    /// A producer's encoder for `T`: registers `T`'s schema ([`AvroSchema::SCHEMA_JSON`]) under
    /// `subject` once (the id comes from the registry, or from this client's cache) and frames
    /// every value with its id. Use [`subject names`](avro_runtime::framing::topic_name_strategy)
    /// for `subject`.
    pub fn encoder<T: Encode + AvroSchema + ?Sized>(
        &self,
        subject: &str,
    ) -> Result<ConfluentEncoder<T>> {
        self.register(subject, T::SCHEMA_JSON)
            .map(ConfluentEncoder::new)
    }

    /// A producer's encoder for `T` whose schema must already be registered under `subject` (for
    /// producers not allowed to register, as Confluent's `auto.register.schemas=false`). Fails
    /// naming the subject when it is not.
    pub fn registered_encoder<T: Encode + AvroSchema + ?Sized>(
        &self,
        subject: &str,
    ) -> Result<ConfluentEncoder<T>> {
        match self.lookup(subject, T::SCHEMA_JSON)? {
            Some(registered) => Ok(ConfluentEncoder::new(registered.id)),
            None => Err(RegistryError::Api {
                request: format!("POST /subjects/{}", segment(subject)),
                status: 404,
                error_code: Some(codes::SCHEMA_NOT_FOUND),
                message: format!(
                    "the schema of {} is not registered under subject `{subject}`",
                    std::any::type_name::<T>()
                ),
            }),
        }
    }

    /// A consumer's decoder reading Confluent-framed messages of any writer schema as `T`, the
    /// writer schemas fetched through this client (a clone sharing its cache).
    pub fn decoder<T>(&self) -> ConfluentDecoder<T, RegistryClient> {
        ConfluentDecoder::new(self.clone())
    }

    fn remember(&self, key: (String, String), id: u32) {
        let schema: Arc<str> = Arc::from(key.1.as_str());
        lock(&self.inner.registered).insert(key, id);
        self.inner.ids.insert(id, schema);
    }

    // ---- HTTP --------------------------------------------------------------------------------

    /// Sends `request`; a 404 is `Ok(None)`.
    fn send_or_not_found(&self, request: &Request) -> Result<Option<Value>> {
        match self.send(request) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Sends `request` with the retry policy and returns the JSON of a 2xx answer.
    fn send(&self, request: &Request) -> Result<Value> {
        let policy = self.inner.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let retry_left = attempt <= policy.retries;
            match self.attempt(request) {
                Ok((status, body)) if (200..300).contains(&status) => {
                    return parse_success(request, &body);
                }
                Ok((status, body)) => {
                    if retry_left && (status >= 500 || status == 429) {
                        pause(policy.backoff(attempt - 1));
                        continue;
                    }
                    return Err(api_error(request, status, &body));
                }
                Err(e) if retry_left && retriable(&e) => pause(policy.backoff(attempt - 1)),
                Err(e) => {
                    return Err(RegistryError::Transport {
                        request: request.describe(),
                        attempts: attempt,
                        message: e.to_string(),
                    })
                }
            }
        }
    }

    /// Sends `request` once: the status and body of the answer.
    fn attempt(&self, request: &Request) -> Result<(u16, String), ureq::Error> {
        self.inner.requests.fetch_add(1, Ordering::Relaxed);
        let mut builder = http::Request::builder()
            .method(request.method.clone())
            .uri(format!("{}{}", self.inner.base, request.path))
            .header("Accept", ACCEPT);
        if let Some(auth) = &self.inner.auth {
            builder = builder.header("Authorization", auth.as_str());
        }
        let response = match &request.body {
            Some(body) => self.inner.agent.run(
                builder
                    .header("Content-Type", CONTENT_TYPE)
                    .body(body.to_string())?,
            )?,
            None => self.inner.agent.run(builder.body(())?)?,
        };
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .into_with_config()
            .limit(MAX_RESPONSE)
            .lossy_utf8(true)
            .read_to_string()?;
        Ok((status, body))
    }
}

impl SchemaLookup for RegistryClient {
    fn schema_by_id(&self, id: u32) -> avro_runtime::Result<Option<Arc<str>>> {
        self.schema(id).map_err(Into::into)
    }
}

/// One request: method, path (with query) and JSON body.
struct Request {
    method: Method,
    path: String,
    body: Option<Value>,
}

impl Request {
    fn new(method: Method, path: String) -> Self {
        Request {
            method,
            path,
            body: None,
        }
    }

    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// `GET /schemas/ids/7`.
    fn describe(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Whether a failure without an answer is worth another attempt.
fn retriable(e: &ureq::Error) -> bool {
    matches!(
        e,
        ureq::Error::Io(_) | ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed
    )
}

/// Waits `base` minus up to half of it at random.
fn pause(base: Duration) {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(0);
    let half = base / 2;
    let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
    let jitter = if nanos == 0 {
        0
    } else {
        hasher.finish() % nanos
    };
    std::thread::sleep(base - Duration::from_nanos(jitter));
}

fn parse_success(request: &Request, body: &str) -> Result<Value> {
    if body.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(body).map_err(|e| {
        invalid(
            request,
            &format!("the body is not JSON ({e}): {}", excerpt(body)),
        )
    })
}

fn api_error(request: &Request, status: u16, body: &str) -> RegistryError {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let error_code = parsed
        .as_ref()
        .and_then(|v| v.get("error_code"))
        .and_then(Value::as_i64);
    let message = parsed
        .as_ref()
        .and_then(|v| v.get("message"))
        .and_then(Value::as_str)
        .map_or_else(|| excerpt(body), str::to_string);
    RegistryError::Api {
        request: request.describe(),
        status,
        error_code,
        message,
    }
}

/// The start of a body, for messages.
fn excerpt(body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        return "(empty body)".to_string();
    }
    match body.char_indices().nth(200) {
        Some((cut, _)) => format!("{}...", &body[..cut]),
        None => body.to_string(),
    }
}

#[cold]
fn invalid(request: &Request, message: &str) -> RegistryError {
    RegistryError::InvalidResponse {
        request: request.describe(),
        message: message.to_string(),
    }
}

fn field_str<'v>(request: &Request, answer: &'v Value, field: &str) -> Result<&'v str> {
    answer.get(field).and_then(Value::as_str).ok_or_else(|| {
        invalid(
            request,
            &format!("no string `{field}` in {}", excerpt(&answer.to_string())),
        )
    })
}

fn field_id(request: &Request, answer: &Value, field: &str) -> Result<u32> {
    answer
        .get(field)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            invalid(
                request,
                &format!(
                    "no id `{field}` (0 to 2^32-1) in {}",
                    excerpt(&answer.to_string())
                ),
            )
        })
}

fn registered_schema(request: &Request, answer: &Value, subject: &str) -> Result<RegisteredSchema> {
    Ok(RegisteredSchema {
        subject: answer
            .get("subject")
            .and_then(Value::as_str)
            .unwrap_or(subject)
            .to_string(),
        id: field_id(request, answer, "id")?,
        version: field_id(request, answer, "version")?,
        schema: Arc::from(field_str(request, answer, "schema")?),
    })
}

fn list<T>(
    request: &Request,
    answer: &Value,
    item: impl Fn(&Value) -> Option<T>,
) -> Result<Vec<T>> {
    let items = answer.as_array().ok_or_else(|| {
        invalid(
            request,
            &format!(
                "expected a JSON array, got {}",
                excerpt(&answer.to_string())
            ),
        )
    })?;
    items
        .iter()
        .map(|v| item(v).ok_or_else(|| invalid(request, &format!("unexpected item {v}"))))
        .collect()
}

/// `subject` as one URL path segment: every byte but the unreserved characters percent-encoded
/// (subjects may hold `/`, `:` and spaces).
fn segment(subject: &str) -> String {
    let mut out = String::with_capacity(subject.len());
    for b in subject.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_one_path_segment() {
        assert_eq!(segment("orders-value"), "orders-value");
        assert_eq!(segment("a/b c:d%"), "a%2Fb%20c%3Ad%25");
        assert_eq!(segment("é"), "%C3%A9");
    }

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let p = RetryPolicy {
            retries: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(500),
        };
        let waits: Vec<u128> = (0..5).map(|r| p.backoff(r).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 500, 500]);
        assert_eq!(p.backoff(40), Duration::from_millis(500));
    }

    #[test]
    fn bad_urls_are_refused() {
        for url in ["localhost:8081", "ftp://x", "http://", "http:///x"] {
            let e = RegistryClient::new(url).unwrap_err();
            assert!(matches!(e, RegistryError::Config(_)), "{url}: {e}");
        }
        let c = RegistryClient::new("http://localhost:8081/registry/").unwrap();
        assert_eq!(c.url(), "http://localhost:8081/registry");
    }
}
