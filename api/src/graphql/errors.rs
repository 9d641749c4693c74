//! Gives every GraphQL error an `extensions.code`: the code of the server's
//! own error when there is one, otherwise one for the stage that failed.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest};
use async_graphql::Response;

use crate::error::Error;

pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

#[async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        // Errors raised before execution (parse, validation, limits) carry no
        // path and leave no data.
        let before_execution = response.data == async_graphql::Value::Null;
        for error in &mut response.errors {
            let has_code = error
                .extensions
                .as_ref()
                .is_some_and(|ext| ext.get("code").is_some());
            if has_code {
                continue;
            }
            let code = match error.source::<Error>() {
                Some(own) => own.code(),
                None if before_execution && error.path.is_empty() => "GRAPHQL_VALIDATION_FAILED",
                None => "INTERNAL_ERROR",
            };
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", code);
        }
        response
    }
}
