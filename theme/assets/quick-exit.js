/* Quick exit: leave the guide at once for a neutral site, replacing this page in
   the tab history so Back does not return to it. Click the button or press Shift
   three times. Without JavaScript the button is still a plain link. */
(function () {
  "use strict";
  /* Delete a saved offline copy, if the reader made one: service workers and their caches. */
  window.staForgetOffline = function () {
    var work = [];
    if ("serviceWorker" in navigator && navigator.serviceWorker.getRegistrations) {
      work.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) {
          /* Tell the worker first, so that an update it is saving right now is not kept. */
          [registration.installing, registration.waiting, registration.active].forEach(function (worker) {
            if (worker) {
              worker.postMessage("forget");
            }
          });
          return registration.unregister();
        }));
      }));
    }
    if (window.caches) {
      work.push(caches.keys().then(function (keys) {
        return Promise.all(keys.map(function (key) { return caches.delete(key); }));
      }));
    }
    return Promise.all(work).catch(function () {});
  };
  var link = document.getElementById("sta-exit");
  if (!link) {
    return;
  }
  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    if (window.speechSynthesis) {
      window.speechSynthesis.cancel();  // stop "Listen" at once: no voice keeps reading the guide
    }
    document.documentElement.style.visibility = "hidden";
    document.title = "";
    var go = function () { window.location.replace(link.href); };
    if (!/^https?:$/.test(location.protocol)) {
      go();  // from a folder there is no saved copy to remove
      return;
    }
    /* Remove a saved copy first, but never wait more than a moment to leave. */
    Promise.race([window.staForgetOffline(), new Promise(function (done) { setTimeout(done, 400); })]).then(go);
  }
  link.addEventListener("click", leave);
  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) {
      presses = 0;
      return;
    }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 1500);
    if (presses >= 3) {
      leave();
    }
  });
})();
