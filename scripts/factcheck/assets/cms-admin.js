/* factcheck: the admin page's claim format for Decap CMS.
 *
 * Reads a claim file as the validator does (every value is text: js-yaml's
 * failsafe schema) and writes it the way claims are written by hand: the schema
 * modeline first, fields in the schema's order, long text as block scalars,
 * dates quoted, a person or organisation on one line where it fits.
 *
 * Editing keeps the file: every top-level field whose value did not change is
 * written back byte for byte from the file as it was read (with the comments
 * above it), so the diff of a save touches only what changed.
 *
 * The layout (field order and styles) is generated from claim.schema.json by
 * factcheck.cms and embedded in the admin page. Also loaded by the tests in
 * Node: module.exports = { format, parse }.
 */
(function (root) {
  "use strict";

  var WIDTH = 100; // a value stays on its key's line up to this column
  var FOLD = 78; // folded text is wrapped at this column
  var TYPED =
    /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|=|<<|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)|0[xXoObB][0-9a-fA-F_]+|[-+]?[0-9][0-9_:]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)$/;
  // What a reader of the file cannot see: escaped in double quotes, never written raw.
  // Also the letters that draw nothing (Hangul fillers, the blank Braille pattern,
  // the combining grapheme joiner), which factcheck.text counts as blank.
  var HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164\ufeff\uffa0\ufff0-\uffff]|[\ud800-\udfff]/;
  var HIDDEN_ALL = new RegExp(HIDDEN.source, "g");
  var TOP_KEY = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)/;

  // --- reading ------------------------------------------------------------------

  function parse(text) {
    var yaml = root.jsyaml || (typeof require === "function" ? require("js-yaml") : null);
    var data = yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA });
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  }

  // The file's top-level fields: for each, the comment and blank lines above it
  // (lead) and its own lines (body); what follows the last field is the tail.
  function sections(text) {
    var lines = text.split("\n");
    var fields = [];
    var pending = [];
    var current = null;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var key = TOP_KEY.exec(line);
      if (key) {
        current = { key: key[1], lead: pending, body: [line] };
        fields.push(current);
        pending = [];
      } else if (current && /^[ \t-]/.test(line)) {
        current.body = current.body.concat(pending, [line]);
        pending = [];
      } else {
        pending.push(line);
      }
    }
    return { fields: fields, tail: pending };
  }

  // --- values -------------------------------------------------------------------

  function isEmpty(value) {
    if (value === null || value === undefined || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).length === 0;
    return false;
  }

  // The value as it will be written: empty optional parts left out.
  function clean(value) {
    if (Array.isArray(value)) {
      return value.map(clean).filter(function (v) { return !isEmpty(v); });
    }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) {
        var v = clean(value[k]);
        if (!isEmpty(v)) out[k] = v;
      });
      return out;
    }
    if (value === null || value === undefined) return undefined;
    return typeof value === "string" ? value : String(value);
  }

  function canonical(value) {
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    if (value && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (k) {
        return JSON.stringify(k) + ":" + canonical(value[k]);
      }).join(",") + "}";
    }
    return JSON.stringify(value === undefined ? null : value);
  }

  // --- scalars --------------------------------------------------------------------

  function quoted(s) {
    return JSON.stringify(s).replace(HIDDEN_ALL, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function plainOk(s, flow) {
    if (s === "" || s !== s.trim() || HIDDEN.test(s) || /[\t\n\r]/.test(s)) return false;
    if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) || /:\s|:$|\s#/.test(s)) return false;
    if (flow && /[,[\]{}]/.test(s)) return false;
    return !TYPED.test(s);
  }

  // Folded (>-): one line of text, rewrapped at spaces; anything but hidden
  // characters, tabs, leading, trailing or double spaces reads back the same.
  function foldOk(s) {
    if (HIDDEN.test(s) || /[\t\n\r]/.test(s) || s !== s.trim()) return false;
    return s.indexOf("  ") < 0 && s.indexOf(" ") > 0;
  }

  function literalOk(s) {
    if (HIDDEN.test(s) || /\r/.test(s) || /^[ \t\n]/.test(s)) return false;
    return s.split("\n").every(function (l) { return l === "" || l.trim() !== ""; });
  }

  function fold(s, indent) {
    var pad = " ".repeat(indent);
    var lines = [];
    var line = "";
    s.split(" ").forEach(function (word) {
      if (line && indent + line.length + 1 + word.length > FOLD) {
        lines.push(pad + line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(pad + line);
    return lines;
  }

  function scalarLines(prefix, s, style, indent) {
    if (style === "quoted") return [prefix + " " + quoted(s)];
    if (s.indexOf("\n") >= 0) {
      if (style !== "block" || !literalOk(s)) return [prefix + " " + quoted(s)];
      var trailing = /\n*$/.exec(s)[0].length;
      var chomp = trailing === 0 ? "|-" : trailing === 1 ? "|" : "|+";
      var body = trailing ? s.slice(0, -1) : s;
      var pad = " ".repeat(indent + 2);
      return [prefix + " " + chomp].concat(body.split("\n").map(function (l) {
        return l ? pad + l : "";
      }));
    }
    var fits = prefix.length + 1 + s.length <= WIDTH;
    if (style === "block" && !fits && foldOk(s)) return [prefix + " >-"].concat(fold(s, indent + 2));
    return [prefix + " " + (plainOk(s, false) ? s : quoted(s))];
  }

  function flowScalar(s) {
    return plainOk(s, true) ? s : quoted(s);
  }

  // --- fields -----------------------------------------------------------------------

  function byName(fields) {
    var map = {};
    (fields || []).forEach(function (f) { map[f.name] = f; });
    return map;
  }

  function orderedKeys(fields, value) {
    var known = (fields || []).map(function (f) { return f.name; });
    var keys = known.filter(function (k) { return k in value; });
    Object.keys(value).forEach(function (k) {
      if (known.indexOf(k) < 0) keys.push(k);
    });
    return keys;
  }

  function objectLines(fields, value, indent) {
    var layout = byName(fields);
    var lines = [];
    orderedKeys(fields, value).forEach(function (k) {
      lines = lines.concat(fieldLines(layout[k] || { name: k, kind: "any" }, value[k], indent));
    });
    return lines;
  }

  function flowObject(fields, value) {
    var parts = [];
    var ok = true;
    orderedKeys(fields, value).forEach(function (k) {
      var v = value[k];
      if (typeof v !== "string") ok = false;
      else parts.push(k + ": " + flowScalar(v));
    });
    return ok ? "{" + parts.join(", ") + "}" : null;
  }

  function fieldLines(field, value, indent) {
    var pad = " ".repeat(indent);
    var prefix = pad + field.name + ":";
    if (field.kind === "scalar") return scalarLines(prefix, value, field.style, indent);
    if (field.kind === "tags") {
      return [prefix + " [" + value.map(flowScalar).join(", ") + "]"];
    }
    if (field.kind === "object") {
      if (field.style === "flow" && indent > 0 && !("role" in value)) {
        var flow = flowObject(field.fields, value);
        if (flow && prefix.length + 1 + flow.length <= WIDTH) return [prefix + " " + flow];
      }
      return [prefix].concat(objectLines(field.fields, value, indent + 2));
    }
    if (field.kind === "list") {
      if (value.length === 0) return [prefix + " []"];
      var lines = [prefix];
      value.forEach(function (item) {
        var itemLines = objectLines(field.fields, item, indent + 4);
        itemLines[0] = pad + "  - " + itemLines[0].slice(indent + 4);
        lines = lines.concat(itemLines);
      });
      return lines;
    }
    // A field the schema does not have: written as JSON (valid YAML); the
    // validator then reports it.
    if (typeof value === "string") return [prefix + " " + flowScalar(value)];
    return [prefix + " " + quoted(JSON.stringify(value)).slice(1, -1).replace(/\\"/g, '"')];
  }

  // --- the file --------------------------------------------------------------------

  // data: the entry as the form holds it; original: the file as it was read, or
  // null for a new claim. The layout comes from the admin page.
  function format(data, original, layout) {
    var fields = layout.fields;
    var layoutOf = byName(fields);
    var order = fields.map(function (f) { return f.name; });
    var value = clean(data) || {};
    (layout.drop || []).forEach(function (k) { delete value[k]; });
    fields.forEach(function (f) {
      if (f.required && (f.kind === "list" || f.kind === "tags") && !(f.name in value)) {
        value[f.name] = [];
      }
    });
    var before = original ? sections(original) : { fields: [], tail: [""] };
    var was = original ? clean(parse(original)) || {} : {};
    var out = before.fields
      .filter(function (s) { return s.key in value; })
      .map(function (s) {
        var field = layoutOf[s.key] || { name: s.key, kind: "any" };
        var same = canonical(was[s.key]) === canonical(value[s.key]);
        return { key: s.key, lead: s.lead, body: same ? s.body : fieldLines(field, value[s.key], 0) };
      });
    orderedKeys(fields, value).forEach(function (k) {
      if (out.some(function (s) { return s.key === k; })) return;
      var field = layoutOf[k] || { name: k, kind: "any" };
      var entry = { key: k, lead: [], body: fieldLines(field, value[k], 0) };
      var at = order.indexOf(k);
      var after = -1;
      out.forEach(function (s, i) {
        var pos = order.indexOf(s.key);
        if (at >= 0 && pos >= 0 && pos < at) after = i;
      });
      out.splice(at >= 0 ? after + 1 : out.length, 0, entry);
    });
    if (!original && out.length) out[0].lead = [layout.modeline];
    var lines = [];
    out.forEach(function (s) { lines = lines.concat(s.lead, s.body); });
    lines = lines.concat(before.tail);
    var text = lines.join("\n");
    return /\n$/.test(text) ? text : text + "\n";
  }

  var api = { format: format, parse: parse, sections: sections };
  if (typeof module === "object" && module.exports) module.exports = api;

  // --- the admin page --------------------------------------------------------------

  if (!root.CMS || !root.document) return;
  var layout = JSON.parse(root.document.getElementById("factcheck-layout").textContent);
  var reading = null; // the file being saved, as it was read (from the preSave event)

  root.CMS.registerCustomFormat("factcheck-yaml", "yaml", {
    fromFile: function (text) { return parse(text); },
    toFile: function (data) {
      var plain = data && typeof data.toJS === "function" ? data.toJS() : data;
      return format(plain, reading, layout);
    },
  });
  root.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var isNew = entry.get("newRecord");
      reading = isNew ? null : entry.get("raw") || null;
      if (isNew && !entry.getIn(["data", "id"])) {
        throw new Error("Give the new claim an id: its permanent address and file name.");
      }
      return undefined;
    },
  });
  root.CMS.init();
})(typeof window !== "undefined" ? window : globalThis);
