/**
 * Both fake providers in their own process (the benchmark keeps them off the sync's CPU; Playwright starts them as
 * a web server): reads the options as JSON from argv[2], prints `{"openai": url, "anthropic": url}`, serves until killed.
 */
import { startFakeAnthropic } from "./anthropic";
import { generateDataset } from "./dataset";
import { startFakeOpenAi } from "./openai";

const opts = JSON.parse(process.argv[2] ?? "{}") as Omit<Parameters<typeof generateDataset>[0], "start"> & {
  start: string;
  key: string;
  anthropicKey?: string;
  openaiPort?: number;
  anthropicPort?: number;
};
const data = generateDataset({ ...opts, start: new Date(opts.start) });
const [openai, anthropic] = await Promise.all([
  startFakeOpenAi(data, { key: opts.key, port: opts.openaiPort }),
  startFakeAnthropic(data, { key: opts.anthropicKey ?? opts.key, port: opts.anthropicPort }),
]);
process.stdout.write(`${JSON.stringify({ openai: openai.url, anthropic: anthropic.url })}\n`);
