// Reads an app's Amplify configuration file into the settings `ng add` writes. Nothing here runs
// the file: aws-exports.js/ts is parsed, never evaluated, so ng add cannot execute app code.
import { SchematicsException } from '@angular-devkit/schematics';
// The app's own TypeScript (every Angular app has it): @schematics/angular 21 vendors a copy under
// third_party, but 22 dropped it for a dependency on typescript itself.
import * as ts from 'typescript';

/** The storage settings found in a configuration file, as the library's `{ Auth, Storage }` shape names them. */
export interface FoundSettings {
  bucket?: string;
  region?: string;
  identityPoolId?: string;
  identityRegion?: string;
  userPoolId?: string;
  userPoolWebClientId?: string;
}

/**
 * The files Amplify writes, newest format first: Gen 2's amplify_outputs.json, then the Gen 1
 * CLI's amplifyconfiguration.json (v12+) and aws-exports.ts/js (earlier CLIs).
 */
export const CONFIG_FILE_NAMES = ['amplify_outputs.json', 'amplifyconfiguration.json', 'aws-exports.ts', 'aws-exports.js'] as const;

/** Where `ng add` looks, in order: the app's source folder, the app's folder, the workspace root. */
export function candidatePaths(sourceRoot: string, projectRoot: string): string[] {
  const folders = [...new Set([sourceRoot, projectRoot, ''].map((folder) => folder.replace(/^\/+|\/+$/g, '')))];
  return folders.flatMap((folder) => CONFIG_FILE_NAMES.map((name) => (folder === '' ? `/${name}` : `/${folder}/${name}`)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Drops the settings a file left out, so that a missing one reads as absent rather than undefined. */
function defined(settings: FoundSettings): FoundSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

/** Settings from the flat aws-exports keys (aws-exports.js/ts and amplifyconfiguration.json). */
export function settingsFromAwsExports(exports: Record<string, unknown>): FoundSettings {
  return defined({
    bucket: text(exports['aws_user_files_s3_bucket']),
    region: text(exports['aws_user_files_s3_bucket_region']),
    identityPoolId: text(exports['aws_cognito_identity_pool_id']),
    identityRegion: text(exports['aws_cognito_region']),
    userPoolId: text(exports['aws_user_pools_id']),
    userPoolWebClientId: text(exports['aws_user_pools_web_client_id']),
  });
}

/** Settings from Amplify Gen 2's amplify_outputs.json (`storage.bucket_name`, `auth.identity_pool_id`, ...). */
export function settingsFromAmplifyOutputs(outputs: Record<string, unknown>): FoundSettings {
  const storage = isRecord(outputs['storage']) ? outputs['storage'] : {};
  const auth = isRecord(outputs['auth']) ? outputs['auth'] : {};
  return defined({
    bucket: text(storage['bucket_name']),
    region: text(storage['aws_region']),
    identityPoolId: text(auth['identity_pool_id']),
    identityRegion: text(auth['aws_region']),
    userPoolId: text(auth['user_pool_id']),
    userPoolWebClientId: text(auth['user_pool_client_id']),
  });
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) ? name.text : undefined;
}

/**
 * The string-valued properties of the object literal that holds the `aws_*` keys in an
 * aws-exports script (`const awsmobile = { ... }; export default awsmobile;`).
 */
export function awsExportsFromScript(path: string, source: string): Record<string, string> {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  let found: Record<string, string> | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isObjectLiteralExpression(node)) {
      const values: Record<string, string> = {};
      for (const property of node.properties) {
        if (!ts.isPropertyAssignment(property)) continue;
        const name = propertyName(property.name);
        const init = property.initializer;
        if (name && (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init))) values[name] = init.text;
      }
      if (Object.keys(values).some((key) => key.startsWith('aws_'))) {
        found = values;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!found) {
    throw new SchematicsException(
      `${path} has no object with aws_* keys (such as aws_user_files_s3_bucket). ` +
        'Regenerate it with the Amplify CLI, or pass --config with the file that holds your configuration.',
    );
  }
  return found;
}

/** Reads the settings from one configuration file's text; the file's name says which format it is. */
export function settingsFromFile(path: string, source: string): FoundSettings {
  if (path.endsWith('.js') || path.endsWith('.ts') || path.endsWith('.mjs')) {
    return settingsFromAwsExports(awsExportsFromScript(path, source));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new SchematicsException(`${path} is not valid JSON (${(error as Error).message}). Fix or regenerate it, or pass --config with another file.`);
  }
  if (!isRecord(parsed)) {
    throw new SchematicsException(`${path} must hold a JSON object, such as Amplify writes; it holds ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`);
  }
  // amplify_outputs.json (Gen 2) nests its settings; amplifyconfiguration.json keeps aws-exports' flat keys.
  const flat = Object.keys(parsed).some((key) => key.startsWith('aws_'));
  const gen2 = path.endsWith('amplify_outputs.json') || (!flat && (isRecord(parsed['storage']) || isRecord(parsed['auth'])));
  return gen2 ? settingsFromAmplifyOutputs(parsed) : settingsFromAwsExports(parsed);
}
