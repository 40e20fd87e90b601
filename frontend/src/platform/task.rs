//! Running a future on the page's event loop: the one place the app starts
//! background work (syncs, server calls, timers that await).

/// Runs a future on the page's event loop. Boxed first, so the executor's
/// glue is in the wasm once rather than once per future type.
pub fn spawn(fut: impl std::future::Future<Output = ()> + 'static) {
    let boxed: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> = Box::pin(fut);
    leptos::task::spawn_local(boxed);
}
