//! Text → search terms, the same rules at build time (here) and for the reader's
//! query (`search.js`):
//! - a word is a run of letters, digits and marks, with `-` or `_` between two of
//!   them kept inside (`Get-CsUser`); it is folded (lower case, accents removed) and
//!   stemmed for its language ([`Stemmer`]). A joined word gives its whole form
//!   (unstemmed) and each of its parts: `get-csuser`, `get`, `csuser`;
//! - Chinese, Japanese and Korean text has no spaces between words: a run of such
//!   characters gives its overlapping pairs (`存档策略` → `存档`, `档策`, `策略`; a
//!   single character gives itself), so any word of two or more characters inside a
//!   longer run is found, without a dictionary;
//! - terms longer than [`MAX_TERM_CHARS`] are left out (keys, hashes).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::stem::Stemmer;

/// The longest term indexed, in characters.
pub const MAX_TERM_CHARS: usize = 64;

/// Characters written without spaces between words: the CJK ideographs, kana and
/// hangul. `search.js` has the same ranges.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}')
}

/// A character of a word (not CJK).
fn is_word(c: char) -> bool {
    match c {
        // Latin-1's letters and Latin Extended-A and B (Spanish's accented letters):
        // all letters but `×` and `÷`, answered without the Unicode tables.
        '\u{C0}'..='\u{24F}' => !matches!(c, '×' | '÷'),
        // Chinese text's punctuation (`，` `。` `（`: CJK symbols, fullwidth forms)
        // outside the fullwidth letters and digits, and general punctuation.
        '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{FF01}'..='\u{FF0F}' => false,
        _ => is_word_by_tables(c),
    }
}

/// [`is_word`] from the Unicode tables alone.
fn is_word_by_tables(c: char) -> bool {
    (c.is_alphanumeric() || is_combining_mark(c)) && !is_cjk(c)
}

/// Lower case, without accents (`Configuración` → `configuracion`).
pub fn fold(word: &str) -> String {
    let mut s = String::new();
    fold_into(word, &mut s);
    s
}

/// [`fold`] into `out` (cleared first).
fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    // Words whose letters are ASCII or the accented letters of Spanish, folded letter
    // by letter; any other word is lower-cased, decomposed and stripped of its marks.
    for c in word.chars() {
        match fold_latin(c) {
            Some(folded) => out.push(folded),
            None => {
                out.clear();
                out.extend(word.to_lowercase().nfd().filter(|c| !is_combining_mark(*c)));
                return;
            }
        }
    }
}

/// A letter folded on its own, for ASCII and Spanish's accented letters; `None` for
/// the rest.
fn fold_latin(c: char) -> Option<char> {
    Some(match c {
        'á' | 'Á' => 'a',
        'é' | 'É' => 'e',
        'í' | 'Í' => 'i',
        'ó' | 'Ó' => 'o',
        'ú' | 'Ú' | 'ü' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        _ => return None,
    })
}

/// The character at byte `at` of `text` (a character boundary).
fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or_default()
}

/// The length in bytes of the word character at byte `at` of `text`; 0 when none
/// starts there (or at the end).
fn word_char_len(text: &str, at: usize) -> usize {
    match text.as_bytes().get(at) {
        Some(b) if *b < 0x80 => usize::from(b.is_ascii_alphanumeric()),
        Some(_) => Some(char_at(text, at)).filter(|&c| is_word(c)).map_or(0, char::len_utf8),
        None => 0,
    }
}

/// The run of CJK characters starting at `start`: gives its overlapping pairs (a
/// single character gives itself), returns where the run ends.
fn cjk_run(text: &str, start: usize, f: &mut impl FnMut(&str, usize)) -> usize {
    let mut prev = (start, char_at(text, start));
    let mut at = start + prev.1.len_utf8();
    let mut single = true;
    while at < text.len() {
        let next = char_at(text, at);
        if !is_cjk(next) {
            break;
        }
        f(&text[prev.0..at + next.len_utf8()], prev.0);
        single = false;
        prev = (at, next);
        at += next.len_utf8();
    }
    if single {
        f(&text[start..at], start);
    }
    at
}

/// Splits text into terms for one language.
#[derive(Debug, Clone, Copy)]
pub struct Tokenizer {
    stemmer: Option<Stemmer>,
}

impl Tokenizer {
    /// The tokenizer of a language tag (`es-ES`, `zh-CN`).
    pub fn new(language: &str) -> Self {
        Self { stemmer: Stemmer::for_language(language) }
    }

