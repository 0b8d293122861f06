//! DocFX-flavoured Markdown the corpus uses, on top of CommonMark + GFM:
//! `:::image type="content" source="…" alt-text="…":::` lines become images
//! before parsing (alerts `> [!NOTE]` are parsed by pulldown-cmark's GFM mode
//! and labelled in [`super`]).

use std::borrow::Cow;

/// Rewrites `:::image …:::` lines into Markdown images; other text is untouched.
pub fn preprocess(body: &str) -> Cow<'_, str> {
    if !body.contains(":::image") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        match image_directive(line) {
            Some(md) => {
                out.push_str(&md);
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            None => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

fn image_directive(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix(":::image")?.strip_suffix(":::")?;
    let indent = &line[..line.len() - line.trim_start().len()];
    let source = attr(inner, "source")?;
    let alt = attr(inner, "alt-text").unwrap_or("");
    let alt = alt.replace('[', "\\[").replace(']', "\\]");
    Some(format!("{indent}![{alt}](<{source}>)"))
}

fn attr<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let start = s.find(&format!("{name}=\""))? + name.len() + 2;
    let end = s[start..].find('"')? + start;
    Some(&s[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_image_directive() {
        let src = "a\n  :::image type=\"content\" source=\"images/Up (1).png\" alt-text=\"升级\":::\nb\n";
        assert_eq!(preprocess(src), "a\n  ![升级](<images/Up (1).png>)\nb\n");
    }

    #[test]
    fn leaves_other_text_alone() {
        assert!(matches!(preprocess("no directive"), Cow::Borrowed(_)));
        assert_eq!(preprocess(":::image broken\n"), ":::image broken\n");
    }
}
