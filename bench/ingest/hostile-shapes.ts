import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { seededRandom } from './corpus.js';

/**
 * Hostile inputs for the ingestion pipeline, each generated on the fly at any size (100 MiB
 * decompressed by default) and gzipped as it is produced: nothing that big is ever held or written.
 * Each shape targets one way a parser's memory could grow with its input.
 */

export const MiB = 1024 * 1024;

export interface HostileShape {
  readonly name: string;
  readonly description: string;
  /** Bytes before the repeated part. */
  readonly prefix: string;
  /** One pass of the repeated part, built from a seeded random source (so the gzip ratio stays realistic). */
  readonly filler: (random: () => number) => string;
  /** Bytes after the repeated part (a hostile input need not close what it opened). */
  readonly suffix: string;
  /** The refusal code expected; null when the input is a valid report that must stream through. */
  readonly expectedCode: string | null;
}

const letters = 'abcdefghijklmnopqrstuvwxyz';

function randomName(random: () => number, length = 3): string {
  let name = '';
  for (let i = 0; i < length; i++) name += letters[Math.floor(random() * 26)];
  return name;
}

/** `count` copies of `unit` with a random 3-letter word every `every`th: compressible, but not a bomb. */
function repeatWithNoise(random: () => number, count: number, every: number, unit: (word: string) => string, plain: string): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(i % every === every - 1 ? unit(randomName(random)) : plain);
  return parts.join('');
}

const header =
  '<?xml version="1.0"?><feedback><version>1.0</version><report_metadata><org_name>Hostile</org_name>' +
  '<email>h@hostile.example</email><report_id>h-1</report_id><date_range><begin>1700000000</begin><end>1700086399</end>' +
  '</date_range></report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>';

