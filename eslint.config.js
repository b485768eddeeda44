// Lint, including the process boundaries of DESIGN.md: the renderer never imports main or Node,
// common/ runs anywhere (no Node, no Electron, no DOM), preload holds no logic beyond the bridge.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const nodeOnly = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'electron', 'onnxruntime-node', 'node-sqlite3-wasm', 'ws'];

export default ts.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', 'tests/fixtures/generated/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeOnly.filter((name) => !name.includes('*')).map((name) => ({ name, message: 'The renderer is a sandboxed page: ask main through lib/workstation.ts.' })),
          patterns: [
            { group: ['node:*'], message: 'The renderer is a sandboxed page: no Node modules.' },
            { group: ['**/main/**', '**/preload/**'], message: 'The renderer talks to main only through lib/workstation.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['common/**'],
    ignores: ['common/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeOnly.filter((name) => !name.includes('*')).map((name) => ({ name, message: 'common/ runs in every process: no Node or Electron.' })),
          patterns: [
            { group: ['node:*'], message: 'common/ runs in every process: no Node modules.' },
            { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'common/ depends on nothing of the processes.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: ['preload/**'],
    ignores: ['preload/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/main/**', '**/renderer/**', 'node:*'], message: 'preload holds only the bridge built from common/api.' }] },
      ],
    },
  },
  {
    files: ['main/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'main never imports the renderer.' }] }],
    },
  },
);
