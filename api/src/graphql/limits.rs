//! Holds every request to its [`QueryLimits`]: the shape and cost of the
//! query before it runs, its time while it runs, the size of its answer as
//! it grows. Refusals carry `extensions.code` and say the limit.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextPrepareRequest,
    NextRequest, NextResolve, NextValidation, ResolveInfo,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{
    ErrorExtensionValues, Request, Response, ServerError, ServerResult, ValidationResult, Value,
    Variables,
};

use super::cost::{self, thousands, Exceeded, Measure, QueryLimits};

/// The code of every refusal of a query for its shape or cost.
pub const TOO_COSTLY: &str = "QUERY_TOO_COSTLY";
pub const TOO_LARGE: &str = "RESPONSE_TOO_LARGE";
pub const TIMEOUT: &str = "TIMEOUT";

/// An error with `extensions.code` and, when given, more extensions.
pub fn coded(message: String, code: &str, more: &[(&str, Value)]) -> ServerError {
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    for (name, value) in more {
        extensions.set(*name, value.clone());
    }
    let mut error = ServerError::new(message, None);
    error.extensions = Some(extensions);
    error
}

/// A refusal for passing `limit`: `value` (when known exactly) over `max`.
fn too_costly(message: String, limit: &str, value: Option<u64>, max: u64) -> ServerError {
    let mut more = vec![("limit", Value::from(limit)), ("max", Value::from(max))];
    if let Some(value) = value {
        more.push(("value", Value::from(value)));
    }
    coded(
        format!("query refused before execution: {message}"),
        TOO_COSTLY,
        &more,
    )
}

/// The answer for a response over `limit` bytes.
pub fn response_too_large(limit: usize) -> ServerError {
    coded(
        format!(
            "the answer is over {} bytes, the most one response may hold: \
             ask for fewer fields or smaller pages",
            thousands(limit as u64)
        ),
        TOO_LARGE,
        &[("max", Value::from(limit as u64))],
    )
}

fn timed_out(limit: Duration, mutation: bool) -> ServerError {
    let what = if mutation { "mutation" } else { "query" };
    coded(
        format!(
            "the {what} was stopped after {}, the time limit of a {what}: \
             ask for less, or page through the lists",
            humantime::format_duration(limit)
        ),
        TIMEOUT,
        &[("seconds", Value::from(limit.as_secs_f64()))],
    )
}

/// Refuses, before it is parsed, a query whose brackets nest too deep.
fn nesting_refusal(query: &str, limits: &QueryLimits) -> Option<ServerError> {
    let max = limits.max_nesting();
    if cost::nesting(query, max) <= max {
        return None;
    }
    let message = format!("its brackets nest deeper than the limit of {max} levels");
    Some(too_costly(message, "depth", None, max as u64))
}

/// Refuses a query that spells out too many fields or aliases.
fn shape_refusal(doc: &ExecutableDocument, limits: &QueryLimits) -> Option<ServerError> {
    let tally = cost::tally(doc);
    if let Some(name) = tally.long_name {
        let message = format!(
            "no field or argument is named \"{name}\": names are at most {} characters",
            cost::MAX_NAME
        );
        return Some(coded(message, "GRAPHQL_VALIDATION_FAILED", &[]));
    }
    if tally.fields > limits.max_fields {
        let message = format!(
            "it selects {} fields, over the limit of {}",
            thousands(tally.fields as u64),
            thousands(limits.max_fields as u64)
        );
        return Some(too_costly(
            message,
            "fields",
            Some(tally.fields as u64),
            limits.max_fields as u64,
        ));
    }
    if tally.aliases > limits.max_aliases {
        let message = format!(
            "it has {} aliases, over the limit of {}",
            thousands(tally.aliases as u64),
            thousands(limits.max_aliases as u64)
        );
        return Some(too_costly(
            message,
            "aliases",
            Some(tally.aliases as u64),
            limits.max_aliases as u64,
        ));
    }
    None
}

