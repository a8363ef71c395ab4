import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { currentDoc, DOC_PATH } from "../../../scripts/catalogueDoc";
import { currentGrammar, currentReadme, GRAMMAR_PATH, README_PATH } from "../../../scripts/catalogueLists";

describe("docs/language.md", () => {
  it("has the catalogue reference as the catalogue says (run `npm run docs` to update)", () => {
    assert.equal(readFileSync(DOC_PATH, "utf8"), currentDoc());
  });
});

describe("the lists generated from the catalogue (run `npm run docs` to update)", () => {
  it("syntaxes/mixdown.tmLanguage.json highlights every effect, EQ band and statement the catalogue has", () => {
    assert.equal(readFileSync(GRAMMAR_PATH, "utf8"), currentGrammar());
  });

  it("README.md lists every effect", () => {
    assert.equal(readFileSync(README_PATH, "utf8"), currentReadme());
  });
});
