//! Gives every GraphQL error an `extensions.code`: the code of the server's
//! own error when there is one, otherwise one for the stage that failed.
//! Messages quote at most a short excerpt of what the client sent.

use std::borrow::Cow;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest};
use async_graphql::{Response, ServerError};

use crate::error::Error;

/// Longest run of quoted text an error message keeps.
const QUOTE_CHARS: usize = 100;
/// Longest error message sent.
const MESSAGE_CHARS: usize = 2_000;
/// Most errors one answer lists: a query may fail once per item of a list.
const MAX_ERRORS: usize = 100;

/// `message` with every quoted run (`"…"` or `` `…` ``) cut to
/// [`QUOTE_CHARS`] characters and the whole to [`MESSAGE_CHARS`]: messages
/// quote names and values from the query, which may be megabytes long.
pub fn shorten(message: &str) -> Cow<'_, str> {
    if message.chars().count() <= QUOTE_CHARS {
        return Cow::Borrowed(message);
    }
    let mut out = String::with_capacity(message.len().min(MESSAGE_CHARS + 8));
    let (mut quote, mut quoted, mut escaped, mut written) = (None, 0, false, 0);
    for c in message.chars() {
        if written >= MESSAGE_CHARS {
            out.push('…');
            break;
        }
        let keep = match quote {
            None => {
                if c == '"' || c == '`' {
                    (quote, quoted) = (Some(c), 0);
                }
                true
            }
            Some(q) => {
                let closing = c == q && !escaped;
                escaped = q == '"' && c == '\\' && !escaped;
                if closing {
                    quote = None;
                    true
                } else {
                    quoted += 1;
                    if quoted == QUOTE_CHARS + 1 {
                        out.push('…');
                    }
                    quoted <= QUOTE_CHARS
                }
            }
        };
        if keep {
            out.push(c);
            written += 1;
        }
    }
    Cow::Owned(out)
}

/// async-graphql's own words for a value that its type cannot hold, met
/// when arguments are read during execution.
fn is_input_error(message: &str) -> bool {
    message.starts_with("Failed to parse \"")
        || message.starts_with("Expected input type")
        || message.starts_with("Invalid value for argument")
}

pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

fn has_code(error: &ServerError) -> bool {
    error
        .extensions
        .as_ref()
        .is_some_and(|ext| ext.get("code").is_some())
}

/// The code for an error that came without one.
fn code_of(error: &ServerError, before_execution: bool) -> &'static str {
    match error.source::<Error>() {
        Some(own) => own.code(),
        None if before_execution && error.path.is_empty() => "GRAPHQL_VALIDATION_FAILED",
        None if is_input_error(&error.message) => "BAD_USER_INPUT",
        None => "INTERNAL_ERROR",
    }
}

#[async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        // Errors raised before execution (parse, validation, limits) carry no
        // path and leave no data.
        let before_execution = response.data == async_graphql::Value::Null;
        if response.errors.len() > MAX_ERRORS {
            let left_out = response.errors.len() - MAX_ERRORS;
            response.errors.truncate(MAX_ERRORS);
            let mut note = ServerError::new(format!("{left_out} more errors were left out"), None);
            note.extensions = response.errors[MAX_ERRORS - 1].extensions.clone();
            response.errors.push(note);
        }
        for error in &mut response.errors {
            if let Cow::Owned(short) = shorten(&error.message) {
                error.message = short;
            }
            if has_code(error) {
                continue;
            }
            let code = code_of(error, before_execution);
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", code);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_cut() {
        let name = "x".repeat(4_000_000);
        let message = format!("Unknown field \"{name}\" on type \"Query\".");
        let short = shorten(&message);
        assert!(short.len() < 200, "{short}");
        assert!(short.starts_with(&format!("Unknown field \"{}…\"", "x".repeat(100))));
        assert!(short.ends_with(" on type \"Query\"."));
    }

    #[test]
    fn short_messages_are_kept() {
        let message = "Unknown field \"nosuchfield\" on type \"Query\".";
        assert_eq!(shorten(message), message);
        let escaped = format!("value \"{}\\\"{}\" refused", "a".repeat(50), "b".repeat(40));
        assert_eq!(shorten(&escaped), escaped);
    }

    #[test]
    fn long_messages_are_cut() {
        let message = "word ".repeat(10_000);
        assert_eq!(shorten(&message).chars().count(), MESSAGE_CHARS + 1);
    }
}
