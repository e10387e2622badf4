import type Docker from "dockerode";

/** The loopback port the engine published for a container port (it changes on restart). */
export function mappedPort(inspect: Docker.ContainerInspectInfo, containerPort: number): number | undefined {
  const binding = inspect.NetworkSettings.Ports?.[`${containerPort}/tcp`]?.[0];
  return binding?.HostPort ? Number(binding.HostPort) : undefined;
}

export function networkAddress(inspect: Docker.ContainerInspectInfo, network: string): string | undefined {
  return inspect.NetworkSettings.Networks?.[network]?.IPAddress || undefined;
}
