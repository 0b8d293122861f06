//! Watching what the build reads (notify, with notify-debouncer-full): every event
//! of a short quiet period becomes one batch of paths, so an editor's write and
//! rename bursts make one rebuild. Folders that appear later (a new `i18n/`) are
//! picked up when the engine asks for its watched paths again.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// Quiet time after the last event of a burst before the batch goes out.
pub const QUIET: Duration = Duration::from_millis(20);

/// A running watcher and the paths it watches.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watching: BTreeSet<(PathBuf, bool)>,
}

impl Watcher {
    /// Starts watching; each batch of changed paths is sent to `batches`.
    pub fn start(batches: Sender<Vec<PathBuf>>) -> notify_debouncer_full::notify::Result<Watcher> {
        let debouncer = new_debouncer(QUIET, None, move |result: DebounceEventResult| match result {
            Ok(events) => {
                // Reading a file (opening, closing, access times) is no change: the
                // build reading book.toml must not start another build.
                let changes = events.into_iter().filter(|e| {
                    !matches!(e.event.kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)))
                });
                let mut paths: Vec<PathBuf> = changes.flat_map(|e| e.event.paths.clone()).collect();
                paths.sort();
                paths.dedup();
                if !paths.is_empty() {
                    let _ = batches.send(paths);
                }
            }
            Err(errors) => {
                for e in errors {
                    say!("warning: watching files: {e}");
                }
            }
        })?;
        Ok(Watcher { debouncer, watching: BTreeSet::new() })
    }

    /// Watches exactly `paths` (path, recursively) among those that exist.
    pub fn set(&mut self, paths: Vec<(PathBuf, bool)>) {
        let wanted: BTreeSet<(PathBuf, bool)> = paths.into_iter().filter(|(p, _)| p.exists()).collect();
        for (p, _) in self.watching.difference(&wanted) {
            let _ = self.debouncer.unwatch(p);
        }
        for (p, recursive) in wanted.difference(&self.watching) {
            let mode = if *recursive { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
            if let Err(e) = self.debouncer.watch(p, mode) {
                say!("warning: cannot watch {}: {e}", p.display());
            }
        }
        self.watching = wanted;
    }
}
