export async function register() {
  // biome-ignore lint/style/noProcessEnv: a constant Next inlines per bundle (not configuration), read before any Node-only module loads.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkConfiguration, startDatabase } = await import("./lib/start");
  // A bad environment stops the process here, before the server listens.
  checkConfiguration();
  // Open the database (migrations, init admin and key) at start, without blocking start-up when it is down:
  // requests then answer 503 and the next one tries again.
  startDatabase();
}
