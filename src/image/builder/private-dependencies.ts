/**
 * A secret the dependency fetch step reads: a registry token, a git
 * credential. It is mounted for that one step only (`RUN
 * --mount=type=secret`), so no byte of it lands in a layer, the image
 * history or its configuration.
 */
export interface BuildSecret {
  /** Secret id (letters, digits, ".", "_", "-"), as `docker build --secret id=<id>` names it. */
  readonly id: string;
  /**
   * Environment variable the fetch step sets from the secret, e.g.
   * `CARGO_REGISTRIES_PRIVATE_TOKEN` for cargo's credential of a registry
   * named `private`.
   * @default - none: the secret is a file at `/run/secrets/<id>` during the fetch step
   */
  readonly environmentVariable?: string;
  /**
   * File on the build host that holds the secret: CDK (`buildSecrets` of the
   * asset) and the projen docker tasks pass `--secret id=<id>,src=<file>`.
   * @default - the build gets the secret another way (CDK requires a file)
   */
  readonly sourceFile?: string;
}

/**
 * An SSH agent for git dependencies over SSH (`RUN --mount=type=ssh` on the
 * fetch step, with `CARGO_NET_GIT_FETCH_WITH_CLI=true` so cargo uses git's
 * own SSH client).
 */
export interface SshAgent {
  /**
   * The SSH id, as `docker build --ssh <id>` names it.
   * @default 'default'
   */
  readonly id?: string;
  /**
   * Private keys (or an agent socket) on the build host: `--ssh
   * <id>=<key>,<key>` (aws/aws-cdk#34073: more than one key).
   * @default - the build host's agent ($SSH_AUTH_SOCK)
   */
  readonly keys?: string[];
  /**
   * `known_hosts` lines of the git hosts (e.g. the output of `ssh-keyscan
   * github.com`, checked): host keys are always verified.
   */
  readonly knownHosts: string[];
}
