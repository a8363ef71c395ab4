// The routing plan both mix graphs sum over: each destination's sources, in
// the order they are added, and how each is rounded.
import { strict as assert } from "node:assert";
import { analyze } from "../../core/analyze";
import type { SessionModel } from "../../core/model";
import { audibleChannels, feederChannels, routingPlan, type RoutingPlan } from "../../engine/render/routing";

const model = (text: string): SessionModel => {
  const a = analyze(text);
  assert.ok(a.ok, JSON.stringify(a.diagnostics));
  return a.model;
};

/** Each destination as "id: source source ...", a source as "channel.tap[send]:rounding". */
const lines = (plan: RoutingPlan) =>
  plan.destinations.map((d) => `${d.id}${d.audible ? "" : " (muted)"}: ${d.sources.map((s) => `${s.id}.${s.tap}${s.send >= 0 ? s.send : ""}:${s.rounding}`).join(" ")}`);

// Buses written out of dependency order: the model (and so the plan) puts every bus after those that feed it.
const SESSION = `session {\n}
track a {\n  out drums\n}
track b {\n  send verb -12 dB\n  send slap -20 dB pre\n}
track c {\n  out drums\n  send drums -6 dB\n  send verb -3 dB\n}
bus glue {\n  send slap -10 dB\n}
bus drums {\n  send verb -6 dB pre\n  out glue\n}
bus verb {\n  out glue\n}
bus slap {\n}
`;

describe("engine: the routing plan", () => {
  it("lists each bus in dependency order, then the mix bus, each with its sources in the model's order: tracks, then buses", () => {
    const plan = routingPlan(model(SESSION));
    assert.deepEqual(lines(plan), [
      "drums: a.output:float32 c.output:float32 c.post0:roundedProduct",
      "verb: b.post0:roundedProduct c.post1:roundedProduct drums.pre0:product",
      "glue: drums.output:float32 verb.output:float32",
      "slap: b.pre1:roundedProduct glue.post0:product",
      "master: b.output:float32 glue.output:float32 slap.output:float32",
    ]);
    assert.equal(plan.mix, plan.destinations[plan.destinations.length - 1]);
  });

  it("places each source by channel ([...tracks, ...buses]) and each bus destination at its own channel, after all its sources", () => {
    const m = model(SESSION);
    const plan = routingPlan(m);
    const channels = [...m.tracks, ...m.buses];
    for (const d of plan.destinations) {
      if (d !== plan.mix) assert.equal(channels[d.channel].id, d.id);
      for (const s of d.sources) {
        assert.equal(channels[s.channel].id, s.id);
        assert.equal(s.kind, channels[s.channel].kind);
        if (d !== plan.mix) assert.ok(s.channel < d.channel, `${s.id} feeds ${d.id} from before it`);
      }
      const order = d.sources.map((s) => s.channel);
      assert.deepEqual(order, [...order].sort((x, y) => x - y), `${d.id}'s sources in channel order`);
    }
    const verb = plan.destinations.find((d) => d.id === "verb")!;
    assert.deepEqual(feederChannels(verb).map((c) => channels[c].id), ["b", "c", "drums"]);
    const drums = plan.destinations.find((d) => d.id === "drums")!;
    assert.deepEqual(feederChannels(drums).map((c) => channels[c].id), ["a", "c"], "c once, for its output and its send");
  });

  it("leaves muted channels out as sources; a muted bus still lists its sources but is not heard", () => {
    const muted = SESSION.replace("track b {\n", "track b {\n  mute\n").replace("bus verb {\n", "bus verb {\n  mute\n");
    assert.deepEqual(lines(routingPlan(model(muted))), [
      "drums: a.output:float32 c.output:float32 c.post0:roundedProduct",
      "verb (muted): c.post1:roundedProduct drums.pre0:product",
      "glue: drums.output:float32",
      "slap: glue.post0:product",
      "master: glue.output:float32 slap.output:float32",
    ]);
  });

  it("with a solo, plays what is soloed, what feeds it and what it feeds", () => {
    const soloed = model(SESSION.replace("bus verb {\n", "bus verb {\n  solo\n"));
    // verb, its feeders (b, c, drums and through drums a) and downstream glue, slap and the master.
    assert.deepEqual([...audibleChannels(soloed)].sort(), ["a", "b", "c", "drums", "glue", "master", "slap", "verb"]);
    const only = model(SESSION.replace("track a {\n", "track a {\n  solo\n"));
    assert.deepEqual([...audibleChannels(only)].sort(), ["a", "drums", "glue", "master", "slap", "verb"]);
    assert.deepEqual(lines(routingPlan(only)), [
      "drums: a.output:float32",
      "verb: drums.pre0:product",
      "glue: drums.output:float32 verb.output:float32",
      "slap: glue.post0:product",
      "master: glue.output:float32 slap.output:float32",
    ]);
    // A solo on a muted channel: mute wins.
    const both = model(SESSION.replace("track a {\n", "track a {\n  solo\n  mute\n"));
    assert.deepEqual([...audibleChannels(both)].sort(), ["drums", "glue", "master", "slap", "verb"]);
  });

  it("takes the audible set it is given", () => {
    const m = model(SESSION);
    assert.deepEqual(lines(routingPlan(m, new Set(["b", "slap"]))), [
      "drums (muted): ",
      "verb (muted): b.post0:roundedProduct",
      "glue (muted): ",
      "slap: b.pre1:roundedProduct",
      "master: b.output:float32 slap.output:float32",
    ]);
  });
});
