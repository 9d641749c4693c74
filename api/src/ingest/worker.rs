//! The worker process that runs importer code, and the host's side of it.
//!
//! The host starts the same binary as `pledgegraph plugin-worker MODE
//! LIBRARY`; the worker sets its own resource limits, loads the library with
//! libloading and speaks frames over its standard input and output. Whatever
//! the plugin does (abort, segfault, loop, allocate without end), only the
//! worker dies: the host kills it past the time limit and reports why.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use pledgegraph_importer::abi::Status;

use super::library::Library;

/// Largest frame either side accepts: a batch bigger than this is refused.
/// Importers split long inputs into parts far smaller; this bounds what one
/// frame costs the host once parsed.
const MAX_FRAME: u64 = 64 * 1024 * 1024;

/// The most of a worker's message (why it refused or failed) kept.
const MAX_MESSAGE: usize = 4096;

/// What a frame carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Tag {
    /// Host to worker: the `ImportRequest` JSON; the raw input follows.
    Request = b'Q',
    /// Worker to host: the library's `ImporterInfo` JSON.
    Info = b'I',
    /// Worker to host: `1` or `0`, the answer of `sniff`.
    Sniffed = b'S',
    /// Worker to host: one batch JSON.
    Batch = b'B',
    /// Worker to host: the import ended; a status byte, then the message.
    Done = b'D',
    /// Worker to host: the library could not be used; the reason.
    Refused = b'R',
}

impl Tag {
    fn of(byte: u8) -> Option<Tag> {
        [
            Tag::Request,
            Tag::Info,
            Tag::Sniffed,
            Tag::Batch,
            Tag::Done,
            Tag::Refused,
        ]
        .into_iter()
        .find(|t| *t as u8 == byte)
    }
}

fn write_frame(out: &mut dyn Write, tag: Tag, payload: &[u8]) -> std::io::Result<()> {
    out.write_all(&[tag as u8])?;
    out.write_all(&(payload.len() as u64).to_le_bytes())?;
    out.write_all(payload)?;
    out.flush()
}

/// The next frame, or `None` at the end of the stream.
fn read_frame(input: &mut dyn Read) -> std::io::Result<Option<(Tag, Vec<u8>)>> {
    let mut head = [0u8; 9];
    match input.read_exact(&mut head[..1]) {
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        other => other?,
    }
    input.read_exact(&mut head[1..])?;
    let invalid = |why: String| std::io::Error::new(std::io::ErrorKind::InvalidData, why);
    let tag = Tag::of(head[0]).ok_or_else(|| invalid(format!("unknown frame {:?}", head[0])))?;
    let len = u64::from_le_bytes(head[1..].try_into().expect("8 bytes"));
    if len > MAX_FRAME {
        return Err(invalid(format!(
            "a frame of {len} bytes, over the limit of {MAX_FRAME}"
        )));
    }
    let mut payload = Vec::new();
    input.take(len).read_to_end(&mut payload)?;
    if payload.len() as u64 != len {
        return Err(invalid("a frame cut short".into()));
    }
    Ok(Some((tag, payload)))
}

/// The limits each importer call runs under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time the worker may spend, not counting the time the host
    /// spends writing what it sent.
    pub time: Duration,
    /// Address space of the worker, in MiB (`RLIMIT_AS`).
    pub memory_mib: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            time: Duration::from_secs(120),
            memory_mib: 2048,
        }
    }
}

/// How the host runs importer code: which executable serves as the worker,
/// under which limits, and which directories file-valued options may name.
#[derive(Debug, Clone)]
pub struct Isolation {
    /// A `pledgegraph` binary (it answers `plugin-worker`).
    pub worker: PathBuf,
    pub limits: Limits,
    pub option_dirs: Vec<String>,
}

impl Default for Isolation {
    fn default() -> Isolation {
        Isolation {
            worker: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("pledgegraph")),
            limits: Limits::default(),
            option_dirs: Vec::new(),
        }
    }
}

/// What a worker mode is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    Describe,
    Sniff,
    Import,
}

