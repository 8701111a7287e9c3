/**
 * Names derived from a group id alone, so they never depend on which file holds the entry: the
 * Pulumi resource name of a topology group (stable: moving an entry between files, or reordering
 * a file, changes nothing in the stack) and the file name the exporter gives it.
 *
 * Group ids are any string the service or a user chose: `@TGS#2J4SZEAEL` (service-assigned,
 * docs/api-reference.md §6.2), CJK and emoji in old custom ids, `/`, `:` and NUL in hostile input.
 * Both encodings are injective, so two ids never share a name.
 */
import { createHash } from "node:crypto";

/** The escape character of {@link resourceNameFor}; escaped itself, so decoding is unambiguous. */
const ESCAPE = "~";

/**
 * The Pulumi resource name of the group with this id (the ImGroup and its ImGroupMembers share it:
 * their types differ, so their URNs do). Printable characters stay as they are, so `@TGS#2abc` and
 * `工程部` read as themselves; `~` (the escape), `:` (the URN's separator, docs/pulumi-notes.md),
 * control characters and lone surrogates become `~XX` (UTF-8 bytes in hex) or `~uXXXX`.
 */
export function resourceNameFor(groupId: string): string {
  let name = "";
  for (const char of groupId) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      name += `${ESCAPE}u${code.toString(16).padStart(4, "0")}`;
    } else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || char === ESCAPE || char === ":") {
      for (const byte of Buffer.from(char, "utf8")) name += `${ESCAPE}${byte.toString(16).padStart(2, "0")}`;
    } else {
      name += char;
    }
  }
  // An empty id is refused by the schema before it gets here; keep the name non-empty regardless.
  return name === "" ? `${ESCAPE}` : name;
}

/** The longest readable part of a file name, in characters (the hash follows it). */
const FILE_STEM_CHARS = 60;

/**
 * A file name for a group's file: a readable stem of the id's letters and digits (any script), and
 * 10 hex digits of the id's sha256 — so names are unique even on case-insensitive file systems
 * (`eng` and `ENG`) and for ids that differ only in punctuation (`a/b`, `a:b`), and no character a
 * file system refuses (`/`, `\`, `:`, `*`, NUL…) or a reserved Windows name (`CON`) can appear.
 */
export function fileNameFor(groupId: string, extension = ".yaml"): string {
  const stem = [...groupId.normalize("NFC")]
    .map((char) => (/[\p{L}\p{N}_-]/u.test(char) ? char : "_"))
    .join("")
    .replace(/_+/g, "_")
    .replace(/^[_-]+|[_-]+$/g, "")
    .slice(0, FILE_STEM_CHARS);
  const hash = createHash("sha256").update(groupId, "utf16le").digest("hex").slice(0, 10);
  return `${stem === "" ? "group" : stem}.${hash}${extension}`;
}
