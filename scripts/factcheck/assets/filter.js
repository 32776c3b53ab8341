// The archive filter on the home page and the listings: narrow the claims by
// rating, tag, claimant and year, sort them, and keep the choice in the address
// so that a filtered view can be shared. On a rating's, tag's or claimant's
// listing the form fixes that field (data-fixed-field, data-fixed-value) and
// narrows that listing's claims only. Every text is set with textContent: claim
// titles and names are data, never markup; the one piece of markup, each
// rating's badge, is the build's own (escaped by its templates) from
// archive.json. Without JavaScript the form stays hidden and the paginated list
// below it is the archive.
(function () {
  "use strict";
  var form = document.querySelector("form[data-fc-filter]");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var PAGE = 50;
  var results = document.querySelector("[data-fc-results]");
  var more = document.querySelector("[data-fc-more]");
  var status = form.querySelector("[data-fc-count]");
  var plain = document.querySelectorAll("[data-fc-plain]");
  var base = new URL(form.getAttribute("data-base"), document.baseURI);
  var fields = ["rating", "tag", "claimant", "year", "sort"].filter(function (f) { return form[f]; });
  var fixed = { field: form.getAttribute("data-fixed-field"), value: form.getAttribute("data-fixed-value") };
  var data = null, scope = [], badges = [], shown = PAGE, matches = [];

  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }

  function fill() {
    var counts = { rating: {}, tag: {}, claimant: {}, year: {} };
    scope.forEach(function (c) {
      counts.rating[c[2]] = (counts.rating[c[2]] || 0) + 1;
      counts.claimant[c[3]] = (counts.claimant[c[3]] || 0) + 1;
      counts.year[c[5]] = (counts.year[c[5]] || 0) + 1;
      c[4].forEach(function (t) { counts.tag[t] = (counts.tag[t] || 0) + 1; });
    });
    if (form.rating) data.ratings.forEach(function (r, i) {
      if (counts.rating[i]) option(form.rating, r[0], r[1] + " (" + counts.rating[i] + ")");
    });
    if (form.tag) data.tags.forEach(function (t, i) {
      if (counts.tag[i]) option(form.tag, t, t + " (" + counts.tag[i] + ")");
    });
    if (form.claimant) data.claimants.forEach(function (c, i) {
      if (counts.claimant[i]) option(form.claimant, c[1], c[0] + " (" + counts.claimant[i] + ")");
    });
    Object.keys(counts.year).sort().reverse().forEach(function (y) {
      option(form.year, y, y + " (" + counts.year[y] + ")");
    });
  }

  function chosen() {
    var out = { rating: "", tag: "", claimant: "", year: "" };
    fields.forEach(function (f) { out[f] = form[f].value; });
    return out;
  }

  /* The claims matching a choice: field -> value, as chosen() gives it. */
  function select(claims, want) {
    var rating = want.rating ? index(data.ratings, want.rating, 0) : -1;
    var tag = want.tag ? index(data.tags, want.tag) : -1;
    var claimant = want.claimant ? index(data.claimants, want.claimant, 1) : -1;
    var year = want.year ? Number(want.year) : 0;
    return claims.filter(function (c) {
      return (rating < 0 || c[2] === rating) && (claimant < 0 || c[3] === claimant) &&
        (!year || c[5] === year) && (tag < 0 || c[4].indexOf(tag) >= 0);
    });
  }

  function index(list, value, at) {
    for (var i = 0; i < list.length; i++) if ((at === undefined ? list[i] : list[i][at]) === value) return i;
    return -1;
  }

  function apply(pushState) {
    var want = chosen();
    matches = select(scope, want);
    if (want.sort === "claim") {
      matches = matches.map(function (c, i) { return [c, i]; })
        .sort(function (a, b) { return b[0][7] - a[0][7] || a[1] - b[1]; })
        .map(function (p) { return p[0]; });
    }
    var filtering = fields.some(function (f) { return want[f] && !(f === "sort" && want[f] === "review"); });
    plain.forEach(function (el) { el.hidden = filtering; });
    results.hidden = !filtering;
    shown = PAGE;
    if (filtering) render();
    else { results.replaceChildren(); more.hidden = true; }
    status.textContent = matches.length + (matches.length === 1 ? " claim" : " claims") +
      (filtering ? " match." : " in all.");
    if (pushState) {
      var params = new URLSearchParams();
      fields.forEach(function (f) {
        if (want[f] && !(f === "sort" && want[f] === "review")) params.set(f, want[f]);
      });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    }
  }

  function render() {
    var list = document.createDocumentFragment();
    matches.slice(0, shown).forEach(function (c) {
      var li = document.createElement("li");
      li.className = "fc-list__item";
      li.appendChild(badges[c[2]].content.cloneNode(true));
      var a = document.createElement("a");
      a.className = "fc-list__title";
      a.href = new URL(c[0], base).href;
      a.textContent = c[1];
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "fc-list__meta";
      meta.textContent = data.claimants[c[3]][0] + " · " + c[5];
      li.appendChild(meta);
      list.appendChild(li);
    });
    results.replaceChildren(list);
    more.hidden = results.hidden || matches.length <= shown;
  }

  function fromAddress() {
    var params = new URLSearchParams(location.search);
    fields.forEach(function (f) {
      var value = params.get(f);
      if (value !== null && index(Array.prototype.map.call(form[f].options, function (o) { return o.value; }), value) >= 0) {
        form[f].value = value;
      }
    });
  }

  fetch(form.getAttribute("data-src")).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (loaded) {
    data = loaded;
    var only = { rating: "", tag: "", claimant: "", year: "" };
    if (fixed.field) only[fixed.field] = fixed.value;
    scope = fixed.field ? select(data.claims, only) : data.claims;
    badges = data.ratings.map(function (r) {  // the build's own badge HTML (escaped by its templates)
      var t = document.createElement("template");
      t.innerHTML = r[3];
      return t;
    });
    fill();
    fromAddress();
    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    more.addEventListener("click", function () { shown += PAGE; render(); });
    apply(false);
  }).catch(function () { /* the paginated list stays: nothing is lost */ });
})();
