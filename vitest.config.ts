import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { workerTestBindings } from "./test/support/worker-bindings.ts";

export default defineConfig({
  test: {
    // The gateway's per-request info lines would bury the report; request-log.test.ts asserts them.
    onConsoleLog: (log) => !log.includes('{"level":"info","event":"request"'),
    projects: [
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            main: "./src/index.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: workerTestBindings(inject("simulatorOrigin")),
              // Workers AI cannot run offline; tests bind a deterministic stand-in in its place.
              wrappedBindings: { AI: { scriptName: "workers-ai-standin" } },
              workers: [{ name: "workers-ai-standin", modules: true, scriptPath: "./test/support/workers-ai-standin.js" }],
            },
          })),
        ],
        test: {
          name: "worker",
          // The first test of a file also pays for loading the SDKs into workerd.
          testTimeout: 15_000,
          include: ["test/worker/**/*.test.ts", "src/**/*.test.ts"],
          globalSetup: ["./test/support/global-setup.ts"],
        },
      },
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
