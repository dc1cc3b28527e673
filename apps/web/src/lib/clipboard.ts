/**
 * Copies text. The Clipboard API exists only in secure contexts, and Sanctuary also runs
 * over plain http on a LAN IP, so the fallback selects a temporary textarea and uses
 * `execCommand("copy")`. Resolves whether it worked.
 */
export async function copyText(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused or document not focused: try the old way.
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "offscreen";
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  // Inside a modal dialog everything else is inert, and an inert textarea cannot be
  // selected: put it in the dialog.
  const host = previous?.closest("dialog[open]") ?? document.body;
  host.append(area);
  area.select();
  area.setSelectionRange(0, text.length);
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  previous?.focus();
  return ok;
}
