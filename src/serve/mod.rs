//! `polybook serve`: builds the book in memory ([`polybook::incremental::Engine`]),
//! serves it (axum, see [`http`]), watches what the build reads ([`watch`]) and, on
//! each batch of changes, brings the engine up to date and tells open pages which
//! files changed over a WebSocket. Nothing is written to disk. A page whose edit
//! broke it (invalid front matter, an unclosed fence) keeps its last good version
//! on the server and shows its diagnostics over the open page until it is fixed.

mod http;
mod watch;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};

use polybook::Error;
use polybook::diagnostics::{Diagnostic, Report};
use polybook::incremental::{ConfigLoader, Engine, Update};
use polybook::report::{self, Style, count};
use serde_json::json;
use tokio::sync::broadcast;

use http::{Served, Shared};

/// How to serve.
pub struct Options {
    /// Address to listen on (loopback unless asked).
    pub bind: IpAddr,
    /// Port.
    pub port: u16,
    /// Open the site in a browser once served.
    pub open: bool,
    /// Print only errors.
    pub quiet: bool,
    /// Terminal colours.
    pub style: Style,
}

/// Serves until interrupted (Ctrl-C).
pub fn serve(load_config: ConfigLoader, options: Options) -> Result<u8, Error> {
    // The port first: one in use fails at once, not after the first build.
    let addr = SocketAddr::new(options.bind, options.port);
    let listener =
        std::net::TcpListener::bind(addr).map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
    if !options.bind.is_loopback() {
        say!("warning: serving on {addr}: any machine that can reach this one can read the site and its drafts");
    }
    let engine = Engine::new(load_config)?;
    let console = Console { quiet: options.quiet, style: options.style };
    console.diagnostics(&engine.report());
    if !options.quiet {
        say!("{}", crate::summary(&engine.summary(), "built"));
    }
    let shared = Arc::new(Shared { site: RwLock::new(Served::default()), events: broadcast::channel(64).0 });
    let mut publisher = Publisher { shared: shared.clone(), held: BTreeMap::new(), global: None };
    publisher.everything(&engine);

    let (batches, incoming) = mpsc::channel();
    let mut watcher = watch::Watcher::start(batches).map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
    watcher.set(engine.watched());
    std::thread::spawn(move || rebuild_loop(engine, watcher, incoming, publisher, console));

    let root = if addr.ip().is_unspecified() { SocketAddr::new([127, 0, 0, 1].into(), addr.port()) } else { addr };
    let url = format!("http://{root}/");
    // The listener already queues connections: a browser opened now is answered as
    // soon as the server runs. The address is the last line before the server waits.
    if options.open {
        crate::open_url(&url);
    }
    if !options.quiet {
        say!("Serving on {url} (Ctrl-C to stop)");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
        tokio::select! {
            served = axum::serve(listener, http::router(shared)) => {
                served.map_err(|e| Error::Usage(format!("the server stopped: {e}")))?;
            }
            _ = stop_signal() => {}
        }
        Ok::<(), Error>(())
    })?;
    runtime.shutdown_background();
    if !options.quiet {
        say!("Stopped.");
    }
    Ok(0)
}

/// Ctrl-C, or a termination request.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).ok();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending().await } } => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Quiet time after the last edit before a stale search index is built again.
const INDEX_QUIET: std::time::Duration = std::time::Duration::from_secs(2);

