import { BlockList, isIP } from "node:net";
import type { FeedHost } from "../../../config/feed-hosts.ts";

/**
 * Addresses a feed must not reach: unspecified, loopback, private, shared (CGNAT), link-local, documentation,
 * benchmarking, multicast and reserved ranges, and the IPv6 forms that embed an IPv4 address (NAT64, 6to4,
 * IPv4-compatible). IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is matched against the IPv4 ranges by BlockList.
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, "ipv6");
}

/** Whether an IP literal is a public unicast address. Anything that is not an IP literal is not. */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 0) return false;
  return !NON_PUBLIC.check(bare, family === 4 ? "ipv4" : "ipv6");
}

/** Whether the URL's host (and port, when the entry names one) is on the operator's allowlist. */
export function isAllowedHost(url: URL, allow: readonly FeedHost[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allow.some((entry) => entry.host === host && (entry.port === null || entry.port === port));
}

/**
 * Why a feed URL is refused, or null when it may be fetched (DESIGN.md §11): `https:` only, no credentials in
 * the URL, and no IP literal outside the public ranges — unless the host is allowlisted, which also permits
 * plain `http:` (a local feed server rarely has a certificate). `file:` and every other scheme are refused
 * always. Host names are checked again by their resolved addresses when fetched (`assertFeedTarget`).
 */
export function feedUrlProblem(raw: string, allow: readonly FeedHost[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a URL";
  }
  const allowed = isAllowedHost(url, allow);
  if (url.protocol !== "https:" && !(allowed && url.protocol === "http:")) return "only https: URLs are accepted";
  if (url.username !== "" || url.password !== "") return "credentials in a feed URL are not accepted";
  if (allowed) return null;
  if (isIP(url.hostname.replace(/^\[|\]$/g, "")) !== 0 && !isPublicAddress(url.hostname)) {
    return "loopback, link-local, private and reserved addresses are not accepted";
  }
  if (url.hostname === "localhost" || url.hostname.endsWith(".localhost")) return "loopback host names are not accepted";
  return null;
}

export type LookupAll = (host: string) => Promise<{ address: string }[]>;

/**
 * Refuses a feed URL just before it is fetched: the static rules again (a row stored before them may still be
 * in the database) and every address the host name resolves to, so a public-looking name pointing at a private
 * address is refused as well. Throws an Error whose message names the rule, never the fetched content.
 */
export async function assertFeedTarget(raw: string, allow: readonly FeedHost[], lookupAll: LookupAll): Promise<void> {
  const problem = feedUrlProblem(raw, allow);
  if (problem !== null) throw new FeedRefusedError(problem);
  const url = new URL(raw);
  if (isAllowedHost(url, allow) || isIP(url.hostname.replace(/^\[|\]$/g, "")) !== 0) return;
  const addresses = await lookupAll(url.hostname);
  if (addresses.length === 0 || addresses.some((entry) => !isPublicAddress(entry.address))) {
    throw new FeedRefusedError("the host resolves to a loopback, link-local, private or reserved address");
  }
}

/** A feed URL the node will not fetch; its message is one of the fixed rule texts above. */
export class FeedRefusedError extends Error {
  constructor(message: string) {
    super(`refused: ${message}`);
    this.name = "FeedRefusedError";
  }
}
