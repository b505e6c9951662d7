/**
 * Langium builds a second parser for completion when the server initializes (its `eagerLoad` of every service),
 * and that parser's grammar analysis costs as much CPU as a third of the first 1,000-node build, before the
 * first document can even be parsed. Only a completion request needs it: this stand-in builds it at the first
 * one. The completion provider is its only user and calls `parse` alone.
 */
import { createCompletionParser, type CompletionParserResult, type LangiumCoreServices, type LangiumCompletionParser } from 'langium';

class LazyCompletionParser {
    private parser: LangiumCompletionParser | undefined;

    constructor(private readonly services: LangiumCoreServices) {}

    parse(input: string): CompletionParserResult {
        this.parser ??= createCompletionParser(this.services);
        return this.parser.parse(input);
    }
}

/** The `parser.CompletionParser` service: Langium's, built at the first completion. */
export function lazyCompletionParser(services: LangiumCoreServices): LangiumCompletionParser {
    // The service type is Langium's class; its only consumer (CompletionProvider) calls `parse`, which this has.
    return new LazyCompletionParser(services) as unknown as LangiumCompletionParser;
}
