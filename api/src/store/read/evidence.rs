use diesel::prelude::*;

use crate::error::Result;
use crate::store::connection::DbConnection;
use crate::store::models::{DocumentRow, EvidenceRow, Fact};
use crate::store::schema::*;

/// The evidence for each fact, with the document it is in. One statement per
/// kind of fact asked for.
pub fn evidence_of(
    conn: &mut DbConnection,
    facts: &[Fact],
) -> Result<Vec<(Fact, EvidenceRow, DocumentRow)>> {
    let ids = |pick: fn(&Fact) -> Option<i64>| facts.iter().filter_map(pick).collect::<Vec<_>>();
    let mut found = Vec::new();
    macro_rules! load {
        ($variant:ident, $column:ident) => {{
            let wanted = ids(|f| match f {
                Fact::$variant(id) => Some(*id),
                _ => None,
            });
            if !wanted.is_empty() {
                let rows: Vec<(Option<i64>, EvidenceRow, DocumentRow)> = evidence::table
                    .inner_join(documents::table)
                    .filter(evidence::$column.eq_any(wanted))
                    .order_by((documents::published.desc(), evidence::id))
                    .select((
                        evidence::$column,
                        EvidenceRow::as_select(),
                        DocumentRow::as_select(),
                    ))
                    .load(conn)?;
                found.extend(
                    rows.into_iter()
                        .filter_map(|(id, ev, doc)| id.map(|id| (Fact::$variant(id), ev, doc))),
                );
            }
        }};
    }
    load!(Node, node_id);
    load!(Edge, edge_id);
    load!(Agreement, agreement_id);
    load!(Commitment, commitment_id);
    load!(Observation, observation_id);
    Ok(found)
}
