//! Section-level language switching: which heading of a translation corresponds
//! to each heading of a page. Headings are matched level by level: the k-th
//! heading of level L maps to the k-th of level L in the translation when both
//! pages have the same number of level-L headings; otherwise that level falls
//! back to its nearest mapped ancestor (the two outlines differ there).

use crate::model::Heading;

/// For each heading of `from`, the id of the matching heading in `to` (or `""`).
pub fn align(from: &[Heading], to: &[Heading]) -> Vec<String> {
    let count = |hs: &[Heading], level: u8| hs.iter().filter(|h| h.level == level).count();
    let mut seen = [0usize; 7];
    let mut ancestors: [Option<String>; 7] = Default::default();
    from.iter()
        .map(|h| {
            let level = h.level.clamp(1, 6) as usize;
            let k = seen[level];
            seen[level] += 1;
            let direct = (count(from, h.level) == count(to, h.level))
                .then(|| to.iter().filter(|t| t.level == h.level).nth(k).map(|t| t.id.clone()))
                .flatten();
            let mapped = direct.or_else(|| ancestors[..level].iter().rev().flatten().next().cloned());
            ancestors[level] = mapped.clone();
            for a in ancestors.iter_mut().skip(level + 1) {
                *a = None;
            }
            mapped.unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(spec: &[(u8, &str)]) -> Vec<Heading> {
        spec.iter().map(|(l, id)| Heading { level: *l, id: (*id).into(), text: String::new() }).collect()
    }

    #[test]
    fn same_outline_maps_one_to_one() {
        let a = hs(&[(1, "t"), (2, "a"), (2, "b"), (3, "b1")]);
        let b = hs(&[(1, "título"), (2, "x"), (2, "y"), (3, "y1")]);
        assert_eq!(align(&a, &b), ["título", "x", "y", "y1"]);
    }

    #[test]
    fn differing_level_falls_back_to_ancestor() {
        let a = hs(&[(1, "t"), (2, "a"), (3, "a1"), (3, "a2"), (2, "b")]);
        let b = hs(&[(1, "u"), (2, "x"), (3, "x1"), (2, "y")]);
        assert_eq!(align(&a, &b), ["u", "x", "x", "x", "y"]);
    }

    #[test]
    fn no_headings_maps_nothing() {
        let a = hs(&[(2, "a")]);
        assert_eq!(align(&a, &[]), [""]);
    }
}
