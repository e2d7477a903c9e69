import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its own package path; bundling it breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "@pydantic/genai-prices"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` is the one type check
  // `forbidden()` renders app/forbidden.tsx with status 403 when a role lacks a permission.
  experimental: { authInterrupts: true },
};

export default nextConfig;
