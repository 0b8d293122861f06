//! Section keys: while a page is rendered, what each section (the content between
//! one heading and the next) holds that reads the same in every translation:
//! cmdlet names, code lines written in ASCII, link targets (the target page's asset
//! id, an external URL without its locale), image files, numbers of two digits or
//! more, `<a name>` anchors. [`crate::sections::align`] matches sections of two
//! translations by these keys. Keys are stable hashes, so they are small and can be
//! written to the manifest.

use crate::highlight::detect;
use crate::model::SectionKeys;
use crate::swar;

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
        self.push(hash(kind, value));
    }

    fn push(&mut self, key: u64) {
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

    /// The line's words joined by single spaces, when they are ASCII and hold a letter or digit.
    fn code_line(&mut self, line: &str) {
        let mut words = line.split_whitespace();
        if !words.clone().all(str::is_ascii) || !words.clone().any(|w| w.bytes().any(|b| b.is_ascii_alphanumeric())) {
            return;
        }
        let mut h = Fnv::new("c");
        if let Some(first) = words.next() {
            h.write(first.as_bytes());
        }
        for word in words {
            h.write(b" ");
            h.write(word.as_bytes());
        }
        self.push(h.0);
    }

    fn cmdlets(&mut self, text: &str) {
        for name in detect::cmdlets(text) {
            let mut h = Fnv::new("cmd");
            h.write_lowercase(name.as_bytes());
            self.push(h.0);
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
    // Byte by byte: digits and dots are ASCII, so runs start and end on character boundaries.
    let bytes = text.as_bytes();
    let in_number = |b: &u8| b.is_ascii_digit() || *b == b'.';
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(start) = next_in_number(bytes, i) {
            i = start + bytes[start..].iter().position(|b| !in_number(b)).unwrap_or(bytes.len() - start);
            let run = text[start..i].trim_matches('.');
            if run.bytes().filter(u8::is_ascii_digit).count() >= 2 {
                return Some(run);
            }
        }
        None
    })
}

/// The first digit or dot at or after `from`: prose has few, so eight bytes without
/// one are passed over at once.
fn next_in_number(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        i = swar::skip(bytes, i, may_hold_number);
        let end = (i + 8).min(bytes.len());
        if let Some(k) = bytes[i..end].iter().position(|b| b.is_ascii_digit() || *b == b'.') {
            return Some(i + k);
        }
        if end == bytes.len() {
            return None;
        }
        i = end;
    }
}

/// Whether one of the eight bytes of `word` is between `.` and `9` (digits, `.` and `/`).
fn may_hold_number(word: u64) -> bool {
    swar::between(word, b'.' - 1, b'9' + 1) != 0
}

/// FNV-1a over the kind and the value: the same on every machine and run.
fn hash(kind: &str, value: &str) -> u64 {
    let mut h = Fnv::new(kind);
    h.write(value.as_bytes());
    h.0
}

/// A key's FNV-1a hash fed piece by piece: the kind, a zero byte, then the value
/// (so values need not be put together in a string first).
struct Fnv(u64);

impl Fnv {
    fn new(kind: &str) -> Self {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.write(kind.as_bytes());
        h.write(&[0]);
        h
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Writes `bytes` with ASCII letters lower-cased.
    fn write_lowercase(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write(&[b.to_ascii_lowercase()]);
        }
    }
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
    fn code_lines_hash_as_their_joined_words() {
        // A no-break space separates words like any other white space.
        assert_eq!(keys(|k| k.code_block("Set-X\u{a0} -Y   z\n")), {
            let mut expected = vec![hash("cmd", "set-x"), hash("c", "Set-X -Y z")];
            expected.sort_unstable();
            expected
        });
        assert!(keys(|k| k.code_block("-- ;\nnon-ASCII ñ\n")).is_empty());
    }

    #[test]
    fn single_digits_and_locale_words_are_not_keys() {
        assert!(keys(|k| k.text("paso 1 de 3, 步骤 1")).is_empty());
        assert_eq!(numbers("v4.0.7577.0, 2013.").collect::<Vec<_>>(), ["4.0.7577.0", "2013"]);
        assert_eq!(
            numbers("una frase larga sin cifras, y luego 5061/2013 配置 12").collect::<Vec<_>>(),
            ["5061", "2013", "12"]
        );
    }

    proptest::proptest! {
        #[test]
        fn eight_bytes_at_a_time_finds_what_a_byte_loop_finds(
            word in proptest::num::u64::ANY,
            text in "([a-z ,/-]|[0-9]|\\.|配|é|\u{80}|\u{ff}){0,40}",
        ) {
            let bytes = word.to_le_bytes();
            proptest::prop_assert_eq!(may_hold_number(word), bytes.iter().any(|b| (0x2E..=0x39).contains(b)));
            let by_byte: Vec<usize> = (0..=text.len())
                .map(|from| text.as_bytes()[from..].iter().position(|b| b.is_ascii_digit() || *b == b'.').map(|k| from + k).unwrap_or(usize::MAX))
                .collect();
            let fast: Vec<usize> = (0..=text.len()).map(|from| next_in_number(text.as_bytes(), from).unwrap_or(usize::MAX)).collect();
            proptest::prop_assert_eq!(fast, by_byte);
        }
    }
}
