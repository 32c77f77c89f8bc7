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
      // No worker: searching on the page saves the download of a second copy of the engine (12 KB).
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: new URL(dialog.dataset.root, document.baseURI).pathname, excerptLength: 24, noWorker: true })
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
    status.textContent = results.length ? "Tìm thấy " + results.length + (pending ? " kết quả đúng tên" : " kết quả") + " “" + query + "”."
      : "Không tìm thấy kết quả nào cho “" + query + "”.";
  }

  // Names compared as a reader types them: without diacritics, đ as d, any case, words apart.
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // A page is the query's name when its name starts with the query or holds it as whole words:
  // "nguyen thi" and "thi hoa" name Nguyễn Thị Hoa, "viec thien" names no one.
  function names(name, query) {
    name = fold(name);
    return !!name && (name.indexOf(query) === 0 || (" " + name + " ").indexOf(" " + query + " ") >= 0);
  }

  // A result whose page data is fetched once, however often it is asked for.
  function kept(result) {
    var data = null;
    return { id: result.id, score: result.score, data: function () { return data || (data = result.data()); } };
  }

  var CANDIDATES = 5;  // pages of the one-word lookup checked against their name (a fragment each)

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
    // that finds the person's or collective's pages with one part of the index. Pagefind shortens
    // a word it does not find, so the best few found are kept only when their name is the query.
    // The search of every word, which downloads a part of the index per word, then waits for
    // "more"; when no name matched, it is the search.
    var wanted = fold(query);
    var words = wanted.split(" ");
    load().then(function (pagefind) {
      function everything(skip) {
        return pagefind.search(query).then(function (found) {
          if (ticket !== asked) return;
          results = results.concat(found.results.filter(function (result) { return !skip[result.id]; }).map(kept));
          say(query);
        });
      }
      function named() {
        if (words.length < 2) return Promise.resolve([]);
        return pagefind.search(words.join("")).then(function (found) {
          var candidates = found.results.slice(0, CANDIDATES).map(kept);
          return Promise.all(candidates.map(function (result) { return result.data(); })).then(function (pages) {
            return candidates.filter(function (result, index) { return names(pages[index].meta.name, wanted); });
          });
        });
      }
      return named().then(function (people) {
        if (ticket !== asked) return;
        results = []; shown = 0; list.textContent = "";
        if (people.length) {
          var skip = {};
          people.forEach(function (result) { skip[result.id] = true; });
          results = people;
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
