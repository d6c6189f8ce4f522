/* Navigation: keeps linked headings clear of the sticky header, then adds every other page to the
   menu around the page's own entry (theme/partials/nav.html explains). */
(function () {
  "use strict";
  /* First, the sticky header's height for the stylesheet, so that a heading or source opened by a
     link (contents, "Where do you live?", a citation) is not hidden under it. */
  var header = document.querySelector(".md-header");
  function measure() {
    document.documentElement.style.setProperty("--sta-header-height", header.offsetHeight + "px");
  }
  if (header) {
    measure();
    if (window.ResizeObserver) {
      new ResizeObserver(measure).observe(header);
    }
  }
})();
(function () {
  "use strict";
  var NAV = []; /* [address, title, language] of a page, or [title, [pages]] of a section */
  var list = document.querySelector(".md-nav--primary > .md-nav__list");
  if (!list || !NAV.length) {
    return;
  }
  /* Addresses are relative to the language's folder, the folder above this script. A server's
     "not found" page can be shown at any depth, so there they become whole addresses. */
  var folder = new URL("../", document.currentScript.src).href;
  var here = new URL(".", location.href).href;

  function el(tag, className, children) {  /* strings among the children become text, never markup */
    var node = document.createElement(tag);
    node.className = className;
    node.append.apply(node, children || []);
    return node;
  }

  function page(entry, parent) {  /* the page's own entry is kept: it holds its contents list */
    var kept = [].find.call(parent.children, function (item) {
      var link = item.querySelector(":scope > a.md-nav__link");
      return link && link.getAttribute("href") === entry[0];
    });
    if (kept) {
      return kept;
    }
    var link = el("a", "md-nav__link", [entry[1]]);
    link.href = here === folder ? entry[0] : new URL(entry[0], folder).href;
    if (entry[2]) {
      link.lang = entry[2];
    }
    return el("li", "md-nav__item", [link]);
  }

  function section(entry, id) {
    var toggle = document.getElementById(id);
    var item = toggle ? toggle.parentNode : el("li", "md-nav__item md-nav__item--section md-nav__item--nested");
    var pages = toggle ? item.querySelector(":scope > nav > ul") : el("ul", "md-nav__list");
    if (!toggle) {
      toggle = el("input", "md-nav__toggle md-toggle");
      toggle.type = "checkbox";
      toggle.id = id;
      var label = el("label", "md-nav__link", [el("span", "md-ellipsis", [entry[0]]), el("span", "md-nav__icon md-icon")]);
      label.htmlFor = id;
      label.id = id + "_label";
      var title = el("label", "md-nav__title", [el("span", "md-nav__icon md-icon"), entry[0]]);
      title.htmlFor = id;
      var nav = el("nav", "md-nav", [title, pages]);
      nav.setAttribute("aria-labelledby", label.id);
      nav.setAttribute("aria-expanded", "false");
      item.append(toggle, label, nav);
    }
    pages.append.apply(pages, entry[1].map(function (child) {
      return page(child, pages);
    }));
    return item;
  }

  list.append.apply(list, NAV.map(function (entry, index) {
    return typeof entry[1] === "string" ? page(entry, list) : section(entry, "__nav_" + (index + 1));
  }));
})();
