/**
 * Mutation operators for fuzzing `.bgptopo` text. Every operator is a pure function of the text and a PRNG,
 * so a document is reproduced from its seed alone.
 */
import { mulberry32 } from '../../bench/topology-generator.js';

export type Random = () => number;

/** A token-level view of the text: tokens and the whitespace/comments between them, concatenated back losslessly. */
const TOKEN = /\s+|#[^\n]*|"(?:\\.|[^"\\\n])*"|[A-Za-z0-9_.:/-]+|->|./gsu;

export function tokenize(text: string): string[] {
    return text.match(TOKEN) ?? [];
}

function isWord(token: string): boolean {
    return !/^\s/.test(token) && !token.startsWith('#');
}

/** Values a validator may choke on: huge numbers, broken literals, odd characters, unbalanced braces. */
const NASTY_VALUES = [
    '99999999999999999999999',
    '4294967296',
    '4294967295',
    '0',
    '-1',
    '65535.65535',
    '65536.1',
    '1.2.3.4',
    '256.256.256.256',
    '999.1.1.1/33',
    '10.0.0.0/0',
    '10.0.0.1/32',
    '0.0.0.0/0',
    '::',
    '::/0',
    ':::::',
    '1:2:3:4:5:6:7:8:9',
    'fe80::1/129',
    '2001:db8::/32',
    '::ffff:10.0.0.1',
    '1.2.3.4.5',
    '99999999999999999999999.1.1.1',
    '10.0.0.0/99999999999999999999',
    '0s',
    '0ms',
    '99999999999999999999h',
    '""',
    '"\\u0000"',
    '"unterminated',
    '[::1]',
    'a'.repeat(3000),
    'x-'.repeat(500) + 'y',
    '_',
    '-',
    '->',
    '@',
    ':',
    ',',
    ',,',
    '{',
    '}',
    '{{{{',
    '}}}}',
    '/*',
    '*/',
    '\u0000',
    '\uFEFF',
    '\u202E',
    'é',
    'ß',
    '名前',
    '🙂',
    '\uD800',
    '\r',
    '\t',
    '\\'
];

/** Numbers at and past the edges of the ranges the language uses (octets, prefix lengths, ports, ASNs). */
const EDGE_NUMBERS = ['0', '1', '00', '007', '31', '32', '33', '64', '127', '128', '129', '255', '256', '999', '65535', '65536', '4294967295', '4294967296', '99999999999999999999999'];

/**
 * Pieces of LANGUAGE-V2 part 1 syntax (labels, selectors with `or` and `!=`, peer groups, per-group AS, families
 * and `over`, BFD profiles, graceful restart, timers, `to loopback`), whole and cut short, spliced anywhere.
 */
export const V2_SNIPPETS = [
    'labels rack=1',
    'labels rack=a, "topology.kubernetes.io/zone"=zone-a',
    'labels role=router, rack=frontend',
    'labels rack=',
    'labels =a',
    'labels rack="1a", tier=web',
    'hostname "k8s-0.home.lan"',
    'speakers rack=a or rack=b',
    'speakers workers, rack=a, tier!=db',
    'speakers w1, rack=a or cp1',
    'speakers all or',
    'speakers rack!=',
    'speakers or or',
    'peer tor-a { speakers rack=a  asn 64601 }',
    'peer tor-a, tor-b { speakers rack=1 or rack=2  families ipv4, ipv6 over ipv6 }',
    'peer tor-a { bfd { receive 300ms  transmit 300ms  multiplier 3 }  graceful-restart restart-time 120s }',
    'peer tor-a { hold 0s  keepalive 0s  connect-retry 5s  to loopback  multihop 2 }',
    'peer tor-a { password secret "rack-a"  source address 2 }',
    'peer { }',
    'peer tor-a {',
    'peer tor-a, { speakers }',
    'families ipv4, ipv6',
    'families ipv6 over ipv4',
    'families over ipv6',
    'families ipv4, ipv4, ipv6 over ipv6',
    'bfd { multiplier 0 }',
    'bfd { receive 0ms transmit 99999999999ms }',
    'bfd {',
    'graceful-restart restart-time',
    'graceful-restart restart-time 0s',
    'hold 2s  keepalive 3s',
    'connect-retry 0s',
    'to loopback',
    'to',
    'loopback 192.0.2.250',
    'loopback 2001:db8::1',
    'listen-port 1790',
    'asn 4294967295',
    'or',
    '!=',
    '='
] as const;

export interface Mutator {
    readonly name: string;
    apply(text: string, random: Random, keywords: readonly string[]): string;
}

const pick = <T>(items: readonly T[], random: Random): T => items[Math.floor(random() * items.length)];

function wordIndexes(tokens: string[]): number[] {
    const result: number[] = [];
    tokens.forEach((token, index) => {
        if (isWord(token)) {
            result.push(index);
        }
    });
    return result;
}

function withTokens(text: string, edit: (tokens: string[], words: number[]) => void): string {
    const tokens = tokenize(text);
    const words = wordIndexes(tokens);
    if (words.length === 0) {
        return text;
    }
    edit(tokens, words);
    return tokens.join('');
}

function withLines(text: string, edit: (lines: string[]) => void): string {
    const lines = text.split('\n');
    edit(lines);
    return lines.join('\n');
}

