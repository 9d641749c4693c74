//! The C ABI between the server and an importer library.
//!
//! Only `extern "C"` functions and `#[repr(C)]` structs cross; data crosses
//! as JSON bytes. A library exports one static [`PluginDeclaration`] under the
//! symbol [`DECLARATION_SYMBOL`]; its first field is the ABI version, which
//! the host reads and checks before anything else. Buffers are freed by
//! whoever allocated them: the plugin exports `free_buffer` for its own.
//! Every exported function catches panics and reports them as a status.

use std::ffi::c_void;

/// The version of this ABI. Bump it whenever the declaration or a function
/// signature changes; the host refuses any other version.
pub const ABI_VERSION: u32 = 1;

/// The name of the exported static that declares a plugin.
pub const DECLARATION_SYMBOL: &[u8] = b"pledgegraph_importer_declaration\0";

/// Bytes owned by the side that allocated them.
#[repr(C)]
pub struct RawBuffer {
    pub ptr: *mut u8,
    pub len: usize,
    pub capacity: usize,
}

impl RawBuffer {
    /// Hands a vector's storage over the boundary; the receiver gives it
    /// back to the allocating side's `free_buffer`.
    pub fn from_vec(bytes: Vec<u8>) -> RawBuffer {
        let mut bytes = std::mem::ManuallyDrop::new(bytes);
        RawBuffer {
            ptr: bytes.as_mut_ptr(),
            len: bytes.len(),
            capacity: bytes.capacity(),
        }
    }

    /// Takes back a buffer made by [`RawBuffer::from_vec`] in this same library.
    ///
    /// # Safety
    /// `self` must come from `from_vec` in the library calling this, once.
    pub unsafe fn into_vec(self) -> Vec<u8> {
        Vec::from_raw_parts(self.ptr, self.len, self.capacity)
    }

    /// Views the bytes without taking them.
    ///
    /// # Safety
    /// The buffer must be live (not yet freed).
    pub unsafe fn as_slice(&self) -> &[u8] {
        if self.ptr.is_null() {
            &[]
        } else {
            std::slice::from_raw_parts(self.ptr, self.len)
        }
    }
}

/// How a call ended.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok = 0,
    /// The importer refused the input; the message says why.
    Failed = 1,
    /// The importer panicked; the message is the panic's.
    Panicked = 2,
}

/// A status and a buffer: the payload when `Ok`, else the message (UTF-8).
#[repr(C)]
pub struct RawResult {
    pub status: Status,
    pub data: RawBuffer,
}

/// Reads up to `len` bytes of the input into `buf`: the count read, 0 at the
/// end, -1 on error.
pub type ReadFn = unsafe extern "C" fn(source: *mut c_void, buf: *mut u8, len: usize) -> isize;

/// Takes one batch (JSON bytes, borrowed for the call): 0 to go on, any
/// other value to stop the import (the host failed to take it).
pub type EmitFn = unsafe extern "C" fn(sink: *mut c_void, batch: *const u8, len: usize) -> i32;

/// What an importer library exports, as the static [`DECLARATION_SYMBOL`].
#[repr(C)]
pub struct PluginDeclaration {
    /// Always first, so that any version can be read: [`ABI_VERSION`].
    pub abi_version: u32,
    /// The importer's metadata as JSON (`ImporterInfo`).
    pub info: unsafe extern "C" fn() -> RawResult,
    /// 1 when the first bytes of an input look like something this importer
    /// reads, 0 when not.
    pub sniff: unsafe extern "C" fn(head: *const u8, len: usize) -> u8,
    /// Imports one input: `request` is JSON (`ImportRequest`), the input is
    /// read through `read`, and every batch goes to `emit`. The result holds
    /// nothing when `Ok`, else the message.
    pub import: unsafe extern "C" fn(
        request: *const u8,
        request_len: usize,
        source: *mut c_void,
        read: ReadFn,
        sink: *mut c_void,
        emit: EmitFn,
    ) -> RawResult,
    /// Frees a buffer this library allocated.
    pub free_buffer: unsafe extern "C" fn(buffer: RawBuffer),
}

// The declaration is a static of plain function pointers and a number.
unsafe impl Sync for PluginDeclaration {}
