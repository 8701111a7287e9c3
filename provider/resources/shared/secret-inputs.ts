/**
 * Secret inputs and check failures. Pulumi hands dynamic providers secret inputs in plaintext, and
 * the engine prints a failing property's value next to the message — plaintext too. So the resource
 * classes record which of their inputs are secret (`secretInputs`), and `check` reports failures
 * without a property (the engine then prints only our text), naming the field itself and showing
 * the value only when it is not secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatFailure, type InputFailure } from "../../schemas/validator";

/**
 * Names of the args whose values are secret (sorted), resolved once the args are known; undefined
 * when there are none, so the common case adds nothing to state or previews.
 */
export function secretInputNames(args: object): pulumi.Output<string[] | undefined> {
  const checks = Object.entries(args).map(async ([name, value]) =>
    value !== undefined && (await pulumi.isSecret(pulumi.output(value))) ? name : undefined,
  );
  return pulumi.output(Promise.all(checks)).apply((names) => {
    const secret = names.filter((n): n is string => !!n).sort();
    return secret.length > 0 ? secret : undefined;
  });
}

/** Pulumi CheckFailures for our failures; secret values are never shown. */
export function toCheckFailures(
  failures: readonly InputFailure[],
  secretInputs: unknown,
): pulumi.dynamic.CheckFailure[] {
  const secret = Array.isArray(secretInputs) ? secretInputs.filter((n) => typeof n === "string") : [];
  return failures.map((failure) => ({ property: "", reason: formatFailure(failure, secret) }));
}
