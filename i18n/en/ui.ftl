# polybook UI strings: English (the last fallback of every locale).
skip-to-content = Skip to content
contents = Contents
home = Home
on-this-page = In this article
last-updated = Last updated { $date }
previous = Previous
next = Next
language = Language
language-switcher = Read this page in another language
not-available = Not available in { $language }
not-available-title = This article has not been translated into { $language }; the link opens the { $language } home page.
mt-notice = This article was translated by machine.
mt-original = Read the { $language } version
compare = Side by side
compare-with = Side by side with { $language }
compare-left = Left
compare-right = Right
compare-print = Print
alert-note = Note
alert-tip = Tip
alert-important = Important
alert-warning = Warning
alert-caution = Caution
copy = Copy
copied = Copied
copy-label = Copy code to clipboard
breadcrumbs = Breadcrumbs
page-not-found = Page not found
page-not-found-text = The page you asked for does not exist. Try the contents of this guide.
choose-language = Choose your language
redirecting = Redirecting…
pages-not-in-toc = Other articles
article-count = { $count ->
    [one] { $count } article
   *[other] { $count } articles
}
toggle-theme = Toggle dark theme
menu = Menu
translation-status = Translation status
status-translated = Translated
status-missing = Missing
status-only-here = Only here
status-machine = Machine translated
status-human = Human translated
status-stale = Stale
date-long = { $month } { $day }, { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
search-label = Search this guide
search-placeholder = Search
search-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
search-no-results = No results for “{ $query }”
search-loading = Searching…
search-error = Search is not available: its index could not be loaded.
search-needs-server = Search needs the site served over HTTP: run `polybook serve`, or open it from any web server.
