export * from "./auth";
export * from "./events";
export * from "./prices";
export * from "./sessions";
