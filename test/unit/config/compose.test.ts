import { expect, test } from "bun:test";
import { z } from "zod";
import { EnvSchema, parseEnv } from "../../../config/env.ts";

const ComposeSchema = z.object({
  services: z.object({
    mongodb: z.object({ image: z.string() }),
    mosquitto: z.object({ image: z.string() }),
    gutters: z.object({ environment: z.record(z.string(), z.string()) }),
  }),
});

const compose = ComposeSchema.parse(Bun.YAML.parse(await Bun.file(`${import.meta.dir}/../../../compose.yaml`).text()));
const environment = compose.services.gutters.environment;

test("compose.yaml sets every variable of the env contract, and no other", () => {
  expect(Object.keys(environment).sort()).toEqual(Object.keys(EnvSchema.shape).sort());
});

test("its values pass the node's own validation and point at the compose services", () => {
  const env = parseEnv(environment);
  expect(new URL(env.MONGODB_URI ?? "").hostname).toBe("mongodb");
  expect(new URL(env.MQTT_URL ?? "").hostname).toBe("mosquitto");
  expect(Object.keys(compose.services)).toEqual(["mongodb", "mosquitto", "gutters"]);
});
