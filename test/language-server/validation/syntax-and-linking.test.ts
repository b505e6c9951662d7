/**
 * Langium's lexer, parser and linker diagnostics under the language's codes: `syntax` and
 * `unresolved-reference`, in `code` and `data.code`, with messages that say what was expected.
 */
import { expectError, validationHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Topology } from '../../../src/language/generated/ast.js';
import { lexerMessage, parserMessage } from '../../../src/language-server/validation/bgptopo-document-validator.js';
import { bgptopo } from '../../support/bgptopo-test-services.js';
import { rangeOf } from './validation-test-support.js';

const validateText = validationHelper<Topology>(bgptopo);
const LANGIUM_CODES = ['lexing-error', 'parsing-error', 'linking-error'];

function langiumCodes(diagnostics: Array<{ code?: unknown; data?: unknown }>): unknown[] {
    return diagnostics.flatMap((d) => [d.code, (d.data as { code?: unknown } | undefined)?.code]).filter((code) => LANGIUM_CODES.includes(code as string));
}

describe('syntax', () => {
    test('a parse error is `syntax`, on the offending token, with Langium codes gone', async () => {
        const text = 'topology t\nnetwork lan 10.0.0.0/24\nrouter r1 { asn 65000  address 10.0.0.1  bogus }';
        const result = await validateText(text);
        expectError(result, /but found 'bogus'/, { code: 'syntax', data: { code: 'syntax' }, range: rangeOf(text, 'bogus') });
        expect(langiumCodes(result.diagnostics)).toEqual([]);
    });

    test('a keyword used as a name says so', async () => {
        const text = 'topology t\nnetwork pool 10.0.0.0/24';
        const result = await validateText(text);
        expectError(result, "'pool' is a keyword and cannot be used as a name here; expected a name.", {
            code: 'syntax',
            data: { code: 'syntax' },
            range: rangeOf(text, 'pool')
        });
    });

    test('a character no token starts with is a `syntax` error on that character', async () => {
        const text = 'topology t\nnetwork lan 10.0.0.0/24 $';
        const result = await validateText(text);
        expectError(result, "Unexpected character '$': not part of any token of the language.", {
            code: 'syntax',
            data: { code: 'syntax' },
            range: rangeOf(text, '$')
        });
        expect(langiumCodes(result.diagnostics)).toEqual([]);
    });

    test('the end of the file where a value is due', async () => {
        const result = await validateText('topology t\nrouter r1 { asn');
        expectError(result, 'Expected a number or an asdot ASN but found the end of the file.', { code: 'syntax', data: { code: 'syntax' } });
    });

    test('an address the lexer accepts but no IP has is `syntax` on the literal', async () => {
        const text = 'topology t\nnetwork lan 10.0.0.0/24\nrouter r1 { asn 65000  address 10.0.0.256 }';
        const result = await validateText(text);
        expectError(result, "'10.0.0.256' is not a valid IP address.", { code: 'syntax', data: { code: 'syntax' }, range: rangeOf(text, '10.0.0.256') });
    });

    test('message rewriting keeps unknown shapes intact, on one line', () => {
        expect(parserMessage('Something\n  else')).toBe('Something else');
        expect(parserMessage("Expecting token of type 'INT' but found `x`.")).toBe("Expected a number but found 'x'.");
        expect(lexerMessage('unexpected character: ->§<- at offset: 3, skipped 1 characters.')).toBe(
            "Unexpected character '§': not part of any token of the language."
        );
    });
});

describe('unresolved-reference', () => {
    const base = `topology t
network lan 10.0.0.0/24
router tor { asn 65000  address 10.0.0.1 }
`;

    test('an unknown router in `peers`: "Unknown router \'r9\'" on the name', async () => {
        const text = `${base}cluster c {\n  cni cilium\n  cilium-bgp { asn 65010  peers tor, r9  advertise pod-cidrs }\n  node cp1 control-plane { address 10.0.0.11 }\n}`;
        const result = await validateText(text);
        expectError(result, "Unknown router 'r9': no router in this file has that name.", {
            code: 'unresolved-reference',
            data: { code: 'unresolved-reference', refText: 'r9', expected: 'Router' },
            range: rangeOf(text, 'r9')
        });
        expect(langiumCodes(result.diagnostics)).toEqual([]);
    });

    test('a node named in `peers` is a reference of the wrong kind, saying what was expected', async () => {
        const text = `${base}cluster c {\n  cni cilium\n  cilium-bgp { asn 65010  peers cp1  advertise pod-cidrs }\n  node cp1 control-plane { address 10.0.0.11 }\n}`;
        const result = await validateText(text);
        expectError(result, "'cp1' is a node (line 7), but `peers` needs a router.", {
            code: 'unresolved-reference',
            data: { code: 'unresolved-reference' },
            range: rangeOf(text, 'cp1', 'peers')
        });
    });

    test.each([
        ['`on`', 'router r2 { asn 65000  address 10.0.0.2 on tor }', 'tor', "'tor' is a router (line 3), but `on` needs a network."],
        ['`holders`', 'vip v 10.0.0.100 { keepalived vrid 1  holders tor priority 150, lan priority 100 }', 'lan', "'lan' is a network (line 2), but `holders` needs a host (a router, load balancer or node)."],
        ['`route`', 'wireguard wg0 { members tor  route ghost }', 'ghost', "Unknown VIP or network 'ghost': no VIP or network in this file has that name."],
        ['`neighbor`', 'router r2 { asn 65000  address 10.0.0.2  neighbor lan remote-as 65000 }', 'lan', "'lan' is a network (line 2), but `neighbor` needs a router or node."],
        ['`pod-network`', 'cluster c { pod-network nowhere }', 'nowhere', "Unknown network 'nowhere': no network in this file has that name."]
    ])('%s', async (_what, declaration, needle, message) => {
        const text = `${base}${declaration}`;
        const result = await validateText(text);
        expectError(result, message, {
            code: 'unresolved-reference',
            data: { code: 'unresolved-reference' },
            range: rangeOf(text, needle, declaration.slice(0, 10))
        });
    });

    test('a name declared later in the file resolves (order does not matter)', async () => {
        const result = await validateText(`${base}vip v 10.0.0.100 { keepalived vrid 1  holders lb1 priority 150, tor priority 100 }\nloadbalancer lb1 { address 10.0.0.9 }`);
        expect(result.diagnostics.filter((d) => d.code === 'unresolved-reference')).toEqual([]);
    });
});
