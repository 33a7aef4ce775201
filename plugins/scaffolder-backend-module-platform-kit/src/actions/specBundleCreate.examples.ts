import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Write the spec bundle of a new service from the template parameters',
    example: yaml.stringify({
      steps: [
        {
          id: 'spec',
          action: 'platform-kit:spec-bundle:create',
          name: 'Write the spec bundle',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            purpose: '${{ parameters.description }}',
            kind: 'service',
          },
        },
      ],
    }),
  },
  {
    description:
      'Write a library bundle into a sub-folder, replacing an existing one',
    example: yaml.stringify({
      steps: [
        {
          id: 'spec',
          action: 'platform-kit:spec-bundle:create',
          name: 'Write the spec bundle',
          input: {
            name: 'date-utils',
            owner: 'group:default/web-platform',
            purpose: 'Every team formats dates differently in its UI.',
            kind: 'lib',
            targetPath: 'repo',
            overwrite: true,
          },
        },
      ],
    }),
  },
];
