declare namespace Cloudflare {
  interface Env {
    readonly SWITCHBOARD_CONFIG?: string;
  }
}
