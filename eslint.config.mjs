import nx from '@nx/eslint-plugin';

// Which code may import which (../shared/notes/style.md): apps import libs; model libs import only
// tensor and core; data and the platform libs never import a model lib.
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:tensor', 'type:data', 'type:platform', 'type:model', 'type:fhir', 'type:handlers'] },
  { sourceTag: 'type:handlers', onlyDependOnLibsWithTags: ['type:core', 'type:data', 'type:platform', 'type:tensor', 'type:model', 'type:fhir'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:core', 'type:data', 'type:tensor'] },
  { sourceTag: 'type:fhir', onlyDependOnLibsWithTags: ['type:core', 'type:data'] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:core', 'type:tensor'] },
  { sourceTag: 'type:tensor', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: [] },
  // The portal runs in the browser and reaches the platform only through the GraphQL API.
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: [] },
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', 'tmp/**', 'reports/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  { files: ['**/*.test.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  {
    files: ['apps/portal/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, ecmaFeatures: { jsx: true } } },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
];
