// Docker's own theme options, as @docker/docker-mui-theme 0.0.11 packaged them
// (Apache-2.0) for a Docker Desktop that injects none: bundled into the
// classic shim only (a devDependency, never a runtime import of dist/index.js).
import { packagedThemes } from "@docker/docker-mui-theme/dist/packagedThemes.js";

/** The bag Docker Desktop puts on window for the theme providers: `{ light, dark }` MUI ThemeOptions. */
export type ThemeOptionsBag = typeof packagedThemes;

declare global {
  interface Window {
    __ddMuiV5Themes?: ThemeOptionsBag;
    __ddMuiV6Themes?: ThemeOptionsBag;
  }
}

/**
 * Defines the globals `@docker/docker-mui-theme` reads (`__ddMuiV5Themes`
 * for `DockerMuiThemeProvider`/`DockerMuiV5ThemeProvider`, `__ddMuiV6Themes`
 * for V6) before any extension script runs: without them the UI that
 * `docker extension init` generates renders a blank page. Light or dark
 * follows `prefers-color-scheme`; `?theme=light|dark` in the page URL forces one.
 */
export function installDockerThemes(win: Window, search = win.location.search): void {
  const forced = new URLSearchParams(search).get("theme");
  const bag: ThemeOptionsBag =
    forced === "light" || forced === "dark"
      ? { light: packagedThemes[forced], dark: packagedThemes[forced] }
      : packagedThemes;
  win.__ddMuiV5Themes ??= bag;
  win.__ddMuiV6Themes ??= bag;
}
