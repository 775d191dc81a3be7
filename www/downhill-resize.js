// Fits Downhill iframes to their content, so a course page has no scrollbar inside a scrollbar.
// The embedded app (index.html?...&embed=1) posts { type: "downhill:height", version: 1, height }
// to its parent whenever its height changes; this script, included once by the course page (the
// Share panel's snippet does), sets that iframe's height. Nothing else is read or sent.
addEventListener("message", (e) => {
  const d = e.data;
  if (!d || d.type !== "downhill:height" || d.version !== 1 || !Number.isFinite(d.height) || d.height <= 0) return;
  for (const f of document.querySelectorAll("iframe")) {
    // The iframe that sent it, showing a page of the origin it says it is from.
    if (f.contentWindow !== e.source || new URL(f.src, location.href).origin !== e.origin) continue;
    f.style.height = `${Math.ceil(Math.min(Math.max(d.height, 100), 20000))}px`;
  }
});
