// A minimal Chrome DevTools Protocol client over the global WebSocket (Node 20 needs
// --experimental-websocket), enough to drive workerd's inspector.

export interface CdpSession {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
  close(): void;
}

/** The DevTools WebSocket URL of a Worker, from the inspector's `/json/list`. */
export async function findInspectorTarget(inspectorOrigin: string, titleContains: string): Promise<string> {
  const response = await fetch(`${inspectorOrigin}/json/list`);
  const list: unknown = await response.json();
  if (!Array.isArray(list)) throw new Error("inspector /json/list is not a list");
  const urls: string[] = [];
  for (const entry of list) {
    const url: unknown = Reflect.get(Object(entry), "webSocketDebuggerUrl");
    const title: unknown = Reflect.get(Object(entry), "title");
    const id: unknown = Reflect.get(Object(entry), "id");
    if (typeof url !== "string") continue;
    urls.push(url);
    if (`${String(title)} ${String(id)} ${url}`.includes(titleContains)) return url;
  }
  throw new Error(`no inspector target matching "${titleContains}" among ${urls.join(", ")}`);
}

export function openCdpSession(url: string): Promise<CdpSession> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
    let nextId = 1;
    socket.addEventListener("message", (event: MessageEvent) => {
      const message: unknown = JSON.parse(String(event.data));
      const id: unknown = Reflect.get(Object(message), "id");
      if (typeof id !== "number") return; // An event, not a reply.
      const waiter = pending.get(id);
      pending.delete(id);
      const error: unknown = Reflect.get(Object(message), "error");
      if (error) waiter?.reject(new Error(`CDP error: ${JSON.stringify(error)}`));
      else waiter?.resolve(Reflect.get(Object(message), "result"));
    });
    socket.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)));
    socket.addEventListener("close", () => {
      for (const waiter of pending.values()) waiter.reject(new Error("inspector connection closed"));
      pending.clear();
    });
    socket.addEventListener("open", () =>
      resolve({
        send(method, params = {}) {
          const id = nextId++;
          socket.send(JSON.stringify({ id, method, params }));
          return new Promise((done, fail) => pending.set(id, { resolve: done, reject: fail }));
        },
        close: () => socket.close(),
      }),
    );
  });
}
