/**
 * A literal password in the topology is never copied into a config: validation reports it as an error
 * (`secret-in-source`) and rendering, as defence in depth for a model built despite the error, refuses and says why.
 */
import { describe, expect, test } from 'vitest';
import { modelOf, testOptions } from './render-fixtures.js';
import { renderTopology } from '../../src/render/render-topology.js';
import { codeOf, validate } from '../support/bgptopo-test-services.js';

const topology = (password: string) => `topology t
defaults { interface eth0 }
network lan 10.0.0.0/24
network lbpool 10.1.0.0/24 { role loadbalancer }
router r1 { asn 65000  address 10.0.0.1 }
cluster k {
  metallb { asn 65010  peers r1  pool lbpool  ${password} }
  node n1 worker { address 10.0.0.11 }
}
`;

describe('literal passwords', () => {
    test('are a validation error, so validate and render agree', async () => {
        const document = await validate(topology('password "hunter22"'));
        expect((document.diagnostics ?? []).filter((d) => d.severity === 1).map(codeOf)).toEqual(['secret-in-source']);
    });

    test('refuse to render, naming the speaker and the fix', async () => {
        const model = await modelOf(topology('password "hunter22"'), { allowErrors: true });
        expect(model.speakers[0].literalPassword).toBe(true);
        expect(() => renderTopology(model, testOptions({ only: ['frr'] }))).toThrow(/literal password.*password secret/s);
    });

    test('every renderer that handles the speaker refuses it, not only FRR', async () => {
        const model = await modelOf(topology('password "hunter22"'), { allowErrors: true });
        for (const kind of ['metallb', 'frr'] as const) {
            expect(() => renderTopology(model, testOptions({ only: [kind] })), kind).toThrow(/literal password/);
        }
    });

    test('a secret reference renders through the resolver only', async () => {
        const model = await modelOf(topology('password secret "bgp"'));
        const files = renderTopology(model, testOptions({ only: ['frr'], secrets: (name) => (name === 'bgp' ? 'S3cretValue' : undefined) })).files;
        const frr = files.find((file) => file.kind === 'frr')!;
        expect(frr.content).toContain('password S3cretValue');
        expect(frr.content.split('\n').filter((line) => line.includes('S3cretValue')).every((line) => /^\s*neighbor \S+ password S3cretValue$/.test(line))).toBe(true);
    });
});
