/* Video blocks of a story page: the poster is a link to the video; a tap loads the host's player in
   place (YouTube's privacy-enhanced address, Facebook's video plugin). Nothing is asked of the host
   before the tap. A broadcaster's poster has no player: its link opens the station's page in a new tab. */
(function () {
  "use strict";

  document.querySelectorAll("a[data-nttv-player]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      // Ctrl- or middle-click keeps the browser's own way: the video's page in a new tab.
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.className = "nttv-video__player";
      frame.src = link.getAttribute("data-nttv-player");
      frame.title = link.getAttribute("data-nttv-title");
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      link.replaceWith(frame);
      frame.focus();
    });
  });
})();
