//! Which values of the book a batch of changed files touches: the first node of
//! the dependency graph. A path becomes "everything" (book.toml, a template, a
//! Fluent file), one page's source, one locale's toc, one asset's bytes, the static
//! folder, a change of the set of files (added, removed, renamed: the link tables
//! change), or nothing (a file the build does not read).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config};
use crate::model::LocaleSources;
use crate::paths::to_slash_relative;

/// What a batch of changes touches.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Configuration, theme or UI strings: prepare everything again.
    pub everything: bool,
    /// Files were added, removed or renamed in a content folder: the link tables change.
    pub files: bool,
    /// Pages (by index) whose source changed and still exists.
    pub pages: BTreeSet<usize>,
    /// Locales whose toc changed.
    pub tocs: BTreeSet<usize>,
    /// Assets whose bytes changed: (locale, path relative to its content folder).
    pub assets: BTreeSet<(usize, String)>,
    /// The static folder changed.
    pub statics: bool,
}

impl Plan {
    /// Nothing the build reads changed.
    pub fn is_empty(&self) -> bool {
        *self == Plan::default()
    }
}

/// What the planner knows of the book as last built.
pub struct Known<'a> {
    /// The configuration.
    pub config: &'a Config,
    /// Each page's source path → page index.
    pub pages: &'a HashMap<PathBuf, usize>,
    /// Per locale: its assets.
    pub sources: &'a [LocaleSources],
}

/// How a path is on disk now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDisk {
    /// A regular file.
    File,
    /// A folder.
    Folder,
    /// Nothing (removed, renamed away).
    Gone,
}

impl OnDisk {
    /// Looks at `path` without following a symbolic link.
    pub fn of(path: &Path) -> OnDisk {
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.is_file() => OnDisk::File,
            Ok(m) if m.is_dir() => OnDisk::Folder,
            // A symbolic link is reported by the loader, not followed: the set of files changed.
            Ok(_) => OnDisk::Folder,
            Err(_) => OnDisk::Gone,
        }
    }
}

/// Classifies changed paths; `state` tells how each is on disk now.
pub fn classify(known: &Known<'_>, paths: &[PathBuf], state: impl Fn(&Path) -> OnDisk) -> Plan {
    let mut plan = Plan::default();
    let config = known.config;
    let root = &config.root;
    for path in paths {
        if path == &root.join(CONFIG_FILE)
            || path.starts_with(root.join("i18n"))
            || path.starts_with(root.join("themes"))
        {
            plan.everything = true;
            continue;
        }
        if let Some(dir) = &config.static_dir
            && path.starts_with(dir)
        {
            plan.statics = true;
            continue;
        }
        let Some((locale, rel)) = config
            .locales
            .iter()
            .enumerate()
            .filter_map(|(l, loc)| Some((l, to_slash_relative(path, &loc.content)?)))
            .max_by_key(|(_, rel)| std::cmp::Reverse(rel.len()))
        else {
            continue;
        };
        if rel.split('/').any(|seg| seg.starts_with('.')) {
            continue; // hidden files are not content
        }
        if config.locales[locale].tocs.iter().any(|t| t == path) {
            plan.tocs.insert(locale);
        }
        let on_disk = state(path);
        let known_page = known.pages.get(path).copied();
        let known_asset = known.sources[locale].assets.contains_key(&rel);
        match (on_disk, known_page, known_asset) {
            (OnDisk::File, Some(i), _) => {
                plan.pages.insert(i);
            }
            (OnDisk::File, None, true) => {
                plan.assets.insert((locale, rel));
            }
            (OnDisk::File, None, false) => {
                // A new page or asset; Markdown fragments under `includes/` are neither.
                let fragment = rel.to_ascii_lowercase().ends_with(".md") && rel.split('/').any(|s| s == "includes");
                plan.files |= !fragment;
            }
            (OnDisk::Folder, ..) => plan.files = true,
            (OnDisk::Gone, Some(_), _) | (OnDisk::Gone, None, true) => plan.files = true,
            (OnDisk::Gone, None, false) => {
                // A folder renamed or removed as a whole, if it held known files.
                let prefix = format!("{}/", rel);
                let held = known.sources[locale].assets.keys().any(|a| a.starts_with(&prefix))
                    || known.pages.keys().any(|p| p.starts_with(path));
                plan.files |= held;
            }
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("book.toml"),
            "[book]\ntitle = \"T\"\ndefault-locale = \"es-es\"\n\n[locales.es-es]\nname = \"Español\"\n\
             content = \"content/es-es\"\ntoc = \"toc.yml\"\n\n[output]\nstatic = \"static\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("content/es-es")).unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        let config = Config::load(dir.path()).unwrap();
        (dir, config)
    }

    #[test]
    fn each_path_touches_its_value() {
        let (_dir, config) = book();
        let content = config.locales[0].content.clone();
        let pages: HashMap<PathBuf, usize> = [(content.join("a.md"), 0), (content.join("sub/b.md"), 1)].into();
        let mut sources = vec![LocaleSources::default()];
        sources[0].assets.insert("img/x.png".into(), content.join("img/x.png"));
        let known = Known { config: &config, pages: &pages, sources: &sources };
        let on_disk = |p: &Path| {
            let name = p.file_name().unwrap().to_string_lossy();
            if name.starts_with("gone") || name == "img" || name == "b.md" {
                OnDisk::Gone
            } else if name == "newdir" {
                OnDisk::Folder
            } else {
                OnDisk::File
            }
        };
        let plan = |paths: &[PathBuf]| classify(&known, paths, on_disk);
        assert_eq!(plan(&[content.join("a.md")]).pages, BTreeSet::from([0]));
        assert!(!plan(&[content.join("a.md")]).files);
        assert!(plan(&[config.root.join("book.toml")]).everything);
        assert!(plan(&[config.root.join("i18n/es-es/ui.ftl")]).everything);
        assert!(plan(&[config.root.join("themes/x/templates/page.html")]).everything);
        assert!(plan(&[config.root.join("static/robots.txt")]).statics);
        assert_eq!(plan(&[content.join("toc.yml")]).tocs, BTreeSet::from([0]));
        assert_eq!(plan(&[content.join("img/x.png")]).assets, BTreeSet::from([(0, "img/x.png".to_owned())]));
        // Added, removed, renamed away, a new folder, a folder of known files gone.
        assert!(plan(&[content.join("new.md")]).files);
        assert!(plan(&[content.join("sub/b.md")]).files);
        assert!(plan(&[content.join("newdir")]).files);
        assert!(plan(&[content.join("img")]).files);
        // What the build does not read.
        assert!(plan(&[content.join("gone-temp-file")]).is_empty());
        assert!(plan(&[content.join(".a.md.swp")]).is_empty());
        assert!(plan(&[content.join("includes/part.md")]).is_empty());
        assert!(plan(&[config.root.join("target/debug/x")]).is_empty());
        assert!(plan(&[config.root.join("site/index.html")]).is_empty());
    }
}
