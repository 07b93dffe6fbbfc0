import { ImageBuild } from '../image/image-build';
import { ServiceStackOptions } from '../model/service/service-stack-options';

/** Props of `ComposeStack`: the image, what the service needs around it, and the local values. */
export interface ComposeStackProps extends ServiceStackOptions {
  /**
   * The service's image build (`runtime.compose(builder)`): the stack builds
   * it from the same Dockerfile, target and context, and runs it with the
   * same user, read-only root, health check and port.
   */
  readonly imageBuild: ImageBuild;
  /**
   * The directory `compose.yaml` is written to (`writeTo()`); the build
   * context and `prometheus.yml` are named relative to it.
   * @default - the build context (`imageBuild.contextDirectory`)
   */
  readonly directory?: string;
  /**
   * File name of the Dockerfile in the build context, as written by
   * `imageBuild.writeTo(dir, name)`.
   * @default 'Dockerfile'
   */
  readonly dockerfileName?: string;
  /**
   * Build arguments of the image build (compose's `build.args`).
   * @default - none
   */
  readonly buildArgs?: { [name: string]: string };
  /**
   * Run the service (and its migrations) from this image instead of
   * building it: for images whose build needs secrets or an SSH agent,
   * which docker-compose 1.29 cannot pass (build it with `docker build` first).
   * @default - built from the Dockerfile
   */
  readonly prebuiltImage?: string;
  /**
   * The compose service name of the service: its host name on the stack's
   * network, which Prometheus scrapes (a DNS label: lower-case letters,
   * digits and "-").
   * @default - the binary name, with "_" as "-"
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
  /**
   * The PostgreSQL image.
   * @default - `postgres:<majorVersion>-trixie`
   */
  readonly databaseImage?: string;
  /**
   * The Prometheus image.
   * @default 'prom/prometheus:v3.14.0'
   */
  readonly prometheusImage?: string;
}
