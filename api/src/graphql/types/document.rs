use async_graphql::{Context, Object, Result, ID};

use crate::graphql::common::store;
use crate::graphql::ids;
use crate::store::models::{DocumentRow, EvidenceRow};
use crate::store::read;

/// A source: a press release, a table, a statistics file.
#[derive(Clone)]
pub struct Document(pub DocumentRow);

#[Object]
impl Document {
    pub async fn id(&self) -> ID {
        ids::encode("Document", self.0.id)
    }
    /// `press_release`, `table` or `statistics`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: as precise as the source.
    async fn published(&self) -> Option<&str> {
        self.0.published.as_deref()
    }
    async fn language(&self) -> Option<&str> {
        self.0.language.as_deref()
    }
    async fn publisher(&self) -> Option<&str> {
        self.0.publisher.as_deref()
    }
    /// Identifies the input: importing it again changes nothing.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    /// The importer that read it.
    async fn importer(&self) -> &str {
        &self.0.importer
    }
    /// RFC 3339, UTC.
    async fn imported_at(&self) -> &str {
        &self.0.imported_at
    }
    /// What the importer and its checks found doubtful in this document
    /// (figures that do not add up, implausible amounts, an operator given
    /// two different figures, lines skipped).
    async fn warnings(&self) -> Vec<String> {
        serde_json::from_str(&self.0.warnings).unwrap_or_default()
    }
    /// The text that evidence spans point into.
    async fn text(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let id = self.0.id;
        Ok(store(ctx)
            .run(move |conn| read::document_text(conn, id))
            .await?)
    }
}

/// One place in a document that supports a fact.
#[derive(Clone)]
pub struct Evidence {
    pub row: EvidenceRow,
    pub document: DocumentRow,
}

#[Object]
impl Evidence {
    async fn document(&self) -> Document {
        Document(self.document.clone())
    }
    /// The supporting text, for evidence in a text.
    async fn quote(&self) -> Option<&str> {
        self.row.quote.as_deref()
    }
    /// Byte offsets of the quote in the document text, end exclusive.
    async fn start(&self) -> Option<i64> {
        self.row.span_start
    }
    async fn end(&self) -> Option<i64> {
        self.row.span_end
    }
    /// For tables: the 1-based data row and the column as the header names it.
    async fn row(&self) -> Option<i64> {
        self.row.row_number
    }
    async fn column(&self) -> Option<&str> {
        self.row.column_name.as_deref()
    }
    /// For statistics: the series or observation key.
    async fn key(&self) -> Option<&str> {
        self.row.series_key.as_deref()
    }
}
