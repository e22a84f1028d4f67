import js from "@eslint/js";
import tseslint from "typescript-eslint";

const noFocusedOrSkipped = [
  { selector: "CallExpression[callee.property.name='only']", message: "No .only in tests." },
  { selector: "CallExpression[callee.property.name='skip'][callee.object.name=/^(it|test|describe)$/]", message: "No .skip in tests." },
];
/** The union of schemes is spelled once, in the domain (`Scheme`) and the schema's enum; elsewhere it is imported. */
const noSchemeUnion = {
  selector: "TSUnionType > TSLiteralType > Literal[value=/^(voluntary_social_insurance|household_health_insurance)$/]",
  message: 'The scheme union is the domain\'s type: import type { Scheme } from "@ansinh/domain/eligibility".',
};

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/.next/**",
      "**/node_modules/**",
      "**/.data/**",
      "**/migrations/**",
      "**/next-env.d.ts",
      "**/test-results/**",
      "**/docs/api/**",
      "**/test/.snippets/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-restricted-syntax": ["error", ...noFocusedOrSkipped, noSchemeUnion],
    },
  },
  {
    // Where the schemes are defined.
    files: ["packages/domain/src/**", "packages/db/src/schema/**"],
    rules: { "no-restricted-syntax": ["error", ...noFocusedOrSkipped] },
  },
  {
    files: ["**/*.mjs", "**/*.js", "**/*.cjs"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", fetch: "readonly" },
    },
  },
);
