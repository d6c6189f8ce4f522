/* Language menu: replaces the header's link to the list of languages with a menu of links to
   this same page in every language. A <details> element, so it opens and closes by keyboard and
   screen reader without more code. generator/site.py fills in the languages of each build. */
(function () {
  "use strict";
  var LANGUAGES = []; /* [code, direction, own name] */
  var holder = document.querySelector(".sta-languages");
  if (!holder) {
    return;
  }
  if (LANGUAGES.length < 2) {  /* a download of one language: nothing to switch to */
    holder.remove();
    return;
  }
  var link = holder.querySelector("a");
  var summary = document.createElement("summary");
  summary.className = link.className;
  summary.setAttribute("aria-label", link.getAttribute("aria-label"));
  summary.title = link.title;
  summary.appendChild(link.firstElementChild);
  var list = document.createElement("ul");
  list.className = "sta-languages__list";
  LANGUAGES.forEach(function (language) {
    var item = document.createElement("a");
    item.href = "../" + language[0] + "/" + holder.getAttribute("data-page");
    item.lang = language[0];
    item.dir = language[1];
    item.textContent = language[2];
    if (language[0] === document.documentElement.lang) {
      item.setAttribute("aria-current", "true");
    }
    list.appendChild(document.createElement("li")).appendChild(item);
  });
  var menu = document.createElement("details");
  menu.append(summary, list);
  holder.replaceChild(menu, link);
})();
