import { strict as assert } from "node:assert";
import { analyze } from "../../../core/analyze";

describe("analyze (smoke)", () => {
  it("reads an empty file", () => {
    const a = analyze("");
    assert.equal(a.model.tracks.length, 0);
  });
});
