/**
 * Diagnostics attached to a resource, from inside the dynamic provider.
 *
 * Dynamic providers return no detailed diff in @pulumi/pulumi 3.248, so the engine renders a
 * preview from stored inputs — which for a member set are a summary. To tell a reader which accounts
 * change, the provider reports them through the engine's own `Log` RPC with the resource's URN: the
 * engine shows such a message under the resource in `pulumi preview` (plain and `--diff`) and in
 * the `diagnostics` of `pulumi preview --json`, as the Kubernetes provider's status messages are
 * shown. The engine's address is the one argument the engine starts the dynamic-provider plugin
 * with (`@pulumi/pulumi/cmd/dynamic-provider` reads it the same way). Measured and chosen in
 * DECISIONS.md (2026-12-01).
 *
 * Outside that process (tests calling the provider directly) messages go to a sink the caller sets.
 */
import path from "node:path";

/** A diagnostic for one resource. */
export interface ResourceDiagnostic {
  /** The resource's URN. */
  urn: string;
  /** The message; may span lines. */
  message: string;
}

/** Where diagnostics go. */
export type DiagnosticSink = (diagnostic: ResourceDiagnostic) => Promise<void>;

let sink: DiagnosticSink | undefined;

/** Sends diagnostics to `next` instead of the engine (tests); `undefined` restores the default. */
export function setDiagnosticSink(next: DiagnosticSink | undefined): void {
  sink = next;
}

/** Reports an info diagnostic on a resource; never fails the operation that reports it. */
export async function logOnResource(urn: string | undefined, message: string): Promise<void> {
  if (urn === undefined || urn === "") return;
  const deliver = sink ?? engineSink();
  if (deliver === undefined) return;
  try {
    await deliver({ urn, message });
  } catch {
    // A diagnostic that cannot be delivered must not fail a preview or an apply.
  }
}

let engine: DiagnosticSink | null | undefined;

/** The engine's Log RPC, when this process is the dynamic-provider plugin; else undefined. */
function engineSink(): DiagnosticSink | undefined {
  if (engine !== undefined) return engine ?? undefined;
  engine = null;
  const script = process.argv[1] ?? "";
  const address = process.argv[2] ?? "";
  if (
    !script.split(path.sep).join("/").includes("/cmd/dynamic-provider") ||
    !/^[\w.[\]:-]+:\d+$/.test(address)
  ) {
    return undefined;
  }
  // The gRPC client and the engine's protocol come with @pulumi/pulumi (a peer dependency).
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
  const rpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
  const proto = require("@pulumi/pulumi/proto/engine_pb");
  const client = new rpc.EngineClient(address, grpc.credentials.createInsecure());
  engine = ({ urn, message }) =>
    new Promise<void>((resolve) => {
      const request = new proto.LogRequest();
      request.setSeverity(proto.LogSeverity.INFO);
      request.setMessage(message);
      request.setUrn(urn);
      request.setStreamid(0);
      request.setEphemeral(false);
      client.log(request, () => resolve());
    });
  return engine;
}
