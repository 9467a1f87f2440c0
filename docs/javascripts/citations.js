/*
 * Citation previews and "cited by" markers.
 *
 * Pointing at (or focusing) a link to a passage of a source shows that
 * passage in a popover: its text, its source's title and date, its
 * section. On touch screens the first tap opens the popover and a second
 * tap follows the link. On a source page, each passage that a topic page,
 * a timeline entry, a prediction or a glossary entry cites gets a marker
 * listing those places.
 *
 * The data is one small JSON file per source, `briefing/previews/<slug>.json`
 * (written by the build, format in generator/site/previews.py), fetched only
 * when first needed: it works offline from any static server, whatever built
 * the pages. Every string from it goes in with textContent, never as markup.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  // This file is javascripts/citations.js: the site root is one folder up.
  var generated = new URL("../briefing/", script.src);
  var sourcesPath = new URL("sources/", generated).pathname;
  // `use_directory_urls: false` builds pages as `name.html`.
  var flat = /\.html$/.test(location.pathname) && !/\/index\.html$/.test(location.pathname);
  var cache = {};
  var HIDE_DELAY = 200; // ms: time to move the pointer from the link into the popover

  function load(slug) {
    if (!cache[slug]) {
      cache[slug] = fetch(new URL("previews/" + slug + ".json", generated))
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }
    return cache[slug];
  }

  // The source slug (as in its address) and the anchor a link points to, or null.
  function target(link) {
    var url;
    try { url = new URL(link.href, location.href); } catch (e) { return null; }
    if (url.origin !== location.origin || url.hash.length < 2 || url.pathname.indexOf(sourcesPath) !== 0) return null;
    if (url.pathname === location.pathname) return null; // a passage of this very page: already in view
    var slug = url.pathname.slice(sourcesPath.length).replace(/(?:\/index\.html|\/|\.html)$/, "");
    if (!slug || slug === "index" || slug.indexOf("/") >= 0) return null;
    return { slug: slug, anchor: decodeURIComponent(url.hash.slice(1)) };
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* ---- the popover ---- */

  var tip = element("div", "cite-preview");
  tip.id = "cite-preview";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);
  var current = null; // the link the popover belongs to
  var tapped = null; // the link a first tap opened
  var pointer = "mouse";
  var timer = 0;

  function citation(node) {
    var link = node && node.closest && node.closest(".md-content a[href]");
    return link && !link.closest(".cited-by") && target(link) ? link : null;
  }

  function fill(data, passage) {
    tip.textContent = "";
    var head = element("p", "cite-preview-source");
    head.appendChild(element("strong", "", data.t));
    if (data.d) head.appendChild(element("span", "cite-preview-date", data.d));
    tip.appendChild(head);
    var section = data.s[passage[1]];
    if (section) tip.appendChild(element("p", "cite-preview-section", section));
    tip.appendChild(element("blockquote", "cite-preview-text", passage[0]));
  }

  // Fixed to the viewport: it never changes the page's layout or its height.
  function place(link) {
    var box = link.getBoundingClientRect();
    var width = Math.min(tip.offsetWidth, window.innerWidth - 16);
    var height = tip.offsetHeight;
    var left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
    var below = box.bottom + 6;
    var top = below + height > window.innerHeight && box.top - height - 6 > 0 ? box.top - height - 6 : below;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function show(link) {
    clearTimeout(timer);
    if (link === current && !tip.hidden) return;
    var where = target(link);
    current = link;
    load(where.slug).then(function (data) {
      var passage = data && data.p && data.p[where.anchor];
      if (current !== link) return;
      if (!passage) { hide(); return; }
      fill(data, passage);
      tip.style.visibility = "hidden";
      tip.hidden = false;
      place(link);
      tip.style.visibility = "";
      link.setAttribute("aria-describedby", tip.id);
    });
  }

  function hide() {
    clearTimeout(timer);
    tip.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = tapped = null;
  }

  function hideSoon() {
    clearTimeout(timer);
    timer = setTimeout(hide, HIDE_DELAY);
  }

  document.addEventListener("pointerdown", function (event) {
    pointer = event.pointerType || "mouse";
    if (pointer === "touch" && !citation(event.target) && !tip.contains(event.target)) hide();
  }, true);
  document.addEventListener("mouseover", function (event) {
    var link = citation(event.target);
    if (link) show(link);
    else if (tip.contains(event.target)) clearTimeout(timer);
  });
  document.addEventListener("mouseout", function (event) {
    var from = citation(event.target) || (tip.contains(event.target) ? tip : null);
    if (!from || pointer === "touch") return;
    var to = event.relatedTarget;
    if (to && (tip.contains(to) || (current && current.contains(to)))) return;
    hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var link = citation(event.target);
    if (link) show(link);
  });
  document.addEventListener("focusout", function (event) {
    if (current && event.target === current && pointer !== "touch") hide();
  });
  document.addEventListener("click", function (event) {
    var link = citation(event.target);
    if (!link || pointer !== "touch") return;
    if (tapped !== link) {
      // First tap: read the passage here; a second tap follows the link.
      event.preventDefault();
      show(link);
      tapped = link;
    }
  });
  window.addEventListener("scroll", function () { if (current && !tip.hidden) place(current); }, { passive: true });
  window.addEventListener("resize", function () { if (current && !tip.hidden) place(current); });

  /* ---- "cited by" on a source page ---- */

  var open = null; // the expanded marker's button

  function address(page, anchor) {
    var path = page.replace(/(^|\/)index$/, "$1");
    if (flat) path = (path === "" || /\/$/.test(path) ? path + "index" : path) + ".html";
    else if (path && !/\/$/.test(path)) path += "/";
    return new URL(path + (anchor ? "#" + anchor : ""), generated).href;
  }

  function close() {
    if (!open) return;
    open.setAttribute("aria-expanded", "false");
    document.getElementById(open.getAttribute("aria-controls")).hidden = true;
    open = null;
  }

  function marker(anchor, places) {
    var wrap = element("span", "cited-by");
    var button = element("button", "cited-by-button", "被引用 " + places.length + " 处");
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "cited-by-" + anchor);
    var panel = element("div", "cited-by-panel");
    panel.id = "cited-by-" + anchor;
    panel.hidden = true;
    panel.appendChild(element("p", "cited-by-title", "引用此段的位置"));
    var list = element("ul");
    places.forEach(function (place) {
      var item = element("li");
      var link = element("a", "", place[2]);
      link.href = address(place[0], place[1]);
      item.appendChild(link);
      list.appendChild(item);
    });
    panel.appendChild(list);
    button.addEventListener("click", function () {
      var wasOpen = open === button;
      close();
      if (wasOpen) return;
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      open = button;
    });
    wrap.appendChild(button);
    wrap.appendChild(panel);
    return wrap;
  }

  // Where a marker goes in a passage: after its own text, before any nested list.
  function attach(passage, wrap) {
    var host = passage;
    if (passage.tagName === "TR" || passage.tagName === "BLOCKQUOTE" || passage.tagName === "DIV") host = passage.lastElementChild || passage;
    var nested = host.tagName === "LI" ? host.querySelector(":scope > ul, :scope > ol") : null;
    host.insertBefore(wrap, nested);
  }

  var here = location.pathname.indexOf(sourcesPath) === 0 &&
    location.pathname.slice(sourcesPath.length).replace(/(?:\/index\.html|\/|\.html)$/, "");
  if (here && here !== "index" && here.indexOf("/") < 0) {
    load(here).then(function (data) {
      if (!data || !data.c) return;
      Object.keys(data.c).forEach(function (anchor) {
        var passage = document.getElementById(anchor);
        var places = data.c[anchor].map(function (n) { return data.w[n]; });
        if (passage && passage.closest(".md-content")) attach(passage, marker(anchor, places));
      });
    });
  }

  document.addEventListener("click", function (event) {
    if (open && !open.parentNode.contains(event.target)) close();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (!tip.hidden) hide(); // focus stays where it is
    if (open) {
      var button = open;
      var inside = button.parentNode.contains(document.activeElement);
      close();
      if (inside) button.focus();
    }
  });
})();
