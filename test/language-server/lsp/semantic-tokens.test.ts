import { expectSemanticToken, highlightHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { bgptopo } from '../../support/bgptopo-test-services.js';

const highlight = highlightHelper(bgptopo);

const TEXT = `topology <|t|>
network <|fabric|> <|10.0.0.0/16|>
router <|tor|> { asn <|65000|>  address <|10.0.0.1|> on <|fabric|> }
loadbalancer <|lb|> { address 10.0.0.9 }
vip <|api|> 10.0.0.100 { keepalived vrid 1 advert <|1s|>  holders <|tor|> priority 100, <|lb|> priority 90 }
cluster <|prod|> {
  kube-vip { asn 65001  peers <|tor|>  vip <|api|> }
  node <|cp1|> control-plane { address 10.0.1.5 }
}
wireguard <|wg0|> { network <|fabric|>  members <|cp1|> }
`;

describe('semantic tokens', () => {
    test('declarations and references get the type of their kind', async () => {
        const tokens = await highlight(TEXT);
        const expected: Array<[number, SemanticTokenTypes]> = [
            [0, SemanticTokenTypes.namespace],
            [1, SemanticTokenTypes.type],
            [2, SemanticTokenTypes.number],
            [3, SemanticTokenTypes.class],
            [4, SemanticTokenTypes.number],
            [5, SemanticTokenTypes.number],
            [6, SemanticTokenTypes.type],
            [7, SemanticTokenTypes.struct],
            [8, SemanticTokenTypes.enumMember],
            [9, SemanticTokenTypes.number],
            [10, SemanticTokenTypes.class],
            [11, SemanticTokenTypes.struct],
            [12, SemanticTokenTypes.namespace],
            [13, SemanticTokenTypes.class],
            [14, SemanticTokenTypes.enumMember],
            [15, SemanticTokenTypes.variable],
            [16, SemanticTokenTypes.interface],
            [17, SemanticTokenTypes.type],
            [18, SemanticTokenTypes.variable]
        ];
        for (const [rangeIndex, tokenType] of expected) {
            expectSemanticToken(tokens, { rangeIndex, tokenType });
        }
    });

    test('declarations carry the declaration modifier, references do not', async () => {
        const tokens = await highlight(TEXT);
        // Modifier values are bit flags.
        const declaration = bgptopo.lsp.SemanticTokenProvider!.tokenModifiers['declaration'];
        const at = (index: number) => tokens.tokens.find((token) => token.offset === tokens.ranges[index][0])!;
        expect(at(3).tokenModifiers & declaration).not.toBe(0);
        expect(at(10).tokenModifiers & declaration).toBe(0);
    });

    test('keywords are left to the TextMate grammar', async () => {
        const tokens = await highlight(TEXT);
        expect(tokens.tokens.some((token) => token.text === 'router' || token.text === 'asn')).toBe(false);
    });
});
