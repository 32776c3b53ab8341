/*
 * factcheck: the rating badge in search results, for both search workers.
 *
 * The build writes archive.json (the archive filter's data): every claim's
 * address and rating, and each rating's badge as the build rendered it. A
 * worker loads it once, at setup, and puts the rating's badge before the title
 * of each result that is a claim page, so a reader sees the verdict in the
 * result list.
 */

"use strict";

const factcheckBadges = (() => {
  let byLocation = new Map();

  /* archive.json: {ratings: [[id, label, colour, badge HTML]], claims: [[url, title, rating, ...]]}.
     The badge HTML is the build's own (escaped by its templates), as on the pages. */
  async function load(site) {
    try {
      const response = await fetch(new URL("archive.json", site));
      if (!response.ok) throw new Error(`archive.json: HTTP ${response.status}`);
      const data = await response.json();
      const badges = data.ratings.map(rating => `${rating[3]} `);
      byLocation = new Map(data.claims.map(row => [row[0], badges[row[2]]]));
    } catch (err) {  // results still work, without badges
      console.warn("Search results will show no rating badges", err);
    }
  }

  /* Material's result: a list of groups, each a page and its sections. */
  function decorate(items) {
    for (const group of items)
      for (const item of group) {
        const html = item.location.includes("#") ? undefined : byLocation.get(item.location);
        if (html) item.title = html + item.title;
      }
    return items;
  }

  return { load, decorate };
})();
