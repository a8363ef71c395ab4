import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { currentDoc, DOC_PATH } from "../../../scripts/catalogueDoc";

describe("docs/language.md", () => {
  it("has the catalogue reference as the catalogue says (run `npm run docs` to update)", () => {
    assert.equal(readFileSync(DOC_PATH, "utf8"), currentDoc());
  });
});
