//! Stage 7, write: the site goes into a temporary folder beside the destination
//! and is swapped in only when every file is written, so a failed or killed build
//! leaves the previous site intact. Destinations that would delete something not
//! ours (the book, its content, `/`, the home folder) are refused.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::render::site::OutputFile;

/// Refuses destinations whose replacement would delete something that is not a site.
pub fn check_destination(dest: &Path, book_root: &Path, content_dirs: &[PathBuf]) -> Result<(), Error> {
    let dest_abs = canonical(dest);
    let refuse = |reason: &str| Err(Error::UnsafeDestination { path: dest.to_path_buf(), reason: reason.to_owned() });
    if dest_abs.parent().is_none() {
        return refuse("it is the file-system root");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && canonical(&home) == dest_abs
    {
        return refuse("it is the home folder");
    }
    let root = canonical(book_root);
    if root == dest_abs || root.starts_with(&dest_abs) {
        return refuse("it is the book folder or contains it");
    }
    for c in content_dirs {
        let c = canonical(c);
        if c.starts_with(&dest_abs) || dest_abs.starts_with(&c) {
            return refuse("it is, contains or lies inside a content folder");
        }
    }
    if dest_abs.is_file() {
        return refuse("it is a file");
    }
    Ok(())
}

fn canonical(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    std::fs::canonicalize(&abs).unwrap_or_else(|_| crate::paths::lexical_normalize(&abs))
}

/// Writes `files` into `dest` atomically (temporary folder, then rename).
pub fn write_site(dest: &Path, files: &[OutputFile]) -> Result<(), Error> {
    let staging = Staging::begin(dest)?;
    staging.create_dirs(files.iter().map(OutputFile::path))?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit()
}

/// Where the page stage hands each finished file: the staging folder of a build,
/// or the memory of `polybook serve`. Called from several threads at once.
pub trait Sink: Sync {
    /// Takes one finished file.
    fn put(&self, file: OutputFile) -> Result<(), Error>;
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        self.write(&file)
    }
}

/// A [`Sink`] that keeps the files in memory (`serve`, which holds the site there;
/// the search index's part; tests).
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files put so far, in the order they came.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// A site being written: a temporary folder beside the destination that files are
/// written into as they are produced (from any thread), swapped in whole by
/// [`Staging::commit`]. Dropped without a commit, it is removed and the previous
/// site stays as it was.
pub struct Staging {
    dest: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    lock_path: PathBuf,
    /// Files written so far.
    written: std::sync::atomic::AtomicUsize,
    /// The staging folder's folders, opened once each (Linux).
    #[cfg(target_os = "linux")]
    folders: folders::Folders,
    /// Held for the whole write: other builds see this one is alive (no `/proc` needed).
    _lock: std::fs::File,
}

impl Staging {
    /// Takes the destination's lock, clears leftovers of killed builds and creates
    /// the empty staging folder.
    pub fn begin(dest: &Path) -> Result<Self, Error> {
        let dest = std::path::absolute(dest).map_err(io(dest))?;
        let parent = dest
            .parent()
            .ok_or_else(|| Error::UnsafeDestination { path: dest.clone(), reason: "no parent folder".into() })?;
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let name = dest.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
        let pid = std::process::id();
        let lock_path = parent.join(format!(".{name}.polybook-lock-{pid}"));
        let lock = std::fs::File::create(&lock_path).map_err(io(&lock_path))?;
        lock.lock().map_err(io(&lock_path))?;
        remove_leftovers(parent, &name);
        let dir = parent.join(format!(".{name}.polybook-tmp-{pid}"));
        let old = parent.join(format!(".{name}.polybook-old-{pid}"));
        let staging = Staging {
            dest: dest.clone(),
            dir,
            old,
            lock_path,
            written: Default::default(),
            #[cfg(target_os = "linux")]
            folders: Default::default(),
            _lock: lock,
        };
        if staging.dir.exists() {
            std::fs::remove_dir_all(&staging.dir).map_err(io(&staging.dir))?;
        }
        std::fs::create_dir(&staging.dir).map_err(io(&staging.dir))?;
        Ok(staging)
    }

