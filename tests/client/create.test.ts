/**
 * Retry-safe creation, made deterministic with a loopback server that loses the first answer:
 * a retried create meeting 10021 adopts the group only if it is the one requested.
 */
import type { ImClient } from "@imgroups/tencentcloud-im/client/index";
import { ImClient as Client } from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import { FAST_RETRY, type FakeServer, fail, fakeServer, fakeSettings, ok, rejection } from "./helpers";

describe("client retry-safe create", () => {
  let server: FakeServer;
  let client: ImClient;
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  /** create_group: attempt 1 commits but its answer is lost; later attempts see 10021. */
  async function lostFirstAnswer(live: { Type: string; Name: string; Owner_Account: string }) {
    let creates = 0;
    server = await fakeServer((request, _, res) => {
      if (request.path.endsWith("/get_group_info")) {
        return ok({ GroupInfo: [{ GroupId: "custom", ErrorCode: 0, ErrorInfo: "", ...live }] });
      }
      creates += 1;
      if (creates === 1) {
        res.socket?.destroy();
        return undefined;
      }
      return fail(10021, "group id used");
    });
    client = new Client(fakeSettings(server.url), { retry: FAST_RETRY, validateResponses: true });
  }

  it("adopts the group an earlier attempt created (same Type, Name, Owner)", async () => {
    await lostFirstAnswer({ Type: "Public", Name: "Room", Owner_Account: "owner" });
    const answer = await client.createGroup({
      Type: "Public",
      GroupId: "custom",
      Name: "Room",
      Owner_Account: "owner",
    });
    expect(answer).to.deep.equal({
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      GroupId: "custom",
      recovered: true,
    });
    expect(client.stats().calls).to.deep.equal({
      "group_open_http_svc/create_group": 2,
      "group_open_http_svc/get_group_info": 1,
    });
    const read = server.seen.find((r) => r.path.endsWith("/get_group_info"))!.body;
    expect(read).to.deep.equal({
      GroupIdList: ["custom"],
      ResponseFilter: { GroupBaseInfoFilter: ["Type", "Name", "Owner_Account"] },
    });
  });

  it("reports a conflict when the GroupId belongs to a different group", async () => {
    await lostFirstAnswer({ Type: "Public", Name: "Someone else's", Owner_Account: "" });
    const error = await rejection(
      client.importGroup({ Type: "Public", GroupId: "custom", Name: "Room", Owner_Account: "owner" }),
    );
    expect(error).to.include({ code: "IM_CONFLICT", imErrorCode: 10021, retryable: false });
    expect(error.message)
      .to.contain('GroupId "custom" is already used by another group')
      .and.contain('Name is "Someone else\'s", requested "Room"')
      .and.contain('Owner_Account is "", requested "owner"');
  });

  it("leaves a first-attempt 10021 alone: the ID was taken before this call", async () => {
    server = await fakeServer(() => fail(10021, "group id used"));
    client = new Client(fakeSettings(server.url), { retry: FAST_RETRY });
    const error = await rejection(client.createGroup({ Type: "Public", GroupId: "taken", Name: "Room" }));
    expect(error).to.include({ code: "IM_API_ERROR", imErrorCode: 10021, attempts: 1 });
    expect(server.seen).to.have.length(1);
  });
});
