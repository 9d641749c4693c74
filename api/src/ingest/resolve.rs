//! Finding the node a batch entity stands for.

use pledgegraph_importer::Entity;

use crate::error::Result;
use crate::store::write::find_node;
use crate::store::DbConnection;
use crate::text::fold;

/// The existing node for `entity`: same type, and its name or one of its
/// aliases folds to a known name or alias.
pub fn existing_node(conn: &mut DbConnection, entity: &Entity) -> Result<Option<i64>> {
    let kind = entity.kind.as_str();
    for name in std::iter::once(&entity.name).chain(&entity.aliases) {
        let folded = fold(name);
        if folded.is_empty() {
            continue;
        }
        if let Some(id) = find_node(conn, kind, &folded)? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}
