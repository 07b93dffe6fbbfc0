import { LocalStackOptions } from './local-stack-options';
import { ImageBuild } from '../image/image-build';

/** Props of `ComposeStack`: the image, what the service needs around it, and the local values. */
export interface ComposeStackProps extends LocalStackOptions {
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
