import { Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { injectShim } from "./shim-script.js";

/** How much of a page is held back while looking for its `<head>` (the rest streams through). */
export const INJECT_WINDOW_BYTES = 64 * 1024;

const HEAD = /<head(\s[^>]*)?>/i;

/**
 * Puts the shim's script tag into an HTML stream, on its bytes: the page is
 * held back only until its `<head>` tag is seen (or {@link INJECT_WINDOW_BYTES}
 * have passed, or it ends), then the tag goes in by {@link injectShim}'s rule
 * and everything else flows through as it comes. Tags are ASCII, so reading
 * the bytes as latin1 finds them in any ASCII-compatible charset and gives
 * every byte back unchanged.
 */
export function createShimInjector(windowBytes = INJECT_WINDOW_BYTES): Transform {
  let held: Buffer[] = [];
  let size = 0;
  let done = false;
  const release = (stream: Transform) => {
    const page = Buffer.concat(held).toString("latin1");
    stream.push(Buffer.from(injectShim(page), "latin1"));
    held = [];
    done = true;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (done) return callback(null, chunk);
      held.push(chunk);
      size += chunk.length;
      // A <head> tag may straddle chunks: look at everything held so far.
      if (size >= windowBytes || HEAD.test(Buffer.concat(held).toString("latin1"))) release(this);
      callback();
    },
    flush(callback) {
      if (!done) release(this);
      callback();
    },
  });
}

/**
 * A decoder for a response's `content-encoding`, so the shim can be put into
 * a page a dev server compressed anyway; null for identity, undefined for
 * an encoding ddbridge cannot read (the page then passes through untouched).
 */
export function decoderFor(encoding: string | undefined): Transform | null | undefined {
  const e = (encoding ?? "").trim().toLowerCase();
  if (e === "" || e === "identity") return null;
  if (e === "gzip" || e === "x-gzip") return createGunzip();
  if (e === "deflate") return createInflate();
  if (e === "br") return createBrotliDecompress();
  return undefined;
}
