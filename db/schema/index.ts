export * from "./alerts";
export * from "./auth";
export * from "./budgets";
export * from "./events";
export * from "./exports";
export * from "./github";
export * from "./prices";
export * from "./sessions";
