/* The column's additions to Decap CMS, loaded after decap-cms.js and js-yaml on /quan-tri/.
 *
 * - Story files are written as `nttv new` writes them: the keys in the order of the layout the
 *   build puts in the page (from generator/reading/fields.py), text double-quoted, codes and
 *   dates plain, empty optional fields left out, keys the form does not know kept.
 * - A new story's file is named by the same ASCII slug as `nttv new` (title_slug in Python).
 * - Photos lose their GPS position and every other metadata on this computer, before upload:
 *   they are drawn on a canvas and encoded again, so that the original never leaves the browser.
 */
(function () {
  "use strict";

  var settings = JSON.parse(document.getElementById("nttv-editor").textContent);
  var MORE = "<!-- more -->";
  var SLUG_MAX = 80;
  var PHOTO_MAX_SIDE = 3200; // the site publishes at most 1600 px; twice that leaves room to crop
  var JPEG_QUALITY = 0.9;
  var HELPERS = [settings.slug_key, settings.year_key];
  var BODY_KEYS = [settings.lead_key, settings.rest_key];

  /* Same result as python-slugify as `nttv new` calls it, for the titles editors write. */
  function titleSlug(title) {
    var text = String(title || "").normalize("NFC").replace(/[đĐ]/g, "d")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/(\d),(?=\d)/g, "$1").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (text.length > SLUG_MAX) {
      var kept = "";
      text.split("-").forEach(function (word) {
        var next = kept ? kept + "-" + word : word;
        if (word && next.length <= SLUG_MAX) kept = next;
      });
      text = kept || text.slice(0, SLUG_MAX).replace(/-+$/, "");
    }
    return text || "truyen";
  }

  /* YAML writer for the story layout. */

  var PLAIN = /^[A-Za-z][A-Za-z0-9._-]*$/;
  var WORDS = /^(true|false|yes|no|on|off|null|y|n)$/i;
  var ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

  function quoted(value) {
    return JSON.stringify(String(value)); // a JSON string is a valid YAML double-quoted scalar
  }

  function code(value) {
    var text = String(value);
    return PLAIN.test(text) && !WORDS.test(text) ? text : quoted(text);
  }

  function isoDate(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value).trim();
  }

  function scalar(style, value) {
    if (style === "text") return quoted(value);
    if (style === "date") {
      var day = isoDate(value);
      return ISO_DATE.test(day) ? day : quoted(day);
    }
    if (style === "int") return /^-?\d+$/.test(String(value).trim()) ? String(value).trim() : quoted(value);
    if (style === "flag") return value === true || value === "true" ? "true" : "false";
    return code(value);
  }

  function isEmpty(field, value) {
    if (value === undefined || value === null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    if (field.style === "flag") return !(value === true || value === "true");
    if (field.style === "group" && typeof value === "object") {
      return field.fields.every(function (child) { return isEmpty(child, value[child.name]); });
    }
    return false;
  }

  function writeMap(fields, data, indent, skip) {
    var lines = [];
    var known = {};
    fields.forEach(function (field) {
      known[field.name] = true;
      var value = data[field.name];
      if (isEmpty(field, value) && !field.required) return;
      var key = indent + field.name + ":";
      if (field.style === "group") {
        lines.push(key);
        lines = lines.concat(writeMap(field.fields, value || {}, indent + "  ", []));
      } else if (field.style === "items") {
        lines.push(key);
        (value || []).forEach(function (item) {
          var inner = writeMap(field.fields, item || {}, indent + "    ", []);
          if (!inner.length) return;
          inner[0] = indent + "  - " + inner[0].slice(indent.length + 4);
          lines = lines.concat(inner);
        });
      } else if (field.style === "list") {
        var items = Array.isArray(value) ? value : (isEmpty(field, value) ? [] : [value]);
        if (!items.length) lines.push(key + " []");
        else {
          lines.push(key);
          items.forEach(function (item) { lines.push(indent + "  - " + code(item)); });
        }
      } else if (field.style === "codes") {
        var list = Array.isArray(value) ? value : (isEmpty(field, value) ? [] : [value]);
        lines.push(key + " [" + list.map(code).join(", ") + "]");
      } else if (isEmpty(field, value)) {
        lines.push(key + (field.style === "text" ? ' ""' : ""));
      } else {
        lines.push(key + " " + scalar(field.style, value));
      }
    });
    Object.keys(data).forEach(function (name) {
      if (known[name] || skip.indexOf(name) >= 0 || data[name] === undefined) return;
      lines.push(indent + code(name) + ": " + JSON.stringify(data[name])); // JSON is YAML: kept as it was
    });
    return lines;
  }

  /* A story read from a file is written back through the file's own YAML (the npm `yaml` package,
     loaded by the page as window.nttvYAML): keys, order, quoting, list style and comments stay as
     they were; only the values the editor changed are set, new keys go where `nttv new` puts them. */
  var SOURCE_KEY = settings.source_key;
  var FRONT = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

  function toFile(data) {
    var fresh = newFile(data);
    var source = data[SOURCE_KEY];
    if (!source || !window.nttvYAML) return fresh;
    try {
      return keptFile(String(source), data, fresh);
    } catch (error) {
      if (window.console) window.console.warn("nttv: the file is written anew", error);
      return fresh;
    }
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function valueNode(doc, field, value, old) {
    var YAML = window.nttvYAML;
    var node = doc.createNode(value);
    if (old && YAML.isCollection(old) && YAML.isCollection(node)) node.flow = old.flow;
    else if (field && field.style === "codes" && YAML.isSeq(node)) node.flow = true;
    if (YAML.isScalar(node) && field && field.style === "text") node.type = "QUOTE_DOUBLE";
    return node;
  }

  function syncMap(doc, map, fields, had, wanted) {
    var YAML = window.nttvYAML;
    var order = fields.map(function (field) { return field.name; });
    fields.forEach(function (field) {
      var name = field.name;
      var inFile = Object.prototype.hasOwnProperty.call(had, name);
      var inForm = Object.prototype.hasOwnProperty.call(wanted, name);
      if (!inForm) { if (inFile) map.delete(name); return; }
      if (inFile && same(had[name], wanted[name])) return;
      var old = map.get(name, true);
      if (inFile && field.style === "group" && YAML.isMap(old) && isObject(had[name]) && isObject(wanted[name])) {
        syncMap(doc, old, field.fields, had[name], wanted[name]);
        return;
      }
      if (inFile && YAML.isScalar(old) && !isObject(wanted[name]) && !Array.isArray(wanted[name])) {
        old.value = wanted[name]; // its quoting as the file had it (yaml quotes a value that needs it)
        return;
      }
      if (inFile) { map.set(name, valueNode(doc, field, wanted[name], old)); return; }
      var pair = doc.createPair(name, null);
      pair.value = valueNode(doc, field, wanted[name], null);
      var at = order.indexOf(name);
      var before = map.items.findIndex(function (item) {
        var key = YAML.isScalar(item.key) ? item.key.value : item.key;
        var position = order.indexOf(key);
        return position > at;
      });
      if (before < 0) map.items.push(pair);
      else map.items.splice(before, 0, pair);
    });
  }

  /* yaml writes one space before a comment at the end of a line: each line that only differs from
     one of the file's in that space is given back as the file had it. */
  function asWritten(front, original) {
    function loose(line) { return line.replace(/\s+#/, " #").replace(/\s+$/, ""); }
    var lines = {};
    original.split(/\r?\n/).forEach(function (line) { (lines[loose(line)] = lines[loose(line)] || []).push(line); });
    return front.split("\n").map(function (line) {
      var same = lines[loose(line)];
      return same && same.length ? same.shift() : line;
    }).join("\n");
  }

  function keptFile(source, data, fresh) {
    var YAML = window.nttvYAML;
    var file = FRONT.exec(source);
    var made = FRONT.exec(fresh);
    if (!file || !made) return fresh;
    var doc = YAML.parseDocument(file[1], { version: "1.2", schema: "core" });
    if (doc.errors.length || !YAML.isMap(doc.contents)) return fresh;
    var had = window.jsyaml.load(file[1], { schema: window.jsyaml.JSON_SCHEMA }) || {};
    var wanted = window.jsyaml.load(made[1], { schema: window.jsyaml.JSON_SCHEMA }) || {};
    syncMap(doc, doc.contents, settings.layout, had, wanted);
    var front = asWritten(doc.toString({ lineWidth: 0, flowCollectionPadding: false }), file[1]);
    var before = fromFile(source);
    var body = before[settings.lead_key] === String(data[settings.lead_key] || "").trim() &&
               before[settings.rest_key] === String(data[settings.rest_key] || "").trim() ? file[2] : made[2];
    return "---\n" + front.replace(/\n*$/, "\n") + "---\n" + body;
  }

  function newFile(data) {
    var front = writeMap(settings.layout, data, "", HELPERS.concat(BODY_KEYS, [SOURCE_KEY]));
    var lead = String(data[settings.lead_key] || "").trim();
    var rest = String(data[settings.rest_key] || "").trim();
    var text = "---\n" + front.join("\n") + "\n---\n" + lead + "\n";
    return rest ? text + "\n" + MORE + "\n\n" + rest + "\n" : text;
  }

  function fromFile(content) {
    var match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(content);
    if (!match) {
      var only = {};
      only[settings.lead_key] = content.trim();
      return only;
    }
    var data = window.jsyaml.load(match[1], { schema: window.jsyaml.JSON_SCHEMA }) || {};
    data[SOURCE_KEY] = content;
    var body = match[2];
    var at = body.indexOf(MORE);
    data[settings.lead_key] = (at < 0 ? body : body.slice(0, at)).trim();
    data[settings.rest_key] = at < 0 ? "" : body.slice(at + MORE.length).trim();
    return data;
  }

  /* The unit register (content/don-vi.yml), written as the shipped file is: its opening comments
   * kept, one unit a list item with its keys in the reader's order, `years` and `addresses` as
   * one-line mappings, years as plain numbers (the reader refuses "2024" in quotes), empty figures
   * left out, keys the form does not know kept. */

  var register = settings.register;

  function registerFromFile(content) {
    var text = String(content).replace(/^\uFEFF/, "");
    var header = [];
    var lines = text.split(/\r?\n/);
    for (var i = 0; i < lines.length && /^\s*(#.*)?$/.test(lines[i]); i++) header.push(lines[i]);
    var data = window.jsyaml.load(text, { schema: window.jsyaml.CORE_SCHEMA }) || {};
    if (typeof data !== "object" || Array.isArray(data)) data = { units: data };
    data[register.header_key] = header.join("\n");
    return data;
  }

  function isBlank(value) {
    return value === undefined || value === null || String(value).trim() === "";
  }

  function number(value) {
    var text = String(value).trim();
    return /^\d+$/.test(text) ? String(parseInt(text, 10)) : quoted(value); // a wrong figure stays visible to nttv check
  }

  function flowMap(pairs) {
    return "{" + pairs.map(function (pair) { return pair[0] + ": " + pair[1]; }).join(", ") + "}";
  }

  function yearsMap(value) {
    var years = value && typeof value === "object" ? value : {};
    var pairs = [];
    register.year_keys.forEach(function (key) { if (!isBlank(years[key])) pairs.push([key, number(years[key])]); });
    Object.keys(years).forEach(function (key) {
      if (register.year_keys.indexOf(key) < 0 && !isBlank(years[key])) pairs.push([code(key), JSON.stringify(years[key])]);
    });
    return flowMap(pairs);
  }

  function addressesMap(value) {
    var figures = value && typeof value === "object" ? value : {};
    var years = Object.keys(figures).filter(function (year) { return !isBlank(figures[year]); });
    years.sort(function (a, b) { return (parseInt(a, 10) || 0) - (parseInt(b, 10) || 0) || (a < b ? -1 : a > b ? 1 : 0); });
    return flowMap(years.map(function (year) { return [/^\d+$/.test(year) ? year : quoted(year), number(figures[year])]; }));
  }

  function unitLines(unit) {
    var lines = [];
    register.unit_keys.forEach(function (key) {
      var value = unit[key];
      if (key === "years") lines.push("years: " + yearsMap(value));
      else if (key === "addresses") { if (addressesMap(value) !== "{}") lines.push("addresses: " + addressesMap(value)); }
      else if (!isBlank(value)) lines.push(key + ": " + (key === "name" ? quoted(String(value).trim()) : code(value)));
    });
    Object.keys(unit).forEach(function (key) {
      if (register.unit_keys.indexOf(key) < 0 && unit[key] !== undefined) lines.push(code(key) + ": " + JSON.stringify(unit[key]));
    });
    return lines.map(function (line, index) { return (index ? "    " : "  - ") + line; });
  }

  function registerToFile(data) {
    var header = String(data[register.header_key] || "");
    var units = Array.isArray(data.units) ? data.units : [];
    var lines = header ? header.split("\n") : [];
    lines.push(units.length ? "units:" : "units: []");
    units.forEach(function (unit) { lines = lines.concat(unitLines(unit && typeof unit === "object" ? unit : {})); });
    Object.keys(data).forEach(function (key) {
      if (key === "units" || key === register.header_key || data[key] === undefined) return;
      lines.push(code(key) + ": " + JSON.stringify(data[key]));
    });
    return lines.join("\n") + "\n";
  }

  /* The register of activities (content/hoat-dong.yml), written as `nttv new --activity` writes an
   * entry: the opening comments kept, one activity a list item with its keys in the reader's order,
   * dates and codes plain, texts quoted, each photo a one-line mapping, `public` only when the editor
   * chose it (otherwise the kind decides), keys the form does not know kept. */

  var activities = settings.activities;

  function activitiesFromFile(content) {
    var data = registerFromFile(content);
    var list = Array.isArray(data.activities) ? data.activities : [];
    list.forEach(function (activity) {
      // The form's choice is a word: "" (as the kind says), "true" or "false".
      if (activity && typeof activity === "object" && typeof activity["public"] === "boolean") activity["public"] = String(activity["public"]);
    });
    return data;
  }

  function photoLine(photo) {
    var pairs = [];
    activities.photo_keys.forEach(function (key) {
      var value = photo[key];
      if (key === "shows_children") { if (value === true) pairs.push([key, "true"]); }
      else if (!isBlank(value)) pairs.push([key, key === "src" ? code(String(value).trim()) : quoted(String(value).trim())]);
    });
    Object.keys(photo).forEach(function (key) {
      if (activities.photo_keys.indexOf(key) < 0 && photo[key] !== undefined) pairs.push([code(key), JSON.stringify(photo[key])]);
    });
    return "      - " + flowMap(pairs);
  }

  function activityLines(activity) {
    var lines = [];
    activities.keys.forEach(function (key) {
      var value = activity[key];
      if (key === "photos") {
        var photos = (Array.isArray(value) ? value : []).filter(function (p) { return p && typeof p === "object"; });
        if (photos.length) lines.push("photos:\n" + photos.map(photoLine).join("\n"));
      } else if (key === "public") {
        if (String(value) === "true" || String(value) === "false") lines.push("public: " + String(value));
      } else if (key === "date" && !isBlank(value)) {
        var day = isoDate(value);
        lines.push("date: " + (/^\d{4}-\d{2}-\d{2}$/.test(day) ? day : quoted(day)));
      }
      else if (!isBlank(value)) lines.push(key + ": " + (activities.codes.indexOf(key) >= 0 ? code(String(value).trim()) : quoted(String(value).trim())));
    });
    Object.keys(activity).forEach(function (key) {
      if (activities.keys.indexOf(key) < 0 && activity[key] !== undefined) lines.push(code(key) + ": " + JSON.stringify(activity[key]));
    });
    return lines.map(function (line, index) { return (index ? "    " : "  - ") + line; });
  }

  function activitiesToFile(data) {
    var header = String(data[activities.header_key] || "");
    var list = Array.isArray(data.activities) ? data.activities : [];
    var lines = header ? header.split("\n") : [];
    lines.push(list.length ? "activities:" : "activities: []");
    list.forEach(function (activity) { lines = lines.concat(activityLines(activity && typeof activity === "object" ? activity : {})); });
    Object.keys(data).forEach(function (key) {
      if (key === "activities" || key === activities.header_key || data[key] === undefined) return;
      lines.push(code(key) + ": " + JSON.stringify(data[key]));
    });
    return lines.join("\n") + "\n";
  }

  /* Photos: metadata removed in the browser before Decap sees the file. */

  function refuse(message) {
    window.alert(message);
    var error = new Error(message);
    error.nttvShown = true;
    throw error;
  }

  function photoName(name, type) {
    var dot = name.lastIndexOf(".");
    var stem = dot > 0 ? name.slice(0, dot) : name;
    return titleSlug(stem).replace(/^truyen$/, "anh") + (type === "image/png" ? ".png" : ".jpg");
  }

  function cleanPhoto(file) {
    if (!/^image\//.test(file.type) && !/\.(jpe?g|png|webp|heic|heif)$/i.test(file.name)) {
      refuse("Tệp “" + file.name + "” không phải ảnh: chỉ tải lên ảnh JPEG hoặc PNG.");
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
      refuse("Trình duyệt không đọc được ảnh “" + file.name + "” (ảnh HEIC của iPhone chẳng hạn), nên không xóa được " +
             "vị trí GPS trong ảnh: ảnh chưa được tải lên. Hãy chuyển ảnh sang JPEG (iPhone: Cài đặt › Camera › Định dạng › " +
             "Tương thích nhất) rồi tải lại.");
    }).then(function (bitmap) {
      var scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      var type = file.type === "image/png" ? "image/png" : "image/jpeg";
      return new Promise(function (resolve) { canvas.toBlob(resolve, type, JPEG_QUALITY); }).then(function (blob) {
        if (!blob) refuse("Không xử lý được ảnh “" + file.name + "”: ảnh chưa được tải lên.");
        return new File([blob], photoName(file.name, type), { type: type, lastModified: Date.now() });
      });
    });
  }

  window.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || input.dataset.nttvClean === "yes") return;
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) return;
    event.stopImmediatePropagation();
    Promise.all(files.map(cleanPhoto)).then(function (cleaned) {
      var transfer = new DataTransfer();
      cleaned.forEach(function (file) { transfer.items.add(file); });
      input.files = transfer.files;
      input.dataset.nttvClean = "yes";
      try {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      } finally {
        delete input.dataset.nttvClean;
      }
    }).catch(function (error) {
      if (!error.nttvShown) window.alert("Không xử lý được ảnh: " + error.message);
      input.value = "";
    });
  }, true);

  // A dropped file would reach Decap without passing through the canvas above.
  ["dragover", "drop"].forEach(function (name) {
    window.addEventListener(name, function (event) {
      if (!event.dataTransfer || Array.prototype.indexOf.call(event.dataTransfer.types || [], "Files") < 0) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (name === "drop") window.alert("Hãy tải ảnh lên bằng nút “Tải lên” để vị trí GPS trong ảnh được xóa trước.");
    }, true);
  });

  /* Only the photos a story names are committed with it: Decap sends every file uploaded while the
     story was open, including photos chosen and then replaced or removed. */
  var BACKENDS = ["github", "gitlab", "gitea", "forgejo", "proxy"];

  function named(raw, path) {
    var name = String(path || "").split("/").pop();
    if (!name) return false;
    var escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp("(^|[^A-Za-z0-9._-])" + escaped + "($|[^A-Za-z0-9._-])").test(raw);
  }

  function usedAssets(entry) {
    if (!entry || !Array.isArray(entry.assets) || !Array.isArray(entry.dataFiles)) return entry;
    var raw = entry.dataFiles.map(function (file) { return String(file.raw || ""); }).join("\n");
    return Object.assign({}, entry, { assets: entry.assets.filter(function (asset) { return named(raw, asset.path); }) });
  }

  /* No save into the wrong story. The address can change from one story to another without the page
     loading again (typed in the address bar, Back/Forward, a bookmark): the page then loads again, so
     that the form holds only the story the address names; and a save whose file is not the story the
     address names is refused. */
  var ENTRY_ROUTE = /^#\/collections\/([^/]+)\/(?:entries\/(.+)|new)$/;
  var SAVE_MOVE_MS = 15000;
  var lastSave = 0;

  window.addEventListener("hashchange", function (event) {
    var before = ENTRY_ROUTE.exec(new URL(event.oldURL).hash);
    var after = ENTRY_ROUTE.exec(window.location.hash);
    // From a new story to its address just after its save is Decap's own move; any other is not.
    var saving = !before || before[2] ? false : Date.now() - lastSave < SAVE_MOVE_MS;
    if (!before || !after || saving || before[0] === after[0]) return;
    var target = window.location.hash;
    window.setTimeout(function () { if (window.location.hash === target) window.location.reload(); }, 0);
  });

  function savesTheStoryShown(entry) {
    var route = ENTRY_ROUTE.exec(window.location.hash);
    if (!route || !route[2] || !entry || !Array.isArray(entry.dataFiles)) return true;
    var slug = decodeURIComponent(route[2]);
    return entry.dataFiles.every(function (file) {
      var path = String(file.path || "").replace(/\.[^./]+$/, "");
      return file.slug === slug || path === slug || path.slice(-slug.length - 1) === "/" + slug;
    });
  }

  function onlyUsedPhotos(cms) {
    BACKENDS.forEach(function (name) {
      var registered = cms.getBackend(name);
      if (!registered || registered.nttvWrapped) return;
      var init = registered.init;
      registered.init = function () {
        var backend = init.apply(this, arguments);
        var persist = backend.persistEntry;
        backend.persistEntry = function (entry, options) {
          if (!savesTheStoryShown(entry)) {
            refuse("Không lưu: địa chỉ trang đang mở một truyện khác với truyện trong ô soạn thảo. Hãy tải lại trang " +
                   "(F5), mở lại truyện cần sửa rồi sửa lại.");
          }
          lastSave = Date.now();
          return persist.call(backend, usedAssets(entry), options).then(function (result) {
            lastSave = Date.now();
            return result;
          });
        };
        return backend;
      };
      registered.nttvWrapped = true;
    });
  }

  /* A closed item of a list (a unit of the register) opens by a click on its name, as on its arrow. */
  document.addEventListener("click", function (event) {
    var label = event.target instanceof Element ? event.target.closest('[class*="-NestedObjectLabel"]') : null;
    var item = label && label.closest('[class*="listControlItem"]');
    var toggle = item && item.querySelector("button");
    if (toggle) toggle.click();
  });

  /* The form. */

  var CMS = window.CMS;

  function withMissing(phrases, missing) {
    var merged = Object.assign({}, phrases);
    Object.keys(missing).forEach(function (key) {
      var ours = missing[key];
      if (ours && typeof ours === "object") merged[key] = withMissing(merged[key] || {}, ours);
      else if (merged[key] === undefined) merged[key] = ours;
    });
    return merged;
  }
  function replaced(phrases, ours) {
    var merged = Object.assign({}, phrases);
    Object.keys(ours).forEach(function (key) {
      merged[key] = ours[key] && typeof ours[key] === "object" ? replaced(merged[key] || {}, ours[key]) : ours[key];
    });
    return merged;
  }
  // Our phrases fill in what Decap's Vietnamese lacks; `nttv_replace` replaces a few of its own
  // (its "＋ %{collectionLabel}" needs a glyph many fonts lack, and says less than "Viết … mới").
  var phrases = Object.assign({}, settings.phrases);
  var replacements = phrases.nttv_replace || {};
  delete phrases.nttv_replace;
  CMS.registerLocale("vi", replaced(withMissing(CMS.getLocale("vi") || {}, phrases), replacements));
  onlyUsedPhotos(CMS);
  CMS.registerCustomFormat(settings.format, "md", { fromFile: fromFile, toFile: toFile });
  CMS.registerCustomFormat(register.format, "yml", { fromFile: registerFromFile, toFile: registerToFile });
  CMS.registerCustomFormat(activities.format, "yml", { fromFile: activitiesFromFile, toFile: activitiesToFile });

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      if (settings.story_collections.indexOf(event.entry.get("collection")) < 0) return data;
      var day = isoDate(data.get("date") || "");
      return data.set(settings.slug_key, titleSlug(data.get("title")))
                 .set(settings.year_key, ISO_DATE.test(day) ? day.slice(0, 4) : String(new Date().getFullYear()));
    },
  });

  var h = window.h;

  function shortDate(value) {
    var day = isoDate(value || "");
    if (!ISO_DATE.test(day)) return "";
    var parts = day.split("-");
    return parseInt(parts[2], 10) + "/" + parseInt(parts[1], 10) + "/" + parts[0];
  }

  /* Videos: a link on a line of its own to YouTube, Facebook or a broadcaster (the plan's hosts) is
     shown as its poster, as the build draws it (generator/videos.py); nothing is loaded from the host. */
  var videos = settings.videos;
  var LINKED = /^\[([^\[\]\n]+)\]\(\s*<?(https?:\/\/[^\s<>()]+)>?(?:\s+"[^"\n]*")?\s*\)$/i;
  var BARE = /^<?(https?:\/\/[^\s<>]+)>?$/i;
  var FENCE = /^ {0,3}(`{3,}|~{3,})/;
  var YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

  function videoOf(address) {
    var url;
    try { url = new URL(address); } catch (error) { return null; }
    var host = url.hostname.toLowerCase();
    var path = url.pathname;
    if (videos.youtube_hosts.indexOf(host) >= 0) {
      var id = /youtu\.be$/.test(host) ? path.split("/")[1] || ""
        : path.replace(/\/$/, "") === "/watch" ? url.searchParams.get("v") || ""
        : ((/^\/(?:embed|shorts|live|v)\/([A-Za-z0-9_-]{11})(?:[/?#]|$)/.exec(path) || [])[1] || "");
      return YOUTUBE_ID.test(id) ? { kind: "youtube", name: "YouTube" } : null;
    }
    if (videos.facebook_hosts.indexOf(host) >= 0) {
      var video = /fb\.watch$/.test(host) ? path.replace(/\//g, "") !== ""
        : /\/(?:videos|reel|reels|watch)(?:\/|$)|^\/share\/[vr]\//.test(path) && (path.indexOf("/watch") < 0 || url.searchParams.get("v"));
      return video ? { kind: "facebook", name: "Facebook" } : null;
    }
    for (var i = 0; i < videos.broadcasters.length; i++) {
      var station = videos.broadcasters[i];
      var own = station.hosts.some(function (name) { return host === name || host.slice(-name.length - 1) === "." + name; });
      if (own && path.replace(/\//g, "") !== "") return { kind: "broadcaster", name: station.name };
    }
    return null;
  }

  /* The Markdown cut at its video lines: strings, and videos {kind, name, text, url}. */
  function videoPieces(text) {
    var pieces = [], run = [], fence = "";
    String(text || "").split("\n").forEach(function (raw) {
      var opening = FENCE.exec(raw);
      if (fence || opening) {
        if (fence && opening && opening[1][0] === fence[0] && opening[1].length >= fence.length && !raw.replace(/[ `~]/g, "")) fence = "";
        else if (!fence && opening) fence = opening[1];
        run.push(raw);
        return;
      }
      var line = raw.trim();
      var linked = /^ {0,3}\S/.test(raw) ? LINKED.exec(line) || BARE.exec(line) : null;
      var found = linked && videoOf(linked.length > 2 ? linked[2] : linked[1]);
      if (!found) { run.push(raw); return; }
      pieces.push(run.join("\n"));
      run = [];
      found.text = linked.length > 2 ? linked[1].replace(/\s+/g, " ").trim() : "";
      found.url = linked.length > 2 ? linked[2] : linked[1];
      pieces.push(found);
    });
    pieces.push(run.join("\n"));
    return pieces;
  }

  function poster(video, title, scope, key) {
    var needed = videos.scopes[video.kind];
    var allowed = scope.indexOf(needed) >= 0;
    var host = videos.player_hosts[video.kind] || new URL(video.url).hostname;
    var caption = !allowed
      ? "Video này sẽ không được đăng: “Được đăng ở đâu” chưa có “" + (videos.scope_labels[needed] || needed) + "”."
      : video.kind === "broadcaster" ? video.name + " · Bấm vào ảnh để xem trên trang " + host.replace(/^www\./, "") + " (mở thẻ mới)."
      : video.name + " · Bấm vào ảnh để xem tại đây: chỉ khi bạn bấm, trang mới tải trình phát từ " + host.replace(/^www\./, "") + ".";
    return h("figure", { key: key, className: "nttv-preview__video" + (allowed ? "" : " nttv-preview__video--hidden") },
      h("div", { className: "nttv-preview__poster", role: "img", "aria-label": "Ảnh bìa video: " + (video.text || title) },
        h("span", { className: "nttv-preview__poster-label" }, "VIDEO"),
        h("span", { className: "nttv-preview__play" }),
        h("span", { className: "nttv-preview__poster-title" }, video.text || title),
        h("span", { className: "nttv-preview__poster-host" }, video.name)),
      h("figcaption", null, caption));
  }

  /* A Markdown field of the story with its videos as posters, the rest as Decap renders it. */
  function withVideos(props, field, title, scope) {
    var value = props.entry.getIn(["data", field]);
    var pieces = videoPieces(value);
    if (pieces.length === 1) return props.widgetFor(field);
    var markdown = CMS.getWidget("markdown").preview;
    return h("div", null, pieces.map(function (piece, index) {
      if (typeof piece !== "string") return poster(piece, title, scope, index);
      if (!piece.trim()) return null;
      return h(markdown, { key: index, value: piece, getAsset: props.getAsset, resolveWidget: CMS.resolveWidget,
                           getRemarkPlugins: CMS.getRemarkPlugins });
    }));
  }

  /* The story as its page will read: title, byline, what they did, the lead, the photos, the rest. */
  var StoryPreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      entryChanged(entry);
      var getAsset = this.props.getAsset;
      function get(path) { return entry.getIn(["data"].concat(path.split("."))); }
      var list = get("photos");
      var photos = (list && list.toArray ? list.toArray() : list || []).map(function (photo, index) {
        var src = photo.get("src");
        return h("figure", { key: index },
          src ? h("img", { src: String(getAsset(src)), alt: photo.get("alt") || "" }) : null,
          photo.get("caption") ? h("figcaption", null, photo.get("caption")) : null);
      });
      var scopes = get("consent.scope");
      var scope = scopes && scopes.toArray ? scopes.toArray() : scopes || [];
      var byline = [settings.kinds[entry.get("collection")], get("person.name"),
                    settings.chapters[get("chapter")], shortDate(get("date"))].filter(Boolean);
      return h("article", { className: "nttv-preview" },
        get("title") ? h("h1", null, get("title")) : h("h1", { className: "nttv-preview__empty" }, "(chưa có tiêu đề)"),
        h("p", { className: "nttv-preview__byline" }, byline.map(function (part, index) {
          return h("span", { key: index, className: index === 0 ? "nttv-preview__kind" : null }, (index ? " · " : "") + part);
        })),
        get("deed") ? h("p", { className: "nttv-preview__deed" }, get("deed")) : null,
        h("div", { className: "nttv-preview__lead" }, withVideos(this.props, settings.lead_key, get("title") || "", scope)),
        photos.length ? photos[0] : null,
        withVideos(this.props, settings.rest_key, get("title") || "", scope),
        photos.slice(1));
    },
  });
  settings.story_collections.forEach(function (name) { CMS.registerPreviewTemplate(name, StoryPreview); });

  /* The checks of `nttv check` before "Lưu" (nttv-rules.js, with the rules the build wrote from the
     plan): each guarded field shows its problem under it as the editor makes the mistake, and Decap
     refuses to save while a field has an error. Warnings are shown and do not stop the save. */
  var rules = settings.rules;
  var VIETNAM_HOURS = 7;

  function vietnamToday() {
    return new Date(Date.now() + VIETNAM_HOURS * 3600 * 1000).toISOString().slice(0, 10);
  }

  // A control is drawn again when its own value changes; the problem under it can come from another
  // field (the date makes the chapter wrong). The preview is drawn at every change with the whole
  // entry: it passes the entry on to the guarded controls.
  var latestEntry = null;

  function entryChanged(entry) {
    if (!entry || entry === latestEntry) return;
    latestEntry = entry;
    window.setTimeout(function () { window.dispatchEvent(new CustomEvent("nttv-entry")); }, 0);
  }

  function currentEntry(props) {
    var own = props.entry;
    var same = latestEntry && own && latestEntry.get("collection") === own.get("collection")
      && latestEntry.get("slug") === own.get("slug");
    return same ? latestEntry : own;
  }

  var followsEntry = {
    componentDidMount: function () { window.addEventListener("nttv-entry", this.redraw); },
    componentWillUnmount: function () { window.removeEventListener("nttv-entry", this.redraw); },
    redraw: function () { this.forceUpdate(); },
  };

  function fieldProblems(props, path) {
    var entry = currentEntry(props);
    var collection = entry && entry.get("collection");
    if (!collection || !rules.kinds[collection]) return [];
    return window.nttvRules.problems(rules, entry.get("data"), collection, vietnamToday())
      .filter(function (problem) { return problem.field === path; });
  }

  function ruleVerdict(props, path) {
    var errors = fieldProblems(props, path).filter(function (problem) { return problem.severity === "error"; });
    return errors.length ? { error: { type: "CUSTOM", message: errors[0].message } } : true;
  }

  function problemNote(props, path, own) {
    var shown = own ? [{ severity: "error", message: own }] : fieldProblems(props, path);
    if (!shown.length) return null;
    return h("p", { className: "nttv-field-problem nttv-field-problem--" + shown[0].severity, role: "alert",
                    "data-nttv-field": path }, shown[0].message);
  }

  function guardedPath(props) {
    return props.field.get(settings.rule_key);
  }

  /* A Decap widget with the rules of its field: the widget as Decap draws it, the problem under it. */
  function guarded(name) {
    var base = CMS.getWidget(name);
    return window.createClass({
      mixins: [followsEntry],
      shouldComponentUpdate: function () { return true; }, // the problem depends on other fields too
      isValid: function () {
        var inner = this.inner && this.inner.isValid ? this.inner.isValid() : true;
        if (inner !== true && !(inner && inner.error === false)) return inner;
        return ruleVerdict(this.props, guardedPath(this.props));
      },
      render: function () {
        var self = this;
        return h("div", null,
          h(base.control, Object.assign({}, this.props, { ref: function (ref) { self.inner = ref; } })),
          problemNote(this.props, guardedPath(this.props)));
      },
    });
  }
  ["select", "string"].forEach(function (name) {
    CMS.registerWidget("nttv-" + name, guarded(name), CMS.getWidget(name).preview);
  });

  /* Dates typed as Vietnamese write them, day/month/year, whatever the browser's language: the
     digits alone ("08052026") get their slashes as they are typed; the file keeps YYYY-MM-DD. */
  var TYPED_DATE = /^(\d{1,2})[\/.-](\d{1,2})[\/.-](\d{4})$/;

  function typedToIso(text) {
    var match = TYPED_DATE.exec(String(text || "").trim());
    if (!match) return null;
    var iso = match[3] + "-" + ("0" + match[2]).slice(-2) + "-" + ("0" + match[1]).slice(-2);
    return window.nttvRules.day(iso);
  }

  // Slashes where withSlashes put them ("08/05/2", "08/0"): the digits are laid out again as typing goes on.
  var OUR_SLASHES = /^\d{2}\/(\d{0,2}|\d{2}\/?\d*)$/;

  function withSlashes(raw) {
    var text = String(raw).replace(/[.-]/g, "/").replace(/[^\d/]/g, "");
    if (text.indexOf("/") >= 0 && !OUR_SLASHES.test(text)) return text.slice(0, 10); // the editor's own, "5/8/2026"
    var digits = text.replace(/\//g, "").slice(0, 8);
    return digits.slice(0, 2) + (digits.length > 2 ? "/" + digits.slice(2, 4) : "") + (digits.length > 4 ? "/" + digits.slice(4) : "");
  }

  function typedDate(value) {
    var day = window.nttvRules.day(value);
    if (!day) return value ? String(value) : "";
    var parts = day.split("-");
    return parts[2] + "/" + parts[1] + "/" + parts[0];
  }

  var DateControl = window.createClass({
    mixins: [followsEntry],
    getInitialState: function () { return { text: typedDate(this.props.value) }; },
    shouldComponentUpdate: function () { return true; },
    componentDidUpdate: function () {
      var value = this.props.value ? String(this.props.value) : "";
      var mine = typedToIso(this.state.text) || this.state.text.trim();
      if (value !== mine && typedDate(value) !== this.state.text) this.setState({ text: typedDate(value) });
    },
    typed: function (event) {
      var text = withSlashes(event.target.value);
      this.setState({ text: text });
      this.props.onChange(typedToIso(text) || text.trim());
    },
    own: function () {
      var text = this.state.text.trim();
      if (!text || typedToIso(text)) return "";
      return "Ngày “" + text + "” chưa đúng: gõ ngày/tháng/năm đủ 4 chữ số của năm, ví dụ 08/05/2026.";
    },
    isValid: function () {
      var own = this.own();
      if (own) return { error: { type: "CUSTOM", message: own } };
      return ruleVerdict(this.props, guardedPath(this.props));
    },
    render: function () {
      var props = this.props;
      return h("div", null,
        h("input", { id: props.forID, type: "text", inputMode: "numeric", autoComplete: "off", spellCheck: false,
                     placeholder: "ngày/tháng/năm", maxLength: 10, value: this.state.text, className: props.classNameWrapper,
                     onChange: this.typed, onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle }),
        problemNote(props, guardedPath(props), this.own()));
    },
  });
  var DatePreview = function (props) { return h("span", null, shortDate(props.value)); };
  CMS.registerWidget("nttv-date", DateControl, DatePreview);
  CMS.registerPreviewStyle(new URL(settings.preview_style, window.location.href).href);

  window.nttvEditor = { newFile: newFile, titleSlug: titleSlug, toFile: toFile, fromFile: fromFile, typedToIso: typedToIso, usedAssets: usedAssets,
                        registerToFile: registerToFile, registerFromFile: registerFromFile,
                        activitiesToFile: activitiesToFile, activitiesFromFile: activitiesFromFile };
  // Decap starts once the page's script has loaded the `yaml` package (window.nttvYAML).
  if (window.nttvYAML) CMS.init();
  else window.addEventListener("nttv-yaml", function () { CMS.init(); }, { once: true });
})();
