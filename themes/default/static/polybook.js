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
    /* A block wider than the column scrolls: keyboard readers reach it with Tab. */
    if (!pre.hasAttribute("tabindex")) pre.tabIndex = 0;
    /* Labels in the language of the block's part of the page (side by side: its version). */
    var words = pre.closest("[data-copy]") || body;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = words.dataset.copy || "Copy";
    button.setAttribute("aria-label", words.dataset.copyLabel || "Copy");
    button.addEventListener("click", function () {
      copyText(code.textContent).then(function () {
        button.textContent = words.dataset.copied || "Copied";
        button.classList.add("copied");
        setTimeout(function () {
          button.textContent = words.dataset.copy || "Copy";
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

  /* A table wider than the column scrolls (the theme makes it a scroll box): keyboard
     readers reach it with Tab, while it is wider. */
  function focusableScrollers() {
    document.querySelectorAll(".content table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0;
      else table.removeAttribute("tabindex");
    });
  }
  focusableScrollers();
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(focusableScrollers, 150);
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
  /* The switcher's links and the machine-translation notice's link to the human-written version. */
  document.querySelectorAll(".lang-switch a[hreflang], .mt-notice a[hreflang]").forEach(function (link) {
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

  /* Side by side: the two versions named by the fragment (#left,right) are shown,
     in that order; the pickers change them; the page's strings and language follow
     the left version. Without this script every version is shown. */
  var compare = document.querySelector(".compare");
  var pick = document.querySelector(".compare-pick");
  if (compare && pick) {
    var strings = JSON.parse(document.getElementById("compare-strings").textContent);
    var left = pick.elements.left, right = pick.elements.right;
    var segs = Array.prototype.map.call(left.options, function (o) { return o.value; });
    var shown = [];
    var showPair = function (a, b, remember) {
      if (segs.indexOf(a) < 0) a = segs[0];
      if (segs.indexOf(b) < 0 || b === a) b = segs[segs[0] === a ? 1 : 0];
      left.value = a;
      right.value = b;
      shown = [a, b];
      compare.querySelectorAll("tr").forEach(function (row) {
        var cells = {};
        Array.prototype.forEach.call(row.children, function (cell) {
          cells[cell.dataset.locale] = cell;
          cell.hidden = true;
        });
        [a, b].forEach(function (seg) {
          if (!cells[seg]) return;
          cells[seg].hidden = false;
          row.appendChild(cells[seg]);
        });
      });
      var words = strings[a] || {};
      if (words.lang) root.lang = words.lang;
      document.querySelectorAll("[data-t]").forEach(function (el) {
        var text = words[el.getAttribute("data-t")];
        if (text) el.textContent = text;
      });
      if (remember && history.replaceState) history.replaceState(null, "", "#" + a + "," + b);
    };
    var fromHash = function () {
      var wanted = decodeURIComponent(location.hash.slice(1)).split(",");
      showPair(wanted[0], wanted[1], false);
    };
    fromHash();
    window.addEventListener("hashchange", fromHash);
    pick.hidden = false;
    /* Picking on one side the version shown on the other swaps them. */
    left.addEventListener("change", function () {
      showPair(left.value, left.value === shown[1] ? shown[0] : shown[1], true);
    });
    right.addEventListener("change", function () {
      showPair(right.value === shown[0] ? shown[1] : shown[0], right.value, true);
    });
    pick.addEventListener("submit", function (e) { e.preventDefault(); });
    var print = document.querySelector(".compare-print");
    if (print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
  }

  /* Navigation tree (WAI-ARIA disclosure navigation). The markup is nested lists,
     every level open, so it reads without this script. Here each entry with
     children gets its own expand button beside its link (never inside it), and
     the keyboard moves through the visible entries: Up/Down, Home/End, Right
     opens (or goes to the first child), Left closes (or goes to the parent). */
  var treeIds = 0;
  function setExpanded(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    document.getElementById(button.getAttribute("aria-controls")).hidden = !open;
  }
  function entryOf(li) {
    return li.querySelector(":scope > a, :scope > span");
  }
  function enhanceTree(tree, expandAll) {
    tree.querySelectorAll("li.branch").forEach(function (li) {
      var list = li.querySelector(":scope > ul");
      var entry = entryOf(li);
      if (!list || !entry) return;
      list.id = list.id || "toc-" + (++treeIds);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "toc-toggle";
      button.setAttribute("aria-controls", list.id);
      button.setAttribute("aria-label", entry.textContent);
      li.insertBefore(button, li.firstChild);
      setExpanded(button, expandAll);
    });
    tree.addEventListener("click", function (e) {
      var button = e.target.closest(".toc-toggle");
      if (button) setExpanded(button, button.getAttribute("aria-expanded") !== "true");
    });
    tree.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      var here = e.target.closest("li");
      if (!here || !tree.contains(here) || e.target.tagName !== "A" && !e.target.classList.contains("toc-toggle")) return;
      var links = Array.prototype.filter.call(tree.querySelectorAll("li > a"), function (a) {
        return a.offsetParent !== null || a.getClientRects().length > 0;
      });
      var link = entryOf(here);
      var i = links.indexOf(link);
      var button = here.querySelector(":scope > .toc-toggle");
      var open = button && button.getAttribute("aria-expanded") === "true";
      var go = null;
      switch (e.key) {
        case "ArrowDown": go = links[i + 1]; break;
        case "ArrowUp": go = links[i - 1]; break;
        case "Home": go = links[0]; break;
        case "End": go = links[links.length - 1]; break;
        case "ArrowRight":
          if (button && !open) { setExpanded(button, true); go = e.target; }
          else if (open) go = here.querySelector(":scope > ul > li > a");
          break;
        case "ArrowLeft":
          if (open) { setExpanded(button, false); go = e.target; }
          else {
            var parent = here.parentElement.closest("li");
            if (parent && tree.contains(parent)) go = entryOf(parent);
          }
          break;
        default: return;
      }
      e.preventDefault();
      if (go && go.focus) go.focus();
    });
  }
  document.querySelectorAll(".full-toc").forEach(function (tree) { enhanceTree(tree, true); });

  /* Phones: the sidebar is a drawer opened by the header's menu button, closed by
     the button, Esc, a click outside it or focus leaving it. */
  var sidebar = document.getElementById("sidebar");
  var menu = document.querySelector(".menu-toggle");
  function drawerOpen() { return root.classList.contains("drawer-open"); }
  function revealCurrent() {
    var here = sidebar.querySelector("a[aria-current=page]");
    if (here) {
      sidebar.scrollTop += here.getBoundingClientRect().top - sidebar.getBoundingClientRect().top - sidebar.clientHeight / 2;
    }
    return here;
  }
  function setDrawer(open, focusMenu) {
    root.classList.toggle("drawer-open", open);
    menu.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var bar = document.querySelector(".topbar");
      if (bar) sidebar.style.top = Math.max(0, bar.getBoundingClientRect().bottom) + "px";
      var target = revealCurrent() || sidebar.querySelector("a");
      if (target) target.focus({ preventScroll: true });
    } else if (focusMenu) {
      menu.focus();
    }
  }
  if (menu && sidebar) {
    menu.hidden = false;
    menu.addEventListener("click", function () { setDrawer(!drawerOpen(), true); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && drawerOpen()) { e.preventDefault(); setDrawer(false, true); }
    });
    document.addEventListener("click", function (e) {
      if (drawerOpen() && !sidebar.contains(e.target) && !menu.contains(e.target)) setDrawer(false, false);
    });
    sidebar.addEventListener("focusout", function (e) {
      var to = e.relatedTarget;
      if (drawerOpen() && to && !sidebar.contains(to) && to !== menu) setDrawer(false, false);
    });
    /* Back to the wide layout: the drawer state no longer applies. */
    window.matchMedia("(min-width: 48.01rem)").addEventListener("change", function (m) {
      if (m.matches && drawerOpen()) setDrawer(false, false);
    });
  }

  /* Sidebar: the locale's toc.js calls this once with the tree (emitted once per locale). */
  window.polybookToc = function (html) {
    if (!sidebar) return;
    var base = sidebar.dataset.localeRoot || "";
    var current = sidebar.dataset.current;
    sidebar.insertAdjacentHTML("beforeend", html);
    var tree = sidebar.lastElementChild;
    enhanceTree(tree, false);
    tree.querySelectorAll("a[data-p]").forEach(function (a) {
      var p = a.getAttribute("data-p");
      a.setAttribute("href", base + p);
      if (p === current) {
        a.setAttribute("aria-current", "page");
        for (var li = a.parentElement; li && tree.contains(li); li = li.parentElement.closest("li")) {
          var button = li.querySelector(":scope > .toc-toggle");
          if (button && li !== a.parentElement) setExpanded(button, true);
        }
        /* The current page's own children are shown too. */
        var own = a.parentElement.querySelector(":scope > .toc-toggle");
        if (own) setExpanded(own, true);
      }
    });
    /* Bring the current entry into view inside the sidebar only: the window stays put. */
    revealCurrent();
  };
})();
