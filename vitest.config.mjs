// vitest: unit tests live under test/unit/ only (bench/.previous/ holds a copy of an older tree).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'bench/**', 'dist/**'],
  },
});
