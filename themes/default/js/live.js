/*
 * live.js -- the one script of a reader's page, sent only with live
 * coverage: every data-interval seconds it asks the site how many
 * updates came since the page was made and, when some did, offers a
 * button that reloads the page to show them.  The page is whole
 * without it; the page's policy allows this file and its asks alone.
 */
(function () {
	"use strict";
	var box = document.getElementById("live-updates");
	var note = document.getElementById("live-new");
	if (!box || !note || !window.fetch || !box.dataset.poll)
		return;
	var url = box.dataset.poll;
	var latest = box.dataset.latest || "0";
	var seconds = Math.max(1, Number(box.dataset.interval) || 30);
	var shown = 0;

	function show(n) {
		if (n === shown)
			return;
		shown = n;
		var b = document.createElement("button");
		b.type = "button";
		b.textContent = n === 1 ? "1 new update" : n + " new updates";
		b.addEventListener("click", function () {
			location.reload();
		});
		note.replaceChildren(b);
	}

	function ask() {
		fetch(url + "?after=" + encodeURIComponent(latest),
		    { cache: "no-cache", credentials: "omit" })
		    .then(function (r) { return r.ok ? r.json() : null; })
		    .then(function (j) {
			if (j && j.new > 0)
				show(j.new);
			/* Ended coverage: nothing more will come. */
			if (j && !j.live)
				return;
			setTimeout(ask, seconds * 1000);
		    }, function () {
			setTimeout(ask, seconds * 1000);
		    });
	}
	setTimeout(ask, seconds * 1000);
})();
