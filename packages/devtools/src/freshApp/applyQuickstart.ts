import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../util/fail';
import { FreshApp } from './appSetup';
import { fileResolutions, mergePackageJson, parseJsonc } from './packageJson';
import { PhaseLog, runLogged } from './phases';
import { QuickstartStep } from './quickstartSteps';
import { addAppFeatures, addBackendFeatures } from './sourceEdits';
import { environmentReferences, mergeYamlConfig } from './yamlMerge';

/** Where the quickstart has the tarballs copied to, inside the app. */
export const PACKS_FOLDER = 'platform-kit-packs';

function editFile(dir: string, file: string, edit: (text: string) => string) {
  const full = path.join(dir, file);
  fs.writeFileSync(full, edit(fs.readFileSync(full, 'utf8')));
}

/**
 * The quickstart's steps in this repository (`# in your clone of this
 * repository`: pack the packages, copy them into `$APP`), run as written.
 * With `packsDir` the tarballs are copied from there instead.
 */
export async function runRepositorySteps(
  log: PhaseLog,
  steps: QuickstartStep[],
  options: { app: FreshApp; repoRoot: string; packsDir?: string },
): Promise<string> {
  const target = path.join(options.app.dir, PACKS_FOLDER);
  if (options.packsDir) {
    fs.mkdirSync(target, { recursive: true });
    for (const file of fs
      .readdirSync(options.packsDir)
      .filter(f => f.endsWith('.tgz')))
      fs.copyFileSync(
        path.join(options.packsDir, file),
        path.join(target, file),
      );
    log.write(
      `copied the tarballs of ${options.packsDir} instead of running the repository steps`,
    );
  } else {
    for (const step of steps) {
      if (step.kind !== 'shell' || step.where !== 'repository') continue;
      await runLogged(log, 'bash', ['-euo', 'pipefail', '-c', step.script], {
        cwd: options.repoRoot,
        env: { ...process.env, APP: options.app.dir },
      });
    }
  }
  const tarballs = fs.existsSync(target)
    ? fs.readdirSync(target).filter(f => f.endsWith('.tgz'))
    : [];
  if (!tarballs.length) throw new UserFacingError(`No tarballs in ${target}.`);
  return `${tarballs.length} tarballs in ${PACKS_FOLDER}/`;
}

/** What applying the quickstart to an app configured. */
export interface AppliedQuickstart {
  /** `${VAR}`s of the config the quickstart added. */
  environment: string[];
  /** Files changed, relative to the app. */
  files: string[];
}

/**
 * The quickstart's steps in the app, in the document's order: shell blocks
 * (`# in your Backstage app`) run with bash; `packages/backend/src/index.ts`
 * and `packages/app/src/App.tsx` blocks edited in as a person would; config
 * blocks merged into the `app-config*.yaml` they name; `package.json`
 * excerpts merged into the root manifest (each `file:` resolution must
 * exist).
 */
export async function applyAppSteps(
  log: PhaseLog,
  steps: QuickstartStep[],
  app: FreshApp,
): Promise<AppliedQuickstart> {
  const environment = new Set<string>();
  const files = new Set<string>();
  for (const step of steps) {
    switch (step.kind) {
      case 'shell':
        if (step.where === 'app')
          await runLogged(
            log,
            'bash',
            ['-euo', 'pipefail', '-c', step.script],
            {
              cwd: app.dir,
              env: { ...app.env, APP: app.dir },
            },
          );
        break;
      case 'backend-index':
        editFile(app.dir, 'packages/backend/src/index.ts', s =>
          addBackendFeatures(s, step.snippet),
        );
        files.add('packages/backend/src/index.ts');
        break;
      case 'app-features':
        editFile(app.dir, 'packages/app/src/App.tsx', s =>
          addAppFeatures(s, step.snippet),
        );
        files.add('packages/app/src/App.tsx');
        break;
      case 'config': {
        const file = path.join(app.dir, step.file);
        const merged = fs.existsSync(file)
          ? mergeYamlConfig(fs.readFileSync(file, 'utf8'), step.yaml)
          : `${step.yaml.replace(/^\n+/, '').replace(/\n*$/, '')}\n`;
        fs.writeFileSync(file, merged);
        environmentReferences(step.yaml).forEach(v => environment.add(v));
        files.add(step.file);
        break;
      }
      case 'package-json': {
        const excerpt = parseJsonc(
          step.json,
          `The package.json block at docs/quickstart.md:${step.line}`,
        );
        for (const [name, target] of Object.entries(fileResolutions(excerpt))) {
          if (!fs.existsSync(path.resolve(app.dir, target)))
            throw new UserFacingError(
              `docs/quickstart.md:${
                step.line
              } resolves ${name} to ${target}, which is not there: the tarballs are ${fs
                .readdirSync(path.join(app.dir, PACKS_FOLDER))
                .join(', ')}.`,
            );
        }
        editFile(app.dir, 'package.json', s => mergePackageJson(s, excerpt));
        files.add('package.json');
        break;
      }
      default:
        break;
    }
    log.write(
      `applied the ${step.kind} block of docs/quickstart.md:${step.line}`,
    );
  }
  return { environment: [...environment].sort(), files: [...files] };
}