export const MUTATORS: readonly Mutator[] = [
    {
        name: 'token-delete',
        apply: (text, random) => withTokens(text, (tokens, words) => void tokens.splice(pick(words, random), 1))
    },
    {
        name: 'token-duplicate',
        apply: (text, random) =>
            withTokens(text, (tokens, words) => {
                const at = pick(words, random);
                tokens.splice(at, 0, tokens[at], ' ');
            })
    },
    {
        name: 'token-swap',
        apply: (text, random) =>
            withTokens(text, (tokens, words) => {
                const a = pick(words, random);
                const b = pick(words, random);
                [tokens[a], tokens[b]] = [tokens[b], tokens[a]];
            })
    },
    {
        name: 'token-replace-keyword',
        apply: (text, random, keywords) => withTokens(text, (tokens, words) => void (tokens[pick(words, random)] = pick(keywords, random)))
    },
    {
        name: 'token-replace-nasty',
        apply: (text, random) => withTokens(text, (tokens, words) => void (tokens[pick(words, random)] = pick(NASTY_VALUES, random)))
    },
    {
        name: 'token-insert-keyword',
        apply: (text, random, keywords) =>
            withTokens(text, (tokens, words) => void tokens.splice(pick(words, random), 0, pick(keywords, random), ' '))
    },
    {
        // Literals keep their shape but take edge values: octets/lengths past their range, huge numbers.
        name: 'literal-perturb',
        apply: (text, random) =>
            withTokens(text, (tokens, words) => {
                const literals = words.filter((index) => /[0-9]/.test(tokens[index]));
                if (literals.length > 0) {
                    const at = pick(literals, random);
                    tokens[at] = tokens[at].replace(/[0-9]+/g, (digits) => (random() < 0.5 ? pick(EDGE_NUMBERS, random) : digits));
                }
            })
    },
    {
        name: 'line-delete',
        apply: (text, random) => withLines(text, (lines) => void lines.splice(Math.floor(random() * lines.length), 1))
    },
    {
        name: 'line-duplicate',
        apply: (text, random) =>
            withLines(text, (lines) => {
                const at = Math.floor(random() * lines.length);
                lines.splice(at, 0, lines[at]);
            })
    },
    {
        name: 'line-swap',
        apply: (text, random) =>
            withLines(text, (lines) => {
                const a = Math.floor(random() * lines.length);
                const b = Math.floor(random() * lines.length);
                [lines[a], lines[b]] = [lines[b], lines[a]];
            })
    },
    {
        name: 'bytes-insert',
        apply: (text, random) => {
            const at = Math.floor(random() * (text.length + 1));
            return text.slice(0, at) + randomBytes(random) + text.slice(at);
        }
    },
    {
        name: 'nasty-insert',
        apply: (text, random) => {
            const at = Math.floor(random() * (text.length + 1));
            return `${text.slice(0, at)} ${pick(NASTY_VALUES, random)} ${text.slice(at)}`;
        }
    },
    {
        // The new syntax in every place: inside blocks, groups and selectors, or where it does not belong.
        name: 'v2-snippet-insert',
        apply: (text, random) =>
            withTokens(text, (tokens, words) => void tokens.splice(pick(words, random), 0, ' ', pick(V2_SNIPPETS, random), ' '))
    },
    {
        // A v2 snippet after an opening brace: where the block's or group's options go.
        name: 'v2-snippet-in-block',
        apply: (text, random) => {
            const braces: number[] = [];
            for (let at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) {
                braces.push(at + 1);
            }
            const at = braces.length > 0 ? pick(braces, random) : Math.floor(random() * (text.length + 1));
            return `${text.slice(0, at)} ${pick(V2_SNIPPETS, random)} ${text.slice(at)}`;
        }
    },
    {
        name: 'truncate',
        apply: (text, random) => text.slice(0, Math.floor(random() * text.length))
    }
];

/** 1–16 random code units: printable ASCII, braces, controls incl. NUL, non-ASCII and lone surrogates. */
function randomBytes(random: Random): string {
    const length = 1 + Math.floor(random() * 16);
    let result = '';
    for (let i = 0; i < length; i++) {
        const kind = random();
        if (kind < 0.4) {
            result += String.fromCharCode(32 + Math.floor(random() * 95));
        } else if (kind < 0.55) {
            result += random() < 0.5 ? '{' : '}';
        } else if (kind < 0.7) {
            result += String.fromCharCode(Math.floor(random() * 32));
        } else if (kind < 0.9) {
            result += String.fromCharCode(0x80 + Math.floor(random() * 0xff80));
        } else {
            result += String.fromCodePoint(0x10000 + Math.floor(random() * 0xfffff));
        }
    }
    return result;
}

export interface Mutant {
    readonly text: string;
    readonly operators: string[];
}

/** Apply 1–4 random mutations to `text`, drawn from the PRNG seeded with `seed`. */
export function mutate(text: string, seed: number, keywords: readonly string[]): Mutant {
    const random = mulberry32(seed);
    const count = 1 + Math.floor(random() * 4);
    const operators: string[] = [];
    let result = text;
    for (let i = 0; i < count; i++) {
        const mutator = pick(MUTATORS, random);
        operators.push(mutator.name);
        result = mutator.apply(result, random, keywords);
    }
    return { text: result, operators };
}
