//! Finding the node a batch entity stands for.

use pledgegraph_importer::Entity;

use crate::error::Result;
use crate::store::write::find_node;
use crate::store::DbConnection;
use crate::text::match_key;

/// The existing node for `entity`: same type, and its name or one of its
/// aliases has the matching key of a known name or alias (case, accents,
/// punctuation and, for companies, legal forms ignored).
pub fn existing_node(conn: &mut DbConnection, entity: &Entity) -> Result<Option<i64>> {
    let kind = entity.kind.as_str();
    for name in std::iter::once(&entity.name).chain(&entity.aliases) {
        let key = match_key(kind, name);
        if key.is_empty() {
            continue;
        }
        if let Some(id) = find_node(conn, kind, &key)? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}
