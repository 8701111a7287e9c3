/**
 * The review library: `pulumi preview --json` → change model → text, JSON or Markdown. Pure
 * modules (no I/O); the `drift` and `review` commands in ../cli run Pulumi and write the files.
 */
export { type BuildOptions, buildReport } from "./diff";
export {
  decodeMemberDiagnostic,
  encodeMemberDiagnostic,
  isMemberDiagnostic,
  MAX_MEMBER_DIAGNOSTIC_BYTES,
  MEMBER_DIAGNOSTIC_MARKER,
  MEMBER_REPORT_ENV,
  type MemberDiagnostic,
  type MemberDiagnosticReading,
  memberReportRequested,
  readMemberDiagnostic,
} from "./member-diagnostic";
export { diffMembers } from "./members";
export * from "./model";
export { type DriftOptions, EXIT, hasDrift, renderJson } from "./outcome";
export * from "./preview";
export { type Redactor, redactNothing, redactorFor, secretsOfConfig } from "./redact";
export { MARKDOWN_DEFAULTS, type MarkdownOptions, renderMarkdown } from "./render-markdown";
export { renderText, type TextOptions } from "./render-text";
export { formatCount, naturalCompare, showValue, type Value } from "./values";
