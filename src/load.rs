//! Stage 1, load: walk each locale's content folder and read every Markdown file
//! (in parallel). Pages, `includes/` fragments and assets are told apart here;
//! text is decoded (BOM removed, CRLF and lone CR made `\n`). All input IO of the
//! content lives in this module.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{LocaleSources, SourceFile};
use crate::paths::to_slash_relative;

/// Reads one locale's content folder.
pub fn load_locale(locale: usize, root: &Path) -> (LocaleSources, Vec<Diagnostic>) {
    let (mut sources, page_paths, mut diags) = scan_locale(root);
    let read: Vec<Result<(SourceFile, Option<Diagnostic>), Diagnostic>> =
        page_paths.into_par_iter().map(|(rel_path, path)| read_source(locale, rel_path, path)).collect();
    for result in read {
        match result {
            Ok((file, diag)) => {
                diags.extend(diag);
                sources.pages.push(file);
            }
            Err(d) => diags.push(d),
        }
    }
    (sources, diags)
}

/// Walks a locale's content folder without reading pages: its assets and fragments,
/// and the pages' (relative path, absolute path) in walk order, to read with
/// [`read_source`].
pub fn scan_locale(root: &Path) -> (LocaleSources, Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut sources = LocaleSources::default();
    let mut page_paths = Vec::new();
    if !root.is_dir() {
        diags.push(
            Diagnostic::file(Kind::ReadError, root, "the locale's content folder does not exist")
                .with_hint("fix `content` of this locale in book.toml"),
        );
        return (sources, page_paths, diags);
    }
    for (rel, path) in walk_files(root, &mut diags) {
        if rel.to_ascii_lowercase().ends_with(".md") {
            if rel.split('/').any(|seg| seg == "includes") {
                sources.fragments.push(rel);
            } else {
                page_paths.push((rel, path));
            }
        } else {
            sources.assets.insert(rel, path);
        }
    }
    if page_paths.is_empty() {
        diags.push(Diagnostic::file(Kind::EmptyLocale, root, "this locale has no Markdown pages"));
    }
    (sources, page_paths, diags)
}

/// Reads and decodes one page.
pub fn read_source(
    locale: usize,
    rel_path: String,
    path: PathBuf,
) -> Result<(SourceFile, Option<Diagnostic>), Diagnostic> {
    match std::fs::read(&path) {
        Ok(bytes) => {
            let (text, diag) = decode(bytes, &path);
            Ok((SourceFile { locale, rel_path, path, text }, diag))
        }
        Err(e) => Err(Diagnostic::file(Kind::ReadError, &path, format!("cannot read: {e}"))),
    }
}

/// A page's Markdown body (the text after its front matter), read again from disk:
/// for books whose text is not held in memory. Empty when the file cannot be read.
pub fn read_body(path: &Path) -> String {
    let Ok(bytes) = std::fs::read(path) else { return String::new() };
    let (mut text, _) = decode(bytes, path);
    if let Ok(split) = crate::frontmatter::split(&text) {
        let front = text.len() - split.body.len();
        text.drain(..front);
    }
    text
}

/// The regular files under `root` in sorted order, as (`/`-separated relative path,
/// absolute path); hidden entries are skipped, symbolic links reported, not followed.
fn walk_files(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    // Walked in the order the folders list their entries, then sorted once, segment
    // by segment: the order a walk sorting each folder's entries by name gives
    // (`WalkDir::sort_by_file_name`), without parsing both paths at every comparison.
    for entry in WalkDir::new(root).follow_links(false) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
                diags.push(Diagnostic::file(Kind::ReadError, path, e.to_string()));
                continue;
            }
        };
        if entry.path_is_symlink() {
            diags.push(
                Diagnostic::file(Kind::Symlink, entry.path(), "symbolic link not followed")
                    .with_hint("replace the link by the file or folder it points to"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = to_slash_relative(entry.path(), root) else {
            continue;
        };
        if !is_hidden(&rel) {
            files.push((rel, entry.into_path()));
        }
    }
    files.sort_unstable_by(|(a, _), (b, _)| segment_order(a, b));
    files
}

/// The order of two `/`-separated paths segment by segment (`a.split('/')` against
/// `b.split('/')`), without splitting: at the first byte where they differ, a `/` ends
/// its segment there, which sorts before the other's longer segment.
fn segment_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => {
            let key = |byte: u8| if byte == b'/' { 0 } else { u16::from(byte) + 1 };
            key(a[i]).cmp(&key(b[i]))
        }
        None => a.len().cmp(&b.len()),
    }
}

