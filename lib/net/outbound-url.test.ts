import { describe, expect, it } from "vitest";
import { parseAllowedHosts } from "./allow-list";
import { classifyAddress } from "./ip-ranges";
import { checkOutboundUrl, resolvedAddressRefusal } from "./outbound-url";

const refusedOf = (url: string, allow = "") => {
  const r = checkOutboundUrl(url, parseAllowedHosts(allow));
  return r.ok ? null : r.reason;
};

describe("checkOutboundUrl", () => {
  it.each([
    ["http://127.0.0.1:5471/hook", "loopback"],
    ["http://127.1/", "loopback"],
    ["http://2130706433/", "loopback"], // decimal integer
    ["http://0x7f000001/", "loopback"], // hex integer
    ["http://0177.0.0.1/", "loopback"], // octal
    ["http://0x7f.1/", "loopback"],
    ["http://localhost:3000/", "loopback"],
    ["http://LOCALHOST./", "loopback"],
    ["http://app.localhost/", "loopback"],
    ["http://[::1]/", "loopback"],
    ["http://[::ffff:127.0.0.1]/", "loopback"], // IPv4-mapped, WHATWG spells it ::ffff:7f00:1
    ["http://[::ffff:7f00:1]/", "loopback"],
    ["http://[::127.0.0.1]/", "loopback"], // IPv4-compatible
    ["http://[64:ff9b::7f00:1]/", "loopback"], // NAT64
    ["http://10.1.2.3/", "private"],
    ["http://172.16.0.1/", "private"],
    ["http://172.31.255.255/", "private"],
    ["http://192.168.1.1/", "private"],
    ["http://[::ffff:10.0.0.1]/", "private"],
    ["http://100.64.0.1/", "carrier-grade NAT"],
    ["http://100.127.255.254/", "carrier-grade NAT"],
    ["http://169.254.10.10/", "link-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://[fc00::1]/", "unique-local"],
    ["http://[fd12:3456::1]/", "unique-local"],
    ["http://169.254.169.254/latest/meta-data/", "cloud metadata"],
    ["http://2852039166/", "cloud metadata"], // 169.254.169.254 as an integer
    ["http://[::ffff:169.254.169.254]/", "cloud metadata"],
    ["http://[fd00:ec2::254]/", "cloud metadata"],
    ["http://metadata.google.internal/computeMetadata/v1/", "cloud metadata"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://0/", "unspecified"],
    ["http://[::]/", "unspecified"],
    ["http://224.0.0.1/", "multicast"],
    ["http://[ff02::1]/", "multicast"],
    ["http://255.255.255.255/", "broadcast"],
    ["ftp://example.com/", "only http and https"],
    ["http://user:pw@example.com/", "credentials"],
    ["not a url", "not a valid URL"],
  ])("%s is refused (%s)", (url, reason) => {
    expect(refusedOf(url)).toContain(reason);
  });

  it.each([
    "https://hooks.slack.com/services/T0/B0/x",
    "http://8.8.8.8/",
    "http://172.32.0.1/", // just outside 172.16/12
    "http://100.128.0.1/", // just outside 100.64/10
    "http://[2001:4860:4860::8888]/",
    "http://[::ffff:8.8.8.8]/",
    "http://localhost.example.com/",
  ])("%s is allowed", (url) => {
    expect(refusedOf(url)).toBeNull();
  });

  it("the allow list lifts private and loopback refusals, by host and optionally port", () => {
    expect(refusedOf("http://127.0.0.1:8080/hook", "127.0.0.1")).toBeNull();
    expect(refusedOf("http://127.0.0.1:8080/hook", "127.0.0.1:8080")).toBeNull();
    expect(refusedOf("http://127.0.0.1:8081/hook", "127.0.0.1:8080")).toContain("loopback");
    expect(refusedOf("http://relay.internal/hook", "relay.internal:80")).toBeNull();
    expect(refusedOf("https://10.0.0.5/hook", "10.0.0.5:443")).toBeNull();
    expect(refusedOf("https://10.0.0.5/hook", "10.0.0.5:80")).toContain("private");
    expect(refusedOf("http://[fd00::1]:9000/", "[fd00::1]:9000")).toBeNull();
    expect(refusedOf("http://LOCALHOST:9000/", "localhost")).toBeNull();
    // An entry names one host: its spelling variants are the same host after URL normalisation, others are not.
    expect(refusedOf("http://2130706433:8080/", "127.0.0.1:8080")).toBeNull();
    expect(refusedOf("http://127.0.0.2:8080/", "127.0.0.1:8080")).toContain("loopback");
    // Metadata, unspecified and multicast stay refused whatever the list says.
    expect(refusedOf("http://169.254.169.254/", "169.254.169.254")).toContain("cloud metadata");
    expect(refusedOf("http://0.0.0.0:80/", "0.0.0.0")).toContain("unspecified");
  });

  it("rejects a malformed allow list entry", () => {
    expect(() => parseAllowedHosts("relay.internal/path")).toThrow(/host\[:port\]/);
    expect(() => parseAllowedHosts("fd00::1")).toThrow(/host\[:port\]/);
    expect(parseAllowedHosts(" a.example , b.example:8443 ")).toEqual([
      { host: "a.example", port: null },
      { host: "b.example", port: 8443 },
    ]);
  });
});

describe("resolved addresses", () => {
  it("checks every family and the mapped forms", () => {
    expect(classifyAddress("127.0.0.1")).toBe("loopback address");
    expect(classifyAddress("::ffff:192.168.0.1")).toBe("private address");
    expect(classifyAddress("93.184.216.34")).toBeNull();
    expect(resolvedAddressRefusal("10.0.0.1", false)).toBe("private address");
    expect(resolvedAddressRefusal("10.0.0.1", true)).toBeNull();
    expect(resolvedAddressRefusal("169.254.169.254", true)).toBe("cloud metadata address");
  });
});
