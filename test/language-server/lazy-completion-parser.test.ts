/** The completion parser is built at the first completion, not when the server loads its services (cold start). */
import { eagerLoad, EmptyFileSystem, LangiumCompletionParser } from 'langium';
import { describe, expect, test } from 'vitest';
import { createBgptopoServices } from '../../src/language-server/bgptopo-module.js';

describe('lazy completion parser', () => {
    test('loading every service (as the server does at initialize) builds no completion parser; the first parse does, and parses', () => {
        const { shared, Bgptopo } = createBgptopoServices(EmptyFileSystem);
        eagerLoad(shared);
        eagerLoad(Bgptopo);
        const parser = Bgptopo.parser.CompletionParser;
        expect(parser).not.toBeInstanceOf(LangiumCompletionParser);
        const text = 'topology t\nrouter r1 { asn 65001  address 192.0.2.1 }\n';
        const result = parser.parse(text);
        expect(result.tokens.map((token) => token.image)).toEqual(['topology', 't', 'router', 'r1', '{', 'asn', '65001', 'address', '192.0.2.1', '}']);
        // Built once: a second parse reuses it.
        expect(parser.parse(text).tokens).toHaveLength(10);
    });
});
