// The column's search: a dialog over Pagefind's index. Nothing of the index is fetched until the
// reader opens the dialog; then only the parts a query needs. A result shows its page's title and
// lead: Pagefind indexes a copy of each page with each word once (generator/rendering/search.py),
// whose excerpts would not read as sentences.
(function () {
  "use strict";
  var PAGE = 10;
  var dialog = document.getElementById("nttv-search");
  if (!dialog) return;
  var input = dialog.querySelector("input[type=search]");
  var list = dialog.querySelector(".nttv-search__results");
  var status = dialog.querySelector(".nttv-search__status");
  var more = dialog.querySelector(".nttv-search__more");
  var engine = null, results = [], shown = 0, timer = 0, asked = 0;

  function load() {
    if (!engine) {
      var bundle = new URL(dialog.dataset.bundle, document.baseURI).href;
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: new URL(dialog.dataset.root, document.baseURI).pathname, excerptLength: 24 })
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      engine.catch(function () {
        engine = null;
        status.textContent = "Chưa tải được công cụ tìm kiếm. Hãy thử lại.";
      });
    }
    return engine;
  }

  function open(query) {
    if (!dialog.open) dialog.showModal();
    if (query) input.value = query;
    input.focus();
    load();
    if (input.value.trim()) search();
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "nttv-search__result";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    var heading = document.createElement("h3");
    heading.appendChild(link);
    li.appendChild(heading);
    var lead = data.meta.lead || data.meta.description;
    if (lead) {
      var text = document.createElement("p");
      text.textContent = lead;
      li.appendChild(text);
    }
    return li;
  }

  var pending = null;  // the query's full-text search, left for "more" after a name was found

  function showMore() {
    if (pending && shown >= results.length) {
      var rest = pending;
      pending = null;
      status.textContent = "Đang tìm thêm…";
      return rest().then(showMore);
    }
    var next = results.slice(shown, shown + PAGE);
    shown += next.length;
    more.hidden = shown >= results.length && !pending;
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (pages) {
      pages.forEach(function (data) { list.appendChild(item(data)); });
    });
  }

  function say(query) {
    status.textContent = results.length ? "Tìm thấy " + results.length + (pending ? " người hoặc tập thể có tên" : " kết quả") + " “" + query + "”."
      : "Không tìm thấy kết quả nào cho “" + query + "”.";
  }

  function search() {
    var query = input.value.normalize("NFC").trim();
    var ticket = ++asked;
    pending = null;
    if (!query) {
      list.textContent = ""; status.textContent = ""; more.hidden = true;
      return;
    }
    status.textContent = "Đang tìm…";
    // A full name is first looked up as one word (generator/rendering/search.py indexes names so):
    // that finds the person's or collective's pages with one part of the index. The search of every
    // word, which downloads a part of the index per word, waits for "more".
    var words = query.split(/\s+/);
    load().then(function (pagefind) {
      function everything(skip) {
        return pagefind.search(query).then(function (found) {
          if (ticket !== asked) return;
          results = results.concat(found.results.filter(function (result) { return !skip[result.id]; }));
          say(query);
        });
      }
      return (words.length > 1 ? pagefind.search(words.join("")) : Promise.resolve(null)).then(function (named) {
        if (ticket !== asked) return;
        results = []; shown = 0; list.textContent = "";
        if (named && named.results.length) {
          var skip = {};
          named.results.forEach(function (result) { skip[result.id] = true; });
          results = named.results;
          pending = function () { return everything(skip); };
          say(query);
          return showMore();
        }
        return everything({}).then(showMore);
      });
    });
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-nttv-search-open]");
    if (opener) { event.preventDefault(); open(opener.dataset.query || ""); }
    if (event.target.closest("[data-nttv-search-close]")) dialog.close();
  });
  dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  dialog.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); search(); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 250); });
  more.addEventListener("click", showMore);
  document.addEventListener("keydown", function (event) {
    var typing = /^(input|textarea|select)$/i.test(event.target.tagName) || event.target.isContentEditable;
    if (event.key === "/" && !typing && !dialog.open) { event.preventDefault(); open(""); }
  });
})();
