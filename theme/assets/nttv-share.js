/* The "Chia sẻ" box of a story page: copy the ready-made post, or hand it to the phone's share sheet.
   No third-party script: Facebook gets a plain link, Zalo the Web Share API, with copying as the fallback. */
(function () {
  "use strict";

  var SELECTED = "Bài đăng đã được chọn sẵn: nhấn Ctrl+C (trên điện thoại: chạm giữ rồi chọn Sao chép).";

  function say(box, message) {
    var status = box.querySelector(".nttv-share__status");
    if (status) { status.textContent = message; }
  }

  function selectText(area) {
    var details = area.closest("details");
    if (details) { details.open = true; }
    area.focus();
    area.select();
    area.setSelectionRange(0, area.value.length);
  }

  function copyBySelection(box, area, done) {
    selectText(area);
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    say(box, copied ? done : SELECTED);
  }

  function copy(box, area, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(
        function () { say(box, done); },
        function () { copyBySelection(box, area, done); }
      );
    } else {
      copyBySelection(box, area, done);
    }
  }

  function shareToZalo(box, button) {
    var area = document.getElementById(button.getAttribute("data-nttv-zalo"));
    var data = {
      title: button.getAttribute("data-title"),
      text: button.getAttribute("data-text"),
      url: button.getAttribute("data-url")
    };
    var done = "Đã sao chép bài cho Zalo: mở Zalo, tạo bài đăng rồi dán vào.";
    if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      navigator.share(data).then(
        function () { say(box, "Đã mở bảng chia sẻ của điện thoại: chọn Zalo."); },
        function (error) { if (!error || error.name !== "AbortError") { copy(box, area, done); } }
      );
    } else if (area) {
      copy(box, area, done);
    }
  }

  document.querySelectorAll(".nttv-share").forEach(function (box) {
    box.querySelectorAll("[data-nttv-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var area = document.getElementById(button.getAttribute("data-nttv-copy"));
        if (area) { copy(box, area, "Đã sao chép bài đăng: dán vào Facebook hoặc Zalo."); }
      });
    });
    box.querySelectorAll("[data-nttv-zalo]").forEach(function (button) {
      button.addEventListener("click", function () { shareToZalo(box, button); });
    });
  });
})();