/// The files of the book's static folder (`[output] static`), copied as they are into
/// the site root.
pub fn read_static(dir: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if !dir.is_dir() {
        diags.push(
            Diagnostic::file(Kind::MissingCopySource, dir, "the static folder (`[output] static`) does not exist")
                .with_hint("create the folder, or remove `static` from [output] in book.toml"),
        );
        return (Vec::new(), diags);
    }
    let files = walk_files(dir, &mut diags);
    (files, diags)
}

/// Hidden files and folders (`.git`, `.DS_Store`) are not content.
fn is_hidden(rel: &str) -> bool {
    rel.split('/').any(|seg| seg.starts_with('.'))
}

/// Decodes bytes as UTF-8 (lossily, with a diagnostic naming the first bad line),
/// drops a leading BOM and normalises CRLF and lone CR to LF. Valid UTF-8 without
/// CR keeps its buffer: nothing is copied.
pub fn decode(mut bytes: Vec<u8>, path: &Path) -> (String, Option<Diagnostic>) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let (text, diag) = match utf8_string(bytes) {
        Ok(s) => (normalize_newlines(s), None),
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            let d = Diagnostic::file(
                Kind::InvalidUtf8,
                path,
                "the file is not valid UTF-8; invalid bytes are shown as \u{FFFD}",
            )
            .at_line(line as u32)
            .with_hint("save the file as UTF-8");
            (normalize_newlines(String::from_utf8_lossy(bytes).into_owned()), Some(d))
        }
    };
    (text, diag)
}

/// `String::from_utf8`, checked by SIMD instructions first (`simdutf8`): std's check
/// goes a character at a time through text that is not ASCII, and the Chinese half
/// of the corpus (~20 MB read per build) is almost all such. std's check still says
/// where a file that is not UTF-8 goes wrong.
fn utf8_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just found these very bytes to be valid UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

/// CRLF and lone CR become LF.
pub fn normalize_newlines(s: String) -> String {
    if !s.contains('\r') {
        return s;
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Reads a theme's template overrides: `themes/<name>/templates/*.html` in the book.
/// The built-in `default` theme needs no folder; any other name must exist.
pub fn read_theme(book_root: &Path, name: &str) -> Result<Vec<(String, String)>, crate::error::Error> {
    let dir = book_root.join("themes").join(name).join("templates");
    if !dir.is_dir() {
        if name == "default" {
            return Ok(Vec::new());
        }
        // Config::from_str refuses such a theme already; this guards other callers.
        return Err(crate::error::Error::config(
            book_root.join(crate::config::CONFIG_FILE),
            format!("unknown theme `{name}`: {} does not exist", dir.display()),
        ));
    }
    let mut templates = Vec::new();
    for entry in WalkDir::new(&dir).min_depth(1).max_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| crate::error::Error::Theme(e.to_string()))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().is_file() && file_name.ends_with(".html") {
            let text = std::fs::read_to_string(entry.path())
                .map_err(|source| crate::error::Error::Io { path: entry.path().to_path_buf(), source })?;
            templates.push((file_name, text));
        }
    }
    Ok(templates)
}

/// Reads the book's Fluent files: `i18n/<locale>/*.ftl`.
pub fn read_i18n(book_root: &Path) -> (Vec<crate::i18n::FtlFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let dir = book_root.join("i18n");
    if !dir.is_dir() {
        return (files, diags);
    }
    for entry in WalkDir::new(&dir).min_depth(2).max_depth(2).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let Some(folder) = path.parent().and_then(Path::file_name).map(|f| f.to_string_lossy().into_owned()) else {
            continue;
        };
        let Ok(locale) = crate::locale::LocaleTag::parse(&folder) else {
            diags.push(Diagnostic::file(Kind::InvalidFtl, path, format!("folder `{folder}` is not a language tag")));
            continue;
        };
        match std::fs::read(path) {
            Ok(bytes) => {
                let (text, diag) = decode(bytes, path);
                diags.extend(diag);
                files.push(crate::i18n::FtlFile { locale, path: path.to_path_buf(), text });
            }
            Err(e) => diags.push(Diagnostic::file(Kind::ReadError, path, format!("cannot read: {e}"))),
        }
    }
    (files, diags)
}

