import { setDefaultTimeout } from "bun:test";
import { TEST_ADMIN_KEY } from "./credentials.ts";

// Integration tests wait on real Mosquitto and FerretDB round trips; unit tests finish long before this.
// Bun applies this to the first test file of a run only, so the README's command also passes --timeout.
setDefaultTimeout(30_000);

// Every node a test starts (in this process or as a child) accepts the tests' admin key.
process.env.GUTTERS_ADMIN_KEY ??= TEST_ADMIN_KEY;
