// The column's search: a dialog over Pagefind's index. Nothing of the index is fetched until the
// reader opens the dialog; then only the parts a query needs. A result shows its page's title, its
// kind, chapter and date, and its lead with the query's words marked: Pagefind indexes a copy of
// each page with each word once (generator/rendering/search.py), whose excerpts would not read as
// sentences.
//
// A result holds every word of the query, compared as a reader types them (no diacritics, d for đ,
// any case); only the last word, which the reader may still be typing, may be the start of a word
// (not after a space, Enter or the button). Pagefind alone matches every word as a prefix and drops
// a word it finds nowhere ("tàu vũ trụ" found a story with words starting "vu" and "tru"), so each
// word is also looked up on its own: quoted, which Pagefind matches as a whole word. The pages found by all of them keep Pagefind's order, except
// that within each page of results those whose name, title or lead hold the query as a phrase
// come first.
(function () {
  "use strict";
  var PAGE = 10;
  var CANDIDATES = 5;  // pages of the one-word name lookup checked against their name (a fragment each)
  var PHRASE_LIMIT = 500;  // results beyond which the phrase is not looked up (its cost grows with them)
  var dialog = document.getElementById("nttv-search");
  if (!dialog) return;
  // The result list's own styles, beside this script, fetched with the engine.
  var styles = document.currentScript && document.currentScript.src.replace(/\.js(\?.*)?$/, ".css");
  var input = dialog.querySelector("input[type=search]");
  var list = dialog.querySelector(".nttv-search__results");
  var status = dialog.querySelector(".nttv-search__status");
  var more = dialog.querySelector(".nttv-search__more");
  var suggestion = document.createElement("p");
  suggestion.className = "nttv-search__suggest";
  suggestion.hidden = true;
  status.parentNode.insertBefore(suggestion, status.nextSibling);
  var engine = null, names = null, results = [], shown = 0, timer = 0, asked = 0;
  var wanted = [];  // the query's words, folded: what a result's lead marks
  var openEnded = true;  // whether the last word may be the start of a word: the reader may still be typing it
  var pending = null;  // the query's full-text search, left for "more" after a name was found

  function address(path) {
    return new URL(path, document.baseURI).href;
  }

  function load() {
    if (!engine) {
      var bundle = address(dialog.dataset.bundle);
      if (styles) {
        var sheet = document.createElement("link");
        sheet.rel = "stylesheet";
        sheet.href = styles;
        document.head.appendChild(sheet);
      }
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

  // Text compared as a reader types it: without diacritics, đ as d, any case, words apart.
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function wordsOf(text) {
    var folded = fold(text);
    return folded ? folded.split(" ") : [];
  }

  // Whether `text` holds the words `query` in a row: 2 as whole words, 1 with the last word only
  // begun ("nguyen thi h"), 0 not at all.
  function phrase(text, query) {
    var own = wordsOf(text), best = 0, end = query.length - 1;
    for (var start = 0; start + query.length <= own.length; start++) {
      var i = 0;
      while (i < end && own[start + i] === query[i]) i++;
      if (i < end) continue;
      if (own[start + end] === query[end]) return 2;
      if (openEnded && own[start + end].indexOf(query[end]) === 0) best = 1;
    }
    return best;
  }

  // Closest first: the page named by the query, then the one whose title, then whose lead holds
  // it as a phrase (whole words before a word only begun), then the others.
  function rank(meta) {
    var places = [meta.name, meta.title, meta.lead];
    for (var i = 0; i < places.length; i++) {
      var found = phrase(places[i], wanted);
      if (found) return i * 2 + (2 - found);
    }
    return places.length * 2;
  }

  // `text` with each word of the query marked, the last one also where a word starts with it.
  function marked(text) {
    var paragraph = document.createElement("p");
    var at = 0, match, word = /[\p{L}\p{N}]+/gu;
    var last = openEnded && wanted[wanted.length - 1];
    while ((match = word.exec(text))) {
      var folded = fold(match[0]);
      if (wanted.indexOf(folded) < 0 && !(last && folded.indexOf(last) === 0)) continue;
      paragraph.appendChild(document.createTextNode(text.slice(at, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      paragraph.appendChild(mark);
      at = match.index + match[0].length;
    }
    paragraph.appendChild(document.createTextNode(text.slice(at)));
    return paragraph;
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
    var about = [data.meta.kind, data.meta.chapter, data.meta.date].filter(Boolean);
    if (about.length) {
      var line = document.createElement("p");
      line.className = "nttv-search__about";
      line.textContent = about.join(" · ");
      li.appendChild(line);
    }
    var lead = data.meta.lead || data.meta.description;
    if (lead) li.appendChild(marked(lead));
    return li;
  }

  // Shows the next page of results, closest first within it; gives the best rank shown.
  function showMore() {
    var ticket = asked;
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
      if (ticket !== asked) return Infinity;
      var ranked = pages.map(function (data, index) { return { data: data, index: index, rank: rank(data.meta) }; });
      ranked.sort(function (a, b) { return a.rank - b.rank || a.index - b.index; });
      ranked.forEach(function (page) { list.appendChild(item(page.data)); });
      return ranked.length ? ranked[0].rank : Infinity;
    });
  }

  function quoted(words) {
    return words.map(function (word) { return "“" + word + "”"; }).join(", ");
  }

  function say(query, missing) {
    if (results.length) {
      status.textContent = "Tìm thấy " + results.length + (pending ? " kết quả đúng tên" : " kết quả") + " “" + query + "”.";
    } else if (missing && missing.length && wanted.length > 1) {
      status.textContent = "Không tìm thấy kết quả nào cho “" + query + "”: không trang nào có chữ " + quoted(missing) + ".";
    } else {
      status.textContent = "Không tìm thấy kết quả nào cho “" + query + "”.";
    }
  }

  // A page is the query's name when its name starts with the query or holds it as whole words:
  // "nguyen thi" and "thi hoa" name Nguyễn Thị Hoa, "viec thien" names no one.
  function isNamed(name, query) {
    name = fold(name);
    return !!name && (name.indexOf(query) === 0 || (" " + name + " ").indexOf(" " + query + " ") >= 0);
  }

  // A result whose page data is fetched once, however often it is asked for.
  function kept(result) {
    var data = null;
    return { id: result.id, score: result.score, data: function () { return data || (data = result.data()); } };
  }

  function idsOf(found) {
    var ids = {};
    found.results.forEach(function (result) { ids[result.id] = true; });
    return ids;
  }

  // Whether some page has a word starting with the last word: Pagefind, finding none, falls back
  // on the longest word that starts the typed one ("tru" for "truc"), and then no page it gives
  // has the word begun, so its first page tells.
  function begun(pagefind, word) {
    return pagefind.search(word).then(function (found) {
      if (!found.results.length) return false;
      return found.results[0].data().then(function (data) {
        return wordsOf(data.content).some(function (own) { return own.indexOf(wanted[wanted.length - 1]) === 0; });
      });
    });
  }

  function exactly(pagefind, words) {
    return pagefind.search("\"" + words.join(" ") + "\"");
  }

  // The pages holding every word (see the top of this file), and the words no page holds.
  //
  // Pagefind's search takes time in proportion to the pages that have a word times the pages that
  // have the query's words (at 10,000 stories, 2 to 12 s for a word every story has, on a phone
  // more): the words are looked up one at a time, and a word found nowhere ends the search before
  // the search of all of them. Pagefind's search of all the words gives the order; the pages
  // holding every word whole (the last one perhaps begun) are those of its pages that the lookups
  // of the words as whole words found too.
  function everyWord(pagefind, typed) {
    var whole = openEnded ? typed.slice(0, -1) : typed, sets = [], missing = [];
    var next = Promise.resolve();
    whole.forEach(function (word) {
      next = next.then(function () {
        return exactly(pagefind, [word]).then(function (found) {
          if (found.results.length) sets.push(idsOf(found)); else missing.push(word);
        });
      });
    });
    return next.then(function () {
      if (!openEnded || missing.length) return;
      var last = typed[typed.length - 1];
      return exactly(pagefind, [last]).then(function (found) {
        return found.results.length || begun(pagefind, last);
      }).then(function (ok) { if (!ok) missing.push(last); });
    }).then(function () {
      if (missing.length) return { results: [], missing: missing };
      return pagefind.search(typed.join(" ")).then(function (ordered) {
        var everywhere = function (result) { return sets.every(function (ids) { return ids[result.id]; }); };
        var found = ordered.results.filter(everywhere);
        if (typed.length < 2 || found.length > PHRASE_LIMIT) return { results: found, missing: [] };
        // The pages holding the words in a row (a title, a name as written) first, however far
        // down Pagefind put them.
        return exactly(pagefind, typed).then(function (phrase) {
          var inPhrase = idsOf(phrase);
          var first = found.filter(function (result) { return inPhrase[result.id]; });
          return { results: first.concat(found.filter(function (result) { return !inPhrase[result.id]; })), missing: [] };
        });
      });
    });
  }

  function loadNames() {
    if (!names) {
      names = fetch(address(dialog.dataset.bundle) + "nttv-names.json")
        .then(function (response) { return response.ok ? response.json() : []; })
        .catch(function () { names = null; return []; });
    }
    return names;
  }

  // Optimal string alignment distance: one letter added, dropped, changed or two swapped count one.
  function distance(a, b) {
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[0].push(j); continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1);
        rows[i].push(best);
      }
    }
    return rows[a.length][b.length];
  }

  // The name nearest the query, one letter off at most (a missing or wrong mark folding does not
  // cover, such as đ typed for d, counts none), compared with the runs of as many of its words.
  function nearestName(all) {
    var typed = wanted.join(" "), best = null, bestDistance = 2;
    all.forEach(function (name) {
      var own = wordsOf(name);
      for (var start = 0; start + wanted.length <= own.length; start++) {
        var apart = distance(typed, own.slice(start, start + wanted.length).join(" "));
        if (apart < bestDistance) { best = name; bestDistance = apart; }
      }
    });
    return best;
  }

  function suggest(ticket) {
    return loadNames().then(function (all) {
      var name = ticket === asked && nearestName(all);
      if (!name) return;
      var link = document.createElement("a");
      link.href = address(dialog.dataset.root) + "?q=" + encodeURIComponent(name);
      link.dataset.nttvSearchOpen = "";
      link.dataset.query = name;
      link.textContent = name;
      suggestion.textContent = "Có phải bạn tìm: ";
      suggestion.appendChild(link);
      suggestion.appendChild(document.createTextNode("?"));
      suggestion.hidden = false;
    });
  }

  // `finished`: the reader asked for the search (Enter, the button) rather than paused while
  // typing; then, as after a space, the last word is a whole word too.
  function search(finished) {
    openEnded = finished !== true && !/\s$/.test(input.value);
    var query = input.value.normalize("NFC").trim();
    var ticket = ++asked;
    pending = null;
    suggestion.hidden = true;
    suggestion.textContent = "";
    var typed = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!typed.length) {
      list.textContent = ""; status.textContent = ""; more.hidden = true;
      return;
    }
    status.textContent = "Đang tìm…";
    wanted = wordsOf(query);
    var whole = wanted.join(" ");
    // A full name is first looked up as one word (generator/rendering/search.py indexes names so):
    // that finds the person's or collective's pages with one part of the index. Pagefind shortens
    // a word it does not find, so the best few found are kept only when their name is the query.
    // The search of every word, which downloads a part of the index per word, then waits for
    // "more"; when no name matched, it is the search.
    load().then(function (pagefind) {
      function everything(skip) {
        return everyWord(pagefind, typed).then(function (found) {
          if (ticket !== asked) return;
          results = results.concat(found.results.filter(function (result) { return !skip[result.id]; }).map(kept));
          say(query, found.missing);
        });
      }
      function named() {
        if (wanted.length < 2) return Promise.resolve([]);
        return pagefind.search(wanted.join("")).then(function (found) {
          var candidates = found.results.slice(0, CANDIDATES).map(kept);
          return Promise.all(candidates.map(function (result) { return result.data(); })).then(function (pages) {
            return candidates.filter(function (result, index) { return isNamed(pages[index].meta.name, whole); });
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
        // A name one letter off finds few pages, if any (its words seldom meet elsewhere): only
        // then, and when no page's name or title holds the query, is the nearest name looked for.
        return everything({}).then(showMore).then(function (best) {
          if (ticket === asked && wanted.length > 1 && best > 3 && results.length < PAGE) return suggest(ticket);
        });
      });
    });
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-nttv-search-open]");
    if (opener) { event.preventDefault(); open(opener.dataset.query || ""); }
    if (event.target.closest("[data-nttv-search-close]")) dialog.close();
  });
  dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  dialog.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); search(true); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 250); });
  more.addEventListener("click", showMore);
  document.addEventListener("keydown", function (event) {
    var typing = /^(input|textarea|select)$/i.test(event.target.tagName) || event.target.isContentEditable;
    if (event.key === "/" && !typing && !dialog.open) { event.preventDefault(); open(""); }
  });
  // A search's own address (the suggestion's link, or one shared): ?q=… opens the box with it.
  var shared = new URLSearchParams(window.location.search).get("q");
  if (shared) open(shared);
})();
