/**
 * get_appid_group_list's `Next` is a 64-bit integer (docs/api-reference.md §7.8): beyond 2^53 a
 * JSON number is rounded by JSON.parse, and the next page would be asked from the wrong place. The
 * client keeps it exact — read as the decimal string, sent back as the integer it was.
 */
import { ImClient } from "@imgroups/tencentcloud-im/client/client";
import { exactIntegersIn, exactIntegersOut } from "@imgroups/tencentcloud-im/client/transport";
import { expect } from "chai";
import { FAST_RETRY, fakeServer, fakeSettings } from "./helpers";

/** 2^64 - 1 and a cursor just past 2^53: both round as JSON numbers. */
const BIG = "18446744073709551615";
const PAST_2_53 = "9007199254740993";

describe("client: get_appid_group_list's 64-bit Next kept exact", () => {
  it("follows cursors beyond 2^53 exactly across pages", async () => {
    const server = await fakeServer((request) => {
      const envelope = { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", TotalCount: 3 };
      // Answers written as text: the numbers must reach the client as the server wrote them.
      if (/"Next":0[,}]/.test(request.text)) {
        return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","TotalCount":3,"GroupIdList":[{"GroupId":"a"}],"Next":${BIG}}`;
      }
      if (request.text.includes(`"Next":${BIG}`)) {
        return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","TotalCount":3,"GroupIdList":[{"GroupId":"b"}],"Next":${PAST_2_53}}`;
      }
      if (request.text.includes(`"Next":${PAST_2_53}`)) {
        return { ...envelope, GroupIdList: [{ GroupId: "c" }], Next: 0 };
      }
      return { ActionStatus: "FAIL", ErrorCode: 10004, ErrorInfo: `unknown cursor in ${request.text}` };
    });
    const client = new ImClient(fakeSettings(server.url), {
      validateResponses: true,
      retry: FAST_RETRY,
      rateLimit: { perCommand: { get_appid_group_list: 1000 } },
    });
    try {
      const ids: string[] = [];
      for await (const id of client.appGroupIds()) ids.push(id);
      expect(ids).to.deep.equal(["a", "b", "c"]);
      expect(server.seen.map((r) => /"Next":(\d+)/.exec(r.text)?.[1])).to.deep.equal(["0", BIG, PAST_2_53]);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("quotes only the cursor key, only when unsafe, and never inside strings", () => {
    const answer = `{"GroupIdList":[{"GroupId":"x,\\"Next\\":${BIG}"}],"Next":${BIG}}`;
    const parsed = JSON.parse(exactIntegersIn(answer, "get_appid_group_list"));
    expect(parsed.Next).to.equal(BIG);
    expect(parsed.GroupIdList[0].GroupId).to.equal(`x,"Next":${BIG}`);
    expect(JSON.parse(exactIntegersIn(`{"Next":12345}`, "get_appid_group_list")).Next).to.equal(12345);
    expect(exactIntegersIn(`{"Next":${BIG}}`, "get_group_info")).to.equal(`{"Next":${BIG}}`);
    const body = { Limit: 10, Next: BIG, GroupType: `"Next":"${BIG}"` };
    expect(exactIntegersOut(JSON.stringify(body), body, "get_appid_group_list")).to.equal(
      `{"Limit":10,"Next":${BIG},"GroupType":"\\"Next\\":\\"${BIG}\\""}`,
    );
  });
});
