//! The per-statement deadline on SQLite, which has no statement timeout of
//! its own. A progress handler, called every few thousand steps of SQLite's
//! virtual machine, stops a statement that has run past its limit; a trace
//! callback tells it when each statement started.
//!
//! Diesel does not hand out the `sqlite3` handle, so every SQLite
//! connection of the process gets, as an automatic extension, a SQL function
//! `pledgegraph_statement_timeout(ms)` that sets the connection's limit (0:
//! none) and answers the previous one. The pool calls it on each new
//! connection; a connection that never calls it has no deadline and pays
//! nothing.

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_uint, c_void};
use std::sync::Once;
use std::time::{Duration, Instant};

use libsqlite3_sys as ffi;

/// The SQL function that sets a connection's limit.
pub const FUNCTION: &str = "pledgegraph_statement_timeout";

/// Virtual machine steps between two looks at the clock: well under a
/// millisecond of work.
const STEPS_PER_CHECK: c_int = 4_000;

/// One connection's deadline. Only the connection's own thread touches it,
/// from inside SQLite calls, so plain cells do.
struct Deadline {
    db: *mut ffi::sqlite3,
    limit_ms: Cell<i64>,
    /// The statement running, or last run, and when it started.
    statement: Cell<*mut c_void>,
    started: Cell<Instant>,
}

/// Makes every SQLite connection opened from now on carry the function.
pub fn register() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // SAFETY: `install` has the entry point signature SQLite expects.
        let rc = unsafe { ffi::sqlite3_auto_extension(Some(install)) };
        if rc != ffi::SQLITE_OK {
            tracing::warn!("SQLite statement deadline unavailable (code {rc})");
        }
    });
}

unsafe extern "C" fn install(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    let state = Box::into_raw(Box::new(Deadline {
        db,
        limit_ms: Cell::new(0),
        statement: Cell::new(std::ptr::null_mut()),
        started: Cell::new(Instant::now()),
    }));
    // SQLite owns `state` from here: it calls `free_state` when the
    // connection closes, or at once if the function cannot be created.
    ffi::sqlite3_create_function_v2(
        db,
        c"pledgegraph_statement_timeout".as_ptr(),
        1,
        ffi::SQLITE_UTF8,
        state.cast(),
        Some(set_limit),
        None,
        None,
        Some(free_state),
    )
}

unsafe extern "C" fn free_state(state: *mut c_void) {
    drop(Box::from_raw(state.cast::<Deadline>()));
}

/// `pledgegraph_statement_timeout(ms)`: installs or removes the handlers.
unsafe extern "C" fn set_limit(
    ctx: *mut ffi::sqlite3_context,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) {
    let state_ptr = ffi::sqlite3_user_data(ctx);
    let state = &*state_ptr.cast::<Deadline>();
    let limit = if argc == 1 {
        ffi::sqlite3_value_int64(*argv).max(0)
    } else {
        0
    };
    let previous = state.limit_ms.replace(limit);
    let db = ffi::sqlite3_context_db_handle(ctx);
    if limit > 0 {
        ffi::sqlite3_progress_handler(db, STEPS_PER_CHECK, Some(past_deadline), state_ptr);
        ffi::sqlite3_trace_v2(db, ffi::SQLITE_TRACE_STMT, Some(on_start), state_ptr);
    } else {
        ffi::sqlite3_progress_handler(db, 0, None, std::ptr::null_mut());
        ffi::sqlite3_trace_v2(db, 0, None, std::ptr::null_mut());
    }
    ffi::sqlite3_result_int64(ctx, previous);
}

/// A statement starts. One started from inside another (SQLite marks
/// its text with "-- ": a trigger, a nested query) runs on the outer one's
/// clock.
unsafe extern "C" fn on_start(
    _event: c_uint,
    state: *mut c_void,
    statement: *mut c_void,
    text: *mut c_void,
) -> c_int {
    let state = &*state.cast::<Deadline>();
    // Byte by byte, stopping at the first that differs: never past the
    // text's terminating NUL, and no need to measure a long INSERT.
    let text = text as *const u8;
    let nested = !text.is_null() && *text == b'-' && *text.add(1) == b'-' && *text.add(2) == b' ';
    if !nested {
        state.statement.set(statement);
        state.started.set(Instant::now());
    }
    0
}

/// Non-zero stops the statement with SQLITE_INTERRUPT ("interrupted"). The
/// clock may be stale (SQLite also calls this while preparing a statement,
/// before it starts), so past the limit it stops only a statement that is
/// still the one that started the clock and still running.
unsafe extern "C" fn past_deadline(state: *mut c_void) -> c_int {
    let state = &*state.cast::<Deadline>();
    let limit = Duration::from_millis(state.limit_ms.get().max(0) as u64);
    if limit.is_zero() || state.started.get().elapsed() <= limit {
        return 0;
    }
    if still_running(state.db, state.statement.get()) {
        return 1;
    }
    state.statement.set(std::ptr::null_mut());
    0
}

/// Whether `statement` is a live statement of `db` in mid-run. The pointer
/// may be stale (finalised), so it is looked for among the live ones, not
/// used.
unsafe fn still_running(db: *mut ffi::sqlite3, statement: *mut c_void) -> bool {
    if statement.is_null() {
        return false;
    }
    let mut live = ffi::sqlite3_next_stmt(db, std::ptr::null_mut());
    while !live.is_null() {
        if live.cast::<c_void>() == statement {
            return ffi::sqlite3_stmt_busy(live) != 0;
        }
        live = ffi::sqlite3_next_stmt(db, live);
    }
    false
}
