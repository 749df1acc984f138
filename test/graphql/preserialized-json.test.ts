import { describe, expect, it } from 'vitest';
import { preserialized, stringifyResult } from '../../src/graphql/preserialized-json.js';

const noCheck = () => {};

describe('preserialized JSON in GraphQL answers', () => {
  it('writes the same text as JSON.stringify, the spliced values included', () => {
    const latitude = [52.52, -33.8688, 0];
    const city = ['Berlin', null, 'a "quoted" \u0000 name'];
    const result = { data: { map: { latitude: preserialized(latitude, noCheck), city: preserialized(city, noCheck), count: 3 }, again: preserialized(latitude, noCheck) } };
    const plain = { data: { map: { latitude, city, count: 3 }, again: latitude } };
    expect(stringifyResult(result)).toBe(`${JSON.stringify(plain)}\n`);
    expect(stringifyResult({ data: { nothing: 'spliced' } })).toBe('{"data":{"nothing":"spliced"}}\n');
  });

  it('is the plain value to any other serializer (WebSocket answers)', () => {
    const column = [1, 2, 3];
    expect(JSON.stringify({ column: preserialized(column, noCheck) })).toBe('{"column":[1,2,3]}');
  });

  it('checks a value once, when it is first wrapped', () => {
    const column = [1, 2];
    let checks = 0;
    const wrapper = preserialized(column, () => checks++);
    expect(preserialized(column, () => checks++)).toBe(wrapper);
    expect(checks).toBe(1);
  });
});
