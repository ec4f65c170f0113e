import { setDefaultTimeout } from "bun:test";

// Integration tests wait on real Mosquitto and FerretDB round trips; unit tests finish long before this.
setDefaultTimeout(30_000);
