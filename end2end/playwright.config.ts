import { defineConfig } from "@playwright/test";

// Runs against the real release build (`cargo leptos build --release`), on a fresh seeded
// SQLite database, in Debian's chromium: never a browser Playwright downloads.
const port = 3456;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // Trusting this machine's X-Forwarded-For lets a run that makes many accounts (the
    // stored-XSS corpus) sign each up from an address of its own, as clinicians behind the
    // hub's proxy would, rather than meet the per-address sign-up throttle.
    command: `rm -rf ../target/e2e-data && ../target/release/champion-hub serve --data-dir ../target/e2e-data --addr 127.0.0.1:${port} --trusted-proxy 127.0.0.1`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
