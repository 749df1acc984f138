import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';

/**
 * One place for SQL (CONTRIBUTING.md, "Reaching the database"): every hand-written statement is a
 * named constant or function of a `*-sql.ts` file beside the code that runs it. This finds the
 * string and template literals of the application code that begin like a statement.
 */
const STATEMENT =
  /^\s*(SELECT\s+\d|SELECT\s[\s\S]*\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\S+(\s+\w+)?\s+SET\s|DELETE\s+FROM\s|WITH\s+(RECURSIVE\s+)?\w+\s+AS\s*\(|COPY\s+\S+\s*(\(|FROM|TO)|TRUNCATE\s|(CREATE|ALTER|DROP)\s+(UNIQUE\s+)?(TABLE|INDEX|DATABASE|TRIGGER|FUNCTION|VIEW|SCHEMA|EXTENSION|TYPE)\s)/i;
const FOLDERS = ['src', 'jobs', 'resolvers'];

function typescriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line: the statement's start` for each statement literal of `text`. */
function statementLiterals(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const head = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : ts.isTemplateExpression(node) ? node.head.text : undefined;
    if (head !== undefined && STATEMENT.test(head)) {
      found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${head.trim().split(/\s+/).slice(0, 4).join(' ')}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SQL lives in *-sql.ts files', () => {
  it('no statement is written anywhere else in src/, jobs/ or resolvers/', () => {
    const files = FOLDERS.flatMap((folder) => typescriptFiles(join(projectRoot, folder))).filter((file) => !file.endsWith('-sql.ts'));
    expect(files.length).toBeGreaterThan(100);
    const misplaced = files.flatMap((file) => statementLiterals(relative(projectRoot, file), readFileSync(file, 'utf8')));
    expect(misplaced).toEqual([]);
  });

  it('the check finds statements in strings and templates, upper or lower case, and leaves prose and fragments alone', () => {
    const sample = [
      "const a = 'SELECT 1';",
      'const b = `\n  update "job_runs" d set x = 1`;',
      'const c = `WITH moved AS (DELETE FROM t RETURNING *) SELECT ${columns} FROM moved`;',
      "const d = 'Select a domain to see its senders';",
      "const e = `a.created_at < ${after}`;",
      "const f = 'delete this webhook?';",
      "const g = 'create a user account';",
    ].join('\n');
    expect(statementLiterals('sample.ts', sample)).toEqual(['sample.ts:1: SELECT 1', 'sample.ts:2: update "job_runs" d set', 'sample.ts:4: WITH moved AS (DELETE']);
  });
});
