import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

export interface ReadmeBlock {
  /** The line of README.md the block's opening fence is on. */
  readonly line: number;
  readonly source: string;
}

export const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

/** Every fenced block of README.md in `language`, in order. */
export function readmeBlocks(language: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  for (const match of readme.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))) {
    blocks.push({ line: readme.slice(0, match.index).split('\n').length, source: match[1]! });
  }
  return blocks;
}

export interface ShellCommand {
  readonly line: number;
  readonly command: string;
}

/**
 * The commands of the README's ```sh blocks: comments dropped (a `#` at the start of a line or
 * after a space), lines ending in `\` joined to the next, blank lines skipped.
 */
export function readmeShellCommands(): ShellCommand[] {
  const commands: ShellCommand[] = [];
  for (const block of readmeBlocks('sh')) {
    let pending: ShellCommand | undefined;
    block.source.split('\n').forEach((raw, index) => {
      const text = raw.replace(/(^|\s)#.*$/, '').trim();
      if (pending) pending = { line: pending.line, command: `${pending.command} ${text.replace(/\\$/, '').trim()}` };
      else if (text) pending = { line: block.line + 1 + index, command: text.replace(/\\$/, '').trim() };
      if (pending && !text.endsWith('\\')) {
        commands.push(pending);
        pending = undefined;
      }
    });
  }
  return commands;
}
