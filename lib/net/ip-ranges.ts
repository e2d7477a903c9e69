import { isIPv4, isIPv6 } from "node:net";

/** Why an address may not be the target of a server-side request. */
export type AddressRefusal =
  | "loopback address"
  | "private address"
  | "carrier-grade NAT address"
  | "link-local address"
  | "unique-local address"
  | "cloud metadata address"
  | "unspecified address"
  | "multicast address"
  | "broadcast or reserved address";

/** Refusals an allow-listed host does not lift: no internal relay lives on these. */
export const ALWAYS_REFUSED: readonly AddressRefusal[] = [
  "cloud metadata address",
  "unspecified address",
  "multicast address",
  "broadcast or reserved address",
];

type V4 = [number, number, number, number];

const V4_RANGES: [V4, number, AddressRefusal][] = [
  [[169, 254, 169, 254], 32, "cloud metadata address"],
  [[0, 0, 0, 0], 8, "unspecified address"],
  [[127, 0, 0, 0], 8, "loopback address"],
  [[10, 0, 0, 0], 8, "private address"],
  [[172, 16, 0, 0], 12, "private address"],
  [[192, 168, 0, 0], 16, "private address"],
  [[100, 64, 0, 0], 10, "carrier-grade NAT address"],
  [[169, 254, 0, 0], 16, "link-local address"],
  [[224, 0, 0, 0], 4, "multicast address"],
  [[240, 0, 0, 0], 4, "broadcast or reserved address"],
];

function v4ToInt(b: readonly number[]): number {
  return (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
}

function classifyV4(bytes: V4): AddressRefusal | null {
  const n = v4ToInt(bytes);
  for (const [base, bits, refusal] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((n & mask) >>> 0 === (v4ToInt(base) & mask) >>> 0) return refusal;
  }
  return null;
}

/** An IPv6 address as eight 16-bit groups (a trailing dotted quad and `::` expanded); null when not IPv6. */
export function parseIPv6(address: string): number[] | null {
  const text = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!isIPv6(text)) return null;
  // A trailing dotted quad (::ffff:127.0.0.1) is two groups: rewrite it as hex first.
  const head = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((n) => n.toString(16)).join(":"),
  );
  const [left = "", right] = head.split("::");
  const groups = (s: string) => (s === "" ? [] : s.split(":").map((g) => Number.parseInt(g, 16)));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const fill = 8 - l.length - r.length;
  if (right === undefined && fill !== 0) return null;
  return [...l, ...Array(fill).fill(0), ...r];
}

function classifyV6(g: number[]): AddressRefusal | null {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, h = 0, i = 0] = g;
  const embedded: V4 = [h >> 8, h & 0xff, i >> 8, i & 0xff];
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    if (f === 0 && h === 0 && i === 0) return "unspecified address";
    if (f === 0 && h === 0 && i === 1) return "loopback address";
    // IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d) forms reach the IPv4 address.
    if (f === 0xffff || f === 0) return classifyV4(embedded);
  }
  // NAT64 (64:ff9b::a.b.c.d) translates to the embedded IPv4 address.
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return classifyV4(embedded);
  if (a === 0xfd00 && b === 0x0ec2 && c === 0 && d === 0 && e === 0 && f === 0 && h === 0 && i === 0x254) {
    return "cloud metadata address";
  }
  if ((a & 0xfe00) === 0xfc00) return "unique-local address";
  if ((a & 0xffc0) === 0xfe80) return "link-local address";
  if ((a & 0xffc0) === 0xfec0) return "unique-local address"; // deprecated site-local
  if ((a & 0xff00) === 0xff00) return "multicast address";
  return null;
}

/** Why an IP address (v4 dotted quad or v6, with or without brackets) must not be reached; null when it is public. */
export function classifyAddress(address: string): AddressRefusal | null {
  if (isIPv4(address)) return classifyV4(address.split(".").map(Number) as V4);
  const groups = parseIPv6(address);
  return groups ? classifyV6(groups) : null;
}

export function isIpLiteral(host: string): boolean {
  return isIPv4(host) || parseIPv6(host) !== null;
}
