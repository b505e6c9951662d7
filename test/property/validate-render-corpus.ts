/**
 * The documents the validate ⇒ render property runs over: the examples (v1, and v2 ones no longer pending), the
 * render corpus, the diagnostic fixtures, rack topologies generated with varied selectors, families and options,
 * and mutants of those — semantic edits that keep the syntax (so that validation, not the parser, has to say
 * what is wrong) and token-level fuzz mutations. Everything is drawn from a seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../bench/topology-generator.js';
import { generateRackTopology } from '../../bench/topology-generator-racks.js';
import { mutate } from '../fuzz/fuzz-mutations.js';
import { CORPUS_SOURCES } from '../render/render-corpus.js';
import { EXAMPLES } from '../render/render-fixtures.js';

export interface PropertyDocument {
    readonly name: string;
    readonly text: string;
    /** Where it comes from: a corpus (written by hand), generated, or a mutant of a generated one. */
    readonly kind: 'corpus' | 'generated' | 'semantic-mutant' | 'fuzz-mutant';
}

const FIXTURES = join(import.meta.dirname, '..', 'language-server', 'validation', 'fixtures');

function bgptopoFiles(folder: string): string[] {
    return readdirSync(folder)
        .filter((file) => file.endsWith('.bgptopo'))
        .sort();
}

export function corpusDocuments(): PropertyDocument[] {
    const documents: PropertyDocument[] = [];
    for (const file of bgptopoFiles(EXAMPLES)) {
        documents.push({ name: `examples/${file}`, text: readFileSync(join(EXAMPLES, file), 'utf8'), kind: 'corpus' });
    }
    // Every v2 example: a pending one does not parse yet, so it only has to be refused, not rendered.
    for (const file of bgptopoFiles(join(EXAMPLES, 'v2'))) {
        documents.push({ name: `examples/v2/${file}`, text: readFileSync(join(EXAMPLES, 'v2', file), 'utf8'), kind: 'corpus' });
    }
    for (const [name, text] of CORPUS_SOURCES) {
        documents.push({ name: `render corpus ${name}`, text: text(), kind: 'corpus' });
    }
    for (const file of bgptopoFiles(FIXTURES)) {
        documents.push({ name: `fixture ${file}`, text: readFileSync(join(FIXTURES, file), 'utf8'), kind: 'corpus' });
    }
    return documents;
}

/** Rack topologies with the seed's speakers, selectors, families and options (small: fast to build). */
export function generatedDocuments(seed: number, count: number): PropertyDocument[] {
    const random = mulberry32(seed);
    return Array.from({ length: count }, (_, index): PropertyDocument => {
        const racks = 1 + Math.floor(random() * 5);
        const nodesPerRack = 1 + Math.floor(random() * 4);
        const clusters = 1 + Math.floor(random() * 2);
        const documentSeed = (seed + index * 7919) >>> 0;
        // Every other document has a spine with an upstream (router neighbors, announce, accept, aggregates).
        const spine = index % 2 === 1;
        const { text } = generateRackTopology({ racks, nodesPerRack, clusters, seed: documentSeed, vary: true, spine });
        const shape = `${racks} racks × ${nodesPerRack}, ${clusters} cluster(s)${spine ? ', spine' : ''}, seed ${documentSeed}`;
        return { name: `generated #${index} (${shape})`, text, kind: 'generated' };
    }).concat(advertisementDocuments(seed));
}

/** The benchmark's part-3 file (10 pools, 40 advertisements) at small sizes. */
function advertisementDocuments(seed: number): PropertyDocument[] {
    return [8, 9, 12].map((racks, index) => {
        const nodesPerRack = 1 + index;
        const { text } = generateRackTopology({ racks, nodesPerRack, seed: seed + index, advertisements: true });
        return { name: `generated advertisements (${racks} racks × ${nodesPerRack})`, text, kind: 'generated' };
    });
}

/**
 * Edits that keep a generated document parseable but may make it wrong: a selector that matches nothing, a
 * duplicated group, a second AS for a node, out-of-range timers, a missing address or ASN, a family without an
 * address, options a speaker cannot express. Each is a regular expression over the text and its replacement.
 */
