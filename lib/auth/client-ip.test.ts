import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("client address", () => {
  it("takes the entry the nearest trusted proxy appended, so a client cannot choose its own address", () => {
    expect(clientIp(h("203.0.113.7"), 0)).toBe("203.0.113.7");
    // The client sent "1.1.1.1" itself; one trusted proxy appended what it saw.
    expect(clientIp(h("1.1.1.1, 203.0.113.7, 10.0.0.2"), 1)).toBe("203.0.113.7");
    expect(clientIp(h("1.1.1.1, 203.0.113.7"), 0)).toBe("203.0.113.7");
    expect(clientIp(h("203.0.113.7"), 3)).toBe("203.0.113.7");
    expect(clientIp(h(), 0)).toBeNull();
    expect(clientIp(h(" , "), 0)).toBeNull();
  });
});
