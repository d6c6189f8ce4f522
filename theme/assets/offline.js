/* "Save for offline": off until the reader chooses it and has read that it leaves a copy in
   the browser. Then a service worker (sw.js, this language only) caches the guide, and replaces
   that copy whole when the site has a newer build (see version.json). "Remove saved copy" and
   the quick exit delete it again. Service workers need http(s), so the
   control stays hidden when the guide is opened from a folder (use the ZIP download there). */
(function () {
  "use strict";
  var box = document.getElementById("sta-offline");
  if (!box || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) {
    return;
  }
  var save = document.getElementById("sta-offline-save");
  var ask = document.getElementById("sta-offline-ask");
  var remove = document.getElementById("sta-offline-remove");
  var status = document.getElementById("sta-offline-status");

  function show(saved, message) {
    save.hidden = saved;
    remove.hidden = !saved;
    ask.hidden = true;
    status.textContent = message || "";
  }

  box.hidden = false;
  navigator.serviceWorker.getRegistration("./").then(function (registration) {
    show(Boolean(registration), "");
  });
  save.addEventListener("click", function () {
    save.hidden = true;
    ask.hidden = false;
    document.getElementById("sta-offline-confirm").focus();
  });
  document.getElementById("sta-offline-cancel").addEventListener("click", function () {
    show(false, "");
    save.focus();
  });
  document.getElementById("sta-offline-confirm").addEventListener("click", function () {
    navigator.serviceWorker.register("sw.js", { scope: "./" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // Ask the worker to (re)fill its cache: a copy removed a moment ago may not reinstall.
      return new Promise(function (done) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { done(event.data); };
        registration.active.postMessage("save", [channel.port2]);
      });
    }).then(function (result) {
      show(result === "saved", result === "saved" ? box.dataset.saved : "");
    });
  });
  remove.addEventListener("click", function () {
    window.staForgetOffline().then(function () {
      show(false, box.dataset.removed);
    });
  });
})();
