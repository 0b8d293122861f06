//! Heading ids: readable slugs that keep CJK and accented letters, unique per page.

use std::collections::HashSet;

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
    used: HashSet<String>,
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
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("invariant: some suffix is free")
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
}
