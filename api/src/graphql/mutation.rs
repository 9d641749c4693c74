//! Mutations: importing a document through an importer plugin. They need
//! `Authorization: Bearer <token>` matching the server's admin token; a
//! server started without one refuses every mutation.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use async_graphql::{Context, Enum, InputObject, Object, Result, SimpleObject, ID};
use base64::Engine;
use pledgegraph_importer::ImportRequest;

use super::common::store;
use super::ids;
use crate::error::Error;
use crate::ingest::import::{import_cancellable, InputData};
use crate::ingest::plugins::Registry;

/// The server's admin token, if one is configured.
pub struct AdminToken(pub Option<String>);

/// The bearer token a request came with.
pub struct Bearer(pub Option<String>);

/// Equal strings, compared in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn authorise(ctx: &Context<'_>) -> Result<(), Error> {
    let Some(expected) = ctx.data_unchecked::<AdminToken>().0.as_deref() else {
        return Err(Error::Forbidden(
            "mutations are disabled: start the server with PLEDGEGRAPH_ADMIN_TOKEN set".into(),
        ));
    };
    match ctx.data_opt::<Bearer>().and_then(|b| b.0.as_deref()) {
        None => Err(Error::Unauthenticated(
            "this mutation needs an Authorization: Bearer <token> header".into(),
        )),
        Some(given) if same_secret(given, expected) => Ok(()),
        Some(_) => Err(Error::Forbidden(
            "the bearer token is not the admin token".into(),
        )),
    }
}

/// What an import did.
#[derive(SimpleObject)]
pub struct ImportResult {
    pub document_id: ID,
    /// The importer that read the document.
    pub importer: String,
    /// True when the same document had been imported before: nothing changed.
    pub already_imported: bool,
    pub nodes_created: i64,
    pub nodes_matched: i64,
    /// New agreements, commitments, edges and observations.
    pub facts: i64,
    /// Agreements and commitments other documents reported already, to
    /// which this one adds its claims.
    pub facts_matched: i64,
    pub evidence: i64,
    pub warnings: Vec<String>,
}

/// How `content` carries the document's bytes.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContentEncoding {
    /// The document's text as it is (UTF-8).
    #[default]
    Text,
    /// The document's bytes in standard base64: for files in another
    /// encoding (Windows-1252 tables) or binary formats.
    #[graphql(name = "BASE64")]
    Base64,
}

/// An importer-specific option, as `--option KEY=VALUE` gives on the command line.
#[derive(InputObject)]
pub struct ImportOption {
    pub key: String,
    pub value: String,
}

pub struct Mutation;

#[Object]
impl Mutation {
    /// Imports a document (its text in `content`, or its bytes in base64
    /// with `encoding: BASE64`) through an importer: the one named, else the
    /// one its file name or content calls for.
    #[allow(clippy::too_many_arguments)]
    async fn import_document(
        &self,
        ctx: &Context<'_>,
        importer: Option<String>,
        filename: Option<String>,
        content: String,
        published: Option<String>,
        url: Option<String>,
        language: Option<String>,
        #[graphql(default)] encoding: ContentEncoding,
        #[graphql(default)] options: Vec<ImportOption>,
    ) -> Result<ImportResult> {
        authorise(ctx)?;
        let content = match encoding {
            ContentEncoding::Text => content.into_bytes(),
            ContentEncoding::Base64 => base64::engine::general_purpose::STANDARD
                .decode(content.trim())
                .map_err(|e| Error::InvalidInput(format!("content is not valid base64: {e}")))?,
        };
        let registry = ctx.data_unchecked::<Arc<Registry>>().clone();
        let request = ImportRequest {
            file_name: filename,
            path: None,
            published,
            url,
            language,
            options: options.into_iter().map(|o| (o.key, o.value)).collect(),
            option_dirs: Vec::new(),
        };
        // A request dropped at its deadline (or by its client) stops its
        // import rather than leaving it to run and commit unseen.
        let cancelled = Arc::new(AtomicBool::new(false));
        let _cancel_when_dropped = CancelWhenDropped(cancelled.clone());
        // Choosing may ask the plugins (each in a worker), and the plugin
        // runs inside the transaction: both on the store's blocking thread.
        let (plugin_name, summary) = store(ctx)
            .run(move |conn| {
                let head = &content[..content.len().min(8192)];
                let plugin = match &importer {
                    Some(name) => registry.find(name)?,
                    None => registry.choose(request.file_name.as_deref(), head)?,
                };
                let input = InputData::Bytes(content);
                let summary = import_cancellable(conn, plugin, &request, &input, &cancelled)?;
                Ok((plugin.info.name.clone(), summary))
            })
            .await?;
        Ok(ImportResult {
            document_id: ids::encode("Document", summary.document_id),
            importer: plugin_name,
            already_imported: summary.already_imported,
            nodes_created: summary.nodes_created as i64,
            nodes_matched: summary.nodes_matched as i64,
            facts: summary.facts as i64,
            facts_matched: summary.facts_matched as i64,
            evidence: summary.evidence as i64,
            warnings: summary.warnings,
        })
    }
}

/// Sets its flag when dropped: when the request's future is dropped before
/// the import is done, the import learns it.
struct CancelWhenDropped(Arc<AtomicBool>);

impl Drop for CancelWhenDropped {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}
