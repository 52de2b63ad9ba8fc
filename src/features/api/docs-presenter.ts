/**
 * The API reference page (GET /api/v1/docs): the generated OpenAPI document laid out for
 * people, one section per operation. A plain function of the document, so the page can never
 * say something the document does not.
 */

type Json = Record<string, unknown>;

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function typeOf(schema: Json | undefined): string {
  if (!schema) return 'any';
  if (Array.isArray(schema.enum))
    return `one of ${(schema.enum as unknown[]).map(String).join(', ')}`;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(' or ');
  const type = Array.isArray(schema.type) ? (schema.type as string[]).join(' or ') : schema.type;
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  return `${typeof type === 'string' ? type : 'object'}${format}`;
}

/** The fields of an object schema, nested ones as "person.givenName". */
function fieldsOf(
  schema: Json | undefined,
  prefix = '',
): { name: string; type: string; required: boolean; description: string }[] {
  const properties = (schema?.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([name, property]) => {
    const full = `${prefix}${name}`;
    const row = {
      name: full,
      type: typeOf(property),
      required: required.has(name),
      description: typeof property.description === 'string' ? property.description : '',
    };
    return property.type === 'object' && property.properties
      ? [row, ...fieldsOf(property, `${full}.`)]
      : [row];
  });
}

export function apiDocsPage(document: Json) {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Json>>;
  const operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = ((op.parameters ?? []) as Json[]).map((p) => ({
        name: String(p.name),
        where: String(p.in),
        required: p.required === true,
        type: typeOf(p.schema as Json),
        description: typeof p.description === 'string' ? p.description : '',
      }));
      const body = (op.requestBody as Json | undefined)?.content as
        Record<string, Json> | undefined;
      const [bodyType, bodyContent] = body ? Object.entries(body)[0]! : [null, undefined];
      const responses = Object.entries((op.responses ?? {}) as Record<string, Json>);
      const successes = responses.filter(([status]) => status.startsWith('2'));
      const security = (op.security ?? []) as Record<string, string[]>[];
      return {
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        tag: ((op.tags as string[] | undefined) ?? ['Other'])[0]!,
        summary: typeof op.summary === 'string' ? op.summary : '',
        description: typeof op.description === 'string' ? op.description : '',
        scope: security.length === 0 ? null : (security[0]!.clientCredentials?.[0] ?? null),
        isPublic: security.length === 0,
        parameters,
        body: bodyContent
          ? {
              type: bodyType,
              fields: fieldsOf(bodyContent.schema as Json),
              example: bodyContent.example === undefined ? null : pretty(bodyContent.example),
            }
          : null,
        responses: successes.map(([status, answer]) => {
          const content = (answer.content ?? {}) as Record<string, Json>;
          const [type, media] = Object.entries(content)[0] ?? ['application/json', {}];
          return {
            status,
            description: typeof answer.description === 'string' ? answer.description : '',
            type,
            example: media.example === undefined ? null : pretty(media.example),
          };
        }),
        errors: responses.filter(([status]) => !status.startsWith('2')).map(([status]) => status),
      };
    }),
  );
  const tags = [...new Set(operations.map((o) => o.tag))];
  return {
    title: 'Cicero API reference',
    version: String((document.info as Json).version),
    groups: tags.map((tag) => ({ tag, operations: operations.filter((o) => o.tag === tag) })),
    contents: operations.map((o) => ({ href: `#${o.id}`, text: `${o.method} ${o.path}` })),
  };
}
