export * from "./auth";
export * from "./events";
export * from "./exports";
export * from "./github";
export * from "./prices";
export * from "./sessions";
