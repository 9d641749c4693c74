//! Relay cursor connections: argument checks, windows, and the connection
//! type every list answers with.

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{Context, Object, OutputType};

use crate::error::Error;
use crate::store::filter::Window;

/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE: usize = 20;
/// The largest `first` or `last` accepted.
pub const MAX_PAGE: usize = 100;

pub type Cursor = OpaqueCursor<usize>;

/// Counts a list when its `totalCount` is asked, and only then.
#[async_trait::async_trait]
pub trait CountSource: Send + Sync {
    async fn count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64>;
}

/// The fields a connection has beside its edges and `pageInfo`.
pub struct ConnectionTotals(Total);

enum Total {
    Known(i64),
    Later(Box<dyn CountSource>),
}

#[Object]
impl ConnectionTotals {
    /// How many items the list holds in all, whatever the page.
    async fn total_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        match &self.0 {
            Total::Known(total) => Ok(*total),
            Total::Later(source) => source.count(ctx).await,
        }
    }
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

    /// The window a nested page reads without knowing the list's length:
    /// from the page's start, one row more than it shows, so that
    /// `hasNextPage` needs no count. None for a page counted from the end
    /// (`last`), which needs the length first.
    pub fn probe(&self) -> Option<Window> {
        if self.last.is_some() {
            return None;
        }
        // Far past any list, and far from overflowing the window's end.
        const FAR: usize = 1 << 40;
        let start = self.after.map_or(0, |a| a.saturating_add(1)).min(FAR);
        let end = start + self.first.unwrap_or(DEFAULT_PAGE);
        let end = self.before.map_or(end, |b| b.min(end)).max(start);
        Some(Window {
            offset: start as i64,
            limit: (end - start) as i64 + 1,
        })
    }

    pub fn window(&self, total: i64) -> Window {
        let (start, end) = self.bounds(total.max(0) as usize);
        Window {
            offset: start as i64,
            limit: (end - start) as i64,
        }
    }
}

/// The connection of `rows`, the items at `offset..` of their list.
fn build<T: OutputType>(rows: Vec<T>, offset: usize, has_next: bool, total: Total) -> List<T> {
    let mut conn =
        Connection::with_additional_fields(offset > 0, has_next, ConnectionTotals(total));
    conn.edges.extend(
        rows.into_iter()
            .enumerate()
            .map(|(i, row)| Edge::new(OpaqueCursor(offset + i), row)),
    );
    conn
}

/// Builds the connection for `rows`, the items at `offset..` of a list of `total`.
pub fn connection<T: OutputType>(rows: Vec<T>, offset: usize, total: i64) -> List<T> {
    let has_next = ((offset + rows.len()) as i64) < total;
    build(rows, offset, has_next, Total::Known(total))
}

/// Builds the connection for the rows a [`PageArgs::probe`] window read,
/// which hold one row more than the page when more follow; `count` gives
/// `totalCount` if it is asked.
pub fn probed<T: OutputType>(
    mut rows: Vec<T>,
    window: Window,
    count: Box<dyn CountSource>,
) -> List<T> {
    let shown = (window.limit - 1).max(0) as usize;
    let has_next = rows.len() > shown;
    rows.truncate(shown);
    build(rows, window.offset as usize, has_next, Total::Later(count))
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

    /// The probe reads the rows `bounds` shows, and the one after them.
    #[test]
    fn probes_read_one_row_past_the_page() {
        let probe = |a: PageArgs| a.probe().map(|w| (w.offset, w.limit));
        assert_eq!(probe(args(None, None, Some(20), None)), Some((0, 21)));
        assert_eq!(probe(args(Some(19), None, Some(20), None)), Some((20, 21)));
        assert_eq!(probe(args(None, Some(10), Some(20), None)), Some((0, 11)));
        assert_eq!(probe(args(Some(5), Some(2), Some(20), None)), Some((6, 1)));
        assert_eq!(probe(args(None, None, None, Some(5))), None);
        let far = probe(args(Some(usize::MAX), None, Some(100), None)).unwrap();
        assert!(far.0.checked_add(far.1).is_some());
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