/// Refuses a query whose expanded shape passed a limit during the walk.
fn expanded_refusal(measure: &Measure, limits: &QueryLimits) -> Option<ServerError> {
    let (limit, max, message) = match measure.exceeded? {
        Exceeded::Fields => (
            "fields",
            limits.max_fields,
            "it selects more fields than the limit of {max} once its fragments are spread",
        ),
        Exceeded::Aliases => (
            "aliases",
            limits.max_aliases,
            "it has more aliases than the limit of {max} once its fragments are spread",
        ),
        Exceeded::Depth => (
            "depth",
            limits.max_depth,
            "it is nested too deep, past the limit of {max} levels of fields",
        ),
        Exceeded::Fragments => (
            "depth",
            limits.max_depth * 2,
            "it spreads fragments inside fragments deeper than the limit of {max}",
        ),
    };
    let message = message.replace("{max}", &thousands(max as u64));
    Some(too_costly(message, limit, None, max as u64))
}

/// Refuses a query that would fetch too many nodes or cost too much.
fn cost_refusal(measure: &Measure, limits: &QueryLimits) -> Option<ServerError> {
    if measure.nodes > limits.max_nodes {
        let message = format!(
            "it could fetch up to {} nodes, over the limit of {} (each list counts its \
             first or last, {} when neither is given, times the lists around it): \
             ask for smaller pages",
            thousands(measure.nodes),
            thousands(limits.max_nodes),
            super::paging::DEFAULT_PAGE
        );
        return Some(too_costly(
            message,
            "nodes",
            Some(measure.nodes),
            limits.max_nodes,
        ));
    }
    if measure.cost > limits.max_cost {
        let message = format!(
            "its cost is {}, over the limit of {} (every object a field returns costs 1, \
             aggregates such as commitmentStats more, times the lists around them): \
             ask for less in one request",
            thousands(measure.cost),
            thousands(limits.max_cost)
        );
        return Some(too_costly(
            message,
            "cost",
            Some(measure.cost),
            limits.max_cost,
        ));
    }
    None
}

/// Rewrites a syntax error, whose message quotes the whole line it is on
/// (a query may be one line of megabytes), to quote a short excerpt.
fn short_syntax_error(mut error: ServerError, query: &str) -> ServerError {
    let Some(detail) = error.message.split_once("\n") else {
        return error;
    };
    let expected = detail
        .1
        .lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("= "))
        .unwrap_or("syntax error")
        .to_owned();
    let near = error
        .locations
        .first()
        .map(|pos| excerpt(query, pos.line, pos.column))
        .unwrap_or_default();
    error.message = match error.locations.first() {
        Some(pos) => format!(
            "syntax error at line {}, column {}: {expected}, near \"{near}\"",
            pos.line, pos.column
        ),
        None => format!("syntax error: {expected}"),
    };
    error
}

/// Up to 30 characters either side of `line:column` (both from 1).
fn excerpt(query: &str, line: usize, column: usize) -> String {
    let Some(text) = query.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let at = column.saturating_sub(1);
    let start = at.saturating_sub(30);
    let mut out: String = text.chars().skip(start).take(at - start + 30).collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if text.chars().nth(at + 30).is_some() {
        out.push('…');
    }
    out
}

/// Roughly the JSON a resolved value adds, not counting the objects inside
/// it: their fields are counted as they resolve.
fn shallow_size(value: &Value) -> usize {
    match value {
        Value::Null => 4,
        Value::Boolean(_) => 5,
        Value::Number(_) => 8,
        Value::String(s) => s.len() + 2,
        Value::Enum(name) => name.len() + 2,
        Value::Binary(bytes) => bytes.len(),
        Value::List(items) => items.iter().map(shallow_size).sum::<usize>() + 2,
        Value::Object(_) => 2,
    }
}

/// Installs [`QueryLimits`] on a schema.
pub struct Limits(pub Arc<QueryLimits>);

