import { defineConfig } from "vitest/config";

// Two projects: `unit` runs the pure modules beside their code in Node; `integration` drives the real
// Worker bundle in workerd against a real Postgres (test/*.test.ts), one server per file.
export default defineConfig({
  test: {
    reporters: ["default", "./test/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["{workers,objects,protocol,schema,web,scripts}/**/*.test.ts"],
          environment: "node",
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          // expect.poll waits for what a person would wait for (a frame, a re-render); on two busy cores running
          // two servers and browsers that can take seconds, so the 1 s default made browser tests flaky.
          expect: { poll: { timeout: 10_000, interval: 100 } },
        },
      },
    ],
  },
});