/// Reads a toc file, refusing one outside the locale's content folder.
pub fn read_toc(path: &Path, content: &Path) -> Result<String, Diagnostic> {
    let inside = std::fs::canonicalize(path)
        .ok()
        .zip(std::fs::canonicalize(content).ok())
        .is_some_and(|(p, c)| p.starts_with(c));
    if !path.exists() {
        return Err(Diagnostic::file(Kind::TocInvalid, path, "the toc file does not exist")
            .with_hint("fix `toc` of this locale in book.toml (relative to its content folder)"));
    }
    if !inside {
        return Err(Diagnostic::file(
            Kind::LinkOutsideBook,
            path,
            "the toc file lies outside the locale's content folder; not read",
        ));
    }
    std::fs::read(path)
        .map(|bytes| decode(bytes, path).0)
        .map_err(|e| Diagnostic::file(Kind::ReadError, path, format!("cannot read: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_in_the_order_of_a_walk_sorted_by_name() {
        let dir = tempfile::tempdir().unwrap();
        for rel in ["a/b.md", "a-c.md", "a.md", "a/z/y.md", "a/c.md", "B.md", "é.md", ".hidden/x.md", "a/.x.md"] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let got: Vec<String> = walk_files(dir.path(), &mut Vec::new()).into_iter().map(|(rel, _)| rel).collect();
        let sorted_walk: Vec<String> = WalkDir::new(dir.path())
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| to_slash_relative(e.path(), dir.path()))
            .filter(|rel| !is_hidden(rel))
            .collect();
        assert_eq!(got, sorted_walk);
        assert_eq!(got, ["B.md", "a/b.md", "a/c.md", "a/z/y.md", "a-c.md", "a.md", "é.md"]);
    }

    #[test]
    fn decodes_bom_and_line_ends() {
        let (t, d) = decode(b"\xEF\xBB\xBFa\r\nb\rc\n".to_vec(), Path::new("x.md"));
        assert_eq!(t, "a\nb\nc\n");
        assert!(d.is_none());
    }

    #[test]
    fn unknown_theme_names_book_toml() {
        let book = tempfile::tempdir().unwrap();
        let e = read_theme(book.path(), "nope").unwrap_err().to_string();
        assert!(e.contains("book.toml") && e.contains("unknown theme `nope`"), "{e}");
        assert!(read_theme(book.path(), "default").unwrap().is_empty());
    }

    #[test]
    fn reports_invalid_utf8_with_line() {
        let (t, d) = decode(b"ok\nbad \xFF here\n".to_vec(), Path::new("x.md"));
        assert_eq!(t, "ok\nbad \u{FFFD} here\n");
        let d = d.unwrap();
        assert_eq!(d.kind, Kind::InvalidUtf8);
        assert_eq!(d.line, 2);
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        /// The SIMD check accepts exactly what std's accepts (long inputs take its SIMD
        /// path, short ones its fallback).
        #[test]
        fn checks_utf8_as_std_does(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-z é配\u{1F600}]{0,80}").unwrap().prop_map(String::into_bytes),
                    proptest::collection::vec(proptest::num::u8::ANY, 0..4),
                ],
                0..6,
            )
        ) {
            let bytes: Vec<u8> = parts.concat();
            proptest::prop_assert_eq!(utf8_string(bytes.clone()).ok(), String::from_utf8(bytes).ok());
        }

        /// Paths sort as their segments do.
        #[test]
        fn paths_sort_segment_by_segment(a in "[a./+-]{0,8}", b in "[a./+-]{0,8}") {
            proptest::prop_assert_eq!(segment_order(&a, &b), a.split('/').cmp(b.split('/')));
        }
    }
}