impl Mode {
    fn as_str(self) -> &'static str {
        match self {
            Mode::Describe => "describe",
            Mode::Sniff => "sniff",
            Mode::Import => "import",
        }
    }
}

/// Why a worker call did not end with an answer.
#[derive(Debug, Clone)]
pub enum Failure {
    /// The library could not be used (not a plugin, wrong ABI ...).
    Refused(String),
    /// The importer refused the input.
    Failed(String),
    Panicked(String),
    /// The worker died, was killed, or broke the protocol: why, in words.
    Crashed(String),
    /// The host's own callback failed; the worker was stopped.
    Host(crate::error::Error),
}

/// A running worker, its pipes taken.
struct Running {
    child: Mutex<Child>,
    started: Instant,
}

impl Running {
    /// Kills the worker and every process it started.
    fn kill(&self) {
        let mut child = self.child.lock().expect("child");
        let group = child.id() as libc::pid_t;
        // SAFETY: kill takes a process group id (negated) and a signal.
        unsafe { libc::kill(-group, libc::SIGKILL) };
        let _ = child.kill();
    }
}

impl Isolation {
    fn spawn(&self, mode: Mode, library: &Path) -> Result<(Running, Pipes), Failure> {
        let mut child = Command::new(&self.worker)
            // Its own process group, so that killing the group also kills
            // whatever the plugin forked.
            .process_group(0)
            .arg("plugin-worker")
            .arg(mode.as_str())
            .arg(library)
            .arg("--memory-mib")
            .arg(self.limits.memory_mib.to_string())
            .arg("--cpu-seconds")
            .arg(self.limits.time.as_secs().saturating_add(1).to_string())
            .env_remove("PLEDGEGRAPH_ADMIN_TOKEN")
            .env_remove("DATABASE_URL")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                Failure::Crashed(format!(
                    "cannot start the worker {}: {e}",
                    self.worker.display()
                ))
            })?;
        let pipes = Pipes {
            stdin: child.stdin.take().expect("piped"),
            stdout: child.stdout.take().expect("piped"),
            stderr: child.stderr.take().expect("piped"),
        };
        let running = Running {
            child: Mutex::new(child),
            started: Instant::now(),
        };
        Ok((running, pipes))
    }

    /// Loads `library` in a worker and returns its `ImporterInfo` JSON.
    pub fn describe(&self, library: &Path) -> Result<Vec<u8>, Failure> {
        let mut nothing = |_| Ok(());
        self.call(
            Mode::Describe,
            library,
            &mut std::io::empty(),
            &mut nothing,
            &NEVER,
        )
        .map(|answer| answer.unwrap_or_default())
    }

    /// Whether the library's importer recognises `head`.
    pub fn sniff(&self, library: &Path, head: &[u8]) -> Result<bool, Failure> {
        let mut input = head;
        let answer = self.call(Mode::Sniff, library, &mut input, &mut |_| Ok(()), &NEVER)?;
        Ok(answer.as_deref() == Some(b"1"))
    }

    /// Imports `input` (the request JSON goes first) and hands each batch
    /// JSON to `take`; returns how many batches there were. The worker is
    /// killed soon after `cancelled` turns true.
    pub fn import(
        &self,
        library: &Path,
        request: &[u8],
        input: &mut (dyn Read + Send),
        take: &mut dyn FnMut(Vec<u8>) -> Result<(), crate::error::Error>,
        cancelled: &AtomicBool,
    ) -> Result<usize, Failure> {
        let mut frame = Vec::with_capacity(request.len() + 9);
        write_frame(&mut frame, Tag::Request, request).expect("writing to memory");
        let mut framed = (&frame[..]).chain(input);
        let mut batches = 0;
        self.call(
            Mode::Import,
            library,
            &mut framed,
            &mut |batch| {
                batches += 1;
                take(batch)
            },
            cancelled,
        )?;
        Ok(batches)
    }

    /// One worker from start to end: `input` is pumped into its standard
    /// input while its frames are read; a `Batch` goes to `take`, the last
    /// answer (`Info`, `Sniffed`, `Done`) is returned.
    fn call(
        &self,
        mode: Mode,
        library: &Path,
        input: &mut (dyn Read + Send),
        take: &mut dyn FnMut(Vec<u8>) -> Result<(), crate::error::Error>,
        cancelled: &AtomicBool,
    ) -> Result<Option<Vec<u8>>, Failure> {
        let (running, pipes) = self.spawn(mode, library)?;
        let Pipes {
            mut stdin,
            mut stdout,
            stderr,
        } = pipes;
        let host_time = Mutex::new(HostTime::default());
        let (done, finished) = mpsc::channel::<()>();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                // A worker that stops reading (done or dead) ends the copy.
                let _ = std::io::copy(input, &mut stdin);
            });
            let stderr_tail = scope.spawn(move || tail(stderr, 2048));
            let watchdog = scope.spawn(|| self.watch(&running, &host_time, finished, cancelled));
            let answer = read_answers(mode, &mut stdout, take, &host_time);
            if answer.is_err() {
                running.kill();
            }
            drop(stdout);
            let status = running.child.lock().expect("child").wait();
            // What the plugin forked would hold the pipes open.
            running.kill();
            drop(done);
            let stopped = watchdog.join().unwrap_or(Stopped::No);
            let stderr = stderr_tail.join().unwrap_or_default();
            if !stderr.tail.trim().is_empty() {
                tracing::warn!(worker = mode.as_str(), library = %library.display(), "importer said: {}", stderr.tail.trim());
            }
            match answer {
                Ok(Some(answer)) => Ok(Some(answer)),
                Ok(None) | Err(Failure::Crashed(_)) if stopped == Stopped::TimeLimit => {
                    Err(Failure::Crashed(format!(
                        "was stopped after {} s, its time limit (--plugin-timeout)",
                        self.limits.time.as_secs()
                    )))
                }
                Ok(None) | Err(Failure::Crashed(_)) if stopped == Stopped::Cancelled => {
                    Err(Failure::Crashed(
                        "was stopped: its request was cancelled or ran out of time".into(),
                    ))
                }
                Ok(None) => Err(Failure::Crashed(died(status, &stderr, &self.limits))),
                Err(failure) => Err(failure),
            }
        })
    }

    /// Kills the worker once it has used up its time, or once its caller
    /// gave up; says which.
    fn watch(
        &self,
        running: &Running,
        host_time: &Mutex<HostTime>,
        finished: mpsc::Receiver<()>,
        cancelled: &AtomicBool,
    ) -> Stopped {
        loop {
            match finished.recv_timeout(Duration::from_millis(50)) {
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                _ => return Stopped::No,
            }
            if cancelled.load(Ordering::Relaxed) {
                running.kill();
                return Stopped::Cancelled;
            }
            let host = host_time.lock().expect("clock").total();
            if running.started.elapsed().saturating_sub(host) > self.limits.time {
                running.kill();
                return Stopped::TimeLimit;
            }
        }
    }
}

