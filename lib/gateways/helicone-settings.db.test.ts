import { eq } from "drizzle-orm";
import { afterAll, expect, it, vi } from "vitest";
import { auditLog, integrationSettings } from "@/db/schema";
import { systemContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "@/scripts/test/databases";
import { heliconeConfig, heliconeSettingsView, parsePropertyMap, removeHeliconeSecret, saveHeliconeSettings } from "./helicone-settings";

// Read once by lib/env.ts, before anything else asks.
vi.stubEnv("BURNRATE_SECRET", "a-test-secret-of-at-least-32-characters!");
vi.stubEnv("HELICONE_API_KEY", "env-helicone-api-key-0000");
afterAll(() => {
  vi.unstubAllEnvs();
});

describeEachDatabase("Helicone's settings", (t) => {
  it("secrets are stored sealed (only a hint readable), win over the environment's, and removing one brings it back", async () => {
    const ctx = systemContext(t.handle.db);
    expect("problem" in (await heliconeConfig(ctx)).secret).toBe(true);
    expect((await heliconeConfig(ctx)).api?.key).toBe("env-helicone-api-key-0000");

    await saveHeliconeSettings(ctx, {
      webhook_secret: "whsec-settings-1234",
      api_key: "sk-helicone-stored-9876",
      properties: "Squad = team\n# a comment\n\nClient = customer",
    });
    const [row] = await t.handle.db.select().from(integrationSettings).where(eq(integrationSettings.integration, "helicone"));
    expect(row?.encryptedSecret).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain("whsec-settings-1234");
    expect(JSON.stringify(row)).not.toContain("sk-helicone-stored-9876");
    const config = await heliconeConfig(ctx);
    expect(config.secret).toEqual({ value: "whsec-settings-1234" });
    expect(config.api).toEqual({ key: "sk-helicone-stored-9876", url: "https://api.helicone.ai" });
    expect(config.properties).toEqual({ squad: "team", client: "customer" });
    expect(await heliconeSettingsView(ctx)).toEqual({
      secret: { source: "settings", hint: "1234" },
      apiKey: { source: "settings", hint: "9876" },
      apiUrl: "https://api.helicone.ai",
      properties: "squad = team\nclient = customer",
    });

    // Blank secrets keep the stored ones; the map is replaced.
    await saveHeliconeSettings(ctx, { webhook_secret: "", api_key: "", properties: "Team = team" });
    expect((await heliconeConfig(ctx)).secret).toEqual({ value: "whsec-settings-1234" });
    expect((await heliconeConfig(ctx)).properties).toEqual({ team: "team" });

    await removeHeliconeSecret(ctx, "api_key");
    expect((await heliconeConfig(ctx)).api?.key).toBe("env-helicone-api-key-0000");
    expect((await heliconeSettingsView(ctx)).apiKey).toEqual({ source: "env", hint: "0000" });
    const audit = await t.handle.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(["integration.changed", "integration.changed", "integration.changed"]);
    expect(JSON.stringify(audit)).not.toContain("whsec-settings-1234");
  });

  it("refuses a property map it cannot read, naming each line, and a half-pasted secret", async () => {
    const ctx = systemContext(t.handle.db);
    const refusal = (() => {
      try {
        parsePropertyMap("Team = team\nCustomer\nPlan = plan");
      } catch (err) {
        return err;
      }
    })() as AppError;
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal.details).toEqual([
      { path: "properties.2", message: expect.stringContaining("Line 2") },
      { path: "properties.3", message: expect.stringContaining('"plan" is not one of') },
    ]);
    await expect(saveHeliconeSettings(ctx, { webhook_secret: "abc", api_key: "", properties: "" })).rejects.toThrow(/whole webhook secret/);
    expect(await t.handle.db.select().from(integrationSettings)).toEqual([]);
  });
});
