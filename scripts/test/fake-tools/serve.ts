/**
 * The Cursor, GitHub Copilot and Claude Code Analytics fakes in their own process (the benchmark keeps them off the
 * sync's CPU; Playwright starts them as a web server): reads the options as JSON from argv[2], prints
 * `{"claudeCode": url, "cursor": url, "copilot": url}`, serves until killed.
 */
import { generateToolDataset } from "./dataset";
import { startFakeClaudeCode, startFakeCopilot, startFakeCursor } from "./servers";

const opts = JSON.parse(process.argv[2] ?? "{}") as Omit<Parameters<typeof generateToolDataset>[0], "start"> & {
  start: string;
  /** Claude Code Analytics' admin key, Cursor's admin key, Copilot's token and org. */
  keys: { claudeCode: string; cursor: string; copilot: string };
  org: string;
  ports?: { claudeCode?: number; cursor?: number; copilot?: number };
};
const data = generateToolDataset({ ...opts, start: new Date(opts.start) });
const [claudeCode, cursor, copilot] = await Promise.all([
  startFakeClaudeCode(data, { key: opts.keys.claudeCode, port: opts.ports?.claudeCode }),
  startFakeCursor(data, { key: opts.keys.cursor, port: opts.ports?.cursor }),
  startFakeCopilot(data, { token: opts.keys.copilot, org: opts.org, port: opts.ports?.copilot }),
]);
process.stdout.write(`${JSON.stringify({ claudeCode: claudeCode.url, cursor: cursor.url, copilot: copilot.url })}\n`);