/// Why the watchdog killed a worker, if it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stopped {
    No,
    TimeLimit,
    Cancelled,
}

/// For the calls nobody cancels.
static NEVER: AtomicBool = AtomicBool::new(false);

struct Pipes {
    stdin: std::process::ChildStdin,
    stdout: std::process::ChildStdout,
    stderr: std::process::ChildStderr,
}

/// The time the host spent in `take`, which the worker's limit leaves out.
#[derive(Default)]
struct HostTime {
    spent: Duration,
    since: Option<Instant>,
}

impl HostTime {
    fn total(&self) -> Duration {
        self.spent + self.since.map_or(Duration::ZERO, |s| s.elapsed())
    }
}

/// Reads the worker's frames until its answer; `None` when the stream ended
/// without one (the worker died).
fn read_answers(
    mode: Mode,
    stdout: &mut dyn Read,
    take: &mut dyn FnMut(Vec<u8>) -> Result<(), crate::error::Error>,
    host_time: &Mutex<HostTime>,
) -> Result<Option<Vec<u8>>, Failure> {
    let mut stdout = std::io::BufReader::with_capacity(64 * 1024, stdout);
    loop {
        let frame = read_frame(&mut stdout)
            .map_err(|e| Failure::Crashed(format!("broke the worker protocol: {e}")))?;
        let Some((tag, payload)) = frame else {
            return Ok(None);
        };
        match (mode, tag) {
            (Mode::Import, Tag::Batch) => {
                host_time.lock().expect("clock").since = Some(Instant::now());
                let taken = take(payload);
                let mut clock = host_time.lock().expect("clock");
                let since = clock.since.take();
                clock.spent += since.map_or(Duration::ZERO, |s| s.elapsed());
                taken.map_err(Failure::Host)?;
            }
            (Mode::Describe, Tag::Info) | (Mode::Sniff, Tag::Sniffed) => return Ok(Some(payload)),
            (_, Tag::Refused) => return Err(Failure::Refused(message(&payload))),
            (Mode::Import, Tag::Done) => return done(&payload).map(|()| Some(Vec::new())),
            (_, other) => {
                return Err(Failure::Crashed(format!(
                    "broke the worker protocol: sent {other:?} to a {} call",
                    mode.as_str()
                )))
            }
        }
    }
}

