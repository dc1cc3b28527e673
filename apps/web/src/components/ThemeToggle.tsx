import { DARK_QUERY, useMediaQuery } from "../lib/useMediaQuery";
import { selectPreferenceActions, selectTheme, useAppStore } from "../store";

/**
 * Light or dark for this page: it starts as the system says (`prefers-color-scheme`),
 * and the switch holds only until the page is closed (nothing is stored).
 */
export function ThemeToggle({ className = "" }: { className?: string }) {
  const theme = useAppStore(selectTheme);
  const systemDark = useMediaQuery(DARK_QUERY);
  const { setTheme } = useAppStore(selectPreferenceActions);
  const dark = theme === "dark" || (theme === "system" && systemDark);
  return (
    <button
      type="button"
      className={`secondary icon-button theme-toggle ${className}`.trim()}
      aria-pressed={dark}
      title={dark ? "Switch to the light theme" : "Switch to the dark theme"}
      onClick={() => setTheme(dark ? "light" : "dark")}
    >
      <span aria-hidden="true">{dark ? "☾" : "☀"}</span>
      <span className="sr-only">Dark theme</span>
    </button>
  );
}
