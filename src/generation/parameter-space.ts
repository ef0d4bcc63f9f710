import type { Contract, QueryParameter } from '../contract';

/** What kind of value a query parameter takes, read from its schema in the contract. */
export type ParameterKind = 'enum' | 'integer' | 'date-time';

export interface ParameterSpace {
  name: string;
  kind: ParameterKind;
  /** The enum's members, in the contract's order. */
  members: readonly string[];
  /** The schema's default, as it would be written in a query. */
  default?: string;
  /** Whether an `anyOf` branch is `null`: the parameter may be left out. */
  nullable: boolean;
}

const isNull = (schema: Record<string, unknown>): boolean => schema.type === 'null';

function kindOf(parameter: QueryParameter, schema: Record<string, unknown>): ParameterKind {
  if (Array.isArray(schema.enum)) return 'enum';
  if (schema.type === 'integer') return 'integer';
  if (schema.type === 'string' && schema.format === 'date-time') return 'date-time';
  // A schema the generator cannot draw from must stop the run, not be skipped quietly.
  throw new Error(`query parameter ${parameter.name}: no generator for the schema ${JSON.stringify(schema)}`);
}

/** One space per query parameter of the contract, from its type, enum, format, default and anyOf. */
export function parameterSpaces(contract: Contract): ParameterSpace[] {
  return contract.queryParameters.map((parameter) => {
    const branches = parameter.alternatives.filter((schema) => !isNull(schema));
    if (branches.length !== 1) throw new Error(`query parameter ${parameter.name}: expected one non-null schema, found ${branches.length}`);
    const schema = branches[0] as Record<string, unknown>;
    const kind = kindOf(parameter, schema);
    return {
      name: parameter.name,
      kind,
      members: kind === 'enum' ? (schema.enum as unknown[]).map(String) : [],
      ...(parameter.default !== undefined && parameter.default !== null && { default: String(parameter.default) }),
      nullable: parameter.alternatives.some(isNull),
    };
  });
}

/** The space of the one parameter of `kind`; the endpoint has one enum, one integer and two date-times. */
export function spacesOfKind(spaces: readonly ParameterSpace[], kind: ParameterKind): ParameterSpace[] {
  return spaces.filter((space) => space.kind === kind);
}
