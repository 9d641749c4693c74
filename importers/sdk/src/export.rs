//! The plugin side of the ABI: the functions `export_importer!` exports,
//! written once here and instantiated for each importer type.

use std::ffi::c_void;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::abi::{EmitFn, RawBuffer, RawResult, ReadFn, Status};
use crate::plugin::{ImportError, ImportRequest, Importer, Input, Sink};
use crate::Batch;

fn ok(data: Vec<u8>) -> RawResult {
    RawResult {
        status: Status::Ok,
        data: RawBuffer::from_vec(data),
    }
}

fn failed(status: Status, message: String) -> RawResult {
    RawResult {
        status,
        data: RawBuffer::from_vec(message.into_bytes()),
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => match payload.downcast::<&str>() {
            Ok(message) => (*message).to_owned(),
            Err(_) => "the importer panicked".to_owned(),
        },
    }
}

/// Runs `body`, turning a refusal or a panic into a status and a message.
fn guarded(body: impl FnOnce() -> Result<Vec<u8>, ImportError>) -> RawResult {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(data)) => ok(data),
        Ok(Err(e)) => failed(Status::Failed, e.message),
        Err(payload) => failed(Status::Panicked, panic_message(payload)),
    }
}

pub fn info<I: Importer>() -> RawResult {
    guarded(|| serde_json::to_vec(&I::info()).map_err(|e| ImportError::new(e.to_string())))
}

/// # Safety
/// `head` must point to `len` readable bytes.
pub unsafe fn sniff<I: Importer>(head: *const u8, len: usize) -> u8 {
    let head = if head.is_null() {
        &[][..]
    } else {
        std::slice::from_raw_parts(head, len)
    };
    catch_unwind(|| I::sniff(head)).unwrap_or(false) as u8
}

/// The input, read through the host's callback.
struct HostReader {
    source: *mut c_void,
    read: ReadFn,
}

impl Read for HostReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // SAFETY: the host keeps `source` alive for the whole import call.
        let n = unsafe { (self.read)(self.source, buf.as_mut_ptr(), buf.len()) };
        usize::try_from(n).map_err(|_| std::io::Error::other("the server could not read the input"))
    }
}

/// Batches, handed to the host's callback as JSON.
struct HostSink {
    sink: *mut c_void,
    emit: EmitFn,
}

impl Sink for HostSink {
    fn emit(&mut self, batch: Batch) -> Result<(), ImportError> {
        let json = serde_json::to_vec(&batch).map_err(|e| ImportError::new(e.to_string()))?;
        // SAFETY: the host keeps `sink` alive for the whole import call.
        match unsafe { (self.emit)(self.sink, json.as_ptr(), json.len()) } {
            0 => Ok(()),
            _ => Err(ImportError::new("the server stopped the import")),
        }
    }
}

/// # Safety
/// `request` must point to `request_len` readable bytes; `source` and `sink`
/// must stay valid for `read` and `emit` during the call.
pub unsafe fn import<I: Importer>(
    request: *const u8,
    request_len: usize,
    source: *mut c_void,
    read: ReadFn,
    sink: *mut c_void,
    emit: EmitFn,
) -> RawResult {
    let request = if request.is_null() {
        &[][..]
    } else {
        std::slice::from_raw_parts(request, request_len)
    };
    guarded(|| {
        let request: ImportRequest = serde_json::from_slice(request)
            .map_err(|e| ImportError::new(format!("bad import request: {e}")))?;
        let input = Input::new(request, HostReader { source, read });
        I::default().import_into(input, &mut HostSink { sink, emit })?;
        Ok(Vec::new())
    })
}

/// Frees a buffer this library allocated.
///
/// # Safety
/// `buffer` must come from this library and be freed once.
pub unsafe extern "C" fn free_buffer(buffer: RawBuffer) {
    if !buffer.ptr.is_null() {
        drop(buffer.into_vec());
    }
}

/// Exports an [`Importer`] as a plugin library: the static declaration and
/// its `extern "C"` functions. The crate must be built as a `cdylib`.
///
/// ```ignore
/// #[derive(Default)]
/// struct MyImporter;
/// impl pledgegraph_importer::Importer for MyImporter { /* ... */ }
/// pledgegraph_importer::export_importer!(MyImporter);
/// ```
#[macro_export]
macro_rules! export_importer {
    ($importer:ty) => {
        #[doc(hidden)]
        #[no_mangle]
        #[allow(non_upper_case_globals)]
        pub static pledgegraph_importer_declaration: $crate::abi::PluginDeclaration = {
            unsafe extern "C" fn info() -> $crate::abi::RawResult {
                $crate::export::info::<$importer>()
            }
            unsafe extern "C" fn sniff(head: *const u8, len: usize) -> u8 {
                $crate::export::sniff::<$importer>(head, len)
            }
            unsafe extern "C" fn import(
                request: *const u8,
                request_len: usize,
                source: *mut ::std::ffi::c_void,
                read: $crate::abi::ReadFn,
                sink: *mut ::std::ffi::c_void,
                emit: $crate::abi::EmitFn,
            ) -> $crate::abi::RawResult {
                $crate::export::import::<$importer>(request, request_len, source, read, sink, emit)
            }
            $crate::abi::PluginDeclaration {
                abi_version: $crate::abi::ABI_VERSION,
                info,
                sniff,
                import,
                free_buffer: $crate::export::free_buffer,
            }
        };
    };
}
