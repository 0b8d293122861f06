//! Raw HTML inside Markdown (the corpus has ~1,350 `<A href="x.md">` and
//! `<img src>` per locale): find the `href`/`src` values to rewrite and the
//! `name`/`id` values that fragments may target, without a full HTML parser.

/// An attribute value found in a chunk of HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Lower-cased attribute name.
    pub name: String,
    /// Byte range of the value (without quotes) in the chunk.
    pub value: std::ops::Range<usize>,
}

/// Finds `name="value"` / `name='value'` / `name=value` attributes inside tags.
pub fn attributes(html: &str) -> Vec<Attr> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || b.get(i + 1).is_none_or(|c| !c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        // Skip the tag name.
        i += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
            i += 1;
        }
        // Attributes until `>`.
        while i < b.len() && b[i] != b'>' {
            if b[i].is_ascii_whitespace() || b[i] == b'/' {
                i += 1;
                continue;
            }
            let name_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let name = html[name_start..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (start, end) = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let end = html[start..].find(q as char).map_or(b.len(), |e| start + e);
                    i = (end + 1).min(b.len());
                    (start, end)
                }
                _ => {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    (start, i)
                }
            };
            out.push(Attr { name, value: start..end });
        }
    }
    out
}

/// Replaces attribute values; `rewrite` returns the new (already escaped) value or `None`.
pub fn rewrite_urls(html: &str, mut rewrite: impl FnMut(&str, usize) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    for attr in attributes(html) {
        if attr.name != "href" && attr.name != "src" {
            continue;
        }
        if let Some(new) = rewrite(&html[attr.value.clone()], attr.value.start) {
            out.push_str(&html[last..attr.value.start]);
            out.push_str(&new);
            last = attr.value.end;
        }
    }
    if last == 0 {
        return None;
    }
    out.push_str(&html[last..]);
    Some(out)
}

/// Values of `name` and `id` attributes: targets for `#fragment` links.
pub fn anchors(html: &str) -> impl Iterator<Item = &str> {
    attributes(html).into_iter().filter(|a| a.name == "name" || a.name == "id").map(move |a| &html[a.value])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attributes_in_any_case_and_quoting() {
        let html = r#"<A href="a.md" target=_blank><img SRC='images/x (1).png' alt="y"/>"#;
        let found: Vec<(String, &str)> = attributes(html).into_iter().map(|a| (a.name, &html[a.value])).collect();
        assert_eq!(
            found,
            vec![
                ("href".into(), "a.md"),
                ("target".into(), "_blank"),
                ("src".into(), "images/x (1).png"),
                ("alt".into(), "y")
            ]
        );
    }

    #[test]
    fn rewrites_only_urls() {
        let out = rewrite_urls(r#"<a name="n" href="a.md">x</a>"#, |v, _| Some(v.replace(".md", ".html")));
        assert_eq!(out.as_deref(), Some(r#"<a name="n" href="a.html">x</a>"#));
        assert_eq!(rewrite_urls("</div>", |_, _| Some(String::new())), None);
    }

    #[test]
    fn collects_anchors() {
        let got: Vec<&str> = anchors(r#"<a name="first-steps"></a><div id="mainBody">"#).collect();
        assert_eq!(got, ["first-steps", "mainBody"]);
    }

    #[test]
    fn survives_unterminated_tags() {
        assert_eq!(attributes("<a href=\"never closed").len(), 1);
        assert!(attributes("<").is_empty());
        assert!(attributes("a < b > c").is_empty());
    }
}
