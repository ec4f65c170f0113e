import { z } from "zod";

/** One allowlist entry: a host name or IP literal, with an optional port (`127.0.0.1:8080`, `[::1]:8080`). */
const HostEntrySchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/, "expected host or host:port")
  .transform((entry) => {
    const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(entry);
    return { host: match?.[1] ?? entry, port: match?.[2] ?? null };
  });
export type FeedHost = z.output<typeof HostEntrySchema>;

/**
 * `GUTTERS_FEED_ALLOW_HOSTS`: hosts a feed URL may name although they resolve to a loopback, link-local or
 * private address (a feed server on the operator's own network, or a test's local server). Comma list.
 */
export const FeedAllowHostsSchema = z
  .string()
  .optional()
  .transform((value) => (value ?? "").split(",").map((entry) => entry.trim()).filter((entry) => entry.length > 0))
  .pipe(z.array(HostEntrySchema));

/**
 * The allowlist of the process environment. Read on each check rather than cached: the environment is the
 * operator's, so a stored config can never widen it; an invalid value allows nothing (start-up reports it).
 */
export function feedAllowHosts(env: Record<string, string | undefined> = process.env): FeedHost[] {
  const parsed = FeedAllowHostsSchema.safeParse(env.GUTTERS_FEED_ALLOW_HOSTS);
  return parsed.success ? parsed.data : [];
}
