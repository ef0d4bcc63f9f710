/**
 * No import cycles: a module that two others share lives below both, so each layer can be read,
 * tested and loaded without the one above it. Type-only imports count too (they tie the files
 * together just the same). The imports are read with TypeScript's preprocessor, which parses no
 * types, so the whole tree takes a fraction of a second.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { preProcessFile } from 'typescript';

const ROOT = join(__dirname, '..');
const FOLDERS = ['src', 'cases', 'test', 'bin'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each file's imports among the given files (relative specifiers only: packages are not ours). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const resolveImport = (from: string, specifier: string): string | undefined => {
    if (!specifier.startsWith('.')) return undefined;
    const base = resolve(dirname(from), specifier);
    return [`${base}.ts`, `${base}.js`, join(base, 'index.ts'), base].find((candidate) => known.has(candidate));
  };
  return new Map(
    files.map((file) => {
      const { importedFiles } = preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = importedFiles.map((imported) => resolveImport(file, imported.fileName));
      return [file, [...new Set(targets.filter((target): target is string => target !== undefined))]];
    }),
  );
}

/** The strongly connected groups of more than one file, or a file importing itself (Tarjan's algorithm). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(group);
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

/** A cycle as its imports: "a.ts -> b.ts" for each import inside the group. */
const describeCycle = (group: readonly string[], graph: ReadonlyMap<string, readonly string[]>, root: string): string[] =>
  group.flatMap((file) =>
    (graph.get(file) ?? []).filter((next) => group.includes(next)).map((next) => `${relative(root, file)} -> ${relative(root, next)}`),
  );

test('no import cycles in src, cases, test or bin', () => {
  const files = FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)));
  const graph = importGraph(files);
  // The graph was read: the CLI's entry reaches the engine.
  expect(graph.get(join(ROOT, 'src', 'cli', 'main.ts'))?.length).toBeGreaterThan(5);
  expect(importCycles(graph).map((group) => describeCycle(group, graph, ROOT))).toEqual([]);
});

test('a cycle is found, through a type-only import and an index file, and named by its imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-cycles-'));
  try {
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b';\nexport interface A { b?: B }\n");
    writeFileSync(join(dir, 'b.ts'), "import { c } from './c';\nexport interface B { c: typeof c }\n");
    writeFileSync(join(dir, 'c.ts'), "export { a } from './lower';\nexport const c = 1;\n");
    writeFileSync(join(dir, 'lower.ts'), "import type { A } from '.';\nexport const a: A = {};\n");
    writeFileSync(join(dir, 'index.ts'), "export type { A } from './a';\n");
    writeFileSync(join(dir, 'apart.ts'), "import { c } from './c';\nexport const d = c;\n");
    const graph = importGraph(sourceFiles(dir));
    const cycles = importCycles(graph);
    expect(cycles).toHaveLength(1);
    expect(describeCycle(cycles[0] ?? [], graph, dir).sort()).toEqual([
      'a.ts -> b.ts',
      'b.ts -> c.ts',
      'c.ts -> lower.ts',
      'index.ts -> a.ts',
      'lower.ts -> index.ts',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