/// A worker's message as text, cut to [`MAX_MESSAGE`] bytes.
fn message(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_MESSAGE)]);
    text.into_owned()
}

fn done(payload: &[u8]) -> Result<(), Failure> {
    let message = message(payload.get(1..).unwrap_or_default());
    match payload.first() {
        Some(0) => Ok(()),
        Some(2) => Err(Failure::Panicked(message)),
        _ => Err(Failure::Failed(message)),
    }
}

/// What a worker wrote on standard error: the last bytes, and whether it
/// said anywhere that an allocation failed (a backtrace may follow and push
/// that line out of the tail).
#[derive(Default)]
struct Stderr {
    tail: String,
    out_of_memory: bool,
}

fn is_out_of_memory(text: &[u8]) -> bool {
    let text = String::from_utf8_lossy(text);
    text.contains("memory allocation of") || text.contains("out of memory")
}

/// Reads `stream` to its end, keeping the last `limit` bytes.
fn tail(mut stream: impl Read, limit: usize) -> Stderr {
    let mut kept: Vec<u8> = Vec::new();
    let mut out_of_memory = false;
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        kept.extend_from_slice(&buf[..n]);
        if kept.len() > 2 * limit {
            out_of_memory |= is_out_of_memory(&kept);
            kept.drain(..kept.len() - limit);
        }
    }
    out_of_memory |= is_out_of_memory(&kept);
    let start = kept.len().saturating_sub(limit);
    Stderr {
        tail: String::from_utf8_lossy(&kept[start..]).into_owned(),
        out_of_memory,
    }
}

fn died(status: std::io::Result<ExitStatus>, stderr: &Stderr, limits: &Limits) -> String {
    use std::os::unix::process::ExitStatusExt;
    let Ok(status) = status else {
        return "ended, and its status cannot be read".into();
    };
    match status.signal() {
        _ if stderr.out_of_memory => format!(
            "ran out of memory: over its limit of {} MiB (--plugin-memory)",
            limits.memory_mib
        ),
        Some(libc::SIGSEGV) | Some(libc::SIGBUS) => "crashed (segmentation fault)".into(),
        Some(libc::SIGABRT) => "aborted".into(),
        Some(libc::SIGXCPU) => format!(
            "used more than {} s of CPU, its time limit (--plugin-timeout)",
            limits.time.as_secs()
        ),
        Some(signal) => format!("was killed by signal {signal}"),
        None => match status.code() {
            Some(code) => format!("exited with status {code} before it answered"),
            None => "ended before it answered".into(),
        },
    }
}

