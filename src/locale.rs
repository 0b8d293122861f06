//! Locale tags: BCP 47 parsing, the canonical form used in `lang` attributes,
//! and the lower-case form used in URLs (`es-ES` → `es-es`).

use std::fmt;

use unic_langid::LanguageIdentifier;

/// A validated BCP 47 language tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocaleTag {
    canonical: String,
    /// The site folder: the lower-case form and a slash (`es-es/`), made once (pages
    /// ask for it several times each).
    dir: String,
}

impl LocaleTag {
    /// Parses a tag, accepting any case (`es-es`, `ES-es`, `zh-CN`) and `_` separators.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let cleaned = raw.trim().replace('_', "-");
        let id: LanguageIdentifier =
            cleaned.parse().map_err(|e| format!("`{raw}` is not a BCP 47 language tag ({e})"))?;
        let canonical = id.to_string();
        let dir = format!("{}/", canonical.to_ascii_lowercase());
        Ok(Self { canonical, dir })
    }

    /// The canonical form, for `<html lang>` and `hreflang` (`es-ES`, `zh-CN`).
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// The form used in URLs and folder names of the site (`es-es`, `zh-cn`).
    pub fn url_segment(&self) -> &str {
        &self.dir[..self.dir.len() - 1]
    }

    /// The locale's folder in the site, with its slash (`es-es/`).
    pub fn url_dir(&self) -> &str {
        &self.dir
    }

    /// The language subtag alone (`es`, `zh`).
    pub fn language(&self) -> &str {
        self.canonical.split('-').next().unwrap_or(&self.canonical)
    }

    /// The parsed identifier, for the Fluent APIs.
    pub fn langid(&self) -> LanguageIdentifier {
        self.canonical.parse().expect("invariant: a LocaleTag holds a parsed tag")
    }
}

impl fmt::Display for LocaleTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, canonical: &str, segment: &str) {
        let tag = LocaleTag::parse(raw).unwrap();
        assert_eq!(tag.as_str(), canonical);
        assert_eq!(tag.url_segment(), segment);
        assert_eq!(tag.url_dir(), format!("{segment}/"));
    }

    #[test]
    fn canonicalises_case_and_separators() {
        check("es-es", "es-ES", "es-es");
        check("ES-es", "es-ES", "es-es");
        check("zh-cn", "zh-CN", "zh-cn");
        check("zh_CN", "zh-CN", "zh-cn");
        check("en", "en", "en");
    }

    #[test]
    fn compares_case_insensitively() {
        assert_eq!(LocaleTag::parse("es-es").unwrap(), LocaleTag::parse("es-ES").unwrap());
    }

    #[test]
    fn rejects_garbage() {
        assert!(LocaleTag::parse("not a tag").is_err());
        assert!(LocaleTag::parse("").is_err());
    }
}
