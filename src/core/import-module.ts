/**
 * `import(specifier)` for what is known only at run time (a detector module, the cached engine) or
 * is an ES-module-only package (inquirer). The bundled CLI runs as one cached script, where V8
 * offers no `import()`: scripts/bundle.mjs swaps this module for its loader's own `import()`.
 */
export function importModule(specifier: string): Promise<unknown> {
  return import(specifier)
}
