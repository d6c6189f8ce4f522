/* Quick exit: leave the guide at once for a neutral site, replacing this page in
   the tab history so Back does not return to it. Click the button or press Shift
   three times. Without JavaScript the button is still a plain link. */
(function () {
  "use strict";
  var link = document.getElementById("sta-exit");
  if (!link) {
    return;
  }
  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.documentElement.style.visibility = "hidden";
    document.title = "";
    window.location.replace(link.href);
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
