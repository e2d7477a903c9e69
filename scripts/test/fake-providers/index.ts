export { startFakeAnthropic } from "./anthropic";
export { expectedTotals, type FakeDataset, generateDataset, priceOf } from "./dataset";
export { startFakeOpenAi } from "./openai";
export type { FakeServer, Fault } from "./server";
