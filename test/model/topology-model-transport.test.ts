/**
 * The model the language server sends to the editor (src/model/topology-model-transport.ts): through JSON
 * and back, every topology of the render corpus renders to the same files, the operational commands find
 * the same lines for live findings, and the graph keeps its sharing (a session's router is the router).
 */
import { describe, expect, test } from 'vitest';
import { locateFrontend, locateSession, locateVip, locateWireguardMember } from '../../src/deploy/verify-locate.js';
import { decodeTopologyModel, encodeTopologyModel } from '../../src/model/topology-model-transport.js';
import type { TopologyModel } from '../../src/model/topology-model.js';
import { renderTopology } from '../../src/render/render-topology.js';
import { createTemplateLoader } from '../../src/node/template-loader-fs.js';
import { bgptopo, validate } from '../support/bgptopo-test-services.js';
import { CORPUS_SOURCES, testSecret } from '../render/render-corpus.js';
import { fakePublicKey } from '../render/render-fixtures.js';

async function lowered(text: string): Promise<TopologyModel> {
    const document = await validate(text);
    return bgptopo.topology.TopologyCache.forDocument(document);
}

function throughJson(model: TopologyModel): TopologyModel {
    return decodeTopologyModel(JSON.parse(JSON.stringify(encodeTopologyModel(model))));
}

function render(model: TopologyModel) {
    return renderTopology(model, { templates: createTemplateLoader(), secrets: testSecret, publicKeys: fakePublicKey }).files;
}

function locations(model: TopologyModel) {
    return [
        ...model.sessions.map(locateSession),
        ...model.vips.flatMap((vip) => [locateVip(vip), ...vip.frontends.map((frontend) => locateFrontend(vip, frontend))]),
        ...model.wireguards.flatMap((mesh) => mesh.members.map((member) => locateWireguardMember(mesh, member.host)))
    ];
}

describe('topology model transport', () => {
    test.each(CORPUS_SOURCES.map(([name, text]) => [name, text] as const))('%s renders and locates the same after JSON', async (_name, text) => {
        const model = await lowered(text());
        const copy = throughJson(model);
        expect(render(copy)).toEqual(render(model));
        const found = locations(model);
        expect(found.length).toBeGreaterThan(0);
        expect(found.every((location) => location.line > 0)).toBe(true);
        expect(locations(copy)).toEqual(found);
    });

    test('keeps shared objects shared and addresses as bigints', async () => {
        const copy = throughJson(await lowered(CORPUS_SOURCES[0]![1]()));
        const session = copy.sessions[0]!;
        expect(copy.routers).toContain(session.router);
        expect(session.router.sessions).toContain(session);
        expect(copy.speakers).toContain(session.speaker);
        expect(typeof copy.hosts[0]!.addresses[0]!.address.value).toBe('bigint');
        // A cross-reference still points at the declaration it names.
        const peer = session.speaker.ast.peers.find((ref) => ref.$refText === session.router.name);
        expect(peer?.ref).toBe(session.router.ast);
    });
});
