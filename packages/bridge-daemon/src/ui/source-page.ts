/**
 * The script a dev server's source page loads that no browser runs as is
 * (Vite's `index.html` has `<script type="module" src="/src/main.tsx">`), or
 * undefined for a built page. Served as a static file, without the dev
 * server compiling it, such a page stays blank: say so before a user (or a
 * test) looks at an empty page.
 */
export function uncompiledScript(html: string): string | undefined {
  for (const tag of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag[0]);
    const path = src?.[1] ?? src?.[2] ?? src?.[3];
    if (path && /\.(?:[cm]?tsx?|jsx|vue|svelte)(?:[?#]|$)/i.test(path)) return path;
  }
  return undefined;
}

/** What {@link uncompiledScript} found, said for people: callers add what to do in their terms. */
export function sourcePageAdvice(page: string, script: string): string {
  return `${page} loads ${script}, which browsers cannot run: it is the source page of a dev server (Vite, webpack...), not a built UI.`;
}