function validRecord(random: () => number): string {
  const ip = `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
  return (
    `<record><row><source_ip>${ip}</source_ip><count>${1 + Math.floor(random() * 1000)}</count><policy_evaluated>` +
    '<disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers>' +
    `<header_from>${randomName(random, 6)}.example</header_from></identifiers><auth_results><dkim><domain>example.com</domain>` +
    '<selector>s1</selector><result>pass</result></dkim><spf><domain>example.com</domain><result>fail</result></spf></auth_results></record>\n'
  );
}

export const hostileShapes: readonly HostileShape[] = [
  {
    name: 'deep-nesting',
    description: 'the review\'s upload: <feedback>, then <a> opened forever, a random tag every 300th',
    prefix: '<?xml version="1.0"?><feedback>',
    filler: (random) => repeatWithNoise(random, 20_000, 300, (word) => `<${word}>`, '<a>'),
    suffix: '',
    expectedCode: 'XML_TOO_DEEP',
  },
  {
    name: 'wide-unknown-elements',
    description: 'millions of sibling unknown elements with attributes and content',
    prefix: '<?xml version="1.0"?><feedback>',
    filler: (random) => repeatWithNoise(random, 4_000, 20, (word) => `<${word} k="${word}">${word}</${word}>`, '<ext k="v">x</ext>'),
    suffix: '</feedback>',
    // Everything is skipped; the report then lacks its metadata.
    expectedCode: 'INVALID_REPORT',
  },
  {
    name: 'huge-attribute',
    description: 'one attribute value that never ends',
    prefix: '<?xml version="1.0"?><feedback><extension value="',
    filler: (random) => repeatWithNoise(random, 20_000, 50, (word) => word, 'x'),
    suffix: '"/></feedback>',
    expectedCode: 'REPORT_TOO_LARGE',
  },
  {
    name: 'field-split-by-comments',
    description: '<extra_contact_info> whose text is cut into pieces by <!----> (each piece below every token limit)',
    prefix: '<?xml version="1.0"?><feedback><report_metadata><extra_contact_info>',
    filler: (random) => repeatWithNoise(random, 8_000, 30, (word) => `${word}<!---->`, 'contact<!---->'),
    suffix: '</extra_contact_info></report_metadata></feedback>',
    expectedCode: 'FIELD_TOO_LONG',
  },
  {
    name: 'text-split-by-comments',
    description: 'text between elements (no field) cut by comments: read and dropped',
    prefix: '<?xml version="1.0"?><feedback>',
    filler: (random) => repeatWithNoise(random, 8_000, 30, (word) => `${word}<!---->`, 'filler text<!---->'),
    suffix: '</feedback>',
    expectedCode: 'INVALID_REPORT',
  },
  {
    name: 'huge-comment',
    description: 'a comment that never ends',
    prefix: '<?xml version="1.0"?><feedback><!--',
    filler: (random) => repeatWithNoise(random, 20_000, 50, (word) => word, '-'),
    suffix: '--></feedback>',
    expectedCode: 'REPORT_TOO_LARGE',
  },
  {
    name: 'huge-processing-instruction',
    description: 'a processing instruction that never ends',
    prefix: '<?xml version="1.0"?><feedback><?vendor ',
    filler: (random) => repeatWithNoise(random, 20_000, 50, (word) => word, 'p'),
    suffix: '?></feedback>',
    expectedCode: 'REPORT_TOO_LARGE',
  },
  {
    name: 'huge-cdata',
    description: 'a CDATA section in a field that never ends',
    prefix: '<?xml version="1.0"?><feedback><report_metadata><org_name><![CDATA[',
    filler: (random) => repeatWithNoise(random, 20_000, 50, (word) => word, 'c'),
    suffix: ']]></org_name></report_metadata></feedback>',
    expectedCode: 'REPORT_TOO_LARGE',
  },
  {
    name: 'huge-tag-name',
    description: 'a start tag whose name never ends',
    prefix: '<?xml version="1.0"?><feedback><a',
    filler: (random) => repeatWithNoise(random, 20_000, 50, (word) => word, 'n'),
    suffix: '/></feedback>',
    expectedCode: 'REPORT_TOO_LARGE',
  },
  {
    name: 'many-auth-results',
    description: 'one record with millions of DKIM results',
    prefix: `${header}<record><row><source_ip>192.0.2.1</source_ip><count>1</count></row><auth_results>`,
    filler: (random) => repeatWithNoise(random, 1_000, 10, (word) => `<dkim><domain>${word}.example</domain><result>pass</result></dkim>`, '<dkim><domain>d.example</domain><result>pass</result></dkim>'),
    suffix: '</auth_results></record></feedback>',
    expectedCode: 'REPORT_TOO_LARGE',
  },
  {
    name: 'many-records',
    description: 'a valid report with as many records as fit: streamed through in batches, not refused',
    prefix: header,
    filler: (random) => Array.from({ length: 200 }, () => validRecord(random)).join(''),
    suffix: '</feedback>',
    expectedCode: null,
  },
];

export function hostileShape(name: string): HostileShape {
  const shape = hostileShapes.find((candidate) => candidate.name === name);
  if (shape === undefined) throw new Error(`unknown shape ${name}; known: ${hostileShapes.map((s) => s.name).join(', ')}`);
  return shape;
}

/** How many bytes of XML `hostileXml` produced so far. */
export interface ProducedBytes {
  xml: number;
}

/**
 * The shape's XML, `totalBytes` of it (give or take one filler), in chunks. A handful of distinct
 * fillers is cycled: each is larger than gzip's 32 KiB window, so repeating them costs gzip as much as
 * new data would, and generating stays cheap.
 */
export async function* hostileXml(shape: HostileShape, totalBytes: number, produced: ProducedBytes = { xml: 0 }): AsyncGenerator<Buffer> {
  const random = seededRandom(12);
  const fillers = Array.from({ length: 8 }, () => Buffer.from(shape.filler(random)));
  const prefix = Buffer.from(shape.prefix);
  produced.xml += prefix.length;
  yield prefix;
  for (let i = 0; produced.xml < totalBytes; i++) {
    const filler = fillers[i % fillers.length]!;
    produced.xml += filler.length;
    yield filler;
  }
  const suffix = Buffer.from(shape.suffix);
  produced.xml += suffix.length;
  yield suffix;
}

/** The shape gzipped as it is generated (level 6, as reporters send); pulled, so generation stops when reading does. */
export function gzippedHostileXml(shape: HostileShape, totalBytes: number, produced?: ProducedBytes): Readable {
  return Readable.from(hostileXml(shape, totalBytes, produced)).pipe(createGzip());
}
