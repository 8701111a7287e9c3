/**
 * Partial failure for dynamic providers (docs/pulumi-notes.md §3.3): an error carrying `id` and `properties`
 * makes the engine record the resource with those outputs and still fail the operation, so what
 * was done is kept in state and the next `pulumi up` resumes from there instead of starting over.
 */

/** Thrown from create/update when some work succeeded and some did not. */
export class PartialFailure extends Error {
  /** The resource id to record. */
  readonly id: string;
  /** The outputs to record: exactly what is true on the server now (plus `__provider`). */
  readonly properties: Record<string, unknown>;
  /** One line per failed item, shown by the engine. */
  readonly reasons: string[];

  constructor(message: string, id: string, properties: Record<string, unknown>, reasons: string[]) {
    super(message);
    this.name = "PartialFailure";
    this.id = id;
    this.properties = properties;
    this.reasons = reasons;
  }
}

/** Keeps the serialized provider in recorded outputs: the engine needs it to delete or update later. */
export function withProvider<T extends Record<string, unknown>>(outputs: T, inputs: object): T {
  const provider = "__provider" in inputs ? inputs.__provider : undefined;
  return provider === undefined ? outputs : { ...outputs, __provider: provider };
}
