//! DocFX-flavoured Markdown the corpus uses, on top of CommonMark + GFM:
//! `:::image type="content" source="…" alt-text="…":::` lines become images
//! before parsing (alerts `> [!NOTE]` are parsed by pulldown-cmark's GFM mode
//! and labelled in [`super`]).

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// Rewrites `:::image …:::` lines into Markdown images; other text is untouched.
pub fn preprocess(body: &str) -> Cow<'_, str> {
    if !body.contains(":::image") {
        return Cow::Borrowed(body);
    }
    // Lines of code blocks are code, and lines of HTML blocks raw HTML, shown as written
    // (an image there would also end an HTML block that runs to a `>`): find them with
    // the same parser.
    let code: Vec<Range<usize>> = Parser::new_ext(body, super::options())
        .into_offset_iter()
        .filter_map(|(e, r)| matches!(e, Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)).then_some(r))
        .collect();
    let mut next_code = 0;
    let mut offset = 0;
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let end = offset + line.len();
        while code.get(next_code).is_some_and(|r| r.end <= offset) {
            next_code += 1;
        }
        let in_code = code.get(next_code).is_some_and(|r| r.start < end);
        offset = end;
        match image_directive(line).filter(|_| !in_code) {
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
    fn leaves_code_blocks_alone() {
        let directive = ":::image type=\"content\" source=\"a.png\" alt-text=\"x\":::\n";
        for src in [
            format!("    {directive}"),
            format!("```\n{directive}```\n"),
            format!("- item\n\n  ~~~md\n  {directive}  ~~~\n"),
            format!("text\n\n\t{directive}\nmore\n"),
        ] {
            assert_eq!(preprocess(&src), src);
        }
        let mixed = format!("```\n{directive}```\n{directive}");
        assert_eq!(preprocess(&mixed), format!("```\n{directive}```\n![x](<a.png>)\n"));
    }

    #[test]
    fn leaves_html_blocks_alone() {
        // `<!a` opens an HTML block that runs to a line holding `>`: the directive is raw
        // HTML there, and its image's `<…>` must not end the block (the fence after it
        // would open a code block).
        let src = "<!a...\n:::image type=\"content\" source=\"img.png\" alt-text=\"a]b\":::\n```\n";
        assert_eq!(preprocess(src), src);
        let div = "<div>\n:::image type=\"content\" source=\"a.png\" alt-text=\"x\":::\n</div>\n\n";
        assert_eq!(preprocess(div), div);
    }

    #[test]
    fn leaves_other_text_alone() {
        assert!(matches!(preprocess("no directive"), Cow::Borrowed(_)));
        assert_eq!(preprocess(":::image broken\n"), ":::image broken\n");
    }
}
