/**
 * Imports the export's users as IM accounts (multiaccount_import; existing ones are left as they
 * are). Groups and members can only refer to imported accounts, so run this before `pulumi up`.
 *
 *   npx ts-node examples/migration/import-accounts.ts [export.json]
 *
 * Connection settings come from the TENCENTCLOUD_IM_* environment variables (SDKAPPID,
 * SECRET_KEY, IDENTIFIER, REGION or ENDPOINT), the same ones the resources read.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ImClient, resolveSettings } from "@imgroups/tencentcloud-im";
import { parseExport } from "./export";

async function main(): Promise<void> {
  const file = path.resolve(process.argv[2] ?? path.join(__dirname, "sample-export.json"));
  const data = parseExport(readFileSync(file, "utf8"));
  // Array.from, not spread: ts-node's default target cannot iterate a Set.
  const accounts = Array.from(
    new Set([
      ...data.users.map((user) => user.id),
      ...data.channels.flatMap((channel) => [channel.owner, ...channel.members.map((m) => m.user)]),
    ]),
  ).sort();
  const client = new ImClient(resolveSettings({ env: process.env }));
  try {
    const failed = (await client.multiaccountImport(accounts)).filter((result) => !result.ok);
    if (failed.length > 0)
      throw new Error(`not imported: ${failed.map((result) => result.UserID).join(", ")}`);
    console.log(`imported ${accounts.length} accounts from ${path.basename(file)}`);
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
