// V8 flags of the CLI process: set by bin/gitseal.js before any of its code is compiled, and by
// scripts/code-cache.mjs when it makes the code caches (V8 rejects a cache made under
// other flags).
//
// V8 optimises a function after it ran ~66 KB of bytecode three times; on a scan most such work is
// thrown away (the optimising compiler's thread competes for the same cores, and functions that see
// many shapes deoptimise). 18× the budget, measured (CPU, interleaved, load 8): small trees
// 682 -> 509 ms (jfrog/charts), 620 -> 427 (ironicbadger/infra); argo-cd 1.83 -> 1.45 s; the
// generated 55 MB tree 1.92 -> 1.37 s. Worker threads share the process's flags.
export const V8_FLAGS = '--interrupt-budget=1200000'
