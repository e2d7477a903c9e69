export * from "./auth";
export * from "./events";
export * from "./exports";
export * from "./github";
export * from "./plans";
export * from "./prices";
export * from "./review";
export * from "./sessions";
