//! Which non-page files go into the site: the images and files pages link to, every
//! file under a locale's `copy` entries (both into `<locale>/…`), and the book's static
//! folder (into the site root). Generated pages take precedence over static files.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{Article, LocaleSources, Page};
use crate::render::site::OutputFile;

/// Each `copy` entry that matches no file, of the locales that were `read`: one
/// diagnostic naming it.
pub fn check_copy_entries(config: &Config, sources: &[LocaleSources], read: &[bool]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for ((loc, src), _) in config.locales.iter().zip(sources).zip(read).filter(|(_, r)| **r) {
        for entry in &loc.copy {
            if !src.assets.keys().any(|rel| under(rel, entry)) {
                diags.push(
                    Diagnostic::file(
                        Kind::MissingCopySource,
                        loc.content.join(entry),
                        format!("`copy` entry `{entry}` of locale {} matches no file", loc.tag),
                    )
                    .with_hint(format!(
                        "create it, or remove `{entry}` from `copy` of locale {} in book.toml (entries are \
                         relative to the locale's content folder)",
                        loc.tag
                    )),
                );
            }
        }
    }
    diags
}

/// True when `rel` is `entry` or lies inside the folder `entry`.
fn under(rel: &str, entry: &str) -> bool {
    rel.strip_prefix(entry).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Appends the locale files to copy: those the articles link, and those under the
/// `copy` entries of the locales where `copy_entries` says so.
pub fn locale_files(
    config: &Config,
    sources: &[LocaleSources],
    pages: &[Page],
    articles: &[Article],
    copy_entries: &dyn Fn(usize) -> bool,
    files: &mut Vec<OutputFile>,
) {
    let mut used: BTreeSet<(usize, &str)> = BTreeSet::new();
    for (p, a) in pages.iter().zip(articles) {
        for asset in &a.assets {
            used.insert((p.locale, asset.as_str()));
        }
    }
    for (locale, (loc, src)) in config.locales.iter().zip(sources).enumerate().filter(|(l, _)| copy_entries(*l)) {
        for rel in src.assets.keys().filter(|rel| loc.copy.iter().any(|e| under(rel, e))) {
            used.insert((locale, rel.as_str()));
        }
    }
    for (locale, rel) in used {
        if let Some(from) = sources[locale].assets.get(rel) {
            let seg = config.locales[locale].tag.url_segment();
            files.push(OutputFile::Copy { path: format!("{seg}/{rel}"), from: from.clone() });
        }
    }
}

/// Appends the static folder's files, except where a generated file (at one of the
/// `generated` site paths) has the same path.
pub fn static_files<'a>(
    statics: &[(String, PathBuf)],
    generated: impl Iterator<Item = &'a str>,
    files: &mut Vec<OutputFile>,
) {
    let taken: HashSet<String> = generated.map(str::to_ascii_lowercase).collect();
    for (rel, from) in statics {
        if !taken.contains(&rel.to_ascii_lowercase()) {
            files.push(OutputFile::Copy { path: rel.clone(), from: from.clone() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_match_files_and_folders_not_prefixes() {
        assert!(under("downloads/a.pdf", "downloads"));
        assert!(under("robots.txt", "robots.txt"));
        assert!(!under("downloads-old/a.pdf", "downloads"));
        assert!(!under("x/downloads/a.pdf", "downloads"));
    }

    #[test]
    fn generated_files_win_over_static_ones() {
        let mut files = Vec::new();
        let statics = [("Index.html".to_owned(), PathBuf::from("/s/Index.html")), ("robots.txt".into(), "/s/r".into())];
        static_files(&statics, ["index.html"].into_iter(), &mut files);
        assert_eq!(files.len(), 1);
        assert!(matches!(&files[0], OutputFile::Copy { path, .. } if path == "robots.txt"));
    }
}
