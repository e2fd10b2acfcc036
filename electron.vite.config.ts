import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { metaContentSecurityPolicy } from './src/main/app/policy';

const alias = { '@shared': resolve(import.meta.dirname, 'src/shared') };

/**
 * The page's CSP meta tag, from the same source as the response header (policy.ts), less the
 * directives only a header can carry (frame-ancestors). Under the dev server it is the dev
 * variant, which lets the React refresh preamble and hot reload run.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'content-security-policy-meta',
    transformIndexHtml(_html, context) {
      const devServer = context.server?.resolvedUrls?.local[0];
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy(devServer) },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

export default defineConfig({
  main: {
    resolve: { alias },
    // Native modules, PGlite's WebAssembly and the rest of node_modules load from disk at run time.
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          // Its own file in out/main: the embedded portal's worker thread (embedded-portal.ts).
          'embedded-portal-worker': resolve('src/main/core/embedded-portal-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload runs as CommonJS and may require only 'electron': bundle everything else.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    resolve: { alias },
    plugins: [contentSecurityPolicyMeta(), react()],
    build: {
      // electron-vite leaves the renderer unminified; the window parses every byte before it paints.
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
