//! Read queries. Each function takes a connection and returns rows; lists
//! come with their total count. Batched lookups (`*_of`, `*_by_ids`) serve
//! the GraphQL DataLoaders: one statement per batch, whatever its size.

/// The agreements a node is party to, as a subquery. A macro because a
/// boxed subquery cannot serve both backends of the multi-connection.
macro_rules! party_agreements {
    ($party:expr) => {
        $crate::store::schema::agreement_members::table
            .filter($crate::store::schema::agreement_members::node_id.eq($party))
            .filter($crate::store::schema::agreement_members::role.eq("party"))
            .select($crate::store::schema::agreement_members::agreement_id.nullable())
    };
}

/// The join from commitments to the parties of their agreements. A macro:
/// its type is long and used in several places.
macro_rules! party_members {
    () => {
        agreement_members::table.on(agreement_members::agreement_id
            .nullable()
            .eq(commitments::agreement_id)
            .and(agreement_members::role.eq("party")))
    };
}

/// Runs `$body` for each kind of parent of commitments, with `$source` the
/// commitments joined to where that parent is named, `$parent` its id column
/// and `$name` that column in SQL: the one place the five joins are written.
macro_rules! with_parent {
    ($of:expr, |$source:ident, $parent:ident, $name:ident| $body:expr) => {
        match $of {
            CommitmentsOf::Operator => {
                let ($source, $parent, $name) = (
                    commitments::table,
                    commitments::operator_id,
                    "commitments.operator_id",
                );
                $body
            }
            CommitmentsOf::Agreement => {
                let ($source, $parent, $name) = (
                    commitments::table,
                    commitments::agreement_id,
                    "commitments.agreement_id",
                );
                $body
            }
            CommitmentsOf::City => {
                let ($source, $parent, $name) = (
                    commitments::table.inner_join(commitment_cities::table),
                    commitment_cities::city_id,
                    "commitment_cities.city_id",
                );
                $body
            }
            CommitmentsOf::Sector => {
                let ($source, $parent, $name) = (
                    commitments::table.inner_join(commitment_sectors::table),
                    commitment_sectors::sector_id,
                    "commitment_sectors.sector_id",
                );
                $body
            }
            CommitmentsOf::Party => {
                let ($source, $parent, $name) = (
                    commitments::table.inner_join(party_members!()),
                    agreement_members::node_id,
                    "agreement_members.node_id",
                );
                $body
            }
        }
    };
}

mod agreements;
mod commitments;
mod documents;
mod evidence;
mod graph;
mod nested;
mod nodes;
mod observations;
mod totals;

pub use agreements::*;
pub use commitments::*;
pub use documents::*;
pub use evidence::*;
pub use graph::*;
pub use nested::*;
pub use nodes::*;
pub use observations::*;
pub use totals::*;

use super::connection::DbConnection;

/// The escape character of [`contains_pattern`]: every `LIKE` that takes one
/// says `.escape(LIKE_ESCAPE)`, since SQLite has no default escape.
pub(crate) const LIKE_ESCAPE: char = '\\';

/// A `LIKE` pattern for text containing `text`, where `%`, `_` and the
/// escape character match only themselves.
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_') || c == LIKE_ESCAPE {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The backend of [`DbConnection`]: SQLite or PostgreSQL, decided per connection.
pub(crate) type Db = <DbConnection as diesel::Connection>::Backend;

/// A page of rows and the number of rows the filter matches in all. Page
/// functions count first, then ask the caller for the window to read.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: i64,
}

/// One trivial statement: is the database there?
pub fn ping(conn: &mut DbConnection) -> crate::error::Result<()> {
    use diesel::RunQueryDsl;
    diesel::sql_query("SELECT 1").execute(conn)?;
    Ok(())
}