const SEMANTIC_EDITS: ReadonlyArray<readonly [string, RegExp, string]> = [
    ['selector matches nothing', /speakers rack=(\d+)/, 'speakers rack=999'],
    ['selector mixes names and terms', /speakers rack=(\d+)/, 'speakers rack=$1, r$1n1'],
    ['group duplicated', /^( {4}peer [^\n]*)$/m, '$1\n$1'],
    ['group asn split', /^( {4}peer (tor\d+-a)[^{\n]*\{ speakers rack=(\d+))/m, '    peer $2 { speakers rack=$3  asn 4220000000 }\n$1'],
    ['hold out of range', /^( {4}asn \d+)$/m, '$1\n    hold 2s  keepalive 1s'],
    ['keepalive above hold', /^( {4}asn \d+)$/m, '$1\n    hold 9s  keepalive 10s'],
    ['bfd multiplier out of range', /^( {4}asn \d+)$/m, '$1\n    bfd { multiplier 300 }'],
    ['block asn removed', /^ {4}asn \d+\n/m, ''],
    ['node address removed', /address 10\.\d+\.\d+\.\d{2,3}(?= )/, ''],
    ['router address removed', /(router tor\d+-a \{ asn \d+ {2})address [\d.]+/, '$1'],
    ['ipv6 on an ipv4 rack', /speakers rack=(\d+)(?![^\n]*families)/, 'speakers rack=$1  families ipv6'],
    ['graceful restart everywhere', /^( {4}asn \d+)$/m, '$1\n    graceful-restart restart-time 90s'],
    ['to loopback over ipv6', /speakers rack=(\d+)(?![^\n]*families)/, 'speakers rack=$1  to loopback  families ipv4, ipv6 over ipv6'],
    ['multihop out of range', /^( {4}asn \d+)$/m, '$1\n    multihop 300'],
    ['password secret name invalid', /^( {4}asn \d+)$/m, '$1\n    password secret "not a name"'],
    ['label removed', /  labels rack=\d+(, tier=\w+)?/, ''],
    ['pool removed', /^ {4}pool lb(-v6)?\n/m, ''],
    ['ASN zero', /asn 42100000(\d\d)/, 'asn 0'],
    ['connect-retry zero', /^( {4}asn \d+)$/m, '$1\n    connect-retry 0s'],
    ['source address out of range', /^( {4}asn \d+)$/m, '$1\n    source address 3'],
    ['announce a pool nothing advertises', /announce /, 'announce pool lb-v6, '],
    ['announce a pod network as a pool', /announce /, 'announce pool pods aggregate, '],
    ['accept a prefix with host bits', /accept default/, 'accept 100.64.0.1/24'],
    ['accept twice', /accept default/, 'accept default  accept nothing'],
    ['upstream off every network', /upstream 100\.64\.0\.1/, 'upstream 100.65.0.1'],
    ['router neighbor of itself', /(router (tor\d+-a) [^\n]*)neighbor spine/, '$1neighbor $2']
];

/** One to three semantic edits on each of `count` generated documents. */
export function semanticMutants(base: readonly PropertyDocument[], seed: number, count: number): PropertyDocument[] {
    const random = mulberry32(seed);
    return Array.from({ length: count }, (_, index): PropertyDocument => {
        const source = base[index % base.length];
        let text = source.text;
        const applied: string[] = [];
        const edits = 1 + Math.floor(random() * 3);
        for (let i = 0; i < edits; i++) {
            const [name, pattern, replacement] = SEMANTIC_EDITS[Math.floor(random() * SEMANTIC_EDITS.length)];
            const edited = text.replace(pattern, replacement);
            if (edited !== text) {
                applied.push(name);
                text = edited;
            }
        }
        return { name: `${source.name} with ${applied.join(', ') || 'no edit that applied'}`, text, kind: 'semantic-mutant' };
    });
}

/** Token-level fuzz mutants (the fuzzer's operators) of generated documents. */
export function fuzzMutants(base: readonly PropertyDocument[], seed: number, count: number, keywords: readonly string[]): PropertyDocument[] {
    return Array.from({ length: count }, (_, index): PropertyDocument => {
        const source = base[index % base.length];
        const documentSeed = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
        const mutant = mutate(source.text, documentSeed, keywords);
        return { name: `${source.name}, fuzzed (${mutant.operators.join(', ')}; seed ${documentSeed})`, text: mutant.text, kind: 'fuzz-mutant' };
    });
}
