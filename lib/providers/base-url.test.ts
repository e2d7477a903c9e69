import { describe, expect, it } from "vitest";
import { assertProviderBaseUrl } from "./base-url";

describe("a provider base URL typed in Settings", () => {
  it("gets the webhook rules: private, loopback and metadata addresses are refused, naming the reason", () => {
    for (const [url, reason] of [
      ["http://127.0.0.1:9999/v1", "127.0.0.1 is a loopback address"],
      ["http://[fd00:ec2::254]/", "[fd00:ec2::254] is a cloud metadata address"],
      ["http://172.20.0.3/v1", "172.20.0.3 is a private address"],
    ]) {
      let thrown: unknown;
      try {
        assertProviderBaseUrl(url ?? "", "https://api.openai.com/v1");
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toMatchObject({
        code: "validation_failed",
        details: [{ path: "base_url", message: expect.stringContaining(`is refused: ${reason}`) }],
      });
    }
  });

  it("accepts public hosts, no base URL, and the environment's own (operator-configured) base URL", () => {
    expect(() => assertProviderBaseUrl("https://api.openai.com/v1", "https://api.openai.com/v1")).not.toThrow();
    expect(() => assertProviderBaseUrl("https://gateway.example.com/openai/v1", "https://api.openai.com/v1")).not.toThrow();
    expect(() => assertProviderBaseUrl(null, "http://127.0.0.1:9999/v1")).not.toThrow();
    expect(() => assertProviderBaseUrl("http://127.0.0.1:9999/v1", "http://127.0.0.1:9999/v1")).not.toThrow();
  });
});
