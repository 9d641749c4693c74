//! Finding the node a batch entity stands for.

use pledgegraph_importer::Entity;

use crate::error::Result;
use crate::store::write::find_nodes;
use crate::store::DbConnection;
use crate::text::match_key;

/// The existing node for `entity`: same type, and its name or one of its
/// aliases has the matching key of a known name or alias (case, accents,
/// punctuation and, for companies, legal forms ignored). Where both sides
/// know the country, it must agree: Atlas (MA) is not Atlas (FR).
pub fn existing_node(conn: &mut DbConnection, entity: &Entity) -> Result<Option<i64>> {
    let kind = entity.kind.as_str();
    let country = entity
        .attributes
        .get("country")
        .map(|c| c.to_ascii_uppercase());
    for name in std::iter::once(&entity.name).chain(&entity.aliases) {
        let key = match_key(kind, name);
        if key.is_empty() {
            continue;
        }
        let agrees = |known: &Option<String>| match (&country, known) {
            (Some(ours), Some(theirs)) => ours.eq_ignore_ascii_case(theirs),
            _ => true,
        };
        if let Some((id, _)) = find_nodes(conn, kind, &key)?
            .into_iter()
            .find(|(_, known)| agrees(known))
        {
            return Ok(Some(id));
        }
    }
    Ok(None)
}
