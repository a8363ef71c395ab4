// Compile-time proof that the unit brands of core/units.ts catch mix-ups. Not a
// mocha file: `tsc --noEmit -p .` checks it (tsconfig.json includes test/), and
// fails if a line marked @ts-expect-error stops being an error. units.test.ts
// also compiles it without those marks and checks that each marked line fails
// for its unit, not for some other reason.
import type { EqBandModel, TakeModel } from "../../../core/model";
import { dB, dbToGain, gainToDb, hertz, linear, seconds, type Decibels, type Gain, type Seconds } from "../../../core/units";
import { paramChecker } from "../../../engine/dsp/block";
import type { PanGains } from "../../../engine/dsp/pan";

const COMP_UNITS = { threshold: "dB", ratio: ":1", knee: "dB", attack: "s", release: "s", makeup: "dB" };

export function unitMixUps(take: TakeModel, band: EqBandModel, pan: PanGains): void {
  const level = dB(-6);
  // @ts-expect-error a level in dB is not a linear gain
  take.gain = level;
  take.gain = dbToGain(level);
  // @ts-expect-error a linear gain is not a level in dB
  band.gain = take.gain;
  band.gain = gainToDb(take.gain);
  // @ts-expect-error dbToGain takes dB, not a gain
  dbToGain(take.gain);
  // @ts-expect-error gainToDb takes a gain, not dB
  gainToDb(band.gain);
  // @ts-expect-error a plain number says nothing of its unit: brand it (linear, dB, seconds, hertz)
  take.gain = 0.5;
  take.gain = linear(0.5);
  // @ts-expect-error seconds are not Hz
  band.freq = seconds(1);
  band.freq = hertz(1000);
  // @ts-expect-error Hz are not seconds
  take.at = band.freq;
  take.at = seconds(2);
  // @ts-expect-error arithmetic gives a plain number: re-brand the result
  take.fadeIn = take.fadeIn * 2;
  take.fadeIn = seconds(take.fadeIn * 2);
  // @ts-expect-error a pan position's gains are linear, not dB
  pan.left = band.gain;

  // A processor reads each parameter in its catalogue unit.
  const comp = paramChecker("comp", COMP_UNITS);
  const threshold: Decibels = comp.read({}, "threshold");
  const attack: Seconds = comp.read({}, "attack");
  // @ts-expect-error the compressor's threshold is in dB, not a linear gain
  const wrong: Gain = comp.read({}, "threshold");
  // @ts-expect-error the compressor's attack is a time, not a level
  const alsoWrong: Decibels = comp.read({}, "attack");
  void [threshold, attack, wrong, alsoWrong];
}
