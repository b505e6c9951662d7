/** Topologies for the model tests: parsed and linked by the language's services, lowered by the model alone. */
import { lowerTopology } from '../../src/model/topology-lowering.js';
import type { TopologyModel } from '../../src/model/topology-model.js';
import { validate } from '../support/bgptopo-test-services.js';

export async function lower(text: string): Promise<TopologyModel> {
    const document = await validate(text);
    const { lexerErrors, parserErrors } = document.parseResult;
    const unresolved = (document.diagnostics ?? []).filter((d) => d.code === 'unresolved-reference' || (d.data as { code?: string } | undefined)?.code === 'unresolved-reference');
    if (lexerErrors.length + parserErrors.length + unresolved.length > 0) {
        throw new Error(`the test topology does not parse or link: ${[...lexerErrors, ...parserErrors, ...unresolved].map((e) => e.message).join('; ')}`);
    }
    return lowerTopology(document.parseResult.value);
}
