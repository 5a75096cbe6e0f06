#!/usr/bin/env node
// Verify a meetingflow record's event chain with Node.js built-ins only (docs/reference/digest.md).
// Usage: node verify-chain.mjs MEETING.json [--anchor HEX] [--key-hex HEX | --key-env VAR] [--initial STAGE]
// Exit status 0: the history vouches for the record; 1: it does not (the reason is printed).
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

const jcs = (v) => { // RFC 8785: ECMAScript number and string forms, keys sorted by UTF-16 units
  if (typeof v === "number" && !Number.isFinite(v)) throw new Error("non-finite number");
  if (typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v)) throw new Error("unsafe integer");
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(jcs).join(",")}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(",")}}`;
};
const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");
const ref = (v) => (Array.isArray(v) ? v.map(ref) : v !== null && typeof v === "object" ? { sha256: digest(v) } : v);
const digest = (obj, exclude = []) =>
  sha256(jcs(Object.fromEntries(Object.entries(obj).filter(([k]) => !exclude.includes(k)).map(([k, v]) => [k, ref(v)]))));
const micros = (text) => { // an ISO 8601 instant with its offset, to microseconds since 1970
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?(Z|([+-])(\d\d):(\d\d))$/.exec(text);
  if (!m) throw new Error(`not an instant: ${text}`);
  const local = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) * 1000 + +(m[7] ?? "0").padEnd(6, "0");
  const offset = m[8] === "Z" ? 0 : (m[9] === "-" ? -1 : 1) * (+m[10] * 60 + +m[11]) * 60e6;
  return local - offset;
};

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const keyHex = option("--key-hex");
const keyEnv = option("--key-env");
const key = keyHex ? Buffer.from(keyHex, "hex") : keyEnv ? Buffer.from(process.env[keyEnv] ?? "", "utf8") : null;
const anchor = option("--anchor");
const meeting = JSON.parse(readFileSync(args[0], "utf8"));
const events = meeting.history;
const fail = (i, why) => { console.error(`tampered at event #${i}: ${why}`); process.exit(1); };

let previous = null;
let stage = option("--initial") ?? (events.length ? events[0].stage : meeting.stage);
let lastAt = -Infinity;
events.forEach((e, i) => {
  if (e.seq !== i) fail(i, `sequence number ${e.seq}`);
  if (e.previous !== previous) fail(i, "does not link to the event before it");
  if (digest(e, ["digest", "mac"]) !== e.digest) fail(i, "does not match its digest");
  if (e.stage !== stage) fail(i, `happens in ${e.stage} but the meeting was in ${stage}`);
  if (e.kind === "entry" ? e.target !== e.stage : !e.trigger) fail(i, "an entry changes the stage, or a transition has no trigger");
  if (micros(e.at) < lastAt) fail(i, "is dated before the event before it");
  if (key && e.mac !== createHmac("sha256", key).update(Buffer.from(e.digest, "hex")).digest("hex")) fail(i, "MAC does not match");
  [previous, stage, lastAt] = [e.digest, e.target, micros(e.at)];
});
const last = events.length - 1;
if (stage !== meeting.stage) fail(last, `the history ends in ${stage} but the record says ${meeting.stage}`);
if (meeting.version !== events.length) fail(last, "the version does not match the number of events");
if (events.length && digest(meeting, ["history"]) !== events[last].state) fail(last, "the record was changed after the last event");
if (anchor && !events.some((e) => e.digest === anchor)) fail(last, "the stored anchor is not in the history");
console.log(`ok: ${events.length} events${key ? ", every MAC checked" : ""}; head ${previous}`);
