/**
 * The error the Swarm agent logged when the pull for a task failed: the first engine log
 * line with `msg="pulling image failed"` and that `task.id`, its `error="..."` field
 * unquoted (the whole line if it has none). Undefined when no such line was logged.
 */
export function swarmPullError(engineLog: string, taskId: string): string | undefined {
  const line = engineLog.split("\n").find((l) => l.includes(`task.id=${taskId}`) && l.includes('msg="pulling image failed"'));
  if (!line) return undefined;
  return /error="((?:[^"\\]|\\.)*)"/.exec(line)?.[1]?.replace(/\\"/g, '"') ?? line;
}
