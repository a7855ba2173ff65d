import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { faultControls, type FaultControls } from "./faults/controls";
import { FaultStore } from "./faults/store";
import { defaultProviders, type SimulatedProvider } from "./profiles";
import { RequestLog } from "./request-log";
import { createRequestHandler } from "./router";

export interface SimulatorOptions {
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  providers?: SimulatedProvider[];
  /** When set, every `/<provider>/v1/*` request must send `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
}

export type { ProviderFaults } from "./faults/types";

/** The running simulator; its fault controls act like `/_sim/faults` without HTTP. */
export interface RunningSimulator extends FaultControls {
  origin: string;
  port: number;
  /** Stops listening and destroys every open socket, including hanging requests. */
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  const requestedPort = options.port ?? 0;
  const providers = options.providers ?? defaultProviders;
  const faults = new FaultStore(new Set(providers.map((provider) => provider.name)));
  const server = createServer(createRequestHandler({ providers, apiKey: options.apiKey, log: new RequestLog(500), faults }));
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await listen(server, requestedPort, host);
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("simulator did not get a TCP address");
  const port = address.port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    origin,
    port,
    ...faultControls(faults),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") {
        reject(new Error(`simulator port ${port} on ${host} is already in use`, { cause: error }));
      } else {
        reject(error);
      }
    };
    const onListening = (): void => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}
