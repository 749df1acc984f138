/** Warnings of one report kept in full up to this many; the rest are counted in one more line. */
export const MAX_WARNINGS = 20;

/** What a parser recovered from, in words, bounded however broken the input is. */
export class WarningList {
  private readonly kept: string[] = [];
  private suppressed = 0;

  add = (message: string): void => {
    if (this.kept.length < MAX_WARNINGS) this.kept.push(message);
    else this.suppressed++;
  };

  all(): string[] {
    return this.suppressed === 0 ? [...this.kept] : [...this.kept, `... and ${this.suppressed} more`];
  }
}
