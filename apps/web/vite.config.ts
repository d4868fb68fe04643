import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Vendor chunks (Rolldown `codeSplitting.groups`, Vite 8's form of Rollup's manualChunks): React, antd
 * (with its rc-component, css-in-js and dayjs dependencies), icons, and the rest of node_modules.
 * Higher priority claims a module first, so react-dom stays in `react` although antd imports it.
 */
const vendorGroups = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/, priority: 40 },
  { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 30 },
  { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons(-svg)?[\\/]/, priority: 20 },
  // antd is ~1 MB minified: its rc-component and css-in-js foundations go in their own chunk.
  // (Rolldown's `maxSize` splitting broke module init order here — "Cannot destructure 'ESC'" — so split by package.)
  {
    name: 'antd-base',
    test: /node_modules[\\/](@rc-component|@ant-design[\\/](cssinjs|cssinjs-utils|colors|fast-color|react-slick)|@emotion|stylis|dayjs|clsx|classnames)[\\/]/,
    priority: 15,
  },
  // Data-heavy components (and what they pull in) apart from the rest of antd.
  {
    name: 'antd-data',
    test: /node_modules[\\/]antd[\\/](es|lib)[\\/](table|date-picker|calendar|time-picker|cascader|tree|tree-select)[\\/]/,
    priority: 12,
  },
  { name: 'antd', test: /node_modules[\\/](antd|@ant-design)[\\/]/, priority: 10 },
  { name: 'vendor', test: /node_modules[\\/]/, priority: 0 },
  // Shared UI package of the monorepo (otherwise named after its folder, "src").
  { name: 'mz-ui', test: /packages[\\/]ui[\\/]src[\\/]/, priority: 0 },
];

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    port: 5173,
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
