/**
 * Checks GraphQL documents and hand-written answers against GitHub's published GraphQL schema
 * (@octokit/graphql-schema): a document must validate; an answer is run through the schema
 * (graphql-js `execute` with the answer as the data each field resolves to), so a value the
 * schema could not return (an unknown enum value, a null where the schema forbids one, a
 * missing `__typename` on a union) is an error. Aliased searches (`s0: search(…)`) resolve to
 * the answer's alias of the same query string.
 */
import { buildClientSchema, execute, parse } from 'graphql';
import type { IntrospectionQuery } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { schema as published, validate } from '@octokit/graphql-schema';

let built: GraphQLSchema | undefined;
// The introspection JSON, as the package's own validate() uses (its SDL defines some fields twice).
const schema = () => (built ??= buildClientSchema(published.json as unknown as IntrospectionQuery));

export function graphqlProblems(document: string): string[] {
  return validate(document).map((e) => e.message);
}

/**
 * The problems of `answer` (the `data` of a response) to `document` with `variables`: each
 * field resolves to the answer's value under its response key (its alias when it has one).
 */
export function answerProblems(
  document: string,
  variables: Record<string, unknown>,
  answer: Record<string, unknown>,
): string[] {
  const result = execute({
    schema: schema(),
    document: parse(document),
    rootValue: answer,
    variableValues: variables,
    fieldResolver: (source: unknown, _args, _ctx, info) =>
      (source as Record<string, unknown> | null)?.[String(info.path.key)],
  }) as { errors?: readonly { message: string; path?: readonly (string | number)[] }[] };
  return (result.errors ?? []).map((e) => `${(e.path ?? []).join('.')}: ${e.message}`);
}
