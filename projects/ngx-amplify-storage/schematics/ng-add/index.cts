// `ng add ngx-amplify-storage`: configures storage in the app's root, the way the README's
// Quick start does by hand. The devkit's addRootProvider/addRootImport find app.config.ts or the
// root module (and add the import line), so this file only decides what to insert.
import { Rule, SchematicContext, SchematicsException, Tree, noop } from '@angular-devkit/schematics';
import { addRootImport, addRootProvider, readWorkspace } from '@schematics/angular/utility';
import { isStandaloneApp } from '@schematics/angular/utility/ng-ast-utils';
import { getMainFilePath } from '@schematics/angular/utility/standalone/util';
import { FoundSettings, candidatePaths, settingsFromFile } from './amplify-config.cjs';
import { configLiteral, missingSettings } from './config-code.cjs';

/** The options of `ng add ngx-amplify-storage` (schema.json). */
export interface NgAddOptions {
  /** The application to configure. */
  project?: string;
  /** A configuration file to read instead of looking for one. */
  config?: string;
}

const PACKAGE = 'ngx-amplify-storage';
// Providers and imports sit one level inside `providers: [` / `imports: [` in the files the CLI generates.
const INDENT = '    ';

/** The settings and the file they came from; `source` is undefined when no file was found. */
export function readConfig(tree: Tree, config: string | undefined, sourceRoot: string, projectRoot: string): { settings: FoundSettings; source?: string } {
  if (config !== undefined) {
    const path = `/${config.replace(/^\/+/, '')}`;
    if (!tree.exists(path)) {
      throw new SchematicsException(`${PACKAGE}: --config ${config} does not exist (paths are from the workspace root, e.g. src/aws-exports.js).`);
    }
    return { settings: settingsFromFile(path, tree.readText(path)), source: path };
  }
  const found = candidatePaths(sourceRoot, projectRoot).find((path) => tree.exists(path));
  return found === undefined ? { settings: {} } : { settings: settingsFromFile(found, tree.readText(found)), source: found };
}

/** True when some TypeScript file of the app already configures the library (ng add run twice). */
export function alreadyConfigured(tree: Tree, sourceRoot: string): boolean {
  let configured = false;
  tree.getDir(sourceRoot).visit((path) => {
    if (configured || !path.endsWith('.ts') || path.includes('/node_modules/')) return;
    const text = tree.readText(path);
    configured = text.includes(PACKAGE) && (text.includes('provideAmplifyStorage(') || text.includes('AmplifyStorageModule.forRoot('));
  });
  return configured;
}

/** The project to configure: the one named (ng passes the project of the current folder), else the first application. */
async function pickProject(tree: Tree, name: string | undefined): Promise<{ name: string; root: string; sourceRoot: string }> {
  const workspace = await readWorkspace(tree);
  const applications = [...workspace.projects].filter(([, project]) => project.extensions['projectType'] === 'application');
  const chosen = name ?? applications[0]?.[0];
  if (chosen === undefined) {
    throw new SchematicsException(`${PACKAGE}: the workspace has no application to configure. Create one with "ng generate application", then run ng add again.`);
  }
  const project = workspace.projects.get(chosen);
  if (project === undefined) {
    const known = [...workspace.projects.keys()].join(', ');
    throw new SchematicsException(`${PACKAGE}: there is no project "${chosen}" in angular.json (projects: ${known}). Pass --project with one of them.`);
  }
  if (project.extensions['projectType'] !== 'application') {
    throw new SchematicsException(
      `${PACKAGE}: "${chosen}" is a library; ng add configures an application. Pass --project with an application, or call provideAmplifyStorage() in the app that uses the library.`,
    );
  }
  return { name: chosen, root: project.root, sourceRoot: project.sourceRoot ?? `${project.root}/src`.replace(/^\//, '') };
}

/** Entry point of `ng add ngx-amplify-storage`. */
export function ngAdd(options: NgAddOptions): Rule {
  return async (tree: Tree, context: SchematicContext) => {
    const project = await pickProject(tree, options.project);
    if (alreadyConfigured(tree, project.sourceRoot)) {
      context.logger.warn(`${PACKAGE} is already configured in ${project.name} (provideAmplifyStorage or AmplifyStorageModule.forRoot found); nothing changed.`);
      return noop();
    }
    const { settings, source } = readConfig(tree, options.config, project.sourceRoot, project.root);
    const literal = configLiteral(settings, source, INDENT);
    context.logger.info(source === undefined ? `${PACKAGE}: no Amplify configuration file found; wrote placeholders.` : `${PACKAGE}: configuration read from ${source.slice(1)}.`);
    const missing = missingSettings(settings);
    if (missing.length > 0) context.logger.warn(`${PACKAGE}: fill in ${missing.join(', ')} where ng add left placeholders.`);

    const standalone = isStandaloneApp(tree, await getMainFilePath(tree, project.name));
    return standalone
      ? addRootProvider(project.name, ({ code, external }) => code`${external('provideAmplifyStorage', PACKAGE)}(${literal})`)
      : addRootImport(project.name, ({ code, external }) => code`${external('AmplifyStorageModule', PACKAGE)}.forRoot(${literal})`);
  };
}
