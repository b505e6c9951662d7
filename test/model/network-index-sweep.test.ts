/** The sorted sweep behind the overlap checks: nesting, identical prefixes, keyed lookups, families. */
import { describe, expect, test } from 'vitest';
import { parsePrefix, type IpPrefix } from '../../src/model/ip-address.js';
import { sweepNested } from '../../src/model/network-index.js';

function entries(items: Array<[string, string]>): Array<{ prefix: IpPrefix; item: { name: string; key: string } }> {
    return items.map(([text, key], index) => ({ prefix: parsePrefix(text)!, item: { name: `${text}#${index}`, key } }));
}

describe('sweepNested', () => {
    test('pairs each prefix with its innermost enclosing one; disjoint and other-family prefixes are not nested', () => {
        const found: string[] = [];
        sweepNested(entries([['10.0.0.0/8', 'a'], ['10.1.0.0/16', 'a'], ['10.1.2.0/24', 'a'], ['10.2.0.0/16', 'a'], ['fd00::/8', 'a'], ['11.0.0.0/8', 'a']]), (inner, enclosing) =>
            found.push(`${inner.name} in ${enclosing.innermost().name}`)
        );
        expect(found.sort()).toEqual(['10.1.0.0/16#1 in 10.0.0.0/8#0', '10.1.2.0/24#2 in 10.1.0.0/16#1', '10.2.0.0/16#3 in 10.0.0.0/8#0']);
    });

    test('identical prefixes nest in declaration order, thousands deep, each visited once', () => {
        const items = Array.from({ length: 3000 }, () => ['10.0.0.0/24', 'a'] as [string, string]);
        const found: string[] = [];
        sweepNested(entries(items), (inner, enclosing) => found.push(`${inner.name}<${enclosing.innermost().name}`));
        expect(found).toHaveLength(2999);
        expect(found[0]).toBe('10.0.0.0/24#1<10.0.0.0/24#0');
        expect(found[2998]).toBe('10.0.0.0/24#2999<10.0.0.0/24#2998');
    });

    test('innermostWith finds the nearest enclosing prefix with one of the keys', () => {
        const found: Record<string, string | undefined> = {};
        sweepNested(
            entries([['10.0.0.0/8', 'pod'], ['10.1.0.0/16', 'underlay'], ['10.1.1.0/24', 'underlay']]),
            (inner, enclosing) => {
                found[inner.name] = enclosing.innermostWith(['pod'])?.name;
            },
            (item) => item.key
        );
        expect(found).toEqual({ '10.1.0.0/16#1': '10.0.0.0/8#0', '10.1.1.0/24#2': '10.0.0.0/8#0' });
    });
});
