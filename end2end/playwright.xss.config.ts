import base from "./playwright.config";
import { defineConfig } from "@playwright/test";

// The stored-XSS corpus run (xss/): 200 payloads in every stored text field, about 700 pages;
// `./scripts/test` runs it after the browser tests (see xss/README.md).
export default defineConfig({ ...base, testDir: "./xss", timeout: 900_000 });
