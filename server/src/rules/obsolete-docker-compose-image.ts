import { ciRule, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { valueSpan } from '../model/pipeline';
import { DOCKER_MAJOR } from '../../../common/pins';

export const rule = ciRule({
  id: 'obsolete-docker-compose-image',
  severity: 'warning',
  summary: 'docker/compose job image is obsolete',
  check(ctx) {
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || !/(^|\/)docker\/compose$/.test(img.ref.name)) continue;
      const text = ctx.textOf(img.nameNode.file);
      const to = `docker:${DOCKER_MAJOR}-cli`;
      ctx.report({
        at: valueSpan(img.nameNode),
        message: `'${clip(img.ref.raw, 36)}' is obsolete Compose v1 and a common cause of connect errors. '${img.ref.raw}': the docker/compose images are obsolete (Compose v1, no updates) and, with their docker-compose entrypoint, a common cause of \`Cannot connect to the Docker daemon at unix:///var/run/docker.sock\` in dind setups. Use ${to}, which ships \`docker compose\` and a \`docker-compose\` command.`,
        fixes: text === undefined ? [] : [{ title: `Use ${to}`, preferred: true, kind: 'suggestion' as const, edits: [new YamlEditor(img.nameNode.file, text).replaceScalar(img.nameNode, to)] }],
      });
    }
  },
});
