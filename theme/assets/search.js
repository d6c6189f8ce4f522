/* Search that works from a folder (file://) as well as online: the index is a plain
   script (search-index.js), and matching is by substring, so every script works,
   including ones written without spaces. Nothing is stored; the query stays in the URL. */
(function () {
  "use strict";
  var results = document.getElementById("sta-results");
  if (!results) {
    return;
  }
  var input = document.getElementById("sta-q");
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;

  function normalise(text) {
    return text.normalize("NFKC").toLocaleLowerCase();
  }

  function snippet(text, term) {
    var at = normalise(text).indexOf(term);
    var start = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 50)));
    var end = text.indexOf(" ", at + term.length + 100);
    return (start > 0 ? "… " : "") + text.slice(start, end < 0 ? undefined : end).trim() + (end < 0 ? "" : " …");
  }

  function show(index) {
    var terms = normalise(query).split(/[\s\u060c\u061f\u3000\u3001\u3002\uff0c]+/).filter(Boolean);
    results.textContent = "";
    if (!terms.length) {
      return;
    }
    var found = index.map(function (doc) {
      var title = normalise(doc.title);
      var text = normalise(doc.text);
      var score = 0;
      for (var i = 0; i < terms.length; i += 1) {
        if (title.indexOf(terms[i]) < 0 && text.indexOf(terms[i]) < 0) {
          return null;
        }
        score += (title.indexOf(terms[i]) >= 0 ? 10 : 0) + text.split(terms[i]).length - 1;
      }
      return { doc: doc, score: score };
    }).filter(Boolean).sort(function (a, b) { return b.score - a.score; });
    var count = document.createElement("p");
    count.textContent = found.length === 0 ? results.dataset.none
      : found.length === 1 ? results.dataset.one : results.dataset.other.replace("#", found.length);
    results.appendChild(count);
    var list = document.createElement("ol");
    list.className = "sta-search-results";
    found.forEach(function (hit) {
      var item = document.createElement("li");
      if (hit.doc.lang) {
        item.lang = hit.doc.lang;
      }
      var link = document.createElement("a");
      link.href = hit.doc.url;
      link.textContent = hit.doc.title;
      var text = document.createElement("p");
      text.textContent = snippet(hit.doc.text, terms[0]);
      item.appendChild(link);
      item.appendChild(text);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  var script = document.createElement("script");
  script.src = "search-index.js";
  script.onload = function () { show(window.staSearchIndex || []); };
  document.body.appendChild(script);
})();
