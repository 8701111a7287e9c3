/**
 * Captures the `pulumi preview --json` fixtures of tests/fixtures/review from real runs of the
 * pinned CLI against the emulator. Not a test (mocha only runs *.test.js); run it after a Pulumi
 * upgrade or a change to the resources' inputs:
 *
 *   npx tsc -b && bash scripts/with-pulumi.sh node tests/dist/review/capture-fixtures.js
 *   npx biome check --write tests/fixtures/review   # the repository's JSON formatting
 *   UPDATE_GOLDEN=1 npx mocha --no-config tests/dist/review/render.test.js   # then read the diff
 *
 * The captured JSON is trimmed, never edited: the emulator's random port becomes 127.0.0.1:PORT,
 * and the serialized provider stub, source positions and stack traces (kilobytes per state, never
 * read by the tools) are replaced by short placeholders.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { MEMBER_REPORT_ENV } from "@imgroups/tencentcloud-im/review/member-diagnostic";
import { startImTestBed } from "../support/im";
import { repoRoot } from "../support/paths";
import { reviewBase, reviewChange } from "./scenarios";
import { accounts, fixturePath, type ToolWorkspace, toolWorkspace } from "./support";

const SECRET_PLAINTEXTS = ["TOPSECRET-notification-1", "TOPSECRET-notification-2", "LIVE-EDIT-OF-A-SECRET"];

async function main(): Promise<void> {
  const bed = await startImTestBed();
  const workspaces: ToolWorkspace[] = [];
  const save = (name: string, text: string) => {
    const trimmed = trim(text, bed.emulator.url);
    for (const secret of [...SECRET_PLAINTEXTS, bed.emulator.secretKey]) {
      if (trimmed.includes(secret)) throw new Error(`${name} contains a secret plaintext`);
    }
    writeFileSync(fixturePath(name), trimmed);
    console.log(`wrote tests/fixtures/review/${name} (${trimmed.length} bytes)`);
  };
  // As the tools run it: with the provider's member reports.
  const preview = async (ws: ToolWorkspace, ...args: string[]) => {
    const result = await ws.run(["preview", "--json", ...args], { env: { [MEMBER_REPORT_ENV]: "1" } });
    if (!result.stdout.trim().startsWith("{")) throw new Error(`no JSON: ${result.stderr}`);
    return result.stdout;
  };
  try {
    await bed.client.multiaccountImport([
      "owner",
      ...["alice", "bob", "carol", "dave", "erin", "frank", "extra"],
      ...accounts("u", 12),
    ]);

    // Drift: out-of-band edits, a group destroyed, then also program changes not applied yet.
    const driftBase = {
      groups: {
        team: {
          type: "Public",
          groupId: "team-room",
          name: "Team",
          notification: "Stand-up at 10",
          introduction: "The team",
          ownerAccount: "owner",
        },
        other: { type: "Public", groupId: "other-room", name: "Other" },
      },
      members: {
        "team-members": { group: "team", members: [{ account: "alice", role: "Admin" }, "bob", "carol"] },
        "other-members": { group: "other", members: ["dave"] },
      },
    };
    const drift = await toolWorkspace(bed, driftBase, { stack: "capture-drift" });
    workspaces.push(drift);
    await drift.up();
    save("drift-clean.json", await preview(drift, "--refresh", "--run-program"));
    await bed.client.modifyGroupBaseInfo({
      GroupId: "team-room",
      Name: "Team (renamed)",
      Notification: "hijacked",
    });
    await bed.client.deleteGroupMember({ GroupId: "team-room", MemberToDel_Account: ["bob"] });
    await bed.client.addGroupMember({ GroupId: "team-room", MemberList: [{ Member_Account: "extra" }] });
    await bed.client.modifyGroupMemberInfo({ GroupId: "team-room", Member_Account: "alice", Role: "Member" });
    await bed.client.destroyGroup({ GroupId: "other-room" });
    save("drift.json", await preview(drift, "--refresh", "--run-program"));
    drift.writeSpec({
      groups: {
        ...driftBase.groups,
        team: { ...driftBase.groups.team, introduction: "The platform team" },
        fresh: { type: "Public", groupId: "fresh-room", name: "Fresh" },
      },
      members: {
        ...driftBase.members,
        "team-members": {
          group: "team",
          members: [{ account: "alice", role: "Admin" }, "bob", "carol", "erin"],
        },
      },
    });
    save("drift-pending.json", await preview(drift, "--refresh", "--run-program"));
    await drift.setConfig("tencentcloud-im:secretKey", "not-the-app-secret-key", { secret: true });
    save("drift-broken-config.json", await preview(drift, "--refresh", "--run-program"));

    // Review: several groups change at once; one is replaced, one deleted, two created.
    const review = await toolWorkspace(bed, reviewBase, { stack: "capture-review" });
    workspaces.push(review);
    await review.up();
    review.writeSpec(reviewChange(accounts("u", 12)));
    save("review.json", await preview(review));
    save("review-replacement-steps.json", await preview(review, "--show-replacement-steps"));
    review.writeSpec({
      ...reviewChange(accounts("u", 12)),
      groups: { ...reviewChange([]).groups, eng: { ...reviewChange([]).groups.eng, name: "N".repeat(31) } },
    });
    save("review-check-failure.json", await preview(review));

    // Secrets: a secret notification edited outside Pulumi, then changed in the program.
    const secrets = await toolWorkspace(
      bed,
      {},
      {
        stack: "capture-secrets",
        programDir: path.join(repoRoot, "tests", "fixtures", "review", "programs", "secrets"),
        secretConfig: { "review-secrets:notification": "TOPSECRET-notification-1" },
      },
    );
    workspaces.push(secrets);
    await secrets.up();
    await bed.client.modifyGroupBaseInfo({
      GroupId: "vault-room",
      Notification: "LIVE-EDIT-OF-A-SECRET",
      Name: "Vault (renamed)",
    });
    save("drift-secrets.json", await preview(secrets, "--refresh", "--run-program"));
    await secrets.up("--refresh");
    await bed.client.modifyGroupBaseInfo({ GroupId: "vault-room", Notification: "LIVE-EDIT-OF-A-SECRET" });
    save("drift-secret-only.json", await preview(secrets, "--refresh", "--run-program"));
    await secrets.up("--refresh");
    await secrets.setConfig("review-secrets:notification", "TOPSECRET-notification-2", { secret: true });
    await secrets.setConfig("review-secrets:members", "alice,bob");
    save("review-secrets.json", await preview(secrets));
  } finally {
    for (const ws of workspaces) await ws.dispose();
    await bed.close();
  }
}

/** Trims what the tools never read; see the file comment. */
function trim(text: string, emulatorUrl: string): string {
  const doc = JSON.parse(text.split(emulatorUrl).join("http://127.0.0.1:PORT")) as unknown;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "sourcePosition" || key === "stackTrace") continue;
      out[key] =
        key === "__provider" && typeof value === "string" ? "<serialized provider stub>" : walk(value);
    }
    return out;
  };
  return `${JSON.stringify(walk(doc), null, 2)}\n`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
