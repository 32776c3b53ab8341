/*
 * factcheck: Material's own search worker (Lunr), with two additions.
 *
 * 1. Typo tolerance. Material's search finds words by prefix and stem only,
 *    so "Xioami" finds nothing. When a query finds nothing, this worker asks
 *    again with each plain word of four letters or more allowed one edit
 *    (Lunr's `word~1`: a letter added, dropped, changed or two swapped).
 * 2. The rating badge before each claim page's title (search-badges.js).
 *
 * Material's worker is loaded unchanged (its name carries a hash and is put in
 * by the build) and answers every message; this file only sits between it and
 * the page. It lives in Material's workers/ folder so that Material's worker
 * finds its language files where it expects them.
 */

"use strict";

const MATERIAL_WORKER = "__MATERIAL_WORKER__";
const SETUP = 0, QUERY = 2;
const FUZZY_MIN = 4;                   // shorter words match too much with one edit
const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;  // no Lunr syntax: + - ~ ^ * : "

const site = new URL("../../../", self.location.href);  // assets/javascripts/workers/
const nativePost = self.postMessage.bind(self);
let material = null;                   // Material's message listener
let waiting = null;                    // the resolver of the answer Material owes
let queue = Promise.resolve();

/* Take Material's message listener instead of letting it listen itself. */
const nativeAdd = self.addEventListener.bind(self);
self.addEventListener = (type, listener, options) => {
  if (type === "message" && material === null) material = listener;
  else nativeAdd(type, listener, options);
};
self.postMessage = message => {
  const resolve = waiting;
  waiting = null;
  if (resolve) resolve(message);
  else nativePost(message);
};
importScripts(MATERIAL_WORKER, "../../factcheck/search-badges.js");

function ask(message) {
  return new Promise(resolve => {
    waiting = resolve;
    material({ data: message });
  });
}

/* The query with one edit allowed in each plain, long enough word; "" if none. */
function fuzzy(query) {
  let changed = false;
  const words = query.trim().split(/\s+/).map(word => {
    if (!PLAIN_WORD.test(word) || [...word].length < FUZZY_MIN) return word;
    changed = true;
    return `${word}~1`;
  });
  return changed ? words.join(" ") : "";
}

async function answer(message) {
  if (message.type === SETUP) {
    const [ready] = await Promise.all([ask(message), factcheckBadges.load(site)]);
    return ready;
  }
  if (message.type !== QUERY) return null;  // Material sends no other kind
  let reply = await ask(message);
  const retry = reply.data.items.length ? "" : fuzzy(message.data);
  if (retry) {
    reply = await ask({ type: QUERY, data: retry });
    for (const group of reply.data.items)  // the words were found, with a typo
      for (const item of group)
        item.terms = Object.fromEntries(Object.keys(item.terms).map(term => [term, true]));
  }
  factcheckBadges.decorate(reply.data.items);
  return reply;
}

/* One answer per message, in the order the messages came. */
nativeAdd("message", event => {
  queue = queue
    .then(() => answer(event.data))
    .then(reply => reply && nativePost(reply))
    .catch(err => console.error(err));  // one bad message must not stop the rest
});
