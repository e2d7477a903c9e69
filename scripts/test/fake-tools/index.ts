export { expectedToolTotals, type FakeToolDataset, generateToolDataset } from "./dataset";
export { claudeCodeAnswer, startFakeClaudeCode, startFakeCopilot, startFakeCursor } from "./servers";