/// The worker's side: runs one call of `library` in this process and
/// answers on standard output. Returns the process's exit status.
pub fn serve(mode: Mode, library: &Path, memory_mib: u64, cpu_seconds: u64) -> i32 {
    if let Err(e) = limit_self(memory_mib, cpu_seconds) {
        eprintln!("cannot set the worker's limits: {e}");
        return 3;
    }
    let mut frames = match take_stdout() {
        Ok(frames) => std::io::BufWriter::new(frames),
        Err(e) => {
            eprintln!("cannot set up the worker's output: {e}");
            return 3;
        }
    };
    let written = match Library::load(library) {
        Err(reason) => write_frame(&mut frames, Tag::Refused, reason.as_bytes()),
        Ok(library) => answer(mode, &library, &mut frames),
    };
    match written.and_then(|()| frames.flush()) {
        Ok(()) => 0,
        // The host went away: nobody is left to answer.
        Err(_) => 4,
    }
}

fn answer(mode: Mode, library: &Library, frames: &mut dyn Write) -> std::io::Result<()> {
    let mut stdin = std::io::stdin().lock();
    match mode {
        Mode::Describe => match library.info() {
            Ok(info) => write_frame(frames, Tag::Info, &info),
            Err(reason) => write_frame(frames, Tag::Refused, reason.as_bytes()),
        },
        Mode::Sniff => {
            let mut head = Vec::new();
            (&mut stdin).take(64 * 1024).read_to_end(&mut head)?;
            let answer = if library.sniff(&head) { b"1" } else { b"0" };
            write_frame(frames, Tag::Sniffed, answer)
        }
        Mode::Import => {
            let Some((Tag::Request, request)) = read_frame(&mut stdin)? else {
                return Err(std::io::Error::other("no request"));
            };
            let mut failed = None;
            let outcome = library.import(&request, &mut stdin, &mut |batch| match write_frame(
                frames,
                Tag::Batch,
                batch,
            ) {
                Ok(()) => true,
                Err(e) => {
                    failed = Some(e);
                    false
                }
            });
            if let Some(e) = failed {
                return Err(e);
            }
            let status = match outcome.status {
                Status::Ok => 0u8,
                Status::Failed => 1,
                Status::Panicked => 2,
            };
            let mut payload = vec![status];
            payload.extend_from_slice(outcome.message.as_bytes());
            write_frame(frames, Tag::Done, &payload)
        }
    }
}

/// Caps this process's address space and CPU time.
fn limit_self(memory_mib: u64, cpu_seconds: u64) -> std::io::Result<()> {
    let set = |resource, value: u64| {
        let limit = libc::rlimit {
            rlim_cur: value as libc::rlim_t,
            rlim_max: value as libc::rlim_t,
        };
        // SAFETY: setrlimit reads the struct it is given.
        if unsafe { libc::setrlimit(resource, &limit) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    };
    set(libc::RLIMIT_AS, memory_mib.saturating_mul(1024 * 1024))?;
    set(libc::RLIMIT_CPU, cpu_seconds)?;
    // No core files of crashed plugins.
    set(libc::RLIMIT_CORE, 0)?;
    die_with_host()
}

/// A worker whose host was killed (SIGKILL leaves no time to clean up) dies
/// too, rather than running on to its CPU limit.
#[cfg(target_os = "linux")]
fn die_with_host() -> std::io::Result<()> {
    // SAFETY: prctl with PR_SET_PDEATHSIG takes a signal number.
    if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // The host may have gone before the call: then there is nobody to serve.
    if unsafe { libc::getppid() } == 1 {
        return Err(std::io::Error::other("the host is gone"));
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn die_with_host() -> std::io::Result<()> {
    Ok(())
}

/// The frames get standard output to themselves: what the plugin prints
/// goes to standard error instead.
fn take_stdout() -> std::io::Result<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: plain descriptor calls; the duplicate is owned by the File.
    unsafe {
        let frames = libc::dup(libc::STDOUT_FILENO);
        if frames < 0 || libc::dup2(libc::STDERR_FILENO, libc::STDOUT_FILENO) < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(std::fs::File::from_raw_fd(frames))
    }
}
