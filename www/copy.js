// Copying to the clipboard, with a fallback where the clipboard API is refused.

/** Copies `text` (clipboard API, or a selected textarea where it is refused) and lets `button`
 * say `done` for a moment. */
export async function copyText(text, button, done, host = document.body) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement("textarea");
    ta.value = text;
    host.append(ta);
    ta.select();
    document.execCommand?.("copy");
    ta.remove();
  }
  const old = button.textContent;
  button.textContent = done;
  setTimeout(() => (button.textContent = old), 1200);
}