    /// The stemmer's name for `search.js`, if the language has one.
    pub fn stemmer(&self) -> Option<&'static str> {
        self.stemmer.map(Stemmer::name)
    }

    /// Calls `f(term, start)` for each term of `text`, `start` being the byte offset
    /// in `text` of the word or character pair it comes from.
    pub fn terms(&self, text: &str, mut f: impl FnMut(&str, usize)) {
        let mut scratch = (String::new(), String::new());
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            if b < 0x80 {
                // ASCII, most of the text: a letter or digit starts a word, anything
                // else separates.
                if b.is_ascii_alphanumeric() {
                    at = self.word_from(text, at, &mut scratch, &mut f);
                } else {
                    at += 1;
                }
                continue;
            }
            let c = char_at(text, at);
            if is_cjk(c) {
                at = cjk_run(text, at, &mut f);
            } else if is_word(c) {
                at = self.word_from(text, at, &mut scratch, &mut f);
            } else {
                at += c.len_utf8();
            }
        }
    }

    /// The word starting at `start` (a word character): gives its terms, returns
    /// where it ends.
    fn word_from(
        &self,
        text: &str,
        start: usize,
        scratch: &mut (String, String),
        f: &mut impl FnMut(&str, usize),
    ) -> usize {
        let mut end = start;
        loop {
            let len = word_char_len(text, end);
            if len > 0 {
                end += len;
            } else if matches!(text.as_bytes().get(end), Some(b'-' | b'_')) && word_char_len(text, end + 1) > 0 {
                // `-` or `_` between two word characters stays inside the word.
                end += 1;
            } else {
                break;
            }
        }
        self.word(&text[start..end], start, scratch, f);
        end
    }

    /// The terms of one word; `scratch` holds them on their way (no allocation per
    /// word).
    fn word(&self, word: &str, start: usize, scratch: &mut (String, String), f: &mut impl FnMut(&str, usize)) {
        let (folded, part) = scratch;
        fold_into(word, folded);
        let mut emit = |term: &str| {
            if term.len() <= MAX_TERM_CHARS || term.chars().count() <= MAX_TERM_CHARS {
                f(term, start);
            }
        };
        if folded.contains(['-', '_']) {
            emit(folded);
            for piece in folded.split(['-', '_']) {
                part.clear();
                part.push_str(piece);
                self.stem(part);
                emit(part);
            }
        } else {
            self.stem(folded);
            emit(folded);
        }
    }

    fn stem(&self, folded: &mut String) {
        if let Some(s) = self.stemmer {
            s.stem_in_place(folded);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(language: &str, text: &str) -> Vec<String> {
        let mut all = Vec::new();
        Tokenizer::new(language).terms(text, |t, _| all.push(t.to_owned()));
        all
    }

    #[test]
    fn the_short_cuts_for_word_characters_agree_with_the_tables() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_word(c), is_word_by_tables(c), "{c:?} (U+{:04X})", u32::from(c));
        }
    }

    #[test]
    fn words_are_folded_and_stemmed() {
        assert_eq!(
            terms("es-ES", "La Configuración de las directivas"),
            ["la", "configuracion", "de", "las", "directiv"]
        );
        assert_eq!(terms("zh-CN", "Directivas"), ["directivas"], "no stemmer for Chinese");
    }

    #[test]
    fn joined_words_give_the_whole_and_the_parts() {
        assert_eq!(terms("es", "Get-CsUser -Identity"), ["get-csuser", "get", "csuser", "identity"]);
        assert_eq!(terms("en", "ms_wa-"), ["ms_wa", "ms", "wa"]);
    }

    #[test]
    fn cjk_runs_give_pairs() {
        assert_eq!(terms("zh-CN", "配置存档策略。用"), ["配置", "置存", "存档", "档策", "策略", "用"]);
        assert_eq!(terms("zh-CN", "Lync 2013年版"), ["lync", "2013", "年版"]);
    }

    #[test]
    fn offsets_point_at_the_words() {
        let text = "Un único 存档";
        let mut at = Vec::new();
        Tokenizer::new("es").terms(text, |t, start| at.push((t.to_owned(), text[start..].chars().next())));
        assert_eq!(at[1], ("unic".to_owned(), Some('ú')));
        assert_eq!(at[2], ("存档".to_owned(), Some('存')));
    }

    /// The tokenizer as first written, character by character: the fast paths of
    /// [`Tokenizer::terms`] must give the same terms at the same offsets.
    fn reference_terms(tokenizer: &Tokenizer, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        let mut scratch = (String::new(), String::new());
        let mut f = |t: &str, at: usize| out.push((t.to_owned(), at));
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if is_cjk(c) {
                let mut prev = (start, c);
                let mut single = true;
                while let Some(&(at, next)) = chars.peek().filter(|(_, n)| is_cjk(*n)) {
                    f(&format!("{}{next}", prev.1), prev.0);
                    single = false;
                    prev = (at, next);
                    chars.next();
                }
                if single {
                    f(&c.to_string(), start);
                }
            } else if is_word(c) {
                let mut end = start + c.len_utf8();
                while let Some(&(at, next)) = chars.peek() {
                    if is_word(next) {
                        end = at + next.len_utf8();
                        chars.next();
                    } else if matches!(next, '-' | '_') && text[at + 1..].chars().next().is_some_and(is_word) {
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokenizer.word(&text[start..end], start, &mut scratch, &mut f);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_give_the_reference_terms(
            text in "([-a-zA-Z0-9 _.]|[áéíóúñÜçß]|\u{301}|[配置存档策略]|[\u{3000}-\u{303F}]|\u{1F600}|[\u{0}-\u{7F}]){0,40}",
            language in proptest::sample::select(vec!["es-ES", "zh-CN", "en"]),
        ) {
            let tokenizer = Tokenizer::new(language);
            let mut fast = Vec::new();
            tokenizer.terms(&text, |t, at| fast.push((t.to_owned(), at)));
            proptest::prop_assert_eq!(fast, reference_terms(&tokenizer, &text));
        }
    }

    #[test]
    fn letters_folded_alone_fold_as_whole_words_do() {
        for c in (0..=0x17F).filter_map(char::from_u32) {
            if let Some(folded) = fold_latin(c) {
                let whole: String = c.to_lowercase().nfd().filter(|c| !is_combining_mark(*c)).collect();
                assert_eq!(whole, folded.to_string(), "{c:?}");
            }
        }
        assert_eq!(fold("ConfiguraciÓN"), "configuracion");
        assert_eq!(fold("Straße"), "straße", "other letters take the general path");
        assert_eq!(fold("n\u{303}o"), "no", "decomposed accents are removed");
    }

    #[test]
    fn very_long_terms_stay_out() {
        let long = "a".repeat(MAX_TERM_CHARS + 1);
        assert_eq!(terms("en", &format!("{long} ok")), ["ok"]);
    }
}
