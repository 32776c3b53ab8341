/*
 * factcheck: a search worker for Material for MkDocs, backed by Pagefind.
 *
 * Material's search box talks to a web worker in four messages (0 setup,
 * 1 ready, 2 query, 3 result); its own worker builds a Lunr index of the
 * whole site in the browser, which takes seconds for thousands of claims.
 * This worker answers the same messages from Pagefind indexes, which the
 * build writes in chunks to pagefind/: a query loads only the chunks and
 * the result fragments it needs.
 *
 * Every text that reaches Material is HTML-escaped here (Material inserts
 * results as HTML); the only markup added is <mark> around matched words and
 * the rating badge before a claim's title (search-badges.js).
 */

"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const SHOWN = 20;          // results sent with their text: the best first
const SECTIONS = 3;        // matching sections shown under a result
const CHANNEL = "factcheck-search";

const site = new URL("../../", self.location.href);  // the worker is in assets/factcheck/
importScripts("search-badges.js");
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
let pagefind = null;
let queue = Promise.resolve();
let latest = 0;            // the number of the newest query received
let previous = { items: [] };

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = text => String(text).replace(/[&<>"']/g, ch => ESCAPES[ch]);

/* Pagefind's excerpts are HTML: the page's text, escaped, with <mark> around
   matches. Keep its <mark> tags; read each piece between them back to text
   and escape it here, so that what reaches Material is escaped exactly once. */
const ENTITIES = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
const unescapeHtml = html => html.replace(/&(lt|gt|amp|quot|#39|#x27);/g, entity => ENTITIES[entity]);

function excerptHtml(excerpt) {
  return (excerpt || "")
    .split(/(<\/?mark>)/)
    .map(part => (part === "<mark>" || part === "</mark>") ? part : escapeHtml(unescapeHtml(part)))
    .join("");
}

/* Material wants addresses relative to the site's base; Pagefind's start with its path. */
function relativeLocation(url) {
  const { pathname, hash } = new URL(url, site);
  const path = pathname.startsWith(site.pathname) ? pathname.slice(site.pathname.length) : pathname;
  return path + hash;
}

/* The build writes one Pagefind index per group of pages (pagefind/0/, 1/, ...)
   and lists them in pagefind/shards.json; Pagefind merges them here. */
async function setup() {
  const bundle = new URL("pagefind/", site);
  const response = await fetch(new URL("shards.json", bundle));
  if (!response.ok) throw new Error(`pagefind/shards.json: HTTP ${response.status}`);
  const shards = (await response.json()).shards.map(path => new URL(path, bundle).href);
  const options = { baseUrl: site.pathname };
  pagefind = await import(new URL("pagefind.js", shards[0]).href);
  await pagefind.options({ ...options, excerptLength: 30 });
  await pagefind.init();
  await Promise.all([
    ...shards.slice(1).map(shard => pagefind.mergeIndex(shard, options)),
    factcheckBadges.load(site),
  ]);
}

function terms(query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return Object.fromEntries(words.map(word => [word, true]));
}

function toItems(data, score, queryTerms) {
  const article = {
    location: relativeLocation(data.url),
    title: escapeHtml(data.meta.title || data.url),
    text: excerptHtml(data.excerpt),
    score,
    terms: queryTerms,
  };
  const sections = (data.sub_results || [])
    .filter(sub => sub.url.includes("#") && (sub.excerpt || "").includes("<mark>"))
    .filter(sub => !(sub.anchor && sub.anchor.element === "h1"))  // the page itself
    .slice(0, SECTIONS)
    .map(sub => ({
      location: relativeLocation(sub.url),
      title: escapeHtml(sub.title),
      text: excerptHtml(sub.excerpt),
      score: score / 2,  // below the page: Material folds them under it
      terms: queryTerms,
    }));
  return [article, ...sections];
}

/* The result for a query, or null when a newer query came while it was searched:
   then the fragments of its results are not worth loading. */
async function search(query, number) {
  if (!query.trim()) return { items: [] };
  if (!pagefind) throw new Error("the search index was not loaded");
  const found = await pagefind.search(query.trim());
  if (number !== latest) return null;
  const results = found ? found.results : [];
  const best = results.slice(0, SHOWN);
  const data = await Promise.all(best.map(result => result.data()));
  const queryTerms = terms(query);
  const items = factcheckBadges.decorate(data.map((d, i) => toItems(d, best[i].score, queryTerms)));
  if (channel) channel.postMessage({ query, shown: items.length, total: results.length });
  return { items };
}

async function answer(message, number) {
  switch (message.type) {
    case SETUP:
      try {
        await setup();
      } catch (err) {  // still ready: each query then fails, and says why
        console.error("The search index could not be loaded", err);
      }
      return { type: READY };
    case QUERY:
      /* A reader typing sends a query per key: one overtaken by a newer query
         gets the last result again at once, and only the newest is searched. */
      if (number !== latest) return { type: RESULT, data: previous };
      try {
        previous = (await search(message.data, number)) || previous;
      } catch (err) {
        console.warn(`Search failed for ${message.data}`, err);
        previous = { items: [] };
      }
      return { type: RESULT, data: previous };
    default:
      throw new TypeError("Invalid message type");
  }
}

/* One answer per message, in the order the messages came. */
addEventListener("message", event => {
  const number = event.data && event.data.type === QUERY ? ++latest : latest;
  queue = queue
    .then(() => answer(event.data, number))
    .then(reply => postMessage(reply))
    .catch(err => console.error(err));  // one bad message must not stop the rest
});