    /// Creates, once each, the folders that files at these site paths go into (so the
    /// parallel writes that follow need no folder checks).
    pub fn create_dirs<'a>(&self, paths: impl Iterator<Item = &'a str>) -> Result<(), Error> {
        let mut dirs: Vec<&str> = paths.filter_map(|p| p.rsplit_once('/').map(|(d, _)| d)).collect();
        dirs.sort_unstable();
        dirs.dedup();
        for d in dirs {
            let d = self.dir.join(d);
            std::fs::create_dir_all(&d).map_err(io(&d))?;
        }
        Ok(())
    }

    /// Writes one file (its folder is created if [`Staging::create_dirs`] did not).
    pub fn write(&self, file: &OutputFile) -> Result<(), Error> {
        let target = self.dir.join(file.path());
        let attempt = || match file {
            OutputFile::Text { contents, path } => self.create(path, &target, contents.as_bytes()),
            OutputFile::Bytes { contents, path } => self.create(path, &target, contents),
            OutputFile::Copy { from, .. } => std::fs::copy(from, &target).map(|_| ()),
        };
        let result = match attempt() {
            // The folder is missing (another thread may be creating it at this moment:
            // creating it again is harmless), or a copy's source is (then this fails again).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && target.parent().is_some() => {
                let parent = target.parent().expect("invariant: checked above");
                std::fs::create_dir_all(parent).map_err(io(parent))?;
                attempt()
            }
            other => other,
        };
        self.written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        result.map_err(|source| match file {
            OutputFile::Copy { from, .. } => Error::Io { path: from.clone(), source },
            OutputFile::Text { .. } | OutputFile::Bytes { .. } => Error::Io { path: target.clone(), source },
        })
    }

    /// Creates the file at site path `path` (`target` in the staging folder) with `contents`.
    fn create(&self, path: &str, target: &Path, contents: &[u8]) -> std::io::Result<()> {
        #[cfg(target_os = "linux")]
        if let Some((folder, name)) = path.rsplit_once('/') {
            return self.folders.create(&self.dir, folder, name, contents);
        }
        let _ = path;
        std::fs::write(target, contents)
    }

    /// How many files were written so far.
    pub fn written(&self) -> usize {
        self.written.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Swaps the written site in for the destination's previous contents.
    pub fn commit(self) -> Result<(), Error> {
        swap(&self.dir, &self.old, &self.dest)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a commit the staging folder is the site and no longer exists here.
        if self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

#[cfg(target_os = "linux")]
mod folders {
    //! Files created relative to their folder (`openat`): the kernel then looks up
    //! one name instead of walking the whole path from the root (`/dev/shm/site/
    //! .site.polybook-tmp-1/es-es/LyncServer/…`, seven names) for each of the
    //! thousands of files of a build.

    use std::io::Write;
    use std::os::fd::OwnedFd;
    use std::path::Path;
    use std::sync::{Arc, PoisonError, RwLock};

    use rustc_hash::FxHashMap;
    use rustix::fs::{Mode, OFlags};

    /// Open folders of the staging folder, by site path (`es-es/LyncServer`).
    #[derive(Default)]
    pub(super) struct Folders(RwLock<FxHashMap<String, Arc<OwnedFd>>>);

    impl Folders {
        /// Creates `name` in `folder` (a site path under `root`) with `contents`; a
        /// missing folder is `NotFound`, as for a whole path.
        pub(super) fn create(&self, root: &Path, folder: &str, name: &str, contents: &[u8]) -> std::io::Result<()> {
            let fd = self.open(root, folder)?;
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::CLOEXEC;
            let file = rustix::fs::openat(&*fd, name, flags, Mode::from_raw_mode(0o666))?;
            std::fs::File::from(file).write_all(contents)
        }

        fn open(&self, root: &Path, folder: &str) -> std::io::Result<Arc<OwnedFd>> {
            if let Some(fd) = self.0.read().unwrap_or_else(PoisonError::into_inner).get(folder) {
                return Ok(fd.clone());
            }
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = Arc::new(rustix::fs::open(root.join(folder), flags, Mode::empty())?);
            let mut folders = self.0.write().unwrap_or_else(PoisonError::into_inner);
            Ok(folders.entry(folder.to_owned()).or_insert(fd).clone())
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Io { path, source }
}

/// Staging folders of builds that were killed are removed; those of a build still
/// running (it holds its lock file) are left alone. A build killed between its two
/// renames leaves the previous site moved aside and no site: that site is put back.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let dest = parent.join(name);
    let mut entries: Vec<_> =
        entries.flatten().map(|e| (e.file_name().to_string_lossy().into_owned(), e.path())).collect();
    // Previous sites (`old`) first, so one can be restored before staging folders go.
    entries.sort_by_key(|(file_name, _)| !file_name.contains(".polybook-old-"));
    let mut dead_locks = Vec::new();
    for (file_name, path) in entries {
        let pid_after = |what: &str| {
            file_name.strip_prefix(&format!(".{name}.polybook-{what}-")).and_then(|rest| rest.parse::<u32>().ok())
        };
        if let Some(pid) = pid_after("lock") {
            if !is_running(parent, name, pid) {
                dead_locks.push(path);
            }
        } else if pid_after("old").is_some_and(|pid| !is_running(parent, name, pid)) {
            if dest.exists() || std::fs::rename(&path, &dest).is_err() {
                let _ = std::fs::remove_dir_all(&path);
            }
        } else if pid_after("tmp").is_some_and(|pid| !is_running(parent, name, pid)) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
    for lock in dead_locks {
        let _ = std::fs::remove_file(lock);
    }
}

/// A build is running while it holds the lock on `.<name>.polybook-lock-<pid>`; a killed
/// build's lock is released by the system, and a lock file nobody holds is a dead build's.
fn is_running(parent: &Path, name: &str, pid: u32) -> bool {
    let Ok(file) = std::fs::File::open(parent.join(format!(".{name}.polybook-lock-{pid}"))) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => false,
        Err(std::fs::TryLockError::WouldBlock) => true,
        // Locks unsupported here (some network file systems): never delete what may be alive.
        Err(std::fs::TryLockError::Error(_)) => true,
    }
}

/// Replaces `dest` by `staging`: the old site is moved aside to `old`, then removed.
fn swap(staging: &Path, old: &Path, dest: &Path) -> Result<(), Error> {
    if dest.exists() {
        std::fs::rename(dest, old).map_err(io(dest))?;
        if let Err(e) = std::fs::rename(staging, dest) {
            // Put the previous site back: the destination is never left empty.
            let _ = std::fs::rename(old, dest);
            return Err(io(dest)(e));
        }
        remove_tree(old).map_err(io(old))?;
    } else {
        std::fs::rename(staging, dest).map_err(io(dest))?;
    }
    Ok(())
}

/// Removes a folder and everything in it (symbolic links are removed, never followed),
/// its top-level entries side by side: a rebuild's previous site (the locales' folders,
/// the side-by-side views) goes in about half the time on two cores.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_destinations() {
        let book = tempfile::tempdir().unwrap();
        let content = book.path().join("content/es-es");
        std::fs::create_dir_all(&content).unwrap();
        let check = |d: &Path| check_destination(d, book.path(), std::slice::from_ref(&content));
        assert!(check(Path::new("/")).is_err());
        assert!(check(book.path()).is_err());
        assert!(check(&book.path().join("content")).is_err());
        assert!(check(&content).is_err());
        assert!(check(&content.join("site")).is_err());
        if let Some(home) = std::env::var_os("HOME") {
            assert!(check(Path::new(&home)).is_err());
        }
        assert!(check(&book.path().join("site")).is_ok());
    }

    #[test]
    fn replaces_the_previous_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        let file = |p: &str, c: &str| OutputFile::Text { path: p.into(), contents: c.into() };
        write_site(&dest, &[file("a.html", "1"), file("x/b.html", "2")]).unwrap();
        write_site(&dest, &[file("a.html", "3")]).unwrap();
        assert_eq!(std::fs::read_to_string(dest.join("a.html")).unwrap(), "3");
        assert!(!dest.join("x/b.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the site remains beside it");
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".site.polybook-tmp-4000000000");
        std::fs::create_dir_all(&dead).unwrap();
        let alive = dir.path().join(format!(".site.polybook-tmp-{}", std::process::id()));
        std::fs::create_dir_all(&alive).unwrap();
        // A running build holds its lock file; a killed one left its lock file unheld.
        let lock =
            std::fs::File::create(dir.path().join(format!(".site.polybook-lock-{}", std::process::id()))).unwrap();
        lock.lock().unwrap();
        let dead_lock = dir.path().join(".site.polybook-lock-4000000000");
        std::fs::write(&dead_lock, "").unwrap();
        let unrelated = dir.path().join(".other.polybook-tmp-4000000000");
        std::fs::create_dir_all(&unrelated).unwrap();
        remove_leftovers(dir.path(), "site");
        assert!(!dead.exists());
        assert!(!dead_lock.exists(), "a dead build's lock file goes too");
        assert!(alive.exists(), "a running build's staging folder is kept");
        assert!(unrelated.exists());
    }

    #[test]
    fn a_site_moved_aside_by_a_killed_build_is_restored() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        // Killed between its two renames: the previous site moved aside, the new one staged.
        let old = dir.path().join(".site.polybook-old-4000000000");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("a.html"), "previous").unwrap();
        std::fs::create_dir_all(dir.path().join(".site.polybook-tmp-4000000000")).unwrap();
        remove_leftovers(dir.path(), "site");
        assert_eq!(std::fs::read_to_string(dest.join("a.html")).unwrap(), "previous");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the site remains");
        // With a site in place, a stale moved-aside copy is simply removed.
        std::fs::create_dir_all(&old).unwrap();
        remove_leftovers(dir.path(), "site");
        assert!(!old.exists());
        assert_eq!(std::fs::read_to_string(dest.join("a.html")).unwrap(), "previous");
    }

    #[test]
    fn files_go_into_folders_made_on_the_way() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("site");
        let staging = Staging::begin(&dest).unwrap();
        let text = |path: &str, contents: &str| OutputFile::Text { path: path.into(), contents: contents.into() };
        // No `create_dirs`: the first file of a folder makes it, the next reuse it.
        for (path, contents) in
            [("a/b/one.html", "1"), ("a/b/two.html", "2"), ("a/three.html", "3"), ("root.html", "r")]
        {
            staging.write(&text(path, contents)).unwrap();
        }
        staging.write(&text("a/b/one.html", "again")).unwrap();
        assert_eq!(staging.written(), 5);
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(dest.join("a/b/one.html")).unwrap(), "again");
        assert_eq!(std::fs::read_to_string(dest.join("a/b/two.html")).unwrap(), "2");
        assert_eq!(std::fs::read_to_string(dest.join("a/three.html")).unwrap(), "3");
        assert_eq!(std::fs::read_to_string(dest.join("root.html")).unwrap(), "r");
    }

    #[test]
    fn failed_write_keeps_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        let file = |p: &str, c: &str| OutputFile::Text { path: p.into(), contents: c.into() };
        write_site(&dest, &[file("a.html", "old")]).unwrap();
        let bad = OutputFile::Copy { path: "img.png".into(), from: dir.path().join("missing.png") };
        assert!(write_site(&dest, &[file("a.html", "new"), bad]).is_err());
        assert_eq!(std::fs::read_to_string(dest.join("a.html")).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
