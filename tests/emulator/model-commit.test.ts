/**
 * The model's write-ahead rule (persistence/store.ts): a batch is journaled before it is applied, so
 * a batch the store cannot record (the journal callback throws: disk full, an unserializable value)
 * changes nothing in memory either — the running emulator never shows what a restart would lose.
 */
import { ManualClock } from "@imgroups/im-emulator";
import { COMMANDS, ImModel } from "@imgroups/im-emulator/model/index";
import { expect } from "chai";

describe("model commit", () => {
  it("applies nothing when the journal refuses the batch", () => {
    let refuse = false;
    const model = new ImModel({ autoImportAccounts: true }, new ManualClock(1_750_000_000_000), () => {
      if (refuse) throw new Error("journal refused the batch");
    });
    const createGroup = COMMANDS.group_open_http_svc.create_group;
    model.execute(createGroup, { Type: "Public", Name: "kept", GroupId: "kept" });
    const before = model.state.snapshot();
    refuse = true;
    expect(() =>
      model.execute(createGroup, {
        Type: "Public",
        Name: "lost",
        GroupId: "lost",
        Owner_Account: "new-owner",
      }),
    ).to.throw("journal refused the batch");
    expect(model.state.snapshot()).to.deep.equal(before);
    expect(model.commits).to.equal(1);
  });
});