/// Applies each batch of changes (and any that arrived meanwhile) and publishes it;
/// after a quiet period, builds a stale search index again.
fn rebuild_loop(
    mut engine: Engine,
    mut watcher: watch::Watcher,
    incoming: mpsc::Receiver<Vec<PathBuf>>,
    mut publisher: Publisher,
    console: Console,
) {
    loop {
        // A stale search index is built again once edits pause.
        let next = if engine.index_stale() {
            incoming.recv_timeout(INDEX_QUIET).map_err(|e| e == mpsc::RecvTimeoutError::Timeout)
        } else {
            incoming.recv().map_err(|_| false)
        };
        let mut paths = match next {
            Ok(paths) => paths,
            Err(true) => {
                match engine.reindex() {
                    Ok(changed) => publisher.publish(&engine, &Update { changed, ..Update::default() }),
                    Err(e) => say!("error: search index: {e}"),
                }
                continue;
            }
            Err(false) => break,
        };
        while let Ok(more) = incoming.try_recv() {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        match engine.apply(&paths) {
            Ok(update) => {
                for s in &update.sources {
                    console.diagnostics(&Report::new(s.diagnostics.clone(), &engine.config().check_levels));
                }
                if update.full {
                    watcher.set(engine.watched());
                    console.diagnostics(&engine.report());
                    if !console.quiet {
                        say!("{}", crate::summary(&engine.summary(), "rebuilt"));
                    }
                    publisher.global = None;
                    publisher.everything(&engine);
                } else if !update.changed.is_empty() && !console.quiet {
                    say!("{}", console.updated(&update));
                }
                publisher.publish(&engine, &update);
            }
            Err(e) => {
                say!("error: {e}");
                publisher.global = Some(format!("error: {e}"));
                publisher.publish(&engine, &Update::default());
            }
        }
    }
}

/// What is printed in the terminal.
#[derive(Clone, Copy)]
struct Console {
    quiet: bool,
    style: Style,
}

impl Console {
    fn diagnostics(&self, report: &Report) {
        if self.quiet && report.errors() == 0 {
            return;
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        say_text!("{}", report::human(report, &cwd, self.style));
    }

    /// `updated es-es/a.html and 1 more file (3 pages rendered) in 12 ms`.
    fn updated(&self, update: &Update) -> String {
        // The edited page first, when its file changed.
        let first =
            update.sources.iter().map(|s| &s.url).find(|u| update.changed.contains(u)).unwrap_or(&update.changed[0]);
        let more = match update.changed.len() - 1 {
            0 => String::new(),
            n => format!(" and {}", count(n, "other file", "other files")),
        };
        format!(
            "updated {first}{more} ({} rendered) in {} ms",
            count(update.rendered, "page", "pages"),
            update.elapsed.as_millis()
        )
    }
}

/// Keeps the served site and the open pages up to date.
struct Publisher {
    shared: Arc<Shared>,
    /// Pages whose source is broken: site path → the diagnostics shown over them.
    held: BTreeMap<String, String>,
    /// A problem of the whole book (book.toml, a template).
    global: Option<String>,
}

impl Publisher {
    /// Serves every file of the engine (after the first and every full build),
    /// except the last good version of held pages.
    fn everything(&mut self, engine: &Engine) {
        let mut site = self.shared.site.write().expect("invariant: no panic under the lock");
        let previous = std::mem::take(&mut site.files);
        site.files = engine.outputs().iter().map(|(p, o)| (p.clone(), o.clone())).collect();
        for path in self.held.keys() {
            if let Some(good) = previous.get(path) {
                site.files.insert(path.clone(), good.clone());
            }
        }
        site.status = self.status();
        let config = engine.config();
        site.segments = config.locales.iter().map(|l| l.tag.url_segment().to_owned()).collect();
        site.roots = config
            .locales
            .iter()
            .map(|l| &l.content)
            .chain(config.static_dir.as_ref())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
    }

    /// The problems open pages show: `{"errors": [{"url", "text"}]}` (`url` null: every page).
    fn status(&self) -> String {
        let mut errors: Vec<serde_json::Value> =
            self.held.iter().map(|(url, text)| json!({ "url": url, "text": text })).collect();
        if let Some(g) = &self.global {
            errors.push(json!({ "url": null, "text": g }));
        }
        json!({ "errors": errors }).to_string()
    }

    /// Serves the changed files and tells open pages.
    fn publish(&mut self, engine: &Engine, update: &Update) {
        let levels = &engine.config().check_levels;
        for s in &update.sources {
            if s.broken {
                self.held.insert(s.url.clone(), overlay_text(&s.diagnostics, levels));
            } else {
                self.held.remove(&s.url);
            }
        }
        let reload: Vec<&String> = update.changed.iter().filter(|p| !self.held.contains_key(*p)).collect();
        {
            let mut site = self.shared.site.write().expect("invariant: no panic under the lock");
            if !update.full {
                for path in &reload {
                    match engine.outputs().get(*path) {
                        Some(out) => site.files.insert((*path).clone(), out.clone()),
                        None => site.files.remove(*path),
                    };
                }
            }
            site.status = self.status();
            if !reload.is_empty() {
                let _ = self.shared.events.send(json!({ "reload": reload }).to_string());
            }
            let _ = self.shared.events.send(site.status.clone());
        }
    }
}

/// The diagnostics of a broken page as shown over it.
fn overlay_text(
    diags: &[Diagnostic],
    levels: &BTreeMap<polybook::diagnostics::Kind, polybook::diagnostics::Level>,
) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    report::human(&Report::new(diags.to_vec(), levels), &cwd, Style { color: false })
}
