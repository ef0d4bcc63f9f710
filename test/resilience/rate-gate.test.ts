import { RateGate } from '../../src/http/rate-gate';
import { ManualClock } from '../support/manual-clock';

/** Acquires `names` in order and records, for each, the clock's time when the gate let it through. */
function queue(gate: RateGate, clock: ManualClock, names: readonly string[], options: { priority?: boolean } = {}) {
  const started = new Map<string, number>();
  const done = names.map((name) => gate.acquire(options).then(() => started.set(name, clock.now())));
  return { started, done: Promise.all(done) };
}

/** Lets the promise callbacks of the starts that the clock released run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test.each([10, 20, 4])('at %i a second, starts are exactly one interval apart, and none comes early', async (rps) => {
  const clock = new ManualClock();
  const began = clock.now();
  const gate = new RateGate(rps, clock);
  const intervalMs = 1000 / rps;
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const { started, done } = queue(gate, clock, names);
  for (let k = 1; k < names.length; k += 1) {
    await settle();
    expect(started.size).toBe(k);
    clock.advance(intervalMs - 1);
    await settle();
    expect(started.size).toBe(k); // one millisecond short of the interval: still held
    clock.advance(1);
  }
  await done;
  expect(names.map((name) => (started.get(name) as number) - began)).toEqual(names.map((_, k) => k * intervalMs));
});

test('above a thousand a second, the starts due within the current millisecond go at once, and no more', async () => {
  const clock = new ManualClock();
  const rps = 4000; // a start every quarter millisecond: four slots per millisecond
  const perMs = rps / 1000;
  const gate = new RateGate(rps, clock);
  const names = Array.from({ length: 3 * perMs + 1 }, (_, i) => `r${i}`);
  const { started, done } = queue(gate, clock, names);
  for (let ms = 1; ms <= 3; ms += 1) {
    await settle();
    expect(started.size).toBe(ms * perMs);
    clock.advance(1);
  }
  await done;
  expect(started.size).toBe(names.length);
});

test('an idle spell earns no burst: after it, starts are an interval apart again', async () => {
  const clock = new ManualClock();
  const gate = new RateGate(10, clock);
  await gate.acquire();
  clock.advance(5_000);
  const { started } = queue(gate, clock, ['a', 'b']);
  await settle();
  expect([...started.keys()]).toEqual(['a']);
  clock.advance(100);
  await settle();
  expect(started.get('b')).toBe((started.get('a') as number) + 100);
});

test('the token exchange goes through the rate gate ahead of the requests waiting for it', async () => {
  const clock = new ManualClock();
  const gate = new RateGate(50, clock);
  const order: string[] = [];
  const waits = ['a', 'b', 'c'].map((name) => gate.acquire().then(() => order.push(name)));
  waits.push(gate.acquire({ priority: true }).then(() => order.push('exchange')));
  for (let k = 0; k < 3; k += 1) clock.advance(20);
  await Promise.all(waits);
  // "a" went at once; the exchange took the next slot.
  expect(order).toEqual(['a', 'exchange', 'b', 'c']);
});

test('a pause holds every start, one already scheduled included, until it ends', async () => {
  const clock = new ManualClock();
  const gate = new RateGate(50, clock);
  await gate.acquire();
  const began = clock.now();
  const { started } = queue(gate, clock, ['next']); // scheduled 20 ms out
  gate.pauseUntil(began + 150);
  clock.advance(149);
  await settle();
  expect(started.size).toBe(0);
  clock.advance(1);
  await settle();
  expect(started.get('next')).toBe(began + 150);
});

test('closed, the gate lets everyone waiting through at once, and every later caller, with no timer left', async () => {
  const clock = new ManualClock();
  const gate = new RateGate(1, clock);
  const { started, done } = queue(gate, clock, ['a', 'b', 'c']);
  await settle();
  expect([...started.keys()]).toEqual(['a']);
  gate.close();
  await done;
  await gate.acquire();
  expect(started.size).toBe(3);
  expect(clock.nextTimerIn()).toBeUndefined();
});
