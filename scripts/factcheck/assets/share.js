// Copy-link and the Web Share API for claim pages. No third-party code: the
// share links beside these buttons are plain addresses that work without it.
(function () {
  "use strict";
  function say(box, text) {
    var status = box.querySelector("[data-fc-share-status]");
    if (status) status.textContent = text;
  }
  document.querySelectorAll("[data-fc-share]").forEach(function (box) {
    var url = box.getAttribute("data-url");
    var title = box.getAttribute("data-title");
    var copy = box.querySelector("[data-fc-copy]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(
          function () { say(box, "Link copied."); },
          function () { say(box, "Could not copy; the address is " + url); }
        );
      });
    }
    var native = box.querySelector("[data-fc-native]");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
  });
})();
