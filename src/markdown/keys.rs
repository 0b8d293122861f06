//! Section keys: while a page is rendered, what each section (the content between
//! one heading and the next) holds that reads the same in every translation:
//! cmdlet names, code lines written in ASCII, link targets (the target page's asset
//! id, an external URL without its locale), image files, numbers of two digits or
//! more, `<a name>` anchors. [`crate::sections::align`] matches sections of two
//! translations by these keys. Keys are stable hashes, so they are small and can be
//! written to the manifest.

use crate::highlight::detect;
use crate::model::SectionKeys;

/// Lines of one code block that become keys; the rest of a huge block adds nothing.
const MAX_CODE_LINES: usize = 200;

/// Collects the keys of a page's sections in document order.
#[derive(Debug)]
pub struct KeyCollector {
    sections: Vec<Vec<u64>>,
}

impl Default for KeyCollector {
    fn default() -> Self {
        Self { sections: vec![Vec::new()] }
    }
}

impl KeyCollector {
    /// A heading starts the next section.
    pub fn next_section(&mut self) {
        self.sections.push(Vec::new());
    }

    fn add(&mut self, kind: &str, value: &str) {
        let key = hash(kind, value);
        self.sections.last_mut().expect("invariant: one section at least").push(key);
    }

    /// Prose (and heading text): cmdlet names and numbers.
    pub fn text(&mut self, text: &str) {
        self.cmdlets(text);
        for number in numbers(text) {
            self.add("n", number);
        }
    }

    /// Inline code: its cmdlets and the code itself, when it is ASCII.
    pub fn inline_code(&mut self, code: &str) {
        self.cmdlets(code);
        self.code_line(code);
    }

    /// A code block: its cmdlets and each line written in ASCII, whitespace collapsed
    /// (comments, and sample strings in the reader's language, are left out).
    pub fn code_block(&mut self, code: &str) {
        self.cmdlets(code);
        for line in code.lines().take(MAX_CODE_LINES) {
            let trimmed = line.trim_start();
            if !(trimmed.starts_with('#') || trimmed.starts_with("//") || trimmed.starts_with("REM ")) {
                self.code_line(line);
            }
        }
    }

    fn code_line(&mut self, line: &str) {
        let line: Vec<&str> = line.split_whitespace().collect();
        let line = line.join(" ");
        if line.is_ascii() && line.bytes().any(|b| b.is_ascii_alphanumeric()) {
            self.add("c", &line);
        }
    }

    fn cmdlets(&mut self, text: &str) {
        for name in detect::cmdlets(text) {
            self.add("cmd", &name.to_ascii_lowercase());
        }
    }

    /// A link to another page of the book, named by what all its translations share
    /// (its asset id, else its path).
    pub fn page_link(&mut self, id: &str) {
        self.add("p", id);
    }

    /// An image or other file of the book (by file name: translations keep it).
    pub fn asset(&mut self, rel_path: &str) {
        let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
        self.add("a", &name.to_lowercase());
    }

    /// An external link, without scheme, locale path segments (`/en-us/`) or trailing slash.
    pub fn external(&mut self, url: &str) {
        let lower = url.to_lowercase();
        let rest = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
        let rest = rest.split('#').next().unwrap_or(rest);
        let kept: Vec<&str> = rest.split('/').filter(|s| !s.is_empty() && !is_locale_segment(s)).collect();
        self.add("u", &kept.join("/"));
    }

    /// An `<a name>` / `id` anchor written in raw HTML.
    pub fn anchor(&mut self, name: &str) {
        self.add("#", name);
    }

    /// The keys of every section, in order (the first is the content before the first heading).
    pub fn finish(self) -> Vec<SectionKeys> {
        self.sections
            .into_iter()
            .map(|mut keys| {
                keys.sort_unstable();
                keys.dedup();
                SectionKeys(keys)
            })
            .collect()
    }
}

/// `en-us`, `zh-cn`, `es-es`: a locale in a URL's path.
fn is_locale_segment(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5 && b[2] == b'-' && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_alphabetic)
}

/// Runs of two digits or more (with inner dots: `4.0.7577.0`, `5061`).
fn numbers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| t.bytes().filter(u8::is_ascii_digit).count() >= 2)
}

/// FNV-1a over the kind and the value: the same on every machine and run.
fn hash(kind: &str, value: &str) -> u64 {
    kind.bytes()
        .chain([0])
        .chain(value.bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(f: impl FnOnce(&mut KeyCollector)) -> Vec<u64> {
        let mut k = KeyCollector::default();
        f(&mut k);
        k.finish().remove(0).0
    }

    #[test]
    fn translations_of_a_section_share_their_keys() {
        let es = keys(|k| {
            k.text("Ejecute Get-CsVoicePolicy en el puerto 5061 (paso 2).");
            k.code_block("# Obtener la directiva\nGet-CsVoicePolicy -Identity \"RedmondPolicy\"\n");
            k.external("https://docs.microsoft.com/en-us/powershell/module/skype/Get-CsVoicePolicy/");
            k.asset("LyncServer/images/JJ205000.note(OCS.15).gif");
        });
        let zh = keys(|k| {
            k.text("在端口 5061 上运行 Get-CsVoicePolicy（步骤 2）。");
            k.code_block("# 获取策略\nGet-CsVoicePolicy   -Identity \"RedmondPolicy\"");
            k.external("https://docs.microsoft.com/zh-cn/powershell/module/skype/Get-CsVoicePolicy");
            k.asset("LyncServer/images/JJ205000.note(OCS.15).gif");
        });
        assert_eq!(es, zh);
        assert_eq!(es.len(), 5, "cmdlet, 5061, code line, url, image");
    }

    #[test]
    fn headings_start_sections() {
        let mut k = KeyCollector::default();
        k.next_section();
        k.anchor("first");
        k.next_section();
        let sections = k.finish();
        assert_eq!(sections.len(), 3);
        assert_eq!(sections[1].0.len(), 1);
        assert!(sections[0].0.is_empty() && sections[2].0.is_empty());
    }

    #[test]
    fn single_digits_and_locale_words_are_not_keys() {
        assert!(keys(|k| k.text("paso 1 de 3, 步骤 1")).is_empty());
        assert_eq!(numbers("v4.0.7577.0, 2013.").collect::<Vec<_>>(), ["4.0.7577.0", "2013"]);
    }
}
