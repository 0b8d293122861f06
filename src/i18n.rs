//! UI strings from Fluent (`i18n/<locale>/*.ftl`): one bundle per locale, built
//! once per build from the embedded defaults overridden by the book's own files,
//! with the fallback chain locale → its language → default locale → `en`.
//! Dates are formatted here too, from each locale's `date-long` pattern and month
//! names. This module alone knows Fluent.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use rustc_hash::FxHashMap;

use crate::diagnostics::{Diagnostic, Kind, line_col};
use crate::frontmatter::Date;
use crate::locale::LocaleTag;

/// The UI strings shipped inside the binary (also the sample book's `i18n/`).
pub const EMBEDDED: &[(&str, &str)] = &[
    ("en", include_str!("../i18n/en/ui.ftl")),
    ("es-ES", include_str!("../i18n/es-es/ui.ftl")),
    ("zh-CN", include_str!("../i18n/zh-CN/ui.ftl")),
];

/// An FTL file found in a book's `i18n/` folder.
#[derive(Debug, Clone)]
pub struct FtlFile {
    /// The locale folder it is in.
    pub locale: LocaleTag,
    /// Its path, for diagnostics.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// Every locale's bundle and fallback chain.
pub struct I18n {
    bundles: Vec<FluentBundle<FluentResource>>,
    /// Canonical tag → index into `bundles`.
    index: FxHashMap<String, usize>,
    /// For each book locale (by canonical tag), the bundles to try in order.
    chains: FxHashMap<String, Vec<usize>>,
    /// Dates and messages with one text argument, formatted once per build: every
    /// page asks for its date and for "side by side with …", and a book has few
    /// distinct ones. Keyed by language, key (or date) and value.
    memo: Mutex<FxHashMap<String, String>>,
}

impl I18n {
    /// Builds bundles for `locales` (book order) with `default` as the fallback.
    pub fn new(locales: &[LocaleTag], default: &LocaleTag, files: &[FtlFile]) -> (Self, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        // Per locale, its FTL texts in order (embedded first, then the book's, which override).
        type Texts = Vec<(Option<PathBuf>, String)>;
        let mut sources: Vec<(LocaleTag, Texts)> = Vec::new();
        let mut add =
            |tag: LocaleTag, path: Option<PathBuf>, text: String| match sources.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, list)) => list.push((path, text)),
                None => sources.push((tag, vec![(path, text)])),
            };
        for (tag, text) in EMBEDDED {
            add(LocaleTag::parse(tag).expect("invariant: embedded tags are valid"), None, (*text).to_owned());
        }
        for f in files {
            add(f.locale.clone(), Some(f.path.clone()), f.text.clone());
        }
        let mut i18n = I18n {
            bundles: Vec::new(),
            index: FxHashMap::default(),
            chains: FxHashMap::default(),
            memo: Mutex::default(),
        };
        for (tag, texts) in sources {
            let mut bundle = FluentBundle::new_concurrent(vec![tag.langid()]);
            bundle.set_use_isolating(false);
            for (path, text) in texts {
                let resource = match FluentResource::try_new(text) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        if let Some(path) = &path {
                            for e in errors {
                                let (line, col) = line_col(r.source(), e.pos.start);
                                diags.push(
                                    Diagnostic::file(
                                        Kind::InvalidFtl,
                                        path,
                                        format!("Fluent syntax error: {}", e.kind),
                                    )
                                    .at(r.source(), line, col, 1),
                                );
                            }
                        }
                        r
                    }
                };
                bundle.add_resource_overriding(resource);
            }
            i18n.index.insert(tag.as_str().to_owned(), i18n.bundles.len());
            i18n.bundles.push(bundle);
        }
        for tag in locales {
            let candidates = [tag.as_str(), tag.language(), default.as_str(), default.language(), "en"];
            let mut chain: Vec<usize> = Vec::new();
            for c in candidates {
                if let Some(&i) = i18n.index.get(c)
                    && !chain.contains(&i)
                {
                    chain.push(i);
                }
            }
            i18n.chains.insert(tag.as_str().to_owned(), chain);
        }
        (i18n, diags)
    }

    /// The book's languages (canonical tags).
    pub fn langs(&self) -> impl Iterator<Item = &str> {
        self.chains.keys().map(String::as_str)
    }

    /// The string `key` in `lang` (a canonical tag), with arguments; the key itself if
    /// no bundle of the chain has it.
    pub fn t(&self, lang: &str, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let chain = self.chains.get(lang).map_or(&[][..], Vec::as_slice);
        let fallback = self.index.get("en").copied();
        for &i in chain.iter().chain(fallback.iter()) {
            let bundle = &self.bundles[i];
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle.format_pattern(pattern, args, &mut errors).into_owned();
            }
        }
        key.to_owned()
    }

    /// [`Self::t`] with one text argument `name` = `value`, memoised.
    pub fn t_with(&self, lang: &str, key: &str, name: &str, value: &str) -> String {
        self.memoised(memo_key(&[lang, key, name, value]), || {
            let mut args = FluentArgs::new();
            args.set(name, FluentValue::from(value));
            self.t(lang, key, Some(&args))
        })
    }

    /// The memo's entry for `memo_key` ([`memo_key`]), made by `make` the first time.
    fn memoised(&self, memo_key: String, make: impl FnOnce() -> String) -> String {
        if let Some(text) = self.memo.lock().unwrap_or_else(PoisonError::into_inner).get(&memo_key) {
            return text.clone();
        }
        // Made outside the lock: two threads may both make it, with the same result.
        let text = make();
        self.memo.lock().unwrap_or_else(PoisonError::into_inner).insert(memo_key, text.clone());
        text
    }

    /// The message `key` in `lang` once per plural category of the language (CLDR
    /// cardinal rules), with `{count}` where the number goes: a script that learns
    /// a count in the browser picks the form with `Intl.PluralRules`. Each form is
    /// the message formatted with a number of that category.
    pub fn plural_forms(&self, lang: &str, key: &str) -> Vec<(&'static str, String)> {
        let rules = LocaleTag::parse(lang).ok().and_then(|tag| {
            let full = tag.langid();
            let language: Option<unic_langid::LanguageIdentifier> = tag.language().parse().ok();
            PluralRules::create(full, PluralRuleType::CARDINAL)
                .ok()
                .or_else(|| language.and_then(|l| PluralRules::create(l, PluralRuleType::CARDINAL).ok()))
        });
        // The first number of each category among these (every CLDR category has one).
        let samples = (0..=200u64).chain([1000, 10_000, 100_000, 1_000_000]);
        let mut forms: Vec<(&'static str, String)> = Vec::new();
        for n in samples {
            let category = match &rules {
                Some(rules) => rules.select(n).unwrap_or(PluralCategory::OTHER),
                None => PluralCategory::OTHER,
            };
            let name = category_name(category);
            if forms.iter().any(|(c, _)| *c == name) {
                continue;
            }
            let mut args = FluentArgs::new();
            args.set("count", FluentValue::from(n));
            let text = self.t(lang, key, Some(&args)).replace(&n.to_string(), "{count}");
            forms.push((name, text));
        }
        forms
    }

    /// A date in the locale's long format (`2014年7月23日`, `23 de julio de 2014`).
    pub fn date(&self, lang: &str, date: Date) -> String {
        // `\0` never starts a message key.
        let mut numbers = [itoa::Buffer::new(), itoa::Buffer::new(), itoa::Buffer::new()];
        let [year, month, day] = &mut numbers;
        let memo_key = memo_key(&[lang, "\0", year.format(date.year), month.format(date.month), day.format(date.day)]);
        self.memoised(memo_key, || self.format_date(lang, date))
    }

    fn format_date(&self, lang: &str, date: Date) -> String {
        let month = self.t(lang, &format!("month-{}", date.month), None);
        let mut args = FluentArgs::new();
        args.set("day", FluentValue::from(date.day));
        args.set("month", FluentValue::String(Cow::Owned(month)));
        args.set("monthnum", FluentValue::from(date.month));
        args.set("year", FluentValue::String(Cow::Owned(date.year.to_string())));
        self.t(lang, "date-long", Some(&args))
    }
}

