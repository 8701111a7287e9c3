/**
 * Who may do what in the console, and the checks that keep other web pages out.
 *
 * - Reading needs nothing, like the control plane (`/__emulator/state` shows the same data): the
 *   emulator listens on loopback unless told otherwise.
 * - Editing needs `Authorization: Bearer <credential>` where the credential is the console token (printed
 *   in the ready line) or the app's secret key. A header, never a cookie: a browser adds cookies to
 *   requests other sites make, and cannot add this header to one without a CORS preflight, which the
 *   console never answers (cross-site request forgery).
 * - A request whose `Host` is a DNS name other than `localhost` or the one the emulator listens on is
 *   refused (DNS rebinding: a page whose name resolves to 127.0.0.1 would otherwise be same-origin).
 * - A write whose `Origin` is not the console's own is refused, and a write must be `application/json`.
 */

import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import { ConsoleError } from "./errors";

/** What a request may do. */
export type ConsoleRole = "viewer" | "editor";

/** The console's credentials and where it listens. */
export interface AccessSettings {
  /** The console token. */
  token: string;
  /** The app secret key; it unlocks edits too. */
  secretKey: string;
  /** The host the emulator listens on (an IP address or a name). */
  listenHost: string;
}

/** A fixed-length digest, so credentials of any length compare in constant time. */
function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Decides roles and refuses requests from other sites. */
export class ConsoleAccess {
  private readonly credentials: Buffer[];
  private readonly listenHost: string;

  constructor(settings: AccessSettings) {
    this.credentials = [digest(settings.token), digest(settings.secretKey)];
    this.listenHost = settings.listenHost.toLowerCase();
  }

  /** The request's role: `viewer` without a credential, `editor` with a right one; a wrong one is 401. */
  role(req: IncomingMessage): ConsoleRole {
    const header = req.headers.authorization;
    if (header === undefined) return "viewer";
    const match = /^Bearer (.+)$/.exec(header);
    if (!match) throw new ConsoleError(401, 'Authorization: expected "Bearer <console token or secret key>"');
    const given = digest(match[1]);
    // Compare with every credential (no early exit), so timing does not tell which one was close.
    let valid = false;
    for (const credential of this.credentials) valid = timingSafeEqual(given, credential) || valid;
    if (!valid)
      throw new ConsoleError(
        401,
        "Authorization: the credential is neither the console token nor the secret key",
      );
    return "editor";
  }

  /** Refuses a Host header naming another site (DNS rebinding). Requests without one are not from a browser. */
  checkHost(req: IncomingMessage): void {
    const host = req.headers.host;
    if (host === undefined) return;
    const name = hostName(host);
    if (name === "localhost" || name.endsWith(".localhost") || isIP(name) !== 0 || name === this.listenHost) {
      return;
    }
    throw new ConsoleError(
      403,
      `Host: ${JSON.stringify(host)} is not this emulator's address (use ${this.listenHost}, localhost or an IP address)`,
    );
  }

  /** Refuses a write sent by another origin, or one that is not JSON. */
  checkWrite(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const scheme = (req.socket as TLSSocket).encrypted ? "https" : "http";
      const own = `${scheme}://${req.headers.host ?? ""}`;
      if (origin.toLowerCase() !== own.toLowerCase()) {
        throw new ConsoleError(
          403,
          `Origin: ${JSON.stringify(origin)} is not the console's own origin ${own}`,
        );
      }
    }
    const type = req.headers["content-type"] ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new ConsoleError(415, `Content-Type: ${JSON.stringify(type)} is not application/json`);
    }
  }
}

/** The name in a Host header, lower case, without port or IPv6 brackets. */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith("[")) {
    const end = lower.indexOf("]");
    return lower.slice(1, end < 0 ? undefined : end);
  }
  const colon = lower.lastIndexOf(":");
  return colon < 0 ? lower : lower.slice(0, colon);
}
