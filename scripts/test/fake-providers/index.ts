export { expectedTotals, type FakeDataset, generateDataset, priceOf } from "./dataset";
export { startFakeAnthropic } from "./anthropic";
export { startFakeOpenAi } from "./openai";
export type { Fault, FakeServer } from "./server";