/// The parts of a memo key joined by U+001F (which no part holds): built with
/// `push_str`, not `format!` (a page asks for several memoised strings).
fn memo_key(parts: &[&str]) -> String {
    let mut key = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (n, part) in parts.iter().enumerate() {
        if n > 0 {
            key.push('\u{1f}');
        }
        key.push_str(part);
    }
    key
}

/// The name `Intl.PluralRules` gives a category.
fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i18n() -> I18n {
        let tags =
            [LocaleTag::parse("zh-CN").unwrap(), LocaleTag::parse("es-es").unwrap(), LocaleTag::parse("fr").unwrap()];
        I18n::new(&tags, &tags[1], &[]).0
    }

    #[test]
    fn formats_dates_per_locale() {
        let d = Date { year: 2014, month: 7, day: 23 };
        let i = i18n();
        assert_eq!(i.date("zh-CN", d), "2014年7月23日");
        assert_eq!(i.date("es-ES", d), "23 de julio de 2014");
        // Asked again: the memo's answer, for each language apart.
        assert_eq!(i.date("zh-CN", d), "2014年7月23日");
        assert_eq!(i.date("es-ES", d), i.format_date("es-ES", d));
        assert_eq!(i.memo.lock().unwrap().len(), 2);
    }

    #[test]
    fn one_argument_messages_are_memoised_per_value() {
        let i = i18n();
        for _ in 0..2 {
            for name in ["简体中文", "Español"] {
                let mut args = FluentArgs::new();
                args.set("language", FluentValue::from(name));
                assert_eq!(
                    i.t_with("es-ES", "compare-with", "language", name),
                    i.t("es-ES", "compare-with", Some(&args))
                );
            }
        }
        assert!(i.t_with("es-ES", "compare-with", "language", "简体中文").contains("简体中文"));
        assert_eq!(i.memo.lock().unwrap().len(), 2);
    }

    #[test]
    fn plural_forms_per_category_with_a_count_placeholder() {
        let i = i18n();
        let es = i.plural_forms("es-ES", "search-results");
        assert_eq!(es.iter().find(|(c, _)| *c == "one").unwrap().1, "{count} resultado");
        assert_eq!(es.iter().find(|(c, _)| *c == "other").unwrap().1, "{count} resultados");
        let zh = i.plural_forms("zh-CN", "search-results");
        assert_eq!(zh.len(), 1, "Chinese has one form: {zh:?}");
        assert_eq!(zh[0].0, "other");
        assert!(zh[0].1.contains("{count}"), "{zh:?}");
    }

    #[test]
    fn falls_back_to_default_locale_then_en() {
        let i = i18n();
        // fr has no strings: the default locale (es-ES) answers.
        assert_eq!(i.t("fr", "next", None), i.t("es-ES", "next", None));
        assert_eq!(i.t("fr", "no-such-key", None), "no-such-key");
    }

    #[test]
    fn book_files_override_and_errors_are_reported() {
        let tags = [LocaleTag::parse("es-ES").unwrap()];
        let file = FtlFile {
            locale: tags[0].clone(),
            path: "i18n/es-es/ui.ftl".into(),
            text: "next = Adelante\nbroken = { $\nok = sí\n".into(),
        };
        let (i, diags) = I18n::new(&tags, &tags[0], &[file]);
        assert_eq!(i.t("es-ES", "next", None), "Adelante");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 2);
    }
}
