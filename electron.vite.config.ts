import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // The store runs in a worker thread; it is its own entry so it can be spawned by path.
          'store-worker': resolve(import.meta.dirname, 'src/main/core/store/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only `electron`: zod (the operation table's
      // schemas come with its names) is bundled in.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        // CommonJS so the window can stay sandboxed.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      minify: true,
      rollupOptions: { input: resolve(import.meta.dirname, 'src/renderer/index.html') },
    },
    plugins: [react()],
  },
})
