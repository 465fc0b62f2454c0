// Lint: typescript-eslint (strict, type-aware off for speed), React hooks rules, and the
// architecture rules that keep each process's code where it belongs.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

const noElectron = {
  paths: [
    {
      name: 'electron',
      message:
        'Only main/electron/ and preload/ may import electron; main/core runs in the CLI and `pier serve` too.'
    }
  ],
  patterns: [
    { group: ['electron/*'], message: 'Only main/electron/ and preload/ may import electron.' }
  ]
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.native/**',
      'tests/e2e/artifacts/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off'
    }
  },
  {
    files: ['main/core/**', 'main/api/**', 'main/cli/**', 'main/headless/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] }
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to main only through renderer/src/api.ts.'
            }
          ],
          patterns: ['node:*']
        }
      ]
    }
  },
  {
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  prettier
)
