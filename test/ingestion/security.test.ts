import { describe, expect, it } from 'vitest';
import { parseReport, UnsafeXmlError } from '../../src/ingestion/index.js';
import { fixture } from '../fixtures/ingestion/fixtures.js';

describe('XML attacks', () => {
  it.each([
    ['an external entity (XXE)', 'xxe-external-entity.xml'],
    ['a parameter entity loading a remote DTD', 'xxe-parameter-entity.xml'],
    ['nested entity expansion (billion laughs)', 'billion-laughs.xml'],
  ])('refuses %s before reading any entity', async (_attack, file) => {
    const refusal = parseReport(fixture(file), { filename: file });

    await expect(refusal).rejects.toBeInstanceOf(UnsafeXmlError);
    await expect(refusal).rejects.toMatchObject({ code: 'UNSAFE_XML', httpStatus: 422, exitCode: 65 });
    await expect(refusal).rejects.toThrow(/document type declaration \(<!DOCTYPE\.\.\.>\).*XXE/);
  });

  it('refuses a DOCTYPE even when it declares nothing', async () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE feedback SYSTEM "feedback.dtd"><feedback/>';

    await expect(parseReport(Buffer.from(xml))).rejects.toMatchObject({ code: 'UNSAFE_XML' });
  });

  it('leaves undeclared entity references as literal text instead of resolving them', async () => {
    const xml = fixture('draft.xml').toString().replace('<org_name>old.example</org_name>', '<org_name>AT&T &xxe; &#65;</org_name>');

    const report = await parseReport(Buffer.from(xml));

    expect(report.metadata.orgName).toBe('AT&T &xxe; A');
    expect(report.warnings).toEqual(['unknown entity &xxe; kept as text']);
  });
});
