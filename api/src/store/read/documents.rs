use diesel::prelude::*;

use super::{Db, Page};
use crate::error::Result;
use crate::store::connection::DbConnection;
use crate::store::filter::{Direction, DocumentFilter, DocumentOrder, Window};
use crate::store::models::DocumentRow;
use crate::store::schema::*;

fn filtered(f: &DocumentFilter) -> documents::BoxedQuery<'static, Db> {
    let mut q = documents::table.into_boxed();
    if let Some(kind) = &f.kind {
        q = q.filter(documents::kind.eq(kind.clone()));
    }
    if let Some(importer) = &f.importer {
        q = q.filter(documents::importer.eq(importer.clone()));
    }
    if let Some(from) = &f.published.from {
        q = q.filter(documents::published.ge(from.clone()));
    }
    if let Some(to) = f.published.upper_exclusive() {
        q = q.filter(documents::published.lt(to));
    }
    q
}

pub fn documents_page(
    conn: &mut DbConnection,
    f: &DocumentFilter,
    window: impl FnOnce(i64) -> Window,
) -> Result<Page<DocumentRow>> {
    let total = filtered(f).count().get_result(conn)?;
    let window = window(total);
    let mut q = filtered(f);
    q = match (f.order, f.direction) {
        (DocumentOrder::Published, Direction::Asc) => q.order_by(documents::published.asc()),
        (DocumentOrder::Published, Direction::Desc) => q.order_by(documents::published.desc()),
        (DocumentOrder::ImportedAt, Direction::Asc) => q.order_by(documents::imported_at.asc()),
        (DocumentOrder::ImportedAt, Direction::Desc) => q.order_by(documents::imported_at.desc()),
        (DocumentOrder::Title, Direction::Asc) => q.order_by(documents::title.asc()),
        (DocumentOrder::Title, Direction::Desc) => q.order_by(documents::title.desc()),
    };
    let rows = q
        .then_order_by(documents::id.asc())
        .offset(window.offset)
        .limit(window.limit)
        .select(DocumentRow::as_select())
        .load(conn)?;
    Ok(Page { rows, total })
}

pub fn documents_by_ids(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<DocumentRow>> {
    Ok(documents::table
        .filter(documents::id.eq_any(ids))
        .select(DocumentRow::as_select())
        .load(conn)?)
}

pub fn document_text(conn: &mut DbConnection, id: i64) -> Result<Option<String>> {
    Ok(documents::table
        .find(id)
        .select(documents::text)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}
