import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// As `docker extension init` writes it: relative asset paths (the UI is
// served from the extension's ui folder), the build in ui/build, and the dev
// server on port 3000 for `docker extension dev ui-source` — or
// `ddbridge serve --ui-source http://localhost:3000`.
export default defineConfig({
  plugins: [react()],
  base: "./",
  build: { outDir: "build", chunkSizeWarningLimit: 2000 },
  server: { port: Number(process.env.PORT ?? 3000), strictPort: true },
});
