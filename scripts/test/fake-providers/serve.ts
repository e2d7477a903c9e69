/**
 * Both fake providers in their own process (the benchmark keeps them off the sync's CPU): reads the dataset options
 * as JSON from argv[2], prints `{"openai": url, "anthropic": url}` on one line, serves until killed.
 */

import { startFakeAnthropic } from "./anthropic";
import { generateDataset } from "./dataset";
import { startFakeOpenAi } from "./openai";

const opts = JSON.parse(process.argv[2] ?? "{}") as { start: string; days: number; models: string[]; key: string };
const data = generateDataset({ start: new Date(opts.start), days: opts.days, models: opts.models });
const [openai, anthropic] = await Promise.all([startFakeOpenAi(data, { key: opts.key }), startFakeAnthropic(data, { key: opts.key })]);
process.stdout.write(`${JSON.stringify({ openai: openai.url, anthropic: anthropic.url })}\n`);
