//! Relay cursor connections: argument checks, windows, and the connection
//! type every list answers with.

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{OutputType, SimpleObject};

use crate::error::Error;
use crate::store::filter::Window;

/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE: usize = 20;
/// The largest `first` or `last` accepted.
pub const MAX_PAGE: usize = 100;

pub type Cursor = OpaqueCursor<usize>;

#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// How many items the list holds in all, whatever the page.
    pub total_count: i64,
}

/// A page of a list: edges, `pageInfo` and `totalCount`.
pub type List<T> = Connection<Cursor, T, ConnectionTotals, EmptyFields>;

/// The four Relay arguments, checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageArgs {
    after: Option<usize>,
    before: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
}

fn count(name: &str, value: Option<i32>) -> Result<Option<usize>, Error> {
    match value {
        None => Ok(None),
        Some(n) if n < 0 => Err(Error::InvalidInput(format!(
            "{name} must not be negative, got {n}"
        ))),
        Some(n) if n as usize > MAX_PAGE => Err(Error::InvalidInput(format!(
            "{name} is at most {MAX_PAGE}, got {n}: page through larger lists with cursors"
        ))),
        Some(n) => Ok(Some(n as usize)),
    }
}

fn cursor(name: &str, value: Option<String>) -> Result<Option<usize>, Error> {
    use async_graphql::connection::CursorType;
    value
        .map(|c| {
            Cursor::decode_cursor(&c).map(|c| c.0).map_err(|_| {
                Error::InvalidInput(format!("{name}: {c:?} is not a cursor of this list"))
            })
        })
        .transpose()
}

impl PageArgs {
    pub fn new(
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<PageArgs, Error> {
        let mut args = PageArgs {
            after: cursor("after", after)?,
            before: cursor("before", before)?,
            first: count("first", first)?,
            last: count("last", last)?,
        };
        if args.first.is_none() && args.last.is_none() {
            args.first = Some(DEFAULT_PAGE);
        }
        Ok(args)
    }

    /// Where the page lies in a list of `total` items: `[start, end)`.
    pub fn bounds(&self, total: usize) -> (usize, usize) {
        let mut start = self.after.map_or(0, |a| a.saturating_add(1)).min(total);
        let mut end = self.before.map_or(total, |b| b.min(total)).max(start);
        if let Some(first) = self.first {
            end = end.min(start + first);
        }
        if let Some(last) = self.last {
            start = start.max(end.saturating_sub(last));
        }
        (start, end)
    }

    pub fn window(&self, total: i64) -> Window {
        let (start, end) = self.bounds(total.max(0) as usize);
        Window {
            offset: start as i64,
            limit: (end - start) as i64,
        }
    }
}

/// Builds the connection for `rows`, the items at `offset..` of a list of `total`.
pub fn connection<T: OutputType>(rows: Vec<T>, offset: usize, total: i64) -> List<T> {
    let end = offset + rows.len();
    let mut conn = Connection::with_additional_fields(
        offset > 0,
        (end as i64) < total,
        ConnectionTotals { total_count: total },
    );
    conn.edges.extend(
        rows.into_iter()
            .enumerate()
            .map(|(i, row)| Edge::new(OpaqueCursor(offset + i), row)),
    );
    conn
}

/// Pages a list that is already in memory.
pub fn page_of<T: OutputType>(items: Vec<T>, args: &PageArgs) -> List<T> {
    let total = items.len();
    let (start, end) = args.bounds(total);
    let rows: Vec<T> = items.into_iter().skip(start).take(end - start).collect();
    connection(rows, start, total as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(
        after: Option<usize>,
        before: Option<usize>,
        first: Option<usize>,
        last: Option<usize>,
    ) -> PageArgs {
        PageArgs {
            after,
            before,
            first,
            last,
        }
    }

    #[test]
    fn windows_follow_relay() {
        assert_eq!(args(None, None, Some(20), None).bounds(50), (0, 20));
        assert_eq!(args(Some(19), None, Some(20), None).bounds(50), (20, 40));
        assert_eq!(args(None, None, None, Some(5)).bounds(50), (45, 50));
        assert_eq!(args(None, Some(10), None, Some(5)).bounds(50), (5, 10));
        assert_eq!(args(Some(48), None, Some(20), None).bounds(50), (49, 50));
        assert_eq!(args(Some(60), None, Some(20), None).bounds(50), (50, 50));
    }

    #[test]
    fn sizes_are_checked() {
        assert!(PageArgs::new(None, None, Some(101), None)
            .unwrap_err()
            .to_string()
            .contains("at most 100"));
        assert!(PageArgs::new(None, None, Some(-1), None).is_err());
        assert!(PageArgs::new(Some("zzz".into()), None, None, None).is_err());
        assert_eq!(
            PageArgs::new(None, None, None, None).unwrap().bounds(50),
            (0, DEFAULT_PAGE)
        );
    }
}
