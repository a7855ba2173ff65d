declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../../src/index");
  }
  interface Env {
    readonly SWITCHBOARD_CONFIG?: string;
  }
}