impl ExtensionFactory for Limits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LimitsExtension {
            limits: self.0.clone(),
            operation: Mutex::new(None),
            measure: Mutex::new(None),
            answered: AtomicUsize::new(0),
            too_large: AtomicBool::new(false),
        })
    }
}

/// One request's view of the limits (a fresh one per request).
struct LimitsExtension {
    limits: Arc<QueryLimits>,
    /// The operation the request names, to price that one.
    operation: Mutex<Option<String>>,
    measure: Mutex<Option<Measure>>,
    /// Bytes of answer resolved so far, roughly.
    answered: AtomicUsize,
    too_large: AtomicBool,
}

impl LimitsExtension {
    fn measured<T>(&self, f: impl FnOnce(&Measure) -> T) -> Option<T> {
        self.measure.lock().ok()?.as_ref().map(f)
    }
}

#[async_trait::async_trait]
impl Extension for LimitsExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let response = next.run(ctx).await;
        if self.too_large.load(Ordering::Acquire) {
            // Drop the partial answer and its one error per field left out.
            return Response::from_errors(vec![response_too_large(self.limits.max_response_bytes)]);
        }
        response
    }

    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if let Ok(mut operation) = self.operation.lock() {
            operation.clone_from(&request.operation_name);
        }
        next.run(ctx, request).await
    }

    /// Parses the query itself, and checks its shape before anything walks
    /// it: async-graphql's own post-parse check and validation rules expand
    /// fragments, exponentially for fragments that spread others twice. So
    /// this extension must be the last one installed.
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        _next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let limits = &self.limits;
        if let Some(refusal) = nesting_refusal(query, limits) {
            return Err(refusal);
        }
        let doc = async_graphql::parser::parse_query(query)
            .map_err(|e| short_syntax_error(e.into(), query))?;
        if let Some(refusal) = shape_refusal(&doc, limits) {
            return Err(refusal);
        }
        let operation = self.operation.lock().ok().and_then(|o| o.clone());
        let registry = &ctx.schema_env.registry;
        let measure = cost::measure(&doc, registry, variables, operation.as_deref(), limits);
        if let Some(refusal) = expanded_refusal(&measure, limits) {
            return Err(refusal);
        }
        if let Some(problem) = &measure.bad_input {
            return Err(coded(problem.clone(), "BAD_USER_INPUT", &[]));
        }
        if let Ok(mut stored) = self.measure.lock() {
            *stored = Some(measure);
        }
        Ok(doc)
    }

    /// Cost limits are checked once the query is known to be valid, so that
    /// a mistyped query hears about its mistake first.
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        let refusal = self.measured(|m| cost_refusal(m, &self.limits)).flatten();
        match refusal {
            Some(refusal) => Err(vec![refusal]),
            None => Ok(result),
        }
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mutation = self.measured(|m| m.mutation).unwrap_or(false);
        let limit = match mutation {
            true => self.limits.mutation_timeout,
            false => self.limits.timeout,
        };
        // Dropping the execution stops its resolvers; statements already
        // sent are stopped by the store's own deadline.
        match actix_web::rt::time::timeout(limit, next.run(ctx, operation_name)).await {
            Ok(response) => response,
            Err(_) => Response::from_errors(vec![timed_out(limit, mutation)]),
        }
    }

    /// Counts the answer as it is built and stops resolving once it is over
    /// the limit, so that an answer too large is neither finished nor held.
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        if self.too_large.load(Ordering::Acquire) {
            return Err(response_too_large(self.limits.max_response_bytes));
        }
        let key = info.alias.unwrap_or(info.name).len() + 3;
        let value = next.run(ctx, info).await?;
        let size = key + value.as_ref().map_or(0, shallow_size);
        let answered = self.answered.fetch_add(size, Ordering::AcqRel) + size;
        if answered > self.limits.max_response_bytes {
            self.too_large.store(true, Ordering::Release);
        }
        Ok(value)
    }
}
