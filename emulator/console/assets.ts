/**
 * The console's page, style sheet, script and icon: plain files in `console/static/` (shipped in the
 * package next to `dist/`), served as they are — no build step, no framework. Read once at start.
 */

import { readFileSync } from "node:fs";
import path from "node:path";

/** One static file and its media type. */
export interface Asset {
  /** The Content-Type header. */
  type: string;
  /** The file's bytes. */
  body: Buffer;
}

/** `emulator/console/static`, seen from `emulator/dist/console/` where this file is compiled to. */
const STATIC_DIR = path.resolve(__dirname, "..", "..", "console", "static");

/** URL path → file and media type. */
const FILES: readonly [url: string, file: string, type: string][] = [
  ["/", "index.html", "text/html; charset=utf-8"],
  ["/console/console.css", "console.css", "text/css; charset=utf-8"],
  ["/console/console.js", "console.js", "text/javascript; charset=utf-8"],
  ["/console/icon.svg", "icon.svg", "image/svg+xml"],
];

/** Reads every asset; throws naming the missing file when the package is incomplete. */
export function loadAssets(): ReadonlyMap<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [url, file, type] of FILES) {
    const location = path.join(STATIC_DIR, file);
    let body: Buffer;
    try {
      body = readFileSync(location);
    } catch (error) {
      throw new Error(
        `console: cannot read ${location} (${(error as Error).message}); the package ships console/static`,
      );
    }
    assets.set(url, { type, body });
  }
  return assets;
}
