/**
 * The HTTP plumbing both planes share: reading a bounded request body and writing a JSON response.
 */

import type { IncomingMessage, ServerResponse } from "node:http";

/** A body over the size limit; the connection is closed after the reply. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/** Reads the whole request body, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Writes a JSON text with its length; `close` ends the keep-alive connection afterwards. */
export function sendJson(res: ServerResponse, status: number, text: string, close = false): void {
  const headers: Record<string, string | number> = {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  };
  if (close) headers.Connection = "close";
  res.writeHead(status, headers);
  res.end(text);
}
