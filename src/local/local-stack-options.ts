import { ServiceStackOptions } from '../model/service/service-stack-options';

/**
 * What a local stack takes beside the service stack itself: the service's
 * name, its plain and secret variables with their local values, and the
 * host ports. `ComposeStack` and the projen component `RustComposeStack`
 * both take these, under the same names and meanings.
 */
export interface LocalStackOptions extends ServiceStackOptions {
  /**
   * The compose service name of the service: its host name on the stack's
   * network, which Prometheus scrapes (a DNS label: lower-case letters,
   * digits and "-").
   * @default - derived from the image as a DNS label: the binary name
   * (`ComposeStack`) or the image name (`RustComposeStack`), with "_" as "-"
   */
  readonly serviceName?: string;
  /**
   * Plain environment variables of the service (and its migrations), as on
   * AWS. `PORT` and the database's variables are the stack's own.
   * @default - none
   */
  readonly environment?: { [name: string]: string };
  /**
   * Names of the variables the service gets as secrets on AWS; locally each
   * needs a value in `localValues`.
   * @default - none
   */
  readonly secrets?: string[];
  /**
   * The local values of `secrets`, written into compose.yaml (keep real
   * secrets out of them: this is a development stack).
   * @default - none
   */
  readonly localValues?: { [name: string]: string };
  /**
   * The local database's password (`POSTGRES_PASSWORD`, and `PGPASSWORD` of
   * the service), written into compose.yaml.
   * @default 'local-only'
   */
  readonly localDatabasePassword?: string;
  /**
   * Host port (on 127.0.0.1) the service's port is published on.
   * @default - the service's port
   */
  readonly servicePublishedPort?: number;
  /**
   * Host port (on 127.0.0.1) of the database, for psql and other tools.
   * @default - the database's port
   */
  readonly databasePublishedPort?: number;
  /**
   * Host port (on 127.0.0.1) of Prometheus's web UI and HTTP API.
   * @default 9090, or the next port the stack does not publish otherwise
   */
  readonly prometheusPublishedPort?: number;
}
