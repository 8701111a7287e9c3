/**
 * The serialized dynamic provider (`__provider`) of ImGroup and ImGroupMembers, written by hand.
 *
 * What the dynamic-provider process needs (@pulumi/pulumi 3.248 cmd/dynamic-provider/index.js
 * `getProvider`): the string is compiled as a CommonJS module (`require-from-string`, module paths
 * from the process's working directory, the program's) and `exports.handler()` must return the
 * provider object; the process then calls its `configure` once and its lifecycle methods. The SDK's
 * closure serialization of the former stub object (`pulumi.dynamic.Resource`) wrapped each of its
 * seven methods and the loader in a `with` scope: 2,647 bytes, stored twice per resource (the
 * program sends it as an input and the process adds it to every result). This module is the
 * smallest that still loads the implementation by package name — about 100 bytes, no captured
 * value, no secret, and a new version of the package takes effect on the next run
 * (docs/pulumi-notes.md §3.3).
 *
 * Stacks written before keep their old stub in outputs until the resource's next update (the
 * engine takes `__provider` from recorded outputs for refresh and delete); both load the same
 * implementation module, so either works.
 */

/** Where a provider implementation lives: a module of this package and the name it exports. */
export interface ImplementationRef {
  /** The module, by package name (`@imgroups/tencentcloud-im/resources/...`). */
  readonly module: string;
  /** The export holding the provider object. */
  readonly exportName: string;
}

/** The `__provider` source for `ref`: `exports.handler=()=>require("<module>").<export>`. */
export function providerStub(ref: ImplementationRef): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(ref.exportName)) {
    throw new Error(`providerStub: exportName must be an identifier, got ${JSON.stringify(ref.exportName)}`);
  }
  return `exports.handler=()=>require(${JSON.stringify(ref.module)}).${ref.exportName};`;
}
