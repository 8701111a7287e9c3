/**
 * Raw HTTP requests to the web console, so tests can send any header (Host, Origin, Cookie,
 * Authorization) and read status, headers and JSON of the answer.
 */
import * as http from "node:http";
import type { Json } from "./harness";

/** A console answer. */
export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Json;
}

/** Options of {@link request}: raw headers (Host, Origin, Cookie can all be set) and a body. */
export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string;
}

/** A raw HTTP request, so tests can send the headers another site or a rebinding attack would. */
export function request(
  base: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: options.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => {
        let json: Json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}
