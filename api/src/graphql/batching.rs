//! Makes DataLoader batches independent of timing.
//!
//! A list resolver registers the keys of its items over several polls of the
//! request: futures' `FuturesUnordered` yields between rounds of items. A
//! loader that fired between two rounds would split one level of a query into
//! several statements, more often the busier the machine. So the request is
//! polled through [`Tracked`], which records whether its last poll left it
//! waiting (idle) or still busy (it woke itself to go on), and every loader
//! task waits for the request to go idle before it collects its keys.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// What DataLoader hands its spawner (futures' `BoxFuture`).
type LoadTask = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Whether the request has registered everything it can for now.
#[derive(Debug, Default)]
pub struct Activity {
    idle: AtomicBool,
}

impl Activity {
    fn is_idle(&self) -> bool {
        self.idle.load(Ordering::Acquire)
    }

    fn set_idle(&self, idle: bool) {
        self.idle.store(idle, Ordering::Release)
    }

    /// Spawns a loader task that starts once the request is idle.
    pub fn spawner(self: &Arc<Self>) -> impl Fn(LoadTask) + Send + Sync + 'static {
        let activity = self.clone();
        move |load| {
            let activity = activity.clone();
            actix_web::rt::spawn(async move {
                while !activity.is_idle() {
                    tokio::task::yield_now().await;
                }
                load.await
            });
        }
    }
}

/// Notes whether the future it wraps woke itself during a poll.
struct SelfWake {
    woken: AtomicBool,
    outer: Waker,
}

impl Wake for SelfWake {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.outer.wake_by_ref();
    }
}

/// A request future whose idleness the loaders can see.
pub struct Tracked<F> {
    inner: Pin<Box<F>>,
    activity: Arc<Activity>,
}

impl<F: Future> Tracked<F> {
    pub fn new(inner: F, activity: Arc<Activity>) -> Self {
        Tracked {
            inner: Box::pin(inner),
            activity,
        }
    }
}

impl<F: Future> Future for Tracked<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.activity.set_idle(false);
        let flag = Arc::new(SelfWake {
            woken: AtomicBool::new(false),
            outer: cx.waker().clone(),
        });
        let waker = Waker::from(flag.clone());
        let result = self.inner.as_mut().poll(&mut Context::from_waker(&waker));
        let busy = result.is_pending() && flag.woken.load(Ordering::Acquire);
        self.activity.set_idle(!busy);
        result
    }
}

impl<F> Drop for Tracked<F> {
    fn drop(&mut self) {
        // A dropped request (client gone) must not leave loaders waiting.
        self.activity.set_idle(true);
    }
}
