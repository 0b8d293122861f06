/* polybook default theme: copy buttons, sidebar navigation, section-keeping
   language switch, theme toggle. Everything works without it; it only adds. */
(function () {
  "use strict";
  var body = document.body;

  /* Copy buttons: copy exactly the code's text, which is the source byte for byte. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }
  document.querySelectorAll("pre.code").forEach(function (pre) {
    var code = pre.querySelector("code");
    if (!code) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = body.dataset.copy || "Copy";
    button.setAttribute("aria-label", body.dataset.copyLabel || "Copy");
    button.addEventListener("click", function () {
      copyText(code.textContent).then(function () {
        button.textContent = body.dataset.copied || "Copied";
        button.classList.add("copied");
        setTimeout(function () {
          button.textContent = body.dataset.copy || "Copy";
          button.classList.remove("copied");
        }, 2000);
      }, function () {
        /* Copy refused (no permission, no clipboard): the label stays, the code stays selectable. */
      });
    });
    var wrapper = document.createElement("div");
    wrapper.className = "code-block";
    pre.parentNode.insertBefore(wrapper, pre);
    wrapper.appendChild(pre);
    wrapper.appendChild(button);
  });

  /* Language switch: land on the matching section of the translation. */
  function currentSectionIndex() {
    var headings = document.querySelectorAll("article.content :is(h1,h2,h3,h4,h5,h6)[id]");
    var index = -1;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top <= 80) index = i; else break;
    }
    /* A heading reached through a link may not reach the top (the article ends
       below it): while it is on screen, it is the reader's section. */
    if (location.hash) {
      for (var j = 0; j < headings.length; j++) {
        var top = headings[j].getBoundingClientRect().top;
        if ("#" + headings[j].id === decodeURIComponent(location.hash) &&
            top >= 0 && top < window.innerHeight) index = j;
      }
    }
    return index;
  }
  document.querySelectorAll(".lang-switch a[hreflang]").forEach(function (link) {
    link.addEventListener("click", function () {
      try { localStorage.setItem("polybook-locale", link.getAttribute("hreflang").toLowerCase()); } catch (e) {}
      var sections = link.dataset.sections ? JSON.parse(link.dataset.sections) : [];
      var i = currentSectionIndex();
      var target = i >= 0 ? sections[i] : null;
      var base = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", target ? base + "#" + encodeURIComponent(target) : base);
    });
  });

  /* Theme toggle (the CSS follows prefers-color-scheme until the reader chooses). */
  var root = document.documentElement;
  try {
    var saved = localStorage.getItem("polybook-theme");
    if (saved) root.dataset.theme = saved;
  } catch (e) {}
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var dark = root.dataset.theme ? root.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      try { localStorage.setItem("polybook-theme", root.dataset.theme); } catch (e) {}
    });
  }

  /* Sidebar: the locale's toc.js calls this once with the tree (emitted once per locale). */
  window.polybookToc = function (html) {
    var sidebar = document.getElementById("sidebar");
    if (!sidebar) return;
    var base = sidebar.dataset.localeRoot || "";
    var current = sidebar.dataset.current;
    sidebar.insertAdjacentHTML("beforeend", html);
    sidebar.querySelectorAll("a[data-p]").forEach(function (a) {
      var p = a.getAttribute("data-p");
      a.setAttribute("href", base + p);
      if (p === current) {
        a.setAttribute("aria-current", "page");
        for (var el = a.parentElement; el && el !== sidebar; el = el.parentElement) {
          if (el.tagName === "DETAILS") el.open = true;
        }
      }
    });
    /* Bring the current entry into view inside the sidebar only: the window stays put. */
    var here = sidebar.querySelector("a[aria-current=page]");
    if (here) {
      sidebar.scrollTop += here.getBoundingClientRect().top - sidebar.getBoundingClientRect().top - sidebar.clientHeight / 2;
    }
  };
})();
