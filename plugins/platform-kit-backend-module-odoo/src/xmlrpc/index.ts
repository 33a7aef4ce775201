export * from './types';
export {
  escapeXmlText,
  serializeValue,
  serializeMethodCall,
  serializeMethodResponse,
  serializeFault,
} from './serialize';
export { parseMethodCall, parseMethodResponse } from './parse';
