/**
 * A resource's own URN as one of its inputs (the provider attaches diagnostics to it, engine-log.ts),
 * without a dependency on the parent.
 *
 * `pulumi.createUrn(name, type, parent)` is an Output built on `parent.urn`, so it carries the
 * parent as a dependency. When the parent is a ComponentResource, the SDK resolves a dependency on
 * it as "every child of the component" — this resource among them — and a program with two
 * children of one component where one uses the other's output never finished: it exited 1 with
 * no message and "N promises were still active" (found by examples/topology-data, whose
 * loadTopology puts the groups under a component; tests/e2e/topology-adopt.test.ts). A Promise
 * input carries no dependency; the parent relation itself already orders the registrations.
 */
import * as pulumi from "@pulumi/pulumi";

/** The URN `name` of `type` gets under `parent`, as an input that depends on nothing. */
export function ownUrnInput(name: string, type: string, parent?: pulumi.Resource): pulumi.Input<string> {
  const urn = pulumi.createUrn(name, type, parent);
  if (parent === undefined) return urn;
  // A parent's URN is always known, even in preview, so the callback runs.
  return new Promise<string>((resolve) =>
    urn.apply((value) => {
      resolve(value);
      return value;
    }),
  );
}
