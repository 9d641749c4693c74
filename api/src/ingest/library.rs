//! Calls into an importer library, in the worker process only: loading runs
//! the library's code, so the server never does it itself. Libraries are
//! loaded once and never unloaded: thread-local destructors of an unloaded
//! library would crash the process.

use std::ffi::c_void;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use pledgegraph_importer::abi::{
    PluginDeclaration, RawResult, Status, ABI_VERSION, DECLARATION_SYMBOL,
};

/// A loaded importer library.
pub struct Library {
    declaration: &'static PluginDeclaration,
}

/// How an import call ended, as the library said.
pub struct Outcome {
    pub status: Status,
    pub message: String,
}

/// Copies a plugin's buffer and gives it back to the plugin to free.
///
/// # Safety
/// `result` must come from a call into `declaration`'s library.
unsafe fn take_result(declaration: &PluginDeclaration, result: RawResult) -> (Status, Vec<u8>) {
    let bytes = result.data.as_slice().to_vec();
    (declaration.free_buffer)(result.data);
    (result.status, bytes)
}

impl Library {
    /// Loads the library and checks its ABI version before anything else.
    pub fn load(path: &Path) -> Result<Library, String> {
        // SAFETY: loading runs the library's initialisers; this is a library
        // the operator put on the plugin path, loaded in a worker process.
        let library = unsafe { libloading::Library::new(path) }
            .map_err(|e| format!("not a loadable library: {e}"))?;
        // SAFETY: the symbol, when present, is a `PluginDeclaration`; only its
        // first field (a u32 in every version) is read before the version check.
        let declaration: &'static PluginDeclaration = unsafe {
            let symbol = library
                .get::<*const PluginDeclaration>(DECLARATION_SYMBOL)
                .map_err(|_| {
                    "not a pledgegraph importer (no pledgegraph_importer_declaration symbol)"
                        .to_owned()
                })?;
            let pointer: *const PluginDeclaration = *symbol;
            let version = std::ptr::read(pointer as *const u32);
            if version != ABI_VERSION {
                std::mem::forget(library);
                return Err(format!(
                    "wrong ABI version: the library has {version}, this server needs {ABI_VERSION}"
                ));
            }
            &*pointer
        };
        // Never unloaded, so the declaration lives for the rest of the process.
        std::mem::forget(library);
        Ok(Library { declaration })
    }

    /// The importer's `ImporterInfo`, as the JSON it gave.
    pub fn info(&self) -> Result<Vec<u8>, String> {
        // SAFETY: the version matched, so the declaration has this layout.
        let (status, bytes) = unsafe { take_result(self.declaration, (self.declaration.info)()) };
        if status != Status::Ok {
            return Err(format!(
                "its info function failed: {}",
                String::from_utf8_lossy(&bytes)
            ));
        }
        Ok(bytes)
    }

    pub fn sniff(&self, head: &[u8]) -> bool {
        // SAFETY: `head` is a live slice for the call.
        unsafe { (self.declaration.sniff)(head.as_ptr(), head.len()) == 1 }
    }

    /// Runs the importer over `reader` (`request` is `ImportRequest` JSON);
    /// every batch it emits, as JSON, goes to `emit`, which answers false to
    /// stop the import.
    pub fn import(
        &self,
        request: &[u8],
        reader: &mut dyn Read,
        emit: &mut dyn FnMut(&[u8]) -> bool,
    ) -> Outcome {
        let mut source = Source { reader };
        let mut sink = Sink { emit };
        // SAFETY: every pointer handed over outlives the call.
        let (status, message) = unsafe {
            let result = (self.declaration.import)(
                request.as_ptr(),
                request.len(),
                &mut source as *mut Source as *mut c_void,
                read_input,
                &mut sink as *mut Sink as *mut c_void,
                emit_batch,
            );
            take_result(self.declaration, result)
        };
        Outcome {
            status,
            message: String::from_utf8_lossy(&message).into_owned(),
        }
    }
}

/// What the plugin reads the input with.
struct Source<'a> {
    reader: &'a mut dyn Read,
}

unsafe extern "C" fn read_input(source: *mut c_void, buf: *mut u8, len: usize) -> isize {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `source` is the `Source` of the running `import` call and
        // `buf` has room for `len` bytes.
        let source = unsafe { &mut *(source as *mut Source) };
        let buf = unsafe { std::slice::from_raw_parts_mut(buf, len) };
        loop {
            match source.reader.read(buf) {
                Ok(n) => return n as isize,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return -1,
            }
        }
    }));
    outcome.unwrap_or(-1)
}

/// Where the plugin's batches go.
struct Sink<'a> {
    emit: &'a mut dyn FnMut(&[u8]) -> bool,
}

unsafe extern "C" fn emit_batch(sink: *mut c_void, batch: *const u8, len: usize) -> i32 {
    // SAFETY: `sink` is the `Sink` of the running `import` call; `batch`
    // points to `len` bytes the plugin keeps alive for this call.
    let sink = unsafe { &mut *(sink as *mut Sink) };
    let bytes = unsafe { std::slice::from_raw_parts(batch, len) };
    match catch_unwind(AssertUnwindSafe(|| (sink.emit)(bytes))) {
        Ok(true) => 0,
        _ => 1,
    }
}
