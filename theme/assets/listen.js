/* Listen: read a guide page aloud with the device's own voices (localService), so no text leaves
   the device. The control appears under the title only when such a voice speaks the page's
   language; without one, or without JavaScript, there is nothing to see. It skips citation
   numbers and the source list, reads phone numbers digit by digit and stops on quick exit
   (quick-exit.js) or when the reader leaves. generator/site.py fills in each language's LABELS. */
(function () {
  "use strict";
  var LABELS = {};
  var synth = window.speechSynthesis;
  var article = document.querySelector("article");
  var title = article && article.querySelector("h1");
  if (!synth || !window.SpeechSynthesisUtterance || !title || !article.querySelector(".sta-meta")) {
    return;  // not a guide page, or no speech here
  }
  var SKIP = ".sta-cite,.sta-sources,.sta-sources-link,#sources,.sta-print,.sta-printables-link,.sta-listen,[hidden],[aria-hidden=true],script,style,nav";
  var BLOCK = /^(H[1-6]|P|LI|DT|DD|TH|TD|DIV|UL|OL|DL|TABLE|TR|BLOCKQUOTE|DETAILS|SUMMARY)$/;
  var root = document.documentElement;
  var state = "idle";
  var run = 0;
  var marked = null;

  /* The device's own voice for a language tag: same language first ("ar" for "ar-SA"), then the
     same script or region, then the device's default. */
  function voiceFor(lang) {
    var want = lang.toLowerCase(), best = null, top = 0;
    synth.getVoices().forEach(function (voice) {
      var have = (voice.lang || "").toLowerCase().replace(/_/g, "-");
      if (!voice.localService || have.split("-")[0] !== want.split("-")[0]) {
        return;
      }
      var score = 1 + (voice["default"] ? 1 : 0) + (have === want ? 4 : 0)
        + (/hant/.test(want) && /-(tw|hk|mo|hant)/.test(have) || /hans/.test(want) && /-(cn|sg|hans)/.test(have) ? 2 : 0);
      if (score > top) {
        best = voice;
        top = score;
      }
    });
    return best;
  }

  /* "0808 1647 686" as "0 8 0 8, 1 6 4 7, 6 8 6": numbers are said one digit at a time. */
  function digits(number) {
    return number.trim().split(/\s+/).map(function (group) { return group.split("").join(" "); }).join(", ");
  }

  /* The article as [text, language, element] pieces in reading order: a new piece for each block
     and for each change of language. */
  function pieces() {
    var out = [];
    var current = null;
    function flush() {
      if (current && /\S/.test(current[0])) {
        current[0] = current[0].replace(/\s+/g, " ").trim();
        out.push(current);
      }
      current = null;
    }
    function add(text, lang, block) {
      current = current || ["", lang, block];
      current[0] += text;
    }
    function walk(node, lang, block) {
      for (var child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          add(child.data, lang, block);
        } else if (child.nodeType === 1 && !child.matches(SKIP)) {
          var own = child.getAttribute("lang") || lang;
          var isBlock = BLOCK.test(child.tagName);
          if (child.classList.contains("sta-tel")) {
            add(digits(child.textContent), lang, block);
          } else if (isBlock || own !== lang) {
            flush();
            walk(child, own, isBlock ? child : block);
            flush();
          } else {
            walk(child, own, block);
          }
        }
      }
    }
    walk(article, article.closest("[lang]").lang, article);
    flush();
    return out;
  }

  function mark(element) {
    if (marked) {
      marked.classList.remove("sta-listen-now");
    }
    marked = element;
    if (element) {
      element.classList.add("sta-listen-now");
      element.scrollIntoView({ block: "nearest" });
    }
  }

  var box = document.createElement("div");
  box.className = "sta-listen";
  box.lang = root.lang;
  box.dir = root.dir;
  function button(name) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "sta-listen__" + name;
    element.appendChild(document.createElement("span")).setAttribute("aria-hidden", "true");
    element.appendChild(document.createElement("span"));
    return bar.appendChild(element);
  }
  var bar = box.appendChild(document.createElement("div"));
  bar.className = "sta-listen__bar";  // fixed to the foot of the screen while reading, so it is always at hand
  var play = button("play");
  var stop = button("stop");
  var status = bar.appendChild(document.createElement("span"));
  status.setAttribute("role", "status");
  status.className = "sta-listen__status";
  stop.lastChild.textContent = LABELS.stop;
  stop.firstChild.className = "sta-listen__icon sta-listen__icon--stop";

  function show(next) {
    state = next;
    play.lastChild.textContent = next === "speaking" ? LABELS.pause : next === "paused" ? LABELS.resume : LABELS.listen;
    play.firstChild.className = "sta-listen__icon sta-listen__icon--" + (next === "speaking" ? "pause" : "play");
    stop.hidden = next === "idle";
    box.classList.toggle("sta-listen--active", next !== "idle");
    status.textContent = next === "speaking" ? LABELS.reading : next === "paused" ? LABELS.paused : "";
  }

  function start() {
    var mine = run += 1;
    var queue = [];
    pieces().forEach(function (piece) {
      var voice = voiceFor(piece[1]);
      if (voice) {  // a part in a language the device cannot speak is left out
        var utterance = new SpeechSynthesisUtterance(piece[0]);
        utterance.voice = voice;
        utterance.lang = voice.lang;
        utterance.onstart = function () { if (mine === run) { mark(piece[2]); } };
        queue.push(utterance);
      }
    });
    if (!queue.length) {
      return;
    }
    queue[queue.length - 1].onend = function () { if (mine === run) { halt(); } };
    synth.cancel();
    queue.forEach(function (utterance) { synth.speak(utterance); });
    synth.resume();  // some browsers keep an earlier pause across cancel()
    show("speaking");
  }

  function halt() {
    run += 1;
    synth.cancel();
    mark(null);
    if (document.activeElement === stop) {
      play.focus();  // the Stop button is about to hide
    }
    show("idle");
  }

  play.addEventListener("click", function () {
    if (state === "idle") {
      start();
    } else if (state === "speaking") {
      synth.pause();
      show("paused");
    } else {
      synth.resume();
      show("speaking");
    }
  });
  stop.addEventListener("click", halt);
  window.addEventListener("pagehide", halt);
  show("idle");

  /* Voices may arrive after the page has loaded. */
  function offer() {
    if (!box.parentNode && voiceFor(title.closest("[lang]").lang)) {
      title.insertAdjacentElement("afterend", box);
    }
  }
  offer();
  if (synth.addEventListener) {
    synth.addEventListener("voiceschanged", offer);
  } else {
    synth.onvoiceschanged = offer;
  }
})();
