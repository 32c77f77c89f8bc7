/* The checks of `nttv check` that the web form makes before "Lưu", from the rules the build writes
 * into the page (generator/editor/rules.py: the plan's period, chapters and criteria, the checker's
 * word tables). problems(rules, data, collection, today) gives [{field, severity, message}] for a
 * story's data as the file holds it (dates YYYY-MM-DD). tests/test_form_rules.py runs one table of
 * stories through this and through `nttv check` and proves that both find the same problems.
 * Loaded by the browser (window.nttvRules) and by Node in that test (module.exports).
 */
(function (root) {
  "use strict";

  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
  var RELATION = /^(.*?)\s*[(（]([^()（）]*)[)）]\s*$/;
  var SEPARATED = /^([^,–-]+?)\s*(?:,|\s[–-]\s)\s*(.+)$/;
  /* As reading/consent.py's _WORD ([^\W\d_]+|\d+): letters (and numerals that are not digits), or digits;
     a combining mark left after NFC separates words there, so it does here. */
  var WORD = /[\p{L}\p{Nl}\p{No}]+|\p{Nd}+/gu;

  function day(value) {
    if (value instanceof Date) return isNaN(value) ? null : value.toISOString().slice(0, 10);
    var text = String(value === undefined || value === null ? "" : value).trim();
    var match = ISO.exec(text);
    if (!match) return null;
    var date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
    return date.getUTCDate() === +match[3] && date.getUTCMonth() === +match[2] - 1 ? text : null;
  }

  function shortDate(iso) {
    var parts = iso.split("-");
    return parseInt(parts[2], 10) + "/" + parseInt(parts[1], 10) + "/" + parts[0];
  }

  function addDays(iso, days) {
    var date = new Date(iso + "T00:00:00Z");
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
  }

  function text(value) {
    return value === undefined || value === null ? "" : String(value).normalize("NFC").trim();
  }

  function list(value) {
    if (value && typeof value.toJS === "function") value = value.toJS();
    if (Array.isArray(value)) return value;
    return value === undefined || value === null || value === "" ? [] : [value];
  }

  function folded(value) {
    return text(value).toLowerCase();
  }

  /* Names compared as nttv check does (reading/identity.py name_key): case folded, spaces collapsed,
     each syllable's tone mark wherever the keyboard put it. */
  function nameKey(rules, value) {
    return folded(value).split(/\s+/).filter(Boolean).map(function (word) {
      var letters = word.normalize("NFD").split("");
      var tones = letters.filter(function (c) { return rules.tones.indexOf(c) >= 0; }).join("");
      return letters.filter(function (c) { return rules.tones.indexOf(c) < 0; }).join("").normalize("NFC") + tones;
    }).join(" ");
  }

  function samePerson(rules, a, b) {
    return text(a) !== "" && nameKey(rules, a) === nameKey(rules, b);
  }

  function nameAndRelation(value) {
    var trimmed = text(value);
    var match = RELATION.exec(trimmed) || SEPARATED.exec(trimmed);
    return match ? [match[1].trim(), match[2].trim()] : [trimmed, ""];
  }

  function describesSomeoneElse(rules, value) {
    var words = folded(value).split(/\s+/).filter(Boolean);
    if (!words.length) return false;
    var joined = words.join(" ");
    var relation = nameAndRelation(joined)[1];
    return rules.kin_words.indexOf(words[0]) >= 0
      || rules.on_behalf.some(function (phrase) { return joined.indexOf(phrase) >= 0; })
      || (relation !== "" && describesSomeoneElse(rules, relation));
  }

  /* Consent words (the table of reading/consent_words.yml). */

  function unaccented(value) {
    return value.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  }

  /* A letter of another script that imitates a Latin one (Cyrillic "о") read as that letter, as
     reading/letters.py as_latin does (the map is the checker's, for the scripts rules.py lists). */
  function asLatin(rules, value) {
    var map = rules.lookalikes || {};
    return Array.from(value.normalize("NFD"), function (c) { return map[c] || c; }).join("").normalize("NFC");
  }

  function words(rules, value) {
    return asLatin(rules, String(value || "").normalize("NFKC")).toLowerCase().match(WORD) || [];
  }

  function contains(found, phrase) {
    for (var start = 0; start + phrase.length <= found.length; start++) {
      var same = true;
      for (var i = 0; i < phrase.length && same; i++) same = found[start + i] === phrase[i];
      if (same) return true;
    }
    return false;
  }

  function refusal(rules, value) {
    var table = rules.consent_words;
    var found = words(rules, value);
    if (!found.length) return "";
    for (var e = 0; e < table.refusals.length; e++) {
      var entry = folded(table.refusals[e]);
      var forms = entry === unaccented(entry) ? [entry] : [entry, unaccented(entry)];
      for (var f = 0; f < forms.length; f++) {
        var phrase = forms[f].split(" ");
        var isName = phrase.length === 1 && table.names.indexOf(forms[f]) >= 0;
        if (isName && (forms[f] !== entry || found.length > 1)) continue;
        if (contains(found, phrase)) return entry;
      }
    }
    var whole = found.join(" ");
    for (var a = 0; a < table.alone.length; a++) {
      var alone = folded(table.alone[a]);
      if (whole === alone || whole === unaccented(alone)) return alone;
    }
    var squashed = found.join("");
    for (var s = 0; s < table.refusals.length; s++) {
      var many = folded(table.refusals[s]);
      if (many.indexOf(" ") >= 0 && (squashed === many.replace(/ /g, "") || squashed === unaccented(many).replace(/ /g, ""))) {
        return many;
      }
    }
    return "";
  }

  function saysNobody(rules, value) {
    var found = words(rules, value);
    var letters = found.filter(function (word) { return !/^\p{Nd}+$/u.test(word); });
    if (!letters.length) return text(value) ? "không có chữ nào" : "để trống";
    if (Array.from(letters.join("")).length === 1) return "chỉ có một chữ cái";
    var whole = found.join(" ");
    var placeholder = rules.consent_words.placeholders.some(function (entry) {
      return whole === folded(entry) || whole === unaccented(folded(entry));
    });
    return placeholder ? "là chữ mẫu hoặc câu trả lời, không phải họ tên" : "";
  }

  /* The story's problems, in the order of the form's fields. */

  function problems(rules, data, collection, today) {
    var found = [];
    function report(field, message, severity) { found.push({ field: field, message: message, severity: severity || "error" }); }
    var get = function (path) {
      return path.split(".").reduce(function (value, key) {
        if (value === undefined || value === null) return undefined;
        return typeof value.get === "function" && !(value instanceof Map) ? value.get(key) : value[key];
      }, data);
    };
    var kind = rules.kinds[collection];
    var period = rules.period;
    var published = day(get("date"));
    if (published) {
      var year = +published.slice(0, 4);
      if (year < period.start) {
        report("date", "Ngày đăng " + shortDate(published) + " trước giai đoạn của kế hoạch (" + period.start + "–" +
               period.end + "): kiểm tra lại ngày, tháng, năm.");
      } else if (today && published > addDays(today, rules.future_days)) {
        report("date", "Ngày đăng " + shortDate(published) + " hơn một năm sau hôm nay: kiểm tra lại ngày, tháng, năm.");
      } else if (year > period.end) {
        report("date", "Ngày đăng " + shortDate(published) + " sau giai đoạn của kế hoạch (" + period.start + "–" + period.end +
               "): truyện không được tính vào chỉ tiêu nào.", "warning");
      }
    }
    var chapter = rules.chapters[text(get("chapter"))];
    if (chapter && published && (published < chapter.from || (chapter.until && published > chapter.until))) {
      var heirs = chapter.successors.map(function (id) { return rules.chapters[id]; }).filter(function (heir) {
        return heir && heir.from <= published && (!heir.until || published <= heir.until);
      });
      report("chapter", published < chapter.from
        ? chapter.name + " chỉ hoạt động từ ngày " + shortDate(chapter.from) + ": chọn hội đang hoạt động vào ngày đăng."
        : chapter.name + " đã dừng hoạt động sau ngày " + shortDate(chapter.until) +
          (heirs.length ? ": truyện từ ngày đó thuộc " + heirs.map(function (h) { return h.name; }).join(", ") + "." : "."));
    }
    if (!list(get("criteria")).length) report("criteria", rules.no_criteria.charAt(0).toUpperCase() + rules.no_criteria.slice(1) + ".");
    var given = day(get("consent.date"));
    if (given && published && given > published) {
      report("consent.date", "Ngày đồng ý " + shortDate(given) + " sau ngày đăng " + shortDate(published) +
             ": cần có sự đồng ý trước khi đăng.");
    }
    var by = text(get("consent.by"));
    var guardianText = text(get("consent.guardian"));
    var anonymised = get("anonymised") === true;  // as the check reads the flag: `true`, not "true"
    var before = found.length;
    /* reading/consent.py check_consenting_people, in its order: one problem at most for each field. */
    [["consent.by", by], ["consent.guardian", guardianText]].forEach(function (pair) {
      if (!pair[1]) return;
      var said = refusal(rules, pair[1]);
      var nobody = said ? "" : saysNobody(rules, pair[1]);
      var parts = nameAndRelation(pair[1]);
      if (said) {
        report(pair[0], "“" + pair[1] + "” có chữ “" + said + "”: đây không phải sự đồng ý, nên truyện không được đăng. " +
               "Chỉ ghi họ tên người đã đồng ý; nếu họ chưa đồng ý, hãy chờ đến khi có sự đồng ý.");
      } else if (nobody || !parts[0]) {
        report(pair[0], "“" + pair[1] + "” " + (nobody || "không có họ tên") + ": hãy ghi họ tên người đã đồng ý, ví dụ " +
               "“Nguyễn Thị Hoa”.");
      } else if (words(rules, parts[0]).some(function (word) { return /^\p{Nd}+$/u.test(word); })) {
        report(pair[0], "“" + pair[1] + "” có chữ số trong họ tên: hãy ghi họ tên người đồng ý bằng chữ.");
      } else if (initialsOnly(rules, parts[0]) && !anonymised) {
        report(pair[0], "“" + pair[1] + "” chỉ ghi chữ cái đầu của tên: hãy ghi đủ họ tên người đồng ý; nếu tên trong bài " +
               "đã được thay đổi để giấu danh tính, đánh dấu điều đó và ghi nơi lưu giấy đồng ý.");
      } else if (pair[0] === "consent.by" && kind === "collective" && !parts[1]) {
        report(pair[0], "Tập thể: ghi họ tên người đại diện và chức vụ trong ngoặc, ví dụ “Nguyễn Văn Hùng (Hiệu trưởng)”.");
      }
    });
    // The check looks at a minor's consent only once the people who consented are named (reading/story.py).
    if (found.length === before) minor(rules, kind, get, published, by, guardianText, anonymised, report);
    return found;
  }

  /* reading/consent.py initials_only: "N.V.A", "Nguyễn V. An", "Nguyễn Văn A"; a one-letter word inside
     a name is a name ("Giàng A Páo"). */
  var INITIAL = /(?<![\p{L}\p{Nl}\p{No}])[\p{L}\p{Nl}\p{No}]\s*\./u;
  function initialsOnly(rules, name) {
    var letters = words(rules, name).filter(function (word) { return !/^\p{Nd}+$/u.test(word); });
    return letters.length > 0 && (Array.from(letters[letters.length - 1]).length === 1 || INITIAL.test(name));
  }

  /* A minor's legal representative consents; from age 7 the child too (reading/consent.py check_minor). */
  function minor(rules, kind, get, published, by, guardianText, anonymised, report) {
    if (kind !== "individual" || !published || !text(get("consent.date"))) return;
    var name = text(get("person.name"));
    var born = /^\d+$/.test(text(get("person.birth_year"))) ? parseInt(text(get("person.birth_year")), 10) : null;
    if (born !== null && (born < 1900 || born > 2100)) born = null;
    var flagged = get("person.minor") === true || get("person.minor") === "true";
    var age = +published.slice(0, 4) - (born === null ? 0 : born);
    if (!(flagged || (born !== null && age <= 18))) return;
    var why = born !== null ? "sinh năm " + born : "đánh dấu dưới 18 tuổi";
    if (!guardianText) {
      report("consent.guardian", "Nhân vật có thể chưa đủ 18 tuổi vào ngày đăng " + shortDate(published) + " (" + why +
             "): ghi cha, mẹ hoặc người giám hộ đã đồng ý, ví dụ “Nguyễn Văn Bình (bố)”.");
      return;
    }
    var parts = nameAndRelation(guardianText);
    var guardian = parts[0];
    var named = true;
    if (!guardian || describesSomeoneElse(rules, guardian)) {
      named = false;
      report("consent.guardian", "Ghi họ tên cha, mẹ hoặc người giám hộ và quan hệ với trẻ trong ngoặc, ví dụ “Nguyễn Văn Bình (bố)”.");
    } else if (!parts[1]) {
      named = false;
      report("consent.guardian", "Thiếu quan hệ với trẻ: ghi trong ngoặc sau họ tên, ví dụ “" + guardian + " (mẹ)”.");
    } else if (samePerson(rules, guardian, name)) {
      named = false;
      report("consent.guardian", "Đây là tên của chính nhân vật: người giám hộ phải là người khác – cha, mẹ hoặc người giám hộ.");
    }
    if (anonymised && !text(get("consent.record"))) {
      report("consent.record", "Tên nhân vật đã được thay đổi: ghi nơi lưu giấy đồng ý đã ký của trẻ và người giám hộ, " +
             "ví dụ “Biên bản số 12/2024”.");
    }
    var byParts = nameAndRelation(by);
    var isChild = samePerson(rules, byParts[0], name) && !describesSomeoneElse(rules, byParts[1]);
    var isGuardian = guardian !== "" && samePerson(rules, byParts[0], guardian);
    if (born === null || age >= 7) {
      if (isChild || (anonymised && !isGuardian && !describesSomeoneElse(rules, by))) return;
      report("consent.by", isGuardian || describesSomeoneElse(rules, by)
        ? "Trẻ có thể từ 7 tuổi trở lên nên phải tự đồng ý: ghi tên của chính trẻ (“" + name + "”) ở ô này, cha, mẹ hoặc " +
          "người giám hộ ở ô của họ."
        : "Trẻ có thể từ 7 tuổi trở lên nên phải tự đồng ý: “" + by + "” không khớp tên nhân vật (“" + name + "”).");
    } else if (named && !(anonymised || isChild || isGuardian)) {
      report("consent.by", "Trẻ dưới 7 tuổi thì người giám hộ đồng ý thay: ghi họ tên người giám hộ (“" + guardian +
             "”) hoặc tên của trẻ.");
    }
  }

  var api = { problems: problems, refusal: refusal, saysNobody: saysNobody, day: day };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.nttvRules = api;
})(typeof window === "undefined" ? this : window);
