/** Who is making a request: a signed-in official or an integration's API token. */
export interface Actor {
  kind: 'user' | 'token';
  id: string;
  /** Display name for the audit log (an official's name, or the token's name). */
  name: string;
  username?: string;
  /** 12-digit home region; the actor sees and acts only inside its subtree. */
  regionCode: string;
  roles: readonly string[];
  permissions: ReadonlySet<string>;
  /** Cookie sessions only: the token a state-changing request must echo in x-csrf-token. */
  csrfToken?: string;
}

/** Resolves the actor of a request (session cookie or bearer token); provided by the iam module. */
export type ActorResolver = (request: {
  cookie: string | undefined;
  bearer: string | undefined;
  ip: string;
}) => Promise<Actor | null>;
