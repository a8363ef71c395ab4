// "Record from bar N…": what the user types becomes seconds at the session's tempo and meter
// (a beat is a note of the meter's unit, as everywhere in core/timebase.ts), or a message.
import { strict as assert } from "node:assert";
import { barInputSeconds, barSeconds, type Timebase } from "../../../core/timebase";

const FOUR_FOUR_120: Timebase = { tempo: 120, meter: { beats: 4, unit: 4 } };

describe("timebase: the 'From bar' choice", () => {
  it("bar 1 is the start; each 4/4 bar at 120 bpm is 2 s", () => {
    assert.equal(barInputSeconds(FOUR_FOUR_120, "1"), 0);
    assert.equal(barInputSeconds(FOUR_FOUR_120, "5"), 8);
    assert.equal(barInputSeconds(FOUR_FOUR_120, " 3 "), 4);
  });

  it("takes a beat as bar:beat, and follows the meter", () => {
    assert.equal(barInputSeconds(FOUR_FOUR_120, "5:3"), 9);
    assert.equal(barInputSeconds({ tempo: 90, meter: { beats: 6, unit: 8 } }, "2"), 4);
    assert.equal(barInputSeconds({ tempo: 90, meter: { beats: 6, unit: 8 } }, "2:4"), barSeconds({ tempo: 90, meter: { beats: 6, unit: 8 } }, 2, 4));
  });

  it("says what is wrong: no tempo, not a number, bar 0, a beat outside the bar", () => {
    assert.match(String(barInputSeconds({ tempo: null, meter: { beats: 4, unit: 4 } }, "2")), /no tempo.*tempo N bpm/);
    assert.match(String(barInputSeconds(FOUR_FOUR_120, "two")), /'two' is not a bar/);
    assert.match(String(barInputSeconds(FOUR_FOUR_120, "0")), /from 1/);
    assert.match(String(barInputSeconds(FOUR_FOUR_120, "2:5")), /Beat 5 is outside a bar of 4\/4/);
  });
});
