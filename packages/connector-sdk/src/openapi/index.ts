export { OpenApiContract } from './OpenApiContract';
export type {
  OpenApiMatch,
  OpenApiRequest,
  OpenApiResponse,
  OpenApiSecurityScheme,
} from './types';
export { compileSchema, SchemaCompiler } from './jsonSchema';
export type { RefResolver, SchemaValidator } from './jsonSchema';
export { resolveLocalRef, serverBasePath } from './documentPaths';
