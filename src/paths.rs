//! Path helpers shared by the stages: forward-slash relative paths, lexical
//! normalisation (no file-system access), relative URLs between output files.

use std::path::{Component, Path, PathBuf};

/// Normalises `.` and `..` without touching the file system.
pub fn lexical_normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Joins a relative reference (`../x/y.md`) to the folder of `from` (a forward-slash
/// path relative to a content root). `None` when the result climbs above the root.
pub fn join_relative(from: &str, reference: &str) -> Option<String> {
    let mut parts: Vec<&str> = match from.rfind('/') {
        Some(i) => from[..i].split('/').collect(),
        None => Vec::new(),
    };
    for seg in reference.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The relative URL from the output file `from` to the output file `to`
/// (both forward-slash paths relative to the site root).
pub fn relative_url(from: &str, to: &str) -> String {
    let (f, t) = (from.as_bytes(), to.as_bytes());
    // The folders (up to the last `/`) of both paths.
    let from_dirs = memchr::memrchr(b'/', f).map_or(0, |i| i + 1);
    let to_dirs = memchr::memrchr(b'/', t).map_or(0, |i| i + 1);
    // The whole segments both start with: bytes up to the first difference, cut
    // back to the last `/` among them.
    let same = f[..from_dirs.min(to_dirs)].iter().zip(t).take_while(|(a, b)| a == b).count();
    let common_bytes = memchr::memrchr(b'/', &f[..same]).map_or(0, |i| i + 1);
    let ups = memchr::memchr_iter(b'/', &f[common_bytes..from_dirs]).count();
    let mut url = String::with_capacity(3 * ups + to.len() - common_bytes);
    for _ in 0..ups {
        url.push_str("../");
    }
    url.push_str(&to[common_bytes..]);
    url
}

/// The prefix that leads from the output file `from` back to the site root (`../../`).
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A path relative to `base`, with forward slashes (for display and URLs).
pub fn to_slash_relative(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_references() {
        assert_eq!(join_relative("a/b.md", "c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_relative("a/b.md", "../c.md").as_deref(), Some("c.md"));
        assert_eq!(join_relative("a/t/toc.yml", "../x.md").as_deref(), Some("a/x.md"));
        assert_eq!(join_relative("b.md", "../../etc/passwd"), None);
        assert_eq!(join_relative("b.md", "./images/x (1).png").as_deref(), Some("images/x (1).png"));
    }

    #[test]
    fn computes_relative_urls() {
        assert_eq!(relative_url("es-es/A/x.html", "es-es/A/y.html"), "y.html");
        assert_eq!(relative_url("es-es/A/x.html", "zh-cn/A/x.html"), "../../zh-cn/A/x.html");
        assert_eq!(relative_url("index.html", "es-es/index.html"), "es-es/index.html");
        assert_eq!(relative_url("es-es/A/x.html", "es-es/index.html"), "../index.html");
    }

    proptest::proptest! {
        /// The same URL as the first form, which split both paths into vectors.
        #[test]
        fn relative_urls_as_by_segments(from in "([ab配]{0,2}/){0,3}[ab]{0,2}", to in "([ab配]{0,2}/){0,3}[ab]{0,2}") {
            let from_dirs: Vec<&str> = from.split('/').collect();
            let from_dirs = &from_dirs[..from_dirs.len() - 1];
            let to_parts: Vec<&str> = to.split('/').collect();
            let common = from_dirs.iter().zip(&to_parts[..to_parts.len() - 1]).take_while(|(a, b)| a == b).count();
            let mut expected = "../".repeat(from_dirs.len() - common);
            expected.push_str(&to_parts[common..].join("/"));
            proptest::prop_assert_eq!(relative_url(&from, &to), expected);
        }
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("es-es/A/x.html"), "../../");
    }

    #[test]
    fn normalizes_lexically() {
        assert_eq!(lexical_normalize(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
    }
}
