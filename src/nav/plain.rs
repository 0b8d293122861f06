//! The fast path for the tocs DocFX writes: a list of items, one `key: value` per
//! line (`name`, `href`, `topicHref`), `items:` followed by a list, more indented
//! or at the same column.
//! Such a toc is read here without the YAML parser (a 330 KB toc took it ~15 ms);
//! anything else (a comment, a flow collection, an escape, a multi-line value, a
//! value YAML would read as other than text, another key, an odd indentation…)
//! returns `None` and goes to serde_yaml, so the items are always the ones
//! serde_yaml gives. The tests check that on every toc of the corpus and on
//! generated ones.

use super::RawItem;
use crate::frontmatter::text_value;

/// The items serde_yaml would read from `yaml`, when it is a plain toc.
pub(super) fn parse(yaml: &str) -> Option<Vec<RawItem>> {
    let lines: Vec<(usize, &str)> = yaml
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim_matches(' ').is_empty())
        .map(|l| {
            let content = l.trim_start_matches(' ');
            (l.len() - content.len(), content)
        })
        .collect();
    let mut reader = Reader { lines: &lines, at: 0 };
    let items = reader.list(0)?;
    (reader.at == lines.len() && !items.is_empty()).then_some(items)
}

struct Reader<'a> {
    /// Non-blank lines: indentation and the rest.
    lines: &'a [(usize, &'a str)],
    at: usize,
}

impl Reader<'_> {
    /// A list whose `- ` marks stand at column `indent`.
    fn list(&mut self, indent: usize) -> Option<Vec<RawItem>> {
        let mut items = Vec::new();
        while let Some(&(column, line)) = self.lines.get(self.at) {
            // A list ends at a line less indented, or at a key of the item that holds
            // it when the list stands at that item's column (`items:` then `- `
            // below it, as some tocs write).
            if column < indent || (column == indent && !line.starts_with("- ")) {
                break;
            }
            let first = line.strip_prefix("- ").filter(|_| column == indent)?;
            // The item's keys stand at the column after `- `.
            let keys = indent + 2 + (first.len() - first.trim_start_matches(' ').len());
            let mut item = RawItem::default();
            self.at += 1;
            self.entry(&mut item, first.trim_start_matches(' '), keys)?;
            while let Some(&(column, line)) = self.lines.get(self.at) {
                if column < keys {
                    break;
                }
                if column > keys || line.starts_with("- ") {
                    return None;
                }
                self.at += 1;
                self.entry(&mut item, line, keys)?;
            }
            items.push(item);
        }
        Some(items)
    }

    /// One `key: value` line of an item whose keys stand at column `keys`.
    fn entry(&mut self, item: &mut RawItem, line: &str, keys: usize) -> Option<()> {
        if line == "items:" {
            let &(column, next) = self.lines.get(self.at)?;
            if !item.items.is_empty() || column < keys || !next.starts_with("- ") {
                return None;
            }
            item.items = self.list(column)?;
            return Some(());
        }
        let (key, value) = line.split_once(": ")?;
        let slot = match key {
            "name" => &mut item.name,
            "href" => &mut item.href,
            "topicHref" => &mut item.topic_href,
            _ => return None,
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(text_value(value.trim_matches(' '))?);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn agrees(toc: &str) -> bool {
        match parse(toc) {
            Some(fast) => {
                let slow: Vec<RawItem> = serde_yaml::from_str(toc).expect("serde_yaml reads what the fast path reads");
                assert_eq!(fast, slow, "the fast path differs from serde_yaml on {toc:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn reads_docfx_tocs() {
        let toc = "- name: Microsoft Lync Server 2013\n  href: ../microsoft-lync-server-2013.md\n  items:\n    \
                   - name: 法律信息\n      href: ../legal.md\n    - name: Entrada\n      items:\n        \
                   - name: Sub\n          href: https://example.com/a?b=c#d\n          topicHref: sub.md\n\
                   - name: Otra\r\n  href: otra.md\r\n- name: 'Manual: planeación'\n  items:\n  - name: B\n    href: b.md\n  href: \"b.md\"\n";
        assert!(agrees(toc), "a DocFX toc takes the fast path");
        assert_eq!(parse(toc).unwrap()[0].items[1].items[0].topic_href.as_deref(), Some("sub.md"));
    }

    #[test]
    fn leaves_everything_else_to_the_yaml_parser() {
        for toc in [
            "",
            "# comment\n- name: A\n",
            "- name: A # comment\n",
            "- name: 2013\n",
            "- name: true\n",
            "- name: \"A\\tB\"\n",
            "- name: 'It''s'\n",
            "- name: A\n  uid: a\n",
            "- name: A\n  name: B\n",
            "- name: A\n  items:\n",
            "- name: A\n   href: a.md\n",
            "- name: [A]\n",
            "- {name: A}\n",
            "---\n- name: A\n",
            "- name: A\n  href: >\n    a.md\n",
            "- name: a: b\n",
            "-\n  name: A\n",
            "items:\n- name: A\n",
        ] {
            assert!(!agrees(toc), "{toc:?} should take the slow path");
        }
    }

    #[test]
    fn reads_the_corpus_tocs_as_serde_yaml_does() {
        let root = std::path::Path::new("../shared/corpus/lync-2013");
        if !root.is_dir() {
            eprintln!("skipped: the corpus is not at {}", root.display());
            return;
        }
        let mut fast = 0;
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            if entry.file_name() == "toc.yml" {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                fast += usize::from(agrees(text.trim_start_matches('\u{FEFF}')));
            }
        }
        assert!(fast >= 4, "the corpus's tocs take the fast path ({fast} did)");
    }

    /// A generated toc: items with names, hrefs and children, at two to four spaces
    /// of indentation, children below `items:` or at its column.
    fn toc() -> impl Strategy<Value = String> {
        let value = "[A-Za-z0-9 ./:#?&=_-]{0,12}|[存档策略 ]{1,4}|true|null|~|-1|0x1F|\"q\"|'q'";
        let item = (proptest::option::of(value), proptest::option::of(value), 0..3usize);
        (proptest::collection::vec(item, 1..8), 2..5usize, any::<bool>()).prop_map(|(items, step, compact)| {
            let mut out = String::new();
            let mut depth = 0usize;
            for (name, href, next_depth) in items {
                let pad = " ".repeat(depth * if compact { 2 } else { 2 + step });
                let mut first = true;
                for (key, v) in [("name", name), ("href", href)] {
                    if let Some(v) = v {
                        let mark = if first { "- " } else { "  " };
                        out.push_str(&format!("{pad}{mark}{key}: {v}\n"));
                        first = false;
                    }
                }
                if first {
                    out.push_str(&format!("{pad}- name: x\n"));
                }
                if next_depth > depth {
                    out.push_str(&format!("{pad}  items:\n"));
                    depth += 1;
                } else {
                    depth = next_depth.min(depth);
                }
            }
            out
        })
    }

    proptest! {
        #[test]
        fn generated_tocs_agree_with_serde_yaml(toc in toc()) {
            if parse(&toc).is_some() {
                prop_assert!(agrees(&toc));
            }
        }
    }
}
