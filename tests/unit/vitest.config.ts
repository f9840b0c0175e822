// The TypeScript unit layer: pure functions of the extension (text extraction and its offset
// map, settings migration, the pre-send panel's ordering, the breakdown table), run in a DOM implementation.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    environment: 'happy-dom',
  },
});
