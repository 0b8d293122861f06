//! Heading ids: readable slugs that keep CJK and accented letters, unique per page.

use rustc_hash::{FxHashMap, FxHashSet};

/// Makes a slug from heading text: letters and digits of any script are kept
/// (lower-cased), runs of anything else become one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else if c == '_' {
            slug.push('_');
            dash = false;
        } else {
            dash = true;
        }
    }
    if slug.is_empty() { "section".to_owned() } else { slug }
}

/// Hands out unique ids for one page: `x`, `x-1`, `x-2`, …
#[derive(Debug, Default)]
pub struct IdAllocator {
    used: FxHashSet<String>,
    /// Per base, the suffix to try next: every smaller one is taken (keeps `unique` linear).
    next_suffix: FxHashMap<String, usize>,
}

impl IdAllocator {
    /// Marks an id as taken (explicit ids, `<a name>` anchors).
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
    }

    /// A unique id derived from `base`.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_owned()) {
            return base.to_owned();
        }
        let next = self.next_suffix.entry(base.to_owned()).or_insert(1);
        let id = (*next..)
            .map(|n| (n, format!("{base}-{n}")))
            .find(|(_, candidate)| self.used.insert(candidate.clone()))
            .expect("invariant: some suffix is free");
        *next = id.0 + 1;
        id.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        assert_eq!(slugify(text), expected);
    }

    #[test]
    fn slugs() {
        check("Before You Begin", "before-you-begin");
        check("在 Lync Server 2013 中开始", "在-lync-server-2013-中开始");
        check("Configuración de DNS (opcional)", "configuración-de-dns-opcional");
        check("  --  ", "section");
        check("Get-CsUser", "get-csuser");
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = IdAllocator::default();
        ids.reserve("a");
        assert_eq!(ids.unique("a"), "a-1");
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique("b"), "b");
    }

    #[test]
    fn many_equal_headings_stay_linear_and_skip_taken_ids() {
        let mut ids = IdAllocator::default();
        ids.reserve("s-3");
        let got: Vec<String> = (0..5).map(|_| ids.unique("s")).collect();
        assert_eq!(got, ["s", "s-1", "s-2", "s-4", "s-5"]);
        ids.reserve("s-6");
        assert_eq!(ids.unique("s"), "s-7");
        // 50,000 equal headings (a generated 5 MB page): quadratic would take minutes here.
        for _ in 0..50_000 {
            ids.unique("section");
        }
        assert_eq!(ids.unique("section"), "section-50000");
    }
}
