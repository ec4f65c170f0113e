/**
 * The admin key every node started by the tests accepts (GUTTERS_ADMIN_KEY), so tests that are not about
 * access control call the API as the operator's automation would.
 */
export const TEST_ADMIN_KEY = "gutters-test-admin-key-0123456789abcdef";

export const adminHeaders = (headers: Record<string, string> = {}): Record<string, string> => ({
  authorization: `Bearer ${TEST_ADMIN_KEY}`,
  ...headers,
});
