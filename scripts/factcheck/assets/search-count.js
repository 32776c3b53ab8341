/*
 * factcheck: the result count under Material's search box, with Pagefind.
 *
 * The search worker sends Material the best results only (with their text);
 * Material counts what it is sent. The worker also posts the full count on a
 * BroadcastChannel, and this script corrects the line Material writes
 * ("50 matching documents") to say how many there are in all.
 */
(() => {
  "use strict";
  if (typeof BroadcastChannel !== "function") return;
  const channel = new BroadcastChannel("factcheck-search");
  let last = null;
  const fix = () => {
    const meta = document.querySelector(".md-search-result__meta");
    const input = document.querySelector("input.md-search__input");
    if (!meta || !input || !last || last.total <= last.shown) return;
    if (input.value !== last.query) return;
    const text = `The ${last.shown.toLocaleString("en")} best of ` +
      `${last.total.toLocaleString("en")} matching documents`;
    if (meta.textContent !== text) meta.textContent = text;
  };
  channel.addEventListener("message", event => { last = event.data; fix(); });
  const watch = () => {
    const meta = document.querySelector(".md-search-result__meta");
    if (meta) new MutationObserver(fix).observe(meta, { childList: true, characterData: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
