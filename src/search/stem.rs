//! Light stemmers: they fold a word's inflections (number, gender) onto one term so
//! that `directiva` finds `directivas`. They work on folded words (lower case, no
//! accents), so a reader who types without accents gets the same term as the text;
//! `search.js` carries the same rules, for the query. Languages without one here are
//! not stemmed (their words still match by prefix in the browser).
//!
//! Spanish: the light stemmer of J. Savoy (plural and gender endings), as in Lucene's
//! `SpanishLightStemmer`. English: the minimal plural stemmer (`EnglishMinimalStemmer`).

/// A stemmer for a language, from the primary subtag of its tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemmer {
    Spanish,
    English,
}

impl Stemmer {
    /// The stemmer for `language` (`es`, `es-ES`, `en-us`…), if there is one.
    pub fn for_language(language: &str) -> Option<Self> {
        let primary = language.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "es" => Some(Self::Spanish),
            "en" => Some(Self::English),
            _ => None,
        }
    }

    /// The name `search.js` knows the stemmer by.
    pub fn name(self) -> &'static str {
        match self {
            Self::Spanish => "es",
            Self::English => "en",
        }
    }

    /// The stem of a folded word (letters only; others are left as they are).
    pub fn stem(self, word: &str) -> String {
        let mut s = word.to_owned();
        self.stem_in_place(&mut s);
        s
    }

    /// [`Stemmer::stem`], in place.
    pub fn stem_in_place(self, word: &mut String) {
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            // The common case, without a vector of characters.
            let mut s = AsciiWord(word);
            let len = match self {
                Self::Spanish => spanish(&mut s),
                Self::English => english(&mut s),
            };
            word.truncate(len);
            return;
        }
        if !word.chars().all(char::is_alphabetic) {
            return;
        }
        let mut s: Vec<char> = word.chars().collect();
        let len = match self {
            Self::Spanish => spanish(s.as_mut_slice()),
            Self::English => english(s.as_mut_slice()),
        };
        s.truncate(len);
        *word = s.into_iter().collect();
    }
}

/// A word of ASCII lower-case letters, changed in place.
struct AsciiWord<'a>(&'a mut String);

/// A word's letters, as characters or (for ASCII words) bytes of a string.
trait Letters {
    fn at(&self, i: usize) -> char;
    fn set(&mut self, i: usize, c: char);
    fn count(&self) -> usize;
}

impl Letters for [char] {
    fn at(&self, i: usize) -> char {
        self[i]
    }
    fn set(&mut self, i: usize, c: char) {
        self[i] = c;
    }
    fn count(&self) -> usize {
        self.len()
    }
}

impl Letters for AsciiWord<'_> {
    fn at(&self, i: usize) -> char {
        char::from(self.0.as_bytes()[i])
    }
    fn set(&mut self, i: usize, c: char) {
        self.0.replace_range(i..=i, c.encode_utf8(&mut [0; 4]));
    }
    fn count(&self) -> usize {
        self.0.len()
    }
}

fn spanish<L: Letters + ?Sized>(s: &mut L) -> usize {
    let len = s.count();
    if len < 5 {
        return len;
    }
    match s.at(len - 1) {
        'o' | 'a' | 'e' => len - 1,
        's' if s.at(len - 2) == 'e' && s.at(len - 3) == 's' && s.at(len - 4) == 'e' => len - 2,
        's' if s.at(len - 2) == 'e' && s.at(len - 3) == 'c' => {
            s.set(len - 3, 'z');
            len - 2
        }
        's' if matches!(s.at(len - 2), 'o' | 'a' | 'e') => len - 2,
        _ => len,
    }
}

fn english<L: Letters + ?Sized>(s: &mut L) -> usize {
    let len = s.count();
    if len < 3 || s.at(len - 1) != 's' {
        return len;
    }
    match s.at(len - 2) {
        'u' | 's' => len,
        'e' if len > 3 && s.at(len - 3) == 'i' && s.at(len - 4) != 'a' && s.at(len - 4) != 'e' => {
            s.set(len - 3, 'y');
            len - 2
        }
        'e' if matches!(s.at(len - 3), 'i' | 'a' | 'o' | 'e') => len,
        _ => len - 1,
    }
}

#[cfg(test)]
mod tests {
    use super::Stemmer;

    #[test]
    fn spanish_number_and_gender_meet() {
        let es = Stemmer::for_language("es-ES").unwrap();
        for (a, b) in [
            ("directiva", "directivas"),
            ("requisito", "requisitos"),
            ("tecnico", "tecnicas"),
            ("configuracion", "configuraciones"),
            ("herramienta", "herramientas"),
        ] {
            assert_eq!(es.stem(a), es.stem(b), "{a} / {b}");
        }
        assert_eq!(es.stem("luces"), "luz");
        assert_eq!(es.stem("meses"), "mes");
        assert_eq!(es.stem("casa"), "casa", "short words stay");
        assert_eq!(es.stem("2013a"), "2013a", "not only letters");
    }

    #[test]
    fn english_plurals_meet() {
        let en = Stemmer::for_language("en").unwrap();
        assert_eq!(en.stem("policies"), "policy");
        assert_eq!(en.stem("users"), "user");
        assert_eq!(en.stem("status"), "status");
        assert_eq!(en.stem("class"), "class");
        assert_eq!(en.stem("does"), "does");
    }

    #[test]
    fn other_languages_have_none() {
        assert_eq!(Stemmer::for_language("zh-CN"), None);
        assert_eq!(Stemmer::for_language("fr"), None);
        assert_eq!(Stemmer::for_language("es").map(Stemmer::name), Some("es"));
    }
}
